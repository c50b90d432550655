"""Put the tables of a case-level extract together, with the checks that span them.

Each table has been validated on its own by :mod:`yjanalysis.inputs.readers.case_extract`. Here the
tables are joined and checked against each other: every child id in the other tables is a
child of the children table, no date falls before the child's birth, and every offence was
committed at an age from 10 to 17 (the age of criminal responsibility to the eve of 18).

The run of the records (:func:`coverage`) is found here too: where they begin and end is where
their dates run without a silence no live service has. One date far beyond the rest (an
order's end typed as 2026 in records ending in 2024) would otherwise become the extract's date,
and every period up to it a period with no records; it is refused, naming its row. Records far
before the rest (a few migrated from an older system) are kept as history, and the records'
run begins after them. Each table of events must cover the run: a stretch of it with far fewer
records than its own rate gives (a table exported earlier, or from later, or with a year lost)
is refused (:func:`gap`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.inputs import report_settings
from yjanalysis.inputs.readers import case_extract
from yjanalysis.inputs.readers.case_extract import OUTCOMES
from yjanalysis.inputs.readers.checks import map_values
from yjanalysis.table.caselevel import collapsed, lost_or_doubled
from yjanalysis.table.caselevel.registered_twice import one_id_per_child
from yjanalysis.table.caselevel.remand_episodes import ROWS as EPISODE_ROWS
from yjanalysis.table.caselevel.remand_episodes import one_remand_at_a_time
from yjanalysis.vocabulary import characters, extract_ids, periods
from yjanalysis.vocabulary.input_names import PUBLIC_RELEASES

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
        ``ethnicity_group``. A table the extract does not have is an empty frame not in
        ``files``; one in ``files`` with no rows is a table of no records (a remands table
        with its header alone: no child remanded in the records' span).
    as_of : pandas.Timestamp
        The date of the extract: the latest date of its records' run (see :func:`coverage`).
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
    #: The first day of the records' run (see :func:`coverage`); ``None``: the earliest date.
    runs_from: pd.Timestamp | None = None

    @property
    def first_record(self) -> pd.Timestamp:
        """The earliest offence of the records' run: its history starts there.

        Offences recorded before the run (migrated from an older system, far before the rest)
        are history a child may have, not the start of the records.
        """
        dates = self.offences["offence_date"]
        if self.runs_from is not None and (dates >= self.runs_from).any():
            dates = dates[dates >= self.runs_from]
        return dates.min().normalize()

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


def _refuse_unknown_child(
    table: pd.DataFrame, unknown: pd.Series, known: pd.Index, path: str
) -> None:
    """Refuse the first child id not in the children table, saying if it is there in another case.

    Ids are matched exactly: a GUID's hex letters are the same id in either case, but a
    system gives its ids in one case, so one table's ids in upper case beside another's in
    lower is an export of two settings, and which is meant is not guessed. Said only as "not in
    the children table", the analyst looked for an id that is there.
    """
    row = unknown.idxmax()
    shown = str(table.at[row, "child_id"])
    folded = pd.Series(known.astype("string"), index=known).str.casefold()
    there = folded.index[folded.eq(shown.casefold()).fillna(False).to_numpy()]
    if len(there):
        raise InputError(
            f"row {row}, column 'child_id': '{shown}' is in the children table only in another "
            f"letter case ('{there[0]}'); expected each child's id written the same way in "
            "every table (a GUID in either case is one id, but the tables must agree on one "
            "case: export them with one setting).",
            path,
        )
    raise InputError(
        f"row {row}, column 'child_id': '{shown}' is not in the children table; "
        "expected every child to be listed there.",
        path,
    )


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


def refuse_ids_in_words(raw: Path, frames: dict[str, list[pd.DataFrame]]) -> list[str]:
    """Refuse any service's settings or commentary holding an id of an extract (any shape).

    The ids of each folder's extract (a child's, and each table's own) are looked for in the
    report settings and commentary of every service in the raw folder
    (:func:`yjanalysis.inputs.report_settings.refuse_extract_ids`): a child's id written there
    was published in the pages, notebooks and paper, and another service's extract beside it
    names the child as well as the service's own. A folder whose service is not named or not
    known is left to :func:`assemble`, which refuses it.

    Returns the shapes of all their ids (:func:`yjanalysis.vocabulary.extract_ids.shapes`),
    which the build records for the read of the words before a report: a word of one of them
    is refused there, and a reference of another shape passes.
    """
    folders: dict[str, list[pd.DataFrame]] = {}
    for kind in KINDS:
        for frame in frames.get(kind, []):
            folders.setdefault(str(Path(frame.attrs["path"]).parent), []).append(frame)
    fields = {t.KIND: t.FIELDS for t in case_extract.TABLES}
    extracts: list[tuple[str, list[tuple[str, str, pd.Series]]]] = []
    for found in folders.values():
        named = [
            str(f["yjs"].dropna().iloc[0])
            for f in found
            if f.attrs["kind"] == "extract_children" and "yjs" in f and f["yjs"].notna().any()
        ]
        yjs = reference.canonical_name(named[0]) if named else None
        if yjs is None:
            continue
        ids = [
            (column, frame.attrs["path"], frame[column])
            for frame in found
            for column, field in fields[frame.attrs["kind"]].items()
            if field.kind == "id" and column in frame
        ]
        extracts.append((yjs, ids))
    report_settings.refuse_extract_ids(raw, extracts)
    shapes = extract_ids.shapes(
        value for _, ids in extracts for _, _, values in ids for value in values.dropna()
    )
    refuse_ids_in_release_names(frames, extracts, shapes)
    return shapes


def refuse_ids_in_release_names(
    frames: dict[str, list[pd.DataFrame]],
    extracts: list[tuple[str, list[tuple[str, str, pd.Series]]]],
    shapes: list[str],
) -> None:
    """Refuse a public release saved under a name holding an extract's id, naming its word.

    A public release is named on the pages' list of inputs and in ``manifest.json`` by its
    file's name, which says its vintage (:func:`yjanalysis.vocabulary.input_names.shown_name`):
    a LAIT file saved as ``LAIT Dec24 jsmith checked vs C0000012.csv`` published the child's
    id (adversary round 16, C09). Its name is read as the service's words are: for an id of
    any extract, in any spelling (:func:`yjanalysis.vocabulary.extract_ids.spellings`), and,
    where there are extracts, for a word of their ids' shapes (a name's dates, ``20240131``,
    have none). The name is not repeated in the message: the file is named by its folder, its
    format and the word.
    """
    ids = set().union(
        *(extract_ids.spellings(v.dropna().astype(str)) for _, i in extracts for _, _, v in i)
    )
    for kind in sorted(PUBLIC_RELEASES):
        for frame in frames.get(kind, []):
            path = Path(frame.attrs["path"])
            name = path.stem
            spelled = [bool(extract_ids.words(word) & ids) for word in name.split()]
            shaped = [bool(shapes) and extract_ids.id_shaped(word, shapes) for word in name.split()]
            found = [n for n, (a, b) in enumerate(zip(spelled, shaped, strict=True), 1) if a or b]
            if found:
                raise InputError(
                    f"the {frame.attrs.get('title', kind)} file saved here has, in word "
                    f"{found[0]} of its name, an id of a child or record of a case-level "
                    "extract (or a word of their shape), which would publish it in the list "
                    "of inputs of every page and in manifest.json; expected the file saved "
                    "under a name without it, such as the publisher's.",
                    path.parent,
                )


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
            f"row {row}, column 'yjs': '{named[0]}' is not a YJS in the register"
            f"{characters.describe_look_alikes(str(named[0]))}; expected the "
            "service's name as the register writes it, such as 'Southampton' (or add it as an "
            "alias in the register).",
            files["children"],
        )
    registered_twice = one_id_per_child(children, files["children"], yjs)
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
        if unknown.any():
            _refuse_unknown_child(table, unknown, birth.index, files.get(name, ""))
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
        _refuse_outside_youth_justice(table, name, files.get(name, ""))
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
    notes = registered_twice + _probable_duplicates(offences, yjs)
    # Where the records run, and whether each table covers it, first: a table with a stretch
    # missing breaks the rules between tables too (a DTO licence whose sentence was in the lost
    # year), and the message should name the gap, not the rule it broke.
    run = coverage(tables, files, yjs)
    _refuse_gaps(tables, files, run)
    # A part of a column lost, or of a table doubled, next: each breaks a rule between tables
    # too (a DTO licence whose sentence's outcome was lost), and should be named as itself.
    lost_or_doubled.refuse_offences_doubled(offences, files.get("offences", ""))
    lost_or_doubled.refuse_outcomes_lost(offences, files.get("offences", ""), run.start, run.end)
    lost_or_doubled.refuse_orders_past_their_length(
        tables.get("orders", empty), files.get("orders", ""), run.end
    )
    # A column filled with one value, copied from another or in another unit: each row is well
    # formed, and the rules between tables (a licence's sentence) hold, so these come after.
    for name in ("offences", "remands", "orders"):
        collapsed.refuse_a_value_filling_a_stretch(
            tables[name], name, files.get(name, ""), run.start, run.end
        )
    collapsed.refuse_lengths_below_the_law(tables["orders"], offences, files)
    collapsed.refuse_one_value_throughout(tables, files, yjs=yjs)
    collapsed.refuse_percentages_as_counts(tables["education"], files.get("education", ""))
    tables["remands"], remand_notes = one_remand_at_a_time(
        tables["remands"], files.get("remands", ""), yjs
    )
    notes.extend(remand_notes)
    notes.extend(run.notes)
    _check_school_years(tables.get("education"), files.get("education", ""), run.end)
    _check_remand_lengths(tables.get("remands"), files.get("remands", ""), run.end)
    _check_sentence_lengths(offences, files.get("offences", ""), run.end)
    _check_licences(tables["orders"], offences, files.get("orders", ""), run.start)
    return CaseExtract(
        yjs=yjs,
        children=children,
        offences=offences,
        remands=tables.get("remands", empty.copy()),
        orders=tables.get("orders", empty.copy()),
        education=tables.get("education", empty.copy()),
        as_of=run.end,
        files={k: str(Path(v)) for k, v in files.items()},
        notes=notes,
        runs_from=run.start,
    )


#: The age of criminal responsibility in England and Wales (Children and Young Persons Act
#: 1933, s. 50): no child younger is cautioned, sentenced, remanded or put on an order.
AGE_OF_RESPONSIBILITY = 10
#: The dates of each table at which the justice system acts on the child (offences are checked
#: for 10 to 17 on their own): outcomes (custody among them) and hearings, orders, remands.
ACTED_ON = {
    "offences": ("outcome_date", "first_hearing_date"),
    "orders": ("order_start",),
    "remands": ("remand_start",),
}
#: The age from which each date is past youth justice's reach. A remand to youth detention or
#: local authority accommodation is of a child under 18 (Legal Aid, Sentencing and Punishment
#: of Offenders Act 2012, s. 91); an adult is remanded to prison. An order, outcome or hearing
#: is of an offence committed under 18, and may come later: a child convicted at 17 can start a
#: detention and training order's licence at 19 (up to 12 months in custody, and a month or two
#: more), and a Crown Court trial can take more than a year. At 20 or over it is past every
#: such delay: a mistyped date or birth, which would count an adult among the service's
#: children.
BEYOND_YOUTH_JUSTICE = {"remands": 18, "orders": 20, "offences": 20}


def _refuse_outside_youth_justice(table: pd.DataFrame, name: str, path: str) -> None:
    """Refuse an outcome, hearing, order or remand of a child under 10, or of an adult, on its date.

    A child of 5 cannot be cautioned, sentenced or remanded, so such a row is a mistyped birth
    or date; kept, it would count among the children on orders or in custody. So is a remand of
    a person of 18 or over, or an order or outcome of one of 20 or over
    (:data:`BEYOND_YOUTH_JUSTICE`): a remand and an order of a 22-year-old were counted among
    the service's children remanded and on orders (failed before, from the sixth adversary).
    """
    for column in ACTED_ON.get(name, ()):
        if column not in table or not pd.api.types.is_datetime64_any_dtype(table[column]):
            continue
        age = age_in_years(table["date_of_birth"], table[column])
        _first_bad(
            table.assign(age_then=age), age < AGE_OF_RESPONSIBILITY, path,
            f"row {{row}}, column '{column}': the child was {{age_then}} on "
            f"{{{column}:%Y-%m-%d}}; expected an age of {AGE_OF_RESPONSIBILITY} or more, the age "
            "of criminal responsibility in England and Wales.",
        )  # fmt: skip
        limit = BEYOND_YOUTH_JUSTICE[name]
        why = (
            "a remand to youth detention or local authority accommodation is of a child under 18"
            if name == "remands"
            else f"youth justice acts on offences of children, and {limit} is past the longest "
            "wait for a court or a licence"
        )
        _first_bad(
            table.assign(age_then=age), age >= limit, path,
            f"row {{row}}, column '{column}': the person was {{age_then}} on "
            f"{{{column}:%Y-%m-%d}}; expected an age under {limit} ({why}): is the date or the "
            "birth mistyped?",
        )  # fmt: skip


#: The shortest silence that ends the records' run: no date at all in any table for four weeks
#: (or three times the longest usual gap between the extract's dates, for a service so small
#: that its records are sparse). A live service records offences, outcomes, orders and
#: remands every week.
SILENCE = pd.Timedelta(days=28)


@dataclass
class Coverage:
    """Where an extract's records run: from ``start`` to ``end``, with notes on what lies before."""

    start: pd.Timestamp
    end: pd.Timestamp
    notes: list[str] = field(default_factory=list)


