"""Statistical methods: intervals, ratios, funnel limits, trends and SPC.

One function per method, each vectorised (array in, array out; pandas Series are accepted and
give arrays), each citing the source of its formula, and each using statsmodels or scipy where
they already implement it. Missing or impossible inputs (a denominator of zero, a missing count)
give ``nan`` rather than an error, so that a column with gaps can be passed whole.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats import proportion as smp
from statsmodels.stats import rates as smr


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
        Two-sided confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits as proportions (0 to 1); ``nan`` where the denominator is not
        positive or either count is missing.

    Examples
    --------
    >>> [round(x, 4) for x in proportion_ci(81, 263)]
    [0.2553, 0.3662]
    """
    num, den = _arrays(numerator, denominator)
    ok = np.isfinite(num) & np.isfinite(den) & (den > 0) & (num >= 0) & (num <= den)
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
        Two-sided confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        Lower and upper limits of the rate.

    Examples
    --------
    >>> [round(x, 3) for x in rate_ci(9, 1, per=1)]
    [4.115, 17.085]
    """
    cnt, den = _arrays(count, denominator)
    ok = np.isfinite(cnt) & np.isfinite(den) & (den > 0) & (cnt >= 0)
    lower = np.full(cnt.shape, np.nan)
    upper = np.full(cnt.shape, np.nan)
    if ok.any():
        lo, hi = smr.confint_poisson(cnt[ok], 1.0, method="exact-c", alpha=1 - confidence)
        lower[ok] = np.nan_to_num(lo, nan=0.0) / den[ok] * per
        upper[ok] = hi / den[ok] * per
    return _scalar_back((lower, upper), count, denominator)


def rate_ratio_ci(count1, denominator1, count2, denominator2, confidence: float = 0.95):
    """Ratio of two Poisson rates with its interval (log method).

    Used for relative rate indices (a group's rate over the White group's) and for changes
    over time. Reference: Rothman KJ, Greenland S (1998), Modern Epidemiology, 2nd ed.,
    ch. 14 (the standard error of a log rate ratio is sqrt(1/a + 1/b)); computed by
    :func:`statsmodels.stats.rates.confint_poisson_2indep` with ``method="wald-log"``.

    Returns
    -------
    tuple of numpy.ndarray
        The ratio, and the lower and upper limits; ``nan`` where a count is zero.

    Examples
    --------
    >>> [round(x, 3) for x in rate_ratio_ci(9, 1000, 5, 1000)]
    [1.8, 0.603, 5.371]
    """
    a, n1, b, n2 = _arrays(count1, denominator1, count2, denominator2)
    ok = np.isfinite(a + n1 + b + n2) & (a > 0) & (b > 0) & (n1 > 0) & (n2 > 0)
    ratio = np.full(a.shape, np.nan)
    lower, upper = ratio.copy(), ratio.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((n1 > 0) & (n2 > 0) & (b > 0), (a / n1) / (b / n2), np.nan)
    if ok.any():
        lo, hi = smr.confint_poisson_2indep(
            a[ok], n1[ok], b[ok], n2[ok], method="wald-log", compare="ratio",
            alpha=1 - confidence,
        )  # fmt: skip
        lower[ok], upper[ok] = lo, hi
    return _scalar_back((ratio, lower, upper), count1, denominator1, count2, denominator2)


def proportion_ratio_ci(count1, n1, count2, n2, confidence: float = 0.95):
    """Ratio of two proportions (a risk ratio) with its interval (log method).

    Reference: Katz D, Baptista J, Azen SP, Pike MC (1978), Biometrics 34:469-474; computed by
    :func:`statsmodels.stats.proportion.confint_proportions_2indep` with ``compare="ratio"``,
    ``method="log"``.

    Examples
    --------
    >>> [round(x, 3) for x in proportion_ratio_ci(20, 100, 10, 200)]
    [4.0, 1.947, 8.219]
    """
    a, m, b, n = _arrays(count1, n1, count2, n2)
    ok = np.isfinite(a + m + b + n) & (a > 0) & (b > 0) & (m > 0) & (n > 0)
    ratio = np.full(a.shape, np.nan)
    lower, upper = ratio.copy(), ratio.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((m > 0) & (n > 0) & (b > 0), (a / m) / (b / n), np.nan)
    if ok.any():
        lo, hi = smp.confint_proportions_2indep(
            a[ok], m[ok], b[ok], n[ok], compare="ratio", method="log", alpha=1 - confidence
        )
        lower[ok], upper[ok] = lo, hi
    return _scalar_back((ratio, lower, upper), count1, n1, count2, n2)


def mean_ci(mean, sd, n, confidence: float = 0.95):
    """Student's t interval for a mean (an Attainment 8 score from pupil-level records).

    Reference: any statistics text, e.g. Altman DG et al. (2000), Statistics with Confidence,
    2nd ed., ch. 4; computed with :func:`scipy.stats.t.interval`.

    Examples
    --------
    >>> [round(x, 4) for x in mean_ci(10, 2, 25)]
    [9.1744, 10.8256]
    """
    mu, sd_, n_ = _arrays(mean, sd, n)
    ok = np.isfinite(mu + sd_ + n_) & (n_ > 1)
    lower = np.full(mu.shape, np.nan)
    upper = lower.copy()
    if ok.any():
        lo, hi = sps.t.interval(confidence, n_[ok] - 1, loc=mu[ok], scale=sd_[ok] / np.sqrt(n_[ok]))
        lower[ok], upper[ok] = lo, hi
    return _scalar_back((lower, upper), mean, sd, n)


def mean_ci_from_values(values, confidence: float = 0.95) -> tuple[float, float, float]:
    """Return the mean of unit-level values and its t interval (missing values ignored)."""
    data = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").dropna(), dtype=float)
    if len(data) < 2:
        return (float(data.mean()) if len(data) else np.nan, np.nan, np.nan)
    lower, upper = mean_ci(data.mean(), data.std(ddof=1), len(data), confidence)
    return float(data.mean()), lower, upper


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
    """
    y, n = _arrays(observed, denominators)
    keep = np.isfinite(y) & np.isfinite(n) & (n > 0)
    y, n = y[keep], n[keep]
    if len(y) < 3:
        return 1.0
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
    """Control limits of a funnel plot at each denominator.

    With no overdispersion (``dispersion=1``) the limits are exact: binomial for proportions
    and Poisson for rates, with the interpolation of Spiegelhalter DJ (2005), "Funnel plots for
    comparing institutional performance", Stat Med 24:1185-1202, appendix A.1.1, so that the
    limits are smooth in the denominator (as in PHEindicatormethods). With a dispersion factor
    ``phi`` (from :func:`overdispersion`) they are the normal limits with the variance
    multiplied by ``phi`` (Spiegelhalter 2005, Qual Saf Health Care 14:347-351).

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
        Multiplicative overdispersion factor.

    Returns
    -------
    pandas.DataFrame
        ``denominator`` and, for each level, ``lower_95``/``upper_95`` style columns (level as a
        percentage without the point: ``lower_998``), on the scale of ``target``.
    """
    (n,) = _arrays(denominators)
    out = {"denominator": n}
    for level in levels:
        name = f"{level * 100:g}".replace(".", "")
        p = (1 - level) / 2
        if dispersion > 1 or kind not in ("proportion", "rate"):
            z = sps.norm.ppf(1 - p)
            var = target * (1 - target) / n if kind == "proportion" else target / n
            lo, hi = target - z * np.sqrt(dispersion * var), target + z * np.sqrt(dispersion * var)
        elif kind == "proportion":
            lo, hi = _binomial_limit(n, target, p), _binomial_limit(n, target, 1 - p)
        else:
            lo, hi = _poisson_limit(n, target, p), _poisson_limit(n, target, 1 - p)
        if kind == "proportion":
            lo, hi = np.clip(lo, 0, 1), np.clip(hi, 0, 1)
        out[f"lower_{name}"], out[f"upper_{name}"] = np.maximum(lo, 0), hi
    return pd.DataFrame(out)


