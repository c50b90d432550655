"""The index page of a published report: the report's front page.

A plain, self-contained HTML page (no scripts, nothing fetched from the internet) that opens
the report folder: a synthetic-data banner when the inputs are the demo (on every printed page
too), the report's protective marking, the cover (board, meeting, author, contact,
classification, period, how recent each input is; :mod:`yjanalysis.report.front_page`), the summary
(differences beyond chance, the largest changes, the service's asks), the comparators by name
(the family's members, the region, the nation), one tile per headline figure (figure, unit,
period in words, how recent, and whether it is better or worse than the family, the
region and the nation, in words), the headlines with no figure in one list with the reason each, the
inspection context, a key to rate bases, periods and words used, links to every section, and
the period each input reaches. It uses the section pages' stylesheet.
"""

from __future__ import annotations

import html
from importlib import resources

import pandas as pd

from yjanalysis import __version__
from yjanalysis.methods import disclosure
from yjanalysis.report import front_page, narrative, page, sections, tables, titles, verdicts
from yjanalysis.report.context import ReportContext
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

#: The index's own additions to the report's stylesheet.
CSS = """
.tiles {display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 0.8em;
  list-style: none; padding: 0; max-width: none}
.tile {border: 1px solid #b1b4b6; border-top: 5px solid #12436D; padding: 0.6em 0.8em;
  break-inside: avoid; max-width: none}
.tile h3 {font-size: 1em; margin: 0 0 0.3em}
.tile .value {font-size: 1.5em; font-weight: bold; margin: 0}
.tile .unit {font-size: 0.9em; color: #505a5f; margin: 0 0 0.3em}
.tile p {margin: 0.15em 0}
.tile .lag {font-size: 0.88em; color: #505a5f}
dl.yj-keys dt {font-weight: bold; margin-top: 0.4em}
dl.yj-keys dd {margin-left: 1.2em}
"""

#: Words a board member meets in the report, explained once.
GLOSSARY = [
    ("95% interval (the likely range)", "the range a figure could reasonably take given "
     "chance alone; a service is called higher or lower than another area only where its "
     "interval excludes that area's figure."),
    (verdicts.COULD_BE_CHANCE.capitalize(), "the difference is within what chance alone would "
     "produce: it is not shown to be real, and not shown to be absent either."),
    (verdicts.CANNOT_BE_JUDGED.capitalize(), "no counts are published with the figure, so "
     "its interval, and whether a difference is real, is unknown."),
    ("Family", "the group of services most similar to this one: its YJB family where the "
     "inputs give it, otherwise the DfE's statistical neighbours or the services nearest on "
     "published figures (the overview says which, and why); the family's figure is the YJB's "
     "published figure for the family, or its members taken together (their counts added up), "
     "without the service itself; the headline table's key says which for each measure."),
    ("Proven reoffending rate", "of the children in a cohort (cautioned, sentenced in the "
     "community or released from custody in the period), the share who commit an offence "
     "within a year that is proven by a court or a caution."),
    ("Relative rate index", "how many times as likely children of one ethnic group are to be "
     "at a stage of the system as White children, per child in the population: 1 means as "
     "likely."),
    ("Funnel plot", "every service's figure against its size; the funnel shows how far a "
     "service of that size can stray from the all-services figure by chance and by the usual "
     f"differences between services. A figure higher than the nation's {verdicts.BY_MORE} "
     "can still lie inside the funnel: the two answer different questions."),
    ("Control chart", "a service's quarterly figures with their mean and process limits; a "
     "point outside the limits, or a run or trend of points, signals a change beyond usual "
     "variation (NHS England's \"Making Data Count\" rules)."),
]  # fmt: skip

PERIODS = [
    ("Calendar year 2024", "January to December 2024."),
    ("Financial year 2023-24", "April 2023 to March 2024."),
    ("Academic year 2023/24", "September 2023 to August 2024 (school figures)."),
    ("12 months to June 2024", "July 2023 to June 2024: rolling figures, updated each quarter; "
     "neighbouring figures share nine months."),
    ("3 months to June 2024", "April to June 2024 (a quarter's reoffending cohort)."),
]  # fmt: skip


def stylesheet() -> str:
    """Return the report's page stylesheet (the one the section pages' template includes)."""
    folder = resources.files("yjanalysis.report") / "templates" / "yjreport"
    return folder.joinpath("report.css").read_text(encoding="utf-8")


def _vintages(ctx: ReportContext) -> pd.DataFrame:
    """Each input of the figures this report shows (the service's and its comparators').

    Each is named by its publication (:attr:`ReportContext.publications`), never by the name
    its file was saved under, which is the analyst's: a LAIT file saved as "LAIT downloaded
    by Jane Doe personal laptop.csv" was listed so (failed before).
    """
    table = ctx.table.dropna(subset=["source"])
    table = table[ctx.shown_areas(table)]
    source = table["source"].map(lambda s: page.source_name(s, ctx.publications))
    latest = (
        table.assign(input=source)
        .sort_values("period_end")
        .groupby("input", sort=True)
        .agg(until=("period_end", "max"), rows=("period", "size"))
        .reset_index()
    )
    latest["until"] = latest["until"].dt.strftime("%B %Y")
    return latest.rename(columns={"input": "Input", "until": "Latest figures end",
                                  "rows": "Figures for this report"})  # fmt: skip


