"""Two figures compared: ratios of rates and of proportions with intervals, and their tests."""

from __future__ import annotations

import warnings

import numpy as np
from scipy import stats as sps
from statsmodels.stats import proportion as smp
from statsmodels.stats import rates as smr

from yjanalysis.errors import InputError
from yjanalysis.methods.stats.checks import (
    PROPORTION_PAIR,
    RATE_PAIR,
    _check_not_above,
    _counts_of_two,
    _scalar_back,
    check_confidence,
)


def rate_ratio_ci(count1, denominator1, count2, denominator2, confidence: float = 0.95):
    """Ratio of two Poisson rates with its exact conditional interval.

    Used for relative rate indices (a group's rate over the White group's) and for changes
    over time. Given the ``a + b`` events of both, ``a`` is binomial with probability
    ``RR n1 / (RR n1 + n2)``; the Clopper-Pearson limits of that probability
    (:func:`statsmodels.stats.proportion.proportion_confint`, ``method="beta"``) give the
    limits of the ratio. Reference: Breslow NE, Day NE (1987), Statistical Methods in Cancer
    Research, vol. II (IARC), the conditional binomial method for comparing two rates. It is
    the interval that matches the exact conditional test of :func:`rate_ratio_test`, and it
    holds at zero counts, where the log (Wald) interval does not exist.

    Returns
    -------
    tuple of numpy.ndarray
        The ratio, and the lower and upper limits. Where the first count is zero the ratio is 0
        and the lower limit 0; where the second (reference) count is zero there is no ratio
        (``nan``), the lower limit is finite and the upper is ``inf``; where both are zero, or a
        value is missing or a denominator zero, all three are ``nan``; where the counts are
        estimates of less than one event in all, the limits are ``nan``.

    Raises
    ------
    InputError
        A negative count or denominator, or a confidence level outside (0, 1).

    Examples
    --------
    >>> [round(x, 3) for x in rate_ratio_ci(9, 1000, 5, 1000)]
    [1.8, 0.542, 6.837]
    """
    confidence = check_confidence(confidence)
    a, n1, b, n2 = _counts_of_two(RATE_PAIR, (count1, denominator1, count2, denominator2))
    ok = np.isfinite(a + n1 + b + n2) & (n1 > 0) & (n2 > 0) & (a + b > 0)
    ratio = np.full(a.shape, np.nan)
    lower, upper = ratio.copy(), ratio.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ok & (b > 0), (a / n1) / (b / n2), np.nan)
        # Estimated counts of less than one event in all: a binomial of less than one trial
        # bounds nothing (its limits run from 0 to infinity), so there are none.
        ok &= a + b >= 1
        if ok.any():
            lo, hi = smp.proportion_confint(
                a[ok], a[ok] + b[ok], alpha=1 - confidence, method="beta"
            )
            lo = np.where(a[ok] == 0, 0.0, lo)
            hi = np.where(b[ok] == 0, 1.0, hi)
            scale = n2[ok] / n1[ok]
            lower[ok] = lo / (1 - lo) * scale
            upper[ok] = np.where(hi >= 1, np.inf, hi / (1 - hi) * scale)
    return _scalar_back((ratio, lower, upper), count1, denominator1, count2, denominator2)