def _binomial_limit(n, target, p):
    """Spiegelhalter (2005) appendix A.1.1: interpolated binomial quantile, as a proportion."""
    r = sps.binom.ppf(p, n, target)
    below = sps.binom.cdf(r - 1, n, target)
    at = sps.binom.pmf(r, n, target)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(at > 0, (p - below) / at, 0.0)
        return (r - 1 + alpha) / n


def _poisson_limit(n, target, p):
    """Give the Poisson analogue of :func:`_binomial_limit`, as a rate per head."""
    mu = target * n
    r = sps.poisson.ppf(p, mu)
    below = sps.poisson.cdf(r - 1, mu)
    at = sps.poisson.pmf(r, mu)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(at > 0, (p - below) / at, 0.0)
        return (r - 1 + alpha) / n


def trend_test(counts, denominators, times, kind: str = "rate") -> dict[str, float]:
    """Test for a trend over time in counts with a GLM (Poisson with an offset, or binomial).

    A Poisson GLM of counts on time with the log of the denominator as offset (``kind="rate"``),
    or a binomial GLM of counts out of denominators (``kind="proportion"``); fitted with
    :class:`statsmodels.api.GLM`. Reference: Agresti A (2013), Categorical Data Analysis, 3rd
    ed., sections 3.3 and 5.1. Use it on annual, non-overlapping periods: rolling 12-month
    figures ending each quarter share nine months with their neighbours, so they are not
    independent and would overstate the evidence.

    Returns
    -------
    dict
        ``change`` (the relative change per unit of time: 0.05 is 5% a year, as a rate ratio or
        odds ratio less 1), ``lower`` and ``upper`` (its 95% interval), ``p_value`` and
        ``periods`` (how many were used). ``nan`` with fewer than three periods.

    Examples
    --------
    >>> result = trend_test([100, 92, 80, 73], [1000] * 4, [0, 1, 2, 3])
    >>> round(result["change"], 2), result["p_value"] < 0.05
    (-0.1, True)
    """
    import statsmodels.api as sm

    y, n, t = _arrays(counts, denominators, times)
    keep = np.isfinite(y) & np.isfinite(n) & np.isfinite(t) & (n > 0)
    y, n, t = y[keep], n[keep], t[keep]
    empty = {"change": np.nan, "lower": np.nan, "upper": np.nan, "p_value": np.nan}
    if len(y) < 3 or y.sum() == 0:
        return empty | {"periods": len(y)}
    design = sm.add_constant(t - t.min())
    if kind == "proportion":
        model = sm.GLM(np.column_stack([y, n - y]), design, family=sm.families.Binomial())
    else:
        model = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(n))
    fit = model.fit()
    slope, (lo, hi) = fit.params[1], fit.conf_int()[1]
    return {
        "change": float(np.expm1(slope)),
        "lower": float(np.expm1(lo)),
        "upper": float(np.expm1(hi)),
        "p_value": float(fit.pvalues[1]),
        "periods": len(y),
    }


