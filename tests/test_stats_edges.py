"""The edges of the statistics: zeros, tiny counts, impossible input, degenerate cases.

The module's convention (see :mod:`yjanalysis.methods.stats`): a gap stays a gap (``nan``); where no
figure can exist the result is ``nan`` with the reason in words; impossible input raises
:class:`~yjanalysis.errors.InputError` with one sentence. The tests marked "issue 11" are the
examples that were wrong before.
"""

from __future__ import annotations

import numpy as np
import pytest

from yjanalysis.errors import InputError
from yjanalysis.methods import stats

# -- impossible input is refused, in one sentence -------------------------------------------


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: stats.rate_ratio_ci(-3, 100, 5, 100), "count1 must be zero or more: found -3"),
        (lambda: stats.proportion_ratio_ci(12, 10, 5, 10), "cannot exceed its n1: found 12 of 10"),
        (lambda: stats.rate_ci(5, 100, confidence=95), "0.95 for 95%"),
        (lambda: stats.proportion_ci(5, 100, confidence=1.0), "between 0 and 1"),
        (lambda: stats.proportion_ci([3, 12], [10, 10]), "found 12 of 10 (item 2)"),
        (lambda: stats.rate_ci([1, -2], [10, 10]), "count must be zero or more: found -2"),
        (lambda: stats.rate_ci(1, -10), "denominator must be zero or more"),
        (lambda: stats.rate_ci(np.inf, 10), "found inf"),
        (lambda: stats.mean_ci(10, -2, 25), "sd must be zero or more"),
        (lambda: stats.funnel_limits([100], 0.3, kind="rates"), "kind must be 'proportion'"),
        (lambda: stats.funnel_limits([100], 0.3, dispersion=np.nan), "dispersion factor"),
        (lambda: stats.funnel_limits([100], 0.3, dispersion=0.5), "1 or more"),
        (lambda: stats.funnel_limits([100], 1.3), "between 0 and 1: found 1.3"),
        (lambda: stats.funnel_limits([100], -0.1, kind="rate"), "0 or more"),
        (lambda: stats.funnel_limits([-100], 0.3), "denominators must be zero or more"),
        (lambda: stats.funnel_limits([100], 0.3, levels=(95,)), "0.95 for 95%"),
        (lambda: stats.overdispersion([0.1] * 3, [10] * 3, 0.1, kind="binomial"), "kind"),
        (lambda: stats.trend_test([5, -1, 8], [10] * 3, range(3)), "found -1 (item 2)"),
        (lambda: stats.trend_test([5, 12, 8], [10] * 3, range(3), kind="proportion"),
         "cannot exceed its denominator: found 12 of 10"),
        (lambda: stats.trend_test([5, 6, 8], [10] * 3, range(3), kind="odds"), "kind"),
        (lambda: stats.xmr([1, np.inf, 3]), "finite values"),
        (lambda: stats.rate_ratio_test(2.5, 100, 1, 100), "whole counts"),
    ],
)  # fmt: skip
def test_impossible_input_is_refused(call, words):
    """Issue 11: each of these was accepted (-0.6, 2.4, a lower limit of 0, phi = 1, ...)."""
    with pytest.raises(InputError) as raised:
        call()
    message = str(raised.value)
    assert words in message and message.endswith(".") and "\n" not in message


# -- intervals at zero and at 100% ----------------------------------------------------------


def test_proportion_ratio_at_100_percent_has_width():
    """Issue 11: (10, 10, 10, 10) gave the interval 1 to 1."""
    ratio, lo, hi = stats.proportion_ratio_ci(10, 10, 10, 10)
    assert ratio == 1 and lo < 0.8 and hi > 1.25
    assert lo == pytest.approx(1 / hi, rel=1e-6)  # swapping the groups inverts the interval


