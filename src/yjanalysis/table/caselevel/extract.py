"""Put the tables of a case-level extract together, with the checks that span them.

Each table has been validated on its own by :mod:`yjanalysis.inputs.readers.case_extract`. Here the
tables are joined and checked against each other: every child id in the other tables is a
child of the children table, no date falls before the child's birth, and every offence was
committed at an age from 10 to 17 (the age of criminal responsibility to the eve of 18).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.inputs.readers.case_extract import OUTCOMES
from yjanalysis.inputs.readers.checks import map_values

KINDS = {
    "extract_children": "children",
    "extract_offences": "offences",
    "extract_remands": "remands",
    "extract_orders": "orders",
    "extract_education": "education",
}


@dataclass
class CaseExtract:
    """The tables of one service's extract, joined and checked.

    Attributes
    ----------
    yjs : str
        The service (canonical name).
    children, offences, remands, orders, education : pandas.DataFrame
        The tables; ``offences`` gains ``outcome_class``, ``age_at_offence`` and the child's
        ``ethnicity_group``; empty frames stand for tables the extract does not have.
    as_of : pandas.Timestamp
        The date of the extract: the latest date it records.
    files : dict
        Table name to the file it came from.
    notes : list of str
        What the analyst should check (offences that look entered twice), for the build's
        record.
    """

    yjs: str
    children: pd.DataFrame
    offences: pd.DataFrame
    remands: pd.DataFrame
    orders: pd.DataFrame
    education: pd.DataFrame
    as_of: pd.Timestamp
    files: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def first_record(self) -> pd.Timestamp:
        """The earliest offence the extract records: its history starts there."""
        return self.offences["offence_date"].min().normalize()

    @property
    def begins(self) -> str:
        """The first record's month in words: ``April 2018``.

        The month, not the day: the day is the date of one child's offence.
        """
        return f"{self.first_record:%B %Y}"

    @property
    def folder(self) -> str:
        """The folder (or folders) the extract's tables came from."""
        return ", ".join(sorted({str(Path(f).parent) for f in self.files.values()}))

    @property
    def source(self) -> str:
        """What the indicator table's ``source`` column says of rows from this extract."""
        return "local extract: " + self.folder


def age_in_years(birth: pd.Series, on: pd.Series) -> pd.Series:
    """Return completed years of age on a date (vectorised; birthdays counted on the day).

    Examples
    --------
    >>> birth = pd.Series(pd.to_datetime(["2008-03-01", "2008-03-01"]))
    >>> age_in_years(birth, pd.Series(pd.to_datetime(["2026-02-28", "2026-03-01"]))).tolist()
    [17, 18]
    """
    years = on.dt.year - birth.dt.year
    before_birthday = (on.dt.month < birth.dt.month) | (
        (on.dt.month == birth.dt.month) & (on.dt.day < birth.dt.day)
    )
    return (years - before_birthday.astype(int)).astype("Int64")


