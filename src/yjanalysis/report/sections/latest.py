"""The latest figure: a paragraph and a chart setting it beside its comparators."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from yjanalysis import reference
from yjanalysis.methods import benchmark
from yjanalysis.report import blocks, caveats, narrative, page, plots, tables, verdicts, wales
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.among_all import disagreeing, placing, reconciled
from yjanalysis.report.sections.common import (
    _finding,
    _later,
    _period,
    _subject,
    hidden_latest,
    lag_of,
    services_in,
)
from yjanalysis.report.sections.listed import headline_figures, listed_since_last_report
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


def whisker_sentence(yjs: str) -> str:
    """Say how to read the interval drawn across a service's bar (the board paper says it once)."""
    return (
        f"The black line across {yjs}'s bar is its 95% interval: where it does not reach a "
        f"comparator's value, the difference is {verdicts.BEYOND_CHANCE}."
    )


def last_report_sentence(
    ctx: ReportContext, indicator: str, breakdown: str = "total", group: str = "all"
) -> str:
    """Say a headline figure as the last report gave it, in the section that shows the figure.

    The front page's "Changed since the last report" named first time entrants of 233 per
    100,000 in the 12 months to September 2024, a figure no section showed (failed before).
    Only for a figure that list gives: post-16 children with no education, training or
    employment had the sentence too, a last report's figure nothing else used (failed before).
    Where the figure's period ends with the last report's, the last report's date is not said
    twice. It follows the headline's sentences, so the figure is "it", not named again.
    """
    since = ctx.settings.last_report if ctx.settings is not None else None
    if since is None or since >= ctx.period_end:
        return ""
    if (indicator, breakdown, group) not in listed_since_last_report(ctx):
        return ""
    change = benchmark.change_since(ctx.table, ctx.yjs, indicator, since, breakdown, group)
    if not change or not change["previous_value"]:
        return ""
    row = benchmark.figure(
        ctx.table, ctx.yjs, indicator, change["previous_period"], breakdown, group
    )
    if row is None or change["previous_period"] == _period(ctx, indicator, breakdown, group):
        return ""  # the section's headline gives that very figure
    spec = catalogue_indicator(indicator)
    to = "" if f"{row['period_end']:%Y-%m}" == f"{since:%Y-%m}" else f" (figures to {since:%B %Y})"
    return (
        f"At the last report{to}, it was "
        f"{spec.format(change['previous_value'])} in the {narrative.row_period(row)} "
        f"({page.source_of(row, ctx.publications)})."
    )


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
    indicator, heading = wales.in_nation_terms(ctx.yjs, indicator, heading)
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
    among: dict[str, str] = {}
    if (breakdown, group) == ("total", "all"):
        placed = placing(ctx, indicator)
        clause = "" if isinstance(placed, str) else reconciled(ctx, indicator, placed)
        if clause and not isinstance(placed, str):
            # The verdict against areas' figures ends with the place among services, in one
            # sentence (it had been a sentence of its own, after the verdict).
            among[disagreeing(ctx, indicator, placed)] = clause
    # No rank in a family the report does not compare with: a paper leaving out a computed
    # family said "It ranks 9th of 10 in its family" of Portsmouth's.
    families = page.families(ctx) if "family" in page.roles(ctx) else {ctx.yjs: []}
    if ctx.english_family(indicator, period, breakdown, group):
        # Nor a rank among its English members alone (Newport's "4th of 5" among them).
        families = {ctx.yjs: []}
    paragraph = narrative.describe(
        ctx.table,
        ctx.yjs,
        indicator,
        period,
        breakdown,
        group,
        families,
        comparison=found,
        threshold=ctx.threshold,
        tolerance=caveats.definitions_apart(indicator),
        among=among,
    )
    hidden = hidden_latest(ctx, indicator, period, breakdown, group)
    if hidden is not None:
        paragraph += " " + hidden_latest_sentence(hidden, ctx.threshold)
    covered = family_coverage(ctx, indicator, period, breakdown, group, found)
    if covered:
        paragraph += " " + covered
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    if (
        not found.empty
        and own is not None
        and own["status"] != "suppressed"
        and own_against_published(own, indicator)
    ):
        paragraph += " " + own_against_published(own, indicator, ctx.yjs)
    later = _later(ctx, indicator, period, breakdown, group)
    lags = lag_of(ctx, own, indicator, period, breakdown, group)
    if lags:
        paragraph += " " + lags
    if later is not None:
        paragraph += " " + later_sentence(ctx, later, breakdown, group)
    ahead = later_change(ctx, indicator, period, breakdown, group)
    if ahead is not None:  # the later figure's own change, after the headline's
        change = ahead[1]
        since = narrative.previous_words(ctx.table, ctx.yjs, indicator, change, breakdown, group)
        earlier = benchmark.figure(
            ctx.table, ctx.yjs, indicator, change["previous_period"], breakdown, group
        )
        if since and own is not None and _two_values(own, earlier):
            # Two figures for one period side by side ("was 226" and "risen from 245" for
            # 2023, Southampton's first time entrants): each names its source.
            when = f"In the {narrative.row_period(own)}"
            mine, theirs = "(own records)", "(published)"
            first, then = (mine, theirs) if _from_own(own) else (theirs, mine)
            paragraph = paragraph.replace(f"{when}, ", f"{when} {first}, ", 1)
            since += f" {then}"
        paragraph += " " + narrative.change_sentence(change, spec, since)
        if own is not None:
            overlap = overlap_sentence(*_overlapping(ctx, own, ahead, breakdown, group))
            paragraph += f" {overlap}" if overlap else ""
    last = last_report_sentence(ctx, indicator, breakdown, group)
    if last:
        paragraph += " " + last
    rest = not_the_rest(ctx, indicator, own) if (breakdown, group) == ("total", "all") else ""
    paragraph += f" {rest}" if rest else ""
    if found.empty and (breakdown, group) != ("total", "all") and own is not None:
        paragraph = paragraph.replace(narrative.NO_COMPARATOR + " ", "")
        paragraph += " " + _within_service(ctx, spec, own, breakdown)
        paragraph += " " + unjudged_total(ctx, indicator, breakdown)
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
                "allowance": row["tolerance"],
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
    title = f"{_subject(ctx, spec, breakdown, group)}, {when}: {_finding(found, indicator)}"
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
        whisker_sentence(ctx.yjs)
        if whisker
        else f"{ctx.yjs}'s figure is published without counts, so it has no interval."
    )
    apart = float(found["tolerance"].max())
    if whisker and apart:
        caption += (
            f" The pale band around a published figure is the allowance for how the two sources "
            f"count ({apart:.0%} of it either side): a line clear of the figure but not of its "
            f"band is still higher or lower, but {verdicts.PART_SOURCES}."
        )
    rows = pd.DataFrame(shown)
    parts.append(plots.show(fig, alt, caption, page.where_from(rows, ctx.publications)))
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


