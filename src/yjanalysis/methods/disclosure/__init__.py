"""Disclosure control for figures computed from a service's own records.

Figures computed from a service's own case-level records are about identifiable children.
Rows carrying them are marked by the table's ``own_records`` column (set by the case-level
engine, and by an indicator CSV for a service's own figures), not by their source's name.
Before anything reaches a report, :func:`suppress` applies one policy to them:

* **primary suppression** hides every count above 0 and below the threshold (default 5: 1 to 4,
  and any fraction between, which a count should never be), every complement below it (the
  children of a proportion's denominator not in its numerator: "9 of 10 attended" shows that 1
  did not), and every figure resting on such a count (its rate, percentage, mean, interval);
* **secondary suppression** then plays the attacker (:mod:`~yjanalysis.methods.disclosure.attack`):
  with everything a reader has fixed (what this report shows, and what the service's earlier
  reports showed: :mod:`~yjanalysis.methods.disclosure.earlier`), and every relation the
  definitions give between the sets the figures count (groups add up to totals, quarters to
  years, rolling years share quarters, stage within stage, a KPI cascade, numerators within
  denominators; see :mod:`~yjanalysis.methods.disclosure.relations`), it finds how far each
  hidden count, and each count a reader can derive (a complement, what lies between nested
  sets, a quarter), can be narrowed. Where one could be pinned or narrowed against the rule
  (:func:`~yjanalysis.methods.disclosure.attack.is_safe`), a shown count that shares a
  relation with it is hidden too, and the attacker runs again, until every count is safe;
* an interval made from each child's own value (reoffences per child and per reoffender, from
  each child's count; an average score, from each child's score) is never shown for a
  service's own figures: its width tells a reader how the values are spread among the
  children (:data:`SPREAD_METHODS`), which no count shows;
* zeros are shown (a zero discloses no child); a hidden figure has status ``suppressed`` and
  reaches pages as ``[c]`` (confidential), with no hint whether it was small or protective;
* the audit log says, for every hidden figure, why (the threshold and the rule, or the figure
  it protects and the relation that forced it), and how many values a reader could still
  narrow it to. It never holds the hidden counts.

A service's report and every page of it show only rows of the controlled table, so whatever
a page shows, in a table, a chart, its alt text, a sentence or a tile, is covered.

Rows from published statistics pass through unchanged: they were released under their
publisher's own disclosure control.
"""

from __future__ import annotations

from collections import defaultdict, deque

import numpy as np
import pandas as pd

from yjanalysis.config import DEFAULT_SUPPRESSION_THRESHOLD
from yjanalysis.errors import InputError
from yjanalysis.methods.disclosure import attack as attacker
from yjanalysis.methods.disclosure import earlier, relations
from yjanalysis.methods.disclosure.earlier import RECORD_COLUMNS, combine, record
from yjanalysis.vocabulary.catalogue import catalogue

__all__ = [
    "HIDDEN",
    "LOG_COLUMNS",
    "MARKER",
    "RECORD_COLUMNS",
    "SPREAD_METHODS",
    "VERSION",
    "DisclosureError",
    "audit",
    "check_threshold",
    "combine",
    "is_controlled",
    "record",
    "suppress",
    "why_hidden",
]

MARKER = "[c]"
#: The control's version: a table controlled by an earlier version is controlled again.
VERSION = 2
#: Interval methods made from each child's own value rather than from the counts a page shows
#: (the catalogue's ``interval_method``). Reoffences per child's interval rests on the spread
#: of the children's counts (their sum of squares, through the dispersion), a t interval of an
#: average score on the spread of the children's scores: from the width, the counts and a few
#: lines of arithmetic a reader of a small cohort lists the ways its reoffences can be shared
#: among its children, and can learn that one child committed most of them.
SPREAD_METHODS = ("clustered", "mean")
HIDDEN = ["numerator", "denominator", "value", "lower", "upper"]
LOG_COLUMNS = [
    "area",
    "indicator",
    "period",
    "period_end",
    "breakdown",
    "group",
    "rule",
    "reason",
    "threshold",
    "reader_left_with",
]


