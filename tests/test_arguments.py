"""Every command checks its arguments before any work: one sentence, exit status 2, nothing written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import run_in_process


def one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and lines[0].endswith("."), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def folders(tmp_path, demo_dir):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "empty").mkdir()
    return {
        "raw": demo_dir,
        "out": tmp_path / "out",
        "processed": tmp_path / "processed",
        "file": tmp_path / "a-file",
        "empty": tmp_path / "empty",
    }


REFRESH_CASES = [
    (["--jobs", "0"], "--jobs 0 is not a number of notebooks to run at once; expected 1 to 7"),
    (["--jobs", "-3"], "--jobs -3 is not a number"),
    (["--jobs", "99"], "expected 1 to 7"),
    (["--jobs", "two"], "Invalid value for '--jobs': Input should be a valid integer"),
    (["--period-end", ""], "--period-end '' is not a month; expected YYYY-MM"),
    (["--period-end", "2024-13"], "--period-end '2024-13' is not a month"),
    (["--period-end", "2024-1"], "is not a month"),
    (["--period-end", "Dec 2024"], "is not a month"),
    (["--period-end", "2099-01"], "--period-end 2099-01 has not begun"),
    (["--audience", "bogus"], "--audience 'bogus' is not one of board, analyst"),
    (["--out", "{file}"], "--out {file} is a file; expected a folder"),
    # Issue 30 (failed before: the unsuppressed table and disclosure log were published).
    (["--processed", "{out}"], "--processed {out} lies inside the published folder --out {out}"),
    (["--processed", "{out}/processed"], "lies inside the published folder --out {out}"),
    (["--out", "{file}/reports"], "cannot be made: {file} is a file"),
    (["--out", "/sys/yjanalysis-reports"], "--out /sys/yjanalysis-reports cannot be written to"),
    (["--processed", "/sys/yjanalysis"], "--processed /sys/yjanalysis cannot be written to"),
    (["--out", "{raw}/reports"], "lies inside the input folder"),
    (["--processed", "{raw}"], "lies inside the input folder"),
    (["--raw", "{out}/missing"], "--raw {out}/missing does not exist"),
    (["--raw", "{file}"], "--raw {file} is a file; expected a folder of input files"),
    (["--notebooks", "{empty}"], "--notebooks {empty} holds no numbered notebooks"),
    (["--yjs", "Atlantis"], "'Atlantis' is not a YJS in the register"),
    # Issue 24: a service that ended (or had not begun) has no report for the month.
    (
        ["--yjs", "Cumbria", "--period-end", "2025-03"],
        "Cumbria YJS ended in March 2023, when Cumberland and Westmorland and Furness took over "
        "its area; expected a report to March 2023 or earlier, or a report for Cumberland or "
        "Westmorland and Furness.",
    ),
    (
        ["--yjs", "Cumberland", "--period-end", "2022-12"],
        "Cumberland YJS began in April 2023 (until then Cumbria YJS served its area); expected a "
        "report to April 2023 or later, or a report for Cumbria.",
    ),
    (["--all-yjs"], "give --yjs or --all-yjs, not both"),
    (["--no-such-option"], "No such option: --no-such-option"),
]


@pytest.mark.parametrize(("extra", "expected"), REFRESH_CASES)
def test_refresh_refuses_bad_arguments_before_any_work(folders, capsys, extra, expected):
    names = {k: str(v) for k, v in folders.items()}
    extra = [e.format(**names) for e in extra]
    given = dict(zip(extra[::2], extra[1::2], strict=False))
    args = ["refresh"]
    if "--yjs" not in given:
        args += ["--yjs", "Southampton"]
    for option in ("raw", "out", "processed"):
        if f"--{option}" not in given:
            args += [f"--{option}", names[option]]
    started = time.perf_counter()
    code, err = run_in_process(*args, *extra, capsys=capsys)
    assert code == 2, err
    assert expected.format(**names) in one_sentence(err)
    assert time.perf_counter() - started < 5  # nothing was built or run
    assert not folders["out"].exists() and not folders["processed"].exists()


def test_refresh_needs_a_service(capsys):
    code, err = run_in_process("refresh", capsys=capsys)
    assert code == 2
    assert "say which service to refresh: --yjs NAME" in one_sentence(err)


@pytest.mark.slow
@pytest.mark.parametrize(
    "services",
    [["--yjs", "Southampton"], ["--all-yjs"]],
)
def test_a_period_before_the_data_begin_is_refused_before_any_notebook(folders, capsys, services):
    code, err = run_in_process("refresh", *services, "--period-end", "1900-01",
                               "--raw", str(folders["raw"]), "--out", str(folders["out"]),
                               "--processed", str(folders["processed"]), capsys=capsys)  # fmt: skip
    assert code == 2, err
    line = next(x for x in err.splitlines() if x.startswith("error:"))
    assert line.startswith("error: --period-end 1900-01 is before the data begin: the first")
    assert ("for Southampton ends" in line) == (services[0] == "--yjs")
    assert "expected 20" in line and line.endswith("or later.")
    assert not folders["out"].exists()  # no report, no empty service folder


@pytest.mark.slow
@pytest.mark.parametrize(
    ("services", "month", "expected"),
    [
        (["--yjs", "Southampton"], "2026-11",
         "--period-end 2026-11 is after the case records of Southampton end (31 December 2024); "
         "expected 2024-12 or earlier"),
        (["--yjs", "Southampton"], "2025-01", "after the case records of Southampton end"),
        (["--yjs", "Hampshire"], "2026-11",
         "--period-end 2026-11 is more than a year after the latest figure for Hampshire, which "
         "ends on 31 August 2024; expected 2025-08 or earlier"),
        (["--all-yjs"], "2026-11", "more than a year after the latest figure for each of these"),
    ],
)  # fmt: skip
def test_a_period_after_the_records_end_is_refused_before_any_notebook(
    folders, capsys, services, month, expected
):
    """Failed before: a report to November 2026 on records ending December 2024 was published,
    "report to November 2026" over figures 20 to 59 months old."""
    code, err = run_in_process("refresh", *services, "--period-end", month,
                               "--raw", str(folders["raw"]), "--out", str(folders["out"]),
                               "--processed", str(folders["processed"]), capsys=capsys)  # fmt: skip
    assert code == 2, err
    line = next(x for x in err.splitlines() if x.startswith("error:"))
    assert expected in line, line
    assert not folders["out"].exists()
    assert not folders["processed"].exists()  # refused before the table was written


def _files_and_times(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}  # fmt: skip


@pytest.mark.slow
def test_a_period_after_the_records_end_leaves_the_processed_folder_as_it_was(
    tmp_path, demo_dir, capsys
):
    """Failed before: refresh --period-end 2026-11 on the demo's records (to December 2024) was
    refused only after the new processed table was written over the old; expected exit status
    2 naming --period-end, with the processed folder's files and times unchanged."""
    import shutil

    raw, processed, out = tmp_path / "raw", tmp_path / "processed", tmp_path / "out"
    shutil.copytree(demo_dir, raw)
    code, err = run_in_process("build", "--raw", str(raw), "--processed", str(processed),
                               capsys=capsys)  # fmt: skip
    assert code == 0, err
    (raw / "notes.txt").write_text("not an input\n")  # other inputs: the refresh builds again
    before = _files_and_times(processed)
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2026-11",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert "error: --period-end 2026-11 is after the case records of Southampton end" in err
    assert _files_and_times(processed) == before
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build", "--raw", "{file}"], "--raw {file} is a file"),
        (["build", "--raw", "{raw}", "--out", "{raw}/processed"], "lies inside the input folder"),
        (["build", "--raw", "{raw}", "--out", "/sys/x"], "--out /sys/x cannot be written to"),
        (["build", "--raw", "{raw}", "--processed", "{raw}/p"], "--processed {raw}/p lies inside"),
        (
            ["build", "--raw", "{raw}", "--processed", "{out}/a", "--out", "{out}/b"],
            "--processed {out}/a and --out {out}/b name two folders for one table; give one",
        ),
        (["demo", "--out", "{file}"], "--out {file} is a file"),
        (["demo", "--seed", "x"], "Invalid value for '--seed'"),
        (["inspect", "{out}/none.csv"], "does not exist or is not a file"),
        (["compare", "--yjs", "Atlantis", "--indicator", "fte_rate"], "not a YJS in the register"),
        (["nonsense"], "No such command 'nonsense'"),
    ],
)
def test_other_commands_refuse_bad_arguments(folders, capsys, args, expected):
    names = {k: str(v) for k, v in folders.items()}
    code, err = run_in_process(*[a.format(**names) for a in args], capsys=capsys)
    assert code == 2, err
    assert expected.format(**names) in one_sentence(err)
    assert not folders["out"].exists() and not Path(names["raw"], "processed").exists()


