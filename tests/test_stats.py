"""Statistical methods against published reference values.

Each test names where its figures come from: a paper's table, PHEindicatormethods' test data
(https://github.com/ukhsa-collaboration/PHEindicatormethods, tests/testthat), NHSRplotthedots'
tests (https://github.com/nhs-r-community/NHSRplotthedots, tests/testthat), or an independent
computation with scipy. The edges (zeros, impossible input) are in ``test_stats_edges.py`` and
the properties over all counts in ``test_stats_properties.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from yjanalysis.methods import stats


@pytest.mark.parametrize(
    ("k", "n", "lower", "upper"),
    [  # Newcombe RG (1998), Stat Med 17:857-872, Table I, method 3 (Wilson score)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe(k, n, lower, upper):
    lo, hi = stats.proportion_ci(k, n)
    assert (round(lo, 4), round(hi, 4)) == (lower, upper)


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [  # exact Poisson limits (Garwood 1936), as tabled by Ulm K (1990), Am J Epidemiol 131:373
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (9, 4.115, 17.085),
        (10, 4.795, 18.390),
    ],
)
def test_exact_poisson_matches_tables(count, lower, upper):
    lo, hi = stats.rate_ci(count, 1, per=1)
    assert lo == pytest.approx(lower, abs=6e-4) and hi == pytest.approx(upper, abs=6e-4)


def test_rate_ci_scales_per_head():
    # 10 custodial sentences among 20,279 children: 0.49 per 1,000 (0.24 to 0.91)
    lo, hi = stats.rate_ci(10, 20_279, per=1000)
    assert (round(lo, 2), round(hi, 2)) == (0.24, 0.91)


def test_vectorised_with_gaps():
    lo, hi = stats.proportion_ci(pd.Series([5, None, 0]), pd.Series([10, 10, 0]))
    assert np.isfinite(lo[0]) and np.isnan(lo[1]) and np.isnan(hi[2])
    lo, hi = stats.rate_ci(np.array([1, 2]), np.array([100, 200]), per=1000)
    assert lo.shape == (2,)


@pytest.mark.parametrize(("a", "n1", "b", "n2"), [(30, 2000, 12, 4000), (9, 1000, 5, 1000),
                                                  (0, 500, 7, 800), (1, 10, 1, 10)])  # fmt: skip
def test_rate_ratio_is_the_exact_conditional_interval(a, n1, b, n2):
    """Breslow & Day (1987): given a + b events, a is binomial(a + b, RR n1 / (RR n1 + n2)).

    The Clopper-Pearson limits are computed independently here with scipy's binomtest.
    """
    ratio, lo, hi = stats.rate_ratio_ci(a, n1, b, n2)
    p_lo, p_hi = sps.binomtest(a, a + b).proportion_ci(0.95, method="exact")
    assert ratio == pytest.approx((a / n1) / (b / n2))
    assert lo == pytest.approx(p_lo / (1 - p_lo) * n2 / n1, rel=1e-9, abs=1e-12)
    assert hi == pytest.approx(p_hi / (1 - p_hi) * n2 / n1, rel=1e-9)


def test_rate_ratio_approaches_the_log_interval_for_large_counts():
    # Rothman & Greenland (1998): SE of ln(rate ratio) = sqrt(1/a + 1/b)
    ratio, lo, hi = stats.rate_ratio_ci(3000, 200_000, 1200, 400_000)
    se = np.sqrt(1 / 3000 + 1 / 1200)
    assert ratio == pytest.approx(5.0)
    assert lo == pytest.approx(5 * np.exp(-1.959964 * se), rel=3e-3)
    assert hi == pytest.approx(5 * np.exp(1.959964 * se), rel=3e-3)


@pytest.mark.parametrize(
    ("a", "n1", "b", "n2", "p_value"),
    [  # the exact conditional test is binomial: P(X <= 3 | 14, 1/2) * 2 = 940 / 16384
        (12, 1000, 0, 1000, 2 * 0.5**12),
        (11, 1000, 3, 1000, 940 / 16384),
        (5, 1000, 5, 1000, 1.0),
    ],
)
def test_exact_conditional_test_for_two_rates(a, n1, b, n2, p_value):
    assert stats.rate_ratio_test(a, n1, b, n2) == pytest.approx(p_value, rel=1e-9)


def test_fisher_exact_test_for_two_proportions():
    # Fisher's tea-tasting table (Fisher 1935): 3 of 4 right, one-sided p = 17/70; two-sided
    # by the minimum-likelihood rule, 34/70.
    assert stats.proportion_difference_test(3, 4, 1, 4) == pytest.approx(34 / 70)
    assert stats.proportion_difference_test(0, 10, 0, 10) == pytest.approx(1.0)


def test_proportion_ratio_score_interval_matches_statsmodels_inside():
    """Away from 0% and 100% the inversion equals statsmodels' closed form (Nam 1995)."""
    from statsmodels.stats.proportion import confint_proportions_2indep

    for a, m, b, n in [(20, 100, 10, 200), (7, 30, 12, 25), (1, 5, 3, 9)]:
        ratio, lo, hi = stats.proportion_ratio_ci(a, m, b, n)
        ref = confint_proportions_2indep(a, m, b, n, compare="ratio", method="score")
        assert ratio == pytest.approx((a / m) / (b / n))
        assert (lo, hi) == pytest.approx(ref, rel=1e-6)


