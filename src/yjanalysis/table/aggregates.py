"""Comparator aggregates: family, region, PCC area, country and England and Wales.

Where members' counts exist the aggregate is pooled (members' numerators summed over their
denominators), which weights each member by its size, as the YJB and MoJ compute national and
regional rates. A family figure from DfE LAIT, which covers English authorities only, pools
the members it gives (counts estimated from a rate and a population), and ``method`` says how
many of the family's services it rests on; LAIT figures without counts give no family figure.
Published region and national figures are used as released and never recomputed.
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


def _expected(members: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Each aggregate's members that existed in each period (the register's history).

    Returns
    -------
    pandas.DataFrame
        ``area_type``, ``area``, ``period_start``, ``period_end``, ``yjs``: one row per member
        that existed on some day of the period (Cumbria until March 2023, Cumberland after).
    """
    table = reference.register()
    grid = members.merge(spans, how="cross")
    began = grid["yjs"].map(table["yjs"].map(reference.first_day))
    ended = grid["yjs"].map(table["yjs"].map(reference.last_day))
    alive = (began.isna() | (began <= grid["period_end"])) & (
        ended.isna() | (ended >= grid["period_start"])
    )
    return grid[alive.fillna(False).astype(bool)]


def _missing_members(yjs_rows: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Say, for each aggregate and period, which of its members the rows give nothing for.

    Returns
    -------
    pandas.DataFrame
        ``area_type``, ``area``, ``indicator``, ``breakdown``, ``period_start``,
        ``period_end``, ``expected`` (members that existed then) and ``absent`` (their
        names, in the register's order, for a message).
    """
    # A member is given a figure when it has a row of the same indicator and breakdown: a
    # population file cut to one region gives rates by age for its services only, while
    # every service has its total.
    figure = ["indicator", "breakdown", "period_start", "period_end"]
    spans = yjs_rows[figure].drop_duplicates()
    expected = _expected(members, spans)
    present = yjs_rows[["area", *figure]].drop_duplicates()
    present = present.rename(columns={"area": "yjs"}).assign(given=True)
    expected = expected.merge(present, on=["yjs", *figure], how="left")
    keys = ["area_type", "area", *figure]
    out = expected.groupby(keys, sort=False).size().rename("expected").to_frame()
    absent = expected[expected["given"].isna()].groupby(keys, sort=False)["yjs"].agg(list)
    out["absent"] = absent.reindex(out.index)
    out["absent"] = out["absent"].map(lambda names: names if isinstance(names, list) else [])
    return out.reset_index()


def _names(names: list[str], most: int = 3) -> str:
    """Name a few services: ``Barnet, Bexley, Brent and 127 more``.

    Examples
    --------
    >>> _names(["Barnet", "Bexley"]), _names(["A", "B", "C", "D", "E"])
    ('Barnet and Bexley', 'A, B, C and 2 more')
    """
    shown = names[:most]
    if len(names) > most:
        return f"{', '.join(shown)} and {len(names) - most} more"
    return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 2 else shown)


def pooled(rows: pd.DataFrame, families: dict[str, list[str]], source: str) -> pd.DataFrame:
    """Pool YJS rows with numerators into aggregates.

    An aggregate is made only from all of its members: every service of the region, the
    country or the family that existed in the period (the register's history) must have a row
    for it. A Children table cut to the 19 services of the South East would otherwise give
    "England" the South East's figure; such an aggregate is left missing, and ``method`` says
    how many of its services the inputs give and which they leave out. Likewise its
    denominator is summed only where every member has one, and its numerator only where every
    member's count is known (none suppressed).

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
    members = memberships(families)
    joined = yjs_rows.drop(columns=["area_type"]).merge(
        members, left_on="area", right_on="yjs", suffixes=("_yjs", "")
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
    cover = _missing_members(yjs_rows, members)
    on = ["area_type", "area", "indicator", "breakdown", "period_start", "period_end"]
    summed = summed.merge(cover, on=on, how="left")
    # Covered when every member that existed then has a row (a row of a service that had
    # ended, Cumbria's in 2023-24, stands for no one else).
    summed["absent"] = summed["absent"].map(lambda names: names if isinstance(names, list) else [])
    covered = summed["absent"].map(len).eq(0)
    multiplier = summed["indicator"].map(catalogue()["multiplier"]).astype(float)
    value = summed["numerator"].astype(float) / summed["denominator"].astype(float) * multiplier
    whole = summed["missing"].eq(0) & covered
    summed["value"] = value.where(summed["complete"] & whole)
    summed["numerator"] = summed["numerator"].where(whole)  # never a partial sum
    summed["denominator"] = summed["denominator"].where(summed["complete"] & covered)
    summed["source"] = source
    summed["status"] = "computed"
    suppressed = (
        "no figure: the counts of "
        + summed["missing"].astype(str)
        + " of its "
        + summed["members"].astype(str)
        + " YJSs are suppressed in the source"
    )
    partial = [
        (
            f"no figure: the inputs give {expected - len(absent):.0f} of its {expected:.0f} "
            f"services (none for {_names(absent)})"
        )
        if absent
        else ""
        for expected, absent in zip(summed["expected"].fillna(0), summed["absent"], strict=True)
    ]
    # Why there is no figure: a member's count suppressed in the source, else members missing.
    summed["method"] = (
        ("pooled counts of " + summed["members"].astype(str) + " YJSs")
        .where(whole, pd.Series(partial, index=summed.index))
        .where(summed["missing"].eq(0), suppressed)
    )
    return summed.drop(columns=["members", "complete", "missing", "expected", "absent"])


def family_means(rows: pd.DataFrame, families: dict[str, list[str]]) -> pd.DataFrame:
    """Pool members' counts into family figures where a source covers only some members.

    A family's figure is one thing wherever it comes from: its members' counts pooled, as
    :func:`pooled` makes it and the YJB's own family comparisons do. DfE LAIT covers English
    authorities only, so a family with Welsh members is pooled over the members it gives
    (``method`` says how many of how many); a figure of several members' published values
    that carry no counts (LAIT's scores and shares) has no family figure, and ``method`` says
    why, rather than an unweighted mean of another meaning beside pooled ones.

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy YJS rows with values, and counts where they exist (first time entrants' estimated
        from a rate and a population).
    families : dict
        Each family's YJS to its members.

    Returns
    -------
    pandas.DataFrame
        Tidy family rows, status ``computed``: ``value``, ``numerator`` and ``denominator``
        pooled, or no value with the reason in ``method``.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": "yjs", "area": ["B", "C", "B"],
    ...     "indicator": ["fte_rate", "fte_rate", "neet_16_17"],
    ...     "period": "2023", "period_start": pd.Timestamp("2023-01-01"),
    ...     "period_end": pd.Timestamp("2023-12-31"), "breakdown": "total", "group": "all",
    ...     "value": [200.0, 100.0, 4.0], "numerator": [20.0, 5.0, None],
    ...     "denominator": [10_000.0, 5_000.0, None], "source": "LAIT"})
    >>> out = family_means(rows, {"A": ["B", "C", "D"]}).set_index("indicator")
    >>> round(float(out.loc["fte_rate", "value"]), 1), out.loc["fte_rate", "method"]
    (166.7, 'pooled counts of 2 of its 3 services')
    >>> out.loc["neet_16_17", "method"]
    "no figure: its members' figures come without counts to pool"
    """
    yjs_rows = rows[(rows["area_type"] == "yjs") & rows["value"].notna()]
    members = memberships(families)
    members = members[members["area_type"] == "family"]
    joined = yjs_rows.drop(columns=["area_type"]).merge(
        members, left_on="area", right_on="yjs", suffixes=("_yjs", "")
    )
    if joined.empty:
        return joined.reindex(columns=rows.columns)
    for column in ("numerator", "denominator"):
        if column not in joined:
            joined[column] = float("nan")
    joined["counted"] = joined["numerator"].notna() & joined["denominator"].notna()
    size = members.groupby("area")["yjs"].nunique()
    out = joined.groupby(["area_type", "area", *GROUP], dropna=False, as_index=False).agg(
        numerator=("numerator", "sum"),
        denominator=("denominator", "sum"),
        counted=("counted", "all"),
        count=("yjs", "nunique"),
        source=("source", "first"),
    )
    multiplier = out["indicator"].map(catalogue()["multiplier"]).astype(float)
    value = out["numerator"].astype(float) / out["denominator"].astype(float) * multiplier
    # Only where every member given has counts: a pool of some members' counts is another
    # group's figure.
    out["value"] = value.where(out["counted"])
    out["numerator"] = out["numerator"].where(out["counted"])
    out["denominator"] = out["denominator"].where(out["counted"])
    out["status"] = "computed"
    of = out["area"].map(size).astype(int)
    # Of all its services, as :func:`pooled` names it; else how many of how many.
    pooled_label = ("pooled counts of " + of.astype(str) + " YJSs").where(
        out["count"].eq(of),
        "pooled counts of " + out["count"].astype(str) + " of its " + of.astype(str) + " services",
    )
    out["method"] = pooled_label.where(
        out["counted"], "no figure: its members' figures come without counts to pool"
    )
    return out.drop(columns=["count", "counted"])