#: A share said after another of the same children that a reader takes for its rest: what
#: the earlier one counts, and what this one counts that the earlier does not.
NOT_THE_REST = {
    "neet_post16_order_end": (
        "ete_suitable",
        "all {n} children whose order ended{when}",
        "the {n} aged 16 or over{when}, and only those with no arrangement at all",
    ),
}


def not_the_rest(ctx: ReportContext, indicator: str, own: pd.Series | None) -> str:
    """Say what two shares of children at the end of their order each count, so they agree.

    Southampton's 58.2% (46 of 79) in suitable education, training or employment at order end
    was followed by 53.8% (28 of 52) of post-16 children with none, which a board member read
    as "more than half are NEET" against "58% are in it" (failed before). The sentence says
    whom each counts, with each one's children and period, the other share of the same period
    where it is shown; empty where either is hidden.
    """
    if indicator not in NOT_THE_REST or own is None:
        return ""
    other_id, theirs, ours = NOT_THE_REST[indicator]
    # The other share of the same period where the report shows it (the section gives it as
    # its later figure): its headline's, compared with the region's to September, set 75
    # children to September beside 52 of the calendar year.
    other = benchmark.figure(ctx.table, ctx.yjs, other_id, own["period"])
    if other is None or other["status"] == "suppressed" or pd.isna(other["denominator"]):
        period = _period(ctx, other_id)
        other = benchmark.figure(ctx.table, ctx.yjs, other_id, period) if period else None
    rows = (own, other)
    if any(r is None or r["status"] == "suppressed" or pd.isna(r["denominator"]) for r in rows):
        return ""
    assert other is not None  # for mypy: checked above
    same = (own["period_start"], own["period_end"]) == (other["period_start"], other["period_end"])
    share = catalogue_indicator(other_id).format(other["value"])
    counted = theirs.format(
        n=f"{other['denominator']:,.0f}", when=f" in the {narrative.row_period(other)}"
    )
    ours = ours.format(
        n=f"{own['denominator']:,.0f}",
        when="" if same else f" in the {narrative.row_period(own)}",
    )
    return (
        f"It is not the rest of the {share} in suitable education, training or employment: "
        f"that counts {counted}, this only {ours}."
    )


def hidden_latest_sentence(hidden: pd.Series, threshold: int) -> str:
    """Say why the comparators' latest figure is hidden where figures beside it are printed.

    Southampton's custodial sentences to September 2024 stood "hidden to protect the children
    behind it" beside 11 (to June 2024) and 9 (calendar 2024) printed: a reader took the
    reason for arbitrary (failed before). Disclosure control hides a count under the threshold
    and, secondly, any figure that with others printed would give one away (the second hid
    that figure and Newport's reoffending for 2022: beside overlapping years each would give a
    quarter's count). The sentence says both rules in plain words, the same for every hidden
    figure: saying which one hid this figure would say whether it is small
    (:func:`yjanalysis.methods.disclosure.why_hidden`).
    """
    return (
        f"Its figure for the {narrative.row_period(hidden)}, the latest the comparators have, "
        f"is hidden ([c]), as is every count under {threshold} and every figure that, beside "
        "others printed here or earlier, would give one away (overlapping years give the "
        "difference between the months they do not share)."
    )