def _dated(tables: dict[str, pd.DataFrame]) -> list[tuple[str, str, pd.Series]]:
    """Every date column of every table but the children's births: (table, column, dates)."""
    return [
        (name, column, table[column])
        for name, table in tables.items()
        for column in table.columns
        if column != "date_of_birth" and pd.api.types.is_datetime64_any_dtype(table[column])
    ]


def coverage(tables: dict[str, pd.DataFrame], files: dict[str, str], yjs: str) -> Coverage:
    """Find where the records run, from the dates of every table, and refuse a date beyond them.

    The distinct dates of every table (offences and outcomes, hearings, releases, remands and
    orders, their starts and ends; births aside) are split where no date falls for longer than
    :data:`SILENCE`. The run is the stretch holding most of the records: the extract's date is
    its last day. A date after the run (a mistyped year) is refused, naming its row; dates
    before it are history, said in a note, and the run's first day is where the periods begin.
    A run of dates before or after the heaviest one at anything like its rate is part of
    the records, with a stretch lost between (:func:`_main_run`), which :func:`_refuse_gaps`
    refuses.

    Raises
    ------
    InputError
        For a date after the records' run, naming the file, row and column.
    """
    dated = _dated(tables)
    counts = pd.concat([dates.dropna().value_counts() for _, _, dates in dated])
    counts = counts.groupby(level=0).sum().sort_index()
    if counts.empty:  # not reached: the offences table has a date on every row
        today = pd.Timestamp.today().normalize()
        return Coverage(today, today)
    days = counts.index.to_numpy()
    gaps = np.diff(days).astype("timedelta64[D]").astype(float)
    usual = float(np.quantile(gaps, 0.99)) if len(gaps) else 0.0
    silence = max(SILENCE, pd.Timedelta(days=int(np.ceil(3 * usual))))
    breaks = np.flatnonzero(gaps > silence.days) + 1
    runs = np.split(np.arange(len(days)), breaks)
    weight = [int(counts.iloc[r].sum()) for r in runs]
    main, last = _main_run([pd.Timestamp(days[r[0]]) for r in runs],
                           [pd.Timestamp(days[r[-1]]) for r in runs], weight)  # fmt: skip
    start, end = pd.Timestamp(days[runs[main][0]]), pd.Timestamp(days[runs[last][-1]])
    if last < len(runs) - 1:
        late = pd.Timestamp(days[runs[last + 1][0]])
        name, column, dates = next((n, c, d) for n, c, d in dated if d.eq(late).any())
        row = dates.index[dates.eq(late).fillna(False).to_numpy()][0]
        months = (late.year - end.year) * 12 + late.month - end.month
        raise InputError(
            f"row {row}, column '{column}': {late:%Y-%m-%d} is {_months(months)} after the "
            f"rest of the records, which run to {end:%Y-%m-%d} with no silence longer than "
            f"{silence.days} days; expected a date within their run (is the year mistyped?), "
            "since a date beyond them would become the extract's date and leave every period "
            "after the records without any.",
            files.get(name, ""),
        )
    notes = []
    if main > 0:
        before = int(sum(weight[:main]))
        first = pd.Timestamp(days[0])
        notes.append(
            f"Case-level extract for {yjs}: {before} date{'s' * (before != 1)} from "
            f"{first:%B %Y} to {pd.Timestamp(days[runs[main - 1][-1]]):%B %Y} lie long before "
            f"the rest, which run from {start:%B %Y}: they are kept as the children's history "
            "(an earlier caution or conviction still counts), and the periods and the warning "
            "on first time entrants start from the records' run"
        )
    return Coverage(start.normalize(), end.normalize(), notes)


