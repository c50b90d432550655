"""Plain-English sentences about a service's figures, for councillors and boards.

The sentences come only from the rows they describe and from the comparisons of
:mod:`yjanalysis.methods.benchmark`: a difference is called higher or lower only when the statistics
support it (otherwise it *could be chance*, never "the same"); a suppressed figure is never
repeated (nor anything from which it could be worked out); small numbers are named as such; a
figure for a group names the group; a period is named in words from its dates (``the financial
year 2023-24``, ``the 12 months to June 2023``), never from free text an input supplied; and a
missing figure is explained by where such figures come from (a source covering English
authorities only, the service's own records, figures published by authority).

Every function returns plain text: callers escape it for HTML and never render it as Markdown.
"""

from __future__ import annotations

import re

import pandas as pd

from yjanalysis import reference
from yjanalysis.config import DEFAULT_SUPPRESSION_THRESHOLD
from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import verdicts, wales
from yjanalysis.table.caselevel import indicators as caselevel_indicators
from yjanalysis.vocabulary.catalogue import Indicator
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

__all__ = [
    "GROUP_WORDS",
    "MISSING_ELSEWHERE",
    "MONTHS",
    "NO_COMPARATOR",
    "NO_OTHER_AREA",
    "ORDINAL",
    "SHORT_GROUPS",
    "SINGULAR",
    "UNRANKED",
    "capital",
    "change_sentence",
    "children_of",
    "comparison_sentence",
    "count_phrase",
    "describe",
    "family_members",
    "figure_sentence",
    "group_phrase",
    "join",
    "many_comparisons",
    "ordinal",
    "period_kind",
    "period_words",
    "previous_words",
    "rank_sentence",
    "ranked_in_family",
    "row_period",
    "short_group",
]

SINGULAR = {
    "children": "child",
    "young people": "young person",
    "first time entrants": "first time entrant",
    "custodial sentences": "custodial sentence",
    "reoffences": "reoffence",
    "serious violence offences": "serious violence offence",
    "pupils": "pupil",
    "episodes": "episode",
    "programmes": "programme",
}
ORDINAL = {1: "st", 2: "nd", 3: "rd"}
NO_COMPARATOR = "No comparator has a figure for the same period and group."
#: Why a figure is compared with nothing, where no other area has it in any period: a board
#: reader met the share of children in suitable education, training or employment at the end
#: of their order with no word of why no other area had one.
#: Said in the words a member reads: the paper had "No input gives it", the software's word.
NO_OTHER_AREA = "No other area's figure is available to this report."
#: What is missing, where another area's figure of the measure is published somewhere the
#: report does not read: an eleventh reader, told only that none is available, recalled the
#: seed setting education, training or employment beside the region and England (the YJB's
#: data summary gives them for children on orders).
MISSING_ELSEWHERE = {
    "ete_suitable": (
        "The YJB's quarterly data summary gives the region's and the nation's figure for "
        "children on orders; this report does not have them."
    ),
}
MONTHS = "January February March April May June July August September October November December"

#: How a sentence names a group of a breakdown (``None`` is any other group of it).
GROUP_WORDS = {
    ("pupil_group", "all"): "all pupils",
    ("pupil_group", "Youth justice cohort"): (
        "the youth justice cohort (children known to the service, matched to school records)"
    ),
    ("pupil_group", "Secondary pupils"): "secondary pupils",
    ("pupil_group", "SEN EHCP"): "pupils with an education, health and care plan",
    ("pupil_group", "SEN support"): "pupils receiving special educational needs support",
    ("pupil_group", "Children in need"): "children in need",
    ("pupil_group", "Looked after"): "looked-after children",
    ("pupil_group", "Disadvantaged"): "disadvantaged pupils",
    ("ete_status", "None"): "orders ending with no education, training or employment",
}


def count_phrase(count: float, counted: str, estimated: bool = False) -> str:
    """Say a count with its noun: ``134 children``, ``1 child``, ``about 33 first time entrants``.

    Examples
    --------
    >>> count_phrase(1, "children")
    '1 child'
    >>> count_phrase(1234, "custodial sentences", estimated=True)
    'about 1,234 custodial sentences'
    """
    noun = SINGULAR.get(counted, counted) if count == 1 else counted
    return f"{'about ' if estimated else ''}{count:,.0f} {noun}"


