"""Comparator aggregates: family, region, PCC area, country and England and Wales.

Where members' counts exist the aggregate is pooled (members' numerators summed over their
denominators), which weights each member by its size, as the YJB and MoJ compute national and
regional rates. Where only published rates exist (DfE LAIT) a family figure is the unweighted
mean of its members' published values, and the ``method`` column says so with how many members
it rests on. Published region and national figures are used as released and never recomputed.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis import reference
from yjanalysis.vocabulary.catalogue import catalogue

GROUP = ["indicator", "period", "period_start", "period_end", "breakdown", "group"]


def memberships(families: dict[str, list[str]]) -> pd.DataFrame:
    """Return one row per YJS and each aggregate it belongs to.

    Parameters
    ----------
    families : dict
        Each family's YJS to its members (the YJS itself is counted in its own family
        aggregate, as in the YJB's family averages).

    Returns
    -------
    pandas.DataFrame
        ``yjs``, ``area_type``, ``area``.
    """
    table = reference.register()
    parts = [
        pd.DataFrame({"yjs": table["yjs"], "area_type": kind, "area": table[column]})
        for kind, column in (("region", "region"), ("pcc", "pcc"), ("country", "country"))
    ]
    parts.append(
        pd.DataFrame(
            {"yjs": table["yjs"], "area_type": "england_wales", "area": "England and Wales"}
        )
    )
    for yjs, members in families.items():
        parts.append(pd.DataFrame({"yjs": members, "area_type": "family", "area": f"{yjs} family"}))
    return pd.concat(parts, ignore_index=True)


def pooled(rows: pd.DataFrame, families: dict[str, list[str]], source: str) -> pd.DataFrame:
    """Pool YJS rows with numerators into aggregates.

    An aggregate's denominator is summed only where every contributing member has one, and its
    numerator only where every member's count is known; otherwise the figure is left missing
    rather than computed from part of the footprint, and ``method`` says why.

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy YJS rows (``area_type == "yjs"``) with ``numerator`` and ``denominator``.
    families : dict
        See :func:`memberships`.
    source : str
        Described in the ``source`` column of the new rows.

    Returns
    -------
    pandas.DataFrame
        Tidy rows for every aggregate, status ``computed``.
    """
    yjs_rows = rows[rows["area_type"] == "yjs"]
    if yjs_rows.empty:
        return yjs_rows.copy()
    joined = yjs_rows.drop(columns=["area_type"]).merge(
        memberships(families), left_on="area", right_on="yjs", suffixes=("_yjs", "")
    )
    keys = ["area_type", "area", *GROUP]
    joined["has_denominator"] = joined["denominator"].notna()
    joined["missing"] = joined["numerator"].isna().astype(int)
    groups = joined.groupby(keys, dropna=False, sort=False)
    summed = groups[["numerator", "denominator"]].sum(min_count=1)
    summed["complete"] = groups["has_denominator"].all()
    summed["missing"] = groups["missing"].sum()
    summed["members"] = groups.size()
    summed = summed.reset_index()
    multiplier = summed["indicator"].map(catalogue()["multiplier"]).astype(float)
    value = summed["numerator"].astype(float) / summed["denominator"].astype(float) * multiplier
    whole = summed["missing"].eq(0)
    summed["value"] = value.where(summed["complete"] & whole)
    summed["numerator"] = summed["numerator"].where(whole)  # never a partial sum
    summed["denominator"] = summed["denominator"].where(summed["complete"])
    summed["source"] = source
    summed["status"] = "computed"
    summed["method"] = ("pooled counts of " + summed["members"].astype(str) + " YJSs").where(
        whole,
        "no figure: the counts of "
        + summed["missing"].astype(str)
        + " of its "
        + summed["members"].astype(str)
        + " YJSs are suppressed in the source",
    )
    return summed.drop(columns=["members", "complete", "missing"])


def family_means(rows: pd.DataFrame, families: dict[str, list[str]]) -> pd.DataFrame:
    """Average members' published values into family figures (no counts to pool).

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy YJS rows with values and no numerators.
    families : dict
        Each family's YJS to its members.

    Returns
    -------
    pandas.DataFrame
        Tidy family rows, status ``computed``, with the number of members behind each mean in
        ``method``.
    """
    yjs_rows = rows[(rows["area_type"] == "yjs") & rows["value"].notna()]
    members = memberships(families)
    members = members[members["area_type"] == "family"]
    joined = yjs_rows.drop(columns=["area_type"]).merge(
        members, left_on="area", right_on="yjs", suffixes=("_yjs", "")
    )
    if joined.empty:
        return joined.reindex(columns=rows.columns)
    size = members.groupby("area")["yjs"].nunique()
    out = joined.groupby(["area_type", "area", *GROUP], dropna=False, as_index=False).agg(
        value=("value", "mean"), count=("yjs", "nunique"), source=("source", "first")
    )
    out["status"] = "computed"
    out["method"] = (
        "mean of "
        + out["count"].astype(str)
        + " published member values (of "
        + out["area"].map(size).astype(str)
        + " in the family)"
    )
    return out.drop(columns=["count"])
