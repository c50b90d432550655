"""Time `yjanalysis refresh` against the naive way, page sizes, and a batch's speed and memory.

The naive way is what an analyst would script: for each notebook, one after another, the
`papermill` command, then `jupyter nbconvert --to html --no-input` (on a processed table already
built, which favours it). The refresh is the whole command, build step included, with two jobs,
timed three times in the same run: as the first refresh after the build (the inputs have not
changed since, so the build is checked and kept; the table is put under disclosure control),
the same refresh run again (the control and the notebooks' last times kept beside the table,
as when a report is refreshed again after its commentary is edited), and from an empty
processed folder (the build done afresh).
Targets on this 2-core machine: the refresh at most 0.20 of the naive time, every page under
2 MB.

The batch is `yjanalysis refresh` over several services (or `--all-yjs`) with two of them made
to fail in different ways: Portsmouth's report folder is a file, and a notebook raises for
Bexley. It prints the services a minute (target: all 154 current services in 5 minutes, 30 a
minute), what failed and why, and the memory of the whole run (the command and its kernels) as
each service finished, from the run's own summary file: it must stay flat, whatever the number
of services.

With ``--without-charts`` the batch is also run with every chart taken out of the notebooks
(nothing drawn, nothing written; the rest of each page as usual), one after the other in the
same run: what any way of drawing charts could at best bring the batch to.

Run: .venv/bin/python benchmarks/refresh_benchmark.py [--services N|all] [--batch-only]
     [--without-charts]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FAILING = {"Portsmouth": "its report folder is a file", "Bexley": "a notebook raises"}
CHART_DRAWINGS = ("trend", "comparison", "grouped_bars", "stages", "ratios", "cohort", "control",
                  "funnel")  # fmt: skip
# Loaded first by every Python process of a run (the command and its kernels, through
# PYTHONPATH): once yjanalysis.report.plots is imported, its charts draw nothing and show nothing.
WITHOUT_CHARTS = f"""
import importlib.abc, importlib.util, sys

