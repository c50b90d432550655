"""The package as an analyst installs it: a wheel, not the checkout, run from any folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from scan import local_names, scan

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtual environment with the wheel of this checkout installed (its libraries borrowed
    from the project's environment, without the editable install of the checkout)."""
    base = tmp_path_factory.mktemp("installed")
    # A copy of the checkout's sources, so that the build leaves nothing in the checkout.
    source = base / "source"
    left_out = {"data", "reports", "build", "dist", "test-artifacts"}

    def ignore(folder, names):
        top = Path(folder) == ROOT
        return [n for n in names if n.startswith(".") or n == "__pycache__"
                or n.endswith(".egg-info") or (top and n in left_out)]  # fmt: skip

    shutil.copytree(ROOT, source, ignore=ignore)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(base / "dist"),
         str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (base / "dist").glob("yjanalysis-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    # A plain path line: the project's libraries, but not its .pth files (the editable install).
    (site / "project_libraries.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return {"wheel": wheel, "venv": venv, "base": base}


def test_the_wheel_carries_the_notebooks_and_templates(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    books = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(n.split("/")[-1] for n in names if n.startswith("yjanalysis/notebooks/")) == books
    assert "yjanalysis/report/templates/yjreport/index.html.j2" in names
    assert "yjanalysis/vocabulary/catalogue.csv" in names
    assert "yjanalysis/reference/data/yjs_register.csv" in names


def test_refresh_from_an_installed_package_in_any_folder(installed, demo_dir):
    venv, base = installed["venv"], installed["base"]
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [venv / "bin" / "python", "-c",
         "import yjanalysis, yjanalysis.config as c; print(yjanalysis.__file__); "
         "print(c.package_notebooks())"],
        capture_output=True, text=True, check=True, cwd=elsewhere,
    ).stdout.split()  # fmt: skip
    assert all(Path(p).is_relative_to(venv) for p in where), where
    out, processed = base / "out", base / "processed"
    # nbconvert's own templates, which a full install puts in the environment's share/jupyter.
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    result = subprocess.run(
        [venv / "bin" / "yjanalysis", "refresh", "--yjs", "Southampton", "--period-end",
         "2024-12", "--raw", str(demo_dir), "--out", str(out), "--processed", str(processed),
         "--audience", "analyst"],
        capture_output=True, text=True, cwd=elsewhere, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = out / "southampton" / "2024-12"
    manifest = json.loads((report / "manifest.json").read_text())
    assert len(manifest["notebooks"]) == 7
    assert {p.name for p in report.glob("*.html")} == {
        "index.html",
        *(f"{n['notebook']}.html" for n in manifest["notebooks"]),
    }
    assert not list(elsewhere.iterdir())  # nothing written in the folder it was run from
    names = local_names(demo_dir, manifest)
    assert scan(report, [demo_dir, out, processed, venv, ROOT, Path.home()], names) == []
