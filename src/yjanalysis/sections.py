"""The building blocks of the numbered notebooks, each one call in one cell.

Every function takes the :class:`~yjanalysis.context.ReportContext` of the notebook, shows what
it has to show (sentences, a chart with alt text, a table) and, where there is nothing to show,
says what is missing and why; none raises for missing data. What a board sees and what an
analyst sees differ only in the tables behind the charts (``audience="analyst"``).
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown, display

from yjanalysis import benchmark, disclosure, narrative, plots, stats, tables
from yjanalysis.context import ReportContext
from yjanalysis.indicators.catalogue import indicator as catalogue_indicator

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


def _note(text: str) -> None:
    display(HTML(f'<p class="yj-note">{html.escape(text)}</p>'))


def _period(ctx: ReportContext, indicator: str, breakdown="total", group="all"):
    return benchmark.latest_period(ctx.table, ctx.yjs, indicator, breakdown, group)


def header(ctx: ReportContext, title: str) -> None:
    """Show the report's first screen: the synthetic-data banner, service, period, audience."""
    display(HTML(tables.STYLE))
    if ctx.synthetic:
        display(
            HTML(
                '<p class="yj-banner" role="alert">Synthetic demo data: every figure on this page '
                "is made up by the yjanalysis demo generator. None of it describes a real service "
                "or child.</p>"
            )
        )
    who = "management board" if ctx.audience == "board" else "analyst"
    display(
        Markdown(
            f"**{html.escape(ctx.yjs)} Youth Justice Service — {title}.** Figures to "
            f"{ctx.period_end:%B %Y}, for the {who}. Comparisons say *higher* or *lower* only "
            "where the difference is larger than chance would explain (95% intervals)."
        )
    )


def headline(ctx: ReportContext, indicator: str, breakdown="total", group="all") -> None:
    """Show the plain-English paragraph and a chart comparing the service with its comparators."""
    spec = catalogue_indicator(indicator)
    period = _period(ctx, indicator, breakdown, group)
    found = ctx.compare(indicator, period, breakdown, group) if period else None
    display(
        Markdown(
            narrative.describe(
                ctx.table,
                ctx.yjs,
                indicator,
                period,
                breakdown,
                group,
                ctx.families,
                comparison=found,
            )
        )
    )
    if period is None:
        return
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    if own is None or own["status"] == "suppressed" or pd.isna(own["value"]):
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
    words = _finding(ctx, spec, found)
    fig = plots.comparison(pd.DataFrame(bars), spec, f"{words} ({period})")
    alt = (
        f"Bar chart of the {spec.phrase} in {period}: {ctx.yjs} "
        f"{spec.format(own['value'])}; "
        + "; ".join(
            f"{r['comparator']} {spec.format(r['comparator_value'])}" for _, r in found.iterrows()
        )
    )
    display(plots.show(fig, alt, "Black lines show the 95% interval of the service's figure."))
    if ctx.audience == "analyst" and not found.empty:
        shown = found[
            ["comparator", "comparator_value", "comparator_method", "difference", "verdict"]
        ]
        display(HTML(tables.html_table(shown, f"Comparisons behind the chart ({period})")))


def _finding(ctx, spec, found) -> str:
    if found.empty:
        return f"{ctx.yjs}: {spec.short_title}"
    real = found[found["difference"].isin(["higher", "lower"])]
    if real.empty:
        if (found["difference"] == "not assessed").all():
            return f"{spec.short_title}: {ctx.yjs} beside its comparators"
        return f"{spec.short_title} in {ctx.yjs} is similar to its comparators"
    first = real.iloc[0]
    return f"{spec.short_title} in {ctx.yjs} is {first['difference']} than {first['label']}"


