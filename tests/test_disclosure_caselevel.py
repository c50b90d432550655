"""Disclosure control on whole extracts: every indicator, breakdown and period at once.

Random case-level extracts (the synthetic generator with random sizes and seeds, small enough
that many counts are small) go through the case-level engine and disclosure control; the
attacker of :mod:`yjanalysis.methods.disclosure.attack`, given every relation between the figures, then
finds nothing it can narrow, and nothing small is shown.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from disclosure_helpers import assert_nothing_small_shown
from yjanalysis.inputs import readers
from yjanalysis.inputs.demo.caselevel import as_at, make_extract
from yjanalysis.methods import disclosure
from yjanalysis.table.caselevel import extract as caselevel_extract
from yjanalysis.table.caselevel import indicators
from yjanalysis.vocabulary import schema as table


def own_figures(folder, yjs, children, seed, tables=None):
    """The figures the case-level engine makes of a random extract (or of ``tables``)."""
    frames = defaultdict(list)
    if tables is None:
        tables = make_extract(yjs, children=children, start="2021-01-01", as_of="2024-06-30",
                              seed=seed)  # fmt: skip
    for name, frame in tables.items():
        if frame.empty:  # a small extract may have no remands: its table is left out
            continue
        path = folder / f"extract_{name}.csv"
        frame.to_csv(path, index=False)
        read = readers.read(path)
        frames[read.attrs["kind"]].append(read)
    extract = caselevel_extract.assemble(frames)
    population = pd.DataFrame(
        {"yjs": yjs, "year": range(2015, 2026), "age_group": "10 to 17", "population": 19000}
    )
    rows = table.conform(indicators.all_indicators(extract, population))
    rows["own_records"] = True
    return rows


@pytest.mark.slow
@given(
    children=st.integers(min_value=15, max_value=160),
    seed=st.integers(min_value=0, max_value=10_000),
    threshold=st.sampled_from([3, 5, 10]),
)
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Found by this test: a warm-started solve claimed a bounded count unbounded; an extract with no
# remands.
@example(children=103, seed=626, threshold=5)
@example(children=18, seed=16, threshold=3)
# ... and a count found safe early in the control, pinned once more was hidden around it.
@example(children=102, seed=100, threshold=5)
def test_no_figure_of_a_random_extract_can_be_worked_out(tmp_path, children, seed, threshold):
    rows = own_figures(tmp_path, "Newport", children, seed)
    shown, log = disclosure.suppress(rows, threshold)
    assert_nothing_small_shown(shown, threshold)
    assert disclosure.audit(rows, shown, threshold).empty
    assert len(log) == shown["status"].eq("suppressed").sum()
    # Something stays visible: control hides what it must, not everything.
    assert shown["status"].ne("suppressed").any()


@pytest.mark.slow
@given(
    children=st.integers(min_value=20, max_value=120),
    seed=st.integers(min_value=0, max_value=10_000),
    quarters=st.integers(min_value=2, max_value=4),
)
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_reports_of_consecutive_quarters_disclose_nothing_side_by_side(
    tmp_path, children, seed, quarters
):
    """Each quarter's report from that quarter's extract, each control keeping what was published.

    As a service refreshes: the extract as it stood at each quarter's end (records dated up to
    then), its figures, a control given the records of the reports before it, and a report
    that shows the figures ending by its month. A reader with every report learns nothing the
    threshold protects: each control is audited with every figure the earlier reports showed.
    """
    tables = make_extract("Newport", children=children, start="2021-01-01",
                          as_of="2024-12-31", seed=seed)  # fmt: skip
    ends = pd.date_range(end="2024-12-31", periods=quarters, freq="QE")
    records, published = [], None
    for end in ends:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis reuses tmp_path
        rows = own_figures(folder, "Newport", children, seed, as_at(tables, end))
        shown, _ = disclosure.suppress(rows, 5, published)
        assert_nothing_small_shown(shown, 5)
        assert disclosure.audit(rows, shown, 5, published).empty, f"the report for {end:%Y-%m}"
        records.append(disclosure.record(shown[shown["period_end"] <= end]))
        published = disclosure.combine(records)


@pytest.mark.slow
def test_the_demo_services_quarterly_reports_side_by_side_disclose_nothing(demo_dir, tmp_path):
    """The demo's extracts cut at two quarters' ends, built, controlled and set side by side.

    ``benchmarks/disclosure_benchmark.py --quarters`` does the same over five quarters.
    """
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "disclosure_benchmark", ROOT / "benchmarks" / "disclosure_benchmark.py"
    )
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    lines = benchmark.consecutive_quarters(demo_dir, tmp_path, ("2024-09", "2024-12"), False)
    assert {(line["service"], line["quarter"]) for line in lines} == {
        (yjs, month) for yjs in ("Southampton", "Portsmouth", "Newport")
        for month in ("2024-09", "2024-12")
    }  # fmt: skip
    assert all(line["kept_found"] == 0 and line["kept_revised"] == 0 for line in lines), lines
    assert all(line["hidden"] < line["figures"] for line in lines)
