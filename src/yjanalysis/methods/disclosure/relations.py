"""What a determined reader can know about a service's counts: a system of linear relations.

Disclosure control has to hold against a reader who has every page of the report, knows the
suppression rule and can subtract and solve equations. This module writes down what such a
reader knows about the counts behind the figures computed from one service's own records:

* **quantities**: each count a controlled row carries (its numerator, and its denominator
  unless that is a published population). Two rows that carry the same count (the cohort of
  ``reoffending_binary`` is the denominator of ``reoffending_frequency``) share one quantity;
* **relations** between quantities, each with the reason a reader would give:

  - the groups of a breakdown add up to its total, and the shares of a stage add up to their
    denominator (ethnic groups, age groups, ETE status); a cross-classified breakdown
    (``age_group × sex``, groups ``15 to 17 × Girls``) adds up to each of its margins;
  - four quarterly reoffending cohorts make the year;
  - rolling 12-month counts of events share quarters: each is the sum of four unknown
    quarterly counts (a reader who sees most of a rolling series can difference it);
  - indicators that are arithmetic of each other (suitable ETE is full-time plus part-time;
    post-16 NEET is the post-16 children not in suitable ETE; reoffences are at least the
    reoffenders; a child sentenced to custody was sentenced at court; the children remanded
    are no more than the remand episodes; an intervention is offered only to children with a
    need);
  - a proportion's numerator is no more than its denominator;
  - what one count exceeds another by, where that says something about children: remand
    episodes less children remanded are the repeat remands, a count protected like the others.

Every relation is checked on the true counts before it is used, and dropped if the counts do
not satisfy it: the model then never claims a reader knows something false, and a change to
a definition upstream cannot make the audit wrong, only less strict where it no longer holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TypeGuard

import numpy as np
import pandas as pd

from yjanalysis.vocabulary import ethnicity
from yjanalysis.vocabulary.catalogue import catalogue

COUNT_FIELDS = ("numerator", "denominator")

#: How a cross-classified breakdown and its groups are written: ``age_group × sex``.
CROSS = " × "

#: Rates per head of the 10 to 17 population: the denominator is a published population, not a
#: count of children, so it is public and outside control.
PER_HEAD = frozenset({"fte_rate", "custody_rate", "syv_rate", "cautioned_or_sentenced_rate"})

#: Counts that add up over time (events, first entries, orders ending): a rolling year is the
#: sum of its four quarters. Distinct children at a stage, or remanded, do not add up that way
#: (a child in two quarters is one child in the year), so they are not here.
ADDITIVE = frozenset(
    {
        "fte_rate",
        "custody_rate",
        "syv_rate",
        "remand_episodes",
        "ete_suitable",
        "ete_status_share",
        "neet_post16_order_end",
        "kpi_accommodation_suitable",
        "kpi_send_suitable_ete",
        "kpi_send_learning_plan",
        "kpi_mental_health_need",
        "kpi_mental_health_offered",
        "kpi_mental_health_attended",
        "kpi_substance_need",
        "kpi_substance_offered",
        "kpi_substance_attended",
        "kpi_out_of_court_completed",
        "kpi_wider_services",
    }
)

#: One count under two names, in the same period: (indicator, field) pairs.
SAME_COUNT = (
    ("reoffending_frequency", "denominator", "reoffending_binary", "denominator", "the cohort"),
    ("reoffences_per_reoffender", "numerator", "reoffending_frequency", "numerator",
     "the reoffences"),
    ("reoffences_per_reoffender", "denominator", "reoffending_binary", "numerator",
     "the reoffenders"),
    ("remand_share", "denominator", "children_remanded", "numerator", "the children remanded"),
    ("ete_status_share", "denominator", "ete_suitable", "denominator", "the orders ending"),
)  # fmt: skip

#: ``whole = part + part`` in the same period: (indicator, breakdown, group, field) each.
SUMS = (
    (
        ("ete_suitable", "total", "all", "numerator"),
        [
            ("ete_status_share", "ete_status", "Full-time", "numerator"),
            ("ete_status_share", "ete_status", "Part-time", "numerator"),
        ],
        "suitable ETE is full-time plus part-time",
    ),
    (
        ("ete_suitable", "total", "all", "denominator"),
        [
            ("ete_suitable", "total", "all", "numerator"),
            ("ete_status_share", "ete_status", "None", "numerator"),
        ],
        "an order ends with suitable ETE or with none",
    ),
    (
        ("ete_suitable", "age_group", "Post-16", "denominator"),
        [
            ("ete_suitable", "age_group", "Post-16", "numerator"),
            ("neet_post16_order_end", "total", "all", "numerator"),
        ],
        "post-16 children are in suitable ETE or NEET",
    ),
)

#: ``smaller <= larger`` in the same period and group.
AT_MOST = (
    ("reoffending_binary", "numerator", "reoffending_frequency", "numerator",
     "each reoffender committed at least one reoffence"),
    ("children_remanded", "numerator", "remand_episodes", "numerator",
     "each child remanded had at least one remand episode"),
    ("custody_share", "numerator", "court_share", "numerator",
     "a child sentenced to custody was sentenced at court"),
    ("custody_share", "denominator", "court_share", "denominator",
     "a child sentenced to custody was sentenced at court"),
    ("court_share", "numerator", "cautioned_or_sentenced_share", "numerator",
     "a child sentenced at court was cautioned or sentenced"),
    ("court_share", "denominator", "cautioned_or_sentenced_share", "denominator",
     "a child sentenced at court was cautioned or sentenced"),
    ("fte_rate", "numerator", "cautioned_or_sentenced_share", "denominator",
     "a first time entrant was cautioned or sentenced"),
    ("kpi_mental_health_offered", "denominator", "kpi_mental_health_need", "numerator",
     "an intervention is offered to children with a need"),
    ("kpi_mental_health_attended", "denominator", "kpi_mental_health_offered", "numerator",
     "children attend what they were offered"),
    ("kpi_substance_offered", "denominator", "kpi_substance_need", "numerator",
     "treatment is offered to children with a need"),
    ("kpi_substance_attended", "denominator", "kpi_substance_offered", "numerator",
     "children attend what they were offered"),
)  # fmt: skip

#: ``large - small``, a count no figure shows but a reader can take away: the episodes beyond
#: one per child ("16 remand episodes of 15 children" says that one child was remanded twice).
#: It is protected like a count: it must not be pinned to a value from 1 to the threshold.
DIFFERENCES = (
    ("children_remanded", "numerator", "remand_episodes", "numerator",
     "remand episodes beyond the first of each child remanded"),
)  # fmt: skip

#: ``whole <= part + part``: a child cautioned or sentenced had an out-of-court disposal (a
#: caution) or a court sentence.
COVERED_BY = (
    ("cautioned_or_sentenced_share", ["out_of_court_share", "court_share"],
     "a child cautioned or sentenced was cautioned (out of court) or sentenced at court"),
)  # fmt: skip


@dataclass
class Relation:
    """``lower <= sum(coefficient * variable) <= upper``, with the reason a reader would give."""

    terms: dict[int, int]
    lower: float
    upper: float
    reason: str


@dataclass
class Model:
    """The counts of one service's controlled rows and what relates them.

    Attributes
    ----------
    rows : pandas.DataFrame
        The controlled rows the model describes (their index is kept).
    cells : dict
        ``(row index, field)`` to the variable of its quantity.
    values : numpy.ndarray
        The true value of each quantity (variables ``0 .. quantities - 1``).
    quantities : int
        How many quantities there are; variables after them are latent (quarterly counts no
        row shows).
    variables : int
        All variables.
    relations : list of Relation
        Every relation that holds on the true counts.
    dropped : list of str
        Relations that did not hold on the true counts and were left out.
    latent : dict
        Each latent variable, named in words (``custody_rate numerator, Apr–Jun 2023``).
    """

    rows: pd.DataFrame
    cells: dict[tuple[object, str], int]
    values: np.ndarray
    quantities: int
    variables: int
    relations: list[Relation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    latent: dict[int, str] = field(default_factory=dict)

    def rows_of(self) -> dict[int, list[object]]:
        """Each quantity's rows (the rows that would show it)."""
        found: dict[int, list[object]] = defaultdict(list)
        for (row, _), var in self.cells.items():
            found[var].append(row)
        return found

    def describe(self, var: int) -> str:
        """Name a quantity in words, by the first row that carries it."""
        if not hasattr(self, "_first_cell"):
            self._first_cell: dict[int, tuple] = {}
            for cell, v in self.cells.items():
                self._first_cell.setdefault(v, cell)
        if var not in self._first_cell:
            return self.latent.get(var, "a count no figure shows")
        row, column = self._first_cell[var]
        at = self.rows.at
        group = "" if at[row, "breakdown"] == "total" else f", {at[row, 'group']}"
        return f"{at[row, 'indicator']} {column}, {at[row, 'period']}{group}"


