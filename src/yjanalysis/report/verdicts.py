"""The words of every verdict the report gives, in one place, each naming its comparison.

A board member meets two kinds of comparison, and the words say which one a verdict comes from,
so that two verdicts on one figure never read as a contradiction:

* **Against an area's figure** (:data:`AGAINST_FIGURES`): the service's figure, with its 95%
  interval, beside a comparator's figure taken as fixed (the family, the region, the nation).
  Higher or lower only where the interval excludes the comparator's figure
  (:func:`yjanalysis.methods.benchmark.difference`); otherwise the difference *could be
  chance*; without counts, whether it differs *cannot be judged*. Where the service's figure
  comes from its own records and the comparator's from a publication that defines the
  measure another way (:func:`yjanalysis.report.caveats.definitions_apart`), the interval must
  also clear the comparator's figure moved by the amount the two can differ; where it does
  not, the difference *could be chance or the difference in definitions*
  (:func:`within_definitions`).
* **Among all services** (:data:`AMONG_SERVICES`): the funnel plot, which asks whether a
  service's figure is unusual for its size given how much services' figures normally differ
  from one another (overdispersion widens the limits). A figure can be higher than the
  nation's beyond chance and still not unusual among services: services differ more than
  chance alone would make them. :func:`two_tests` says so, in the sentence of the first
  verdict, where the two disagree.

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
    "PLACES",
    "RANKED_BY",
    "RESTS_ON",
    "WITHIN_CHANCE",
    "WITHIN_DEFINITIONS",
    "change_words",
    "place",
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
    """Reconcile a difference against areas' figures with the service's place among services.

    A board member met "higher ... by more than chance would explain" and "not unusual among
    services of its size" of one figure, two verdicts side by side; the clause returned ends
    the sentence of the first, so that one plain sentence gives both and says which the
    recommendations rest on: "higher than <areas> by more than chance would explain, but within
    the normal spread of services of its size (...); the recommendations rest on ...".

    Parameters
    ----------
    direction : str
        ``higher`` or ``lower`` than the areas it is compared with, beyond chance (else no
        clause: nothing to reconcile).
    where : str
        Its place among services (a key of :data:`PLACES`).
    services : str
        Whose figures the funnel draws (``154 services``, ``125 services in England``), said
        in brackets; empty where the sentence has named them.
    dispersion : float, optional
        The overdispersion factor the funnel's limits were widened by (1: not widened), said
        with ``services``; ``None`` for the front page's shorter form.
    asks : bool
        Whether the report has recommendations (the service's asks of its board) to name;
        without them, the clause names the summary instead (:data:`RANKED_BY`).

    Returns
    -------
    str
        The clause where the two comparisons seem to disagree (a difference beyond chance, yet
        not unusual among services), else an empty string.

    Examples
    --------
    >>> said = two_tests("higher", "inside", "154 services", 3.2)
    >>> said.startswith("but within the normal spread of services of its size (among all 154 ")
    True
    >>> "differ from one another about 3.2 times as much as chance alone would make them" in said
    True
    >>> said.endswith("; the recommendations rest on the comparison with those areas' figures")
    True
    >>> two_tests("higher", "inside", "154 services").split(";")[0]
    'but within the normal spread of services of its size (among all 154 services)'
    >>> two_tests("higher", "outside_998", "154 services", 3.2)
    ''
    >>> two_tests("lower", "inside", asks=False).split("; ")[1]
    "the summary ranks it by the comparison with those areas' figures"
    """
    if direction not in ("higher", "lower") or where != "inside":
        return ""
    among = ""
    if services and dispersion is not None:
        spread = (
            f"about {dispersion:.1f} times as much as chance alone would make them"
            if dispersion > 1
            else "as much as chance alone would make them"
        )
        among = f" (among all {services}: services' figures differ from one another {spread})"
    elif services:
        among = f" (among all {services})"
    rests = RESTS_ON if asks else RANKED_BY
    return f"but within the normal spread of services of its size{among}; {rests}"


def within_definitions(
    names: str,
    tolerance: float,
    smallest: list[float],
    plural: bool = False,
    cause: str = "the difference in definitions",
) -> str:
    """Say why a difference from published figures is not called higher or lower.

    The service's 95% interval excludes the other areas' figures, but the end of it nearest
    them is within the share its own records and their publications can differ by. The
    sentence gives that smallest gap: "up to 25% apart, and the gap is not larger than that"
    read as false beside 251 against 159 (58% apart), as the test is of the interval's end.

    Parameters
    ----------
    names : str
        The comparators, with their figures.
    tolerance : float
        How far the two sources can differ by definition alone (0.25 for 25%).
    smallest : list of float
        For each comparator, the gap between the end of the service's interval nearest its
        figure and that figure, as a share of the figure.
    plural : bool
        Whether ``names`` names more than one comparator.
    cause : str
        Why the two sources differ, in a few words
        (:func:`yjanalysis.report.caveats.cause_apart`): for custody the YJB's copy lacks
        later corrections, and the definitions are the same.

    Examples
    --------
    >>> said = within_definitions("England (33.0%)", 0.25, [0.115])
    >>> said.startswith("the difference from England (33.0%) could be chance or the difference")
    True
    >>> "the gap could be as small as 12% of that figure, within the 25% of it by" in said
    True
    >>> said = within_definitions("A (33.6%) and B (33.0%)", 0.25, [0.09, 0.12], plural=True)
    >>> "as small as 9% and 12% of those figures in turn, within the 25% of each by" in said
    True
    """
    # A share of the comparator's figure, said so: "as small as 9%, 12% and 13%" beside 36.8%
    # against 33.6% read as percentage points (failed before). In the comparators' order ("in
    # turn"); a gap that rounds to 0% is "under 1%".
    sizes = [f"{gap:.0%}" if gap >= 0.005 else "under 1%" for gap in smallest]
    gaps = sizes[0] if len(sizes) == 1 else ", ".join(sizes[:-1]) + f" and {sizes[-1]}"
    of = "of those figures in turn" if len(sizes) > 1 else "of that figure"
    return (
        f"the {'differences' if plural else 'difference'} from {names} {COULD_BE_CHANCE} or "
        f"{cause}: the service's 95% interval excludes "
        f"{'their figures' if plural else 'the figure'}, "
        f"but allowing for chance, the {'gaps' if plural else 'gap'} could be as small as "
        f"{gaps} {of}, within the {tolerance:.0%} of {'each' if len(sizes) > 1 else 'it'} by "
        "which the service's own records and the publications can differ for that reason alone."
    )


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
