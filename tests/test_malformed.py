"""Every malformed or implausible input gives one clear sentence, exit status 2, and writes nothing.

The corpus (``tests/malformed``, described in ``cases.json``) holds files as an analyst's
folder would hold them, and folders holding a case-level extract whose tables do not fit
together. Each case says which class of problem it stands for (``class``): a silent wrong
number, a traceback, or a refusal kept from before. Cases too large to commit (a 2 GB CSV, a
spreadsheet that unzips to gigabytes) are made by the tests below, as are unreadable files and
folders.

The rule extends to plausibility: a figure that cannot be right is refused (one sentence, exit
status 2, nothing written) or, where the inputs are right but do not give all of it, withheld
with its reason. A case with ``withheld`` builds, and the figure it names has no value and says
why in its ``method`` (a national figure from a regional file: ``expect`` is the reason).
A case with ``period_end`` is built for a report of that month (``build --period-end``): a
source dated after it is refused there, and the same files build for no period; or, with
``families_withheld``, the build for that month withholds the services nearest each and its
record says why (``expect``), as a report that needs them is refused and one with a YJB family
is not.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli, run_in_process
from yjanalysis.errors import InputError, UnrecognisedFileError
from yjanalysis.inputs import readers

CORPUS = Path(__file__).parent / "malformed"
CASES = json.loads((CORPUS / "cases.json").read_text())
FILES = sorted(name for name in CASES if (CORPUS / name).is_file())
#: The day the corpus is judged on: a year "not yet begun" stays so whenever the tests run.
TODAY = "2026-12-05"


@pytest.fixture(autouse=True)
def corpus_day(monkeypatch):
    """Judge every case on :data:`TODAY` (the vocabulary's clock, which every check asks)."""
    import pandas as pd

    from yjanalysis.vocabulary import periods

    monkeypatch.setattr(periods, "today", lambda: pd.Timestamp(TODAY))


def test_corpus_is_large_enough():
    assert len(CASES) + len(GENERATED) >= 33 + 40
    assert all((CORPUS / name).exists() for name in CASES)


@pytest.mark.parametrize("name", FILES)
def test_read_gives_one_sentence(name):
    case = CASES[name]
    path = CORPUS / name
    if not case["read_fails"]:
        readers.read(path)  # well-formed as a file; the build rejects it (below)
        return
    with pytest.raises(InputError) as caught:
        readers.read(path)
    message = str(caught.value)
    assert case["expect"] in message
    assert message.startswith(str(path))
    assert "\n" not in message and "Traceback" not in message


def _copy_case(name: str, raw: Path) -> None:
    source = CORPUS / name
    if source.is_dir():  # a case-level extract: its tables go in together
        shutil.copytree(source, raw, dirs_exist_ok=True)
    else:
        shutil.copy(source, raw / name)


def _fingerprint(folder: Path) -> dict[str, int]:
    """Each file's size and time of last change (cheap for the 2 GB case)."""
    files = (p for p in folder.rglob("*") if p.is_file())
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in files}


def _assert_refused(raw: Path, out: Path, expect: str, capsys, period: tuple = ()) -> None:
    before = _fingerprint(raw)
    code, stderr = run_in_process(
        "build", "--raw", str(raw), "--out", str(out), *period, capsys=capsys
    )
    assert _fingerprint(raw) == before, "the raw input was changed"
    assert code == 2, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert expect in lines[0], lines[0]
    assert "Traceback" not in stderr
    assert not out.exists(), "a failed build wrote output"


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_fails_cleanly_and_writes_nothing(name, tmp_path, capsys):
    case = CASES[name]
    raw = tmp_path / "raw"
    raw.mkdir()
    _copy_case(name, raw)
    out = tmp_path / "out"
    # A case of a report's period: the table built for it (a later source must not shape it).
    period = ("--period-end", case["period_end"]) if "period_end" in case else ()
    if case["build_fails"]:
        _assert_refused(raw, out, case["expect"], capsys, period)
        if period:  # the same inputs are well-formed, and build for no period
            code, stderr = run_in_process("build", "--raw", str(raw), "--out", str(out),
                                          capsys=capsys)  # fmt: skip
            assert code == 0, stderr
        return
    before = _fingerprint(raw)
    code, stderr = run_in_process(
        "build", "--raw", str(raw), "--out", str(out), *period, capsys=capsys
    )
    assert _fingerprint(raw) == before, "the raw input was changed"
    assert code == 0, stderr
    if case.get("families_withheld"):
        record = json.loads((out / "build.json").read_text())
        assert record["families_withheld"] == case["expect"], record["families_withheld"]
    elif "withheld" in case:
        _assert_withheld(out, case["withheld"], case["expect"])
    else:
        assert "ignored" in stderr


