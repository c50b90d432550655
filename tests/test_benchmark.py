"""Comparisons, ranks, change and disproportionality on the indicator table."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from conftest import make_table
from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.methods import benchmark, stats


def custody(area, value, numerator=None, denominator=None, period="2023-24", area_type="yjs",
            lower=None, upper=None):  # fmt: skip
    return {
        "area_type": area_type, "area": area, "indicator": "custody_rate", "period": period,
        "numerator": numerator, "denominator": denominator, "value": value,
        "lower": lower, "upper": upper, "status": "computed",
    }  # fmt: skip


@pytest.fixture
def table():
    from yjanalysis.table.intervals import add_intervals

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
    assert result.loc["England", "verdict"] == "could be chance"
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
    assert found["test"] == "exact conditional test" and found["reason"] is None
    assert benchmark.change(table, "Southampton", "custody_rate", years=3) is None


def _two_years(now, before, indicator="custody_rate", denominator=20_000):
    return make_table([
        custody("Southampton", now / denominator * 1000, now, denominator) | {
            "indicator": indicator},
        custody("Southampton", before / denominator * 1000, before, denominator,
                period="2022-23") | {"indicator": indicator},
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("before", "now", "p_value", "beyond"),
    [  # the exact conditional test: given 12 (or 14) sentences in the two years, binomial(1/2)
        (0, 12, 2 * 0.5**12, True),  # issue 11: was not judged at all
        (3, 11, 940 / 16384, False),  # issue 11: was called beyond chance (log interval)
        (12, 0, 2 * 0.5**12, True),
        (0, 0, 1.0, False),
    ],
)
def test_change_with_small_and_zero_counts(before, now, p_value, beyond):
    found = benchmark.change(_two_years(now, before), "Southampton", "custody_rate")
    assert found["p_value"] == pytest.approx(p_value)
    assert found["beyond_chance"] is beyond
    assert found["test"] in ("exact conditional test", "none counted in either period")


def test_change_in_a_proportion_uses_fishers_exact_test():
    table = make_table([
        custody("Southampton", 70.0, 7, 10) | {"indicator": "ete_suitable"},
        custody("Southampton", 10.0, 1, 10, period="2022-23") | {"indicator": "ete_suitable"},
    ])  # fmt: skip
    found = benchmark.change(table, "Southampton", "ete_suitable")
    # Fisher's exact test on [[7, 3], [1, 9]]: the tables as or less likely have 7, 8, 1 or 0
    # in the first cell, (C(8,7) C(12,3) + C(12,2)) * 2 = 3652 of the C(20,10) = 184756
    assert found["test"] == "Fisher's exact test"
    assert found["p_value"] == pytest.approx(3652 / 184756)
    assert found["beyond_chance"] is True and found["lower"] > 1
    assert set(found) >= {"period", "previous_period", "value", "previous_value", "ratio",
                          "lower", "upper", "direction", "beyond_chance"}  # fmt: skip


def test_change_with_estimated_counts_uses_the_score_test():
    found = benchmark.change(_two_years(30.4, 18.2), "Southampton", "custody_rate")
    assert found["test"] == "score test (the counts are estimates)"
    assert 0 < found["p_value"] < 1


def test_verdict_refuses_an_unknown_polarity():
    """Issue 11: verdict("higher", "Lower is better") returned "better"."""
    with pytest.raises(InputError, match="polarity must be one of"):
        benchmark.verdict("higher", "Lower is better")
    with pytest.raises(InputError, match="direction must be one of"):
        benchmark.verdict("Higher", "lower_is_better")
    assert benchmark.verdict("not assessed", "lower_is_better") == "not assessed"
    assert benchmark.verdict("lower", "higher_is_better") == "worse"


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
    assert {k: rank[k] for k in ("rank", "of", "tied", "period")} == {
        "rank": 10,
        "of": 11,
        "tied": False,
        "period": "2019-20",
    }
    assert (rank["best"], rank["worst"]) == (10, 10)  # no allowance: one place
    place = benchmark.quartile(table, "Southampton", "cautioned_or_sentenced_rate", "2019-20")
    assert place["quartile"] == 4 and place["of"] == 154
    change = benchmark.change(table, "Southampton", "cautioned_or_sentenced_rate", "2019-20", 3)
    # fell from 81.9 to 66.1 per 10,000, but the exact interval of the ratio (0.63 to 1.02)
    # includes 1
    assert change["previous_period"] == "2016-17" and change["direction"] == "down"
    assert round(change["previous_value"], 1) == 81.9 and change["beyond_chance"] is False
    assert (round(change["lower"], 2), round(change["upper"], 2)) == (0.63, 1.02)
    assert round(change["p_value"], 3) == 0.076 and change["test"] == "exact conditional test"


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


def _ethnicity(indicator, group, count, total, period="2023-24", status="computed"):
    value = None if count is None else 100 * count / total
    return {
        "area_type": "yjs", "area": "Southampton", "indicator": indicator, "period": period,
        "breakdown": "ethnicity", "group": group, "numerator": count, "denominator": total,
        "value": value, "lower": None, "upper": None, "status": status,
    }  # fmt: skip


@pytest.fixture
def stages():
    rows = [_ethnicity("population_share_10_17", g, c, 18_000, period="2021")
            for g, c in (("White", 15_000), ("Black", 1_000), ("Asian", 2_000))]  # fmt: skip
    for indicator, counts in (
        ("cautioned_or_sentenced_share", {"White": 100, "Black": 20, "Asian": 10}),
        ("court_share", {"White": 40, "Black": 12, "Asian": 3}),
        ("custody_share", {"White": None, "Black": 5, "Asian": 0}),  # White hidden
        ("remand_share", {"White": 0, "Black": 5, "Asian": 0}),
    ):
        total = sum(c or 3 for c in counts.values())
        rows += [
            _ethnicity(indicator, g, c, total, status="suppressed" if c is None else "computed")
            for g, c in counts.items()
        ]
    return make_table(rows)


def test_rri_reference_group_and_unassessed_stages(stages):
    """Issue 11: White got an interval from being compared with itself; a hidden or zero White
    count showed as "not significant" instead of "not assessed"."""
    found = benchmark.disproportionality(stages, "Southampton").set_index(["indicator", "group"])
    white = found.loc[("court_share", "White")]
    assert white["rri"] == 1 and np.isnan(white["rri_lower"]) and np.isnan(white["rri_upper"])
    assert white["rri_note"] == "reference group" and not white["rri_significant"]
    black = found.loc[("court_share", "Black")]
    # (12 / 1,000) / (40 / 15,000) = 4.5, exact interval of the conditional binomial
    assert (
        black["rri"] == pytest.approx(4.5) and black["rri_lower"] > 1 and black["rri_significant"]
    )
    assert black["rri_denominator"] == "children aged 10 to 17"
    hidden = found.loc["custody_share"]
    assert hidden["stage_note"].eq("the number of White children at this stage is hidden").all()
    assert hidden.loc["Black", "rri_note"].startswith("not assessed") and np.isnan(
        hidden.loc["Black", "rri"])  # fmt: skip
    zero = found.loc["remand_share"]
    assert zero["stage_note"].eq("there are no White children at this stage").all()
    assert not found["rri_significant"].loc[["custody_share", "remand_share"]].any()


def test_rri_sentence_says_not_assessed(stages):
    from yjanalysis.report.sections import by_ethnicity

    found = benchmark.disproportionality(stages, "Southampton")
    ratios = found[found["indicator"] != "population_share_10_17"].dropna(subset=["rri"])
    text = by_ethnicity._rri_sentence(ratios)
    assert "Black children are more likely than White children" in text
    assert "At the sentenced to custody stage no relative rate index is assessed: the number " \
           "of White children at this stage is hidden." in text  # fmt: skip
    assert "At the remanded stage no relative rate index is assessed" in text
    assert "No group's rate" not in text
    assert "children aged 10 to 17" in text


def test_rri_sentence_claims_nothing_of_a_group_whose_count_is_hidden():
    """A councillor's finding: with every ethnic minority count hidden, the page said that no
    group's rate differed from White children's "at the stages assessed", when none had been."""
    from yjanalysis.report.sections import by_ethnicity

    rows = [_ethnicity("population_share_10_17", g, c, 18_000, period="2021")
            for g, c in (("White", 15_000), ("Black", 1_000), ("Asian", 2_000))]  # fmt: skip
    for indicator, counts in (
        ("cautioned_or_sentenced_share", {"White": 100, "Black": None, "Asian": None}),
        ("court_share", {"White": 40, "Black": 3, "Asian": 5}),
    ):
        total = sum(c or 3 for c in counts.values())
        rows += [
            _ethnicity(indicator, g, c, total, status="suppressed" if c is None else "computed")
            for g, c in counts.items()
        ]
    found = benchmark.disproportionality(make_table(rows), "Southampton")
    ratios = found[found["indicator"] != "population_share_10_17"]
    hidden = ("At the cautioned or sentenced stage no relative rate index is assessed for "
              "Black or Asian children: each group's count is hidden.")  # fmt: skip
    text = by_ethnicity._rri_sentence(ratios)
    assert hidden in text
    # The stage assessed is named, and the others said to be unassessed (failed before: "at the
    # stages assessed" read to a board member as about the whole system).
    assert text.startswith(
        "Only at the sentenced at court stage could an index be assessed: there, the rates of "
        "Black children and Asian children do not differ from White children's by more than "
        "chance would explain. At the other stages no index is assessed"
    )
    # Nothing assessed anywhere: no sentence about groups that do not differ.
    alone = by_ethnicity._rri_sentence(
        ratios[ratios["indicator"] == "cautioned_or_sentenced_share"]
    )
    assert "No group's rate" not in alone and hidden in alone


def test_rri_sentence_names_together_the_stages_unassessed_for_one_reason():
    """Where every index was hidden, Newport's paper said "At the ... stage no relative rate
    index is assessed for Ethnic minority children: the group's count is hidden" once for each
    stage, five times in one paragraph. Stages left unassessed for one reason share a
    sentence."""
    from yjanalysis.report.sections import by_ethnicity

    rows = [_ethnicity("population_share_10_17", g, c, 18_000, period="2021")
            for g, c in (("White", 15_000), ("Black", 1_000), ("Asian", 2_000))]  # fmt: skip
    for indicator in ("cautioned_or_sentenced_share", "court_share"):
        counts = {"White": 100, "Black": None, "Asian": None}
        rows += [
            _ethnicity(indicator, g, c, 106, status="suppressed" if c is None else "computed")
            for g, c in counts.items()
        ]
    found = benchmark.disproportionality(make_table(rows), "Southampton")
    text = by_ethnicity._rri_sentence(found[found["indicator"] != "population_share_10_17"])
    assert text.count("no relative rate index is assessed") == 1, text
    assert (
        "At the cautioned or sentenced and sentenced at court stages no relative rate index is "
        "assessed for Black or Asian children: each group's count is hidden." in text
    ), text


def test_rri_against_the_preceding_stage(stages):
    found = benchmark.disproportionality(stages, "Southampton", denominator="preceding stage")
    found = found.set_index(["indicator", "group"])
    court = found.loc[("court_share", "Black")]
    # (12 / 20) / (40 / 100) = 1.5, against children cautioned or sentenced
    assert court["rri"] == pytest.approx(1.5)
    assert court["rri_denominator"] == "children at the stage before (cautioned or sentenced)"
    assert court["rri_lower"] < 1.5 < court["rri_upper"]
    assert found.loc[("remand_share", "Black"), "rri_note"] == (
        "not assessed: the inputs do not count the children this stage is drawn from"
    )
    with pytest.raises(InputError, match="denominator must be one of"):
        benchmark.disproportionality(stages, "Southampton", denominator="previous")


def test_change_in_reoffences_per_child_is_judged_from_the_two_intervals():
    """Issue 25: the exact test of two Poisson counts treated each reoffence as independent;
    reoffences cluster in children. The change is judged from the figures' intervals (made
    from each child's count): standard errors on the log scale of 0.25 and 0.2 here."""
    z = 1.959964
    now, before = 1.5, 1.0
    rows = [
        {"area_type": "yjs", "area": "Southampton", "indicator": "reoffending_frequency",
         "period": period, "numerator": value * 100, "denominator": 100, "value": value,
         "lower": value * np.exp(-z * se), "upper": value * np.exp(z * se),
         "status": "computed"}
        for period, value, se in (("2023-24", now, 0.25), ("2022-23", before, 0.2))
    ]  # fmt: skip
    found = benchmark.change(make_table(rows), "Southampton", "reoffending_frequency")
    error = np.hypot(0.25, 0.2)
    assert found["test"] == "the two figures' intervals (reoffences cluster in children)"
    assert found["p_value"] == pytest.approx(2 * sps.norm.sf(np.log(1.5) / error))
    assert found["lower"] == pytest.approx(1.5 * np.exp(-z * error), rel=1e-6)
    assert found["beyond_chance"] is False  # p = 0.21: 150 reoffences against 100 could be chance
    exact = stats.rate_ratio_test(150, 100, 100, 100)
    assert exact < 0.01  # what the exact test of two counts said: "beyond chance"
    rows[0]["lower"] = rows[0]["upper"] = None
    found = benchmark.change(make_table(rows), "Southampton", "reoffending_frequency")
    assert found["beyond_chance"] is None and "no interval" in found["reason"]


