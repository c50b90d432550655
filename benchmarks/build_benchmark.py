"""Wall time and peak memory of `yjanalysis build` over all the shared real public files.

Run with `make benchmark` (or `.venv/bin/python benchmarks/build_benchmark.py [RAW]`). Each run is
a fresh process, as a user would start it, so import time is included; peak memory is the
largest resident set of the child processes. Target: under 10 s and under 1 GB on 2 cores.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "public"
RUNS = 3


def main() -> None:
    if not RAW.is_dir():
        sys.exit(f"no input folder at {RAW}")
    size = sum(p.stat().st_size for p in RAW.rglob("*") if p.is_file())
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "yjanalysis", "build", "--raw", str(RAW), "--out", out],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"inputs: {RAW} ({size / 1e6:.1f} MB in {sum(1 for _ in RAW.iterdir())} files)")
    print(
        f"yjanalysis build, {RUNS} runs: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); target < 10 s"
    )
    print(f"peak memory (max resident set): {peak_mb:.0f} MB; target < 1024 MB")


if __name__ == "__main__":
    main()
