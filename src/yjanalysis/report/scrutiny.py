"""Parts a scrutiny panel asks for beside the figures: custody today, remands, the family's rank.

Each function, like those of :mod:`yjanalysis.report.sections`, shows one part under its heading,
with sentences generated from the rows they describe, and says why in one sentence where it has
nothing to show:

* :func:`custody_today`: the service's children in custody at the end of the report's last
  day, serving a sentence or remanded, and at the end of each quarter over the two years before;
* :func:`remand_then_custody`: how many children whose remand to youth detention ended were
  then sentenced to custody;
* :func:`family_rank`: where the service stands in its family, with the family's figures;
* :func:`offence_types`: the offence groups behind serious youth violence;
* :func:`outcome_lag`: what a serious violence figure counted by outcome date reflects.

Everything from the service's own records comes from ``ctx.table``, under disclosure control:
a hidden count is ``[c]``, and the sentences never name a hidden count's size.
"""

from __future__ import annotations

import html

import pandas as pd

from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import blocks, caveats, narrative, page, sections, tables
from yjanalysis.report.context import ReportContext
from yjanalysis.table.caselevel import indicators as caselevel_indicators
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

IN_CUSTODY = "children_in_custody"
REMAND_TO_CUSTODY = "remand_to_custody"
HIDDEN = "[c]"


def _why_hidden(ctx: ReportContext) -> str:
    return disclosure.why_hidden(ctx.threshold)


def _count(row, words: bool = False) -> str:
    if row is None:
        return "–"
    if row["status"] == "suppressed" or pd.isna(row["numerator"]):
        return HIDDEN
    return "none" if words and row["numerator"] == 0 else f"{row['numerator']:,.0f}"


def _no_own_figure(ctx: ReportContext, indicator: str, what: str) -> str:
    """Say why the service has no figure computed from its own records.

    The build's own sentence where it gave one: the extract cannot count children in custody,
    or its records hold no remand (so none ended to be followed by a sentence).
    """
    said = ["no count of children in custody"]
    if indicator == REMAND_TO_CUSTODY:
        said.append(caselevel_indicators.NO_REMANDS)
    for note in ctx.build.get("notes", []):
        if ctx.yjs in note and any(words in note for words in said):
            return note.rstrip(".") + "."
    return (
        f"{narrative.capital(what)} is counted from the service's own case-level records, and "
        f"the inputs hold none for {ctx.yjs} to {ctx.period_end:%B %Y}."
    )