def positions(ids: pd.Series, known: pd.Index) -> np.ndarray:
    """Return where each id is among ``known`` (which are unique), or -1 where it is not.

    Arrow's hash join of strings, where both are text: pandas' own is many times slower on
    the million rows of a large extract.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        found = pc.index_in(pa.array(ids.array), value_set=pa.array(known.array))
    except (pa.ArrowException, TypeError, ValueError):
        return known.get_indexer(ids)
    return pc.fill_null(found, -1).to_numpy().astype(np.intp)


def _first_bad(frame: pd.DataFrame, bad: pd.Series, path: str, message: str) -> None:
    if bad.fillna(False).any():
        row = bad.fillna(False).idxmax()
        raise InputError(message.format(row=row, **frame.loc[row].to_dict()), path)


def assemble_all(frames: dict[str, list[pd.DataFrame]]) -> list[CaseExtract]:
    """Join every extract among the inputs: the tables in one folder make one service's extract.

    A regional analyst, or the demo, may hold the extracts of several services, each in its own
    folder (or workbook). Two extracts of one service are refused: which to use cannot be told.

    Parameters
    ----------
    frames : dict
        Frames by format kind, as :func:`yjanalysis.table.build.read_inputs` gives them.

    Returns
    -------
    list of CaseExtract
        One per folder holding extract tables, in the order of their folders.
    """
    folders: dict[str, dict[str, list[pd.DataFrame]]] = {}
    for kind in KINDS:
        for frame in frames.get(kind, []):
            folder = str(Path(frame.attrs["path"]).parent)
            folders.setdefault(folder, {}).setdefault(kind, []).append(frame)
    extracts: list[CaseExtract] = []
    for folder in sorted(folders):
        found = assemble(folders[folder])
        if found is None:  # not reached: every folder here holds an extract table
            continue
        for other in extracts:
            if other.yjs == found.yjs:
                raise InputError(
                    f"two case-level extracts are for {found.yjs} ({other.folder} and "
                    f"{found.folder}); expected one extract for each service, so remove one."
                )
        extracts.append(found)
    return extracts


def assemble(frames: dict[str, list[pd.DataFrame]]) -> CaseExtract | None:
    """Join the extract tables read from the inputs, or return ``None`` if there are none.

    Parameters
    ----------
    frames : dict
        Frames by format kind, as :func:`yjanalysis.table.build.read_inputs` gives them.

    Raises
    ------
    InputError
        For a table given twice, an extract without its children table, an unknown child, a
        date before birth, or an offence outside ages 10 to 17.
    """
    tables: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    for kind, name in KINDS.items():
        found = frames.get(kind, [])
        if len(found) > 1:
            paths = " and ".join(f.attrs["path"] for f in found[:2])
            raise InputError(f"the extract's {name} table is given twice ({paths}); expected one.")
        if found:
            tables[name], files[name] = found[0], found[0].attrs["path"]
    if not tables:
        return None
    if "children" not in tables:
        first = next(iter(files.values()))
        raise InputError(
            "is part of a case-level extract, but no children table was found beside it; "
            "expected a file with child_id and date_of_birth (see docs/extract.md).",
            first,
        )
    if "offences" not in tables:
        raise InputError(
            "is the children table of a case-level extract, but no offences table was found "
            "beside it; expected a file with offence_id, child_id and offence_date, from which "
            "every indicator of the extract is made (see docs/extract.md).",
            files["children"],
        )
    children = tables["children"]
    named = children["yjs"].dropna().unique() if "yjs" in children else []
    if not len(named):
        raise InputError(
            "has no 'yjs' column naming the service; expected the service's name in it.",
            files["children"],
        )
    yjs = reference.canonical_name(str(named[0]))
    if yjs is None:
        row = children.index[children["yjs"].eq(named[0]).fillna(False)][0]
        raise InputError(
            f"row {row}, column 'yjs': '{named[0]}' is not a YJS in the register; expected the "
            "service's name as the register writes it, such as 'Southampton' (or add it as an "
            "alias in the register).",
            files["children"],
        )
    birth = children.set_index("child_id")["date_of_birth"]
    ethnicity = children.set_index("child_id")["ethnicity_group"]

    empty = pd.DataFrame({"child_id": pd.Series(dtype="string")})
    names = ("offences", "remands", "orders", "education")
    for name in names:
        tables[name] = tables.get(name, empty.copy())
    # Each table's children are found at once, in threads (Arrow's hash join leaves the
    # interpreter free; the offences alone are a million rows); checked below in turn.
    with ThreadPoolExecutor(max_workers=2) as workers:
        children_at = dict(
            zip(
                names,
                workers.map(lambda name: positions(tables[name]["child_id"], birth.index), names),
                strict=True,
            )
        )
    for name in names:
        table = tables[name]
        child = children_at[name]
        unknown = pd.Series(child < 0, index=table.index)
        _first_bad(
            table, unknown, files.get(name, ""),
            "row {row}, column 'child_id': '{child_id}' is not in the children table; "
            "expected every child to be listed there.",
        )  # fmt: skip
        table = table.assign(date_of_birth=birth.to_numpy()[child])
        for column in [c for c in table.columns if c.endswith(("_date", "_start", "_end"))]:
            if column == "date_of_birth" or not pd.api.types.is_datetime64_any_dtype(table[column]):
                continue
            early = table[column] < table["date_of_birth"]
            _first_bad(
                table, early, files[name],
                f"row {{row}}, column '{column}': the date is before the child's birth "
                "({date_of_birth:%Y-%m-%d}); expected a date after it.",
            )  # fmt: skip
        tables[name] = table
        if name == "offences":
            offence_child = child

    offences = tables["offences"]
    if len(offences):
        offences["age_at_offence"] = age_in_years(
            offences["date_of_birth"], offences["offence_date"]
        )
        outside = ~offences["age_at_offence"].between(10, 17)
        _first_bad(
            offences, outside, files["offences"],
            "row {row}, column 'offence_date': the child was {age_at_offence} on "
            "{offence_date:%Y-%m-%d}; expected an age from 10 to 17 at the offence.",
        )  # fmt: skip
        offences["outcome_class"] = map_values(
            offences.get("outcome_type", pd.Series(dtype="string")), OUTCOMES
        )
        offences["ethnicity_group"] = ethnicity.array.take(offence_child)
    notes = _probable_duplicates(offences, files["offences"], yjs)
    dates = [
        t[c].max()
        for t in tables.values()
        for c in t.columns
        if pd.api.types.is_datetime64_any_dtype(t[c]) and c != "date_of_birth"
    ]
    as_of = max((d for d in dates if pd.notna(d)), default=pd.Timestamp.today()).normalize()
    return CaseExtract(
        yjs=yjs,
        children=children,
        offences=offences,
        remands=tables.get("remands", empty.copy()),
        orders=tables.get("orders", empty.copy()),
        education=tables.get("education", empty.copy()),
        as_of=as_of,
        files={k: str(Path(v)) for k, v in files.items()},
        notes=notes,
    )


#: What makes two offence rows look like one offence entered twice under two ids.
SAME_OFFENCE = [
    "child_id", "offence_date", "offence_group", "gravity_score", "outcome_type", "outcome_date",
]  # fmt: skip


def _probable_duplicates(offences: pd.DataFrame, path: str, yjs: str) -> list[str]:
    """Say where two offence rows agree on everything but their id (a warning, not an error).

    A child can commit two offences of one kind on one day, so such rows are counted; but an
    offence keyed twice would count twice in serious youth violence and reoffending frequency.
    The note names rows, never a child, and the file by its name, never its folder (a note can
    reach the service's pages).
    """
    same = offences.duplicated([c for c in SAME_OFFENCE if c in offences], keep=False)
    if not same.any():
        return []
    repeated = offences[same]
    sets = repeated.groupby([c for c in SAME_OFFENCE if c in offences], dropna=False, sort=False)
    number = sets.ngroup()
    first = repeated.index[number == number.iloc[0]].tolist()
    return [
        f"Case-level extract for {yjs}: {Path(path).name}: {same.sum()} offence rows "
        f"({sets.ngroups} set{'s' * (sets.ngroups > 1)}, e.g. "
        f"rows {first[0]} and "
        f"{first[1]}) agree on the child, offence date, offence group and gravity, outcome and "
        "outcome date under different ids; each is counted, so check that none was entered twice"
    ]


def proven(offences: pd.DataFrame) -> pd.Series:
    """Say which offences were proven: a caution or conviction, not overturned on appeal."""
    formal = offences["outcome_class"].isin(["caution", "conviction", "custody"])
    appealed = offences.get("successful_appeal", pd.Series(False, index=offences.index))
    return formal & ~appealed.fillna(False).astype(bool)


__all__ = ["CaseExtract", "age_in_years", "assemble", "assemble_all", "positions", "proven"]
