"""The words of every verdict the report gives, in one place, each naming its comparison.

A board member meets two kinds of comparison, and the words say which one a verdict comes from,
so that two verdicts on one figure never read as a contradiction:

* **Against an area's figure** (:data:`AGAINST_FIGURES`): the service's figure, with its 95%
  interval, beside a comparator's figure taken as fixed (the family, the region, the nation).
  Higher or lower only where the interval excludes the comparator's figure
  (:func:`yjanalysis.methods.benchmark.difference`); otherwise the difference *could be
  chance*; without counts, whether it differs *cannot be judged*. Where the service's figure
  comes from its own records and the comparator's from a publication that defines the
  measure another way (:func:`yjanalysis.report.caveats.definitions_apart`), a difference
  whose interval does not also clear the comparator's figure moved by the amount the two can
  differ is still higher or lower, and says *part of the gap may be how the two sources
  count* (:func:`within_definitions`, :func:`sources_clause`, :func:`marker`).
* **Among all services** (:data:`AMONG_SERVICES`): the funnel plot, which asks whether a
  service's figure is unusual for its size given how much services' figures normally differ
  from one another (overdispersion widens the limits). A figure can be higher than the
  nation's beyond chance and still not unusual among services: services differ more than
  chance alone would make them. Where the two disagree, :func:`two_tests` says so plainly
  in the sentence after the first verdict, the one the board reads.

Sentences are made in :mod:`yjanalysis.report.narrative`, the front page and the blocks of
:mod:`yjanalysis.report.sections`; they take their verdict words from here
(``tests/test_verdicts.py`` checks that no other module of the report spells them).
"""

from __future__ import annotations

__all__ = [
    "AGAINST_FIGURES",
    "AMONG_SERVICES",
    "BEYOND_CHANCE",
    "BY_MORE",
    "CANNOT_BE_JUDGED",
    "COULD_BE_CHANCE",
    "COULD_BE_DEFINITIONS",
    "INTERVAL_RULE",
    "MARKERS",
    "NO_TEST",
    "PART_SOURCES",
    "PLACES",
    "RANKED_BY",
    "RESTS_ON",
    "WHOLE_SOURCES",
    "WITHIN_CHANCE",
    "WITHIN_DEFINITIONS",
    "change_words",
    "marker",
    "place",
    "side",
    "sources_clause",
    "two_tests",
    "within_definitions",
]

#: A difference the service's interval shows to be real.
BEYOND_CHANCE = "larger than chance would explain"
#: The same, after a verb ("differ ... by more than chance would explain").
BY_MORE = "by more than chance would explain"
#: A difference the interval does not show to be real (nor absent).
COULD_BE_CHANCE = "could be chance"
#: A difference beyond chance, but within what the sources' definitions can explain.
COULD_BE_DEFINITIONS = "could be chance or the difference in definitions"
#: Its verdict, as :func:`yjanalysis.methods.benchmark.verdict` gives it (a key of MARKERS).
WITHIN_DEFINITIONS = "could be chance or definitions"
#: Why "could be chance" (never "similar", which would claim sameness).
WITHIN_CHANCE = "a gap this size is within what chance alone would produce"
#: A figure without counts: no interval, no verdict.
CANNOT_BE_JUDGED = "cannot be judged"
#: A difference in plain sight that no test can judge: a figure published without counts.
NO_TEST = "no test possible: published without counts"
#: The comparison against an area's figure, named.
AGAINST_FIGURES = "against each area's figure, using the service's 95% interval"
#: The comparison among all services (a funnel plot), named.
AMONG_SERVICES = "among all services, allowing for how much services normally differ"
#: The rule behind higher and lower, as the pages state it once (first on each page: it names
#: the interval by the board paper's word for it too, "likely range").
INTERVAL_RULE = (
    f"A figure is called higher or lower than another area's only where the difference is "
    f"{BEYOND_CHANCE} (the service's 95% interval, or likely range, excludes the other "
    "figure); otherwise the "
    f"difference {COULD_BE_CHANCE}."
)