def _main_run(
    firsts: list[pd.Timestamp], lasts: list[pd.Timestamp], weight: list[int]
) -> tuple[int, int]:
    """Return the first and last of the runs of dates that make the records' run.

    The heaviest run is the records'; a run before or after it joins them where, with the
    silence between, it holds at least :data:`FAR_FEWER` of the dates the heaviest run's rate
    gives: it is records with a stretch lost between (an export with a year missing), which
    :func:`gap` then refuses, not a few records migrated from an older system or a mistyped
    year.
    """
    main = int(np.argmax(weight))
    rate = weight[main] / ((lasts[main] - firsts[main]).days + 1)
    first = last = main
    while first > 0 and sum(weight[first - 1 : main]) >= FAR_FEWER * rate * (
        (firsts[main] - firsts[first - 1]).days
    ):
        first -= 1
    while last < len(weight) - 1 and sum(weight[main + 1 : last + 2]) >= FAR_FEWER * rate * (
        (lasts[last + 1] - lasts[main]).days
    ):
        last += 1
    return first, last


#: The chance below which a stretch of a table with too few records is refused: so few at the
#: table's own rate is less likely than 1 in 1,000 (a table exported earlier or from later, or a
#: part of it lost).
GAP_CHANCE = 1e-3
#: How far below its own rate a stretch must fall to be judged at all: under a tenth. A
#: service's work changes with the years and the seasons (the number of children it sees can
#: halve in a few years, and courts sit less in August), but not tenfold; a stretch that far
#: below is a part of the table missing, whatever its length.
FAR_FEWER = 0.1
#: The tables whose records are events through the run (education is by school year), with the
#: days at the start of the run in which each is not judged: a remand or an order follows an
#: offence, by weeks for a remand and months for a court's order (182 days from sending to the
#: Crown Court to arraignment), so an extract of the offences from a day holds their remands
#: and orders from some months later.
EVENT_TABLES = {"offences": 0, "remands": 182, "orders": 182}
#: Each event table's own date, the one its figures are cut by: an offences table exported by
#: offence date, or an orders table by start, with a stretch lost keeps rows whose other dates
#: (an outcome, an end) fall in it, so judged on all its dates together the stretch never looks
#: empty (a quarter of offences lost built, first time entrants 34 for 44). The table is judged
#: on this date alone as well.
DEFINING_DATE = {
    "offences": ("offence_date", "an offence committed"),
    "remands": ("remand_start", "a remand starting"),
    "orders": ("order_start", "an order starting"),
}


