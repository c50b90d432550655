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


def side_by_side(*reports: pd.DataFrame) -> pd.DataFrame:
    """What a reader holding several reports knows: each figure as any of them shows it.

    The reports are controlled tables of the same rows (consecutive quarters' tables cut to the
    rows they share); a figure hidden in one and shown in another is known.
    """
    key = ["indicator", "period", "breakdown", "group"]
    first = reports[0].copy()
    for other in reports[1:]:
        shown = other[other["status"] != "suppressed"].set_index(key)
        for index, row in first.iterrows():
            at = tuple(row[key])
            if row["status"] == "suppressed" and at in shown.index:
                for column in ("numerator", "denominator", "value", "status"):
                    first.at[index, column] = shown.loc[at, column]
    return first


def latent(name: str) -> tuple[str, str]:
    """A count no page prints (a quarter inside rolling years): zero or more, unknown."""
    return ("latent", name)


def reader(shown, terms, cap=40, most=None, derived=None):
    """Try every whole number for the hidden figures of some linear relations.

    Parameters
    ----------
    shown : pandas.DataFrame
        The table as the page shows it.
    terms : list of (list of (key, coefficient), str)
        Each relation: its terms (summing to zero) and ``"="`` or ``"<="`` (the sum is at most
        zero). A key is ``(indicator, field, group, period[, breakdown])`` of a row, or
        :func:`latent` for a count no row prints.
    cap : int
        The largest value tried for a hidden count (hidden counts are at least 1: zeros are
        shown; a latent count is zero or more).
    most : int, optional
        Give up (return ``None``) with more hidden figures than this.
    derived : dict, optional
        Counts a reader derives, by name: each a list of ``(key, coefficient)`` summed.

    Returns
    -------
    dict
        Each hidden figure that appears in a relation, and each derived count, with the set of
        values it can take.
    """
    unknown = []
    relations = []

    def value_of(key):
        return None if key[0] == "latent" else cell(shown, *key)

    for parts, kind in terms:
        constant, variables = 0.0, {}
        for key, coefficient in parts:
            value = value_of(key)
            if value is None:
                variables[key] = variables.get(key, 0) + coefficient
                if key not in unknown:
                    unknown.append(key)
            else:
                constant += coefficient * value
        relations.append((variables, constant, kind))
    if most is not None and len(unknown) > most:
        return None
    derived = derived or {}
    possible: dict = {key: set() for key in [*unknown, *derived]}

    def lowest(key):
        return 0 if key[0] == "latent" else 1

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
                if value != int(value) or not lowest(free[0]) <= value <= cap:
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
            for name, parts in derived.items():
                values = [chosen[k] if k in chosen else value_of(k) for k, _ in parts]
                if all(v is not None for v in values):
                    total = sum(c * v for (_, c), v in zip(parts, values, strict=True))
                    possible[name].add(total)
            return
        for value in range(lowest(free[0]), cap + 1):
            search(chosen | {free[0]: value})

    search({})
    return possible


def assert_safe(shown, terms, threshold=THRESHOLD, cap=40, most=None, derived=None):
    """Assert that no hidden figure, latent or derived count can be narrowed below the threshold.

    A hidden figure must be left with at least ``threshold - 1`` values; a count no row prints
    (latent) too, unless it is known to be 0; a derived count too, unless every value it can
    take is 0 or every one is ``threshold`` or more (a page could print it). Returns whether the
    reader tried (``False`` where there were more than ``most`` hidden figures).
    """
    found = reader(shown, terms, cap, most, derived)
    if found is None:
        return False
    for key, values in found.items():
        assert values, f"{key}: no value fits (a relation is wrong)"
        wide = max(values) - min(values) >= threshold - 2
        if key in (derived or {}):
            printable = max(values) == 0 or min(values) >= threshold
            assert wide or printable, f"{key} narrowed to {sorted(values)}"
        elif key[0] == "latent":
            assert wide or max(values) == 0, f"{key} narrowed to {sorted(values)}"
        else:
            assert wide, f"{key} narrowed to {sorted(values)}"
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


def hidden_custody(demo_build) -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp, pd.Series]:
    """Southampton's hidden custodial sentences of the 12 months to September 2024.

    The built table, the same under disclosure control, the report's last day (December 2024)
    and the hidden row with its figures before control.
    """
    from yjanalysis.report import stated
    from yjanalysis.report.context import controlled

    table = pd.read_parquet(demo_build.processed / "indicators.parquet")
    shown, _ = controlled(demo_build.processed, "Southampton")
    end = pd.Timestamp("2024-12-31")
    hidden = stated._hidden("Southampton", end, table, shown)
    rows = hidden[
        hidden["indicator"].eq("custody_rate")
        & hidden["breakdown"].eq("total")
        & hidden["period_end"].eq(pd.Timestamp("2024-09-30"))
        & hidden["period_start"].eq(pd.Timestamp("2023-10-01"))
    ]
    assert len(rows) == 1
    return table, shown, end, rows.iloc[0]
