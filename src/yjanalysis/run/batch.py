"""Refresh many services in one unattended run, each recorded as it finishes.

:func:`refresh_services` runs :func:`yjanalysis.run.pipeline.refresh` for each service on one pool
of kernels. A service that fails, for any reason (a notebook, a folder that cannot be written,
another refresh holding its folder, a period before its figures begin), is recorded with the
reason and the batch goes on to the next; only an interruption (Ctrl-C, SIGTERM) stops it. As
each service finishes, one line is written to a JSON Lines summary (flushed to disk at once, so
a batch killed at any point leaves the record of every service it finished) and the caller is
told, to log it. Each line carries the memory the run is using (this process and its kernels),
so that a long batch can be seen to stay flat; memory freed by a service is given back before
the next (:func:`release_memory`), and the kernels are renewed every hundred notebooks.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from yjanalysis import config
from yjanalysis.errors import InputError
from yjanalysis.run import pipeline


@dataclass
class Outcome:
    """What became of one service.

    Attributes
    ----------
    yjs : str
        The service.
    status : str
        ``published`` or ``failed``.
    folder : str or None
        The published report.
    reason : str or None
        Why it failed, in one sentence.
    seconds : float
        Time spent on it.
    memory_mb : float
        Memory in use (this process and its kernels) when it finished.
    """

    yjs: str
    status: str
    folder: str | None
    reason: str | None
    seconds: float
    memory_mb: float


def summary_file(processed: Path, month: str) -> Path:
    """Return a new summary file's path: ``<processed>/runs/refresh-<month>-<time>-<pid>.jsonl``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(processed) / "runs" / f"refresh-{month}-{stamp}-{os.getpid()}.jsonl"


def memory_mb() -> float:
    """Return the resident memory of this process and its children (the kernels), in MB."""
    import psutil

    me = psutil.Process()
    total = 0
    for process in (me, *me.children(recursive=True)):
        try:
            total += process.memory_info().rss
        except psutil.Error:  # a process that ended meanwhile
            pass
    return round(total / 1e6, 1)


class Summary:
    """A JSON Lines record of a batch, one line written and flushed per event."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a", encoding="utf-8")

    def write(self, record: dict) -> None:
        """Append one record and make it durable."""
        stamped = {"time": datetime.now(UTC).isoformat(timespec="seconds"), **record}
        self.handle.write(json.dumps(stamped) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        """Close the file."""
        self.handle.close()


def refresh_services(
    services: list[str],
    run: pipeline.Settings,
    summary: Path,
    on_finished: Callable[[int, int, Outcome], None] | None = None,
    progress_for: Callable[[str], Callable | None] | None = None,
    pool: pipeline.KernelPool | None = None,
) -> list[Outcome]:
    """Refresh each service in turn; record each as it finishes; never stop for one failure.

    Parameters
    ----------
    services : list of str
        Canonical service names.
    run : pipeline.Settings
        The checked arguments (see :func:`yjanalysis.run.pipeline.settings`); the processed table
        must already be built.
    summary : Path
        The JSON Lines file to append to.
    on_finished : callable, optional
        Called with ``(position, count, outcome)`` as each service finishes.
    progress_for : callable, optional
        Given a service, returns the notebook progress callback for its refresh.
    pool : KernelPool, optional
        Kernels already started, one per job (the caller closes them); started and closed here
        otherwise.

    Returns
    -------
    list of Outcome
        One per service, in order.
    """
    outcomes: list[Outcome] = []
    record = Summary(summary)
    record.write(
        {"event": "start", "period_end": run.month, "services": len(services), "jobs": run.jobs}
    )
    own_pool = pool is None
    if pool is None:
        pool = pipeline.KernelPool(run.jobs, cwd=config.paths().root)
    try:
        for position, yjs in enumerate(services, 1):
            outcome = _one(yjs, run, pool, progress_for(yjs) if progress_for else None)
            outcomes.append(outcome)
            record.write({"event": "service", **asdict(outcome)})
            if on_finished:
                on_finished(position, len(services), outcome)
    except BaseException as stop:
        record.write(
            {
                "event": "interrupted",
                "finished": len(outcomes),
                "services": len(services),
                "by": type(stop).__name__,
            }
        )
        raise
    else:
        published = sum(o.status == "published" for o in outcomes)
        record.write({"event": "end", "published": published, "failed": len(outcomes) - published})
    finally:
        if own_pool:
            pool.close()
        record.close()
    return outcomes


def release_memory() -> None:
    """Give back to the system the memory freed by one service's refresh.

    Between services nothing of the last one is still referenced (tracemalloc finds no growth),
    but the allocators keep what they freed: pyarrow's pool, and glibc's heap, fragmented by
    the threads that run notebooks. Over a long batch that showed as a slow creep.
    """
    import ctypes
    import gc

    import pyarrow

    gc.collect()
    pyarrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


def _one(yjs: str, run: pipeline.Settings, pool, progress) -> Outcome:
    started = time.perf_counter()
    try:
        result = pipeline.refresh(
            yjs,
            run.month,
            run.raw,
            run.out,
            run.processed,
            run.jobs,
            run.audience,
            notebook_folder=run.notebooks[0].parent,
            progress=progress,
            build_first=False,
            pool=pool,
        )
        status, folder, reason = "published", str(result.folder), None
    except (pipeline.RefreshError, InputError) as error:
        status, folder, reason = "failed", None, str(error)
    except Exception as error:  # whatever else goes wrong with one service, the rest go on
        reason = " ".join(f"{type(error).__name__}: {error}".split())  # on one line
        status, folder = "failed", None
    release_memory()
    return Outcome(
        yjs, status, folder, reason, round(time.perf_counter() - started, 2), memory_mb()
    )
