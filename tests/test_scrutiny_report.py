"""The report around the figures: cover, summary and asks, commentary, custody now, inspections.

The demo ships report settings and commentary for Southampton and Newport (made up, and marked
so); Cardiff has none. One refresh of each (to December 2024) is read as a panel member reads it: each part
where it belongs, the service's words marked as theirs, nothing left empty for a service
without settings. Hostile commentary (HTML, scripts, remote images, ``javascript:`` links) is
put through the same pages and must arrive as harmless text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_of, run_in_process
from yjanalysis.errors import InputError
from yjanalysis.inputs import report_settings
from yjanalysis.inputs.readers import hmi_inspections
from yjanalysis.methods import disclosure
from yjanalysis.report import caveats, commentary
from yjanalysis.run import pipeline

SECTIONS = report_settings.SECTIONS


def text_of(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(style|svg)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


@pytest.fixture(scope="module")
def reports(demo_reports):
    return {"Southampton": demo_reports.folder("Southampton"),
            "Newport": demo_reports.folder("Newport"), "Cardiff": demo_reports.folder("Cardiff"),
            "processed": demo_reports.processed}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The settings file and the commentary folder


def _settings_folder(tmp_path: Path, toml: str | None = None, files: dict | None = None) -> Path:
    where = tmp_path / "report" / "southampton"
    (where / "commentary").mkdir(parents=True)
    if toml is not None:
        (where / "report.toml").write_text(toml, encoding="utf-8")
    for name, text in (files or {}).items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (where / "commentary" / name).write_bytes(data)
    return tmp_path


def test_the_demo_settings_are_read_whole(demo_dir):
    """Every part of the demo's settings and commentary is read. Restated (an eleventh reading
    gave the YJB's validation visit a slot of its own): every part but that one, which the
    demo's services have not written (the paper shows it only where a service has)."""
    found = report_settings.read(demo_dir, "Southampton")
    assert found.board.startswith("Children and Learning Scrutiny Panel")
    assert str(found.meeting_date) == "2025-03-20" and found.classification == "Official"
    assert found.comparators == ("family", "region", "national") and found.synthetic
    assert found.last_report == pd.Timestamp("2024-09-30")
    written = set(report_settings.FRAME) - {"validation_visit"}
    assert set(found.commentary) == {*SECTIONS, "summary", *written}
    assert not found.commentary["05_education_training_employment"].markdown  # a .txt file
    assert report_settings.read(demo_dir, "Newport").board.startswith("People Scrutiny Committee")
    assert report_settings.read(demo_dir, "Cardiff") == report_settings.ReportSettings("Cardiff")


def test_the_sections_are_the_numbered_notebooks():
    notebooks = sorted(p.stem for p in pipeline.notebooks())
    assert tuple(notebooks) == SECTIONS


@pytest.mark.parametrize(
    ("toml", "files", "says"),
    [
        ('yjs = "Southampton"\nclasification = "Official"\n', {}, "'clasification'"),
        ('yjs = "Southampton"\nboard = 3\n', {}, "'board' is a number; expected text"),
        ('yjs = "Southampton"\nboard = "a\\nb"\n', {}, "'board' is more than one line"),
        ('yjs = "Portsmouth"\n', {}, "the folder is Southampton's"),
        ('board = "Panel"\n', {}, "has no 'yjs' key"),
        ('yjs = "Southampton"\nmeeting_date = "20/03/2025"\n', {}, "'meeting_date'"),
        ('yjs = "Southampton"\ncomparators = ["family", "nation"]\n', {}, "'comparators'"),
        ('yjs = "Southampton"\nlast_report = "2024-13"\n', {}, "'last_report'"),
        ('yjs = "Southampton"\nsynthetic = "yes"\n', {}, "expected true or false"),
        ("yjs = Southampton\n", {}, "is not valid TOML"),
        (None, {"01_reoffend.md": "x"}, "not a commentary file"),
        (None, {"01_reoffending.md": "x", "01_reoffending.txt": "y"}, "again"),
        (None, {"summary.md": b"\xff\xfeA\x00"}, "not UTF-8"),
        (None, {"summary.md": "x" * 70_000}, "larger than"),
        # Issue 30: a right-to-left override and a line separator reached the cover, and a
        # deeply nested file stopped with a RecursionError.
        ('yjs = "Southampton"\nboard = "Panel \u202eltsaP"\n', {}, "U+202E"),
        ('yjs = "Southampton"\nboard = "Panel\u2028Two"\n', {}, "more than one line"),
        # The fourth adversary's: a soft hyphen, a word joiner and a tag character were kept.
        ('yjs = "Southampton"\nclassification = "Offi\u00adcial"\n', {}, "U+00AD"),
        ('yjs = "Southampton"\nclassification = "Offi\u2060cial"\n', {}, "U+2060"),
        ('yjs = "Southampton"\nclassification = "Official\U000e0041"\n', {}, "U+E0041"),
        ('yjs = "Southampton"\nx = ' + "[" * 5000 + "]" * 5000 + "\n", {}, "too deeply"),
    ],
)
def test_bad_settings_are_refused_with_one_sentence(tmp_path, toml, files, says):
    raw = _settings_folder(tmp_path, toml, files)
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    assert says in str(caught.value)
    assert str(raw / "report" / "southampton") in str(caught.value)


def test_commentary_saved_as_windows_1252_names_its_first_line_that_is_not_utf8(tmp_path):
    """Adversary 15, M13: commentary re-saved by Word or Notepad as Windows-1252.

    Failed before: refused as "is not UTF-8 text" without naming the line or byte, leaving the
    writer to hunt through the file for a curly quote.
    """
    text = "# Overview\n\nA good year.\n\n\u2018Turnaround\u2019 funding of \u00a3120,000.\n"
    raw = _settings_folder(tmp_path, None, {"00_overview.md": text.encode("cp1252")})
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    said = str(caught.value)
    assert "00_overview.md: line 5 (its byte 1, 0x91) is not UTF-8 text" in said, said


def _refresh_refused(raw: Path, tmp_path: Path, says: str, capsys, *more: str) -> None:
    """A refresh of Southampton from ``raw`` stops with one sentence and writes nothing."""
    out, processed = tmp_path / "reports", tmp_path / "processed"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--raw", str(raw), "--out",
                               str(out), "--processed", str(processed), *more,
                               capsys=capsys)  # fmt: skip
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and says in lines[0], err
    assert not out.exists() and not processed.exists()


@pytest.mark.parametrize("size", [64_001, 2 * 2**30])
def test_a_settings_file_larger_than_64_kb_is_refused_before_it_is_parsed(tmp_path, capsys, size):
    """Failed before: report.toml had no size limit (a 64,001-byte file of comments was read and
    parsed whole, a 2 GB one would be); expected exit status 2 naming the file and the limit of
    64,000 bytes, before it is parsed and before anything is written."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n')
    settings = raw / "report" / "southampton" / "report.toml"
    first = 'yjs = "Southampton"\n'
    settings.write_text(first + "#" * (min(size, 64_001) - len(first) - 1) + "\n")  # a comment
    with settings.open("a") as stream:
        stream.truncate(size)  # the 2 GB one is sparse: no room taken on the disk
    says = "report.toml: is larger than 64,000 bytes, so it was refused before it was read"
    with pytest.raises(InputError, match=says):
        report_settings.read(raw, "Southampton")
    _refresh_refused(raw, tmp_path, says, capsys)
    settings.write_text(first + "#" * (64_000 - len(first) - 1) + "\n")  # at the limit
    assert report_settings.read(raw, "Southampton").file == settings


@pytest.mark.parametrize(
    ("meeting", "says"),
    [
        (
            "2025-01-20T18:00:00+05:00",
            "'meeting_date' is 2025-01-20T18:00:00+05:00, a date and "
            "time with a time-zone offset; expected the date of the meeting, such as 2025-03-20, a "
            "date alone",
        ),
        ("2025-01-20 18:00:00Z", "is 2025-01-20T18:00:00+00:00, a date and time with a time-zone"),
        ("2025-01-20T18:00:00", "'meeting_date' is 2025-01-20T18:00:00, a date and time; expected"),
        ("18:00:00", "'meeting_date' is 18:00:00, a time; expected the date of the meeting"),
        ('"2025-01-20T18:00:00+05:00"', "'meeting_date' is '2025-01-20T18:00:00+05:00'; expected"),
    ],
)
def test_a_meeting_date_with_a_time_or_zone_is_refused(tmp_path, capsys, meeting, says):
    """Failed before: meeting_date = 2025-01-20T18:00:00+05:00 in report.toml kept the date and
    silently dropped the time and its offset; expected a date alone (a TOML date or text
    YYYY-MM-DD), with exit status 2 naming the setting, before anything is written."""
    raw = _settings_folder(tmp_path / "raw", f'yjs = "Southampton"\nmeeting_date = {meeting}\n')
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    assert says in str(caught.value)
    _refresh_refused(raw, tmp_path, says, capsys, "--period-end", "2024-12")
    for plain in ("2025-01-20", '"2025-01-20"'):
        (raw / "report/southampton/report.toml").write_text(
            f'yjs = "Southampton"\nmeeting_date = {plain}\n'
        )
        assert report_settings.read(raw, "Southampton").meeting_date == dt.date(2025, 1, 20)


def test_each_quarters_report_names_its_own_meeting(tmp_path):
    """A tenth reading: Newport's reports to September and to December 2024 both went to
    "Tuesday 25 March 2025", the settings' one meeting_date. meeting_dates names a report's own
    meeting by its last month; a report it does not list takes meeting_date, and a report's own
    date is checked against its period. Failed before: 'meeting_dates' was refused as a key
    this project does not read."""
    raw = _settings_folder(
        tmp_path,
        'yjs = "Southampton"\nmeeting_date = 2025-03-20\n'
        'meeting_dates = { "2024-09" = 2024-12-10 }\n',
    )
    found = report_settings.read(raw, "Southampton", "2024-09")
    assert found.meeting("2024-09") == dt.date(2024, 12, 10)
    assert found.meeting(pd.Timestamp("2024-12-31")) == dt.date(2025, 3, 20)
    assert found.has_cover
    with pytest.raises(InputError) as caught:  # December's meeting before June's report ends
        report_settings.read(raw, "Southampton", "2025-06")
    assert "'meeting_date' is 2025-03-20, before the report's last day" in str(caught.value)
    (raw / "report/southampton/report.toml").write_text(
        'yjs = "Southampton"\nmeeting_dates = { "2024-12" = 2024-12-10 }\n'
    )
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton", "2024-12")
    assert "'meeting_dates \"2024-12\"' is 2024-12-10, before the report's last day" in str(
        caught.value
    )
    for bad in ('"2024-12-10"', '{ "December" = 2024-12-10 }', '{ "2024-09" = "10/12/2024" }'):
        (raw / "report/southampton/report.toml").write_text(
            f'yjs = "Southampton"\nmeeting_dates = {bad}\n'
        )
        with pytest.raises(InputError, match="'meeting_dates'"):
            report_settings.read(raw, "Southampton")


def test_the_demos_newport_reports_go_to_their_own_meetings(demo_reports):
    """Failed before: both of Newport's demo covers said "Meeting Tuesday 25 March 2025"."""
    covers = {
        period: text_of(demo_reports.folder("Newport", period) / "index.html").split("Summary")[0]
        for period in ("2024-09", "2024-12")
    }
    assert "Meeting Tuesday 10 December 2024" in covers["2024-09"]
    assert "Meeting Tuesday 25 March 2025" in covers["2024-12"]


def test_a_settings_file_that_is_a_folder_or_a_pipe_is_refused(tmp_path):
    """Failed before: a folder or a named pipe called report.toml was silently passed over, so
    the cover lost its board, meeting and author without a word."""
    import os

    raw = _settings_folder(tmp_path, 'yjs = "Southampton"\n')
    settings = raw / "report" / "southampton" / "report.toml"
    settings.unlink()
    settings.mkdir()
    with pytest.raises(InputError, match=r"is not a file .*expected the text file report\.toml"):
        report_settings.read(raw, "Southampton")
    if hasattr(os, "mkfifo"):  # not on Windows
        settings.rmdir()
        os.mkfifo(settings)
        with pytest.raises(InputError, match="is not a file"):
            report_settings.read(raw, "Southampton")


