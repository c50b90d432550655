"""Plain sentences about how a measure was made, where it matters to what a chart shows.

* The Ministry of Justice changed how proven reoffending is measured in October 2017, from
  12-month to 3-month cohorts; the first 3-month cohort it published, in October 2017, was
  October to December 2015. A series with cohorts both before and after October 2015 may hold
  figures made both ways, so a chart that crosses that point says so (:func:`reoffending_method`).
* Serious violence is counted when an offence is proven, not when it was committed, and
  serious cases take months to come to court: a year that has ended is counted in full and
  does not change, but what it shows is offending of earlier months and years
  (:func:`outcome_lag`).
* A service's own records and a publication can count the same children: they should agree as
  far as their definitions allow, and no further (:data:`OWN_AND_PUBLISHED`).
"""

from __future__ import annotations

import pandas as pd

#: Indicators measured on the Ministry of Justice's proven reoffending method.
REOFFENDING = frozenset(
    {"reoffending_binary", "reoffending_frequency", "reoffences_per_reoffender"}
)
#: The first 3-month cohort the Ministry of Justice published (in October 2017).
NEW_METHOD_FROM = pd.Timestamp("2015-10-01")
#: Indicators counted by the date an offence was proven (its outcome).
BY_OUTCOME_DATE = frozenset({"syv_rate"})


def reoffending_method(indicator: str, starts: pd.Series) -> str | None:
    """Explain the 2017 change of method where a series of cohorts crosses it.

    Parameters
    ----------
    indicator : str
        The indicator drawn.
    starts : pandas.Series
        The first days of the periods (cohorts) the chart shows.

    Returns
    -------
    str or None
        The sentence, or ``None`` where the series is not of reoffending or does not cross.

    Examples
    --------
    >>> days = pd.Series(pd.to_datetime(["2014-04-01", "2019-04-01"]))
    >>> reoffending_method("reoffending_binary", days).startswith("The Ministry of Justice")
    True
    >>> reoffending_method("reoffending_binary", days[1:]) is None
    True
    """
    starts = pd.to_datetime(pd.Series(starts)).dropna()
    if indicator not in REOFFENDING or starts.empty:
        return None
    if not (starts.min() < NEW_METHOD_FROM <= starts.max()):
        return None
    return (
        "The Ministry of Justice changed how proven reoffending is measured in October 2017: "
        "cohorts of children cautioned, sentenced or released in 3 months rather than 12, "
        "still followed for 12 months. 3-month cohorts hold a larger share of children who "
        "offend often, so their rates are higher, though both measures show similar trends. "
        f"Figures for cohorts before {NEW_METHOD_FROM:%B %Y} (the first 3-month cohort "
        "published) may be on the old measure: compare across that point with care."
    )


def outcome_lag(indicator: str, when: str) -> str | None:
    """Explain that a figure counted by the date an offence was proven lags the offences.

    Parameters
    ----------
    indicator : str
        The indicator.
    when : str
        The figure's period in words (the months counted).

    Returns
    -------
    str or None
        The sentence, or ``None`` for an indicator not counted by outcome date.
    """
    if indicator not in BY_OUTCOME_DATE:
        return None
    return (
        f"Serious violence offences are counted when they are proven, by a caution or a "
        f"conviction, not when they were committed: the figure for the {when} counts offences "
        "proven in it, and once the period has ended it is complete and does not change. What "
        "lags is the offending it reflects: serious cases take months to come to court (often "
        "more than a year at the Crown Court), so many were committed a year or more before, "
        "offences of the latest months will be counted in later periods, and a change in how "
        "quickly courts deal with cases moves the figures too."
    )


#: Why a service's own count and a publication's count of the same children can differ, and by
#: how much at most their definitions explain (a share of the published count).
SUBMITTED = (
    "the YJB counts the records services submit, as they stood when it took them, and the "
    "service's own records hold later corrections"
)
OWN_AND_PUBLISHED = {
    "fte_rate": (
        0.25,
        "the publication counts from the Police National Computer, which knows a child's "
        "earlier caution or conviction anywhere and counts children where they live, while the "
        "service's own records know its own cases, and only from when they begin",
    ),
    "cautioned_or_sentenced_rate": (0.10, SUBMITTED),
    "cautioned_or_sentenced_share": (0.10, SUBMITTED),
    "syv_rate": (0.10, SUBMITTED),
    "custody_rate": (0.10, SUBMITTED),
    "reoffending_binary": (
        0.25,
        "the Ministry of Justice follows children on the Police National Computer, which knows "
        "offences proven anywhere, while the service's own records know its own cases",
    ),
}


