"""The attacker: how far each hidden or derived count can be narrowed from what a report shows.

For the model of :mod:`yjanalysis.methods.disclosure.relations`, with the shown counts fixed at
their values, each protected count's feasible range is found by integer programming (the HiGHS
solver, through ``highspy``): the smallest and the largest whole number it can take while every
relation holds, every count is zero or more, and every hidden count is at least 1 (zeros are
shown, so a reader knows a hidden count is not zero; beside a count another publisher prints
for the service, a zero may be hidden: :func:`may_be_zero`). The reader is also credited with
knowing every other count that is truly zero, which only makes the audit stricter.

One rule protects every count, printed or derived (:func:`is_safe`): a reader must be left with
at least ``threshold - 1`` values for it (with the default threshold of 5, a reader cannot tell
1 from 4). A count a reader derives (a complement, what lies between nested sets, a quarter
inside rolling years) may also be pinned where a page could print it: a complement or a
difference to 0 or to the threshold or more, a quarter to 0 (a quarter pinned higher would
leave the rest of its year, several quarters together, to be narrowed). Any count may be
pinned to 0, a printed one too: a zero discloses no child. (A printed count is pinned there
only when it is 0 and hidden beside a published count, :func:`may_be_zero`; a report cannot
always keep a reader from it, since the other zeros around it the reader is credited with
knowing.) This is the standard
"feasibility interval" test of statistical disclosure control (Hundepool et al., *Statistical
Disclosure Control*, Wiley 2012, section 4.3; the "protection level" of tau-argus), run here
over every relation between figures, periods and indicators rather than one table at a time.

Counts pinned by one equation of counts already known are found by propagation, without a
solver; the rest is solved per connected part of the system (counts that share no relation
are independent), which keeps each problem small.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import coo_array, csc_array, csr_array
from scipy.sparse.csgraph import connected_components

from yjanalysis.methods.disclosure.relations import Model

#: Seconds one programme may take. A solve that runs out of time keeps the widest range it
#: has proved feasible, which can only call a safe count unsafe, never the reverse.
TIME_LIMIT = 2.0
#: A ray's largest component, once scaled to whole numbers to be checked exactly (a multiple of
#: every denominator up to 12, so that a ray of halves, thirds or quarters scales exactly).
RAY_SCALE = 27720.0


@dataclass(frozen=True)
class Range:
    """What a reader can work out about one hidden count.

    Attributes
    ----------
    lowest, highest : float
        The smallest and largest values the count can take (``highest`` may be infinite); where
        the count was found safe before both were needed, part of that range.
    safe : bool
        Whether the count is safe (see the module's description).
    exact : bool
        Whether both ends were found by solving for them (the range is then all a reader can
        work out); otherwise the range is the part found before the count was known to be
        safe, and a reader can work out no more than the values between its ends, but may
        be unable to rule out others.
    """

    lowest: float
    highest: float
    safe: bool
    exact: bool = False

    @property
    def width(self) -> float:
        """``highest - lowest``: 0 when the count is pinned to one value."""
        return self.highest - self.lowest

    def values(self) -> str:
        """Say how many values the count could be, in words for the audit log."""
        if np.isinf(self.highest):
            return "unbounded"
        if not np.isfinite(self.width) or self.width < 0:
            return "not found in time"
        count = int(self.width) + 1
        return f"{'' if self.exact else 'at least '}{count} value{'' if count == 1 else 's'}"


#: Kinds of protected count (:func:`is_safe`).
PRINTED, DERIVED, QUARTER = "printed", "derived", "quarter"


def required_width(threshold: int) -> int:
    """Return how wide a hidden count's range must be: ``threshold - 2``, at least 1.

    Examples
    --------
    >>> required_width(5), required_width(3), required_width(2)
    (3, 1, 1)
    """
    return max(1, threshold - 2)


def kind_of(model: Model, var: int) -> str:
    """Say what kind of protected count a variable is.

    Printed (a row carries it), derived (no row does, and the table gives its value) or a
    quarter inside rolling years (no row does, and its value is unknown).
    """
    if var < model.quantities:
        return PRINTED
    return DERIVED if var in model.latent_values else QUARTER


def is_safe(kind: str, lowest: float, highest: float, threshold: int) -> bool:
    """Apply the protection rule to a count a reader can narrow to ``lowest .. highest``.

    A count pinned to 0 is safe whatever its kind: a zero discloses no child, and a page
    could print it (zeros are shown). A printed count can be pinned there only when it is 0
    and hidden beside a published count (:func:`may_be_zero`); the zeros hidden elsewhere a
    reader is credited with knowing outright.

    Examples
    --------
    >>> is_safe(PRINTED, 1, 4, 5), is_safe(PRINTED, 2, 4, 5), is_safe(PRINTED, 9, 9, 5)
    (True, False, False)
    >>> is_safe(PRINTED, 0, 0, 5), is_safe(PRINTED, 0, 2, 5)
    (True, False)
    >>> is_safe(DERIVED, 0, 0, 5), is_safe(DERIVED, 7, 7, 5), is_safe(DERIVED, 0, 2, 5)
    (True, True, False)
    >>> is_safe(QUARTER, 0, 0, 5), is_safe(QUARTER, 0, 3, 5), is_safe(QUARTER, 6, 7, 5)
    (True, True, False)
    """
    if highest - lowest >= required_width(threshold):
        return True
    return bool(highest <= 0 or (kind == DERIVED and lowest >= threshold))


def ranges(
    model: Model, hidden: np.ndarray, threshold: int, targets: set[int] | None = None
) -> dict[int, Range]:
    """Find how far a reader can narrow each hidden count and each count a reader derives.

    Parameters
    ----------
    model : Model
        The counts and their relations.
    hidden : numpy.ndarray of bool
        For each quantity, whether the report hides it (a count a reader knows from any page,
        this report's or an earlier one's, is not hidden).
    threshold : int
        The suppression threshold. A count is solved for only until it is known to be safe.
    targets : set of int, optional
        Audit only these variables (default: every hidden quantity and every latent count).
        Hiding more can only widen what a reader can say of a count, so a count once found
        safe stays safe.

    Returns
    -------
    dict
        Variable to :class:`Range`, for every audited variable that is not a known zero.
    """
    if model.public:  # every reader has the published counts
        hidden = hidden.copy()
        hidden[sorted(model.public)] = False
    narrowed = narrowed_by_published(model, threshold)
    lower, upper = _bounds(model, hidden, may_be_zero(model, threshold))
    wanted_of = (
        (lambda v: v >= model.quantities or hidden[v])
        if targets is None
        else (lambda v: v in targets and (v >= model.quantities or hidden[v]))
    )
    found = _solve_ranges(model, lower, upper, wanted_of, threshold)
    for v, found_range in found.items():
        # What the published counts alone leave a reader is not the report's to widen.
        if not found_range.safe and found_range.width >= narrowed.get(v, np.inf):
            found[v] = Range(found_range.lowest, found_range.highest, True, found_range.exact)
    return found


def narrowed_by_published(model: Model, threshold: int) -> dict[int, float]:
    """Return the counts that published counts alone narrow, with the width they leave.

    Another publisher's count for the service (:attr:`Model.public`) bounds the service's own
    counts within it: 1 child of a group cautioned or sentenced in a year leaves every count of
    that group's children at court, in custody or given an out-of-court disposal that year at 0
    or 1, whatever a report shows. Such a count, when a report hides it, must be left with as
    many values as the published counts alone leave it, when that is no more than the rule asks
    (:func:`may_be_zero` says which hidden counts may then be 0). Kept on the model for its
    threshold.
    """
    cached = getattr(model, "_narrowed", None)
    if cached is not None and cached[0] == threshold:
        return cached[1]
    widths: dict[int, float] = {}
    if model.public:
        public = np.array(sorted(model.public))
        lower = np.zeros(model.variables)
        upper = np.full(model.variables, np.inf)
        lower[public] = upper[public] = model.values[public]
        near = _near(model, set(model.public), hops=3) - model.public
        found = _solve_ranges(model, lower, upper, near.__contains__, threshold)
        widths = {
            v: found_range.width
            for v, found_range in found.items()
            # Exactly as wide as the rule asks: a reader taking a hidden count to be at least
            # 1 would leave one value fewer, which no report could then give back.
            if found_range.width <= required_width(threshold)
        }
    model._narrowed = (threshold, widths)  # type: ignore[attr-defined]
    return widths


def may_be_zero(model: Model, threshold: int) -> set[int]:
    """Return the counts a report may hide at 0: those tied to a count published counts narrow.

    No report could protect such a count if a reader took a hidden count to be at least 1 (1
    child cautioned or sentenced, none given an out-of-court disposal: the child was sentenced
    at court), so the control may hide a zero there, in a relation with a published or a
    narrowed count, and a reader is credited with knowing only that such a hidden count is 0
    or more.
    """
    cached = getattr(model, "_may_be_zero", None)
    if cached is not None and cached[0] == threshold:
        return cached[1]
    narrowed = set(narrowed_by_published(model, threshold))
    found = {
        v
        for v in _near(model, narrowed | model.public, hops=1)
        if v < model.quantities and v not in model.public
    }
    model._may_be_zero = (threshold, found)  # type: ignore[attr-defined]
    return found


def _near(model: Model, start: set[int], hops: int) -> set[int]:
    """Return the variables within ``hops`` relations of ``start`` (``start`` included)."""
    reached, frontier = set(start), set(start)
    for _ in range(hops):
        frontier = {
            v
            for relation in model.relations
            if not frontier.isdisjoint(relation.terms)
            for v in relation.terms
        } - reached
        reached |= frontier
    return reached


def _solve_ranges(model: Model, lower, upper, wanted_of, threshold: int) -> dict[int, Range]:
    """Find the range of each wanted variable within the bounds, by propagation and solving."""
    fixed = lower == upper
    _propagate(model, lower, upper)
    found: dict[int, Range] = {}
    for v in np.flatnonzero((lower == upper) & ~fixed):  # pinned by propagation
        if wanted_of(int(v)):
            kind = kind_of(model, int(v))
            safe = is_safe(kind, lower[v], upper[v], threshold)
            found[int(v)] = Range(float(lower[v]), float(upper[v]), safe, exact=True)
    free = np.flatnonzero(lower != upper)
    truth = model.truth()
    solved = _solved(model)
    for part, relations in _parts(model, free):
        wanted = [v for v in part if wanted_of(v)]
        if not wanted:
            continue
        key = _problem_key(part, relations, lower, upper, threshold)
        known = solved.setdefault(key, {})
        if all(v in known for v in wanted):  # the same programme solved before, every count
            found.update({v: known[v] for v in wanted})
            continue
        problem = _Problem(model, part, relations, lower, upper)
        answer = problem.ranges(wanted, model, threshold, truth)
        known.update(answer)
        found.update(answer)
    return found


def _solved(model: Model) -> dict:
    """Return what :func:`ranges` found for each programme it solved on ``model`` (kept).

    The passes of secondary suppression attack the report again each time a count is hidden,
    and its last pass checks every count once more, trusting no earlier pass; most connected
    parts are by then the very programmes solved before (the same counts, relations, bounds and
    known values: :func:`_problem_key`). Each count's range in such a part is what solving it
    again would prove (a count once proved safe is safe in the same programme; an unsafe one's
    range is exact), so it is taken from before: about a third of the control's time.
    """
    found = getattr(model, "_solved", None)
    if found is None:
        found = model._solved = {}  # type: ignore[attr-defined]
    return found


def _problem_key(part, relations, lower, upper, threshold: int) -> tuple:
    """Say which integer programme a connected part is: everything :class:`_Problem` reads."""
    inside = set(part)
    constants = [
        sum(c * lower[v] for v, c in relation.terms.items() if v not in inside)
        for relation in relations
    ]
    return (
        threshold,
        tuple(part),
        tuple((tuple(r.terms.items()), r.lower, r.upper) for r in relations),
        lower[part].tobytes(),
        upper[part].tobytes(),
        np.array(constants, dtype=float).tobytes(),
    )


def _propagate(model: Model, lower: np.ndarray, upper: np.ndarray) -> None:
    """Fix, in place, every count that one equation pins once the counts in it are known.

    A reader does this by hand (the year less three shown quarters; a denominator less its
    shown numerator); doing it first spares the solver hundreds of one-count problems. Each
    round fixes every count left alone in an equation, until none is.
    """
    matrix, pattern, constant = _equations(model)
    while True:
        free = lower != upper
        alone = np.flatnonzero(pattern @ free.astype(float) == 1)
        if not len(alone):
            return
        # Each such equation's one free count, in the order of the equations.
        pinned = csr_array(pattern[alone].multiply(free[np.newaxis, :]))
        pinned.eliminate_zeros()
        pinned.sort_indices()
        var = pinned.indices
        known = matrix[alone] @ np.where(free, 0.0, lower)
        coefficient = np.asarray(csr_array(matrix[alone].multiply(free[np.newaxis, :])).sum(axis=1))
        value = (constant[alone] - known) / coefficient.ravel()
        var, first = np.unique(var, return_index=True)
        value = np.round(value[first])
        if np.any(value < lower[var] - 1e-9) or np.any(value > upper[var] + 1e-9):
            raise RuntimeError(
                "disclosure audit: the relations between figures have no solution at the true "
                "counts; a relation in yjanalysis.methods.disclosure is wrong."
            )
        lower[var] = upper[var] = value


def _equations(model: Model):
    """Return the model's equations: a sparse matrix, its pattern and right-hand side (kept)."""
    found = getattr(model, "_equations", None)
    if found is None or found[0].shape[1] != model.variables:
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        constant: list[float] = []
        for relation in model.relations:
            if relation.lower != relation.upper:
                continue
            for var, coefficient in relation.terms.items():
                rows.append(len(constant))
                cols.append(var)
                data.append(float(coefficient))
            constant.append(relation.lower)
        shape = (len(constant), model.variables)
        matrix = csr_array((data, (rows, cols)), shape=shape)
        pattern = csr_array((np.ones(len(data)), (rows, cols)), shape=shape)
        found = (matrix, pattern, np.array(constant, dtype=float))
        model._equations = found  # type: ignore[attr-defined]
    return found


def _bounds(
    model: Model, hidden: np.ndarray, zero_allowed: set[int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    lower = np.zeros(model.variables)
    upper = np.full(model.variables, np.inf)
    shown = np.flatnonzero(~hidden)
    lower[shown] = upper[shown] = model.values[shown]
    # A count published counts narrow may be hidden at 0: a reader knows only it is 0 or more.
    zero = np.zeros(model.quantities, dtype=bool)
    zero[sorted(zero_allowed or ())] = True
    secret = np.flatnonzero(hidden & ~zero)
    known_zero = secret[model.values[secret] == 0]
    upper[known_zero] = 0
    lower[secret[model.values[secret] > 0]] = 1
    # Nested counts that are equal are one count, shown or hidden together: one of a pair shown
    # beside the other hidden tells a reader they differ (children sentenced to custody
    # printed beside hidden custodial sentences: some child was sentenced twice).
    for whole, part, rest in model.apart:
        if hidden[whole] != hidden[part]:
            lower[rest] = max(lower[rest], 1)
    return lower, upper


def _parts(model: Model, free: np.ndarray):
    """Yield each connected part of the system: its free variables and its relations."""
    is_free = np.zeros(model.variables, dtype=bool)
    is_free[free] = True
    first = np.full(len(model.relations), -1)
    starts, ends = [], []
    for r, relation in enumerate(model.relations):
        members = [v for v in relation.terms if is_free[v]]
        if members:
            first[r] = members[0]
            starts += [members[0]] * (len(members) - 1)
            ends += members[1:]
    links = coo_array(
        (np.ones(len(starts)), (starts, ends)), shape=(model.variables, model.variables)
    )
    _, label = connected_components(links, directed=False)
    parts: dict[int, list[int]] = {}
    for v in free:
        parts.setdefault(int(label[v]), []).append(int(v))
    relations_of: dict[int, list] = {key: [] for key in parts}
    for linked in np.flatnonzero(first >= 0):
        relations_of[int(label[first[linked]])].append(model.relations[linked])
    for key, part in parts.items():
        yield part, relations_of[key]


def _highs() -> highspy.Highs:
    """Return a silent HiGHS instance.

    HiGHS prints a banner on the C++ standard output when the first instance is made, which a
    notebook kernel would copy into the page; the first construction writes to the null device.
    """
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        highs = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _BANNER_SHOWN = True
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", TIME_LIMIT)
    return highs


_BANNER_SHOWN = False


def _finite(values: np.ndarray) -> np.ndarray:
    """HiGHS writes infinity as its own large number."""
    return np.clip(values, -highspy.kHighsInf, highspy.kHighsInf)


class _Problem:
    """One connected part of the system, as an integer programme over its free variables.

    The programme is built once in HiGHS (through ``highspy``) and solved for one objective
    after another. Each objective is first solved as a linear programme (fast, warm-started
    from the last basis); when its optimal solution is whole numbers it is the integer optimum
    too, and only otherwise is the integer programme solved.
    """

    #: Boxed solves for the counts still in doubt after the first witness, at most.
    BOXES = 3

    def __init__(self, model, part, relations, lower, upper):
        self.position = {v: i for i, v in enumerate(part)}
        rows, cols, data, low, high = [], [], [], [], []
        for r, relation in enumerate(relations):
            constant = 0.0
            for var, coefficient in relation.terms.items():
                if var in self.position:
                    rows.append(r)
                    cols.append(self.position[var])
                    data.append(coefficient)
                else:  # a shown count (or a known zero): its value is a constant
                    constant += coefficient * lower[var]
            low.append(relation.lower - constant)
            high.append(relation.upper - constant)
        self.size = len(part)
        matrix = csc_array((data, (rows, cols)), shape=(len(relations), self.size))
        # Kept to check HiGHS's "unbounded" (see :meth:`_proved_unbounded`).
        self.matrix, self.low, self.high = matrix, np.array(low), np.array(high)
        self.col_low, self.col_high = lower[part], upper[part]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.size, len(relations)
        lp.col_cost_ = np.zeros(self.size)
        lp.col_lower_, lp.col_upper_ = lower[part], _finite(upper[part])
        lp.row_lower_, lp.row_upper_ = _finite(np.array(low)), _finite(np.array(high))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data.astype(float)
        self.highs = _highs()
        self.highs.passModel(lp)
        self.columns = np.arange(self.size, dtype=np.int32)
        self.integer = False

    def _run(self, objective: np.ndarray, integer: bool):
        """Solve for one objective: return ``(kind, solution)``.

        ``kind`` is ``found``, ``unbounded`` or ``none`` (time ran out before any solution).
        """
        highs = self.highs
        if integer != self.integer:  # switching keeps the basis of the linear programme
            kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
            highs.changeColsIntegrality(self.size, self.columns, np.full(self.size, kind))
            self.integer = integer
        highs.changeColsCost(self.size, self.columns, objective)
        # HiGHS counts its time limit from the instance's first run: give each run its own.
        highs.setOptionValue("time_limit", highs.getRunTime() + TIME_LIMIT)
        highs.run()
        status = highs.getModelStatus()
        unbounded = (highspy.HighsModelStatus.kUnbounded,
                     highspy.HighsModelStatus.kUnboundedOrInfeasible)  # fmt: skip
        if status in unbounded and not integer and self._proved_unbounded(objective):
            return "unbounded", None
        if status in unbounded:
            # A warm start can leave HiGHS claiming a bounded programme is unbounded: an
            # "unbounded" that would let a reader's range look wider than it is is only
            # believed when its own ray proves it (above) or a solve from scratch says so too.
            highs.clearSolver()
            highs.setOptionValue("time_limit", highs.getRunTime() + TIME_LIMIT)
            highs.run()
            status = highs.getModelStatus()
        if status in unbounded:
            return "unbounded", None
        if status == highspy.HighsModelStatus.kInfeasible:
            raise RuntimeError(
                "disclosure audit: the relations between figures have no solution at the true "
                "counts; a relation in yjanalysis.methods.disclosure is wrong."
            )
        if highs.getInfo().primal_solution_status != 2:  # no feasible solution found in time
            return "none", None
        return "found", np.asarray(highs.getSolution().col_value)

    def _proved_unbounded(self, objective: np.ndarray) -> bool:
        """Say whether HiGHS's ray proves, in exact arithmetic, the objective unbounded below.

        The true counts satisfy every relation, so a ray ``r`` along which no relation or bound
        is ever broken (each row's ``A r`` and each column's ``r`` of the right sign, or zero
        where both sides are bounded) with ``objective · r < 0`` proves that a reader cannot
        bound the count. The ray is scaled to whole numbers and checked exactly (the relations'
        coefficients are whole numbers); a ray that does not pass proves nothing, and the
        caller then solves from scratch.
        """
        status, has_ray, ray = self.highs.getPrimalRay()
        if not has_ray or status != highspy.HighsStatus.kOk:
            return False
        ray = np.asarray(ray, dtype=float)
        largest = np.abs(ray).max(initial=0.0)
        coefficients = self.matrix.data
        if not largest > 0 or not np.array_equal(coefficients, np.round(coefficients)):
            return False
        ray = np.round(ray / largest * RAY_SCALE)  # whole numbers: exact in floating point
        along = self.matrix @ ray
        return bool(
            objective @ ray < 0
            and np.all((ray >= 0) | ~np.isfinite(self.col_low))
            and np.all((ray <= 0) | ~np.isfinite(self.col_high))
            and np.all((along >= 0) | ~np.isfinite(self.low))
            and np.all((along <= 0) | ~np.isfinite(self.high))
        )

    def _solve_within(self, objective: np.ndarray, columns: np.ndarray, caps: np.ndarray):
        """Solve with the given columns held at or below ``caps`` (see :meth:`_solve`)."""
        highs = self.highs
        columns = columns.astype(np.int32)
        low = self.col_low[columns]
        highs.changeColsBounds(
            len(columns),
            columns,
            low,
            _finite(np.minimum(np.maximum(caps, low), self.col_high[columns])),
        )
        try:
            return self._solve(objective)
        finally:
            highs.changeColsBounds(len(columns), columns, low, _finite(self.col_high[columns]))

    def _solve(self, objective: np.ndarray):
        """Return ``(kind, solution)`` with a whole-number solution (see :meth:`_run`)."""
        kind, solution = self._run(objective, integer=False)
        if kind != "found":
            # Unbounded as a linear programme is unbounded in whole numbers too (the true counts
            # are a whole-number solution, and the recession cone is rational).
            return kind, solution
        rounded = np.round(solution)
        if np.abs(solution - rounded).max(initial=0) < 1e-6:
            return "found", rounded
        kind, solution = self._run(objective, integer=True)
        return kind, (None if solution is None else np.round(solution))

    def ranges(
        self, targets: list[int], model: Model, threshold: int, truth: np.ndarray | None = None
    ) -> dict[int, Range]:
        """Return the feasible range of each target, stopping once it is known to be safe.

        Every solution found is a set of counts consistent with the page, so each one widens
        the known range of every target at once (a witness), and most targets need no solve of
        their own. A count is safe by :func:`is_safe`: wide enough, or pinned where a page
        could print it (0; a count a reader derives also the threshold or more), which takes
        the end that proves it.
        """
        width = required_width(threshold)
        index = np.array([self.position[v] for v in targets])
        kinds = np.array([kind_of(model, v) for v in targets])
        truth = (model.truth() if truth is None else truth)[targets]
        known = ~np.isnan(truth)
        lowest = np.where(known, truth, np.inf)
        highest = np.where(known, truth, -np.inf)
        exact_low = np.zeros(len(targets), dtype=bool)
        exact_high = np.zeros(len(targets), dtype=bool)
        done = np.zeros(len(targets), dtype=bool)
        large = kinds == DERIVED

        def update():
            done[:] = highest - lowest >= width
            done[:] |= exact_high & (highest <= 0)  # pinned to 0: a zero discloses no child
            done[:] |= large & exact_low & (lowest >= threshold)

        def witness(found, target=None, sign=0.0):
            kind, solution = found
            if kind == "found":
                np.minimum(lowest, solution[index], out=lowest)
                np.maximum(highest, solution[index], out=highest)
                if target is not None and sign < 0:
                    exact_high[target] = True
                elif target is not None:
                    exact_low[target] = True
            elif kind == "unbounded" and target is not None:
                if sign < 0:
                    highest[target], exact_high[target] = np.inf, True
                else:
                    lowest[target], exact_low[target] = -np.inf, True
            # An unbounded sum says nothing of each count; no solution found says nothing.
            update()

        everything = np.zeros(self.size)
        everything[index] = 1.0
        first = self._solve(everything)
        witness(first)
        # Then every count still in doubt as high as it can go within a box just wide enough
        # to prove it safe: a box around the counts found so far holds a solution, so the
        # programme is never unbounded and its answer widens every such count at once (the
        # largest of a sum with no box is often unbounded, which says nothing of each count).
        for _ in range(self.BOXES if first[0] == "found" else 0):
            pending = np.flatnonzero(~done)
            if not len(pending):
                break
            before = int(done.sum())
            objective = np.zeros(self.size)
            objective[index[pending]] = -1.0
            caps = np.where(np.isfinite(lowest[pending]), lowest[pending], 0.0) + width
            witness(self._solve_within(objective, index[pending], caps))
            if done.sum() == before:
                break
        for i in range(len(targets)):
            # The end that can prove a derived count pinned where a page could print it first:
            # the lowest of one that is the threshold or more, the highest of one that is 0.
            order = (1.0, -1.0) if large[i] and truth[i] >= threshold else (-1.0, 1.0)
            for sign in order:
                if done[i]:
                    break
                objective = np.zeros(self.size)
                objective[index[i]] = sign
                witness(self._solve(objective), i, sign)
        return {
            v: Range(
                float(lowest[i]),
                float(highest[i]),
                bool(done[i]),
                bool(exact_low[i] & exact_high[i]),
            )
            for i, v in enumerate(targets)
        }
