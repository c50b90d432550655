"""What earlier reports published: the record each report keeps, and what it tells a control.

A service refreshes its report every quarter from that quarter's extract, and a reader can set
the reports side by side. Each report therefore keeps a record of the figures from the
service's own records it could show (:func:`record`): each figure by its key, whether it was
shown or hidden, and for a shown one the counts as its pages show them. It holds no hidden
count and nothing about the analyst's computer. The next control reads the records of every
earlier report (:func:`combine`) and :func:`match` says, for the rows it controls:

* a figure an earlier report **showed**, with the same counts, is known to the reader: it is
  shown again and never chosen to protect another (hiding it would protect nothing);
* a figure an earlier report **hid** is the first chosen where something must be hidden, so
  that reports agree where they can; it is not hidden for its own sake: the control knows
  every figure published so far, so a figure hidden while it was the newest of its series
  (the only one holding its last quarter) is shown once later figures protect that quarter;
* a figure an earlier report showed with **other counts** (a corrected extract; children
  matched to school records of past years once they come to the service) is controlled afresh,
  and hidden if a count, or a proportion's complement, changed by fewer than the threshold
  (the change is a count of records added or taken away);
* a figure an earlier report showed that the table no longer has is still known: it joins the
  relations with its published counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from yjanalysis.methods.disclosure.relations import is_proportion

#: A figure's key across reports: periods by their dates, not their labels.
KEY = ["area_type", "area", "indicator", "period_start", "period_end", "breakdown", "group"]
#: The columns of a report's record of what it published.
RECORD_COLUMNS = [*KEY[:3], "period", *KEY[3:], "shown", "numerator", "denominator"]

__all__ = ["KEY", "RECORD_COLUMNS", "Earlier", "combine", "match", "record"]


def record(shown: pd.DataFrame) -> pd.DataFrame:
    """Return the record of what a controlled table lets a report show of a service's own records.

    Parameters
    ----------
    shown : pandas.DataFrame
        A controlled table (hidden figures with status ``suppressed``), cut at the report's
        period end: every row a page of the report could show.

    Returns
    -------
    pandas.DataFrame
        One row per figure from the service's own records (:data:`RECORD_COLUMNS`): its key,
        ``shown`` (true or false) and, for a shown figure only, its counts.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": "yjs", "area": "A", "indicator": "custody_share", "period": "2023",
    ...     "period_start": pd.Timestamp("2023-01-01"), "period_end": pd.Timestamp("2023-12-31"),
    ...     "breakdown": "ethnicity", "group": ["White", "Black"],
    ...     "numerator": [14.0, None], "denominator": [23.0, None],
    ...     "status": ["computed", "suppressed"], "own_records": True})
    >>> record(rows)[["group", "shown", "numerator"]].values.tolist()
    [['White', True, 14.0], ['Black', False, nan]]
    """
    own = shown[shown["own_records"].fillna(False).astype(bool)] if len(shown) else shown
    out = own.reindex(columns=RECORD_COLUMNS).copy()
    out["shown"] = own["status"].ne("suppressed").to_numpy(dtype=bool)
    for column in ("numerator", "denominator"):
        counts = pd.to_numeric(own[column], errors="coerce").astype(float)
        out[column] = counts.where(out["shown"]).to_numpy(dtype=float)
    return out.reset_index(drop=True)[RECORD_COLUMNS]


def combine(records: list[pd.DataFrame]) -> pd.DataFrame:
    """Put the records of several reports together: every figure and every way it was shown.

    A figure shown by any report is known to a reader, with the counts of each report that
    showed it; a figure only ever hidden is hidden.
    """
    records = [r for r in records if len(r)]
    if not records:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    out = pd.concat([r.reindex(columns=RECORD_COLUMNS) for r in records], ignore_index=True)
    out["period_start"] = pd.to_datetime(out["period_start"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    out["shown"] = out["shown"].map(_truth).astype(bool)
    for column in ("numerator", "denominator"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    return out.drop_duplicates([*KEY, "shown", "numerator", "denominator"], ignore_index=True)


def _truth(value) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes", "y"}


@dataclass
class Earlier:
    """What earlier reports tell the control of one service's rows (see :func:`match`).

    Attributes
    ----------
    hidden : list
        Rows (by index) an earlier report hid and none showed: hidden first where something
        must be.
    known : list
        Rows an earlier report showed with the counts they have now.
    revised : dict
        Rows an earlier report showed with other counts: each with the smallest change of a
        count from what a report showed (a reader can take the two apart).
    outside : pandas.DataFrame
        Figures an earlier report showed that the rows no longer have, as rows (with the
        columns of the rows given, and an index of their own).
    """

    hidden: list = field(default_factory=list)
    known: list = field(default_factory=list)
    revised: dict = field(default_factory=dict)
    outside: pd.DataFrame = field(default_factory=pd.DataFrame)


def match(rows: pd.DataFrame, published: pd.DataFrame | None) -> Earlier:
    """Say what earlier reports published of the figures in ``rows`` (one service's own).

    Parameters
    ----------
    rows : pandas.DataFrame
        The controlled rows of one service, with their true counts.
    published : pandas.DataFrame or None
        Earlier reports' records, put together by :func:`combine`.

    Returns
    -------
    Earlier
        Which rows were hidden before, which are known, which were revised, and the
        published figures the rows no longer have.
    """
    if published is None or not len(published) or not len(rows):
        return Earlier()
    area = rows[["area_type", "area"]].iloc[0].tolist()
    published = published[published["area_type"].eq(area[0]) & published["area"].eq(area[1])]
    now = {}
    for index, key in zip(rows.index, _keys(rows), strict=True):
        now[key] = index
    counts = {
        index: (num, den)
        for index, num, den in zip(
            rows.index, _floats(rows["numerator"]), _floats(rows["denominator"]), strict=True
        )
    }
    shown_as: dict[tuple, list[tuple[float, float]]] = {}
    hidden_keys = set()
    for key, shown, num, den in zip(
        _keys(published), published["shown"], _floats(published["numerator"]),
        _floats(published["denominator"]), strict=True,
    ):  # fmt: skip
        if shown:
            shown_as.setdefault(key, []).append((num, den))
        else:
            hidden_keys.add(key)
    found = Earlier()
    outside = []
    for key, ways in shown_as.items():
        index = now.get(key)
        if index is None:
            outside.append((key, ways[-1]))
            continue
        if any(_same(counts[index], way) for way in ways):
            found.known.append(index)
        else:
            whole = is_proportion(rows.at[index, "indicator"])
            found.revised[index] = min(_change(counts[index], way, whole) for way in ways)
    found.hidden = [now[k] for k in hidden_keys - set(shown_as) if k in now]
    if outside:
        frame = pd.DataFrame(
            [dict(zip(KEY, key, strict=True)) | {"numerator": n, "denominator": d}
             for key, (n, d) in outside]
        )  # fmt: skip
        frame["period"] = [_label(r) for r in frame.itertuples()]
        frame["status"] = "published earlier"
        frame["own_records"] = True
        frame = frame.reindex(columns=rows.columns)
        frame.index = pd.Index([f"published earlier {i}" for i in range(len(frame))])
        found.outside = frame
    return found


def _label(row) -> str:
    return f"{row.period_start:%b %Y} – {row.period_end:%b %Y}"


def _keys(frame: pd.DataFrame) -> list[tuple]:
    starts = pd.to_datetime(frame["period_start"])
    ends = pd.to_datetime(frame["period_end"])
    return list(
        zip(
            frame["area_type"], frame["area"], frame["indicator"], starts, ends,
            frame["breakdown"], frame["group"], strict=True,
        )
    )  # fmt: skip


def _floats(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _same(now: tuple[float, float], then: tuple[float, float]) -> bool:
    return all((np.isnan(a) and np.isnan(b)) or a == b for a, b in zip(now, then, strict=True))


def _change(now: tuple[float, float], then: tuple[float, float], proportion: bool) -> float:
    """Return the smallest change of a count from what was shown to now (``inf``: none).

    The changes are counts of records added or taken away since; for a proportion, the
    change of its complement too ("6 more children, 4 of them absent" shows 2 who were not).
    """
    pairs = list(zip(now, then, strict=True))
    if proportion:
        pairs.append((now[1] - now[0], then[1] - then[0]))
    changes = [abs(a - b) for a, b in pairs if abs(a - b) > 0]
    return min(changes, default=np.inf)
