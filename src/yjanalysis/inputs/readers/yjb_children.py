"""YJB "Youth justice statistics: local level open data", Children table.

One row per financial year, YJS (``YOT`` in releases to 2019/20, ``YJS`` after), age group,
ethnic group and sex, with the number of children cautioned or sentenced. Released as CSV to
2019/20 and as ODS (``Children_Table.ods``, with notes above the header) since; both are read.
Small counts may be replaced by suppression marks (``*``, ``[c]``, ``..``): those rows keep
their key with a missing count and the mark in ``marker``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table

KIND = "yjb_children"
TITLE = "YJB local level open data: Children table"

FIELDS = {
    "financial_year": ("financial_year", "year", "financial_year_of_outcome"),
    "yjs": ("yjs", "yot", "yjs_name", "yot_name", "youth_justice_service"),
    "children": ("number_children", "number_of_children", "children", "count"),
    "region": ("region", "yjs_region", "yot_region"),
    "pcc": ("pcc", "pcc_area", "police_force_area"),
    "country": ("england_wales", "country", "nation"),
    "age_group": ("age_group", "age", "age_band"),
    "ethnicity": ("ethnicity_group", "ethnicity", "ethnic_group"),
    "sex": ("sex", "gender"),
}
OPTIONAL = ("region", "pcc", "country", "age_group", "ethnicity", "sex")
KEY = ["financial_year", "yjs", "age_group", "ethnicity", "sex"]


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like a Children table (a YJS and a year, no other tally)."""
    has_yjs = bool(keys & set(FIELDS["yjs"]))
    has_year = bool(keys & {"financial_year", "year"})
    other_tally = any(k.startswith("number_") and k not in FIELDS["children"] for k in keys)
    return has_yjs and has_year and not other_tally and "short_desc" not in keys


def _financial_year_ok(year: pd.Series) -> pd.Series:
    start = pd.to_numeric(year.str[:4], errors="coerce")
    end = pd.to_numeric(year.str[5:7], errors="coerce")
    return year.str.fullmatch(r"(19|20)\d\d-\d\d") & ((start + 1) % 100 == end)


SCHEMA = pa.DataFrameSchema(
    {
        "financial_year": pa.Column(
            str,
            pa.Check(_financial_year_ok, error="expected a financial year such as 2019-20"),
        ),
        "yjs": pa.Column(str, pa.Check.str_length(min_value=1, error="expected the name of a YJS")),
        "children": pa.Column(
            "Int64", pa.Check.ge(0, error="expected a count of zero or more"), nullable=True
        ),
        "marker": pa.Column("string", nullable=True),
    },
    strict=False,
)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return the Children table as tidy rows.

    Parameters
    ----------
    table : Table
        The table read from the file.
    path : Path
        The file, for messages.

    Returns
    -------
    pandas.DataFrame
        ``financial_year``, ``yjs`` (as published), ``region``, ``pcc``, ``country``,
        ``age_group``, ``ethnicity``, ``sex`` (``"All"`` where the file has no such column),
        ``children`` (``Int64``, missing where suppressed) and ``marker``.
    """
    found = checks.columns(table, path, FIELDS, OPTIONAL)
    frame = table.frame
    out = pd.DataFrame(index=frame.index)
    for field in FIELDS:
        if field == "children":
            continue
        if field in found:
            out[field] = frame[found[field]].astype(str).str.strip()
        else:
            out[field] = "All" if field in ("age_group", "ethnicity", "sex") else ""
    out["children"], out["marker"] = checks.counts(
        frame[found["children"]], path, found["children"]
    )
    shown = {f: found.get(f, f) for f in FIELDS} | {"marker": found["children"]}
    out = checks.validate(SCHEMA, out, path, shown)
    checks.duplicates(out, KEY, path, shown)
    return out
