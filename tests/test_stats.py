"""Statistical methods against published values and their defining properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjanalysis import stats


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
    lo, hi = stats.proportion_ci(pd.Series([5, None, 3]), pd.Series([10, 10, 0]))
    assert np.isfinite(lo[0]) and np.isnan(lo[1]) and np.isnan(hi[2])
    lo, hi = stats.rate_ci(np.array([1, 2]), np.array([100, 200]), per=1000)
    assert lo.shape == (2,)


def test_rate_ratio_matches_the_log_formula():
    # Rothman & Greenland (1998): SE of ln(rate ratio) = sqrt(1/a + 1/b)
    ratio, lo, hi = stats.rate_ratio_ci(30, 2000, 12, 4000)
    se = np.sqrt(1 / 30 + 1 / 12)
    assert ratio == pytest.approx(5.0)
    assert lo == pytest.approx(5 * np.exp(-1.959964 * se), rel=1e-5)
    assert hi == pytest.approx(5 * np.exp(1.959964 * se), rel=1e-5)


def test_proportion_ratio_matches_katz():
    # Katz et al. (1978): SE of ln(risk ratio) = sqrt(1/a - 1/m + 1/b - 1/n)
    ratio, lo, hi = stats.proportion_ratio_ci(20, 100, 10, 200)
    se = np.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 200)
    assert ratio == pytest.approx(4.0)
    assert (lo, hi) == pytest.approx((4 * np.exp(-1.959964 * se), 4 * np.exp(1.959964 * se)))


def test_ratio_with_zero_count_has_no_interval():
    ratio, lo, hi = stats.rate_ratio_ci(0, 100, 5, 100)
    assert ratio == 0 and np.isnan(lo) and np.isnan(hi)


def test_mean_ci():
    # t with 24 degrees of freedom: 2.0639 (any t table)
    lo, hi = stats.mean_ci(10, 2, 25)
    assert (round(lo, 4), round(hi, 4)) == (9.1744, 10.8256)
    mean, lo, hi = stats.mean_ci_from_values([8, 10, 12, None])
    assert mean == 10 and lo < 10 < hi


@given(
    k=st.integers(min_value=0, max_value=500),
    extra=st.integers(min_value=1, max_value=500),
)
@settings(max_examples=200, deadline=None)
def test_wilson_properties(k, extra):
    n = k + extra
    lo, hi = stats.proportion_ci(k, n)
    assert 0 <= lo <= k / n <= hi <= 1
    lo10, hi10 = stats.proportion_ci(10 * k, 10 * n)
    assert hi10 - lo10 < hi - lo


@given(
    count=st.integers(min_value=0, max_value=2000),
    denominator=st.floats(min_value=1, max_value=1e6),
)
@settings(max_examples=200, deadline=None)
def test_poisson_properties(count, denominator):
    lo, hi = stats.rate_ci(count, denominator, per=1000)
    rate = count / denominator * 1000
    assert 0 <= lo <= rate <= hi
    lo4, hi4 = stats.rate_ci(4 * count, 4 * denominator, per=1000)
    assert hi4 - lo4 < hi - lo


def test_funnel_limits_near_normal_for_large_denominators():
    limits = stats.funnel_limits([10_000], 0.3, kind="proportion")
    half = 1.959964 * np.sqrt(0.3 * 0.7 / 10_000)
    assert limits["lower_95"].iloc[0] == pytest.approx(0.3 - half, abs=2e-4)
    assert limits["upper_95"].iloc[0] == pytest.approx(0.3 + half, abs=2e-4)
    rates = stats.funnel_limits([1_000_000], 0.002, kind="rate")
    half = 3.090232 * np.sqrt(0.002 / 1_000_000)
    assert rates["upper_998"].iloc[0] == pytest.approx(0.002 + half, rel=2e-3)


def test_funnel_limits_widen_and_nest():
    limits = stats.funnel_limits([50, 500, 5000], 0.4)
    width = limits["upper_95"] - limits["lower_95"]
    assert width.is_monotonic_decreasing
    assert (limits["upper_998"] >= limits["upper_95"]).all()
    assert (limits["lower_998"] <= limits["lower_95"]).all()
    assert ((limits["lower_95"] <= 0.4) & (limits["upper_95"] >= 0.4)).all()


def test_overdispersion_detected_and_applied():
    rng = np.random.default_rng(1)
    n = rng.integers(500, 5000, 150)
    plain = rng.binomial(n, 0.3) / n
    spread = rng.binomial(n, np.clip(rng.normal(0.3, 0.05, 150), 0.01, 0.99)) / n
    assert stats.overdispersion(plain, n, 0.3) < 1.5
    phi = stats.overdispersion(spread, n, 0.3)
    assert phi > 3
    wide = stats.funnel_limits([1000], 0.3, dispersion=phi)
    narrow = stats.funnel_limits([1000], 0.3)
    assert wide["upper_95"].iloc[0] > narrow["upper_95"].iloc[0]


def test_trend_test_recovers_a_decline():
    years = np.arange(6)
    counts = np.rint(400 * 0.9**years)
    result = stats.trend_test(counts, [10_000] * 6, years)
    assert result["change"] == pytest.approx(-0.1, abs=0.01)
    assert result["upper"] < 0 and result["p_value"] < 0.001
    flat = stats.trend_test([20, 22, 19, 21], [10_000] * 4, range(4))
    assert flat["p_value"] > 0.5 and flat["lower"] < 0 < flat["upper"]
    binomial = stats.trend_test([30, 40, 50, 60], [100] * 4, range(4), kind="proportion")
    assert binomial["change"] > 0
    assert np.isnan(stats.trend_test([1, 2], [10, 10], [0, 1])["change"])


def test_xmr_limits_and_rules():
    chart = stats.xmr([10, 12, 11, 13, 12])
    assert chart["centre"].iloc[0] == pytest.approx(11.6)
    assert chart["upper"].iloc[0] == pytest.approx(11.6 + 2.66 * 1.5)
    assert not chart["special_cause"].any()
    shifted = stats.xmr([10, 11, 9, 10, 11, 9, 10, 14, 14, 13, 14, 15, 14, 14])
    assert shifted["shift"].iloc[7:].all()
    rising = stats.xmr([10, 10.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5])
    assert rising["trend"].iloc[4:].all() and not rising["trend"].iloc[:2].any()
    spike = stats.xmr([10, 11, 10, 11, 10, 11, 10, 30, 10, 11])
    assert spike["outside"].iloc[7] and spike["outside"].sum() == 1
