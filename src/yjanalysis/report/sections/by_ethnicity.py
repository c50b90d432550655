"""Ethnic disproportionality: each group's share at each stage, and relative rate indices."""

from __future__ import annotations

import copy

import pandas as pd

from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import blocks, narrative, page, plots, tables, verdicts, wales
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.groups import breakdown_chart
from yjanalysis.vocabulary import ethnicity


@blocks.block
def disproportionality(
    ctx: ReportContext,
    heading: str | None = "Each stage of the system",
    breakdown: str = "ethnicity",
) -> None:
    """Show the ethnic make-up of each stage, relative rate indices, and what they say.

    Every stage is taken for one period beside the Census population: the year of the
    published make-up set beside the nation's, where the service's records have it, else
    their latest (:func:`_stages_period`, which the section's first paragraph states). A
    group whose count is hidden is marked [c], and a stage with every group hidden is named.
    The nation's make-up of children cautioned or sentenced follows as a comparison.

    Parameters
    ----------
    breakdown : {"ethnicity", "ethnicity_combined"}
        Single ethnic groups, or White and ethnic minority children together (the report
        behind this project's view, which often survives disclosure control where single
        groups at the higher stages cannot).
    """
    stages = [i for i, _ in benchmark.STAGES[1:]]
    found, rule = _stage_figures(ctx, breakdown)
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
    # Stages of one period, which the title names, are not labelled with it again
    # ("sentenced to custody (2023-24) (4.1 times)" read as two figures).
    one = len({p for i, p in periods.items() if i in stages}) == 1
    labels = {
        i: label if one and i in stages else f"{label} ({periods[i]})"
        for i, label in benchmark.STAGES
        if i in periods
    }
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
            f"Every group's figure is marked [c] at "
            f"{narrative.join([_stage(s) for s in blank])}, each "
            f"{disclosure.why_hidden(ctx.threshold)}."
        )
    if some:
        # A stage mid-sentence in lower case, its period as written ("at Out-of-court disposal").
        words.append(
            f"Some groups are hidden ([c]) at {narrative.join([_stage(s) for s in some])}."
        )
    # The rows the charts draw: each stage's groups, in that stage's period. Matched as pairs:
    # the Census's period "2021" also names the stages' calendar-2021 rows, which the chart
    # does not draw (the workbook's sheet held them).
    drawn_periods = pd.MultiIndex.from_frame(shares[["indicator", "period"]].drop_duplicates())
    source_rows = ctx.table[
        pd.MultiIndex.from_frame(ctx.table[["indicator", "period"]]).isin(drawn_periods)
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["area_type"] == "yjs")
        & ctx.table["breakdown"].eq(breakdown)
        & ctx.table["group"].isin(shares["group"])
    ]
    parts = [
        page.heading_html(heading),
        page.paragraph(f"{_stages_sentence(ctx, found)} {rule}".strip()),
        plots.show(
            fig,
            "Bar charts of each ethnic group's share at each stage. " + described,
            " ".join(words) or None,
            page.where_from(source_rows, ctx.publications),
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
                "(Census 2021), which is not available to this report; the shares above can "
                "still be compared between stages."
            )
        )
    else:
        sentence = _rri_sentence(ratios)
        who = "children from ethnic minorities, together, are" if combined else "each group is"
        if not combined and drawn["group"].nunique() == 1:  # one group: no legend names it
            who = f"{narrative.children_of(drawn['group'].iloc[0])} are"
        title = (
            f"How many times as likely {who} as White children to be at each stage in "
            f"{ctx.yjs}, {when} (relative rate index)"
        )
        parts += [
            page.heading_html("Relative rate index", 3),
            page.paragraph(
                "A relative rate index (RRI) compares a group's rate at a stage, per child of "
                "that group in the population, with White children's rate: 1 means as likely, "
                "2 twice as likely, 0.5 half as likely."
                # The chart's lines are explained only where a chart is drawn (a paper with
                # every index hidden spoke of lines it did not draw).
                + (
                    " The lines are 95% intervals; where one crosses 1, the difference "
                    f"{verdicts.COULD_BE_CHANCE}."
                    if not drawn.empty
                    else ""
                )
            ),
            page.paragraph(sentence),
        ]
        if not drawn.empty:
            fig = plots.ratios(drawn, title)
            alt = "Chart of relative rate indices by stage. " + sentence
            source = page.where_from(source_rows, ctx.publications)
            # The chart's own rows are the indices it draws (the workbook held the shares
            # behind them, not the indices: failed before).
            blocks.record(data=_index_rows(ctx, drawn, source_rows))
            parts.append(plots.show(fig, alt, None, source))
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
    if combined:
        single = _single_groups_beyond_chance(ctx)
        if single:
            page.show(page.paragraph(single))