@dataclass
class Gap:
    """A stretch of a table with far fewer records than its own rate gives."""

    first: pd.Timestamp
    last: pd.Timestamp
    found: int
    expected: float
    chance: float
    per_year: float


#: How long a child goes without a date of one kind in a table (an offence, an outcome, an
#: order's start) before their next of that kind is a fresh event: half a year, the longest
#: wait from an offence to its outcome (182 days from sending to the Crown Court to
#: arraignment). A child's records come in bursts (a spree of offences in a few weeks, each
#: with its hearing and outcome), so its days are not independent events: random samples of
#: 5% and 10% of the demo's children (17 children and 52 offences, say) were refused 3 times
#: in 11, three children's bursts before and after 16 quiet months being, weighed as
#: independent days, less likely than 1 in 1,000. The children are close to independent of
#: each other, as the clusters of a Neyman-Scott process are; a child's dates of one kind
#: within half a year of the last are counted once, capping the evidence a burst gives.
EPISODE = pd.Timedelta(days=182)


def _days_with_a_record(
    table: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp, *, afresh: bool = True
) -> pd.Index:
    """Return the distinct days from ``first`` to ``last`` on which a child's records come afresh.

    A day counts where a child has a date of one kind (a column of the table's dates) on it
    and none of that kind in the :data:`EPISODE` before it: the child's first, or their return
    after half a year. The rest of a burst of one child's records is not a further event. A
    table without a ``child_id`` column, or ``afresh=False``, counts every day with a record.

    Examples
    --------
    >>> days = pd.to_datetime(["2021-01-05", "2021-02-01", "2021-09-01", "2021-02-01"])
    >>> spree = pd.DataFrame({"child_id": ["A", "A", "A", "B"], "offence_date": days})
    >>> year = pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31")
    >>> list(_days_with_a_record(spree, *year).strftime("%m-%d"))
    ['01-05', '09-01', '02-01']
    """
    dates = [c for _, c, _ in _dated({"table": table})]
    if not dates:
        return pd.DatetimeIndex([])
    stacked = table[dates].reset_index(drop=True).stack().dt.normalize()
    if afresh and "child_id" in table:
        child = table["child_id"].to_numpy()[stacked.index.get_level_values(0)]
        kind = stacked.index.get_level_values(1)
        events = pd.DataFrame({"child": child, "kind": kind, "day": stacked.to_numpy()})
        events = events.drop_duplicates().sort_values(["child", "kind", "day"])
        after = events.groupby(["child", "kind"], sort=False)["day"].diff()
        stacked = events["day"][after.isna() | (after > EPISODE)]
    days = pd.DatetimeIndex(pd.unique(stacked))
    return days[(days >= first) & (days <= last)]