def test_a_change_between_estimates_of_less_than_one_is_not_judged():
    """Issue 25: estimated counts of 0.3 and 0.2 sentences gave a ratio "between 0.000004 and
    147,336,635", and proportions of 0.2 of 0.5 and 0.1 of 0.5 children one of 0 to infinity,
    each said to be a change that "could be chance", with no reason."""
    found = benchmark.change(_two_years(0.3, 0.2), "Southampton", "custody_rate")
    assert found["beyond_chance"] is None and np.isnan(found["lower"])
    assert found["reason"] == (
        "the counts are estimates of less than one in the two periods together, too few to "
        "judge a change by"
    )
    rows = [
        {"area_type": "yjs", "area": "Southampton", "indicator": "ete_suitable", "period": period,
         "numerator": count, "denominator": 0.5, "value": 200 * count, "status": "published"}
        for period, count in (("2023-24", 0.2), ("2022-23", 0.1))
    ]  # fmt: skip
    found = benchmark.change(make_table(rows), "Southampton", "ete_suitable")
    assert found["beyond_chance"] is None and np.isnan(found["upper"])
    assert found["reason"] == (
        "the totals are estimates of less than one, too few to judge a change by"
    )


def test_a_change_in_a_count_or_an_average_says_it_is_not_tested():
    """Issue 25: a count of 7 children remanded against 8 was said to have "no counts"."""
    rows = [
        {"area_type": "yjs", "area": "Southampton", "indicator": "children_remanded",
         "period": period, "numerator": count, "value": count, "status": "computed"}
        for period, count in (("2024", 7), ("2023", 8))
    ]  # fmt: skip
    found = benchmark.change(make_table(rows), "Southampton", "children_remanded")
    assert found["beyond_chance"] is None
    assert found["reason"] == "a change in a count of children is not tested here"
    for row in rows:
        row |= {"indicator": "attainment8", "denominator": 40, "numerator": None}
    found = benchmark.change(make_table(rows), "Southampton", "attainment8")
    assert found["reason"] == "a change in an average score is not tested here"


