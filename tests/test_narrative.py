"""Sentences for councillors: what they say, and what they must never say."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import make_table
from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import narrative
from yjanalysis.table.intervals import add_intervals


def row(area, value, numerator=None, denominator=None, area_type="yjs", period="2023-24",
        indicator="custody_rate", source="YJB", **extra):  # fmt: skip
    return {
        "area_type": area_type, "area": area, "indicator": indicator, "period": period,
        "numerator": numerator, "denominator": denominator, "value": value, "source": source,
        "status": "computed",
    } | extra  # fmt: skip


def comparators(family=0.2, region=0.3, england=0.4, ew=0.4):
    return [
        row("Southampton family", family, area_type="family"),
        row("South East", region, area_type="region"),
        row("England", england, area_type="country"),
        row("England and Wales", ew, area_type="england_wales"),
    ]


def build(rows):
    return add_intervals(make_table(rows))


def test_higher_and_worse_beyond_chance():
    table = build([row("Southampton", 2.47, 50, 20_279), *comparators()])
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "2.47 per 1,000 aged 10–17 (50 custodial sentences)" in text
    # The comparison is named (issue 26): against each area's figure, with the interval.
    assert (
        "Against each area's figure, using the service's 95% interval, it is higher than its "
        "family (0.20), the South East region (0.30), "
    ) in text
    assert "larger than chance would explain" in text
    assert "lower is better, so this is worse" in text


def test_lower_and_better():
    table = build([row("Southampton", 0.05, 10, 200_000), *comparators()])
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "using the service's 95% interval, it is lower than" in text
    assert "so this is better" in text


def test_similar_with_small_numbers():
    table = build([row("Southampton", 0.44, 9, 20_279), *comparators(0.5, 0.4, 0.45, 0.45)])
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "higher" not in text and "lower" not in text and "similar" not in text
    assert (
        "Against each area's figure, using the service's 95% interval, the differences from "
        "its family (0.50)" in text
    )
    assert "could be chance" in text
    assert "The numbers are small (9 custodial sentences)" in text


def test_suppressed_figure_is_never_repeated():
    rows = [row("Southampton", 3 / 20_279 * 1000, 3, 20_279, source="extract",
                own_records=True), *comparators()]  # fmt: skip
    shown, _ = disclosure.suppress(build(rows))
    text = narrative.describe(shown, "Southampton", "custody_rate")
    assert "is hidden to protect the children behind it" in text
    assert not re.search(r"\b3\b", text) and "0.15" not in text
    assert "cannot be compared" in text


def test_missing_for_a_welsh_service_says_why():
    lait = "raw/lait.csv (FirstYJS)"
    table = build([row("Southampton", 147, indicator="fte_rate", period="2023", source=lait),
                   row("South East", 139, indicator="fte_rate", period="2023",
                       area_type="region", source=lait)])  # fmt: skip
    text = narrative.describe(table, "Newport", "fte_rate")
    assert text == (
        "There is no figure for Newport's rate of first time entrants: its source here, the "
        "Department for Education's local authority figures (LAIT), covers English authorities "
        "only."
    )


def test_a_source_that_covers_wales_is_not_called_english_only():
    # The YJB publishes custody for Welsh services too: an input without them is just silent.
    table = build([row("Southampton", 0.3, indicator="custody_rate"),
                   row("England", 0.2, area_type="country")])  # fmt: skip
    text = narrative.describe(table, "Newport", "custody_rate")
    assert "English" not in text
    assert "the inputs give it for other services, but none for Newport" in text
    # custody is also computed from a service's own records: the reader is told neither exists
    assert text.endswith("and the inputs include none for Newport.")


def test_published_rate_without_counts_is_not_judged():
    table = build([row("Southampton", 38.0, indicator="reoffending_binary", period="2022-23"),
                   row("England", 31.0, indicator="reoffending_binary", period="2022-23",
                       area_type="country")])  # fmt: skip
    text = narrative.describe(table, "Southampton", "reoffending_binary")
    assert "cannot be judged" in text
    assert "higher" not in text and "similar" not in text


def test_change_sentence():
    table = build([
        row("Southampton", 2.47, 50, 20_279),
        row("Southampton", 0.5, 10, 20_000, period="2022-23"),
    ])  # fmt: skip
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "Since the financial year 2022-23 it has risen from 0.50; the change is larger" in text


def test_a_change_below_the_decimals_shown_is_not_called_a_rise():
    """A councillor's finding: "it has risen from 0.88" beside a figure of 0.88."""
    table = build([
        row("Southampton", 2.47, 50, 20_279),
        row("Southampton", 2.466, 50, 20_276, period="2022-23"),
    ])  # fmt: skip
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "It is about the same as in the financial year 2022-23 (2.47 then too)" in text
    assert "risen" not in text and "fallen" not in text


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (13, "13th"), (22, "22nd")])
def test_ordinals(n, text):
    assert narrative.ordinal(n) == text


