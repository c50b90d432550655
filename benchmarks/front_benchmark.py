"""The index page and board paper's job (``yjanalysis.run.front``): two versions side by side.

A refresh writes each service's index page and board paper as one more job of its pooled
kernels (:mod:`yjanalysis.run.front`). This benchmark builds the demo once, then runs that job
for each service named, in a fresh process per version and pair (the package imported and one
paper written first, so the figures are of a warm kernel), the versions alternating: the
checkout's package, and another ``src`` folder given by ``--before`` (for instance
``git archive main src | tar -x -C /tmp/before``). It prints each run's processor and wall
seconds a service, their medians, and whether every file written is the same byte for byte
in both versions. ``--profile`` prints the checkout's job under cProfile instead.

Run: .venv/bin/python benchmarks/front_benchmark.py --before /tmp/before/src [--pairs 3]
     [--yjs Southampton --yjs Newport] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERIOD_END = "2024-12"


def _links() -> list[dict[str, str]]:
    return [
        {"title": p.stem, "html": f"{p.stem}.html"}
        for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    ]


def _worker(options: argparse.Namespace) -> None:
    """Write the front of each service in this process; print the seconds of each as JSON."""
    from yjanalysis.run import front

    folder = Path(options.folder)

    def write(yjs: str, staging: Path) -> None:
        staging.mkdir(parents=True)
        front.write(
            yjs, PERIOD_END, "board", str(ROOT / "data" / "raw" / "demo"),
            str(folder / "processed"), str(folder / "reports"), _links(), str(staging),
        )  # fmt: skip

    # A warm kernel: the modules imported and a paper written (of another service, so no
    # memo of the service measured is made before it is measured).
    write(options.warm, Path(tempfile.mkdtemp(dir=folder)) / "warm")
    seconds = {}
    for yjs in options.yjs:
        cpu, wall = time.process_time(), time.perf_counter()
        if options.profile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(write, yjs, Path(options.out) / yjs)
            pstats.Stats(profile).sort_stats(options.sort).print_stats(options.lines)
        else:
            write(yjs, Path(options.out) / yjs)
        seconds[yjs] = (time.process_time() - cpu, time.perf_counter() - wall)
    print(json.dumps(seconds))


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="the src folder of the other version")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--yjs", action="append", help="a service (repeat; default two)")
    parser.add_argument("--warm", default="Portsmouth", help="the service written to warm up")
    parser.add_argument("--keep", type=Path, help="keep the papers written in this folder")
    parser.add_argument("--profile", action="store_true", help="profile the checkout's job")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--sort", default="tottime", help="cumulative or tottime")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    options = parser.parse_args()
    options.yjs = options.yjs or ["Southampton", "Newport"]
    if options.worker:
        _worker(options)
        return

    from yjanalysis.report.context import controlled
    from yjanalysis.table.build import build_or_demo

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        keep = options.keep or folder / "papers"
        build_or_demo(ROOT / "data" / "raw" / "demo", folder / "processed")
        for yjs in [options.warm, *options.yjs]:  # control once, kept for every run
            controlled(folder / "processed", yjs, reports=folder / "reports")
        versions = {"after": None} if options.profile else {"before": options.before, "after": None}
        runs: dict[str, list[dict]] = {name: [] for name in versions}
        for pair in range(1 if options.profile else options.pairs):
            order = list(versions) if pair % 2 else list(reversed(versions))
            for name in order:
                out = keep / name / str(pair)
                environment = dict(os.environ)
                if versions[name] is not None:
                    environment["PYTHONPATH"] = str(Path(versions[name]).resolve())
                command = [sys.executable, __file__, "--worker", "--folder", str(folder),
                           "--out", str(out), "--warm", options.warm,
                           *(a for y in options.yjs for a in ("--yjs", y))]  # fmt: skip
                if options.profile:
                    command += ["--profile", "--lines", str(options.lines), "--sort", options.sort]
                done = subprocess.run(command, env=environment, capture_output=True, text=True)
                if done.returncode:
                    sys.exit(f"{name} failed:\n{done.stderr[-3000:]}")
                *printed, last = done.stdout.strip().splitlines()
                if options.profile:
                    print("\n".join(printed))
                seconds = json.loads(last)
                runs[name].append(seconds)
                said = ", ".join(f"{y} {c:.2f} s ({w:.2f} s wall)" for y, (c, w) in seconds.items())
                print(f"pair {pair + 1} {name:6}: processor {said}", flush=True)
        for name, measured in runs.items():
            for yjs in options.yjs:
                cpu = statistics.median(m[yjs][0] for m in measured)
                wall = statistics.median(m[yjs][1] for m in measured)
                print(f"median {name:6} {yjs}: {cpu:.2f} s processor, {wall:.2f} s wall")
        if "before" in runs:
            same = all(
                _hashes(keep / "before" / str(p)) == _hashes(keep / "after" / str(p))
                for p in range(options.pairs)
            )
            files = len(_hashes(keep / "after" / "0"))
            print(f"every file the same byte for byte ({files} a pair): {same}")


if __name__ == "__main__":
    main()
