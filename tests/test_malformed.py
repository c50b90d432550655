"""Every malformed input gives one clear sentence, exit status 2, and writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli, run_in_process
from yjanalysis import sources
from yjanalysis.errors import InputError, UnrecognisedFileError

CORPUS = Path(__file__).parent / "malformed"
CASES = json.loads((CORPUS / "cases.json").read_text())


def test_corpus_is_large_enough():
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_gives_one_sentence(name):
    case = CASES[name]
    path = CORPUS / name
    if not case["read_fails"]:
        sources.read(path)  # well-formed as a file; the build rejects it (below)
        return
    with pytest.raises(InputError) as caught:
        sources.read(path)
    message = str(caught.value)
    assert case["expect"] in message
    assert message.startswith(str(path))
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_fails_cleanly_and_writes_nothing(name, tmp_path, capsys):
    case = CASES[name]
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(CORPUS / name, raw / name)
    before = (raw / name).read_bytes()
    out = tmp_path / "out"
    code, stderr = run_in_process("build", "--raw", str(raw), "--out", str(out), capsys=capsys)
    assert (raw / name).read_bytes() == before, "the raw input was changed"
    if not case["build_fails"]:
        assert code == 0, stderr
        assert "ignored" in stderr
        return
    assert code == 2, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert case["expect"] in lines[0]
    assert "Traceback" not in stderr
    assert not out.exists(), "a failed build wrote output"


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
        sources.read(CORPUS / "unrecognised.csv")


def test_missing_file():
    with pytest.raises(InputError, match="does not exist"):
        sources.read(CORPUS / "no_such_file.csv")


def test_inspect_reports_exit_code_2():
    result = run_cli("inspect", str(CORPUS / "lait_bad_value.csv"))
    assert result.returncode == 2
    assert "'high' is not a number" in result.stderr
