"""Ethnic groups combined: White and ethnic minority, as the report behind this project has them.

A service's own figures by single ethnic group are often too small to publish at the higher
stages of the system (a handful of Mixed children remanded, say): disclosure control hides
them. The Southampton report's own answer is to compare children from ethnic minorities, all
together, with White children. :func:`combined` adds that view to the table as the breakdown
``ethnicity_combined`` (groups ``White``, ``Ethnic minority`` and ``Unknown``, which add up to
the same totals as the single groups), for the stage and population shares and for any area
with single-group figures: a service's own records (still under disclosure control), the YJB's
published counts, and a Census population table.
"""

from __future__ import annotations

import pandas as pd

DETAILED = "ethnicity"
COMBINED = "ethnicity_combined"

#: Each combined group and the single groups (ONS 2021 high-level groups) it sums.
GROUPS = {
    "White": ("White",),
    "Ethnic minority": ("Asian", "Black", "Mixed", "Other"),
    "Unknown": ("Unknown",),
}

#: Shares of a whole by ethnic group (a stage of the system, or the 10 to 17 population).
SHARES = (
    "population_share_10_17",
    "out_of_court_share",
    "cautioned_or_sentenced_share",
    "court_share",
    "remand_share",
    "custody_share",
)

#: What identifies one figure apart from its group.
FIGURE = ["area_type", "area", "indicator", "period", "period_start", "period_end"]


def combined(table: pd.DataFrame) -> pd.DataFrame:
    """Return the combined groups' rows made from the single groups' rows of a table.

    A combined group's count is the sum of its single groups' counts, where the table has at
    least one of them (an absent group had no children); where any of them is missing or
    suppressed the combined count cannot be made and is left out, never a partial sum. The
    denominator (the stage's total) is the single groups' own; where they differ (single groups
    pooled over different wholes) no combined figure is made.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of the indicator table (conformed).

    Returns
    -------
    pandas.DataFrame
        Rows with breakdown ``ethnicity_combined``, status ``computed`` (``suppressed`` where a
        single group's count is missing), and ``method`` saying how they were made; empty if
        the table has no single-group shares.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": "yjs", "area": "A", "indicator": "custody_share", "period": "2023",
    ...     "period_start": pd.Timestamp("2023-01-01"), "period_end": pd.Timestamp("2023-12-31"),
    ...     "breakdown": "ethnicity", "group": ["White", "Black", "Mixed"],
    ...     "numerator": [14.0, 3.0, 6.0], "denominator": 23.0, "source": "extract",
    ...     "status": "computed", "own_records": True})
    >>> out = combined(rows)
    >>> out[["group", "numerator", "value"]].round(1).values.tolist()
    [['White', 14.0, 60.9], ['Ethnic minority', 9.0, 39.1]]
    """
    single = table[(table["breakdown"] == DETAILED) & table["indicator"].isin(SHARES)]
    member_of = {m: group for group, members in GROUPS.items() for m in members}
    single = single[single["group"].isin(member_of)]
    if single.empty:
        return single.iloc[0:0]
    single = single.assign(
        combined_group=single["group"].map(member_of),
        numerator=pd.to_numeric(single["numerator"], errors="coerce").astype(float),
        denominator=pd.to_numeric(single["denominator"], errors="coerce").astype(float),
    )
    keys = [*FIGURE, "combined_group"]
    extra = [c for c in ("own_records", "source") if c in single]
    # A combined count is the sum of its groups' counts, and absent if any of them is hidden
    # (aggregated by pandas' own functions: a Python function per group is slow on a family).
    # A combined figure that cannot be made keeps the reason one of its groups gives (a
    # national figure from part of the nation says which services the inputs leave out).
    hidden = single["numerator"].isna()
    method = single["method"] if "method" in single else pd.Series(pd.NA, index=single.index)
    out = (
        single.assign(
            hidden=hidden,
            reason=method.where(hidden),
        )
        .groupby(keys, dropna=False, sort=False)
        .agg(
            numerator=("numerator", "sum"),
            hidden=("hidden", "any"),
            reason=("reason", "first"),
            denominator=("denominator", "first"),
            **{c: (c, "first") for c in extra},
        )
    )
    out.loc[out["hidden"], "numerator"] = float("nan")
    out = out.drop(columns="hidden").reset_index().rename(columns={"combined_group": "group"})
    # Single groups of one figure over different wholes (a family pooled over the members
    # that report each group) do not add up: such a combined figure cannot be made.
    wholes = single.groupby(FIGURE, dropna=False)["denominator"].nunique().rename("wholes")
    out = out.join(wholes, on=FIGURE)
    out = out[out["wholes"] <= 1]
    out["breakdown"] = COMBINED
    out["value"] = out["numerator"] / out["denominator"] * 100
    out["status"] = out["numerator"].isna().map({True: "suppressed", False: "computed"})
    out["method"] = (
        out["reason"].where(out["numerator"].isna()).fillna("single ethnic groups taken together")
    )
    order = {g: i for i, g in enumerate(GROUPS)}
    out = out.sort_values(by=["area", "indicator", "period_start"], kind="stable")
    out = out.assign(_rank=out["group"].map(order)).sort_values(
        [*FIGURE[:4], "_rank"], kind="stable"
    )
    return out.drop(columns=["wholes", "_rank", "reason"]).reset_index(drop=True)