def ratio_bound(value: float) -> str:
    """Print a ratio's bound to one decimal, or to as many as show which side of 1 it lies.

    A bound decides a ratio's verdict by lying above or below 1: "1.0 to 16.9" read as
    touching 1 when the bound was 1.04, and a bound of 0.9995 read as 1 too.

    Examples
    --------
    >>> [ratio_bound(v) for v in (0.7, 1.04, 0.9995, 2.68, 1.0)]
    ['0.7', '1.04', '0.9995', '2.7', '1.0']
    >>> ratio_bound(1.000001)
    'just above 1'
    """
    for places in range(1, 5):
        said = f"{value:.{places}f}"
        if value == 1 or float(said) != 1:
            return said
    return "just above 1" if value > 1 else "just below 1"


def ordinal(n: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th`` … .

    Examples
    --------
    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, "th")
    return f"{n}{suffix}"


def join(items: list[str], word: str = "and") -> str:
    """Join words as a sentence does: ``a``, ``a and b``, ``a, b and c`` (or ``word``).

    Examples
    --------
    >>> join(["custody", "remand", "reoffending"])
    'custody, remand and reoffending'
    >>> join(["Asian", "Black", "Mixed"], "or")
    'Asian, Black or Mixed'
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def join_qualified(labels: list[str]) -> str:
    """Join comparators as :func:`join` does, saying a bracket they share once, at the end.

    A difference beyond chance that the allowance for two sources does not clear is named
    with its bracket (:func:`yjanalysis.report.verdicts.sources_clause`): the summary said
    "(part of the gap may be how the two sources count)" after each of three comparators.

    Examples
    --------
    >>> part = f"({verdicts.PART_SOURCES})"
    >>> join_qualified(["the region", f"its family {part}", f"England {part}"]) == (
    ...     f"the region, and than its family and England {part}")
    True
    >>> join_qualified(["its family", "England"])
    'its family and England'
    """
    clauses = [f" ({verdicts.PART_SOURCES})", f" ({verdicts.WHOLE_SOURCES})"]
    groups: dict[str, list[str]] = {}
    for label in labels:
        clause = next((c for c in clauses if label.endswith(c)), "")
        groups.setdefault(clause, []).append(label.removesuffix(clause) if clause else label)
    said = [join(names) + clause for clause, names in groups.items() if not clause]
    said += [join(names) + clause for clause, names in groups.items() if clause]
    return ", and than ".join(said)


def capital(text: str) -> str:
    """Capitalise the first letter only (``rate of …`` → ``Rate of …``)."""
    return text[:1].upper() + text[1:]


def period_kind(start, end) -> str:
    """Say what kind of period runs from ``start`` to ``end``.

    Returns
    -------
    str
        ``calendar``, ``financial`` (April to March), ``academic`` (September to August),
        ``rolling`` (any other 12 months), ``quarter`` (3 months) or ``other``.

    Examples
    --------
    >>> period_kind(pd.Timestamp("2023-04-01"), pd.Timestamp("2024-03-31"))
    'financial'
    >>> period_kind(pd.Timestamp("2022-07-01"), pd.Timestamp("2023-06-30"))
    'rolling'
    """
    if pd.isna(start) or pd.isna(end):
        return "other"
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole = start.day == 1 and (end + pd.Timedelta(days=1)).day == 1
    if not whole:
        return "other"
    if months == 12:
        return {1: "calendar", 4: "financial", 9: "academic"}.get(start.month, "rolling")
    return "quarter" if months == 3 else "other"


def _month(day: pd.Timestamp, short: bool = False) -> str:
    name = MONTHS.split()[day.month - 1]
    return f"{name[:3] if short else name} {day.year}"


def period_words(label, start, end, short: bool = False) -> str:
    """Name a period in words made from its dates, so every page names periods one way.

    Parameters
    ----------
    label : str
        The table's label, used only for a period of no recognised kind.
    start, end : pandas.Timestamp
        Its first and last day.
    short : bool
        The form for an axis or a table (``2023-24``, ``Jun 2023``) rather than a sentence.

    Examples
    --------
    >>> day = pd.Timestamp
    >>> period_words("2023-24", day("2023-04-01"), day("2024-03-31"))
    'financial year 2023-24'
    >>> period_words("Jul 2022 – Jun 2023", day("2022-07-01"), day("2023-06-30"))
    '12 months to June 2023'
    >>> period_words("2024", day("2024-01-01"), day("2024-12-31"), short=True)
    '2024'
    """
    kind = period_kind(start, end)
    if kind == "other":
        return str(label)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if kind == "calendar":
        return f"{end.year}" if short else f"calendar year {end.year}"
    if kind == "financial":
        text = f"{start.year}-{end.year % 100:02d}"
        return text if short else f"financial year {text}"
    if kind == "academic":
        text = f"{start.year}/{end.year % 100:02d}"
        return text if short else f"academic year {text}"
    if kind == "rolling":
        return _month(end, True) if short else f"12 months to {_month(end)}"
    return _month(end, True) if short else f"3 months to {_month(end)}"


def row_period(row, short: bool = False) -> str:
    """Name the period of a table row (see :func:`period_words`)."""
    return period_words(row["period"], row["period_start"], row["period_end"], short)


#: Ethnic groups whose name does not read as an adjective before "children".
_OF_ETHNICITY = {"Mixed": "children of mixed ethnicity", "Other": "children of other ethnicity"}


def children_of(group: str) -> str:
    """Name the children of an ethnic group (``Black children``) as a reader says it.

    "Mixed children" read badly to a board member (issue 26).

    Examples
    --------
    >>> children_of("Black"), children_of("Mixed")
    ('Black children', 'children of mixed ethnicity')
    """
    return _OF_ETHNICITY.get(group, f"{group} children")


def group_phrase(breakdown: str, group: str) -> str:
    """Name a breakdown group as a sentence does.

    Examples
    --------
    >>> group_phrase("age_group", "15 to 17")
    '15 to 17 year olds'
    >>> group_phrase("ethnicity", "Black")
    'Black children'
    """
    if (breakdown, group) in GROUP_WORDS:
        return GROUP_WORDS[(breakdown, group)]
    if group == "all":
        return "all children"
    if breakdown == "age_group":
        return f"{group} year olds"
    if breakdown in ("ethnicity", "ethnicity_combined"):
        return children_of(group)
    if breakdown == "sex" and group.lower() in ("boys", "girls"):
        return group.lower()
    if breakdown == "pupil_group":
        return f"pupils in the group '{group}'"
    return f"the group '{group}'"


#: Short names of groups whose own names read badly alone.
SHORT_GROUPS = {("ete_status", "None"): "No ETE", ("ete_status", "all"): "All orders"}


def short_group(breakdown: str, group: str) -> str:
    """Name a group briefly, for a title or an axis (``15 to 17 year olds``, ``All pupils``)."""
    if (breakdown, group) in SHORT_GROUPS:
        return SHORT_GROUPS[(breakdown, group)]
    if group == "all":
        return "All pupils" if breakdown == "pupil_group" else "All"
    if breakdown == "age_group":
        return f"{group} year olds"
    return group


def family_members(families: dict | None, yjs: str) -> list[str]:
    """Return the members of a service's family (without the service), as the build used them."""
    return list((families or reference.families()).get(yjs, []))


