"""The building blocks of the numbered notebooks, each one call in one cell.

Every function takes the :class:`~yjanalysis.report.context.ReportContext` of the notebook and shows
what it has to show under its own heading: sentences generated from the rows they describe, a
chart titled with its finding, group, period and source (and alt text), a table. Where a part
has nothing to show it says why in one sentence under its heading, once per page: a later part
about the same missing figure shows nothing at all, heading included. None raises for missing
data. What a board sees and what an analyst sees differ only in the tables behind the charts
(``audience="analyst"``: numerators, denominators and intervals).

Text from the data (names, period labels, sources) is escaped and shown as HTML, never rendered
as Markdown: an input is text, not markup. Everything shown from a service's own records comes
from ``ctx.table``, which is already under disclosure control.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown, display
from IPython.utils.capture import capture_output

from yjanalysis import reference
from yjanalysis.methods import benchmark, disclosure, stats
from yjanalysis.report import caveats, family_section, narrative, page, plots, series, tables
from yjanalysis.report import commentary as service_words
from yjanalysis.report.context import ReportContext, of_areas
from yjanalysis.vocabulary import ethnicity
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

HEADLINES = [
    ("fte_rate", "total", "all"),
    ("reoffending_binary", "total", "all"),
    ("custody_rate", "total", "all"),
    ("cautioned_or_sentenced_rate", "total", "all"),
    ("syv_rate", "total", "all"),
    ("ete_suitable", "total", "all"),
    ("attainment8", "pupil_group", "Youth justice cohort"),
    ("attainment8", "total", "all"),
    ("persistent_absence", "pupil_group", "Youth justice cohort"),
    ("neet_16_17", "total", "all"),
]

#: How a chart's title names a breakdown.
BREAKDOWN_WORDS = {
    "pupil_group": "pupil group",
    "ete_status": "status",
    "ethnicity": "ethnic group",
    "ethnicity_combined": "ethnic group (combined)",
    "age_group": "age group",
}
#: The YJB's key performance indicators start in April 2023.
KPI_START = pd.Timestamp("2023-04-01")


# ---------------------------------------------------------------------------------------------
# Helpers the funnel plot uses


def _note(text: str) -> None:
    display(HTML(f'<p class="yj-note">{html.escape(text)}</p>'))


def _period(ctx: ReportContext, indicator: str, breakdown="total", group="all"):
    return benchmark.latest_period(ctx.table, ctx.yjs, indicator, breakdown, group)


# ---------------------------------------------------------------------------------------------
# The first screen


def comparators_sentence(ctx: ReportContext) -> str:
    """Name the family's members, the region and the nation the report compares with."""
    members = narrative.family_members(page.families(ctx), ctx.yjs)
    roles = page.roles(ctx)
    parts = []
    if "family" in roles:
        named = f" ({len(members)} services: {narrative.join(sorted(members))})" if members else ""
        parts.append(f"{family_section.family_phrase(ctx)}{named}, averaged")
    if "region" in roles:
        parts.append(
            roles["region"][1] if ctx.country == "Wales" else f"the {roles['region'][1]} region"
        )
    if "nation" in roles:
        parts.append(roles["nation"][1])
    text = f"{ctx.yjs} is compared with {narrative.join(parts)}." if parts else ""
    if ctx.country == "Wales" and "nation" in roles:
        text += (
            " Wales is compared as the whole country the service belongs to, and England and "
            "Wales as the area the YJB publishes national youth justice figures for."
        )
    return text


def header(ctx: ReportContext, title: str) -> None:
    """Show the report's first screen: the synthetic-data banner, service, period, comparators."""
    parts = [tables.STYLE]
    if ctx.synthetic:
        parts += [
            tables.SYNTHETIC_PRINT,
            '<p class="yj-banner" role="alert">Synthetic demo data: every figure on this page '
            "is made up by the yjanalysis demo generator. None of it describes a real service "
            "or child.</p>",
        ]
    marking = ctx.settings.classification if ctx.settings is not None else None
    if marking:  # the report's protective marking, on every page as on its cover
        parts.append(f'<p class="yj-marking">{html.escape(marking)}</p>')
    who = "the management board" if ctx.audience == "board" else "analysts"
    parts.append(
        f'<p class="yj-lead"><strong>{html.escape(ctx.yjs)} Youth Justice Service: '
        f"{html.escape(title)}.</strong> Figures to {ctx.period_end:%B %Y}, for {who}. "
        f"{html.escape(comparators_sentence(ctx))} A figure is called higher or lower than "
        "another only where the difference is larger than chance would explain (95% "
        "intervals); otherwise the difference could be chance.</p>"
    )
    page.show(*parts)


