"""Read any CSV, ODS, Excel or Parquet file as text tables, and find the header row by its columns.

Readers for particular formats never open files themselves: they ask this module for the
tables in a file (one per visible sheet for spreadsheets) as data frames of strings, with the
header row found by the columns the format is looking for. Published spreadsheets often put a
title and notes above the header, and CSVs come in UTF-8 (with or without a byte-order mark) or
in Latin-1 / Windows-1252 from older ONS and council systems, with any line endings and with
commas, semicolons, tabs or bars between fields; all of that is handled here once.

Files are measured before they are read: a file too large to read safely is refused with one
sentence before any of it is loaded (see :data:`LIMITS`), and a spreadsheet is refused if a
formula in it has no saved result (the program that wrote it never calculated it, so the cell
would read as empty).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from yjanalysis.errors import InputError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
PARQUET_SUFFIXES = {".parquet"}
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES
HEADER_SEARCH_ROWS = 30
#: The most of a CSV read to find its header: a file with no header any reader wants in its
#: first rows within it is none of the inputs, and the rest of it is never read.
HEAD_BYTES = 2**20
#: The widest row taken for a header: Excel's widest sheet (XFD). A CSV of 300,000 columns
#: in the raw folder took a build from 20 s to 218 s; no input is a thousandth as wide.
MOST_COLUMNS = 16_384
DELIMITERS = (",", ";", "\t", "|")

MB = 2**20
#: The largest inputs read, so that a wrong file cannot exhaust memory: text files on disk,
#: spreadsheets on disk and once unzipped (a small .xlsx can hold gigabytes of XML), and rows
#: of a Parquet file. The largest real inputs are far below them (the full DfE LAIT bulk file
#: is 42 MB as CSV; a million-row case-level extract about 110 MB).
LIMITS = {"text": 400 * MB, "spreadsheet": 100 * MB, "unzipped": 400 * MB, "rows": 5_000_000}
#: The most cells a sheet may span (first used cell to last): a spreadsheet reader holds every
#: cell of the span, empty or not, so one stray cell at XFD1048576 asks for 17 billion.
MOST_CELLS = 30_000_000


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
        Every cell as a string (empty string for an empty cell), columns as in the file (a
        name written twice stays twice), the index holding the row number in the file
        (1-based, as a spreadsheet shows it).
    sheet : str or None
        The sheet it came from, for spreadsheets.
    notes : list of str
        What the reader left out of the file, for the build's record (hidden sheets).
    """

    frame: pd.DataFrame
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        """The columns in comparable form (see :func:`column_key`)."""
        return [column_key(c) for c in self.frame.columns]

    def where(self) -> str:
        """Say where the table is, for messages: ``sheet 'X'`` or an empty string."""
        return f" (sheet '{self.sheet}')" if self.sheet else ""


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / MB:.0f} MB"