@settings(max_examples=60, deadline=None)
@given(
    areas=st.lists(st.sampled_from(["A", "B", "Wales", None]), min_size=0, max_size=30),
    wanted=st.sampled_from(["A", "B", "Wales", "Nowhere"]),
)
def test_rows_selected_by_area_are_the_rows_a_mask_selects(areas, wanted):
    """The rows of an area, kept once per table, are those a comparison selects, in order,
    and a table grown in place is indexed again."""
    table = pd.DataFrame(
        {"area": areas, "indicator": "x", "period": "p", "breakdown": "total", "group": "all",
         "area_type": "region", "value": range(len(areas))}
    )  # fmt: skip
    naive = table[table["area"].eq(wanted).fillna(False).astype(bool)]
    chosen = benchmark._select(table, wanted, area_type="region")
    assert chosen["value"].tolist() == naive["value"].tolist()
    table.loc[len(table)] = [wanted, "x", "p", "total", "all", "region", 999]
    assert benchmark._select(table, wanted, area_type="region")["value"].tolist()[-1] == 999


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(1, 100),
    half=st.floats(0.1, 50),
    comparator=st.floats(0.5, 150),
    tolerance=st.sampled_from([0.0, 0.1, 0.25]),
)
def test_a_verdict_against_a_figure_defined_another_way_clears_the_definitions(
    value, half, comparator, tolerance
):
    """Higher or lower against a publication whose definition differs only where the interval
    clears its figure moved by the stated amount towards the service's; beyond chance but not
    beyond that, the difference is "within definitions", never "similar". Failed before:
    Southampton's 36.8-56.3 was called higher than its family's 33.6% though 33.6% + 25% (42.0)
    lies inside it."""
    lower, upper = value - half, value + half
    said = benchmark.difference(value, lower, upper, comparator, tolerance)
    if said == "higher":
        assert lower > comparator * (1 + tolerance)
    elif said == "lower":
        assert upper < comparator * (1 - tolerance)
    elif said == "within definitions":
        assert tolerance > 0 and (lower > comparator or upper < comparator)
    else:
        assert said == "similar" and lower <= comparator <= upper
    assert benchmark.difference(value, lower, upper, comparator) != "similar" or (said == "similar")