def family(ctx: ReportContext, heading: str | None = "Who the service is compared with") -> None:
    """Show who the service is compared with: its family, how it was chosen, and the nation."""
    family_section.show(ctx, heading)


def commentary(ctx: ReportContext, section: str, heading: str = "The service's commentary") -> None:
    """Show the service's own words on a section, marked as theirs (nothing where it has none).

    The words come from the service's commentary folder (see
    :mod:`yjanalysis.inputs.report_settings`) and are rendered safely by
    :mod:`yjanalysis.report.commentary`.
    """
    words = ctx.settings.words(section) if ctx.settings is not None else None
    page.show(service_words.block(words, ctx.yjs, heading))


# ---------------------------------------------------------------------------------------------
# One figure against its comparators


def _subject(ctx: ReportContext, spec, breakdown: str, group: str) -> str:
    if breakdown == "total" and group == "all":
        return f"{narrative.capital(spec.phrase)} in {ctx.yjs}"
    who = narrative.short_group(breakdown, group)
    return f"{narrative.capital(spec.phrase)} of {who[:1].lower() + who[1:]} in {ctx.yjs}"


def _finding(found: pd.DataFrame) -> str:
    """Say in a few words how a figure compares (for a chart's title)."""
    real = found[found["difference"].isin(["higher", "lower"])]
    if not real.empty:
        words = []
        for direction in ("higher", "lower"):
            part = real[real["difference"] == direction]
            if len(part):
                words.append(f"{direction} than {narrative.join(list(part['label']))}")
        return narrative.join(words)
    if (found["difference"] == "not assessed").all():
        return "whether it differs from its comparators cannot be judged"
    return "differences from its comparators could be chance"


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
        keys = [(indicator, breakdown, group)]
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
    if own is not None and own["status"] != "suppressed" and page.lag(ctx, own):
        paragraph += " " + page.lag(ctx, own)
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


# ---------------------------------------------------------------------------------------------
# Series over time


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
    if rolling:
        span = (
            f"12 months to {first['period_end']:%B %Y} to 12 months to {last['period_end']:%B %Y}"
        )
    else:
        span = f"{narrative.row_period(first)} to {narrative.row_period(last, short=True)}"
    hidden = "suppressed" in (first["status"], last["status"])
    every = own["status"].eq("suppressed").all()
    a, b = (spec.format(r["value"], unit=False) for r in (first, last))
    change = "some figures hidden" if hidden else f"from {a} to {b}"
    if every:
        change = f"every figure for {ctx.yjs} hidden"
    title = f"{_subject(ctx, spec, breakdown, group)}, {span}: {change}"
    fig = plots.trend(
        series.with_gaps(frame, position),
        spec,
        title,
        ctx.yjs,
        xlabel="12 months ending" if rolling else None,
    )
    moved = f"Some of {ctx.yjs}'s figures are hidden." if hidden else f"{ctx.yjs} went {change}."
    if every:
        moved = f"Every figure for {ctx.yjs} is hidden; the lines are its comparators'."
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
        plots.show(fig, alt, " ".join(notes) or None, page.where_from(shown)),
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
        control_chart(ctx, indicator, breakdown, group)