def gap(
    days: pd.DatetimeIndex, first: pd.Timestamp, last: pd.Timestamp, below: float = GAP_CHANCE
) -> Gap | None:
    """Find the stretch of whole months least likely at the table's own rate, if below chance.

    The table's events are its distinct days on which a child's records come afresh
    (:func:`_days_with_a_record`: co-defendants remanded on one day, or one child's spree of
    offences, are not many events), and its rate is those over the days
    from ``first`` to ``last``. Every stretch of consecutive months is weighed: one holding
    ``k`` days with a record where the rate gives ``m`` is judged if ``k`` is under
    :data:`FAR_FEWER` of ``m``, and its chance is the Poisson chance of so few, ``P(X <= k)``,
    times the number of stretches of its length (any of which could have fallen so low). The
    least likely is returned if its chance is below ``below`` (:data:`GAP_CHANCE`).

    Examples
    --------
    >>> weekly = pd.date_range("2019-01-07", "2024-12-30", freq="7D")
    >>> start, end = pd.Timestamp("2019-01-01"), pd.Timestamp("2024-12-31")
    >>> gap(weekly, start, end) is None
    True
    >>> found = gap(weekly[(weekly.year != 2021)], start, end)
    >>> f"{found.first:%Y-%m-%d} to {found.last:%Y-%m-%d}: {found.found} of {found.expected:.0f}"
    '2021-01-01 to 2021-12-31: 0 of 43'
    """
    from scipy.special import pdtr

    span = (last - first).days + 1
    if span <= 0 or not len(days):
        return None
    months = pd.period_range(first, last, freq="M")
    starts = np.maximum(months.start_time, first)
    ends = np.minimum(months.end_time.normalize(), last)
    exposure = np.concatenate([[0], np.cumsum((ends - starts).days + 1)])
    counts = pd.Series(1, index=days.to_period("M")).groupby(level=0).sum()
    counts = np.concatenate([[0], np.cumsum(counts.reindex(months, fill_value=0).to_numpy())])
    rate = len(days) / span
    i, j = np.triu_indices(len(months))
    found = counts[j + 1] - counts[i]
    expected = rate * (exposure[j + 1] - exposure[i])
    chance = (len(months) - (j - i)) * pdtr(found, expected)
    chance = np.where(found < FAR_FEWER * expected, chance, np.inf)
    worst = int(np.argmin(chance))
    if not chance[worst] < below:
        return None
    return Gap(
        first=pd.Timestamp(starts[i[worst]]),
        last=pd.Timestamp(ends[j[worst]]),
        found=int(found[worst]),
        expected=float(expected[worst]),
        chance=float(chance[worst]),
        per_year=rate * 365.25,
    )