@blocks.block
def custody_today(ctx: ReportContext, heading: str | None = "Children in custody now") -> None:
    """Show how many of the service's children were in custody at the end of the report's period.

    The count is taken at the end of the last day of the report's period (or the latest day the
    records reach), split into children serving a sentence and children remanded to youth
    detention accommodation, and set beside the same count at the end of each quarter of the
    two years before.
    """
    spec = catalogue_indicator(IN_CUSTODY)
    rows = page.own_rows(ctx, IN_CUSTODY)
    if rows.empty:
        page.missing(ctx, IN_CUSTODY, heading, _no_own_figure(ctx, IN_CUSTODY, "custody"))
        return
    last = rows["period_end"].max()
    on_day = rows[rows["period_end"] == last].set_index("group")
    total, serving, remanded = (
        on_day.loc[g] if g in on_day.index else None for g in ("all", "Sentenced", "Remanded")
    )
    day = f"{last.day} {last:%B %Y}"
    late = "" if last == ctx.period_end else " (the latest day the service's records reach)"
    hidden = total is None or _count(total) == HIDDEN
    shown_before, shown_day = _latest_shown(rows, last, ctx.yjs) if hidden else ("", None)
    if shown_before:
        # Why a figure is hidden is said once, in the key ([c]): here only that it is.
        sentence = (
            f"{shown_before}, the latest count that can be shown; at {day}{late} it is {HIDDEN}."
        )
    elif total is None or _count(total) == HIDDEN:
        sentence = (
            f"The number of {ctx.yjs}'s children in custody at {day}{late} is "
            f"{_why_hidden(ctx)} ({HIDDEN})."
        )
    else:
        n = int(total["numerator"])
        sentence = (
            f"At {day}{late}, {n:,} of {ctx.yjs}'s children "
            f"{'was' if n == 1 else 'were'} in custody"
        )
        parts = [(_count(serving, True), "serving a custodial sentence"),
                 (_count(remanded, True), "remanded to youth detention accommodation")]  # fmt: skip
        if all(c not in (HIDDEN, "–") for c, _ in parts):
            sentence += ": " + narrative.join([f"{c} {w}" for c, w in parts]) + "."
        elif n:
            sentence += (
                ". How many were serving a sentence and how many were remanded is "
                f"{_why_hidden(ctx)} ({HIDDEN})."
            )
        else:
            sentence += "."
    quarters = pd.date_range(last - pd.DateOffset(years=2), last, freq="QE")
    quarters = [d for d in quarters if d in set(rows["period_end"])]
    if last not in quarters:
        quarters.append(last)
    # The latest count the sentence gives can be a month's end, not a quarter's: a board member
    # met "at 31 October 2024, 5 ..." beside a table of quarter-ends only. It is a row too.
    month = shown_day if shown_day is not None and shown_day not in quarters else None
    if month is not None:
        quarters = sorted([*quarters, month])
    table = pd.DataFrame({"At the end of": [f"{d.day} {d:%B %Y}" for d in quarters]})
    for group, title in (("all", "In custody"), ("Sentenced", "Serving a sentence"),
                         ("Remanded", "Remanded to youth detention")):  # fmt: skip
        part = rows[rows["group"] == group].set_index("period_end")
        table[title] = [_count(part.loc[d]) if d in part.index else "–" for d in quarters]
    ends = [d for d in quarters if d != month]  # the quarters' ends (and the period's)
    totals = rows[(rows["breakdown"] == "total") & rows["period_end"].isin(ends)]
    shown = totals[totals["status"] != "suppressed"]["numerator"].dropna()
    over = (
        f"At the end of each quarter of the two years to {day}, the number in custody "
        + (
            f"was between {shown.min():,.0f} and {shown.max():,.0f} where it is shown"
            if len(shown)
            else "is hidden every time"
        )
        + (
            f"; it is {HIDDEN} at the end of {len(totals) - len(shown)} of the "
            f"{len(totals)} quarters."
            if 0 < len(shown) < len(totals)
            else "."
        )
    )
    notes = (
        "A child serving a sentence is not counted again as remanded; remands to local "
        "authority accommodation are not custody. Children who have turned 18 are not counted."
    )
    out = [
        page.heading_html(heading),
        page.paragraph(sentence),
        page.paragraph(over),
        tables.html_table(
            table,
            f"{ctx.yjs}: children in custody at the end of each quarter"
            + (f" and of {month:%B %Y}" if month is not None else ""),
        ),
        page.paragraph(notes, "yj-note"),
    ]
    if (table == HIDDEN).any().any():
        out.append(page.paragraph(f"{HIDDEN}: {_why_hidden(ctx)}.", "yj-note"))
    out.append(
        page.paragraph(f"Source: {page.where_from(rows.head(1), ctx.publications)}.", "yj-note")
    )
    if ctx.audience == "analyst":
        out.append(page.behind(rows.sort_values(["period_end", "group"]), spec,
                               "Children in custody: the figures behind the table"))  # fmt: skip
    page.show(*out)


