"""Disclosure control: nothing small shown, nothing recoverable, published rows untouched."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_table
from yjanalysis import disclosure

GROUPS = ["White", "Black", "Asian", "Mixed", "Other"]


def local_rows(counts, total=None, source="local extract: demo", indicator="custody_rate"):
    rows = [
        {
            "area_type": "yjs", "area": "Southampton", "indicator": indicator,
            "period": "2023-24", "breakdown": "total", "group": "all",
            "numerator": float(sum(counts) if total is None else total), "denominator": 20000.0,
            "value": 1.0, "lower": 0.5, "upper": 1.5, "source": source, "status": "computed",
        }
    ]  # fmt: skip
    for group, count in zip(GROUPS, counts, strict=False):
        rows.append(rows[0] | {"breakdown": "ethnicity", "group": group,
                               "numerator": float(count), "value": count / 20.0})  # fmt: skip
    return make_table(rows)


def test_primary_suppression_hides_one_to_four_and_their_rates():
    shown, audit = disclosure.suppress(local_rows([30, 4, 0, 5, 1]))
    by_group = shown.set_index("group")
    assert pd.isna(by_group.loc["Black", "numerator"]) and pd.isna(by_group.loc["Black", "value"])
    assert (
        pd.isna(by_group.loc["Black", "lower"]) and by_group.loc["Black", "status"] == "suppressed"
    )
    assert by_group.loc["Asian", "numerator"] == 0  # zero is not disclosive
    assert by_group.loc["Mixed", "numerator"] == 5
    assert set(audit["group"]) == {"Black", "Other"}
    assert audit["reason"].str.startswith("primary").all()


def test_secondary_suppression_protects_a_lone_cell():
    shown, audit = disclosure.suppress(local_rows([30, 3, 0, 6, 9]))
    hidden = set(shown.loc[shown["status"] == "suppressed", "group"])
    assert hidden == {"Black", "Mixed"}  # Mixed (6) is the smallest other non-zero count
    assert audit.set_index("group").loc["Mixed", "reason"] == "secondary: protects Black"
    assert disclosure.recoverable(shown).empty


def test_small_denominators_are_hidden():
    rows = local_rows([8, 6, 0, 0, 0])
    rows.loc[rows["group"] == "Black", "denominator"] = 3.0
    shown, _ = disclosure.suppress(rows)
    assert shown.set_index("group").loc["Black", "status"] == "suppressed"


def test_threshold_is_configurable():
    shown, _ = disclosure.suppress(local_rows([30, 6, 7, 8, 9]), threshold=10)
    status = shown.set_index("group")["status"]
    assert status[["Black", "Asian", "Mixed", "Other"]].eq("suppressed").all()
    assert status["White"] != "suppressed"


def test_published_rows_pass_through_unchanged():
    published = local_rows([30, 1, 2, 3, 4], source="YJB Children table")
    shown, audit = disclosure.suppress(published)
    pd.testing.assert_frame_equal(shown, published)
    assert audit.empty


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=5))
@settings(max_examples=300, deadline=None)
def test_no_hidden_cell_is_recoverable(counts):
    shown, audit = disclosure.suppress(local_rows(counts))
    visible = shown[shown["status"] != "suppressed"]
    assert not visible["numerator"].between(1, 4).any()
    assert disclosure.recoverable(shown).empty or (
        # a lone hidden cell is only allowed when every other group is zero, and then the
        # total itself is small enough to be hidden too
        shown.loc[shown["breakdown"] == "total", "status"].eq("suppressed").all()
    )
    assert len(audit) == (shown["status"] == "suppressed").sum()


def test_counts_without_a_denominator_are_not_hidden_for_its_absence():
    rows = local_rows([30, 6, 7, 8, 9])
    rows["denominator"] = pd.NA
    shown, audit = disclosure.suppress(rows)
    assert (shown["status"] != "suppressed").all() and audit.empty
    assert shown["numerator"].notna().all()