def _refuse_gaps(tables: dict[str, pd.DataFrame], files: dict[str, str], run: Coverage) -> None:
    """Refuse a table with a stretch, at the start, in the middle or at the end, far too sparse.

    A table is exported to the same day as the others and over the same span: an orders table
    exported in July beside offences to December made the 2024 figures of orders ending from
    half a year of orders, a remands table from 2022 beside offences from 2018 made four years
    of no remand, and an export with a year lost made that year's figures of none; each under a
    title saying the records run through. Judging only a table's last date missed all three
    (one order left ending in December hid the orders' silence). Every stretch of months is
    weighed at the table's own rate instead (:func:`gap`). A table with no rows has no rate and
    is not judged: a small service's remands table may rightly hold none (read as no remand in
    the records' span), and no sourced rate would make that implausible.

    Raises
    ------
    InputError
        Naming the table's file, the stretch, the days with a record in it and those expected.
    """
    for name, lead_in in EVENT_TABLES.items():
        table = tables.get(name)
        if table is None or name not in files or table.empty:  # none, or no records: no rate
            continue
        first = run.start + pd.Timedelta(days=lead_in)
        found, of = _sparse_stretch(table, name, first, run.end)
        if found is None:
            continue
        where = (
            "at the records' end"
            if found.last >= run.end
            else "at the records' start"
            if found.first <= first
            else "in the middle of the records"
        )
        raise InputError(
            f"the {name} table has "
            + (
                f"{of} on only {found.found:,} day{'s' * (found.found != 1)}"
                if found.found
                else f"no {of.split(' ', 1)[1]}"
            )
            + f" from {found.first:%Y-%m-%d} to {found.last:%Y-%m-%d} "
            f"({where}, which run from {run.start:%Y-%m-%d} to {run.end:%Y-%m-%d}), where its "
            f"own rate ({of} on {found.per_year:,.0f} days a year) gives about "
            f"{found.expected:,.0f} (and as far below its rate with a child's dates of one kind "
            "counted once in half a year); "
            "so few in a stretch that long has a chance below 1 in "
            f"{round(1 / GAP_CHANCE):,}; expected the {name} table exported over the same span "
            "as the others, whole (was it exported earlier or from later, or is a part of it "
            "missing?), since its figures for those months would count too few.",
            files[name],
        )


def _sparse_stretch(
    table: pd.DataFrame, name: str, first: pd.Timestamp, last: pd.Timestamp
) -> tuple[Gap | None, str]:
    """Find a stretch of a table too sparse on all its dates, or on its own date alone.

    Both countings must find the stretch too sparse. Every day with a record is the sharper
    test of a steady table but takes one child's burst as many events (honest small samples
    were refused); days afresh allow for bursts but read a child's steady records as one event
    a half year (a steady small table looked to stop). A stretch truly missing is empty under
    both. All the table's dates are judged, and its own date (:data:`DEFINING_DATE`) alone,
    each at half of :data:`GAP_CHANCE`: two tests, so that together an honest table is refused
    no more often than by one.

    Returns
    -------
    tuple
        The stretch (or ``None``), and what was counted in words: ``a record``, ``an
        offence committed``.
    """
    below = GAP_CHANCE / 2
    judged = [(table, "a record")]
    own, said = DEFINING_DATE.get(name, ("", ""))
    if own in table and pd.api.types.is_datetime64_any_dtype(table[own]):
        judged.append((table[[c for c in ("child_id", own) if c in table]], said))
    for dated, of in judged:
        every = gap(_days_with_a_record(dated, first, last, afresh=False), first, last, below)
        if every is not None and gap(_days_with_a_record(dated, first, last), first, last, below):
            return every, of
    return None, ""


def _months(months: int) -> str:
    """Say a number of months in words: ``22 months``, ``1 month``, ``less than a month``."""
    if months < 1:
        return "less than a month"
    return f"{months} month{'s' * (months != 1)}"


def _check_school_years(education: pd.DataFrame | None, path: str, end: pd.Timestamp) -> None:
    """Refuse a school year that had not ended by the records' end.

    A year's Attainment 8 and absence are the whole year's: a year not over (or not begun, as
    2031/32 would be) gives a figure for part of it, or none, labelled as the whole.
    """
    if education is None or education.empty or "academic_year" not in education:
        return
    # Each distinct year once: a national extract repeats a dozen years ten million times.
    years = education["academic_year"].dropna().unique()
    ends = map_values(
        education["academic_year"], {y: periods.academic_year(int(y[:4]) + 1)[2] for y in years}
    )
    _first_bad(
        education.assign(year_ends=ends), ends > end, path,
        "row {row}, column 'academic_year': '{academic_year}' ends on {year_ends:%Y-%m-%d}, "
        f"after the records end ({end:%Y-%m-%d}); expected a school year that had ended by "
        "then, since a year's attainment and absence are the whole year's.",
    )  # fmt: skip
    _refuse_scores_outside_year_11(education, path)


