"""A trend test over a series of periods: quasi-likelihood regression on time."""

from __future__ import annotations

import warnings
from typing import NamedTuple, TypedDict

import numpy as np
from scipy import stats as sps

from yjanalysis.errors import InputError
from yjanalysis.methods.stats.checks import (
    _arrays,
    _check_not_above,
    check_confidence,
    check_counts,
    check_kind,
)

#: The fewest periods a trend is tested on (Fingertips' recent-trend markers need five too).
TREND_MINIMUM = 5


class Trend(TypedDict):
    """What :func:`trend_test` returns (see its Returns section)."""

    change: float
    lower: float
    upper: float
    p_value: float
    periods: int
    method: str
    dispersion: float
    reason: str | None


def _no_trend(periods: int, method: str, reason: str) -> Trend:
    return {
        "change": np.nan, "lower": np.nan, "upper": np.nan, "p_value": np.nan,
        "periods": periods, "method": method, "dispersion": np.nan, "reason": reason,
    }  # fmt: skip


def trend_test(counts, denominators, times, kind: str = "rate", confidence: float = 0.95) -> Trend:
    """Test for a trend over time in counts, allowing for the figures' own variation.

    A log-linear quasi-likelihood regression of the counts on time, as R's ``glm`` fits it with
    ``family = quasipoisson`` or ``quasibinomial(link = "log")``, fitted with
    :class:`statsmodels.api.GLM`:

    * ``kind="rate"``: quasi-Poisson, with the log of the denominator as offset;
    * ``kind="proportion"``: quasi-binomial (counts out of denominators) with a **log** link,
      so that the change is the relative change of the proportion itself (a risk ratio per
      unit of time, not an odds ratio).

    The dispersion is always estimated from the figures (Pearson's chi-squared over the
    residual degrees of freedom), whether the years vary more than binomial or Poisson chance
    allows or less, and the test and interval use Student's t on ``periods - 2`` degrees of
    freedom: one method, so that the verdict moves smoothly with the data (a rule switching from
    the normal test to t as the dispersion passes 1 made near-identical series flip). The
    false-positive rate is about 5% at 95%, with or without extra variation between years
    (``tests/test_stats_simulation.py``). A trend is tested on :data:`TREND_MINIMUM` periods or
    more, as Fingertips' recent trends are (Office for Health Improvement and Disparities,
    Fingertips technical guidance, "Trend markers").

    References: McCullagh P, Nelder JA (1989), Generalized Linear Models, 2nd ed., section 4.5
    and ch. 9 (quasi-likelihood, the Pearson estimate of dispersion); Wacholder S (1986),
    Am J Epidemiol 123:174-184 (log-binomial models).

    Use it on annual, non-overlapping periods: rolling 12-month figures ending each quarter
    share nine months with their neighbours, so they are not independent and would overstate
    the evidence.

    Parameters
    ----------
    counts, denominators : array-like
        Events (or children counted) and the population (or children) they are out of; periods
        with a missing value or a zero denominator are left out.
    times : array-like
        When each period is, in the unit the change is per (years for "% a year"); each period
        once.
    kind : {"rate", "proportion"}
    confidence : float
        Two-sided level of the interval.

    Returns
    -------
    dict
        ``change`` (the relative change per unit of time: 0.05 is 5% a year), ``lower`` and
        ``upper`` (its interval), ``p_value``, ``periods`` (how many were used), ``method``
        (the model, in words a page can quote), ``dispersion`` (the estimated dispersion: above
        1 where the figures vary more than chance alone would make them) and ``reason``:
        ``None`` when there is a result, otherwise why there is none (the figures are then
        ``nan``): fewer than :data:`TREND_MINIMUM` periods, no events at all, every event in
        the first or last period (the change is then unbounded), a proportion of 100%
        throughout, or a model that cannot be fitted.

    Raises
    ------
    InputError
        A negative count or denominator, a count above its denominator for a proportion, a
        time given twice, an unknown ``kind`` or a confidence level outside (0, 1).

    Examples
    --------
    >>> result = trend_test([100, 92, 80, 73, 68], [1000] * 5, [0, 1, 2, 3, 4])
    >>> round(result["change"], 2), result["p_value"] < 0.05, result["method"]
    (-0.1, True, 'quasi-Poisson regression on time')
    """
    kind = check_kind(kind)
    confidence = check_confidence(confidence)
    y = check_counts("counts", counts)
    n = check_counts("denominators", denominators)
    (t,) = _arrays(times)
    y, n, t = np.broadcast_arrays(y, n, t)
    if kind == "proportion":
        _check_not_above(y, n, ("count", "denominator"))
    seen, times_seen = np.unique(t[np.isfinite(t)], return_counts=True)
    if (times_seen > 1).any():
        twice = seen[times_seen > 1][0]
        raise InputError(f"times must each be given once: found {twice:g} more than once.")
    keep = np.isfinite(y) & np.isfinite(n) & np.isfinite(t) & (n > 0)
    y, n, t = y[keep], n[keep], t[keep]
    t = t - t.min() if len(t) else t
    family = "binomial" if kind == "proportion" else "Poisson"
    method = f"quasi-{family} regression on time" + (" (log link)" if kind == "proportion" else "")
    periods = len(y)
    if periods < TREND_MINIMUM:
        return _no_trend(periods, method, "there are fewer than five periods with counts")
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
    fit = _quasi_fit(y, n, np.column_stack([np.ones_like(t), t]), kind)
    if fit is None or (kind == "proportion" and (fit.fitted > 1 + 1e-9).any()):
        return _no_trend(periods, method, f"the {family} model could not be fitted to these counts")
    if kind == "proportion" and (fit.fitted > 1 - 1e-6).any():
        # On the 100% boundary the slope's standard error does not hold (the periods fitted at
        # 100% leave 0/0 residuals); R's log-binomial quasi fit stops there too.
        why = "the fitted figure reaches 100%, where the test does not hold"
        return _no_trend(periods, method, why)
    slope, se = fit.params[1], fit.se[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        # A perfect fit has no dispersion left: the slope is then exact (p = 0, no width).
        p_value = 2 * sps.t.sf(abs(slope / se), fit.df) if se > 0 else float(slope == 0)
    reach = sps.t.ppf(0.5 + confidence / 2, fit.df) * se
    return {
        "change": float(np.expm1(slope)),
        "lower": float(np.expm1(slope - reach)),
        "upper": float(np.expm1(slope + reach)),
        "p_value": float(p_value),
        "periods": periods,
        "method": method,
        "dispersion": fit.dispersion,
        "reason": None,
    }


class QuasiFit(NamedTuple):
    """A quasi-likelihood fit: estimates, their standard errors, the dispersion, the fit."""

    params: np.ndarray
    se: np.ndarray
    dispersion: float
    df: float
    fitted: np.ndarray


def _quasi_fit(y, n, design, kind: str, link=None) -> QuasiFit | None:
    """Fit R's quasi-Poisson or quasi-binomial GLM; ``None`` if it cannot be fitted.

    The estimates are the Poisson (binomial) ones; the dispersion is Pearson's chi-squared over
    the residual degrees of freedom, and the standard errors the model's times its square root
    (McCullagh and Nelder 1989, section 9.2; R's ``summary.glm``). A proportion is modelled as
    the share ``y / n`` with ``n`` as variance weights, the form R's ``glm`` takes with
    ``weights``: statsmodels' two-column form (successes, failures) estimates the same slope,
    but its Pearson scale (``fit(scale="X2")``) leaves the number of trials out and so comes
    out about ``n`` times too small (statsmodels issue 3612 is the same omission). The model is
    fitted with its own scale and the dispersion applied afterwards: fitting with
    ``scale="X2"`` does not converge on a perfect fit, whose dispersion is 0. ``link``
    defaults to the log.
    """
    import statsmodels.api as sm

    link = link or sm.families.links.Log()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        # statsmodels warns that a log link can leave (0, 1): checked by the caller, on the fit.
        warnings.simplefilter("ignore")
        if kind == "proportion":
            family = sm.families.Binomial(link)
            model = sm.GLM(y / n, design, family=family, var_weights=n)
        else:
            model = sm.GLM(y, design, family=sm.families.Poisson(link), offset=np.log(n))
        try:
            fit = model.fit()
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError):
            return None
        dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else np.nan
        se = np.asarray(fit.bse) * np.sqrt(dispersion)
    params = np.asarray(fit.params)
    if not (fit.converged and np.isfinite(params).all() and np.isfinite(se).all()):
        return None
    return QuasiFit(params, se, dispersion, float(fit.df_resid), np.asarray(fit.fittedvalues))
