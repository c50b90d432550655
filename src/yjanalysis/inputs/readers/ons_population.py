"""ONS mid-year population estimates by single year of age, in the layouts they come in.

Three layouts are read:

* **wide by age** (the ONS "MYE2" tables and their copies): an area code and name, perhaps a
  geography type and an "All ages" total, then one column per age ``0`` … ``89`` and ``90+``
  (sometimes ``Age 0`` …); numbers may carry thousands separators (``"1,234"``).
* **long** (the Nomis API's CSV, ``NM_2002_1``, and similar extracts): one row per area and
  age, with ``GEOGRAPHY_CODE``, ``GEOGRAPHY_NAME``, ``DATE``, ``C_AGE_NAME`` (``Age 10``) and
  ``OBS_VALUE``; rows for several sexes are summed when no all-persons row is present.
* **wide by year** (ONS "MYEB" detailed tables): ``ladcode``, ``laname``, ``sex``, ``age`` and
  one ``population_YYYY`` column per year; sexes are summed.

The estimate's year is taken from a year or date column where the file has one, otherwise from
the file's name (``mid2019``, ``mid-2023``, or a lone four-digit year); with neither it is left
missing and the build says the file cannot be used for rates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import plausible

KIND = "ons_population"
TITLE = "ONS mid-year population estimates by single year of age"

CODES = ("code", "area_code", "geography_code", "lad_code", "ladcode", "la_code", "mnemonic")
NAMES = ("name", "area_name", "geography_name", "lad_name", "laname", "la_name", "area")
AGE_COLUMN = re.compile(r"^(?:age_)?(\d{1,2}|90\+|90_and_over|90_plus)$")
LONG_AGE = ("c_age_name", "age", "single_year_of_age", "c_age")
LONG_VALUE = ("obs_value", "population", "value", "count")
LONG_YEAR = ("date", "year", "mid_year", "date_name", "time")
SEX = ("gender_name", "sex", "gender", "c_sex_name", "sex_name")
POPULATION_YEAR = re.compile(r"^population_((?:19|20)\d\d)$")


def _prefixed(keys: set[str], names: tuple[str, ...]) -> bool:
    """Match names with a year suffix too (``ladcode21``, ``laname23``)."""
    return any(k in names or re.sub(r"\d+$", "", k) in names for k in keys)


def _layout(keys: set[str]) -> str | None:
    ages = {m.group(1) for k in keys if (m := AGE_COLUMN.match(k))}
    youth = {str(a) for a in range(10, 18)} & ages
    # Most of the ages 10 to 17: a table of single years of age (a missing one is an error).
    if len(youth) >= 5 and _prefixed(keys, NAMES + CODES):
        return "wide_by_age"
    if any(POPULATION_YEAR.match(k) for k in keys) and "age" in keys:
        return "wide_by_year"
    if keys & set(LONG_AGE) and keys & set(LONG_VALUE) and keys & set(CODES + NAMES):
        return "long"
    return None


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like population by single year of age, in any layout."""
    return _layout(keys) is not None


def years_in_name(path: Path) -> list[int]:
    """Return the distinct years a file's name gives, in the order written.

    Examples
    --------
    >>> years_in_name(Path("ons_mid2019_to_mid2024.csv"))
    [2019, 2024]
    >>> years_in_name(Path("ukpopestimatesmid2021on2021geography.xlsx"))
    [2021]
    """
    name = path.stem.lower()
    found = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name)
    return [int(y) for y in dict.fromkeys(found)]


def year_from_name(path: Path) -> int | None:
    """Return the year of an estimate from its file name, if the name gives one and only one.

    A name giving two years (``ons_mid2019_to_mid2024.csv``) gives none: which of them the
    estimates are for cannot be told (:func:`parse` refuses such a file unless its columns
    give the year).

    Examples
    --------
    >>> year_from_name(Path("ons_mye_mid2019_sya_uk_areas.csv"))
    2019
    >>> year_from_name(Path("population-mid-2023.xlsx"))
    2023
    >>> year_from_name(Path("population.csv")) is None
    True
    >>> year_from_name(Path("ons_mid2019_to_mid2024.csv")) is None
    True
    """
    years = years_in_name(path)
    return years[0] if len(years) == 1 else None


