"""Disclosure control for figures computed from a service's own case-level data.

Figures computed from the local extract are about identifiable children. Before anything
reaches stakeholder output:

* **primary suppression** hides every count from 1 to ``threshold - 1`` (default 1 to 4),
  every figure whose denominator is below the threshold (a rate over three children reveals
  them as surely as a count), and every proportion whose complement is below it ("6 of 8"
  shows that 2 were not);
* **secondary suppression** hides, in each set of groups that add up to a shown total (the
  ethnic groups of an area, indicator and period, say), the smallest other non-zero count
  wherever exactly one count is hidden, so that no hidden count can be recovered by
  subtraction; it repeats until no set has a lone hidden cell;
* rates, percentages and intervals are hidden with their counts; a hidden row has status
  ``suppressed`` and is shown with the GSS marker ``[c]`` (confidential);
* every hidden cell is written to an audit log with the reason.

Rows from published statistics (any source other than the local extract) pass through
unchanged: they were released under the publisher's own disclosure control.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis.config import DEFAULT_SUPPRESSION_THRESHOLD

#: What the case-level engine writes in ``source``; rows with it are subject to control.
LOCAL_SOURCE = "local extract"
MARKER = "[c]"
HIDDEN = ["numerator", "denominator", "value", "lower", "upper"]
SET = ["area_type", "area", "indicator", "period", "breakdown"]
AUDIT_COLUMNS = ["area", "indicator", "period", "breakdown", "group", "count", "reason"]


def is_local(table: pd.DataFrame) -> pd.Series:
    """Say which rows were computed from the service's own case-level extract."""
    return table["source"].fillna("").str.startswith(LOCAL_SOURCE)


def suppress(
    table: pd.DataFrame, threshold: int = DEFAULT_SUPPRESSION_THRESHOLD
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply primary and secondary suppression to the local rows of an indicator table.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of the indicator table.
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden (5 hides 1 to 4).

    Returns
    -------
    tuple of pandas.DataFrame
        The table with hidden figures set missing and status ``suppressed``, and the audit log
        (``area``, ``indicator``, ``period``, ``breakdown``, ``group``, ``count``, ``reason``).

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": "yjs", "area": "A", "indicator": "custody_rate", "period": "2023",
    ...     "breakdown": ["total", "ethnicity", "ethnicity", "ethnicity"],
    ...     "group": ["all", "White", "Black", "Mixed"],
    ...     "numerator": [20.0, 14.0, 3.0, 3.0], "denominator": 1000.0,
    ...     "value": [20.0, 14.0, 3.0, 3.0], "lower": None, "upper": None,
    ...     "source": "local extract", "status": "computed"})
    >>> shown, audit = suppress(rows)
    >>> shown["numerator"].tolist()
    [20.0, 14.0, <NA>, <NA>]
    >>> audit["reason"].tolist()
    ['primary: count below 5', 'primary: count below 5']
    """
    out = table.copy()
    local = is_local(out)
    num = pd.to_numeric(out["numerator"], errors="coerce")
    den = pd.to_numeric(out["denominator"], errors="coerce")
    # Missing counts compare as NA; a missing count is not a small one.
    small_count = (local & num.between(1, threshold - 1)).fillna(False).astype(bool)
    small_base = (local & den.between(1, threshold - 1)).fillna(False).astype(bool) & ~small_count
    # A proportion's complement is a count too: "6 of 8 were sentenced" shows that 2 were not.
    proportion = out["indicator"].map(_is_proportion).astype(bool)
    small_rest = (local & proportion & (den - num).between(1, threshold - 1)).fillna(False)
    small_rest = small_rest.astype(bool) & ~small_count & ~small_base
    hidden = small_count | small_base | small_rest
    reasons = pd.Series("", index=out.index)
    reasons[small_count] = f"primary: count below {threshold}"
    reasons[small_base] = f"primary: denominator below {threshold}"
    reasons[small_rest] = f"primary: complement below {threshold}"
    hidden, reasons = _secondary(out, local, num, hidden, reasons)
    audit = out.loc[hidden, ["area", "indicator", "period", "breakdown", "group"]].copy()
    audit["count"] = num[hidden]
    audit["reason"] = reasons[hidden]
    for column in HIDDEN:
        if column in out:
            out[column] = out[column].astype("Float64").mask(hidden)
    out["status"] = out["status"].astype("string").mask(hidden, "suppressed")
    return out, audit.reset_index(drop=True)[AUDIT_COLUMNS]


def _is_proportion(indicator: str) -> bool:
    """Say whether an indicator's numerator is a part of its denominator (a Wilson share)."""
    from yjanalysis.indicators.catalogue import catalogue

    table = catalogue()
    return indicator in table.index and table.loc[indicator, "interval_method"] == "wilson"


def _secondary(table, local, num, hidden, reasons):
    """Hide complementary cells until no set of groups has exactly one hidden count."""
    hidden, reasons = hidden.copy(), reasons.copy()
    groups = table[local & (table["breakdown"] != "total")]
    for _, members in groups.groupby(SET, dropna=False, sort=False):
        index = members.index
        while True:
            lone = hidden[index].sum() == 1 and num[index].notna().any()
            if not lone:
                break
            candidates = num[index][~hidden[index] & (num[index] > 0)]
            if candidates.empty:
                break  # every other group is zero: nothing left to protect the cell with
            chosen = candidates.idxmin()
            protected = table.loc[hidden[index][hidden[index]].index[0], "group"]
            hidden[chosen] = True
            reasons[chosen] = f"secondary: protects {protected}"
    return hidden, reasons


def recoverable(table: pd.DataFrame) -> pd.DataFrame:
    """Return the hidden cells that could be recovered by subtraction from a shown total.

    A cell is recoverable when it is the only hidden group of its set and the set's total is
    shown. Used by the tests, and by a publisher who wants to check a table before release.
    """
    hidden = table["status"].eq("suppressed")
    found = []
    totals = table[table["breakdown"] == "total"].set_index(
        ["area_type", "area", "indicator", "period"]
    )
    for key, members in table[table["breakdown"] != "total"].groupby(SET, dropna=False):
        lone = members[hidden[members.index]]
        total_key = tuple(key[:4])
        shown_total = (
            total_key in totals.index and totals.loc[[total_key], "status"].ne("suppressed").any()
        )
        if len(lone) == 1 and shown_total:
            found.append(lone)
    return pd.concat(found) if found else table.iloc[0:0]