def family_coverage(ctx: ReportContext, indicator, period, breakdown, group, found) -> str:
    """Say plainly which family members the family's figure leaves out, and why (its source).

    A family figure made from a source that covers English authorities only (DfE LAIT) has
    none of a family's Welsh members: a Welsh service's family figure is then a comparison
    with English services, which the page says.
    """
    english = ctx.english_family(indicator, period, breakdown, group)
    if english:
        return (
            f"{ctx.yjs} is not compared with its family here: the family's figure would count "
            f"only its English members ({narrative.join(english)}), as {wales.LAIT_COVERS}."
        )
    if found.empty or not (found["comparator_type"] == "family").any():
        return _no_family_figure(ctx, indicator, period, breakdown, group)
    members = narrative.family_members(page.families(ctx), ctx.yjs)
    rows = services_in(ctx, indicator, period, breakdown, group)
    rows = rows[rows["area"].isin(members) & rows["value"].notna()]
    missing = sorted(set(members) - set(rows["area"]))
    if not members or not missing or rows.empty:
        return ""
    register = reference.register()
    lait = wales.has_lait(rows)
    why: dict[str, list[str]] = {}
    for member in missing:
        if lait and register.loc[member, "country"] == "Wales":
            reason = wales.LAIT_COVERS
        elif len(register.loc[member, "local_authorities"]) > 1:
            reason = "its source gives each authority the service covers, not the service"
        else:
            reason = "its source has no figure for it"
        why.setdefault(reason, []).append(member)
    said = narrative.join(
        [
            f"{narrative.join([reference.in_words(n) for n in names])} ({reason})"
            for reason, names in why.items()
        ]
    )
    text = (
        f"Its family's figure covers {len(members) - len(missing)} of its {len(members)} "
        f"members, leaving out {said}"
    )
    present = set(rows["area"])
    if wales.is_welsh(ctx.yjs) and not any(register.loc[m, "country"] == "Wales" for m in present):
        text += f": for {ctx.yjs} it is a comparison with English services only"
    return text + "."


def _no_family_figure(ctx: ReportContext, indicator, period, breakdown, group) -> str:
    """Say why the family has no figure where the build left one empty with its reason.

    A family's figure is its members' counts pooled; a source giving members' values without
    counts (LAIT's scores and shares) gives none, and the page says so rather than leaving the
    family out unexplained.
    """
    family = page.roles(ctx).get("family")
    if family is None:
        return ""
    rows = ctx.table[
        (ctx.table["area_type"] == family[0])
        & (ctx.table["area"] == family[1])
        & (ctx.table["indicator"] == indicator)
        & (ctx.table["period"] == period)
        & (ctx.table["breakdown"] == breakdown)
        & (ctx.table["group"] == group)
        & ctx.table["value"].isna()
    ]
    reasons = rows["method"].dropna().astype(str)
    reasons = reasons[reasons.str.startswith("no figure: ")]
    if reasons.empty:
        return ""
    return f"Its family has no figure: {reasons.iloc[0].removeprefix('no figure: ')}."


def own_against_published(own: pd.Series, indicator: str, yjs: str = "") -> str:
    """Say that the service's own figure is set against published ones that count differently.

    For every measure whose publications count the same children another way or at another
    time than the service's own records (:data:`~.caveats.OWN_AND_PUBLISHED`: the Police
    National Computer's history, the YJB's copy of the records); empty where the figures come
    from one source.
    """
    tolerance = caveats.definitions_apart(indicator)
    if not bool(own.get("own_records", False)) or not tolerance:
        return ""
    why = caveats.OWN_AND_PUBLISHED[indicator][1]
    return (
        f"{yjs}'s figure comes from its own records and the other areas' from publications: "
        f"{why}, so the same children can give figures up to {tolerance:.0%} apart."
    )


def stated_change(
    ctx: ReportContext, indicator: str, period, breakdown: str = "total", group: str = "all"
) -> dict | None:
    """Return the change every place states for a headline figure: the figure's own.

    It is the headline figure's period against the same period a year before, of the same
    source: what the headline table's row shows, and what the front page, the summary boxes,
    the paper and the section say. A later figure of the service's own records is said beside
    it with its own change (:func:`later_change`), never in its place: Newport's front page and
    section said first time entrants fell from 251 to 203 (2023 to 2024) while its headline
    table said "up from 201 in 2022" (failed before).
    """
    return benchmark.change(ctx.table, ctx.yjs, indicator, period, 1, breakdown, group)


