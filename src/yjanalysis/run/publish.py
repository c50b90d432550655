"""Publish a report folder whole, recoverably after a crash at any point, one refresh at a time.

A report is written to a hidden staging folder beside its final place,
``<service>/.<YYYY-MM>.staging-*``, and put in place in two renames: the last good report to
``<service>/.<YYYY-MM>.previous``, then the staging folder to ``<service>/<YYYY-MM>``; the
previous report is then removed. A crash (SIGKILL, a power cut) can stop this anywhere, so the
next refresh of the service first puts things right, before anything else:

========================================  ===========================================
found                                     done
========================================  ===========================================
``.previous`` and no ``<YYYY-MM>``        the crash fell between the renames: the last
                                          good report is renamed back into place
``.previous`` and ``<YYYY-MM>``           the crash fell after them: ``.previous`` is
                                          removed
``.staging-*``                            left by a killed refresh: removed
========================================  ===========================================

Only one refresh works on a service's folder at a time: :class:`ServiceLock` holds the folder
alone (:mod:`yjanalysis.locks`: no lock file in the folder; the operating system releases it
when the process ends, however it ends), and a second refresh is refused with one sentence
rather than left to interleave with the first.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from yjanalysis import locks

STAGING = ".staging-"
PREVIOUS = ".previous"


class PublishError(Exception):
    """The report folder cannot be worked on now; the message says why, in one sentence."""


class ServiceLock:
    """An exclusive lock on a service's report folder, created if missing.

    Parameters
    ----------
    folder : Path
        ``<reports>/<service>``.
    label : str
        The service and period, for the message when another refresh holds the lock.
    """

    def __init__(self, folder: Path, label: str):
        self.folder = Path(folder)
        self.label = label
        self.created = False
        self._held: contextlib.ExitStack | None = None

    def __enter__(self) -> ServiceLock:
        stack = contextlib.ExitStack()
        if not stack.enter_context(locks.tried(self.folder)):
            stack.close()
            raise PublishError(
                f"another refresh is running in the report folder of {self.label} "
                f"({self.folder}); this one published nothing (run it again when that "
                "one has finished)."
            )
        self._held = stack
        self.created = not self.folder.exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.folder.is_dir() and not any(self.folder.iterdir()):
                self.folder.rmdir()  # a first refresh that failed leaves no empty folder
        finally:
            if self._held is not None:
                self._held.close()  # releases the lock
                self._held = None


def recover(service_folder: Path, month: str) -> list[str]:
    """Put a service's folder right after a crash; return what was done, in words.

    Must be called with the service's lock held.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / ".2024-12.previous").mkdir()
    >>> (folder / ".2024-12.staging-x1").mkdir()
    >>> recover(folder, "2024-12")
    ['restored the last good report 2024-12', 'removed .2024-12.staging-x1']
    >>> sorted(p.name for p in folder.iterdir())
    ['2024-12']
    """
    done = []
    final = service_folder / month
    for name in (f".{month}{PREVIOUS}", f".{month}.old"):  # ``.old``: earlier versions' name
        previous = service_folder / name
        if not previous.is_dir():
            continue
        if final.exists():
            shutil.rmtree(previous)
            done.append(f"removed {name}")
        else:
            previous.rename(final)
            done.append(f"restored the last good report {month}")
    for leftover in sorted(service_folder.glob(f".{month}.*")):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
        done.append(f"removed {leftover.name}")
    return done


def staging_folder(service_folder: Path, month: str) -> Path:
    """Create the hidden folder a report is written to before it is published."""
    staging = Path(tempfile.mkdtemp(prefix=f".{month}{STAGING}", dir=service_folder))
    staging.chmod(0o755)  # readable like any other folder once published
    return staging


def swap(staging: Path, final: Path) -> None:
    """Put ``staging`` in place of ``final`` (the last good report, if any) in two renames.

    An exception between them (SIGTERM handled as Ctrl-C) puts the last good report back at
    once; a crash there leaves ``.<name>.previous`` and no ``final``, and :func:`recover` puts it
    back.
    """
    previous = final.with_name(f".{final.name}{PREVIOUS}")
    try:
        if final.exists():
            final.rename(previous)
        staging.rename(final)
    except BaseException:  # SIGTERM or an error between the renames: put the last one back
        if previous.exists() and not final.exists():
            previous.rename(final)
        raise
    _sync(final.parent)
    if previous.exists():
        shutil.rmtree(previous)


def _sync(folder: Path) -> None:
    """Make the renames in ``folder`` durable before the previous report is removed.

    Windows has no handle on a folder to flush (its file system journals renames itself).
    """
    if sys.platform == "win32" or not hasattr(os, "O_DIRECTORY"):
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


#: An archive's element naming one of its own parts (Word, Excel: Open Packaging Conventions).
PART_NAME = re.compile(r"<(?:Override|Relationship)\b[^>]*>")


def readable_text(path: Path) -> str:
    """Return a published file's text as a reader (or a search) would find it.

    A Word document or a workbook is a ZIP of XML parts: their text is read from inside the
    archive. A PDF's words are drawn in an embedded font's own codes, so only what lies outside
    its compressed streams is read (its title and other properties); the Word file written from
    the same paper holds its words. A picture (PNG) holds no text.
    """
    data = Path(path).read_bytes()
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return ""
    if data[:5] == b"%PDF-":
        data = re.sub(rb"stream\r?\n.*?endstream", b"stream endstream", data, flags=re.S)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels"))
            )
        # The archive's own part names (``PartName="/word/document.xml"``) are its structure,
        # not text a reader finds; a link out of it (``TargetMode="External"``) is kept.
        return PART_NAME.sub(
            lambda m: (
                m[0] if "External" in m[0] else re.sub(r'\s(?:PartName|Target)="[^"]*"', "", m[0])
            ),
            text,
        )
    return data.decode("utf-8", "replace")