def trend(
    ctx: ReportContext,
    indicator: str,
    breakdown="total",
    group="all",
    rolling: bool | None = None,
    years: int = 5,
) -> None:
    """Show the service's figure over time beside its comparators, with a trend test.

    Parameters
    ----------
    rolling : bool, optional
        ``True`` for rolling 12-month periods ending each quarter, ``False`` for years only,
        ``None`` for whichever the service has most of.
    years : int
        How many years back to show.
    """
    spec = catalogue_indicator(indicator)
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["breakdown"] == breakdown)
        & (ctx.table["group"] == group)
    ]
    rows = rows[ctx.shown_areas(rows) & rows["value"].notna()]
    span = (rows["period_end"] - rows["period_start"]).dt.days
    rows = rows[span.between(300, 370)]  # 12-month periods only
    annual = rows["period"].str.fullmatch(r"\d{4}(-\d\d|/\d\d)?")
    own = rows[(rows["area"] == ctx.yjs) & (rows["area_type"] == "yjs")]
    if own.empty:
        _note(f"No series of the {spec.phrase} for {ctx.yjs} in the inputs.")
        return
    if rolling is None:
        rolling = (~annual[own.index]).sum() > annual[own.index].sum()
    if not rolling:
        # One kind of year only (financial, academic or calendar), so that years do not overlap.
        kinds = own["period"].str.extract(r"^\d{4}(-|/)?")[0].fillna("calendar")
        chosen = kinds[annual[own.index]].value_counts()
        if not chosen.empty:
            kind = chosen.index[0]
            row_kinds = rows["period"].str.extract(r"^\d{4}(-|/)?")[0].fillna("calendar")
            annual &= row_kinds.eq(kind)
        rows = rows[annual]
    start = ctx.period_end - pd.DateOffset(years=years)
    rows = rows[rows["period_end"] > start]
    own = rows[(rows["area"] == ctx.yjs) & (rows["area_type"] == "yjs")].sort_values("period_end")
    if own.empty:
        _note(
            f"No {('rolling' if rolling else 'annual')} series of the {spec.phrase} for "
            f"{ctx.yjs} in the last {years} years."
        )
        return
    sentence = _trend_sentence(own, spec, annual[own.index].all())
    first, last = own.iloc[0], own.iloc[-1]
    title = (
        f"{spec.short_title} in {ctx.yjs} went from {spec.format(first['value'], unit=False)} "
        f"to {spec.format(last['value'], unit=False)}, {first['period']} to {last['period']}"
    )
    fig = plots.trend(rows, spec, title, ctx.yjs)
    alt = (
        f"Line chart of the {spec.phrase} from {first['period']} to {last['period']}. "
        f"{ctx.yjs} went from {spec.format(first['value'])} to {spec.format(last['value'])}. "
        + sentence
    )
    display(Markdown(sentence))
    display(
        plots.show(
            fig,
            alt,
            "The shaded band is the 95% interval of the service's figure."
            if own["lower"].notna().any()
            else None,
        )
    )
    if ctx.audience == "analyst":
        pivot = rows.pivot_table(index="period", columns="area", values="value", sort=False)
        pivot = pivot.reindex(own["period"]).reset_index()
        display(HTML(tables.html_table(pivot, f"{spec.title} ({spec.unit})")))


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
    sentence = (
        f"Among {len(rows)} services in {period}, {ctx.yjs} "
        f"({spec.format(own['value'])}) is {place}. The limits are "
        f"{stats.funnel_method(kind, phi).replace('between areas', 'between services')}."
    )
    points = rows.assign(value=rows["value"].astype(float))
    fig = plots.funnel(
        points,
        limits,
        target * per,
        spec,
        f"{spec.short_title} among all services, {period}",
        ctx.yjs,
    )
    display(Markdown(sentence))
    display(plots.show(fig, "Funnel plot. " + sentence))


def overview_rows(ctx: ReportContext) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """Return the headline table (one row per indicator) and the real differences found.

    Returns
    -------
    tuple
        The table as shown, and ``(verdict, comparator label, indicator name)`` for each
        headline that is better or worse than its family (or, without one, its nation).
    """
    rows, summary = [], []
    for indicator, breakdown, group in HEADLINES:
        spec = catalogue_indicator(indicator)
        period = _period(ctx, indicator, breakdown, group)
        name = spec.short_title + ("" if group == "all" else f" ({group})")
        if period is None:
            rows.append(
                {
                    "Indicator": name,
                    "Period": "–",
                    ctx.yjs: "no figure",
                    "Family": "–",
                    "Region": "–",
                    "National": "–",
                    "Against the family": "–",
                    "Against the nation": "–",
                    "Since the year before": "–",
                }
            )
            continue
        own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
        found = ctx.compare(indicator, period, breakdown, group)
        by_type = {r["comparator_type"]: r for _, r in found.iterrows()}
        national = (
            by_type.get("england_wales")
            if ctx.country == "Wales"
            else by_type.get("country", by_type.get("england_wales"))
        )

        def value(row, spec=spec):
            return spec.format(row["comparator_value"], unit=False) if row is not None else "–"

        if own["status"] == "suppressed":
            shown = disclosure.MARKER
        else:
            shown = spec.format(own["value"])
            if pd.notna(own["numerator"]) and spec.unit != "children":
                shown += f" ({own['numerator']:,.0f})"
        change = benchmark.change(ctx.table, ctx.yjs, indicator, period, 1, breakdown, group)
        if own["status"] == "suppressed" or not change:
            travel = "–"
        else:
            travel = {"up": "▲ up", "down": "▼ down", "no change": "● same"}[change["direction"]]
            travel += {True: ", beyond chance", False: ", could be chance", None: ""}[
                change["beyond_chance"]
            ]
        family = by_type.get("family")
        rows.append(
            {
                "Indicator": name,
                "Period": period,
                ctx.yjs: shown,
                "Family": value(family),
                "Region": value(by_type.get("region")),
                "National": value(national),
                "Against the family": tables.marker(family["verdict"])
                if family is not None
                else "–",
                "Against the nation": (
                    tables.marker(national["verdict"]) if national is not None else "–"
                ),
                "Since the year before": travel,
            }
        )
        for against in (family, by_type.get("region"), national):
            if against is not None and against["verdict"] in ("better", "worse"):
                summary.append((against["verdict"], against["label"], spec.short_title.lower()))
    return pd.DataFrame(rows), summary