def _refuse_if_larger(path: Path, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise InputError(
            f"is {_size(size)}{what}; expected at most {_size(limit)}, so it was refused "
            "before reading (split it, or keep only the rows this project reads).",
            path,
        )


def check_size(path: Path) -> None:
    """Refuse a file too large to read safely, before reading any of it.

    Parameters
    ----------
    path : Path
        A file with one of the suffixes read.

    Raises
    ------
    InputError
        If the file, or a spreadsheet once unzipped, is larger than :data:`LIMITS` allows.
    """
    suffix = path.suffix.lower()
    size = _stat(path).st_size
    if suffix in CSV_SUFFIXES:
        _refuse_if_larger(path, size, LIMITS["text"], "")
    elif suffix in SPREADSHEET_SUFFIXES:
        _refuse_if_larger(path, size, LIMITS["spreadsheet"], "")
        if suffix in {".xlsx", ".xlsm", ".xlsb", ".ods"} and zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as archive:
                    unzipped = sum(info.file_size for info in archive.infolist())
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                raise InputError(
                    f"could not be opened as a spreadsheet ({error}); expected a whole "
                    f"{suffix} file (save it again from Excel or LibreOffice).",
                    path,
                ) from None
            # What an archive declares of itself is checked again as it is read (a part that
            # unpacks to more than it declares is refused then, see _read_spreadsheet).
            _refuse_if_larger(path, unzipped, LIMITS["unzipped"], " once unzipped")


def _stat(path: Path):
    try:
        return path.stat()
    except OSError as error:
        raise InputError(f"could not be read ({error.strerror}).", path) from None


def read_bytes(path: Path) -> bytes:
    """Return a file's bytes, or fail with one sentence if it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(
            f"could not be read ({error.strerror}); expected a file this user can read.", path
        ) from None


def _utf16_without_mark(head: bytes) -> bool:
    """Say whether bytes look like UTF-16 text with no byte-order mark (failed before).

    Text of a Latin alphabet in UTF-16 has a zero byte in every other place (the odd places
    little-endian, the even ones big-endian) and none in the others; binary data does not.

    Examples
    --------
    >>> _utf16_without_mark("YOT,2019,20279".encode("utf-16-le"))
    True
    >>> _utf16_without_mark(bytes(range(256)) * 4)
    False
    """
    pairs = len(head) // 2
    if pairs < 4:
        return False
    zeros = [head[i : pairs * 2 : 2].count(0) / pairs for i in (0, 1)]
    return max(zeros) > 0.9 and min(zeros) < 0.05


def decode(path: Path) -> str:
    """Return the text of a CSV file: UTF-8, UTF-16 with its byte-order mark, or Windows-1252.

    Line endings are made Unix ones whatever they were (Windows CR LF, or the bare CR
    of old Mac exports).

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        The decoded text without a byte-order mark.
    """
    data = read_bytes(path)
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Excel's "Unicode text"
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError("could not be decoded as UTF-16 text.", path) from None
    if b"\x00" in data[:4096]:
        if _utf16_without_mark(data[:4096]):
            raise InputError(
                "looks like UTF-16 text without its byte-order mark, which cannot be told "
                'safely from other data; expected UTF-8 (Excel\'s "CSV UTF-8"), or UTF-16 with '
                "its byte-order mark.",
                path,
            )
        raise InputError("is not a text file (it holds binary data); expected a CSV.", path)
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - latin-1 decodes any bytes
        raise InputError("could not be decoded as UTF-8 or Latin-1 text.", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _rows_to_frame(rows: list[list[str]], header_at: int) -> pd.DataFrame:
    header = [str(h).strip() for h in rows[header_at]]
    body = rows[header_at + 1 :]
    width = len(header)
    body = [(r + [""] * (width - len(r)))[:width] if len(r) != width else r for r in body]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(body))
    return _drop_empty(frame)


def _drop_empty(frame: pd.DataFrame, text: bool = False) -> pd.DataFrame:
    """Drop trailing unnamed empty columns and wholly empty rows (export artefacts).

    A text file (``text``) left with no rows but blank ones keeps their row numbers in
    ``attrs["blank_rows"]``: a header alone says there are no records, a header above lines of
    commas is an export that lost its cells, and the reader tells the two apart. One with rows
    keeps there the row numbers of its lines of delimiters alone (``,,,,``), which an export
    that lost some rows' cells leaves among the rest; an empty line is no such sign. (A sheet's
    cleared rows stay part of its used range after their values are deleted: no sign of damage.)
    """
    filled = frame.ne("") & frame.notna()
    named = [bool(str(c).strip()) and not str(c).startswith("Unnamed:") for c in frame.columns]
    keep = [n or bool(filled.iloc[:, i].any()) for i, n in enumerate(named)]
    frame = frame.loc[:, keep]
    rows = filled.loc[:, keep].any(axis=1)
    kept = frame.loc[rows]
    if text and kept.empty and len(frame):
        kept.attrs["blank_rows"] = [int(r) for r in frame.index]
    elif text and len(kept):
        # Cells all empty text (not missing, as an empty line's are): a line of delimiters.
        delimiters = ~rows & frame.notna().all(axis=1)
        if delimiters.any():
            kept.attrs["blank_rows"] = [int(r) for r in frame.index[delimiters.to_numpy()]]
    return kept


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


def _split(line: str, delimiter: str) -> list[str]:
    """Return one line's fields, or none if the csv module cannot read it as a row.

    A cell longer than the csv module's limit (128 KB: a pasted document, a base64 image) makes
    it stop with an error; such a line is no header row, whatever file it is in.
    """
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _find_header(lines: list[str], want: Callable[[list[str]], bool], default: str):
    """Return the delimiter and the index of the first wanted header row (or the defaults)."""
    return _wanted_header(lines, want, default) or (default, 0)


def _wanted_header(
    lines: list[str], want: Callable[[list[str]], bool], default: str
) -> tuple[str, int] | None:
    """Return the delimiter and the index of the first wanted header row, or ``None``.

    Where the csv module cannot read the lines together (a cell beyond its limit), each is
    read on its own, so that one such line stops no search. A row wider than
    :data:`MOST_COLUMNS` is no header, and its names are not compared.
    """
    for delimiter in dict.fromkeys((default, *DELIMITERS)):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            rows = [_split(line, delimiter) for line in lines]
        for i, row in enumerate(rows):
            if 1 < len(row) <= MOST_COLUMNS and want([column_key(c) for c in row]):
                return delimiter, i
    return None


def _head_lines(path: Path) -> list[str] | None:
    """Return the first lines of a CSV from at most :data:`HEAD_BYTES` of it, or ``None``.

    ``None`` for what :func:`decode` alone reads or refuses (UTF-16, binary data, an empty
    file), for the whole file to be read and named so. A line cut at the limit is kept cut.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(HEAD_BYTES)
    except OSError:
        return None
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data[:4096]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A character cut at the limit is no sign of another encoding.
        if len(data) < HEAD_BYTES or error.start < len(data) - 3:
            text = data.decode("cp1252", errors="replace")
        else:
            text = data[: error.start].decode("utf-8-sig", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None
    return text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]


