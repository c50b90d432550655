"""Sentences for councillors: what they say, and what they must never say."""

from __future__ import annotations

import re

import pytest

from conftest import make_table
from yjanalysis import disclosure, narrative
from yjanalysis.indicators.intervals import add_intervals


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
    assert "It is higher than its family average (0.20), the South East region (0.30), " in text
    assert "larger than chance would explain" in text
    assert "lower is better, so this is worse" in text


def test_lower_and_better():
    table = build([row("Southampton", 0.05, 10, 200_000), *comparators()])
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "It is lower than" in text and "so this is better" in text


def test_similar_with_small_numbers():
    table = build([row("Southampton", 0.44, 9, 20_279), *comparators(0.5, 0.4, 0.45, 0.45)])
    text = narrative.describe(table, "Southampton", "custody_rate")
    assert "higher" not in text and "lower" not in text
    assert "It is similar to its family average (0.50)" in text
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
    table = build([row("Southampton", 147, indicator="fte_rate", period="2023"),
                   row("South East", 139, indicator="fte_rate", period="2023",
                       area_type="region")])  # fmt: skip
    text = narrative.describe(table, "Newport", "fte_rate")
    assert text == (
        "There is no figure for Newport for the rate of first time entrants: "
        "its source covers English authorities only."
    )


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
    assert "Since 2022-23 it has risen from 0.50; the change is larger than chance" in text


@pytest.mark.parametrize(("n", "text"), [(1, "1st"), (2, "2nd"), (13, "13th"), (22, "22nd")])
def test_ordinals(n, text):
    assert narrative.ordinal(n) == text
