"""Confidence intervals for every row of the indicator table that has counts.

The catalogue says which method each indicator takes: Wilson for proportions, exact Poisson for
rates and counts per head, none for scores published without pupil counts. Reoffences per
child and per reoffender (``clustered``) cluster in a few children: their interval needs each
child's count, so it is made where the records are (:mod:`yjanalysis.table.caselevel`), and a
row with totals only gets none here. Rows that already carry an interval (given by a user,
published, or made from the records) keep it.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis.methods import stats
from yjanalysis.vocabulary.catalogue import catalogue


def add_intervals(table: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Return ``table`` with ``lower`` and ``upper`` filled where counts allow.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of the indicator table.
    confidence : float
        Two-sided confidence level.

    Returns
    -------
    pandas.DataFrame
        A copy with intervals in the unit of ``value`` (percentages for proportions, the
        indicator's multiplier for rates).
    """
    out = table.copy()
    info = catalogue()
    method = out["indicator"].map(info["interval_method"])
    per = out["indicator"].map(info["multiplier"]).astype(float)
    needs = out["lower"].isna() & out["numerator"].notna() & out["denominator"].notna()
    needs &= out["status"].ne("suppressed") & out["value"].notna()
    num = out["numerator"].astype(float)
    den = out["denominator"].astype(float)
    for kind in ("wilson", "poisson"):
        rows = needs & method.eq(kind)
        if not rows.any():
            continue
        if kind == "wilson":
            lower, upper = stats.proportion_ci(num[rows], den[rows], confidence)
            lower, upper = lower * per[rows].to_numpy(), upper * per[rows].to_numpy()
        else:
            lower, upper = stats.rate_ci(num[rows], den[rows], per[rows].to_numpy(), confidence)
        out.loc[rows, "lower"] = lower
        out.loc[rows, "upper"] = upper
    return out
