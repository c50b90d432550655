"""Properties the statistics must have for every count, from zero to huge.

No ``nan`` where a figure exists, no figure where none can, intervals that contain their
estimate, and limits that move the right way as the count grows.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from yjanalysis.methods import stats

counts = st.one_of(st.integers(0, 5), st.integers(0, 500), st.integers(0, 10**9))
sizes = st.one_of(st.integers(1, 5), st.integers(1, 1000), st.integers(1, 10**9))
fractions = st.floats(min_value=0.001, max_value=0.999)


@given(k=counts, extra=st.integers(0, 10**9))
@settings(max_examples=300, deadline=None)
def test_wilson_contains_and_grows_with_the_count(k, extra):
    n = k + extra
    assume(n > 0)
    lo, hi = stats.proportion_ci(k, n)
    assert 0 <= lo <= k / n <= hi <= 1 and hi > lo
    if k < n:
        lo1, hi1 = stats.proportion_ci(k + 1, n)
        assert lo1 >= lo and hi1 >= hi


@given(k=st.integers(0, 500), extra=st.integers(1, 500))
@settings(max_examples=200, deadline=None)
def test_wilson_narrows_with_more_data(k, extra):
    n = k + extra
    lo, hi = stats.proportion_ci(k, n)
    lo10, hi10 = stats.proportion_ci(10 * k, 10 * n)
    assert hi10 - lo10 < hi - lo


@given(count=counts, denominator=st.floats(min_value=1, max_value=1e9))
@settings(max_examples=300, deadline=None)
def test_poisson_contains_and_grows_with_the_count(count, denominator):
    lo, hi = stats.rate_ci(count, denominator, per=1000)
    rate = count / denominator * 1000
    assert np.isfinite(lo) and np.isfinite(hi)
    assert 0 <= lo <= rate * (1 + 1e-12) and rate <= hi * (1 + 1e-12) and hi > lo
    lo1, hi1 = stats.rate_ci(count + 1, denominator, per=1000)
    assert lo1 >= lo and hi1 > hi


@given(a=counts, b=counts, n1=sizes, n2=sizes)
@settings(max_examples=300, deadline=None)
def test_rate_ratio_figure_exactly_when_one_exists(a, b, n1, n2):
    ratio, lo, hi = stats.rate_ratio_ci(a, n1, b, n2)
    if a == b == 0:
        assert np.isnan(ratio) and np.isnan(lo) and np.isnan(hi)
        return
    assert 0 <= lo < hi and not np.isnan(lo) and not np.isnan(hi)
    if b == 0:
        assert np.isnan(ratio) and hi == np.inf
    else:
        assert lo <= ratio * (1 + 1e-9) and ratio <= hi * (1 + 1e-9)
    assume(a < 10**9)
    _, lo1, hi1 = stats.rate_ratio_ci(a + 1, n1, b, n2)
    assert lo1 >= lo and hi1 >= hi


@given(a=st.integers(0, 60), ea=st.integers(0, 60), b=st.integers(0, 60), eb=st.integers(0, 60))
@settings(max_examples=120, deadline=None)
def test_proportion_ratio_contains_inverts_and_has_width(a, ea, b, eb):
    m, n = a + ea, b + eb
    assume(m > 0 and n > 0)
    ratio, lo, hi = stats.proportion_ratio_ci(a, m, b, n)
    if a == b == 0:
        assert np.isnan(ratio) and np.isnan(lo) and np.isnan(hi)
        return
    assert 0 <= lo < hi
    if b > 0:
        assert lo <= ratio * (1 + 1e-9) and ratio <= hi * (1 + 1e-9)
    # swapping the groups inverts the interval
    _, lo2, hi2 = stats.proportion_ratio_ci(b, n, a, m)
    assert lo == pytest.approx(1 / hi2 if hi2 > 0 else np.inf, rel=1e-5, abs=1e-12)
    assert hi == pytest.approx(1 / lo2 if lo2 > 0 else np.inf, rel=1e-5)


@given(a=st.integers(0, 300), b=st.integers(0, 300), n1=sizes, n2=sizes)
@settings(max_examples=200, deadline=None)
def test_exact_test_and_interval_agree_on_the_null(a, b, n1, n2):
    """The exact conditional test and the exact interval come from the same binomial model:
    the two-sided test (minimum likelihood) and the central interval can differ at the
    margin, but where even the 99% interval excludes equal rates the test rejects at 5%."""
    assume(a + b > 0)
    p = stats.rate_ratio_test(a, n1, b, n2)
    assert 0 <= p <= 1
    _, lo, hi = stats.rate_ratio_ci(a, n1, b, n2, confidence=0.99)
    if lo > 1 or hi < 1:
        assert p < 0.05


@given(
    n=st.lists(st.floats(min_value=0.5, max_value=1e7), min_size=1, max_size=20),
    target=fractions,
    kind=st.sampled_from(["proportion", "rate"]),
    phi=st.one_of(st.just(1.0), st.floats(min_value=1, max_value=20)),
)
@example(n=[0.5, 0.5000000000000001], target=0.375, kind="rate", phi=1.0)
@settings(max_examples=300, deadline=None)
def test_funnel_limits_everywhere(n, target, kind, phi):
    limits = stats.funnel_limits(n, target, kind, dispersion=phi)
    values = limits.drop(columns="denominator")
    assert values.notna().all().all()
    assert (limits["lower_998"] <= limits["lower_95"] + 1e-15).all()
    assert (limits["lower_95"] <= target).all() and (limits["upper_95"] >= target).all()
    assert (limits["upper_95"] <= limits["upper_998"] + 1e-15).all()
    assert (values >= 0).all().all()
    if kind == "proportion":
        assert (values <= 1).all().all()
    # wider for smaller denominators (to floating-point noise: denominators one ulp apart
    # can give limits one ulp apart either way)
    ordered = limits.sort_values("denominator")
    slack = 1e-12 * (1 + ordered[["upper_95", "lower_95"]].abs().max().max())
    assert (np.diff(ordered["upper_95"]) <= slack).all()
    assert (np.diff(ordered["lower_95"]) >= -slack).all()


@given(
    counts_=st.lists(st.integers(0, 10_000), min_size=3, max_size=10),
    base=st.integers(1, 10**6),
    kind=st.sampled_from(["proportion", "rate"]),
)
@settings(max_examples=200, deadline=None)
def test_trend_has_a_figure_or_a_reason(counts_, base, kind):
    denominators = [max(c, base) for c in counts_]
    found = stats.trend_test(counts_, denominators, range(len(counts_)), kind)
    if found["reason"] is None:
        assert np.isfinite(
            [found["change"], found["lower"], found["upper"], found["p_value"]]
        ).all()
        assert -1 < found["lower"] <= found["change"] <= found["upper"]
        assert 0 <= found["p_value"] <= 1 and found["dispersion"] >= 0
    else:
        assert np.isnan(found["change"]) and isinstance(found["reason"], str)


@given(
    # eighths are exact in binary, so shifting the series cannot turn a step into a tie
    values=st.lists(
        st.one_of(st.integers(-(10**6), 10**6), st.integers(0, 50)).map(lambda i: i / 8),
        min_size=2,
        max_size=40,
    ),
    shift=st.integers(-1000, 1000),
)
@settings(max_examples=200, deadline=None)
def test_xmr_properties(values, shift):
    chart = stats.xmr(values)
    plain = stats.xmr(values, screen=False)
    centre, lower, upper = chart[["centre", "lower", "upper"]].iloc[0]
    assert lower <= chart["near_lower"].iloc[0] <= centre <= chart["near_upper"].iloc[0] <= upper
    # screening never widens the limits
    assert upper - lower <= plain["upper"].iloc[0] - plain["lower"].iloc[0] + 1e-9
    # every flagged point says why, and no other point does
    assert ((chart["rules"] != "") == chart["special_cause"]).all()
    # shifting the series shifts the limits and leaves the flags alone
    moved = stats.xmr([v + shift for v in values])
    assert moved["upper"].iloc[0] == pytest.approx(upper + shift, abs=1e-6 * (1 + abs(upper)))
    tolerance = 1e-9 * (1 + max(abs(v) for v in values) + abs(shift))
    near_edge = (
        (chart["value"] - chart["upper"]).abs().lt(tolerance)
        | (chart["value"] - chart["lower"]).abs().lt(tolerance)
        | (chart["value"] - chart["near_upper"]).abs().lt(tolerance)
        | (chart["value"] - chart["near_lower"]).abs().lt(tolerance)
        | (chart["value"] - chart["centre"]).abs().lt(tolerance)
    )
    if not near_edge.any():
        assert (moved["special_cause"] == chart["special_cause"]).all()
