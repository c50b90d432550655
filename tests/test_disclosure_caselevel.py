"""Disclosure control on whole extracts: every indicator, breakdown and period at once.

Random case-level extracts (the synthetic generator with random sizes and seeds, small enough
that many counts are small) go through the case-level engine and disclosure control; the
attacker of :mod:`yjanalysis.methods.disclosure.attack`, given every relation between the figures, then
finds nothing it can narrow, and nothing small is shown.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from disclosure_helpers import assert_nothing_small_shown
from yjanalysis.inputs import readers
from yjanalysis.inputs.demo.caselevel import make_extract
from yjanalysis.methods import disclosure
from yjanalysis.table.caselevel import extract as caselevel_extract
from yjanalysis.table.caselevel import indicators
from yjanalysis.vocabulary import schema as table


def own_figures(folder, yjs, children, seed):
    frames = defaultdict(list)
    for name, frame in make_extract(yjs, children=children, start="2021-01-01",
                                    as_of="2024-06-30", seed=seed).items():  # fmt: skip
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