def later_change(
    ctx: ReportContext, indicator: str, period, breakdown: str = "total", group: str = "all"
) -> tuple[pd.Series, dict] | None:
    """Return the service's figure later than the headline's and its own change, if tested.

    Where the service's own records give a figure for a period after the headline's (shown),
    and a shown figure of the same source a year before it, the section and the front page
    state that later figure's change as well, after the headline's; ``None`` otherwise.
    """
    later = _later(ctx, indicator, period, breakdown, group)
    if later is None or later["status"] == "suppressed" or pd.isna(later["value"]):
        return None
    found = benchmark.change(ctx.table, ctx.yjs, indicator, later["period"], 1, breakdown, group)
    if not found:
        return None
    before = benchmark.figure(
        ctx.table, ctx.yjs, indicator, found["previous_period"], breakdown, group
    )
    if before is None or before["status"] == "suppressed" or before["source"] != later["source"]:
        return None
    return later, found


def _from_own(row: pd.Series) -> bool:
    """Whether a figure comes from the service's own records."""
    return bool(pd.notna(row.get("own_records")) and row.get("own_records"))


def _two_values(own: pd.Series, earlier: pd.Series | None) -> bool:
    """Whether a later figure's change starts from the headline's months in another source."""
    return (
        earlier is not None
        and (earlier["period_start"], earlier["period_end"])
        == (own["period_start"], own["period_end"])
        and _from_own(earlier) != _from_own(own)
    )


