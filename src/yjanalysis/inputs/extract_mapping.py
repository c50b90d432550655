"""A case management system's export, mapped to the five tables of the case-level extract.

A service's records come out of its case management system with the system's own column names
and codes. A mapping file (TOML, ``docs/extract.md``) says, for each of the project's tables
(``children``, ``offences``, ``remands``, ``orders``, ``education``), which file of the export
holds it, which export column gives each of the project's columns, which value is the same on
every row (the service), how the export writes dates, and what each of the export's codes means.
:func:`check` says what maps and what does not, table by table, before anything is written;
:func:`convert` writes the five tables in the project's schema (only the mapped columns: a name
or an address in the export is never copied) and checks them as the build will.

The example mappings in ``mappings/`` are marked as examples to adapt: their column names and
codes are illustrative, not those of any real system's export.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.inputs import readers
from yjanalysis.inputs.readers import case_extract
from yjanalysis.inputs.readers.files import READABLE_SUFFIXES, column_key, lock_file, tables

#: The project's tables, in the order they are checked, and whether an extract needs them.
TABLES: dict[str, type[case_extract._ExtractTable]] = {
    "children": case_extract.Children,
    "offences": case_extract.Offences,
    "remands": case_extract.Remands,
    "orders": case_extract.Orders,
    "education": case_extract.Education,
}
REQUIRED_TABLES = ("children", "offences")
#: What a flag's cell may say once mapped (the extract reads Y and N).
FLAGS = ("Y", "N")
#: Dates the extract reads as they are (its own checks then apply).
ISO = "%Y-%m-%d"
#: The most distinct unmapped values shown for a column.
SHOWN = 8


@dataclass
class TableMapping:
    """How one of the project's tables is found in the export."""

    name: str
    file: str
    columns: dict[str, str]
    fixed: dict[str, str]
    codes: dict[str, dict[str, str]]
    date_format: str | None


@dataclass
class Mapping:
    """A mapping file, read and checked."""

    path: Path
    system: str
    example: bool
    tables: dict[str, TableMapping]


@dataclass
class TableReport:
    """What maps and what does not in one table."""

    name: str
    file: Path | None = None
    rows: int = 0
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    #: The export's row number of the first record (2 where the header is on the first row).
    first_row: int = 2


def load(path: str | Path) -> Mapping:
    """Read a mapping file, refusing anything the project's schema does not know.

    Raises
    ------
    InputError
        Naming the file and the key: a table or column the schema does not have, a code mapped
        to a value the schema does not allow, a value of the wrong kind, bad TOML.
    """
    path = Path(path)
    try:
        found = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise InputError(f"cannot be read ({(error.strerror or '').lower()}).", path) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; expected a mapping file in TOML.", path) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"is not valid TOML ({error}); expected a mapping file.", path) from None
    export = found.pop("export", {})
    if not isinstance(export, dict):
        raise InputError("'export' is not a table; expected [export] with system = ...", path)
    unknown = sorted(set(found) - set(TABLES))
    if unknown:
        raise InputError(
            f"[{unknown[0]}] is not a table of the extract; expected "
            f"{', '.join(f'[{t}]' for t in TABLES)} (docs/extract.md).",
            path,
        )
    default_dates = _optional_text(export.get("date_format"), "export.date_format", path)
    mapped = {
        name: _table(name, found[name], default_dates, path) for name in TABLES if name in found
    }
    return Mapping(path, str(export.get("system", "")), bool(export.get("example", False)), mapped)


