"""Figures over time: a trend beside the comparators, and a control chart of own records."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.methods import disclosure, stats
from yjanalysis.report import blocks, caveats, narrative, page, plots, series, verdicts
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.common import _subject
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


@blocks.block
def trend(
    ctx: ReportContext,
    indicator: str,
    breakdown="total",
    group="all",
    rolling: bool | None = None,
    years: int = 5,
    heading: str | None = None,
) -> None:
    """Show the service's figure over time beside its comparators, with a trend test.

    A line is one series: one source and one kind of period (calendar, financial or academic
    years; or rolling 12-month figures ending each quarter, labelled by the month they end).
    Comparators are drawn where they have figures for most of the same periods. Beside a rolling
    series of the service's own records comes a control chart (:func:`control_chart`).

    Parameters
    ----------
    rolling : bool, optional
        ``True`` for rolling 12-month periods ending each quarter, ``False`` for years only,
        ``None`` for rolling where the service has them.
    years : int
        How many years back to show.
    heading : str, optional
        The part's heading.
    """
    spec = catalogue_indicator(indicator)
    if page.explained(ctx, indicator, (indicator, breakdown, group)):
        return
    if rolling is None:
        rolling = series.choose(ctx, indicator, breakdown, group, True, years) is not None
    chosen = series.choose(ctx, indicator, breakdown, group, rolling, years)
    what = "rolling 12-month figures" if rolling else "yearly figures"
    if chosen is None:
        origin = (
            " (rolling figures come from the service's own case-level records)"
            if rolling and page.own_rows(ctx, indicator)["own_records"].astype(bool).sum() == 0
            else ""
        )
        page.missing(
            ctx,
            (indicator, "rolling" if rolling else "annual"),
            heading,
            f"There is no series of {what} of the {spec.phrase} for {ctx.yjs} in the "
            f"last {years} years{origin}.",
        )
        return
    own, others, position = chosen
    span = _span(own, rolling)
    if own["status"].eq("suppressed").all():
        # A chart of the comparators' lines alone, every point of the service's a gap, shows a
        # board nothing of the service (Newport's yearly reoffending): it is not drawn.
        page.missing(
            ctx,
            (indicator, "rolling" if rolling else "annual"),
            heading,
            f"{ctx.yjs}'s {what} of the {spec.phrase}, {span}, are all hidden ([c]), so "
            "there is no chart of them over time and no test of a trend.",
        )
        return
    shown = pd.concat([own, others])
    shown = shown.assign(x=shown["period_end"].map(position))
    shown = shown.assign(value=shown["value"].where(shown["status"] != "suppressed"))
    order = {end: i for i, end in enumerate(position)}
    shown = shown.sort_values("period_end", key=lambda s: s.map(order))
    frame = pd.DataFrame({"x": list(position.values())}).merge(shown, on="x", how="left")
    # Every area keeps every period on the axis, so a missing or hidden figure is a gap.
    frame = frame.dropna(subset=["area"])
    sentence = _trend_sentence(own[own["status"] != "suppressed"], spec, not rolling)
    first, last = own.iloc[0], own.iloc[-1]
    hidden = "suppressed" in (first["status"], last["status"])
    a, b = (spec.format(r["value"], unit=False) for r in (first, last))
    change = "some figures hidden" if hidden else f"from {a} to {b}"
    visible = own[own["status"] != "suppressed"]
    if len(own) > 1 and len(visible) == 1:
        # A title "2020 to 2022" over one point of the service's read as a trend (Southampton's
        # reoffending, two of three years hidden): it says the one figure it shows.
        one = visible.iloc[0]
        change = (
            f"only {narrative.row_period(one, short=True)} shown "
            f"({spec.format(one['value'], unit=False)}), the other {len(own) - 1} "
            f"{'figures' if rolling else 'years'} hidden"
        )
    title = f"{_subject(ctx, spec, breakdown, group)}, {span}: {change}"
    fig = plots.trend(
        series.with_gaps(frame, position),
        spec,
        title,
        ctx.yjs,
        xlabel="12 months ending" if rolling else None,
    )
    moved = f"Some of {ctx.yjs}'s figures are hidden." if hidden else f"{ctx.yjs} went {change}."
    alt = f"Line chart of the {spec.phrase} ({what}), {span}. {moved} " + sentence
    notes = []
    if own["lower"].notna().any():
        notes.append(
            f"The shaded band (a shaded bar, where a figure stands alone) is the 95% interval "
            f"of {ctx.yjs}'s figure."
        )
    if rolling:
        notes.append(
            "Each point is the 12 months ending that month, so neighbouring points share nine "
            "months."
        )
    if own["status"].eq("suppressed").any():
        notes.append(f"A gap marks a figure {disclosure.why_hidden(ctx.threshold)} ([c]).")
    if own["period_end"].nunique() < len(position):
        notes.append(
            f"A gap also marks a period for which this source has no figure for {ctx.yjs}."
        )
    parts = [
        page.heading_html(heading),
        page.paragraph(sentence),
        plots.show(fig, alt, " ".join(notes) or None, page.where_from(shown, ctx.publications)),
    ]
    changed = caveats.reoffending_method(indicator, shown["period_start"])
    if changed:  # the trend crosses the Ministry of Justice's change of method
        parts.append(page.paragraph(changed, "yj-note"))
    if ctx.audience == "analyst":
        parts.append(
            page.behind(
                shown.sort_values(["area", "period_end"]),
                spec,
                f"{spec.title}: the figures behind the chart",
            )
        )
    page.show(*parts)
    if rolling and own["own_records"].astype(bool).all():
        blocks.emit(control_chart(ctx, indicator, breakdown, group))


def _span(own: pd.DataFrame, rolling: bool) -> str:
    """Name the periods a trend runs over, from the service's first to its last."""
    first, last = own.iloc[0], own.iloc[-1]
    if rolling:
        return (
            f"12 months to {first['period_end']:%B %Y} to 12 months to {last['period_end']:%B %Y}"
        )
    return f"{narrative.row_period(first)} to {narrative.row_period(last, short=True)}"