def test_mean_ci():
    # t with 24 degrees of freedom: 2.0639 (any t table)
    lo, hi = stats.mean_ci(10, 2, 25)
    assert (round(lo, 4), round(hi, 4)) == (9.1744, 10.8256)
    mean, lo, hi = stats.mean_ci_from_values([8, 10, 12, None])
    assert mean == 10 and lo < 10 < hi


# PHEindicatormethods, tests/testthat/testdata_funnel_prop_outputs.csv: the funnel of the
# proportions in testdata_funnel_prop_inputs.csv, baseline 80.642448%. Columns: population,
# lower and upper 2-sigma (95%) and 3-sigma (99.8%) limits, in per cent.
PHE_PROPORTION_FUNNEL = [
    (1, 3.204264, 100, 0, 100),
    (10, 56.154344, 100, 42.03259, 100),
    (20, 63.326743, 97.958152, 53.341156, 100),
    (50, 69.691035, 91.593861, 63.375595, 97.909301),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]


@pytest.mark.parametrize(("n", "lo95", "hi95", "lo998", "hi998"), PHE_PROPORTION_FUNNEL)
def test_proportion_funnel_matches_phe(n, lo95, hi95, lo998, hi998):
    limits = stats.funnel_limits([n], 0.80642448).iloc[0] * 100
    expected = [lo95, hi95, lo998, hi998]
    got = [limits["lower_95"], limits["upper_95"], limits["lower_998"], limits["upper_998"]]
    assert got == pytest.approx(expected, abs=2e-5)


# PHEindicatormethods, tests/testthat/testdata_funnel_rate_outputs.csv: rate funnel (per
# 100,000, three years of data, baseline 116.1720835). Each limit is at its own population
# (per year), so the denominator is three times it. (events, limit column, population a year,
# limit per 100,000)
PHE_RATE_FUNNEL = [
    (1, "lower_95", 1598.675694, 20.85059119),
    (1, "upper_95", 7.264481402, 4588.535848),
    (1, "lower_998", 2649.348525, 12.58170943),
    (1, "upper_998", 0.287087625, 116108.569),
    (10, "lower_95", 5276.757672, 63.17010446),
    (10, "upper_95", 1375.943768, 242.2579623),
    (10, "lower_998", 6924.776769, 48.13632908),
    (10, "upper_998", 849.4639547, 392.4043292),
    (1360, "lower_95", 411529.9259, 110.158048),
    (1360, "upper_95", 369759.5622, 122.6021934),
    (1360, "lower_998", 424043.2424, 106.9073359),
    (1360, "upper_998", 358342.3275, 126.5084525),
]


