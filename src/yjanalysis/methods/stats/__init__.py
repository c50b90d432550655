"""Statistical methods: intervals, ratios, exact tests, funnel limits, trends and SPC.

One function per method, each vectorised where that makes sense (array in, array out; pandas
Series are accepted and give arrays), each citing the source of its formula, and each using
statsmodels or scipy where they already implement it.

One convention, for every function here and in :mod:`yjanalysis.methods.benchmark`:

* **A gap stays a gap.** A missing count or denominator (``None``, ``nan``) gives ``nan`` in
  its place, so a column with gaps can be passed whole.
* **No figure where none can exist.** Where the inputs are possible but no figure can be made
  from them, the result is ``nan`` and the function says why: each docstring lists the cases
  (a denominator of zero; a ratio whose reference count is zero; a trend with fewer than five
  periods), and functions that return a dict or a table carry the reason in words
  (``reason`` or ``note``).
* **Impossible input is refused.** A negative or infinite count or denominator, a numerator
  above its denominator for a proportion, a confidence level outside (0, 1) (``95`` is refused,
  not read as 95%), an unknown ``kind`` or a missing or sub-unit dispersion factor raise
  :class:`~yjanalysis.errors.InputError` with one sentence naming the argument and the value.

The methods live in one module each (intervals, ratios of two figures, funnel limits, trend,
control chart; the argument checks they share in ``checks``); every public function is
imported here, so ``stats.proportion_ci`` is the name to use.
"""

from yjanalysis.methods.stats.checks import (
    KINDS,
    PROPORTION_PAIR,
    RATE_PAIR,
    check_confidence,
    check_counts,
    check_kind,
)
from yjanalysis.methods.stats.control_chart import XMR_RULES, xmr
from yjanalysis.methods.stats.funnel import funnel_limits, funnel_method, overdispersion
from yjanalysis.methods.stats.intervals import (
    clustered_rate_ci,
    mean_ci,
    mean_ci_from_values,
    proportion_ci,
    rate_ci,
)
from yjanalysis.methods.stats.ratios import (
    proportion_difference_test,
    proportion_ratio_ci,
    rate_ratio_ci,
    rate_ratio_test,
)
from yjanalysis.methods.stats.trend import TREND_MINIMUM, trend_test

__all__ = [
    "KINDS",
    "PROPORTION_PAIR",
    "RATE_PAIR",
    "TREND_MINIMUM",
    "XMR_RULES",
    "check_confidence",
    "check_counts",
    "check_kind",
    "clustered_rate_ci",
    "funnel_limits",
    "funnel_method",
    "mean_ci",
    "mean_ci_from_values",
    "overdispersion",
    "proportion_ci",
    "proportion_difference_test",
    "proportion_ratio_ci",
    "rate_ci",
    "rate_ratio_ci",
    "rate_ratio_test",
    "trend_test",
    "xmr",
]
