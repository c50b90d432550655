"""The build on the demo inputs: the table's contract, aggregates, atomic output."""

from __future__ import annotations

import hashlib
import json
import shutil

import pandas as pd
import pytest

from conftest import run_cli
from yjanalysis.build import build
from yjanalysis.errors import InputError
from yjanalysis.indicators import table as tidy


def test_table_meets_its_contract(demo_build):
    frame = demo_build.indicators
    assert list(frame.columns) == list(tidy.COLUMNS)
    tidy.SCHEMA.validate(frame)
    assert set(frame["area_type"]) >= {"yjs", "family", "region", "pcc", "country", "england_wales"}


def test_written_files(demo_build, demo_dir, tmp_path):
    out = tmp_path / "out"
    build(demo_dir, out)
    written = pd.read_parquet(out / "indicators.parquet")
    assert len(written) == len(demo_build.indicators)
    record = json.loads((out / "build.json").read_text())
    assert record["synthetic"] is True
    assert {u["format"] for u in record["used"]} >= {"DfE LAIT bulk data", "YJS families"}
    assert any(i["file"].endswith("README.md") for i in record["ignored"])
    assert not list(out.glob(".build-*")), "staging folder left behind"


def test_family_aggregate_excludes_the_service_itself(demo_build):
    frame = demo_build.indicators
    family = frame[(frame["area"] == "Portsmouth family") & (frame["breakdown"] == "total")]
    assert not family.empty
    assert family["method"].str.contains("10 YJSs").any()


def test_national_figure_from_the_indicator_csv(demo_build):
    frame = demo_build.indicators
    england = frame[(frame["indicator"] == "fte_rate") & (frame["area"] == "England")]
    assert len(england) == 8 and (england["status"] == "published").all()


def test_raw_folder_is_not_changed(demo_dir, tmp_path):
    def digest():
        files = [p for p in demo_dir.rglob("*") if p.is_file()]
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

    before = digest()
    build(demo_dir, tmp_path / "out")
    assert digest() == before


def test_two_files_giving_the_same_figure_is_an_error(demo_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    shutil.copy(raw / "synthetic_national_figures.csv", raw / "copy_of_national_figures.csv")
    with pytest.raises(InputError, match="two inputs give the same figure"):
        build(raw, tmp_path / "out")


def test_a_families_file_replaces_a_packaged_family(demo_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (raw / "our_family.csv").write_text(
        "family,member\nSouthampton,Portsmouth\nSouthampton,Bristol\n"
    )
    result = build(raw, tmp_path / "out")
    family = result.indicators[
        (result.indicators["area"] == "Southampton family")
        & (result.indicators["indicator"] == "cautioned_or_sentenced_rate")
    ]
    assert family["method"].str.contains("pooled counts of 2 YJSs").all()


def test_build_command_end_to_end(demo_dir, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--raw", str(demo_dir), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and (out / "indicators.parquet").is_file()


def test_empty_folder_builds_an_empty_table(tmp_path):
    (tmp_path / "raw").mkdir()
    result = build(tmp_path / "raw", tmp_path / "out")
    assert result.indicators.empty
    assert list(result.indicators.columns) == list(tidy.COLUMNS)
