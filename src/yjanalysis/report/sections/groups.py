"""Figures by group of children (pupil group, ETE status, age), and the cohort's size."""

from __future__ import annotations

import re

import pandas as pd

from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import blocks, narrative, page, plots, verdicts, wales
from yjanalysis.report.context import ReportContext, of_areas
from yjanalysis.report.sections.common import BREAKDOWN_WORDS, _moved, _wanted_areas
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


@blocks.block
def breakdown_chart(
    ctx: ReportContext,
    indicator: str,
    breakdown: str,
    areas: list[str] | None = None,
    title: str | None = None,
    heading: str | None = None,
    against: str | None = None,
) -> None:
    """Show one indicator's groups for the service and comparators, one period for all.

    The period is the latest in which the service and at least one comparator have figures
    (the service's latest, where none has); groups run in their natural order, each area keeps
    its colour, and a hidden figure is marked [c]. With ``against`` (an area), the heading
    names that area only if the chart draws it, and says so if it does not.
    """
    indicator, heading = wales.in_nation_terms(ctx.yjs, indicator, heading)
    spec = catalogue_indicator(indicator)
    if page.explained(ctx, indicator):
        return
    rows = ctx.table[
        (ctx.table["indicator"] == indicator) & ctx.table["breakdown"].isin([breakdown, "total"])
    ]
    rows = rows[of_areas(rows, _wanted_areas(ctx, areas))]
    rows = rows[rows["value"].notna() | rows["status"].eq("suppressed")]
    own = rows[rows["area_type"] == "yjs"]
    what = BREAKDOWN_WORDS.get(breakdown, breakdown.replace("_", " "))
    by = "" if re.search(r"\b(by|each)\b", spec.phrase) else f" by {what}"
    if own[own["breakdown"] == breakdown].empty:
        reason = narrative._missing_reason(ctx.table, ctx.yjs, indicator, breakdown)
        page.missing(
            ctx,
            (indicator, breakdown),
            heading,
            f"There are no figures of the {spec.phrase}{by} for {ctx.yjs}: {reason}.",
        )
        return
    others = rows[rows["area_type"] != "yjs"]
    shared = sorted(set(own["period_end"]) & set(others["period_end"]))
    end = shared[-1] if shared else own["period_end"].max()
    frame = rows[rows["period_end"] == end]
    frame = frame[frame["area_type"].eq("yjs") | frame["period_end"].isin(shared)]
    # One figure per area and group: where the service has a group from its own records and as
    # published, the published one sits beside the comparators' published figures.
    # One source per area: the service's own records add only groups no published source in
    # the chart has (the youth justice cohort beside published pupil groups, say).
    local = frame["own_records"].astype(bool)
    published = set(frame.loc[~local, "group"])
    frame = frame[~local | ~frame["group"].isin(published)]
    frame = page.ordered(frame, breakdown)
    frame = frame.assign(
        label=[narrative.short_group(breakdown, g) for g in frame["group"]],
        hidden=frame["status"].eq("suppressed"),
        value=frame["value"].where(~frame["status"].eq("suppressed")),
    )
    frame = frame.sort_values("area_type", key=lambda s: s.ne("yjs"), kind="stable")
    if len(frame) == 1:
        return  # one bar sets nothing beside it: the headline's sentence says the figure
    when = narrative.row_period(frame.iloc[0])
    ownrows = frame[(frame["area_type"] == "yjs") & (frame["group"] != "Unknown")]
    ownrows = ownrows.dropna(subset=["value"])
    finding = ""
    compared = frame[frame["area_type"] != "yjs"]
    one_comparator = compared["area"].nunique() == 1
    if len(ownrows) >= 2 and one_comparator:
        finding = _largest_gap(ownrows, compared, spec)
        finding += _unknown_left_out(frame, finding)
    # The title names every area drawn: beside the service's own groups, a comparator may
    # give the groups the service has no figure for.
    drawn = [f"the {a}" if a.endswith(" family") else a for a in dict.fromkeys(frame["area"])]
    where = narrative.join(drawn)
    if len(ownrows) >= 2 and not one_comparator:
        high = ownrows.loc[ownrows["value"].astype(float).idxmax()]
        low = ownrows.loc[ownrows["value"].astype(float).idxmin()]
        finding = (
            f": {f'in {ctx.yjs} ' if len(drawn) > 1 else ''}highest for {high['label']} "
            f"({spec.format(high['value'])}), lowest for {low['label']} "
            f"({spec.format(low['value'])})"
        )
    title = title or f"{narrative.capital(spec.phrase)}{by} in {where}, {when}{finding}"
    unit = plots.axis_label(spec)
    fig = plots.grouped_bars(frame, "label", "area", "value", unit, title, decimals=spec.decimals)
    described = "; ".join(
        f"{r['area']}, {r['label']}: {'hidden' if r['hidden'] else spec.format(r['value'])}"
        for _, r in frame.iterrows()
    )
    note = f"[c]: {disclosure.why_hidden(ctx.threshold)}." if frame["hidden"].any() else None
    parts = [page.heading_html(heading)]
    mine = own[own["breakdown"] == breakdown].sort_values("period_end")
    if end < mine["period_end"].iloc[-1]:
        later = narrative.row_period(mine.iloc[-1])
        # The headline above names the service's latest period; a chart of an earlier one
        # says why, or a reader takes the two for one year (issue 26).
        parts.append(
            page.paragraph(
                f"The chart is of the {when}, the latest period with figures to set beside "
                f"{ctx.yjs}'s; its figure for the {later} has none yet."
            )
        )
    if against is not None and against in set(frame["area"]):
        parts = [
            page.heading_html(f"{heading} against {against}" if heading else f"Against {against}")
        ]
    elif against is not None:
        parts.append(
            page.paragraph(
                f"The inputs give no figure of the {spec.phrase}{by} for {against} in the same "
                f"period as {ctx.yjs}'s, so {ctx.yjs}'s are shown alone."
            )
        )
    parts.append(
        plots.show(
            fig, f"Bar chart. {title}. {described}", note, page.where_from(frame, ctx.publications)
        )
    )
    if ctx.audience == "analyst":
        parts.append(page.behind(frame, spec, f"{title}: the figures behind the chart"))
    page.show(*parts)


