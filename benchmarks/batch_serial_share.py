"""What of a batch's processor time stays in the one refreshing process, and what cores can share.

A batch (`yjanalysis refresh --all-yjs`) runs each service's notebooks on a pool of kernels, one
per job: that part grows with the cores it is given. The rest runs in the refreshing process
itself, under one interpreter lock whatever the number of cores: each service's disclosure
control, its index page and board paper, and the export of its pages. This benchmark refreshes
a few demo services in turn on one pool, in this process, and prints the processor seconds a
service spends in each (this process from ``getrusage(RUSAGE_SELF)``; the kernels from
``RUSAGE_CHILDREN`` once the pool has stopped and they are reaped), then what that means for
``--jobs N``: the batch can publish at most 60 / (the process's seconds) services a minute, and
the kernels' share needs about (their seconds) / N more.

Run: .venv/bin/python benchmarks/batch_serial_share.py [--services N]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=6, help="services counted")
    options = parser.parse_args()

    from yjanalysis import config, reference
    from yjanalysis.run import batch, pipeline
    from yjanalysis.run.arguments import settings
    from yjanalysis.table.build import build_or_demo, write_demo_if_empty

    raw = ROOT / "data" / "raw" / "demo"
    write_demo_if_empty(raw)
    with tempfile.TemporaryDirectory() as folder:
        processed, out = Path(folder) / "processed", Path(folder) / "reports"
        build_or_demo(raw, processed)
        run = settings("2024-12", raw, out, processed, jobs=2)
        services = list(reference.register().query("current")["yjs"])[: options.services + 1]
        pool = pipeline.KernelPool(run.jobs, cwd=config.paths().root)
        try:
            # The first service warms the pool and the imports; it is not counted.
            batch.refresh_services(services[:1], run, Path(folder) / "warm.jsonl", pool=pool)
            own, started = _cpu(resource.RUSAGE_SELF), time.perf_counter()
            outcomes = batch.refresh_services(
                services[1:], run, Path(folder) / "summary.jsonl", pool=pool
            )
            own = _cpu(resource.RUSAGE_SELF) - own
            wall = time.perf_counter() - started
        finally:
            pool.close()
        kernels = _cpu(resource.RUSAGE_CHILDREN)  # every kernel, the warm-up's share included
    counted = len(outcomes)
    published = sum(o.status == "published" for o in outcomes)
    per_own = own / counted
    # The kernels ran the warm-up service too: their seconds are shared over every service.
    per_kernels = kernels / (counted + 1)
    each = wall / counted
    print(f"{published} of {counted} services published in {wall:.1f} s ({each:.1f} s each)")
    print(f"processor seconds a service: refreshing process {per_own:.1f} s (one interpreter),")
    together = per_own + per_kernels
    print(f"  kernels {per_kernels:.1f} s (shared by the jobs), together {together:.1f} s")
    print(f"at most {60 / per_own:.1f} services a minute with any number of cores;")
    for jobs in (2, 4, 8, 16):
        bound = max(per_own, (per_own + per_kernels) / jobs)
        print(f"  --jobs {jobs:2} on {jobs} cores: at best {60 / bound:.1f} a minute")


if __name__ == "__main__":
    main()