def _age(label: pd.Series, path: Path, column: str) -> pd.Series:
    text = label.astype(str).str.strip().str.lower()
    text = text.str.replace(r"^(aged|age)\s*", "", regex=True)
    text = text.str.replace(r"\s*(\+|and over|plus|years and over)$", "+", regex=True)
    number = pd.to_numeric(text.str.rstrip("+"), errors="coerce")
    bad = number.isna() | (number < 0) | (number > 120)
    if bad.any():
        row = bad.idxmax()
        raise checks.InputError(
            f"row {row}, column '{column}': '{label.loc[row]}' is not an age; "
            "expected a single year of age such as 10 or 'Age 10', or 90+.",
            path,
        )
    return number.astype("Int64")


SCHEMA = pa.DataFrameSchema(
    {
        "area_code": pa.Column(
            "string",
            pa.Check.str_matches(
                r"^[EWSNK]\d{8}$", error="expected a nine-character ONS code such as E06000045"
            ),
            nullable=True,
        ),
        "area_name": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected an area name")
        ),
        "year": pa.Column("Int64", pa.Check.in_range(1971, 2100), nullable=True),
        "age": pa.Column("Int64", pa.Check.in_range(0, 120, error="expected an age")),
        "population": pa.Column(
            "Float64",
            pa.Check.ge(0, error="expected a population of at least 0"),
            nullable=True,
        ),
    },
)


def _name_code(table: Table, path: Path) -> tuple[pd.Series, pd.Series, dict[str, str]]:
    by_key: dict[str, str] = {}
    for col in table.frame.columns:
        key = checks.column_key(col)
        by_key.setdefault(key, col)
        by_key.setdefault(re.sub(r"\d+$", "", key), col)
    code_col = next((by_key[c] for c in CODES if c in by_key), None)
    name_col = next((by_key[n] for n in NAMES if n in by_key), None)
    frame = table.frame
    if name_col is None and code_col is None:  # pragma: no cover - recognition requires one
        raise checks.InputError("has no area name or code column.", path)
    codes = (
        frame[code_col].astype(str).str.strip().replace("", pd.NA).astype("string")
        if code_col
        else pd.Series(pd.NA, index=frame.index, dtype="string")
    )
    names = frame[name_col].astype(str).str.strip() if name_col else codes.astype(str)
    if code_col and name_col:
        known = codes.notna()
        checks.code_and_name_agree(
            codes[known], names[known], path, (code_col, name_col), "ons_lad_codes"
        )
    return codes, names, {"area_code": code_col or "code", "area_name": name_col or "name"}


def _wide_by_age(table: Table, path: Path, year: int | None) -> tuple[pd.DataFrame, dict]:
    codes, names, shown = _name_code(table, path)
    frame = table.frame
    matched = [(c, m) for c in frame.columns if (m := AGE_COLUMN.match(checks.column_key(c)))]
    age_cols = [c for c, _ in matched]
    ages = {c: int(m.group(1).rstrip("+")[:2]) for c, m in matched}
    missing = sorted(set(range(10, 18)) - set(ages.values()))
    if missing:
        raise checks.InputError(
            f"has no column for age {missing[0]}{table.where()}; expected a column for each "
            "age from 10 to 17.",
            path,
        )
    checks.one_each(table, path, age_cols, list(ages.values()), "age ")
    values = checks.numbers_by_column(frame, path, age_cols)
    parts = []
    for col in age_cols:
        checks.at_least(values[col], 0, path, col)
        parts.append(
            pd.DataFrame(
                {
                    "area_code": codes,
                    "area_name": names,
                    "age": ages[col],
                    "population": values[col],
                }
            )
        )
    out = pd.concat(parts)
    out.insert(2, "year", pd.array([year] * len(out), dtype="Int64"))
    return out, shown | {"population": "age columns"}


