"""Tables for the reports: plain HTML, with words and symbols rather than colour alone."""

from __future__ import annotations

import html

import pandas as pd

#: How a verdict is shown: a symbol and a word (never colour alone).
VERDICT_MARKERS = {
    "better": "✔ better",
    "worse": "✘ worse",
    "no real difference": "● no real difference",
    "higher": "▲ higher",
    "lower": "▼ lower",
    "similar": "● similar",
    "not assessed": "– not assessed",
}

STYLE = """
<style>
.yj-table {border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.95em}
.yj-table caption {text-align: left; font-weight: bold; padding: 0.3em 0}
.yj-table th, .yj-table td {border-bottom: 1px solid #ccc; padding: 0.3em 0.6em;
  text-align: left; vertical-align: top}
.yj-table th {background: #f3f2f1}
.yj-banner {border: 3px solid #801650; background: #fbeff5; padding: 0.6em 1em;
  font-weight: bold; margin: 0.5em 0 1em}
.yj-note {border-left: 4px solid #12436D; padding: 0.2em 0.8em; margin: 0.5em 0}
.yj-chart figcaption {font-size: 0.9em; color: #3D3D3D}
</style>
"""


def html_table(frame: pd.DataFrame, caption: str) -> str:
    """Return ``frame`` as an accessible HTML table with a caption and column headers.

    Examples
    --------
    >>> "<caption>Figures</caption>" in html_table(pd.DataFrame({"a": [1]}), "Figures")
    True
    """
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table class="yj-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
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