def _trend_sentence(own: pd.DataFrame, spec, annual_only: bool) -> str:
    counted = own.dropna(subset=["numerator", "denominator"])
    counted = counted[counted["status"] != "suppressed"]
    if not annual_only:
        return (
            "These are rolling 12-month figures ending each quarter: neighbouring points "
            "share nine months, so they move together and are not tested for a trend."
        )
    if counted.empty:
        # A hidden figure has counts, kept back: "without counts" would contradict its [c].
        hidden = own["status"].eq("suppressed")
        if hidden.all():
            return "These figures are hidden ([c]), so they are not tested for a trend."
        if hidden.any():
            return (
                "These figures are hidden ([c]) or come without counts, so they are not tested "
                "for a trend."
            )
        return "These figures come without counts, so they are not tested for a trend."
    if len(counted) < stats.TREND_MINIMUM:
        return (
            "Whether the figure is rising or falling over time is not tested: "
            f"{len(counted)} year{'' if len(counted) == 1 else 's'} with counts, where a test "
            f"needs at least {stats.TREND_MINIMUM}."
        )
    kind = "proportion" if spec.interval_method == "wilson" else "rate"
    years = (counted["period_end"] - counted["period_end"].min()).dt.days / 365.25
    found = stats.trend_test(counted["numerator"], counted["denominator"], years, kind)
    if found["reason"] is not None:
        return f"A trend could not be estimated: {found['reason']}."
    size = abs(found["change"]) * 100
    # The model's change is relative: for a percentage, say so, lest it read as points.
    relative = " of its value" if kind == "proportion" else ""
    how = f"{found['method']}, which allows for how much the figures vary from year to year"
    # The years tested, named: a chart can reach back further than the years with counts.
    span = (
        f"{narrative.row_period(counted.iloc[0])} to "
        f"{narrative.row_period(counted.iloc[-1], short=True)}"
    )
    over = (
        f"Over these {found['periods']} years ({span})"
        if len(counted) == len(own)
        else f"Over the {found['periods']} years with counts ({span})"
    )
    flagged = _ends_apart(counted, spec, found["change"]) + _overstated(counted)
    if found["lower"] > 0 or found["upper"] < 0:
        direction = "rising" if found["change"] > 0 else "falling"
        return (
            f"{over} the figure has been {direction} by about "
            f"{size:.{0 if size >= 1 else 1}f}%{relative} a year, a trend {verdicts.BEYOND_CHANCE}"
            f" (tested by {how})." + flagged
        )
    sign = "+" if found["change"] > 0 else "−" if found["change"] < 0 else ""
    return (
        f"{over} the change {verdicts.COULD_BE_CHANCE}: no trend "
        f"{verdicts.BEYOND_CHANCE} was found (estimated change "
        f"{sign}{size:.{0 if size >= 1 else 1}f}%{relative} a year; "
        f"tested by {how})." + flagged
    )


