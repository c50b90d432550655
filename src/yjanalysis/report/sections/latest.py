"""The latest figure: a paragraph and a chart setting it beside its comparators."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.methods import benchmark
from yjanalysis.report import blocks, narrative, page, plots, tables
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.common import _finding, _later, _period, _subject
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


@blocks.block
def headline(
    ctx: ReportContext,
    indicator: str,
    breakdown="total",
    group="all",
    heading: str | None = None,
) -> None:
    """Show the plain-English paragraph and a chart comparing the service with its comparators.

    A chart is drawn only where there is a comparator to set the figure beside. A group's
    figure with no comparator (the youth justice cohort's Attainment 8, say) is set beside the
    service's own figure for all pupils in the same period.
    """
    spec = catalogue_indicator(indicator)
    period = _period(ctx, indicator, breakdown, group)
    if period is None:
        sentence = narrative.figure_sentence(
            ctx.table, ctx.yjs, indicator, None, breakdown, group, ctx.threshold
        )
        keys: list[tuple[str, str, str] | str] = [(indicator, breakdown, group)]
        if page.own_rows(ctx, indicator).empty:
            keys.append(indicator)
        page.missing(ctx, keys, heading, sentence)
        return
    found = ctx.compare(indicator, period, breakdown, group)
    paragraph = narrative.describe(
        ctx.table,
        ctx.yjs,
        indicator,
        period,
        breakdown,
        group,
        page.families(ctx),
        comparison=found,
        threshold=ctx.threshold,
    )
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    later = _later(ctx, indicator, period, breakdown, group)
    if own is not None and own["status"] != "suppressed" and page.lag(ctx, own, later is not None):
        paragraph += " " + page.lag(ctx, own, later is not None)
    if later is not None:
        paragraph += " " + later_sentence(ctx, later, breakdown, group)
    if found.empty and (breakdown, group) != ("total", "all") and own is not None:
        paragraph = paragraph.replace(narrative.NO_COMPARATOR + " ", "")
        paragraph += " " + _within_service(ctx, spec, own, breakdown)
    parts = [page.heading_html(heading), page.paragraph(paragraph)]
    if own is None or own["status"] == "suppressed" or pd.isna(own["value"]) or found.empty:
        page.show(*parts)
        return
    bars = [
        {
            "label": ctx.yjs,
            "value": own["value"],
            "lower": own["lower"],
            "upper": own["upper"],
            "area_type": "yjs",
        }
    ]
    shown = [own]
    for _, row in found.iterrows():
        bars.append(
            {
                "label": row["comparator"],
                "value": row["comparator_value"],
                "lower": np.nan,
                "upper": np.nan,
                "area_type": row["comparator_type"],
            }
        )
        other = benchmark.figure(
            ctx.table,
            row["comparator"],
            indicator,
            period,
            breakdown,
            group,
            row["comparator_type"],
        )
        if other is not None:
            shown.append(other)
    when = narrative.row_period(own)
    title = f"{_subject(ctx, spec, breakdown, group)}, {when}: {_finding(found)}"
    fig = plots.comparison(pd.DataFrame(bars), spec, title)
    alt = (
        f"Bar chart of the {spec.phrase} in the {when}: {ctx.yjs} "
        f"{spec.format(own['value'])}; "
        + "; ".join(
            f"{r['comparator']} {spec.format(r['comparator_value'])}" for _, r in found.iterrows()
        )
    )
    whisker = pd.notna(own["lower"]) and pd.notna(own["upper"])
    caption = (
        f"The black line across {ctx.yjs}'s bar is its 95% interval: where it does not reach a "
        "comparator's value, the difference is larger than chance would explain."
        if whisker
        else f"{ctx.yjs}'s figure is published without counts, so it has no interval."
    )
    rows = pd.DataFrame(shown)
    parts.append(plots.show(fig, alt, caption, page.where_from(rows)))
    if ctx.audience == "analyst":
        behind = rows.merge(
            found[["comparator", "difference", "verdict"]],
            how="left",
            left_on="area",
            right_on="comparator",
        )
        parts.append(page.behind(rows, spec, f"Figures behind the chart ({when})"))
        judged = behind.dropna(subset=["difference"])[["area", "difference", "verdict"]]
        parts.append(
            tables.html_table(
                judged.rename(columns=str.capitalize), f"Comparisons behind the chart ({when})"
            )
        )
    page.show(*parts)


def later_sentence(ctx: ReportContext, later, breakdown: str = "total", group: str = "all") -> str:
    """Say the service's figure for a period later than its comparators' latest, and its source."""
    origin = (
        "the service's own records"
        if bool(later["own_records"])
        else page.source_name(later["source"])
    )
    said = narrative.figure_sentence(
        ctx.table, ctx.yjs, later["indicator"], later["period"], breakdown, group, ctx.threshold
    )
    said = said[:1].lower() + said[1:]
    return f"A later figure, from {origin}, has nothing to compare with yet: {said}"


def _within_service(ctx: ReportContext, spec, own, breakdown: str) -> str:
    """Set a group's figure beside the service's figure for everyone, same period."""
    rows = page.own_rows(ctx, spec.id)
    rows = rows[
        (rows["period"] == own["period"])
        & rows["value"].notna()
        & rows["breakdown"].isin(["total", breakdown])
        & (rows["group"] != own["group"])
    ]
    rows = page.ordered(rows, breakdown)
    who = narrative.group_phrase(breakdown, own["group"])
    if rows.empty:
        return (
            f"No other area's figure for {who} is among the inputs, nor a figure for another "
            f"group of children in {ctx.yjs} in the same period."
        )
    other = rows.iloc[0]
    return (
        f"No other area's figure for {who} is among the inputs; for "
        f"{narrative.group_phrase(breakdown, other['group'])} in {ctx.yjs} in the same period it "
        f"was {spec.format(other['value'])}."
    )


@blocks.block
def measures_compared(ctx: ReportContext, indicator: str, heading: str | None = None) -> None:
    """Say how the service's several figures of one measure relate (sources, groups, periods)."""
    spec = catalogue_indicator(indicator)
    rows = page.own_rows(ctx, indicator)
    rows = rows[rows["value"].notna()]
    latest = []
    for (local, breakdown, group), part in rows.groupby(
        [rows["own_records"].astype(bool), "breakdown", "group"], sort=False
    ):
        row = part.sort_values(["period_end", "period_start"], ascending=[True, False]).iloc[-1]
        who = "all children" if group == "all" else narrative.group_phrase(breakdown, group)
        origin = (
            "from the service's own records"
            if local
            else f"as published ({page.source_name(row['source'])})"
        )
        when = narrative.row_period(row)
        latest.append(f"{spec.format(row['value'])} for {who} in the {when}, {origin}")
    if len(latest) < 2:
        return
    page.show(
        page.heading_html(heading),
        page.paragraph(
            f"This page shows {len(latest)} figures of the {spec.phrase} for {ctx.yjs}: "
            f"{narrative.join(latest)}. They count different children over different periods "
            "(the service's own records are more recent than the national publication, and the "
            "published figures are split by age), so they are not expected to agree; compare "
            "each with its own comparators and its own past."
        ),
    )