def _trend_sentence(own: pd.DataFrame, spec, annual_only: bool) -> str:
    counted = own.dropna(subset=["numerator", "denominator"])
    counted = counted[counted["status"] != "suppressed"]
    if not annual_only:
        return (
            "These are rolling 12-month figures ending each quarter: neighbouring points "
            "share nine months, so they move together and are not tested for a trend."
        )
    if len(counted) < 3:
        return "There are too few years with counts to test for a trend."
    kind = "proportion" if spec.interval_method == "wilson" else "rate"
    years = (counted["period_end"] - counted["period_end"].min()).dt.days / 365.25
    found = stats.trend_test(counted["numerator"], counted["denominator"], years, kind)
    if found["reason"] is not None:
        return f"A trend could not be estimated: {found['reason']}."
    size = abs(found["change"]) * 100
    # The model's change is relative: for a percentage, say so, lest it read as points.
    relative = " of its value" if kind == "proportion" else ""
    how = f"{found['method']}" + (
        ", allowing for more variation between years than chance alone"
        if found["dispersion"] > 1
        else ""
    )
    if found["lower"] > 0 or found["upper"] < 0:
        direction = "rising" if found["change"] > 0 else "falling"
        return (
            f"Over these {found['periods']} years the figure has been {direction} by about "
            f"{size:.{0 if size >= 1 else 1}f}%{relative} a year, a trend larger than chance "
            f"would explain (tested by {how})."
        )
    sign = "+" if found["change"] > 0 else "−" if found["change"] < 0 else ""
    return (
        f"Over these {found['periods']} years there is no trend beyond what chance would "
        f"produce (estimated change {sign}{size:.{0 if size >= 1 else 1}f}%{relative} a year; "
        f"tested by {how})."
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


def control_chart(
    ctx: ReportContext,
    indicator: str,
    breakdown="total",
    group="all",
    heading: str | None = "Quarter by quarter: a control chart",
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
        plots.show(fig, "Control chart. " + sentence, caption, page.where_from(run)),
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
    direction = "up" if latest["value"] > latest["centre"] else "down"
    reading = ""
    if chart["special_cause"].iloc[-1] and improvement:
        good = direction == improvement
        reading = " The latest quarters signal a real " + (
            "improvement." if good else "change for the worse, a concern."
        )
    return text + " Special cause: " + "; ".join(found) + "." + reading


# ---------------------------------------------------------------------------------------------
# Among all services (the funnel plot)


def among_services(
    ctx: ReportContext, indicator: str, heading: str = "Among other services"
) -> None:
    """Place the service among all services with a funnel plot, explained in plain words.

    The plot and its sentence come from :func:`funnel`; its output is shown as text (never as
    Markdown) under the heading, and nothing is shown where the page has said already that the
    service has no figure.
    """
    if page.explained(ctx, indicator, (indicator, "total", "all")):
        return
    with capture_output() as captured:
        funnel(ctx, indicator)
    outputs = [_as_html(o.data) for o in captured.outputs]
    drew = any("<figure" in o for o in outputs)
    explain = (
        "Each grey dot is a service, placed by its size (across, on a log scale) and its figure "
        "(up). The funnel lines show how far from the figure of all services together a "
        "service of that size can fall by chance alone (95% and 99.8% limits), so a small "
        "service's figure can move a long way by chance. Where services differ from each "
        "other more than chance alone would make them (overdispersion), the limits are widened."
    )
    page.show(page.heading_html(heading), page.paragraph(explain) if drew else "", *outputs)


def _as_html(data: dict) -> str:
    """Return an output as HTML: HTML as this module made it, any other text escaped."""
    if "text/html" in data:
        return data["text/html"]
    text = data.get("text/markdown", data.get("text/plain", ""))
    return page.paragraph(re.sub(r"[*_`]", "", text))


def funnel(ctx: ReportContext, indicator: str, breakdown="total", group="all") -> None:
    """Show every service's figure against funnel limits, placing the service among all YJSs."""
    spec = catalogue_indicator(indicator)
    period = _period(ctx, indicator, breakdown, group)
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["period"] == period)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == breakdown)
        & (ctx.table["group"] == group)
    ]
    rows = rows.dropna(subset=["numerator", "denominator"])
    rows = rows[rows["denominator"].astype(float) > 0]
    if period is None or len(rows) < 10 or ctx.yjs not in set(rows["area"]):
        _note(
            f"No funnel plot of the {spec.phrase}: the inputs do not give counts for enough "
            "services in the same period."
        )
        return
    per = spec.multiplier
    kind = "proportion" if spec.interval_method == "wilson" else "rate"
    num, den = rows["numerator"].astype(float), rows["denominator"].astype(float)
    target = num.sum() / den.sum()
    if target == 0 or (kind == "proportion" and target == 1):
        _note(
            f"No funnel plot of the {spec.phrase}: every service's figure in {period} is "
            f"{spec.format(target * per)}, so there is no variation to draw limits around."
        )
        return
    phi = stats.overdispersion(num / den, den, target, kind)
    grid = np.geomspace(den.min() * 0.8, den.max() * 1.2, 200)
    limits = stats.funnel_limits(grid, target, kind, dispersion=phi)
    for column in limits.columns.drop("denominator"):
        limits[column] = limits[column] * per
    own = rows[rows["area"] == ctx.yjs].iloc[0]
    point = own["numerator"] / own["denominator"]
    check = stats.funnel_limits([own["denominator"]], target, kind, dispersion=phi).iloc[0]
    if point > check["upper_998"] or point < check["lower_998"]:
        place = "outside the 99.8% limits: a difference very unlikely to be chance"
    elif point > check["upper_95"] or point < check["lower_95"]:
        place = "outside the 95% limits but inside the 99.8% limits"
    else:
        place = "inside the 95% limits: within the range chance produces"
    # Name whose figures these are: a source that covers England only (DfE LAIT) gives no
    # Welsh service, and "all services" would be false to a Welsh reader.
    country = reference.register()["country"]
    which = "services" if rows["area"].map(country).eq("Wales").any() else "services in England"
    sentence = (
        f"Among {len(rows)} {which} in {period}, {ctx.yjs} "
        f"({spec.format(own['value'])}) is {place}. The limits are "
        f"{stats.funnel_method(kind, phi).replace('between areas', 'between services')}."
    )
    points = rows.assign(value=rows["value"].astype(float))
    fig = plots.funnel(
        points,
        limits,
        target * per,
        spec,
        f"{spec.short_title} among {len(rows)} {which}, {period}",
        ctx.yjs,
    )
    display(Markdown(sentence))
    display(plots.show(fig, "Funnel plot. " + sentence))