class DisclosureError(Exception):
    """A figure from a service's own records could be worked out from what a report shows."""


def is_controlled(table: pd.DataFrame) -> pd.Series:
    """Say which rows come from a service's own records (and are subject to control)."""
    if "own_records" not in table:
        return pd.Series(False, index=table.index)
    return table["own_records"].fillna(False).astype(bool)


def why_hidden(threshold: int) -> str:
    """Say, the same way for every hidden figure, why it is hidden.

    One sentence for all of them: saying which were small and which protect others would tell
    a reader more than the figures do.

    Examples
    --------
    >>> why_hidden(5).startswith("hidden to protect the children behind it: either it counts")
    True
    >>> "or it counts more but could be worked out" in why_hidden(5)
    True
    """
    return (
        f"hidden to protect the children behind it: either it counts fewer than {threshold} "
        f"children (or leaves fewer than {threshold} in the rest of its group), or it counts "
        "more but could be worked out from figures that do; which of the two is not said, since "
        "saying it would give the figure away"
    )


def check_threshold(threshold) -> int:
    """Return the threshold as a whole number of 2 or more, or raise :class:`InputError`."""
    try:
        whole = not isinstance(threshold, bool) and float(threshold).is_integer()
    except (TypeError, ValueError):
        whole = False
    if not whole or float(threshold) < 2:
        raise InputError(
            f"suppression threshold {threshold!r} is not a whole number of 2 or more; expected "
            f"e.g. {DEFAULT_SUPPRESSION_THRESHOLD} (counts from 1 to 4 hidden)."
        )
    return int(threshold)