def test_ratios_with_zero_counts():
    # a zero count now: the ratio is 0 and the exact interval runs from 0
    ratio, lo, hi = stats.rate_ratio_ci(0, 100, 5, 100)
    assert ratio == 0 and lo == 0 and 0 < hi < np.inf
    ratio, lo, hi = stats.proportion_ratio_ci(0, 10, 5, 10)
    assert ratio == 0 and lo == 0 and 0 < hi < 1
    # a zero reference: no ratio, but a lower limit
    ratio, lo, hi = stats.rate_ratio_ci(12, 1000, 0, 1000)
    assert np.isnan(ratio) and lo > 1 and hi == np.inf
    # nothing in either: nothing to say
    assert all(np.isnan(stats.rate_ratio_ci(0, 100, 0, 100)))
    assert all(np.isnan(stats.proportion_ratio_ci(0, 10, 0, 10)))
    assert np.isnan(stats.rate_ratio_test(0, 100, 0, 100))


def test_gaps_and_empty_denominators_give_nan_not_errors():
    lo, hi = stats.rate_ci([np.nan, 3, 0], [100, 0, 0])
    assert np.isnan(lo).all() and np.isnan(hi).all()
    assert all(np.isnan(stats.rate_ratio_ci(3, 0, 5, 100)))
    assert all(np.isnan(stats.mean_ci(10, 2, 1)))


# -- funnel limits --------------------------------------------------------------------------


def test_funnel_on_a_non_integer_grid():
    """Issue 11: every limit was nan off whole denominators, so the report drew no funnel."""
    grid = np.geomspace(8.3, 4321.7, 50)
    for kind, target in (("proportion", 0.35), ("rate", 0.004)):
        limits = stats.funnel_limits(grid, target, kind)
        assert limits.drop(columns="denominator").notna().all().all()


def test_funnel_at_degenerate_targets_and_denominators():
    """Issue 11: a rate target of 0 gave negative upper limits, a denominator of 0 a funnel
    closed at 0, a proportion target of 1 limits around 99%."""
    for limits in (
        stats.funnel_limits([100, 1000], 0.0, kind="rate"),
        stats.funnel_limits([100], 1.0),
        stats.funnel_limits([100], 0.0),
    ):
        assert limits.drop(columns="denominator").isna().all().all()
    limits = stats.funnel_limits([0, np.nan, 100], 0.3)
    assert limits.iloc[:2, 1:].isna().all().all() and limits.iloc[2, 1:].notna().all()
    assert np.isnan(stats.overdispersion([0, 0, 0], [10, 20, 30], 0.0, kind="rate"))
    assert np.isnan(stats.overdispersion([0.2, 0.3], [10, 20], 0.25))  # too few units


def test_proportion_funnel_differs_from_phe_no_more():
    """Issue 11: the limits differed from PHE's by up to 8.9 points at n = 10."""
    limits = stats.funnel_limits([10], 0.80642448).iloc[0]
    assert limits["lower_95"] * 100 == pytest.approx(56.154344, abs=1e-5)  # PHE test data


# -- trends ---------------------------------------------------------------------------------


def test_trend_from_all_zeros_but_the_last_has_no_figure():
    """Issue 11: counts [0, 0, 0, 5] gave a change of 1.6e8 ("+16235076885% a year")."""
    found = stats.trend_test([0, 0, 0, 0, 5], [1000] * 5, range(5))
    assert np.isnan(found["change"]) and np.isnan(found["p_value"])
    assert found["reason"] == "every event fell in the last period"
    found = stats.trend_test([7, 0, 0, 0, 0], [1000] * 5, range(5))
    assert found["reason"] == "every event fell in the first period"
    found = stats.trend_test([0, 0, 0, 0, 0], [1000] * 5, range(5))
    assert found["reason"] == "there were none in any period"
    # a single zero is fine
    assert stats.trend_test([0, 2, 1, 5, 3], [1000] * 5, range(5))["reason"] is None