@pytest.mark.parametrize(("events", "column", "population", "limit"), PHE_RATE_FUNNEL)
def test_rate_funnel_matches_phe_exact_poisson(events, column, population, limit):
    denominator = 3 * population
    got = stats.funnel_limits([denominator], 116.1720835e-5, kind="rate")[column].iloc[0]
    # PHE's bisection stops at a step of 1e-7 in E / (E + 1 + events): 1e-5 at E = 0.001
    assert got * 1e5 == pytest.approx(limit, rel=1e-5)
    # ... and the limit is where the observed count `events` sits at that denominator
    assert got * denominator == pytest.approx(events, rel=1e-5)


def test_funnel_limits_near_normal_for_large_denominators():
    limits = stats.funnel_limits([10_000], 0.3, kind="proportion")
    half = 1.959964 * np.sqrt(0.3 * 0.7 / 10_000)
    assert limits["lower_95"].iloc[0] == pytest.approx(0.3 - half, abs=1e-6)
    assert limits["upper_95"].iloc[0] == pytest.approx(0.3 + half, abs=1e-6)
    rates = stats.funnel_limits([1_000_000], 0.002, kind="rate")
    half = 3.090232 * np.sqrt(0.002 / 1_000_000)
    assert rates["upper_998"].iloc[0] == pytest.approx(0.002 + half, rel=2e-3)


def test_overdispersion_detected_and_applied():
    """Spiegelhalter (2005): phi is the mean squared winsorised z-score; limits widen by its root."""
    rng = np.random.default_rng(1)
    n = rng.integers(500, 5000, 150)
    plain = rng.binomial(n, 0.3) / n
    spread = rng.binomial(n, np.clip(rng.normal(0.3, 0.05, 150), 0.01, 0.99)) / n
    assert stats.overdispersion(plain, n, 0.3) < 1.5
    phi = stats.overdispersion(spread, n, 0.3)
    assert phi > 3
    wide = stats.funnel_limits([1000], 0.3, dispersion=phi).iloc[0]
    narrow = stats.funnel_limits([1000], 0.3).iloc[0]
    assert wide["upper_95"] - 0.3 == pytest.approx(np.sqrt(phi) * (narrow["upper_95"] - 0.3))
    # the z-scores by hand: winsorised at the 10th and 90th centiles
    z = (spread - 0.3) / np.sqrt(0.3 * 0.7 / n)
    z = np.clip(z, *np.quantile(z, [0.1, 0.9]))
    assert phi == pytest.approx(np.mean(z**2))


def test_trend_test_recovers_a_decline():
    years = np.arange(6)
    counts = np.rint(400 * 0.9**years)
    result = stats.trend_test(counts, [10_000] * 6, years)
    assert result["change"] == pytest.approx(-0.1, abs=0.01)
    assert result["upper"] < 0 and result["p_value"] < 0.001
    flat = stats.trend_test([20, 22, 19, 21, 20], [10_000] * 5, range(5))
    assert flat["p_value"] > 0.5 and flat["lower"] < 0 < flat["upper"]
    assert flat["reason"] is None and flat["method"] == "quasi-Poisson regression on time"


def test_quasi_poisson_trend_matches_r_glm():
    """R: glm(y ~ t, family = quasipoisson) on these counts gives slope -0.07916, SE 0.05321.

    The slope is the Poisson one, ln(0.92389); the SE is the Poisson SE times the square root
    of the Pearson dispersion (7.918), and the test is t on 4 degrees of freedom (p = 0.205).
    """
    import statsmodels.api as sm

    y, t = np.array([200, 150, 230, 160, 120, 140]), np.arange(6)
    poisson = sm.GLM(y, sm.add_constant(t), family=sm.families.Poisson()).fit()
    dispersion = poisson.pearson_chi2 / 4
    se = poisson.bse[1] * np.sqrt(dispersion)
    result = stats.trend_test(y, [1] * 6, t)
    assert result["method"] == "quasi-Poisson regression on time"
    assert result["dispersion"] == pytest.approx(dispersion)
    assert np.log1p(result["change"]) == pytest.approx(poisson.params[1])
    assert result["p_value"] == pytest.approx(2 * sps.t.sf(abs(poisson.params[1] / se), 4))
    assert np.log1p(result["upper"]) == pytest.approx(poisson.params[1] + sps.t.ppf(0.975, 4) * se)


