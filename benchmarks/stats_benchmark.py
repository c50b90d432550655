"""Time per call of the statistics a report computes many times, and how often they are right.

Speed: each figure is the median of several repeats, in one warm process (imports excluded):
the cost a notebook pays per chart or sentence. The slowest is the score interval of a ratio of
two proportions, found by root-finding for each pair. Targets: every call under 50 ms; the
intervals of a whole indicator column (64,000 rows) under 1 s.

Accuracy, by simulation (seeded, so the figures repeat exactly):

* the trend test's **false-positive rate**: how often six yearly figures with no trend are
  said to show "a trend larger than chance" (the trend's interval excludes no change), with
  and without extra variation between years; it should be about 5%;
* the **coverage** of the intervals of reoffences per child and per reoffender: how often the
  interval the build gives a cohort contains the true rate, when reoffences cluster in a few
  children (as they do); it should be about 95%.

Run: .venv/bin/python benchmarks/stats_benchmark.py
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np
import pandas as pd

from yjanalysis.methods import stats


def timed(call, repeats: int = 7) -> float:
    """Return the median wall time of ``call`` in milliseconds."""
    call()  # warm caches and lazy imports
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    n = rng.integers(1, 50_000, 64_000)
    k = rng.binomial(n, 0.3)
    grid = np.geomspace(40, 60_000, 200)
    quarters = rng.poisson(30, 80).astype(float)
    reoffences = np.where(rng.random(150) < 1 / 3, 1 + rng.negative_binomial(1, 1 / 3.7, 150), 0)
    cases = {
        "proportion_ci, 64,000 rows": lambda: stats.proportion_ci(k, n),
        "rate_ci, 64,000 rows": lambda: stats.rate_ci(k, n),
        "rate_ratio_ci, 64,000 pairs": lambda: stats.rate_ratio_ci(k, n, k[::-1], n[::-1]),
        "proportion_ratio_ci, one pair (score inversion)": lambda: stats.proportion_ratio_ci(
            37, 120, 21, 131
        ),
        "proportion_ratio_ci, one pair at 100%": lambda: stats.proportion_ratio_ci(10, 10, 7, 10),
        "rate_ratio_test, one pair": lambda: stats.rate_ratio_test(134, 20_279, 153, 18_672),
        "proportion_difference_test, one pair": lambda: stats.proportion_difference_test(
            37, 120, 21, 131
        ),
        "funnel_limits, rates, 200 points x 2 levels": lambda: stats.funnel_limits(
            grid, 0.004, "rate", dispersion=2.0
        ),
        "funnel_limits, proportions, 200 points": lambda: stats.funnel_limits(grid, 0.35),
        "trend_test, 8 years (quasi-Poisson)": lambda: stats.trend_test(
            [200, 150, 230, 160, 120, 140, 150, 170], [10_000] * 8, range(8)
        ),
        "xmr, 80 quarters": lambda: stats.xmr(quarters),
        "clustered_rate_ci, a cohort of 150 children": lambda: stats.clustered_rate_ci(reoffences),
    }
    width = max(len(name) for name in cases)
    for name, call in cases.items():
        print(f"{name:<{width}}  {timed(call):8.2f} ms")
    print()
    print("Trend test: six yearly figures with no trend, 1,000 series each (seed 25)")
    for name, rate in trend_false_positives().items():
        print(f"  {name:<62} {rate:6.1%} said to have a trend")
    print()
    print("Reoffence intervals: 2,000 cohorts each (seed 25); 95% intervals should cover 95%")
    for name, rate in reoffence_coverage().items():
        print(f"  {name:<62} {rate:6.1%} covered")


#: The scenarios of the trend test's false-positive rate: (kind, denominator, level, and the
#: spread between years on the log scale, 0 for none).
TREND_SCENARIOS = {
    "proportion, 200 children a year, 30%": ("proportion", 200, 0.30, 0.0),
    "proportion, 200 children a year, 30%, extra variation": ("proportion", 200, 0.30, 0.15),
    "rate, 100 a year per 20,000": ("rate", 20_000, 0.005, 0.0),
    "rate, 100 a year per 20,000, extra variation": ("rate", 20_000, 0.005, 0.15),
}


def trend_false_positives(series: int = 1000, years: int = 6, seed: int = 25) -> dict:
    """Return, for each scenario, the share of trend-free series said to have a trend."""
    rng = np.random.default_rng(seed)
    found = {}
    for name, (kind, total, level, spread) in TREND_SCENARIOS.items():
        said = 0
        for _ in range(series):
            true = level * np.exp(rng.normal(0, spread, years)) if spread else np.full(years, level)
            if kind == "proportion":
                counts = rng.binomial(total, np.clip(true, 0, 1))
            else:
                counts = rng.poisson(total * true)
            result = stats.trend_test(counts, [total] * years, range(years), kind)
            said += bool(result["lower"] > 0 or result["upper"] < 0)
        found[name] = said / series
    return found


#: Cohorts whose reoffences cluster in children: (children, share who reoffend, reoffences per
#: reoffender, shape of the negative binomial of their reoffences beyond the first).
COHORTS = {
    "a year's cohort of 150 children": (150, 1 / 3, 3.7, 1.0),
    "a quarter's cohort of 40 children": (40, 1 / 3, 3.7, 1.0),
}


def reoffence_coverage(cohorts: int = 2000, seed: int = 25) -> dict:
    """Return, for each cohort size and figure, the share of intervals covering the truth.

    Each child reoffends with the cohort's probability; a reoffender commits one reoffence
    plus a negative binomial number more (mean 2.7, shape 1: most commit one to three, a few
    many more). The intervals are those the build gives the cohort's row.
    """
    rng = np.random.default_rng(seed)
    found = {}
    for name, (children, share, per_reoffender, shape) in COHORTS.items():
        covered = {"per child": 0, "per reoffender": 0}
        extra = per_reoffender - 1
        for _ in range(cohorts):
            reoffends = rng.random(children) < share
            more = rng.negative_binomial(shape, shape / (shape + extra), children)
            counts = np.where(reoffends, 1 + more, 0)
            lower, upper = _reoffence_intervals(counts)
            covered["per child"] += lower[0] <= share * per_reoffender <= upper[0]
            covered["per reoffender"] += lower[1] <= per_reoffender <= upper[1]
        for figure, hits in covered.items():
            found[f"reoffences {figure}, {name}"] = hits / cohorts
    return found


def _reoffence_intervals(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The intervals the build gives a cohort's two rows, from each child's count.

    Before issue 25 the build gave these rows the exact Poisson interval of their totals
    (``add_intervals``); it now makes them where the records are, from each child's count
    (:func:`yjanalysis.methods.stats.clustered_rate_ci`).
    """
    from yjanalysis.table.caselevel.indicators import _reoffence_intervals as made

    entries = pd.DataFrame(
        {"cohort_of": 0, "child_id": np.arange(len(counts)), "reoffences": counts}
    )
    per_child, per_reoffender = made(entries, [[0]])
    return (
        np.array([per_child[0, 0], per_reoffender[0, 0]]),
        np.array([per_child[0, 1], per_reoffender[0, 1]]),
    )


if __name__ == "__main__":
    main()