def _long(table: Table, path: Path, year: int | None) -> tuple[pd.DataFrame, dict]:
    codes, names, shown = _name_code(table, path)
    found = checks.columns(
        table,
        path,
        {"age": LONG_AGE, "population": LONG_VALUE, "year": LONG_YEAR, "sex": SEX},
        optional=("year", "sex"),
    )
    frame = table.frame
    values, _ = checks.numbers(frame[found["population"]], path, found["population"])
    out = pd.DataFrame(
        {
            "area_code": codes,
            "area_name": names,
            "year": year,
            "age": _age(frame[found["age"]], path, found["age"]),
            "population": values,
        }
    )
    if "year" in found:
        years = frame[found["year"]].astype(str).str.extract(r"((?:19|20)\d\d)")[0]
        out["year"] = pd.to_numeric(years, errors="coerce").astype("Int64")
    out["sex"] = ""
    if "sex" in found:
        sex = frame[found["sex"]].astype(str).str.strip().str.lower()
        persons = sex.isin({"all persons", "persons", "all", "total", "0", "people"})
        out["sex"] = sex
        out = out[persons] if persons.any() else out
    return out, shown | {f: found[f] for f in found}


def _wide_by_year(table: Table, path: Path) -> tuple[pd.DataFrame, dict]:
    codes, names, shown = _name_code(table, path)
    frame = table.frame
    found = checks.columns(table, path, {"age": ("age",), "sex": SEX}, optional=("sex",))
    ages = _age(frame[found["age"]], path, found["age"])
    sex = frame[found["sex"]].astype(str).str.strip().str.lower() if "sex" in found else ""
    matched = [(c, m) for c in frame.columns if (m := POPULATION_YEAR.match(checks.column_key(c)))]
    year_cols = [c for c, _ in matched]
    years = [m.group(1) for _, m in matched]
    checks.one_each(table, path, year_cols, years, "")
    parts = []
    for col, year in zip(year_cols, years, strict=True):
        values, _ = checks.numbers(frame[col], path, col)
        parts.append(
            pd.DataFrame(
                {
                    "area_code": codes,
                    "area_name": names,
                    "year": int(year),
                    "age": ages,
                    "population": values,
                    "sex": sex,
                }
            )
        )
    return pd.concat(parts), shown


