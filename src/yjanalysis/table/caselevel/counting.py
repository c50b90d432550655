"""Counting a service's events into reporting periods, as every case-level indicator does.

Events are sorted once and counted into all periods with binary search, so a million offence
rows take seconds. :mod:`~yjanalysis.table.caselevel.indicators` and
:mod:`~yjanalysis.table.caselevel.custody_today` both count with these.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.vocabulary.catalogue import catalogue

SERIOUS_VIOLENCE_GROUPS = {"Violence against the person", "Robbery", "Drugs"}
#: How much history an extract needs before its first time entrants can be trusted.
HISTORY_NEEDED = pd.DateOffset(years=2)


#: A day in nanoseconds, the unit of the dates.
DAY = 86_400_000_000_000


def _days(values: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Return dates (no NaT) as days after the first, in 16 bits, with the first; or ``None``.

    ``None`` where a date has a time of day or they span 179 years or more. Sixteen-bit
    integers are sorted by radix, several times faster than the dates themselves: a few
    thousand distinct days over a million offences.
    """
    ns = values.view(np.int64)
    if not len(ns):
        return None
    low = int(ns.min())
    if (ns.max() - low) // DAY >= 2**16 or np.any(ns % DAY):
        return None
    return ((ns - low) // DAY).astype(np.uint16), low


def date_order(values: np.ndarray) -> np.ndarray:
    """Return the order that sorts dates (``datetime64[ns]``, no NaT); ties keep their order."""
    days = _days(values)
    if days is None:
        return np.argsort(values, kind="stable")
    return np.argsort(days[0], kind="stable")


def sort_dates(values: np.ndarray) -> np.ndarray:
    """Return dates (``datetime64[ns]``, no NaT) sorted: :func:`numpy.sort`, faster."""
    days = _days(values)
    if days is None:
        return np.sort(values)
    ordered = np.sort(days[0], kind="stable").astype(np.int64) * DAY + days[1]
    return ordered.view("datetime64[ns]")


def count_in(dates: pd.Series, windows: pd.DataFrame) -> np.ndarray:
    """Count dates inside each window (inclusive), by binary search on sorted dates."""
    values = sort_dates(dates.dropna().to_numpy(dtype="datetime64[ns]"))
    starts = windows["period_start"].to_numpy(dtype="datetime64[ns]")
    ends = (windows["period_end"] + pd.Timedelta(days=1)).to_numpy(dtype="datetime64[ns]")
    return np.searchsorted(values, ends, "left") - np.searchsorted(values, starts, "left")


def distinct_in(events: pd.DataFrame, date: str, windows: pd.DataFrame, by: str | None = None):
    """Count distinct children with an event in each window, in total or by a column.

    The events are sorted by date once, so that a window's events are a slice found by binary
    search; each (child, group) in the slice is marked in one array, counted and unmarked (a
    mask over every event for each window is slow on a million offences).
    """
    codes, uniques = pd.factorize(events["child_id"])
    group_codes, groups = pd.factorize(events[by]) if by else (np.zeros(len(events), int), ["all"])
    width = len(groups)
    dates = events[date].to_numpy(dtype="datetime64[ns]")
    usable = (codes >= 0) & (group_codes >= 0) & ~np.isnat(dates)  # a blank date is in no window
    order = date_order(dates[usable])  # the order of ties does not change who is in a slice
    dates = dates[usable][order]
    keys = (codes[usable] * width + group_codes[usable])[order]
    first = np.searchsorted(dates, windows["period_start"].to_numpy(dtype="datetime64[ns]"), "left")
    after = np.searchsorted(dates, windows["period_end"].to_numpy(dtype="datetime64[ns]"), "right")
    seen = np.zeros(len(uniques) * width, dtype=bool)
    out = np.zeros((len(windows), width), dtype=np.int64)
    for i, (start, stop) in enumerate(zip(first, after, strict=True)):
        inside = keys[start:stop]
        seen[inside] = True
        out[i] = np.bincount(np.flatnonzero(seen) % width, minlength=width)
        seen[inside] = False
    return out, list(groups)


def indicator_rows(
    windows, indicator, numerator, denominator, extract, breakdown="total", group="all", method=None
):
    """Return one row of the indicator table per window: a count, or a count over its total."""
    per = float(catalogue().loc[indicator, "multiplier"])
    numerator = np.asarray(numerator, dtype=float)
    if denominator is None:  # a plain count
        denominator = np.full(numerator.shape, np.nan)
        value = numerator * per
    else:
        denominator = np.asarray(denominator, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(denominator > 0, numerator / denominator * per, np.nan)
    return pd.DataFrame(
        {
            "area_type": "yjs",
            "area": extract.yjs,
            "indicator": indicator,
            "period": windows["period"].to_numpy(),
            "period_start": windows["period_start"].to_numpy(),
            "period_end": windows["period_end"].to_numpy(),
            "breakdown": breakdown,
            "group": group,
            "numerator": numerator,
            "denominator": np.where(denominator > 0, denominator, np.nan),
            "value": value,
            "source": extract.source,
            "status": "computed",
            "method": method,
        }
    )


def population_years(windows: pd.DataFrame, population: pd.DataFrame, yjs: str) -> np.ndarray:
    """Return the mid-year whose 10 to 17 population each window is divided by (0: none).

    The mid-year nearest the window's middle, within two years, among the estimates dated (30
    June) by the window's end: an estimate of a later mid-year describes a population after
    the period and could not have been cited for it, so a window past the latest estimate uses
    the latest one before its end (2024 uses mid-2023 until mid-2024's is published), as the
    YJB's statistics use the latest estimate at the time.
    """
    own = population[(population["yjs"] == yjs) & (population["age_group"] == "10 to 17")]
    known = sorted(own["year"].astype(int).unique())
    out = []
    for start, end in zip(windows["period_start"], windows["period_end"], strict=True):
        year = (start + (end - start) / 2).year
        dated = [y for y in known if pd.Timestamp(y, 6, 30) <= end]
        near = sorted(dated, key=lambda y: (abs(y - year), -y))
        out.append(near[0] if near and abs(near[0] - year) <= 2 else 0)
    return np.array(out, dtype=int)


def population_in(windows: pd.DataFrame, population: pd.DataFrame, yjs: str) -> np.ndarray:
    """Return the 10 to 17 population of each window (see :func:`population_years`)."""
    own = population[(population["yjs"] == yjs) & (population["age_group"] == "10 to 17")]
    lookup = own.set_index(own["year"].astype(int))["population"]
    years = population_years(windows, population, yjs)
    return np.array([float(lookup[y]) if y else np.nan for y in years])


def population_method(
    method: str | np.ndarray, windows: pd.DataFrame, population: pd.DataFrame, yjs: str
) -> np.ndarray:
    """Add to each window's ``method`` the population estimate used where it is not its year's.

    A rate of a year after the latest estimate says which it used, as published rates do
    ("rates use the mid-2023 population, the latest published").
    """
    used = population_years(windows, population, yjs)
    middle = [
        (s + (e - s) / 2).year
        for s, e in zip(windows["period_start"], windows["period_end"], strict=True)
    ]
    methods = np.broadcast_to(np.asarray(method, dtype=object), used.shape)
    return np.array(
        [
            f"{m}; per head of the mid-{u} population, the latest estimate by the period's end"
            if u and u < y
            else m
            for m, u, y in zip(methods, used, middle, strict=True)
        ],
        dtype=object,
    )
