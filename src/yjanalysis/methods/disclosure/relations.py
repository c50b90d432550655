"""What a determined reader can know about a service's counts: a system of linear relations.

Disclosure control has to hold against a reader who has every page of the report, knows the
suppression rule and can subtract and solve equations. Every figure computed from a service's
own records is a count over a set of children, orders, offences or events, and the definitions
(``docs/extract.md``, the indicator catalogue) say how those sets nest and partition. This
module writes down what such a reader can know from them, whichever tables, stages, groups or
periods the figures are printed in:

* **quantities**: each count a controlled row carries (its numerator, and its denominator
  unless that is a published population). Two rows that count the same set (the cohort of
  ``reoffending_binary`` is the denominator of ``reoffending_frequency``; the post-16 orders of
  ``neet_post16_order_end`` are the post-16 denominator of ``ete_suitable``) share one quantity;
  so do counts of one cohort, each where its own field is recorded, where they are equal (the
  children whose order ended, under four KPIs);
* **counts a reader can derive** (latent variables: no row prints them, and each is protected
  like a printed count): the part of a proportion's denominator not in its numerator (the
  *complement*, "9 of 10 attended" shows that 1 did not); the part of a set not in a set nested
  in it (children cautioned or sentenced but not sentenced at court; remand episodes beyond each
  child's first); each quarter of a rolling 12-month series of events;
* **relations** between them, each from a definition (:data:`SAME`, :data:`COHORTS`,
  :data:`WITHIN`, :data:`SUMS`, :data:`COVERED_BY` and the rules below name their source):

  - the groups of a breakdown add up to its total, and the shares of a stage add up to their
    denominator (ethnic groups, age groups, ETE status, custody status, offence group); a
    cross-classified breakdown (``age_group × sex``, groups ``15 to 17 × Girls``) adds up to
    each of its margins; combined ethnic groups sum their single groups;
  - four quarterly reoffending cohorts make the year;
  - a rolling 12-month count of events is the sum of its four quarters, and every relation
    above holds in each quarter too;
  - one set nested in another (stage within stage, a KPI cascade, children within their
    events), with what lies between as a count of its own; where a cascade's recorded subset
    is the whole of the set it is drawn from (every child with a need has an offer recorded),
    the two are one quantity, as a reader of "offered to 8 of the 10 children with a need"
    takes them;
  - a proportion's numerator is within its denominator; every count is zero or more;
  - a share another publisher prints for each group of a breakdown, without counts (LAIT's
    proven reoffending rates by age group), is each group's part of the service's own count
    and its denominator, to the decimals published (:func:`_rates_of_groups`).

Every relation is checked on the true counts before it is used, and dropped if the counts do
not satisfy it: the model then never claims a reader knows something false, and a change to
a definition upstream cannot make the audit wrong, only less strict where it no longer holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple, TypeGuard

import numpy as np
import pandas as pd

from yjanalysis.vocabulary import ethnicity
from yjanalysis.vocabulary.catalogue import catalogue
from yjanalysis.vocabulary.groups import GROUPS as BREAKDOWN_GROUPS

COUNT_FIELDS = ("numerator", "denominator")

#: How a cross-classified breakdown and its groups are written: ``age_group × sex``.
CROSS = " × "

#: Where the definitions behind the relations are written.
EXTRACT = "docs/extract.md"
CATALOGUE = "the indicator catalogue (vocabulary/catalogue.csv)"

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


class Same(NamedTuple):
    """One set under two names, in the same period.

    The other's row is its total, else the row of the same group, unless ``other_group``
    (``(breakdown, group)``) names it.
    """

    indicator: str
    field: str
    other: str
    other_field: str
    what: str
    source: str
    other_group: tuple[str, str] | None = None


class Within(NamedTuple):
    """``part ⊆ whole`` in the same period and group, and ``rest``: what lies between them.

    ``rest`` is a count a reader can derive (whole less part), protected like a printed one.
    A part that is a stage's denominator is matched with the whole's total (or its stage's
    denominator). With ``same_when_complete``, a part equal to its whole is the same set to a
    reader, and one count in the model: a cascade's recorded subset that is all of it, and
    children within their own events (children sentenced to custody, each sentenced once, and
    the custodial sentences), which a reader sees equal wherever both are printed and so takes
    a hidden one to be the printed other.
    """

    part: str
    part_field: str
    whole: str
    whole_field: str
    rest: str
    source: str
    same_when_complete: bool = False


class Cohort(NamedTuple):
    """Counts of one set, each drawn where its own field is recorded, in the same period.

    The KPIs over the children whose order ended in the period each count the orders ending with
    their own field recorded: where every field is recorded, the same orders. A reader who sees
    such counts equal wherever they are printed takes a hidden one for a printed other, so
    where they are equal they are one count in the model, shown or hidden together; where they
    differ, some field is not recorded on some order, and each is a count of its own.
    """

    members: tuple[str, ...]
    field: str
    what: str
    source: str


class Sum(NamedTuple):
    """``whole = parts``, each ``(indicator, breakdown, group, field)``, in the same period."""

    whole: tuple[str, str, str, str]
    parts: tuple[tuple[str, str, str, str], ...]
    reason: str
    source: str


class Covered(NamedTuple):
    """``whole ⊆ union of parts`` in the same period and group (numerators)."""

    whole: str
    parts: tuple[str, ...]
    reason: str
    source: str


#: One set under two names.
SAME = (
    Same("reoffending_frequency", "denominator", "reoffending_binary", "denominator",
         "the cohort", f"{EXTRACT}, Proven reoffending"),
    Same("reoffences_per_reoffender", "numerator", "reoffending_frequency", "numerator",
         "the reoffences", f"{EXTRACT}, Proven reoffending"),
    Same("reoffences_per_reoffender", "denominator", "reoffending_binary", "numerator",
         "the reoffenders", f"{EXTRACT}, Proven reoffending"),
    Same("remand_share", "denominator", "children_remanded", "numerator",
         "the children remanded", f"{EXTRACT}, Remands; Stages of the system by ethnic group"),
    Same("ete_status_share", "denominator", "ete_suitable", "denominator",
         "the orders ending with ETE recorded", f"{EXTRACT}, ETE at the end of orders"),
    Same("neet_post16_order_end", "denominator", "ete_suitable", "denominator",
         "the post-16 orders ending with ETE recorded", f"{EXTRACT}, ETE at the end of orders",
         ("age_group", "Post-16")),
)  # fmt: skip

#: Counts of one set where each is recorded: one count where they are equal.
COHORTS = (
    Cohort(("kpi_accommodation_suitable", "kpi_mental_health_need", "kpi_substance_need",
            "kpi_wider_services"), "denominator", "the children whose order ended in the period",
           f"{EXTRACT}, Key performance indicators (KPIs 1, 4, 5 and 8)"),
    Cohort(("kpi_send_suitable_ete", "kpi_send_learning_plan"), "denominator",
           "the children with SEND whose order ended in the period",
           f"{EXTRACT}, Key performance indicators (KPI 3)"),
)  # fmt: skip

#: One set nested in another; what lies between is a count of its own.
WITHIN = (
    Within("reoffending_binary", "numerator", "reoffending_frequency", "numerator",
           "reoffences beyond the first of each reoffender", f"{EXTRACT}, Proven reoffending",
           same_when_complete=True),
    Within("children_remanded", "numerator", "remand_episodes", "numerator",
           "remand episodes beyond the first of each child remanded", f"{EXTRACT}, Remands",
           same_when_complete=True),
    Within("custody_share", "numerator", "court_share", "numerator",
           "children sentenced at court, not to custody",
           f"{EXTRACT}, Stages of the system by ethnic group"),
    Within("custody_share", "denominator", "court_share", "denominator",
           "children sentenced at court, not to custody",
           f"{EXTRACT}, Stages of the system by ethnic group"),
    Within("court_share", "numerator", "cautioned_or_sentenced_share", "numerator",
           "children cautioned, not sentenced at court",
           f"{EXTRACT}, Stages of the system by ethnic group"),
    Within("court_share", "denominator", "cautioned_or_sentenced_share", "denominator",
           "children cautioned, not sentenced at court",
           f"{EXTRACT}, Stages of the system by ethnic group"),
    Within("fte_rate", "numerator", "cautioned_or_sentenced_share", "denominator",
           "children cautioned or sentenced who had been before",
           f"{EXTRACT}, First time entrants; Stages of the system by ethnic group"),
    Within("custody_share", "denominator", "custody_rate", "numerator",
           "custodial sentencing occasions beyond the first of each child",
           f"{EXTRACT}, Custodial sentences; Stages of the system by ethnic group",
           same_when_complete=True),
    Within("kpi_mental_health_offered", "denominator", "kpi_mental_health_need", "numerator",
           "children with a mental health need whose offer is not recorded",
           f"{EXTRACT}, Key performance indicators (KPI 4)", same_when_complete=True),
    Within("kpi_mental_health_attended", "denominator", "kpi_mental_health_offered", "numerator",
           "children offered a mental health intervention whose attendance is not recorded",
           f"{EXTRACT}, Key performance indicators (KPI 4)", same_when_complete=True),
    Within("kpi_substance_offered", "denominator", "kpi_substance_need", "numerator",
           "children with a substance misuse need whose offer is not recorded",
           f"{EXTRACT}, Key performance indicators (KPI 5)", same_when_complete=True),
    Within("kpi_substance_attended", "denominator", "kpi_substance_offered", "numerator",
           "children offered substance misuse treatment whose attendance is not recorded",
           f"{EXTRACT}, Key performance indicators (KPI 5)", same_when_complete=True),
)  # fmt: skip

#: ``whole = part + part`` in the same period: (indicator, breakdown, group, field) each.
SUMS = (
    Sum(("ete_suitable", "total", "all", "numerator"),
        (("ete_status_share", "ete_status", "Full-time", "numerator"),
         ("ete_status_share", "ete_status", "Part-time", "numerator")),
        "suitable ETE is full-time plus part-time", f"{EXTRACT}, ETE at the end of orders"),
    Sum(("ete_suitable", "total", "all", "denominator"),
        (("ete_suitable", "total", "all", "numerator"),
         ("ete_status_share", "ete_status", "None", "numerator")),
        "an order ends with suitable ETE or with none", f"{EXTRACT}, ETE at the end of orders"),
    Sum(("ete_suitable", "age_group", "Post-16", "denominator"),
        (("ete_suitable", "age_group", "Post-16", "numerator"),
         ("neet_post16_order_end", "total", "all", "numerator")),
        "post-16 children are in suitable ETE or NEET", f"{EXTRACT}, ETE at the end of orders"),
)  # fmt: skip

#: ``whole <= part + part``: a child cautioned or sentenced had an out-of-court disposal (a
#: caution) or a court sentence.
COVERED_BY = (
    Covered("cautioned_or_sentenced_share", ("out_of_court_share", "court_share"),
            "a child cautioned or sentenced was cautioned (out of court) or sentenced at court",
            f"{EXTRACT}, Stages of the system by ethnic group"),
)  # fmt: skip

#: The rules that hold for every indicator, with their source (``docs/disclosure.md`` lists
#: them with :data:`SAME`, :data:`WITHIN`, :data:`SUMS` and :data:`COVERED_BY`).
GENERAL = (
    ("a breakdown's groups add up to its total; a stage's shares to its denominator",
     f"{CATALOGUE}: each share's definition"),
    ("a cross-classified breakdown adds up to each of its margins",
     "an indicator CSV's cross table (its breakdown written with ×)"),
    ("a combined ethnic group sums its single groups", "vocabulary/ethnicity.py"),
    ("four quarterly reoffending cohorts make the year", f"{EXTRACT}, Proven reoffending"),
    ("a rolling 12-month count of events is the sum of its four quarters, and each relation "
     "holds in each quarter", f"{EXTRACT}, Definitions (periods)"),
    ("a proportion's numerator is part of its denominator; the rest is its complement",
     f"{CATALOGUE}: interval method wilson"),
    ("a share published for every group of a breakdown, without counts (LAIT's proven "
     "reoffending rates by age group), is each group's part of the service's own count and "
     "its denominator, as rounded", "vocabulary/groups.py; vocabulary/lait_measures.py"),
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
        How many quantities there are; variables after them are latent: counts no row prints
        but a reader can derive (complements, what lies between nested sets, quarters).
    variables : int
        All variables.
    relations : list of Relation
        Every relation that holds on the true counts.
    dropped : list of str
        Relations that did not hold on the true counts and were left out.
    latent : dict
        Each latent variable, named in words (``custody_rate numerator in the quarter Apr–Jun
        2023, which no figure shows``).
    latent_values : dict
        The true value of each latent variable the table gives (a complement, a difference of
        nested sets); a quarter inside rolling years has none.
    public : set of int
        Quantities another publisher prints for the same service with the same definition and
        the same count (the YJB's children cautioned or sentenced by ethnic group and year):
        known to every reader, whatever the report shows.
    apart : list of tuple
        ``(whole, part, rest)`` of each nested pair that differs (a rest of 1 or more). Equal,
        the two would be one count, shown or hidden together; so a reader who sees one of them
        beside the other hidden knows they differ: the rest is at least 1.
    """

    rows: pd.DataFrame
    cells: dict[tuple[object, str], int]
    values: np.ndarray
    quantities: int
    variables: int
    relations: list[Relation] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    latent: dict[int, str] = field(default_factory=dict)
    latent_values: dict[int, float] = field(default_factory=dict)
    public: set[int] = field(default_factory=set)
    apart: list[tuple[int, int, int]] = field(default_factory=list)

    def rows_of(self) -> dict[int, list[object]]:
        """Each quantity's rows (the rows that would show it)."""
        found: dict[int, list[object]] = defaultdict(list)
        for (row, _), var in self.cells.items():
            found[var].append(row)
        return found

    def add_latent(self, name: str, value: float | None = None) -> int:
        """Add a count no row prints (with its true value where known); return its variable."""
        var = self.variables
        self.variables += 1
        self.latent[var] = name
        if value is not None:
            self.latent_values[var] = value
        return var

    def truth(self) -> np.ndarray:
        """Return the true value of every variable (``nan`` where the table does not give it)."""
        out = np.full(self.variables, np.nan)
        out[: self.quantities] = self.values
        for var, value in self.latent_values.items():
            out[var] = value
        return out

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


