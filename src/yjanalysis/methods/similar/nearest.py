"""Nearest-neighbour comparator groups: the services nearest each on published figures.

Each characteristic of :mod:`yjanalysis.methods.similar.characteristics` is standardised across the
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

from yjanalysis.methods.similar.characteristics import standardised

#: Members of a nearest-neighbour group, as in a YJB family.
SIZE = 10


def distances(characteristics: pd.DataFrame) -> pd.DataFrame:
    """Return the distance between every two services with all characteristics.

    Parameters
    ----------
    characteristics : pandas.DataFrame
        As :func:`yjanalysis.methods.similar.characteristics.characteristics` returns it.

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
    if table.empty:
        return pd.DataFrame(columns=["yjs", "rank", "member", "distance"])
    names = table.index.to_numpy()
    values = table.to_numpy(copy=True)
    np.fill_diagonal(values, np.inf)  # a service is not its own neighbour
    # Nearest first, ties by name: sort each row by name, then stably by distance.
    by_name = np.argsort(names, kind="stable")
    order = by_name[np.argsort(values[:, by_name], axis=1, kind="stable")][:, :size]
    kept = min(size, len(names) - 1)
    order = order[:, :kept]
    return pd.DataFrame(
        {
            "yjs": np.repeat(names, kept),
            "rank": np.tile(np.arange(1, kept + 1), len(names)),
            "member": names[order].ravel(),
            "distance": np.take_along_axis(values, order, axis=1).ravel(),
        }
    )