def _latest_shown(
    rows: pd.DataFrame, last: pd.Timestamp, yjs: str
) -> tuple[str, pd.Timestamp | None]:
    """Say the latest count of children in custody the control lets the report show, if any.

    An eleventh reading: "in custody at 31 December 2024 is hidden" while the workbook showed
    5 at 31 October 2024. The count is one disclosure control kept (its relations with the
    hidden days beside it are the control's, which hid what they would give away), from the
    three months before the day, and its day; empty (and ``None``) where none is shown.
    """
    totals = rows[
        (rows["group"] == "all")
        & rows["status"].ne("suppressed")
        & rows["numerator"].notna()
        & (rows["period_end"] < last)
        & (rows["period_end"] >= last - pd.DateOffset(months=3))
    ]
    if totals.empty:
        return "", None
    row = totals.sort_values("period_end").iloc[-1]
    n, when = int(row["numerator"]), row["period_end"]
    return (
        f"At {when.day} {when:%B %Y}, {n:,} of {yjs}'s children {'was' if n == 1 else 'were'} "
        "in custody"
    ), when


@blocks.block
def remand_then_custody(
    ctx: ReportContext, heading: str | None = "Remanded, then sentenced to custody"
) -> None:
    """Show how many children whose remand to youth detention ended were then given custody."""
    spec = catalogue_indicator(REMAND_TO_CUSTODY)
    rows = page.own_rows(ctx, REMAND_TO_CUSTODY)
    rows = rows[rows["breakdown"] == "total"]
    if rows.empty:
        page.missing(
            ctx,
            REMAND_TO_CUSTODY,
            heading,
            _no_own_figure(ctx, REMAND_TO_CUSTODY, "what happened after a remand"),
        )
        return
    row = rows.sort_values("period_end").iloc[-1]
    when = narrative.row_period(row)
    wait = (
        " A period is shown once three months have passed after it, so that a sentence "
        "following a remand is in the records."
    )
    if row["status"] == "suppressed" or pd.isna(row["value"]):
        sentence = (
            f"How many of {ctx.yjs}'s children whose remand to youth detention accommodation "
            f"ended in the {when} were then sentenced to custody is {HIDDEN}: "
            f"{_why_hidden(ctx)}."
        )
    else:
        num, den = int(row["numerator"]), int(row["denominator"])
        sentence = (
            f"Of the {den:,} children from {ctx.yjs} whose remand to youth detention "
            f"accommodation ended in the {when}, {num:,} ({spec.format(row['value'])}) "
            f"{'was' if num == 1 else 'were'} then sentenced to custody, from the start of "
            "the remand to three months after its end."
        )
        if pd.notna(row["lower"]):
            sentence += (
                f" The 95% interval is {spec.format(row['lower'])} to {spec.format(row['upper'])}."
            )
    national = (
        "The YJB publishes the national figure the other way round: two thirds of the "
        "children remanded to youth detention accommodation in England and Wales in 2019-20 "
        "did not then receive a custodial sentence."
    )
    page.show(
        page.heading_html(heading),
        page.paragraph(sentence + wait),
        page.paragraph(national),
        page.paragraph(f"Source: {page.where_from(rows.tail(1), ctx.publications)}.", "yj-note"),
    )


def _rank_period(ctx: ReportContext, indicator: str, members: list[str]) -> str | None:
    """Return the latest period with figures for the service and half its family or more."""
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == "total")
        & ctx.table["value"].notna()
    ]
    own = set(rows.loc[rows["area"] == ctx.yjs, "period"])
    peers = rows[rows["area"].isin(members)].groupby("period")["area"].nunique()
    enough = peers[(peers >= max(2, len(members) / 2)) & peers.index.isin(own)]
    if enough.empty:
        return None
    ends = rows[rows["period"].isin(enough.index)].groupby("period")["period_end"].max()
    return ends.idxmax()