def services_behind(method: object) -> int | None:
    """Return how many services a pooled figure is made from, where fewer than all its own.

    The build names a family figure pooled over some of its members in ``method`` (a source of
    English authorities gives a family none of its Welsh members); a figure of all of them, or
    of no pooling, gives ``None``.

    Examples
    --------
    >>> services_behind("pooled counts of 8 of its 10 services")
    8
    >>> services_behind("pooled counts of 10 YJSs") is None
    True
    """
    found = re.match(r"pooled counts of (\d+) of its (\d+) services", str(method))
    return int(found.group(1)) if found and found.group(1) != found.group(2) else None


def _own_rows(table: pd.DataFrame, yjs: str, indicator: str) -> pd.DataFrame:
    rows = table[table["indicator"] == indicator]
    return rows[(rows["area"] == yjs) & (rows["area_type"] == "yjs")]


def _missing_reason(
    table: pd.DataFrame, yjs: str, indicator: str, breakdown: str, group: str = "all"
) -> str:
    """Say why a service has no figure, from where the indicator's figures come from."""
    entry = reference.register().loc[yjs]
    rows = table[table["indicator"] == indicator]
    if rows.empty:
        return "none of the inputs has this indicator"
    own = _own_rows(table, yjs, indicator)
    own = own[own["value"].notna() | own["status"].eq("suppressed")]
    given: str | None = None
    if not own.empty:
        pairs = zip(own["breakdown"], own["group"], strict=True)
        # Named as a sentence names them ("the youth justice cohort (children known to the
        # service, …)"), not by their labels: "the inputs give it for Youth justice cohort in
        # Newport" read as a line of the table, not a sentence.
        groups = sorted(
            {group_phrase(breakdown if b == "total" else b, g) for b, g in pairs},
            key=lambda g: (not g.startswith("all"), g),
        )
        if len(groups) > 4:
            groups = [*groups[:2], f"{len(groups) - 2} other groups"]
        given = join(groups)
    chosen = rows[(rows["breakdown"] == breakdown) & (rows["group"] == group)]
    services = chosen if len(chosen) else rows
    services = services[services["area_type"].isin(["yjs", "la"])]
    published = services[~services["own_records"].astype(bool)]
    welsh = set(reference.register().query("country == 'Wales'")["yjs"])
    has_welsh = published["area"].isin(welsh).any() or rows["area"].eq("Wales").any()
    if entry["country"] == "Wales" and len(published) and not has_welsh:
        # The true reason for a Welsh service, even where its own records give another group.
        if wales.has_lait(published):
            also = f", though this report has {yjs}'s figure for {given}" if given else ""
            return wales.MISSING_REASON + also
        if not given:  # other publications (the YJB's, a user's file) cover Wales too
            return _others_only(indicator, yjs)
    if (
        entry["country"] == "Wales"
        and published.empty
        and indicator in wales.NATIONAL_MEASURES.values()
    ):
        also = f", though this report has {yjs}'s figure for {given}" if given else ""
        return (
            "Wales's figures by local authority are published in "
            f"{wales.WELSH_SOURCES[indicator]}, which is not available to this report{also}"
        )
    if given:
        return (
            f"the inputs give it for {given} in {yjs}, but not for {group_phrase(breakdown, group)}"
        )
    if indicator in caselevel_indicators.INDICATORS and published.empty:
        return (
            "figures for a service are computed from its own case-level records, and the "
            f"inputs include none for {yjs}"
        )
    la = rows[(rows["area_type"] == "la") & rows["area"].isin(entry["local_authorities"])]
    if len(entry["local_authorities"]) > 1 and not la.empty:
        return (
            "the source publishes it for each authority the service covers ("
            + join(sorted(set(la["area"])))
            + "), not for the service"
        )
    if len(published) and not given:
        return _others_only(indicator, yjs)
    return "the inputs have no figure for it"