def xmr(values) -> pd.DataFrame:
    """XmR (individuals) control chart with the usual special-cause rules.

    The centre line is the mean; the process limits are the mean plus or minus 2.66 times the
    mean moving range (Wheeler DJ, 1995, Advanced Topics in Statistical Process Control; NHS
    England, "Making data count", 2019). Special causes flagged:

    * ``outside``: a point beyond a process limit;
    * ``shift``: a run of 7 or more points on one side of the centre line;
    * ``trend``: 6 or more points each higher (or each lower) than the one before;
    * ``two_of_three``: two of three points in a row beyond two sigma on the same side.

    Rolling 12-month figures overlap and are not independent, which narrows the moving range
    and makes shifts and trends more likely: use quarterly (non-overlapping) counts or rates
    for the chart, and show rolling figures as context.

    Returns
    -------
    pandas.DataFrame
        ``value``, ``centre``, ``lower``, ``upper``, ``moving_range`` and a boolean column per
        rule, plus ``special_cause`` (any rule).

    Examples
    --------
    >>> chart = xmr([10, 12, 11, 13, 12])
    >>> float(round(chart["upper"].iloc[0], 2)), float(round(chart["lower"].iloc[0], 2))
    (15.59, 7.61)
    """
    (x,) = _arrays(values)
    frame = pd.DataFrame({"value": x})
    moving = frame["value"].diff().abs()
    centre = frame["value"].mean()
    spread = 2.66 * moving.mean()
    frame["centre"], frame["lower"], frame["upper"] = centre, centre - spread, centre + spread
    frame["moving_range"] = moving
    frame["outside"] = (frame["value"] > frame["upper"]) | (frame["value"] < frame["lower"])
    side = np.sign(frame["value"] - centre)
    frame["shift"] = _runs(side, 7, lambda s: s != 0)
    step = np.sign(frame["value"].diff())
    frame["trend"] = _runs(step, 5, lambda s: s != 0, shift_back=1)
    sigma = spread / 3
    high = (frame["value"] > centre + 2 * sigma).astype(int)
    low = (frame["value"] < centre - 2 * sigma).astype(int)
    frame["two_of_three"] = (high.rolling(3, min_periods=3).sum() >= 2) | (
        low.rolling(3, min_periods=3).sum() >= 2
    )
    frame["two_of_three"] = _spread_back(frame["two_of_three"], 2) & ((high + low) > 0)
    rules = ["outside", "shift", "trend", "two_of_three"]
    frame["special_cause"] = frame[rules].any(axis=1)
    return frame


def _runs(signs: pd.Series, length: int, valid, shift_back: int = 0) -> pd.Series:
    """Mark every member of a run of ``length`` or more equal, valid signs."""
    group = (signs != signs.shift()).cumsum()
    size = signs.groupby(group).transform("size")
    flagged = (size >= length) & signs.map(valid)
    return _spread_back(flagged, shift_back) if shift_back else flagged


def _spread_back(flags: pd.Series, steps: int) -> pd.Series:
    """Also flag the ``steps`` points before each flagged point (they belong to the pattern)."""
    out = flags.copy()
    for k in range(1, steps + 1):
        out |= flags.shift(-k, fill_value=False)
    return out
