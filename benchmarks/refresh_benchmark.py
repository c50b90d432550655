"""Time `yjanalysis refresh` against the naive way, page sizes, and --all-yjs throughput.

The naive way is what an analyst would script: for each notebook, one after another, the
`papermill` command, then `jupyter nbconvert --to html --no-input` (on a processed table already
built, which favours it). The refresh is the whole command, build included, with two jobs.
Target on this 2-core machine: the refresh at most 0.4 of the naive time, every page under 2 MB.

Run: .venv/bin/python benchmarks/refresh_benchmark.py [services for the throughput, default 6]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def main(sample: int) -> None:
    from yjanalysis import pipeline, reference
    from yjanalysis.build import build_or_demo

    raw, processed = ROOT / "data" / "raw" / "demo", ROOT / "data" / "processed"
    build_or_demo(raw, processed)
    books = pipeline.notebooks()
    with tempfile.TemporaryDirectory() as naive_dir:
        started = time.perf_counter()
        for book in books:
            executed = Path(naive_dir) / book.name
            subprocess.run(
                [
                    BIN / "papermill",
                    book,
                    executed,
                    "-p",
                    "yjs",
                    "Southampton",
                    "--log-level",
                    "ERROR",
                ],
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
                check=True,
                capture_output=True,
            )
        naive = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [
                BIN / "yjanalysis",
                "refresh",
                "--yjs",
                "Southampton",
                "--period-end",
                "2024-12",
                "--out",
                out,
                "--jobs",
                "2",
            ],
            check=True,
            capture_output=True,
        )
        ours = time.perf_counter() - started
        pages = sorted((Path(out) / "southampton" / "2024-12").glob("*.html"))
        sizes = {p.name: p.stat().st_size for p in pages}
    print(f"naive (papermill then nbconvert, {len(books)} notebooks in turn): {naive:6.1f} s")
    print(f"yjanalysis refresh --jobs 2 (build included):            {ours:6.1f} s")
    print(f"ratio: {ours / naive:.2f} (target at most 0.40)")
    for name, size in sizes.items():
        print(f"  {name:42} {size / 1e6:5.2f} MB")
    print(f"largest page {max(sizes.values()) / 1e6:.2f} MB (target under 2 MB)")

    services = list(reference.register().query("current")["yjs"])[:sample]
    pool = pipeline.KernelPool(2, cwd=ROOT)
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        try:
            for service in services:
                pipeline.refresh(
                    service,
                    "2024-12",
                    raw,
                    Path(out),
                    processed,
                    jobs=2,
                    build_first=False,
                    pool=pool,
                )
        finally:
            pool.close()
        spent = time.perf_counter() - started
    per_minute = len(services) / (spent / 60)
    print(
        f"--all-yjs throughput: {len(services)} services in {spent:.1f} s, "
        f"{per_minute:.1f} services a minute (all 154: about {154 / per_minute:.0f} minutes)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