def summary_sentence(summary: list[tuple[str, str, str]]) -> str:
    """Say in one sentence which headlines differ from their comparators beyond chance."""
    if not summary:
        return (
            "In short: no headline figure differs from the family, the region or the nation by "
            "more than chance would explain, as far as the figures allow a judgement."
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
        "In short, beyond what chance would explain, "
        + "; ".join(said)
        + ". Every other comparison is within what chance would produce, or cannot be judged "
        "from the published figures."
    )


def overview(ctx: ReportContext) -> None:
    """Show the table of headline indicators and a short summary in plain English."""
    frame, summary = overview_rows(ctx)
    caption = (
        f"Headline indicators for {ctx.yjs}: latest figures to {ctx.period_end:%B %Y} "
        "(counts in brackets)"
    )
    display(Markdown(summary_sentence(summary)))
    display(HTML(tables.html_table(frame, caption)))
    display(
        Markdown(
            "✔ better and ✘ worse mean the 95% interval of the service's figure excludes the "
            "comparator; ● means the difference could be chance; – means it cannot be judged "
            f"(no counts are published) or there is no figure. [c] marks a figure "
            f"{disclosure.why_hidden(ctx.threshold)}."
        )
    )


def counts_table(ctx: ReportContext, indicators: list[str], last: int = 8) -> None:
    """Show the recent figures of several indicators for the service, small numbers hidden."""
    rows = ctx.table[
        ctx.table["indicator"].isin(indicators)
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == "total")
    ]
    if rows.empty:
        _note(
            "No figures for "
            + ", ".join(catalogue_indicator(i).phrase for i in indicators)
            + f" for {ctx.yjs}: these come from the service's own case-level extract."
        )
        return
    rows = rows.sort_values("period_end")
    frame = rows.pivot_table(
        index="period",
        columns="indicator",
        values="value",
        sort=False,
        aggfunc="first",
        dropna=False,
    )
    hidden = rows.pivot_table(
        index="period", columns="indicator", values="status", sort=False, aggfunc="first"
    )
    for column in frame.columns:
        spec = catalogue_indicator(column)
        frame[column] = frame[column].map(
            lambda v, spec=spec: spec.format(v) if pd.notna(v) else "–"
        )
    frame = frame.where(hidden != "suppressed", "[c]")
    frame = frame.tail(last).rename(columns=lambda c: catalogue_indicator(c).short_title)
    display(
        HTML(
            tables.html_table(
                frame.reset_index().rename(columns={"period": "Period"}),
                f"{ctx.yjs}: recent figures",
            )
        )
    )


def breakdown_chart(
    ctx: ReportContext,
    indicator: str,
    breakdown: str,
    areas: list[str] | None = None,
    title: str | None = None,
) -> None:
    """Show one indicator's groups (pupil groups, ETE status) for the service and comparators."""
    spec = catalogue_indicator(indicator)
    rows = ctx.table[
        (ctx.table["indicator"] == indicator) & ctx.table["breakdown"].isin([breakdown, "total"])
    ]
    if areas is None:
        wanted = {("yjs", ctx.yjs), ("family", f"{ctx.yjs} family"), ("country", ctx.country)}
    else:
        kinds = ("family", "region", "country", "england_wales")
        wanted = {("yjs", a) if a == ctx.yjs else (k, a) for a in areas for k in kinds}
    pairs = pd.Series(list(zip(rows["area_type"], rows["area"], strict=True)), index=rows.index)
    rows = rows[pairs.isin(wanted) & rows["value"].notna()]
    own = rows[rows["area_type"] == "yjs"]
    if own.empty:
        _note(f"No figures for the {spec.phrase} by {breakdown.replace('_', ' ')} for {ctx.yjs}.")
        return
    latest = {}
    for area, group in rows.groupby("area"):
        latest[area] = group[group["period_end"] == group["period_end"].max()]
    frame = pd.concat(latest.values())
    frame = frame.assign(
        group=frame["group"].replace({"all": "All pupils" if breakdown == "pupil_group" else "All"})
    )
    period = own.sort_values("period_end")["period"].iloc[-1]
    title = title or f"{spec.short_title} by group, {period}"
    fig = plots.grouped_bars(
        frame,
        "group",
        "area",
        "value",
        spec.unit if spec.unit != "score" else "average score",
        title,
    )
    described = "; ".join(
        f"{r['area']}, {r['group']}: {spec.format(r['value'])}" for _, r in frame.iterrows()
    )
    display(plots.show(fig, f"Bar chart. {title}. {described}"))
    if ctx.audience == "analyst":
        table = frame.pivot_table(index="group", columns="area", values="value", sort=False)
        display(HTML(tables.html_table(table.reset_index(), title)))