@blocks.block
def family_rank(ctx: ReportContext, indicator: str, heading: str | None = "In its family") -> None:
    """Show where the service stands among its family, with each member's figure.

    The period is the latest in which the service and at least half its family have figures
    (a family's figures are often published later than a service's own). 1st is the best by
    the catalogue's polarity; the sentence also says the place counted from the highest.
    """
    spec = catalogue_indicator(indicator)
    members = narrative.family_members(page.families(ctx), ctx.yjs)
    if not members or "family" not in page.roles(ctx):
        return
    period = _rank_period(ctx, indicator, members)
    if period is None:
        page.missing(
            ctx,
            (indicator, "family rank"),
            heading,
            f"A rank in the family needs the {spec.phrase} of the service and of at least half "
            f"its {len(members)} family members for the same period, and they are not "
            "available to this report.",
        )
        return
    rank = benchmark.family_rank(ctx.table, ctx.yjs, indicator, period, families=page.families(ctx))
    if rank is None:
        return
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == "total")
        & (ctx.table["period"] == period)
        & ctx.table["area"].isin([ctx.yjs, *members])
        & ctx.table["value"].notna()
    ].sort_values("value", ascending=False)
    when = narrative.row_period(rows.iloc[0])
    from_top = int((rows["value"] > rows.loc[rows["area"] == ctx.yjs, "value"].iloc[0]).sum()) + 1
    place = _place_words(spec.polarity, rank["rank"], rank["of"])
    shared = ", sharing its place with another" if rank["tied"] else ""
    highest = "highest" if from_top == 1 else f"{narrative.ordinal(from_top)} highest"
    # The service is one of the services counted, not one of its family (Southampton read
    # "the 2nd highest of the 9 services of its family" with 8 of its family having figures).
    counted = f"{rank['of']} services: it and the {rank['of'] - 1} of its family with a figure"
    ranked = narrative.ranked_in_family(ctx.yjs, page.families(ctx))
    if ranked:
        sentence = f"In the {when}, {ctx.yjs} had the {highest} {spec.phrase} of {counted}"
        sentence += f"{place}{shared}."
    else:  # As the paper says where it says how the family was chosen.
        sentence = f"In the {when}, the {spec.phrase} of {counted}, not ranked among them."
    missing = sorted(set(members) - set(rows["area"]))
    pictures = _two_pictures(ctx, spec, rows)
    if missing and not pictures.startswith("Two sources"):  # which names them
        sentence += f" No figure for {narrative.join(missing)} is available to this report."
    sources = _sources_apart(ctx, spec, rows, ranked)
    if sources:
        sentence += " " + sources
    dash = _no_family_average(ctx, indicator, when)
    if dash:
        sentence += " " + dash
    if pictures:
        sentence += " " + pictures
    labels = [a + (" (this service)" if a == ctx.yjs else "") for a in rows["area"]]
    values = list(rows["value"])
    # The family's and the nation's figures of the same period close the table, as the
    # headline table has them (Southampton's listed its services alone: failed before).
    members_only = rows[rows["area"] != ctx.yjs]
    pooled = _pooled(members_only, spec)
    if pooled is not None:
        labels.append(f"Family ({members_only['area'].nunique()} services taken together)")
        values.append(pooled)
    nation = _nation_rows(ctx, indicator, period)
    labels += list(nation["area"])
    values += list(nation["value"])
    table = pd.DataFrame(
        {
            "Service": labels,
            spec.short_title + f" ({spec.unit})": [spec.format(v, unit=False) for v in values],
        }
    )
    rows = pd.concat([rows, nation])
    page.show(
        page.heading_html(heading),
        page.paragraph(sentence),
        tables.html_table(table, f"{spec.title}, {when}: {ctx.yjs}'s family, highest first"),
        page.paragraph(f"Source: {page.where_from(rows, ctx.publications)}.", "yj-note"),
    )


def _place_words(polarity: str, rank: int, of: int) -> str:
    """Say a place among services in plain words, as better or worse: `` (the 2nd worst)``.

    "(8th of 9, 1st being the lowest, the best)" read badly to a board member (failed
    before): the place is counted from whichever end is nearer. Empty where neither end is
    better.

    Examples
    --------
    >>> _place_words("lower_is_better", 8, 9)
    ' (the 2nd worst, lower being better)'
    >>> _place_words("higher_is_better", 1, 9)
    ' (the best, higher being better)'
    """
    better = {"lower_is_better": "lower", "higher_is_better": "higher"}.get(polarity)
    if better is None:
        return ""
    if rank <= (of + 1) / 2:
        words = "best" if rank == 1 else f"{narrative.ordinal(rank)} best"
    else:
        worst = of - rank + 1
        words = "worst" if worst == 1 else f"{narrative.ordinal(worst)} worst"
    return f" (the {words}, {better} being better)"