def _tile(ctx: ReportContext, row: pd.Series, nation: str) -> str:
    esc = html.escape
    # Every comparator the summary can judge against has its line: Southampton's reoffending
    # tile showed the family and England, not the South East its only verdict was against;
    # Newport's never showed Wales.
    region = page.roles(ctx).get("region")
    # A region the headline table has no column for (no input gives its figures) has no line.
    said = row.get(f"Against {region[1]}") if region else None
    against_region = (
        f"<p>Against {esc(region[1])}: {esc(said)}</p>" if region and said is not None else ""
    )
    return (
        f'<li class="tile"><h3>{esc(row["Indicator"])}</h3>'
        f'<p class="value">{esc(row[ctx.yjs])}</p>'
        + (  # a value that carries its unit ("38.1% (56)") does not repeat it
            f'<p class="unit">{esc(row["Unit"])}</p>'
            if row["Unit"] not in str(row[ctx.yjs]).split(" (")[0]
            else ""
        )
        + f"<p>{esc(narrative.capital(str(row['Period'])))}</p>"
        f"<p>Against the family: {esc(row['Against the family'])}</p>"
        f"{against_region}"
        f"<p>Against {esc(nation)}: {esc(row[f'Against {nation}'])}</p>"
        f"<p>Since the year before: {esc(row['Since the year before'])}</p>"
        + (f'<p class="lag">{esc(row["Lag"])}</p>' if row["Lag"] else "")
        + "</li>"
    )


def _glossary(threshold: int) -> list[tuple[str, str]]:
    """Return the words explained, with the threshold this report was made with."""
    hidden = ("[c]", f"a figure from the service's own records {disclosure.why_hidden(threshold)}.")
    return [*GLOSSARY, hidden]


def _keys(frame: pd.DataFrame, threshold: int, ctx: ReportContext) -> str:
    esc = html.escape
    seen: dict[str, str] = {}
    for indicator, _, _ in sections.headline_figures(ctx):
        spec = catalogue_indicator(indicator)
        seen.setdefault(spec.short_title, spec.unit)
    bases = "".join(f"<li>{esc(name)}: {esc(unit)}</li>" for name, unit in seen.items())
    periods = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in PERIODS)
    words = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in _glossary(threshold))
    return (
        "<h2>How to read the figures</h2>"
        "<h3>Units</h3><p>Each measure keeps the unit it is published in, on every page:</p>"
        f'<ul class="yj-keys">{bases}</ul>'
        f'<h3>Periods</h3><dl class="yj-keys">{periods}</dl>'
        f'<h3>Words used</h3><dl class="yj-keys">{words}</dl>'
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
    nation = page.nation(ctx)
    have = frame[frame[ctx.yjs] != "no figure"]
    missing = frame[frame[ctx.yjs] == "no figure"]
    tiles = "".join(_tile(ctx, row, nation) for _, row in have.iterrows())
    absent = (
        f"<h3>No figure for {esc(ctx.yjs)}</h3><ul>"
        + "".join(
            f"<li>{esc(r['Indicator'])}: {esc(r['Why'])}.</li>" for _, r in missing.iterrows()
        )
        + "</ul>"
        if len(missing)
        else ""
    )
    links = "".join(f'<li><a href="{esc(p["html"])}">{esc(p["title"])}</a></li>' for p in pages)
    vintages = _vintages(ctx)
    sources = tables.html_table(vintages, "Each input and the latest period it gives")
    banner = (
        '<p class="yj-banner" role="alert">Synthetic demo data: every figure in this report is '
        "made up by the yjanalysis demo generator. None of it describes a real service or "
        "child.</p>"
        if ctx.synthetic
        else ""
    )
    title = titles.report_title(ctx.yjs, f"{ctx.period_end:%Y-%m}")
    marked = ctx.settings.classification if ctx.settings is not None else None
    marking = f'<p class="yj-marking">{esc(marked)}</p>' if marked else ""
    who = page.board(ctx) if ctx.audience == "board" else "analysts"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{stylesheet()}{CSS}{front_page.CSS}</style>
{tables.STYLE}
{tables.SYNTHETIC_PRINT if ctx.synthetic else ""}
{titles.printed_sheets(title)}
</head>
<body>
<header>
{banner}
{marking}
<h1>{esc(title)}</h1>
{front_page.cover(ctx)}
<p>For {esc(who)}. {esc(sections.comparators_sentence(ctx))} {esc(verdicts.INTERVAL_RULE)}</p>
</header>
<main>
{front_page.summary(ctx, frame, summary)}
<h2>Headlines</h2>
<ul class="tiles">{tiles}</ul>
{absent}
{front_page.inspection(ctx)}
<h2>The board paper</h2>
<p>The report as a paper for the board, with each section's key charts, sentences and the
service's commentary: <a href="paper.pdf">PDF</a> or <a href="paper.docx">Word</a> (to restyle
in the council's own template). Its charts are pictures in the <a href="charts/">charts</a>
folder, and the figures of the report are in an Excel workbook,
<a href="figures.xlsx">figures.xlsx</a>.</p>
<h2>Sections of the report</h2>
<nav aria-label="Sections"><ol>{links}</ol></nav>
{_keys(frame, ctx.threshold, ctx)}
<h2>Sources and how recent they are</h2>
{sources}
<p>Published national figures lag the service's own records: each tile says when its figures
end. Figures computed from the service's own records are marked [c] where they are
{esc(disclosure.why_hidden(ctx.threshold))}. The manifest (manifest.json) lists every input with its
checksum, the parameters and the software versions.</p>
</main>
<footer>Made with yjanalysis {esc(__version__)}.</footer>
</body>
</html>
"""
