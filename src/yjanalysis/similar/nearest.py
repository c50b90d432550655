"""Nearest-neighbour comparator groups: the services most like each on published figures.

Each characteristic of :mod:`yjanalysis.similar.characteristics` is standardised across the
current services (z-scores; sizes on a log scale). The distance between two services is the
root mean square of their standardised differences: the Euclidean distance of the usual
nearest-neighbour method for comparator groups of local authorities, divided by the square
root of the number of characteristics so that it reads in standard deviations whatever their
number (0 is identical; 1 is a gap of one standard deviation on a typical characteristic).
Every characteristic weighs the same. A service's group is the services at the smallest
distances, English and Welsh alike, ties broken by name so that the group is reproducible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial.distance import pdist, squareform

from yjanalysis.similar.characteristics import standardised

#: Members of a nearest-neighbour group, as in a YJB family.
SIZE = 10


def distances(characteristics: pd.DataFrame) -> pd.DataFrame:
    """Return the distance between every two services with all characteristics.

    Parameters
    ----------
    characteristics : pandas.DataFrame
        As :func:`yjanalysis.similar.characteristics.characteristics` returns it.

    Returns
    -------
    pandas.DataFrame
        A square table of distances in standard deviations, indexed both ways by service;
        services missing any characteristic are not in it.

    Examples
    --------
    >>> frame = pd.DataFrame({"share_10_17": [0.09, 0.10, 0.11]}, index=list("abc"))
    >>> distances(frame).round(2).loc["a"].tolist()
    [0.0, 1.0, 2.0]
    """
    z = standardised(characteristics).dropna()
    if z.empty or z.shape[1] == 0:
        return pd.DataFrame(dtype=float)
    found = squareform(pdist(z.to_numpy(), metric="euclidean")) / np.sqrt(z.shape[1])
    return pd.DataFrame(found, index=z.index, columns=z.index)


def nearest_neighbours(characteristics: pd.DataFrame, size: int = SIZE) -> pd.DataFrame:
    """Return each service's ``size`` nearest services.

    Returns
    -------
    pandas.DataFrame
        ``yjs``, ``rank`` (1 is nearest), ``member`` and ``distance``.
    """
    table = distances(characteristics)
    parts = []
    for yjs in table.index:
        others = table.loc[yjs].drop(yjs).rename("distance").rename_axis("member").reset_index()
        nearest = others.sort_values(["distance", "member"], kind="stable").head(size)
        parts.append(nearest.assign(yjs=yjs, rank=range(1, len(nearest) + 1)))
    if not parts:
        return pd.DataFrame(columns=["yjs", "rank", "member", "distance"])
    return pd.concat(parts, ignore_index=True)[["yjs", "rank", "member", "distance"]]
