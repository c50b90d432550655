"""A trend test over a series of periods."""

from __future__ import annotations

import warnings
from typing import TypedDict

import numpy as np

from yjanalysis.methods.stats.checks import (
    _arrays,
    _check_not_above,
    check_confidence,
    check_counts,
    check_kind,
)


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
