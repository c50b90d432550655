"""Benchmarking a service against its comparators, on the tidy indicator table only.

Everything here reads rows of the indicator table (see :mod:`yjanalysis.vocabulary.schema`);
it never opens a file. For a YJS and an indicator it finds the comparators (family, region,
country, England and Wales), says whether the service is higher, lower or similar to each (the
service's 95% interval excludes the comparator's value, or not) and whether that is better or
worse (the catalogue's polarity), ranks it in its family and places it among all services,
measures change since the previous period and three years before, and computes relative rate
indices by ethnic group at each stage of the system.

It follows the convention of :mod:`yjanalysis.methods.stats`: a figure that cannot be made is absent
(``None``, ``nan`` or "not assessed") with the reason in words, and impossible input (an unknown
polarity or direction, a count above its total) raises :class:`~yjanalysis.errors.InputError`.
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.methods import stats
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

__all__ = [
    "ALPHA",
    "DIRECTIONS",
    "DISPROPORTIONALITY_COLUMNS",
    "POLARITIES",
    "PRECEDING_STAGE",
    "REFERENCE_GROUP",
    "RRI_DENOMINATORS",
    "SMALL_NUMBER",
    "STAGES",
    "Comparator",
    "between",
    "change",
    "change_from_shown",
    "change_since",
    "comparators",
    "compare",
    "difference",
    "disproportionality",
    "family_rank",
    "figure",
    "figure_rows",
    "keep_answers",
    "kept",
    "latest_period",
    "quartile",
    "unchanged",
    "unchanging",
    "verdict",
]

#: Counts below this are "small numbers" in what the narrative says.
SMALL_NUMBER = 20

#: Stages of the youth justice system with an ethnic breakdown, lowest first. Each is an
#: indicator whose ``ethnicity`` rows carry the group's count (numerator) and the stage total
#: (denominator); the population stage gives each group's share of children aged 10 to 17.
STAGES = (
    ("population_share_10_17", "Children aged 10 to 17"),
    ("out_of_court_share", "Out-of-court disposal"),
    ("cautioned_or_sentenced_share", "Cautioned or sentenced"),
    ("court_share", "Sentenced at court"),
    ("remand_share", "Remanded"),
    ("custody_share", "Sentenced to custody"),
)
REFERENCE_GROUP = "White"

#: The stage each stage's children are drawn from, for relative rate indices against the
#: preceding stage (the decision-point method of the US Office of Juvenile Justice and
#: Delinquency Prevention's Relative Rate Index). Remanded children are drawn from children
#: charged, which the inputs do not count, so remands have no preceding stage.
PRECEDING_STAGE = {
    "out_of_court_share": "population_share_10_17",
    "cautioned_or_sentenced_share": "population_share_10_17",
    "court_share": "cautioned_or_sentenced_share",
    "remand_share": None,
    "custody_share": "court_share",
}

#: What a relative rate index can be "per": each group's population aged 10 to 17 (as the YJB's
#: ethnic disproportionality toolkit does), or the group's children at the preceding stage.
RRI_DENOMINATORS = ("population", "preceding stage")

#: Polarities the catalogue uses, and the directions :func:`difference` gives.
POLARITIES = ("lower_is_better", "higher_is_better", "neither")
DIRECTIONS = ("higher", "lower", "similar", "within definitions", "not assessed")

#: Significance level of the tests behind "beyond chance".
ALPHA = 0.05


@dataclass(frozen=True)
class Comparator:
    """An area a service is compared with.

    Attributes
    ----------
    area_type, area : str
        As in the indicator table.
    label : str
        How a sentence names it: ``its family``, ``the South East``, ``England``.
    """

    area_type: str
    area: str
    label: str


def comparators(yjs: str, family_label: str | None = None) -> list[Comparator]:
    """Return the comparators of a YJS: family, region, country, and England and Wales.

    A Welsh service is compared with Wales and with England and Wales (its region is Wales); an
    English service with its region, England, and England and Wales. ``family_label`` names the
    family's figure by the kind of group it is (``its YJB family``, see
    :data:`yjanalysis.methods.similar.family.LABELS`); without it, ``its family``.

    Examples
    --------
    >>> [c.area for c in comparators("Southampton")]
    ['Southampton family', 'South East', 'England', 'England and Wales']
    >>> [c.area for c in comparators("Newport")]
    ['Newport family', 'Wales', 'England and Wales']
    """
    entry = reference.register().loc[reference.require_yjs(yjs)]
    found = [Comparator("family", f"{entry['yjs']} family", family_label or "its family")]
    if entry["region"] != entry["country"]:
        found.append(Comparator("region", entry["region"], f"the {entry['region']} region"))
    found.append(Comparator("country", entry["country"], entry["country"]))
    found.append(Comparator("england_wales", "England and Wales", "England and Wales"))
    return found


class _Answers:
    """What is kept of one table's questions: the answers, and how to see the table changed.

    A shallow copy of the table is held so that pandas, copying on write, gives any block of
    values written to in the table a new one (and a row or column added or dropped makes new
    axes): the table is then no longer as it was when its answers were found, and they are
    dropped. The table itself is held weakly, and its answers dropped with it.
    """

    def __init__(self, table: pd.DataFrame, lasting: bool):
        self.table = weakref.ref(table)
        self.lasting = lasting  # kept for the table's life (:func:`keep_answers`)
        self.changed = False  # since first kept
        self.mark(table)

    def mark(self, table: pd.DataFrame) -> None:
        self.sharer = table.copy(deep=False)
        self.state = _state(table)
        self.answers: dict = {}

    def of(self, table: pd.DataFrame) -> dict | None:
        """Return the answers kept for ``table``, none kept if it has changed since."""
        if self.table() is not table:
            return None
        state = _state(table)
        same = len(state) == len(self.state)
        if not same or any(a is not b for a, b in zip(state, self.state, strict=True)):
            self.mark(table)  # changed in place: what was found in it no longer holds
            self.changed = True
        return self.answers


def _state(table: pd.DataFrame) -> tuple:
    # pandas' own parts of the frame: its block manager, the blocks of values and the axes.
    manager = table._mgr
    return (manager, *manager.blocks, *manager.axes)


#: The tables whose answers are kept (:func:`unchanging`, :func:`keep_answers`), by id.
_UNCHANGING: dict[int, _Answers] = {}
_NOT_YET = object()


@contextlib.contextmanager
def unchanging(table: pd.DataFrame) -> Iterator[None]:
    """Reuse what is selected and compared in ``table`` while the block runs.

    A report asks its table the same questions many times (the board paper selected rows
    about 680 times for about a hundred distinct questions): within the block each answer of
    :func:`figure`, :func:`latest_period`, :func:`compare` and the row selections behind them
    is found once and kept. A table changed in place is asked again (its answers are dropped
    at the next question). Each answer is given as a copy of its own (a shallow one: pandas
    copies on write), so a caller that changes it changes no later caller's. Everything kept
    is dropped as the block ends; blocks of the same table may nest.

    Examples
    --------
    >>> table = pd.DataFrame({"area": ["A"], "indicator": ["x"], "period": ["2024"],
    ...                       "breakdown": ["total"], "group": ["all"], "area_type": ["yjs"]})
    >>> with unchanging(table):
    ...     first = _select(table, "A", "x")
    ...     first is _select(table, "A", "x")
    False
    """
    held = _UNCHANGING.get(id(table))
    if held is not None and held.table() is table:
        yield
        return
    held = _UNCHANGING[id(table)] = _Answers(table, lasting=False)
    try:
        yield
    finally:
        if not held.lasting and _UNCHANGING.get(id(table)) is held:
            del _UNCHANGING[id(table)]


def keep_answers(table: pd.DataFrame) -> pd.DataFrame:
    """Keep what is selected and compared in ``table`` for as long as the table lives.

    As :func:`unchanging`, for a table with no block around its use: a report's controlled
    table, which a notebook asks cell after cell (:func:`yjanalysis.report.context.load`).
    What is kept goes with the table, and is found again if the table is changed in place.

    Returns
    -------
    pandas.DataFrame
        ``table`` itself.

    Examples
    --------
    >>> table = pd.DataFrame({"area": ["A"], "indicator": ["x"], "period": ["2024"],
    ...                       "breakdown": ["total"], "group": ["all"], "area_type": ["yjs"]})
    >>> table = keep_answers(table)
    >>> _select(table, "A", "x")["period"].tolist()
    ['2024']
    >>> table.loc[0, "period"] = "2025"  # changed in place: asked again
    >>> _select(table, "A", "x")["period"].tolist()
    ['2025']
    """
    held = _UNCHANGING.get(id(table))
    if held is None or held.table() is not table:
        held = _UNCHANGING[id(table)] = _Answers(table, lasting=False)
    if not held.lasting:  # new, or held by a block of :func:`unchanging`: kept beyond it
        held.lasting = True
        weakref.finalize(table, _forget, id(table))
    return table


def unchanged(table: pd.DataFrame) -> bool:
    """Say whether a table kept by :func:`keep_answers` is as it was when first kept.

    Examples
    --------
    >>> table = keep_answers(pd.DataFrame({"value": [1.0]}))
    >>> unchanged(table)
    True
    >>> table.loc[0, "value"] = 2.0
    >>> unchanged(table)
    False
    """
    held = _UNCHANGING.get(id(table))
    if held is None or held.table() is not table:
        return False
    held.of(table)  # notices a change made since the last question
    return not held.changed


def _forget(key: int) -> None:
    held = _UNCHANGING.get(key)
    if held is not None and held.table() is None:
        del _UNCHANGING[key]


def kept(function):
    """Make ``function(table, ...)`` keep its answers for a table under :func:`unchanging`.

    Its other arguments make the question (an answer is found anew where one cannot be a
    key); a frame, series, or tuple of them, is answered with fresh shallow copies.
    """

    @functools.wraps(function)
    def kept(table, *args, **kwargs):
        held = _UNCHANGING.get(id(table))
        answers = None if held is None else held.of(table)
        if answers is None:
            return function(table, *args, **kwargs)
        question = (function.__name__, args, tuple(sorted(kwargs.items())))
        try:
            answer = answers.get(question, _NOT_YET)
        except TypeError:  # an argument that cannot be a key (a dict of families)
            return function(table, *args, **kwargs)
        if answer is _NOT_YET:
            answer = answers[question] = function(table, *args, **kwargs)
        return _fresh(answer)

    return kept


def _fresh(answer):
    """Return an answer kept for reuse as a copy the caller may change (pandas copies on write)."""
    if isinstance(answer, tuple):
        return tuple(_fresh(part) for part in answer)
    return answer.copy(deep=False) if isinstance(answer, pd.DataFrame | pd.Series) else answer


@kept
def _select(table, area=None, indicator=None, period=None, breakdown="total", group="all",
            area_type=None):  # fmt: skip
    # Narrowed one column at a time, the most telling first: the later comparisons are made on
    # the few hundred rows left rather than the whole table, and the rows are taken from the
    # table once, at the end (the same rows, in the same order).
    kept = np.arange(len(table)) if area is None else _rows_of_area(table, area)
    for column, value in (
        ("indicator", indicator),
        ("period", period),
        ("breakdown", breakdown),
        ("group", group),
        ("area_type", _kind_of(area, area_type)),
    ):
        if value is not None:
            cells = table[column].iloc[kept] if len(kept) < len(table) else table[column]
            kept = kept[(cells == value).to_numpy(dtype=bool, na_value=False)]
    return table.iloc[kept]


#: Each table's rows by area, made once per table (a report selects from one table hundreds of
#: times, each time first by area). Kept by the table's id, with a weak reference to check
#: the id is still that table's, and its length to see a table changed in place.
_AREA_ROWS: dict[int, tuple[weakref.ref, int, dict]] = {}


def _rows_of_area(table: pd.DataFrame, area) -> np.ndarray:
    """Return the positions of the table's rows of ``area``, in the table's order."""
    size = len(table)
    kept = _AREA_ROWS.get(id(table))
    if kept is None or kept[0]() is not table or kept[1] != size:
        areas = table["area"].to_numpy(dtype=object)
        codes, names = pd.factorize(areas)
        names = list(names)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        rows = {name: order[bounds[i] : bounds[i + 1]] for i, name in enumerate(names)}
        kept = (weakref.ref(table), size, rows)
        _AREA_ROWS[id(table)] = kept
        weakref.finalize(table, _AREA_ROWS.pop, id(table), None)
    return kept[2].get(area, np.arange(0))


def _kind_of(area, area_type):
    """Return the area type meant: as given, or ``yjs`` for a service's name.

    Names are shared between kinds of area (West Mercia and Hampshire are services and PCC
    areas; Wales is a region and a country), so a service's rows are picked by type too.
    """
    if area_type is not None or area is None:
        return area_type
    return "yjs" if reference.canonical_name(area) == area else None


@kept
def figure_rows(table: pd.DataFrame, indicator: str, breakdown="total", group="all"):
    """Return every area's rows of one figure (an indicator's breakdown group), every period."""
    return _select(table, None, indicator, None, breakdown, group)


@kept
def latest_period(table: pd.DataFrame, area: str, indicator: str, breakdown="total", group="all",
                  area_type=None):  # fmt: skip
    """Return the latest period with a figure for the area, or ``None``."""
    rows = _select(table, area, indicator, None, breakdown, group, area_type)
    rows = rows[rows["value"].notna() | rows["status"].eq("suppressed")]
    if rows.empty:
        return None
    # At the same end, a year beats a quarter (a year of reoffending cohorts, say), and a
    # published figure beats the service's own count of the same period (kept beside it).
    span = rows["period_end"] - rows["period_start"]
    published = ~rows["own_records"].astype(bool) if "own_records" in rows else True
    rows = rows.assign(span=span, published=published)
    return rows.sort_values(["period_end", "span", "published"], kind="stable").iloc[-1]["period"]


@kept
def figure(table, area, indicator, period=None, breakdown="total", group="all", area_type=None):
    """Return the row of one figure (as a Series), or ``None`` if there is none.

    ``area_type`` defaults to ``yjs`` for a service's name (see :func:`_kind_of`).
    """
    period = period or latest_period(table, area, indicator, breakdown, group, area_type)
    rows = _select(table, area, indicator, period, breakdown, group, area_type)
    return None if rows.empty else rows.iloc[0]


def difference(value, lower, upper, comparator, tolerance: float = 0.0) -> str:
    """Say whether a figure is ``higher``, ``lower`` or ``similar`` to a comparator value.

    ``higher`` and ``lower`` only when the figure's interval excludes the comparator's value;
    ``not assessed`` when either is missing or the figure has no interval.

    Parameters
    ----------
    value, lower, upper : float
        The figure and its 95% interval.
    comparator : float
        The other area's figure, taken as fixed.
    tolerance : float
        How far, as a share of the comparator's figure, the two can differ by definition alone
        (the service's own records against a publication that counts the same children another
        way). The interval must then also clear the comparator's figure moved by that share
        towards the service's; where it excludes the figure but not the moved one, the
        difference is ``within definitions``: chance or the definitions could explain it.

    Examples
    --------
    >>> difference(66.1, 55.4, 78.3, 34.8)
    'higher'
    >>> difference(10, 4.8, 18.4, 12)
    'similar'
    >>> difference(10, None, None, 12)
    'not assessed'
    >>> difference(46.4, 36.8, 56.3, 33.6, tolerance=0.25)  # 36.8 is below 33.6 + 25% = 42.0
    'within definitions'
    >>> difference(46.4, 36.8, 56.3, 28.9, tolerance=0.25)  # 28.9 + 25% = 36.1
    'higher'
    """
    if any(pd.isna(x) for x in (value, lower, upper, comparator)):
        return "not assessed"
    if lower > upper:
        raise InputError(f"an interval's lower limit ({lower:g}) is above its upper ({upper:g}).")
    if lower > comparator:
        return "higher" if lower > comparator * (1 + tolerance) else "within definitions"
    if upper < comparator:
        return "lower" if upper < comparator * (1 - tolerance) else "within definitions"
    return "similar"


def verdict(direction: str, polarity: str) -> str:
    """Turn ``higher``/``lower``/``similar`` into ``better``/``worse``/``could be chance``.

    A difference within chance is not shown to be absent either: the words never claim
    sameness.

    Examples
    --------
    >>> verdict("higher", "lower_is_better")
    'worse'
    >>> verdict("similar", "lower_is_better")
    'could be chance'
    >>> verdict("within definitions", "lower_is_better")
    'could be chance or definitions'
    >>> verdict("higher", "neither")
    'higher'

    Raises
    ------
    InputError
        A direction other than those of :func:`difference`, or a polarity other than
        ``lower_is_better``, ``higher_is_better`` or ``neither``.
    """
    if direction not in DIRECTIONS:
        raise InputError(f"direction must be one of {', '.join(DIRECTIONS)}: found {direction!r}.")
    if polarity not in POLARITIES:
        raise InputError(f"polarity must be one of {', '.join(POLARITIES)}: found {polarity!r}.")
    if direction == "similar":
        return "could be chance"
    if direction == "within definitions":
        return "could be chance or definitions"
    if direction == "not assessed" or polarity == "neither":
        return direction
    good = "lower" if polarity == "lower_is_better" else "higher"
    return "better" if direction == good else "worse"


@kept
def compare(
    table: pd.DataFrame,
    yjs: str,
    indicator: str,
    period: str | None = None,
    breakdown: str = "total",
    group: str = "all",
    family_label: str | None = None,
    tolerance: float = 0.0,
) -> pd.DataFrame:
    """Compare a service's figure with each of its comparators.

    Parameters
    ----------
    table : pandas.DataFrame
        The indicator table.
    yjs : str
        The service.
    indicator : str
        An indicator id.
    period : str, optional
        The period (default: the latest with a figure for the service).
    breakdown, group : str
        Which breakdown group (default: the total).
    family_label : str, optional
        How sentences name the family's figure (see :func:`comparators`).
    tolerance : float
        How far the service's own records and a publication can differ by definition alone
        (see :func:`difference`): applied where the service's figure is from its own records
        and the comparator's is not.

    Returns
    -------
    pandas.DataFrame
        One row per comparator with a figure: ``comparator``, ``comparator_type``, ``label``,
        ``comparator_value``, ``comparator_method``, the service's ``value``, ``lower``,
        ``upper``, ``numerator``, ``status``, ``tolerance`` (the one applied), and
        ``difference``, ``sources`` and ``verdict``. Empty if the service has no figure.
        ``sources`` is empty where the difference (``higher`` or ``lower``) clears the
        allowance, or there is none; ``part`` where the interval excludes the comparator's
        figure but not the figure moved by the allowance, while the service's own figure
        clears it (part of the gap may be how the two sources count); ``whole`` where even
        the service's figure does not (the whole gap could be how they count).
    """
    yjs = reference.require_yjs(yjs)
    spec = catalogue_indicator(indicator)
    own = figure(table, yjs, indicator, period, breakdown, group)
    columns = [
        "period", "comparator", "comparator_type", "label", "comparator_value",
        "comparator_method", "value", "lower", "upper", "numerator", "status",
        "tolerance", "difference", "sources", "verdict",
    ]  # fmt: skip
    if own is None:
        return pd.DataFrame(columns=columns)
    rows = []
    for comp in comparators(yjs, family_label):
        other = figure(table, comp.area, indicator, own["period"], breakdown, group,
                       comp.area_type)  # fmt: skip
        if other is None or pd.isna(other["value"]):
            continue
        apart = (
            tolerance
            if bool(own.get("own_records", False)) and not bool(other.get("own_records", False))
            else 0.0
        )
        direction = (
            "not assessed"
            if own["status"] == "suppressed"
            else difference(own["value"], own["lower"], own["upper"], other["value"], apart)
        )
        sources = ""
        if direction == "within definitions":
            # Clear of the figure beyond chance, but not of the allowance for how the two
            # sources count: still higher or lower (the interval excludes the figure), with
            # how much of the gap the sources could explain. "Could be chance or the
            # difference in definitions" of 251 against Wales's 155 read as a dodge.
            direction = "higher" if own["lower"] > other["value"] else "lower"
            moved = other["value"] * (1 + apart if direction == "higher" else 1 - apart)
            clear = own["value"] > moved if direction == "higher" else own["value"] < moved
            sources = "part" if clear else "whole"
        rows.append(
            {
                "period": own["period"],
                "comparator": comp.area,
                "comparator_type": comp.area_type,
                "label": comp.label,
                "comparator_value": float(other["value"]),
                "comparator_method": other["method"],
                "value": own["value"],
                "lower": own["lower"],
                "upper": own["upper"],
                "numerator": own["numerator"],
                "status": own["status"],
                "tolerance": apart,
                "difference": direction,
                "sources": sources,
                "verdict": verdict(direction, spec.polarity),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _peers(table, indicator, period, breakdown, group, areas=None, yjs=None):
    """Return the services' figures of one period to rank ``yjs`` among.

    Another service's figure from its own records (its case-level extract beside this one's)
    is none of this service's comparators: a rank among them stood beside "No comparator has a
    figure for the same period" (failed before), so they are left out, as :func:`compare`
    leaves them out.
    """
    rows = _select(table, None, indicator, period, breakdown, group)
    rows = rows[(rows["area_type"] == "yjs") & rows["value"].notna()]
    if "own_records" in rows:
        rows = rows[~rows["own_records"].fillna(False).astype(bool) | rows["area"].eq(yjs)]
    return rows if areas is None else rows[rows["area"].isin(areas)]


def _order(values: pd.Series, polarity: str) -> pd.Series:
    """Rank values so that 1 is the best (the lowest where lower is better); ties share."""
    ascending = polarity != "higher_is_better"
    return values.rank(method="min", ascending=ascending)


def family_rank(
    table,
    yjs,
    indicator,
    period=None,
    breakdown="total",
    group="all",
    families=None,
    tolerance: float = 0.0,
):
    """Return the service's rank among itself and its family (1 is best; ties share a rank).

    For an indicator without a better direction, 1 is the lowest value.

    Parameters
    ----------
    families : dict, optional
        Each family's YJS to its members (default: the packaged families); pass the families
        the build used when a families file was among the inputs.
    tolerance : float
        How far the service's own records and a publication can differ (as in
        :func:`compare`): where the service's figure is from its own records and its members'
        are published, the rank is also given at either end of that range, as a verdict
        allows for it (Newport's own first time entrants ranked "9th of 9" among published
        figures with no word of it: failed before).

    Returns
    -------
    dict
        ``rank``, ``of`` (services with a figure), ``tied`` (whether another shares the rank),
        ``period``, ``tolerance`` (the one applied, else 0) and ``best`` and ``worst`` (the
        ranks at either end of that range; the rank itself where none applies); ``None``
        where the service has no family or no figures.

    Examples
    --------
    >>> table = pd.DataFrame({
    ...     "indicator": "fte_rate", "period": "2023", "breakdown": "total", "group": "all",
    ...     "area_type": "yjs", "area": ["Newport", "Cardiff", "Swansea"],
    ...     "value": [251.0, 159.0, 230.0], "own_records": [True, False, False]})
    >>> found = family_rank(table, "Newport", "fte_rate", "2023",
    ...                     families={"Newport": ["Cardiff", "Swansea"]}, tolerance=0.25)
    >>> found["rank"], found["best"], found["worst"]
    (3, 2, 3)
    """
    yjs = reference.require_yjs(yjs)
    period = period or latest_period(table, yjs, indicator, breakdown, group)
    members = (families or reference.families()).get(yjs)
    if not members:
        return None
    peers = _peers(table, indicator, period, breakdown, group, [yjs, *members], yjs)
    if yjs not in set(peers["area"]) or len(peers) < 2:
        return None
    polarity = catalogue_indicator(indicator).polarity
    values = peers.set_index("area")["value"]
    ranks = _order(values, polarity)
    rank = int(ranks[yjs])
    kinds = peers.set_index("area").get("own_records")
    own = kinds is not None and pd.notna(kinds[yjs]) and bool(kinds[yjs])
    apart = tolerance if own else 0.0
    others = values.drop(yjs).astype(float)
    value = float(values[yjs])

    def placed(at: float) -> int:  # 1 + the members better than the figure ``at``
        better = others > at if polarity == "higher_is_better" else others < at
        return int(better.sum()) + 1

    ends = sorted({placed(value * (1 - apart)), placed(value * (1 + apart))})
    return {
        "rank": rank,
        "of": len(peers),
        "tied": int((ranks == rank).sum()) > 1,
        "period": period,
        "tolerance": apart,
        "best": ends[0] if apart else rank,
        "worst": ends[-1] if apart else rank,
    }


def quartile(table, yjs, indicator, period=None, breakdown="total", group="all"):
    """Place the service among all services with a figure: quartile 1 is the best quarter.

    Returns
    -------
    dict
        ``quartile`` (1 to 4), ``rank`` (1 is best), ``of`` and ``period``; ``None`` where
        fewer than four services have figures.
    """
    yjs = reference.require_yjs(yjs)
    period = period or latest_period(table, yjs, indicator, breakdown, group)
    peers = _peers(table, indicator, period, breakdown, group, yjs=yjs)
    if yjs not in set(peers["area"]) or len(peers) < 4:
        return None
    ranks = _order(peers.set_index("area")["value"], catalogue_indicator(indicator).polarity)
    position = (ranks[yjs] - 1) / len(peers)
    return {
        "quartile": int(min(4, np.floor(position * 4) + 1)),
        "rank": int(ranks[yjs]),
        "of": len(peers),
        "period": period,
    }


def _earlier(table, area, indicator, row, years, breakdown, group):
    """Return the figure of the same length ``years`` before ``row``, of the same source.

    A change is between two figures of one source: the service's own count of 2024 (247)
    was said to have "risen from 226", the published 2023, beside its own 2023 of 245 (failed
    before). Another release of the same publication (another file) counts as the same source;
    the service's own records and a publication never do.
    """
    rows = _select(table, area, indicator, None, breakdown, group)
    span = row["period_end"] - row["period_start"]
    target = row["period_end"] - pd.DateOffset(years=years)
    close = rows[
        ((rows["period_end"] - target).abs() <= pd.Timedelta(days=31))
        & (((rows["period_end"] - rows["period_start"]) - span).abs() <= pd.Timedelta(days=31))
    ]
    if "source" in close and (same := close[close["source"].eq(row["source"])]).size:
        return same.iloc[0]
    if "own_records" in close:
        own = bool(row.get("own_records", False))
        close = close[close["own_records"].fillna(False).astype(bool).eq(own)]
    return None if close.empty else close.iloc[0]


def change(table, area, indicator, period=None, years=1, breakdown="total", group="all"):
    """Measure the change in a figure since the same period ``years`` earlier.

    Whether the change is beyond chance comes from an exact test on the two periods' counts,
    which holds for small and zero counts: for rates, the exact conditional (binomial) test
    of :func:`~yjanalysis.methods.stats.rate_ratio_test`; for proportions, Fisher's exact test
    (:func:`~yjanalysis.methods.stats.proportion_difference_test`). Where the counts are estimates
    (not whole numbers) the score test stands in for the exact one (Gu K, Ng HKT, Tang ML,
    Schucany WR (2008), Biom J 50:283-298 for rates; Miettinen and Nurminen (1985) for
    proportions), and ``test`` says so. The ratio of the two figures comes with its interval
    (:func:`~yjanalysis.methods.stats.rate_ratio_ci`, exact;
    :func:`~yjanalysis.methods.stats.proportion_ratio_ci`, score). A change is called beyond chance
    only where the test's p-value is below 0.05 *and* the ratio's interval excludes 1, so that the
    words never contradict the interval shown. Reoffences per child and per reoffender cluster
    in a few children, which no test of two counts allows for: their change is judged from the
    two figures' own intervals (made from each child's count), and ``test`` says so.

    Returns
    -------
    dict
        ``period``, ``previous_period``, ``value``, ``previous_value``, ``ratio`` (``nan``
        where the earlier figure is zero), ``lower``, ``upper``, ``direction`` (``up``,
        ``down`` or ``no change``), ``beyond_chance`` (``True``, ``False``, or ``None`` where it
        cannot be judged), ``p_value``, ``test`` (the test's name, or ``None``) and ``reason``
        (why it cannot be judged, or ``None``); ``None`` instead of a dict where either figure
        is missing.
    """
    now = figure(table, area, indicator, period, breakdown, group)
    if now is None or pd.isna(now["value"]):
        return None
    before = _earlier(table, area, indicator, now, years, breakdown, group)
    if before is None or pd.isna(before["value"]):
        return None
    return _between(now, before, catalogue_indicator(indicator))


def change_from_shown(table, area, indicator, period=None, breakdown="total", group="all"):
    """Measure the change since the year before, or two years before where that one is hidden.

    Southampton's post-16 children ending an order with no education, training or work, 53.8%
    in 2024, had no trend: 2023's figure is hidden ([c]), 2022's (67.2%) is not. The earlier
    year is named by ``previous_period``, as :func:`change` gives it; ``None`` where neither
    is shown.
    """
    found = change(table, area, indicator, period, 1, breakdown, group)
    if found is not None:
        return found
    now = figure(table, area, indicator, period, breakdown, group)
    if now is None or pd.isna(now["value"]):
        return None
    before = _earlier(table, area, indicator, now, 1, breakdown, group)
    if before is None or before.get("status") != "suppressed":
        return None
    return change(table, area, indicator, period, 2, breakdown, group)


def change_since(table, area, indicator, since, breakdown="total", group="all"):
    """Measure the change in a figure since the latest like figure ending by ``since``.

    For a report that follows another: ``since`` is the last day of the previous report, and
    the earlier figure is the latest of the same length (a rolling year beside a rolling year)
    that ended by then. Periods that overlap share their events, so the exact tests of
    :func:`change`, which assume two separate periods, are not applied to them: the change is
    given with ``beyond_chance`` ``None`` and ``reason`` saying why.

    Returns
    -------
    dict
        As :func:`change`, or ``None`` where either figure is missing or the latest figure
        already ended by ``since`` (nothing new since then).
    """
    now = figure(table, area, indicator, None, breakdown, group)
    if now is None or pd.isna(now["value"]) or now["period_end"] <= since:
        return None
    rows = _select(table, area, indicator, None, breakdown, group)
    span = now["period_end"] - now["period_start"]
    alike = rows[
        (rows["period_end"] <= since)
        & (((rows["period_end"] - rows["period_start"]) - span).abs() <= pd.Timedelta(days=31))
        & rows["source"].eq(now["source"])
    ]
    if alike.empty:
        return None
    before = alike.sort_values("period_end").iloc[-1]
    if pd.isna(before["value"]):
        return None
    spec = catalogue_indicator(indicator)
    if before["period_end"] >= now["period_start"]:
        found = _between(now, before, spec, test=False)
        found["reason"] = "the two periods overlap, so they are not tested against each other"
        return found
    return _between(now, before, spec)


def between(now: pd.Series, before: pd.Series, indicator: str) -> dict:
    """Measure the change between two rows of one series (``now`` the later), as :func:`change`.

    For a change between any two periods a page names (the first and last of a chart, say),
    tested as :func:`change` tests the change since the year before.
    """
    return _between(now, before, catalogue_indicator(indicator))


def _between(now, before, spec, test: bool = True) -> dict:
    """Compare two figures of one series (now first); see :func:`change`."""
    counts = [now["numerator"], now["denominator"], before["numerator"], before["denominator"]]
    found: dict[str, Any] = {"ratio": np.nan, "lower": np.nan, "upper": np.nan,
                             "p_value": np.nan, "test": None, "reason": None}  # fmt: skip
    if not test:
        found["reason"] = "not tested"
    elif spec.interval_method == "clustered":
        found |= _change_from_intervals(
            [now["value"], before["value"]],
            [now["lower"], before["lower"]],
            [now["upper"], before["upper"]],
        )
    elif spec.interval_method not in ("wilson", "poisson"):
        # Said before any want of counts: a mean or a plain count has no test here at all.
        what = f"a count of {spec.counted}"
        if spec.interval_method == "mean":
            what = "an average score"
        found["reason"] = f"a change in {what} is not tested here"
    elif any(pd.isna(c) for c in counts):
        found["reason"] = "the source gives no counts for one of the two figures"
    else:
        found |= _change_test([float(c) for c in counts], spec.interval_method == "wilson")
    p_value, lower, upper = found["p_value"], found["lower"], found["upper"]
    if found["reason"] is not None:
        beyond = None
    else:
        excludes = bool(lower > 1 or upper < 1)
        beyond = bool(p_value < ALPHA and excludes)
    value, previous = float(now["value"]), float(before["value"])
    ratio = found["ratio"]
    return {
        "period": now["period"],
        "previous_period": before["period"],
        "value": value,
        "previous_value": previous,
        "ratio": ratio if not pd.isna(ratio) else (value / previous if previous else np.nan),
        "lower": lower,
        "upper": upper,
        "direction": "up" if value > previous else "down" if value < previous else "no change",
        "beyond_chance": beyond,
        "p_value": p_value,
        "test": found["test"],
        "reason": found["reason"],
    }


def _change_test(counts: list[float], proportion: bool) -> dict:
    """Test and interval for the change between two periods' counts (now first)."""
    from statsmodels.stats import proportion as smp
    from statsmodels.stats import rates as smr

    a, m, b, n = counts
    if a + b == 0:
        # None counted in either period: nothing has changed, and the test has nothing to test.
        return {"p_value": 1.0, "test": "none counted in either period"}
    whole = all(float(c).is_integer() for c in counts)
    # Estimates of less than one (0.3 sentences) bound no ratio: the interval would run from 0
    # to infinity, and the test would say nothing either.
    if not whole and proportion and min(m, n) < 1:
        return {"reason": "the totals are estimates of less than one, too few to judge a change by"}
    if not whole and not proportion and a + b < 1:
        return {
            "reason": "the counts are estimates of less than one in the two periods together, "
            "too few to judge a change by"
        }
    if proportion:
        ratio, lower, upper = stats.proportion_ratio_ci(a, m, b, n)
        if whole:
            p_value, test = stats.proportion_difference_test(a, m, b, n), "Fisher's exact test"
        else:
            result = smp.test_proportions_2indep(a, m, b, n, compare="ratio", method="score")
            p_value, test = result.pvalue, "score test (the counts are estimates)"
    else:
        ratio, lower, upper = stats.rate_ratio_ci(a, m, b, n)
        if whole:
            p_value, test = stats.rate_ratio_test(a, m, b, n), "exact conditional test"
        else:
            with np.errstate(divide="ignore"):
                result = smr.test_poisson_2indep(a, m, b, n, method="score")
            p_value, test = result.pvalue, "score test (the counts are estimates)"
    return {"ratio": ratio, "lower": lower, "upper": upper, "p_value": float(p_value),
            "test": test}  # fmt: skip


def _change_from_intervals(values, lowers, uppers, confidence: float = 0.95) -> dict:
    """Test the change between two figures (now first) from their own intervals.

    For figures whose events cluster in children (reoffences), which no test of two counts
    allows for. Each figure's standard error on the log scale is its interval's width there
    over twice the normal quantile, as Fingertips derives standard errors from intervals
    (Fingertips technical guidance, "Trend markers", for indicators other than proportions);
    the log of the ratio is then tested against the two combined (Altman DG, Bland JM (2003),
    BMJ 326:219, "Interaction revisited: the difference between two estimates").
    """
    from scipy import stats as sps

    values, lowers, uppers = (
        np.array([np.nan if pd.isna(x) else float(x) for x in v]) for v in (values, lowers, uppers)
    )
    if not np.isfinite([*values, *lowers, *uppers]).all():
        return {"reason": "reoffences cluster in children, and one of the two figures has no "
                          "interval to judge the change by"}  # fmt: skip
    if not ((values > 0) & (lowers > 0)).all():
        return {"reason": "one of the two figures is zero, so there is no ratio to judge"}
    z = sps.norm.ppf(0.5 + confidence / 2)
    errors = (np.log(uppers) - np.log(lowers)) / (2 * z)
    log_ratio, error = np.log(values[0] / values[1]), float(np.hypot(*errors))
    return {
        "ratio": float(np.exp(log_ratio)),
        "lower": float(np.exp(log_ratio - z * error)),
        "upper": float(np.exp(log_ratio + z * error)),
        "p_value": float(2 * sps.norm.sf(abs(log_ratio) / error)),
        "test": "the two figures' intervals (reoffences cluster in children)",
    }


DISPROPORTIONALITY_COLUMNS = [
    "stage", "indicator", "period", "group", "count", "total", "share", "share_lower",
    "share_upper", "population_share", "rri", "rri_lower", "rri_upper", "rri_significant",
    "rri_denominator", "rri_note", "stage_note",
]  # fmt: skip


def disproportionality(
    table: pd.DataFrame,
    area: str,
    period: str | None = None,
    denominator: str = "population",
    breakdown: str = "ethnicity",
) -> pd.DataFrame:
    """Ethnic make-up at each stage of the system and relative rate indices against White.

    For each stage (see :data:`STAGES`) with ethnicity rows for the area, each group's share of
    the stage (with its Wilson interval) is set beside its share of the 10 to 17 population.
    The relative rate index (RRI) is a group's rate at the stage over the White group's rate:

    * ``denominator="population"`` (the default, as the YJB's ethnic disproportionality toolkit
      and the Southampton report do): children at the stage per child of the group aged 10 to
      17, with the exact interval of :func:`~yjanalysis.methods.stats.rate_ratio_ci`;
    * ``denominator="preceding stage"`` (the decision-point method of the US OJJDP Relative Rate
      Index): children at the stage per child of the group at the stage they are drawn from
      (:data:`PRECEDING_STAGE`, same period), with the score interval of
      :func:`~yjanalysis.methods.stats.proportion_ratio_ci`.

    The White group is the reference: its index is 1 by definition, with no interval. Where the
    number of White children at a stage is hidden or zero, no index at that stage is assessed
    (there is no reference rate), and ``stage_note`` says so; a group whose own count is hidden
    is not assessed either. A stage's figures are those of ``period`` or, without one, its
    latest; the population is the latest available. ``breakdown`` is ``ethnicity`` (single
    ethnic groups) or ``ethnicity_combined`` (White and ethnic minority children, see
    :mod:`yjanalysis.vocabulary.ethnicity`).

    Returns
    -------
    pandas.DataFrame
        ``stage``, ``indicator``, ``period``, ``group``, ``count``, ``total``, ``share``,
        ``share_lower``, ``share_upper``, ``population_share``, ``rri``, ``rri_lower``,
        ``rri_upper``, ``rri_significant`` (the interval excludes 1), ``rri_denominator`` (what
        the rates are per, in words), ``rri_note`` (why a row has no index or no interval,
        ``""`` if it has both) and ``stage_note`` (why no index is assessed at the stage, ``""``
        if they are). Rows whose count is suppressed carry no figures.

    Raises
    ------
    InputError
        An unknown ``denominator``.
    """
    if denominator not in RRI_DENOMINATORS:
        raise InputError(
            f"denominator must be one of {', '.join(RRI_DENOMINATORS)}: found {denominator!r}."
        )
    frames = []
    population = _stage_rows(table, area, STAGES[0][0], None, breakdown).set_index("group")
    labels = dict(STAGES)
    for indicator, label in STAGES:
        rows = _stage_rows(
            table, area, indicator, None if indicator == STAGES[0][0] else period, breakdown
        )
        if rows.empty:
            continue
        share_lo, share_hi = stats.proportion_ci(rows["numerator"], rows["denominator"])
        frame = pd.DataFrame(
            {
                "stage": label,
                "indicator": indicator,
                "period": rows["period"].to_numpy(),
                "group": rows["group"].to_numpy(),
                "count": rows["numerator"].to_numpy(dtype=float, na_value=np.nan),
                "total": rows["denominator"].to_numpy(dtype=float, na_value=np.nan),
                "share": rows["value"].to_numpy(dtype=float, na_value=np.nan),
                "share_lower": share_lo * 100,
                "share_upper": share_hi * 100,
            }
        )
        frame["population_share"] = (
            frame["group"].map(population["value"]).astype(float)
            if not population.empty
            else np.nan
        )
        if indicator == STAGES[0][0]:
            frame = frame.assign(rri=np.nan, rri_lower=np.nan, rri_upper=np.nan,
                                 rri_denominator="", rri_note="", stage_note="")  # fmt: skip
        elif denominator == "population":
            base = population.reindex(frame["group"]) if not population.empty else None
            frame = _relative_rates(frame, base, "children aged 10 to 17", proportions=False)
        else:
            preceding = PRECEDING_STAGE[indicator]
            if preceding is None:
                frame = _relative_rates(frame, None, "", proportions=True,
                                        missing="the inputs do not count the children "
                                        "this stage is drawn from")  # fmt: skip
            else:
                stage_period = frame["period"].iloc[0]
                before = _stage_rows(table, area, preceding, stage_period, breakdown)
                if not before.empty and before["period"].iloc[0] != stage_period:
                    before = before.iloc[0:0]
                base = before.set_index("group").reindex(frame["group"]) if len(before) else None
                frame = _relative_rates(
                    frame, base, f"children at the stage before ({labels[preceding].lower()})",
                    proportions=preceding != STAGES[0][0],
                    missing=f"no figures for {labels[preceding].lower()} in {stage_period}",
                )  # fmt: skip
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=DISPROPORTIONALITY_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["rri_significant"] = (out["rri_lower"] > 1) | (out["rri_upper"] < 1)
    return out[DISPROPORTIONALITY_COLUMNS]


def _relative_rates(frame, base, per: str, proportions: bool, missing: str | None = None):
    """Add each group's relative rate index against the reference group to one stage's rows.

    ``base`` holds, indexed like ``frame``'s groups, the rows the rates are per (population or
    preceding stage); ``None`` where there are none, with ``missing`` saying why.
    """
    frame = frame.assign(rri=np.nan, rri_lower=np.nan, rri_upper=np.nan, rri_denominator=per,
                         rri_note="", stage_note="")  # fmt: skip
    reference = frame["group"] == REFERENCE_GROUP
    if base is None or base["numerator"].isna().all():
        # No rates at all: leave every index absent (a report says what input is missing).
        why = missing or "no population figures by ethnic group among the inputs"
        return frame.assign(rri_note=f"not assessed: {why}", stage_note=why)
    per_count = base["numerator"].to_numpy(dtype=float, na_value=np.nan)
    count = frame["count"].to_numpy(dtype=float)
    if not reference.any():
        stage_note = f"there is no figure for {REFERENCE_GROUP} children at this stage"
    elif np.isnan(count[reference.to_numpy()][0]):
        stage_note = f"the number of {REFERENCE_GROUP} children at this stage is hidden"
    elif count[reference.to_numpy()][0] == 0:
        stage_note = f"there are no {REFERENCE_GROUP} children at this stage"
    elif not per_count[reference.to_numpy()][0] > 0:
        stage_note = f"there is no figure for {REFERENCE_GROUP} children to rate them per"
    else:
        stage_note = ""
    notes = np.where(np.isnan(count), "not assessed: the group's count is hidden", "")
    notes = np.where(~(per_count > 0) & (notes == ""), "not assessed: no figure to rate the "
                     "group per", notes)  # fmt: skip
    if proportions:
        above = (count > per_count) & (notes == "")
        notes = np.where(above, "not assessed: more children at this stage than at the stage "
                         "before", notes)  # fmt: skip
    if stage_note:
        frame["stage_note"] = stage_note
        notes = np.where(reference, "reference group", f"not assessed: {stage_note}")
        # The reference's index is 1 by definition; it keeps the stage (and its note) on charts.
        return frame.assign(rri=np.where(reference, 1.0, np.nan), rri_note=notes)
    ref_count = count[reference.to_numpy()][0]
    ref_per = per_count[reference.to_numpy()][0]
    assess = (notes == "") & ~reference.to_numpy()
    method = stats.proportion_ratio_ci if proportions else stats.rate_ratio_ci
    ratio, lower, upper = method(np.where(assess, count, np.nan), np.where(assess, per_count, 1),
                                 ref_count, ref_per)  # fmt: skip
    frame["rri"] = np.where(reference, 1.0, ratio)
    frame["rri_lower"], frame["rri_upper"] = lower, upper
    frame["rri_note"] = np.where(reference, "reference group", notes)
    return frame


def _stage_rows(table, area, indicator, period, breakdown="ethnicity"):
    rows = table[
        (table["area"] == area) & (table["indicator"] == indicator)
        & (table["breakdown"] == breakdown) & (table["area_type"] == "yjs")
    ]  # fmt: skip
    if rows.empty:
        return rows
    if period is None or period not in set(rows["period"]):
        period = rows.sort_values("period_end")["period"].iloc[-1]
    return rows[rows["period"] == period]