def _largest_gap(own: pd.DataFrame, other: pd.DataFrame, spec) -> str:
    """Say where the service's groups differ most from one comparator, and if beyond chance."""
    pairs = own.merge(other, on="group", suffixes=("", "_other")).dropna(subset=["value_other"])
    if pairs.empty:
        return ""
    gap = (pairs["value"].astype(float) - pairs["value_other"].astype(float)).abs()
    row = pairs.loc[gap.idxmax()]
    verdict = benchmark.difference(row["value"], row["lower"], row["upper"], row["value_other"])
    chance = {
        "higher": f", {verdicts.BEYOND_CHANCE}",
        "lower": f", {verdicts.BEYOND_CHANCE}",
        "similar": f", which {verdicts.COULD_BE_CHANCE}",
    }.get(verdict, "")
    return (
        f": the largest difference from {row['area_other']} is for {row['label']} "
        f"({spec.format(row['value'])} against {spec.format(row['value_other'])}{chance})"
    )


def _unknown_left_out(frame: pd.DataFrame, finding: str) -> str:
    """Say that the largest difference leaves out the Unknown group, and why.

    A board member read "the largest difference ... is for Ethnic minority" beside a chart
    whose Unknown bar differed more: Unknown counts records without an ethnicity, not a group
    of children, so it is left out of the comparison, and the title says so. The chart still
    draws it (how many records lack an ethnicity is worth seeing), so the title says it is left
    out of the comparison, not of the chart ("Unknown is left out" beside an Unknown bar read
    as a contradiction).
    """
    unknown = frame[(frame["area_type"] == "yjs") & (frame["group"] == "Unknown")]
    if not finding or unknown["value"].dropna().empty:
        return ""
    return (
        "; Unknown is drawn but left out of that comparison, as it counts records without an "
        "ethnicity, not a group of children"
    )


