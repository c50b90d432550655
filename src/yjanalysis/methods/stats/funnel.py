"""Funnel plot limits (PHE), with the overdispersion factor that widens them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps

from yjanalysis.errors import InputError
from yjanalysis.methods.stats.checks import _arrays, check_confidence, check_counts, check_kind


def _check_target(target, kind):
    if not isinstance(target, int | float | np.number) or not np.isfinite(target) or target < 0:
        raise InputError(f"the funnel's target must be a number of 0 or more: found {target!r}.")
    if kind == "proportion" and target > 1:
        raise InputError(f"a proportion's target must be between 0 and 1: found {target:g}.")
    return float(target)


def _check_scale(observed: np.ndarray, target: float, kind: str) -> None:
    """Refuse figures on another scale than their target (per cent, per 100,000, or counts).

    The table's values are per cent or per 1,000 or 100,000 and its numerators are counts;
    these methods take figures per head. A figure passed on the table's scale by mistake
    would give a dispersion factor of millions and limits that mean nothing.
    """
    if kind == "proportion" and ((observed < 0) | (observed > 1)).any():
        bad = observed[(observed < 0) | (observed > 1)][0]
        raise InputError(
            f"observed proportions must be between 0 and 1 (per head, not per cent): found {bad:g}."
        )
    typical = np.median(observed[observed > 0]) if (observed > 0).any() else np.nan
    if target > 0 and np.isfinite(typical) and not 1e-2 <= typical / target <= 1e2:
        raise InputError(
            f"the observed figures (typically {typical:g}) are not on the scale of their "
            f"target ({target:g}): give both per head, as a proportion (0 to 1) or a rate per "
            "head, not per cent, per 100,000 or as counts."
        )


def overdispersion(observed, denominators, target, kind: str = "proportion") -> float:
    """Multiplicative overdispersion factor for funnel limits (1 when there is none).

    The mean of squared z-scores after winsorising the most extreme 10% at each end; values
    below 1 are taken as 1. Reference: Spiegelhalter DJ (2005), "Handling over-dispersion of
    performance indicators", Qual Saf Health Care 14:347-351.

    Parameters
    ----------
    observed : array-like
        Each unit's proportion (0 to 1) or rate (per head, unscaled).
    denominators : array-like
        Each unit's denominator.
    target : float
        The overall proportion or rate.
    kind : {"proportion", "rate"}
        Binomial or Poisson variation.

    Returns
    -------
    float
        The factor; ``nan`` with fewer than three units with figures, or a target of 0 (or a
        proportion of 1), around which there is no chance variation to compare with.

    Raises
    ------
    InputError
        An unknown ``kind``, a negative target or a proportion's target above 1, a negative
        denominator, a proportion outside 0 to 1, or observed figures on another scale than
        the target (typically more than 100 times larger or smaller: per cent, per 100,000 or
        counts passed where figures per head belong).

    Examples
    --------
    >>> overdispersion([0.30, 0.35, 0.41, 0.28], [120, 140, 90, 200], 0.33)
    1.0
    >>> overdispersion([30.0, 35.0, 41.0, 28.0], [120, 140, 90, 200], 0.33)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: observed proportions must be between 0 and 1 (per head, ...
    """
    kind = check_kind(kind)
    target = _check_target(target, kind)
    y, n = _arrays(observed, denominators)
    check_counts("denominators", n)
    keep = np.isfinite(y) & np.isfinite(n) & (n > 0)
    y, n = y[keep], n[keep]
    _check_scale(y, target, kind)
    if len(y) < 3 or target == 0 or (kind == "proportion" and target == 1):
        return np.nan
    variance = target * (1 - target) / n if kind == "proportion" else target / n
    z = (y - target) / np.sqrt(variance)
    low, high = np.quantile(z, [0.1, 0.9])
    z = np.clip(z, low, high)
    return float(max(1.0, np.mean(z**2)))


def funnel_limits(
    denominators,
    target: float,
    kind: str = "proportion",
    levels=(0.95, 0.998),
    dispersion: float = 1.0,
) -> pd.DataFrame:
    """Control limits of a funnel plot at any denominators (whole or not).

    The method of PHEindicatormethods (``phe_funnels``; Fingertips technical guidance):

    * **proportions**: the limits at ``n`` are the proportions whose Wilson interval just
      reaches the target, which works out as ``p ± z sqrt(p (1 - p) / n)``, cut at 0 and 1;
    * **rates**: exact Poisson limits. At a denominator ``n`` the expected count is
      ``E = target n``; the lower limit is the count ``O`` with ``P(X <= O | E) = (1 - level)
      / 2`` and the upper the count with ``P(X >= O | E) = (1 - level) / 2``, taking the
      Poisson distribution as continuous in ``O`` (:func:`scipy.special.pdtrik`), which passes
      through PHE's limits at each whole ``O`` and is smooth between them.

    With a dispersion factor ``phi`` above 1 (from :func:`overdispersion`) every limit's
    distance from the target is multiplied by ``sqrt(phi)``: the multiplicative model of
    Spiegelhalter DJ (2005), Qual Saf Health Care 14:347-351 (for proportions exactly his
    ``p ± z sqrt(phi V)``; for rates the same widening applied to the exact limits, so that the
    funnel does not jump as ``phi`` passes 1).

    Parameters
    ----------
    denominators : array-like
        Where to compute the limits (e.g. a grid from the smallest to the largest unit).
    target : float
        The overall proportion (0 to 1) or rate per head.
    kind : {"proportion", "rate"}
        Binomial or Poisson variation.
    levels : sequence of float
        Two-sided coverage of each pair of limits (0.95 and 0.998 by convention).
    dispersion : float
        Multiplicative overdispersion factor, 1 or more (1: none).

    Returns
    -------
    pandas.DataFrame
        ``denominator`` and, for each level, ``lower_95``/``upper_95`` style columns (level as a
        percentage without the point: ``lower_998``), on the scale of ``target``. A row is
        ``nan`` where its denominator is missing or zero; every row is ``nan`` where the target
        is 0 (or a proportion of 1): every unit would have to equal it, and there is no funnel.

    Raises
    ------
    InputError
        A negative denominator, an unknown ``kind``, a target outside its range, a level
        outside (0, 1), or a dispersion factor that is missing or below 1.

    Examples
    --------
    >>> limits = funnel_limits([10, 1008], 0.80642448)  # PHE test data: 56.154344, 78.203374
    >>> [round(x * 100, 6) for x in limits["lower_95"]]
    [56.154344, 78.203374]
    """
    kind = check_kind(kind)
    target = _check_target(target, kind)
    levels = [check_confidence(level) for level in levels]
    if not isinstance(dispersion, int | float | np.number) or not dispersion >= 1:
        raise InputError(
            f"the dispersion factor must be a number of 1 or more (1 for none): found "
            f"{dispersion!r}."
        )
    n = check_counts("denominators", denominators)
    ok = np.isfinite(n) & (n > 0)
    if target == 0 or (kind == "proportion" and target == 1):
        ok[:] = False
    out = {"denominator": n}
    spread = np.sqrt(dispersion)
    for level in levels:
        name = f"{level * 100:g}".replace(".", "")
        tail = (1 - level) / 2
        lo = np.full(n.shape, np.nan)
        hi = lo.copy()
        if kind == "proportion":
            half = sps.norm.isf(tail) * np.sqrt(target * (1 - target) / n[ok])
            lo[ok] = np.clip(target - spread * half, 0, 1)
            hi[ok] = np.clip(target + spread * half, 0, 1)
        else:
            expected = target * n[ok]
            low_count = special.pdtrik(tail, expected)
            high_count = special.pdtrik(1 - tail, expected) + 1
            lo[ok] = np.maximum(target + spread * (low_count / n[ok] - target), 0)
            hi[ok] = target + spread * (high_count / n[ok] - target)
        out[f"lower_{name}"], out[f"upper_{name}"] = lo, hi
    return pd.DataFrame(out)


def funnel_method(kind: str, dispersion: float = 1.0) -> str:
    """Name the funnel limits' method in words a chart or sentence can quote.

    Examples
    --------
    >>> funnel_method("rate", 2.5).endswith("widened for overdispersion between areas (factor 2.5)")
    True
    >>> funnel_method("rate")
    "exact Poisson limits (Public Health England's method)"
    """
    base = {
        "proportion": "limits from the Wilson score interval (Public Health England's method)",
        "rate": "exact Poisson limits (Public Health England's method)",
    }[check_kind(kind)]
    if dispersion > 1:
        base += f", widened for overdispersion between areas (factor {dispersion:.1f})"
    return base