def _others_only(indicator: str, yjs: str) -> str:
    """Why a figure published for other services is missing for this one."""
    reason = f"the inputs give it for other services, but none for {yjs}"
    if indicator in caselevel_indicators.INDICATORS:
        reason += (
            "; a service's own figure is computed from its own case-level records, and "
            f"the inputs include none for {yjs}"
        )
    return reason


def _subject(spec: Indicator, yjs: str, breakdown: str, group: str) -> str:
    if group == "all" and breakdown == "total":
        return f"{yjs}'s {spec.phrase}"
    return f"the {spec.phrase} of {group_phrase(breakdown, group)} in {yjs}"


def _when(spec: Indicator, row) -> str:
    words = row_period(row)
    if spec.period_is == "cohort":
        return f"For the cohort of the {words}"
    return f"In the {words}"


def figure_sentence(
    table,
    yjs,
    indicator,
    period=None,
    breakdown="total",
    group="all",
    threshold=DEFAULT_SUPPRESSION_THRESHOLD,
) -> str:
    """Say the service's figure with its group, period, unit and count, or why there is none."""
    yjs = reference.require_yjs(yjs)
    spec = catalogue_indicator(indicator)
    own = benchmark.figure(table, yjs, indicator, period, breakdown, group)
    subject = _subject(spec, yjs, breakdown, group)
    if own is None or (pd.isna(own["value"]) and own["status"] != "suppressed"):
        reason = _missing_reason(table, yjs, indicator, breakdown, group)
        return f"There is no figure for {subject}: {reason}."
    if own["status"] == "suppressed":
        return f"{_when(spec, own)}, {subject} is {disclosure.why_hidden(threshold)}."
    named = spec.unit in spec.phrase  # "reoffences per reoffender was 2.44", not the unit again
    text = f"{_when(spec, own)}, {subject} was {spec.format(own['value'], unit=not named)}"
    estimated = "estimated" in str(own["method"] if pd.notna(own["method"]) else "")
    if pd.notna(own["numerator"]):
        if spec.interval_method == "wilson" and pd.notna(own["denominator"]):
            total = count_phrase(float(own["denominator"]), spec.counted)
            text += f" ({own['numerator']:,.0f} of {total})"
        elif spec.unit != spec.counted:  # a count in its own unit needs no second mention
            text += f" ({count_phrase(float(own['numerator']), spec.counted, estimated)})"
    elif spec.interval_method == "mean" and pd.notna(own["denominator"]):
        text += f" ({count_phrase(float(own['denominator']), spec.counted)})"
    return text + "."


