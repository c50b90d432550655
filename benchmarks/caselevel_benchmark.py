"""Time and memory of computing every case-level indicator for 20 quarters, at scale.

For each size (by default 250,000, 500,000 and 1,000,000 offence rows) a synthetic extract is
generated and written as CSV (once: it is kept in a cache folder and reused while the generator
is unchanged), then a fresh process reads and checks it and computes every indicator for the
latest 20 rolling quarters (plus the reoffending cohorts they need). Reading and computing are
timed apart, each as wall time and as processor time (user and system, every thread of the
process): on a machine shared with other work the processor time is the steadier figure. Peak
memory is the measuring process's largest resident set.

Targets on 2 cores, the machine otherwise idle: at 1,000,000 rows read, check and compute
together in 4 s; a national extract of 10,000,000 rows in 40 s and 8 GB; time and memory
growing no faster than rows.

An extract of more than about 4,000,000 rows has an offences file larger than the readers
accept (``LIMITS`` in ``yjanalysis.inputs.readers.files``: 400 MB of text, 5,000,000 rows); the
measuring process lifts those limits for the files it generated, and says so.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROWS_PER_CHILD = 2.75  # offence rows per synthetic child, measured on the generator
SEED = 7
CACHE = Path("/tmp/yjanalysis-caselevel-benchmark")

MEASURE = r"""
import json, os, resource, sys, time
from pathlib import Path

def processor():
    now = os.times()
    return now.user + now.system

started, used = time.perf_counter(), processor()
from yjanalysis.inputs.readers import files
from yjanalysis.table.build import read_inputs
from yjanalysis.table.caselevel import extract, indicators
import pandas as pd
folder = Path(sys.argv[1])
largest = max(p.stat().st_size for p in folder.glob("*.csv"))
lifted = largest > files.LIMITS["text"]
if lifted:  # a national extract: larger than the readers accept, measured all the same
    files.LIMITS["text"] = largest
    files.LIMITS["rows"] = max(files.LIMITS["rows"], largest // 40)
frames, _, _ = read_inputs(folder)
found = extract.assemble(frames)
read, read_cpu = time.perf_counter() - started, processor() - used
population = pd.DataFrame({"yjs": found.yjs, "year": range(2015, 2027), "age_group": "10 to 17",
                           "population": 20000.0})
started, used = time.perf_counter(), processor()
rows = indicators.all_indicators(found, population, quarters=20)
computed, computed_cpu = time.perf_counter() - started, processor() - used
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"offences": len(found.offences), "read": read, "read_cpu": read_cpu,
                  "compute": computed, "compute_cpu": computed_cpu, "rows": len(rows),
                  "peak_mb": peak, "lifted": lifted}))
"""


def _generator_version() -> str:
    """Return a digest of the generator's code and the package's version.

    An extract cached by other code is not reused.
    """
    import yjanalysis
    from yjanalysis.inputs.demo import caselevel

    code = Path(caselevel.__file__).read_bytes() + yjanalysis.__version__.encode()
    return hashlib.sha256(code).hexdigest()[:12]


def extract_folder(target: int, cache: Path, fresh: bool = False) -> tuple[Path, float]:
    """Return the folder of a synthetic extract of about ``target`` offence rows.

    With it, the seconds spent generating it (0 if it was in the cache).
    """
    from yjanalysis.inputs.demo import BANNER
    from yjanalysis.inputs.demo.caselevel import make_extract

    folder = cache / f"{target}-seed{SEED}-{_generator_version()}"
    done = folder / "complete"
    if done.exists() and not fresh:
        return folder, 0.0
    folder.mkdir(parents=True, exist_ok=True)
    done.unlink(missing_ok=True)
    started = time.perf_counter()
    tables = make_extract(children=int(target / ROWS_PER_CHILD), seed=SEED)
    for name in list(tables):
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as out:
            out.write(BANNER + "\n")  # as the demo writes its files, a table at a time
            tables.pop(name).to_csv(out, index=False, lineterminator="\n")
    done.touch()
    return folder, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark for the sizes given on the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Example: .venv/bin/python benchmarks/caselevel_benchmark.py 1000000 10000000",
    )
    parser.add_argument(
        "rows",
        nargs="*",
        type=int,
        default=[250_000, 500_000, 1_000_000],
        help="offence rows of each extract measured (default: 250000 500000 1000000)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=CACHE,
        help=f"folder the generated extracts are kept in and reused from (default: {CACHE})",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="generate the extracts again, even if cached"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure each size this many times (default: 1)"
    )
    args = parser.parse_args(argv)
    if any(n < 1000 for n in args.rows) or args.repeat < 1:
        parser.error("expected sizes of at least 1000 offence rows and --repeat of 1 or more")

    results = []
    for target in args.rows:
        folder, made = extract_folder(target, args.cache, args.fresh)
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, str(folder)], capture_output=True, text=True
            )
            if out.returncode:  # say why (a refusal of the extract, say), not only that it failed
                sys.exit(f"{target:,} rows: the measuring process failed:\n{out.stderr[-2000:]}")
            result = json.loads(out.stdout)
            results.append(result)
            together = result["read"] + result["compute"]
            print(
                f"{result['offences']:>10,} offence rows: read and check {result['read']:5.1f} s "
                f"({result['read_cpu']:.1f} s processor), compute every indicator for 20 "
                f"quarters {result['compute']:5.1f} s ({result['compute_cpu']:.1f} s), together "
                f"{together:5.1f} s ({result['read_cpu'] + result['compute_cpu']:.1f} s); "
                f"{result['rows']:,} figures, peak memory {result['peak_mb']:,.0f} MB "
                + (f"[generated in {made:.1f} s]" if made else f"[extract reused from {folder}]")
                + (" (the readers' size limits lifted for it)" if result["lifted"] else ""),
                flush=True,
            )
            made = 0.0
    if len(args.rows) > 1:
        first, last = results[0], results[-1]
        scale = last["offences"] / first["offences"]
        growth = (last["compute"] / first["compute"]) / scale
        total = (last["read"] + last["compute"]) / (first["read"] + first["compute"])
        print(
            f"time per row, largest over smallest: compute {growth:.2f}, read and compute "
            f"{total / scale:.2f} (1.00 is linear)"
        )
        memory = (last["peak_mb"] / first["peak_mb"]) / scale
        print(f"memory per row, largest over smallest: {memory:.2f} (1.00 is linear)")
    print("targets: 1,000,000 rows read, checked and computed in 4 s;")
    print("         10,000,000 rows in 40 s and 8,192 MB")


if __name__ == "__main__":
    main()