@cache
def is_over_a_set(indicator: str) -> bool:
    """Say whether an indicator is a count over a set it counts (a share, reoffences per child).

    Examples
    --------
    >>> is_over_a_set("court_share"), is_over_a_set("reoffending_frequency")
    (True, True)
    >>> is_over_a_set("fte_rate"), is_over_a_set("children_remanded")
    (False, False)
    """
    table = catalogue()
    return indicator in table.index and table.loc[indicator, "interval_method"] in (
        "wilson",
        "clustered",
    )


def read_counts(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's numerator and denominator as a reader of its page knows them.

    A count over an empty set has no figure: the case-level engine gives 0 of a blank
    denominator and no value ("0 of nobody sentenced at court"). A page showing such a row
    shows that its set is empty, so its denominator is 0, known like any other shown count
    (beside the YJB's 1 child cautioned or sentenced, it shows the 1 cautioned and not
    sentenced at court). A blank denominator beside a value, or beside a numerator above 0,
    says nothing of the set and stays blank.

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator": ["court_share", "court_share", "children_remanded"],
    ...                      "numerator": [0.0, 0.0, 0.0], "denominator": [None, None, None],
    ...                      "value": [None, 0.0, 0.0]})
    >>> read_counts(rows)[1].tolist()
    [0.0, nan, nan]
    """
    numerators, denominators = _floats(rows["numerator"]), _floats(rows["denominator"])
    values = _floats(rows["value"]) if "value" in rows else np.full(len(rows), np.nan)
    over_a_set = np.array([is_over_a_set(i) for i in rows["indicator"]], dtype=bool)
    empty = over_a_set & (numerators == 0) & np.isnan(denominators) & np.isnan(values)
    return numerators, np.where(empty, 0.0, denominators)


def definitions() -> list[tuple[str, str]]:
    """Every relation of the model in words, with where its definition is written.

    ``docs/disclosure.md`` lists the same (a test keeps the two together).
    """
    found = list(GENERAL)
    for same in SAME:
        group = f" ({same.other_group[1]})" if same.other_group else ""
        found.append((f"{same.indicator} {same.field} is {same.other} {same.other_field}"
                      f"{group}: {same.what}", same.source))  # fmt: skip
    for cohort in COHORTS:
        names = f"{', '.join(cohort.members[:-1])} and {cohort.members[-1]}"
        found.append((f"{names} {cohort.field}s are one count where they are equal: "
                      f"{cohort.what}", cohort.source))  # fmt: skip
    for within in WITHIN:
        kind = "is within, or the same as," if within.same_when_complete else "is within"
        found.append((f"{within.part} {within.part_field} {kind} {within.whole} "
                      f"{within.whole_field}; the rest: {within.rest}", within.source))  # fmt: skip
    found += [(s.reason, s.source) for s in SUMS]
    found += [(c.reason, c.source) for c in COVERED_BY]
    return found


def build(rows: pd.DataFrame, published: pd.DataFrame | None = None) -> Model:
    """Write down what a reader can know about the counts of one service's controlled rows.

    Parameters
    ----------
    rows : pandas.DataFrame
        Controlled rows of the indicator table, all of one service, with their true counts.
    published : pandas.DataFrame, optional
        The same service's rows from published statistics (not controlled). A published count
        of the same indicator, group and period as one of ``rows`` that agrees with it is the
        same count, known to every reader (:attr:`Model.public`); one that differs counts other
        records (other definitions, other dates), and is left out.

    Returns
    -------
    Model
        Quantities, their true values, the counts a reader can derive from them and the
        relations that hold between them all.
    """
    rows = rows.copy()
    rows["_start"] = rows["period_start"].dt.year * 12 + rows["period_start"].dt.month - 1
    rows["_end"] = rows["period_end"].dt.year * 12 + rows["period_end"].dt.month - 1
    union = _Union()
    value_of = {}  # the true counts, by cell
    numerators, denominators = read_counts(rows)
    for index, indicator, num, den in zip(
        rows.index, rows["indicator"], numerators, denominators, strict=True
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
    first_row: dict[tuple, object] = {}  # (indicator, start, end) -> its first row
    for (indicator, breakdown, _, start, end), index in by_key.items():
        stages[(indicator, breakdown, start, end)].append(index)
        first_row.setdefault((indicator, start, end), index)
        if breakdown != "total":
            wholes[(indicator, start, end)].append(index)

    for same in SAME:
        for (indicator, breakdown, group, start, end), index in by_key.items():
            if indicator != same.indicator:
                continue
            if same.other_group is not None:
                other = by_key.get((same.other, *same.other_group, start, end))
            else:
                other = by_key.get((same.other, "total", "all", start, end))
                if other is None:
                    other = by_key.get((same.other, breakdown, group, start, end))
            a, b = (index, same.field), (None if other is None else (other, same.other_field))
            if b is None or a not in value_of or b not in value_of:
                continue
            if value_of[a] == value_of[b]:
                union.join(a, b)
            else:
                dropped.append(f"{same.what} ({_name(rows, a)} differs from {_name(rows, b)})")
    # Counts of one cohort, each where its field is recorded: one count where they are equal.
    for cohort in COHORTS:
        for start, end in {(k[3], k[4]) for k in by_key if k[0] in cohort.members}:
            counts: dict[float, tuple] = {}
            for member in cohort.members:
                index = by_key.get((member, "total", "all", start, end))
                cell = None if index is None else (index, cohort.field)
                if cell in value_of:
                    union.join(cell, counts.setdefault(value_of[cell], cell))
    # A set nested in another and all of it is that set: one count, shown or hidden together.
    for within in WITHIN:
        if not within.same_when_complete:
            continue
        for a, b in _nested_cells(within, by_key, first_row):
            if a in value_of and b in value_of and value_of[a] == value_of[b]:
                union.join(a, b)
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
    if published is not None and len(published):
        _published(model, rows, by_key, published)
    _relations(model, rows, by_key, stages, first_row)
    return model


def _published(model: Model, rows: pd.DataFrame, by_key: dict, published: pd.DataFrame) -> None:
    """Mark the quantities another publisher prints for the service, with the same count.

    A count that differs is of other records: no relation the definitions give holds between
    the two, and it is left out, noted in :attr:`Model.dropped`. A rate per head published
    without its count (LAIT's first time entrants) is a count too: :func:`_count_of_rate`.
    """
    published = published.assign(
        _start=published["period_start"].dt.year * 12 + published["period_start"].dt.month - 1,
        _end=published["period_end"].dt.year * 12 + published["period_end"].dt.month - 1,
    )
    rates_of_groups: dict[tuple, dict[str, float]] = defaultdict(dict)
    for key, num, den, rate in zip(
        zip(published["indicator"], published["breakdown"], published["group"],
            published["_start"], published["_end"], strict=True),
        _floats(published["numerator"]), _floats(published["denominator"]),
        _floats(published["value"]), strict=True,
    ):  # fmt: skip
        own = by_key.get(key)
        if own is None:
            if np.isnan(num) and np.isnan(den) and not np.isnan(rate):
                indicator, breakdown, group, start, end = key
                rates_of_groups[(indicator, breakdown, start, end)][group] = rate
            continue
        if np.isnan(num) and key[0] in PER_HEAD and (own, "numerator") in model.cells:
            population = den if not np.isnan(den) else _floats(rows.loc[[own], "denominator"])[0]
            _count_of_rate(model, rows, (own, "numerator"), key[0], rate, population)
            continue
        for column, value in (("numerator", num), ("denominator", den)):
            var = model.cells.get((own, column))
            if var is None or np.isnan(value):
                continue
            if value == model.values[var]:
                model.public.add(var)
            else:
                model.dropped.append(
                    f"the published {key[0]} {column} differs from {_name(rows, (own, column))}"
                )
    for key, rates in rates_of_groups.items():
        _rates_of_groups(model, rows, by_key, key, rates)


def _rates_of_groups(
    model: Model, rows: pd.DataFrame, by_key: dict, key: tuple, rates: dict[str, float]
) -> None:
    """Enter what a share published for each group of a breakdown, without counts, tells.

    LAIT prints a service's proven reoffending rate for its 10 to 14s and its 15 to 17s of
    each cohort, without counts; the service's own records give the cohort and its reoffenders
    whole. The groups partition the cohort, so a reader writes each group's cohort and
    reoffenders as counts of their own that add up to the service's, each group's
    reoffenders within its published rate (as rounded) of its cohort. Where the page prints
    the cohort, often one whole-number split fits, and with it the reoffenders, printed or
    hidden. Each group's cohort, count and complement is then a count a reader derives,
    protected like any other. Rates that no split of the true counts agrees with were made on
    other records, and are left out, noted in :attr:`Model.dropped`.
    """
    indicator, breakdown, start, end = key
    own = by_key.get((indicator, "total", "all", start, end))
    if (
        own is None
        or not is_proportion(indicator)
        or set(rates) != set(BREAKDOWN_GROUPS.get(breakdown, ()))
    ):
        return
    count, cohort = model.cells.get((own, "numerator")), model.cells.get((own, "denominator"))
    if count is None or cohort is None:
        return
    # ``lower * cohort <= scale * count <= upper * cohort``: the rate as published, rounded.
    multiplier = float(catalogue().loc[indicator, "multiplier"])
    bounds = {group: _rounded(rate, multiplier) for group, rate in rates.items()}
    split = _split(int(model.values[count]), int(model.values[cohort]), list(bounds.values()))
    period = rows.at[own, "period"]
    if split is None:
        model.dropped.append(
            f"the published {indicator} rates by {breakdown} agree with no split of {period}"
        )
        return
    reason = f"{indicator}: the published rates of its {breakdown} groups, {period}"
    cohorts, counts = [], []
    for (group, (scale, lower, upper)), (of, part) in zip(bounds.items(), split, strict=True):
        what = f"{indicator}, {period}, {group}"
        cohorts.append(model.add_latent(f"{what}: the denominator, from the published rate", of))
        counts.append(model.add_latent(f"{what}: the numerator, from the published rate", part))
        rest = model.add_latent(f"{what}: the denominator less the numerator", of - part)
        model.relations += [
            Relation({cohorts[-1]: 1}, 1, np.inf, reason),  # a rate is of someone
            Relation({cohorts[-1]: 1, counts[-1]: -1, rest: -1}, 0, 0, reason),
            Relation({counts[-1]: scale, cohorts[-1]: -lower}, 0, np.inf, reason),
            Relation({counts[-1]: scale, cohorts[-1]: -upper}, -np.inf, 0, reason),
        ]
    model.relations += [
        Relation({cohort: 1} | {c: -1 for c in cohorts}, 0, 0, reason),
        Relation({count: 1} | {c: -1 for c in counts}, 0, 0, reason),
    ]


def _rounded(rate: float, multiplier: float) -> tuple[int, int, int]:
    """Return ``(scale, lower, upper)``: a rate's fraction is from lower/scale to upper/scale.

    The rate is read to the decimals it is published with (LAIT's ``16.67``), the half unit of
    its last decimal either side.

    Examples
    --------
    >>> _rounded(16.67, 100)
    (20000, 3333, 3335)
    >>> _rounded(12.5, 100)
    (2000, 249, 251)
    """
    decimals = len(f"{rate:.6f}".rstrip("0").split(".")[1])
    unit = 10**decimals
    scale = round(2 * multiplier * unit)
    middle = round(2 * rate * unit)
    return scale, middle - 1, middle + 1


def _split(
    count: int, cohort: int, bounds: list[tuple[int, int, int]]
) -> list[tuple[int, int]] | None:
    """Return one split of ``count`` of ``cohort`` into groups within their rates, or ``None``.

    Examples
    --------
    >>> _split(3, 20, [_rounded(12.5, 100), _rounded(16.7, 100)])
    [(8, 1), (12, 2)]
    >>> _split(5, 10, [_rounded(10.0, 100), _rounded(90.0, 100)]) is None
    True
    """
    if not bounds:
        return [] if count == cohort == 0 else None
    (scale, lower, upper), rest = bounds[0], bounds[1:]
    for of in range(1, cohort + 1):
        least = -(-lower * of // scale)
        for part in range(least, min(upper * of // scale, count) + 1):
            found = _split(count - part, cohort - of, rest)
            if found is not None:
                return [(of, part), *found]
    return None


def _count_of_rate(
    model: Model, rows: pd.DataFrame, cell: tuple, indicator: str, rate: float, population: float
) -> None:
    """Enter what a rate per head published without its count tells of the service's count.

    The counts a reader can find are those whose rate, rounded as the catalogue rounds it, is
    the one published, on the population the page shows (rate × population ÷ multiplier):
    one count is known like a printed one (:attr:`Model.public`), several bound it. A rate no
    count of the service's agrees with was made on other records or another population, and
    is left out, noted in :attr:`Model.dropped`.
    """
    if np.isnan(rate) or np.isnan(population) or population <= 0:
        return
    entry = catalogue().loc[indicator]
    multiplier, half = float(entry["multiplier"]), 0.5 * 10.0 ** -int(entry["decimals"])
    lowest = int(np.ceil((rate - half) * population / multiplier - 1e-9))
    highest = int(np.floor((rate + half) * population / multiplier + 1e-9))
    var = model.cells[cell]
    if not lowest <= model.values[var] <= highest:
        model.dropped.append(
            f"the published {indicator} rate agrees with no count near {_name(rows, cell)}"
        )
    elif lowest == highest:
        model.public.add(var)
    else:
        reason = f"{indicator}: the published rate, on the population shown"
        model.relations.append(Relation({var: 1}, max(lowest, 0), highest, reason))


def _nested_cells(within: Within, by_key: dict, first_row: dict):
    """Yield ``(part cell, whole cell)`` for each row of ``within.part`` with a whole to match.

    The whole is the row of the same group; for a part that is a stage's denominator (every
    group's row carries it), the whole's stage denominator or its total.
    """
    for (indicator, breakdown, group, start, end), index in by_key.items():
        if indicator != within.part:
            continue
        other = by_key.get((within.whole, breakdown, group, start, end))
        if other is None and within.whole_field == "denominator":
            other = first_row.get((within.whole, start, end))
        elif other is None and within.part_field == "denominator":
            other = by_key.get((within.whole, "total", "all", start, end))
        if other is not None:
            yield (index, within.part_field), (other, within.whole_field)


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


def _relations(
    model: Model, rows: pd.DataFrame, by_key: dict, stages: dict, first_row: dict
) -> None:
    """Add every relation that holds on the true counts to ``model``."""
    var = model.cells.get
    # Looked up by row thousands of times: dictionaries, not the frame.
    period_of = dict(zip(rows.index, rows["period"], strict=True))
    group_of = dict(zip(rows.index, rows["group"], strict=True))
    breakdown_of = dict(zip(rows.index, rows["breakdown"], strict=True))
    derived: dict[tuple[int, int], int] = {}  # (whole, part) -> the latent count between them

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

    def rest(whole: int, part: int, name: str, reason: str, nested: bool = False) -> None:
        """``part ⊆ whole``: the rest (whole less part) is a count a reader can derive.

        ``nested`` for a pair of :data:`WITHIN` that is one count where it is equal.
        """
        if whole == part or (whole, part) in derived:
            return
        value = model.values[whole] - model.values[part]
        if value < 0:
            model.dropped.append(reason)
            return
        between = model.add_latent(name, value)
        derived[(whole, part)] = between
        model.relations.append(Relation({whole: 1, part: -1, between: -1}, 0, 0, reason))
        if nested and value > 0:
            model.apart.append((whole, part, between))

    # A proportion's numerator is within its denominator: the rest is its complement.
    for (indicator, breakdown, group, _, _), index in by_key.items():
        num, den = var((index, "numerator")), var((index, "denominator"))
        if num is not None and den is not None and is_proportion(indicator):
            where = "" if breakdown == "total" else f", {group}"
            rest(
                den,
                num,
                f"{indicator}, {period_of[index]}{where}: the denominator less the "
                "numerator (its complement)",
                f"{indicator}: the numerator is part of the denominator",
            )
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
                labels = group_of[index].split(CROSS)
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
                for member in ethnicity.GROUPS.get(group_of[index], ())
            ]
            cells = [var((m, "numerator")) for m in members if m is not None]
            whole = var((index, "numerator"))
            if cells and whole is not None and all(c is not None for c in cells):
                equal(whole, cells, f"{indicator}: a combined ethnic group sums its groups")
    # Figures that are arithmetic of each other, in the same period.
    windows = {(k[3], k[4]) for k in by_key}
    for whole_key, part_keys, reason, _ in SUMS:
        for start, end in windows:
            cells = [_cell(by_key, var, *whole_key, start, end)] + [
                _cell(by_key, var, *p, start, end) for p in part_keys
            ]
            if all(c is not None for c in cells):
                equal(cells[0], cells[1:], reason)
    # One set nested in another: what lies between is a count of its own.
    for within in WITHIN:
        for part_cell, whole_cell in _nested_cells(within, by_key, first_row):
            a, b = var(part_cell), var(whole_cell)
            if a is None or b is None:
                continue
            period = period_of[whole_cell[0]]
            # A group's counts are numerators; a denominator of shares is the stage's total.
            of_group = within.part_field == within.whole_field == "numerator"
            breakdown, group = breakdown_of[part_cell[0]], group_of[part_cell[0]]
            where = f", {group}" if of_group and breakdown != "total" else ""
            rest(b, a, f"{within.rest}, {period}{where}",
                 f"{within.part} {within.part_field} is within {within.whole} "
                 f"{within.whole_field}: the rest are {within.rest}",
                 nested=within.same_when_complete)  # fmt: skip
    for covered in COVERED_BY:
        for key, index in by_key.items():
            indicator, breakdown, group, start, end = key
            if indicator != covered.whole:
                continue
            others = [by_key.get((p, breakdown, group, start, end)) for p in covered.parts]
            if any(o is None for o in others):
                continue
            a = var((index, "numerator"))
            bs = [var((o, "numerator")) for o in others]
            if a is not None and _all_known(bs):
                add(_whole_less_parts(a, bs), -np.inf, 0, covered.reason)
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
    series is a latent variable (zero or more, protected like a printed count); two series that
    carry the same counts share their quarters, and the arithmetic that ties series in a year
    (groups add up to the total, a numerator is part of its denominator, a set lies within
    another) ties them in every quarter too.
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
            first = pd.Timestamp(year=month // 12, month=month % 12 + 1, day=1)
            indicator, _, group, column = canonical[series]
            group = "" if group == "all" else f" ({group})"
            latent[key] = model.add_latent(
                f"{indicator}{group} {column} in the quarter {first:%b}–"
                f"{first + pd.DateOffset(months=2):%b %Y}, which no figure shows"
            )
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

    rests: dict[tuple, int] = {}  # (whole, part, month) -> what lies between, in the quarter

    def rest(part: tuple, whole: tuple, what: str, reason: str) -> None:
        """``part ⊆ whole`` in each quarter: what lies between is a quarter's count too.

        A reader who differences the rolling years of a share differences its complement too
        (orders ending without suitable ETE), which no page prints by quarter.
        """
        if whole not in canonical or part not in canonical or canonical[whole] == canonical[part]:
            return  # one count under two names: nothing between them
        for month in months[canonical[part]] & months[canonical[whole]]:
            key = (canonical[whole], canonical[part], month)
            if key in rests:
                continue
            first = pd.Timestamp(year=month // 12, month=month % 12 + 1, day=1)
            rests[key] = model.add_latent(
                f"{what} in the quarter {first:%b}–{first + pd.DateOffset(months=2):%b %Y}, "
                "which no figure shows"
            )
            terms = {quarter(whole, month): 1, quarter(part, month): -1, rests[key]: -1}
            add(terms, 0, 0, reason)

    for series in cells:
        indicator, breakdown, group, column = series
        if column == "numerator" and is_proportion(indicator):
            denominator = (indicator, breakdown, group, "denominator")
            where = "" if breakdown == "total" else f" ({group})"
            rest(series, denominator, f"{indicator}{where}: the denominator less the numerator",
                 f"{indicator}: a part of its denominator, in each quarter")  # fmt: skip
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for series in cells:
        indicator, breakdown, group, column = series
        if breakdown != "total":
            groups[(indicator, breakdown, column)].append(series)
    for (indicator, breakdown, column), parts in groups.items():
        total = (indicator, "total", "all", column)
        tie(total, parts, 0, f"{indicator}: the {breakdown} groups add up in each quarter")
    for whole, sum_parts, reason, _ in SUMS:
        tie(whole, list(sum_parts), 0, reason + " in each quarter")
    for within in WITHIN:
        for series in cells:
            indicator, breakdown, group, column = series
            if indicator != within.part or column != within.part_field:
                continue
            whole = (within.whole, breakdown, group, within.whole_field)
            if whole not in cells:
                whole = (within.whole, "total", "all", within.whole_field)
            where = "" if breakdown == "total" else f" ({group})"
            rest(series, whole, f"{within.rest}{where}",
                 f"{within.part} is within {within.whole} in each quarter")  # fmt: skip
