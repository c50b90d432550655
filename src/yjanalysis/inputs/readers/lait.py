"""DfE Local Authority Interactive Tool (LAIT) bulk data, long format.

One row per measure (``Short Desc``), year (``Years``) and local authority or region
(``LA and Regions``, with its DfE ``LA Number``); ``Values`` are text, ``-`` where missing or
suppressed. Years are labelled as the measure's year type has them: ``2023`` is the calendar
year, the academic year ending then (2022/23), or a financial year, depending on the measure;
``2016-17 (OT)`` is a financial year of outturn. The reader keeps the label; the indicator
catalogue says what each measure's year means.

The bulk file as published holds 434 measures; the project reads 29
(:data:`yjanalysis.vocabulary.lait_measures.MEASURES`). Only their rows are read and checked:
the others, whose year labels take other shapes (``2015/16``, ``2014-16``, ``0``), are counted
and left out unchecked, and the count is recorded in ``attrs["notes"]``. ``LA Number`` may
come as ``852.0`` from a file written by a program that stored it as a decimal; it is read as
``852``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary.lait_measures import MEASURES

KIND = "lait"
TITLE = "DfE LAIT bulk data"
#: How the note on the rows left out names them (a report leaves that note to the analyst).
UNREAD = "LAIT measures this project does not read"

FIELDS = {
    "measure": ("short_desc",),
    "measure_title": ("data_item",),
    "year_label": ("years",),
    "area_name": ("la_and_regions",),
    "la_number": ("la_number", "la_num"),
    "region": ("region",),
    "value": ("values",),
}
OPTIONAL = ("measure_title", "la_number", "region")


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like LAIT bulk data."""
    return {"short_desc", "years", "la_and_regions", "values"} <= keys


SCHEMA = pa.DataFrameSchema(
    {
        "measure": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected a measure code")
        ),
        "year_label": pa.Column(
            str,
            pa.Check.str_matches(
                r"^(19|20)\d\d(-\d\d)?( \(\w+\))?$",
                error="expected a year such as 2023, 2023-24 or 2016-17 (OT)",
            ),
        ),
        "area_name": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected an area name")
        ),
        "la_number": pa.Column(
            str,
            pa.Check.str_matches(r"^\d{3,4}$|^$", error="expected a DfE LA number such as 852"),
        ),
        "value": pa.Column("Float64", nullable=True),
    },
)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return LAIT rows with numeric values.

    Returns
    -------
    pandas.DataFrame
        ``measure``, ``measure_title``, ``year_label`` (as published), ``year`` (the label
        without its ``(OT)`` suffix), ``area_name``, ``la_number``, ``region``, ``value``
        (``Float64``, missing for ``-``) and ``marker``.
    """
    found = checks.columns(table, path, FIELDS, OPTIONAL)
    frame = table.frame
    codes = {code.lower(): code for code in MEASURES}
    measure = frame[found["measure"]].astype(str).str.strip().str.lower().map(codes)
    notes = []
    other = measure.isna()
    if other.any():
        count = frame.loc[other, found["measure"]].nunique()
        notes.append(f"{other.sum():,} rows of {count:,} {UNREAD} were left out unchecked")
        frame = frame.loc[~other]
        measure = measure.loc[~other]
    out = pd.DataFrame(index=frame.index)
    for field in FIELDS:
        if field not in ("value", "measure"):
            col = found.get(field)
            out[field] = frame[col].astype(str).str.strip() if col else ""
    out.insert(0, "measure", measure.astype(str))
    out["la_number"] = out["la_number"].str.replace(r"^(\d{3,4})\.0+$", r"\1", regex=True)
    out["year"] = out["year_label"].str.replace(r"\s*\(\w+\)$", "", regex=True)
    out["value"], out["marker"] = checks.numbers(frame[found["value"]], path, found["value"])
    shown = {f: found.get(f, f) for f in FIELDS}
    out = checks.validate(SCHEMA, out, path, shown)
    checks.duplicates(out, ["measure", "year_label", "area_name"], path, shown)
    if out.empty:
        notes = [f"none of its rows are of the {len(MEASURES)} LAIT measures this project reads"]
    out.attrs["notes"] = notes
    return out