def disproportionality(ctx: ReportContext) -> None:
    """Show the ethnic make-up of each stage, relative rate indices, and what they say."""
    found = benchmark.disproportionality(ctx.table, ctx.yjs)
    if found.empty:
        _note(f"No figures by ethnic group for {ctx.yjs} in the inputs.")
        return
    found = found[found["group"] != "Unknown"]
    shares = found.assign(share=found["share"].astype(float))
    fig = plots.grouped_bars(
        shares,
        "stage",
        "group",
        "share",
        "per cent of children",
        f"Ethnic make-up of each stage, {ctx.yjs}",
    )
    described = "; ".join(
        f"{stage}: "
        + ", ".join(
            f"{g} {s:.0f}%"
            for g, s in zip(part["group"], part["share"], strict=True)
            if pd.notna(s)
        )
        for stage, part in shares.groupby("stage", sort=False)
    )
    display(
        plots.show(
            fig,
            "Bar chart of each ethnic group's share at each stage. " + described,
            "Shares of children at each stage; a hidden count leaves a gap.",
        )
    )
    ratios = found[found["indicator"] != "population_share_10_17"].dropna(subset=["rri"])
    if ratios.empty:
        _note(
            "Relative rate indices need the 10 to 17 population by ethnic group (Census "
            "2021), which is not among the inputs; the shares above can still be compared "
            "between stages."
        )
    else:
        display(
            plots.show(
                plots.ratios(ratios, f"Relative rate index against White children, {ctx.yjs}"),
                "Chart of relative rate indices by stage. " + _rri_sentence(ratios),
            )
        )
        display(Markdown(_rri_sentence(ratios)))
    if ctx.audience == "analyst":
        columns = [
            "stage",
            "period",
            "group",
            "count",
            "total",
            "share",
            "population_share",
            "rri",
            "rri_lower",
            "rri_upper",
        ]
        display(HTML(tables.html_table(found[columns].round(2), "Figures behind the charts")))


def _rri_sentence(ratios: pd.DataFrame) -> str:
    reference = benchmark.REFERENCE_GROUP
    unassessed = ratios[(ratios["group"] == reference) & (ratios["stage_note"] != "")]
    assessed = ratios[~ratios["stage"].isin(unassessed["stage"]) & (ratios["group"] != reference)]
    parts = []
    for group, part in assessed.groupby("group", sort=False):
        real = part[part["rri_significant"]]
        if real.empty:
            continue
        stages = ", ".join(
            f"{r['stage'].lower()} ({r['rri']:.1f} times)" for _, r in real.iterrows()
        )
        parts.append(
            f"{group} children are more likely than {reference} children to be at these "
            f"stages, beyond what chance would explain: {stages}"
            if (real["rri"] > 1).all()
            else f"{group} children differ from {reference} children beyond chance at: {stages}"
        )
    rising = []
    for group, part in assessed.groupby("group", sort=False):
        values = part.dropna(subset=["rri"])["rri"].tolist()
        if len(values) >= 3 and values[-1] > values[0] * 1.5:
            rising.append(group)
    if parts:
        text = ". ".join(parts) + "."
    elif not assessed.empty:
        where = " at the stages assessed" if not unassessed.empty else ""
        text = (
            f"No group's rate differs from {reference} children's{where} by more than chance "
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
            f"the same share for {reference} children ({interval} 95% intervals)."
        )
    return text.strip()