def _stage_figures(ctx: ReportContext, breakdown: str) -> tuple[pd.DataFrame, str]:
    """Return each stage's figures by group, and the sentence naming their period.

    The figures are :func:`.benchmark.disproportionality`'s; the sentence is empty where the
    period is the latest.
    """
    rows = _stage_rows(ctx, breakdown)
    period, rule = _stages_period(ctx, rows)
    found = benchmark.disproportionality(ctx.table, ctx.yjs, period, breakdown=breakdown)
    if rule and period is not None:
        latest = rows.sort_values("period_end")["period"].iloc[-1]
        later = benchmark.disproportionality(ctx.table, ctx.yjs, latest, breakdown=breakdown)
        # Why not the latest is said only where it is so: fewer stages assessed then.
        if _assessed(later) < _assessed(found):
            rule = f"{rule[:-1]} (the {_period_named(rows, latest)} hides more)."
    return found, rule


def _assessed(found: pd.DataFrame) -> int:
    """Count the stages at which an index is assessed (White children's count shown)."""
    if found.empty:
        return 0
    white = found[
        (found["group"] == benchmark.REFERENCE_GROUP)
        & (found["indicator"] != benchmark.STAGES[0][0])
    ]
    return int((white["stage_note"] == "").sum())


def _stage_rows(ctx: ReportContext, breakdown: str) -> pd.DataFrame:
    """Return the service's rows of the stages above the population, in one breakdown."""
    return ctx.table[
        ctx.table["indicator"].isin([i for i, _ in benchmark.STAGES[1:]])
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == breakdown)
    ]


def _period_named(rows: pd.DataFrame, period: str) -> str:
    """Name a period of the stages' rows in words (``calendar year 2024``)."""
    return narrative.row_period(rows[rows["period"] == period].iloc[0])


def _stages_period(ctx: ReportContext, rows: pd.DataFrame) -> tuple[str | None, str]:
    """Choose the one period every stage is taken for, and say the rule in a sentence.

    The year of the published make-up of children cautioned or sentenced that the section
    sets beside the nation's (the YJB's Children table, financial year 2023-24 in the demo),
    where the service's own records have stages for it; else their latest period. An
    eleventh reading: the latest (calendar 2024) hid White children at every stage above the
    first, so Southampton's court stage went unassessed and Newport's custody (ethnic minority
    children 6 of the 11 sentenced to custody in 2023-24) unsaid. The sentence is empty where
    the latest period is used.
    """
    if rows.empty:
        return None, ""
    latest = rows.sort_values("period_end")["period"].iloc[-1]
    nation, _ = wales.make_up_area(ctx.table, ctx.yjs, page.roles(ctx))
    if nation is None:
        return latest, ""
    published = ctx.table[
        (ctx.table["indicator"] == "cautioned_or_sentenced_share")
        & (ctx.table["area_type"] == nation[0])
        & (ctx.table["area"] == nation[1])
        & ctx.table["value"].notna()
    ]
    if published.empty:
        return latest, ""
    year = published.sort_values("period_end").iloc[-1]
    if year["period"] == latest or not (rows["period"] == year["period"]).any():
        return latest, ""
    return year["period"], (
        f"Every stage is for the {narrative.row_period(year)}, as is the comparison with "
        f"{nation[1]} below."
    )