def _ends_apart(counted: pd.DataFrame, spec, change: float) -> str:
    """Say where the first and last years point the other way from the estimated change.

    Southampton's suitable education, training or employment: "estimated change +3% of its
    value a year" above a chart titled "from 63.3% to 58.0%" stopped a board member. The
    estimate is fitted to every year (a low year between can tilt it), and the sentence says so.
    """
    first, last = float(counted["value"].iloc[0]), float(counted["value"].iloc[-1])
    if change == 0 or first == last or (change > 0) == (last > first):
        return ""
    way = "below" if last < first else "above"
    return (
        f" The estimate is fitted to every year, not to the first and last alone: the last "
        f"({spec.format(last, unit=False)}) is {way} the first ({spec.format(first, unit=False)})"
        ", and the years between move the estimate the other way."
    )


#: How a row's method says its figure may be too high (:mod:`~.table.caselevel.indicators`).
OVERSTATED = "may be overstated: "


def _overstated(counted: pd.DataFrame) -> str:
    """Say which of the years a trend tested may be overstated, and why, as the data notes do.

    A board reading the paper (which leaves out the data notes) saw "from 257 to 203" tested
    as a trend with no word that the early years of the service's records count children
    cautioned before the records begin as first time entrants.
    """
    method = counted["method"].fillna("").astype(str)
    early = counted[method.str.contains(OVERSTATED, regex=False)]
    if early.empty:
        return ""
    why = str(early["method"].iloc[0]).split(OVERSTATED, 1)[1]
    span = narrative.row_period(early.iloc[0])
    if len(early) > 1:
        span += f" to {narrative.row_period(early.iloc[-1], short=True)}"
    return (
        f" The figures for the {span} may be overstated ({why}), so a fall from them may be "
        "partly the records filling in."
    )


#: Fewest points for a control chart's limits (NHSRplotthedots warns below 12).
CONTROL_MINIMUM = 12


#: The special-cause rules of NHS England's "Making Data Count", in plain words.
RULES = {
    "outside": "a point outside the process limits",
    "shift": "a run of seven or more points on one side of the mean (a shift)",
    "trend": "seven or more points in a row each higher, or each lower, than the one before "
    "(a trend)",
    "two_of_three": "two of three points in a row close to a limit (beyond two thirds of the "
    "way from the mean)",
}


#: The heading of the control chart that follows a trend of rolling years.
CONTROL_CHART = "Quarter by quarter: a control chart"