class _NoCharts(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "yjanalysis.report.plots":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            from IPython.display import HTML
            from matplotlib.figure import Figure

            def no_chart(*args, **kwargs):
                figure = Figure()
                figure.yj_title, figure.yj_narrow = "", None
                return figure

            for drawing in {CHART_DRAWINGS!r}:
                setattr(module, drawing, no_chart)
            module.show = lambda *args, **kwargs: HTML("")

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _NoCharts())
"""


def naive_against_refresh(raw: Path, processed: Path) -> None:
    from yjanalysis.run import pipeline

    books = pipeline.notebooks()
    with tempfile.TemporaryDirectory() as naive_dir:
        started = time.perf_counter()
        for book in books:
            executed = Path(naive_dir) / book.name
            subprocess.run(
                [BIN / "papermill", book, executed, "-p", "yjs", "Southampton", "-p", "raw",
                 str(raw), "-p", "processed", str(processed), "--log-level", "ERROR"],
                check=True, capture_output=True,
            )  # fmt: skip
            subprocess.run(
                [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
                check=True,
                capture_output=True,
            )
        naive = time.perf_counter() - started
    ours, sizes = refresh_seconds(raw, processed)
    again, _ = refresh_seconds(raw, processed)
    with tempfile.TemporaryDirectory() as empty:
        fresh, _ = refresh_seconds(raw, Path(empty))
    print(f"naive (papermill then nbconvert, {len(books)} notebooks in turn): {naive:6.1f} s")
    print(f"yjanalysis refresh --jobs 2, inputs unchanged since the build:  {ours:6.1f} s")
    print(f"yjanalysis refresh --jobs 2, the same refresh run again:        {again:6.1f} s")
    print(f"yjanalysis refresh --jobs 2, building from an empty folder:     {fresh:6.1f} s")
    print(
        f"ratio: {ours / naive:.2f} after the build, {again / naive:.2f} run again, "
        f"{fresh / naive:.2f} with the build (target at most 0.20)"
    )
    for name, size in sizes.items():
        print(f"  {name:42} {size / 1e6:5.2f} MB")
    print(f"largest page {max(sizes.values()) / 1e6:.2f} MB (target under 2 MB)")


def refresh_seconds(raw: Path, processed: Path) -> tuple[float, dict[str, int]]:
    """Time the refresh command for Southampton; return the seconds and each page's size."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        run = subprocess.run(
            [BIN / "yjanalysis", "refresh", "--yjs", "Southampton", "--period-end", "2024-12",
             "--raw", str(raw), "--processed", str(processed), "--out", out, "--jobs", "2"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if run.returncode:
            sys.exit(f"the refresh failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
        seconds = time.perf_counter() - started
        pages = sorted((Path(out) / "southampton" / "2024-12").glob("*.html"))
        return seconds, {p.name: p.stat().st_size for p in pages}


def planted_notebooks(folder: Path) -> Path:
    """The package's notebooks, with a cell that raises for Bexley."""
    from yjanalysis.run import pipeline

    folder.mkdir()
    for book in pipeline.notebooks():
        shutil.copy(book, folder / book.name)
    target = folder / "03_first_time_entrants.ipynb"
    notebook = nbformat.read(target, as_version=4)
    notebook.cells.insert(
        4, nbformat.v4.new_code_cell('if yjs == "Bexley":\n    raise RuntimeError("planted")')
    )
    nbformat.write(notebook, target)
    return folder


def batch(services: str, raw: Path, charts_wanted: bool = True) -> None:
    from yjanalysis import reference

    current = list(reference.register().query("current")["yjs"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out, processed = tmp / "out", tmp / "processed"
        out.mkdir()
        (out / "portsmouth").write_text("a file where the service's folder should be")
        books = planted_notebooks(tmp / "notebooks")
        env = dict(os.environ)
        if not charts_wanted:
            (tmp / "startup").mkdir()
            (tmp / "startup" / "sitecustomize.py").write_text(WITHOUT_CHARTS)
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(tmp / "startup"), env.get("PYTHONPATH")])
            )
        if services == "all":
            chosen = ["--all-yjs"]
            count = len(current)
        else:
            others = [s for s in current if s not in FAILING][: int(services) - 2]
            names = [*others[:1], "Portsmouth", *others[1:2], "Bexley", *others[2:]]
            chosen = [arg for name in names for arg in ("--yjs", name)]
            count = len(names)
        started = time.perf_counter()
        run = subprocess.run(
            [BIN / "yjanalysis", "refresh", *chosen, "--period-end", "2024-12", "--raw",
             str(raw), "--out", str(out), "--processed", str(processed), "--notebooks",
             str(books)],
            capture_output=True, text=True, check=False, cwd=tmp, env=env,
        )  # fmt: skip
        spent = time.perf_counter() - started
        records = list((processed / "runs").glob("*.jsonl"))
        if len(records) != 1:
            sys.exit(
                f"the batch ended ({run.returncode}) with no record:\n{run.stdout}\n{run.stderr}"
            )
        (summary,) = records
        lines = [json.loads(line) for line in summary.read_text().splitlines()]
        pages = list(out.glob("*/2024-12/*.html"))
        charts = sum(page.read_text(encoding="utf-8").count("<svg") for page in pages)
    if not pages:
        sys.exit("the batch published no page")
    done = [line for line in lines if line["event"] == "service"]
    memory = np.array([line["memory_mb"] for line in done])
    failed = [line for line in done if line["status"] == "failed"]
    print(
        ("" if charts_wanted else "without any chart: ")
        + f"batch of {count} services (exit status {run.returncode}): {len(done) - len(failed)} "
        f"published, {len(failed)} failed, in {spent / 60:.1f} minutes, "
        f"{len(done) / (spent / 60):.1f} services a minute (target 30); "
        f"{charts:,} drawings (SVG) in its {len(pages)} pages"
    )
    published = [line["seconds"] for line in done if line["status"] == "published"]
    print(
        f"  a published service took {np.median(published):.1f} s (median; start and build "
        f"aside, {60 / np.median(published):.1f} a minute)"
    )
    if not charts_wanted and charts:
        sys.exit("the charts were not taken out: the figure above is not without them")
    for line in failed:
        print(f"  failed: {line['yjs']}: {line['reason'][:150]}")
    marks = sorted({0, 9, *range(24, len(done), 25), len(done) - 1} & set(range(len(done))))
    print("  memory of the run (command and kernels) as services finished:")
    for i in marks:
        print(f"    after service {i + 1:>3} ({done[i]['yjs']}): {memory[i]:7.0f} MB")
    print(f"    largest: {memory.max():.0f} MB")
    if len(done) >= 20:
        later = np.arange(10, len(done))
        slope = np.polyfit(later, memory[10:], 1)[0]
        print(f"    trend after the 10th service: {slope:+.2f} MB a service")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", default="12", help="services in the batch, or 'all'")
    parser.add_argument("--batch-only", action="store_true", help="only the batch")
    parser.add_argument(
        "--without-charts", action="store_true", help="the batch again with no chart at all"
    )
    options = parser.parse_args()
    from yjanalysis.table.build import build_or_demo, write_demo_if_empty

    raw = ROOT / "data" / "raw" / "demo"
    write_demo_if_empty(raw)  # a fresh checkout (the batch runs from another folder)
    if not options.batch_only:
        # A processed folder of its own: what earlier runs kept must not flatter this one.
        with tempfile.TemporaryDirectory() as processed:
            build_or_demo(raw, Path(processed))
            naive_against_refresh(raw, Path(processed))
    batch(options.services, raw)
    if options.without_charts:
        batch(options.services, raw, charts_wanted=False)


if __name__ == "__main__":
    main()
