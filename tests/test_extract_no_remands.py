"""A remands table with its header and no rows: no child remanded in the records' span.

A small service can remand no child in the years its records cover. Its remands table, a
header alone, is read as zero remands (not as a missing table): children remanded and remand
episodes are counted as none, children in custody are counted without remands, the zeros go
through disclosure control like any zero, and the build and the remand section say in one
sentence that the records hold no remand. Every other table of an extract empty stays refused.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from conftest import run_in_process
from yjanalysis.errors import InputError
from yjanalysis.inputs import readers
from yjanalysis.methods import disclosure
from yjanalysis.report import scrutiny
from yjanalysis.table.build import read_inputs
from yjanalysis.table.caselevel import custody_today
from yjanalysis.table.caselevel import extract as case_extract
from yjanalysis.table.caselevel import indicators as case
from yjanalysis.vocabulary import periods
from yjanalysis.vocabulary import schema as table

CHILDREN = """\
child_id,yjs,date_of_birth,sex,ethnicity_group
A,Portsmouth,2006-01-01,Male,White
B,Portsmouth,2007-03-01,Female,Black
C,Portsmouth,2007-06-01,Male,White
"""

# Offences through five years; one child sentenced to custody and released.
OFFENCES = "offence_id,child_id,offence_date,offence_group,gravity_score,outcome_date," + (
    "outcome_type,first_hearing_date,court_type,successful_appeal,release_date\n"
    + "".join(
        f"O{i},{'ABC'[i % 3]},{2019 + i // 4}-{1 + 3 * (i % 4):02d}-05,Theft and handling,2,"
        f"{2019 + i // 4}-{1 + 3 * (i % 4):02d}-20,Youth caution,,None,N,\n"
        for i in range(20)
    )
    + "S1,A,2021-02-01,Robbery,6,2021-05-01,Detention and training order,2021-02-10,"
    "Youth court,N,2021-08-01\n"
)

HEADER_ONLY = "remand_id,child_id,remand_start,remand_end,remand_type\n"


def _extract(folder, remands=HEADER_ONLY):
    for name, text in (("children", CHILDREN), ("offences", OFFENCES), ("remands", remands)):
        (folder / f"{name}.csv").write_text(text)
    frames, _, ignored = read_inputs(folder)
    assert not ignored, ignored  # the empty table is read, not set aside
    return case_extract.assemble(frames)


@pytest.fixture
def extract(tmp_path):
    return _extract(tmp_path)


def test_a_header_only_remands_table_is_read_as_no_remands(tmp_path):
    (tmp_path / "remands.csv").write_text(HEADER_ONLY)
    frame = readers.read(tmp_path / "remands.csv")
    assert frame.attrs["kind"] == "extract_remands" and frame.empty
    assert pd.api.types.is_datetime64_any_dtype(frame["remand_start"])


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("offences", OFFENCES.splitlines()[0]),
        ("children", CHILDREN.splitlines()[0]),
        ("orders", "order_id,child_id,order_type,order_start,order_end"),
    ],
)
def test_every_other_extract_table_with_no_rows_is_still_refused(tmp_path, name, header):
    (tmp_path / f"{name}.csv").write_text(header + "\n")
    with pytest.raises(InputError, match="has a header but no rows below it"):
        readers.read(tmp_path / f"{name}.csv")


def test_no_remands_are_zero_counts_not_a_missing_table(extract):
    assert "remands" in extract.files and extract.remands.empty
    population = pd.DataFrame(
        {"yjs": "Portsmouth", "year": list(range(2018, 2026)), "age_group": "10 to 17",
         "population": 15_000.0}
    )  # fmt: skip
    rows = case.all_indicators(extract, population)
    for indicator in ("children_remanded", "remand_episodes"):
        counts = rows.loc[rows["indicator"] == indicator, "numerator"]
        assert len(counts) and counts.eq(0).all(), indicator
    custody = rows[rows["indicator"] == "children_in_custody"]
    assert len(custody) and custody.loc[custody["group"] == "Remanded", "numerator"].eq(0).all()
    # The child serving a sentence on 30 June 2021 is counted, without remands.
    on = custody[(custody["period_end"] == pd.Timestamp("2021-06-30"))]
    assert on.set_index("group")["numerator"].to_dict() == {
        "all": 1, "Sentenced": 1, "Remanded": 0,
    }  # fmt: skip
    said = [n for n in extract.notes if case.NO_REMANDS in n]
    assert len(said) == 1
    assert "has no remands table" not in " ".join(extract.notes)
    assert "no count of children in custody" not in " ".join(extract.notes)


def test_the_zeros_pass_through_disclosure_control_and_are_shown(extract):
    windows = periods.reporting_periods(extract.first_record, extract.as_of)
    rows = table.conform(case.remands(extract, windows))
    if "own_records" in rows:
        rows["own_records"] = True
    shown, _ = disclosure.suppress(rows, 5)
    assert len(shown) == len(rows)
    assert shown["status"].eq("computed").all() and shown["numerator"].eq(0).all()


def test_the_remand_section_says_the_records_hold_no_remand(extract):
    windows = periods.reporting_periods(extract.first_record, extract.as_of)
    assert custody_today.remand_outcomes(extract, windows).empty
    case.remands(extract, windows)
    notes = [f"{n}." for n in extract.notes]
    ctx = SimpleNamespace(
        yjs="Portsmouth",
        period_end=extract.as_of,
        build={"notes": notes},
        rows=lambda indicator, area: pd.DataFrame({"breakdown": []}),
    )
    part = scrutiny.remand_then_custody(ctx)
    assert len(part.notes) == 1
    sentence = part.notes[0]
    assert sentence.startswith("Case-level extract for Portsmouth: the records hold no remand ")
    assert "from January 2019 to" in sentence and "header and no rows" in sentence
    assert "inputs hold none" not in sentence and sentence.count(". ") == 0


def test_the_stale_table_rule_does_not_apply_to_a_table_of_no_rows(tmp_path):
    # Five years of offences and no remand at all: not a table exported early, but none.
    found = _extract(tmp_path)
    assert found.as_of >= pd.Timestamp("2023-10-20")


@pytest.mark.slow
def test_a_small_demo_service_without_remands_builds(tmp_path, capsys):
    raw, out = tmp_path / "raw", tmp_path / "out"
    code, err = run_in_process(
        "demo", "--seed", "3", "--children", "60", "--out", str(raw), capsys=capsys
    )
    assert code == 0, err
    remands = raw / "extract" / "portsmouth" / "synthetic_extract_remands.csv"
    assert remands.read_text().splitlines()[1:] == [HEADER_ONLY.strip()]  # a banner, a header
    code, err = run_in_process("build", "--raw", str(raw), "--out", str(out), capsys=capsys)
    assert code == 0, err
    rows = pd.read_parquet(out / "indicators.parquet")
    own = rows[(rows["area"] == "Portsmouth") & rows["source"].str.startswith("local extract")]
    remanded = own.loc[own["indicator"] == "children_remanded", "numerator"]
    assert len(remanded) and remanded.eq(0).all()
    assert own["indicator"].eq("children_in_custody").any()
    assert "no remands table" not in err
    assert "Case-level extract for Portsmouth: the records hold no remand" in err