def test_a_settings_folder_not_named_for_its_service_is_refused(tmp_path, capsys):
    """Failed before: report/Southampton YJS holding yjs = "Southampton" was passed over without
    a word, and the report had no cover and no commentary."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n')
    (raw / "report" / "southampton").rename(raw / "report" / "Southampton YJS")
    (raw / "report" / "portsmouth").mkdir()  # another service's folder is no concern of this
    (raw / "report" / "portsmouth" / "report.toml").write_text('yjs = "Portsmouth"\n')
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    said = str(caught.value)
    assert said.startswith(str(raw / "report" / "Southampton YJS" / "report.toml"))
    assert (
        "names Southampton (yjs = \"Southampton\"), but it is in the folder 'Southampton YJS'"
        in said
    )
    assert f"expected the folder {raw / 'report' / 'southampton'} (named as" in said
    assert report_settings.read(raw, "Portsmouth").yjs == "Portsmouth"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--raw", str(raw), "--out",
                               str(tmp_path / "reports"), capsys=capsys)  # fmt: skip
    assert code == 2 and "but it is in the folder 'Southampton YJS'" in err
    assert not (tmp_path / "reports").exists()


def test_a_refresh_refuses_bad_settings_before_any_notebook_runs(demo_dir, tmp_path, capsys):
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\nboard = 3\n')
    out = tmp_path / "reports"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--raw", str(raw), "--out",
                               str(out), capsys=capsys)  # fmt: skip
    assert code == 2 and "'board' is a number" in err
    assert not (out / "southampton" / "2024-12").exists()


@pytest.mark.parametrize(
    ("meeting", "says"),
    [
        ("2019-03-20", "'meeting_date' is 2019-03-20, before the report's last day (31 December"),
        ("2099-03-20", "'meeting_date' is 2099-03-20, more than a year after it (31 December"),
        ("2024-12-30", "before the report's last day"),
    ],
)
def test_a_meeting_date_impossible_for_the_report_is_refused(demo_dir, tmp_path, capsys,
                                                              meeting, says):  # fmt: skip
    """Failed before: 2019-03-20 and 2099-03-20 were printed on the cover of a report to
    December 2024. The refusal comes before any notebook runs (and before the build writes
    the table, after the check that the period holds data, so that a period before the data
    begin is said as such first)."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    settings = raw / "report" / "southampton" / "report.toml"
    settings.write_text(re.sub(r"meeting_date = \S+", f"meeting_date = {meeting}",
                               settings.read_text()))  # fmt: skip
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton", "2024-12")
    assert says in str(caught.value)
    assert "expected the date of the meeting the report goes to, from 2024-12-31 to 2025-12-31" in (
        str(caught.value)
    )
    out = tmp_path / "reports"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(tmp_path / "processed"), capsys=capsys)  # fmt: skip
    assert code == 2 and says in err, err
    assert not (out / "southampton" / "2024-12").exists()


def _files(*folders: Path) -> dict[str, bytes]:
    """Every file below the folders, by its path, with its bytes (empty for a missing folder)."""
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_refused_meeting_date_leaves_the_processed_and_output_folders_as_they_were(
    demo_dir, tmp_path, capsys
):
    """Adversary round 15, R11: settings are read and checked before anything is written. A
    report.toml whose meeting date is before the report's last day is refused, and the
    processed folder (here holding an earlier file, so that the refresh builds anew) and the
    output folder are as they were. Failed before: the refresh built and wrote the processed
    table, then refused the meeting date."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    settings = raw / "report" / "southampton" / "report.toml"
    settings.write_text(re.sub(r"meeting_date = \S+", "meeting_date = 2024-11-14",
                               settings.read_text()))  # fmt: skip
    processed, out = tmp_path / "processed", tmp_path / "reports"
    processed.mkdir()
    (processed / "kept.txt").write_text("an analyst's note beside an earlier build\n")
    out.mkdir()
    (out / "README.txt").write_text("reports to the board\n")
    before = _files(processed, out)
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert "'meeting_date' is 2024-11-14, before the report's last day" in err
    assert _files(processed, out) == before
    assert sorted(p.name for p in processed.iterdir()) == ["kept.txt"]


def test_a_refresh_checks_the_new_table_then_the_settings_before_the_table_is_written(
    demo_dir, demo_build, tmp_path
):
    """The check a refresh gives the build (``pipeline.refresh_check``, as ``refresh`` and the
    command give it): a period before the data begin is said first, then a meeting date
    impossible for the report, both before the build writes the table. Failed before: the
    check the build was given held the period alone (no ``refresh_check``)."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    settings = raw / "report" / "southampton" / "report.toml"
    settings.write_text(re.sub(r"meeting_date = \S+", "meeting_date = 2024-11-14",
                               settings.read_text()))  # fmt: skip
    table = pd.read_parquet(demo_build.processed / "indicators.parquet")
    for month, says in (
        ("1900-01", "--period-end 1900-01 is before the data begin"),
        ("2024-12", "'meeting_date' is 2024-11-14, before the report's last day"),
    ):
        run = pipeline.settings(month, raw, tmp_path / "reports", tmp_path / "processed")
        with pytest.raises(InputError, match=re.escape(says)):
            pipeline.refresh_check(run, "Southampton")(table)


@pytest.mark.parametrize(
    ("toml", "files", "says"),
    [
        ('yjs = "Southampton"\nauthor = "A. Example (case worker for C0000365), Head"\n', {},
         "report.toml: line 2, word 8, is shaped like the id of a child or record"),
        (None, {"02_custody_and_remand.md": "Remands fell.\n- One child (C0000074) was sentenced."},
         "02_custody_and_remand.md: line 2, word 4, is shaped like the id of a child or record"),
        (None, {"summary.md": "Seen as 0f8fa3c2-1b7e-4c55-9a0b-3c4d5e6f7a8b in the records."},
         "summary.md: line 1, word 3, is shaped like the id"),
    ],
)  # fmt: skip
def test_a_child_id_in_settings_or_commentary_is_refused_without_repeating_it(
    tmp_path, toml, files, says
):
    """Failed before: a child's id from the extract, in the commentary or in the author, was
    published in the pages, notebooks, PDF and Word. The shapes are those docs/extract.md
    describes; the extract's own ids of any shape are looked for by the build (the malformed
    cases ``extract_child_id_in_commentary`` and ``extract_child_id_in_report_settings``)."""
    raw = _settings_folder(tmp_path, toml, files)
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    message = str(caught.value)
    assert says in message and "say what happened, not to whom" in message
    assert not re.search(r"0000365|0000074|3c4d5e6f7a8b", message), message


@pytest.mark.parametrize(
    "line",
    [
        "One child (C0000&#48;74) was sentenced in June.",
        "One child (C0000&#x30;74) was sentenced in June.",
        "One child (C0000*0*74) was sentenced in June.",
        "One child (C0000**0**74) was sentenced in June.",
        "One child (C0000`0`74) was sentenced in June.",
        "One child ([C0000](https://example.gov.uk/a)074) was sentenced in June.",
    ],
)
def test_a_child_id_is_refused_as_the_page_shows_it(tmp_path, line):
    """Failed before: ``C0000&#48;74`` (an HTML character reference) and ``C0000*0*74``
    (Markdown emphasis) passed, and the page showed ``C0000074`` (adversary round 13, C01 and
    C17). The line is read as the page shows it, as the check of local paths reads it."""
    raw = _settings_folder(tmp_path, None, {"00_overview.md": f"Remands fell.\n{line}\n"})
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    message = str(caught.value)
    assert "00_overview.md: line 2, word 3, is shaped like the id of a child" in message
    assert not re.search(r"0000|74", message.split("00_overview.md", 1)[1]), message


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("One child (C0000<!-- -->074) was sentenced in June.", 4),
        ("One child (\uff23\uff10\uff10\uff10\uff10\uff10\uff17\uff14) was sentenced.", 3),
        ("One child (C0000 074) was sentenced in June.", 4),
        ("Another (C-0000074) was remanded.", 2),
        ("A third (c0000o74) was diverted.", 3),
    ],
)
def test_a_child_id_is_refused_as_a_reader_reads_it_naming_its_word(tmp_path, line, word):
    """Failed before: an id split by an HTML comment (``C0000<!-- -->074``), typed fullwidth
    (``Ｃ０００００７４``) or loosely (``C0000 074``, ``C-0000074``, ``c0000o74``) passed and was
    published (adversary round 14, A02, A04, H01); and the refusal did not say which word it
    meant (D17). The line is read as a reader reads it; the word is named by its number, never
    repeated."""
    raw = _settings_folder(tmp_path, None, {"00_overview.md": f"Remands fell.\n{line}\n"})
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    message = str(caught.value)
    assert f"00_overview.md: line 2, word {word}, is shaped like the id of a child" in message
    assert not re.search(r"0000|74|\uff10", message.split("00_overview.md", 1)[1]), message


@pytest.mark.parametrize(
    "line",
    [
        "In FY2023-24 and Q3 2023-24, 12 children were seen; 10 12 of them in June.",
        "Southampton (E06000045) and 2024 25 were noted; COVID-19 did not.",
    ],
)
def test_years_quarters_and_counts_are_not_read_as_ids(tmp_path, line):
    """Closing the gaps a reader closes in an id joins no year's range, quarter or count into
    an id's shape (``FY2023-24``, ``Q3 2023-24``)."""
    raw = _settings_folder(tmp_path, None, {"00_overview.md": f"Remands fell.\n{line}\n"})
    report_settings.read(raw, "Southampton")


def test_an_id_of_any_extract_in_any_service_s_words_is_refused_naming_its_own_first(tmp_path):
    """Failed before: only the reporting service's own extract was looked in, so Portsmouth's
    child ``YP42`` in Southampton's commentary was published (adversary round 13, C02). An id
    both extracts hold (each numbers its children from one) is named as the service's own."""
    raw = _settings_folder(tmp_path, None, {"00_overview.md": "Remands fell.\nOne (yp42).\n"})
    (raw / "report" / "portsmouth" / "commentary").mkdir(parents=True)
    (raw / "report" / "portsmouth" / "commentary" / "summary.md").write_text("Case C7 closed.\n")
    portsmouth = ("Portsmouth", [("child_id", "p/children.csv", pd.Series(["YP1", "YP42"]))])
    southampton = ("Southampton", [("child_id", "s/children.csv", pd.Series(["YP42", "YP43"]))])
    for extracts, named in (
        ([portsmouth], "Portsmouth"),
        ([portsmouth, southampton], "Southampton"),
    ):
        with pytest.raises(InputError) as caught:
            report_settings.refuse_extract_ids(raw, extracts)
        message = str(caught.value)
        assert message.startswith(str(raw / "report" / "southampton" / "commentary"))
        assert f"line 2 holds an id of {named}'s case-level extract (in column 'child_id'" in (
            message
        )
        assert "42" not in message.split("00_overview.md", 1)[1], message
    unnamed = ("Portsmouth", [("child_id", "p/children.csv", pd.Series(["YP1", "YP4"]))])
    report_settings.refuse_extract_ids(raw, [unnamed])  # ids no one wrote: nothing refused


@pytest.mark.parametrize(
    "line",
    [
        "One remand (case 0000042) was reviewed by the panel.",
        "One remand (case 0000 042) was reviewed.",
        "One remand was reviewed by the [panel](https://cms.example.org/yp?id=%430000042).",
        "See https://cms.example.org/yp?id=%25430000042 for the review.",
        # Adversary round 17 (D11): the id across two lines of one paragraph, shown joined.
        "One remand (case C000\n0042) was reviewed by the panel.",
    ],
)
def test_an_extract_id_without_its_letter_or_percent_encoded_is_refused(tmp_path, line):
    """Failed before: a child's id written without its letter ("case 0000012" for C0000012)
    or percent-encoded in a link's address (``%430000012``) was published in the pages, the
    Word and the PDF (adversary round 16, C17, C19). Ids are read as the extract writes them,
    without their letters, and as a browser decodes an address."""
    raw = _settings_folder(tmp_path, None, {"02_custody_and_remand.md": f"Remands fell.\n{line}\n"})
    extract = ("Southampton", [("child_id", "s/children.csv", pd.Series(["C0000041", "C0000042"]))])
    with pytest.raises(InputError) as caught:
        report_settings.refuse_extract_ids(raw, [extract])
    message = str(caught.value)
    assert "02_custody_and_remand.md: line 2 holds an id of Southampton's case-level extract" in (
        message
    )
    assert "42" not in message.split("02_custody_and_remand.md", 1)[1], message


@pytest.mark.parametrize("typed", ["C00000l2", "C00000I2", "c00000|2"])
def test_an_extract_id_with_a_letter_for_the_digit_one_is_refused(tmp_path, typed):
    """Failed before: a child's id typed with a lower-case l or a capital I for the digit one
    ("C00000l2" for C0000012) was published in the pages, the Word and the PDF, in the words
    and in the cover's author line (adversary round 17, D40, D44); a letter o for a zero was
    already read as the zero."""
    raw = _settings_folder(
        tmp_path, None, {"summary.md": f"Noted.\nOne remand ({typed}) was reviewed.\n"}
    )
    extract = ("Southampton", [("child_id", "s/children.csv", pd.Series(["C0000012"]))])
    with pytest.raises(InputError) as caught:
        report_settings.refuse_extract_ids(raw, [extract])
    assert "summary.md: line 2 holds an id of Southampton's case-level extract" in str(caught.value)
    report_settings.refuse_extract_ids(  # a paragraph of two lines without an id: nothing
        _settings_folder(tmp_path / "plain", None, {"summary.md": "In 2024, 12\nchildren.\n"}),
        [extract],
    )


def test_years_phone_numbers_and_counts_are_not_an_id_without_its_letter(tmp_path):
    """An id's digits are matched whole, with their zeros: a year, a count, a phone number of
    another length, or an id's digits without its zeros (``42``) are not the id."""
    text = (
        "In 2024, 42 children; call 023 8083 3000 or 0800 000 0042; ref 00000042 and 000042.\n"
        "Visit https://example.org/page?n=%2042 for 100% of it.\n"
    )
    raw = _settings_folder(tmp_path, None, {"summary.md": text})
    extract = ("Southampton", [("child_id", "s/children.csv", pd.Series(["C0000042"]))])
    report_settings.refuse_extract_ids(raw, [extract])