#: What makes the two sources differ, in a few words for a verdict, by the kind of gap.
DIFFERENT_DEFINITIONS = "the difference in definitions"
LATER_CORRECTIONS = "corrections the YJB's copy of the records lacks"


def cause_apart(indicator: str) -> str:
    """Name in a few words why the service's own records and a publication differ for a measure.

    For the YJB's own counts (custody, children cautioned or sentenced, serious violence) the
    two sources define the measure alike: the YJB's copy lacks later corrections the service's
    records hold (:data:`SUBMITTED`). Only a publication counted from the Police National
    Computer defines it another way. A custody verdict said "the difference in definitions"
    (failed before).

    Examples
    --------
    >>> cause_apart("custody_rate")
    "corrections the YJB's copy of the records lacks"
    >>> cause_apart("reoffending_binary")
    'the difference in definitions'
    """
    _, why = OWN_AND_PUBLISHED.get(indicator, (0.0, SUBMITTED))
    return LATER_CORRECTIONS if why == SUBMITTED else DIFFERENT_DEFINITIONS


def definitions_apart(indicator: str) -> float:
    """Return how far the service's own records and a publication can differ for that measure.

    The share of the published figure the pages state beside every such comparison
    (:data:`OWN_AND_PUBLISHED`): 25% where the publication defines the measure another way
    (the Police National Computer's history), 10% where the two differ by later corrections to
    the records the YJB took. One rule for every pair of sources: a verdict or a rank that sets
    the service's own records against a publication allows for it
    (:func:`yjanalysis.methods.benchmark.difference`), so that no verdict contradicts the
    caveat beside it; custody against the YJB's data summary was judged "worse" with no
    allowance while reoffending had one (failed before). 0 for a measure the two sources are
    not known to count apart.

    Examples
    --------
    >>> definitions_apart("reoffending_binary"), definitions_apart("custody_rate")
    (0.25, 0.1)
    >>> definitions_apart("ete_suitable")
    0.0
    """
    tolerance, _ = OWN_AND_PUBLISHED.get(indicator, (0.0, ""))
    return tolerance


def gap(own: float, published: float) -> float:
    """Return how far apart two counts of the same children are: their difference over the smaller.

    Either source can be the one short of children (the service's records miss a child the
    Police National Computer knows; the publication misses one the records hold), so the gap
    is the same whichever is larger. As a share of the published count, a publication typed a
    third above the records (326 for 226, the records' 245) read as 25% apart, within the
    allowance for first time entrants, while the same two counts the other way round read as
    33% apart (failed before).

    Examples
    --------
    >>> round(gap(50, 66), 2), round(gap(66, 50), 2)
    (0.32, 0.32)
    >>> gap(0, 0)
    0.0
    """
    low, high = sorted((abs(float(own)), abs(float(published))))
    if low == 0:  # none in one source: wholly apart, or both none
        return 1.0 if high else 0.0
    return (high - low) / low


def agreement(indicator: str, own: float, published: float) -> tuple[bool, str, float]:
    """Say whether two counts of the same children agree as far as their definitions explain.

    Parameters
    ----------
    indicator : str
        What is counted.
    own, published : float
        The service's own count and the publication's.

    Returns
    -------
    tuple
        Whether they agree within the definitions' tolerance (:func:`gap`), why the
        definitions differ, and the tolerance (a share of the smaller count).

    Examples
    --------
    >>> agreement("fte_rate", 48, 44)[0], agreement("fte_rate", 66, 40)[0]
    (True, False)
    >>> agreement("fte_rate", 245, 326)[0]
    False
    """
    tolerance, why = OWN_AND_PUBLISHED.get(indicator, (0.10, SUBMITTED))
    return gap(own, published) <= tolerance, why, tolerance


#: How many children two counts may differ by before a gap is said, whatever its share (a
#: share of a count of 5 would call one child's correction a disagreement).
COUNT_MARGIN = 2


__all__ = [
    "COUNT_MARGIN",
    "DIFFERENT_DEFINITIONS",
    "LATER_CORRECTIONS",
    "OWN_AND_PUBLISHED",
    "agreement",
    "cause_apart",
    "definitions_apart",
    "gap",
    "outcome_lag",
    "reoffending_method",
]
