"""Disclosure control: nothing small shown, nothing recoverable, published rows untouched."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_helpers import assert_nothing_small_shown, assert_safe, own_rows
from yjanalysis.errors import InputError
from yjanalysis.methods import disclosure
from yjanalysis.methods.disclosure import attack, relations

GROUPS = ["White", "Black", "Asian", "Mixed", "Other"]


def custody_rows(counts, total=None, **extra):
    rows = [
        {
            "indicator": "custody_rate",
            "numerator": float(sum(counts) if total is None else total),
            "denominator": 20000.0,
            "value": 1.0,
            "lower": 0.5,
            "upper": 1.5,
        }
    ]
    for group, count in zip(GROUPS, counts, strict=False):
        rows.append(
            rows[0]
            | {
                "breakdown": "ethnicity",
                "group": group,
                "numerator": float(count),
                "value": count / 20.0,
            }
        )
    return own_rows([r | extra for r in rows])  # fmt: skip


def test_primary_suppression_hides_one_to_four_and_their_rates():
    shown, log = disclosure.suppress(custody_rows([30, 4, 0, 5, 1]))
    by_group = shown.set_index("group")
    assert pd.isna(by_group.loc["Black", "numerator"]) and pd.isna(by_group.loc["Black", "value"])
    assert (
        pd.isna(by_group.loc["Black", "lower"]) and by_group.loc["Black", "status"] == "suppressed"
    )
    assert by_group.loc["Asian", "numerator"] == 0  # a zero discloses no child
    primary = log[log["rule"] == "primary"]
    assert set(primary["group"]) == {"Black", "Other"}
    assert primary["reason"].eq("count below 5").all()


def test_secondary_suppression_protects_a_lone_cell():
    shown, log = disclosure.suppress(custody_rows([30, 3, 0, 6, 9]))
    hidden = set(shown.loc[shown["status"] == "suppressed", "group"])
    assert hidden == {"Black", "Mixed"}  # Mixed (6) is the smallest other count
    reason = log.set_index("group").loc["Mixed", "reason"]
    assert reason.startswith("protects custody_rate numerator, 2023-24, Black")
    assert "ethnicity groups add up to the total" in reason
    assert disclosure.audit(custody_rows([30, 3, 0, 6, 9]), shown).empty


def test_the_log_says_why_and_how_far_a_reader_gets_without_the_counts():
    rows = custody_rows([30, 3, 0, 6, 9])
    _, log = disclosure.suppress(rows)
    assert list(log.columns) == disclosure.LOG_COLUMNS
    assert log["threshold"].eq(5).all()
    # 3 + 6 = 9; the control stops solving once a count is safe, so it says "at least".
    assert log["reader_left_with"].tolist() == ["at least 8 values", "at least 8 values"]
    assert not {"numerator", "denominator", "value", "count"} & set(log.columns)


def test_the_audit_says_exactly_how_far_a_reader_gets_with_an_unsafe_page():
    """A count left alone beside its total is pinned down; the audit solves both ends."""
    rows = custody_rows([30, 3, 0, 6, 9])
    shown = rows.assign(status="published")
    black = shown["group"].eq("Black")
    shown.loc[black, ["numerator", "value"]] = np.nan
    shown.loc[black, "status"] = "suppressed"
    found = disclosure.audit(rows, shown)
    assert found.set_index("group").loc["Black", "reader_left_with"] == "1 value"
    pinned = attack.Range(3.0, 3.0, safe=False, exact=True)
    assert (pinned.values(), attack.Range(1.0, 8.0, safe=True).values()) == (
        "1 value",
        "at least 8 values",
    )


def test_small_denominators_and_means_of_few_pupils_are_hidden():
    rows = own_rows(
        [
            {"indicator": "persistent_absence", "breakdown": "pupil_group",
             "group": "Youth justice cohort", "numerator": 0.0, "denominator": 3.0},
            {"indicator": "attainment8", "breakdown": "pupil_group",
             "group": "Youth justice cohort", "denominator": 4.0, "value": 31.5},
        ]
    )  # fmt: skip
    shown, _ = disclosure.suppress(rows)
    assert shown["status"].eq("suppressed").all() and shown["value"].isna().all()


def test_a_figure_from_own_records_without_counts_is_not_shown():
    rows = own_rows([{"indicator": "ete_suitable", "value": 42.0}])
    shown, log = disclosure.suppress(rows)
    assert shown["status"].eq("suppressed").all()
    assert log["reason"].iloc[0] == "a figure with no count to check"


def test_threshold_is_configurable_and_checked():
    shown, _ = disclosure.suppress(custody_rows([30, 6, 7, 8, 9]), threshold=10)
    status = shown.set_index("group")["status"]
    assert status[["Black", "Asian", "Mixed", "Other"]].eq("suppressed").all()
    for bad in (1, 0, 4.5, "five", True):
        with pytest.raises(InputError, match="whole number of 2 or more"):
            disclosure.suppress(custody_rows([30, 6]), threshold=bad)


def test_published_rows_pass_through_unchanged():
    published = custody_rows([30, 1, 2, 3, 4], own_records=False, status="published")
    shown, log = disclosure.suppress(published)
    pd.testing.assert_frame_equal(shown, published)
    assert log.empty


def test_counts_without_a_denominator_are_not_hidden_for_its_absence():
    rows = custody_rows([30, 6, 7, 8, 9])
    rows["denominator"] = pd.NA
    shown, log = disclosure.suppress(rows)
    assert (shown["status"] != "suppressed").all() and log.empty


def test_a_relation_that_does_not_hold_is_not_used():
    # The groups add to 40, not the 45 the total row says: a reader cannot rely on it.
    rows = custody_rows([30, 6, 0, 0, 4], total=45)
    model = relations.build(rows)
    assert model.dropped == ["custody_rate: the ethnicity groups add up to the total"]


def test_the_ranges_match_a_hand_computation():
    # White 14, Black 3, Mixed 6 of 23: hide Black; Black = 23 - 14 - 6 is pinned.
    rows = own_rows(
        [{"indicator": "custody_share", "breakdown": "ethnicity", "group": g,
          "numerator": float(n), "denominator": 23.0}
         for g, n in (("White", 14), ("Black", 3), ("Mixed", 6))]
    )  # fmt: skip
    model = relations.build(rows)
    black, mixed = model.cells[(1, "numerator")], model.cells[(2, "numerator")]
    hidden = np.zeros(model.quantities, dtype=bool)
    hidden[black] = True
    pinned = attack.ranges(model, hidden, 5)[black]
    assert (pinned.lowest, pinned.highest, pinned.safe) == (3, 3, False)
    hidden[mixed] = True  # Black + Mixed = 9, each at least 1
    found = attack.ranges(model, hidden, 5)
    assert found[black].safe and found[mixed].safe
    assert found[black].highest == 8


@pytest.mark.slow
@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=5),
    st.booleans(),
)
@settings(max_examples=150, deadline=None)
def test_no_hidden_group_can_be_narrowed_by_a_brute_force_reader(counts, total_row):
    groups = GROUPS[: len(counts)]
    if total_row:
        rows = custody_rows(counts)
        whole = ("custody_rate", "numerator", "all", "2023-24")
        parts = [("custody_rate", "numerator", g, "2023-24") for g in groups]
    else:  # shares of a stage: the stage total is the denominator of every group's row
        if sum(counts) == 0:
            return
        rows = own_rows(
            [{"indicator": "custody_share", "breakdown": "ethnicity", "group": g,
              "numerator": float(n), "denominator": float(sum(counts))}
             for g, n in zip(groups, counts, strict=True)]
        )  # fmt: skip
        parts = [("custody_share", "numerator", g, "2023-24") for g in groups]
    shown, log = disclosure.suppress(rows)
    assert_nothing_small_shown(shown)
    assert len(log) == shown["status"].eq("suppressed").sum()
    if not total_row:
        visible = shown.loc[shown["status"] != "suppressed", "group"]
        taken_from = visible.iloc[0] if len(visible) else groups[0]
        whole = ("custody_share", "denominator", taken_from, "2023-24")
    relation = ([(p, 1) for p in parts] + [(whole, -1)], "=")
    # The brute-force reader checks the integer programme where it can try every value.
    assert_safe(shown, [relation], cap=40, most=3)
    assert disclosure.audit(rows, shown).empty


def test_a_refresh_refuses_to_publish_a_figure_that_could_be_worked_out(monkeypatch, tmp_path):
    from yjanalysis.report import context
    from yjanalysis.run import pipeline

    def leaky(table, threshold=5, published=None):
        raise disclosure.DisclosureError(
            "custody_share numerator, 2023-24, Black could be worked out from what the report "
            "shows, and no shown figure is left to hide to protect it."
        )

    own_rows([{"indicator": "children_remanded", "numerator": 7.0}]).to_parquet(
        tmp_path / "indicators.parquet"
    )
    monkeypatch.setattr(disclosure, "suppress", leaky)
    with pytest.raises(pipeline.RefreshError, match="nothing published: custody_share"):
        pipeline._control_once(tmp_path, "Southampton")
    assert not list(tmp_path.glob("disclosure-*"))
    monkeypatch.undo()
    shown, _ = context.controlled(tmp_path, "Southampton")
    assert {p.name for p in tmp_path.glob("disclosure-*")} == {
        "disclosure-southampton-t5.parquet", "disclosure-southampton-t5.json",
        "disclosure-log-southampton-t5.csv",
    }  # fmt: skip
    again, _ = context.controlled(
        tmp_path, "Southampton"
    )  # the copy is reused while the table is unchanged
    pd.testing.assert_frame_equal(shown, again)


def test_a_copy_left_half_replaced_by_a_stopped_refresh_is_controlled_again(tmp_path):
    """A refresh stopped after the controlled table was replaced but before its record."""
    from yjanalysis.report import context

    record = tmp_path / "disclosure-southampton-t5.json"
    first = own_rows([{"indicator": "children_remanded", "numerator": 7.0}])
    first.to_parquet(tmp_path / "indicators.parquet")
    context._LAST.clear()
    context.controlled(tmp_path, "Southampton")
    first_record = record.read_text()
    second = own_rows([{"indicator": "children_remanded", "numerator": 9.0}])
    second.to_parquet(tmp_path / "indicators.parquet")
    context._LAST.clear()
    context.controlled(tmp_path, "Southampton")
    record.write_text(first_record)  # the second table and log in place, the first's record
    first.to_parquet(tmp_path / "indicators.parquet")
    context._LAST.clear()
    shown, _ = context.controlled(tmp_path, "Southampton")
    assert shown["numerator"].tolist() == [7.0]  # not 9 from the other table (failed before)
    context._LAST.clear()
    again, _ = context.controlled(tmp_path, "Southampton")  # the copy is whole again: reused
    assert again["numerator"].tolist() == [7.0]


def published_by(rows, hidden=(), **counts):
    """The record of an earlier report of ``rows`` that hid ``hidden`` groups (and other counts)."""
    earlier = rows.copy()
    for group, count in counts.items():
        change = float(count) - earlier.loc[earlier["group"].eq(group), "numerator"].iloc[0]
        earlier.loc[earlier["group"].isin([group, "all"]), "numerator"] += change
    earlier.loc[earlier["group"].isin(hidden), "status"] = "suppressed"
    return disclosure.combine([disclosure.record(earlier)])


def test_what_an_earlier_report_hid_is_hidden_again_first():
    # On its own the control hides Mixed (6) beside Black (3); an earlier report hid Other (9)
    # for it: Other is hidden again, and Mixed stays shown as it was.
    rows = custody_rows([30, 3, 0, 6, 9])
    shown, _ = disclosure.suppress(rows, published=published_by(rows, ["Black", "Other"]))
    assert set(shown.loc[shown["status"] == "suppressed", "group"]) == {"Black", "Other"}
    assert disclosure.audit(rows, shown, published=published_by(rows, ["Black", "Other"])).empty


def test_what_an_earlier_report_showed_is_known_and_never_hidden_to_protect():
    # Total 30 and Mixed 6 were shown before; now Black is 3 and must be protected: Mixed
    # cannot protect it (a reader has it), so another group is hidden.
    rows = custody_rows([30, 3, 0, 6, 9])
    published = published_by(rows, ["Black", "Other", "White"])
    shown, _ = disclosure.suppress(rows, published=published)
    hidden = set(shown.loc[shown["status"] == "suppressed", "group"])
    assert "Mixed" not in hidden and "Black" in hidden and len(hidden) >= 2
    assert disclosure.audit(rows, shown, published=published).empty


def test_a_figure_an_earlier_report_showed_the_table_no_longer_has_is_still_known():
    # The total (48) was shown by an earlier report; this table has only the groups. Without
    # the record, hiding Black (3) alone leaves nothing to subtract it from; with it, the
    # groups shown and the total pin Black, and another group is hidden.
    rows = custody_rows([30, 3, 0, 6, 9])
    groups = rows[rows["breakdown"] != "total"].reset_index(drop=True)
    alone, _ = disclosure.suppress(groups)
    assert set(alone.loc[alone["status"] == "suppressed", "group"]) == {"Black"}
    published = disclosure.combine([disclosure.record(rows[rows["breakdown"] == "total"])])
    shown, _ = disclosure.suppress(groups, published=published)
    assert len(shown[shown["status"] == "suppressed"]) >= 2
    assert disclosure.audit(groups, shown, published=published).empty
    assert not disclosure.audit(groups, alone, published=published).empty


@pytest.mark.parametrize(
    "before, hidden", [(7, True), (5, True), (14, False), (2, False), (9, False)]
)
def test_a_figure_revised_by_fewer_than_the_threshold_is_hidden(before, hidden):
    # Mixed (and the total with it) was shown as ``before``; it is 9 now: a change of 1 to 4
    # counts records added or taken away since, which a reader would take from the two reports.
    rows = custody_rows([40, 6, 0, 9, 25])
    shown, log = disclosure.suppress(rows, published=published_by(rows, Mixed=before))
    mixed = shown.set_index("group").loc["Mixed"]
    assert (mixed["status"] == "suppressed") == hidden
    if hidden:
        assert log.set_index("group").loc["Mixed", "reason"].startswith("changed by fewer than 5")


def test_a_report_reads_what_the_services_earlier_reports_published(tmp_path):
    """``context.controlled`` reads each earlier report's record from the reports folder."""
    from yjanalysis.report import context

    rows = custody_rows([30, 3, 0, 6, 9])
    rows.to_parquet(tmp_path / "indicators.parquet")
    reports = tmp_path / "reports"
    alone, _ = context.controlled(tmp_path, "Southampton", reports=reports)
    assert set(alone.loc[alone["status"] == "suppressed", "group"]) == {"Black", "Mixed"}
    earlier = rows.assign(status=np.where(rows["group"].isin(["Black", "Other"]),
                                          "suppressed", "computed"))  # fmt: skip
    (reports / "southampton" / "2024-09").mkdir(parents=True)
    context.write_own_figures(earlier, reports / "southampton" / "2024-09")
    shown, _ = context.controlled(tmp_path, "Southampton", reports=reports)
    assert set(shown.loc[shown["status"] == "suppressed", "group"]) == {"Black", "Other"}
    # A record the refresh did not write is refused, naming it, rather than left out.
    (reports / "southampton" / "2024-06").mkdir()
    (reports / "southampton" / "2024-06" / "own-figures.csv").write_text("area,figure\n")
    with pytest.raises(InputError, match=r"2024-06/own-figures.csv is not a report's record"):
        context.controlled(tmp_path, "Southampton", reports=reports)