def test_a_public_release_named_with_a_child_s_id_is_refused_without_it(demo_dir, tmp_path, capsys):
    """Failed before: the LAIT file saved as ``LAIT Dec24 jsmith checked vs C0000012.csv``
    was listed by that name on index.html and in manifest.json (adversary round 16, C09). A
    public release is named by its file's name (its vintage), so the build reads the name for
    the extracts' ids, as it reads the service's words, and refuses it naming the folder, the
    format and the word, never the id; nothing is written."""
    raw = copy_of(demo_dir, tmp_path)
    children = raw / "extract" / "southampton" / "synthetic_extract_children.csv"
    ids = pd.read_csv(children, skiprows=1)["child_id"]
    child = str(ids.iloc[3])
    lait = raw / "synthetic_dfe_lait.csv"
    lait.rename(raw / f"LAIT Dec24 jsmith checked vs {child}.csv")
    out = tmp_path / "processed"
    code, err = run_in_process("build", "--raw", str(raw), "--processed", str(out),
                               capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert f"{raw}: the " in err, err
    assert "in word 6 of its name, an id of a child or record of a case-level extract" in err
    assert child not in err and child[1:] not in err, err
    assert not (out / "indicators.parquet").exists()


def test_markdown_marks_around_numbers_are_not_taken_for_ids(tmp_path):
    """Marks the page shows (an escaped star, an underscore inside a word) and emphasis around
    a count join nothing into an id's shape."""
    text = (
        "**12** children, *5* of them girls; 5\\*2 = 10; see `KS4_2023_24` and ABC_123456.\n"
        "[Guidance](https://www.gov.uk/guidance/youth-justice) from 2023&ndash;24.\n"
    )
    raw = _settings_folder(tmp_path, None, {"summary.md": text})
    assert report_settings.read(raw, "Southampton").commentary["summary"]


def test_area_codes_web_addresses_years_and_counts_are_not_taken_for_ids(tmp_path):
    text = (
        "Southampton (E06000045) and Wales (W92000004) in 2024: 12 first time entrants.\n"
        "See https://example.gov.uk/d/0f8fa3c2-1b7e-4c55-9a0b-3c4d5e6f7a8b/report123456.pdf\n"
        "%% C0000074 in a line of guidance is never shown.\n"
    )
    toml = 'yjs = "Southampton"\n# author = "case worker for C0000365"\ncontact = "023 8083 2000"\n'
    raw = _settings_folder(tmp_path, toml, {"summary.md": text})
    assert report_settings.read(raw, "Southampton").commentary["summary"]


def test_a_refresh_refuses_a_child_id_in_the_commentary_before_publishing(
    demo_dir, tmp_path, capsys
):
    """Failed before: ``C0000074``, a child of the demo extract, written in the custody
    commentary was published in every page and the paper."""
    raw = copy_of(demo_dir, tmp_path)
    notes = raw / "report" / "southampton" / "commentary" / "02_custody_and_remand.md"
    with notes.open("a", encoding="utf-8") as stream:
        stream.write("\n- One child (C0000074) was sentenced to custody in February.\n")
    out, processed = tmp_path / "reports", tmp_path / "processed"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--raw", str(raw), "--out",
                               str(out), "--processed", str(processed), capsys=capsys)  # fmt: skip
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1, err
    assert "02_custody_and_remand.md: line " in lines[0] and "C0000074" not in err, err
    assert not out.exists()


@pytest.mark.parametrize("last", ["1990-01", "2021-12"])
def test_a_previous_report_years_before_this_one_is_refused(demo_dir, tmp_path, last):
    """Failed before: "1990-01" was printed on the cover ("Previous report: figures to January
    1990") and the changes since the previous report were silently left out."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    settings = raw / "report" / "southampton" / "report.toml"
    text = settings.read_text()
    assert re.search(r'(?m)^#?\s*last_report = "\S+"', text), text
    settings.write_text(re.sub(r'(?m)^#?\s*last_report = "\S+"', f'last_report = "{last}"', text))
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton", "2024-12")
    assert f"'last_report' is {last}, three years or more before this report (2024-12)" in str(
        caught.value
    )
    settings.write_text(re.sub(r'(?m)^#?\s*last_report = "\S+"', 'last_report = "2024-09"', text))
    kept = report_settings.read(raw, "Southampton", "2024-12").last_report
    assert kept is not None and f"{kept:%Y-%m}" == "2024-09"


def test_a_previous_report_not_before_this_one_is_refused_and_each_report_names_its_own(
    demo_dir, tmp_path
):
    """The demo's paper to September 2024 printed "The settings name the previous report as
    figures to September 2024, which is not before this report's period ..." to the panel: the
    one ``last_report`` was written for December's report. Failed before: the refresh went on.
    Now such settings are refused, naming the key, and ``last_reports`` gives each report its
    own previous report."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    settings = raw / "report" / "southampton" / "report.toml"
    text = re.sub(r"(?m)^last_reports = .*\n", "", settings.read_text())
    settings.write_text(text)
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton", "2024-09")
    message = str(caught.value)
    assert "'last_report' is 2024-09, not before this report (2024-09)" in message, message
    assert 'last_reports, such as { "2024-09" = "2024-06" }' in message, message
    settings.write_text(text + 'last_reports = { "2024-09" = "2024-06" }\n')
    september = report_settings.read(raw, "Southampton", "2024-09").last_report
    december = report_settings.read(raw, "Southampton", "2024-12").last_report
    assert f"{september:%Y-%m}" == "2024-06" and f"{december:%Y-%m}" == "2024-09"
    # The pages read the settings for the report's period (its words), not its month's checks.
    pages = report_settings.read(raw, "Southampton", id_shapes=False, period="2024-09")
    assert f"{pages.last_report:%Y-%m}" == "2024-06"
    settings.write_text(text + 'last_reports = { "2024-09" = "2024-09" }\n')
    with pytest.raises(InputError, match=r'last_reports "2024-09" is 2024-09, not before'):
        report_settings.read(raw, "Southampton", "2024-09")


def test_init_writes_templates_that_leave_no_boxes_and_never_overwrites(tmp_path, capsys):
    code, _ = run_in_process("init", "--yjs", "stoke on trent", "--raw", str(tmp_path),
                             capsys=capsys)  # fmt: skip
    assert code == 0
    where = tmp_path / "report" / "stoke-on-trent"
    # The committee paper's frame too (reasons, implications, ...): failed before.
    assert sorted(p.name for p in (where / "commentary").iterdir()) == sorted(
        f"{s}.md" for s in (*SECTIONS, "summary", *report_settings.FRAME)
    )
    for path in (where / "commentary").iterdir():
        assert path.read_text().startswith("%% Write here")  # a line of guidance in each
    found = report_settings.read(tmp_path, "Stoke-on-Trent")
    assert found.yjs == "Stoke-on-Trent" and not found.has_cover and not found.commentary
    before = (where / "report.toml").read_text()
    code, err = run_in_process("init", "--yjs", "Stoke-on-Trent", "--raw", str(tmp_path),
                               capsys=capsys)  # fmt: skip
    assert code == 2 and "exists already" in err
    assert (where / "report.toml").read_text() == before


def test_init_refuses_a_folder_it_may_not_write_to(tmp_path, capsys, monkeypatch):
    """A read-only raw folder is refused in one sentence, and nothing is left half-written."""
    real = Path.write_text

    def read_only(path, *args, **kwargs):
        if path.name == "summary.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", read_only)
    code, err = run_in_process("init", "--yjs", "Portsmouth", "--raw", str(tmp_path),
                               capsys=capsys)  # fmt: skip
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    assert "summary.md: could not be written (permission denied)" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_commentary_folder_linked_elsewhere_or_a_hard_linked_file_is_refused(tmp_path):
    """An adversary published another folder's text through a commentary folder that was a
    link, and a file's text through a hard link to it (failed before)."""
    import os
    import shutil

    raw = _settings_folder(tmp_path, 'yjs = "Southampton"\n')
    secret = tmp_path / "secret.txt"
    secret.write_text("not the service's words\n")
    commentary = raw / "report" / "southampton" / "commentary"
    os.link(secret, commentary / "summary.md")
    with pytest.raises(InputError, match="a second name \\(a hard link\\)"):
        report_settings.read(raw, "Southampton")
    (commentary / "summary.md").unlink()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "summary.md").write_text("other text\n")
    shutil.rmtree(commentary)
    commentary.symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError, match="is a link to a folder elsewhere"):
        report_settings.read(raw, "Southampton")