@pytest.mark.filterwarnings("ignore:The Log link function does not respect the domain")
def test_quasi_binomial_trend_matches_r_glm():
    """Issue 25: R's glm(cbind(y, n - y) ~ t, family = quasibinomial(link = "log")), by hand.

    R's dispersion is Pearson's chi-squared, sum((y - n p)^2 / (n p (1 - p))), over the 4
    residual degrees of freedom, p being the binomial fit's proportions: 1.840 here. R's SE is
    the binomial SE times its square root, and the test t on 4 degrees of freedom. Before,
    statsmodels' two-column fit with ``scale="X2"`` gave a dispersion of 0.017, which narrowed
    the interval tenfold: p 0.002, "a trend larger than chance", instead of 0.54.
    """
    import statsmodels.api as sm

    y = np.array([30, 45, 28, 50, 33, 41])
    n = np.array([100, 110, 95, 120, 105, 100])
    t = np.arange(6)
    family = sm.families.Binomial(sm.families.links.Log())
    binomial = sm.GLM(np.column_stack([y, n - y]), sm.add_constant(t), family=family).fit()
    p = binomial.fittedvalues
    dispersion = np.sum((y - n * p) ** 2 / (n * p * (1 - p))) / 4
    assert dispersion == pytest.approx(1.83977, rel=1e-5)
    se = binomial.bse[1] * np.sqrt(dispersion)
    result = stats.trend_test(y, n, t, kind="proportion")
    assert result["method"] == "quasi-binomial regression on time (log link)"
    assert result["dispersion"] == pytest.approx(dispersion)
    assert np.log1p(result["change"]) == pytest.approx(binomial.params[1])
    assert result["p_value"] == pytest.approx(2 * sps.t.sf(abs(binomial.params[1] / se), 4))
    assert np.log1p(result["lower"]) == pytest.approx(binomial.params[1] - sps.t.ppf(0.975, 4) * se)


def test_quasi_binomial_dispersion_matches_r_on_star98():
    """Issue 25: statsmodels' own R reference results for the star98 binomial GLM
    (statsmodels/genmod/tests/results/results_glm.py, class Star98: R's glm with
    family = binomial on successes out of trials): Pearson chi-squared 4051.921614 on 282
    residual degrees of freedom, so R's quasibinomial dispersion is 14.3685 and its standard
    errors are the binomial ones (the intercept's 1.546712, the first slope's 4.339467e-04)
    times its square root. The two-column fit with ``scale="X2"`` gives 0.034."""
    import statsmodels.api as sm
    from statsmodels.datasets import star98

    from yjanalysis.methods.stats.trend import _quasi_fit

    data = star98.load()
    above, below = np.asarray(data.endog, dtype=float).T
    design = sm.add_constant(np.asarray(data.exog, dtype=float), prepend=False)
    fit = _quasi_fit(above, above + below, design, "proportion", sm.families.links.Logit())
    dispersion = 4051.921614 / 282
    assert fit.dispersion == pytest.approx(dispersion, rel=1e-6)
    assert fit.se[0] == pytest.approx(4.339467e-04 * np.sqrt(dispersion), rel=1e-5)
    assert fit.se[-1] == pytest.approx(1.546712 * np.sqrt(dispersion), rel=1e-5)


def test_near_identical_series_get_near_identical_trend_verdicts():
    """Issue 25: these differ by one event in the first year. The test switched from the
    normal to Student's t as the dispersion passed 1 (0.997 and 1.068), so the first was "a
    trend larger than chance" (p 0.049) and the second not (p 0.166)."""
    first = stats.trend_test([56, 67, 58, 51, 41], [10_000] * 5, range(5))
    second = stats.trend_test([55, 67, 58, 51, 41], [10_000] * 5, range(5))
    assert abs(first["p_value"] - second["p_value"]) < 0.05  # 0.141 and 0.166
    assert (first["upper"] < 0) == (second["upper"] < 0)