def _read_csv(path: Path, want: Callable[[list[str]], bool]) -> Iterator[Table]:
    default = "\t" if path.suffix.lower() == ".tsv" else ","
    head = _head_lines(path)
    if head is not None and _wanted_header(head, want, default) is None:
        # No reader wants it: its first row is all that is said of it (its columns), and the
        # rest is not read. A 2.9 MB CSV of 300,000 columns was read whole, taking 3.5 min.
        first = _split(head[0], default)[:MOST_COLUMNS]
        yield Table(pd.DataFrame(columns=[c.strip() for c in first], dtype=object))
        return
    yield from _read_whole_csv(path, want)


def _read_whole_csv(path: Path, want: Callable[[list[str]], bool]) -> Iterator[Table]:
    """Read a CSV whole: pyarrow's parser for a plain one, the general reader for the rest."""
    fast = _read_plain_csv(path, want)
    if fast is not None:
        yield Table(_drop_empty(fast, text=True))
        return
    text = decode(path)
    default = "\t" if path.suffix.lower() == ".tsv" else ","
    lines = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    delimiter, header_at = _find_header(lines, want, default)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            skiprows=header_at,
            header=None,
            dtype=str,
            keep_default_na=False,
            sep=delimiter,
            skip_blank_lines=False,
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
    header = frame.iloc[0].fillna("")
    frame = frame.iloc[1:]
    frame.columns = [str(c).strip() for c in header]
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    # A last row short of fields with no line break after it was cut off: a download that
    # stopped half way with no length to tell (its missing cells would be read as blanks).
    last = text.rsplit("\n", 1)[-1]
    have = len(_split(last, delimiter)) if last.strip() else len(header)
    if len(frame) and have < len(header):
        raise InputError(
            f"row {frame.index[-1]}, the last, has {have} of the header's {len(header)} fields "
            "and no line break after it: the file was cut short (a download stopped half "
            "way?); expected every row whole.",
            path,
        )
    yield Table(_drop_empty(frame, text=True))