def test_a_service_name_with_a_character_not_seen_is_the_service(folders, capsys):
    """A name pasted with a zero-width space is the service (failed before: 'not a YJS').

    Characters that are not seen are no part of a name, as a left-to-right mark already was
    not; where a name is still unknown the message shows them as codes.
    """
    from yjanalysis.reference import require_yjs

    assert require_yjs("South\u200bampton") == "Southampton"
    assert require_yjs("\ufeffSouthampton\u200e") == "Southampton"
    code, err = run_in_process(
        "refresh", "--yjs", "Atl\u200bantis", "--raw", str(folders["raw"]), capsys=capsys
    )
    assert code == 2
    assert "'Atl\\u200bantis' is not a YJS in the register" in one_sentence(err)


@pytest.mark.slow
def test_a_report_that_would_be_published_into_the_input_folder_is_refused(
    folders, capsys, tmp_path
):
    """--out is not inside --raw, but the service's folder under it is --raw itself.

    Failed before: the report was published into the inputs (raw/2024-12/...), and the next
    build read its own-figures.csv as an input and refused it with a misleading sentence.
    """
    import shutil

    raw = tmp_path / "o4" / "southampton"
    shutil.copytree(folders["raw"], raw)
    before = sorted(p.relative_to(raw) for p in raw.rglob("*"))
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(raw), "--out", str(raw.parent),
                               "--processed", str(folders["processed"]), capsys=capsys)  # fmt: skip
    assert code == 2, err
    line = next(x for x in err.splitlines() if x.startswith("error:"))
    assert "which is inside the input folder --raw" in line, line
    assert sorted(p.relative_to(raw) for p in raw.rglob("*")) == before


