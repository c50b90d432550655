"""Tables of counts: children at each stage, and the YJB's key performance indicators."""

from __future__ import annotations

import pandas as pd

from yjanalysis.methods import disclosure
from yjanalysis.report import blocks, narrative, page, series, tables, wales
from yjanalysis.report.context import ReportContext
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

#: The YJB's key performance indicators start in April 2023.
KPI_START = pd.Timestamp("2023-04-01")


@blocks.block
def counts_table(
    ctx: ReportContext,
    indicators: list[str],
    last: int = 8,
    heading: str | None = None,
    since: str | None = None,
    what: str | None = None,
    yearly: bool = False,
) -> None:
    """Show recent rolling 12-month figures of several indicators, small numbers hidden.

    One series only: the service's own figures for the 12 months ending each quarter, newest
    last, each labelled by the month it ends; a count is shown beside its rate.

    Parameters
    ----------
    yearly : bool
        Calendar years only (the 12 months to each December), each labelled by its year: the
        seed report's three years of custodial sentences, in three rows.
    since : str, optional
        The first day a figure may start on (``2023-04-01`` for the YJB's key performance
        indicators); a report ending before it says so instead.
    what : str, optional
        How a sentence names the indicators together (default: each by name).
    """
    names = what or "the " + narrative.join([catalogue_indicator(i).phrase for i in indicators])
    key = tuple(indicators)
    if since is not None and ctx.period_end < pd.Timestamp(since):
        page.missing(
            ctx,
            key,
            heading,
            f"These measures begin in {pd.Timestamp(since):%B %Y}, after this report's "
            f"period (to {ctx.period_end:%B %Y}).",
        )
        return
    rows = ctx.table[
        ctx.table["indicator"].isin(indicators)
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == "total")
    ]
    ends_in = [12] if yearly else [3, 6, 9, 12]
    rows = rows[series.twelve_months(rows) & rows["period_end"].dt.month.isin(ends_in)]
    if since is not None:
        rows = rows[rows["period_start"] >= pd.Timestamp(since)]
    rows = rows[rows["own_records"].astype(bool)]
    if rows.empty:
        page.missing(
            ctx,
            key,
            heading,
            f"There are no rolling 12-month figures of {names} for {ctx.yjs}: they are "
            "computed from the service's own case-level records, which are not among the "
            "inputs for this period.",
        )
        return
    ends = sorted(set(rows["period_end"]))[-last:]
    if yearly:
        table = pd.DataFrame({"Calendar year": [f"{e:%Y}" for e in ends]})
    else:
        table = pd.DataFrame({"12 months to": [f"{e:%B %Y}" for e in ends]})
    for indicator in indicators:
        spec = catalogue_indicator(indicator)
        part = rows[rows["indicator"] == indicator].drop_duplicates("period_end")
        part = part.set_index("period_end")
        cells = []
        for end in ends:
            if end not in part.index:
                cells.append("–")
                continue
            row = part.loc[end]
            if row["status"] == "suppressed":
                cells.append("[c]")
                continue
            text = spec.format(row["value"], unit=False)
            if pd.notna(row["numerator"]) and spec.multiplier != 1:
                text += f" ({row['numerator']:,.0f})"
            cells.append(text)
        unit = "" if spec.unit in ("children", "episodes") else f" ({spec.unit})"
        table[wales.short_title(ctx.yjs, indicator) + unit] = cells
    parts = [
        page.heading_html(heading),
        tables.html_table(
            table,
            f"{ctx.yjs}: each calendar year's figures from the service's own records"
            if yearly
            else f"{ctx.yjs}: rolling 12-month figures from the service's own records",
        ),
    ]
    if (table == "[c]").any().any():
        parts.append(page.paragraph(f"[c]: {disclosure.why_hidden(ctx.threshold)}."))
    page.show(*parts)


#: The YJB's key performance indicators shown on the overview (from April 2023).
KPIS = [
    "kpi_accommodation_suitable",
    "kpi_send_suitable_ete",
    "kpi_mental_health_need",
    "kpi_substance_need",
    "kpi_out_of_court_completed",
    "kpi_wider_services",
]


@blocks.block
def key_performance_indicators(ctx: ReportContext, heading: str | None = None) -> None:
    """Show the YJB's key performance indicators since April 2023, with the YJB's caveat."""
    table = counts_table(
        ctx,
        KPIS,
        last=4,
        heading=heading,
        since=f"{KPI_START:%Y-%m-%d}",
        what="the YJB's key performance indicators",
    )
    blocks.emit(table)
    if not page.explained(ctx, tuple(KPIS)):
        page.show(
            page.paragraph(
                "The YJB says the new KPI data are still being refined and not yet suitable "
                "for decision-making."
            )
        )