def test_a_commentary_link_to_a_file_elsewhere_is_refused(tmp_path):
    """Issue 30: summary.md linked to the system's password file was published in full."""
    raw = _settings_folder(tmp_path, 'yjs = "Southampton"\n')
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (raw / "report" / "southampton" / "commentary" / "summary.md").symlink_to(secret)
    with pytest.raises(InputError, match="a link to a file outside the commentary folder"):
        report_settings.read(raw, "Southampton")


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        (
            "01_reoffending.md",
            "Fine.\n\nSaid \u202e1202 hcraM.\n",
            "line 3 holds the invisible direction mark U+202E (right-to-left override)",
        ),
        (
            "summary.txt",
            "One\ntwo \u2067three\u2069\n",
            "line 2 holds the invisible direction mark U+2067 (right-to-left isolate)",
        ),
        ("summary.md", "A \u200fmark", "line 1 holds the invisible direction mark U+200F"),
        (
            "summary.md",
            "Fine.\n\nSaid &#x202E;1202 hcraM.\n",
            "line 3 holds the invisible "
            "direction mark U+202E written as &#x202E; (right-to-left override)",
        ),
        ("summary.md", "Said &#8238;1202 hcraM.", "U+202E written as &#8238;"),
        (
            "00_overview.md",
            "%% guidance\nA &rlm;mark",
            "line 2 holds the invisible direction "
            "mark U+200F written as &rlm; (right-to-left mark)",
        ),
    ],
)
def test_a_direction_mark_in_commentary_is_refused_naming_the_line(tmp_path, capsys, name, text,
                                                                    says):  # fmt: skip
    """Failed before: a right-to-left override in a commentary file, typed or written as an HTML
    entity, was silently stripped (the README said such text is refused); expected exit status
    2 naming the file and line, before anything is written."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {name: text})
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton")
    assert says in str(caught.value)
    assert str(caught.value).startswith(str(raw / "report/southampton/commentary" / name))
    _refresh_refused(raw, tmp_path, says, capsys)


def test_direction_marks_in_guidance_or_plain_texts_entities_are_not_refused(tmp_path):
    """A mark in a line of guidance is never shown (the line ends where the guidance is taken out
    ends it, a line separator included); an entity in plain text is shown as written."""
    raw = _settings_folder(tmp_path, 'yjs = "Southampton"\n',
                           {"summary.md": "%% \u202e guidance\nThe panel is asked.\n",
                            "01_reoffending.md": "%% guidance\u2028\u202eshown\n",
                            "00_overview.txt": "Shown as written: &#x202E;"})  # fmt: skip
    with pytest.raises(InputError, match=r"line 1 holds the invisible direction mark U\+202E"):
        report_settings.read(raw, "Southampton")  # a guidance line ends at a line separator
    (raw / "report/southampton/commentary/01_reoffending.md").unlink()
    found = report_settings.read(raw, "Southampton")
    assert found.commentary["summary"].text.strip() == "The panel is asked."
    assert "&amp;#x202E;" in commentary.render(found.commentary["00_overview"].text, False)


@pytest.mark.parametrize(
    "text",
    [" %% NOTE: do not mention child C0000017 case until court\nShown.\n",
     "\t%% NOTE: do not mention child C0000017 case until court\nShown.\n",
     "Shown.\n   \t %% NOTE: do not mention child C0000017 case until court\n"],
)  # fmt: skip
def test_an_indented_line_of_guidance_is_never_shown(tmp_path, text):
    """Failed before: 01_reoffending.md's line ' %% NOTE: do not mention child C0000017 ...',
    indented by a space or a tab, was published; expected a line whose first visible
    characters are %% to be guidance, never shown."""
    raw = _settings_folder(tmp_path, 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    found = report_settings.read(raw, "Southampton").commentary["01_reoffending"]
    assert "C0000017" not in found.text and found.text.strip() == "Shown."
    assert "C0000017" not in commentary.render(found.text)


def test_a_byte_order_mark_inside_commentary_is_refused_naming_the_line(tmp_path, capsys):
    """Failed before: a byte-order mark before '%%' on line 3 of 01_reoffending.md (two files
    pasted together) made the writer's note a published line; expected exit status 2 naming
    the file, line 3 and U+FEFF, nothing written. A mark at the file's start is the file's."""
    note = "Fine.\n\n\ufeff%% NOTE: do not mention child C0000017 case until court\n"
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n',
                           {"01_reoffending.md": note.encode("utf-8-sig")})  # fmt: skip
    says = "line 3 holds a byte-order mark U+FEFF (zero width no-break space)"
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")
    _refresh_refused(raw, tmp_path, says, capsys)
    (raw / "report/southampton/commentary/01_reoffending.md").write_bytes(
        "\ufeff%% guidance\nShown.\n".encode()
    )
    assert report_settings.read(raw, "Southampton").commentary["01_reoffending"].text == "Shown."


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Fine.\nSee \U000e0049\U000e0047\U000e004e case.\n",
         "line 2 holds the invisible character U+E0049 (tag latin capital letter i)"),
        ("Offi\u00adcial figures.", "line 1 holds the invisible character U+00AD (soft hyphen)"),
        ("Fine.\n\nC00\u206000017", "line 3 holds the invisible character U+2060 (word joiner)"),
        ("A &shy;hidden word.", "U+00AD written as &shy; (soft hyphen)"),
        ("Fine\u3164.", "U+3164 (hangul filler)"),
        ("Fine\ue000.", "U+E000 (a private-use character)"),
    ],
)  # fmt: skip
def test_hidden_text_in_commentary_is_refused_naming_the_line(tmp_path, capsys, text, says):
    """Failed before: tag characters (U+E0000 block, text no reader sees), a soft hyphen and a
    word joiner in 01_reoffending.md were published; expected exit status 2 naming the file,
    the line and the character's code point and name, nothing written."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")
    _refresh_refused(raw, tmp_path, says, capsys)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Fine.\n\nThe figures were checked against C:\\Users\\jsmith\\OneDrive - Southampton "
         "City Council\\YOT\\Southampton extract Dec24.xlsx before submission.\n",
         "line 3 holds the path of a folder or file of a computer (C:\\Users\\jsmith\\OneDrive)"),
        ("Fine.\n![Portsmouth's chart](/tmp/adv/secret-chart.png)\n",
         "line 2 holds the path of a folder or file of a computer (/tmp/adv/secret-chart.png)"),
        ("See [the plan](file:///C:/Users/jsmith/plan.docx).",
         "(file:///C:/Users/jsmith/plan.docx), which"),
        ("Saved in \\\\council-fs01\\yot$\\board\\notes.docx", "(\\\\council-fs01\\yot$"),
        ("Notes in /Users/jsmith/Desktop/board.md", "(/Users/jsmith/Desktop/board.md)"),
        ("Notes in /home/analyst/board.md", "(/home/analyst/board.md)"),
        ("Notes in ~/Documents/board.md", "(~/Documents/board.md)"),
        ("Also D:/Exports/yot.csv", "(D:/Exports/yot.csv)"),
        # Issue 30: any absolute path, a share with either slash, a share's address, a
        # variable standing for a folder and a long path's prefix were all published.
        ("Fine.\nChecked against /srv/yjs/jsmith/Southampton FTE cohort Dec24.xlsx first.",
         "line 2 holds the path of a folder or file of a computer (/srv/yjs/jsmith/Southampton)"),
        ("In (/opt/yjs/cohort.csv).", "(/opt/yjs/cohort.csv)"),
        ("At //sccfs01/YJS$/Performance/jsmith/FTE validation.xlsx on the team drive.",
         "(//sccfs01/YJS$/Performance/jsmith/FTE)"),
        ("Older figures: smb://sccfs01/YJS/Performance/FTE 2019.xlsx.",
         "(smb://sccfs01/YJS/Performance/FTE)"),
        ("See nfs://fs01/yjs/x.csv and afp://mac/Share", "(nfs://fs01/yjs/x.csv)"),
        ("A copy is in %USERPROFILE%\\Documents\\FTE\\cohort notes.docx.",
         "(%USERPROFILE%\\Documents\\FTE\\cohort)"),
        ("Notes in $HOME/yjs/notes.md", "($HOME/yjs/notes.md)"),
        ("Notes in ${XDG_DATA_HOME}/yjs", "(${XDG_DATA_HOME}/yjs)"),
        ("Long path: \\\\?\\C:\\Users\\jsmith\\AppData\\FTE.xlsx.",
         "(\\\\?\\C:\\Users\\jsmith\\AppData\\FTE.xlsx)"),
        ("Device \\\\.\\PhysicalDrive0", "(\\\\.\\PhysicalDrive0)"),
        # a drive after a label's colon, in bold, split over a line; paths without a root
        ("Saved to:C:\\Users\\jsmith\\colon.xlsx.", "(C:\\Users\\jsmith\\colon.xlsx)"),
        ("See **C:**\\Users\\jsmith\\bold.xlsx.", "(C:**\\Users\\jsmith\\bold.xlsx)"),
        ("Saved at C:\nUsers\\jsmith\\split.xlsx.", "line 1 holds the path of a folder or file of a computer (C:Users\\jsmith\\split.xlsx)"),
        ("In Users/jsmith/Documents/YJS extract.xlsx", "(Users/jsmith/Documents/YJS)"),
        ("In ../../Desktop/Jane Smith/extract.xlsx", "(../../Desktop/Jane)"),
        ("In ~jsmith/cohort.xlsx", "(~jsmith/cohort.xlsx)"),
    ],
)  # fmt: skip
def test_a_computer_s_path_in_commentary_is_refused_naming_the_line(tmp_path, capsys, text, says):
    """Failed before: a Windows path (C:\\Users\\jsmith\\…) in 01_reoffending.md was published
    in the pages, notebooks and paper.docx, and an image of /tmp/… was refused only after every
    notebook had run; expected exit status 2 naming the file and the line, nothing written."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    with pytest.raises(InputError, match=re.escape(says)) as caught:
        report_settings.read(raw, "Southampton")
    assert re.search(r"01_reoffending\.md: line \d holds the path", str(caught.value))
    _refresh_refused(raw, tmp_path, says, capsys)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Checked against C\\:\\\\Users\\\\jsmith\\\\escaped.xlsx first.",
         "line 1 holds the path of a folder or file of a computer (C:\\Users\\jsmith\\escaped.xlsx)"),
        ("Checked against C:\\\\Users\\\\jsmith\\\\escaped.xlsx first.",
         "(C:\\Users\\jsmith\\escaped.xlsx)"),
        ("Fine.\nKept at C&#58;\\Users\\jsmith\\entity.xlsx.",
         "line 2 holds the path of a folder or file of a computer (C:\\Users\\jsmith\\entity.xlsx)"),
        ("Kept at C&colon;&#92;Users&#92;jsmith&#92;named.xlsx.",
         "(C:\\Users\\jsmith\\named.xlsx)"),
        ("See [my notes](/home/jsmith/notes.md).", "(/home/jsmith/notes.md), which"),
        ("See [the plan](file:///srv/plan.docx).", "(file:///srv/plan.docx), which"),
    ],
)  # fmt: skip
def test_a_path_written_with_escapes_is_refused_where_commentary_is_read(
    tmp_path, capsys, text, says
):
    r"""Issue 30: a path written with Markdown's escapes (``C\:\\Users``) or an HTML character
    reference (``C&#58;\Users``) shows as a path on the page, and was refused only by the guard
    before publishing, after every notebook had run (exit 1); expected exit 2 naming the file and
    the line, nothing written. A link to a computer's folder is still a path."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")
    _refresh_refused(raw, tmp_path, says, capsys)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("See the [case management guidance](/guidance/case-management-guidance) on the YJB "
         "site.", "line 1 links to /guidance/case-management-guidance, a path of a computer or a "
         "web address without its site"),
        ("See /guidance/youth-justice-case-management for more.",
         "line 1 holds /guidance/youth-justice-case-management, a path of a computer or a web "
         "address without its site"),
        # Issue 30: a file's path in a link was called a web address and given www.gov.uk.
        ("Checked against [the extract](/data/yjs/cohort_dec24.xlsx).",
         "line 1 links to /data/yjs/cohort_dec24.xlsx, a path of a computer or a web address "
         "without its site"),
    ],
)  # fmt: skip
def test_a_site_relative_link_is_not_called_a_computer_s_path(tmp_path, text, says):
    """Issue 30: ``[guidance](/guidance/…)`` was refused as the path of a computer's folder. A
    Markdown link's target is a web address; one without its site leads nowhere from the pages
    (they keep only full addresses and links between their own pages), so it is refused as
    that, and a bare one as what it may be, either."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    with pytest.raises(InputError, match=re.escape(says)) as caught:
        report_settings.read(raw, "Southampton")
    assert "full address (https://…)" in str(caught.value)
    assert "gov.uk" not in str(caught.value)  # a folder is no page of a site the text can name


#: Commentary the read and the guard before publishing are both asked about: every shape of a
#: path in the tests above and in :func:`yjanalysis.vocabulary.local_paths.local_path`'s
#: examples, written plainly and with escapes, and prose that is no path.
SHAPES = [
    "The figures were checked against C:\\Users\\jsmith\\OneDrive\\extract.xlsx first.",
    "![Portsmouth's chart](/tmp/adv/secret-chart.png)", "see ~/Documents/notes",
    "See [the plan](file:///C:/Users/jsmith/plan.docx).", "Saved in \\\\council-fs01\\yot$\\a.docx",
    "Notes in /Users/jsmith/Desktop/board.md", "Notes in /home/analyst/board.md",
    "Also D:/Exports/yot.csv", "Checked against /srv/yjs/jsmith/cohort.xlsx first.",
    "In (/opt/yjs/cohort.csv).", "At //sccfs01/YJS$/Performance/x.xlsx on the team drive.",
    "Older figures: smb://sccfs01/YJS/Performance/FTE.xlsx.", "See nfs://fs01/yjs/x.csv",
    "A copy is in %USERPROFILE%\\Documents\\x.docx.", "Notes in $HOME/yjs/notes.md",
    "Notes in ${XDG_DATA_HOME}/yjs", "Long path: \\\\?\\C:\\Users\\jsmith\\FTE.xlsx.",
    "Device \\\\.\\PhysicalDrive0", "Saved to:C:\\Users\\jsmith\\colon.xlsx.",
    "See **C:**\\Users\\jsmith\\bold.xlsx.", "Saved at C:\nUsers\\jsmith\\split.xlsx.",
    "In Users/jsmith/Documents/YJS extract.xlsx", "In ../../Desktop/Jane Smith/extract.xlsx",
    "In ~jsmith/cohort.xlsx", "Checked against C\\:\\\\Users\\\\jsmith\\\\escaped.xlsx.",
    "Checked against C:\\\\Users\\\\jsmith\\\\escaped.xlsx.", "Kept at C&#58;\\Users\\j\\e.xlsx.",
    "Kept at C&colon;&#92;Users&#92;jsmith&#92;named.xlsx.", "See [notes](/home/jsmith/n.md).",
    "See the [guidance](/guidance/case-management-guidance).", "See /guidance/youth-justice.",
    "Staff are on call 24/7; half (1/2) of the 2023/24 cohort, and/or its carers, met on "
    "10/12/2024 at 10:30/11:00 (see https://www.gov.uk/government/statistics/youth-justice).",
    "See https://example.org/home/page and https://yjb.gov.uk/Users/guide.",
    "and/or, gov.uk/guidance/youth-justice, www.example.org/a/b, 10-14/15-17",
    "See [education](05_education_training_employment.html) and [the YJB]"
    "(https://www.gov.uk/government/organisations/youth-justice-board-for-england-and-wales).",
    "An escaped star: 10\\*2 and a \\# sign, &amp; an ampersand.",
    # Issue 30, the eleventh round: the general rule, not one more shape.
    "The extract was saved to:C:/Users/jsmith/Documents/cohort.xlsx before checking.",
    "Checked against C: \\Users\\jsmith\\cohort.xlsx.", "Checked against \\Users\\j\\c.xlsx.",
    "Checked against Desktop/cohort Dec24.xlsx this quarter.", "See ~\\Documents\\c.xlsx.",
    "Checked (copy-C:/Users/jsmith/cohort.xlsx) first.", "onH:\\YJS\\x.xlsx",
    "Checked against C:\u00a5Users\u00a5jsmith\u00a5cohort.xlsx.", "At C\uff1a\\Users\\j\\c.xlsx.",
    "At C:\uff3cUsers\uff3cjsmith\uff3ccohort.xlsx.", "At <file%3A///C%3A/Users/jsmith/x.xlsx>.",
    "Checked against [the extract](/data/yjs/cohort_dec24.xlsx).", "Saved at C:\n\\Users\\x.xlsx.",
    "Saved in OneDrive - Southampton City Council/YJS/cohort.xlsx", "Saved in Desktop\\c.xlsx",
    # ... and what must stay: prose's slashes, addresses (SharePoint's too), times and ratios.
    "Attendance rose from 1/4 to 1/3; KS3/KS4/KS5, Sections 91/92, and/or, 24/7, 2023/24, "
    "Children & Families/Early Help, gov.uk/guidance/youth-justice at 10:30 (a ratio 3:1).",
    "See https://southamptoncc.sharepoint.com/sites/YJS/Shared%20Documents/cohort.xlsx and "
    "http://example.org/C:/x, home/school links, users/carers.",
    "The Users/Carers Forum and Parents/Carers met; Documents/Evidence and Users/YOT.",
    "Saved in Users/JSmith and Documents/Notes.docx.",
]  # fmt: skip


@pytest.mark.parametrize("text", SHAPES)
def test_the_read_and_the_guard_before_publishing_agree(tmp_path, text):
    """Issue 30: a path the read let through was caught only by the guard, after every notebook
    had run. Commentary the read accepts must pass the guard on the pages it makes (rendered, and
    as written in a notebook's JSON), and commentary it refuses must be caught there too."""
    import json

    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    try:
        report_settings.read(raw, "Southampton")
        read_refuses = False
    except InputError:
        read_refuses = True
    site = tmp_path / "site"
    site.mkdir()
    (site / "01_reoffending.html").write_text(commentary.render(text))
    (site / "01_reoffending.ipynb").write_text(json.dumps({"source": text}))
    try:
        pipeline.check_nothing_local(site, [])
        guard_refuses = False
    except pipeline.RefreshError:
        guard_refuses = True
    assert read_refuses == guard_refuses, (read_refuses, guard_refuses)


def test_text_like_a_path_but_none_is_kept(tmp_path):
    """Addresses, fractions, times and ``and/or`` are no path of a computer."""
    text = (
        "See https://example.org/home/page and https://yjb.gov.uk/Users/guide, and/or the "
        "10/14 age group at 10:30/11:00; %% C:\\Users\\me\\notes (a line of guidance)\n"
        "%% C:\\Users\\me\\notes.docx is a line of guidance, never shown\n"
    )
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    with pytest.raises(InputError, match="line 1 holds the path"):  # a %% mid-line is shown
        report_settings.read(raw, "Southampton")
    (raw / "report/southampton/commentary/01_reoffending.md").write_text(text.split(";")[0])
    assert report_settings.read(raw, "Southampton").commentary["01_reoffending"]
    (raw / "report/southampton/commentary/01_reoffending.md").write_text(text.splitlines()[1])
    assert "01_reoffending" not in report_settings.read(raw, "Southampton").commentary


def test_prose_with_slashes_and_the_demo_s_commentary_are_kept(tmp_path, demo_dir):
    """Issue 30: any absolute path is refused, but not the slashes of prose and addresses."""
    text = (
        "Staff are on call 24/7; half (1/2) of the 2023/24 cohort, and/or its carers, met on "
        "10/12/2024 at 10:30/11:00 (see https://www.gov.uk/government/statistics/youth-justice "
        "or //www.example.org is no share), at £5/week, w/c 6/1, km/h, n/a, A/B, %Y%m%d, $x/y$.\n"
    )
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    assert (
        report_settings.read(raw, "Southampton").commentary["01_reoffending"].text == text.strip()
    )
    for yjs in ("Southampton", "Newport"):
        assert report_settings.read(demo_dir, yjs).commentary  # the demo's is read whole


def test_a_computer_s_path_in_a_cover_setting_is_refused(tmp_path):
    raw = _settings_folder(
        tmp_path / "raw", 'yjs = "Southampton"\nauthor = "J Smith, C:\\\\Users\\\\jsmith"\n'
    )
    with pytest.raises(InputError, match=re.escape("'author' holds the path of a folder or file")):
        report_settings.read(raw, "Southampton")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("\u3164", "'classification' is empty (it holds only U+3164 (hangul filler))"),
        ("\u2800", "'classification' is empty (it holds only U+2800 (braille pattern blank))"),
        ("\u115f", "is empty (it holds only U+115F (hangul choseong filler))"),
        ("\uffa0 \u3164", "is empty (it holds only U+FFA0 (halfwidth hangul filler))"),
        ("Official\u180e", "U+180E (mongolian vowel separator)"),
        ("Off\u034ficial", "U+034F (combining grapheme joiner)"),
        ("Official\ufe0f", "U+FE0F (variation selector-16)"),
        ("Official\ufff9SECRET\ufffb", "U+FFF9 (interlinear annotation anchor)"),
        ("Offi\u200dcial", "U+200D (zero width joiner)"),
    ],
)
def test_a_cover_field_that_shows_nothing_or_hides_text_is_refused(tmp_path, value, says):
    """Failed before: report.toml's classification of a Hangul filler alone passed the "is
    empty" check, and the Braille blank, fillers, a variation selector, a grapheme joiner and
    interlinear annotation marks reached the cover; expected each refused naming the setting,
    the code point and its name (a field of blank-looking characters alone is empty)."""
    raw = _settings_folder(tmp_path, f'yjs = "Southampton"\nclassification = "{value}"\n')
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")


