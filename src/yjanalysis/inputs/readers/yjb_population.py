"""YJB population of children aged 10 to 17 for each YJS footprint, wide by year.

The YJB publishes the denominators of its local rates as one row per YJS (``YOT`` or ``YJS``)
and one column per mid-year (``2013`` … ``2019``): ONS mid-year estimates summed to each YJS's
local authorities, combined services included.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import plausible

KIND = "yjb_population"
TITLE = "YJB population aged 10 to 17 by YJS"
NAMES = ("yjs", "yot", "yjs_name", "yot_name")
YEAR = re.compile(r"^(?:mid_?)?((?:19|20)\d\d)$")


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like a YJS population table (a YJS column and year columns)."""
    years = [k for k in keys if YEAR.match(k)]
    return bool(keys & set(NAMES)) and bool(years) and not keys & {"financial_year", "year"}


#: More children aged 10 to 17 than any service could have (England has about 5.5 million).
MOST_CHILDREN = 1_000_000

SCHEMA = pa.DataFrameSchema(
    {
        "area_name": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected the name of a YJS")
        ),
        "year": pa.Column(int, pa.Check.in_range(1990, 2100, error="expected a year")),
        "age_band": pa.Column(str),
        "population": pa.Column(
            "Int64",
            pa.Check.gt(0, error="expected a population greater than zero"),
            nullable=True,
        ),
    },
    unique=["area_name", "year"],
)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return the population as long rows.

    Returns
    -------
    pandas.DataFrame
        ``area_code`` (missing), ``area_name``, ``year``, ``age_band`` (``"10 to 17"``),
        ``population``.
    """
    found = checks.columns(table, path, {"yjs": NAMES})
    frame = table.frame
    name_col = found["yjs"]
    matched = [(c, m) for c in frame.columns if (m := YEAR.match(checks.column_key(c)))]
    year_cols = [c for c, _ in matched]
    years = [int(m.group(1)) for _, m in matched]
    checks.one_each(table, path, year_cols, years, "")
    names = frame[name_col].astype(str).str.strip()
    checks.duplicates(pd.DataFrame({"yjs": names}), ["yjs"], path, {"yjs": name_col})
    parts = []
    for col, year in zip(year_cols, years, strict=True):
        if (why := plausible.estimate_not_begun(year)) is not None:
            raise InputError(f"column '{col}' {why}.", path)
        values, _ = checks.counts(frame[col], path, col)
        checks.at_least(values, 0, path, col, strictly=True)
        # The largest service has about 150,000 children aged 10 to 17, the smallest about
        # 5,600: ten million is a typing slip, and would divide every count to nothing.
        too_many = values.gt(MOST_CHILDREN).fillna(False)
        if too_many.any():
            row = too_many.idxmax()
            raise InputError(
                f"row {row}, column '{col}': '{values.loc[row]:,}' is not a possible population "
                f"of one service; expected at most {MOST_CHILDREN:,} children aged 10 to 17.",
                path,
            )
        parts.append(
            pd.DataFrame(
                {"area_name": names, "year": year, "age_band": "10 to 17", "population": values}
            )
        )
    _steady(parts, year_cols, path)
    out = pd.concat(parts)
    out.insert(0, "area_code", pd.Series(pd.NA, index=out.index, dtype="string"))
    return checks.validate(SCHEMA, out, path, {"area_name": name_col, "population": "population"})


#: How far apart two figures of one service's population aged 10 to 17 for the same year may
#: be (times the smaller): the YJB table beside an ONS estimate, or a Census count beside either.
#: In the real files the YJB table's 2019 equals the ONS mid-2019 estimate for all 154 services
#: (the Census of March 2021 and the estimate of mid-2021 count the same children three months
#: apart); 5% leaves room for a revised estimate and refuses another service's row (Southampton's
#: 20,387 beside Dudley's 15,005 is 1.36 times, Brent's 18,728 beside its 19,892 1.06).
SAME_YEAR = 1.05
#: How much further apart for each year between the two figures. The real YJB table (2013 to
#: 2019) moves by at most 6.6% up and 2.9% down in a year and 12.3% in two, so a year apart the
#: limit is 1.21 (a margin of 1.13 over 1.07) and two years apart 1.39 (1.24 over 1.123); a
#: digit typed wrong moves a population by a third or more (20,387 typed 29,387, 19,397 typed
#: 13,397).
EACH_YEAR = 1.15


def most_apart(years: int) -> float:
    """Return the most two figures of one service's population ``years`` apart may differ.

    Examples
    --------
    >>> round(most_apart(0), 2), round(most_apart(1), 2), round(most_apart(2), 2)
    (1.05, 1.21, 1.39)
    """
    return SAME_YEAR * EACH_YEAR ** abs(years)


def _steady(parts: list[pd.DataFrame], columns: list, path: Path) -> None:
    """Refuse a population further from the year before's than :func:`most_apart` allows.

    Southampton's 20,279 typed as 2,027 gave a rate ten times too high (failed before), and a
    digit typed wrong in one year (20,387 typed 29,387; 19,397 typed 13,397, adversary 16,
    C06 and C35) moved its rates by 30% to 45% within the half allowed before.
    """
    by_year = sorted(zip((int(p["year"].iloc[0]) for p in parts), parts, columns, strict=True),
                     key=lambda item: item[0])  # fmt: skip
    for (year, before, _), (later, now, column) in itertools.pairwise(by_year):
        if later != year + 1:
            continue
        ratio = now["population"].astype(float) / before["population"].astype(float)
        most = most_apart(1)
        wrong = ((ratio > most) | (ratio < 1 / most)).fillna(False)
        if wrong.any():
            row = wrong.idxmax()
            raise InputError(
                f"row {row}, column '{column}': '{now['population'].loc[row]:,}' for "
                f"{now['area_name'].loc[row]} is not a possible change from "
                f"{before['population'].loc[row]:,} the year before; expected a population "
                f"within {most:.2f} times of the year before's, as every real service's is "
                "(a digit typed wrong, dropped or added?).",
                path,
            )