def _text(value: object, key: str, path: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{key} is {value!r}; expected a text in quotes.", path)
    return value


def _optional_text(value: object, key: str, path: Path) -> str | None:
    return None if value is None else _text(value, key, path)


def _table(name: str, found: object, default_dates: str | None, path: Path) -> TableMapping:
    if not isinstance(found, dict):
        raise InputError(
            f"[{name}] is not a table; expected file = ... and [{name}.columns].", path
        )
    fields = TABLES[name].FIELDS
    known = {"file", "columns", "fixed", "codes", "date_format"}
    for key in sorted(set(found) - known):
        raise InputError(f"{name}.{key} is not a setting of a table; expected one of "
                         f"{', '.join(sorted(known))}.", path)  # fmt: skip
    file = _text(found.get("file"), f"{name}.file", path)
    columns = {str(k): _text(v, f"{name}.columns.{k}", path) for k, v in
               _mapping(found.get("columns", {}), f"{name}.columns", path).items()}  # fmt: skip
    fixed = {str(k): _text(v, f"{name}.fixed.{k}", path) for k, v in
             _mapping(found.get("fixed", {}), f"{name}.fixed", path).items()}  # fmt: skip
    for key in [*columns, *fixed]:
        if key not in fields:
            raise InputError(
                f"{name}: '{key}' is not a column of the {name} table; expected one of "
                f"{', '.join(fields)} (docs/extract.md).",
                path,
            )
    both = sorted(set(columns) & set(fixed))
    if both:
        raise InputError(f"{name}: '{both[0]}' is both a column and fixed; expected one.", path)
    codes: dict[str, dict[str, str]] = {}
    for column, given in _mapping(found.get("codes", {}), f"{name}.codes", path).items():
        allowed = _allowed(fields.get(column))
        if column not in columns or allowed is None:
            raise InputError(
                f"{name}.codes.{column}: codes are mapped only for a coded column that is "
                f"mapped from the export; expected one of "
                f"{', '.join(c for c in columns if _allowed(fields[c]) is not None) or 'none'}.",
                path,
            )
        table = _mapping(given, f"{name}.codes.{column}", path)
        lookup = {case_extract._key(a): a for a in allowed}
        codes[column] = {}
        for code, value in table.items():
            meaning = lookup.get(case_extract._key(value)) if isinstance(value, str) else None
            if meaning is None:
                raise InputError(
                    f"{name}.codes.{column}: '{code}' is mapped to {value!r}, which the "
                    f"{name} table does not allow; expected one of {', '.join(allowed)}.",
                    path,
                )
            codes[column][str(code)] = meaning
    for column, value in fixed.items():
        allowed = _allowed(fields[column])
        if allowed is not None and case_extract._key(value) not in {
            case_extract._key(a) for a in allowed
        }:
            raise InputError(
                f"{name}.fixed.{column} is '{value}'; expected one of {', '.join(allowed)}.", path
            )
    dates = _optional_text(found.get("date_format"), f"{name}.date_format", path)
    return TableMapping(name, str(file), columns, fixed, codes, dates or default_dates)


def _mapping(value: object, key: str, path: Path) -> dict:
    if not isinstance(value, dict):
        raise InputError(f'{key} is not a table; expected [{key}] with lines a = "b".', path)
    return value


def _allowed(spec: case_extract.Field | None) -> tuple[str, ...] | None:
    """Return the values a coded column allows (flags: Y and N), or ``None`` for another kind."""
    if spec is None:
        return None
    if spec.kind == "code":
        return tuple(spec.codes)
    if spec.kind == "flag":
        return FLAGS
    return None


def check(mapping: Mapping, export: Path) -> list[TableReport]:
    """Say, table by table, what of the export maps to the project's schema and what does not.

    Parameters
    ----------
    mapping : Mapping
        The mapping file, read by :func:`load`.
    export : Path
        The folder of the case management system's export.

    Returns
    -------
    list of TableReport
        One per table of the extract; ``problems`` is empty where everything needed maps.
    """
    export = Path(export)
    if not export.is_dir():
        raise InputError("is not a folder; expected the folder of the system's export.", export)
    return [_check_table(name, mapping.tables.get(name), export) for name in TABLES]


def _check_table(name: str, spec: TableMapping | None, export: Path) -> TableReport:
    report = TableReport(name)
    needed = name in REQUIRED_TABLES
    if spec is None:
        what = "required: the extract needs it" if needed else "optional: its figures are left out"
        report.lines.append(f"not in the mapping ({what})")
        if needed:
            report.problems.append(f"{name}: the table is not in the mapping")
        return report
    matching = sorted(
        p for p in export.iterdir()
        if p.is_file() and fnmatch.fnmatch(p.name.lower(), spec.file.lower())
        and p.suffix.lower() in READABLE_SUFFIXES
    )  # fmt: skip
    # A workbook open in Excel leaves ``~$name.xlsx`` beside it, which the pattern matches too:
    # it holds the user's name, not the table, so it is left out (and said), as the build does.
    files = [p for p in matching if lock_file(p.name) is None]
    for p in matching:
        if p not in files:
            report.lines.append(f"{p.name} left out: {lock_file(p.name)}")
    if len(files) != 1:
        found = "no file" if not files else f"{len(files)} files"
        if files:
            found += f" ({', '.join(p.name for p in files[:3])})"
        if needed or files:
            report.lines.append(f"{found} of the export matches '{spec.file}'")
            report.problems.append(
                f"{name}: {found} matches '{spec.file}'; expected one file of the export"
            )
        else:
            report.lines.append(
                f"no file of the export matches '{spec.file}' (optional: its figures are left out)"
            )
        return report
    report.file = files[0]
    fields = TABLES[name].FIELDS
    needs = {c: column_key(e) for c, e in spec.columns.items()
             if fields[c].required or fields[c].column}  # fmt: skip
    wanted = set(needs.values()) or {column_key(e) for e in spec.columns.values()}
    table = next(tables(files[0], lambda keys: wanted <= set(keys)), None)
    if table is None or not wanted <= set(table.keys):
        have = set() if table is None else set(table.keys)
        missing = sorted(e for c, e in spec.columns.items() if needs.get(c, "") not in have
                         and c in needs)  # fmt: skip
        shown = ", ".join(map(repr, missing))
        report.lines.append(f"{files[0].name}: the required columns {shown} are not found")
        report.problems.append(f"{name}: {files[0].name} has no column {shown}")
        return report
    frame = table.frame
    by_key = {column_key(c): c for c in frame.columns}
    report.rows = len(frame)
    report.first_row = int(frame.index[0]) if len(frame) else 2
    report.lines.append(f"{files[0].name}{table.where()}: {len(frame):,} rows")
    out = pd.DataFrame(index=frame.index)
    for column, spec_field in TABLES[name].FIELDS.items():
        if column in spec.fixed:
            out[column] = spec.fixed[column]
            report.lines.append(f"  {column:<24} = '{spec.fixed[column]}' on every row")
            continue
        if column not in spec.columns:
            required = spec_field.required or spec_field.column
            report.lines.append(
                f"  {column:<24} not mapped ({'required' if required else 'optional'})"
            )
            if required:
                report.problems.append(f"{name}: the required column {column} is not mapped")
            continue
        source = by_key.get(column_key(spec.columns[column]))
        if source is None:  # an optional column the export does not have
            report.lines.append(
                f"  {column:<24} <- {spec.columns[column]!r}: not in the export (optional)"
            )
            continue
        values = frame[source].astype("string").str.strip().fillna("")
        said, converted, problem = _map_column(values, spec_field, spec, column)
        report.lines.append(f"  {column:<24} <- {source!r}: {said}")
        if problem:
            report.problems.append(f"{name}.{column} (from {source!r}): {problem}")
        out[column] = converted
    used = {column_key(c) for c in spec.columns.values()}
    report.unused = [str(c) for c in frame.columns if column_key(c) not in used]
    if report.unused:
        report.lines.append(
            f"  not used, never copied: {', '.join(map(repr, report.unused))} (leave them out "
            "of the export if they are not needed elsewhere)"
        )
    report.frame = out
    return report


def _map_column(values: pd.Series, spec_field, spec: TableMapping, column: str):
    """Map one export column; return what it says, the mapped column and any problem."""
    blank = values.eq("")
    allowed = _allowed(spec_field)
    if allowed is not None:
        lookup = {case_extract._key(a): a for a in allowed}
        if spec_field.kind == "code" and column == "sex":
            lookup |= {case_extract._key(k): v for k, v in case_extract.SEX.items()}
        if spec_field.kind == "flag":
            lookup |= {k: "Y" for k in ("yes", "true", "1")} | {
                k: "N" for k in ("no", "false", "0")
            }
        given = {case_extract._key(k): v for k, v in spec.codes.get(column, {}).items()}
        distinct = values[~blank].value_counts()
        meaning = {v: given.get(case_extract._key(v), lookup.get(case_extract._key(v)))
                   for v in distinct.index}  # fmt: skip
        unmapped = [(v, int(n)) for v, n in distinct.items() if meaning[v] is None]
        mapped = values.map(lambda v: meaning.get(v) or "")
        said = f"{len(distinct) - len(unmapped)} of {len(distinct)} codes map"
        problem = None
        if unmapped:
            shown = ", ".join(f"'{v[:40]}' ({n:,} rows)" for v, n in unmapped[:SHOWN])
            more = f" and {len(unmapped) - SHOWN} more" if len(unmapped) > SHOWN else ""
            problem = f"{len(unmapped)} codes map to nothing: {shown}{more}"
            said += f"; not: {shown}{more}"
        return said, mapped, problem
    if spec_field.kind == "date" and spec.date_format:
        parsed = pd.to_datetime(values.mask(blank), format=spec.date_format, errors="coerce")
        iso = pd.to_datetime(values.mask(blank), format=ISO, errors="coerce")
        dates = parsed.fillna(iso)
        bad = dates.isna() & ~blank
        said = f"dates as {spec.date_format}"
        problem = None
        if bad.any():
            first = values[bad].iloc[0]
            problem = (
                f"{int(bad.sum()):,} cells are not dates written {spec.date_format}, such as "
                f"'{first[:40]}'"
            )
            said += f"; {int(bad.sum()):,} are not"
        return said, dates.dt.strftime(ISO).fillna(""), problem
    return "maps", values, None


def convert(mapping: Mapping, export: Path, inputs: Path) -> list[Path]:
    """Write the export as the project's tables into ``inputs/extract/``, checked as the build will.

    The folder is replaced whole (through a hidden folder beside it), and only once every table
    maps and passes the extract's own checks; nothing is written otherwise, nor where the folder
    holds anything but the extract's tables (another service's extract among them).

    Raises
    ------
    InputError
        If the folder holds other files, anything does not map (run ``yjanalysis extract
        check``), or a converted table fails the extract's checks (naming the table, its row
        and column).
    """
    _refuse_files_not_ours(Path(inputs) / "extract")
    reports = check(mapping, export)
    problems = [p for r in reports for p in r.problems]
    if problems:
        raise InputError(
            f"the export does not map yet ({len(problems)} problems, the first: {problems[0]}); "
            "run `yjanalysis extract check` to see them all. Nothing was written."
        )
    target = Path(inputs) / "extract"
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".extract.converting-", dir=target.parent))
    try:
        written = []
        for report in reports:
            if report.frame is None:
                continue
            path = staging / f"{report.name}.csv"
            report.frame.to_csv(path, index=False, lineterminator="\n")
            try:
                readers.read_all(path)
            except InputError as error:
                name = report.file.name if report.file else report.name
                shift = report.first_row - 2
                rows = (
                    f"row numbers as in {name}"
                    if not shift
                    else (f"add {shift} to a row number for {name}'s")
                )
                raise InputError(
                    f"the {report.name} table converted from {name} fails the extract's checks: "
                    f"{error.detail.rstrip('.')} ({rows}). Nothing was written."
                ) from None
            written.append(target / path.name)
        if target.exists():
            old = target.with_name(f".extract.old-{os.getpid()}")
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