#: The ages at the start of a school year (1 September) of a child whose year-11 score it can
#: hold: 15 in year 11, 14 to 17 for a child a year ahead or held back a year or two.
YEAR_11_AGES = (14, 17)


def _refuse_scores_outside_year_11(education: pd.DataFrame, path: str) -> None:
    """Refuse an Attainment 8 or Capped 9 score of a child not of an age to sit year 11.

    Both are measures of the GCSEs taken at the end of year 11, when a child is 15 or 16: a
    score for a child of 5 (a school year typed 2010/11 for 2018/19) is a mistyped year or
    birth, and kept it would be the service's score for a year it has no such pupil (failed
    before: Southampton had an Attainment 8 of 45 for 2010/11).
    """
    if "date_of_birth" not in education:
        return
    years = education["academic_year"].dropna().unique()
    starts = map_values(
        education["academic_year"], {y: pd.Timestamp(f"{y[:4]}-09-01") for y in years}
    )
    age = age_in_years(education["date_of_birth"], starts)
    low, high = YEAR_11_AGES
    for score in ("attainment8", "capped9"):
        if score not in education:
            continue
        scored = pd.to_numeric(education[score], errors="coerce").notna()
        _first_bad(
            education.assign(age_then=age), scored & ~age.between(low, high), path,
            f"row {{row}}, column '{score}': the child was {{age_then}} at the start of "
            f"{{academic_year}}; expected a child of {low} to {high} then, since the score is "
            "one of GCSEs taken at the end of year 11.",
        )  # fmt: skip


#: The longest a remand is taken to last. A remand runs until the case is tried and sentenced,
#: and custody time limits allow 56 days before a trial in the youth or magistrates' court and
#: 182 days from sending to the Crown Court to arraignment (Prosecution of Offences (Custody
#: Time Limits) Regulations 1987); a court extends them only for good cause, as in the gravest
#: cases (murder, retrials), and the YJB's remand statistics give most remands as weeks or
#: months. Two years is beyond any such extension: a remand lasting longer, or open for longer
#: at the records' end, is an end mistyped or never entered, and counting it would add the
#: child to every month's children in custody since (a remand from 2018 to 2024 changed 103
#: figures).
LONGEST_REMAND = pd.DateOffset(years=2)


def _check_remand_lengths(remands: pd.DataFrame | None, path: str, end: pd.Timestamp) -> None:
    """Refuse a remand episode lasting, or open at the records' end, more than two years.

    See :data:`LONGEST_REMAND`. The rule is the same for every remand type: an open remand to
    local authority accommodation is an end never entered as surely as one to youth detention
    (only the latter was refused before), and it would count the child remanded since. It
    judges episodes (overlapping rows of one child and type made one by
    :func:`.one_remand_at_a_time`), and names an episode of several rows by its rows and its
    span: its end is its last row's, not the end of the row it is listed under.
    """
    if remands is None or remands.empty or "remand_end" not in remands:
        return
    rows = remands.get(EPISODE_ROWS, pd.Series("", index=remands.index)).fillna("")
    named = remands.assign(
        kind=remands["remand_type"].str.lower(),
        of=rows.where(rows.str.startswith("rows "), "").map(
            lambda many: f" of {many} (overlapping, so counted as one)" if many else ""
        ),
    )
    too_long = remands["remand_end"] > remands["remand_start"] + LONGEST_REMAND
    _first_bad(
        named, too_long, path,
        "row {row}, column 'remand_end': the remand to {kind}{of} from "
        "{remand_start:%Y-%m-%d} ends on {remand_end:%Y-%m-%d}, more than two years later; "
        "expected an end within two years of the start (is the year mistyped?), since custody "
        "time limits bring a remanded child to trial within months, extended only in the "
        "gravest cases.",
    )  # fmt: skip
    open_long = remands["remand_end"].isna() & (remands["remand_start"] < end - LONGEST_REMAND)
    _first_bad(
        named, open_long, path,
        "row {row}, column 'remand_end': the remand to {kind}{of} that "
        "began on {remand_start:%Y-%m-%d} has no end, more than two years before the records "
        f"end ({end:%Y-%m-%d}); expected the day it ended (no remand lasts that long: counted "
        "as open, the child would be remanded every month since).",
    )  # fmt: skip


