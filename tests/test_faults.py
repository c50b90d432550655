"""A refresh killed at any point (SIGTERM or SIGKILL), then run again, leaves one whole report.

Each fault is a real refresh in a child process, killed at a chosen point: while notebooks run,
between the two renames of the publish step, and after them before the previous report is
removed. Then a refresh runs again and the service's folder must hold exactly one whole report
and nothing else. Kernels must not outlive a killed refresh. Two refreshes of one report at
once: the second is refused in one sentence and the first publishes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from conftest import ROOT, run_in_process
from yjanalysis.run import pipeline

pytestmark = pytest.mark.fault

SERVICE, MONTH = "Portsmouth", "2024-12"
BOOKS = ("00_overview.ipynb", "04_serious_youth_violence.ipynb")

#: The child: a refresh with SIGTERM handled as the command handles it, and a fault planted.
CHILD = textwrap.dedent(
    """
    import os, shutil, signal, sys, time
    from pathlib import Path
    from yjanalysis import cli
    from yjanalysis.run import pipeline

    fault, raw, out, processed, books = sys.argv[1:6]
    signal.signal(signal.SIGTERM, cli._terminate)
    kill = signal.SIGKILL if fault.endswith("kill") else signal.SIGTERM

    def die():
        os.kill(os.getpid(), kill)
        time.sleep(60)

    import faulthandler
    faulthandler.register(signal.SIGUSR1, all_threads=True)

    if fault.startswith("between-renames"):
        rename = Path.rename
        def between(self, target):
            done = rename(self, target)
            if str(target).endswith(".previous"):
                die()
            return done
        Path.rename = between
    if fault.startswith("after-renames"):
        rmtree = shutil.rmtree
        def before_removal(path, *args, **kwargs):
            if str(path).endswith(".previous"):
                die()
            return rmtree(path, *args, **kwargs)
        shutil.rmtree = before_removal
    if fault == "hold":  # keep the lock until the test says so
        export = pipeline.export_html
        def held(*args, **kwargs):
            while not (Path(out).parent / "release").exists():
                time.sleep(0.05)
            return export(*args, **kwargs)
        pipeline.export_html = held
    if fault.startswith("exporting"):
        export = pipeline.export_html
        def once(*args, **kwargs):
            size = export(*args, **kwargs)
            die()
            return size
        pipeline.export_html = once
    try:
        pipeline.refresh(sys.argv[6], "2024-12", raw, out, processed, jobs=2,
                         notebook_folder=books, build_first=False)
    except KeyboardInterrupt:
        sys.exit(143)
    """
)


@pytest.fixture(scope="module")
def setting(demo_dir, tmp_path_factory):
    from yjanalysis.table.build import build

    base = tmp_path_factory.mktemp("faults")
    books = base / "notebooks"
    books.mkdir()
    for name in BOOKS:
        shutil.copy(ROOT / "notebooks" / name, books / name)
    processed = base / "processed"
    build(demo_dir, processed)
    child = base / "child.py"
    child.write_text(CHILD)
    pool = pipeline.KernelPool(2, cwd=base)
    yield {"raw": demo_dir, "processed": processed, "books": books, "child": child, "pool": pool}
    pool.close()


def refresh(setting, out: Path, service=SERVICE):
    return pipeline.refresh(service, MONTH, setting["raw"], out, setting["processed"], jobs=2,
                            notebook_folder=setting["books"], build_first=False,
                            pool=setting["pool"])  # fmt: skip


def start_child(setting, fault: str, out: Path, service=SERVICE) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(setting["child"]), fault, str(setting["raw"]), str(out),
         str(setting["processed"]), str(setting["books"]), service],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def planted(setting, fault: str, out: Path, returncode: int) -> None:
    """Run a refresh with a fault planted in it, to its end (by the fault)."""
    child = start_child(setting, fault, out)
    child.wait(timeout=180)
    assert child.returncode == returncode, child.stderr.read()[-3000:]


def wait_for(condition, seconds=300.0, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def assert_gone(processes: list[psutil.Process]) -> None:
    """The kernels of a killed refresh end on their own (they watch their parent)."""
    _, alive = psutil.wait_procs(processes, timeout=20)
    assert not alive, [p.cmdline() for p in alive]


def whole_report(out: Path, leftovers: int = 0) -> dict:
    """The service's folder holds exactly one report, whole (and a killed run's staging folders
    if ``leftovers``); return its manifest."""
    folder = out / "portsmouth"
    names = sorted(p.name for p in folder.iterdir())
    assert names[-1:] == [MONTH] and len(names) == 1 + leftovers, names
    assert all(n.startswith(f".{MONTH}.staging-") for n in names[:-1]), names
    report = folder / MONTH
    manifest = json.loads((report / "manifest.json").read_text())
    expected = {"index.html", "manifest.json", "notebooks", "own-figures.csv"}
    expected |= set(manifest["paper"])
    expected |= {page["html"] for page in manifest["notebooks"]}
    assert set(manifest["paper"]) == {"paper.pdf", "paper.docx", "figures.xlsx", "charts"}
    assert {p.name for p in report.iterdir()} == expected
    assert sorted(p.name for p in (report / "notebooks").iterdir()) == list(BOOKS)
    assert all((report / page["html"]).stat().st_size > 1000 for page in manifest["notebooks"])
    return manifest


@pytest.fixture
def published(setting, tmp_path):
    """A folder with a good report of the service in it, and that report's manifest."""
    out = tmp_path / "out"
    refresh(setting, out)
    return out, whole_report(out)


