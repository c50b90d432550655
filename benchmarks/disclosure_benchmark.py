"""Time disclosure control and its audit on the demo table, and say what it hides.

Usage: ``.venv/bin/python benchmarks/disclosure_benchmark.py [processed folder]``

Builds the demo table if no processed folder is given, then for each service with figures
from its own records: the time to control them over every period (the work a refresh of that
service's report does once, before its notebooks), the time of an independent audit of the
result, how many figures are hidden by each rule, how narrowly a reader can pin the hidden
ones, and the share of the service's own figures its report can still show.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from yjanalysis.methods import disclosure


def timed(function, *args, repeat=3):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def narrowest(log: pd.DataFrame) -> str:
    values = log["reader_left_with"].str.extract(r"^(?:at least )?(\d+) values?$")[0]
    values = values.dropna().astype(int)
    if values.empty:
        return "every hidden figure unbounded"
    return f"fewest values left to a reader {values.min()}, median {int(values.median())}"


def main() -> None:
    if len(sys.argv) > 1:
        processed = Path(sys.argv[1])
    else:
        from yjanalysis.inputs import demo
        from yjanalysis.table.build import build

        # A fresh demo (the checkout's may predate the services with extracts of their own).
        processed = Path(tempfile.mkdtemp(prefix="yj-disclosure-"))
        raw = processed / "raw"
        demo.write(raw)
        build(raw, processed / "built")
        processed = processed / "built"
    table = pd.read_parquet(processed / "indicators.parquet")
    own = table[table["own_records"]]
    print(f"table: {len(table):,} rows, {len(own):,} from services' own records")
    for area, rows in own.groupby("area"):
        # What a refresh of this service's report controls: the table without the others' own.
        others = table["own_records"] & table["area"].ne(area)
        report = table[~others]
        (shown, log), wall, cpu = timed(disclosure.suppress, report)
        found, audit_wall, audit_cpu = timed(disclosure.audit, report, shown, repeat=1)
        hidden = shown["own_records"] & shown["status"].eq("suppressed")
        rules = log["rule"].value_counts()
        print(
            f"{area}: {len(rows):,} figures; control {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"(median of 3); independent audit {audit_wall:.2f} s wall, {audit_cpu:.2f} s CPU, "
            f"{len(found)} figures a reader could narrow; hidden {hidden.sum():,} "
            f"(primary {rules.get('primary', 0):,}, secondary {rules.get('secondary', 0):,}); "
            f"shown {len(rows) - hidden.sum():,} ({1 - hidden.sum() / len(rows):.1%}); "
            f"{narrowest(log)}"
        )


if __name__ == "__main__":
    main()