def test_southamptons_reoffending_is_within_definitions_of_its_family_not_the_region():
    """The board member's own figures: 36.8-56.3 against 33.6% and 33.0% (plus 25%: 42.0 and
    41.3, inside the interval) and the South East's 28.9% (36.1, below it). Failed before."""
    assert benchmark.difference(46.4, 36.8, 56.3, 33.6, 0.25) == "within definitions"
    assert benchmark.difference(46.4, 36.8, 56.3, 33.0, 0.25) == "within definitions"
    assert benchmark.difference(46.4, 36.8, 56.3, 28.9, 0.25) == "higher"
    assert benchmark.verdict("within definitions", "lower_is_better") == (
        "could be chance or definitions"
    )


def test_a_table_promised_unchanging_answers_each_question_once(table, monkeypatch):
    """Within ``unchanging`` a figure, period or comparison is found once and given again as a
    copy of its own, so a caller that changes its answer changes no other's; the answers are
    dropped as the block ends, so a table changed afterwards is asked again."""
    plain = benchmark.compare(table, "Southampton", "custody_rate")
    selections = []
    rows_of_area = benchmark._rows_of_area

    def counted(*args):
        selections.append(args[1])
        return rows_of_area(*args)

    monkeypatch.setattr(benchmark, "_rows_of_area", counted)
    with benchmark.unchanging(table):
        first = benchmark.compare(table, "Southampton", "custody_rate")
        made = len(selections)
        first.loc[0, "value"] = -1.0  # a caller changing its answer
        again = benchmark.compare(table, "Southampton", "custody_rate")
        row = benchmark.figure(table, "Southampton", "custody_rate")
        row["value"] = -2.0
        assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 0.49
        assert len(selections) == made  # every row selection above was made once
    pd.testing.assert_frame_equal(again, plain)
    table.loc[table["area"].eq("Southampton") & table["period"].eq("2023-24"), "value"] = 0.75
    assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 0.75
    with benchmark.unchanging(table):
        assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 0.75