def suppress(
    table: pd.DataFrame,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    published: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply primary and secondary suppression to the controlled rows of an indicator table.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of the indicator table, with their true counts.
    threshold : int
        Counts from 1 to ``threshold - 1`` are hidden (5 hides 1 to 4).
    published : pandas.DataFrame, optional
        What earlier reports of the services published (their records, put together by
        :func:`combine`): what they showed is known to a reader, and what they hid is hidden
        again first where something must be (see :mod:`~yjanalysis.methods.disclosure.earlier`).

    Returns
    -------
    tuple of pandas.DataFrame
        The table with hidden figures set missing and status ``suppressed``, and the audit log
        (one row per hidden figure: see :data:`LOG_COLUMNS`; no counts).

    Raises
    ------
    DisclosureError
        If some hidden count could still be worked out (it should never happen: the policy
        hides more until none can).

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": "yjs", "area": "A", "indicator": "custody_share", "period": "2023",
    ...     "period_start": pd.Timestamp("2023-01-01"), "period_end": pd.Timestamp("2023-12-31"),
    ...     "breakdown": "ethnicity", "group": ["White", "Black", "Mixed"],
    ...     "numerator": [14.0, 3.0, 6.0], "denominator": 23.0, "value": None,
    ...     "lower": None, "upper": None, "source": "extract", "status": "computed",
    ...     "own_records": True})
    >>> shown, log = suppress(rows)
    >>> shown["numerator"].tolist()
    [14.0, <NA>, <NA>]
    >>> log["rule"].tolist()
    ['primary', 'secondary']
    """
    threshold = check_threshold(threshold)
    out = table.copy()
    controlled = is_controlled(out)
    hidden = pd.Series(False, index=out.index)
    logs = []
    for (area_type, area), rows in out[controlled].groupby(["area_type", "area"], sort=False):
        others = _published_for(out, controlled, area_type, area)
        rows_hidden, log = _control(rows, threshold, published, others)
        hidden[rows_hidden] = True
        logs.append(log)
    for column in HIDDEN:
        if column in out:
            out[column] = out[column].astype("Float64").mask(hidden)
    out["status"] = out["status"].astype("string").mask(hidden, "suppressed")
    method = out["indicator"].map(catalogue()["interval_method"])
    spread = controlled & method.isin(SPREAD_METHODS).to_numpy()
    for column in ("lower", "upper"):
        if column in out:
            out[column] = out[column].astype("Float64").mask(spread)
    log = pd.concat(logs, ignore_index=True) if logs else pd.DataFrame(columns=LOG_COLUMNS)
    return out, log[LOG_COLUMNS]


def _published_for(
    table: pd.DataFrame, controlled: pd.Series, area_type: str, area: str
) -> pd.DataFrame:
    """Return the rows of published statistics for one service (not controlled: public)."""
    return table[~controlled & table["area_type"].eq(area_type) & table["area"].eq(area)]


def _control(
    rows: pd.DataFrame,
    threshold: int,
    published: pd.DataFrame | None = None,
    others: pd.DataFrame | None = None,
) -> tuple[list, pd.DataFrame]:
    """Control one service's rows: return the rows to hide and their log.

    ``others`` are the service's figures from published statistics: a count of the service's
    own that one of them prints is known to every reader.
    """
    before = earlier.match(rows, published)
    model = relations.build(_with_outside(rows, before), others)
    state = _State(model, rows, threshold, before)
    state.primary()
    try:
        state.secondary()
    except RuntimeError:
        if not len(before.outside):
            raise
        # Figures an earlier report showed, which this table no longer has, that no counts of
        # this table can agree with: a reader would see two reports that cannot both be right.
        raise DisclosureError(
            f"the figures earlier reports of {rows['area'].iloc[0]} showed that this table no "
            "longer has (such as "
            f"{before.outside['indicator'].iloc[0]}, {before.outside['period'].iloc[0]}) "
            "cannot be reconciled with this table's; check the extract against the published "
            "reports' own-figures.csv before publishing."
        ) from None
    return state.hidden_rows(), state.log()


def _with_outside(rows: pd.DataFrame, before: earlier.Earlier) -> pd.DataFrame:
    """Add to the rows the figures earlier reports showed that the rows no longer have."""
    if not len(before.outside):
        return rows
    return pd.concat([rows, before.outside.astype(rows.dtypes.to_dict(), errors="ignore")])


class _State:
    """Which quantities a service's report hides, why, and what the attacker can do."""

    def __init__(
        self,
        model: relations.Model,
        rows: pd.DataFrame,
        threshold: int,
        before: earlier.Earlier | None = None,
    ):
        self.model, self.rows, self.threshold = model, rows, threshold
        before = before or earlier.Earlier()
        self.explicit = np.zeros(model.quantities, dtype=bool)
        self.reasons: dict[int, tuple[str, str]] = {}
        self.vars_of_row: dict[object, list[int]] = defaultdict(list)
        outside = set(before.outside.index)
        # Counts a reader has from an earlier report: known, whatever this one shows. What an
        # earlier report hid is hidden again first where something must be (reports agree
        # where they can); it is not hidden for its own sake: the audit knows every figure
        # published so far, and a figure hidden while it was the newest of its series can be
        # shown once later figures protect what it protected.
        self.fixed = np.zeros(model.quantities, dtype=bool)
        for (row, _), var in model.cells.items():
            if row in outside:
                self.fixed[var] = True
            else:
                self.vars_of_row[row].append(var)
        for row in before.known:
            self.fixed[self.vars_of_row.get(row, [])] = True
        self.fixed[sorted(model.public)] = True  # printed by another publisher
        # A count the published counts narrow may be hidden at 0 to protect another.
        self.may_be_zero = attacker.may_be_zero(model, threshold)
        self.hidden_before = np.zeros(model.quantities, dtype=bool)
        for row in before.hidden:
            self.hidden_before[self.vars_of_row.get(row, [])] = True
        self.before = before
        self.rows_of_var = model.rows_of()
        self.relations_of: dict[int, list[relations.Relation]] = defaultdict(list)
        for relation in model.relations:
            for var in relation.terms:
                self.relations_of[var].append(relation)
        # A controlled figure with no count cannot be checked, so it is not shown.
        self.uncheckable = [
            row
            for row, value in zip(rows.index, rows["value"], strict=True)
            if not self.vars_of_row.get(row) and pd.notna(value)
        ]
        self.ranges: dict[int, attacker.Range] = {}
        # A total is what a page leads with; a group's figure is detail: hide detail first.
        self.is_total = np.zeros(model.quantities, dtype=bool)
        totals = rows["breakdown"].eq("total")
        for row, variables in self.vars_of_row.items():
            self.is_total[variables] |= bool(totals[row])
        # The latest figure of an indicator is what a page leads with; an earlier one sits in
        # a trend: hide the earlier first.
        self.is_latest = np.zeros(model.quantities, dtype=bool)
        latest = rows["period_end"].eq(rows.groupby("indicator")["period_end"].transform("max"))
        for row, variables in self.vars_of_row.items():
            self.is_latest[variables] |= bool(latest[row])

    def primary(self) -> None:
        for row, change in self.before.revised.items():
            if change < self.threshold and self.vars_of_row.get(row):
                self._hide(
                    self.vars_of_row[row][0],
                    "primary",
                    f"changed by fewer than {self.threshold} since an earlier report showed it",
                )
        values = self.model.values
        small = (values > 0) & (values < self.threshold)
        for var in np.flatnonzero(small):
            self._hide(int(var), "primary", f"count below {self.threshold}")
        for row, indicator in zip(self.rows.index, self.rows["indicator"], strict=True):
            num = self.model.cells.get((row, "numerator"))
            den = self.model.cells.get((row, "denominator"))
            if num is None or den is None or not relations.is_proportion(indicator):
                continue
            rest = values[den] - values[num]
            if 0 < rest < self.threshold and not self.explicit[num]:
                self._hide(num, "primary", f"complement below {self.threshold}")

    def _hide(self, var: int, rule: str, reason: str) -> None:
        self.explicit[var] = True
        self.reasons.setdefault(var, (rule, reason))

    def hidden_quantities(self, explicit: np.ndarray | None = None) -> np.ndarray:
        """Quantities no shown row carries (with ``explicit`` hidden, default the state's)."""
        explicit = self.explicit if explicit is None else explicit
        shown = self.fixed.copy()
        for variables in self.vars_of_row.values():
            if not explicit[variables].any():
                shown[variables] = True
        return ~shown

    def secondary(self) -> None:
        safe: set[int] = set()
        from_scratch = False  # whether this pass checks every count, trusting no earlier pass
        while True:
            hidden = self.hidden_quantities()
            latent = range(self.model.quantities, self.model.variables)
            targets = {int(v) for v in np.flatnonzero(hidden)} | set(latent)
            if not from_scratch:
                targets -= safe
            found = attacker.ranges(self.model, hidden, self.threshold, targets)
            self.ranges.update(found)
            safe.update(v for v, r in found.items() if r.safe)
            unsafe = sorted(v for v, r in found.items() if not r.safe)
            # A derived count pinned where a page could print it (0, or the threshold or more)
            # can be left narrowed once more is hidden around it: it is checked again.
            safe.difference_update(unsafe)
            if not unsafe:
                if from_scratch:
                    return
                # A count found safe in an earlier pass is not taken on trust: the report as it
                # will be shown is checked whole once more before it is accepted.
                from_scratch = True
                continue
            from_scratch = False
            added = False
            touched: set[int] = set()  # counts whose relations this pass has changed
            for var in unsafe:
                if var in touched:
                    continue  # what this pass hid may be enough: the next pass will tell
                chosen = self._protector(var, hidden)
                if chosen is None:
                    continue
                other, relation = chosen
                touched.update(self._near(other))
                self._hide(
                    other,
                    "secondary",
                    f"protects {self.model.describe(var)} ({relation.reason})",
                )
                hidden[other] = True
                added = True
            if not added:
                raise DisclosureError(
                    f"{self.model.describe(unsafe[0])} could be worked out from what the "
                    "report shows, and no shown figure is left to hide to protect it."
                )

    def _near(self, var: int) -> set[int]:
        """Return the counts whose range hiding ``var`` may widen, before solving again.

        Those in a relation with it, and the counts a reader derives from those (the complement
        of a count beside it is moved by it too).
        """
        near: set[int] = set()
        for relation in self.relations_of.get(var, ()):
            near.update(relation.terms)
        for other in list(near):
            for relation in self.relations_of.get(other, ()):
                near.update(v for v in relation.terms if v >= self.model.quantities)
        return near

    def _protector(self, var: int, hidden: np.ndarray):
        """Choose the shown count to hide next, near ``var`` in the relations.

        The nearest shown counts are ranked: one that other shown counts would not pin at once
        first, then a group's count before a total's (a page leads with totals), then the count
        shown on the fewest rows (a stage's denominator is on every
        group's row), then the one that brings the fewest relations into play (see
        :meth:`_reach`: a year rather than one of its quarters, a count rather than a rolling
        year), then the smallest; the first is taken.
        """
        ranked = self._candidates(var, hidden)
        return ranked[0] if ranked else None

    def _candidates(self, var: int, hidden: np.ndarray) -> list:
        """Return the shown counts nearest ``var`` in the relations, best first.

        Among the nearest, a count that shown counts would pin through one equation comes last:
        it would need protecting in turn.
        """
        seen, queue, found, layer_number = {var}, deque([var]), [], 0
        while queue:
            layer = [queue.popleft() for _ in range(len(queue))]
            for current in layer:
                for relation in self.relations_of.get(current, ()):
                    for other in relation.terms:
                        if other in seen:
                            continue
                        seen.add(other)
                        queue.append(other)
                        if other >= self.model.quantities or hidden[other]:
                            continue
                        if self.fixed[other]:  # a reader has it from an earlier report
                            continue
                        value = self.model.values[other]
                        if value > 0 or other in self.may_be_zero:
                            cost = (
                                self._pinned_if_hidden(other, hidden),
                                layer_number,
                                not self.hidden_before[other],
                                self.is_latest[other],
                                self.is_total[other],
                                len(self.rows_of_var[other]),
                                self._reach(other),
                                value,
                            )
                            found.append((cost, other, relation))
            layer_number += 1
            if found:
                break
        return [(other, relation) for _, other, relation in sorted(found)]

    def _pinned_if_hidden(self, var: int, hidden: np.ndarray) -> bool:
        """Say whether shown counts would pin ``var`` through one equation, if it were hidden.

        Such a count protects nothing ("no ETE" beside suitable ETE and all orders ending).
        """
        for relation in self.relations_of.get(var, ()):
            if relation.lower != relation.upper:
                continue
            others = [v for v in relation.terms if v != var]
            if all(v < self.model.quantities and not hidden[v] for v in others):
                return True
        return False

    def _reach(self, var: int) -> int:
        """Count the relations a hidden ``var`` would bring into play, through unshown counts.

        A count in few relations protects without needing protection in turn; a rolling year,
        tied to its neighbours through the quarters they share, would need more hidden beside it.
        """
        reach = 0
        for relation in self.relations_of.get(var, ()):
            reach += 1
            for other in relation.terms:
                if other >= self.model.quantities:
                    reach += len(self.relations_of.get(other, ()))
        return reach

    def hidden_rows(self) -> list:
        found = [
            row for row, variables in self.vars_of_row.items() if self.explicit[variables].any()
        ]
        return found + self.uncheckable

    def log(self) -> pd.DataFrame:
        rows = self.hidden_rows()
        out = self.rows.loc[
            rows, ["area", "indicator", "period", "period_end", "breakdown", "group"]
        ].copy()
        rules, reasons, narrowest = [], [], []
        for row in rows:
            variables = self.vars_of_row.get(row, [])
            explicit = [v for v in variables if self.explicit[v]]
            rule, reason = (
                self.reasons[explicit[0]]
                if explicit
                else ("primary", "a figure with no count to check")
            )
            rules.append(rule)
            reasons.append(reason)
            widths = [self.ranges[v] for v in variables if v in self.ranges]
            if widths:
                narrowest.append(min(widths, key=lambda x: x.width).values())
            elif any(v in self.model.public for v in variables):
                narrowest.append("1 value, printed by another publisher")
            elif any(self.fixed[v] for v in variables):
                narrowest.append("1 value, shown by an earlier report")
            else:
                narrowest.append("unbounded")
        out["rule"], out["reason"] = rules, reasons
        out["threshold"] = self.threshold
        out["reader_left_with"] = narrowest
        return out.reset_index(drop=True)[LOG_COLUMNS]


