"""Time per call of the statistics a report computes many times.

Each figure is the median of several repeats, in one warm process (imports excluded): the cost
a notebook pays per chart or sentence. The slowest is the score interval of a ratio of two
proportions, found by root-finding for each pair. Targets: every call under 50 ms; the
intervals of a whole indicator column (64,000 rows) under 1 s.

Run: .venv/bin/python benchmarks/stats_benchmark.py
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np

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
    }
    width = max(len(name) for name in cases)
    for name, call in cases.items():
        print(f"{name:<{width}}  {timed(call):8.2f} ms")


if __name__ == "__main__":
    main()