def _months(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Name the months from ``start`` to ``end``: ``October to December 2023``."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def _than(n: int, counted: str, when: str) -> str:
    """Say a count against another's: ``7 more offences than a year before``, ``as many as``.

    ``counted`` empty leaves the noun out (said before it in the sentence).
    """
    if n == 0:
        return f"as many {counted} as {when}".replace("  ", " ")
    noun = narrative.count_phrase(abs(n), counted).split(" ", 1)[1] if counted else ""
    more = "more" if n > 0 else "fewer"
    return f"{abs(n):,} {more} {noun} than {when}".replace("  ", " ")


#: How :func:`overlap_sentence` names the later figure where the months are out of line.
FOLLOW = "the figure to follow is"
#: How :func:`overlap_sentence` ends where the months two changes share are in line with the
#: years either side (the paper leaves that sentence to the pages).
IN_STEP = "in step with the years either side"


def overlap_sentence(
    first: pd.Series,
    later: pd.Series,
    previous: pd.Series | None,
    before: pd.Series | None = None,
) -> str:
    """Say what set two changes of one measure over overlapping years apart, and which to follow.

    Newport's serious violence rose from 11.9 to 22.5 (12 months to September, beyond chance)
    and from 16.5 to 17.9 (calendar years, could be chance). The months the headline's year
    (``first``) takes in before the later year (``later``) begins count at the end of the first
    change and at the start of the second (``previous``, the later figure's year before). A
    ninth reading found that saying only so ("a high or low figure then moves them apart") left
    a councillor asking whether violence nearly doubled or not (failed before). From the four
    years' counts (``before``: the headline's year before) the sentence says how those months
    compare with the same months a year before and a year after, the whole of the difference
    between the two changes. Where they stand out from both, it says that they lift (or lower)
    the end of one change and the start of the other, and that the later figure, the latest
    and without them, is the one to follow; where they are in step with the years either side,
    the two changes tell one story and no more is said. Without the counts of one source, it
    says only which months the years share. Empty where the years do not overlap, or
    ``previous`` is unknown.
    """
    starts, ends = first["period_start"], first["period_end"]
    if previous is None or not starts < later["period_start"] <= ends < later["period_end"]:
        return ""
    months = _months(starts, later["period_start"] - pd.Timedelta(days=1))
    rows = (before, previous, first, later)
    # Counts of one source only: two sources' counts differ by more than the months between.
    if any(r is None or pd.isna(r["numerator"]) for r in rows) or (
        len({r.get("source") for r in rows if r is not None}) > 1
    ):
        # Said as a councillor reads it: "the two changes' years share July to December 2023
        # ..., so a high or low figure then moves them apart" read as jargon.
        return (
            f"Both changes count {months}, the end of the first and the start of the second: "
            "an unusual number then would make one change look bigger and the other smaller."
        )
    a, b, c, d = (round(float(r["numerator"])) for r in rows)  # type: ignore[index]
    spec = catalogue_indicator(str(first["indicator"]))
    # previous - before and first - later count those months against the same months a year
    # before and a year after: every other month counts on both sides of each difference.
    back, ahead = b - a, c - d
    said = (
        f"{months} counted {_than(back, spec.counted, 'the same months a year before')} and "
        f"{_than(ahead, '', 'a year after')}"
    )
    follow = (
        f"{FOLLOW} the {narrative.row_period(later)}'s ({spec.format(later['value'])}), the latest"
    )
    beyond = out_of_line_from(c, d, later["period_start"] - starts)
    if back * ahead > 0 and abs(back + ahead) / 2 >= beyond:
        way = "lift" if back > 0 else "lower"
        return (
            f"{said}: out of line with the year either side ({OUT_OF_LINE_RULE.format(beyond)}),"
            f" those months {way} both the {narrative.row_period(first)} and the "
            f"{narrative.row_period(previous)}, the end of one change and the start of the other"
            f", so {follow} and without them."
        )
    return f"{said}, {IN_STEP}."


#: The rule :func:`overlap_sentence` calls months out of line by, said where it is applied:
#: a board member met "out of line" on a difference of 2 children with no rule given.
OUT_OF_LINE_RULE = (
    "{} or more from the average of the same months either side, more than chance alone would make"
)


def out_of_line_from(year: int, other_year: int, span: pd.Timedelta) -> int:
    """Return how far months' count must stand from the years either side to be out of line.

    The months two overlapping years share are set against the average of the same months a
    year before and a year after. Each count is taken as a Poisson count with the months' share
    of the two years' counts (``year`` and ``other_year``) as its mean ``m``; the months' count
    less the average of the other two has variance ``1.5 m``, and differs from it by more than
    1.96 of its standard deviations about 1 time in 20 by chance alone.

    Examples
    --------
    >>> out_of_line_from(34, 27, pd.Timedelta(days=92))  # about 8 offences in 3 months
    7
    >>> out_of_line_from(44, 46, pd.Timedelta(days=92))  # about 11 children
    9
    """
    expected = (year + other_year) / 2 * min(span.days / 365.25, 1.0)
    return math.floor(1.96 * math.sqrt(1.5 * expected)) + 1


def _overlapping(ctx: ReportContext, own: pd.Series, ahead, breakdown: str, group: str):
    """Return the four figures :func:`overlap_sentence` reads, for a headline and its later one.

    The headline's figure, the later one, the later one's year before and the headline's.
    """
    later, change = ahead
    previous = benchmark.figure(
        ctx.table, ctx.yjs, str(own["indicator"]), change["previous_period"], breakdown, group
    )
    stated = stated_change(ctx, str(own["indicator"]), own["period"], breakdown, group)
    before = (
        benchmark.figure(
            ctx.table, ctx.yjs, str(own["indicator"]), stated["previous_period"], breakdown, group
        )
        if stated
        else None
    )
    return own, later, previous, before


def to_follow(
    ctx: ReportContext, indicator: str, period, breakdown: str = "total", group: str = "all"
) -> pd.Series | None:
    """Return the later figure a section says to follow instead of the headline's, else ``None``.

    Where months the headline's year shares with the later figure's are out of line with the
    years either side (:func:`overlap_sentence`), the section says to follow the later figure:
    Newport's serious violence, 22.5 for the 12 months to September 2024 and 17.9 for 2024.
    The summary and the headline table said only 22.5 (a tenth reading); they say both.
    """
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    ahead = later_change(ctx, indicator, period, breakdown, group)
    if own is None or ahead is None:
        return None
    said = overlap_sentence(*_overlapping(ctx, own, ahead, breakdown, group))
    # The sentence is the one place the rule is made; its words say which way it went.
    return ahead[0] if FOLLOW in said else None


def unusual_months(
    ctx: ReportContext, indicator: str, period, breakdown: str = "total", group: str = "all"
) -> str:
    """Name the months that made a section follow its later figure, else empty.

    They are the months the headline's year takes in before the later one begins (``October
    to December 2023``), found out of line by :func:`overlap_sentence`.
    """
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    ahead = later_change(ctx, indicator, period, breakdown, group)
    if own is None or ahead is None:
        return ""
    first, later, *rest = _overlapping(ctx, own, ahead, breakdown, group)
    if FOLLOW not in overlap_sentence(first, later, *rest):
        return ""
    return _months(first["period_start"], later["period_start"] - pd.Timedelta(days=1))


def later_sentence(ctx: ReportContext, later, breakdown: str = "total", group: str = "all") -> str:
    """Say the service's figure for a period later than its comparators' latest, and its source."""
    origin = (
        "the service's own records"
        if bool(later["own_records"])
        else page.source_name(later["source"], ctx.publications)
    )
    said = narrative.figure_sentence(
        ctx.table, ctx.yjs, later["indicator"], later["period"], breakdown, group, ctx.threshold
    )
    said = said[:1].lower() + said[1:]
    return f"A later figure, from {origin}, has nothing to compare with yet: {said}"


def unjudged_total(ctx: ReportContext, indicator: str, breakdown: str) -> str:
    """Set the service's total beside its comparators where no verdict can be given, and why.

    The headline table gives a group's measure for all pupils "cannot be judged" against
    England and the rest; the section states each comparator's figure and the gap plainly,
    and why there is no verdict. Southampton's Attainment 8 for all pupils (42.8, England
    46.5) stood in the table as "cannot be judged" and in no sentence (failed before).
    """
    if (indicator, "total", "all") not in headline_figures(ctx):
        return ""
    period = _period(ctx, indicator, "total", "all")
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period) if period else None
    if own is None or own["status"] == "suppressed" or pd.isna(own["value"]):
        return ""
    found = ctx.compare(indicator, period)
    found = found[found["difference"] == "not assessed"]
    if found.empty:
        return ""
    spec = catalogue_indicator(indicator)
    unit = "percentage points" if spec.unit == "%" else "points"
    who = narrative.group_phrase(breakdown, "all")

    # Each side said in the verdicts' words, as the headline table's marker says it: "cannot
    # be judged" of 43.5 against England's 45.2 read as evasive to an eleventh reader.
    sides: dict[str, list[str]] = {}
    for _, r in found.iterrows():
        apart = abs(float(own["value"]) - float(r["comparator_value"]))
        where = verdicts.side(own["value"], r["comparator_value"])
        if spec.format(apart, unit=False) in ("0", "0.0") or not where:
            where = "level with"
        else:
            where += " than"
        points = "" if where == "level with" else f", {spec.format(apart, unit=False)} {unit}"
        sides.setdefault(where, []).append(
            f"{r['label']} ({spec.format(r['comparator_value'], unit=False)}{points})"
        )
    said = "; ".join(f"{where} {narrative.join(names)}" for where, names in sides.items())
    # A shown figure is "not assessed" only where it has no interval (compare).
    return (
        f"For {who}, {ctx.yjs}'s {spec.phrase} in the {narrative.row_period(own)} was "
        f"{spec.format(own['value'], unit=False)}: {said} ({verdicts.NO_TEST})."
    )