def test_a_groups_figure_names_the_group_not_the_service():
    """Finding 1: the youth justice cohort's Attainment 8 is not the city's."""
    table = build([
        row("Southampton", 11.2, None, 63, indicator="attainment8", period="2023/24",
            breakdown="pupil_group", group="Youth justice cohort", source="local extract: x"),
        row("Southampton", 42.8, indicator="attainment8", period="2023/24"),
    ])  # fmt: skip
    text = narrative.describe(table, "Southampton", "attainment8", None, "pupil_group",
                              "Youth justice cohort")  # fmt: skip
    assert text.startswith(
        "In the academic year 2023/24, the average Attainment 8 score of the youth justice "
        "cohort (children known to the service, matched to school records) in Southampton was "
        "11.2 (63 pupils)."
    )
    assert "Southampton's average Attainment 8 score was 11.2" not in text


def test_figures_from_the_services_own_records_are_not_called_english_only():
    """Finding 6: custody for a Welsh service is missing because it has no extract."""
    table = build([
        row("Southampton", 0.7, 15, 20_000, period="2024", source="local extract: demo",
            own_records=True),
        row("England and Wales", 0.12, period="2024", area_type="england_wales",
            source="YJB quarterly data summary"),
    ])  # fmt: skip
    text = narrative.describe(table, "Newport", "custody_rate")
    assert "English authorities only" not in text
    assert "computed from its own case-level records, and the inputs include none for Newport" in (
        text
    )


def test_a_missing_group_is_not_explained_by_a_contradiction():
    """Finding 11: "published only by total (all)" beside an All pupils bar."""
    table = build([row("Southampton", 42.8, indicator="attainment8", period="2023/24")])
    text = narrative.describe(table, "Southampton", "attainment8", None, "pupil_group",
                              "Youth justice cohort")  # fmt: skip
    assert "published only by" not in text
    assert "the inputs give it for all pupils in Southampton, but not for the youth justice" in (
        text
    )


@pytest.mark.parametrize(
    ("label", "start", "end", "words", "short"),
    [
        ("2024", "2024-01-01", "2024-12-31", "calendar year 2024", "2024"),
        ("2023-24", "2023-04-01", "2024-03-31", "financial year 2023-24", "2023-24"),
        ("2023/24", "2023-09-01", "2024-08-31", "academic year 2023/24", "2023/24"),
        ("Jul 2022 – Jun 2023", "2022-07-01", "2023-06-30", "12 months to June 2023", "Jun 2023"),
        ("Apr 2023 – Jun 2023", "2023-04-01", "2023-06-30", "3 months to June 2023", "Jun 2023"),
        ("[x](javascript:alert(1))", "2023-04-01", "2024-03-31", "financial year 2023-24",
         "2023-24"),
    ],
)  # fmt: skip
def test_periods_are_named_in_words_from_their_dates(label, start, end, words, short):
    """Finding 9: one way of naming periods, made from dates (never from a label's text)."""
    import pandas as pd

    first, last = pd.Timestamp(start), pd.Timestamp(end)
    assert narrative.period_words(label, first, last) == words
    assert narrative.period_words(label, first, last, short=True) == short


