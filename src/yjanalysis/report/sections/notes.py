"""The notes at the foot of a page: definitions and sources, and data quality."""

from __future__ import annotations

import html
import re

from yjanalysis.methods import disclosure
from yjanalysis.report import blocks, narrative, page
from yjanalysis.report.context import ReportContext
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


@blocks.block
def definitions(ctx: ReportContext, indicators: list[str]) -> None:
    """Show each indicator's definition, its sources and the periods and populations used."""
    items = []
    for indicator in indicators:
        spec = catalogue_indicator(indicator)
        rows = ctx.table[ctx.table["indicator"] == indicator]
        rows = rows[ctx.shown_areas(rows)]
        sources = sorted({page.source_name(s) for s in rows["source"].dropna()})
        ordered = rows.sort_values(["period_end", "period_start"])
        methods = sorted(
            {re.sub(r"mid-\d{4}", "matching mid-year", m) for m in rows["method"].dropna()}
        )
        text = (
            f"<strong>{html.escape(spec.title)}</strong> ({html.escape(spec.unit)}). "
            f"{html.escape(spec.definition)} <em>Published by:</em> {html.escape(spec.source)}."
        )
        if sources:
            text += f" <em>Inputs used:</em> {html.escape('; '.join(sources))}."
        if len(ordered):
            first = narrative.row_period(ordered.iloc[0])
            last = narrative.row_period(ordered.iloc[-1])
            text += f" <em>Periods:</em> {html.escape(first)} to {html.escape(last)}."
        if methods:
            text += f" <em>How computed:</em> {html.escape('; '.join(methods[:3]))}."
        items.append(f"<li>{text}</li>")
    page.show("<ul>" + "".join(items) + "</ul>")


#: The columns that name one figure of the table.
FIGURE = ["area_type", "area", "indicator", "period", "breakdown", "group"]


def hidden_shown(ctx: ReportContext) -> int:
    """Count the hidden figures the page has shown so far: [c] in a table, a bar or a gap.

    From the rows each part of the page drew (its charts' and tables' data): a hidden row of
    the table, counted once however many parts draw it, and each ``[c]`` cell of a table of
    words and figures.
    """
    keys: set[tuple] = set()
    cells = 0
    for part in blocks.page_parts(ctx):
        for frame in part.frames:
            if set(FIGURE) <= set(frame.columns) and "status" in frame.columns:
                hidden = frame[frame["status"].eq("suppressed")]
                keys |= set(hidden[FIGURE].astype(str).itertuples(index=False, name=None))
            else:
                text = frame.astype(str)
                cells += int(sum(text[c].str.startswith("[c]").sum() for c in text.columns))
    return len(keys) + cells


@blocks.block
def data_quality(ctx: ReportContext, indicators: list[str]) -> None:
    """Show what the reader should know: missing services, suppressed cells, build notes."""
    notes = []
    rows = ctx.table[ctx.table["indicator"].isin(indicators)]
    lait = rows["source"].fillna("").str.contains("lait", case=False).any()
    said_by_build = any("English authorities only" in n for n in ctx.build.get("notes", []))
    if ctx.country == "Wales" and lait and not said_by_build:
        notes.append(
            f"{ctx.yjs} is a Welsh service: DfE sources (first time entrants by local "
            "authority, reoffending, education) cover England only."
        )
    hidden = hidden_shown(ctx)
    if hidden:
        marked = "1 figure on this page is" if hidden == 1 else f"{hidden} figures on this page are"
        notes.append(
            f"{marked} marked [c] (or left as a gap in a line), "
            f"{'it' if hidden == 1 else 'each'} {disclosure.why_hidden(ctx.threshold)}."
        )
    for indicator in indicators:
        found = ctx.rows(indicator)
        if found.empty:
            notes.append(
                f"The inputs have no figures for the {catalogue_indicator(indicator).phrase}."
            )
        own_rows = found["area"].eq(ctx.yjs) & found["area_type"].eq("yjs")
        estimated = found["method"].fillna("").str.contains("estimated") & own_rows
        if estimated.any():
            notes.append(
                f"Counts for the {catalogue_indicator(indicator).phrase} are estimated "
                "from the published rate and the 10 to 17 population."
            )
    for note in ctx.build.get("notes", []):
        about_extract = "extract" in note.lower()
        if about_extract and ctx.yjs not in note:
            continue  # another service's records: not this report's business
        if "LAIT" in note and not lait:
            continue
        if any(word in note for word in ("LAIT", "population", "extract", "suppressed")):
            notes.append(note)
    if ctx.synthetic:
        notes.append("These are synthetic demo data; no figure is real.")
    items = [f"<li>{html.escape(n)}</li>" for n in dict.fromkeys(notes)] or ["<li>None.</li>"]
    page.show("<ul>" + "".join(items) + "</ul>")
