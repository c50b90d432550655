"""The package where POSIX-only parts of Python do not exist, as on Windows.

Windows has no ``fcntl`` and no ``os.O_DIRECTORY``. A ``sitecustomize`` module on the path takes
both away from the command and from the kernels it starts, then a refresh runs as an analyst's
would: the package imports, builds, holds its folders and publishes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT

WITHOUT_POSIX = textwrap.dedent(
    """
    import os, sys
    sys.modules["fcntl"] = None  # `import fcntl` raises ImportError, as on Windows
    if hasattr(os, "O_DIRECTORY"):
        del os.O_DIRECTORY
    """
)


def without_posix(tmp_path) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(WITHOUT_POSIX)
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def test_the_simulation_takes_fcntl_away(tmp_path):
    found = subprocess.run(
        [sys.executable, "-c", "import os, importlib.util\ntry:\n import fcntl\n print('fcntl')\n"
         "except ImportError:\n print('none')\nprint(hasattr(os, 'O_DIRECTORY'))"],
        env=without_posix(tmp_path), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert found.stdout.split() == ["none", "False"]


def test_the_package_and_its_command_import_without_fcntl(tmp_path):
    found = subprocess.run(
        [sys.executable, "-c", "import yjanalysis.cli, yjanalysis.run.pipeline, "
         "yjanalysis.run.publish, yjanalysis.table.build, yjanalysis.inputs.fetch, "
         "yjanalysis.locks; print('imported')"],
        env=without_posix(tmp_path), capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr[-3000:]
    assert found.stdout.strip() == "imported"


@pytest.mark.e2e
def test_a_refresh_runs_without_fcntl(demo_dir, tmp_path):
    books = tmp_path / "notebooks"
    books.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_overview.ipynb", books)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "yjanalysis", "refresh", "--yjs", "Newport", "--raw",
         str(demo_dir), "--out", str(out), "--processed", str(tmp_path / "processed"),
         "--notebooks", str(books), "--jobs", "1"],
        env=without_posix(tmp_path), capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "[1/1] Newport: published" in result.stderr
    report = out / "newport" / "2024-12"
    assert (report / "index.html").is_file() and (report / "00_overview.html").is_file()
    assert sorted(p.name for p in (out / "newport").iterdir()) == ["2024-12"]


def test_locks_work_where_the_home_folder_cannot_be_written(tmp_path, monkeypatch):
    """A locked-down account: the locks go to the temporary folder instead."""
    import platformdirs

    from yjanalysis import locks

    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setattr(platformdirs, "user_cache_path", lambda *args, **kwargs: blocked / "c")
    assert locks.lock_folder().name.startswith("yjanalysis-locks-")
    with locks.tried(tmp_path / "reports") as mine, locks.tried(tmp_path / "reports") as again:
        assert mine and not again
