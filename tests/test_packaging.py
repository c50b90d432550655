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
    # Built from a copy without git: no commit, and the package's checksum identifies the code.
    assert manifest["code"]["commit"] is None and len(manifest["code"]["package_sha256"]) == 64
    names = local_names(demo_dir, manifest)
    assert scan(report, [demo_dir, out, processed, venv, ROOT, Path.home()], names) == []


def _imported_distributions() -> dict[str, set[str]]:
    """Each distribution the package's code imports, with the modules that import it."""
    import ast
    from importlib import metadata

    owners = metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in (ROOT / "src" / "yjanalysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "yjanalysis":
                    continue
                for dist in owners.get(top, [top]):
                    found.setdefault(_canonical(dist), set()).add(path.name)
    return found


def _canonical(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(extra: str | None = None) -> set[str]:
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {_canonical(re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]) for r in wanted}


def test_every_package_the_code_imports_is_declared_and_every_declared_one_used():
    imported, declared = _imported_distributions(), _declared()
    assert not sorted(set(imported) - declared), {
        d: sorted(imported[d]) for d in set(imported) - declared
    }
    assert not sorted(declared - set(imported))  # nothing declared and never used (seaborn)
    assert not {"jupyterlab", "seaborn", "bleach", "jupytext"} & declared


def test_the_locks_pin_every_declared_package_with_hashes_for_every_system():
    import re

    for lock, wanted in [
        ("requirements-core.lock", _declared()),
        ("requirements.lock", _declared() | _declared("lab") | (_declared("dev") - {"yjanalysis"})),
    ]:
        text = (ROOT / lock).read_text()
        entries = re.findall(
            r"^([A-Za-z0-9_.-]+)==\S+(?: ;[^\\\n]*)? \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
            text,
            re.M,
        )
        pinned = {_canonical(name) for name, _ in entries}
        assert len(entries) == len(re.findall(r"^[A-Za-z0-9_.-]+==", text, re.M)), lock
        assert wanted <= pinned, (lock, sorted(wanted - pinned))
        # One resolution for every system: Windows-only packages are there, under their marker.
        assert re.search(r"^colorama==\S+ ; sys_platform == 'win32'", text, re.M), lock
