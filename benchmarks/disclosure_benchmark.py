"""Time disclosure control and its audit on the demo table, say what it hides, replay quarters.

Usage: ``.venv/bin/python benchmarks/disclosure_benchmark.py [processed folder]``
       ``.venv/bin/python benchmarks/disclosure_benchmark.py --quarters [YYYY-MM ...]``

Without ``--quarters``: builds the demo table if no processed folder is given, then for each
service with figures from its own records: the time to control them over every period (the
work a refresh of that service's report does once, before its notebooks), the time of an
independent audit of the result, how many figures are hidden by each rule, how narrowly a
reader can pin the hidden ones, and the share of the service's own figures its report can
still show.

With ``--quarters`` (default 2023-12, 2024-03, 2024-06, 2024-09, 2024-12): replays the demo
services' quarterly refreshes as a service makes them, each quarter from that quarter's
extract. Each demo extract is cut at the quarter's end (records dated up to then:
:func:`yjanalysis.inputs.demo.caselevel.as_at`) and built with the other demo inputs; each
service's table is controlled with the records of the reports published before it (read from
the reports folder, as a refresh reads them), and its report's record is published beside
them. A reader with every report so far is then played against each quarter's table (the
figures the earlier reports showed are known to the reader): the line says how many figures
that reader could narrow (it must be 0). The same quarters controlled each on their own, as
the last round did, are audited the same way for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from yjanalysis.methods import disclosure

QUARTERS = ("2023-12", "2024-03", "2024-06", "2024-09", "2024-12")


def timed(function, *args, repeat=3, **kwargs):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def narrowest(log: pd.DataFrame) -> str:
    values = log["reader_left_with"].str.extract(r"^(?:at least )?(\d+) values?$")[0]
    values = values.dropna().astype(int)
    if values.empty:
        return "every hidden figure unbounded"
    return f"fewest values left to a reader {values.min()}, median {int(values.median())}"


def demo_table() -> Path:
    """Write the demo inputs and build them in a fresh folder; return the processed folder."""
    from yjanalysis.inputs import demo
    from yjanalysis.table.build import build

    # A fresh demo (the checkout's may predate the services with extracts of their own).
    processed = Path(tempfile.mkdtemp(prefix="yj-disclosure-"))
    raw = processed / "raw"
    demo.write(raw)
    build(raw, processed / "built")
    return processed / "built"


def control_and_share(processed: Path) -> None:
    """Print, for each service with an extract, the control's time and what it shows."""
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


def cut_demo(raw: Path, into: Path, end: pd.Timestamp) -> None:
    """Copy the demo inputs to ``into`` with every extract as it stood on ``end``."""
    import shutil

    from yjanalysis.inputs import demo
    from yjanalysis.inputs.demo.caselevel import as_at

    shutil.copytree(raw, into, ignore=shutil.ignore_patterns("extract"))
    for folder in sorted((raw / "extract").iterdir()):
        tables = {
            path.stem.removeprefix("synthetic_extract_"): pd.read_csv(
                path, skiprows=1, dtype=str, keep_default_na=False
            )
            for path in folder.glob("synthetic_extract_*.csv")
        }
        target = into / "extract" / folder.name
        target.mkdir(parents=True)
        for name, frame in as_at(tables, end).items():
            text = frame.to_csv(index=False, lineterminator="\n")
            (target / f"synthetic_extract_{name}.csv").write_text(f"{demo.BANNER}\n{text}")


def consecutive_quarters(raw: Path, work: Path, months=QUARTERS, compare: bool = True) -> list:
    """Replay each demo service's quarterly reports, each from its own quarter's extract.

    Returns one dict per service and quarter: the control's CPU seconds, the figures hidden
    and shown, how many counts a reader holding every report so far could narrow and how many
    figures they would see moved by fewer than the threshold since an earlier report, with the
    control keeping what earlier reports published (``kept``) and, if ``compare``, with each
    quarter controlled on its own (``alone``).
    """
    from yjanalysis import reference
    from yjanalysis.inputs.demo import EXTRACTS
    from yjanalysis.report import context
    from yjanalysis.table.build import build

    results = []
    records: dict[tuple[str, str], list[pd.DataFrame]] = {}
    for month in months:
        end = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
        cut_demo(raw, work / "raw" / month, end)
        processed = work / "processed" / month
        build(work / "raw" / month, processed)
        table = pd.read_parquet(processed / "indicators.parquet")
        for yjs in EXTRACTS:
            # The rows the control sees, in its order: the table without the others' own.
            report = table[~(table["own_records"] & table["area"].ne(yjs))]
            # The service's own figures and those others publish for it (a reader has both).
            mine = report.reset_index(drop=True)
            mine = mine[mine["area"].eq(yjs)]
            own = mine[mine["own_records"]]
            cpu = time.process_time()
            shown, _ = context.controlled(processed, yjs, reports=work / "reports")
            cpu = time.process_time() - cpu
            shown = shown.loc[mine.index]
            line = {"service": yjs, "quarter": month, "control_cpu": cpu, "figures": len(own)}
            line["hidden"] = int(shown["status"].eq("suppressed").sum())
            for way, controlled in (("kept", shown), ("alone", None)):
                if way == "alone":
                    if not compare:
                        continue
                    controlled, _ = disclosure.suppress(mine)
                earlier = records.get((yjs, way), [])
                published = disclosure.combine(earlier) if earlier else None
                found = disclosure.audit(mine, controlled, published=published)
                controlled = controlled.loc[own.index]
                revised = found["reader_left_with"].str.startswith("shown changed by")
                line[f"{way}_found"] = int((~revised).sum())
                line[f"{way}_revised"] = int(revised.sum())
                line[f"{way}_examples"] = found.loc[~revised, "reader_left_with"].head(2).tolist()
                published_part = controlled[controlled["period_end"] <= end]
                if way == "kept":  # published, for the next quarter's control to read
                    folder = work / "reports" / reference.slug(yjs) / month
                    folder.mkdir(parents=True, exist_ok=True)
                    report = context.write_own_figures(published_part, folder)
                else:
                    report = disclosure.record(published_part)
                records.setdefault((yjs, way), []).append(report)
            results.append(line)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("processed", nargs="?", type=Path)
    parser.add_argument("--quarters", nargs="*", metavar="YYYY-MM")
    arguments = parser.parse_args()
    if arguments.quarters is None:
        control_and_share(arguments.processed or demo_table())
        return
    from yjanalysis.inputs import demo

    work = Path(tempfile.mkdtemp(prefix="yj-quarters-"))
    demo.write(work / "demo")
    months = arguments.quarters or QUARTERS
    for line in consecutive_quarters(work / "demo", work, months):
        print(
            f"{line['service']} {line['quarter']}: {line['figures']:,} figures, control "
            f"{line['control_cpu']:.2f} s CPU, hidden {line['hidden']:,} "
            f"({line['hidden'] / line['figures']:.1%}); a reader with every report so far "
            f"narrows {line['kept_found']} counts, sees {line['kept_revised']} figures moved by "
            f"fewer than 5 (controlled each on its own: {line['alone_found']} and "
            f"{line['alone_revised']}{'; e.g. ' if line['alone_examples'] else ''}"
            f"{'; '.join(line['alone_examples'])})"
        )


if __name__ == "__main__":
    main()
