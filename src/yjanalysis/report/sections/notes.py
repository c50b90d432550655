"""The notes at the foot of a page: definitions and sources, and data quality."""

from __future__ import annotations

import html
import itertools
import re

import pandas as pd

from yjanalysis.methods import disclosure
from yjanalysis.report import blocks, narrative, page, wales
from yjanalysis.report.context import ReportContext
from yjanalysis.table import published
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator
from yjanalysis.vocabulary.lait_measures import UNREAD


def periods_covered(rows) -> str:
    """Say which periods rows cover, each run of periods without a gap, and each gap.

    "financial year 2013-14 to financial year 2019-20 and financial year 2024-25 (none from
    April 2020 to March 2024)": a line from the first period to the last would hide the four
    years between. Counts taken on single days (children in custody at the end of each month)
    run on where the next day is no further than twice their usual spacing.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows with ``period``, ``period_start`` and ``period_end`` (of any areas, any order).
    """
    distinct = rows.drop_duplicates(["period_start", "period_end"])
    day = pd.Timedelta(days=1)
    single = distinct["period_start"] == distinct["period_end"]
    spacing = distinct.loc[single, "period_end"].sort_values().diff().median()
    runs: list[list] = []  # first row, last row, the last day covered so far
    for _, row in distinct.sort_values(["period_start", "period_end"]).iterrows():
        if runs:
            last, reach = runs[-1][1], runs[-1][2]
            on_days = row["period_start"] == row["period_end"] == last["period_end"] or (
                row["period_start"] == row["period_end"]
                and last["period_start"] == last["period_end"]
                and row["period_start"] - reach <= 2 * spacing
            )
            if row["period_start"] <= reach + day or on_days:
                if row["period_end"] >= reach:
                    runs[-1][1], runs[-1][2] = row, row["period_end"]
                continue
        runs.append([row, row, row["period_end"]])
    spans = [
        narrative.row_period(first)
        if first is last
        else f"{narrative.row_period(first)} to {narrative.row_period(last)}"
        for first, last, _ in runs
    ]
    gaps = [
        f"{(before[2] + day):%B %Y} to {(after[0]['period_start'] - day):%B %Y}"
        for before, after in itertools.pairwise(runs)
    ]
    said = narrative.join(spans)
    return f"{said} (none from {narrative.join(gaps, 'or')})" if gaps else said


def how_computed(rows: pd.DataFrame) -> list[str]:
    """Say how each area's latest figure was made, a group's count of services once.

    The overview said "pooled counts of 10 YJSs; pooled counts of 137 YJSs; pooled counts of
    138 YJSs" (every method of every period, sorted as text and cut at three) where the paper
    said "10, 19, 138 and 155": the methods of earlier periods and the regions left out. A
    group's method is now that of its latest figure, each group named, so the count of
    services is one number per group.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": ["family", "country", "country"], "area": ["A family", "E", "E"],
    ...     "period_end": pd.to_datetime(["2024-03-31", "2023-03-31", "2024-03-31"]),
    ...     "breakdown": "total",
    ...     "method": ["pooled counts of 10 YJSs", "pooled counts of 137 YJSs",
    ...                "pooled counts of 138 YJSs"]})
    >>> how_computed(rows)
    ['pooled counts of 10 and 138 YJSs in turn for the family and E']
    """
    said = rows.dropna(subset=["method"])
    if "breakdown" in said:  # the total's method, where there is one
        total = said[said["breakdown"] == "total"]
        said = total if len(total) else said
    latest = said.sort_values("period_end").groupby(["area_type", "area"], sort=False).tail(1)
    latest = latest.sort_values("area_type", key=lambda kinds: kinds.map(_ORDER).fillna(9))
    pooled, out = [], []
    for _, row in latest.iterrows():
        method = re.sub(r"mid-\d{4}", "matching mid-year", str(row["method"]))
        name = "the family" if row["area_type"] == "family" else str(row["area"])
        found = re.fullmatch(r"pooled counts of (\d+) YJSs", method)
        if found:
            pooled.append((found[1], name))
        elif method not in out:
            out.append(method if row["area_type"] == "yjs" else f"{name}: {method}")
    if len(pooled) == 1:
        out.insert(0, f"{pooled[0][1]}: pooled counts of {pooled[0][0]} YJSs")
    elif pooled:
        counts = narrative.join([count for count, _ in pooled])
        names = narrative.join([name for _, name in pooled])
        out.insert(0, f"pooled counts of {counts} YJSs in turn for {names}")
    return out


#: The order groups are named in: the family, the region, the nation, England and Wales.
_ORDER = {"yjs": 0, "family": 1, "region": 2, "pcc": 3, "country": 4, "england_wales": 5}


@blocks.block
def definitions(ctx: ReportContext, indicators: list[str]) -> None:
    """Show each indicator's definition, its sources and the periods and populations used."""
    items = []
    # A Welsh service's page shows Wales's measure (Capped 9 for Attainment 8): define that one
    # (a Welsh councillor found Capped 9 defined nowhere).
    named = [wales.measure(ctx.yjs, i) for i in indicators]
    for indicator in dict.fromkeys(named):
        spec = catalogue_indicator(indicator)
        rows = ctx.table[ctx.table["indicator"] == indicator]
        rows = rows[ctx.shown_areas(rows)]
        sources = sorted({page.source_name(s, ctx.publications) for s in rows["source"].dropna()})
        ordered = rows.sort_values(["period_end", "period_start"])
        methods = how_computed(rows)
        text = (
            f"<strong>{html.escape(spec.title)}</strong> ({html.escape(spec.unit)}). "
            f"{html.escape(spec.definition)} <em>Published by:</em> {html.escape(spec.source)}."
        )
        if sources:
            text += f" <em>Inputs used:</em> {html.escape('; '.join(sources))}."
        if len(ordered):
            text += f" <em>Periods:</em> {html.escape(periods_covered(ordered))}."
        if methods:
            text += f" <em>How computed:</em> {html.escape('; '.join(methods))}."
        if wales.is_welsh(ctx.yjs) and indicator in wales.WELSH_DEFINITIONS:
            text += f" <em>In Wales:</em> {html.escape(wales.WELSH_DEFINITIONS[indicator])}"
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
        no_count = found["method"].fillna("").isin(published.NO_COUNT.values()) & own_rows
        if no_count.any():
            notes.append(
                f"The {catalogue_indicator(indicator).phrase} for "
                f"{', '.join(sorted(found.loc[no_count, 'period'].astype(str).unique()))} is "
                "published as a rate without its count, and the population it was computed "
                "on is not published: no count is estimated, so it has no 95% interval."
            )
    for note in ctx.build.get("notes", []):
        # Notes on a service's own records begin so; a file's name may hold the word too.
        if note.startswith("Case-level extract for ") and ctx.yjs not in note:
            continue  # another service's records: not this report's business
        if "LAIT" in note and not lait:
            continue
        if UNREAD in note:
            continue  # rows of measures no figure comes from: the analyst's, in the build
        if any(word in note for word in ("LAIT", "population", "extract", "suppressed")):
            notes.append(note)
    if ctx.synthetic:
        notes.append("These are synthetic demo data; no figure is real.")
    items = [f"<li>{html.escape(n)}</li>" for n in dict.fromkeys(notes)] or ["<li>None.</li>"]
    page.show("<ul>" + "".join(items) + "</ul>")