def running_notebooks(out: Path):
    return lambda: any((out / "portsmouth").glob(f".{MONTH}.staging-*/notebooks/*.ipynb"))


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_killed_while_notebooks_run(setting, published, signal_name):
    out, before = published
    child = start_child(setting, "none", out)
    wait_for(running_notebooks(out), what="a notebook to start")
    kernels = descendants(child.pid)
    assert kernels
    child.send_signal(getattr(signal, signal_name))
    # Generous: on a loaded 2-core runner a kernel still starting takes a while to be stopped.
    child.wait(timeout=180)
    assert_gone(kernels)
    if signal_name == "SIGTERM":  # it cleans up on the way out: nothing left, nothing lost
        assert child.returncode == 143, child.stderr.read()
        assert whole_report(out)["created"] == before["created"]
    else:
        assert child.returncode == -signal.SIGKILL
        assert list((out / "portsmouth").glob(f".{MONTH}.staging-*"))
    result = refresh(setting, out)
    assert whole_report(out)["created"] >= before["created"]
    assert (signal_name == "SIGKILL") == any("staging" in r for r in result.recovered)


def test_killed_between_the_renames_the_last_good_report_is_restored(setting, published):
    out, _ = published
    planted(setting, "between-renames-kill", out, -signal.SIGKILL)
    service = out / "portsmouth"
    assert not (service / MONTH).exists()  # the crash fell between the renames
    assert (service / f".{MONTH}.previous" / "manifest.json").is_file()
    result = refresh(setting, out)
    assert f"restored the last good report {MONTH}" in result.recovered
    whole_report(out)


def test_terminated_between_the_renames_puts_the_last_good_report_back(setting, published):
    out, before = published
    planted(setting, "between-renames-term", out, 143)
    assert whole_report(out)["created"] == before["created"]  # as it was, nothing left over


def test_killed_after_the_renames_the_new_report_stays(setting, published):
    out, before = published
    planted(setting, "after-renames-kill", out, -signal.SIGKILL)
    service = out / "portsmouth"
    killed_run = json.loads((service / MONTH / "manifest.json").read_text())
    assert killed_run["created"] >= before["created"]
    assert (service / f".{MONTH}.previous").is_dir()
    result = refresh(setting, out)
    assert f"removed .{MONTH}.previous" in result.recovered
    whole_report(out)


def test_killed_while_exporting(setting, published):
    out, before = published
    planted(setting, "exporting-kill", out, -signal.SIGKILL)
    assert whole_report(out, leftovers=1)["created"] == before["created"]
    refresh(setting, out)
    whole_report(out)


def test_two_refreshes_of_one_report_at_once(setting, tmp_path, capsys):
    out = tmp_path / "out"
    first = start_child(setting, "hold", out)
    wait_for(running_notebooks(out), what="the first refresh to start its notebooks")
    code, err = run_in_process("refresh", "--yjs", SERVICE, "--raw", str(setting["raw"]),
                               "--out", str(out), "--processed", str(setting["processed"]),
                               "--notebooks", str(setting["books"]), capsys=capsys)  # fmt: skip
    assert code == 1, err
    assert "another refresh is running in the report folder of Portsmouth" in err
    assert "this one published nothing" in err and "Traceback" not in err
    (tmp_path / "release").touch()
    first.wait(timeout=180)
    assert first.returncode == 0, first.stderr.read()
    whole_report(out)


def test_a_killed_batch_leaves_the_record_of_what_it_finished(setting, tmp_path):
    out = tmp_path / "out"
    runs = setting["processed"] / "runs"
    earlier = set(runs.glob("*.jsonl"))
    batch = subprocess.Popen(
        [sys.executable, "-m", "yjanalysis", "refresh", "--yjs", "Portsmouth", "--yjs",
         "Southampton", "--yjs", "Newport", "--raw", str(setting["raw"]), "--out", str(out),
         "--processed", str(setting["processed"]), "--notebooks", str(setting["books"])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )  # fmt: skip

    def ours():
        return sorted(set(runs.glob("*.jsonl")) - earlier)

    def one_finished():
        return any('"event": "service"' in f.read_text() for f in ours())

    wait_for(one_finished, what="the first service to finish")
    kernels = descendants(batch.pid)
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait(timeout=30)
    assert_gone(kernels)
    (summary,) = ours()
    lines = [json.loads(line) for line in summary.read_text().splitlines()]
    assert lines[0]["event"] == "start" and lines[0]["services"] == 3
    assert lines[1]["event"] == "service" and lines[1]["yjs"] == "Portsmouth"
    assert lines[1]["status"] == "published" and lines[1]["memory_mb"] > 0
    whole_report(out)


def test_sigterm_stops_the_command_cleanly(setting, published):
    out, before = published
    runs = setting["processed"] / "runs"
    earlier = set(runs.glob("*.jsonl"))
    command = subprocess.Popen(
        [sys.executable, "-m", "yjanalysis", "refresh", "--yjs", SERVICE, "--yjs", "Newport",
         "--raw", str(setting["raw"]), "--out", str(out), "--processed",
         str(setting["processed"]), "--notebooks", str(setting["books"])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=out.parent,
    )  # fmt: skip
    wait_for(running_notebooks(out), what="a notebook to start")
    kernels = descendants(command.pid)
    command.send_signal(signal.SIGTERM)
    _, err = command.communicate(timeout=180)  # generous on a loaded runner, as above
    assert command.returncode == 143, err[-3000:]
    assert "stopped by SIGTERM" in err and "Traceback" not in err
    assert_gone(kernels)
    assert whole_report(out)["created"] == before["created"]
    (summary,) = set(runs.glob("*.jsonl")) - earlier
    last = json.loads(summary.read_text().splitlines()[-1])
    assert last["event"] == "interrupted" and last["by"] == "Terminated"
