"""Plain sentences about how a measure was made, where it matters to what a chart shows.

* The Ministry of Justice changed how proven reoffending is measured in October 2017, from
  12-month to 3-month cohorts; the first 3-month cohort it published, in October 2017, was
  October to December 2015. A series with cohorts both before and after October 2015 may hold
  figures made both ways, so a chart that crosses that point says so (:func:`reoffending_method`).
* Serious violence is counted when an offence is proven, not when it was committed, and
  serious cases take months to come to court: the latest figures are incomplete and can rise
  (:func:`outcome_lag`).
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


def outcome_lag(indicator: str, row) -> str | None:
    """Explain that a figure counted by the date an offence was proven lags the offences.

    Parameters
    ----------
    indicator : str
        The indicator.
    row : mapping
        The figure's row (its period names the months counted).

    Returns
    -------
    str or None
        The sentence, or ``None`` for an indicator not counted by outcome date.
    """
    if indicator not in BY_OUTCOME_DATE:
        return None
    from yjanalysis.report import narrative

    when = narrative.row_period(row)
    return (
        f"Serious violence offences are counted when they are proven, by a caution or a "
        f"conviction, not when they were committed: the figure for the {when} counts offences "
        "proven in it, some committed a year or more before. Serious cases take months to "
        "come to court (often more than a year at the Crown Court), so offences of the latest "
        "months may not have an outcome yet: the latest figures are incomplete and can rise "
        "as cases end, and a change in how quickly courts deal with cases moves them too."
    )


__all__ = ["outcome_lag", "reoffending_method"]