def test_the_joiners_real_text_needs_are_kept():
    """Emoji joined into one, a Persian word with its non-joiner and an emoji with its
    presentation selector are real text; the same joiner between ASCII letters hides."""
    real = ["\U0001f469\u200d\U0001f4bb team", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u2764\ufe0f thanks"]  # fmt: skip
    assert [list(report_settings.hidden_characters(t)) for t in real] == [[], [], []]
    assert list(report_settings.hidden_characters("Offi\u200ccial \u2764\ufe0f\ufe0f")) == [4, 12]


def test_lock_files_beside_the_commentary_are_ignored_with_a_reason(tmp_path):
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n')
    words = raw / "report" / "southampton" / "commentary"
    words.mkdir(exist_ok=True)
    (words / "summary.md").write_text("The service improved.\n")
    (words / "~$summary.md").write_bytes(b"\x0bAnalyst Name")
    (words / ".~lock.summary.md#").write_text(",Analyst Name,host,26.11.2026 10:00,file://\n")
    (raw / "report" / "southampton" / "~$board paper.docx").write_bytes(b"\x0bAnalyst Name")
    found = report_settings.read(raw, "Southampton")
    assert found.commentary["summary"].text.strip() == "The service improved."
    reasons = {path.name: why for path, why in found.ignored}
    assert set(reasons) == {"~$summary.md", ".~lock.summary.md#", "~$board paper.docx"}
    assert reasons["~$summary.md"].startswith("lock file of a workbook open in Excel")


# ---------------------------------------------------------------------------------------------
# Hostile commentary

HOSTILE = (
    "# Title\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
    "![pixel](https://tracker.example/p.png) [click](javascript:alert(1)) "
    "[case](JaVaScRiPt:alert(1)) [entity](&#x6A;avascript:alert(1)) "
    "[data](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(1)>\n\n"
    '<a href="javascript:alert(1)">raw link</a> <iframe src="https://evil.example"></iframe>\n\n'
    "[ref]\n\n[ref]: javascript:alert(1)\n\n[fine](https://www.gov.uk/)"
)


def _harmless(body: str) -> None:
    assert "<script" not in body and "<img" not in body and "<iframe" not in body
    assert not re.search(
        r"""<[a-z][^>]*\s(?:href|src)\s*=\s*["']?\s*(?:javascript|data|vbscript):""", body, re.I
    )
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", body)  # no event handler in any tag


def test_hostile_commentary_is_rendered_as_harmless_text():
    body = commentary.render(HOSTILE)
    _harmless(body)
    assert "&lt;script&gt;" in body and "[image not shown: pixel]" in body
    assert '<a href="https://www.gov.uk/" rel="nofollow noopener noreferrer">fine</a>' in body
    assert "<h3>Title</h3>" in body  # headings sit under the section's own
    plain = commentary.render("<b>x</b>\n\nline one\nline two", markdown=False)
    assert plain == "<p>&lt;b&gt;x&lt;/b&gt;</p><p>line one<br>line two</p>"


@pytest.mark.e2e
def test_hostile_commentary_reaches_the_pages_as_text(reports, tmp_path):
    raw = _settings_folder(
        tmp_path / "raw",
        'yjs = "Southampton"\nboard = "<script>alert(1)</script> Panel"\n',
        {"summary.md": HOSTILE, "00_overview.md": HOSTILE},
    )
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(pipeline.notebooks()[0], books)
    done = pipeline.refresh("Southampton", "2024-12", raw=raw, out=tmp_path / "out",
                            processed=copy_of(reports["processed"], tmp_path), build_first=False,
                            notebook_folder=books, jobs=1)  # fmt: skip
    for name in ("index.html", "00_overview.html"):
        body = (done.folder / name).read_text()
        _harmless(body)
        assert "&lt;script&gt;" in body and "[image not shown: pixel]" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Panel" in (done.folder / "index.html").read_text()


# ---------------------------------------------------------------------------------------------
# Each part where it belongs


def test_the_cover_summary_and_asks_open_the_front_page(reports):
    index = text_of(reports["Southampton"] / "index.html")
    cover = index.split("Summary", 1)[0]
    for words in ("Report to Children and Learning Scrutiny Panel (demo)",
                  "Meeting Thursday 20 March 2025", "Author A. Example",
                  "Contact yjs-performance@example.org", "Classification Official",
                  "Previous report figures to September 2024",
                  "Period covered figures to December 2024",
                  "How recent The service's own records end December 2024; published figures",
                  "made up for the demo"):  # fmt: skip
        assert words in cover, words
    summary = index.split("Summary", 1)[1].split("Headlines", 1)[0]
    assert (
        summary.index("Better or worse than comparators")
        < summary.index("Changed since the last report (figures to September 2024)")
        < summary.index("What the service asks of the Children and Learning Scrutiny Panel")
    )
    # The front page ranks only what the sections say. The custody rate of the comparators'
    # latest year is hidden in the demo: the headline compares the latest year shown.
    # Own records against publications: worse than a comparator only where the interval clears
    # the definitions' difference too. Restated (a tenth reading): the family's and England's,
    # beyond chance but within that difference, are worse too, saying the sources may be part.
    assert (
        "Reoffending rate (calendar year 2022): worse than the South East region, and than its "
        "YJB family and England (part of the gap may be how the two sources count), by more "
        "than chance would explain" in summary
    )
    assert "Custodial sentences (12 months to June 2024): worse than its YJB family, " in summary
    assert "In Southampton Youth Justice Service's own words" in summary
    assert "The panel is asked" in summary
    order = [index.index(w) for w in ("Summary", "Headlines", "Inspection", "Sections of the")]
    assert order == sorted(order)
    assert 'class="yj-marking">Official<' in (reports["Southampton"] / "index.html").read_text()


def test_every_section_carries_its_commentary_marked_as_the_services(reports):
    settings = report_settings.read(reports["Southampton"].parents[2] / "x", "Southampton")
    assert not settings.commentary  # (no settings where there is no raw folder)
    for section in SECTIONS:
        page = reports["Southampton"] / f"{section}.html"
        body = page.read_text()
        assert body.count('class="yj-commentary"') == 1, section
        assert 'class="yj-marking">Official<' in body, section
        text = text_of(page)
        assert "The service's commentary In Southampton Youth Justice Service's own words" in text
        assert "Synthetic demo text" in text
        # The service's words follow the figures and come before the definitions.
        assert text.index("own words") < text.index("Definitions and sources"), section


def test_custody_now_and_remand_then_custody_on_the_custody_page(reports):
    text = text_of(reports["Southampton"] / "02_custody_and_remand.html")
    now = text.split("Children in custody now", 1)[1].split("Remands", 1)[0]
    # The demo's count on the day is hidden: the sentence says so, and why, in one sentence.
    # "at the end of 31 December 2024" is said "at 31 December 2024" (failed before).
    # Restated (an eleventh reading: a blank where a recent count is printable): the latest
    # count the control shows, with its date, beside the day's hidden one ([c], the key why).
    assert re.search(r"(?:At 31 December 2024, \d+ of Southampton's children were in "
                     r"custody|The number of Southampton's children in custody at 31 "
                     r"December 2024 is " + re.escape(disclosure.why_hidden(5)) + r" \(\[c\]\)"
                     r"|At 3\d \w+ 2024, \d+ of Southampton's children were in custody, the latest "
                     r"count that can be shown; at 31 December 2024 it is \[c\]\.)",
                     now)  # fmt: skip
    assert "At the end of each quarter of the two years to 31 December 2024" in now
    assert "at the end of 31" not in now.lower()
    assert now.count("2022") >= 1 and "31 March 2023" in now
    assert "Remanded, then sentenced to custody" in text
    assert "two thirds of the children remanded to youth detention accommodation" in text


def test_no_count_from_the_services_records_of_one_to_four_is_shown(reports):
    text = text_of(reports["Southampton"] / "02_custody_and_remand.html")
    table = text.split("children in custody at the end of each quarter", 1)[1].split("A child", 1)[
        0
    ]
    for cell in re.findall(r"(?<![\d,.])(\d+)(?![\d,.%])", re.sub(r"\d+ \w+ 20\d\d", "", table)):
        assert not 1 <= int(cell) <= 4, table
    remand = text.split("Remanded, then sentenced to custody", 1)[1].split("The YJB", 1)[0]
    found = re.search(r"Of the (\d+) children .* ended in the .*?, (\d+) \(", remand)
    if found:  # a shown proportion: neither its count nor its complement may be 1 to 4
        whole, part = int(found.group(1)), int(found.group(2))
        assert not 1 <= part <= 4 and not 1 <= whole - part <= 4, remand


def test_serious_violence_explains_the_lag_ranks_the_family_and_names_offences(reports):
    text = text_of(reports["Southampton"] / "04_serious_youth_violence.html")
    assert "counted when they are proven, by a caution or a conviction, not when" in text
    assert "The offences behind the rate" in text
    # The demo's serious violence figures are for English services: the family's two Welsh
    # members have none, and the page says so rather than ranking among 11. Restated (a ninth
    # reading): the place is said in plain words, "(the 2nd worst, lower being better)", not
    # "(8th of 9, 1st being the lowest, the best)"; the two Welsh members are named where the
    # family's two sources are set side by side.
    assert re.search(r"had the (\d+\w\w )?highest rate of serious violence offences of 9 services: it "
                     r"and the 8 of its family with a figure \(the (\d+\w\w )?(worst|best), lower "
                     r"being better\)", text)  # fmt: skip
    assert "the second leaves out Newport and Wrexham." in text
    assert "Southampton (this service)" in text
    rank = text.split("In its family", 1)[1]
    assert "financial year 2023-24" in rank.split(".", 1)[0]


def test_the_inspection_context_shows_the_latest_rating_and_no_guess(reports):
    """The latest inspection's rating and each standard's, none guessed. Restated (an eleventh
    reading: the demo's inspections now rate court and out-of-court work apart): assessment
    of court work is the Inadequate one."""
    south = text_of(reports["Southampton"] / "index.html").split("Inspection", 1)[1]
    assert "rated Southampton's youth justice service Good overall in its inspection report " \
           "published on 14 November 2023" in south  # fmt: skip
    assert "Assessment (how well staff assess each child's needs, risks and strengths), court " \
           "work Inadequate" in south and "Governance and leadership Good" in south  # fmt: skip
    assert "Assessment, out-of-court work Good" in south
    assert "have no rating" not in south  # the demo rates every standard
    assert "The inspection before was published on 2 July 2019 (overall: Good)" in south
    newport = text_of(reports["Newport"] / "index.html").split("Inspection", 1)[1]
    assert "Good overall in its inspection report published on 11 July 2024" in newport


def _inspection_text(row: dict, after: list[dict] | None = None) -> str:
    """The front page's inspection part for one inspection row (and any published after the
    report's period), as plain text."""
    from types import SimpleNamespace

    from yjanalysis.report import front_page

    ctx = SimpleNamespace(
        yjs=row["yjs"],
        period_end=pd.Timestamp("2024-12-31"),
        inspections=pd.DataFrame([row]),
        inspections_after=pd.DataFrame(after or [], columns=list(row)),
        build={"used": [{"file": "ratings.csv", "format": hmi_inspections.TITLE}]},
    )
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", front_page.inspection(ctx))))


def test_an_inspection_lists_a_standard_it_lacks_a_rating_for_and_guesses_none():
    """Every standard the score counts is listed; one the list read does not rate says so and
    is not guessed, and no sum is offered against the score. Failed before: a standard without
    a rating was left out of the list (Newport's governance and leadership), and later the
    ratings shown were summed against the score as if the file could hold all 12."""
    row = {t: "Good" for t in hmi_inspections.SCORED}
    row.update({"Governance and leadership": None, "Staff": None})
    row.update(yjs="Southampton", published=pd.Timestamp("2024-07-11"), overall_rating="Good",
               score=21 / 36 * 100, report_url=None)  # fmt: skip
    text = _inspection_text(row)
    assert "Governance and leadership no rating here" in text
    assert "Staff no rating here" in text
    assert "2 of these standards have no rating here" in text
    assert "so the ratings shown cannot add up to the score." in text
    assert "points (Outstanding 3" not in text and "carry the other" not in text
    assert "Resettlement" not in text  # not rated here, and not one the score counts
    assert "synthetic" not in text


def test_an_inspection_after_the_reports_period_is_said_not_dropped_unseen():
    """An inspection the ratings file dates after the report's period is left out, and the
    page says so with its date. Failed before (adversary 16, C36): Southampton's inspection of
    14 November 2023 typed 14/11/25 was dropped without a word, and the page presented its
    inspection of 2 July 2019 as the current one."""
    row = {t: "Good" for t in hmi_inspections.SCORED}
    row.update(yjs="Southampton", published=pd.Timestamp("2019-07-02"), overall_rating="Good",
               score=22 / 36 * 100, report_url=None)  # fmt: skip
    later = dict(row, published=pd.Timestamp("2025-11-14"))
    text = _inspection_text(row, after=[later])
    assert "published on 2 July 2019" in text
    assert (
        "The ratings file also holds an inspection of Southampton published on 14 November "
        "2025, after this report's period (to December 2024), left out here"
    ) in text
    assert "after this report's period" not in _inspection_text(row)


def test_a_rated_resettlement_standard_is_said_not_to_count():
    """Resettlement, rated from 2021, is listed as not counted in the score. Failed before: it
    was one of "12 standards" whose points were added up to the score."""
    row = {t: "Good" for t in hmi_inspections.STANDARDS}
    row.update(yjs="Newport", published=pd.Timestamp("2024-07-11"), overall_rating="Good",
               score=52.78, report_url=None)  # fmt: skip
    text = _inspection_text(row)
    assert (
        "Resettlement policy and provision (for children leaving custody; not in the score) Good"
    ) in text
    assert "no rating here" not in text


def test_a_standard_rated_for_court_and_out_of_court_work_apart_is_shown_apart(tmp_path):
    """Assessment, planning and implementation and delivery are rated once for court work and
    once for out-of-court work: where the ratings file holds both, the page lists both, and
    with all 12 standards held says nothing of ratings that cannot add up to the score.
    Failed before: the two ratings were read as none, and the one merged column shown (Good)
    hid an Inadequate assessment of out-of-court work."""
    from yjanalysis.inputs import readers

    path = tmp_path / "ratings.csv"
    path.write_text(
        "la_name,la_ref,score_%,overall_rating,publication_date,report_url,"
        "governance_and_leadership,staff,partnerships_and_services,information_and_facilities,"
        "assessment,court_assessment,outofcourt_assessment,court_planning,out_of_court_planning,"
        "court_implementation_and_delivery,outofcourt_implementation_and_delivery,reviewing,"
        "outofcourt_disposal_policy_and_provision\n"
        "Southampton,southampton,61.11,Good,14/11/23,,Good,Good,Good,Good,"
        "Good,Good,Inadequate,Good,Good,Good,Good,Good,Good\n"
    )
    ratings = readers.read(path)
    row = ratings.iloc[0]
    assert row["score"] == pytest.approx(61.11)  # 22 points: the 12 ratings can make them
    text = _inspection_text(row.to_dict())
    assert (
        "Assessment (how well staff assess each child's needs, risks and strengths), court work "
        "Good Assessment, out-of-court work Inadequate"
    ) in text
    assert "Planning (how well staff plan the work with each child), court work Good" in text
    assert "Implementation and delivery, out-of-court work Good" in text
    assert "cannot add up to the score" not in text and "no rating here" not in text
    assert hmi_inspections.ratings(row, "Assessment") == [
        ("court work", "Good"),
        ("out-of-court work", "Inadequate"),
    ]
    # A file holding one rating of each, as the scrape does, still says so.
    merged = {k: v for k, v in row.to_dict().items() if ", " not in k}
    assert (
        "Assessment is rated twice, for court and out-of-court work, but the ratings file gives "
        "one rating of each, so the ratings shown cannot add up to the score."
    ) in _inspection_text(merged)


def test_the_real_plymouth_and_kent_inspections_read_as_the_inspectorate_rated_them(public_file):
    """Plymouth's report heads 3.4 "Policy and provision" and Kent's (2021) "Joint working":
    each is the one out-of-court standard, listed once under the name of its framework.
    Failed before: Plymouth's page listed "Out-of-court disposal policy and provision" as not
    rated beside "Policy and provision" rated Good, and "Joint working" besides, 12 standards
    in all, summed against its 24 points."""
    from yjanalysis.inputs import readers

    ratings = readers.read(public_file("hmi_probation_yjs_inspection_ratings.csv"))
    assert "Policy and provision" not in ratings and "Joint working" not in ratings
    by_name = ratings.set_index("name")
    for name in ("Plymouth", "Wakefield", "Kent", "Portsmouth"):
        assert by_name.loc[name, hmi_inspections.OUT_OF_COURT] == "Good", name
    assert by_name.loc["Kent", "out_of_court_name"] == "Joint working"
    assert by_name.loc["Portsmouth", hmi_inspections.RESETTLEMENT] == "Good"
    assert pd.isna(by_name.loc["Plymouth", hmi_inspections.RESETTLEMENT])
    text = _inspection_text(by_name.loc["Plymouth"].to_dict())
    assert "Out-of-court disposal policy and provision (the service's arrangements for " in text
    assert "Policy and provision" not in text and "Joint working" not in text
    assert "Resettlement" not in text
    assert "Planning (how well staff plan the work with each child) no rating here" in text
    assert "1 of these standards has no rating here" in text
    assert "with an inspection score of 24 out of a possible 36" in text
    assert "so the ratings shown cannot add up to the score." in text
    kent = _inspection_text(by_name.loc["Kent"].to_dict())
    assert "Joint working (how well the service works with the police" in kent
    assert "Out-of-court disposal" not in kent


def test_a_service_with_none_of_it_gets_a_clean_report(reports):
    index = reports["Cardiff"] / "index.html"
    body, text = index.read_text(), text_of(index)
    for absent in ("Report to", "Meeting", "Author", "Classification", "asks of the panel",
                   "own words"):  # fmt: skip
        # Whole words: the cover's "Local Authority Interactive Tool" holds no "Author" row.
        assert not re.search(rf"\b{absent}\b", text), absent
    assert 'class="yj-marking"' not in body and 'class="yj-commentary"' not in body
    assert "Period covered figures to December 2024" in text  # the generated cover stays
    for section in SECTIONS:
        page = (reports["Cardiff"] / f"{section}.html").read_text()
        assert 'class="yj-commentary"' not in page and "The service's commentary" not in page
        assert 'class="yj-marking"' not in page


# ---------------------------------------------------------------------------------------------
# The inspection ratings file and the method notes


def test_the_real_inspection_ratings_are_read_without_guessing(public_file):
    found = pd.read_csv  # noqa: F841 (the file is read by the project's reader below)
    from yjanalysis.inputs import readers

    ratings = readers.read(public_file("hmi_probation_yjs_inspection_ratings.csv"))
    by_name = ratings.set_index("name")
    assert ratings.attrs["kind"] == "hmi_inspections" and len(ratings) == 83
    assert pd.isna(by_name.loc["Portsmouth", "overall_rating"])  # a footnote, not a rating
    # A service since April 2023 (the register held it as part of Cumbria until issue 24).
    assert by_name.loc["Cumberland", "yjs"] == "Cumberland"
    assert by_name.loc["Royal Borough of Greenwich", "yjs"] == "Greenwich"
    assert by_name.loc["Conwy & Denbighshire - JI", "yjs"] == "Conwy and Denbighshire"
    assert by_name.loc["Newport", "published"] == pd.Timestamp("2024-07-11")
    assert by_name.loc["Newport", "overall_rating"] == "Good"
    assert pd.isna(by_name.loc["West Sussex", "score"])  # 72.2% is not Requires improvement
    assert by_name.loc["Bromley", "score"] == pytest.approx(91.67)
    notes = " ".join(ratings.attrs["notes"])
    assert "matches no service" not in notes and "(Portsmouth)" in notes


def test_an_inspection_of_no_service_is_left_out_with_a_note(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(
        "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff\n"
        "Atlantis,atlantis,52.78,Good,11/07/24,,Good\n"
        "Newport,newport,52.78,Good,11/07/24,,Good\n"
    )
    from yjanalysis.inputs import readers

    ratings = readers.read(path)
    assert pd.isna(ratings.set_index("name").loc["Atlantis", "yjs"])
    assert "row 2: 'Atlantis' matches no service" in " ".join(ratings.attrs["notes"])


@pytest.mark.parametrize(
    ("cell", "says"),
    [("31/02/24", "is not a date"), ("01/01/60", "is in the future"), ("2024", "is not a date")],
)
def test_a_ratings_file_with_a_bad_date_is_refused(tmp_path, cell, says):
    path = tmp_path / "ratings.csv"
    path.write_text(
        "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff\n"
        f"Newport,newport,52.78,Good,{cell},,Good\n"
    )
    from yjanalysis.inputs import readers

    with pytest.raises(InputError) as caught:
        readers.read(path)
    assert "row 2, column 'publication_date'" in str(caught.value) and says in str(caught.value)


def test_hmi_ratings_and_bands():
    assert hmi_inspections.rating("requires  improvement") == "Requires improvement"
    assert hmi_inspections.band(52.78) == "Good" and hmi_inspections.band(19.44) == (
        "Requires improvement"
    )


def test_the_reoffending_method_change_is_explained_where_a_trend_crosses_it():
    crossing = pd.Series(pd.to_datetime(["2015-04-01", "2016-04-01"]))
    assert "October 2017" in caveats.reoffending_method("reoffending_binary", crossing)
    assert caveats.reoffending_method("reoffending_binary", crossing[1:]) is None
    assert caveats.reoffending_method("custody_rate", crossing) is None


def test_the_build_reads_the_ratings_and_passes_over_the_settings(demo_build):
    ignored = {str(p): r for p, r in demo_build.ignored}
    assert any(p.endswith("report.toml") and "report settings" in r for p, r in ignored.items())
    assert set(demo_build.inspections["yjs"]) >= {"Southampton", "Newport", "Portsmouth"}
    assert "Cumberland" in set(demo_build.inspections["yjs"])  # a service since April 2023


def test_a_score_its_ratings_cannot_be_part_of_is_left_out_with_a_note(tmp_path):
    """Each rating shown is a different standard of the 12, so they make at most the score, and
    the standards not shown carry at most 3 points each. Failed before: such a score was shown
    (the front page said the ratings were wrong, but the file's own check let it through)."""
    from yjanalysis.inputs import readers

    path = tmp_path / "ratings.csv"
    path.write_text(
        "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff,reviewing,"
        "governance_and_leadership,resettlement_policy_and_provision\n"
        "Newport,newport,19.44,Requires Improvement,11/07/24,,Outstanding,Outstanding,"
        "Outstanding,Inadequate\n"  # 9 points shown against 7: more than the score
        "Southampton,southampton,58.33,Good,14/11/23,,Good,Good,Good,Outstanding\n"
    )
    ratings = readers.read(path).set_index("name")
    assert pd.isna(ratings.loc["Newport", "score"])
    # Resettlement's 3 points are not the score's: 6 of 21 shown, the other 9 carry the rest.
    assert ratings.loc["Southampton", "score"] == pytest.approx(58.33)
    assert "row 2 (Newport): its ratings make 9 points" in " ".join(ratings.attrs["notes"])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The extract was saved to:C:/Users/jsmith/Documents/cohort.xlsx.",
         "C:/Users/jsmith/Documents/cohort.xlsx"),
        ("Checked against C: \\Users\\jsmith\\cohort.xlsx.", "C: \\Users\\jsmith\\cohort.xlsx"),
        ("Checked against \\Users\\jsmith\\cohort.xlsx.", "\\Users\\jsmith\\cohort.xlsx"),
        ("Checked against Desktop/cohort Dec24.xlsx.", "Desktop/cohort"),
        ("See ~\\Documents\\cohort.xlsx.", "~\\Documents\\cohort.xlsx"),
        ("Checked (copy-C:/Users/jsmith/cohort.xlsx).", "copy-C:/Users/jsmith/cohort.xlsx"),
        ("onH:\\YJS\\x.xlsx", "onH:\\YJS\\x.xlsx"),
        ("At C:\u00a5Users\u00a5jsmith\u00a5cohort.xlsx.", "C:\\Users\\jsmith\\cohort.xlsx"),
        ("At C\uff1a\\Users\\jsmith\\cohort.xlsx.", "C:\\Users\\jsmith\\cohort.xlsx"),
        ("At C:\uff3cUsers\uff3cjsmith\uff3ccohort.xlsx.", "C:\\Users\\jsmith\\cohort.xlsx"),
        ("At <file%3A///C%3A/Users/jsmith/x.xlsx>.", "file:///C:/Users/jsmith/x.xlsx"),
        ("At C\ua789\u2216Users\u2216jsmith\u2216c.xlsx.", "C:\\Users\\jsmith\\c.xlsx"),
        ("Saved at the copy at C:\nUsers\\cohort_dec24.xlsx this quarter.",
         "C:Users\\cohort_dec24.xlsx"),
    ],
)  # fmt: skip
def test_every_sibling_of_a_path_is_refused_by_one_rule(tmp_path, text, named):
    """Issue 30, the eleventh round: each of these was published, one shape at a time. The
    general rule (a backslash before a letter, a drive before ``:/``, a user's own folder first,
    on the text folded and percent-decoded, each line joined to the next) refuses them all,
    naming the path as decoded and the first line of one broken over two."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    says = f"line 1 holds the path of a folder or file of a computer ({named})"
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")


def test_prose_addresses_and_the_seed_paper_are_no_path(tmp_path):
    """What the general rule must leave: prose's slashes, addresses (SharePoint's, escaped,
    too), times and ratios, and every line of the seed paper and the reference text."""
    from yjanalysis.vocabulary.local_paths import shown_path

    text = (
        "Attendance rose from 1/4 to 1/3; KS3/KS4/KS5, Sections 91/92, and/or, 24/7, 2023/24, "
        "Children & Families/Early Help, gov.uk/guidance/youth-justice at 10:30 (3:1), "
        "https://southamptoncc.sharepoint.com/sites/YJS/Shared%20Documents/cohort.xlsx, "
        "home/school links, users/carers, 10-14/15-17, ¥500 and 50%.\n"
    )
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    assert (
        report_settings.read(raw, "Southampton").commentary["01_reoffending"].text == text.strip()
    )
    reference = Path("/work/shared/reference")
    for paper in sorted(reference.glob("*.txt")) if reference.is_dir() else []:
        for line in paper.read_text(encoding="utf-8").splitlines():
            assert shown_path(line) is None, line


#: Slash phrases of youth justice and council writing, none a path: a user's folder's name as
#: the first of a pair of prose words (``Users/Carers Forum``) among them.
ORDINARY_SLASHES = [
    "Users/Carers Forum", "Service Users/Carers", "Users/Families", "Users/Non-Users",
    "Users/YOT", "Documents/Evidence", "Desktop/Laptop", "Pictures/Videos",
    "Downloads/Uploads", "Parents/Carers", "Schools/Colleges", "Police/YOT", "Police/YJS",
    "Courts/Police", "Health/CAMHS", "Education/Training", "Children/Young People",
    "Victims/Witnesses", "Sentenced/Remanded", "Boys/Girls", "Looked After Children/Care Leavers",
    "Early Help/Social Care", "Substance Misuse/Mental Health", "Speech/Language", "Capital/Revenue",
    "Exempt/Confidential", "WARDS/COMMUNITIES", "Property/Other", "Out of Court/Diversion",
    "YJB/MoJ", "Referral Order/YRO", "ETE/NEET", "Partners/Stakeholders", "Staff/Volunteers",
    "Housing/Accommodation", "Carers/Parents Forum", "he/she", "s/he", "parents/carers",
    # A user's folder's name before a lower-case word or a third part, with no file's name.
    "home/school/college link worker", "home/office/court", "Desktop/laptop refresh",
    "Desktop/laptop/tablet", "OneDrive/SharePoint migration", "Downloads/visits",
    "Education/Training/Employment data on explore-education-statistics.service.gov.uk",
]  # fmt: skip
#: Sentences of a service's own writing once refused as a computer's path.
ORDINARY_SENTENCES = [
    "Our home/school/college link worker started in June.",
    "The Desktop/laptop refresh for case workers is funded from the grant.",
    "The OneDrive/SharePoint migration is complete.", "Downloads/visits to the website rose.",
    "Pictures/Videos from the reparation project are on the website.",
    "See the Education/Training/Employment data on explore-education-statistics.service.gov.uk",
    "Staff/volunteers/mentors: see annex.pdf", "Victims/Survivors/Witnesses support, leaflet.pdf.",
]  # fmt: skip


def test_ordinary_slash_phrases_are_kept(tmp_path):
    """Failed before: commentary on the Users/Carers Forum was refused as a computer's path (a
    user's folder as the first of two parts); expected every phrase here kept, read whole, and
    let through by the guard before publishing too."""
    from yjanalysis.vocabulary.local_paths import shown_path

    assert len(ORDINARY_SLASHES) >= 30
    text = "".join(f"The {phrase} met in March.\n" for phrase in ORDINARY_SLASHES)
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    assert report_settings.read(raw, "Southampton").commentary["01_reoffending"].text == (
        text.strip()
    )
    assert [p for p in ORDINARY_SLASHES if shown_path(f"The {p}.") is not None] == []
    assert [p for p in ORDINARY_SENTENCES if shown_path(p) is not None] == []
    text += "".join(f"{sentence}\n" for sentence in ORDINARY_SENTENCES)
    raw = _settings_folder(tmp_path / "raw2", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    assert report_settings.read(raw, "Southampton").commentary["01_reoffending"].text == (
        text.strip()
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "01_reoffending.html").write_text(commentary.render(text))
    pipeline.check_nothing_local(site, [])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Saved in Users/jsmith.", "Users/jsmith"), ("Saved in Users/JSmith.", "Users/JSmith"),
        ("Saved in Users/J.Smith.", "Users/J.Smith"), ("In Users/Jsmith2 now.", "Users/Jsmith2"),
        ("See Documents/Notes.docx.", "Documents/Notes.docx"),
        ("See Users/Jsmith/Documents.", "Users/Jsmith/Documents"),
        ("Saved in Desktop/Jane Smith/extract.xlsx", "Desktop/Jane"),
        ("Saved in Desktop/Cohort-Dec24.xlsx", "Desktop/Cohort-Dec24.xlsx"),
        ("Saved in OneDrive - SCC/Reports", "OneDrive"),
        ("Saved in Desktop\\Carers", "Desktop\\Carers"),
        ("Saved in Documents/YJS/cohort Dec24.xlsx", "Documents/YJS/cohort"),
        ("Saved in Downloads/extract.csv", "Downloads/extract.csv"),
        ("Saved in Pictures/Chart Dec24.PNG", "Pictures/Chart"),
        ("Saved in OneDrive/Board papers/paper.docx", "OneDrive/Board"),
        ("Saved in home/jsmith/Documents", "home/jsmith/Documents"),
        ("Saved in home/jsmith/notes.md", "home/jsmith/notes.md"),
        ("Saved in exports/dec/Southampton extract Dec24.xlsx", "exports/dec/Southampton"),
    ],
)  # fmt: skip
def test_a_user_s_folder_before_a_name_or_a_file_is_still_a_path(tmp_path, text, named):
    """A user's folder before a user's name (lower case, capitals run into a word, a dot or a
    digit), a file, a third part, a OneDrive folder's name or a backslash stays a path."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n', {"01_reoffending.md": text})
    says = f"line 1 holds the path of a folder or file of a computer ({named})"
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("report_of", "Data team (source:C:/Users/jsmith/Documents/board.xlsx)",
         "C:/Users/jsmith/Documents/board.xlsx"),
        ("contact", "Shared drive: \\\\YJS\\\\Performance\\\\board_dec24.docx",
         "\\YJS\\Performance\\board_dec24.docx"),
        ("contact", "see H: \\\\YJS\\\\contacts.xlsx", "H: \\YJS\\contacts.xlsx"),
    ],
)  # fmt: skip
def test_every_cover_setting_is_checked_as_commentary_is(tmp_path, key, value, named):
    """Issue 30: ``report_of`` and ``contact`` with a path reached the cover (exit 0)."""
    raw = _settings_folder(tmp_path / "raw", f'yjs = "Southampton"\n{key} = "{value}"\n')
    says = f"'{key}' holds the path of a folder or file of a computer ({named})"
    with pytest.raises(InputError, match=re.escape(says)):
        report_settings.read(raw, "Southampton")