def test_trend_allows_for_overdispersion():
    """Issue 11: a Poisson fit gave p < 0.0001 ("a trend larger than chance"); quasi-Poisson
    gives 0.13 with a normal test, 0.21 with Student's t on 4 degrees of freedom."""
    found = stats.trend_test([200, 150, 230, 160, 120, 140], [10_000] * 6, range(6))
    assert found["p_value"] > 0.1 and found["lower"] < 0 < found["upper"]
    assert found["method"] == "quasi-Poisson regression on time" and found["dispersion"] > 7


def test_proportion_trend_is_a_relative_change_a_year():
    """Issue 11: for proportions the "change" was an odds ratio less 1, printed as % a year."""
    years = np.arange(5)
    counts = np.rint(100_000 * 0.2 * 1.1**years)  # 20% growing by a tenth of itself a year
    found = stats.trend_test(counts, [100_000] * 5, years, kind="proportion")
    assert found["change"] == pytest.approx(0.10, abs=1e-4)
    assert found["method"].endswith("(log link)")


def test_trend_refuses_a_period_given_twice():
    """Issue 25: two figures for one period were fitted as two years (issue 11: identical
    times gave a change of 0 with an interval of (0, 0))."""
    with pytest.raises(InputError, match="times must each be given once: found 2020 more"):
        stats.trend_test([5, 6, 8, 7, 9], [100] * 5, [2019, 2020, 2020, 2021, 2022])
    with pytest.raises(InputError, match="found 1 more than once"):
        stats.trend_test([5, 6, 8], [100] * 3, [1, 1, 1])


def test_trend_needs_five_periods():
    """Issue 25: trends were tested on three or four points. Fingertips' recent trends need
    five: PHEindicatormethods' assign_trend_markers gives "Cannot be calculated", "Not enough
    data points" below five (R/assign_trend_markers.R), and Fingertips' own TrendMarkerCalculator
    has PointsToUse = 5 (and a chi-squared threshold of 9.5495, 99.8%, which this project does
    not take: see docs/statistics.md)."""
    found = stats.trend_test([100, 92, 80, 73], [1000] * 4, range(4))
    assert np.isnan(found["change"]) and found["periods"] == 4
    assert found["reason"] == "there are fewer than five periods with counts"
    # a period with no denominator does not count
    found = stats.trend_test([100, 92, 80, 73, 60], [1000, 1000, 0, 1000, 1000], range(5))
    assert found["reason"] == "there are fewer than five periods with counts"
    assert stats.trend_test([100, 92, 80, 73, 60], [1000] * 5, range(5))["reason"] is None


def test_trend_at_100_percent():
    found = stats.trend_test([10, 12, 9, 8, 11], [10, 12, 9, 8, 11], range(5), kind="proportion")
    assert found["reason"] == "the figure was 100% in every period"


@pytest.mark.parametrize(
    "events, total", [([9, 10, 10, 10, 10], [10] * 5), ([18, 20, 19, 20, 20, 20], [20] * 6)]
)
def test_no_trend_p_value_where_the_fit_reaches_100_percent(events, total):
    """A fit on the 100% boundary gave p = 0.258 and 0.106 before; no test holds there."""
    found = stats.trend_test(events, total, range(len(events)), kind="proportion")
    assert found["reason"] == "the fitted figure reaches 100%, where the test does not hold"


# -- XmR ------------------------------------------------------------------------------------


def test_two_of_three_does_not_flag_a_low_point_in_a_high_run():
    """Issue 11: the rule flagged a point close to the lower limit as part of a high pair."""
    chart = stats.xmr([10, 11] * 10 + [12.6, 12.6, 8.6])
    last = chart.iloc[-3:]
    assert (last["value"].iloc[:2] > chart["near_upper"].iloc[0]).all()
    assert chart["lower"].iloc[0] < last["value"].iloc[2] < chart["near_lower"].iloc[0]  # close...
    assert last["two_of_three"].tolist() == [True, True, False]  # ...but not part of the pair
    assert last["rules"].iloc[0] == "one of 2 of 3 points in a row close to the upper process limit"


