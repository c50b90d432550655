"""Which code made a report: the package's version, its commit where known, and checksums.

Every manifest records it, so that a figure can be traced to the code that computed it: the
version alone does not change between releases, and a checkout may carry edits. The commit comes
from the checkout of an editable install (``git``), or from the file ``commit.txt`` that the
build of a wheel from a checkout writes into the package (``setup.py``); an install from
elsewhere has none, and its files' checksum identifies it. No path is recorded.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from yjanalysis import __version__
from yjanalysis.table.build import code_digest, file_checksum

#: Written into a wheel by ``setup.py`` when it is built from a git checkout.
COMMIT_FILE = "commit.txt"
COMMIT = re.compile(r"[0-9a-f]{40}")


def code_version(notebooks: Sequence[Path]) -> dict[str, object]:
    """Return the package's version, commit and checksums, and the notebooks' checksum.

    Parameters
    ----------
    notebooks : sequence of Path
        The notebooks the refresh ran (the package's, or a folder given with ``--notebooks``).
    """
    commit, changed = _commit()
    found: dict[str, object] = {"version": __version__, "commit": commit}
    if changed is not None:
        found["uncommitted_changes"] = changed
    found["package_sha256"] = code_digest()
    digest = hashlib.sha256()
    for path in sorted(notebooks, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0" + file_checksum(path).encode())
    found["notebooks_sha256"] = digest.hexdigest()
    return found


def _commit() -> tuple[str | None, bool | None]:
    """Return the code's commit, and whether the checkout's tracked files differ from it."""
    packaged = resources.files("yjanalysis") / COMMIT_FILE
    if packaged.is_file():
        text = packaged.read_text(encoding="utf-8").strip()
        return (text, None) if COMMIT.fullmatch(text) else (None, None)
    checkout = Path(__file__).resolve().parents[3]
    if not (checkout / ".git").exists():
        return None, None
    try:
        head = _git(checkout, "rev-parse", "HEAD")
        status = _git(checkout, "status", "--porcelain", "--untracked-files=no", "--", "src",
                      "notebooks")  # fmt: skip
    except (OSError, subprocess.SubprocessError):  # no git on this computer
        return None, None
    return (head, bool(status)) if COMMIT.fullmatch(head) else (None, None)


def _git(checkout: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(checkout), *args], capture_output=True, text=True, timeout=10, check=True
    )
    return done.stdout.strip()