def _assert_withheld(out: Path, figure: dict, reason: str) -> None:
    """The figure named has rows, none with a value, each saying why."""
    import pandas as pd

    table = pd.read_parquet(out / "indicators.parquet")
    rows = table[
        table["area"].eq(figure["area"])
        & table["indicator"].eq(figure["indicator"])
        & table["period"].eq(figure["period"])
    ]
    assert len(rows), f"no row for {figure}"
    assert rows["value"].isna().all() and rows["numerator"].isna().all(), rows
    assert rows["method"].str.startswith(reason).all(), rows["method"].tolist()


# Cases made at test time: too large to commit, or unreadable only while the test runs.


def _huge_csv(raw: Path) -> None:
    path = raw / "children_table_2gb.csv"
    with path.open("wb") as stream:
        stream.write(b"Financial_Year,YOT,Number_Children\n")
        stream.truncate(2 * 2**30)  # sparse: takes no space, but is 2 GB to any reader


def _unzips_to_gigabytes(raw: Path) -> None:
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    with zipfile.ZipFile(raw / "children.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(410 * 2**20 // len(row) + 1):
                sheet.write(row)


def _too_many_rows(raw: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    values = pa.array([0] * 5_000_001, type=pa.int8())
    pq.write_table(pa.table({"Short Desc": values}), raw / "lait.parquet")


GENERATED = {
    "2 GB CSV": (_huge_csv, "is 2.0 GB; expected at most 400 MB, so it was refused before"),
    "xlsx that unzips to 410 MB": (_unzips_to_gigabytes, "MB once unzipped; expected at most 400"),
    "Parquet of 5,000,001 rows": (_too_many_rows, "has 5,000,001 rows; expected at most"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GENERATED))
def test_large_inputs_are_refused_before_reading(name, tmp_path, capsys):
    make, expect = GENERATED[name]
    raw = tmp_path / "raw"
    raw.mkdir()
    make(raw)
    _assert_refused(raw, tmp_path / "out", expect, capsys)


def test_unreadable_file_is_refused(tmp_path, capsys, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(CORPUS / "children_negative_count.csv", raw / "locked.csv")
    real = Path.read_bytes

    def locked(path):
        if path.name == "locked.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", locked)
    _assert_refused(
        raw, tmp_path / "out", "locked.csv: could not be read (Permission denied)", capsys
    )


def test_unreadable_folder_stops_the_build(tmp_path, capsys, monkeypatch, demo_dir):
    """Python's own recursive listing skips a folder it may not open; the build must not."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (raw / "locked").mkdir()
    shutil.copy(demo_dir / "synthetic_national_figures.csv", raw / "locked" / "more.csv")
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _assert_refused(raw, tmp_path / "out", "locked: could not be read (Permission denied)", capsys)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_by_permissions(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    locked = raw / "locked.csv"
    shutil.copy(CORPUS / "children_negative_count.csv", locked)
    locked.chmod(0)
    try:
        _assert_refused(raw, tmp_path / "out", "could not be read", capsys)
    finally:
        locked.chmod(0o644)


@pytest.mark.e2e
def test_failed_build_leaves_previous_output(tmp_path, demo_dir):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    out = tmp_path / "out"
    assert run_cli("build", "--raw", str(raw), "--out", str(out)).returncode == 0
    previous = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.copy(CORPUS / "children_negative_count.csv", raw / "late_addition.csv")
    result = run_cli("build", "--raw", str(raw), "--out", str(out))
    assert result.returncode == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous


def test_unrecognised_file_is_its_own_error():
    with pytest.raises(UnrecognisedFileError, match="'colour', 'shape'"):
        readers.read(CORPUS / "unrecognised.csv")


def test_missing_file():
    with pytest.raises(InputError, match="does not exist"):
        readers.read(CORPUS / "no_such_file.csv")


@pytest.mark.e2e
def test_inspect_reports_exit_code_2():
    result = run_cli("inspect", str(CORPUS / "lait_bad_value.csv"))
    assert result.returncode == 2
    assert "'high' is not a number" in result.stderr


def test_lock_files_and_broken_links_are_ignored_with_a_reason(tmp_path, capsys):
    """An office suite's lock files and links to nothing are not inputs: each is said so."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(CORPUS / "population_two_files_agree" / "population.csv", raw)
    (raw / "~$children.xlsx").write_bytes(b"\x0bAnalyst Name" + b"\x00" * 150)
    (raw / ".~lock.children.ods#").write_text(",Analyst Name,host,26.11.2026 10:00,file://\n")
    (raw / "gone.csv").symlink_to(raw / "moved_away.csv")
    (raw / "itself.csv").symlink_to(raw / "itself.csv")
    (raw / "sub").mkdir()
    (raw / "sub" / "up").symlink_to(raw, target_is_directory=True)
    code, stderr = run_in_process("build", "--raw", str(raw), "--out", str(tmp_path / "out"),
                                  capsys=capsys)  # fmt: skip
    assert code == 0, stderr
    ignored = {line.split()[1]: line for line in stderr.splitlines() if line.startswith("ignored")}
    assert "lock file of a workbook open in Excel" in ignored[str(raw / "~$children.xlsx")]
    assert "open in LibreOffice" in ignored[str(raw / ".~lock.children.ods#")]
    assert "moved_away.csv, which does not exist" in ignored[str(raw / "gone.csv")]
    assert "leads back to itself (a loop)" in ignored[str(raw / "itself.csv")]
    assert "a folder already read (a loop)" in ignored[str(raw / "sub" / "up")]
    assert "used" in stderr and "population.csv" in stderr


# Issue 30: inputs plausible as well as well-formed. Cases a file of the corpus cannot hold.


def test_a_csv_with_a_cell_beyond_the_csv_modules_limit_is_ignored(tmp_path, capsys):
    """A 200 KB cell in the first lines of a CSV that is no input stopped the whole build."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(CORPUS / "population_two_files_agree" / "population.csv", raw)
    (raw / "notes.csv").write_text('note,author\n"' + "pasted text " * 17_000 + '",analyst\n')
    code, stderr = run_in_process("build", "--raw", str(raw), "--out", str(tmp_path / "out"),
                                  capsys=capsys)  # fmt: skip
    assert code == 0, stderr
    assert "notes.csv  (its columns match no format this project reads)" in stderr


def test_a_long_cell_in_a_column_not_read_leaves_the_figures(tmp_path):
    path = tmp_path / "children.csv"
    path.write_text(
        f'Financial_Year,YOT,Number_Children,Comment\n2019-20,Southampton,134,"{"x" * 200_000}"\n'
    )
    assert readers.read(path)["children"].tolist() == [134]


def test_parquet_list_record_and_byte_columns_are_read_around(tmp_path):
    """Columns no reader takes (lists, records, bytes) stopped the build with a traceback."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "Financial_Year": pa.array([b"2019-20"], pa.binary()),  # text stored as bytes
            "YOT": ["Southampton"],
            "Number_Children": [134],
            "tags": pa.array([[1, 2]]),
            "meta": pa.array([{"a": 1}]),
            "blob": pa.array([b"\xff\x00"], pa.binary()),
        }
    )
    pq.write_table(table, tmp_path / "children.parquet")
    read = readers.read(tmp_path / "children.parquet")
    assert read[["financial_year", "yjs", "children"]].values.tolist() == [
        ["2019-20", "Southampton", 134]
    ]


def test_a_list_column_a_reader_takes_figures_from_is_refused_by_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {"Financial_Year": ["2019-20"], "YOT": ["Southampton"], "Number_Children": [[1, 2]]}
    )
    pq.write_table(table, tmp_path / "children.parquet")
    with pytest.raises(
        InputError,
        match=r"row 2, column 'Number_Children': '\(a list of 2 values\)' is not a whole",
    ):
        readers.read(tmp_path / "children.parquet")


def test_a_full_disk_under_the_processed_folder_is_one_sentence(tmp_path, capsys, monkeypatch):
    """Issue 30: a full disk under the processed folder stopped the build with a traceback."""
    import errno

    import pandas as pd

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "children.csv").write_text(
        "Financial_Year,YOT,Number_Children\n2019-20,Southampton,120\n", encoding="utf-8"
    )

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    out = tmp_path / "out"
    code, stderr = run_in_process("build", "--raw", str(raw), "--out", str(out), capsys=capsys)
    assert code == 2, stderr
    assert "could not be written (No space left on device); nothing was changed" in stderr
    assert "Traceback" not in stderr and not list(out.glob("*.parquet"))
