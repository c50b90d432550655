"""Build step: the numbered notebooks travel inside the package.

Everything else is declared in pyproject.toml. The notebooks live in ``notebooks/`` at the top
of the checkout, where analysts open them; a wheel (``pip install .``) gets a copy of them in
``yjanalysis/notebooks/`` so that ``yjanalysis refresh`` runs from any folder. An editable
install (``pip install -e .``) copies nothing: the package finds the checkout's own notebooks
(see ``yjanalysis.config.package_notebooks``).
"""

import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class BuildWithNotebooks(build_py):
    """Copy ``notebooks/NN_*.ipynb`` into the built package."""

    def run(self):
        """Build the package as usual, then copy the notebooks in (not for an editable one)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        books = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
        if not books:
            raise SystemExit(f"no numbered notebooks in {NOTEBOOKS}: the package needs them")
        target = Path(self.build_lib) / "yjanalysis" / "notebooks"
        self.mkpath(str(target))
        for stale in target.glob("*.ipynb"):  # from an earlier build: a removed notebook
            stale.unlink()
        for book in books:
            self.copy_file(str(book), str(target / book.name))
        commit = _commit()
        if commit:  # every report's manifest names the commit of the code that made it
            (Path(self.build_lib) / "yjanalysis" / "commit.txt").write_text(commit + "\n")


def _commit() -> str | None:
    """Return the checkout's commit, when it is a git checkout with nothing changed in its code."""
    top = str(NOTEBOOKS.parent)
    try:
        head = subprocess.run(
            ["git", "-C", top, "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        changed = subprocess.run(
            [
                "git",
                "-C",
                top,
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                "src",
                "notebooks",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head if len(head) == 40 and not changed else None


setup(cmdclass={"build_py": BuildWithNotebooks})