def _compared(item: pd.Series, spec: Indicator) -> str:
    return f"{item['label']} ({spec.format(item['comparator_value'], unit=False)})"


#: How a comparison against areas' figures starts, naming which comparison it is.
AGAINST = "Against each area's figure, using the service's 95% interval, "


def _against(text: str, first: bool) -> str:
    """Start the first sentence of a comparison by naming it (:data:`AGAINST`)."""
    return AGAINST + text if first else capital(text)


def comparison_sentence(
    comparison: pd.DataFrame, spec: Indicator, among: dict[str, str] | None = None
) -> str:
    """Say how a service compares with its comparators, only as far as the statistics allow.

    ``among`` gives, after the verdict of a direction (``higher``, ``lower``), the sentence
    that says plainly the service's place among all services
    (:func:`yjanalysis.report.verdicts.two_tests`): the board reads one verdict, against the
    areas' figures, and the funnel's reading follows it in plain words.
    """
    if comparison.empty:
        return NO_COMPARATOR
    if (comparison["status"] == "suppressed").any():
        return "It cannot be compared with other areas without revealing it."
    sentences: list[str] = []
    # A difference beyond chance that the allowance for two sources does not clear is said
    # apart, with how much of the gap the sources could explain.
    qualified = (
        comparison["sources"].fillna("").astype(str).ne("")
        if "sources" in comparison
        else pd.Series(False, index=comparison.index)
    )
    for direction in ("higher", "lower"):
        rows = comparison[(comparison["difference"] == direction) & ~qualified]
        if rows.empty:
            continue
        judged = rows["verdict"].iloc[0]
        names = join([_compared(r, spec) for _, r in rows.iterrows()])
        sentences.append(
            _against(
                f"it is {direction} than {names}, and the difference is {verdicts.BEYOND_CHANCE}.",
                not sentences,
            )
        )
        if judged in ("better", "worse"):
            good = "lower" if spec.polarity == "lower_is_better" else "higher"
            sentences.append(f"For this measure {good} is better, so this is {judged}.")
        # The place among all services, plainly, after the one verdict the board reads.
        among_said = (among or {}).get(direction)
        if among_said:
            sentences.append(among_said)
    similar = comparison[comparison["difference"] == "similar"]
    if not similar.empty:
        names = join([_compared(r, spec) for _, r in similar.iterrows()])
        plural = "differences" if len(similar) > 1 else "difference"
        sentences.append(
            _against(
                f"the {plural} from {names} {verdicts.COULD_BE_CHANCE}: {verdicts.WITHIN_CHANCE}.",
                not sentences,
            )
        )
    for (direction, sources), apart in comparison[qualified].groupby(
        ["difference", "sources"], sort=False
    ):
        names = join([_compared(r, spec) for _, r in apart.iterrows()])
        # The test is of the interval's end nearest each figure: the sentence works its gap
        # out from the figures as printed.
        first_row = apart.iloc[0]
        said = verdicts.within_definitions(
            names,
            float(apart["tolerance"].max()),
            (
                spec.format(first_row["lower"], unit=False),
                spec.format(first_row["upper"], unit=False),
            ),
            [spec.format(r["comparator_value"], unit=False) for _, r in apart.iterrows()],
            str(direction),
            str(sources),
        )
        sentences.append(_against(said, not sentences))
        judged = first_row["verdict"]
        if judged in ("better", "worse"):
            good = "lower" if spec.polarity == "lower_is_better" else "higher"
            sentences.append(f"For this measure {good} is better, so this is {judged}.")
    unassessed = comparison[comparison["difference"] == "not assessed"]
    if not unassessed.empty:
        sentences.append(
            "The source gives no counts for this figure, so whether it really differs from "
            f"{join([_compared(r, spec) for _, r in unassessed.iterrows()])} "
            f"{verdicts.CANNOT_BE_JUDGED}."
        )
    first = comparison.iloc[0]
    if pd.notna(first["numerator"]) and first["numerator"] < benchmark.SMALL_NUMBER:
        sentences.append(
            f"The numbers are small ({count_phrase(float(first['numerator']), spec.counted)}), "
            "so changes of this size from year to year are expected by chance."
        )
    return " ".join(sentences)


