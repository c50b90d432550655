"""Folders held by one command at a time, or shared by those that only read them, on any system.

A build holds its processed folder alone while refreshes that read the table share it; a
refresh holds its service's report folder alone; a fetch holds the folder of the release it
downloads. The locks come from ``filelock`` (:class:`filelock.ReadWriteLock`, on SQLite's own
locking), so they work alike on Windows, macOS and Linux, and the operating system lets go of
them however a command ends (Ctrl-C, a crash, SIGKILL).

The lock of a folder is a small file named after the folder's full path, kept in this user's
cache folder (``platformdirs``: ``~/.cache/yjanalysis/locks`` on Linux,
``%LOCALAPPDATA%`` on Windows), never in the folder itself: a
folder made only to be held can be removed again, and nothing is left in a report or input
folder. So the locks keep apart the commands of one user on one computer; two people writing
into one shared network folder at the same moment are not kept apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import ReadWriteLock, Timeout

__all__ = ["held", "lock_file", "tried"]


def lock_folder() -> Path:
    """Return the folder of this user's locks (made if missing)."""
    from platformdirs import user_cache_path

    folder = user_cache_path("yjanalysis", appauthor=False) / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a home folder that cannot be written to (a locked-down account)
        import getpass
        import tempfile

        folder = Path(tempfile.gettempdir()) / f"yjanalysis-locks-{getpass.getuser()}"
        folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def lock_file(folder: Path) -> Path:
    """Return the lock file of a folder: one per full path, whatever way the path is written.

    Examples
    --------
    >>> lock_file(Path("reports/southampton")) == lock_file(Path("reports/../reports/southampton"))
    True
    """
    where = os.path.normcase(str(Path(folder).resolve()))
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(where).name)[:40] or "folder"
    return lock_folder() / f"{name}-{digest}.lock"


def _lock(folder: Path) -> ReadWriteLock:
    # One instance per hold: two threads of one process then wait for each other as two
    # processes would (the tests run commands side by side in threads).
    return ReadWriteLock(lock_file(folder), is_singleton=False)


@contextlib.contextmanager
def held(
    folder: Path, shared: bool = False, waiting: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold a folder alone (``shared=False``) or beside others that only read it.

    Parameters
    ----------
    folder : Path
        The folder (it need not exist).
    shared : bool
        Hold it beside other shared holders, rather than alone.
    waiting : callable, optional
        Called once before waiting, if another command holds the folder in the way.
    """
    lock = _lock(folder)
    take = lock.acquire_read if shared else lock.acquire_write
    try:
        try:
            take(blocking=False)
        except Timeout:
            if waiting is not None:
                waiting()
            take(timeout=-1)
        try:
            yield
        finally:
            lock.release()
    finally:
        lock.close()


@contextlib.contextmanager
def tried(folder: Path) -> Iterator[bool]:
    """Hold a folder alone if no other command holds it; yield whether it is held.

    Examples
    --------
    >>> import tempfile
    >>> here = Path(tempfile.mkdtemp())
    >>> with tried(here) as mine, tried(here) as also_mine:
    ...     mine, also_mine
    (True, False)
    """
    lock = _lock(folder)
    try:
        try:
            lock.acquire_write(blocking=False)
        except Timeout:
            yield False
            return
        try:
            yield True
        finally:
            lock.release()
    finally:
        lock.close()