def _index_rows(ctx: ReportContext, drawn: pd.DataFrame, source_rows: pd.DataFrame) -> pd.DataFrame:
    """Return the relative rate indices a chart draws, as rows of the indicator table.

    Each is named by its stage (``Relative rate index, Sentenced at court (2024)``), with its
    interval and the source of the stage's figures; no count, as the chart gives none.
    """
    sources = source_rows.drop_duplicates("indicator").set_index("indicator")
    return pd.DataFrame(
        {
            "area_type": "yjs",
            "area": ctx.yjs,
            "indicator": [f"Relative rate index, {s}" for s in drawn["stage"]],
            "period": drawn["period"].to_numpy(),
            "period_end": [sources["period_end"].get(i) for i in drawn["indicator"]],
            "breakdown": [sources["breakdown"].get(i) for i in drawn["indicator"]],
            "group": drawn["group"].to_numpy(),
            "value": drawn["rri"].astype(float).to_numpy(),
            "lower": drawn["rri_lower"].astype(float).to_numpy(),
            "upper": drawn["rri_upper"].astype(float).to_numpy(),
            # No count: the index is drawn from shown figures, and the sheet adds none.
            "numerator": pd.NA,
            "denominator": pd.NA,
            "source": [sources["source"].get(i) for i in drawn["indicator"]],
            "own_records": [sources["own_records"].get(i) for i in drawn["indicator"]],
            "status": "computed",
            "method": (
                "the group's children at the stage per child of the group aged 10 to 17 "
                "(Census 2021), over the same for White children; 1 means as likely"
            ),
        }
    )


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
        "at each stage, from the lowest (out-of-court disposals: outcomes such as a caution, "
        "given without going to court) to the highest (custody)"
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
    """Compare the make-up of children cautioned or sentenced with the nation's, same year.

    A Welsh service's is set beside Wales's where the inputs hold it (:func:`.wales.make_up_area`).
    """
    nation, not_wales = wales.make_up_area(ctx.table, ctx.yjs, page.roles(ctx))
    if nation is None:
        return
    if not_wales:
        page.show(page.paragraph(not_wales))
    combined = breakdown == ethnicity.COMBINED
    if combined and not _nation_combined(ctx, nation):
        # The nation's single groups are drawn above: saying it has "no figure" would read as
        # a contradiction, so the page says why they are not put together.
        page.show(
            page.heading_html("White and ethnic minority children cautioned or sentenced"),
            page.paragraph(
                f"{nation[1]}'s figures are shown above by single ethnic group. They are not "
                "put together as White and ethnic minority children here, because the inputs "
                f"pool {nation[1]}'s groups over different sets of services (a service with "
                "no child of a group gives no row for it), so their counts do not add up to "
                "one whole."
            ),
        )
        return
    chart = breakdown_chart(
        ctx,
        "cautioned_or_sentenced_share",
        breakdown,
        areas=[ctx.yjs, nation[1]],
        heading="White and ethnic minority children cautioned or sentenced" if combined else None,
        against=nation[1],  # the heading names the nation only where the chart draws it
    )
    blocks.emit(chart)
    local = _against_population(ctx, chart, breakdown, nation[1])
    if local:
        page.show(page.paragraph(local))
    if combined:
        return
    page.show(
        page.paragraph(
            f"A relative rate index for {nation[1]} needs its 10 to 17 population by ethnic "
            "group, which is not available to this report; the shares above compare the "
            "make-up of the children cautioned or sentenced in the same year."
        )
    )


