"""Readers for every input format, recognised by their columns.

:func:`read` opens a CSV, ODS or Excel file, finds the table in it whose header matches a
format this project reads (whatever the file is called and wherever the header row is), and
returns that format's tidy, validated data frame with the format recorded in
``df.attrs["kind"]``. A file it cannot recognise, or a recognised file with a missing column, a
wrong type, a duplicate key or an impossible value, raises :class:`~yjanalysis.errors.InputError`
with one sentence naming the file, the column or row and what was expected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from yjanalysis.errors import InputError, UnrecognisedFileError
from yjanalysis.sources import (
    case_extract,
    dfe_reference,
    families,
    indicator_csv,
    lait,
    ons_population,
    yjb_children,
    yjb_population,
)
from yjanalysis.sources.tables import tables

#: Every format, most specific first (recognition stops at the first that matches).
FORMATS = (
    *case_extract.TABLES,
    indicator_csv,
    lait,
    yjb_children,
    yjb_population,
    ons_population,
    families,
    dfe_reference.StatisticalNeighbours,
    dfe_reference.LAITDictionary,
    dfe_reference.LACodes,
)


def recognise(keys: list[str] | set[str]):
    """Return the format whose columns these are, or ``None``.

    Examples
    --------
    >>> recognise(["financial_year", "yot", "number_children"]).KIND
    'yjb_children'
    >>> recognise(["something", "else"]) is None
    True
    """
    keyset = set(keys)
    return next((fmt for fmt in FORMATS if fmt.recognises(keyset)), None)


def read(path: str | Path) -> pd.DataFrame:
    """Read any supported file, recognised by its columns, as a validated data frame.

    Parameters
    ----------
    path : str or Path
        A CSV, ODS or Excel file.

    Returns
    -------
    pandas.DataFrame
        The format's tidy rows; ``attrs`` holds ``kind`` (the format), ``title``, ``path``
        and ``sheet``.

    Raises
    ------
    UnrecognisedFileError
        If no table in the file has the columns of a supported format.
    InputError
        If a recognised table has a missing column, a bad value or a repeated key.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("does not exist or is not a file.", path)
    first_columns: list[str] = []
    for table in tables(path, lambda keys: recognise(keys) is not None):
        fmt = recognise(table.keys)
        if fmt is None:
            first_columns = [str(c) for c in table.frame.columns][:8]
            continue
        frame = fmt.parse(table, path)
        frame.attrs.update(kind=fmt.KIND, title=fmt.TITLE, path=str(path), sheet=table.sheet)
        return frame
    found = (
        f"its columns ({', '.join(repr(c) for c in first_columns)})"
        if first_columns
        else "no sheet has a header row that"
    )
    raise UnrecognisedFileError(
        f"{found} match no format this project reads; expected a YJB Children table, a YJB "
        "or ONS population table, DfE LAIT data, an indicator CSV or a families list "
        "(see docs/inputs.md).",
        path,
    )


__all__ = ["FORMATS", "read", "recognise"]