# ---------------------------------------------------------------------------------------------
# The headline table (overview page and index tiles)


def overview_rows(ctx: ReportContext) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """Return the headline table (one row per indicator) and the real differences found.

    Columns are named after the areas they hold (``South East``, ``England``; ``Wales`` and
    ``England and Wales`` for a Welsh service). ``Why`` says why a headline has no figure, and
    ``Lag`` how far its period ends before the report's.

    Returns
    -------
    tuple
        The table as shown, and ``(verdict, comparator label, indicator name)`` for each
        headline that is better or worse than its family, region or nation.
    """
    roles = page.roles(ctx)
    family_col = "Family average"
    region_col = roles.get("region", ("", "Region"))[1]
    nation_col = roles.get("nation", ("", page.nation(ctx)))[1]
    rows, summary = [], []
    for indicator, breakdown, group in HEADLINES:
        spec = catalogue_indicator(indicator)
        period = _period(ctx, indicator, breakdown, group)
        name = spec.short_title + ("" if group == "all" else f" ({group.lower()})")
        empty = {
            family_col: "–",
            region_col: "–",
            nation_col: "–",
            "Against the family": "–",
            f"Against {nation_col}": "–",
            "Since the year before": "–",
            "Lag": "",
        }
        if period is None:
            why = narrative._missing_reason(ctx.table, ctx.yjs, indicator, breakdown, group)
            rows.append(
                {
                    "Indicator": name,
                    "Period": "–",
                    ctx.yjs: "no figure",
                    "Unit": spec.unit,
                    **empty,
                    "Why": why,
                }
            )
            continue
        own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
        found = ctx.compare(indicator, period, breakdown, group)
        by_area = {(r["comparator_type"], r["comparator"]): r for _, r in found.iterrows()}
        family = by_area.get(roles.get("family"))
        region = by_area.get(roles.get("region"))
        national = by_area.get(roles.get("nation"))

        def value(row, spec=spec):
            return spec.format(row["comparator_value"], unit=False) if row is not None else "–"

        if own["status"] == "suppressed":
            shown = disclosure.MARKER
        else:
            shown = spec.format(own["value"], unit=False)
            if pd.notna(own["numerator"]) and spec.unit != "children":
                # A count estimated from a rate and a population is said to be one.
                method = own.get("method")
                about = "about " if pd.notna(method) and "estimated" in str(method) else ""
                shown += f" ({about}{own['numerator']:,.0f})"
        change = benchmark.change(ctx.table, ctx.yjs, indicator, period, 1, breakdown, group)
        if own["status"] == "suppressed" or not change:
            travel = "–"
        else:
            travel = {"up": "▲ up", "down": "▼ down", "no change": "● same"}[change["direction"]]
            travel += {True: ", beyond chance", False: ", could be chance", None: ""}[
                change["beyond_chance"]
            ]
        rows.append(
            {
                "Indicator": name,
                "Period": narrative.row_period(own),
                ctx.yjs: shown,
                "Unit": spec.unit,
                family_col: value(family),
                region_col: value(region),
                nation_col: value(national),
                "Against the family": tables.marker(family["verdict"])
                if family is not None
                else "–",
                f"Against {nation_col}": tables.marker(national["verdict"])
                if national is not None
                else "–",
                "Since the year before": travel,
                "Lag": page.lag(ctx, own),
                "Why": "",
            }
        )
        for against in (family, region, national):
            if against is not None and against["verdict"] in ("better", "worse"):
                summary.append((against["verdict"], against["label"], spec.short_title.lower()))
    return pd.DataFrame(rows), summary


