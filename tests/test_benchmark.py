"""Comparisons, ranks, change and disproportionality on the indicator table."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import make_table
from yjanalysis import benchmark, reference


def custody(area, value, numerator=None, denominator=None, period="2023-24", area_type="yjs",
            lower=None, upper=None):  # fmt: skip
    return {
        "area_type": area_type, "area": area, "indicator": "custody_rate", "period": period,
        "numerator": numerator, "denominator": denominator, "value": value,
        "lower": lower, "upper": upper, "status": "computed",
    }  # fmt: skip


@pytest.fixture
def table():
    from yjanalysis.indicators.intervals import add_intervals

    rows = [
        custody("Southampton", 0.49, 10, 20_279),
        custody("Southampton", 0.25, 5, 20_000, period="2022-23"),
        custody("Southampton family", 0.30, area_type="family"),
        custody("South East", 0.10, area_type="region"),
        custody("England", 0.48, area_type="country"),
        custody("England and Wales", 0.49, area_type="england_wales"),
    ]
    members = reference.families()["Southampton"]
    for i, member in enumerate(members):
        rows.append(custody(member, 0.1 + 0.05 * i, 5 + i, 20_000))
    return add_intervals(make_table(rows))


def test_comparators_of_english_and_welsh_services():
    assert [c.area_type for c in benchmark.comparators("Portsmouth")] == [
        "family", "region", "country", "england_wales",
    ]  # fmt: skip
    assert "England" not in [c.area for c in benchmark.comparators("Wrexham")]


def test_compare_says_higher_only_beyond_the_interval(table):
    result = benchmark.compare(table, "Southampton", "custody_rate").set_index("comparator")
    # 10 sentences in 20,279: 0.49 (0.24 to 0.91) per 1,000
    assert result.loc["South East", "difference"] == "higher"
    assert result.loc["South East", "verdict"] == "worse"
    assert result.loc["Southampton family", "difference"] == "similar"
    assert result.loc["England", "verdict"] == "no real difference"
    assert set(result["period"]) == {"2023-24"}


def test_compare_without_a_figure_is_empty(table):
    assert benchmark.compare(table, "Portsmouth", "fte_rate").empty


def test_rank_handles_ties(table):
    tied = table.copy()
    tied.loc[(tied["area"] == "Bristol") & (tied["period"] == "2023-24"), "value"] = 0.49
    rank = benchmark.family_rank(tied, "Southampton", "custody_rate")
    assert rank["of"] == 11 and rank["tied"] is True
    # lower is better: Southampton (0.49) ties with Bristol behind the others below 0.49
    assert rank["rank"] == sum(0.1 + 0.05 * i < 0.49 for i in range(1, 10)) + 1


def test_quartile(table):
    found = benchmark.quartile(table, "Southampton", "custody_rate")
    # 0.49 ranks 9th of 11 (lower is better): the third quarter
    assert found == {"quartile": 3, "rank": 9, "of": 11, "period": "2023-24"}


def test_change_since_previous_year(table):
    found = benchmark.change(table, "Southampton", "custody_rate")
    assert found["previous_period"] == "2022-23" and found["direction"] == "up"
    assert found["beyond_chance"] is False  # 5 to 10 sentences could be chance
    assert benchmark.change(table, "Southampton", "custody_rate", years=3) is None


def test_disproportionality_in_the_demo(demo_build):
    found = benchmark.disproportionality(demo_build.indicators, "Southampton")
    stage = found[found["indicator"] == "cautioned_or_sentenced_share"].set_index("group")
    assert stage.loc["White", "rri"] == pytest.approx(1.0)
    assert stage.loc["Mixed", "rri"] > 1 and stage.loc["Mixed", "rri_significant"]
    assert (stage["share_lower"] <= stage["share"]).all()
    population = found[found["indicator"] == "population_share_10_17"]
    assert population["share"].sum() == pytest.approx(100, abs=0.1)


def test_real_southampton_2019_20_against_its_comparators(public_build):
    """Southampton, children cautioned or sentenced per 10,000, 2019-20 (YJB open data)."""
    table = public_build.indicators
    result = benchmark.compare(table, "Southampton", "cautioned_or_sentenced_rate", "2019-20")
    result = result.set_index("comparator")
    assert list(result.index) == [
        "Southampton family", "South East", "England", "England and Wales",
    ]  # fmt: skip
    assert result["value"].round(2).unique().tolist() == [66.08]
    assert (result["difference"] == "higher").all() and (result["verdict"] == "worse").all()
    assert result.loc["Southampton family", "comparator_value"] == pytest.approx(45.6163, 1e-4)
    assert result.loc["England and Wales", "comparator_value"] == pytest.approx(34.8058, 1e-4)
    rank = benchmark.family_rank(table, "Southampton", "cautioned_or_sentenced_rate", "2019-20")
    assert rank == {"rank": 10, "of": 11, "tied": False, "period": "2019-20"}
    place = benchmark.quartile(table, "Southampton", "cautioned_or_sentenced_rate", "2019-20")
    assert place["quartile"] == 4 and place["of"] == 154
    change = benchmark.change(table, "Southampton", "cautioned_or_sentenced_rate", "2019-20", 3)
    # fell from 81.9 to 66.1 per 10,000, but the ratio's interval (0.64 to 1.02) includes 1
    assert change["previous_period"] == "2016-17" and change["direction"] == "down"
    assert round(change["previous_value"], 1) == 81.9 and change["beyond_chance"] is False


def test_real_disproportionality_shares(public_build):
    found = benchmark.disproportionality(public_build.indicators, "Southampton", "2019-20")
    assert set(found["group"]) >= {"White", "Black", "Mixed", "Asian"}
    assert found["share"].sum() == pytest.approx(100, abs=0.5)
    assert found["rri"].isna().all()  # no population by ethnic group among the public files
    assert isinstance(found, pd.DataFrame)


def test_a_service_named_like_a_pcc_area_is_picked_by_type():
    """West Mercia and Hampshire are both services and PCC areas."""
    table = make_table([
        custody("Hampshire", 0.2, 10, 50_000),
        custody("Hampshire", 0.9, 90, 100_000, area_type="pcc"),
        custody("England", 0.4, area_type="country"),
    ])  # fmt: skip
    assert benchmark.figure(table, "Hampshire", "custody_rate")["value"] == 0.2
    assert benchmark.figure(table, "Hampshire", "custody_rate", area_type="pcc")["value"] == 0.9
    assert len(benchmark.compare(table, "Hampshire", "custody_rate")) == 1
