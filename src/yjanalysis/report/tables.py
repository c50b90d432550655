"""Tables for the reports: plain HTML, with words and symbols rather than colour alone."""

from __future__ import annotations

import html
import re

import pandas as pd

from yjanalysis.report import blocks, verdicts

#: How a verdict is shown: a symbol and a word (never colour alone). A difference the
#: statistics cannot tell from chance is shown as such, never as sameness.
VERDICT_MARKERS = verdicts.MARKERS

#: The components' style (banner, notes, tables, charts). Class names only, so that it is safe
#: in JupyterLab too; the page itself is styled by the report template's ``report.css``.
STYLE = """<style>
.yj-banner {border: 3px solid #801650; background: #fbeff5; padding: 0.6em 1em;
  font-weight: bold; margin: 0.5em 0 1em}
.yj-lead {font-size: 1.05em}
.yj-note {border-left: 4px solid #12436D; padding: 0.2em 0.8em; margin: 0.6em 0}
.yj-table {border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.95em}
.yj-table caption {text-align: left; font-weight: bold; padding: 0.3em 0}
.yj-table th, .yj-table td {border-bottom: 1px solid #ccc; padding: 0.3em 0.6em;
  text-align: left; vertical-align: top}
.yj-table th {background: #f3f2f1}
.yj-table td.yj-number, .yj-table th.yj-number {text-align: right;
  font-variant-numeric: tabular-nums}
.yj-scroll {overflow-x: auto; max-width: 100%}
.yj-chart {margin: 1em 0 1.5em; break-inside: avoid; page-break-inside: avoid}
.yj-chart figcaption {margin-bottom: 0.4em}
.yj-chart .yj-title {display: block; font-weight: bold; font-size: 1.05em}
.yj-chart .yj-source {display: block; font-size: 0.88em; color: #505a5f}
.yj-chart svg {display: block; width: 100%; height: auto}
.yj-chart .yj-narrow {display: none}
.yj-chart-note {font-size: 0.9em; color: #3D3D3D; margin: 0.3em 0}
.yj-keys {font-size: 0.95em}
@media (max-width: 600px) {
  .yj-chart .yj-wide {display: none}
  .yj-chart .yj-narrow {display: block}
}
@media print {
  .yj-chart .yj-wide {display: block}
  .yj-chart .yj-narrow {display: none}
  .yj-table {font-size: 9pt}
  .yj-table tr, .yj-note {break-inside: avoid}
}
</style>"""

#: Printed on every page of a report made from the demo data (a page-margin box, so that no
#: printed page can be taken for a real report).
SYNTHETIC_PRINT = """<style>
@page {@top-center {content: "Synthetic demo data: no figure in this report is real";
  font: bold 9pt Arial, sans-serif; color: #801650}}
</style>"""


def html_table(frame: pd.DataFrame, caption: str) -> str:
    """Return ``frame`` as an accessible HTML table with a caption and column headers.

    Columns of figures are right-aligned (so digits line up), every other column left-aligned;
    a wide table scrolls sideways on a phone rather than shrinking.

    Examples
    --------
    >>> "<caption>Figures</caption>" in html_table(pd.DataFrame({"a": [1]}), "Figures")
    True
    """
    blocks.record(data=frame)  # what a table shows is the data of the part showing it
    numeric = [_numeric(frame[c]) for c in frame.columns]
    css = [' class="yj-number"' if n else "" for n in numeric]
    head = "".join(
        f'<th scope="col"{k}>{html.escape(str(c))}</th>'
        for c, k in zip(frame.columns, css, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{k}>{html.escape(_cell(v))}</td>" for v, k in zip(row, css, strict=True))
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<div class="yj-scroll"><table class="yj-table"><caption>{html.escape(caption)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


NUMBER = re.compile(r"^(?:[-+]?[\d,]+(?:\.\d+)?%?(?: \([\d,]+\))?|–|\[c\].*)$")


def _numeric(column: pd.Series) -> bool:
    """Say whether a column holds figures (numbers, ``12.5% (30)``, ``–`` or ``[c]``)."""
    if pd.api.types.is_numeric_dtype(column):
        return True
    cells = [_cell(v) for v in column]
    return (
        bool(cells) and all(NUMBER.match(c) for c in cells) and any(c[:1].isdigit() for c in cells)
    )


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def marker(verdict: str | None) -> str:
    """Return the symbol-and-word form of a verdict (``✘ worse``).

    Examples
    --------
    >>> marker("worse")
    '✘ worse'
    """
    return VERDICT_MARKERS.get(verdict or "not assessed", verdict or "–")