def _refuse_year_not_begun(out: pd.DataFrame, shown: dict, layout: str | None, path: Path) -> None:
    """Refuse estimates of a year not begun, as the YJB table's are.

    Failed before: an ONS file named ``mid2029`` gave every service its population for 2029.
    """
    known = out["year"].dropna()
    why = plausible.estimate_not_begun(int(known.max())) if len(known) else None
    if why is None:
        return
    year = int(known.max())
    if "year" in shown:
        row = known.idxmax()
        raise checks.InputError(f"row {row}, column '{shown['year']}' {why}.", path)
    if layout == "wide_by_year":
        raise checks.InputError(f"column 'population_{year}' {why}.", path)
    raise checks.InputError(f"its name {why}.", path)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return the estimates as long rows, one per area, year and single year of age.

    Returns
    -------
    pandas.DataFrame
        ``area_code`` (where the file has codes), ``area_name``, ``year`` (where known),
        ``age`` (90 stands for 90 and over) and ``population`` (``Float64``: some modelled
        copies of the estimates carry fractions).
    """
    layout = _layout(set(table.keys))
    year = year_from_name(path)
    if layout == "wide_by_age":
        out, shown = _wide_by_age(table, path, year)
    elif layout == "long":
        out, shown = _long(table, path, year)
    else:
        out, shown = _wide_by_year(table, path)
    named = years_in_name(path)
    if len(named) > 1 and out["year"].isna().any():
        raise checks.InputError(
            f"names {len(named)} years ({', '.join(map(str, named))}) and its columns give "
            "none; expected the name of a file of one mid-year's estimates to give that year "
            "alone, such as ons_population_mid2024.csv (or a year column in the file).",
            path,
        )
    _refuse_year_not_begun(out, shown, layout, path)
    if layout == "wide_by_age":
        first_age = out[out["age"] == out["age"].min()].dropna(subset=["area_code"])
        checks.duplicates(first_age, ["area_code"], path, shown)
    else:
        # One row per area, year, age and sex: a row given twice would be counted twice.
        key = ["area", "year", "age"] + (["sex"] if out["sex"].ne("").any() else [])
        checks.duplicates(
            out.assign(area=out["area_code"].fillna(out["area_name"])),
            key,
            path,
            shown | {"area": shown["area_code"]},
        )
        out = out.drop(columns="sex")
    # Rows for each sex are summed to all persons.
    out = out.reset_index(names="row")
    keys = ["area_code", "area_name", "year", "age"]
    if out.duplicated(keys).any():
        groups = out.groupby(keys, dropna=False, sort=False)
        out = groups.first().assign(population=groups["population"].sum(min_count=1))
        out = out.reset_index()
    grouped = out.set_index("row").rename_axis(None)
    grouped["area_code"] = grouped["area_code"].astype("string")
    grouped["population"] = grouped["population"].astype("Float64")
    grouped["year"] = grouped["year"].astype("Int64")
    grouped["age"] = grouped["age"].astype("Int64")
    checked = checks.validate(SCHEMA, grouped, path, shown)
    _check_single_years(checked, path)
    return checked


#: The most an age from 10 to 17 may be times the nearer of the ages either side (or the least
#: a fraction of it), where the two differ by more than :data:`FEW_PEOPLE`. In the real ONS
#: mid-2019 (all UK areas, 3,408 ages 10 to 17 compared) and mid-2023 (districts, 2,880) files
#: the largest departure of an age from the nearer of its neighbours is 1.79 (the Isles of
#: Scilly's 14 aged 17 in 2023, 11 people from the nearer age), and 1.19 where both neighbours
#: differ from it by more than 50 people (Harrogate's age 17 in 2019; Oxford's, 1.16, in 2023):
#: a digit added or dropped is 10 times.
SINGLE_YEARS = 2.0
#: A difference of fewer people than this between neighbouring ages is never refused: the
#: smallest areas (the Isles of Scilly, the City of London) have a few dozen children an age.
FEW_PEOPLE = 50


def _check_single_years(rows: pd.DataFrame, path: Path) -> None:
    """Refuse an age from 10 to 17 out of line with both ages beside it in the same area.

    A single year of age in one area moves smoothly from one age to the next (a cohort is born
    in one year); an age typed with a digit added (28,290 for 2,829) or dropped is 10 times, or
    a tenth of, both its neighbours. Found before: Southampton's age 15 typed 28,290 in the
    real mid-2023 file gave it 47,950 children aged 10 to 17 for 22,489 and moved every rate
    of its family. Only the ages the project sums (10 to 17) are compared, with ages 9 to 18
    beside them; an age whose neighbours are absent or missing is not compared.
    """
    keys = [rows["area_code"].fillna(rows["area_name"]), rows["year"].fillna(-1)]
    wide = rows.assign(row=rows.index).pivot_table(
        index=keys, columns="age", values="population", aggfunc="first"
    )
    if not {9, 18} <= set(wide.columns):
        return
    wide = wide.astype(float)
    worst = None
    for age in range(10, 18):
        value = wide[age]
        sides = pd.concat([wide[age - 1], wide[age + 1]], axis=1)
        ratio = sides.rdiv(value, axis=0)
        ratio = ratio.where(ratio >= 1, 1 / ratio)
        apart = sides.rsub(value, axis=0).abs()
        out = ((ratio > SINGLE_YEARS) & (apart > FEW_PEOPLE)).all(axis=1)
        if out.any():
            key = ratio[out].min(axis=1).idxmax()
            times = ratio.loc[key].min()
            if worst is None or times > worst[0]:
                worst = (times, key, age, sides.loc[key])
    if worst is None:
        return
    times, key, age, sides = worst
    at = rows[
        rows["area_code"].fillna(rows["area_name"]).eq(key[0])
        & rows["year"].fillna(-1).eq(key[1])
        & rows["age"].eq(age)
    ]
    row = at.index[0]
    name, value = at["area_name"].iloc[0], float(at["population"].iloc[0])
    way = "times" if value > sides.min() else "times smaller than"
    raise checks.InputError(
        f"row {row} ({name}, age {age}): a population of {value:,.0f} is {times:.1f} {way} "
        f"the nearer of the ages beside it ({sides.iloc[0]:,.0f} aged "
        f"{age - 1}, {sides.iloc[1]:,.0f} aged {age + 1}); expected single years of age in "
        f"one area within {SINGLE_YEARS:g} times of the age beside them, as in every real "
        "estimate (a digit added or dropped is 10 times).",
        path,
    )