def _controlled_newport(demo_build):
    from yjanalysis.report.context import controlled

    table = pd.read_parquet(demo_build.processed / "indicators.parquet")
    shown, _ = controlled(demo_build.processed, "Newport")
    return table, shown


@pytest.mark.parametrize("yjs", ["Southampton", "Newport"])
@pytest.mark.parametrize("month", ["2024-09", "2024-12"])
def test_the_demos_words_state_no_hidden_figure_nor_a_later_period(demo_dir, demo_build, yjs,
                                                                   month):  # fmt: skip
    """A ninth reading: Newport's September paper hid its share in suitable education,
    training or employment while the service's words on the same page said "61.1% ... in
    2024", a year ending after the paper's September (and its first time entrants "31 ... in
    the calendar year 2024"). The demo's words, and its cover's settings, pass the refresh's
    check for every quarter the demo publishes. Failed before: Newport's, for September 2024."""
    from yjanalysis.report import stated
    from yjanalysis.report.context import controlled

    table = pd.read_parquet(demo_build.processed / "indicators.parquet")
    shown, _ = controlled(demo_build.processed, yjs)
    settings = report_settings.read(demo_dir, yjs, month)
    assert settings.commentary
    end = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
    stated.check(
        settings.commentary, yjs, end, table, shown, settings.meeting(month), settings.cover_words()
    )


