"""One series for a chart of a figure over time: one source, one kind of period.

A line mixing a service's own records with published figures, or calendar years with rolling
12-month periods, draws a saw-tooth that describes nothing. :func:`choose` picks, for a
service, the 12-month figures of one source and one kind (calendar, financial or academic
years; or rolling 12 months ending each quarter, of which years are a part), and the
comparators that have figures for most of the same periods.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.report import narrative
from yjanalysis.report.context import ReportContext


def twelve_months(rows: pd.DataFrame) -> pd.Series:
    """Mark the rows whose period is 12 months (a calendar, financial or academic year too)."""
    return (
        rows.apply(
            lambda r: (
                narrative.period_kind(r["period_start"], r["period_end"])
                in ("calendar", "financial", "academic", "rolling")
            ),
            axis=1,
        ).astype(bool)
        if len(rows)
        else pd.Series(dtype=bool)
    )


def choose(ctx: ReportContext, indicator, breakdown, group, rolling: bool, years: int):
    """Choose one series for the service (one source, one kind of period) and its comparators.

    Returns
    -------
    tuple
        The service's rows, the comparators' rows (each covering most of its periods), and the
        periods in order (labels for the axis); ``None`` when there is no such series (a
        service's single figure in the years asked for is none).
    """
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["breakdown"] == breakdown)
        & (ctx.table["group"] == group)
    ]
    rows = rows[ctx.shown_areas(rows) & (rows["value"].notna() | rows["status"].eq("suppressed"))]
    rows = rows[twelve_months(rows)]
    if rows.empty:
        return None
    kinds = rows.apply(lambda r: narrative.period_kind(r["period_start"], r["period_end"]), axis=1)
    rows = rows.assign(kind=kinds, local=rows["own_records"].astype(bool))
    start = ctx.period_end - pd.DateOffset(years=years)
    rows = rows[rows["period_end"] > start]
    own = rows[(rows["area"] == ctx.yjs) & (rows["area_type"] == "yjs")]
    if rolling:
        # Every 12 months ending a quarter (financial and calendar years among them), one source.
        own = own[own["period_end"].dt.month.isin([3, 6, 9, 12])]
        if own.empty:
            return None
        source = own["source"].value_counts().index[0]
        own = own[own["source"] == source]
        ends = pd.date_range(own["period_end"].min(), own["period_end"].max(), freq="QE")
        # Rolling means a figure for most quarters: years alone (every December, say) are not.
        if len(own) < 4 or own["period_end"].nunique() < 0.5 * len(ends):
            return None
        others = rows[(rows["area"] != ctx.yjs) | (rows["area_type"] != "yjs")]
        others = others[
            others["period_end"].isin(ends) & others["period_end"].dt.month.isin([3, 6, 9, 12])
        ]
        labels = [f"{e:%b %Y}" for e in ends]  # each point is the 12 months ending then
    else:
        annual = own[own["kind"] != "rolling"]
        if annual.empty:
            return None
        # The kind of year whose latest figure a comparator has too (the period the section's
        # headline compares, so that one section names one kind of year), then the kind the
        # service has most of (its own records give calendar and financial years alike).
        theirs = rows[(rows["area"] != ctx.yjs) | (rows["area_type"] != "yjs")]
        shared = set(zip(theirs["kind"], theirs["period_end"], strict=True))

        def rank(key: tuple[str, str]) -> tuple[pd.Timestamp, int]:
            part = annual[(annual["kind"] == key[0]) & (annual["source"] == key[1])]
            common = [end for end in part["period_end"] if (key[0], end) in shared]
            return (max(common, default=pd.Timestamp.min), len(part))

        kind, source = max(annual.groupby(["kind", "source"]).groups, key=rank)
        own = annual[(annual["kind"] == kind) & (annual["source"] == source)]
        if own["period_end"].nunique() < 2:
            return None  # one year is not a series ("2024-25 to 2024-25: from 30.7 to 30.7")
        others = rows[
            ((rows["area"] != ctx.yjs) | (rows["area_type"] != "yjs")) & (rows["kind"] == kind)
        ]
        ends = sorted(set(own["period_end"]) | set(others["period_end"]))
        ends = [e for e in ends if own["period_end"].min() <= e <= own["period_end"].max()]
        labels = []
        for end in ends:
            any_row = rows[rows["period_end"] == end].iloc[0]
            labels.append(narrative.row_period(any_row, short=True))
    own = own.sort_values("period_end")
    others = others[~_english_family(ctx, others, indicator, breakdown, group)]
    position = {end: label for end, label in zip(ends, labels, strict=True)}
    keep = []
    for _, part in others.groupby(["area_type", "area"]):
        part = part[part["period_end"].isin(position)].drop_duplicates("period_end")
        if len(part) >= 0.75 * len(own):
            keep.append(part)
    others = pd.concat(keep) if keep else others.iloc[0:0]
    return own, others, position


def _english_family(ctx: ReportContext, rows: pd.DataFrame, *key: str) -> pd.Series:
    """Mark a Welsh service's family rows that count only the family's English members.

    The sentences do not set a Welsh service against its English members alone (a source of
    English authorities only gives the family none of its Welsh ones), so neither does a
    chart: Newport's chart of first time entrants drew a "Newport family" line of Dudley,
    Liverpool, Southampton and Windsor and Maidenhead beside a sentence ruling it out (an
    eleventh reading).
    """
    family = rows["area_type"] == "family"
    if not family.any():
        return family
    english = {p: bool(ctx.english_family(key[0], p, *key[1:])) for p in rows.loc[family, "period"]}
    return family & rows["period"].map(english).fillna(False).astype(bool)


def with_gaps(frame: pd.DataFrame, position: dict) -> pd.DataFrame:
    """Give every area a row for every period on the axis (empty where it has no figure)."""
    labels = list(position.values())
    out = []
    for (kind, area), part in frame.groupby(["area_type", "area"], sort=False):
        part = part.drop_duplicates("x").set_index("x").reindex(labels).reset_index()
        part["area_type"], part["area"] = kind, area
        out.append(part)
    return pd.concat(out, ignore_index=True)


def visible_run(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the latest unbroken run of shown quarterly figures (no gap, nothing hidden).

    Raises
    ------
    InputError
        Two figures for one quarter: a chart of them would count the quarter twice.
    """
    twice = rows["period_end"][rows["period_end"].duplicated()]
    if len(twice):
        raise InputError(
            f"a control chart needs one figure for each quarter: found two for the quarter "
            f"ending {pd.Timestamp(twice.iloc[0]):%d %B %Y}."
        )
    rows = rows.sort_values("period_end")
    keep: list[pd.Series] = []
    for _, row in rows[::-1].iterrows():
        gap = keep and (keep[-1]["period_end"] - row["period_end"]).days > 100
        if row["status"] == "suppressed" or pd.isna(row["value"]) or gap:
            break
        keep.append(row)
    return pd.DataFrame(keep[::-1])
