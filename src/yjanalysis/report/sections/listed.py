"""Which figures a report heads with, and which of their changes its front page lists.

Below the sections that say them (the headline table, the latest figures' sentences), so
that each can ask without importing the other.
"""

from __future__ import annotations

import math

from yjanalysis.methods import benchmark
from yjanalysis.report import wales
from yjanalysis.report.context import ReportContext

__all__ = ["CHANGES_LISTED", "HEADLINES", "headline_figures", "listed_since_last_report"]

HEADLINES = [
    ("fte_rate", "total", "all"),
    ("reoffending_binary", "total", "all"),
    ("custody_rate", "total", "all"),
    ("cautioned_or_sentenced_rate", "total", "all"),
    ("syv_rate", "total", "all"),
    ("ete_suitable", "total", "all"),
    # Post-16 children ending an order with no education, training or work: the seed's "55%
    # ... are also NEET", a passing sentence with no row or trend to an eleventh reader.
    ("neet_post16_order_end", "total", "all"),
    ("attainment8", "pupil_group", "Youth justice cohort"),
    ("attainment8", "total", "all"),
    ("persistent_absence", "pupil_group", "Youth justice cohort"),
    ("neet_16_17", "total", "all"),
]


def headline_figures(ctx: ReportContext) -> list[tuple[str, str, str]]:
    """Return the headline figures of a report, each in its nation's measure (:data:`HEADLINES`).

    A Welsh service's school results are Wales's Capped 9 points score, not Attainment 8.
    """
    return [(wales.measure(ctx.yjs, i), b, g) for i, b, g in HEADLINES]


#: How many changes since the last report the front page lists.
CHANGES_LISTED = 4


def listed_since_last_report(ctx: ReportContext) -> list[tuple[str, str, str]]:
    """Return the headline figures whose change since the last report the front page lists.

    Beyond chance first, then the largest (as a share), at most :data:`CHANGES_LISTED`, in the
    order the front page lists them; none where the settings name no earlier report.
    """
    since = ctx.settings.last_report if ctx.settings is not None else None
    if since is None or since >= ctx.period_end:
        return []
    found = []
    for indicator, breakdown, group in headline_figures(ctx):
        change = benchmark.change_since(ctx.table, ctx.yjs, indicator, since, breakdown, group)
        if not change or change["direction"] == "no change" or not change["previous_value"]:
            continue
        size = abs(math.log(change["value"] / change["previous_value"])) if change["value"] else 9
        found.append((change["beyond_chance"] is not True, -size, (indicator, breakdown, group)))
    found.sort(key=lambda item: item[:2])
    return [key for *_, key in found[:CHANGES_LISTED]]