class _Union:
    """Union-find over cells, so that one count under two names is one quantity."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def _months(stamp: pd.Timestamp) -> int:
    return stamp.year * 12 + stamp.month - 1


def is_count(indicator: str, column: str) -> bool:
    """Say whether a field of an indicator's rows is a controlled count.

    Examples
    --------
    >>> is_count("custody_rate", "denominator"), is_count("reoffending_binary", "denominator")
    (False, True)
    """
    return column == "numerator" or indicator not in PER_HEAD


@cache
def is_proportion(indicator: str) -> bool:
    """Say whether the numerator of an indicator is a subset of its denominator."""
    table = catalogue()
    return indicator in table.index and table.loc[indicator, "interval_method"] == "wilson"


def build(rows: pd.DataFrame) -> Model:
    """Write down what a reader can know about the counts of one service's controlled rows.

    Parameters
    ----------
    rows : pandas.DataFrame
        Controlled rows of the indicator table, all of one service, with their true counts.

    Returns
    -------
    Model
        Quantities, their true values and the relations that hold between them.
    """
    rows = rows.copy()
    rows["_start"] = rows["period_start"].dt.year * 12 + rows["period_start"].dt.month - 1
    rows["_end"] = rows["period_end"].dt.year * 12 + rows["period_end"].dt.month - 1
    union = _Union()
    value_of = {}  # the true counts, by cell
    for index, indicator, num, den in zip(
        rows.index,
        rows["indicator"],
        _floats(rows["numerator"]),
        _floats(rows["denominator"]),
        strict=True,
    ):
        for column, value in (("numerator", num), ("denominator", den)):
            if not np.isnan(value) and is_count(indicator, column):
                value_of[(index, column)] = value
                union.find((index, column))
    cells = list(value_of)
    dropped: list[str] = []
    by_key = _index(rows)
    stages: dict[tuple, list] = defaultdict(list)  # (indicator, breakdown, start, end) -> rows
    wholes: dict[tuple, list] = defaultdict(list)  # (indicator, start, end) -> group rows
    for (indicator, breakdown, _, start, end), index in by_key.items():
        stages[(indicator, breakdown, start, end)].append(index)
        if breakdown != "total":
            wholes[(indicator, start, end)].append(index)

    def same(a, b, reason):
        if a in value_of and b in value_of:
            if value_of[a] == value_of[b]:
                union.join(a, b)
            else:
                dropped.append(f"{reason} ({_name(rows, a)} differs from {_name(rows, b)})")

    for left, left_field, right, right_field, reason in SAME_COUNT:
        for key, index in by_key.items():
            indicator, breakdown, group, start, end = key
            if indicator != left:
                continue
            other = by_key.get((right, "total", "all", start, end))
            if other is None:
                other = by_key.get((right, breakdown, group, start, end))
            if other is not None:
                same((index, left_field), (other, right_field), reason)
    # Shares of a stage without a total row have one denominator, in every breakdown of the
    # stage (single and combined ethnic groups): the stage's total.
    for (indicator, start, end), part in wholes.items():
        if not is_proportion(indicator) or len(part) < 2:
            continue
        if (indicator, "total", "all", start, end) in by_key:
            continue
        first = (part[0], "denominator")
        for other in part[1:]:
            other = (other, "denominator")
            if first in value_of and other in value_of and value_of[first] == value_of[other]:
                union.join(other, first)

    roots: dict[tuple[object, str], int] = {}
    cell_var: dict[tuple[object, str], int] = {}
    for cell in cells:
        root = union.find(cell)
        cell_var[cell] = roots.setdefault(root, len(roots))
    values = np.zeros(len(roots))
    for cell, var in cell_var.items():
        values[var] = value_of[cell]
    model = Model(rows, cell_var, values, len(roots), len(roots), dropped=dropped)
    _relations(model, rows, by_key, stages)
    return model


def _whole_less_parts(whole: int, parts: list[int]) -> dict[int, int]:
    """Return the terms of ``whole - sum(parts)`` (a part may repeat, or be the whole)."""
    terms: dict[int, int] = defaultdict(int)
    terms[whole] += 1
    for part in parts:
        terms[part] -= 1
    return dict(terms)


def _all_known(cells: list[int | None]) -> TypeGuard[list[int]]:
    """Say whether every cell of a list carries a variable (none is ``None``)."""
    return all(c is not None for c in cells)


def _floats(column: pd.Series) -> np.ndarray:
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _index(rows: pd.DataFrame) -> dict[tuple, object]:
    return {
        (i, b, g, s, e): index
        for index, i, b, g, s, e in zip(
            rows.index, rows["indicator"], rows["breakdown"], rows["group"],
            rows["_start"], rows["_end"], strict=True,
        )
    }  # fmt: skip


def _name(rows, cell) -> str:
    r = rows.loc[cell[0]]
    group = "" if r["breakdown"] == "total" else f" {r['group']}"
    return f"{r['indicator']}{group} {cell[1]} {r['period']}"


def _relations(model: Model, rows: pd.DataFrame, by_key: dict, stages: dict) -> None:
    """Add every relation that holds on the true counts to ``model``."""
    var = model.cells.get

    def add(terms: dict[int, int], lower: float, upper: float, reason: str) -> None:
        terms = {k: v for k, v in terms.items() if v}
        if not terms:
            return
        if all(k < model.quantities for k in terms):  # checkable on the true counts
            total = sum(c * model.values[k] for k, c in terms.items())
            if not (lower - 1e-9 <= total <= upper + 1e-9):
                model.dropped.append(reason)
                return
        model.relations.append(Relation(terms, lower, upper, reason))

    def equal(whole, parts, reason):
        add(_whole_less_parts(whole, parts), 0, 0, reason)

    def at_most(small, large, reason):
        if small != large:
            add({small: 1, large: -1}, -np.inf, 0, reason)

    # A proportion's numerator is within its denominator.
    for (indicator, *_), index in by_key.items():
        num, den = var((index, "numerator")), var((index, "denominator"))
        if num is not None and den is not None and is_proportion(indicator):
            at_most(num, den, f"{indicator}: the numerator is part of the denominator")
    # Groups add up to their total; shares of a stage add up to its denominator.
    for (indicator, breakdown, start, end), part in stages.items():
        if breakdown == "total" or len(part) < 2:
            continue
        total = by_key.get((indicator, "total", "all", start, end))
        for column in COUNT_FIELDS:
            members = [var((i, column)) for i in part]
            if any(m is None for m in members):
                continue
            if total is not None and var((total, column)) is not None:
                whole = var((total, column))
                equal(whole, members, f"{indicator}: the {breakdown} groups add up to the total")
            elif column == "numerator" and is_proportion(indicator):
                whole = var((part[0], "denominator"))
                if whole is not None and all(var((i, "denominator")) == whole for i in part):
                    equal(whole, members, f"{indicator}: the groups add up to the whole")
    # A cross-classified breakdown ("age_group × sex", groups "15 to 17 × Girls") adds up to
    # each of its margins ("age_group" group "15 to 17"; "sex" group "Girls").
    for (indicator, breakdown, start, end), part in stages.items():
        if CROSS not in breakdown:
            continue
        dimensions = breakdown.split(CROSS)
        for position, dimension in enumerate(dimensions):
            margins: dict[str, list] = defaultdict(list)
            for index in part:
                labels = rows.at[index, "group"].split(CROSS)
                if len(labels) == len(dimensions):
                    margins[labels[position]].append(index)
            for label, members in margins.items():
                margin = by_key.get((indicator, dimension, label, start, end))
                for column in COUNT_FIELDS:
                    whole = None if margin is None else var((margin, column))
                    cells = [var((i, column)) for i in members]
                    if whole is not None and all(c is not None for c in cells):
                        equal(whole, cells, f"{indicator}: the {breakdown} table adds up to "
                              f"its {dimension} margin")  # fmt: skip
    # Combined ethnic groups are sums of single groups ("Ethnic minority" of Asian, Black ...).
    for (indicator, breakdown, start, end), part in stages.items():
        if breakdown != ethnicity.COMBINED:
            continue
        for index in part:
            members = [
                by_key.get((indicator, ethnicity.DETAILED, member, start, end))
                for member in ethnicity.GROUPS.get(rows.at[index, "group"], ())
            ]
            cells = [var((m, "numerator")) for m in members if m is not None]
            whole = var((index, "numerator"))
            if cells and whole is not None and all(c is not None for c in cells):
                equal(whole, cells, f"{indicator}: a combined ethnic group sums its groups")
    # Figures that are arithmetic of each other, in the same period.
    windows = {(k[3], k[4]) for k in by_key}
    for whole_key, part_keys, reason in SUMS:
        for start, end in windows:
            cells = [_cell(by_key, var, *whole_key, start, end)] + [
                _cell(by_key, var, *p, start, end) for p in part_keys
            ]
            if all(c is not None for c in cells):
                equal(cells[0], cells[1:], reason)
    first_row: dict[tuple, object] = {}
    for (indicator, _, _, start, end), index in by_key.items():
        first_row.setdefault((indicator, start, end), index)
    for small, small_field, large, large_field, reason in AT_MOST:
        for (indicator, breakdown, group, start, end), index in by_key.items():
            if indicator != small:
                continue
            other = by_key.get((large, breakdown, group, start, end))
            if other is None and large_field == "denominator":
                other = first_row.get((large, start, end))  # shares of a stage share it
            if other is None:
                continue
            a, b = var((index, small_field)), var((other, large_field))
            if a is not None and b is not None:
                at_most(a, b, reason)
    for whole_name, part_names, reason in COVERED_BY:
        for key, index in by_key.items():
            indicator, breakdown, group, start, end = key
            if indicator != whole_name:
                continue
            others = [by_key.get((p, breakdown, group, start, end)) for p in part_names]
            if any(o is None for o in others):
                continue
            a = var((index, "numerator"))
            bs = [var((o, "numerator")) for o in others]
            if a is not None and _all_known(bs):
                add(_whole_less_parts(a, bs), -np.inf, 0, reason)
    for small, small_field, large, large_field, what in DIFFERENCES:
        for (indicator, breakdown, group, start, end), index in by_key.items():
            other = by_key.get((large, breakdown, group, start, end))
            if indicator != small or other is None:
                continue
            a, b = var((index, small_field)), var((other, large_field))
            if a is None or b is None or model.values[b] < model.values[a]:
                continue
            rest = model.variables
            model.variables += 1
            model.latent[rest] = f"{what}, {rows.at[other, 'period']}"
            add({b: 1, a: -1, rest: -1}, 0, 0, f"{large} less {small}: {what}")
    _periods_add_up(model, by_key, add)
    _rolling_quarters(model, rows, add)


def _cell(by_key, var, indicator, breakdown, group, column, start, end):
    index = by_key.get((indicator, breakdown, group, start, end))
    return None if index is None else var((index, column))


def _periods_add_up(model: Model, by_key: dict, add) -> None:
    """Tie a period to the shorter periods of its series that tile it (quarters to a year).

    Each such relation is checked on the true counts like every other, so series whose counts
    do not add up over time (distinct children) drop out.
    """
    series: dict[tuple, dict[tuple[int, int], object]] = defaultdict(dict)
    for (indicator, breakdown, group, start, end), index in by_key.items():
        series[(indicator, breakdown, group)][start, end] = index
    for (indicator, _, _), periods in series.items():
        short = {start: (end, index) for (start, end), index in periods.items() if end - start < 11}
        if not short:
            continue
        for (start, end), index in periods.items():
            if end - start < 11:
                continue
            parts, month = [], start
            while month <= end and month in short:
                parts.append(short[month][1])
                month = short[month][0] + 1
            if month != end + 1 or len(parts) < 2:
                continue
            for column in COUNT_FIELDS:
                whole = model.cells.get((index, column))
                members = [model.cells.get((p, column)) for p in parts]
                if whole is None or not _all_known(members):
                    continue
                reason = f"{indicator}: the shorter periods add up to the year"
                add(_whole_less_parts(whole, members), 0, 0, reason)


def _rolling_quarters(model: Model, rows: pd.DataFrame, add) -> None:
    """Tie rolling 12-month counts of events to unknown quarterly counts.

    A rolling year ending each quarter is the sum of four quarters; the reader does not see the
    quarters, but with most of a rolling series in hand can difference it. Each quarter of each
    series is a latent variable (zero or more); two series that carry the same counts share
    their quarters, and the arithmetic that ties series in a year (groups add up to the total,
    a numerator is part of its denominator) ties them in every quarter too.
    """
    windows = rows[
        rows["indicator"].isin(ADDITIVE)
        & (rows["_end"] - rows["_start"] == 11)
        & (rows["_start"] % 3 == 0)
    ]
    cells: dict[tuple, dict[int, int]] = defaultdict(dict)  # series -> start month -> variable
    for index, indicator, breakdown, group, start in zip(
        windows.index, windows["indicator"], windows["breakdown"], windows["group"],
        windows["_start"], strict=True,
    ):  # fmt: skip
        for column in COUNT_FIELDS:
            cell = model.cells.get((index, column))
            if cell is not None:
                cells[(indicator, breakdown, group, column)][start] = cell
    # Series showing the same counts (one quantity under two names) share their quarters.
    canonical: dict[tuple, tuple] = {}
    by_signature: dict[tuple, tuple] = {}
    for series, starts in cells.items():
        signature = tuple(sorted(starts.items()))
        canonical[series] = by_signature.setdefault(signature, series)
    latent: dict[tuple, int] = {}

    def quarter(series: tuple, month: int) -> int:
        key = (canonical[series], month)
        if key not in latent:
            latent[key] = model.variables
            first = pd.Timestamp(year=month // 12, month=month % 12 + 1, day=1)
            indicator, _, group, column = canonical[series]
            group = "" if group == "all" else f" ({group})"
            model.latent[model.variables] = (
                f"{indicator}{group} {column} in the quarter {first:%b}–"
                f"{first + pd.DateOffset(months=2):%b %Y}, which no figure shows"
            )
            model.variables += 1
        return latent[key]

    months: dict[tuple, set[int]] = defaultdict(set)
    for series, starts in cells.items():
        if canonical[series] != series:
            continue
        for start, cell in starts.items():
            quarters = [quarter(series, start + 3 * k) for k in range(4)]
            months[series].update(start + 3 * k for k in range(4))
            add(
                {cell: 1} | {q: -1 for q in quarters},
                0,
                0,
                f"{series[0]}: a rolling year is the sum of its four quarters",
            )

    def tie(whole: tuple, parts: list[tuple], lower: float, reason: str) -> None:
        if whole not in canonical or any(p not in canonical for p in parts):
            return
        for month in months[canonical[whole]]:
            if not all(month in months[canonical[p]] for p in parts):
                continue
            members = [quarter(p, month) for p in parts]
            add(_whole_less_parts(quarter(whole, month), members), lower, 0, reason)

    for series in cells:
        indicator, breakdown, group, column = series
        if column == "numerator" and is_proportion(indicator):
            denominator = (indicator, breakdown, group, "denominator")
            tie(series, [denominator], -np.inf, f"{indicator}: a part of its denominator")
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for series in cells:
        indicator, breakdown, group, column = series
        if breakdown != "total":
            groups[(indicator, breakdown, column)].append(series)
    for (indicator, breakdown, column), parts in groups.items():
        total = (indicator, "total", "all", column)
        tie(total, parts, 0, f"{indicator}: the {breakdown} groups add up in each quarter")
    for whole, parts, reason in SUMS:
        tie(whole, list(parts), 0, reason + " in each quarter")