def rate_ratio_test(count1, denominator1, count2, denominator2) -> float:
    """Two-sided p-value of the exact conditional test that two Poisson rates are equal.

    Reference: Przyborowski J, Wilenski H (1940), Biometrika 31:313-323; computed by
    :func:`statsmodels.stats.rates.test_poisson_2indep` with ``method="exact-cond"`` (the
    binomial test of ``a`` out of ``a + b``; two-sided by the "minimum likelihood" rule).
    Counts must be whole numbers.

    Returns
    -------
    float
        The p-value; ``nan`` where both counts are zero (nothing to compare) or a value is
        missing or a denominator zero.

    Examples
    --------
    >>> round(rate_ratio_test(12, 1000, 0, 1000), 5), round(rate_ratio_test(11, 1000, 3, 1000), 4)
    (0.00049, 0.0574)
    """
    a, n1, b, n2 = (
        float(v[0]) for v in _counts_of_two(RATE_PAIR, (count1, denominator1, count2, denominator2))
    )
    if not np.isfinite(a + n1 + b + n2) or n1 <= 0 or n2 <= 0 or a + b == 0:
        return np.nan
    if a != round(a) or b != round(b):
        raise InputError(f"the exact test needs whole counts: found {a:g} and {b:g}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the ratio a/0 it prints, not uses
        result = smr.test_poisson_2indep(int(a), n1, int(b), n2, method="exact-cond")
    return float(min(1.0, result.pvalue))


def proportion_ratio_ci(count1, n1, count2, n2, confidence: float = 0.95):
    """Ratio of two proportions (a risk ratio) with its score interval.

    The interval is the set of ratios that the score test of Miettinen O, Nurminen M (1985),
    Stat Med 4:213-226 (Koopman PAR (1984), Biometrics 40:513-517, with their small-sample
    correction) does not reject: found by inverting
    :func:`statsmodels.stats.proportion.test_proportions_2indep` (``compare="ratio"``,
    ``method="score"``). It is one of the intervals recommended by Fagerland MW, Lydersen S,
    Laake P (2015), Stat Methods Med Res 24:224-254, and unlike the log (Katz) interval it
    exists at zero counts and has width when a proportion is 100%. (statsmodels' closed form
    for the same interval picks the wrong root when a count equals its total, hence the
    inversion.)

    Returns
    -------
    tuple of numpy.ndarray
        The ratio, and the lower and upper limits. Where the first count is zero the ratio and
        the lower limit are 0; where the second is zero there is no ratio (``nan``), the lower
        limit is finite and the upper ``inf``; where both are zero, a value is missing or a
        total is zero, all three are ``nan``; where a total is an estimate of less than one, the
        limits are ``nan``.

    Raises
    ------
    InputError
        A negative count, a count above its total, or a confidence level outside (0, 1).

    Examples
    --------
    >>> [round(x, 3) for x in proportion_ratio_ci(20, 100, 10, 200)]
    [4.0, 1.974, 8.117]
    """
    confidence = check_confidence(confidence)
    a, m, b, n = _counts_of_two(PROPORTION_PAIR, (count1, n1, count2, n2))
    _check_not_above(a, m, ("count1", "n1"))
    _check_not_above(b, n, ("count2", "n2"))
    ok = np.isfinite(a + m + b + n) & (m > 0) & (n > 0) & (a + b > 0)
    ratio = np.full(a.shape, np.nan)
    lower, upper = ratio.copy(), ratio.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ok & (b > 0), (a / m) / (b / n), np.nan)
    # A total estimated at less than one child bounds nothing (0 to infinity): no limits.
    for i in np.flatnonzero(ok & (m >= 1) & (n >= 1)):
        lower.flat[i], upper.flat[i] = _score_ratio_limits(
            a.flat[i], m.flat[i], b.flat[i], n.flat[i], 1 - confidence
        )
    return _scalar_back((ratio, lower, upper), count1, n1, count2, n2)


def _score_ratio_limits(a, m, b, n, alpha):
    """Invert the Miettinen-Nurminen score test for a ratio of proportions (one pair)."""
    from scipy.optimize import brentq

    def excess(log_ratio):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            p = smp.test_proportions_2indep(
                a, m, b, n, value=np.exp(log_ratio), compare="ratio", method="score"
            ).pvalue
        # The statistic is 0/0 only at the estimate itself, where nothing is rejected.
        return (1.0 if np.isnan(p) else p) - alpha

    far = 25.0  # ratios from e-25 to e25 (1e-11 to 7e10): beyond, a limit is 0 or infinite
    centre = np.log((a / m) / (b / n)) if a > 0 and b > 0 else (-far if a == 0 else far)
    near = 1e-7
    lower = 0.0
    if a > 0:
        start = min(centre, far) - near
        step = 1.0
        while excess(start - step) > 0 and start - step > -far:
            step *= 2
        low_end = max(start - step, -far)
        lower = 0.0 if excess(low_end) > 0 else np.exp(brentq(excess, low_end, start))
    upper = np.inf
    if b > 0:
        start = max(centre, -far) + near
        step = 1.0
        while excess(start + step) > 0 and start + step < far:
            step *= 2
        high_end = min(start + step, far)
        upper = np.inf if excess(high_end) > 0 else np.exp(brentq(excess, start, high_end))
    return lower, upper


def proportion_difference_test(count1, n1, count2, n2) -> float:
    """Two-sided p-value of Fisher's exact test that two proportions are equal.

    Reference: Fisher RA (1935), J R Stat Soc 98:39-82; computed by
    :func:`scipy.stats.fisher_exact` on the 2x2 table. Exact at any count, and conservative.
    Counts must be whole numbers.

    Returns
    -------
    float
        The p-value; ``nan`` where a value is missing or a total is zero.

    Examples
    --------
    >>> round(proportion_difference_test(1, 10, 7, 10), 4)
    0.0198
    """
    a, m, b, n = (float(v[0]) for v in _counts_of_two(PROPORTION_PAIR, (count1, n1, count2, n2)))
    if not np.isfinite(a + m + b + n) or m <= 0 or n <= 0:
        return np.nan
    _check_not_above(np.array([a]), np.array([m]), ("count1", "n1"))
    _check_not_above(np.array([b]), np.array([n]), ("count2", "n2"))
    if any(v != round(v) for v in (a, m, b, n)):
        raise InputError(
            f"the exact test needs whole counts: found {a:g} of {m:g} and {b:g} of {n:g}."
        )
    table = [[int(a), int(m - a)], [int(b), int(n - b)]]
    return float(sps.fisher_exact(table).pvalue)