def _first_lines(data: bytes, count: int) -> list[bytes]:
    """Return the first ``count`` lines of ``data`` (without copying the rest)."""
    lines: list[bytes] = []
    start = 0
    while len(lines) < count and start <= len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        lines.append(data[start:end])
        start = end + 1
    return lines


def _read_plain_csv(path: Path, want: Callable[[list[str]], bool]) -> pd.DataFrame | None:
    """Read a plain CSV with pyarrow's parser, or return ``None`` for :func:`_read_csv` to do it.

    Plain means what nearly every large file is: UTF-8, a header of several columns found in
    the first rows with the file's default delimiter, and every row as wide as the header. The
    frame is the one the general reader makes (every cell as text, row numbers as in the file),
    many times faster for a large extract; anything else (another encoding or delimiter, a
    ragged or blank row, a line break inside a quoted cell) makes pyarrow stop, and the
    general reader, which names the problem, reads the file instead.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    data = read_bytes(path)
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data[:4096]:
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    if b"\r" in data:  # line endings made Unix ones, as decode() does
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        lines = [line.decode("utf-8") for line in _first_lines(data, HEADER_SEARCH_ROWS)]
    except UnicodeDecodeError:
        return None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    found, header_at = _find_header(lines, want, delimiter)
    width = len(_split(lines[header_at], delimiter)) if lines else 0
    if found != delimiter or width < 2:
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        read = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(skip_rows=header_at, column_names=names),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if read.num_rows == 0:
        return None
    header = [str(c).strip() for c in read.slice(0, 1).to_pylist()[0].values()]
    text = pd.StringDtype("pyarrow", na_value=float("nan"))
    frame = read.slice(1).to_pandas(types_mapper={pa.string(): text}.get)
    frame.columns = header
    frame.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(frame))
    return frame


def _read_parquet(path: Path, want: Callable[[list[str]], bool]) -> Iterator[Table]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        book = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises its own types for every kind of bad file
        raise InputError(f"could not be opened as a Parquet file ({error}).", path) from None
    rows = book.metadata.num_rows
    if rows > LIMITS["rows"]:
        raise InputError(
            f"has {rows:,} rows; expected at most {LIMITS['rows']:,}, so it was refused "
            "before reading (keep only the rows this project reads).",
            path,
        )
    names = book.schema_arrow.names
    if not want([column_key(c) for c in names]):
        yield Table(pd.DataFrame(columns=names))
        return
    try:
        data = book.read()
    except Exception as error:  # a damaged column chunk: pyarrow's own types again
        raise InputError(f"could not be read as a Parquet file ({error}).", path) from None
    # Every cell as the text a spreadsheet would show (Arrow writes 852.0 as 852), blank if
    # null; columns kept in order and by position, so that a name written twice stays twice
    # (and is refused by the reader that reads it) rather than one replacing the other.
    text = [_parquet_text(column) for column in data.columns]
    frame = pa.table(text, names=[f"c{i}" for i in range(len(text))]).to_pandas()
    frame.columns = [str(c).strip() for c in names]
    frame.index = pd.RangeIndex(2, 2 + len(frame))  # the header counts as row 1
    yield Table(_drop_empty(frame))


def _parquet_text(column):
    """Return a Parquet column as text cells, blank where null.

    Numbers, dates and flags are cast as Arrow writes them, and bytes are read as UTF-8 text
    (older writers store text so). A list, a record, a map or bytes that are not text have no
    cell a table of figures could hold: each cell says what it holds (``(a list of 2
    values)``), so that a reader taking figures from such a column refuses it by row, and a
    file whose other columns are an input is read.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.fill_null(pc.cast(column, pa.string()), "")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        cells = [_cell_said(value) for value in column.to_pylist()]
        return pa.chunked_array([pa.array(cells, pa.string())], type=pa.string())


