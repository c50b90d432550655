"""A batch of services: each logged and recorded as it finishes, no failure stopping the rest."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from conftest import ROOT, run_cli

pytestmark = pytest.mark.e2e

BOOKS = ("00_overview.ipynb", "04_serious_youth_violence.ipynb")


def test_two_services_failing_in_different_ways_stop_nothing_else(demo_dir, tmp_path):
    books = tmp_path / "notebooks"
    books.mkdir()
    for name in BOOKS:
        shutil.copy(ROOT / "notebooks" / name, books / name)
    book = nbformat.read(books / BOOKS[1], as_version=4)
    book.cells.insert(
        4,
        nbformat.v4.new_code_cell(
            'if yjs == "Bexley":\n    raise RuntimeError("a fault planted for Bexley")'
        ),
    )
    nbformat.write(book, books / BOOKS[1])
    out, processed = tmp_path / "out", tmp_path / "processed"
    out.mkdir()
    (out / "southampton").write_text("a file where the service's folder should be")

    result = run_cli("refresh", "--yjs", "Portsmouth", "--yjs", "Southampton", "--yjs", "Bexley",
                     "--yjs", "Newport", "--raw", str(demo_dir), "--out", str(out),
                     "--processed", str(processed), "--notebooks", str(books),
                     cwd=tmp_path)  # fmt: skip
    err = result.stderr
    assert result.returncode == 1, err[-3000:]
    assert "Traceback" not in err, err[-6000:]  # the whole traceback, should one appear
    # One log line per service, in order, as each finished.
    logged = [line for line in err.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in logged] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert logged[0].startswith("[1/4] Portsmouth: published")
    assert logged[1].startswith("[2/4] Southampton: failed: the report for Southampton, 2024-12")
    assert logged[2].startswith("[3/4] Bexley: failed: notebook 04_serious_youth_violence")
    assert "RuntimeError: a fault planted for Bexley" in logged[2]
    assert logged[3].startswith("[4/4] Newport: published")
    # The table at the end: what was published and what failed and why.
    assert "2 published, 2 failed, of 4 services" in err
    table = err[err.index("2 published, 2 failed") :]
    for service in ("Portsmouth", "Southampton", "Bexley", "Newport"):
        assert service in table
    assert table.index("Southampton") < table.index("Portsmouth")  # failures first
    # Every other service is published, whole.
    for slug in ("portsmouth", "newport"):
        assert (out / slug / "2024-12" / "index.html").is_file()
        assert sorted(p.name for p in (out / slug).iterdir()) == ["2024-12"]
    assert not (out / "bexley").exists()
    assert (processed / "failed" / "bexley" / "2024-12" / BOOKS[1]).is_file()
    # The machine-readable record.
    (summary,) = (processed / "runs").glob("refresh-2024-12-*.jsonl")
    lines = [json.loads(line) for line in summary.read_text().splitlines()]
    assert [line["event"] for line in lines] == ["start"] + ["service"] * 4 + ["end"]
    services = {line["yjs"]: line for line in lines[1:5]}
    assert services["Southampton"]["status"] == "failed"
    assert "could not be written" in services["Southampton"]["reason"]
    assert services["Bexley"]["status"] == "failed"
    assert "a fault planted for Bexley" in services["Bexley"]["reason"]
    assert services["Newport"]["folder"] == str(out / "newport" / "2024-12")
    assert lines[-1] == {"time": lines[-1]["time"], "event": "end", "published": 2, "failed": 2}
    assert all(line["memory_mb"] > 100 for line in lines[1:5])