def test_no_change_is_said_in_plain_english():
    """Finding 10: not "it has stayed from 4.6%"."""
    spec = __import__("yjanalysis.vocabulary.catalogue", fromlist=["x"]).indicator("neet_16_17")
    found = {"previous_period": "2022-23", "previous_value": 4.6, "direction": "no change",
             "beyond_chance": None}  # fmt: skip
    text = narrative.change_sentence(found, spec, "the financial year 2022-23")
    assert "stayed from" not in text
    # The same figure, with no test said: "unchanged (whether the change is real cannot be
    # judged)" read as a contradiction to a board member (failed before).
    assert text == "It is the same as in the financial year 2022-23 (4.6%)."


def test_a_difference_within_chance_is_never_called_sameness():
    """Finding 10: "no real difference" claims sameness; the words say it could be chance."""
    from yjanalysis.report import tables

    assert benchmark.verdict("similar", "lower_is_better") == "could be chance"
    assert tables.marker("could be chance") == tables.marker("similar") == "● could be chance"


def test_a_change_that_cannot_be_judged_says_why():
    """Issue 25: every change that could not be judged was said to lack counts, including
    estimates too small to judge and reoffences without an interval."""
    from yjanalysis.vocabulary.catalogue import indicator

    found = {"previous_period": "2022-23", "previous_value": 0.01, "value": 0.015,
             "direction": "up", "beyond_chance": None,
             "reason": "the counts are estimates of less than one in the two periods together, "
                       "too few to judge a change by"}  # fmt: skip
    text = narrative.change_sentence(found, indicator("custody_rate"), "the financial year 2022-23")
    assert text.endswith(
        "(whether the change is real cannot be judged: the counts are estimates of less than one "
        "in the two periods together, too few to judge a change by)."
    )
    assert "without counts" not in text


@pytest.mark.parametrize(
    ("periods", "said"),
    [
        # Issue 24: "2013-14 to 2024-25" hid the four years with no figure.
        (["2013-14", "2014-15", "2019-20", "2024-25"],
         "financial year 2013-14 to financial year 2014-15, financial year 2019-20 and financial "
         "year 2024-25 (none from April 2015 to March 2019 or April 2020 to March 2024)"),
        (["2017-18", "2018-19", "2019-20"], "financial year 2017-18 to financial year 2019-20"),
        (["2024-25"], "financial year 2024-25"),
        (["2022", "2023", "2024"], "calendar year 2022 to calendar year 2024"),
        (["2023-24", "2024"], "financial year 2023-24 to calendar year 2024"),
    ],
)  # fmt: skip
def test_the_periods_line_names_each_gap(periods, said):
    from yjanalysis.report.sections.notes import periods_covered

    rows = make_table([row("Southampton", 1.0, period=p) for p in periods])
    twice = make_table([row("England", 1.0, area_type="country", period=p) for p in periods])
    assert periods_covered(pd.concat([rows, twice])) == said


def test_counts_on_the_last_day_of_each_month_are_one_run_unless_months_are_missing():
    from yjanalysis.report.sections.notes import periods_covered

    ends = pd.date_range("2020-04-30", "2024-12-31", freq="ME")
    days = pd.DataFrame({"period": [f"{d:%-d %B %Y}" for d in ends], "period_start": ends,
                         "period_end": ends})  # fmt: skip
    assert periods_covered(days) == "30 April 2020 to 31 December 2024"
    gap = days[(days["period_end"] < "2021-01-01") | (days["period_end"] > "2021-12-31")]
    said = periods_covered(gap)
    assert said.startswith("30 April 2020 to 31 December 2020 and 31 January 2022 to ")
    assert said.endswith("(none from January 2021 to January 2022)")


def test_a_welsh_services_missing_total_names_the_group_it_has_in_plain_words():
    """Newport's paper said "(the inputs give it for Youth justice cohort in Newport)", a
    sentence made of the table's labels. Failed before: the group was named by its label."""
    table = build([row("Newport", 155.4, indicator="capped9", period="2023/24",
                       breakdown="pupil_group", group="Youth justice cohort",
                       own_records=True, source="local extract")])  # fmt: skip
    why = narrative._missing_reason(table, "Newport", "capped9", "pupil_group", "all")
    assert "Youth justice cohort" not in why
    assert "the inputs give it for" not in why
    assert why.endswith(
        "which is not available to this report, though this report has Newport's figure for the "
        "youth "
        "justice cohort (children known to the service, matched to school records)"
    ), why