def change_sentence(found: dict | None, spec: Indicator, since: str | None = None) -> str:
    """Say how the figure has changed since an earlier period, and whether beyond chance.

    Parameters
    ----------
    found : dict
        From :func:`yjanalysis.methods.benchmark.change`.
    since : str, optional
        The earlier period in words (default: its label).
    """
    if not found:
        return ""
    since = since or found["previous_period"]
    before = spec.format(found["previous_value"], unit=False)
    if found["direction"] == "no change":
        # The same figure: nothing moved, so no test is said ("unchanged (whether the change
        # is real cannot be judged)" read as a contradiction).
        return f"It is the same as in {since} ({before})."
    elif before == spec.format(found["value"], unit=False):
        # Moved in a decimal the page does not show: "risen from 0.88" to 0.88 reads as false.
        text = f"It is about the same as in {since} ({before} then too)"
    else:
        verb = {"up": "risen", "down": "fallen"}[found["direction"]]
        text = f"Since {since} it has {verb} from {before}"
    if found["beyond_chance"] is None:
        # Say why, from the comparison itself: no counts, estimates too small, periods that
        # overlap, or reoffences without an interval are different reasons.
        why = found.get("reason") or "the source gives no counts for one of the two figures"
        return text + f" (whether the change is real {verdicts.CANNOT_BE_JUDGED}: {why})."
    if found["beyond_chance"]:
        return text + f"; the change is {verdicts.BEYOND_CHANCE}."
    return text + f"; a change of this size {verdicts.COULD_BE_CHANCE}."


def many_comparisons(against: int, changes: int = 0, level: float = 0.95) -> str:
    """Say how many "beyond chance" findings chance alone would give among these tests.

    Each test is at ``level``: for a service no different from any comparator, ``1 - level``
    of them (one in twenty at 95%) would still show a difference beyond chance, however they
    are related to one another, so a list of verdicts says how many it holds. Comparisons
    with other areas and changes since the year before are counted apart, each named (one
    count of both read as that many comparisons). The paper keeps one level rather than a
    stricter one for its summary (see ``docs/statistics.md``, "Many comparisons").

    Parameters
    ----------
    against : int
        The verdicts against other areas' figures (family, region, nation).
    changes : int
        The tests of change since the year before.

    Examples
    --------
    >>> said = many_comparisons(15, 6)
    >>> said.startswith("The verdicts are 15 comparisons with other areas and 6 changes since")
    True
    >>> "about one of the 15 comparisons, and fewer than one of the 6 changes," in said
    True
    >>> many_comparisons(24).split(": ")[0]
    'The verdicts are 24 comparisons with other areas, each a test at the 95% level'
    >>> many_comparisons(1)
    ''
    """
    if against + changes < 2:
        return ""

    def expected(n: int) -> str:
        found = int(n * (1 - level) + 0.5)
        return "fewer than one" if found == 0 else f"about {_NUMBER_WORDS.get(found, found)}"

    counts = [(against, "comparisons with other areas"), (changes, "changes since the year before")]
    counts = [(n, what) for n, what in counts if n]
    named = join([f"{n} {what}" for n, what in counts])
    each = [f"{expected(n)} of the {n} {what.split()[0]}" for n, what in counts]
    by_chance = f"{each[0]}, and {each[1]}," if len(each) == 2 else each[0]
    return (
        f"The verdicts are {named}, each a test at the {level:.0%} level: even for a service no "
        f"different from its comparators, about one test in {1 / (1 - level):.0f} would show a "
        f"difference {verdicts.BEYOND_CHANCE}, so {by_chance} would do so by chance alone. "
        "Read any one difference with care: one that lasts from year to year, or shows against "
        "several comparators, is firmer evidence."
    )