def _against_population(ctx: ReportContext, chart, breakdown: str, nation: str) -> str:
    """Set the service's make-up of children cautioned or sentenced beside its own population.

    A board member read the make-up "against England" as the test of over-representation; it
    says whether the service's make-up differs from the nation's. Whether a group is over- or
    under-represented is a comparison with the service's own children aged 10 to 17 (Census
    2021): each group's share, with its 95% interval, against the group's share of them. The
    sentence names both comparisons. Empty where either figure is missing.
    """
    drawn = chart.charts[0].data if chart.charts else None
    if drawn is None or drawn.empty:
        return ""
    own = drawn[
        (drawn["area_type"] == "yjs") & (drawn["area"] == ctx.yjs) & (drawn["group"] != "Unknown")
    ]
    own = own[own["value"].notna() & own["status"].ne("suppressed")]
    people = _population(ctx, breakdown)
    if own.empty or people.empty:
        return ""
    said = [clause for _, clause in _group_findings(own, people, breakdown)]
    if not said:
        return ""
    census = narrative.row_period(people.iloc[0], short=True)
    # The stages are of this year where the service's records have it (_stages_period): "over
    # another period" was then false.
    same = _stages_period(ctx, _stage_rows(ctx, breakdown))[0] == own.iloc[0]["period"]
    # A councillor met 69% White on the chart of each stage and 67.9% here, a page apart, with
    # neither source nor period beside the other: both are named, and why they differ.
    source = page.source_name(str(own.iloc[0]["source"]), ctx.publications)
    sources = (
        f"These shares come from the {source}; those at each stage of the system from the "
        "service's own case-level records, so the two can differ."
        if same
        else f"These shares of those cautioned or sentenced come from the {source}, for the "
        f"{narrative.row_period(own.iloc[0])}; the shares at each stage of the system, where "
        "shown, count the service's own case-level records over another period, so the two "
        "can differ."
    )
    return (
        f"The chart sets {ctx.yjs}'s children cautioned or sentenced beside {nation}'s, which "
        f"says whether its make-up differs from {nation}'s. Whether a group is over- or "
        f"under-represented is a comparison with {ctx.yjs}'s own children aged 10 to 17 (Census "
        f"{census}): in the {narrative.row_period(own.iloc[0])}, "
        + "; ".join(said)
        + ". "
        + sources
    )


def _population(ctx: ReportContext, breakdown: str) -> pd.DataFrame:
    """Return each group's latest share of the service's children aged 10 to 17 (Census)."""
    people = ctx.table[
        (ctx.table["indicator"] == "population_share_10_17")
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["breakdown"] == breakdown)
        & ctx.table["value"].notna()
    ]
    return people.sort_values("period_end").drop_duplicates("group", keep="last")


def _group_findings(
    own: pd.DataFrame, people: pd.DataFrame, breakdown: str
) -> list[tuple[str, str]]:
    """Set each group's share of those cautioned or sentenced beside its share of the children.

    Returns the verdict (``higher``, ``lower``, ``similar`` or ``not assessed``) and the clause
    saying it, group by group, in the breakdown's order.
    """
    share = people.set_index("group")["value"].astype(float)
    found = []
    for _, row in page.ordered(own, breakdown).iterrows():
        if row["group"] not in share.index:
            continue
        theirs = float(share[row["group"]])
        verdict = benchmark.difference(row["value"], row["lower"], row["upper"], theirs)
        # BY_MORE begins with "by" ("more than their share, by by ..." failed before).
        words = {
            "higher": f"more than their share, {verdicts.BY_MORE}",
            "lower": f"less than their share, {verdicts.BY_MORE}",
            "similar": f"a difference that {verdicts.COULD_BE_CHANCE}",
        }.get(verdict, f"whether it differs {verdicts.CANNOT_BE_JUDGED}")
        who = narrative.short_group(breakdown, row["group"])
        who = "ethnic minority" if who == "Ethnic minority" else who  # a name keeps its capital
        found.append(
            (
                verdict,
                f"{narrative.children_of(who)} were {row['value']:.1f}% of "
                f"those cautioned or sentenced and "
                f"{theirs:.1f}% of its children aged 10 to 17, {words}",
            )
        )
    return found


def _single_groups(
    ctx: ReportContext,
) -> tuple[pd.DataFrame, list[tuple[str, str]], pd.DataFrame]:
    """Return each single group's share of those cautioned or sentenced, with its finding.

    The finding is against the group's share of the service's children (whose shares come
    third); all are empty where there are none.
    """
    empty = pd.DataFrame()
    nation, _ = wales.make_up_area(ctx.table, ctx.yjs, page.roles(ctx))
    if nation is None:
        return empty, [], empty
    # The chart is made, not shown, on a copy of the page: what it would explain stays unsaid.
    quiet = copy.copy(ctx)
    vars(quiet).pop(page.STATE, None)
    chart = breakdown_chart(
        quiet,
        "cautioned_or_sentenced_share",
        "ethnicity",
        areas=[ctx.yjs, nation[1]],
        against=nation[1],
    )
    drawn = chart.charts[0].data if chart.charts else None
    people = _population(ctx, "ethnicity")
    if drawn is None or drawn.empty or people.empty:
        return empty, [], empty
    own = drawn[
        (drawn["area_type"] == "yjs") & (drawn["area"] == ctx.yjs) & (drawn["group"] != "Unknown")
    ]
    own = own[own["value"].notna() & own["status"].ne("suppressed")]
    if own.empty:
        return empty, [], empty
    return own, _group_findings(own, people, "ethnicity"), people


