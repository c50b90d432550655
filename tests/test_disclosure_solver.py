"""The attacker's integer programmes checked against ``scipy.optimize.milp``.

The audit solves its programmes in HiGHS directly (one persistent model per connected part,
linear programme first, many objectives): hundreds of bounds per report would each rebuild the
model through :func:`scipy.optimize.milp`. Here scipy solves the same questions from scratch,
over the whole system at once and with no shortcut, on the demo service's real model with a
random part of its counts hidden; both must agree on every range and every verdict.
"""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_array

from yjanalysis.methods import disclosure
from yjanalysis.methods.disclosure import attack, is_controlled, relations

THRESHOLD = 5


def _scipy_ranges(model, hidden, targets):
    """Smallest and largest whole value of each target given the shown counts (inf: unbounded)."""
    lower = np.zeros(model.variables)  # counts no row prints: zero or more
    upper = np.full(model.variables, np.inf)
    shown = np.flatnonzero(~hidden)
    lower[shown] = upper[shown] = model.values[shown]
    secret = np.flatnonzero(hidden)
    upper[secret[model.values[secret] == 0]] = 0
    lower[secret[model.values[secret] > 0]] = 1
    matrix = lil_array((len(model.relations), model.variables))
    for r, relation in enumerate(model.relations):
        for v, coefficient in relation.terms.items():
            matrix[r, v] = coefficient
    constraint = LinearConstraint(
        matrix.tocsr(),
        [r.lower for r in model.relations],
        [r.upper for r in model.relations],
    )

    def solve(cost):
        return milp(
            cost,
            constraints=constraint,
            integrality=np.ones(model.variables),
            bounds=Bounds(lower, upper),
        )

    assert solve(np.zeros(model.variables)).success  # the true counts satisfy every relation
    return {var: _ends(solve, model.variables, var) for var in targets}


def _ends(solve, size, var):
    ends = []
    for sign in (1.0, -1.0):
        cost = np.zeros(size)
        cost[var] = sign
        result = solve(cost)
        if not result.success:  # feasible (above), so unbounded; only a maximum can be
            assert sign < 0 and result.status in (3, 4), result.message
            ends.append(np.inf)
            continue
        ends.append(sign * result.fun)
    return ends[0], ends[1]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_the_audit_and_scipy_milp_find_the_same_ranges(demo_build, seed):
    table = demo_build.indicators
    own = table[is_controlled(table) & table["area"].eq("Southampton")]
    model = relations.build(own)
    rng = np.random.default_rng(seed)
    hidden = rng.random(model.quantities) < 0.3  # quarters inside rolling years: never shown
    found = attack.ranges(model, hidden, THRESHOLD)
    # Every kind of count (printed and hidden; derived: complements, what lies between nested
    # sets; quarters inside rolling years): unsafe ones (the audit proves their whole range)
    # and a sample of safe ones.
    sample = []
    for kind in (attack.PRINTED, attack.DERIVED, attack.QUARTER):
        of_kind = [v for v in found if attack.kind_of(model, v) == kind]
        unsafe = [v for v in of_kind if not found[v].safe]
        safe = [v for v in of_kind if found[v].safe]
        assert unsafe and safe, f"a random 30% hidden should leave some {kind} counts narrowed"
        sample += unsafe[:10] + [int(v) for v in rng.choice(safe, size=min(10, len(safe)))]
    for var, (low, high) in _scipy_ranges(model, hidden, sample).items():
        mine, kind = found[var], attack.kind_of(model, var)
        assert mine.safe == attack.is_safe(kind, low, high, THRESHOLD), model.describe(var)
        if not mine.safe:
            assert (mine.lowest, mine.highest) == (low, high), model.describe(var)


def test_an_unbounded_count_is_proved_by_the_solvers_ray():
    """x0 = x1, both zero or more: x0 has no upper bound, and HiGHS's ray shows it exactly."""
    equal = [relations.Relation({0: 1, 1: -1}, 0.0, 0.0, "x0 = x1")]
    problem = attack._Problem(None, [0, 1], equal, np.zeros(2), np.full(2, np.inf))
    largest_x0 = np.array([-1.0, 0.0])
    assert problem._run(largest_x0, integer=False)[0] == "unbounded"
    assert problem._proved_unbounded(largest_x0)


@pytest.mark.parametrize(
    "ray",
    [
        [1.0, 0.0],  # breaks x0 + x1 = 5
        [1.0, -1.0],  # keeps the sum but takes x1 below zero
        [1.0, -0.9999999],  # keeps the sum once rounded, but still takes x1 below zero
        [0.0, 0.0],  # no direction at all
    ],
)
def test_a_ray_that_breaks_a_relation_proves_nothing(monkeypatch, ray):
    """A warm start can claim a bounded count unbounded; its ray must then not be believed."""
    total = [relations.Relation({0: 1, 1: 1}, 5.0, 5.0, "x0 + x1 = 5")]
    problem = attack._Problem(None, [0, 1], total, np.zeros(2), np.full(2, np.inf))
    monkeypatch.setattr(
        problem.highs, "getPrimalRay", lambda: (attack.highspy.HighsStatus.kOk, True, ray)
    )
    assert not problem._proved_unbounded(np.array([-1.0, 0.0]))
    kind, solution = problem._solve(np.array([-1.0, 0.0]))  # the largest x0 is found instead
    assert kind == "found" and solution.tolist() == [5.0, 0.0]


def test_the_yjb_count_beside_the_demo_own_no_longer_pins_a_court_count(demo_build):
    # Southampton, report to 2024-12: the YJB prints 1 Mixed child cautioned or sentenced in
    # 2022-23 and the service's records none given an out-of-court disposal, which pinned its
    # own court count at 1.
    table = demo_build.indicators
    others = table["own_records"] & table["area"].ne("Southampton")
    report = table[~others & table["area"].eq("Southampton")]
    report = report[report["period_end"] <= pd.Timestamp("2024-12-31")]
    shown, _ = disclosure.suppress(report)
    assert disclosure.audit(report, shown).empty
    mixed = shown[
        shown["own_records"]
        & shown["group"].eq("Mixed")
        & shown["breakdown"].eq("ethnicity")
        & shown["period_start"].eq(pd.Timestamp("2022-04-01"))
        & shown["period_end"].eq(pd.Timestamp("2023-03-31"))
    ].set_index("indicator")["numerator"]
    published = table[
        ~table["own_records"]
        & table["area"].eq("Southampton")
        & table["indicator"].eq("cautioned_or_sentenced_share")
        & table["group"].eq("Mixed")
        & table["period"].eq("2022-23")
    ]["numerator"]
    assert published.tolist() == [1.0]
    assert pd.isna(mixed["court_share"])
    # Out of court shown (0) beside the published 1 would leave court = 1 exactly.
    assert pd.isna(mixed["out_of_court_share"])