_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def ranked_in_family(yjs: str, families: dict | None = None) -> bool:
    """Whether the paper ranks the service in its family: not a Welsh one among English ones.

    A Welsh service's family is mostly English where Wales has too few services like it; its
    English members work under English law and policy, so a place among them would say
    little, on every measure alike. Newport was "not ranked" on first time entrants yet ranked
    among the same English services on serious youth violence and on children cautioned or
    sentenced (failed before): one rule now holds for every measure, said once where the
    paper says how the family was chosen (:data:`UNRANKED`).

    Examples
    --------
    >>> ranked_in_family("Newport", {"Newport": ["Bristol", "Leeds", "Flintshire"]})
    False
    >>> ranked_in_family("Newport", {"Newport": ["Cardiff", "Swansea", "Bristol"]})
    True
    >>> ranked_in_family("Southampton", {"Southampton": ["Portsmouth"]})
    True
    """
    if not wales.is_welsh(yjs):
        return True
    members = (families or reference.families()).get(yjs) or []
    country = reference.register()["country"]
    english = [m for m in members if country.get(m) == "England"]
    return len(english) * 2 <= len(members)


#: What the paper says once of a Welsh service not ranked in its mostly English family.
UNRANKED = (
    "So it is not ranked in its family on any measure: a place among services under another "
    "country's policy would say little."
)


def rank_sentence(rank: dict | None) -> str:
    """Say the service's place in its family, and how far it holds across its sources' gap.

    Where the service's figure is from its own records and its family's from publications
    (``rank["tolerance"]``, :func:`~yjanalysis.methods.benchmark.family_rank`), the sentence
    says they can differ by that much and where the rank would be at either end of it.

    Examples
    --------
    >>> rank_sentence({"rank": 9, "of": 9, "tied": False, "tolerance": 0.0})
    'It ranks 9th of 9 (it and the 8 of its family with a figure), 1st being the best.'
    >>> said = rank_sentence({"rank": 9, "of": 9, "tied": False, "tolerance": 0.25, "best": 5,
    ...                       "worst": 9})
    >>> said.split("; ")[1][:63]
    'its figure is from its own records and theirs from publications'
    >>> "can differ by up to 25%: across that range it could rank anywhere from 5th to 9th." in said
    True
    """
    if not rank:
        return ""
    tie = ", tied" if rank["tied"] else ""
    # How many services had a figure, the service among them: "of 9" and "of 11" for a family
    # of 10 read as unexplained (a ninth reading).
    counted = f"it and the {rank['of'] - 1} of its family with a figure"
    said = f"It ranks {ordinal(rank['rank'])} of {rank['of']} ({counted}{tie}), 1st being the "
    said += "best"
    apart = rank.get("tolerance", 0.0)
    if not apart:
        return said + "."
    best, worst = rank["best"], rank["worst"]
    holds = (
        f"at either end of that range it would rank {ordinal(best)}"
        if best == worst
        else f"across that range it could rank anywhere from {ordinal(best)} to {ordinal(worst)}"
    )
    return (
        f"{said}; its figure is from its own records and theirs from publications, which can "
        f"differ by up to {apart:.0%}: {holds}."
    )


def _previous_words(table, yjs, indicator, found, breakdown, group) -> str | None:
    """Name the earlier period of a change in words (``the calendar year 2023``)."""
    if not found:
        return None
    rows = _own_rows(table, yjs, indicator)
    rows = rows[
        (rows["period"] == found["previous_period"])
        & (rows["breakdown"] == breakdown)
        & (rows["group"] == group)
    ]
    return None if rows.empty else "the " + row_period(rows.iloc[0])


