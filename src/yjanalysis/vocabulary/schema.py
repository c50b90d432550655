"""The tidy indicator table: the contract between the layers.

One row per area × indicator × period × breakdown group, with the columns below (see the
README section "The indicator table"). Every producer of rows (the build from published files,
the case-level engine, a user's own CSV) returns frames passed through :func:`conform`, and the
build validates the whole table with :data:`SCHEMA` before writing it.

``method`` is an addition to the design's columns: it says in words how a computed value was
made (``pooled counts of 10 YJSs``, ``pooled counts of 8 of its 10 services``), so that every
chart can state its method without recomputing it.

``own_records`` is another: ``True`` for a figure computed from a service's own case-level
records, which is about identifiable children and subject to disclosure control
(:mod:`yjanalysis.methods.disclosure`) wherever it is shown. Rows are marked where they are made
(the case-level engine, or an indicator CSV holding a service's own figures), never recognised
afterwards by the wording of their source.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from yjanalysis.vocabulary.catalogue import ids

__all__ = [
    "AREA_TYPES",
    "COLUMNS",
    "KEY",
    "SCHEMA",
    "STATUSES",
    "conform",
    "empty",
]

AREA_TYPES = ("yjs", "la", "family", "region", "pcc", "country", "england_wales")
STATUSES = ("published", "computed", "suppressed")

COLUMNS = {
    "area_type": "string",
    "area": "string",
    "indicator": "string",
    "period": "string",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "breakdown": "string",
    "group": "string",
    "numerator": "Float64",
    "denominator": "Float64",
    "value": "Float64",
    "lower": "Float64",
    "upper": "Float64",
    "source": "string",
    "status": "string",
    "method": "string",
    "own_records": "boolean",
}
KEY = ["area_type", "area", "indicator", "period", "breakdown", "group"]


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the table's columns, in order, with their types.

    Missing optional columns are added empty; ``breakdown``/``group`` default to
    ``total``/``all``.

    Examples
    --------
    >>> row = pd.DataFrame({"area_type": ["yjs"], "area": ["Southampton"],
    ...                     "indicator": ["fte_rate"], "period": ["2023"], "value": [147.0]})
    >>> conform(row)[["breakdown", "group", "status"]].iloc[0].tolist()
    ['total', 'all', 'published']
    """
    out = frame.copy()
    defaults = {"breakdown": "total", "group": "all", "status": "published", "own_records": False}
    for column, dtype in COLUMNS.items():
        if column not in out:
            out[column] = defaults.get(column, pd.NA)
        if dtype.startswith("datetime"):
            out[column] = pd.to_datetime(out[column]).astype(dtype)
        else:
            out[column] = out[column].astype(dtype)
    for column, default in defaults.items():
        out[column] = out[column].fillna(default)
    return out[list(COLUMNS)].reset_index(drop=True)


def empty() -> pd.DataFrame:
    """Return an empty table with the right columns and types."""
    return conform(pd.DataFrame({c: [] for c in COLUMNS}))


SCHEMA = pa.DataFrameSchema(
    {
        "area_type": pa.Column(
            "string", pa.Check.isin(AREA_TYPES, error=f"expected one of {', '.join(AREA_TYPES)}")
        ),
        "area": pa.Column(
            "string", pa.Check.str_length(min_value=1, error="expected an area name")
        ),
        "indicator": pa.Column(
            "string", pa.Check(lambda s: s.isin(ids()), error="expected an indicator id")
        ),
        "period": pa.Column("string", pa.Check.str_length(min_value=1)),
        "period_start": pa.Column("datetime64[ns]", nullable=True),
        "period_end": pa.Column("datetime64[ns]", nullable=True),
        "breakdown": pa.Column("string"),
        "group": pa.Column("string"),
        "numerator": pa.Column(
            "Float64", pa.Check.ge(0, error="expected a count of zero or more"), nullable=True
        ),
        "denominator": pa.Column(
            "Float64", pa.Check.gt(0, error="expected a denominator above zero"), nullable=True
        ),
        "value": pa.Column("Float64", nullable=True),
        "lower": pa.Column("Float64", nullable=True),
        "upper": pa.Column("Float64", nullable=True),
        "source": pa.Column("string", nullable=True),
        "status": pa.Column(
            "string", pa.Check.isin(STATUSES, error=f"expected one of {', '.join(STATUSES)}")
        ),
        "method": pa.Column("string", nullable=True),
        "own_records": pa.Column("boolean"),
    },
    checks=[
        pa.Check(
            lambda df: (
                (df["period_start"].isna() | df["period_end"].isna())
                | (df["period_start"] <= df["period_end"])
            ),
            error="expected period_start on or before period_end",
        ),
    ],
    unique=KEY,
    strict=True,
)
