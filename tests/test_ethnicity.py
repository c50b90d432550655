"""Ethnic groups combined: sums of single groups over one whole, never a partial sum."""

import pandas as pd

from yjanalysis.vocabulary import ethnicity


def _rows(groups, numerators, denominators, status="computed"):
    return pd.DataFrame(
        {
            "area_type": "yjs",
            "area": "A",
            "indicator": "court_share",
            "period": "2023-24",
            "period_start": pd.Timestamp("2023-04-01"),
            "period_end": pd.Timestamp("2024-03-31"),
            "breakdown": "ethnicity",
            "group": groups,
            "numerator": numerators,
            "denominator": denominators,
            "source": "yjb",
            "status": status,
            "own_records": False,
        }
    )


def test_minority_groups_add_up_to_one_figure():
    rows = _rows(["White", "Asian", "Black", "Unknown"], [30.0, 4.0, 6.0, 2.0], 42.0)
    out = ethnicity.combined(rows).set_index("group")
    assert out.loc["Ethnic minority", "numerator"] == 10
    assert out.loc["White", "value"] == 30 / 42 * 100
    assert out["numerator"].sum() == 42


def test_a_hidden_single_group_leaves_the_combined_figure_unmade():
    rows = _rows(["White", "Asian", "Black"], [30.0, None, 6.0], 40.0)
    out = ethnicity.combined(rows).set_index("group")
    assert out.loc["Ethnic minority", "status"] == "suppressed"
    assert pd.isna(out.loc["Ethnic minority", "numerator"])


def test_groups_over_different_wholes_give_no_combined_figure():
    # A family pooled over the members that report each group: 5 of 90 and 14 of 71 are
    # shares of different wholes, and their sum is no share of either.
    rows = _rows(["White", "Mixed", "Black"], [69.0, 5.0, 14.0], [90.0, 90.0, 71.0])
    assert ethnicity.combined(rows).empty