#: How the section's sentence on single groups beyond chance begins.
SINGLE_GROUPS = "Taken one ethnic group at a time rather than together"


def _single_groups_beyond_chance(ctx: ReportContext) -> str:
    """Say which single ethnic groups differ from their share of the children beyond chance.

    White and ethnic minority children taken together can hide a single group's difference:
    Southampton's paper gave the pooled "could be chance" while its page found Black children
    over-represented beyond chance. The sentence is the single groups' own (as the page's
    chart of single groups says it), for those beyond chance only; empty where none is.
    """
    own, findings, people = _single_groups(ctx)
    found = [c for v, c in findings if v in ("higher", "lower")]
    if not found:
        return ""
    return (
        f"{SINGLE_GROUPS}, in the "
        f"{narrative.row_period(own.iloc[0])}: "
        + "; ".join(found)
        + ". "
        + _why_together_differs(ctx, own, findings, people)
        + " "
        + _which_decides(ctx, own, findings, people)
    ).strip()


def _which_decides(
    ctx: ReportContext, own: pd.DataFrame, findings: list[tuple[str, str]], people: pd.DataFrame
) -> str:
    """Say which verdict holds where a group's share and its relative rate index disagree.

    Newport's Black children were 6 of the 53 cautioned or sentenced, more than their share
    of its children beyond chance, while the page's relative rate index at the same stage put
    its lower bound just below 1 ("could be chance"): one figure, two verdicts. The share's
    verdict is the one the report gives (the summary's); the sentence says why the index
    differs. Empty where no group's two verdicts disagree.
    """
    stages, _ = _stage_figures(ctx, "ethnicity")
    if stages.empty:
        return ""
    stage = stages[
        (stages["indicator"] == "cautioned_or_sentenced_share")
        & (stages["period"] == own.iloc[0]["period"])
    ].set_index("group")
    share = people.set_index("group")["value"].astype(float)
    rows = page.ordered(own, "ethnicity")
    rows = rows[rows["group"].isin(share.index)]
    differ = []
    for (_, row), (verdict, _) in zip(rows.iterrows(), findings, strict=True):
        index = stage.loc[row["group"]] if row["group"] in stage.index else None
        if verdict not in ("higher", "lower") or index is None or pd.isna(index["rri"]):
            continue
        if not bool(index["rri_significant"]):
            differ.append(
                f"{narrative.children_of(narrative.short_group('ethnicity', row['group']))} "
                f"({index['rri']:.1f} times as likely as White children, 95% interval "
                f"{narrative.ratio_bound(index['rri_lower'])} to "
                f"{narrative.ratio_bound(index['rri_upper'])})"
            )
    if not differ:
        return ""
    return (
        f"For {narrative.join(differ)}, the relative rate index of those cautioned or "
        f"sentenced, on the report's web pages, {verdicts.COULD_BE_CHANCE}. The verdict here "
        "is the share's: the index sets their rate against White children's, which carries "
        "chance of its own, while the share is set against their share of the Census, which "
        "does not, so the index's range is wider."
    )