def audit(
    original: pd.DataFrame,
    shown: pd.DataFrame,
    threshold: int = DEFAULT_SUPPRESSION_THRESHOLD,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Play the attacker on a controlled table: list the hidden figures that could be worked out.

    Parameters
    ----------
    original : pandas.DataFrame
        The table with its true counts.
    shown : pandas.DataFrame
        The same rows as a report shows them (hidden ones with status ``suppressed``).
    threshold : int
        The suppression threshold.
    published : pandas.DataFrame, optional
        What earlier reports published (:func:`combine`): a reader has those figures too.

    Returns
    -------
    pandas.DataFrame
        The hidden rows whose counts a reader could narrow to fewer values than the threshold
        protects, and for a count no row prints (a complement, what lies between nested sets,
        a quarter) a row beside it, named in ``reader_left_with`` (``area``, ``indicator``,
        ``period``, ``breakdown``, ``group``, ``reader_left_with``); empty when the table is
        safe to publish. Shown controlled figures below the threshold are listed too, and
        figures shown again with counts changed by fewer than the threshold.
    """
    threshold = check_threshold(threshold)
    controlled = is_controlled(original)
    suppressed = shown["status"].eq("suppressed")
    found = []
    for (area_type, area), rows in original[controlled].groupby(["area_type", "area"], sort=False):
        before = earlier.match(rows, published)
        others = _published_for(original, controlled, area_type, area)
        model = relations.build(_with_outside(rows, before), others)
        cells = defaultdict(list)
        shown_var = np.zeros(model.quantities, dtype=bool)
        for (row, _), var in model.cells.items():
            if row in rows.index:
                cells[var].append(row)
            else:  # shown by an earlier report, no longer in the table
                shown_var[var] = True
        for var, var_rows in cells.items():
            shown_var[var] |= (~suppressed[var_rows]).any()
        for row in before.known:
            shown_var[[v for v, r in cells.items() if row in r]] = True
        small = shown_var & (model.values > 0) & (model.values < threshold)
        for small_var in np.flatnonzero(small):
            found.append((cells[int(small_var)][0], "shown although below the threshold"))
        for index, indicator in zip(rows.index, rows["indicator"], strict=True):
            num, den = (
                model.cells.get((index, "numerator")),
                model.cells.get((index, "denominator")),
            )
            if num is None or den is None or suppressed[index]:
                continue
            rest = model.values[den] - model.values[num]
            if relations.is_proportion(indicator) and 0 < rest < threshold:
                found.append((index, "complement shown although below the threshold"))
        for index, change in before.revised.items():
            if change < threshold and not suppressed[index]:
                found.append((index, f"shown changed by {change:g} since an earlier report"))
        for var, found_range in attacker.ranges(model, ~shown_var, threshold).items():
            if found_range.safe:
                continue
            if var >= model.quantities:  # a count no row prints: name it, beside a row near it
                near = [r for r in _rows_near(model, var) if r in rows.index]
                found.extend((row, f"{model.latent[var]}: {found_range.values()}")
                             for row in near[:1])  # fmt: skip
            else:
                found.extend((row, found_range.values()) for row in cells[var])
    columns = ["area", "indicator", "period", "breakdown", "group"]
    if not found:
        return pd.DataFrame(columns=[*columns, "reader_left_with"])
    out = original.loc[[row for row, _ in found], columns].copy()
    out["reader_left_with"] = [what for _, what in found]
    return out.drop_duplicates().reset_index(drop=True)


def _rows_near(model: relations.Model, var: int) -> list:
    """Return the rows whose counts share a relation with a count no row prints."""
    near: list[object] = []
    for relation in model.relations:
        if var in relation.terms:
            for other in relation.terms:
                near.extend(row for (row, _), v in model.cells.items() if v == other)
    return near