def test_a_table_kept_for_its_life_answers_each_question_once_until_changed(table, monkeypatch):
    """A report's table (``keep_answers``, as ``context.load`` gives it) is asked each question
    once for as long as it lives, with no block around its use; a change made to it in place
    (a value, a column, a row) is seen at the next question, and its answers go with it."""
    selections = []
    rows_of_area = benchmark._rows_of_area

    def counted(*args):
        selections.append(args[1])
        return rows_of_area(*args)

    monkeypatch.setattr(benchmark, "_rows_of_area", counted)
    table = benchmark.keep_answers(table.copy())
    assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 0.49
    benchmark.compare(table, "Southampton", "custody_rate")
    made = len(selections)
    benchmark.compare(table, "Southampton", "custody_rate")
    assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 0.49
    assert len(selections) == made
    latest = table["area"].eq("Southampton") & table["period"].eq("2023-24")
    table.loc[latest, "value"] = 0.75
    assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 0.75
    table.loc[latest, "period"] = "2030-31"
    assert benchmark.latest_period(table, "Southampton", "custody_rate") == "2030-31"
    table["value"] = table["value"] * 2  # a column given again
    assert benchmark.figure(table, "Southampton", "custody_rate")["value"] == 1.5
    with benchmark.unchanging(table):  # a block within its life leaves it kept
        benchmark.figure(table, "Southampton", "custody_rate")
    assert id(table) in benchmark._UNCHANGING
    key = id(table)
    del table
    gc.collect()
    assert key not in benchmark._UNCHANGING