@pytest.mark.parametrize(
    ("kept", "expected"),
    [
        ("raw", "and the input folder --raw ({out}/southampton/2024-12/inputs) lies in it"),
        ("notebooks", "the notebook folder --notebooks ({out}/southampton/2024-12/inputs)"),
        ("previous", "--raw ({out}/southampton/.2024-12.previous/inputs) lies in it"),
        ("report", "Southampton's report settings and commentary"),
        ("raw above", "is inside the processed folder --processed ({out})"),
    ],
)
def test_a_folder_the_refresh_would_replace_is_refused_before_any_work(
    folders, capsys, tmp_path, kept, expected
):
    """A folder a refresh reads may not lie in the report folder it replaces, nor hold it.

    Failed before: with --raw inside --out/southampton/2024-12, publishing replaced that folder
    and the inputs were deleted, exit status 0.
    """
    import shutil

    out = folders["out"]
    place = out / "southampton" / (".2024-12.previous" if kept == "previous" else "2024-12")
    inside = place / "inputs"
    raw, processed, notebooks = folders["raw"], folders["processed"], None
    if kept in ("raw", "previous"):
        raw = inside
    elif kept == "notebooks":
        notebooks = inside
    elif kept == "report":  # the service's report folder is a link into the published one
        raw = tmp_path / "inputs"
        shutil.copytree(folders["raw"], raw)
        (raw / "report").mkdir(exist_ok=True)
        shutil.rmtree(raw / "report" / "southampton", ignore_errors=True)
        inside.mkdir(parents=True)
        (raw / "report" / "southampton").symlink_to(inside, target_is_directory=True)
    else:  # the processed folder holds the reports
        processed = out
        out = out / "reports"
    if kept in ("raw", "previous"):
        shutil.copytree(folders["raw"], inside)
    elif kept == "notebooks":
        shutil.copytree(Path(__file__).parents[1] / "notebooks", inside)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    args = ["refresh", "--yjs", "Southampton", "--period-end", "2024-12", "--raw", str(raw),
            "--out", str(out), "--processed", str(processed)]  # fmt: skip
    if notebooks:
        args += ["--notebooks", str(notebooks)]
    started = time.perf_counter()
    code, err = run_in_process(*args, capsys=capsys)
    assert code == 2, err
    line = one_sentence(err)
    assert expected.format(out=folders["out"].resolve()) in line, line
    assert time.perf_counter() - started < 5  # nothing was built or run
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_without_jobs_a_folder_of_one_notebook_runs_it_alone(folders, tmp_path, capsys):
    """The default number of notebooks at once fits the folder; a --jobs given is still checked.

    Failed before: a --notebooks folder of one notebook was refused with "--jobs 2 is not a
    number of notebooks to run at once; expected 1 to 1", though no --jobs was given.
    """
    import shutil

    from yjanalysis.run import arguments

    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(Path(__file__).parents[1] / "notebooks" / "00_overview.ipynb", one)
    given = {"raw": folders["raw"], "out": folders["out"], "processed": folders["processed"]}
    assert arguments.settings("2024-12", **given, notebook_folder=one).jobs == 1
    assert arguments.settings("2024-12", **given).jobs == 2
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--jobs", "2",
                               "--notebooks", str(one), "--raw", str(folders["raw"]),
                               "--out", str(folders["out"]), capsys=capsys)  # fmt: skip
    assert code == 2
    assert "--jobs 2 is not a number of notebooks to run at once; expected 1 to 1" in err
