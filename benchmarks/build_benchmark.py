"""Wall time and peak memory of `yjanalysis build` over the shared real files.

Run with `make benchmark` (or `.venv/bin/python benchmarks/build_benchmark.py [RAW ...]`).
Without arguments it times three folders: the real public files of ../shared/data/public; the
same with the DfE LAIT extract replaced by the full LAIT bulk file as published (Parquet, 434
measures, 641,070 rows, from ../shared/data/lait_full); and the same with that file written as
CSV (42 MB, in a temporary folder, never kept). Each run is a fresh process, as a user would
start it, so import time is included; peak memory is that process's largest resident set.
Targets: under 15 s and 1.5 GB with all the real files together, on 2 cores.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PUBLIC = SHARED / "public"
LAIT_FULL = SHARED / "lait_full" / "dfe_lait_bds_long_0.parquet"
LAIT_EXTRACT = "dfe_lait_extract_yj_ks4_absence.csv"
RUNS = 3

BUILD = r"""
import resource, sys
from yjanalysis.cli import main
try:
    main(["build", "--raw", sys.argv[1], "--out", sys.argv[2]])
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)
"""


def measure(raw: Path) -> tuple[list[float], float]:
    """Build ``raw`` RUNS times; return the wall times and the largest peak memory in MB."""
    times, peaks = [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", BUILD, str(raw), out], capture_output=True, text=True
            )
            times.append(time.perf_counter() - started)
            if done.returncode:
                sys.exit(f"the build of {raw} failed:\n{done.stderr}")
            peaks.append(float(done.stderr.strip().splitlines()[-1]))
    return times, max(peaks)


def with_full_lait(folder: Path, lait: Path) -> Path:
    """A folder of links to the public files, the LAIT extract swapped for ``lait``."""
    folder.mkdir()
    for path in PUBLIC.iterdir():
        if path.name != LAIT_EXTRACT:
            (folder / path.name).symlink_to(path)
    (folder / lait.name).symlink_to(lait)
    return folder


def report(label: str, raw: Path) -> None:
    files = [p for p in raw.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    times, peak = measure(raw)
    print(f"{label}: {size / 1e6:.1f} MB in {len(files)} files")
    print(
        f"  yjanalysis build, {RUNS} runs: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); peak memory {peak:,.0f} MB",
        flush=True,
    )


def main(folders: list[str]) -> None:
    if folders:
        for folder in folders:
            report(folder, Path(folder))
        return
    if not PUBLIC.is_dir():
        sys.exit(f"no input folder at {PUBLIC}")
    report(f"real public files ({PUBLIC})", PUBLIC)
    if not LAIT_FULL.is_file():
        print(f"(no full LAIT file at {LAIT_FULL}: its runs are skipped)")
        return
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        report("with the full LAIT file (Parquet)", with_full_lait(work / "parquet", LAIT_FULL))
        import pandas as pd

        csv = work / "dfe_lait_bds_long_0.csv"
        pd.read_parquet(LAIT_FULL).to_csv(csv, index=False)
        report("with the full LAIT file (CSV)", with_full_lait(work / "csv", csv))
    print("target with all the real files together: under 15 s and 1,536 MB")


if __name__ == "__main__":
    main(sys.argv[1:])