def describe(
    table: pd.DataFrame,
    yjs: str,
    indicator: str,
    period: str | None = None,
    breakdown: str = "total",
    group: str = "all",
    families: dict | None = None,
    comparison: pd.DataFrame | None = None,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    change: bool = True,
    tolerance: float = 0.0,
    among: dict[str, str] | None = None,
) -> str:
    """Return the plain-English paragraph about one figure of a service.

    Parameters
    ----------
    table : pandas.DataFrame
        The indicator table (after disclosure control, for stakeholder output).
    yjs : str
        The service.
    indicator : str
        An indicator id.
    period : str, optional
        The period (default: the latest with a figure).
    breakdown, group : str
        Which figure (default: the total).
    families : dict, optional
        Families, for the rank (default: the packaged ones).
    comparison : pandas.DataFrame, optional
        The comparison to describe, as :func:`yjanalysis.methods.benchmark.compare` gives it (a
        report passes its own, limited to the comparators it shows); computed when not given.
    threshold : int
        The suppression threshold the table was controlled with (named where a figure is hidden).
    change : bool
        Say the change since the year before (a section that states a later pair of the same
        source instead says that one, after the later figure).
    tolerance : float
        How far the service's own records and a publication can differ for this measure
        (:func:`yjanalysis.report.caveats.definitions_apart`): the comparison computed here and
        the rank allow for it where the service's figure is from its own records.
    among : dict, optional
        For a direction the comparison finds (``higher``), the clause that reconciles it with
        the service's place among all services (:func:`comparison_sentence`).

    Returns
    -------
    str
        Two to five sentences: the figure, how it compares, its change since the year before,
        its rank in its family; or why there is no figure.
    """
    yjs = reference.require_yjs(yjs)
    spec = catalogue_indicator(indicator)
    first = figure_sentence(table, yjs, indicator, period, breakdown, group, threshold)
    own = benchmark.figure(table, yjs, indicator, period, breakdown, group)
    if own is None or (pd.isna(own["value"]) and own["status"] != "suppressed"):
        return first
    if comparison is None:
        comparison = benchmark.compare(
            table, yjs, indicator, own["period"], breakdown, group, tolerance=tolerance
        )
    compared = comparison_sentence(comparison, spec, among)
    if compared == NO_COMPARATOR and (breakdown, group) == ("total", "all"):
        if not _elsewhere(table, yjs, indicator):
            compared = f"{NO_OTHER_AREA} {MISSING_ELSEWHERE.get(indicator, '')}".strip()
    parts = [first, compared]
    if own["status"] != "suppressed":
        if change:
            found = benchmark.change_from_shown(
                table, yjs, indicator, own["period"], breakdown, group
            )
            since = _previous_words(table, yjs, indicator, found, breakdown, group)
            parts.append(change_sentence(found, spec, since))
        parts.append(
            ""
            if not ranked_in_family(yjs, families)
            else _allowance_once(
                rank_sentence(
                    benchmark.family_rank(
                        table,
                        yjs,
                        indicator,
                        own["period"],
                        breakdown,
                        group,
                        families,
                        tolerance,
                    )
                ),
                compared,
            )
        )
    return " ".join(p for p in parts if p)


def _allowance_once(ranked: str, compared: str) -> str:
    """Say a rank's allowance between two sources as the one the comparison already gave.

    Newport's first time entrants said "within the 25% of each by which its own records and
    the publications can differ" and, a sentence later, that they "can differ by up to 25%".

    Examples
    --------
    >>> rank = ("It ranks 4th of 5 in its family, 1st being the best; its figure is from its "
    ...         "own records and theirs from publications, which can differ by up to 25%: "
    ...         "across that range it could rank anywhere from 2nd to 5th.")
    >>> _allowance_once(rank, "within the 25% of each by which they can differ")[-78:]
    'from publications: across the same 25% it could rank anywhere from 2nd to 5th.'
    """
    said = re.search(r", which can differ by up to (\d+%): across that range", ranked)
    if said and re.search(rf"the {said.group(1)} of (?:it|each) by which", compared):
        return ranked.replace(said.group(0), f": across the same {said.group(1)}")
    return ranked


def _elsewhere(table: pd.DataFrame, yjs: str, indicator: str) -> bool:
    """Say whether the table gives a figure of the indicator for any area but the service."""
    rows = table[(table["indicator"] == indicator) & table["value"].notna()]
    own = (rows["area"] == yjs) & (rows["area_type"] == "yjs")
    return bool((~own).any())


#: The words of a change's earlier period, for a section that states another pair of periods.
previous_words = _previous_words
