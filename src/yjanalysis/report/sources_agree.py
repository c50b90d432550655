"""Refuse a report whose published figures and own records of the same children are far apart.

A service's own case-level records and a publication count the same children for some
measures (first time entrants, children cautioned or sentenced, serious violence, custody,
reoffending): the pages set the two side by side and say how far their definitions let them
differ (:data:`~yjanalysis.report.caveats.OWN_AND_PUBLISHED`: 25% where the publication
counts from the Police National Computer, 10% where it counts the records the service
submitted). Further apart than that, one of them is not what it says: another service's
extract filed as this one's, a published figure mistyped (326 for 226), two services' rows
exchanged in a published table. Each of those was published with the wrong figure as the
service's (failed before), so the report is refused, naming both sources.

Only the latest period both sources give is compared, as the pages compare it: a system's
records begin part way through a year and take a year or two to hold every child, so their
first years can fall short of a publication for no fault of either.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.report import caveats, narrative
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

#: A file's path at the start of a row's source (``/raw/lait.csv (FirstYJS)``).
_FILE = re.compile(r"^(?:[^:/\\]+: )?(.+?\.(?:csv|tsv|ods|xlsx|xlsm|xls|parquet))(?: \(|$)", re.I)


def _pairs(table: pd.DataFrame, yjs: str, end: pd.Timestamp) -> pd.DataFrame:
    """Return the own and published counts of each measure, for the latest period of both."""
    rows = table[
        table["area_type"].eq("yjs")
        & table["area"].eq(yjs)
        & table["indicator"].isin(list(caveats.OWN_AND_PUBLISHED))
        & table["status"].ne("suppressed")
        & table["value"].notna()
        & (table["period_end"] <= end)
    ].copy()
    shares = rows["indicator"].str.endswith("_share")
    # A split by group: the children it splits (its denominator), the same in every group.
    rows.loc[shares, "count"] = rows.loc[shares, "denominator"]
    rows = rows[shares | rows["breakdown"].eq("total")]
    rows.loc[~shares, "count"] = rows.loc[~shares, "numerator"]
    rows["own"] = rows["own_records"].astype(bool)
    keys = ["indicator", "period_start", "period_end"]
    firsts = rows.sort_values("count").groupby([*keys, "own"], sort=False).tail(1)
    pairs = firsts[firsts["own"]].merge(firsts[~firsts["own"]], on=keys, suffixes=("", "_pub"))
    if pairs.empty:
        return pairs
    return pairs[pairs["period_end"].eq(pairs.groupby("indicator")["period_end"].transform("max"))]


def refuse_apart(table: pd.DataFrame, yjs: str, end: pd.Timestamp) -> None:
    """Refuse where the service's own records and a publication of a measure are too far apart.

    Parameters
    ----------
    table : pandas.DataFrame
        The indicator table the report is made from.
    yjs : str
        The service.
    end : pandas.Timestamp
        The last day of the report's period: later figures are not the report's.

    Raises
    ------
    InputError
        Naming the published file (or source), the service's extract, the measure and period,
        and how far apart the two may be; the service's own figure is not given (it may be one
        the report hides).
    """
    pairs = _pairs(table, yjs, end)
    worst: tuple[float, pd.Series] | None = None
    for _, pair in pairs.iterrows():
        counts = pd.notna(pair["count"]) and pd.notna(pair["count_pub"])
        mine, theirs = (
            (pair["count"], pair["count_pub"]) if counts else (pair["value"], pair["value_pub"])
        )
        agree, _, _ = caveats.agreement(str(pair["indicator"]), float(mine), float(theirs))
        if agree or (counts and abs(float(mine) - float(theirs)) <= caveats.COUNT_MARGIN):
            continue
        gap = caveats.gap(float(mine), float(theirs))
        if worst is None or gap > worst[0]:
            worst = (gap, pair)
    if worst is None:
        return
    pair = worst[1]
    indicator = str(pair["indicator"])
    tolerance = caveats.definitions_apart(indicator)
    source = str(pair["source_pub"])
    found = _FILE.match(source)
    counted = "children cautioned or sentenced" if indicator.endswith("_share") else None
    spec = catalogue_indicator(indicator)
    what = f"the number of {counted} in {yjs}" if counted else f"{yjs}'s {spec.phrase}"
    figure = f"{pair['count_pub']:,.0f}" if counted else spec.format(float(pair["value_pub"]))
    own_value = pair["count"] if counted else pair["value"]
    published_value = pair["count_pub"] if counted else pair["value_pub"]
    side = "lower" if float(own_value) < float(published_value) else "higher"
    extract = str(pair["source"]).removeprefix("local extract: ")
    when = narrative.period_words(pair["period_pub"], pair["period_start"], pair["period_end"])
    sentence = (
        f"gives {what} for the {when} as {figure}, while the service's own case-level records "
        f"({extract}) give a {side} figure, the higher more than {tolerance:.0%} above the "
        "lower: further apart than the two sources' definitions explain; expected them to "
        f"agree within {tolerance:.0%}: check that the extract is {yjs}'s own and that the "
        "published figure is as released (not mistyped, nor another service's), then refresh "
        "again."
    )
    if found:
        raise InputError(sentence, Path(found.group(1)))
    raise InputError(f"The published figures of '{source}' {sentence}")


__all__ = ["refuse_apart"]