def test_a_report_context_keeps_its_tables_answers(demo_dir, demo_build, tmp_path):
    """Every notebook's table, as ``context.load`` gives it, keeps its answers for its life,
    and the next notebook of the same report in the process is given the same table with
    them; one changed in place is not given again (the next is cut afresh, as it was)."""
    from yjanalysis.report import context

    def load():
        return context.load(
            "Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed, reports=tmp_path
        )

    first = load()
    assert benchmark._UNCHANGING[id(first.table)].table() is first.table
    again = load()
    assert again.table is first.table
    assert benchmark.unchanged(first.table)
    as_given = first.table.copy()
    first.table.loc[0, "value"] = -1.0
    assert not benchmark.unchanged(first.table)
    fresh = load()
    assert fresh.table is not first.table
    pd.testing.assert_frame_equal(fresh.table, as_given)
    assert benchmark.unchanged(fresh.table)
    earlier = context.load(
        "Southampton", "2023-12", raw=demo_dir, processed=demo_build.processed, reports=tmp_path
    )
    assert earlier.table is not fresh.table
    assert earlier.table["period_end"].max() <= pd.Timestamp("2023-12-31")


def test_the_compare_command_s_change_and_rank_are_of_one_source(demo_build, capsys):
    """Issue 30: ``compare fte_rate`` said the own records' 2024 (247) had "risen from 226",
    the published 2023 (its own 2023 is 245), and ranked it "3rd of 3 in its family" among
    other services' own records beside "No comparator has a figure"."""
    from yjanalysis.cli import main

    main(["compare", "--yjs", "Southampton", "--indicator", "fte_rate",
          "--processed", str(demo_build.processed)])  # fmt: skip
    said = " ".join(capsys.readouterr().out.split())
    assert "was 250 per 100,000" in said, said  # on the mid-2023 population
    assert "No comparator has a figure" in said and "in its family" not in said
    assert "It ranks" not in said  # as a rank reads since a ninth reading
    assert "risen from 245" in said and "226" not in said
    table = demo_build.indicators
    found = benchmark.change(table, "Southampton", "fte_rate", "2024")
    assert found["previous_period"] == "Jan 2023 – Dec 2023"
    # The published 2023 is still compared with the published 2022 and ranked among its family.
    assert benchmark.change(table, "Southampton", "fte_rate", "2023")["previous_value"] == 199
    assert benchmark.family_rank(table, "Southampton", "fte_rate", "2023")["of"] == 9


def test_a_gap_beyond_chance_within_the_allowance_is_still_higher_saying_what_sources_explain():
    """A tenth reading: Newport's first time entrants, 251 against Wales's 155 (62% higher),
    were "could be chance or the difference in definitions", a non-verdict a councillor reads
    as a dodge. The service's interval clears the figure: it is higher, and worse, and the
    comparison says how much of the gap the two sources could explain (``part`` where the
    service's figure clears the allowance, ``whole`` where only its interval's far end does).
    Failed before: "within definitions", verdict "could be chance or definitions"."""
    rows = [
        custody("Southampton", 0.49, lower=0.40, upper=0.60) | {"own_records": True},
        custody("South East", 0.38, area_type="region"),  # 0.40 > 0.38, < 0.418; 0.49 > 0.418
        custody("England", 0.45, area_type="country"),  # 0.40 < 0.45: could be chance
        custody("England and Wales", 0.20, area_type="england_wales"),  # 0.40 > 0.22: clear
    ]
    found = benchmark.compare(make_table(rows), "Southampton", "custody_rate", tolerance=0.10)
    found = found.set_index("comparator")
    assert found.loc["South East", ["difference", "sources", "verdict"]].tolist() == [
        "higher",
        "part",
        "worse",
    ]
    assert found.loc["England", ["difference", "sources"]].tolist() == ["similar", ""]
    assert found.loc["England and Wales", ["difference", "sources"]].tolist() == ["higher", ""]
    whole = [custody("Southampton", 0.41, lower=0.395, upper=0.43) | {"own_records": True},
             custody("South East", 0.38, area_type="region")]  # fmt: skip
    found = benchmark.compare(make_table(whole), "Southampton", "custody_rate", tolerance=0.10)
    assert found.set_index("comparator").loc["South East", "sources"] == "whole"