@pytest.mark.parametrize("yjs", ["Southampton", "Newport"])
def test_the_demos_september_words_name_no_later_month(demo_dir, yjs):
    """A board member read "the performance of the Youth Justice Service to December 2024" in
    the papers for the quarter to September: the demo's words served every quarter. The demo
    keeps words for each quarter it offers, and those of September name no month after it.
    Failed before: both services' asks said "to December 2024", Newport's visits November."""
    words = report_settings.read(demo_dir, yjs, "2024-09").commentary
    text = " ".join(passage.text for passage in words.values())
    later = re.findall(r"(?:October|November|December) 2024|\bQ[34]\b|2024-25 Q[34]", text)
    assert not later, later
    assert "to September 2024" in words["summary"].text


@pytest.mark.parametrize(
    ("words", "named"),
    [
        ("1. to note the performance of the service to December 2024; and", "to December 2024"),
        ("Custody fell in the 12 months ending December 2024.", "ending December 2024"),
        ("In December 2024 the team moved.", "December 2024"),
        ("The figures for 2024-25 Q3 are below.", "2024-25 Q3"),
        ("The figures for Q3 2024-25 are below.", "Q3 2024-25"),
        ("Remands fell in Q3.", "Q3"),
        ("Remands fell in Q4 2024.", "Q4 2024"),
    ],
)
def test_words_naming_a_month_after_the_report_are_refused(words, named):
    """Words naming a period or a month after the report's end never reach its paper, stating a
    figure or not. Failed before: the check read only sentences stating a figure, and read no
    quarter, so that "to December 2024", "2024-25 Q3" and "Q3" reached a September paper."""
    from yjanalysis.report import stated

    end, meeting = pd.Timestamp("2024-09-30"), pd.Timestamp("2024-12-10")
    file = Path("summary.md")
    passage = {"summary": report_settings.Commentary("summary", words, True, file)}
    with pytest.raises(InputError) as caught:
        stated.check(passage, "Newport", end, pd.DataFrame(), pd.DataFrame(), meeting)
    assert str(caught.value).startswith(f"{file}: line 1 names {named}, after the report's end")
    assert "commentary/2024-09/" in str(caught.value)


