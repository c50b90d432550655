"""Statistical methods: intervals, ratios, exact tests, funnel limits, trends and SPC.

One function per method, each vectorised where that makes sense (array in, array out; pandas
Series are accepted and give arrays), each citing the source of its formula, and each using
statsmodels or scipy where they already implement it.

One convention, for every function here and in :mod:`yjanalysis.methods.benchmark`:

* **A gap stays a gap.** A missing count or denominator (``None``, ``nan``) gives ``nan`` in
  its place, so a column with gaps can be passed whole.
* **No figure where none can exist.** Where the inputs are possible but no figure can be made
  from them, the result is ``nan`` and the function says why: each docstring lists the cases
  (a denominator of zero; a ratio whose reference count is zero; a trend with fewer than three
  periods), and functions that return a dict or a table carry the reason in words
  (``reason`` or ``note``).
* **Impossible input is refused.** A negative or infinite count or denominator, a numerator
  above its denominator for a proportion, a confidence level outside (0, 1) (``95`` is refused,
  not read as 95%), an unknown ``kind`` or a missing or sub-unit dispersion factor raise
  :class:`~yjanalysis.errors.InputError` with one sentence naming the argument and the value.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import special
from scipy import stats as sps
from statsmodels.stats import proportion as smp
from statsmodels.stats import rates as smr

from yjanalysis.errors import InputError

KINDS = ("proportion", "rate")
RATE_PAIR = ("count1", "denominator1", "count2", "denominator2")
PROPORTION_PAIR = ("count1", "n1", "count2", "n2")


def _arrays(*values):
    out = [
        np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(v)), errors="coerce"), dtype=float)
        for v in values
    ]
    return np.broadcast_arrays(*out)


def _scalar_back(result, *inputs):
    if all(np.ndim(i) == 0 and not isinstance(i, pd.Series) for i in inputs):
        return tuple(float(r[0]) for r in result)
    return result


def _where(values: np.ndarray, bad: np.ndarray) -> str:
    """Describe the first offending value: ``-3`` or ``-3 (item 2)`` for an array."""
    index = int(np.flatnonzero(bad)[0])
    shown = f"{values.flat[index]:g}"
    return shown if values.size == 1 else f"{shown} (item {index + 1})"


def check_counts(name: str, values) -> np.ndarray:
    """Refuse negative or infinite counts; return them as a float array (gaps kept as ``nan``).

    Examples
    --------
    >>> check_counts("count", [3, None]).tolist()
    [3.0, nan]
    >>> check_counts("count", -3)
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: count must be zero or more: found -3.
    """
    (array,) = _arrays(values)
    bad = np.isinf(array) | (array < 0)
    if bad.any():
        raise InputError(f"{name} must be zero or more: found {_where(array, bad)}.")
    return array


def check_confidence(confidence: float) -> float:
    """Refuse a confidence level outside (0, 1), such as ``95`` meant as 95%."""
    if not isinstance(confidence, int | float | np.number) or not 0 < confidence < 1:
        raise InputError(
            f"confidence must be a fraction between 0 and 1 (0.95 for 95%): found {confidence!r}."
        )
    return float(confidence)


def check_kind(kind: str) -> str:
    """Refuse any kind of figure other than ``proportion`` or ``rate``."""
    if kind not in KINDS:
        raise InputError(f"kind must be 'proportion' or 'rate': found {kind!r}.")
    return kind


def _counts_of_two(names: tuple[str, str, str, str], values) -> list[np.ndarray]:
    """Check the four counts of a two-group comparison and broadcast them together."""
    return np.broadcast_arrays(*(check_counts(n, v) for n, v in zip(names, values, strict=True)))


def _check_not_above(numerator, denominator, names=("numerator", "denominator")):
    bad = np.isfinite(numerator) & np.isfinite(denominator) & (numerator > denominator)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        item = "" if numerator.size == 1 else f" (item {index + 1})"
        raise InputError(
            f"a proportion's {names[0]} cannot exceed its {names[1]}: found "
            f"{numerator.flat[index]:g} of {denominator.flat[index]:g}{item}."
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
        value is missing or a denominator zero, all three are ``nan``.

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
        total is zero, all three are ``nan``.

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
    for i in np.flatnonzero(ok):
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


def _check_target(target, kind):
    if not isinstance(target, int | float | np.number) or not np.isfinite(target) or target < 0:
        raise InputError(f"the funnel's target must be a number of 0 or more: found {target!r}.")
    if kind == "proportion" and target > 1:
        raise InputError(f"a proportion's target must be between 0 and 1: found {target:g}.")
    return float(target)


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
        An unknown ``kind``, a negative target or a proportion's target above 1.
    """
    kind = check_kind(kind)
    target = _check_target(target, kind)
    y, n = _arrays(observed, denominators)
    keep = np.isfinite(y) & np.isfinite(n) & (n > 0)
    y, n = y[keep], n[keep]
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
    >>> funnel_method("rate", 2.5)
    'exact Poisson limits (PHE method), widened for overdispersion between areas (factor 2.5)'
    """
    base = {
        "proportion": "limits from the Wilson score interval (PHE method)",
        "rate": "exact Poisson limits (PHE method)",
    }[check_kind(kind)]
    if dispersion > 1:
        base += f", widened for overdispersion between areas (factor {dispersion:.1f})"
    return base


def _no_trend(periods: int, method: str, reason: str) -> dict:
    return {
        "change": np.nan, "lower": np.nan, "upper": np.nan, "p_value": np.nan,
        "periods": periods, "method": method, "dispersion": np.nan, "reason": reason,
    }  # fmt: skip


def trend_test(
    counts, denominators, times, kind: str = "rate", confidence: float = 0.95
) -> dict[str, float]:
    """Test for a trend over time in counts, allowing for overdispersion.

    A log-linear GLM of the counts on time, fitted with :class:`statsmodels.api.GLM`:

    * ``kind="rate"``: Poisson, with the log of the denominator as offset;
    * ``kind="proportion"``: binomial (counts out of denominators) with a **log** link, so that
      the change is the relative change of the proportion itself (a risk ratio per unit of
      time, not an odds ratio).

    Year-to-year figures usually vary more than binomial or Poisson chance allows; where the
    Pearson estimate of dispersion exceeds 1 the model becomes quasi-Poisson (quasi-binomial):
    the standard error is multiplied by its square root and the test and interval use
    Student's t on ``periods - 2`` degrees of freedom (``scale="X2"``, ``use_t=True``; as R's
    ``glm`` does for quasi families). Dispersion below 1 is not used to narrow the interval.
    References: McCullagh P, Nelder JA (1989), Generalized Linear Models, 2nd ed., section 4.5
    and ch. 9; Wacholder S (1986), Am J Epidemiol 123:174-184 (log-binomial models).

    Use it on annual, non-overlapping periods: rolling 12-month figures ending each quarter
    share nine months with their neighbours, so they are not independent and would overstate
    the evidence.

    Parameters
    ----------
    counts, denominators : array-like
        Events (or children counted) and the population (or children) they are out of; periods
        with a missing value or a zero denominator are left out.
    times : array-like
        When each period is, in the unit the change is per (years for "% a year").
    kind : {"rate", "proportion"}
    confidence : float
        Two-sided level of the interval.

    Returns
    -------
    dict
        ``change`` (the relative change per unit of time: 0.05 is 5% a year), ``lower`` and
        ``upper`` (its interval), ``p_value``, ``periods`` (how many were used), ``method``
        (the model, in words a page can quote), ``dispersion`` (the factor used, 1 for none)
        and ``reason``: ``None`` when there is a result, otherwise why there is none (the
        figures are then ``nan``): fewer than three distinct times, no events at all, every
        event in the first or last period (the change is then unbounded), a proportion of 100%
        throughout, or a model that cannot be fitted.

    Raises
    ------
    InputError
        A negative count or denominator, a count above its denominator for a proportion, an
        unknown ``kind`` or a confidence level outside (0, 1).

    Examples
    --------
    >>> result = trend_test([100, 92, 80, 73], [1000] * 4, [0, 1, 2, 3])
    >>> round(result["change"], 2), result["p_value"] < 0.05, result["method"]
    (-0.1, True, 'Poisson regression on time')
    """
    import statsmodels.api as sm

    kind = check_kind(kind)
    confidence = check_confidence(confidence)
    y = check_counts("counts", counts)
    n = check_counts("denominators", denominators)
    (t,) = _arrays(times)
    y, n, t = np.broadcast_arrays(y, n, t)
    if kind == "proportion":
        _check_not_above(y, n, ("count", "denominator"))
    keep = np.isfinite(y) & np.isfinite(n) & np.isfinite(t) & (n > 0)
    y, n, t = y[keep], n[keep], t[keep]
    t = t - t.min() if len(t) else t
    family = "binomial" if kind == "proportion" else "Poisson"
    method = f"{family} regression on time" + (" (log link)" if kind == "proportion" else "")
    periods = len(y)
    if len(np.unique(t)) < 3:
        return _no_trend(periods, method, "there are fewer than three periods with counts")
    if y.sum() == 0:
        return _no_trend(periods, method, "there were none in any period")
    if kind == "proportion" and (y == n).all():
        return _no_trend(periods, method, "the figure was 100% in every period")
    # The slope's estimate exists only if the events' average time lies strictly inside the
    # range of times (Haberman 1974); otherwise it runs off to plus or minus infinity.
    centre = (y * t).sum() / y.sum()
    if np.isclose(centre, t.min()) or np.isclose(centre, t.max()):
        when = "first" if np.isclose(centre, t.min()) else "last"
        return _no_trend(periods, method, f"every event fell in the {when} period")
    design = sm.add_constant(t)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # statsmodels warns that a log link can leave (0, 1): checked below, on the fit.
        warnings.simplefilter("ignore")
        if kind == "proportion":
            family_ = sm.families.Binomial(sm.families.links.Log())
            model = sm.GLM(np.column_stack([y, n - y]), design, family=family_)
        else:
            model = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(n))
        try:
            fit = model.fit()
            phi = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else np.nan
            if phi > 1:
                fit = model.fit(scale="X2", use_t=True)
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError):
            fit = None
    fitted_ok = (
        fit is not None
        and fit.converged
        and np.isfinite(fit.params).all()
        and np.isfinite(fit.bse).all()
        and (kind == "rate" or (fit.fittedvalues <= 1 + 1e-9).all())
    )
    if not fitted_ok:
        return _no_trend(periods, method, f"the {family} model could not be fitted to these counts")
    quasi = phi > 1
    if quasi:
        method = "quasi-" + method
    slope, (lo, hi) = fit.params[1], fit.conf_int(alpha=1 - confidence)[1]
    return {
        "change": float(np.expm1(slope)),
        "lower": float(np.expm1(lo)),
        "upper": float(np.expm1(hi)),
        "p_value": float(fit.pvalues[1]),
        "periods": periods,
        "method": method,
        "dispersion": phi if quasi else 1.0,
        "reason": None,
    }


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
    trend_way = _trend_direction(step, stepped)
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


def _trend_direction(step: np.ndarray, stepped: np.ndarray) -> np.ndarray:
    """Return the direction (+1 or -1) of the trend each point belongs to, 0 if none."""
    direction = np.where(stepped, step, 0)
    return np.where(direction != 0, direction, np.append(direction[1:], 0))


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
