"""How an input file is named wherever a reader of a report can see it.

A public release is named by its file's name, which says its vintage
(``YJB_Children_2019-20.csv``); a file of the analyst's own (a families file, an indicator
CSV, the service's extract) is named by its format only: the name it was saved under is the
analyst's ("Southampton family from J Smith email 2025.csv") and is never published. Pages,
notebooks, notes and the manifest all name inputs through :func:`shown_name`.
"""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath

import pandas as pd

#: Formats of public releases, named by their file names (their vintage).
PUBLIC_RELEASES = frozenset(
    {"yjb_children", "yjb_population", "ons_population", "lait", "dfe_statistical_neighbours"}
)


def shown_name(path: str | PurePath, kind: str, title: str) -> str:
    """Name an input for a page: a public release by its file's name, any other by its format.

    Parameters
    ----------
    path : str or PurePath
        The file (only its name is ever shown, never its folder).
    kind, title : str
        The format's id (``yjs_families``) and title (``YJS families``).

    Examples
    --------
    >>> shown_name("/data/raw/YJB_Children_2019-20.csv", "yjb_children", "Children table")
    'YJB_Children_2019-20.csv'
    >>> shown_name("/data/raw/from J Smith.csv", "yjs_families", "YJS families")
    'YJS families'
    """
    if kind in PUBLIC_RELEASES:
        return PureWindowsPath(str(path)).name  # a name from Windows, or not, loses its folder
    return title


def frame_name(frame: pd.DataFrame, default: str = "the inputs") -> str:
    """Name the file a frame was read from (its ``attrs``, as the readers set them)."""
    if "path" not in frame.attrs:
        return default
    attrs = frame.attrs
    return shown_name(attrs["path"], attrs.get("kind", ""), attrs.get("title", default))
