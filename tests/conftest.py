"""Shared fixtures: the real public files (skipped where absent) and the demo data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# `make test` must give the same verdict on every run: by default the property tests draw the
# same examples each time (derandomised). HYPOTHESIS_PROFILE=explore draws fresh examples, more
# of them, to hunt for new failures; a failure found that way becomes an @example.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=1000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT.parent / "shared" / "data" / "public"


@pytest.fixture(scope="session")
def public() -> Path:
    """The folder of real public files, or a skip saying why it is absent."""
    if not (PUBLIC / "yjb_local_children_table_2013-14_to_2019-20_by_yot.csv").is_file():
        pytest.skip(f"real public data not found at {PUBLIC} (see ../shared/data/README.md)")
    return PUBLIC


@pytest.fixture(scope="session")
def public_file(public):
    """Return the path of one real public file."""
    return lambda name: public / name


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """Demo inputs written once for the session."""
    from yjanalysis.inputs import demo

    folder = tmp_path_factory.mktemp("demo")
    demo.write(folder)
    return folder


@pytest.fixture(scope="session")
def demo_build(demo_dir, tmp_path_factory):
    """The build of the demo inputs."""
    from yjanalysis.table.build import build

    return build(demo_dir, tmp_path_factory.mktemp("processed"))


@pytest.fixture(scope="session")
def public_build(public, tmp_path_factory):
    """The build of the real public files."""
    from yjanalysis.table.build import build

    return build(public, tmp_path_factory.mktemp("public_processed"))


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``yjanalysis`` command as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "yjanalysis", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        check=False,
    )


def run_in_process(*args: str, capsys) -> tuple[int, str]:
    """Run the command in this process (fast); return its exit status and standard error."""
    from yjanalysis.cli import main

    try:
        main(list(args))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0
    return code, capsys.readouterr().err


def make_table(rows: list[dict]):
    """Build a small, valid indicator table from dicts (missing columns take defaults)."""
    import pandas as pd

    from yjanalysis.vocabulary import periods
    from yjanalysis.vocabulary import schema as table

    frame = pd.DataFrame(rows)
    bounds = frame["period"].map(periods.parse)
    frame["period_start"] = [b[0] for b in bounds]
    frame["period_end"] = [b[1] for b in bounds]
    return table.conform(frame)
