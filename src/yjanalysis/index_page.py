"""The index page of a published report: navigation, headline tiles, sources, banner.

A plain, self-contained HTML page (no scripts, nothing fetched from the internet) that opens
the report folder: a synthetic-data banner when the inputs are the demo, the service and
period, one tile per headline indicator (figure, and whether it is better or worse than the
family and the nation, in words), links to every section, and the period each source reaches.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from yjanalysis import __version__, disclosure, sections
from yjanalysis.context import ReportContext

CSS = """
body {font-family: Arial, Helvetica, sans-serif; margin: 0 auto; max-width: 70em;
  padding: 1em 1.5em; color: #0b0c0c; line-height: 1.45}
h1 {font-size: 1.8em; margin-bottom: 0.2em}
.banner {border: 3px solid #801650; background: #fbeff5; padding: 0.7em 1em; font-weight: bold}
.tiles {display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 0.8em;
  list-style: none; padding: 0}
.tile {border: 1px solid #b1b4b6; border-top: 5px solid #12436D; padding: 0.6em 0.8em}
.tile h3 {font-size: 1em; margin: 0 0 0.3em}
.tile .value {font-size: 1.5em; font-weight: bold}
.tile p {margin: 0.2em 0}
table {border-collapse: collapse} th, td {border-bottom: 1px solid #ccc; padding: 0.3em 0.6em;
  text-align: left}
a {color: #1d70b8}
footer {margin-top: 2em; font-size: 0.9em; color: #505a5f}
"""


def title_of(path: Path) -> str:
    """Return a notebook's title: its first level-one heading, or its name."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(path).stem


def _vintages(ctx: ReportContext) -> pd.DataFrame:
    table = ctx.table.dropna(subset=["source"])
    source = table["source"].str.replace(r" \(.*\)$", "", regex=True)
    source = source.map(sections.source_name)
    latest = (
        table.assign(input=source)
        .sort_values("period_end")
        .groupby("input", sort=True)
        .agg(latest=("period", "last"), until=("period_end", "max"), rows=("period", "size"))
        .reset_index()
    )
    latest["until"] = latest["until"].dt.strftime("%d %B %Y")
    return latest.rename(
        columns={"input": "Input", "latest": "Latest period", "until": "Ends", "rows": "Figures"}
    )


def render(ctx: ReportContext, pages: list[dict], record: dict) -> str:
    """Return the index page's HTML.

    Parameters
    ----------
    ctx : ReportContext
        The report's context (its table is already under disclosure control).
    pages : list of dict
        Each section's ``title`` and ``html`` file name.
    record : dict
        The build's record (files used).
    """
    frame, summary = sections.overview_rows(ctx)
    esc = html.escape
    tiles = []
    for _, row in frame.iterrows():
        tiles.append(
            f'<li class="tile"><h3>{esc(row["Indicator"])}</h3>'
            f'<p class="value">{esc(row[ctx.yjs])}</p>'
            f"<p>{esc(str(row['Period']))}</p>"
            f"<p>Against the family: {esc(row['Against the family'])}</p>"
            f"<p>Against the nation: {esc(row['Against the nation'])}</p>"
            f"<p>Since the year before: {esc(row['Since the year before'])}</p></li>"
        )
    links = "".join(f'<li><a href="{esc(p["html"])}">{esc(p["title"])}</a></li>' for p in pages)
    vintages = _vintages(ctx)
    source_rows = "".join(
        "<tr>" + "".join(f"<td>{esc(str(v))}</td>" for v in r) + "</tr>"
        for r in vintages.itertuples(index=False)
    )
    heads = "".join(f'<th scope="col">{esc(c)}</th>' for c in vintages.columns)
    banner = (
        '<p class="banner" role="alert">Synthetic demo data: every figure in this report is '
        "made up by the yjanalysis demo generator. None of it describes a real service or "
        "child.</p>"
        if ctx.synthetic
        else ""
    )
    title = f"{ctx.yjs} Youth Justice Service: performance report to {ctx.period_end:%B %Y}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
{banner}
<h1>{esc(title)}</h1>
<p>For the management board. Figures are compared with {esc(ctx.yjs)}'s YJB family, its region
and the nation; a difference is called better or worse only where it is larger than chance
would explain.</p>
</header>
<main>
<h2>Headlines</h2>
<p>{esc(sections.summary_sentence(summary))}</p>
<ul class="tiles">{"".join(tiles)}</ul>
<h2>Sections of the report</h2>
<nav aria-label="Sections"><ol>{links}</ol></nav>
<h2>Sources and how recent they are</h2>
<table><caption>Each input and the latest period it gives</caption>
<thead><tr>{heads}</tr></thead><tbody>{source_rows}</tbody></table>
<p>Figures computed from the service's own records are marked [c] where they are
{esc(disclosure.why_hidden(ctx.threshold))}. The manifest (manifest.json) lists every input with its
checksum, the parameters and the software versions.</p>
</main>
<footer>Made with yjanalysis {esc(__version__)}.</footer>
</body>
</html>
"""