def _why_together_differs(
    ctx: ReportContext, own: pd.DataFrame, findings: list[tuple[str, str]], people: pd.DataFrame
) -> str:
    """Say why the groups together "could be chance" while a single group is beyond chance.

    A tenth reader met ethnic minority children together at 27.4% against 18.9%, "could be
    chance", and Black children alone beyond chance, with nothing to say how both hold: a
    group's gap is its share of those cautioned or sentenced over its share of the children,
    and among few children only a large one is more than chance would explain. Each gap is
    worked out from two shares the section prints, so it gives away no figure. Empty where the
    groups together are beyond chance too, or have no figure.
    """
    share = people.set_index("group")["value"].astype(float)
    rows = page.ordered(own, "ethnicity")
    rows = rows[rows["group"].isin(share.index)]
    beyond = [
        (narrative.children_of(narrative.short_group("ethnicity", row["group"])),
         round(float(row["value"]), 1) / round(float(share[row["group"]]), 1))
        for (_, row), (verdict, _) in zip(rows.iterrows(), findings, strict=True)
        if verdict in ("higher", "lower") and round(float(share[row["group"]]), 1) > 0
    ]  # fmt: skip
    together = ctx.table[
        (ctx.table["indicator"] == "cautioned_or_sentenced_share")
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["area"] == ctx.yjs)
        & (ctx.table["breakdown"] == ethnicity.COMBINED)
        & (ctx.table["group"] == "Ethnic minority")
        & (ctx.table["period"] == own.iloc[0]["period"])
        & ctx.table["value"].notna()
        & ctx.table["status"].ne("suppressed")
    ]
    theirs = _population(ctx, ethnicity.COMBINED)
    theirs = theirs[theirs["group"] == "Ethnic minority"]
    if together.empty or theirs.empty or not beyond:
        return ""
    row = together.iloc[0]
    if (
        benchmark.difference(
            row["value"], row["lower"], row["upper"], float(theirs["value"].iloc[0])
        )
        != "similar"
    ):
        return ""
    # From the shares as printed (to one decimal), so a reader's arithmetic gives the same.
    gap = round(float(row["value"]), 1) / round(float(theirs["value"].iloc[0]), 1)
    singles = narrative.join([f"{times:.1f} times for {who}" for who, times in beyond])
    # Named by what it compares: "1.4 times their share" beside a relative rate index of 1.6
    # for the same children read as two figures for one comparison.
    return (
        f"Why the groups together {verdicts.COULD_BE_CHANCE}: set against their share of the "
        f"children aged 10 to 17, their share of those cautioned or sentenced is {gap:.1f} "
        f"times for ethnic minority children together, against {singles} ({RATIO_OF_SHARES}); "
        f"among so few children only the bigger gaps are {verdicts.BEYOND_CHANCE}."
    )


#: What a ratio of two shares compares, beside the relative rate index of the same children.
RATIO_OF_SHARES = "not the relative rate index, which compares with White children"


#: Where the paper's summary sends a reader for the shares behind its over-represented groups.
SHARES_IN_SECTION = "their shares are in the ethnic disproportionality section"


def over_represented(ctx: ReportContext, brief: bool = False) -> str:
    """Say, for the summary, which ethnic groups are over-represented beyond chance.

    A ninth reading: Newport's strongest finding, mixed and Black children's shares of those
    cautioned or sentenced against their shares of its children, sat in the last paragraph of
    its last section. The summary says it in one sentence, each group's two shares in brackets;
    empty where no group's share is larger than its share of the children beyond chance.
    ``brief`` (the paper's summary) names the groups and points to the section for their
    shares: a tenth reading found the shares in the paper's summary only, and its section
    showing just the combined groups, "could be chance" (failed before).
    """
    own, findings, people = _single_groups(ctx)
    if own.empty:
        return ""
    share = people.set_index("group")["value"].astype(float)
    rows = page.ordered(own, "ethnicity")
    rows = rows[rows["group"].isin(share.index)]
    higher = [
        (row, verdict)
        for (_, row), (verdict, _) in zip(rows.iterrows(), findings, strict=True)
        if verdict == "higher"
    ]
    if not higher:
        return ""
    said = []
    for n, (row, _) in enumerate(higher):
        who = narrative.children_of(narrative.short_group("ethnicity", row["group"]))
        who = who[:1].upper() + who[1:] if n == 0 else who
        theirs = float(share[row["group"]])
        said.append(
            who
            if brief
            else f"{who} ({row['value']:.1f}% of those cautioned or sentenced, {theirs:.1f}% of "
            "its children aged 10 to 17)"
            if n == 0
            else f"{who} ({row['value']:.1f}%, {theirs:.1f}%)"
        )
    where = f" ({SHARES_IN_SECTION})" if brief else ""
    return (
        f"{narrative.join(said)} are over-represented among those cautioned or sentenced in "
        f"the {narrative.row_period(own.iloc[0])}, {verdicts.BY_MORE}{where}."
    )


