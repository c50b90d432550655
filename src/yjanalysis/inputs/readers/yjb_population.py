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


#: How far a service's population of 10 to 17 year olds may move in a year. The YJB's own
#: table moves by 3% down to 7% up; a digit dropped or added moves it tenfold.
MOST_CHANGE = 1.5


def _steady(parts: list[pd.DataFrame], columns: list, path: Path) -> None:
    """Refuse a population more than half again, or less than two thirds, of the year before.

    Southampton's 20,279 typed as 2,027 gave a rate ten times too high (failed before).
    """
    by_year = sorted(zip((int(p["year"].iloc[0]) for p in parts), parts, columns, strict=True),
                     key=lambda item: item[0])  # fmt: skip
    for (year, before, _), (later, now, column) in itertools.pairwise(by_year):
        if later != year + 1:
            continue
        ratio = now["population"].astype(float) / before["population"].astype(float)
        wrong = ((ratio > MOST_CHANGE) | (ratio < 1 / MOST_CHANGE)).fillna(False)
        if wrong.any():
            row = wrong.idxmax()
            raise InputError(
                f"row {row}, column '{column}': '{now['population'].loc[row]:,}' for "
                f"{now['area_name'].loc[row]} is not a possible change from "
                f"{before['population'].loc[row]:,} the year before; expected a population that "
                "moves by less than half from one year to the next (a digit dropped or added?).",
                path,
            )
