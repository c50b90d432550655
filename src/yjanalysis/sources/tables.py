"""Read any CSV, ODS or Excel file as text tables, and find the header row by its columns.

Readers for particular formats never open files themselves: they ask this module for the
tables in a file (one per sheet for spreadsheets) as data frames of strings, with the header
row found by the columns the format is looking for. Published spreadsheets often put a title
and notes above the header, and CSVs come in UTF-8 (with or without a byte-order mark) or in
Latin-1 / Windows-1252 from older ONS and council systems; all of that is handled here once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from yjanalysis.errors import InputError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
HEADER_SEARCH_ROWS = 30


def column_key(name: object) -> str:
    """Return the comparable form of a column name: lower case, words joined by ``_``.

    Examples
    --------
    >>> column_key("  LA and Regions ")
    'la_and_regions'
    >>> column_key("Financial_Year")
    'financial_year'
    >>> column_key("90+")
    '90+'
    """
    text = str(name).strip().lower().replace("\ufeff", "")
    return re.sub(r"[^a-z0-9+]+", "_", text).strip("_")


@dataclass
class Table:
    """One table found in a file.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every cell as a string (empty string for an empty cell), columns as in the file, the
        index holding the row number in the file (1-based, as a spreadsheet shows it).
    sheet : str or None
        The sheet it came from, for spreadsheets.
    """

    frame: pd.DataFrame
    sheet: str | None = None

    @property
    def keys(self) -> list[str]:
        """The columns in comparable form (see :func:`column_key`)."""
        return [column_key(c) for c in self.frame.columns]

    def where(self) -> str:
        """Say where the table is, for messages: ``sheet 'X'`` or an empty string."""
        return f" (sheet '{self.sheet}')" if self.sheet else ""


def decode(path: Path) -> str:
    """Return the text of a CSV file, read as UTF-8 or, failing that, Windows-1252/Latin-1.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        The decoded text without a byte-order mark.
    """
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError("is not a text file (it holds binary data); expected a CSV.", path)
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("could not be decoded as UTF-8 or Latin-1 text.", path)  # pragma: no cover


def _rows_to_frame(rows: list[list[str]], header_at: int) -> pd.DataFrame:
    header = [str(h).strip() for h in rows[header_at]]
    body = rows[header_at + 1 :]
    width = len(header)
    body = [(r + [""] * (width - len(r)))[:width] if len(r) != width else r for r in body]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(body))
    return _drop_empty(frame)


def _drop_empty(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop trailing unnamed empty columns and wholly empty rows (export artefacts)."""
    filled = frame.ne("") & frame.notna()
    named = [bool(str(c).strip()) and not str(c).startswith("Unnamed:") for c in frame.columns]
    keep = [n or bool(filled.iloc[:, i].any()) for i, n in enumerate(named)]
    frame = frame.loc[:, keep]
    return frame.loc[filled.loc[:, keep].any(axis=1)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _read_csv(path: Path, want: Callable[[list[str]], bool]) -> Iterator[Table]:
    text = decode(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    lines = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    head = list(csv.reader(io.StringIO("\n".join(lines))))
    header_at = next((i for i, r in enumerate(head) if want([column_key(c) for c in r])), None)
    if header_at is None:
        header_at = 0
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            skiprows=header_at,
            dtype=str,
            keep_default_na=False,
            sep=delimiter,
            skipinitialspace=False,
        )
    except pd.errors.ParserError as error:
        line = re.search(r"line (\d+)", str(error))
        where = f"row {int(line.group(1)) + header_at}" if line else "a row"
        raise InputError(
            f"{where} has a different number of fields from the header; expected a regular CSV.",
            path,
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError("is empty; expected a header row and data.", path) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    yield Table(_drop_empty(frame))


def _read_spreadsheet(path: Path, want: Callable[[list[str]], bool]) -> Iterator[Table]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for every kind of bad file
        raise InputError(f"could not be opened as a spreadsheet ({error}).", path) from None
    for name in book.sheet_names:
        rows = [[_cell_text(v) for v in row] for row in book.get_sheet_by_name(name).to_python()]
        if not rows:
            continue
        header_at = next(
            (
                i
                for i, r in enumerate(rows[:HEADER_SEARCH_ROWS])
                if want([column_key(c) for c in r])
            ),
            None,
        )
        if header_at is None:
            continue
        yield Table(_rows_to_frame(rows, header_at), sheet=name)


def tables(path: Path, want: Callable[[list[str]], bool]) -> Iterator[Table]:
    """Yield the tables of a file whose header row satisfies ``want``.

    Parameters
    ----------
    path : Path
        A CSV, TSV, ODS or Excel file.
    want : callable
        Given the comparable column names of a candidate header row, says whether it is the
        header of a table some reader recognises. For a CSV with no such row the first row is
        taken as the header (so the caller can say which columns it found).

    Yields
    ------
    Table
        For a CSV, exactly one; for a spreadsheet, each sheet that has a wanted header.
    """
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        yield from _read_spreadsheet(path, want)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv(path, want)
    else:
        raise InputError(
            f"has the extension '{suffix or '(none)'}'; expected a .csv, .ods or .xlsx file.",
            path,
        )