def _cell_said(value: object) -> str:
    """Say what a Parquet cell that is no text holds.

    Examples
    --------
    >>> [_cell_said(v) for v in ([1, 2], {"a": 1}, bytes([255]), None)]
    ['(a list of 2 values)', '(a record)', '(bytes that are not text)', '']
    """
    if value is None:
        return ""
    if isinstance(value, list):
        return f"(a list of {len(value)} value{'s' * (len(value) != 1)})"
    if isinstance(value, dict):
        return "(a record)"
    if isinstance(value, bytes):
        return "(bytes that are not text)"
    return f"({type(value).__name__})"


#: What a cell that reads as empty holds instead of a value (see :func:`cells_read_as_empty`).
NO_RESULT = "a formula with no saved result"


def uncalculated_formulas(path: Path) -> dict[str, str]:
    """Return the first cell of each sheet that holds a formula with no saved result.

    Returns
    -------
    dict
        Sheet name to the reference of its first such cell (``C3``).
    """
    found = cells_read_as_empty(path)
    return {sheet: cell for sheet, (cell, what) in found.items() if what == NO_RESULT}


def cells_read_as_empty(path: Path) -> dict[str, tuple[str, str]]:
    """Return the first cell of each sheet that every reader would see as empty, and why.

    Programs that write spreadsheets without calculating them (scripts, some exports) leave a
    formula with no value; a cell whose formula failed holds Excel's error (``#N/A``,
    ``#DIV/0!``, ``#REF!``). Every reader then sees an empty cell, which would pass for a
    suppressed or missing figure. Only ``.xlsx``/``.xlsm`` and ``.ods`` files are checked
    (``.xls`` always stores results; LibreOffice writes an error as its text, which no number
    column accepts).

    Returns
    -------
    dict
        Sheet name to the reference of its first such cell (``C3``) and what it holds
        (:data:`NO_RESULT`, or ``the spreadsheet error #N/A``).
    """
    suffix = path.suffix.lower()
    try:
        with zipfile.ZipFile(path) as archive:
            if suffix in {".xlsx", ".xlsm"}:
                return _xlsx_read_as_empty(archive)
            if suffix == ".ods":
                return {s: (c, NO_RESULT) for s, c in _ods_uncalculated(archive).items()}
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError, ValueError):
        return {}  # calamine says what is wrong with the file
    except Exception:  # zlib's error for a damaged part: calamine says so too
        return {}
    return {}


