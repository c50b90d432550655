"""DfE children's services statistical neighbours, mapped from authorities to services.

The DfE lists the ten authorities most like each English local authority. A service covering
one authority takes its authority's neighbours, each mapped to the service that covers it (a
neighbour inside the service itself is dropped; two neighbours covered by one service count
once, at the closer rank). A service covering several authorities combines its authorities'
lists by a Borda count: a neighbour ranked r of n by one authority scores n + 1 - r, its
scores are summed over the authorities, and the highest totals are kept (ties: more of the
service's authorities naming it, then its best rank, then its name). Every authority counts the
same, however small (the City of London beside Tower Hamlets, Rutland beside Leicestershire),
because the DfE file gives no population to weight them by. Welsh services have none.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis import reference

SIZE = 10
COLUMNS = ["yjs", "rank", "member", "dfe_rank", "named_by", "authorities"]


def dfe_groups(neighbours: pd.DataFrame, size: int = SIZE) -> pd.DataFrame:
    """Return each English service's statistical neighbours as services.

    Parameters
    ----------
    neighbours : pandas.DataFrame
        The DfE statistical neighbours file as :func:`yjanalysis.inputs.readers.read` gives it
        (``la_number``, ``rank``, ``neighbour``, ``current``).
    size : int
        The most members to keep.

    Returns
    -------
    pandas.DataFrame
        ``yjs``, ``rank`` (1 is closest), ``member``, ``dfe_rank`` (the best rank any of the
        service's authorities gives it), ``named_by`` (how many of them list it) and
        ``authorities`` (how many of the service's authorities the DfE lists).
    """
    rows = neighbours[neighbours["current"]]
    mapping = reference.dfe_to_yjs()
    rows = rows.assign(yjs=rows["la_number"].map(mapping), member=rows["neighbour"].map(mapping))
    authorities = rows.dropna(subset=["yjs"]).groupby("yjs")["la_number"].nunique()
    rows = rows.dropna(subset=["yjs", "member"])
    rows = rows[rows["yjs"] != rows["member"]]
    points = int(neighbours["rank"].max()) + 1
    # A neighbour mapped twice from one authority counts once, at its closer rank.
    best = rows.groupby(["yjs", "la_number", "member"], as_index=False)["rank"].min()
    best["points"] = points - best["rank"]
    combined = best.groupby(["yjs", "member"], as_index=False).agg(
        points=("points", "sum"), named_by=("la_number", "nunique"), dfe_rank=("rank", "min")
    )
    combined["authorities"] = combined["yjs"].map(authorities)
    combined = combined.sort_values(
        ["yjs", "points", "named_by", "dfe_rank", "member"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    combined = combined.groupby("yjs", sort=False).head(size)
    combined["rank"] = combined.groupby("yjs").cumcount() + 1
    return combined[COLUMNS].reset_index(drop=True)