def cohort_size(ctx: ReportContext) -> None:
    """Show the reoffending cohort's size beside its reoffending rate, year by year.

    A shrinking cohort (more children diverted) leaves the most complex children in it, so the
    rate can rise while fewer children reoffend: the report's point, shown with the numbers.
    """
    rows = ctx.rows("reoffending_binary", ctx.yjs)
    rows = rows[(rows["breakdown"] == "total") & rows["denominator"].notna()]
    rows = rows[(rows["period_end"] - rows["period_start"]).dt.days.between(300, 370)]
    rows = rows[rows["period"].str.fullmatch(r"\d{4}-\d\d")].sort_values("period_end")
    if len(rows) < 2:
        _note(
            "Cohort sizes come from the service's own case-level extract (the published "
            "reoffending rates carry no cohort counts), and the inputs have too few years."
        )
        return
    frame = pd.DataFrame(
        {"period": rows["period"], "cohort": rows["denominator"], "rate": rows["value"]}
    )
    first, last = frame.iloc[0], frame.iloc[-1]
    sentence = (
        f"The cohort went from {first['cohort']:,.0f} children in {first['period']} to "
        f"{last['cohort']:,.0f} in {last['period']}, while the proven reoffending rate went "
        f"from {first['rate']:.1f}% to {last['rate']:.1f}%."
    )
    if last["cohort"] < first["cohort"] and last["rate"] > first["rate"]:
        sentence += (
            " A smaller cohort holds a larger share of the children with the most complex "
            "needs, so a higher rate can come with fewer children reoffending."
        )
    display(Markdown(sentence))
    fig = plots.cohort(frame, f"Reoffending cohort and rate, {ctx.yjs}")
    display(plots.show(fig, "Chart of cohort size and reoffending rate by year. " + sentence))


def definitions(ctx: ReportContext, indicators: list[str]) -> None:
    """Show each indicator's definition, its sources and the periods and populations used."""
    lines = []
    for indicator in indicators:
        spec = catalogue_indicator(indicator)
        rows = ctx.rows(indicator, ctx.yjs)
        sources = sorted({s.split(" (")[0] for s in rows["source"].dropna()})
        ordered = rows.sort_values(["period_end", "period_start", "period"])
        periods = list(dict.fromkeys(ordered["period"]))
        methods = sorted(
            {re.sub(r"mid-\d{4}", "matching mid-year", m) for m in rows["method"].dropna()}
        )
        text = f"**{spec.title}** ({spec.unit}). {spec.definition} *Published by:* {spec.source}."
        if sources:
            text += f" *Inputs used:* {'; '.join(source_name(s) for s in sources)}."
        if periods:
            text += f" *Periods:* {periods[0]} to {periods[-1]}."
        if methods:
            text += f" *How computed:* {'; '.join(methods[:3])}."
        lines.append("- " + text)
    display(Markdown("\n".join(lines)))


def source_name(source: str) -> str:
    """Name an input for readers: the file's name, or the service's own extract."""
    if source.startswith("local extract"):
        return "the service's own case-level extract"
    return source.replace("\\", "/").split("/")[-1]


def data_quality(ctx: ReportContext, indicators: list[str]) -> None:
    """Show what the reader should know: missing services, suppressed cells, build notes."""
    notes = []
    if ctx.country == "Wales":
        notes.append(
            f"{ctx.yjs} is a Welsh service: DfE sources (first time entrants by local "
            "authority, reoffending, education) cover England only."
        )
    hidden = ctx.suppressed[
        ctx.suppressed["indicator"].isin(indicators) & ctx.suppressed["area"].eq(ctx.yjs)
    ]
    if len(hidden):
        notes.append(
            f"{len(hidden)} figures from the service's own records are hidden "
            f"([c]) because they rest on fewer than {ctx.threshold} children, or could "
            "be worked out from other figures."
        )
    for indicator in indicators:
        rows = ctx.rows(indicator)
        if rows.empty:
            notes.append(
                f"The inputs have no figures for the {catalogue_indicator(indicator).phrase}."
            )
        own_rows = rows["area"].eq(ctx.yjs) & rows["area_type"].eq("yjs")
        estimated = rows["method"].fillna("").str.contains("estimated") & own_rows
        if estimated.any():
            notes.append(
                f"Counts for the {catalogue_indicator(indicator).phrase} are estimated "
                "from the published rate and the 10 to 17 population."
            )
    for note in ctx.build.get("notes", []):
        if any(word in note for word in ("LAIT", "population", "extract", "suppressed")):
            notes.append(note)
    if ctx.synthetic:
        notes.append("These are synthetic demo data; no figure is real.")
    display(Markdown("\n".join(f"- {n}" for n in dict.fromkeys(notes)) or "- None."))
