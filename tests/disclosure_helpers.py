"""Rows from a service's own records, and a brute-force reader, for the disclosure tests.

The reader here is independent of :mod:`yjanalysis.methods.disclosure`: it is given the relations a
hostile reader would write down by hand for one route, substitutes every figure the page shows,
and tries every whole number for the figures it hides. It is slow, so it is only used on small
tables, where it checks the integer programme of the package as well as the policy.
"""

from __future__ import annotations

import pandas as pd

from conftest import make_table
from yjanalysis.methods.disclosure import relations

THRESHOLD = 5


def own_rows(rows: list[dict]) -> pd.DataFrame:
    """Rows of Southampton's own records (the source is named as the old code expected)."""
    base = {
        "area_type": "yjs",
        "area": "Southampton",
        "period": "2023-24",
        "breakdown": "total",
        "group": "all",
        "source": "local extract: demo",
        "status": "computed",
        "own_records": True,
    }
    full = []
    for row in rows:
        row = base | row
        num, den = row.get("numerator"), row.get("denominator")
        if "value" not in row:
            row["value"] = num / den * 100 if num is not None and den else num
        full.append(row)
    return make_table(full)


def cell(table, indicator, field="numerator", group="all", period="2023-24", breakdown=None):
    """Return one figure as the page shows it (``None`` where hidden).

    Without a breakdown, the single ethnic groups are meant, not the combined ones.
    """
    rows = table[
        (table["indicator"] == indicator) & (table["group"] == group) & (table["period"] == period)
    ]
    if breakdown is None:
        rows = rows[rows["breakdown"] != "ethnicity_combined"]
    else:
        rows = rows[rows["breakdown"] == breakdown]
    assert len(rows) == 1, (indicator, group, period)
    value = rows.iloc[0][field]
    return None if pd.isna(value) else float(value)


def reader(shown, terms, cap=40, most=None):
    """Try every whole number for the hidden figures of some linear relations.

    Parameters
    ----------
    shown : pandas.DataFrame
        The table as the page shows it.
    terms : list of (list of ((indicator, field, group, period), coefficient), str)
        Each relation: its terms (summing to zero) and ``"="`` or ``"<="`` (the sum is at most
        zero).
    cap : int
        The largest value tried for a hidden count (hidden counts are at least 1: zeros are
        shown).
    most : int, optional
        Give up (return ``None``) with more hidden figures than this.

    Returns
    -------
    dict
        Each hidden figure that appears in a relation, with the set of values it can take.
    """
    unknown = []
    relations = []
    for parts, kind in terms:
        constant, variables = 0.0, {}
        for key, coefficient in parts:
            value = cell(shown, *key)
            if value is None:
                variables[key] = variables.get(key, 0) + coefficient
                if key not in unknown:
                    unknown.append(key)
            else:
                constant += coefficient * value
        relations.append((variables, constant, kind))
    if most is not None and len(unknown) > most:
        return None
    possible: dict = {key: set() for key in unknown}

    def consistent(chosen):
        for variables, constant, kind in relations:
            if all(k in chosen for k in variables):
                total = constant + sum(c * chosen[k] for k, c in variables.items())
                if (kind == "=" and total != 0) or (kind == "<=" and total > 0):
                    return False
        return True

    def forced(chosen):
        """Assign every unknown an equation leaves alone; ``None`` where that fails."""
        chosen = dict(chosen)
        changed = True
        while changed:
            changed = False
            for variables, constant, kind in relations:
                free = [k for k in variables if k not in chosen]
                if kind != "=" or len(free) != 1:
                    continue
                rest = constant + sum(c * chosen[k] for k, c in variables.items() if k in chosen)
                value = -rest / variables[free[0]]
                if value != int(value) or not 1 <= value <= cap:
                    return None
                chosen[free[0]] = int(value)
                changed = True
        return chosen if consistent(chosen) else None

    def search(chosen):
        chosen = forced(chosen)
        if chosen is None:
            return
        free = [k for k in unknown if k not in chosen]
        if not free:
            for key, value in chosen.items():
                possible[key].add(value)
            return
        for value in range(1, cap + 1):
            search(chosen | {free[0]: value})

    search({})
    return possible


def assert_safe(shown, terms, threshold=THRESHOLD, cap=40, most=None):
    """Assert that no hidden figure of the relations can be narrowed below the threshold.

    Returns whether the reader tried (``False`` where there were more than ``most`` hidden
    figures).
    """
    found = reader(shown, terms, cap, most)
    if found is None:
        return False
    for key, values in found.items():
        assert values, f"{key}: no value fits (a relation is wrong)"
        assert max(values) - min(values) >= threshold - 2, f"{key} narrowed to {sorted(values)}"
    return True


def assert_nothing_small_shown(shown, threshold=THRESHOLD):
    """Assert that no shown count of the service's own records, or complement, is small."""
    own = shown[(shown["status"] != "suppressed") & shown["own_records"].astype(bool)]
    for column in ("numerator", "denominator"):
        counts = own[column].dropna().astype(float)
        if column == "denominator":  # a rate's population is published, not a count of children
            counts = counts[~own.loc[counts.index, "indicator"].isin(relations.PER_HEAD)]
        assert not ((counts > 0) & (counts < threshold)).any(), own[column].tolist()
    proportions = own[own["indicator"].map(relations.is_proportion).astype(bool)]
    rest = (proportions["denominator"] - proportions["numerator"]).dropna().astype(float)
    assert not ((rest > 0) & (rest < threshold)).any(), "a complement below the threshold"