def _pooled(members: pd.DataFrame, spec) -> float | None:
    """Pool the members' counts into one figure; ``None`` where any lacks its counts."""
    if members.empty or members["numerator"].isna().any() or members["denominator"].isna().any():
        return None
    return float(members["numerator"].sum() / members["denominator"].sum() * spec.multiplier)


def _of_family(ctx: ReportContext, members: pd.DataFrame) -> str:
    """Say how many of the family's services a figure covers: ``8 of its 10``, ``its 10``."""
    size = len(narrative.family_members(page.families(ctx), ctx.yjs))
    given = members["area"].nunique()
    return f"{given} of its {size}" if given < size else f"its {size}"


def _nation_rows(ctx: ReportContext, indicator: str, period) -> pd.DataFrame:
    """Return the nation's figure for ``period`` the headline compares with (England, Wales)."""
    headline = sections.headline_period(ctx, indicator, "total", "all")
    found = ctx.compare(indicator, headline) if headline is not None else pd.DataFrame()
    if found.empty:
        return ctx.table.iloc[0:0]
    nations = set(found.loc[found["comparator_type"] == "country", "comparator"])
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["area_type"] == "country")
        & ctx.table["area"].isin(nations)
        & (ctx.table["breakdown"] == "total")
        & (ctx.table["period"] == period)
        & ctx.table["value"].notna()
    ]
    return rows.drop_duplicates("area")


def _no_family_average(ctx: ReportContext, indicator: str, when: str) -> str:
    """Say why the headline table gives the family no average beside its members' figures.

    Newport's headline table showed "–" under its family for serious violence while this
    section listed each member's figure (failed before): the members' figures are of another
    period, from a source the headline's period has none of. Empty where the headline's
    comparison has a family average, or is of the same period as the members' figures.
    """
    family = page.roles(ctx).get("family")
    period = sections.headline_period(ctx, indicator, "total", "all")
    if family is None or period is None:
        return ""
    found = ctx.compare(indicator, period)
    if found.empty or family[0] in set(found["comparator_type"]):
        return ""
    own = benchmark.figure(ctx.table, ctx.yjs, indicator, period)
    if own is None or narrative.row_period(own) == when:
        return ""
    theirs = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["breakdown"] == "total")
        & (ctx.table["period"] == period)
        & ctx.table["area"].isin(set(found["comparator"]))
    ]
    named = page.source_name(str(theirs["source"].iloc[0]), ctx.publications) if len(theirs) else ""
    source = f"that period's source, the {named}, gives" if named else "the inputs give"
    return (
        f"These are for the {when}; the family has no average for the "
        f'{narrative.row_period(own)} ("–" in the headline table): {source} none for these '
        "services."
    )


def _sources_apart(ctx: ReportContext, spec, rows: pd.DataFrame, ranked: bool = True) -> str:
    """Name both sources where the service's own figure is ranked among published ones.

    Newport's serious youth violence from its own records was ranked 10th of 10 against its
    family's figures from the YJB's toolkit with no word that the two count differently (failed
    before). The sentence names both, says how far they can differ
    (:data:`~yjanalysis.report.caveats.OWN_AND_PUBLISHED`), and whether the place holds across
    that difference (where the service is ranked: ``ranked``).
    """
    own = rows[rows["area"] == ctx.yjs]
    members = rows[rows["area"] != ctx.yjs]
    if own.empty or members.empty or not bool(own["own_records"].iloc[0]):
        return ""
    published = members[~members["own_records"].astype(bool)]
    if published.empty or spec.id not in caveats.OWN_AND_PUBLISHED:
        return ""
    tolerance, why = caveats.OWN_AND_PUBLISHED[spec.id]
    value = float(own["value"].iloc[0])
    theirs = published["value"].astype(float)
    low, high = value * (1 - tolerance), value * (1 + tolerance)
    # Places counted from the highest, as the sentence before counts them.
    best = int((theirs > high).sum()) + 1
    worst = int((theirs > low).sum()) + 1

    def highest(place: int) -> str:
        return "the highest" if place == 1 else f"{narrative.ordinal(place)} highest"

    holds = (
        f"at either end of that range its place would be the same ({highest(best)})"
        if best == worst
        else f"across that range its place could be anywhere from {highest(best)} to "
        f"{highest(worst)}, so read it as a guide"
    )
    source = page.source_name(published["source"].iloc[0], ctx.publications)
    return (
        f"{ctx.yjs}'s figure here comes from its own case-level records and its family's from "
        f"the {source}, which define and date the figures their own way: {why}, so the two "
        f"can differ by up to {tolerance:.0%}" + (f"; {holds}." if ranked else ".")
    )