def test_xmr_limits_from_the_mean_moving_range():
    # Wheeler (1995): limits are the mean plus or minus 2.66 times the mean moving range
    chart = stats.xmr([10, 12, 11, 13, 12])
    assert chart["centre"].iloc[0] == pytest.approx(11.6)
    assert chart["upper"].iloc[0] == pytest.approx(11.6 + 2.66 * 1.5)
    assert chart["near_upper"].iloc[0] == pytest.approx(11.6 + 2 / 3 * 2.66 * 1.5)
    assert not chart["special_cause"].any() and (chart["rules"] == "").all()


def test_xmr_shift_trend_and_outside():
    shifted = stats.xmr([10, 11, 9, 10, 11, 9, 10, 14, 14, 13, 14, 15, 14, 14])
    # seven below the mean of 12, then seven above: both runs are shifts
    assert shifted["shift"].all()
    assert (shifted["side"].iloc[:7] == "below").all()
    assert (shifted["side"].iloc[7:] == "above").all()
    assert "on one side of the average" in shifted["rules"].iloc[10]
    # NHSRplotthedots ptd_seven_point_trend(1:7): seven points, six rises, all flagged
    rising = stats.xmr([10, 10.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14])
    assert rising["trend"].iloc[2:].all() and not rising["trend"].iloc[:2].any()  # 10 up to 14
    assert "each higher than the one before" in rising["rules"].iloc[6]
    spike = stats.xmr([10, 11, 10, 11, 10, 11, 10, 30, 10, 11])
    assert spike["outside"].iloc[7] and spike["outside"].sum() == 1
    assert spike["rules"].iloc[7] == "beyond a process limit"


def test_xmr_seven_on_one_side_as_nhsrplotthedots():
    """NHSRplotthedots ptd_seven_point_one_side_mean(c(rep(1, 8), -1)): the 8 are flagged."""
    values = [5, 5.2, 5.1, 5.3, 5.2, 5.1, 5.3, 5.2, 3.0, 3.2, 3.1, 2.9, 3.0]
    chart = stats.xmr(values)
    assert (chart["side"].iloc[:8] == "above").all()
    assert chart["shift"].iloc[:8].all()


def test_xmr_trend_broken_by_an_equal_value():
    """NHSRplotthedots ptd_seven_point_trend(c(1:3, 3:6)) gives no trend: a tie breaks it."""
    chart = stats.xmr([1, 2, 3, 3, 4, 5, 6])
    assert not chart["trend"].any()
    chart = stats.xmr([2, 1, 2, 3, 4, 5, 6, 7, 3])  # ptd_seven_point_trend(c(2, 1:7, 3))
    assert chart["trend"].tolist() == [False] + [True] * 7 + [False]


def test_xmr_two_of_three_only_on_one_side():
    """NHSRplotthedots test-ptd_spc_standard.R: two points close to the limits on opposite
    sides of the mean, c(rep(c(1, -1), 8)) with the 15th at 5.5 and the 16th at -5.5, are
    common cause."""
    values = [1, -1] * 8
    values[14], values[15] = 5.5, -5.5
    chart = stats.xmr(values)
    assert not chart["special_cause"].iloc[-2:].any()
    assert chart["value"].iloc[14] > chart["near_upper"].iloc[0]  # it is close to the limit


def test_special_cause_direction_as_nhsrplotthedots():
    """NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R, "ptd_special_cause_type
    works as expected": y = 1:8, relative to mean c(1, 1, 1, 1, -1, -1, -1, -1), points 1 and 2
    in a seven-point trend, 3 and 4 in a run on one side, 5 two-in-three, 6 and 7 outside the
    limits, give "7 Point Trend (Increasing)" twice, "7 Points Above CL" twice, "2 in 3 Below
    CL", "Below LCL" twice and "Common Cause": up, up, up, up, down, down, down, none."""
    from yjanalysis.methods.stats.control_chart import _special_cause_direction, _trend_direction

    y = np.arange(1, 9, dtype=float)
    side = np.array([1, 1, 1, 1, -1, -1, -1, -1])
    trend = np.array([1, -1, 0, 0, 0, 0, 0, 0]) != 0
    shift = np.array([0, 0, 1, -1, 0, 0, 0, 0]) != 0
    two_of_three = np.array([0, 0, 0, 0, 1, 0, 0, 0]) != 0
    outside = np.array([0, 0, 0, 0, 0, 1, -1, 0]) != 0
    way = _trend_direction(y, trend)
    found = _special_cause_direction(side, way, outside, shift, trend, two_of_three)
    assert found.tolist() == [1, 1, 1, 1, -1, -1, -1, 0]