def _nation_combined(ctx: ReportContext, nation: tuple[str, str]) -> bool:
    """Say whether the nation has combined ethnic shares of the children cautioned or sentenced.

    They are made only where its single groups share one whole (:func:`~.ethnicity.combined`).
    """
    rows = ctx.table[
        (ctx.table["indicator"] == "cautioned_or_sentenced_share")
        & (ctx.table["area_type"] == nation[0])
        & (ctx.table["area"] == nation[1])
        & (ctx.table["breakdown"] == ethnicity.COMBINED)
    ]
    return bool(rows["value"].notna().any())


def _stage(stage: object) -> str:
    """Return a stage as a sentence names it: its name in lower case, its period as written.

    >>> _stage("Out-of-court disposal (Sep 2024)")
    'out-of-court disposal (Sep 2024)'
    """
    name, bracket, period = str(stage).partition(" (")
    # The whole label lowered gave "(sep 2024)" (an eleventh reading).
    return f"{name.lower()}{bracket}{period}"


def _rate_of(assessed: pd.DataFrame) -> str:
    """Name the groups whose index was assessed, as "the rate of ... does not differ ...".

    "No group's rate differs" beside a summary saying Black children are over-represented
    read as a contradiction to a board member, when the index had been assessed for ethnic
    minority children taken together only: the sentence names the groups it is about.
    """
    white = benchmark.REFERENCE_GROUP
    groups = list(dict.fromkeys(str(g) for g in assessed["group"]))
    named = narrative.join([narrative.children_of(g) for g in groups])
    # The combined group is named as the chart beside it names it: "taken together".
    named = named.replace("Ethnic minority children", "ethnic minority children taken together")
    if len(groups) == 1:
        return f"the rate of {named} does not differ from {white} children's"
    return f"the rates of {named} do not differ from {white} children's"


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
        stages = ", ".join(f"{_stage(r['stage'])} ({_times(r)})" for _, r in real.iterrows())
        parts.append(
            f"{narrative.capital(narrative.children_of(group))} are more likely than {white} "
            "children to be at these "
            f"stages, {verdicts.BY_MORE}: {stages}"
            if (real["rri"] > 1).all()
            else f"{narrative.capital(narrative.children_of(group))} differ from {white} "
            f"children {verdicts.BY_MORE} at: {stages}"
        )
    growth = [_growth(group, part) for group, part in assessed.groupby("group", sort=False)]
    if parts:
        text = ". ".join(parts) + "."
    elif not assessed.empty and len(unassessed) + len(untested):
        # Name the stages assessed: "at the stages assessed" read as about the whole system
        # to a board member, when one stage of five had been.
        named = list(dict.fromkeys(_stage(s) for s in assessed["stage"]))
        noun = "stage" if len(named) == 1 else "stages"
        text = (
            f"Only at the {narrative.join(named)} {noun} could an index be assessed: there, "
            f"{_rate_of(assessed)} {verdicts.BY_MORE}. At the other "
            "stages no index is assessed, so nothing is said of them."
        )
    elif not assessed.empty:
        text = narrative.capital(f"{_rate_of(assessed)} {verdicts.BY_MORE}.")
    else:
        text = ""
    text += "".join(f" {said}" for said in growth if said)
    # Stages left unassessed for one reason are named together, in one sentence: where every
    # index is hidden, a sentence a stage read as the same words five times over.
    unsaid: dict[tuple[str, str], list[str]] = {}
    for (stage, note), part in untested.groupby(["stage", "rri_note"], sort=False):
        groups = list(part["group"])
        why = str(note).removeprefix("not assessed: ")
        if len(groups) > 1:
            why = why.replace("the group's", "each group's")
        who = f" for {narrative.join(groups, 'or')} children"
        unsaid.setdefault((who, why), []).append(_stage(stage))
    for _, row in unassessed.iterrows():
        unsaid.setdefault(("", str(row["stage_note"])), []).append(_stage(row["stage"]))
    for (who, why), named_stages in unsaid.items():
        noun = "stage" if len(named_stages) == 1 else "stages"
        text += (
            f" At the {narrative.join(named_stages)} {noun} no relative rate index is "
            f"assessed{who}: {why}."
        )
    per = ratios["rri_denominator"].dropna()
    if not per.empty and per.iloc[0]:
        interval = "exact" if per.iloc[0] == "children aged 10 to 17" else "score"
        text += (
            f" Each index is the share of a group's {per.iloc[0]} who are at the stage, over "
            f"the same share for {white} children ({interval} 95% intervals)."
        )
    return text.strip()