def summary_sentence(
    summary: list[tuple[str, str, str]], frame: pd.DataFrame | None = None, yjs: str = ""
) -> str:
    """Say in one or two sentences which headlines differ beyond chance, and how many exist.

    Parameters
    ----------
    summary : list
        ``(verdict, comparator label, indicator name)`` from :func:`overview_rows`.
    frame : pandas.DataFrame, optional
        The headline table, to say how many headlines have a figure at all.
    yjs : str
        The service (names the column of figures in ``frame``).
    """
    count = ""
    if frame is not None and yjs in frame:
        have = int((frame[yjs] != "no figure").sum())
        verb = "exists" if have == 1 else "exist"
        count = f"{have} of the {len(frame)} headline figures {verb} for {yjs}. "
        if have == 0:
            return count + "None can be compared with other areas."
    if not summary:
        subject = "It does not differ" if count.startswith("1 of") else "None of them differs"
        return count + (
            f"{subject} from the family, the region or the nation by more than chance would "
            "explain, as far as the figures allow a judgement."
        )
    labels: dict[tuple[str, str], list[str]] = {}
    for verdict, label, name in summary:
        labels.setdefault((verdict, name), []).append(label)
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for (verdict, name), against in labels.items():
        grouped.setdefault((verdict, tuple(against)), []).append(name)
    said = [
        f"{verdict} than {narrative.join(list(against))}: {narrative.join(names)}"
        for verdict in ("worse", "better")
        for (kind, against), names in grouped.items()
        if kind == verdict
    ]
    return (
        count
        + "Beyond what chance would explain, "
        + "; ".join(said)
        + ". Every other comparison could be chance, or cannot be judged from the published "
        "figures."
    )


def overview(ctx: ReportContext, heading: str | None = "Headline indicators") -> None:
    """Show the table of headline indicators and a short summary in plain English."""
    frame, summary = overview_rows(ctx)
    caption = (
        f"Headline indicators for {ctx.yjs}: the latest figure of each to {ctx.period_end:%B %Y} "
        "(counts in brackets), in its own unit"
    )
    shown = frame.drop(columns=["Lag", "Why"])
    missing = frame[frame[ctx.yjs] == "no figure"]
    parts = [
        page.heading_html(heading),
        page.paragraph(summary_sentence(summary, frame, ctx.yjs)),
        tables.html_table(shown, caption),
    ]
    if len(missing):
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{html.escape(r['Indicator'])}: no figure, because {html.escape(r['Why'])}."
                "</li>"
                for _, r in missing.iterrows()
            )
            + "</ul>"
        )
    parts.append(
        page.paragraph(
            "✔ better and ✘ worse mean the 95% interval of the service's figure excludes the "
            "comparator's; ● could be chance means it does not; – cannot be judged means no "
            "counts are published for the figure, or there is no figure. [c] marks a figure "
            f"{disclosure.why_hidden(ctx.threshold)}."
        )
    )
    page.show(*parts)


# ---------------------------------------------------------------------------------------------
# Tables of recent figures