def _two_pictures(ctx: ReportContext, spec, rows: pd.DataFrame) -> str:
    """Say how the family's figure beside the headline relates to the figures here.

    The headline's family figure can come from another source and period (a data summary's
    rolling year, say) than the members' own figures a rank rests on (a toolkit's financial
    year). Southampton's serious violence came four ways (20.1, 21.1, 18.1, and the family's
    7.4 against "6.4 pooled") with only "two pictures of one family, from different sources
    and periods" between them, where first time entrants' two sources were set side by side
    ("They differ by 9%"; failed before). Where the headline's source gives the family a
    figure for the members' period, the two sources are set side by side for that period, and
    how far apart they are said, as first time entrants' are; then the service's figure here
    beside its own records' for the same period and those above. A warning follows where the
    family's two differ by more than half.
    """
    members = rows[rows["area"] != ctx.yjs]
    period = sections.headline_period(ctx, spec.id)
    found = ctx.compare(spec.id, period) if period is not None else pd.DataFrame()
    family = found[found["comparator_type"] == "family"] if len(found) else found
    if family.empty or members.empty:
        return ""
    headline = benchmark.figure(ctx.table, family["comparator"].iloc[0], spec.id, period,
                                area_type="family")  # fmt: skip
    if headline is None:
        return ""
    same_source = set(members["source"]) == {headline["source"]}
    if same_source and headline["period"] == members["period"].iloc[0]:
        return ""
    # The family's figure as every table gives it: its members' counts pooled (the service
    # left out), saying how many of its services have one ("pooled, 6.4" beside 7.4 said not
    # which services); none without counts, where a mean would be another kind of figure.
    pooled = _pooled(members, spec)
    of = _of_family(ctx, members)
    when = narrative.row_period(members.iloc[0])
    latest_source = page.source_of(headline, ctx.publications)
    members_source = page.source_name(members["source"].iloc[0], ctx.publications)
    twin = ctx.table[
        (ctx.table["area"] == headline["area"])
        & (ctx.table["area_type"] == "family")
        & (ctx.table["indicator"] == spec.id)
        & (ctx.table["breakdown"] == "total")
        & (ctx.table["period"] == members["period"].iloc[0])
        & (ctx.table["source"] == headline["source"])
        & ctx.table["value"].notna()
    ]
    if pooled is not None and not twin.empty:
        theirs = float(twin["value"].iloc[0])
        gap = abs(theirs - pooled) / theirs
        family_members = narrative.family_members(page.families(ctx), ctx.yjs)
        left = sorted(set(family_members) - set(members["area"]))
        # The headline's figure for its own period is set beside only where it differs: the
        # same printed figure for two periods read as a copying slip, as "(7.4 ...)" and as
        # "(also 7.4 ...)" (a tenth and an eleventh reading).
        above = (
            ""
            if spec.format(theirs) == spec.format(headline["value"])
            else f" ({spec.format(headline['value'], unit=False)} for the "
            f"{narrative.row_period(headline)}, above)"
        )
        text = (
            f"Two sources give the family's figure for the {when}: the {latest_source} gives "
            f"{spec.format(theirs)}{above}, and the {members_source}'s counts of "
            f"{of} services taken together give {spec.format(pooled, unit=False)}. They differ by "
            f"{gap:.0%}" + (f": the second leaves out {narrative.join(left)}." if left else ".")
        )
    else:
        how = (
            f"counts of {of} services taken together, {spec.format(pooled)}"
            if pooled is not None
            else "without counts to add up, so no family figure"
        )
        text = (
            f"The family's figure beside the latest figure above ("
            f"{spec.format(headline['value'])}, {narrative.row_period(headline)}, "
            f"{latest_source}) and these members' figures ({when}, {members_source}; {how}) "
            "are two pictures of one family, from different sources and periods."
        )
        theirs = float(headline["value"])
    if pooled and abs(theirs - pooled) / pooled > 0.5:
        text += (
            " They differ by more than a year's change or a difference of source usually "
            "explains: check which services and periods each covers before relying on either."
        )
    own = _own_beside(ctx, spec, rows[rows["area"] == ctx.yjs])
    return f"{text} {own}" if own else text