def _within_service(ctx: ReportContext, spec, own, breakdown: str) -> str:
    """Set a group's figure beside the service's figures for its other groups, same period.

    Where the inputs give the other groups (all pupils, pupils with special educational needs,
    disadvantaged pupils) only for an earlier period, the sentence sets the group beside them
    in the latest period they have (the period of the page's chart of the groups).
    """
    rows = page.own_rows(ctx, spec.id)
    rows = rows[
        rows["value"].notna()
        & rows["status"].ne("suppressed")
        & rows["breakdown"].isin(["total", breakdown])
    ]
    others = page.ordered(rows[rows["group"] != own["group"]], breakdown)
    same = others[others["period"] == own["period"]]
    who = narrative.group_phrase(breakdown, own["group"])
    if not same.empty:
        return (
            f"No other area's figure for {who} is available to this report; in {ctx.yjs} in the "
            f"same period it was {_groups_said(same, spec, breakdown)}."
        )
    text = (
        f"No other area's figure for {who} is available to this report, nor a figure for another "
        f"group of children in {ctx.yjs} in the same period."
    )
    earlier = others[others["period_end"] < own["period_end"]]
    if earlier.empty:
        return text
    end = earlier["period_end"].max()
    then = rows[(rows["group"] == own["group"]) & (rows["period_end"] == end)]
    if then.empty:
        return text
    first = then.iloc[0]
    return (
        f"{text} In the {narrative.row_period(first)} it was {spec.format(first['value'])}, "
        f"against {_groups_said(earlier[earlier['period_end'] == end], spec, breakdown)}."
    )


def _groups_said(rows: pd.DataFrame, spec, breakdown: str) -> str:
    """Say each group's figure: ``42.8 for all pupils and 9.9 for pupils with an ...``."""
    said = [
        f"{spec.format(r['value'])} for {narrative.group_phrase(breakdown, r['group'])}"
        for _, r in rows.drop_duplicates("group").iterrows()
    ]
    return narrative.join(said)


def _count_words(row, spec) -> str:
    """Say a figure with its count: ``216 per 100,000 aged 10–17 (about 44 first time …)``."""
    text = spec.format(row["value"])
    if pd.isna(row["numerator"]):
        return text
    estimated = "estimated" in str(row["method"] if pd.notna(row["method"]) else "")
    if spec.interval_method == "wilson" and pd.notna(row["denominator"]):
        counted = narrative.count_phrase(float(row["denominator"]), spec.counted)
        return f"{text} ({row['numerator']:,.0f} of {counted})"
    return f"{text} ({narrative.count_phrase(float(row['numerator']), spec.counted, estimated)})"


