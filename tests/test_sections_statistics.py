"""The sentences and charts that report the statistics: method named, no impossible figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import make_table
from yjanalysis import reference
from yjanalysis.report import plots, sections
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections import over_time
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


def _years(counts, denominators, indicator="custody_rate"):
    rows = []
    for i, (count, denominator) in enumerate(zip(counts, denominators, strict=True)):
        year = 2019 + i
        rows.append({
            "area_type": "yjs", "area": "Southampton", "indicator": indicator,
            "period": f"{year}-{(year + 1) % 100:02d}", "numerator": count,
            "denominator": denominator, "value": count / denominator, "status": "computed",
        })  # fmt: skip
    return make_table(rows).sort_values("period_end")


def test_trend_sentence_names_the_method_and_allows_for_overdispersion():
    own = _years([200, 150, 230, 160, 120, 140], [20_000] * 6)
    text = over_time._trend_sentence(own, catalogue_indicator("custody_rate"), True)
    assert text.startswith("Over these 6 years there is no trend beyond what chance would produce")
    assert "quasi-Poisson regression on time" in text and "% a year" in text


def test_trend_sentence_without_an_estimate_says_why():
    """Issue 11: counts [0, 0, 0, 5] were printed as "+16235076885% a year"."""
    own = _years([0, 0, 0, 5], [20_000] * 4)
    text = over_time._trend_sentence(own, catalogue_indicator("custody_rate"), True)
    assert text == "A trend could not be estimated: every event fell in the last period."


def test_trend_sentence_for_a_percentage_is_relative():
    """Issue 11: for proportions the change was an odds ratio printed as "% a year"."""
    counts = np.rint(1000 * 0.2 * 1.25 ** np.arange(5))
    own = _years(counts, [1000] * 5, indicator="ete_suitable")
    text = over_time._trend_sentence(own, catalogue_indicator("ete_suitable"), True)
    assert "rising by about 25% of its value a year" in text
    assert "binomial regression on time (log link)" in text


@pytest.fixture
def proportion_services():
    """Reoffending counts for twelve services, with cohorts far from round numbers."""
    others = [name for name in reference.register().index if name != "Southampton"]
    services = ["Southampton", *others[:11]]
    rng = np.random.default_rng(7)
    rows = []
    for service in services:
        cohort = int(rng.integers(40, 400))
        count = int(rng.binomial(cohort, 0.33))
        rows.append({
            "area_type": "yjs", "area": service, "indicator": "reoffending_binary",
            "period": "2022-23", "numerator": count, "denominator": cohort,
            "value": 100 * count / cohort, "status": "computed",
        })  # fmt: skip
    return make_table(rows)


def test_funnel_for_a_proportion_draws_limits(proportion_services, monkeypatch):
    """Issue 11: for proportions every plotted limit was nan (a funnel with no funnel)."""
    drawn = {}

    def capture(points, limits, target, spec, title, service):
        drawn["limits"] = limits
        return None

    monkeypatch.setattr(plots, "funnel", capture)
    monkeypatch.setattr(plots, "show", lambda fig, alt, note=None: None)
    ctx = ReportContext(
        yjs="Southampton", period_end=pd.Timestamp("2023-03-31"), audience="board",
        table=proportion_services, suppressed=pd.DataFrame(), families=reference.families(),
        synthetic=True,
    )  # fmt: skip
    part = sections.funnel(ctx, "reoffending_binary")
    limits = drawn["limits"].drop(columns="denominator")
    assert limits.notna().all().all() and (limits >= 0).all().all()
    assert (limits <= 100).all().all()  # per cent
    sentence = part.sentences[-1]
    assert "Among 12 services in 2022-23, Southampton" in sentence
    assert "limits from the Wilson score interval (PHE method)" in sentence