def test_a_month_after_the_meeting_is_a_plan_and_passes():
    """A plan for after the meeting ("reports to the board in April 2025") is no period of the
    report; a month of the report's own quarter, or a quarter up to it, passes too."""
    from yjanalysis.report import stated

    end, meeting = pd.Timestamp("2024-09-30"), pd.Timestamp("2024-12-10")
    for words in (
        "A review reports to the board in April 2025.",
        "Custody fell in the 12 months to September 2024, and in Q2.",
        "The figures for 2024-25 Q2 are below.",
    ):
        assert stated.months_after(words, end, meeting) == [], words


def test_words_for_one_quarter_replace_the_services_words_for_its_report(tmp_path):
    """A service keeps words for each quarter in a folder named after its last month: they
    take the place of the same sections' words for that report alone. Failed before: such a
    folder was refused as "not a commentary file this project reads"."""
    raw = _settings_folder(tmp_path / "raw", 'yjs = "Southampton"\n')
    notes = raw / "report" / "southampton" / "commentary"
    notes.mkdir(exist_ok=True)
    (notes / "summary.md").write_text("To note the performance to December 2024.\n")
    (notes / "00_overview.md").write_text("The service's approach continues.\n")
    (notes / "2024-09").mkdir()
    (notes / "2024-09" / "summary.md").write_text("To note the performance to September.\n")
    september = report_settings.read(raw, "Southampton", period="2024-09").commentary
    assert september["summary"].text.strip() == "To note the performance to September."
    assert september["00_overview"].text.strip() == "The service's approach continues."
    december = report_settings.read(raw, "Southampton", period="2024-12").commentary
    assert december["summary"].text.strip() == "To note the performance to December 2024."
    (notes / "2024-13").mkdir()
    with pytest.raises(InputError, match="a folder of one quarter's files named after its"):
        report_settings.read(raw, "Southampton", period="2024-09")


def test_words_stating_a_figure_for_a_period_after_the_report_are_refused(
    demo_dir, demo_build, tmp_path, capsys
):
    """The refresh refuses words that give a figure for a period after the report's end, in one
    sentence naming the file and what was expected, with exit status 2 and nothing written.
    Failed before: Newport's September paper printed "61.1% ... in 2024"."""
    raw = copy_of(demo_dir, tmp_path)
    processed = copy_of(demo_build.processed, tmp_path)
    words = raw / "report" / "newport" / "commentary" / "05_education_training_employment.txt"
    words.write_text(
        "61.1% of children were in suitable education, training or employment at the end of "
        "their order in 2024.\n",
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    code, err = run_in_process("refresh", "--yjs", "Newport", "--period-end", "2024-09",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert (
        f"{words}: line 1 states a figure for 2024, after the report's end (September 2024); "
        in (err)
    )
    assert "expected figures of periods the report covers, or none." in err
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1, err
    assert not (out / "newport" / "2024-09").exists()


def test_the_words_periods_are_read_as_every_table_reads_them():
    """A period in the service's words means what it means in every table
    (``periods.parse``): ``2023/24`` is an academic year, ending in August as the education
    figures' do, and ``2023-26`` (a plan's years) is no period. Failed before: the words' own
    arithmetic read ``2023/24`` as a financial year ending in March, so a June report let
    "58% ... in 2023/24" through, and it read ``2023-26`` as a year ending March 2026."""
    from yjanalysis.report import stated

    june = pd.Timestamp("2024-06-30")
    assert stated.periods_after("58% of children were in school in 2023/24.", june) == ["2023/24"]
    assert stated.periods_after("58% were in school in 2023-24.", june) == []
    assert stated.periods_after("Our 2023-26 plan names 12 actions.", june) == []
    assert stated.periods_after("9 were cautioned in the 12 months to June 2024.", june) == []
    assert stated.periods_after("9 were cautioned in July 2024.", june) == ["July 2024"]


def test_words_stating_a_figure_the_report_hides_are_refused_without_it(demo_build):
    """Words giving a figure the report hides, in a sentence naming its period, are refused;
    the refusal names the measure and period, never the figure. Failed before: nothing read
    the service's words against what the report hides."""
    from yjanalysis.report import stated
    from yjanalysis.vocabulary.catalogue import indicator

    table, shown = _controlled_newport(demo_build)
    end = pd.Timestamp("2024-12-31")
    hidden = stated._hidden("Newport", end, table, shown)
    hidden = hidden[hidden["breakdown"].eq("total") & hidden["indicator"].eq("ete_suitable")]
    row = hidden[hidden["value"].notna()].iloc[-1]
    printed = indicator(row["indicator"]).format(row["value"], unit=False)
    assert re.search(r"[.%]", printed), printed
    period = f"the 12 months to {row['period_end']:%B %Y}"
    file = Path("05_education_training_employment.md")
    words = {"05": report_settings.Commentary("05", f"In {period}, {printed} were.", True, file)}
    with pytest.raises(InputError) as caught:
        stated.check(words, "Newport", end, table, shown)
    said = str(caught.value)
    assert said.startswith(f"{file}: line 1 states the share of children in suitable education")
    assert "which the report hides to protect the children behind it" in said
    assert printed not in said and printed.rstrip("%") not in said, said
    count = f"{int(row['numerator'])} children"
    words = {"05": report_settings.Commentary("05", f"In {period}, {count} were.", True, file)}
    with pytest.raises(InputError):
        stated.check(words, "Newport", end, table, shown)
    # The same words without a period the report hides, or a figure, pass.
    words = {"05": report_settings.Commentary("05", f"In {period}, most were.", True, file)}
    stated.check(words, "Newport", end, table, shown)


WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def _hidden_custody(demo_build):
    """Southampton's hidden custodial sentences of the 12 months to September 2024."""
    from disclosure_helpers import hidden_custody

    table, shown, end, row = hidden_custody(demo_build)
    return table, shown, end, int(row["numerator"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Our own records count {word} custodial sentences in the 12 months to September 2024.",
        "In the 12 months to September 2024, {digits} children were sentenced to custody.",
        "In the 12 months to September 2024, custody rose.\n\n{Word} were sentenced to custody.",
        "{Word} young people received a detention and training order in the 12 months to "
        "September 2024.",
    ],
)
def test_a_hidden_count_in_words_or_other_nouns_is_refused_naming_its_line(demo_build, sentence):
    """Failed before: the check knew digits and the catalogue's noun only, so "eight custodial
    sentences" and "8 children were sentenced to custody", Southampton's hidden count of the
    12 months to September 2024, were published (adversary round 16, C29, C30). A count in
    words or digits, of the nouns and verbs users write for the measure, in a sentence naming
    its period (or after one that did) is refused, naming the file, its line (counted with the
    guidance lines the page does not show), the measure and the period, never the count."""
    from yjanalysis.report import stated

    table, shown, end, count = _hidden_custody(demo_build)
    word = WORDS[count]
    text = "%% guidance, not shown\nRemands fell.\n\n" + sentence.format(
        word=word, Word=word.capitalize(), digits=count
    )
    file = Path("02_custody_and_remand.md")
    shown_lines = tuple(n for n, line in enumerate(text.splitlines(), 1) if n != 1)
    passage = report_settings.Commentary("02", text.split("\n", 1)[1], True, file, shown_lines)
    with pytest.raises(InputError) as caught:
        stated.check({"02": passage}, "Southampton", end, table, shown)
    said = str(caught.value)
    line = 6 if "custody rose" in sentence else 4
    assert said.startswith(f"{file}: line {line} states the rate of custodial sentences for "
                           "12 months to September 2024"), said  # fmt: skip
    assert "which the report hides" in said
    assert not re.search(rf"\b({count}|{word})\b", said.split("states", 1)[1], re.I), said


@pytest.mark.parametrize(
    "sentence",
    [
        "Two panels and 3 workshops on custodial sentences ran in the 12 months to September 2024.",
        "{Word} members of the board visited in the 12 months to September 2024; six months on, "
        "custody is reviewed.",
        "In the 12 months to September 2024, custodial sentences were reviewed by section "
        "{digits} of the plan.",
        "Custody fell in the 12 months to September 2024 for children aged {digits} to 17.",
    ],
)
def test_ordinary_numbers_beside_a_hidden_measure_pass(demo_build, sentence):
    """Numbers counting something else (panels, workshops, members), numbering a thing
    (section 8) or an age are not the hidden count, even where they equal it."""
    from yjanalysis.report import stated

    table, shown, end, count = _hidden_custody(demo_build)
    word = WORDS[count]
    text = sentence.format(word=word, Word=word.capitalize(), digits=count)
    passage = report_settings.Commentary("02", text, True, Path("02.md"))
    stated.check({"02": passage}, "Southampton", end, table, shown)


def _hidden_neet_2024(count):
    """A hidden post-16 NEET count of 2024, as :func:`stated._hidden` gives it (made up)."""
    return pd.DataFrame(
        {"indicator": ["neet_post16_order_end"], "period": ["2024"],
         "period_start": [pd.Timestamp("2024-01-01")], "period_end": [pd.Timestamp("2024-12-31")],
         "breakdown": ["total"], "group": ["all"], "value": [None], "numerator": [float(count)]}
    )  # fmt: skip


@pytest.mark.parametrize("count", [16, 17])
def test_an_age_is_no_count_of_the_children_it_describes(count):
    """Failed before: the demo's asks of the panel ("an update in six months on custodial
    sentences, serious youth violence and education outcomes, above all post-16 children with
    no education, training or employment", in the passage to December 2024) would be refused
    as stating the post-16 NEET figure for 2024 wherever that count, hidden, equalled the age:
    "post-16 children" was read as a count of children. The check of counts now reads an age
    as the check of arithmetic does: no figure. (Counts here are made up.)"""
    from yjanalysis.report import stated

    text = (
        "1. to note the performance of the Youth Justice Service to December 2024; and\n"
        "2. to consider an update in six months on **custodial sentences**, **serious youth "
        "violence** and **education outcomes**, above all post-16 children with no education, "
        "training or employment at the end of their order (children aged 10 to 17)."
    )
    hidden = _hidden_neet_2024(count)
    assert stated.hidden_stated(text, hidden, end=pd.Timestamp("2024-12-31")) == []
    said = text.replace("post-16 children", f"{count} children")
    assert stated.hidden_stated(said, hidden, end=pd.Timestamp("2024-12-31")) != []


@pytest.mark.parametrize("count", [1, 7])
def test_a_number_of_places_is_no_figure_of_a_measure_the_sentence_names(count):
    """Failed before: Southampton's words on serious youth violence ("A partnership operation
    with the police and schools responded to a series of knife-enabled assaults in one area of
    the city") were refused as giving the post-16 NEET figure for 2024, hidden: "schools"
    names education, the sentence names no period (so speaks of the report's end), and "one
    area" was read as a figure (a number before a singular noun is read as counting). A
    number of places counts places. (Counts here are made up.)"""
    from yjanalysis.report import stated

    text = (
        "Serious youth violence is higher than in our family and in England. A partnership "
        "operation with the police and schools responded to a series of knife-enabled assaults "
        "in one area of the city; the learning is being extended city-wide."
    )
    hidden = _hidden_neet_2024(count)
    end = pd.Timestamp("2024-12-31")
    assert stated.hidden_stated(text, hidden, end=end) == []
    said = text.replace("in one area of the city", "with one child in education")
    assert stated.hidden_stated(said, hidden, end=end) != []


def test_the_shape_rule_follows_the_shapes_of_the_extracts_ids(tmp_path):
    """Failed before: an Ofsted URN (``SC045678``) in valid commentary was refused as a
    child's id, beside an extract whose ids are ``YP`` and four digits (adversary round 14,
    D17). The build records its extracts' ids' shapes (never an id), and the read of the
    words before a report looks for those: a reference of another shape passes, a word of the
    extract's shape is refused by its line and word number, and without an extract the shapes
    docs/extract.md describes are looked for."""
    from yjanalysis.table import build

    raw = tmp_path / "raw"
    shutil.copytree(Path(__file__).parent / "malformed" / "extract_child_id_in_commentary", raw)
    notes = raw / "report" / "southampton" / "commentary" / "02_custody_and_remand.md"
    notes.write_text("Two children moved to a home (Ofsted URN SC045678) rated Good.\n")
    processed = tmp_path / "processed"
    build.build(raw, processed)
    shapes = build.id_shapes(processed)
    assert shapes is not None and "YP:4:0" in shapes, shapes
    report_settings.read(raw, "Southampton", id_shapes=shapes)
    report_settings.read(raw, "Southampton", id_shapes=False)  # before the build: not yet
    with pytest.raises(
        InputError, match=r"line 1, word 9, is shaped like the id of a child.*six digits or more"
    ):
        report_settings.read(raw, "Southampton")  # no extract known: docs/extract.md's shapes
    notes.write_text("Remands fell.\nOne child (yp-20 01) was cautioned.\n")
    with pytest.raises(InputError) as caught:
        report_settings.read(raw, "Southampton", id_shapes=shapes)
    message = str(caught.value)
    assert "02_custody_and_remand.md: line 2, word 4, is shaped like the id" in message
    assert "2001" not in message.split("02_custody_and_remand.md", 1)[1], message
    assert "the letters and count of digits of the ids of the raw folder's extracts" in message