def reconciliation(
    ctx: ReportContext, indicator: str, breakdown: str = "total", group: str = "all"
) -> str:
    """Set the service's own figure beside a publication's for the same period.

    The sentence says whether the two agree as far as their definitions explain
    (:data:`~yjanalysis.report.caveats.OWN_AND_PUBLISHED`); an empty string where no period
    has both, or either is hidden.
    """
    spec = catalogue_indicator(indicator)
    rows = page.own_rows(ctx, indicator)
    rows = rows[(rows["breakdown"] == breakdown) & (rows["group"] == group)]
    rows = rows[rows["value"].notna() & rows["status"].ne("suppressed")]
    local = rows["own_records"].astype(bool)
    pairs = rows[local].merge(
        rows[~local], on=["period_start", "period_end"], suffixes=("_own", "_published")
    )
    if pairs.empty:
        return ""
    pair = pairs.sort_values("period_end").iloc[-1]
    own = pd.Series({k[:-4]: v for k, v in pair.items() if k.endswith("_own")})
    published = pd.Series({k[:-10]: v for k, v in pair.items() if k.endswith("_published")})
    own["period_start"], own["period_end"] = pair["period_start"], pair["period_end"]
    who = (
        ""
        if group == "all"
        else f" who are {group}"
        if indicator.endswith("_share")
        else f" of {narrative.group_phrase(breakdown, group)}"
    )
    source = page.source_name(published["source"], ctx.publications)
    text = (
        f"Two sources give the {spec.phrase}{who} in {ctx.yjs} for the "
        f"{narrative.row_period(own)}: {source} gives {_count_words(published, spec)}, and the "
        f"service's own records give {_count_words(own, spec)}."
    )
    both = pd.notna(own["numerator"]) and pd.notna(published["numerator"])
    column = "numerator" if both else "value"  # counts where both give them
    mine, theirs = float(own[column]), float(published[column])
    agree, why, tolerance = caveats.agreement(indicator, mine, theirs)
    gap = caveats.gap(mine, theirs)
    if gap < 0.005:
        return text + " They agree."
    text += f" They can differ: {why}."
    if agree:
        # The measured gap beside the allowance the report sets, each called what it is: an
        # eleventh reading met "They differ by 9%, within what their definitions explain" and,
        # pages before, a 25% allowance "the report sets, not measured" (failed before).
        return text + (
            f" They differ by {gap:.0%}, within the {tolerance:.0%} the report sets for how "
            "the two sources can differ."
        )
    return (
        text + f" They differ by {gap:.0%}, more than their definitions explain (up to "
        f"{tolerance:.0%}): check that the records hold every child the publication counts, "
        "and count them as it does, before relying on either."
    )


def groups_apart(ctx: ReportContext, indicator: str) -> str:
    """Say which groups' counts the two sources give far apart, for the latest period of both.

    Where the service's own records and a publication split the same children the same way
    (by ethnicity) for the same period, each group's two counts are set side by side as the
    totals are (:func:`reconciliation`), by :func:`~yjanalysis.report.caveats.agreement` and
    a margin of two children for counts too small for a share to mean much. A published group
    far from the records (57 published against 37 counted), or two groups swapped (which keeps
    every total), passed silently: only one group of one breakdown was reconciled. Empty where
    every group agrees, or no period has both; a group hidden in either is left out.
    """
    rows = page.own_rows(ctx, indicator)
    rows = rows[rows["breakdown"].ne("total") & rows["value"].notna()]
    rows = rows[rows["status"].ne("suppressed") & rows["numerator"].notna()]
    local = rows["own_records"].astype(bool)
    keys = ["breakdown", "group", "period_start", "period_end"]
    pairs = rows[local].merge(rows[~local], on=keys, suffixes=("_own", "_published"))
    if pairs.empty:
        return ""
    pairs = pairs[pairs["period_end"].eq(pairs["period_end"].max())]
    pairs = pairs[pairs["period_start"].eq(pairs["period_start"].min())]
    apart: list[str] = []
    for _, pair in pairs.sort_values(["breakdown", "group"]).iterrows():
        mine, theirs = float(pair["numerator_own"]), float(pair["numerator_published"])
        agree, _, _ = caveats.agreement(indicator, mine, theirs)
        if agree or abs(mine - theirs) <= GROUP_MARGIN:
            continue
        who = narrative.group_phrase(str(pair["breakdown"]), str(pair["group"]))
        said = f"{who} ({theirs:,.0f} published, {mine:,.0f} in the records)"
        if said not in apart:  # a group of two breakdowns (White, of five and of two)
            apart.append(said)
    if not apart:
        return ""
    pair = pairs.iloc[0]
    when = narrative.row_period(
        pd.Series({"period_start": pair["period_start"], "period_end": pair["period_end"],
                   "period": pair["period_own"]})
    )  # fmt: skip
    source = page.source_name(str(pair["source_published"]), ctx.publications)
    tolerance = caveats.definitions_apart(indicator) or 0.10
    return (
        f"For the {when}, the {source} and the service's own records count "
        f"{narrative.join(apart)} further apart than their definitions explain (up to "
        f"{tolerance:.0%}, or {GROUP_MARGIN} children): one of them has children in the wrong "
        "group or a count mistyped; check both before relying on the figures by group."
    )


#: How many children two counts of a small group may differ by before it is said.
GROUP_MARGIN = caveats.COUNT_MARGIN