def _own_beside(ctx: ReportContext, spec, mine: pd.DataFrame) -> str:
    """Set the service's published figure in the family's table beside its own records'.

    The same period's figure from its own records (the same or not), then the figures of its
    own records the section gives above (the headline's and any later one).
    """
    if mine.empty or bool(mine["own_records"].fillna(False).iloc[0]):
        return ""
    shown = mine.iloc[0]
    own = page.own_rows(ctx, spec.id)
    own = own[
        own["own_records"].fillna(False).astype(bool)
        & (own["breakdown"] == "total")
        & (own["period_start"] == shown["period_start"])
        & (own["period_end"] == shown["period_end"])
        & own["value"].notna()
    ]
    if own.empty:
        return ""
    row = own.iloc[0]
    same = pd.notna(row["numerator"]) and row["numerator"] == shown["numerator"]
    count = narrative.count_phrase(float(row["numerator"]), spec.counted) if same else ""
    # Both sources credited: "is its own records' figure for that year too" beside a source
    # line naming the toolkit alone read as the toolkit's figure or the records', not both.
    said = (
        f"{ctx.yjs}'s {spec.format(shown['value'], unit=False)} here is from the "
        f"{page.source_name(str(shown['source']), ctx.publications)}, and its own records "
        f"agree ({count})"
        if same
        else f"{ctx.yjs}'s own records give {spec.format(row['value'], unit=False)} for that "
        f"year, against {spec.format(shown['value'], unit=False)} here"
    )
    period = sections.headline_period(ctx, spec.id)
    above = [benchmark.figure(ctx.table, ctx.yjs, spec.id, period)] if period else []
    above.append(sections.later_figure(ctx, spec.id, period) if period else None)
    later = [
        r
        for r in above
        if r is not None
        and r["status"] != "suppressed"
        and pd.notna(r["value"])
        and r["period_end"] > shown["period_end"]
    ]
    if not later:
        return said + "."
    given = narrative.join(
        [f"{spec.format(r['value'], unit=False)} for the {narrative.row_period(r)}" for r in later]
    )
    return f"{said}; they give {given}."


@blocks.block
def offence_types(ctx: ReportContext, heading: str | None = "The offences behind the rate") -> None:
    """Show the offence groups behind the service's serious violence figure."""
    blocks.emit(sections.breakdown_chart(ctx, "syv_rate", "offence_group", heading=heading))


@blocks.block
def outcome_lag(ctx: ReportContext, indicator: str = "syv_rate") -> None:
    """Say what a figure counted by outcome date reflects: complete, but of earlier offending."""
    period = benchmark.latest_period(ctx.table, ctx.yjs, indicator)
    if period is None:
        return
    row = benchmark.figure(ctx.table, ctx.yjs, indicator, period)
    text = caveats.outcome_lag(indicator, narrative.row_period(row))
    if text:
        page.show(f'<p class="yj-note">{html.escape(text)}</p>')


__all__ = ["custody_today", "family_rank", "offence_types", "outcome_lag", "remand_then_custody"]