def _holds(archive: zipfile.ZipFile, member: str, marker: bytes) -> bool:
    with archive.open(member) as stream:
        tail = b""
        while chunk := stream.read(MB):
            if marker in tail + chunk:
                return True
            tail = chunk[-len(marker) :]
    return False


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _xlsx_sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return each sheet's name to its part in the workbook's archive."""
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in links}
    found: dict[str, str] = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        name = sheet.get("name")
        if name is None:  # not a valid workbook's sheet: no sheet read by name can be it
            continue
        target = targets.get(sheet.get(rel), "").lstrip("/")
        member = target if target.startswith("xl/") else f"xl/{target}"
        if member in archive.namelist():
            found[name] = member
    return found


#: A cell's reference in a sheet's XML (`` r="XFD1048576"``).
CELL_REFERENCE = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')


def _column_number(letters: bytes) -> int:
    """Return a column's number from its letters: A is 1, AA is 27 (see :func:`_column_letters`)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def sheet_spans(path: Path) -> dict[str, tuple[int, int, str]]:
    """Return the rows and columns each sheet of an ``.xlsx`` spans, and its farthest cell.

    The span runs from the first used row and column to the last, as a spreadsheet reader
    holds it; the cells are found in the sheet's XML, not in its declared dimension, which a
    program may leave out or get wrong.

    Returns
    -------
    dict
        Sheet name to (rows, columns, reference of the last cell); empty for a file that is not
        a readable ``.xlsx`` (the spreadsheet reader says what is wrong with it).
    """
    spans: dict[str, tuple[int, int, str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name, member in _xlsx_sheets(archive).items():
                rows: list[int] = []
                columns: list[int] = []
                with archive.open(member) as stream:
                    tail = b""
                    while chunk := stream.read(MB):
                        for match in CELL_REFERENCE.finditer(tail + chunk):
                            columns.append(_column_number(match.group(1)))
                            rows.append(int(match.group(2)))
                        tail = chunk[-40:]  # a reference cut between two chunks
                if rows:
                    last = f"{_column_letters(max(columns))}{max(rows)}"
                    spans[name] = (max(rows) - min(rows) + 1, max(columns) - min(columns) + 1, last)
    except Exception:  # a damaged file: calamine says what is wrong with it
        return {}
    return spans


def _xlsx_read_as_empty(archive: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    main = MAIN
    found: dict[str, tuple[str, str]] = {}
    for name, member in _xlsx_sheets(archive).items():
        if not (_holds(archive, member, b"<f") or _holds(archive, member, b't="e"')):
            continue
        with archive.open(member) as stream:
            for _, cell in ElementTree.iterparse(stream):
                if cell.tag != f"{main}c":
                    continue
                value = cell.find(f"{main}v")
                if cell.get("t") == "e":
                    error = value.text if value is not None and value.text else "#N/A"
                    found[name] = (cell.get("r", "?"), f"the spreadsheet error {error}")
                    break
                if cell.find(f"{main}f") is not None and (value is None or not value.text):
                    found[name] = (cell.get("r", "?"), NO_RESULT)
                    break
                cell.clear()
    return found


def _column_letters(number: int) -> str:
    """Return a spreadsheet's name for a column: 1 is A, 27 is AA.

    Examples
    --------
    >>> [_column_letters(n) for n in (1, 6, 26, 27)]
    ['A', 'F', 'Z', 'AA']
    """
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ods_uncalculated(archive: zipfile.ZipFile) -> dict[str, str]:
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    if not _holds(archive, "content.xml", b"table:formula"):
        return {}
    found: dict[str, str] = {}
    sheet, row, column = "", 0, 0
    with archive.open("content.xml") as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            if event == "start":
                if element.tag == f"{table}table":
                    sheet, row = element.get(f"{table}name", ""), 0
                elif element.tag == f"{table}table-row":
                    column = 0
                elif element.tag == f"{table}table-cell":
                    if (
                        element.get(f"{table}formula")
                        and element.get(f"{office}value-type") is None
                        and sheet not in found
                    ):
                        found[sheet] = f"{_column_letters(column + 1)}{row + 1}"
                    column += int(element.get(f"{table}number-columns-repeated", 1))
            elif element.tag == f"{table}table-row":
                row += int(element.get(f"{table}number-rows-repeated", 1))
                element.clear()
    return found


def _read_spreadsheet(
    path: Path, want: Callable[[list[str]], bool], skipped: list[str]
) -> Iterator[Table]:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
    except OSError as error:
        raise InputError(f"could not be read ({error.strerror}).", path) from None
    except Exception as error:  # calamine raises its own types for every kind of bad file
        raise InputError(f"could not be opened as a spreadsheet ({error}).", path) from None
    hidden = [s.name for s in book.sheets_metadata if s.visible != SheetVisibleEnum.Visible]
    if hidden:
        skipped.append(f"hidden sheets not read: {', '.join(repr(h) for h in hidden)}")
    formulas: dict[str, tuple[str, str]] | None = None
    spans = sheet_spans(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else {}
    for name in book.sheet_names:
        if name in hidden:
            continue
        rows_spanned, columns_spanned, last = spans.get(name, (0, 0, ""))
        if rows_spanned * columns_spanned > MOST_CELLS:
            raise InputError(
                f"sheet '{name}' spans {rows_spanned:,} rows by {columns_spanned:,} columns "
                f"(to a cell at {last}), {rows_spanned * columns_spanned:,} cells; expected at "
                f"most {MOST_CELLS:,} (delete the stray cells beyond the table, or copy the "
                "table alone into a new workbook).",
                path,
            )
        try:
            cells = book.get_sheet_by_name(name).to_python()
        except Exception as error:  # calamine's own types: a damaged part, a lying size
            raise InputError(
                f"sheet '{name}' could not be read ({str(error).strip().rstrip('.')}); expected "
                "a whole spreadsheet (save it again from Excel or LibreOffice).",
                path,
            ) from None
        rows = [[_cell_text(v) for v in row] for row in cells]
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
        formulas = cells_read_as_empty(path) if formulas is None else formulas
        if name in formulas:
            cell, what = formulas[name]
            expected = (
                "values (open the file in Excel or LibreOffice and save it, or paste the "
                "formulas as values)"
                if what == NO_RESULT
                else "a value, a blank or a suppression mark such as [c] (correct the formula, "
                "or paste its results as values)"
            )
            raise InputError(
                f"sheet '{name}', cell {cell} holds {what}, which would read as an empty cell; "
                f"expected {expected}.",
                path,
            )
        yield Table(_rows_to_frame(rows, header_at), sheet=name, notes=list(skipped))


def tables(
    path: Path, want: Callable[[list[str]], bool], skipped: list[str] | None = None
) -> Iterator[Table]:
    """Yield the tables of a file whose header row satisfies ``want``.

    Parameters
    ----------
    path : Path
        A CSV, TSV, ODS, Excel or Parquet file.
    want : callable
        Given the comparable column names of a candidate header row, says whether it is the
        header of a table some reader recognises. For a CSV with no such row the first row is
        taken as the header (so the caller can say which columns it found).
    skipped : list of str, optional
        Filled with what was left out of the file (hidden sheets), for the caller to report.

    Yields
    ------
    Table
        For a CSV or Parquet file, exactly one; for a spreadsheet, each visible sheet that has
        a wanted header.

    Raises
    ------
    InputError
        If the file cannot be read, is too large (see :data:`LIMITS`), or holds a formula with
        no saved result in a wanted sheet.
    """
    skipped = [] if skipped is None else skipped
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise InputError(
            f"has the extension '{suffix or '(none)'}'; expected a .csv, .ods, .xlsx or "
            ".parquet file.",
            path,
        )
    check_size(path)
    if suffix in SPREADSHEET_SUFFIXES:
        yield from _read_spreadsheet(path, want, skipped)
    elif suffix in PARQUET_SUFFIXES:
        yield from _read_parquet(path, want)
    else:
        yield from _read_csv(path, want)


#: Lock files an office suite leaves beside a workbook while it is open: Excel's
#: ``~$name.xlsx`` and LibreOffice's ``.~lock.name.ods#``. They hold the user's name, not data.
LOCK_FILES = {
    "~$": "lock file of a workbook open in Excel (or a document open in Word): no figures",
    ".~lock.": "lock file of a workbook or document open in LibreOffice: no figures",
}


def lock_file(name: str) -> str | None:
    """Return why a file is an office suite's lock file, or ``None`` if it is not one.

    Examples
    --------
    >>> lock_file("~$children.xlsx")
    'lock file of a workbook open in Excel (or a document open in Word): no figures'
    >>> lock_file(".~lock.children.ods#") is not None, lock_file("children.xlsx") is None
    (True, True)
    """
    return next((why for start, why in LOCK_FILES.items() if name.startswith(start)), None)