def test_moving_ranges_are_screened():
    """Issue 11: one spike widened the limits, hiding itself and every other signal.

    NHSRplotthedots (ptd_spc_standard): moving ranges of 3.267 times their mean or more are
    left out of the mean moving range.
    """
    values = [12, 12.5, 11.5, 12, 13, 12, 11, 12.5, 12, 11.5, 12, 13, 12, 12.5, 11.5, 12,
              13, 12, 11, 12.5, 30, 12, 12.5, 11.5]  # fmt: skip
    screened, plain = stats.xmr(values), stats.xmr(values, screen=False)
    moving = np.abs(np.diff(values))
    kept = moving[moving < 3.267 * moving.mean()]
    assert len(kept) == len(moving) - 2  # both ranges next to the spike
    assert screened["upper"].iloc[0] == pytest.approx(np.mean(values) + 2.66 * kept.mean())
    assert screened["upper"].iloc[0] - screened["lower"].iloc[0] < 0.4 * (
        plain["upper"].iloc[0] - plain["lower"].iloc[0]
    )
    assert screened["outside"].iloc[20] and screened["moving_range_used"].sum() == len(kept)


def test_xmr_with_gaps_and_too_few_points():
    chart = stats.xmr([10, np.nan, 12, 11])
    assert not chart["moving_range_used"].iloc[:3].any() and chart["moving_range_used"].iloc[3]
    assert chart["side"].iloc[1] == "" and not chart["special_cause"].iloc[1]
    one = stats.xmr([10])
    assert np.isnan(one["upper"].iloc[0]) and not one["special_cause"].any()
    assert one["centre"].iloc[0] == 10 and one["side"].iloc[0] == "on"
    assert stats.xmr([np.nan, 3])["side"].tolist() == ["", "on"]
    assert stats.xmr([]).empty


@pytest.mark.parametrize(
    ("observed", "target", "kind"),
    [
        ([38.1, 33.3, 41.0, 29.5], 0.35, "proportion"),  # per cent, not per head
        ([190.0, 320.0, 150.0, 240.0], 0.0021, "rate"),  # per 100,000, not per head
        ([56.0, 40.0, 61.0, 33.0], 0.0021, "rate"),  # counts passed for rates
    ],
)
def test_figures_on_the_tables_scale_are_refused_by_the_funnel(observed, target, kind):
    """Counts passed by mistake gave a dispersion factor of 10**11, and limits of nothing."""
    with pytest.raises(InputError, match="per head"):
        stats.overdispersion(observed, [20_000, 18_000, 25_000, 21_000], target, kind)


def test_figures_per_head_pass_the_scale_check():
    rates = np.array([190.0, 320.0, 150.0, 240.0]) / 100_000
    assert stats.overdispersion(rates, [20_000, 18_000, 25_000, 21_000], 0.0021, "rate") >= 1


def test_ratios_of_estimates_of_less_than_one_have_no_interval():
    """Issue 25: rate_ratio_ci(0.3, 100, 0.2, 100) gave 0.000004 to 147,336,635 and
    proportion_ratio_ci(0.2, 0.5, 0.1, 0.5) 0 to infinity: a conditional binomial of less than
    one trial, or a proportion of less than one child, bounds nothing."""
    ratio, lower, upper = stats.rate_ratio_ci(0.3, 100, 0.2, 100)
    assert ratio == pytest.approx(1.5) and np.isnan(lower) and np.isnan(upper)
    ratio, lower, upper = stats.proportion_ratio_ci(0.2, 0.5, 0.1, 0.5)
    assert ratio == pytest.approx(2.0) and np.isnan(lower) and np.isnan(upper)
    # one estimated event in all is enough, as a whole one is
    assert np.isfinite(stats.rate_ratio_ci(0.6, 100, 0.4, 100)[2])