@blocks.block
def control_chart(
    ctx: ReportContext,
    indicator: str,
    breakdown="total",
    group="all",
    heading: str | None = CONTROL_CHART,
) -> None:
    """Show an XmR (statistical process control) chart of the service's quarterly figures.

    Rolling 12-month figures overlap and cannot go on a control chart, so the chart uses the
    service's own figures for each quarter on its own (reoffending cohorts, for example): the
    latest unbroken run of at least :data:`CONTROL_MINIMUM` quarters with nothing hidden. Its
    mean, process limits and special causes come from :func:`yjanalysis.methods.stats.xmr`, and are
    read out with the rules of NHS England's "Making Data Count".
    """
    spec = catalogue_indicator(indicator)
    rows = page.own_rows(ctx, indicator)
    rows = rows[(rows["breakdown"] == breakdown) & (rows["group"] == group)]
    kinds = rows.apply(lambda r: narrative.period_kind(r["period_start"], r["period_end"]), axis=1)
    quarters = rows[(kinds == "quarter") & rows["own_records"].astype(bool)] if len(rows) else rows
    if quarters.empty:
        page.missing(
            ctx,
            (indicator, "control"),
            heading,
            "A control chart needs a figure for each quarter on its own (rolling 12-month "
            "figures share nine months with their neighbours, which makes ordinary "
            f"variation look like a signal); the inputs have no quarterly figures of the "
            f"{spec.phrase} for {ctx.yjs}.",
        )
        return
    twice = quarters[quarters["period_end"].duplicated(keep=False)].sort_values("period_end")
    if len(twice):
        sources = narrative.join(
            sorted({page.source_name(s, ctx.publications) for s in twice["source"]})
        )
        page.missing(
            ctx,
            (indicator, "control"),
            heading,
            f"A control chart needs one figure for each quarter; the inputs give "
            f"{(twice['period_end'] == twice['period_end'].iloc[0]).sum()} figures of the "
            f"{spec.phrase} for {ctx.yjs} for the "
            f"{narrative.row_period(twice.iloc[0])} ({sources}).",
        )
        return
    run = series.visible_run(quarters)
    if len(run) < CONTROL_MINIMUM:
        page.missing(
            ctx,
            (indicator, "control"),
            heading,
            f"A control chart needs at least {CONTROL_MINIMUM} quarters in a row; the "
            f"latest unbroken run of shown quarterly figures of the {spec.phrase} for "
            f"{ctx.yjs} has {len(run)} (a hidden figure breaks a run).",
        )
        return
    chart = stats.xmr(run["value"].astype(float).to_numpy())
    chart["x"] = [narrative.row_period(r, short=True) for _, r in run.iterrows()]
    improvement = {"lower_is_better": "down", "higher_is_better": "up"}.get(spec.polarity)
    sentence = _control_sentence(chart, run, spec, improvement)
    first, last = f"{run['period_start'].iloc[0]:%B %Y}", f"{run['period_end'].iloc[-1]:%B %Y}"
    what = "cohort of each quarter" if spec.period_is == "cohort" else "figure of each quarter"
    found = "special cause found" if chart["special_cause"].any() else "common cause variation"
    title = f"{_subject(ctx, spec, breakdown, group)}, {what}, {first} to {last}: {found}"
    fig = plots.control(chart, spec, title, improvement)
    rules = "; ".join(RULES.values())
    caption = (
        "The dashed lines are the process limits (the mean plus or minus 2.66 times the average "
        "change from one quarter to the next): points between them vary by chance alone. "
        f"A special cause is {rules}."
    )
    parts = [
        page.heading_html(heading, 3),
        page.paragraph(sentence),
        plots.show(
            fig, "Control chart. " + sentence, caption, page.where_from(run, ctx.publications)
        ),
    ]
    if ctx.audience == "analyst":
        parts.append(page.behind(run, spec, f"{spec.title}: quarterly figures behind the chart"))
    page.show(*parts)


def _control_sentence(chart: pd.DataFrame, run: pd.DataFrame, spec, improvement) -> str:
    fmt = spec.format
    text = (
        f"Over {len(chart)} quarters the mean is {fmt(chart['centre'].iloc[0])} and the process "
        f"limits are {fmt(max(chart['lower'].iloc[0], 0))} to {fmt(chart['upper'].iloc[0])}."
    )
    if not chart["special_cause"].any():
        return (
            text + " Every quarter is within the usual variation (common cause): nothing here "
            "signals a real change."
        )
    found = []
    labels = [narrative.row_period(r, short=True) for _, r in run.iterrows()]
    for rule, words in RULES.items():
        flagged = [labels[i] for i in np.flatnonzero(chart[rule].to_numpy())]
        if flagged:
            when = flagged[0] if len(flagged) == 1 else f"{flagged[0]} to {flagged[-1]}"
            found.append(f"{words} ({when})")
    latest = chart.iloc[-1]
    # The way the latest special cause points, not its side of the mean: seven falls in a row
    # still above the mean are an improvement where lower is better (Making Data Count).
    direction = "up" if latest["direction"] > 0 else "down"
    reading = ""
    if chart["special_cause"].iloc[-1] and improvement:
        good = direction == improvement
        reading = " The latest quarters signal a real " + (
            "improvement." if good else "change for the worse, a concern."
        )
    return text + " Special cause: " + "; ".join(found) + "." + reading