def test_a_record_re_saved_by_a_spreadsheet_is_refused_naming_row_and_column(
    tmp_path, demo_dir, capsys
):
    """Issue 30: an earlier report's own-figures.csv re-saved as UK Excel does (30/04/2020,
    TRUE) made the next refresh fail with exit status 1 and pandas' advice ("passing
    format=..."), and 01/09/2018 would have been read as 9 January. Expected one sentence naming
    the file, the row and the column, what to do, exit status 2 and nothing written; capitals
    alone (TRUE) are read as what they say."""
    from conftest import run_in_process
    from yjanalysis.report import context

    rows = custody_rows([30, 3, 0, 6, 9])
    rows.to_parquet(tmp_path / "indicators.parquet")
    reports = tmp_path / "reports"
    folder = reports / "southampton" / "2024-09"
    folder.mkdir(parents=True)
    context.write_own_figures(rows, folder)
    record = folder / "own-figures.csv"
    written = pd.read_csv(record, dtype=str, keep_default_na=False)
    before = context.earlier_reports(reports, "Southampton")
    written.assign(shown=written["shown"].str.upper()).to_csv(record, index=False)
    pd.testing.assert_frame_equal(context.earlier_reports(reports, "Southampton"), before)
    excel = written.assign(
        period_start=pd.to_datetime(written["period_start"]).dt.strftime("%d/%m/%Y"),
        shown=written["shown"].str.upper(),
    )
    excel.to_csv(record, index=False)
    says = "own-figures.csv: row 2, column period_start is '01/04/2023', not a date written "
    with pytest.raises(InputError, match=re.escape(says)):
        context.earlier_reports(reports, "Southampton")
    out, processed = tmp_path / "reports", tmp_path / "processed"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(demo_dir), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and says in lines[0], err
    assert "yjanalysis refresh --period-end 2024-09" in " ".join(err.split())
    assert not processed.exists() and sorted(p.name for p in folder.iterdir()) == [record.name]
    written.assign(shown="maybe").to_csv(record, index=False)
    with pytest.raises(InputError, match="row 2, column shown is 'maybe', not True or False"):
        context.earlier_reports(reports, "Southampton")


def test_every_relation_is_written_down_once_with_its_source():
    """docs/disclosure.md lists the model's relations, each with where its definition is."""
    from conftest import ROOT

    page = (ROOT / "docs" / "disclosure.md").read_text()
    for relation, source in relations.definitions():
        assert f"| {relation} | {source} |" in page, relation


def test_published_figures_no_count_of_the_table_can_agree_with_stop_the_control():
    # An earlier report showed the year to June 2022 as 10 custodial sentences; this table has
    # no such row, and its years either side (0, and 0) leave no quarter for them.
    from test_disclosure_attacks import rolling

    zeros = rolling("custody_rate", [0] * 8)
    earlier = zeros.iloc[[1]].assign(numerator=10.0, value=0.5)
    published = disclosure.combine([disclosure.record(earlier)])
    rows = zeros.drop(index=zeros.index[1]).reset_index(drop=True)
    with pytest.raises(disclosure.DisclosureError, match="cannot be reconciled"):
        disclosure.suppress(rows, published=published)