#: How a table shows a verdict: a symbol and a word (never colour alone).
MARKERS = {
    "better": "✔ better",
    "worse": "✘ worse",
    "could be chance": f"● {COULD_BE_CHANCE}",
    "higher": "▲ higher",
    "lower": "▼ lower",
    "similar": f"● {COULD_BE_CHANCE}",
    # Not "or definitions": for custody the sources define it alike and differ by corrections.
    WITHIN_DEFINITIONS: f"● {COULD_BE_CHANCE} or how the two sources count",
    "not assessed": f"– {CANNOT_BE_JUDGED}",
}

#: Where a service stands among all services (a funnel plot), by the limits it lies within.
PLACES = {
    "outside_998": "outside the 99.8% limits: unusual among services, very unlikely to be chance",
    "outside_95": "outside the 95% limits but inside the 99.8% limits: at the edge of what "
    "services of its size usually show",
    "inside": "inside the 95% limits: not unusual among services of its size",
}


def place(point: float, limits) -> str:
    """Say where a figure lies against funnel limits: a key of :data:`PLACES`.

    Parameters
    ----------
    point : float
        The service's figure (as a proportion or a rate per head, like the limits).
    limits : mapping
        ``lower_95``, ``upper_95``, ``lower_998`` and ``upper_998`` at the service's size.

    Examples
    --------
    >>> bounds = {"lower_95": 1, "upper_95": 3, "lower_998": 0.5, "upper_998": 4}
    >>> place(2, bounds), place(3.5, bounds), place(5, bounds)
    ('inside', 'outside_95', 'outside_998')
    """
    if point > limits["upper_998"] or point < limits["lower_998"]:
        return "outside_998"
    if point > limits["upper_95"] or point < limits["lower_95"]:
        return "outside_95"
    return "inside"


#: Which comparison the summary ranks a figure by, and so what the asks of the board rest on,
#: where the two comparisons disagree: the summary lists it as worse or better against areas'
#: figures.
RESTS_ON = "the recommendations rest on the comparison with those areas' figures"
#: The same, for a report whose service asks nothing of its board (no recommendations to name).
RANKED_BY = "the summary ranks it by the comparison with those areas' figures"


def two_tests(
    direction: str,
    where: str,
    services: str = "",
    dispersion: float | None = None,
    asks: bool = True,
) -> str:
    """Say plainly, after the verdict against areas' figures, the service's place among services.

    A board member met "higher ... by more than chance would explain, but within the normal
    spread of services of its size (... about 3.2 times as much as chance alone would make
    them)" of one figure: two verdicts in one sentence, in a method's words. The board reads
    the verdict against areas' figures; this sentence, after it, says in plain words why the
    funnel does not call the figure unusual, and which comparison the recommendations rest on.

    Parameters
    ----------
    direction : str
        ``higher`` or ``lower`` than the areas it is compared with, beyond chance (else no
        sentence: nothing to reconcile).
    where : str
        Its place among services (a key of :data:`PLACES`).
    services : str
        Whose figures the funnel draws (``154 services``, ``125 services in England``).
    dispersion : float, optional
        The overdispersion factor the funnel's limits were widened by (1: not widened): above
        1, the sentence says services' figures vary a lot from one another.
    asks : bool
        Whether the report has recommendations (the service's asks of its board) to name;
        without them, the sentence names the summary instead (:data:`RANKED_BY`).

    Returns
    -------
    str
        The sentence where the two comparisons seem to disagree (a difference beyond chance,
        yet not unusual among services), else an empty string.

    Examples
    --------
    >>> print(two_tests("higher", "inside", "154 services", 3.2))  # doctest: +NORMALIZE_WHITESPACE
    Among all 154 services it is not unusual for a service of its size, because services'
    figures vary a lot from one another; the recommendations rest on the comparison with those
    areas' figures.
    >>> two_tests("higher", "inside", "154 services", 1.0).split(";")[0]
    'Among all 154 services it is not unusual for a service of its size'
    >>> two_tests("higher", "outside_998", "154 services", 3.2)
    ''
    >>> two_tests("lower", "inside", asks=False).split("; ")[1]
    "the summary ranks it by the comparison with those areas' figures."
    """
    if direction not in ("higher", "lower") or where != "inside":
        return ""
    among = f"Among all {services}" if services else "Among all services"
    why = (
        ", because services' figures vary a lot from one another"
        if dispersion is not None and dispersion > 1
        else ""
    )
    rests = RESTS_ON if asks else RANKED_BY
    return f"{among} it is not unusual for a service of its size{why}; {rests}."


