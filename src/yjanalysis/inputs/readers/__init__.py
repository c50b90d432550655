"""Readers for every input format, recognised by their columns.

:func:`read_all` opens a CSV, ODS, Excel or Parquet file, finds each table in it whose header
matches a format this project reads (whatever the file is called and wherever the header row
is), and returns each format's tidy, validated data frame with the format recorded in
``df.attrs["kind"]`` (:func:`read` returns the first). A file it cannot recognise, or a
recognised file with a missing column, a wrong type, a duplicate key or an impossible value,
raises :class:`~yjanalysis.errors.InputError` with one sentence naming the file, the column or
row and what was expected.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from yjanalysis.errors import InputError, UnrecognisedFileError
from yjanalysis.inputs.readers.files import CSV_SUFFIXES, tables


def _row_numbers(rows: list[int]) -> str:
    """Name rows: one, a run, or the first three and how many more.

    Examples
    --------
    >>> _row_numbers([4]), _row_numbers([4, 5, 6]), _row_numbers([4, 9])
    ('row 4', 'rows 4 to 6', 'rows 4 and 9')
    >>> _row_numbers([4, 9, 12, 30, 31])
    'rows 4, 9, 12 and 2 more'
    """
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows[-1] - rows[0] == len(rows) - 1:
        return f"rows {rows[0]} to {rows[-1]}"
    more = f" and {len(rows) - 3:,} more" if len(rows) > 3 else ""
    shown = rows[:3]
    listed = ", ".join(map(str, shown[:-1])) + (", " if more else " and ") + str(shown[-1])
    return f"rows {listed}{more}"


@cache
def _formats() -> tuple:
    """Every format, most specific first (recognition stops at the first that matches).

    Imported when first asked for: the formats' checks import pandera (about half a second),
    which a module that only needs :mod:`~yjanalysis.inputs.readers.files` (the report's
    settings, in every kernel of a refresh) does without.
    """
    from yjanalysis.inputs.readers import (
        case_extract,
        dfe_reference,
        families,
        hmi_inspections,
        indicator_csv,
        lait,
        ons_population,
        yjb_children,
        yjb_population,
    )

    return (
        *case_extract.TABLES,
        indicator_csv,
        lait,
        yjb_children,
        yjb_population,
        ons_population,
        families,
        hmi_inspections,
        dfe_reference.StatisticalNeighbours,
        dfe_reference.LAITDictionary,
        dfe_reference.LACodes,
    )


def __getattr__(name: str):
    """Return ``FORMATS``, every format, most specific first (see :func:`_formats`)."""
    if name == "FORMATS":
        return _formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    return next((fmt for fmt in _formats() if fmt.recognises(keyset)), None)


def kinds(path: str | Path) -> dict[str, str]:
    """Return the formats of the tables a file holds, by their header rows alone.

    The same search as :func:`read_all` (every visible sheet, a header below title lines), but
    nothing is parsed or checked: what kind of input the file is, not whether it is good. Used
    by ``fetch`` to refuse an answer that is another input than its source.

    Returns
    -------
    dict
        Each format's ``KIND`` to its ``TITLE``; empty where no header is recognised.

    Raises
    ------
    InputError
        If the file cannot be read at all.
    """
    found: dict[str, str] = {}

    def note(keys: list[str]) -> bool:
        fmt = recognise(keys)
        if fmt is not None:
            found[fmt.KIND] = fmt.TITLE
        return False  # go on looking: the rows are not wanted, only what the headers are

    for _ in tables(Path(path), note):
        pass
    return found


#: The formats of tables a publisher releases, each file written whole by a program: every
#: real one ends with a line break (all nine in the tests' copies of the real releases, and the
#: demo's). A user's own files (an indicator CSV, a families list, an extract) are typed or
#: saved by hand and often end without one, so they are not held to it.
PUBLISHED = frozenset({"yjb_children", "yjb_population", "ons_population", "lait",
                       "hmi_inspections", "dfe_statistical_neighbours", "dfe_la_codes",
                       "lait_data_dictionary"})  # fmt: skip


def _refuse_unended(path: Path, title: str) -> None:
    """Refuse a published CSV whose last line has no line break after it.

    A download cut inside its last number (``325`` cut to ``3``) leaves a last row with all its
    fields, each a possible value, and no line break after it: nothing in the row tells it from
    a whole one (8,390 family figures changed on an ONS file cut so). A file cut at a line end
    cannot be told either way; one cut inside a line always lacks its last line break, which no
    published file does.
    """
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 4))
        end = handle.read().rstrip(b"\x00")  # UTF-16 writes a NUL after each byte it encodes
    if size and not end.endswith((b"\n", b"\r")):
        raise InputError(
            f"ends without a line break after its last row, as no file of {title} is "
            "published: it was cut short (a download that stopped inside a row leaves a last "
            "number cut, such as 325 as 3, which no check of the values can see); expected the "
            "whole file (download it again).",
            path,
        )


def sheet_kinds(path: str | Path) -> dict[str | None, dict[str, str]]:
    """Return the format of each sheet's table in a file, by its header row alone.

    As :func:`kinds`, sheet by sheet (a CSV's or Parquet file's one table is under ``None``):
    a workbook fetched as one source may hold a sheet of another kind (a ``Notes`` sheet laid
    out as inspection ratings beside the Children table), which the build would read as that
    input. A sheet's table is the first header a format recognises, as the build reads it.
    """
    from yjanalysis.inputs.readers.files import SPREADSHEET_SUFFIXES

    path = Path(path)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        found = kinds(path)
        return {None: found} if found else {}
    out: dict[str | None, dict[str, str]] = {}
    for table in tables(path, lambda keys: recognise(keys) is not None):
        fmt = recognise(table.keys)
        if fmt is not None:
            out.setdefault(table.sheet, {})[fmt.KIND] = fmt.TITLE
    return out


def read_all(path: str | Path) -> list[pd.DataFrame]:
    """Read every table of a file that a format recognises, each as a validated data frame.

    A CSV or Parquet file holds one table; a workbook may hold several (a case-level extract
    can be one workbook with a sheet per table). Hidden sheets are not read.

    Parameters
    ----------
    path : str or Path
        A CSV, ODS, Excel or Parquet file.

    Returns
    -------
    list of pandas.DataFrame
        For each recognised table, the format's tidy rows; ``attrs`` holds ``kind`` (the
        format), ``title``, ``path``, ``sheet`` and ``notes`` (what was left out, in words).

    Raises
    ------
    UnrecognisedFileError
        If no table in the file has the columns of a supported format.
    InputError
        If a recognised table has a missing column, a bad value or a repeated key, has no
        rows (but an extract's remands table, where no rows are no remands), or the file
        cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("does not exist or is not a file.", path)
    first_columns: list[str] = []
    skipped: list[str] = []
    frames = []
    for table in tables(path, lambda keys: recognise(keys) is not None, skipped):
        fmt = recognise(table.keys)
        if fmt is None:
            first_columns = [str(c) for c in table.frame.columns][:8]
            continue
        # Empty is refused, but for a table whose rows are events a service may have none of
        # (an extract's remands): there a header alone says there were none. Blank rows below
        # the header (commas only) are an export that lost its cells, never "none".
        blank = table.frame.attrs.get("blank_rows", [])
        if blank and not table.frame.empty and fmt.KIND.startswith("extract_"):
            # Among an extract table's rows too: every row of it is a record (a remand, an
            # order), so a line with every cell empty is one whose cells the export lost, and
            # dropped it would count one record for 38 (children remanded 1 for 9). A
            # published table's blank lines are layout, and its totals are checked.
            raise InputError(
                f"has {len(blank):,} wholly blank row{'s' * (len(blank) != 1)}{table.where()} "
                f"among its rows ({_row_numbers(blank)}: every cell empty), as an export that "
                f"lost its cells leaves; expected every row of {fmt.TITLE} whole (export it "
                "again).",
                path,
            )
        blank = blank if table.frame.empty else []
        if blank:
            rows = f"row {blank[0]}" if len(blank) == 1 else f"rows {blank[0]} to {blank[-1]}"
            alone = ", or the header alone if there are none" if getattr(
                fmt, "EMPTY_MEANS_NONE", False) else ""  # fmt: skip
            raise InputError(
                f"has a header{table.where()} and only blank rows below it ({rows}: every cell "
                "empty), as an export that lost its cells leaves; expected the rows of "
                f"{fmt.TITLE}{alone}.",
                path,
            )
        if table.frame.empty and not getattr(fmt, "EMPTY_MEANS_NONE", False):
            raise InputError(
                f"has a header{table.where()} but no rows below it; expected the rows of "
                f"{fmt.TITLE}.",
                path,
            )
        if fmt.KIND in PUBLISHED and path.suffix.lower() in CSV_SUFFIXES:
            _refuse_unended(path, fmt.TITLE)
        try:
            frame = fmt.parse(table, path)
        except InputError as error:
            if table.sheet and error.detail.startswith("row"):  # say which sheet the row is on
                raise InputError(f"sheet '{table.sheet}', {error.detail}", path) from None
            raise
        notes = [*table.notes, *frame.attrs.get("notes", [])]
        frame.attrs.update(
            kind=fmt.KIND, title=fmt.TITLE, path=str(path), sheet=table.sheet, notes=notes
        )
        frames.append(frame)
    if frames:
        return frames
    found = (
        f"its columns ({', '.join(repr(c) for c in first_columns)})"
        if first_columns
        else "no visible sheet has a header row that"
    )
    hidden = f" ({'; '.join(skipped)})" if skipped else ""
    raise UnrecognisedFileError(
        f"{found} match no format this project reads{hidden}; expected a YJB Children table, a "
        "YJB or ONS population table, DfE LAIT data, an indicator CSV, a families list, HM "
        "Inspectorate of Probation ratings or a table of a case-level extract (see "
        "docs/inputs.md).",
        path,
    )


def read(path: str | Path) -> pd.DataFrame:
    """Read the first recognised table of a file (see :func:`read_all`).

    Returns
    -------
    pandas.DataFrame
        The format's tidy rows; ``attrs`` holds ``kind`` (the format), ``title``, ``path``,
        ``sheet`` and ``notes``.
    """
    return read_all(path)[0]


__all__ = ["FORMATS", "kinds", "read", "read_all", "recognise", "sheet_kinds"]
