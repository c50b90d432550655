"""XmR control charts and their special-cause rules (Making Data Count)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.methods.stats.checks import _arrays, _where

#: The rules of an XmR chart in the words a page uses (NHS England, "Making data count").
XMR_RULES = {
    "outside": "beyond a process limit",
    "shift": "one of 7 or more points in a row on one side of the average",
    "trend": "one of 7 or more points in a row each {higher_or_lower} than the one before",
    "two_of_three": "one of 2 of 3 points in a row close to the {upper_or_lower} process limit",
}


def xmr(values, screen: bool = True) -> pd.DataFrame:
    """XmR (individuals) control chart with the NHS "Making data count" rules.

    As NHSRplotthedots (``ptd_spc``) computes it: the centre line is the mean; the process
    limits are the mean plus or minus 2.66 times the mean moving range (three sigma, sigma
    being the mean moving range over 1.128); with ``screen`` (the default) moving ranges of
    3.267 times the mean moving range or more are left out of that mean first, so that one
    spike does not widen the limits (Wheeler DJ (1995), Advanced Topics in Statistical Process
    Control; NHS England (2019), "Making data count"). Special causes flagged:

    * ``outside``: a point beyond a process limit;
    * ``shift``: a run of 7 or more points on one side of the centre line (a point on the line,
      or missing, ends the run);
    * ``trend``: 7 or more points in a row, each higher (or each lower) than the one before (an
      equal or missing value ends it);
    * ``two_of_three``: two or three of three points in a row close to a process limit (beyond
      two sigma but inside the limit), all three on the same side of the centre line; only the
      points close to the limit are flagged.

    Each point of a run is flagged, not only the one that completes it. Limits from fewer than
    about 12 points are unreliable (NHSRplotthedots warns below 12). Rolling 12-month figures
    overlap and are not independent, which narrows the moving range and makes shifts and trends
    more likely: chart quarterly (non-overlapping) counts or rates.

    Parameters
    ----------
    values : array-like
        The series in time order, one value per period; a missing value is kept as a gap (no
        moving range either side of it, no rule flagged on it, runs broken by it).
    screen : bool
        Leave moving ranges of 3.267 times their mean or more out of the limits.

    Returns
    -------
    pandas.DataFrame
        One row per value, in order, with:

        ``value``
            the input;
        ``centre``, ``lower``, ``upper``
            the mean and the process limits (the same on every row; the limits are ``nan``
            with fewer than two consecutive values, when no moving range exists);
        ``near_lower``, ``near_upper``
            two sigma from the centre: beyond these and inside the limits a point is "close to
            a process limit";
        ``moving_range``, ``moving_range_used``
            the absolute difference from the previous value, and whether it went into the
            limits (``False`` for the first point, next to a gap, or screened out);
        ``side``
            ``"above"``, ``"below"`` or ``"on"`` the centre line (``""`` for a gap);
        ``outside``, ``shift``, ``trend``, ``two_of_three``, ``special_cause``
            booleans, one per rule, and whether any rule flags the point;
        ``direction``
            which way the special cause points: ``1`` up, ``-1`` down, ``0`` for common cause.
            As NHSRplotthedots (``ptd_special_cause_type``) reads it: a point beyond a limit
            points to its side of the mean; otherwise a point of a trend points the way the
            trend runs, even where it is still on the other side of the mean (seven falls
            above the mean are a fall); otherwise two of three close to a limit, or a shift,
            point to their side. A chart reads improvement or concern from this and the
            measure's better direction, as "Making data count" colours its points;
        ``rules``
            the rules the point breaks, in plain words joined by "; " (``""`` if none), e.g.
            "beyond a process limit; one of 2 of 3 points in a row close to the upper process
            limit".

    Raises
    ------
    InputError
        An infinite value.

    Examples
    --------
    >>> chart = xmr([10, 12, 11, 13, 12])
    >>> float(round(chart["upper"].iloc[0], 2)), float(round(chart["lower"].iloc[0], 2))
    (15.59, 7.61)
    """
    (x,) = _arrays(values)
    if np.isinf(x).any():
        raise InputError(f"an XmR chart needs finite values: found {_where(x, np.isinf(x))}.")
    frame = pd.DataFrame({"value": x})
    moving = np.abs(np.diff(x, prepend=np.nan))
    used = np.isfinite(moving)
    centre = float(x[np.isfinite(x)].mean()) if np.isfinite(x).any() else np.nan
    mean_range = np.nan
    if used.any():
        mean_range = moving[used].mean()
        if screen:
            used &= moving < 3.267 * mean_range
            mean_range = moving[used].mean() if used.any() else mean_range
    limit = 2.66 * mean_range
    frame["centre"], frame["lower"], frame["upper"] = centre, centre - limit, centre + limit
    frame["near_lower"], frame["near_upper"] = centre - limit * 2 / 3, centre + limit * 2 / 3
    frame["moving_range"], frame["moving_range_used"] = moving, used
    with np.errstate(invalid="ignore"):
        side = np.nan_to_num(np.sign(x - centre)).astype(int)
        step = np.nan_to_num(np.sign(np.diff(x, prepend=np.nan))).astype(int)
    frame["side"] = np.select(
        [side > 0, side < 0, np.isfinite(x - centre)], ["above", "below", "on"], ""
    )
    frame["outside"] = (x > centre + limit) | (x < centre - limit)
    frame["shift"] = _in_runs(side, 7)
    # A run of 6 equal steps is 7 points: flag the point before the first step too.
    stepped = _in_runs(step, 6)
    frame["trend"] = stepped | np.append(stepped[1:], False)
    near = limit * 2 / 3
    close = ~frame["outside"].to_numpy() & ((x > centre + near) | (x < centre - near))
    frame["two_of_three"] = _two_of_three(close, side)
    rules = ["outside", "shift", "trend", "two_of_three"]
    frame["special_cause"] = frame[rules].any(axis=1)
    trend_way = _trend_direction(x, frame["trend"].to_numpy())
    frame["direction"] = _special_cause_direction(
        side, trend_way, *(frame[rule].to_numpy() for rule in rules)
    )
    frame["rules"] = [
        _rule_words(row, s, way)
        for row, s, way in zip(frame[rules].itertuples(index=False), side, trend_way, strict=True)
    ]
    return frame


def _in_runs(signs: np.ndarray, length: int) -> np.ndarray:
    """Mark every member of a run of ``length`` or more equal, non-zero signs."""
    flags = np.zeros(len(signs), dtype=bool)
    start = 0
    for i in range(1, len(signs) + 1):
        if i == len(signs) or signs[i] != signs[start]:
            if signs[start] != 0 and i - start >= length:
                flags[start:i] = True
            start = i
    return flags


def _trend_direction(x: np.ndarray, trend: np.ndarray) -> np.ndarray:
    """Return the direction (+1 or -1) of the trend each point belongs to, 0 if none.

    As NHSRplotthedots: the step to the next point where that point is in a trend too,
    otherwise the step from the previous one (so a peak between a rise and a fall belongs to
    the fall).
    """
    if len(x) < 2:
        return np.zeros(len(x), dtype=int)
    with np.errstate(invalid="ignore"):
        steps = np.nan_to_num(np.sign(np.diff(x))).astype(int)
    before = np.concatenate([[0], steps])
    after = np.concatenate([steps, steps[-1:]])
    onward = trend & np.append(trend[1:], False)
    return np.where(trend, np.where(onward, after, before), 0)


def _special_cause_direction(side, trend_way, outside, shift, trend, two_of_three) -> np.ndarray:
    """Which way each point's special cause points, by NHSRplotthedots' order of the rules.

    A point beyond a limit points to its side of the mean; else a point of a trend the way
    the trend runs; else two of three close to a limit, or a shift, to their side; else 0.
    """
    return np.select(
        [outside, trend, two_of_three, shift], [side, trend_way, side, side], 0
    ).astype(int)


def _two_of_three(close: np.ndarray, side: np.ndarray) -> np.ndarray:
    """NHSRplotthedots' rule: 2 of 3 in a row close to a limit, all 3 on one side."""
    flags = np.zeros(len(close), dtype=bool)
    for i in range(len(close) - 2):
        window = slice(i, i + 3)
        if close[window].sum() >= 2 and abs(side[window].sum()) == 3:
            flags[window] |= close[window]
    return flags


def _rule_words(row, side: int, trend: int) -> str:
    words = []
    if row.outside:
        words.append(XMR_RULES["outside"])
    if row.shift:
        words.append(XMR_RULES["shift"])
    if row.trend:
        words.append(XMR_RULES["trend"].format(higher_or_lower="higher" if trend > 0 else "lower"))
    if row.two_of_three:
        words.append(
            XMR_RULES["two_of_three"].format(upper_or_lower="upper" if side > 0 else "lower")
        )
    return "; ".join(words)
