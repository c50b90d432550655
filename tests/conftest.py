"""Shared fixtures: the real public files (skipped where absent) and the demo data."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
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


def _shared(tmp_path_factory) -> Path:
    """A folder every worker of this test run shares (pytest-xdist gives each worker a session)."""
    kept = os.environ.get("YJANALYSIS_TEST_SHARED")
    if kept:  # a developer's loop: the demo and its reports kept between runs (delete to remake)
        root = Path(kept)
        root.mkdir(parents=True, exist_ok=True)
        return root
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if "PYTEST_XDIST_WORKER" in os.environ else base) / "shared"
    root.mkdir(exist_ok=True)
    return root


def once(tmp_path_factory, name: str, make) -> Path:
    """Make the folder ``name`` once for the whole test run, whichever worker asks first.

    The others wait for it (a file lock), then share it: tests treat it as read-only and copy
    what they change (:func:`copy_of`).
    """
    from filelock import FileLock

    root = _shared(tmp_path_factory)
    folder, done = root / name, root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def copy_of(folder: Path, where: Path) -> Path:
    """A test's own copy of a shared folder, to change as it pleases."""
    target = where / folder.name
    shutil.copytree(folder, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """Demo inputs written once for the test run (read-only)."""
    from yjanalysis.inputs import demo

    return once(tmp_path_factory, "demo", demo.write)


@pytest.fixture(scope="session")
def demo_build(demo_dir, tmp_path_factory):
    """The build of the demo inputs, made once for the test run (its folder: ``processed``)."""
    from yjanalysis.table.build import build

    def make(folder: Path) -> None:
        result = build(demo_dir, folder / "processed")
        (folder / "result.pickle").write_bytes(pickle.dumps(result))

    folder = once(tmp_path_factory, "demo-build", make)
    result = pickle.loads((folder / "result.pickle").read_bytes())
    result.processed = folder / "processed"
    return result


@dataclass
class DemoReports:
    """The demo reports every test of the published pages reads, published once a run."""

    out: Path
    analyst: Path
    processed: Path

    #: (service, period, audience) of each report published.
    PUBLISHED = (
        ("Southampton", "2024-12", "board"),
        ("Newport", "2024-12", "board"),
        ("Cardiff", "2024-12", "board"),
        ("Newport", "2024-09", "board"),
        ("Cardiff", "2024-09", "board"),
        ("Southampton", "2024-12", "analyst"),
    )

    def folder(self, yjs: str, period: str = "2024-12", audience: str = "board") -> Path:
        """The published folder of one report."""
        assert (yjs, period, audience) in self.PUBLISHED, "publish it in DemoReports first"
        out = self.analyst if audience == "analyst" else self.out
        return out / yjs.lower() / period


@pytest.fixture(scope="session")
def demo_reports(demo_dir, tmp_path_factory) -> DemoReports:
    """Every demo report the page tests read, each published once for the test run."""
    from yjanalysis.run import pipeline
    from yjanalysis.run.kernels import KernelPool

    def make(folder: Path) -> None:
        pool = KernelPool(2, cwd=ROOT)
        try:
            for n, (yjs, period, audience) in enumerate(DemoReports.PUBLISHED):
                out = folder / ("analyst" if audience == "analyst" else "out")
                pipeline.refresh(yjs, period, raw=demo_dir, out=out, audience=audience,
                                 processed=folder / "processed", build_first=n == 0,
                                 pool=pool)  # fmt: skip
        finally:
            pool.close()

    folder = once(tmp_path_factory, "demo-reports", make)
    return DemoReports(folder / "out", folder / "analyst", folder / "processed")


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


#: Fixtures whose tests read or publish whole reports: end-to-end.
E2E_FIXTURES = {"demo_reports", "reports", "published"}
#: Fixtures of the real public files.
REAL_FIXTURES = {"public", "public_file", "public_build", "public_groups"}


def pytest_collection_modifyitems(config, items):
    """Mark tests by what they use: a browser, whole reports, the real public files.

    ``make check`` leaves out what is marked ``e2e``, ``browser``, ``fault``, ``realdata`` and
    ``slow``;
    ``make test`` and CI run everything. Tests that run a refresh, a notebook or the command
    themselves carry ``@pytest.mark.e2e`` (or their module's ``pytestmark``).
    """
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used or "browser" in item.name:
            item.add_marker(pytest.mark.browser)
        if used & E2E_FIXTURES:
            item.add_marker(pytest.mark.e2e)
        if used & REAL_FIXTURES:
            item.add_marker(pytest.mark.realdata)


def newport_without_last_report(demo_dir: Path, demo_reports: DemoReports):
    """Newport's demo report to December 2024 as made without a last report.

    The demo's settings name its report to September 2024 as the last one, so its own front
    page gives the changes since that report; this context gives the changes since the year
    before, which some tests read.
    """
    import dataclasses

    from yjanalysis.report import context

    ctx = context.load(
        "Newport", "2024-12", raw=demo_dir, processed=demo_reports.processed,
        reports=demo_reports.out,
    )  # fmt: skip
    assert ctx.settings is not None and ctx.settings.last_report is not None
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, last_report=None))