#: Of a difference beyond chance whose service's figure clears the allowance for how its own
#: records and a publication count, while its interval does not: what the sources could explain.
PART_SOURCES = "part of the gap may be how the two sources count"
#: The same, where even the service's figure is within the allowance.
WHOLE_SOURCES = "all of the gap could be how the two sources count"


def sources_clause(sources: str) -> str:
    """Say how much of a difference beyond chance the two sources' counting could explain.

    ``sources`` is the comparison's column of that name
    (:func:`yjanalysis.methods.benchmark.compare`): empty where the difference clears the
    allowance (nothing to say), ``part`` or ``whole``.

    Examples
    --------
    >>> sources_clause("part")
    'part of the gap may be how the two sources count'
    >>> sources_clause("")
    ''
    """
    return {"part": PART_SOURCES, "whole": WHOLE_SOURCES}.get(sources or "", "")


def side(value: float, other: float) -> str:
    """Say which side of another figure a figure lies, untested: ``higher``, ``lower`` or ``""``.

    Examples
    --------
    >>> side(43.5, 45.2), side(46.0, 45.2), side(45.2, 45.2)
    ('lower', 'higher', '')
    """
    try:
        apart = float(value) - float(other)
    except (TypeError, ValueError):
        return ""
    if apart != apart or apart == 0:  # NaN: a figure missing
        return ""
    return "higher" if apart > 0 else "lower"


def marker(verdict: str, sources: str = "", untested: str = "") -> str:
    """Return a table's marker of a verdict, with what the two sources could explain of it.

    A row clear of its comparator, but within the allowance for how two sources count, had
    "● could be chance or how the two sources count" beside 251 against Wales's 155: it is
    worse beyond chance, and the marker says so with how much the sources could explain.
    A figure published without counts has no verdict, but the side it lies on is a fact:
    Southampton's Attainment 8 of 43.5 against England's 45.2 read "cannot be judged" to an
    eleventh reader; ``untested`` (:func:`side`) gives "▼ lower (no test possible)".

    Examples
    --------
    >>> marker("worse", "part")
    '✘ worse (part may be how the sources count)'
    >>> marker("worse", "whole")
    '✘ worse (all could be how the sources count)'
    >>> marker("similar")
    '● could be chance'
    >>> marker("not assessed", untested="lower")
    '▼ lower (no test possible)'
    """
    if (verdict or "not assessed") == "not assessed" and untested in ("higher", "lower"):
        return f"{MARKERS[untested]} ({NO_TEST.partition(':')[0]})"
    said = MARKERS.get(verdict or "not assessed", verdict or "–")
    if sources == "part":
        return f"{said} (part may be how the sources count)"
    if sources == "whole":
        return f"{said} (all could be how the sources count)"
    return said