def test_xmr_reads_a_trend_by_its_direction_not_its_side():
    """Issue 25: seven falls in a row, all above the mean, point down (NHSRplotthedots
    ptd_point_type: "7 Point Trend (Decreasing)" is an improvement where lower is better)."""
    chart = stats.xmr([10, 13, 8, 12, 9, 11, 7, 12, 10, 9, 13, 8, 16, 15.5, 15, 14.5, 14, 13.5, 13])
    falls = chart.iloc[-7:]
    assert (falls["side"] == "above").all() and falls["trend"].all()
    assert (falls["direction"] == -1).all()
    assert (chart["direction"].iloc[:-7] == 0).all()
    assert "each lower than the one before" in falls["rules"].iloc[0]


def test_xmr_a_peak_belongs_to_the_fall_after_it():
    """NHSRplotthedots: a point in a trend on both sides takes the direction to its right."""
    from yjanalysis.methods.stats.control_chart import _trend_direction

    values = np.array([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1.0])  # 7 up to the peak, 7 down
    assert stats.xmr(values)["trend"].all()
    way = _trend_direction(values, np.ones(len(values), dtype=bool))
    assert way.tolist() == [1] * 6 + [-1] * 7


def test_clustered_rate_interval_is_r_quasi_poisson_dispersion_on_children():
    """Issue 25: reoffences per child, each child's reoffences counted. The dispersion is R's
    glm(reoffences ~ 1 + offset(log(entries)), family = quasipoisson)'s: Pearson's chi-squared
    over children less one (here computed by statsmodels' GLM with scale="X2", which is right
    for Poisson). The interval is the exact Poisson one of the events and the children both
    divided by that dispersion (Kish's effective number), widened by (t / z)^2 for its being
    estimated from 9 degrees of freedom."""
    import statsmodels.api as sm

    counts = np.array([0, 0, 0, 0, 0, 0, 1, 2, 5, 12])
    fit = sm.GLM(counts, np.ones((10, 1)), family=sm.families.Poisson()).fit(scale="X2")
    dispersion = fit.scale
    assert dispersion == pytest.approx(np.var(counts, ddof=1) / counts.mean())
    widened = dispersion * (sps.t.ppf(0.975, 9) / sps.norm.ppf(0.975)) ** 2
    lower, upper = stats.clustered_rate_ci(counts)
    expected = stats.rate_ci(counts.sum() / widened, 10 / widened, per=1)
    assert (lower, upper) == pytest.approx(expected)
    plain = stats.rate_ci(20, 10, per=1)
    assert lower < plain[0] and upper > plain[1]  # wider than the Poisson interval


def test_clustered_rate_interval_of_reoffences_per_reoffender_starts_at_one():
    """Every reoffender has at least one reoffence: the interval is of the reoffences beyond
    the first, plus one, so it never goes below 1; where every reoffender has exactly one it is
    the exact Poisson interval of none beyond the first (1 to 1 + 3.689 / reoffenders)."""
    lower, upper = stats.clustered_rate_ci([1, 1, 1, 1, 1], least=1)
    assert lower == 1 and upper == pytest.approx(1 + 3.688879 / 5, rel=1e-6)
    lower, upper = stats.clustered_rate_ci([1, 2, 1, 9, 3, 1, 4], least=1)
    assert 1 < lower < 3 < upper


def test_clustered_rate_interval_with_children_in_several_cohorts():
    """A child in two of a year's quarterly cohorts is one cluster of two entries."""
    one_each = stats.clustered_rate_ci([3, 0, 1, 0, 6, 2], [1, 1, 1, 1, 1, 1])
    pooled = stats.clustered_rate_ci([3, 1, 6, 2], [2, 2, 1, 1])
    assert np.isfinite(one_each + pooled).all() and one_each != pooled