def counts_table(
    ctx: ReportContext,
    indicators: list[str],
    last: int = 8,
    heading: str | None = None,
    since: str | None = None,
    what: str | None = None,
) -> None:
    """Show recent rolling 12-month figures of several indicators, small numbers hidden.

    One series only: the service's own figures for the 12 months ending each quarter, newest
    last, each labelled by the month it ends; a count is shown beside its rate.

    Parameters
    ----------
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
    rows = rows[series.twelve_months(rows) & rows["period_end"].dt.month.isin([3, 6, 9, 12])]
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
        table[spec.short_title + unit] = cells
    parts = [
        page.heading_html(heading),
        tables.html_table(
            table, f"{ctx.yjs}: rolling 12-month figures from the service's own records"
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


def key_performance_indicators(ctx: ReportContext, heading: str | None = None) -> None:
    """Show the YJB's key performance indicators since April 2023, with the YJB's caveat."""
    counts_table(
        ctx,
        KPIS,
        last=4,
        heading=heading,
        since=f"{KPI_START:%Y-%m-%d}",
        what="the YJB's key performance indicators",
    )
    if not page.explained(ctx, tuple(KPIS)):
        page.show(
            page.paragraph(
                "The YJB says the new KPI data are still being refined and not yet suitable "
                "for decision-making."
            )
        )


# ---------------------------------------------------------------------------------------------
# Groups (pupil groups, ETE status, ethnic groups)


def _wanted_areas(ctx: ReportContext, areas: list[str] | None) -> set[tuple[str, str]]:
    roles = page.roles(ctx)
    if areas is None:
        return {("yjs", ctx.yjs), *(roles[k] for k in ("family", "nation") if k in roles)}
    found = {("yjs", ctx.yjs)} if ctx.yjs in areas else set()
    for comp in ctx.comparators:
        if comp.area in areas:
            found.add((comp.area_type, comp.area))
    return found


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
    when = narrative.row_period(frame.iloc[0])
    ownrows = frame[(frame["area_type"] == "yjs") & (frame["group"] != "Unknown")]
    ownrows = ownrows.dropna(subset=["value"])
    finding = ""
    compared = frame[frame["area_type"] != "yjs"]
    one_comparator = compared["area"].nunique() == 1
    if len(ownrows) >= 2 and one_comparator:
        finding = _largest_gap(ownrows, compared, spec)
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
    parts.append(plots.show(fig, f"Bar chart. {title}. {described}", note, page.where_from(frame)))
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
        "higher": ", larger than chance would explain",
        "lower": ", larger than chance would explain",
        "similar": ", which could be chance",
    }.get(verdict, "")
    return (
        f": the largest difference from {row['area_other']} is for {row['label']} "
        f"({spec.format(row['value'])} against {spec.format(row['value_other'])}{chance})"
    )


def disproportionality(
    ctx: ReportContext,
    heading: str | None = "Each stage of the system",
    breakdown: str = "ethnicity",
) -> None:
    """Show the ethnic make-up of each stage, relative rate indices, and what they say.

    Every stage is taken for one period (the latest of the service's own records) beside the
    Census population; each stage is labelled with its period. A group whose count is hidden is
    marked [c], and a stage with every group hidden is named. The nation's make-up of children
    cautioned or sentenced follows as a comparison.

    Parameters
    ----------
    breakdown : {"ethnicity", "ethnicity_combined"}
        Single ethnic groups, or White and ethnic minority children together (the report
        behind this project's view, which often survives disclosure control where single
        groups at the higher stages cannot).
    """
    stages = [i for i, _ in benchmark.STAGES[1:]]
    rows = ctx.table[
        ctx.table["indicator"].isin(stages)
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == breakdown)
    ]
    period = rows.sort_values("period_end")["period"].iloc[-1] if len(rows) else None
    found = benchmark.disproportionality(ctx.table, ctx.yjs, period, breakdown=breakdown)
    if found.empty:
        page.missing(
            ctx,
            breakdown,
            heading,
            f"There are no figures by ethnic group for {ctx.yjs} in the inputs.",
        )
        return
    found = found[found["group"] != "Unknown"]
    found = page.ordered(found, breakdown)
    periods = {}
    for indicator, part in found.groupby("indicator", sort=False):
        row = ctx.table[
            (ctx.table["indicator"] == indicator) & (ctx.table["period"] == part["period"].iloc[0])
        ].iloc[0]
        periods[indicator] = narrative.row_period(row, short=True)
    labels = {i: f"{label} ({periods[i]})" for i, label in benchmark.STAGES if i in periods}
    shares = found.assign(
        stage=found["indicator"].map(labels),
        share=found["share"].astype(float),
        hidden=found["share"].isna(),
    )
    shares = shares.sort_values(
        "indicator",
        key=lambda s: s.map({i: k for k, (i, _) in enumerate(benchmark.STAGES)}),
        kind="stable",
    )
    shares = page.ordered(shares, breakdown)
    when = periods.get(next((i for i in stages if i in periods), ""), "")
    # The combined groups' charts stand beside the single groups' on one page: their titles
    # say which they show.
    combined = breakdown == ethnicity.COMBINED
    makeup = "White and ethnic minority make-up" if combined else "Ethnic make-up"
    title = (
        f"{makeup} of children at each stage of the youth justice system in {ctx.yjs}, "
        f"{when}, beside the 10 to 17 population"
    )
    fig = plots.stages(shares[["group", "stage", "share", "hidden"]], title)
    described = "; ".join(
        f"{stage}: "
        + ", ".join(
            f"{g} {'hidden' if h else f'{s:.0f}%'}"
            for g, s, h in zip(part["group"], part["share"], part["hidden"], strict=True)
        )
        for stage, part in shares.groupby("stage", sort=False)
    )
    blank = [s for s, part in shares.groupby("stage", sort=False) if part["hidden"].all()]
    some = [
        s
        for s, part in shares.groupby("stage", sort=False)
        if part["hidden"].any() and not part["hidden"].all()
    ]
    words = []
    if blank:
        words.append(
            f"Every group's figure is marked [c] at {narrative.join(blank)}, each "
            f"{disclosure.why_hidden(ctx.threshold)}."
        )
    if some:
        words.append(f"Some groups are hidden ([c]) at {narrative.join(some)}.")
    source_rows = ctx.table[
        ctx.table["indicator"].isin(shares["indicator"])
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["area_type"] == "yjs")
        & ctx.table["period"].isin(shares["period"])
    ]
    parts = [
        page.heading_html(heading),
        page.paragraph(_stages_sentence(ctx, found)),
        plots.show(
            fig,
            "Bar charts of each ethnic group's share at each stage. " + described,
            " ".join(words) or None,
            page.where_from(source_rows),
        ),
    ]
    # Every stage's rows go to the sentence (it says where no index is assessed, and why); the
    # chart draws the groups that have an index.
    ratios = found[found["indicator"] != "population_share_10_17"]
    ratios = ratios.assign(stage=ratios["indicator"].map(labels))
    drawn = ratios[ratios["group"] != benchmark.REFERENCE_GROUP].dropna(subset=["rri"])
    if drawn.empty and not (found["indicator"] == "population_share_10_17").any():
        parts.append(
            page.paragraph(
                "Relative rate indices need the 10 to 17 population by ethnic group "
                "(Census 2021), which is not among the inputs; the shares above can "
                "still be compared between stages."
            )
        )
    else:
        sentence = _rri_sentence(ratios)
        who = "children from ethnic minorities, together, are" if combined else "each group is"
        if not combined and drawn["group"].nunique() == 1:  # one group: no legend names it
            who = f"{drawn['group'].iloc[0]} children are"
        title = (
            f"How many times as likely {who} as White children to be at each stage in "
            f"{ctx.yjs}, {when} (relative rate index)"
        )
        parts += [
            page.heading_html("Relative rate index", 3),
            page.paragraph(
                "A relative rate index (RRI) compares a group's rate at a stage, per child of "
                "that group in the population, with White children's rate: 1 means as likely, "
                "2 twice as likely, 0.5 half as likely. The lines are 95% intervals; where one "
                "crosses 1, the difference could be chance."
            ),
            page.paragraph(sentence),
        ]
        if not drawn.empty:
            fig = plots.ratios(drawn, title)
            alt = "Chart of relative rate indices by stage. " + sentence
            parts.append(plots.show(fig, alt, None, page.where_from(source_rows)))
    if ctx.audience == "analyst":
        columns = [
            "stage",
            "period",
            "group",
            "count",
            "total",
            "share",
            "share_lower",
            "share_upper",
            "population_share",
            "rri",
            "rri_lower",
            "rri_upper",
        ]
        parts.append(
            tables.html_table(
                shares.assign(stage=shares["stage"])[columns].round(2), "Figures behind the charts"
            )
        )
    page.show(*parts)
    _national_make_up(ctx, breakdown)


def _stages_sentence(ctx: ReportContext, found: pd.DataFrame) -> str:
    """Say how to read the stage chart, naming what it has (the population, the stages)."""
    population = (found["indicator"] == "population_share_10_17").any()
    count = found.loc[found["indicator"] != "population_share_10_17", "indicator"].nunique()
    shown = (
        f"its share of the children aged 10 to 17 living in {ctx.yjs} (grey, from the Census) and "
        if population
        else ""
    )
    stages = (
        "at each stage, from the lowest (out-of-court disposals) to the highest (custody)"
        if count > 1
        else "at the one stage the inputs give"
    )
    combined = (
        "Children of every ethnic minority group are taken together here, against White "
        "children, as the single groups are often too few to show at the higher stages. "
        if (found["group"] == "Ethnic minority").any()
        else ""
    )
    return (
        combined
        + f"Each panel is one ethnic group: {shown}its share of the children {stages}. "
        + (
            "A share that grows from stage to stage means disproportion grows further into "
            "the system."
            if count > 1
            else "Without other stages, whether disproportion grows further into the system "
            "cannot be seen."
        )
    )


def _national_make_up(ctx: ReportContext, breakdown: str = "ethnicity") -> None:
    """Compare the make-up of children cautioned or sentenced with the nation's, same year."""
    nation = page.roles(ctx).get("nation")
    if nation is None:
        return
    combined = breakdown == ethnicity.COMBINED
    breakdown_chart(
        ctx,
        "cautioned_or_sentenced_share",
        breakdown,
        areas=[ctx.yjs, nation[1]],
        heading="White and ethnic minority children cautioned or sentenced" if combined else None,
        against=nation[1],  # the heading names the nation only where the chart draws it
    )
    if combined:
        return
    page.show(
        page.paragraph(
            f"A relative rate index for {nation[1]} needs its 10 to 17 population by ethnic "
            "group, which the inputs do not give; the shares above compare the make-up of the "
            "children cautioned or sentenced in the same year."
        )
    )


# ---------------------------------------------------------------------------------------------
# Reoffending cohort


def _moved(before: float, after: float, words: tuple[str, str, str]) -> str:
    """Pick the word for up, down or unchanged."""
    return words[0] if after > before else words[1] if after < before else words[2]


def cohort_size(
    ctx: ReportContext, heading: str | None = "Cohort size and reoffending rate"
) -> None:
    """Show the reoffending cohort's size beside its reoffending rate, year by year.

    The sentence says whether the cohort grew or shrank and how the rate moved; where a smaller
    cohort comes with a higher rate it adds why that can happen (the children left in a cohort
    shrunk by diversion have the most complex needs).
    """
    rows = ctx.rows("reoffending_binary", ctx.yjs)
    rows = rows[(rows["breakdown"] == "total") & rows["denominator"].notna()]
    kinds = (
        rows.apply(lambda r: narrative.period_kind(r["period_start"], r["period_end"]), axis=1)
        if len(rows)
        else pd.Series(dtype=str)
    )
    rows = rows[kinds == "financial"].sort_values("period_end") if len(rows) else rows
    rows = rows[rows["status"] != "suppressed"]
    if len(rows) < 2:
        page.missing(
            ctx,
            ("reoffending_binary", "cohort"),
            heading,
            "Cohort sizes come from the service's own case-level records (the published "
            "reoffending rates carry no cohort counts), and the inputs have fewer than two "
            f"years of them for {ctx.yjs}.",
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
    size = _moved(first["cohort"], last["cohort"], ("grew", "shrank", "stayed the same size"))
    rate = _moved(first["rate"], last["rate"], ("rose", "fell", "stayed the same"))
    sentence = (
        f"The cohort {size}, from {first['cohort']:,.0f} children in {first['period']} to "
        f"{last['cohort']:,.0f} in {last['period']} (financial years), while the proven "
        f"reoffending rate {rate}, from {first['rate']:.1f}% to {last['rate']:.1f}%."
    )
    if last["cohort"] < first["cohort"] and last["rate"] > first["rate"]:
        sentence += (
            " A smaller cohort holds a larger share of the children with the most complex "
            "needs, so a higher rate can come with fewer children reoffending."
        )
    title = (
        f"Reoffending cohort in {ctx.yjs} {size} ({first['cohort']:,.0f} to "
        f"{last['cohort']:,.0f} children) and its rate {rate}, {first['period']} to "
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
            page.where_from(rows),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Definitions and data quality


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
    hidden = ctx.suppressed[
        ctx.suppressed["indicator"].isin(indicators) & ctx.suppressed["area"].eq(ctx.yjs)
    ]
    if len(hidden):
        notes.append(
            f"{len(hidden)} figures from the service's own records are marked [c], each "
            f"{disclosure.why_hidden(ctx.threshold)}."
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


def _rri_sentence(ratios: pd.DataFrame) -> str:
    white = benchmark.REFERENCE_GROUP
    unassessed = ratios[(ratios["group"] == white) & (ratios["stage_note"] != "")]
    assessed = ratios[~ratios["stage"].isin(unassessed["stage"]) & (ratios["group"] != white)]
    # A group whose own count is hidden has no index at that stage: nothing is said about it
    # there, and the sentence says so, rather than counting it among the groups found similar.
    untested = assessed[assessed["rri"].isna()]
    assessed = assessed.dropna(subset=["rri"])
    parts = []
    for group, part in assessed.groupby("group", sort=False):
        real = part[part["rri_significant"]]
        if real.empty:
            continue
        stages = ", ".join(
            f"{r['stage'].lower()} ({r['rri']:.1f} times)" for _, r in real.iterrows()
        )
        parts.append(
            f"{group} children are more likely than {white} children to be at these "
            f"stages, beyond what chance would explain: {stages}"
            if (real["rri"] > 1).all()
            else f"{group} children differ from {white} children beyond chance at: {stages}"
        )
    rising = []
    for group, part in assessed.groupby("group", sort=False):
        values = part.dropna(subset=["rri"])["rri"].tolist()
        if len(values) >= 3 and values[-1] > values[0] * 1.5:
            rising.append(group)
    if parts:
        text = ". ".join(parts) + "."
    elif not assessed.empty:
        where = " at the stages assessed" if len(unassessed) + len(untested) else ""
        text = (
            f"No group's rate differs from {white} children's{where} by more than chance "
            "would explain."
        )
    else:
        text = ""
    if rising:
        text += (
            " The disproportion grows further into the system for "
            + ", ".join(rising)
            + " children."
        )
    for (stage, note), part in untested.groupby(["stage", "rri_note"], sort=False):
        groups = list(part["group"])
        who = narrative.join(groups, "or")
        why = str(note).removeprefix("not assessed: ")
        if len(groups) > 1:
            why = why.replace("the group's", "each group's")
        text += (
            f" At the {stage.lower()} stage no relative rate index is assessed for {who} "
            f"children: {why}."
        )
    for _, row in unassessed.iterrows():
        text += (
            f" At the {row['stage'].lower()} stage no relative rate index is assessed: "
            f"{row['stage_note']}."
        )
    per = ratios["rri_denominator"].dropna()
    if not per.empty and per.iloc[0]:
        interval = "exact" if per.iloc[0] == "children aged 10 to 17" else "score"
        text += (
            f" Each index is the share of a group's {per.iloc[0]} who are at the stage, over "
            f"the same share for {white} children ({interval} 95% intervals)."
        )
    return text.strip()
