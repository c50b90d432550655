"""Where a refresh's time goes: the build, disclosure control and each notebook's cells.

The notebooks' cells are run in this process, one notebook after another (as a pooled kernel
runs them, with the package imported once): timed first, then again under cProfile; the build
and disclosure control are timed before them (the export and the kernels' start are in
``refresh_benchmark.py``). It prints each phase's seconds, the share of the cells' time spent
drawing and writing charts (from the timed run: the profiler slows Python code more than
compiled code, and would misstate them), and the profile's top lines by cumulative time.

Run: .venv/bin/python benchmarks/refresh_profile.py [--yjs Southampton] [--lines 30]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import tempfile
import time
from pathlib import Path

import nbformat
from IPython.utils.capture import capture_output

ROOT = Path(__file__).resolve().parents[1]
CHART_DRAWINGS = ("trend", "comparison", "grouped_bars", "stages", "ratios", "cohort", "control",
                  "funnel")  # fmt: skip


def _timed(function, spent: dict, key: str):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - started

    return timed


def _run_cells(book: Path, parameters: dict, profile: cProfile.Profile | None = None) -> None:
    """Run a notebook's code cells in this process, as a pooled kernel runs them."""
    notebook = nbformat.read(book, as_version=4)
    names = dict(parameters)
    with capture_output():
        if profile:
            profile.enable()
        for cell in notebook.cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and "parameters" not in tags:
                exec(cell.source, names)  # the notebook as a kernel runs it
        if profile:
            profile.disable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yjs", default="Southampton")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    options = parser.parse_args()

    from yjanalysis.report import context, plots
    from yjanalysis.run import pipeline
    from yjanalysis.table.build import build

    raw = ROOT / "data" / "raw" / "demo"
    phases = {}
    with tempfile.TemporaryDirectory() as folder:
        processed = Path(folder)
        started = time.perf_counter()
        build(raw, processed)
        phases["build"] = time.perf_counter() - started
        started = time.perf_counter()
        context.controlled(processed, options.yjs)
        phases["disclosure control (once)"] = time.perf_counter() - started

        spent = {"charts drawn": 0.0, "charts written as SVG": 0.0, "context.load": 0.0}
        for name in CHART_DRAWINGS:
            setattr(plots, name, _timed(getattr(plots, name), spent, "charts drawn"))
        plots.svg = _timed(plots.svg, spent, "charts written as SVG")
        context.load = _timed(context.load, spent, "context.load")
        parameters = {
            "yjs": options.yjs,
            "period_end": "2024-12",
            "raw": str(raw),
            "processed": str(processed),
            "reports": str(Path(folder) / "reports"),
            "audience": "board",
            "comparators": "family,region,national",
            "suppression_threshold": 5,
        }
        # Timed first without the profiler (which slows Python code far more than matplotlib's
        # and HiGHS's compiled parts, and would misstate the shares), then run again under it.
        cells = {}
        for book in pipeline.notebooks():
            started = time.perf_counter()
            _run_cells(book, parameters)
            cells[book.stem] = time.perf_counter() - started
        timed = dict(spent)
        # The profiled run meets the report afresh, as a kernel meets the next service: not
        # with the table, and what was found in it, that the timed run left.
        context._GIVEN.clear()
        profile = cProfile.Profile()
        for book in pipeline.notebooks():
            _run_cells(book, parameters, profile)

    print(f"where the time goes in a refresh of {options.yjs} (demo, 2024-12)")
    for name, seconds in phases.items():
        print(f"  {name:38} {seconds:6.2f} s")
    for name, seconds in cells.items():
        print(f"  cells of {name:29} {seconds:6.2f} s")
    total = sum(cells.values())
    print(f"  cells in all                           {total:6.2f} s")
    for name, seconds in timed.items():
        print(f"    of which {name:27} {seconds:6.2f} s ({seconds / total:.0%})")
    print("top lines of the cells' profile (cProfile, a second run):")
    stats = pstats.Stats(profile)
    stats.sort_stats(options.sort).print_stats(options.lines)


if __name__ == "__main__":
    main()