@blocks.block
def cohort_size(
    ctx: ReportContext, heading: str | None = "Cohort size and reoffending rate"
) -> None:
    """Show the reoffending cohort's size beside its reoffending rate, year by year.

    The sentence says whether the cohort grew or shrank and how the rate moved; where a smaller
    cohort comes with a higher rate it adds why that can happen (the children left in a cohort
    shrunk by diversion have the most complex needs).
    """
    rows = ctx.rows("reoffending_binary", ctx.yjs)
    # Counted cohorts, and those the control hid (their counts blanked, their status kept).
    rows = rows[
        (rows["breakdown"] == "total")
        & (
            rows["denominator"].notna()
            | (rows["status"].eq("suppressed") & rows["own_records"].astype(bool))
        )
    ]
    kinds = (
        rows.apply(lambda r: narrative.period_kind(r["period_start"], r["period_end"]), axis=1)
        if len(rows)
        else pd.Series(dtype=str)
    )
    rows = rows[kinds == "financial"].sort_values("period_end") if len(rows) else rows
    counted = len(rows)
    rows = rows[rows["status"] != "suppressed"]
    if len(rows) < 2:
        # Say which it is: years the inputs lack, or years they give but the page hides.
        why = (
            f"the inputs have fewer than two years of them for {ctx.yjs}"
            if counted < 2
            else f"{'only one' if len(rows) else 'none'} of the {counted} years they give for "
            f"{ctx.yjs} can be shown: the others are hidden to protect the children behind "
            "them ([c])"
        )
        page.missing(
            ctx,
            ("reoffending_binary", "cohort"),
            heading,
            "Cohort sizes come from the service's own case-level records (the published "
            f"reoffending rates carry no cohort counts), and {why}.",
        )
        return
    frame = pd.DataFrame(
        {
            "period": [narrative.row_period(r, short=True) for _, r in rows.iterrows()],
            "cohort": rows["denominator"].astype(float).to_numpy(),
            "rate": rows["value"].astype(float).to_numpy(),
        }
    )
    first, last = frame.iloc[0], frame.iloc[-1]
    # The cohort is counted, not estimated: its size grew or shrank. The rate is tested before
    # it is said to have risen or fallen (the exact test of benchmark.change).
    size = _moved(first["cohort"], last["cohort"], ("grew", "shrank", "stayed the same size"))
    moved = benchmark.between(rows.iloc[-1], rows.iloc[0], "reoffending_binary")
    real = moved["beyond_chance"] is True
    rate = _moved(first["rate"], last["rate"], ("rose", "fell", "stayed the same") if real
                  else ("went", "went", "stayed the same"))  # fmt: skip
    tested = verdicts.change_words(moved["beyond_chance"])
    sentence = (
        f"The cohort {size}, from {first['cohort']:,.0f} children in {first['period']} to "
        f"{last['cohort']:,.0f} in {last['period']} (financial years), while the proven "
        f"reoffending rate {rate} from {first['rate']:.1f}% to {last['rate']:.1f}%"
        + ("." if real else f" ({tested}).")
    )
    if real and last["cohort"] < first["cohort"] and last["rate"] > first["rate"]:
        sentence += (
            " A smaller cohort holds a larger share of the children with the most complex "
            "needs, so a higher rate can come with fewer children reoffending."
        )
    title = (
        f"Reoffending cohort in {ctx.yjs} {size} ({first['cohort']:,.0f} to "
        f"{last['cohort']:,.0f} children); its rate {rate} from {first['rate']:.1f}% to "
        f"{last['rate']:.1f}%{'' if real else f' ({tested})'}, {first['period']} to "
        f"{last['period']}"
    )
    fig = plots.cohort(frame, title)
    page.show(
        page.heading_html(heading),
        page.paragraph(sentence),
        plots.show(
            fig,
            "Chart of cohort size and reoffending rate by year. " + sentence,
            None,
            page.where_from(rows, ctx.publications),
        ),
    )
