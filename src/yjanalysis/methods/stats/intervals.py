"""Confidence intervals of one figure: a proportion (Wilson), a rate (exact Poisson), a mean."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats import proportion as smp
from statsmodels.stats import rates as smr

from yjanalysis.methods.stats.checks import (
    _arrays,
    _check_not_above,
    _scalar_back,
    check_confidence,
    check_counts,
)


def proportion_ci(numerator, denominator, confidence: float = 0.95):
    """Wilson score interval for a proportion.

    Reference: Wilson EB (1927), J Am Stat Assoc 22:209-212; recommended by Newcombe RG (1998),
    Stat Med 17:857-872, and used for proportions by the Office for Health Improvement and
    Disparities (PHEindicatormethods ``phe_proportion``). Computed by
    :func:`statsmodels.stats.proportion.proportion_confint` with ``method="wilson"``.

    Parameters
    ----------
    numerator, denominator : array-like
        Counts of successes and of trials.
    confidence : float
        Two-sided confidence level, between 0 and 1.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits as proportions (0 to 1); ``nan`` where either count is missing or
        the denominator is zero (there is no proportion of nothing).

    Raises
    ------
    InputError
        A negative count, a numerator above its denominator, or a confidence level outside (0, 1).

    Examples
    --------
    >>> [round(x, 4) for x in proportion_ci(81, 263)]
    [0.2553, 0.3662]
    """
    confidence = check_confidence(confidence)
    num = check_counts("numerator", numerator)
    den = check_counts("denominator", denominator)
    num, den = np.broadcast_arrays(num, den)
    _check_not_above(num, den)
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0)
    lower = np.full(num.shape, np.nan)
    upper = np.full(num.shape, np.nan)
    if ok.any():
        lo, hi = smp.proportion_confint(num[ok], den[ok], alpha=1 - confidence, method="wilson")
        lower[ok], upper[ok] = np.clip(lo, 0, 1), np.clip(hi, 0, 1)
        # The limits are exactly 0 and 1 at the extremes; the formula leaves rounding dust.
        lower[ok & (num == 0)] = 0.0
        upper[ok & (num == den)] = 1.0
    return _scalar_back((lower, upper), numerator, denominator)


def rate_ci(count, denominator, per: float = 1000, confidence: float = 0.95):
    """Exact Poisson interval for a rate, scaled ``per`` head of the denominator.

    Reference: Garwood F (1936), Biometrika 28:437-442, the exact (chi-squared) limits for a
    Poisson count; computed by :func:`statsmodels.stats.rates.confint_poisson` with
    ``method="exact-c"``, then divided by the denominator and multiplied by ``per``.

    Parameters
    ----------
    count : array-like
        Events (children, sentences, offences).
    denominator : array-like
        Population or cohort the rate is per.
    per : float
        The multiplier (1,000; 10,000; 100,000).
    confidence : float
        Two-sided confidence level, between 0 and 1.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits of the rate; ``nan`` where either is missing or the denominator
        is zero.

    Raises
    ------
    InputError
        A negative count or denominator, or a confidence level outside (0, 1).

    Examples
    --------
    >>> [round(x, 3) for x in rate_ci(9, 1, per=1)]
    [4.115, 17.085]
    """
    confidence = check_confidence(confidence)
    cnt = check_counts("count", count)
    den = check_counts("denominator", denominator)
    cnt, den = np.broadcast_arrays(cnt, den)
    ok = np.isfinite(cnt) & np.isfinite(den) & (den > 0)
    lower = np.full(cnt.shape, np.nan)
    upper = np.full(cnt.shape, np.nan)
    if ok.any():
        lo, hi = smr.confint_poisson(cnt[ok], 1.0, method="exact-c", alpha=1 - confidence)
        # The exact lower limit of a count of zero is zero; the chi-squared formula gives nan.
        lower[ok] = np.where(cnt[ok] == 0, 0.0, lo) / den[ok] * per
        upper[ok] = hi / den[ok] * per
    return _scalar_back((lower, upper), count, denominator)


def mean_ci(mean, sd, n, confidence: float = 0.95):
    """Student's t interval for a mean (an Attainment 8 score from pupil-level records).

    Reference: any statistics text, e.g. Altman DG et al. (2000), Statistics with Confidence,
    2nd ed., ch. 4; computed with :func:`scipy.stats.t.interval`.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits; ``nan`` where a value is missing or there are fewer than two
        values (no spread can be estimated from one).

    Raises
    ------
    InputError
        A negative standard deviation or count, or a confidence level outside (0, 1).

    Examples
    --------
    >>> [round(x, 4) for x in mean_ci(10, 2, 25)]
    [9.1744, 10.8256]
    """
    confidence = check_confidence(confidence)
    (mu,) = _arrays(mean)
    sd_ = check_counts("sd", sd)
    n_ = check_counts("n", n)
    mu, sd_, n_ = np.broadcast_arrays(mu, sd_, n_)
    ok = np.isfinite(mu + sd_ + n_) & (n_ > 1)
    lower = np.full(mu.shape, np.nan)
    upper = lower.copy()
    if ok.any():
        lo, hi = sps.t.interval(confidence, n_[ok] - 1, loc=mu[ok], scale=sd_[ok] / np.sqrt(n_[ok]))
        lower[ok], upper[ok] = lo, hi
    return _scalar_back((lower, upper), mean, sd, n)


def mean_ci_from_values(values, confidence: float = 0.95) -> tuple[float, float, float]:
    """Return the mean of unit-level values and its t interval (missing values ignored).

    With no values all three are ``nan``; with one, the mean and no interval.
    """
    data = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").dropna(), dtype=float)
    if len(data) < 2:
        return (float(data.mean()) if len(data) else np.nan, np.nan, np.nan)
    lower, upper = mean_ci(data.mean(), data.std(ddof=1), len(data), confidence)
    return float(data.mean()), lower, upper