#: The longest each custodial sentence can keep a child in custody, from the day it is given.
#: A detention and training order is of 4 to 24 months, and consecutive orders are cut to 24
#: months in all (Sentencing Act 2020, ss. 236 and 237); half is served in custody, so a
#: release, or a sentence still open, more than 24 months after it is a release never entered
#: or a mistyped date. Section 250 detention, extended sentences and detention for life may run
#: to the adult maximum for the offence (life), so no limit is set for them here: a child is
#: counted in custody only to the eve of 18 (:mod:`.custody_today`), which bounds them.
LONGEST_SENTENCE = {"Detention and training order": 24}  # months


def _check_sentence_lengths(offences: pd.DataFrame, path: str, end: pd.Timestamp) -> None:
    """Refuse a custodial sentence released, or still open, beyond the longest it can run.

    See :data:`LONGEST_SENTENCE`. Kept, an open detention and training order from 2020 counted
    the child in custody every month to the records' end (failed before, from the sixth
    adversary).
    """
    if offences.empty or "release_date" not in offences or "outcome_type" not in offences:
        return
    for outcome, months in LONGEST_SENTENCE.items():
        given = offences["outcome_type"].eq(outcome).fillna(False).astype(bool)
        latest = offences["outcome_date"] + pd.DateOffset(months=months)
        released_late = given & (offences["release_date"] > latest)
        _first_bad(
            offences, released_late, path,
            "row {row}, column 'release_date': {release_date:%Y-%m-%d} is more than "
            f"{months} months after the {outcome.lower()} given on {{outcome_date:%Y-%m-%d}}; "
            f"expected a release within {months} months, the longest such a sentence runs "
            "(is the year mistyped?).",
        )  # fmt: skip
        still_open = given & offences["release_date"].isna() & (latest < end)
        _first_bad(
            offences, still_open, path,
            f"row {{row}}, column 'release_date': the {outcome.lower()} given on "
            f"{{outcome_date:%Y-%m-%d}} has no release date, more than {months} months before "
            f"the records end ({end:%Y-%m-%d}); expected the day the child was released (such "
            f"a sentence runs for at most {months} months: counted as open, the child would be "
            "in custody every month since).",
        )  # fmt: skip


def _check_licences(
    orders: pd.DataFrame, offences: pd.DataFrame, path: str, start: pd.Timestamp
) -> None:
    """Refuse a DTO licence of a child with no custodial sentence on or before its start.

    A licence is the second half of a detention and training order, served after release from
    custody: one for a child the records never sentenced to custody was counted among the orders
    ending (48 figures of education, training or employment changed). A licence that starts
    within the longest such order (:data:`LONGEST_SENTENCE`, 24 months) of the records' run may
    follow a sentence given before the records begin, so it is kept.
    """
    needed = {"order_type", "order_start", "child_id"}
    if orders.empty or not needed <= set(orders.columns) or "outcome_class" not in offences:
        return
    months = LONGEST_SENTENCE["Detention and training order"]
    licence = orders["order_type"].eq("DTO licence").fillna(False).astype(bool) & (
        orders["order_start"] >= start + pd.DateOffset(months=months)
    )
    if not licence.any():
        return
    custodial = offences[offences["outcome_class"].eq("custody").fillna(False).astype(bool)]
    first = custodial.groupby("child_id", sort=False)["outcome_date"].min()
    licences = orders[licence]
    # By reindexing, not mapping: a map from no custodial sentence at all (an empty series of
    # dates) fails in pandas, where a reindex gives no date for each licence.
    sentenced = pd.Series(
        first.reindex(licences["child_id"].to_numpy()).to_numpy(), index=licences.index
    )
    bad = pd.Series(False, index=orders.index)
    bad[licences.index] = ~(sentenced <= licences["order_start"]).fillna(False).astype(bool)
    _first_bad(
        orders, bad, path,
        "row {row}, column 'order_type': a DTO licence from {order_start:%Y-%m-%d} for a child "
        "with no custodial sentence on or before it in the offences table; expected the "
        "detention and training order it follows there (a licence is served after release "
        "from custody; or is a part of the offences table missing?), or another order type.",
    )  # fmt: skip


#: What makes two offence rows look like one offence entered twice under two ids.
SAME_OFFENCE = [
    "child_id", "offence_date", "offence_group", "gravity_score", "outcome_type", "outcome_date",
]  # fmt: skip


def _probable_duplicates(offences: pd.DataFrame, yjs: str) -> list[str]:
    """Say where two offence rows agree on everything but their id (a warning, not an error).

    A child can commit two offences of one kind on one day, so such rows are counted; but an
    offence keyed twice would count twice in serious youth violence and reoffending frequency.
    The note names rows, never a child, and the offences table, never its file (a note can
    reach the service's pages, and the extract's files are the analyst's own).
    """
    same = offences.duplicated([c for c in SAME_OFFENCE if c in offences], keep=False)
    if not same.any():
        return []
    repeated = offences[same]
    sets = repeated.groupby([c for c in SAME_OFFENCE if c in offences], dropna=False, sort=False)
    number = sets.ngroup()
    first = repeated.index[number == number.iloc[0]].tolist()
    return [
        f"Case-level extract for {yjs}: the offences table: {same.sum()} offence rows "
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