def _times(row) -> str:
    """Say an index with the counts behind it, as the control lets the page show them.

    An eleventh reading found "(4.1 times)" of Newport's custody without the 6 of 11
    children the finding rests on. Counts the control hid are not said (the index, then,
    is not assessed either).
    """
    said = f"{row['rri']:.1f} times"
    if pd.notna(row["count"]) and pd.notna(row["total"]):
        said += f"; {row['count']:.0f} of the {row['total']:.0f} children"
    return said


#: The stages above cautioned or sentenced, whose findings the summary names.
HIGHER_STAGES = ("court_share", "remand_share", "custody_share")


def higher_stages(ctx: ReportContext, breakdown: str = ethnicity.COMBINED) -> str:
    """Say, for the summary, which group is over-represented beyond chance at a higher stage.

    The higher stages are those above cautioned or sentenced (court, remand, custody).

    An eleventh reading: Newport's ethnic minority children were 6 of the 11 sentenced to
    custody in 2023-24, against 22.7% of its children, and the paper never said it. The
    figures are the section's own (:func:`_stage_figures`, after disclosure control): a
    hidden count gives no index, so no sentence. Empty where no stage shows such a group.
    """
    found, _ = _stage_figures(ctx, breakdown)
    if found.empty:
        return ""
    rows = found[
        found["indicator"].isin(HIGHER_STAGES)
        & (found["group"] != benchmark.REFERENCE_GROUP)
        & found["rri_significant"].astype(bool)
        & (found["rri"] > 1)
        & found["count"].notna()
    ]
    said = []
    for _, row in rows.iterrows():
        period = ctx.table[
            (ctx.table["indicator"] == row["indicator"]) & (ctx.table["period"] == row["period"])
        ].iloc[0]
        stage = dict(benchmark.STAGES)[row["indicator"]].lower()
        said.append(
            f"{narrative.capital(narrative.children_of(row['group']))} are over-represented "
            f"among those {stage} in the {narrative.row_period(period)}, {verdicts.BY_MORE}: "
            f"{row['count']:.0f} of {row['total']:.0f}, against {row['population_share']:.1f}% "
            f"of {ctx.yjs}'s children aged 10 to 17."
        )
    return " ".join(said)


def _growth(group: str, part: pd.DataFrame) -> str:
    """Say whether a group's disproportion grows from the first stage to the last, if tested.

    It is said to grow only where the last stage's 95% interval lies wholly above the first's:
    intervals that do not overlap differ at a stricter level than 5% (Schenker and Gentleman,
    "On judging the significance of differences by examining the overlap between confidence
    intervals", The American Statistician 55(3), 2001), so the claim is conservative. Where the
    index is much higher at the last stage but the intervals overlap, the sentence says that
    the figures cannot tell.
    """
    part = part.dropna(subset=["rri", "rri_lower", "rri_upper"])
    if len(part) < 2:
        return ""
    first, last = part.iloc[0], part.iloc[-1]
    who = narrative.children_of(group)
    # Each bound printed so the reader sees which side of 1 it lies ("1.0" was 1.04).
    say = narrative.ratio_bound
    if last["rri_lower"] > first["rri_upper"]:
        return (
            f"The disproportion grows further into the system for {who}: their index at the "
            f"{_stage(last['stage'])} stage ({last['rri']:.1f}, {say(last['rri_lower'])} to "
            f"{say(last['rri_upper'])}) is above that at the {_stage(first['stage'])} stage "
            f"({first['rri']:.1f}, {say(first['rri_lower'])} to {say(first['rri_upper'])}), "
            "and their intervals do not overlap."
        )
    if last["rri"] > first["rri"] * 1.5:
        # Said in fewer words (an eleventh reading: every addition pays for itself by a cut).
        return (
            f"Whether it grows into the system for {who} cannot be told: the index's intervals "
            f"at {_stage(last['stage'])} ({say(last['rri_lower'])} to "
            f"{say(last['rri_upper'])}) and {_stage(first['stage'])} "
            f"({say(first['rri_lower'])} to {say(first['rri_upper'])}) overlap."
        )
    return ""