def figures_related(
    ctx: ReportContext,
    indicator: str,
    where: str,
    breakdown: str = "total",
    group: str = "all",
    subject: str | None = None,
    unit: bool = True,
) -> str:
    """Give in one line the service's own figures of a measure, by source and period.

    A board member met first time entrants four ways on different pages (the published rate,
    the service's own later figure, the family's and the region's), each with its own period,
    and nothing said how they relate. A ninth reading found the line that said so counting the
    family's and the region's rates among the service's own ("four figures") and leaving out
    the service's own figure for the published year. The line gives the service's figures only:
    the published one by its publication, then those of its own records, each with its period
    (the headline's, the same period from the other source, and any later one), and points to
    ``where`` they are compared. ``subject`` opens it (``"<service>'s <phrase>"`` by default);
    ``unit=False`` leaves the unit to the sentence before it. Empty where the service's
    headline figure is missing or hidden, or it has no other figure.
    """
    period = _period(ctx, indicator, breakdown, group)
    if period is None:
        return ""
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    if own is None or own["status"] == "suppressed" or pd.isna(own["value"]):
        return ""
    spec = catalogue_indicator(indicator)
    shown = [own]
    rows = page.own_rows(ctx, indicator)
    same = rows[
        (rows["breakdown"] == breakdown)
        & (rows["group"] == group)
        & (rows["period_start"] == own["period_start"])
        & (rows["period_end"] == own["period_end"])
        & rows["value"].notna()
        & rows["status"].ne("suppressed")
    ]
    other = [r for _, r in same.iterrows() if _from_own(r) != _from_own(own)]
    shown += other[:1]
    later = _later(ctx, indicator, period, breakdown, group)
    if later is not None and later["status"] != "suppressed" and pd.notna(later["value"]):
        shown.append(later)
    if len(shown) < 2:
        return ""
    by_source: dict[str, list[pd.Series]] = {}
    for row in sorted(shown, key=lambda r: r["period_end"]):
        name = "" if _from_own(row) else page.source_name(str(row["source"]), ctx.publications)
        by_source.setdefault(name, []).append(row)
    first = [unit]

    def figures(found: list[pd.Series]) -> str:
        said = []
        for row in found:
            said.append(
                f"{spec.format(row['value'], unit=first[0])} in "
                f"{narrative.row_period(row, short=True)}"
            )
            first[0] = False
        return narrative.join(said)

    parts = [
        f"{figures(found)} published in the {name}" for name, found in by_source.items() if name
    ]
    if "" in by_source:
        parts.append(f"{figures(by_source[''])} from its own records")
    opening = subject or f"{ctx.yjs}'s {spec.phrase}"
    return f"{opening}: {'; '.join(parts)}; {where} compares them."


@blocks.block
def measures_compared(
    ctx: ReportContext,
    indicator: str,
    heading: str | None = None,
    breakdown: str = "total",
    group: str = "all",
) -> None:
    """Say how the service's several figures of one measure relate (sources, groups, periods).

    Where its own records and a publication give the same period, the two are set side by side
    and the sentence says whether they agree as far as their definitions explain
    (:func:`reconciliation`); then the latest figure of each source and group, and which is the
    more recent.
    """
    spec = catalogue_indicator(indicator)
    said = reconciliation(ctx, indicator, breakdown, group)
    rows = page.own_rows(ctx, indicator)
    if breakdown != "total":  # one group's figures, not every group of the breakdown
        rows = rows[(rows["breakdown"] == breakdown) & (rows["group"] == group)]
    # A group whose figure for its source's latest period is hidden is left out, rather than
    # shown by an older figure of years before (Newport's robbery, 2021, beside 2024).
    newest = rows.groupby(rows["own_records"].astype(bool))["period_end"].transform("max")
    recent = rows[rows["period_end"] == newest]
    rows = recent[recent["value"].notna()]
    latest: list[str] = []
    ends: dict[bool, list[pd.Timestamp]] = {}
    for (local, part_breakdown, part_group), part in rows.groupby(
        [rows["own_records"].astype(bool), "breakdown", "group"], sort=False
    ):
        row = part.sort_values(["period_end", "period_start"], ascending=[True, False]).iloc[-1]
        who = (
            "all children"
            if part_group == "all"
            else narrative.group_phrase(part_breakdown, part_group)
        )
        origin = (
            "from the service's own records"
            if local
            else f"as published ({page.source_name(row['source'], ctx.publications)})"
        )
        ends.setdefault(local, []).append(row["period_end"])
        latest.append(
            f"{spec.format(row['value'])} for {who} in the {narrative.row_period(row)}, {origin}"
        )
    apart = groups_apart(ctx, indicator)
    parts = []
    if said:  # the two counts of one period side by side say enough
        parts.append(said)
    elif len(latest) >= 2:
        if True in ends and False in ends:
            newer = max(ends[True]) > max(ends[False])
            older = max(ends[True]) < max(ends[False])
            recent = (
                "the service's own records are more recent than the publication"
                if newer
                else "the publication is more recent than the service's own records"
                if older
                else "the latest figures of both end in the same month"
            )
        else:
            recent = "they come from one source"
        parts.append(
            f"The latest figures of the {spec.phrase} for {ctx.yjs} on this page, one for "
            f"each source and group, are {len(latest)}: "
            f"{narrative.join(latest)}. They count different children or periods ({recent}), "
            "so each is compared with its own comparators and its own past."
        )
    if apart:
        parts.append(apart)
    if not parts:
        return
    page.show(page.heading_html(heading), *(page.paragraph(p) for p in parts))