def within_definitions(
    names: str,
    tolerance: float,
    interval: tuple[str, str],
    figures: list[str],
    direction: str = "higher",
    sources: str = "part",
) -> str:
    """Say a difference beyond chance that the allowance for two sources does not clear.

    The service's 95% interval excludes the other areas' figures, but the end of it nearest
    them is within the share its own records and their publications can differ by. The
    verdict comes first, higher or lower beyond chance, with how much of the gap the two
    sources could explain: "could be chance or the difference in definitions" of Newport's
    251 against Wales's 155 (62% higher) read to a councillor as a dodge (failed before).
    Then the interval, as printed, and the arithmetic from the printed figures, which a
    reader can check: two printed 155s gave gaps of "15%, 14%", worked out from unrounded
    figures.

    Parameters
    ----------
    names : str
        The comparators, with their figures.
    tolerance : float
        How far the two sources can differ (0.25 for 25%).
    interval : tuple of str
        The service's 95% interval, its lower and upper ends as printed (``"36.8%"``).
    figures : list of str
        Each comparator's figure as printed in ``names``, in its order.
    direction : str
        ``higher`` or ``lower``.
    sources : str
        ``part`` or ``whole`` (:func:`sources_clause`).

    Examples
    --------
    >>> said = within_definitions("England (175)", 0.25, ("178", "343"), ["175"])
    >>> said.split("; ")[1].split(". ")[0]
    'part of the gap may be how the two sources count'
    >>> said.split(". ")[1][:-58]
    "The service's 95% interval, 178 to 343, starts 3 above 175, a gap of 2%: within the 25%"
    >>> said = within_definitions("A (155), B (155) and C (175)", 0.25, ("178", "343"),
    ...                           ["155", "155", "175"])
    >>> said[said.index("starts"):said.index(":")]
    'starts 23 above 155, a gap of 15%, and 3 above 175, a gap of 2%'
    >>> said = within_definitions("A (33.6%)", 0.25, ("30.0%", "30.5%"), ["33.6%"], "lower")
    >>> said[said.index("ends"):said.index(":")]
    'ends 3.1 percentage points below 33.6%, a gap of 9%'
    """
    low, high = interval
    unique = list(dict.fromkeys(figures))  # a figure printed twice is worked out once
    above = [f for f in unique if _number(low) > _number(f)]
    below = [f for f in unique if f not in above]
    said = [_gap(low, f, "above", first=n == 0) for n, f in enumerate(above)]
    said += [_gap(high, f, "below", first=not said and n == 0) for n, f in enumerate(below)]
    ends = " and ".join(
        f"{side} {_join(gaps, ', and ')}"
        for side, gaps in (("starts", said[: len(above)]), ("ends", said[len(above) :]))
        if gaps
    )
    several = len(figures) > 1
    return (
        f"it is {direction} than {names}, {BY_MORE}; {sources_clause(sources)}. The service's "
        f"95% interval, {low} to {high}, {ends}: within the "
        f"{tolerance:.0%}{' of each' if several else ''} by which its own records and the "
        "publications can differ."
    )


def _number(printed: str) -> float:
    """Read a figure as printed (``"1,235"``, ``"33.6%"``) back as a number."""
    return float(printed.replace(",", "").rstrip("%"))


def _gap(end: str, figure: str, side: str, first: bool = True) -> str:
    """Work out, from two printed figures, how far one is from the other and what share.

    From the printed figures, so that a reader can check it: in the figures' decimals, in
    percentage points where they are percentages (said in full the first time).
    """
    places = max(len(p.rstrip("%").partition(".")[2]) for p in (end, figure))
    apart = abs(_number(end) - _number(figure))
    if round(apart, places) == 0:
        return f"level with {figure} as printed"
    points = (" percentage points" if first else " points") if figure.endswith("%") else ""
    share = apart / _number(figure)
    of = f"{share:.0%}" if share >= 0.005 else "under 1%"
    # "(15% of it)" read as a method's shorthand: the share said in plain words.
    return f"{apart:,.{places}f}{points} {side} {figure}, a gap of {of}"


def _join(items: list[str], last: str = " and ") -> str:
    """Join items as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f"{last}{items[-1]}"


def change_words(beyond_chance: bool | None, overlap: bool = False) -> str:
    """Say whether a change between two periods is beyond chance, in the report's words.

    Examples
    --------
    >>> change_words(True)
    'a change larger than chance would explain'
    >>> change_words(False), change_words(None, overlap=True)
    ('could be chance', 'not tested, as the two periods overlap')
    """
    if beyond_chance:
        return f"a change {BEYOND_CHANCE}"
    if beyond_chance is False:
        return COULD_BE_CHANCE
    if overlap:
        return "not tested, as the two periods overlap"
    return f"whether it is beyond chance {CANNOT_BE_JUDGED}"
