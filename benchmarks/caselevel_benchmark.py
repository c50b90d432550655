"""Time and memory of computing every case-level indicator for 20 quarters, at scale.

For each size (250,000, 500,000 and 1,000,000 offence rows) a synthetic extract is generated
and written as CSV, then a fresh process reads and checks it and computes every indicator for
the latest 20 rolling quarters (plus the reoffending cohorts they need). Reading and computing
are timed apart; peak memory is the child process's largest resident set.
Targets on 2 cores, the machine otherwise idle: at 1,000,000 rows read, check and compute together
in 4 s; a national extract of 10,000,000 rows in 40 s and 8 GB; time and memory growing no
faster than rows.

Run: .venv/bin/python benchmarks/caselevel_benchmark.py [rows ...]  (e.g. 1000000 10000000)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS_PER_CHILD = 2.75  # offence rows per synthetic child, measured on the generator

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from yjanalysis.table.build import read_inputs
from yjanalysis.table.caselevel import extract, indicators
import pandas as pd
frames, _, _ = read_inputs(Path(sys.argv[1]))
found = extract.assemble(frames)
read = time.perf_counter() - started
population = pd.DataFrame({"yjs": found.yjs, "year": range(2015, 2027), "age_group": "10 to 17",
                           "population": 20000.0})
started = time.perf_counter()
rows = indicators.all_indicators(found, population, quarters=20)
computed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"offences": len(found.offences), "read": read, "compute": computed,
                  "rows": len(rows), "peak_mb": peak}))
"""


def main(sizes: list[int]) -> None:
    from yjanalysis.inputs.demo import _csv
    from yjanalysis.inputs.demo.caselevel import make_extract

    results = []
    for target in sizes:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            tables = make_extract(children=int(target / ROWS_PER_CHILD), seed=7)
            for name, frame in tables.items():
                (Path(folder) / f"{name}.csv").write_text(_csv(frame))
            made = time.perf_counter() - started
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, folder], capture_output=True, text=True
            )
            if out.returncode:  # say why (a refusal of the extract, say), not only that it failed
                sys.exit(f"{target:,} rows: the measuring process failed:\n{out.stderr[-2000:]}")
            result = json.loads(out.stdout)
            result["generate"] = made
            results.append(result)
            print(
                f"{result['offences']:>9,} offence rows: read and check {result['read']:5.1f} s, "
                f"compute every indicator for 20 quarters {result['compute']:5.1f} s, "
                f"together {result['read'] + result['compute']:5.1f} s "
                f"({result['rows']:,} figures), peak memory {result['peak_mb']:,.0f} MB "
                f"[generated in {made:.1f} s]",
                flush=True,
            )
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = (last["compute"] / first["compute"]) / (last["offences"] / first["offences"])
        total = (last["read"] + last["compute"]) / (first["read"] + first["compute"])
        print(
            f"time per row, largest over smallest: compute {growth:.2f}, read and compute "
            f"{total / (last['offences'] / first['offences']):.2f} (1.00 is linear)"
        )
        memory = (last["peak_mb"] / first["peak_mb"]) / (last["offences"] / first["offences"])
        print(f"memory per row, largest over smallest: {memory:.2f} (1.00 is linear)")
    print("targets: 1,000,000 rows read, checked and computed in 4 s;")
    print("         10,000,000 rows in 40 s and 8,192 MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250_000, 500_000, 1_000_000])