#: Files a system or a file manager leaves in any folder, which a convert may replace.
LEFT_BY_SYSTEMS = frozenset({"Thumbs.db", "desktop.ini"})


def _refuse_files_not_ours(target: Path) -> None:
    """Refuse to replace an extract folder holding anything but the extract's own tables.

    A raw folder can hold several services' extracts (``extract/<service>/``, as the demo lays
    them out) or an analyst's own files: replacing the folder whole deleted them without a
    word (an adversary's round: the 15 files of three services' extracts). Its tables from an
    earlier convert (``children.csv`` ...) are replaced, as the command says.

    Raises
    ------
    InputError
        Naming the folder, how many other files or folders it holds and the first of them.
    """
    if not target.is_dir():
        return
    ours = {f"{table}.csv" for table in TABLES}
    other = sorted(
        p.name
        for p in target.iterdir()
        if p.name not in ours and p.name not in LEFT_BY_SYSTEMS and not p.name.startswith(".")
    )
    if other:
        raise InputError(
            f"holds {len(other)} file(s) or folder(s) that are not the extract's tables (the "
            f"first: {other[0]}); expected only {', '.join(sorted(ours))}, which convert "
            "replaces whole: move the others, or give another --raw. Nothing was written.",
            target,
        )


#: The example mappings that come with the package (``mappings/<name>.toml``).
EXAMPLES = ("childview-like", "careworks-like")


def write_example(name: str, out: Path) -> Path:
    """Write a copy of an example mapping to adapt; an existing file is never replaced.

    Raises
    ------
    InputError
        For a name that is not an example, or a file that exists.
    """
    if name not in EXAMPLES:
        raise InputError(
            f"'{name}' is not an example mapping; expected one of {', '.join(EXAMPLES)}."
        )
    out = Path(out)
    if out.exists():
        raise InputError("exists already; expected a new file (nothing was written).", out)
    text = (resources.files("yjanalysis.inputs") / "mappings" / f"{name}.toml").read_text(
        encoding="utf-8"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return out
