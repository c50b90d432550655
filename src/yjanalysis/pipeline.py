"""The quarterly refresh: build once, run every notebook, export HTML, publish atomically.

:func:`refresh` builds the processed table once, executes the numbered notebooks with papermill
in parallel on a few long-lived kernels (a kernel is started once per worker and reused,
cleared between notebooks, which saves the start-up and imports of every run), exports
stakeholder HTML with no code (images embedded, nothing fetched from the internet), and writes
an index page and a manifest. Everything is written to a folder beside the report's and moved
into place only when every notebook has succeeded, so a report folder is whole or absent; if a
notebook fails, the last good report stays, the failed notebook is kept for the analyst, and
:class:`RefreshError` says which notebook and cell failed and why.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import queue
import re
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from yjanalysis import __version__, config, index_page, reference, report_settings
from yjanalysis.build import build_or_demo

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
PACKAGES = (
    "yjanalysis",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "pandera",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "pyarrow",
)


class RefreshError(Exception):
    """A refresh that could not publish its report; the message says why, in one sentence."""


@dataclass
class NotebookRun:
    """The outcome of one notebook."""

    name: str
    seconds: float
    error: str | None = None
    executed: Path | None = None


@dataclass
class RefreshResult:
    """What a refresh published."""

    folder: Path
    runs: list[NotebookRun] = field(default_factory=list)
    seconds: float = 0.0


def slug(name: str) -> str:
    """Return the folder name of a service: lower case, words joined by hyphens.

    Examples
    --------
    >>> slug("Stoke-on-Trent")
    'stoke-on-trent'
    >>> slug("St. Helens")
    'st-helens'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class KernelPool:
    """Long-lived kernels, one per worker, reused across notebooks and cleared between them."""

    def __init__(self, size: int, cwd: Path):
        self.cwd = cwd
        self.idle: queue.Queue = queue.Queue()
        self.all = []
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self):
        from jupyter_client.manager import KernelManager

        manager = KernelManager(kernel_name="python3")
        # The kernel listens on loopback only; its warning about that is noise for analysts.
        manager.start_kernel(
            cwd=str(self.cwd),
            env={**os.environ, "MPLBACKEND": "Agg"},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        self.all.append(manager)
        return manager

    def acquire(self):
        """Take an idle kernel, cleared of the last notebook's variables (or a fresh one)."""
        manager = self.idle.get()
        if not manager.is_alive():
            self._stop(manager)
            return self._start()
        # A client of this thread's own (zmq sockets belong to the thread that uses them).
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            client.execute_interactive("%reset -f", timeout=60, store_history=False)
        finally:
            client.stop_channels()
        return manager

    def release(self, manager) -> None:
        """Give a kernel back to the pool."""
        self.idle.put(manager)

    def _stop(self, manager) -> None:
        if manager in self.all:
            self.all.remove(manager)
        try:
            manager.shutdown_kernel(now=True)
        except Exception:  # a kernel that died on its own is already gone
            pass

    def close(self) -> None:
        """Shut every kernel down."""
        for manager in list(self.all):
            self._stop(manager)


def notebooks(folder: Path | None = None) -> list[Path]:
    """Return the numbered notebooks, in order."""
    folder = folder or config.paths().notebooks
    return sorted(folder.glob(NOTEBOOK_PATTERN))


def _execute(path: Path, out: Path, parameters: dict, pool: KernelPool, cwd: Path) -> NotebookRun:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    manager = pool.acquire()
    try:
        papermill.execute_notebook(
            str(path),
            str(out),
            parameters=parameters,
            km=manager,
            progress_bar=False,
            cwd=str(cwd),
            kernel_name="python3",
        )
        return NotebookRun(path.stem, time.perf_counter() - started, executed=out)
    except PapermillExecutionError as error:
        source = error.source.strip().splitlines()
        where = f"cell {error.exec_count} (`{source[0][:80]}`)" if source else "a cell"
        reason = f"{error.ename}: {error.evalue}".strip()
        return NotebookRun(path.stem, time.perf_counter() - started, f"{where}: {reason}", out)
    except Exception as error:  # a kernel that died, a notebook that could not be read
        return NotebookRun(
            path.stem,
            time.perf_counter() - started,
            f"{type(error).__name__}: {error}",
            out if out.exists() else None,
        )
    finally:
        pool.release(manager)


def export_html(executed: Path, target: Path, title: str) -> int:
    """Export an executed notebook as stakeholder HTML with no code; return its size in bytes."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="yjreport",
        extra_template_basedirs=[str(resources.files("yjanalysis") / "templates")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:  # papermill gives its injected cell a random id
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")
    return target.stat().st_size


def _checksums(raw: Path) -> list[dict]:
    out = []
    for path in sorted(p for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out.append({"file": str(path), "sha256": digest, "bytes": path.stat().st_size})
    return out


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _replace(staging: Path, final: Path) -> None:
    """Move ``staging`` to ``final``, replacing an earlier report in two renames."""
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)


def refresh(
    yjs: str,
    period_end: str,
    raw: Path | None = None,
    out: Path | None = None,
    processed: Path | None = None,
    jobs: int = 2,
    audience: str = "board",
    notebook_folder: Path | None = None,
    progress=None,
    build_first: bool = True,
    pool: KernelPool | None = None,
) -> RefreshResult:
    """Refresh one service's report for a period and publish it.

    Parameters
    ----------
    yjs : str
        The service.
    period_end : str
        ``YYYY-MM``: the report's last month.
    raw, out, processed : Path, optional
        Inputs (default ``data/raw/demo``), where reports go (default ``reports``) and the
        processed folder (default ``data/processed``).
    jobs : int
        Notebooks run at once (one kernel each).
    audience : str
        ``board`` or ``analyst``.
    notebook_folder : Path, optional
        Where the numbered notebooks are (default: the checkout's ``notebooks``).
    progress : callable, optional
        Called with ``(notebook name, "start" | "done" | "failed")``.
    build_first : bool
        Build the processed table (set false when it was built for several services).
    pool : KernelPool, optional
        Kernels to reuse (several services in one run); started here otherwise.

    Returns
    -------
    RefreshResult
        The published folder, each notebook's time.

    Raises
    ------
    RefreshError
        If a notebook failed: the last good report is left in place.
    """
    started = time.perf_counter()
    where = config.paths()
    yjs = reference.require_yjs(yjs)
    try:
        end = pd.Timestamp(period_end)
    except ValueError:
        raise RefreshError(f"period end '{period_end}' is not a month such as 2024-09.") from None
    month = f"{end:%Y-%m}"
    raw = Path(raw) if raw else where.demo
    processed = Path(processed) if processed else where.processed
    out = Path(out) if out else where.reports
    report_settings.read(raw, yjs)  # refuse bad settings or commentary before any notebook runs
    if build_first:
        build_or_demo(raw, processed)
    books = notebooks(notebook_folder)
    if not books:
        raise RefreshError(
            f"no numbered notebooks were found in {notebook_folder or where.notebooks}."
        )
    service_folder = out / slug(yjs)
    service_folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{month}.", dir=service_folder))
    staging.chmod(0o755)  # readable like any other folder once published
    parameters = {
        "yjs": yjs,
        "period_end": month,
        "raw": str(raw.resolve()),
        "processed": str(processed.resolve()),
        "audience": audience,
    }
    own_pool = pool is None
    pool = pool or KernelPool(min(jobs, len(books)), cwd=where.root)
    lock = threading.Lock()

    def run(path: Path) -> NotebookRun:
        if progress:
            with lock:
                progress(path.stem, "start")
        result = _execute(path, staging / "notebooks" / path.name, parameters, pool, where.root)
        if progress:
            with lock:
                progress(path.stem, "failed" if result.error else "done")
        return result

    try:
        (staging / "notebooks").mkdir()
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as workers:
            runs = list(workers.map(run, books))
        failed = [r for r in runs if r.error]
        if failed:
            kept = service_folder / f"failed-{month}"
            if kept.exists():
                shutil.rmtree(kept)
            (staging / "notebooks").rename(kept)
            first = failed[0]
            raise RefreshError(
                f"notebook {first.name} failed in {first.error}; the failed notebook is kept at "
                f"{kept / (first.name + '.ipynb')} and the last good report "
                f"({service_folder / month}) is unchanged."
            )
        from yjanalysis.context import load

        ctx = load(yjs, month, audience, raw, processed)
        pages = []
        for path, result in zip(books, runs, strict=True):
            title = index_page.title_of(path)
            size = export_html(result.executed, staging / f"{path.stem}.html", title)
            pages.append(
                {
                    "notebook": path.stem,
                    "title": title,
                    "html": f"{path.stem}.html",
                    "bytes": size,
                    "seconds": round(result.seconds, 2),
                }
            )
        record = json.loads((processed / "build.json").read_text())
        manifest = {
            "yjs": yjs,
            "period_end": month,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "parameters": parameters | {"jobs": jobs},
            "synthetic": ctx.synthetic,
            "inputs": _checksums(raw),
            "inputs_used": record.get("used", []),
            "versions": _versions(),
            "notebooks": pages,
            "suppressed_cells": len(ctx.suppressed),
            "seconds": round(time.perf_counter() - started, 2),
        }
        (staging / "index.html").write_text(index_page.render(ctx, pages, record), encoding="utf-8")
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        final = service_folder / month
        _replace(staging, final)
        failed_before = service_folder / f"failed-{month}"
        if failed_before.exists():
            shutil.rmtree(failed_before)
        return RefreshResult(final, runs, time.perf_counter() - started)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        if own_pool:
            pool.close()


__all__ = ["KernelPool", "RefreshError", "RefreshResult", "__version__", "notebooks", "refresh"]
