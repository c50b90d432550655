"""Build the tidy indicator table from every recognised file in a folder.

:func:`build` reads each file under the raw folder (recursively), recognises it by its
columns, turns what it can into indicator rows for every YJS and for family, region, PCC area,
country and England and Wales aggregates, validates the whole table and writes it. Output is
written only when everything succeeded, each file moved into place whole; a bad input stops
the build with its one-sentence error and leaves the output folder as it was.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from yjanalysis import __version__, locks, reference
from yjanalysis.errors import InputError, UnrecognisedFileError
from yjanalysis.inputs import readers as sources
from yjanalysis.inputs import report_settings
from yjanalysis.inputs.readers import hmi_inspections
from yjanalysis.inputs.readers.case_extract import EMPTY_MEANS_NONE
from yjanalysis.inputs.readers.files import READABLE_SUFFIXES, lock_file
from yjanalysis.inputs.readers.yjb_population import most_apart
from yjanalysis.methods import similar
from yjanalysis.table import aggregates, cohort_scores, intervals, population, published
from yjanalysis.table.caselevel import collapsed
from yjanalysis.table.caselevel import extract as caselevel_extract
from yjanalysis.table.caselevel import indicators as caselevel_indicators
from yjanalysis.vocabulary import ethnicity, plausible
from yjanalysis.vocabulary import schema as table
from yjanalysis.vocabulary.catalogue import divided_by_population
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator
from yjanalysis.vocabulary.input_names import frame_name

#: A check of a new indicator table before it is written (it raises to stop the build).
Check = Callable[[pd.DataFrame], None]
#: A check of a build's files, given the folder they are staged in before they replace the
#: last build's (a refresh's check of what the report would hide, which reads the files).
StagedCheck = Callable[[Path], None]

__all__ = [
    "RECORD",
    "REFERENCE_ONLY",
    "BuildResult",
    "assemble",
    "build",
    "build_or_demo",
    "file_checksum",
    "fingerprint",
    "held_build",
    "holding",
    "inspection_table",
    "own_label",
    "read_inputs",
    "reusable",
    "write_demo_if_empty",
]

#: The build's record, written last.
RECORD = "build.json"
#: Formats that describe things rather than hold figures: recognised, reported, not needed.
REFERENCE_ONLY = {
    "dfe_la_codes": "the register already holds each YJS's DfE LA numbers",
    "lait_data_dictionary": "measure metadata; the indicator catalogue is used",
}


@dataclass
class BuildResult:
    """What a build read and wrote.

    Attributes
    ----------
    indicators : pandas.DataFrame or None
        The tidy indicator table (``None`` when an earlier build was reused).
    population : pandas.DataFrame or None
        The 10 to 17 populations used as denominators (``None`` likewise).
    used : list of (Path, str)
        Each file read and the format it was recognised as.
    ignored : list of (Path, str)
        Each file not used, with the reason.
    notes : list of str
        Data-quality notes (years without population, suppressed cells, Welsh services absent
        from English-only sources).
    seconds : float
        Time the build took.
    reused : bool
        Whether an earlier build of the same inputs by the same code was kept (see
        :func:`reusable`); ``row_count`` is then its number of rows.
    """

    indicators: pd.DataFrame | None
    population: pd.DataFrame | None
    families: dict[str, list[str]] = field(default_factory=dict)
    used: list[tuple[Path, str]] = field(default_factory=list)
    ignored: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    inspections: pd.DataFrame = field(default_factory=pd.DataFrame)
    reused: bool = False
    row_count: int | None = None

    @property
    def rows(self) -> int:
        """Rows of the indicator table."""
        if self.indicators is not None:
            return len(self.indicators)
        # Only a kept build has no table, and it has its row count.
        return cast(int, self.row_count)


def _candidate_files(raw: Path, out: Path | None = None) -> tuple[list[Path], list]:
    """Every file under ``raw`` that is not hidden; a folder that cannot be read stops the build.

    Python's own recursive listing skips a folder it may not open without a word, which would
    build from part of the inputs and call it a success; it also passes over linked folders,
    which are followed here. The build's own output folder, if it lies inside ``raw``, is not
    an input.

    Returns
    -------
    tuple
        The files, and the links not followed with the reason (path, reason): a link back to
        a folder already read (a loop), a link to nothing.
    """
    if not raw.is_dir():
        raise InputError("is not a folder; expected the folder of raw input files.", raw)

    def refuse(error: OSError) -> None:
        raise InputError(
            f"could not be read ({error.strerror}); expected every folder of the inputs to be "
            "readable, so that no input is left out without a word.",
            error.filename,
        )

    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    # Linked folders are followed like any other (each real folder once, so a link to a
    # folder above cannot loop), but not one holding the inputs folder: a link to `/` walked
    # the whole file system until a file under /dev failed (failed before). The output
    # folder is skipped.
    outside = {out.resolve()} if out is not None else set()
    inputs = raw.resolve()
    seen = {inputs}
    for folder, subfolders, files in os.walk(raw, onerror=refuse, followlinks=True):
        keep = []
        for name in sorted(subfolders):
            path = Path(folder) / name
            real = path.resolve()
            if name.startswith(".") or real in outside:
                continue
            if real in seen:
                skipped.append((path, f"a link to {real}, a folder already read (a loop)"))
                continue
            if inputs.is_relative_to(real):  # `/` or a folder above: every file on the disk
                skipped.append((path, f"a link to {real}, a folder that holds the inputs folder"))
                continue
            seen.add(real)
            keep.append(name)
        subfolders[:] = keep
        for name in files:
            if name.startswith(".") and lock_file(name) is None:
                continue
            path = Path(folder) / name
            why = _not_a_file(path)
            if why:  # a pipe or a device is read for ever: never opened (failed before)
                skipped.append((path, why))
            else:
                found.append(path)
    return sorted(found), skipped


def _not_a_file(path: Path) -> str | None:
    """Say why ``path`` (or what it links to) is no regular file: a pipe, device or socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # a broken link: said by _broken_link, where the build reads
    if stat.S_ISREG(mode):
        return None
    return (
        "not a regular file (a named pipe, a device or a socket), which could be read for "
        "ever, so it is not read"
    )


def _broken_link(path: Path) -> str | None:
    """Say why a link cannot be read as a file (it points to nothing, or to itself)."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a link that leads back to itself (a loop), so it holds no file"
        return f"a link to {os.readlink(path)}, which does not exist"
    return None


def read_inputs(
    raw: Path, out: Path | None = None
) -> tuple[dict[str, list[pd.DataFrame]], list, list]:
    """Read every recognised file under ``raw`` (but not under ``out``, the build's output).

    Returns
    -------
    tuple
        Frames by format, the files used (path, format title) and the files ignored (path,
        reason).
    """
    frames: dict[str, list[pd.DataFrame]] = defaultdict(list)
    used = []
    settings = (raw / report_settings.FOLDER).resolve()
    found, ignored = _candidate_files(raw, out)
    for path in found:
        why = lock_file(path.name) or _broken_link(path)
        if why:
            ignored.append((path, why))
            continue
        if path.resolve().is_relative_to(settings):
            ignored.append((path, "report settings or commentary, read when a report is made"))
            continue
        if path.suffix.lower() not in READABLE_SUFFIXES:
            ignored.append((path, "not a CSV, ODS, Excel or Parquet file"))
            continue
        try:
            read = sources.read_all(path)
        except UnrecognisedFileError:
            ignored.append((path, "its columns match no format this project reads"))
            continue
        for frame in read:
            kind = frame.attrs["kind"]
            where = f" (sheet '{frame.attrs['sheet']}')" if frame.attrs.get("sheet") else ""
            if kind in REFERENCE_ONLY:
                reason = f"recognised as {frame.attrs['title']}: {REFERENCE_ONLY[kind]}"
                ignored.append((path, reason + where))
                continue
            # A LAIT file with none of the measures read is set aside; an extract's remands
            # table with no rows is read as no remands in the records' span, and counts.
            if frame.empty and kind not in EMPTY_MEANS_NONE:
                ignored.append((path, f"{frame.attrs['title']}: {'; '.join(frame.attrs['notes'])}"))
                continue
            frames[kind].append(frame)
            used.append((path, frame.attrs["title"] + where))
    return frames, used, ignored


def _reader_notes(frames: dict[str, list[pd.DataFrame]]) -> list[str]:
    """Say what the readers left out of the files they read, one note per file.

    A note names a public release by its file's name and a file of the analyst's own by its
    format (:func:`~yjanalysis.vocabulary.input_names.shown_name`), never a folder: notes reach
    the pages (the list of files used keeps the whole path for the analyst).
    """
    notes = []
    for kind_frames in frames.values():
        for frame in kind_frames:
            for note in dict.fromkeys(frame.attrs.get("notes", [])):
                notes.append(f"{frame_name(frame)}: {note}.")
    return list(dict.fromkeys(notes))


def _check_overlaps(parts: list[tuple[pd.DataFrame, str]]) -> pd.DataFrame:
    """Put the rows of every input together, refusing a figure that two files give.

    Parameters
    ----------
    parts : list of (pandas.DataFrame, str)
        Conformed rows, each with the file they were made from (named in the message).
    """
    combined = pd.concat([frame.assign(file=str(file)) for frame, file in parts], ignore_index=True)
    repeated = combined.duplicated(table.KEY, keep=False)
    if repeated.any():
        clash = combined[repeated].sort_values(table.KEY).head(2)
        first, second = clash.iloc[0], clash.iloc[1]
        where = f"{first['area']}, {first['indicator']}, {first['period']}"
        files = (
            f"'{first['file']}' and '{second['file']}'"
            if first["file"] != second["file"]
            else f"'{first['file']}' (twice)"
        )
        raise InputError(
            f"two inputs give the same figure ({where}, {first['group']}): {files}; expected "
            "each figure from one file, so remove or rename one of them."
        )
    return combined.drop(columns="file")


def _refuse_two_family_sources(frames: dict[str, list[pd.DataFrame]]) -> None:
    """Fail where two inputs give the same families: which to use is the analyst's choice.

    Two releases of the DfE statistical neighbours (April 2021 and May 2025) in one folder
    would otherwise be merged into families of 10 to 19 members, and two families files naming
    one service's family into the union of both; the page would name one file.

    Raises
    ------
    InputError
        Naming both files.
    """
    releases = frames.get("dfe_statistical_neighbours", [])
    if len(releases) > 1:
        files = " and ".join(f"'{f.attrs.get('path')}'" for f in releases[:2])
        raise InputError(
            f"two DfE statistical neighbours files are among the inputs ({files}); expected "
            "one release, since each gives every English service its family: keep the one to "
            "use (the latest, normally) and remove the other."
        )
    named: dict[str, str] = {}
    for given in frames.get("yjs_families", []):
        path = str(given.attrs.get("path"))
        for family in reference.canonical_names(given["family"]).dropna().unique():
            if named.setdefault(family, path) != path:
                raise InputError(
                    f"two families files give {family}'s family ('{named[family]}' and "
                    f"'{path}'); expected each family in one file, so remove it from one of them."
                )


def _lait(
    frames: list[pd.DataFrame],
    people: pd.DataFrame,
    families: dict[str, list[str]],
    given: list[pd.DataFrame],
) -> tuple[list[tuple[pd.DataFrame, str]], list[str]]:
    """Turn LAIT frames into rows (each with its file), preferring a published count given.

    LAIT publishes first time entrants as rates; their counts are estimated from a population.
    Where an indicator CSV gives the same figure with its count (from the YJB's own
    statistics), that row is used and LAIT's is left out, so the two do not clash.
    """
    if not frames:
        return [], []
    counted = [g[table.KEY][g["numerator"].notna()] for g in given]
    counted_keys = pd.MultiIndex.from_frame(pd.concat(counted)) if counted else None
    parts, notes, replaced = [], [], 0
    for lait in frames:
        figures = published.lait_indicators(lait)
        notes.extend(figures.attrs.get("notes", []))
        rows = published.estimate_counts(figures, people)
        where = lait.attrs.get("path", "DfE LAIT")
        parts.append((aggregates.family_means(rows, families), where))  # pooled, of members given
        if counted_keys is not None and len(rows):
            keys = pd.MultiIndex.from_frame(table.conform(rows)[table.KEY])
            mine = keys.isin(counted_keys)
            replaced += int(mine.sum())
            rows = rows[~mine]
        parts.append((rows, where))
    if replaced:
        notes.append(
            f"{replaced} LAIT figures were left out because an indicator file gives the same "
            "figure with its published count, which is used instead of an estimated one."
        )
    notes.append(
        "DfE LAIT covers English authorities only: Welsh YJSs have no FTE, reoffending or "
        "education figures from it, and family means use English members only."
    )
    notes.append(
        "LAIT's England row for first time entrants is not a rate per 100,000 in several "
        "years and is not used."
    )
    return parts, notes


def assemble(
    frames: dict[str, list[pd.DataFrame]], by: pd.Timestamp | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], similar.ComparatorGroups]:
    """Turn the frames read into the indicator table and the population used.

    ``by``, the last day of a report's period, keeps the computed families to the sources
    dated by it (:func:`yjanalysis.methods.similar.comparator_groups`).

    Returns
    -------
    tuple
        The table (conformed and validated), the population table, notes, and the comparator
        groups (:class:`yjanalysis.methods.similar.ComparatorGroups`) whose chosen groups are the
        families used.
    """
    notes: list[str] = _reader_notes(frames)
    people = population.populations(
        frames.get("yjb_population", []), frames.get("ons_population", [])
    )
    notes.extend(f"{note}." for note in people.attrs.get("notes", []))
    # Each service's family: a supplied YJB family, else a group computed from the inputs.
    _refuse_two_family_sources(frames)
    groups = similar.comparator_groups(frames, people, by)
    families = groups.families()
    notes.extend(groups.notes)
    for frame in frames.get("ons_population", []):
        if frame["year"].isna().all():
            notes.append(
                f"{Path(frame.attrs['path']).name} gives no year (none in its columns or its "
                "name), so it "
                "was not used for rates."
            )
    parts: list[tuple[pd.DataFrame, str]] = []  # rows, and the file they were made from
    for children in frames.get("yjb_children", []):
        rows = published.children_cautioned_or_sentenced(children, people)
        where = children.attrs["path"]
        parts.append((rows, where))
        parts.append((aggregates.pooled(rows, families, "sum of YJS figures: " + where), where))
        missing = rows[
            (rows["indicator"] == "cautioned_or_sentenced_rate")
            & (rows["breakdown"] == "total")
            & rows["denominator"].isna()
        ]
        if len(missing):
            years = ", ".join(sorted(missing["period"].unique()))
            notes.append(
                f"No 10 to 17 population for {missing['area'].nunique()} YJSs in {years}: their "
                "rates of children cautioned or sentenced are left blank (add a population file)."
            )
        unbanded = _latest_year_without_age_rates(children, rows, people)
        if unbanded is not None:
            notes.append(unbanded)
    given = frames.get("indicator_csv", [])
    for frame in given:
        _refuse_denominators_unlike_population(frame, people)
    lait_rows, lait_notes = _lait(frames.get("lait", []), people, families, given)
    parts.extend(lait_rows)
    notes.extend(lait_notes)
    parts.extend((g, g.attrs.get("path", "indicator table")) for g in given)
    extracts = caselevel_extract.assemble_all(frames)
    if not parts and not extracts:
        return table.empty(), people, notes, groups
    conformed = [(table.conform(p), where) for p, where in parts if len(p)]
    combined = _check_overlaps(conformed or [(table.empty(), "")])
    _refuse_out_of_line(conformed)
    for extract in extracts:
        collapsed.refuse_one_value_throughout(
            {"children": extract.children, "orders": extract.orders},
            extract.files,
            _not_white(combined, extract.yjs),
            extract.yjs,
        )
    own = [_own_figures(extract, people, combined, notes) for extract in extracts]
    refuse_unflagged_own_figures(given, own)
    for extract, figures in zip(extracts, own, strict=True):
        cohort_scores.refuse_far_below_published(figures, combined, extract)
    combined = pd.concat([combined, *own], ignore_index=True)
    # White and ethnic minority children, as the report behind this project compares them.
    combined = pd.concat([combined, table.conform(ethnicity.combined(combined))], ignore_index=True)
    _refuse_implausible(combined)
    validated = table.SCHEMA.validate(intervals.add_intervals(combined))
    ordered = validated.sort_values(
        ["indicator", "area_type", "area", "period_start", "breakdown", "group"]
    )
    return ordered.reset_index(drop=True), people, notes, groups


def _not_white(combined: pd.DataFrame, yjs: str) -> float | None:
    """Return the share of a service's children aged 10 to 17 not White, or ``None``.

    From the latest Census table of the service's population by ethnic group among the inputs
    (``population_share_10_17``): an extract's ethnicity column is held to it
    (:func:`~yjanalysis.table.caselevel.collapsed.refuse_one_value_throughout`).
    """
    white = combined[
        combined["indicator"].eq("population_share_10_17")
        & combined["area"].eq(yjs)
        & combined["breakdown"].eq("ethnicity")
        & combined["group"].eq("White")
    ].dropna(subset=["value"])
    if white.empty:
        return None
    latest = white.sort_values("period_start").iloc[-1]
    return float(min(max(1 - latest["value"] / 100, 0.0), 1.0))


def _latest_year_without_age_rates(
    children: pd.DataFrame, rows: pd.DataFrame, people: pd.DataFrame
) -> str | None:
    """Say why the latest year of a Children table has no rates by age group, if it has none.

    A rate by age group needs the population of the age group, which only ONS estimates by
    single year of age give: the mid-2023 file saved again as ``…_mid2024.csv`` leaves the
    2023-24 rates by age group unmade (680 figures), which a page must say rather than show
    nothing. Only the latest year is said: earlier years have no estimates by age in most
    inputs, and the pages show the latest.
    """
    if children["age_group"].eq("All").all() or rows.empty:
        return None
    latest = rows.loc[rows["period_start"].idxmax(), "period"]
    banded = rows[
        rows["indicator"].eq("cautioned_or_sentenced_rate")
        & rows["breakdown"].eq("age_group")
        & rows["period"].eq(latest)
    ]
    if len(banded):
        return None
    year = int(str(latest)[:4])
    held = sorted(people.loc[people["age_group"].ne("10 to 17"), "year"].dropna().unique())
    given = ", ".join(f"mid-{int(y)}" for y in held) if held else "none"
    return (
        f"No rate of children cautioned or sentenced by age group is given for {latest}: the "
        f"inputs hold no population by single year of age for mid-{year} (ONS estimates given: "
        f"{given}); a file of mid-{year}'s estimates gives them"
    ) + "."


def _refuse_out_of_line(parts: list[tuple[pd.DataFrame, str]]) -> None:
    """Refuse a nation's or region's figure at another scale than the others' of other files.

    Each reader holds a file's nations and regions to each other; England given in a file of
    its own per 1,000 beside the regions of another per 10,000 is in line within each file,
    so the figures of every file are compared together here
    (:func:`~yjanalysis.vocabulary.plausible.out_of_line_with_kin`), naming the file, as is a
    nation's figure against its whole and parts given in other files
    (:func:`~yjanalysis.vocabulary.plausible.unlike_its_parts`).
    """
    if len(parts) < 2:
        return
    rows = pd.concat([p.assign(file=where) for p, where in parts], ignore_index=True)
    advice = "the scale of the figures in this file against the others"
    found = plausible.out_of_line_with_kin(rows)
    if found is None:
        advice = "that this row is the nation's own figure"
        found = plausible.unlike_its_parts(rows) or plausible.copies_a_region(rows)
    if found is None:
        return
    at, why = found
    row = rows.loc[at]
    raise InputError(
        f"the figure for {row['area']}, {row['indicator']}, {row['period']}: {why}; check "
        f"{advice}.",
        Path(str(row["file"]).removeprefix("sum of YJS figures: ")),
    )


#: The most years apart a population written in an indicator file and the population table's
#: may be and still be compared: a service's 10 to 17 population moves by at most 12% in two
#: years in the YJB's own table (Westminster, 2013 to 2019), and the Census (March 2021) and the
#: mid-year estimates (June) count the same children.
NEAREST_YEARS = 2


def _refuse_denominators_unlike_population(given: pd.DataFrame, people: pd.DataFrame) -> None:
    """Refuse a service's figure whose population is not the population table's.

    An indicator file gives a rate with its count and the population it divides by; each is
    plausible alone, but a population of 2,192 beside the YJB's 5,479 for Bristol made its
    serious violence rate 2.5 times too high (failed before: built without a word), and a
    Census file with Southampton's children aged 10 to 17 typed 198,910 for 19,891 made its
    White children 8.1% of them (failed before: the shares were published). Every figure
    divided by the population aged 10 to 17 (:func:`.catalogue.divided_by_population`) is
    held to the population table's for the year its period starts, or the nearest year the
    table gives within :data:`NEAREST_YEARS` (the later of two as near: estimates from
    mid-2021 are based on the Census).

    Failed before (adversary 16, C11): Brent's Census rows pasted under Southampton's name
    (18,728 children beside the table's 19,892) passed within the half allowed, and published
    Brent's ethnic groups as Southampton's. The limit is now
    :func:`~yjanalysis.inputs.readers.yjb_population.most_apart` for the years between the two:
    a Census share's population within 5% of the table's of the same year (the Census and the
    estimate count the same children), 21% a year apart; a rate's a year further, since a
    publisher may divide a year's rate by the estimate of the year before, the latest it had.
    """
    if given.empty or people is None or people.empty or "denominator" not in given:
        return
    divided = given["indicator"].isin(divided_by_population())
    rows = given[divided & given["area_type"].eq("yjs") & given["denominator"].notna()]
    if rows.empty:
        return
    totals = people[people["age_group"] == "10 to 17"].set_index(["yjs", "year"])["population"]
    totals = totals[~totals.index.duplicated()]
    if "period_start" in rows:  # a rolling period's label (Oct 2022 – Sep 2023) starts so too
        starts = pd.to_datetime(rows["period_start"], errors="coerce").dt.year
    else:
        starts = pd.to_numeric(rows["period"].astype(str).str[:4], errors="coerce")
    years = [None if pd.isna(y) else int(y) for y in starts]
    # Each service and year once: a file of every service's rates repeats them many times.
    keys = list(zip(rows["area"], years, strict=True))
    nearest = {key: _nearest_year(totals, *key) for key in set(keys)}
    compared = [nearest[key] for key in keys]
    known = totals.reindex(list(zip(rows["area"], compared, strict=True))).to_numpy(dtype=float)
    ratio = rows["denominator"].to_numpy(dtype=float) / known
    census = rows["indicator"].eq("population_share_10_17").to_numpy()
    apart = [
        abs(u - y) if u is not None and y is not None else 0
        for u, y in zip(compared, years, strict=True)
    ]
    limits = np.array([most_apart(a + (0 if c else 1)) for a, c in zip(apart, census, strict=True)])
    wrong = (ratio > limits) | (ratio < 1 / limits)  # no population compared: False
    if not wrong.any():
        return
    at = int(np.flatnonzero(wrong)[0])
    row, year, used = rows.iloc[at], years[at], compared[at]
    said = "" if used == year else f" (the nearest year it gives to {year})"
    raise InputError(
        f"row {rows.index[at]} ({row['area']}, {row['indicator']}, {row['period']}), column "
        f"'denominator': its population {row['denominator']:,.0f} is not the population "
        f"table's {known[at]:,.0f} aged 10 to 17 in mid-{used}{said}; expected the two within "
        f"{limits[at]:.2f} times of each other (every figure divided by it would be wrong by as "
        "much: another area's row, or a digit typed wrong?).",
        given.attrs.get("path"),
    )


def _nearest_year(totals: pd.Series, area: str, year: int | None) -> int | None:
    """Return the year of ``area``'s population nearest ``year`` (the later of two as near)."""
    if year is None or area not in totals.index.get_level_values(0):
        return None
    have = np.array(totals.loc[area].index, dtype=int)
    distance = np.abs(have - year)
    if distance.min() > NEAREST_YEARS:
        return None
    return int(have[distance == distance.min()].max())


def _refuse_implausible(rows: pd.DataFrame) -> None:
    """Refuse a figure the build made that no indicator could have (the readers' check, again).

    Each reader refuses what its file says that cannot be; a figure made from several files
    (a count over a population) can still come out impossible when one of them is wrong (a
    count of 99,999 children, a population of 5): it names the figure and where it came from.
    """
    found = plausible.first_problem(rows)
    if found is None:
        return
    at, _, why = found
    row = rows.loc[at]
    counts = (
        f" ({row['numerator']:,.0f} of {row['denominator']:,.0f})"
        if pd.notna(row["numerator"]) and pd.notna(row["denominator"])
        else ""
    )
    source = Path(str(row["source"]).removeprefix("sum of YJS figures: ")).name
    raise InputError(
        f"the figure for {row['area']}, {row['indicator']}, {row['period']}{counts} made from "
        f"{source}: {why}; check the counts in that file and the population it is divided by."
    )


def inspection_table(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Put the inspection ratings read together: one row per service and inspection.

    The rows whose name matches no service are left out (their files' notes say so); the same
    inspection in two files stops the build.
    """
    if not frames:
        return pd.DataFrame({"yjs": pd.Series(dtype="string")})
    rows = pd.concat(
        [f.assign(file=str(f.attrs.get("path", "inspection ratings"))) for f in frames],
        ignore_index=True,
    )
    rows = rows[rows["yjs"].notna()]
    twice = rows.duplicated(["yjs", "published"], keep=False)
    if twice.any():
        first = rows[twice].iloc[0]
        same = rows[twice & rows["yjs"].eq(first["yjs"]) & rows["published"].eq(first["published"])]
        files = " and ".join(f"'{f}'" for f in dict.fromkeys(same["file"]))
        raise InputError(
            f"two inputs give {first['yjs']}'s inspection published on "
            f"{first['published']:%d %B %Y} ({files}); expected each inspection in one file, "
            "so remove one."
        )
    return rows.drop(columns="file").sort_values(["yjs", "published"]).reset_index(drop=True)


#: What names one figure of a service apart from its period's label (a service's own figure
#: for a period a publication gives carries a label of its own: :func:`own_label`).
SAME_FIGURE = ["area_type", "area", "indicator", "period_start", "period_end", "breakdown", "group"]


def refuse_unflagged_own_figures(given: list[pd.DataFrame], own: list[pd.DataFrame]) -> None:
    """Refuse a published row of an indicator CSV without ``own_records`` that the extract gives.

    A row of an indicator CSV with no ``own_records`` column and status ``published`` is shown
    as released; the same service's figure for the same measure, period and group computed
    from its extract is under disclosure control. A count typed in from the case management
    system and left ``published`` was printed beside the same figure hidden ("the number of
    children remanded was ..." on a page hiding it). Which the row is, only the analyst knows:
    a file giving figures of no service but those whose extracts are read (a file of the
    service's own, not a publisher's release of every service) must say, in a column
    ``own_records`` (Y: the service's own, under control; N: published, shown as released).

    Raises
    ------
    InputError
        Naming the file, the row and the figure, and what was expected.
    """
    if not own:
        return

    def keys(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame[SAME_FIGURE].astype(str)
        return out.assign(row=frame.index)

    everything = pd.concat(own, ignore_index=True)
    computed = keys(everything).drop(columns="row").drop_duplicates()
    services = set(everything["area"])
    for frame in given:
        if frame.attrs.get("own_records_given", True) or frame.empty:
            continue
        local = frame["area_type"].isin(["yjs", "la"])
        if not set(frame.loc[local, "area"]) <= services:
            continue  # a publisher's release, giving other services' figures too
        released = frame[~frame["own_records"].astype(bool)]
        both = keys(released).merge(computed, on=SAME_FIGURE, how="inner")
        if both.empty:
            continue
        first = frame.loc[both.iloc[0]["row"]]
        raise InputError(
            f"row {both.iloc[0]['row']} gives {first['area']}'s "
            f"{catalogue_indicator(first['indicator']).phrase} for {first['period']} as a "
            "published figure, and the service's own case-level extract gives the same figure, "
            "which reports for boards may hide; expected a column own_records saying whether "
            "each row is from the service's own records (Y, under disclosure control) or "
            "published (N, shown as released).",
            Path(str(frame.attrs.get("path", "indicator table"))),
        )


def _own_figures(extract, people, combined: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Compute a service's figures from its extract, beside any published figure of them.

    Where a publication gives the same service, indicator and period, both are kept: the
    published figure under the period's label (``2023``, ``2023-24``), the service's own under
    the label its rolling periods carry (``Jan 2023 – Dec 2023``), so that a series of the
    service's own figures has no gap where a publication covers a year, and a page can set the
    two counts of the same children side by side and say whether they agree.
    """
    local = table.conform(caselevel_indicators.all_indicators(extract, people))
    local["own_records"] = True  # about identifiable children: under disclosure control
    published_keys = pd.MultiIndex.from_frame(combined[table.KEY])
    clash = pd.MultiIndex.from_frame(local[table.KEY]).isin(published_keys)
    local.loc[clash, "period"] = [
        own_label(start, end)
        for start, end in zip(
            local.loc[clash, "period_start"], local.loc[clash, "period_end"], strict=True
        )
    ]
    notes.append(
        f"Case-level extract for {extract.yjs} (to {extract.as_of:%d %B %Y}): "
        f"{len(local):,} figures computed from it"
        + (
            f" ({clash.sum():,} of them for periods a publication also gives: both are kept, "
            "each named by its source)"
            if clash.any()
            else ""
        )
        + "; they are about identifiable children, so reports for boards hide small counts."
    )
    notes.extend(f"{note}." for note in extract.notes)
    first = extract.runs_from if extract.runs_from is not None else extract.first_record
    if first + pd.DateOffset(years=1) > extract.as_of + pd.Timedelta(days=1):
        notes.append(
            f"Case-level extract for {extract.yjs}: its records run only from "
            f"{first.day} {first:%B %Y} to {extract.as_of.day} {extract.as_of:%B %Y}, less than "
            "the twelve months of a "
            "reporting period, so no figure for a period is computed from them."
        )
    settled = extract.first_record + caselevel_indicators.HISTORY_NEEDED
    early = local[local["indicator"].eq("fte_rate")]
    early = early[early["period_start"] < settled]
    if len(early):
        notes.append(
            f"Case-level extract for {extract.yjs}: first time entrants in the "
            f"{len(early)} periods starting before {settled:%B %Y} may be overstated, "
            f"because its records begin in {extract.begins} and a child's "
            "earlier caution or conviction may be missing."
        )
    return local


def own_label(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Return the label of a service's own figure for a period a publication also gives.

    Examples
    --------
    >>> own_label(pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31"))
    'Jan 2023 – Dec 2023'
    """
    return f"{start:%b %Y} – {end:%b %Y}"


def _write_atomically(
    out: Path, files: dict[str, pd.DataFrame], record: dict, staged: StagedCheck | None = None
) -> None:
    """Write the outputs and, last, ``build.json`` recording each output's checksum.

    Each file is moved into place whole; ``build.json`` goes last, so a build killed half way
    leaves a record whose checksums do not match the files, and the next refresh builds again.
    ``staged`` is given the folder the files are written in first: what it raises leaves
    ``out`` as it was.
    """
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        try:
            for name, content in files.items():
                content.to_parquet(staging / name, index=False)
            record["outputs"] = {name: file_checksum(staging / name) for name in files}
            (staging / RECORD).write_text(json.dumps(record, indent=2), encoding="utf-8")
        except OSError as error:  # a full disk: the table before this build is left as it was
            raise InputError(
                f"could not be written ({error.strerror or error}); nothing was changed "
                "(expected room on the disk for the indicator table, about 10 MB).",
                out,
            ) from None
        if staged is not None:
            staged(staging)
        # What the staged check kept beside the files (a disclosure control of the new table,
        # vouching for it by its checksum) goes in first, so that the refresh reuses it.
        kept = [p.name for p in staging.iterdir() if p.is_file() and p.name not in files]
        for name in [*(k for k in kept if k != RECORD), *files, RECORD]:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # and what a staged check kept beside them


def file_checksum(path: Path) -> str:
    """Return a file's SHA-256, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def code_digest() -> str:
    """Checksum of the package's own files (code, catalogue, reference data) and version."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]  # the whole package, not only table/
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and "notebooks" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0")
            digest.update(file_checksum(path).encode())
    return digest.hexdigest()


def fingerprint(raw: Path, out: Path) -> str:
    """Checksum of everything a build's result depends on.

    The input folder, every file under it (by its path inside the folder and its content, as
    :func:`read_inputs` would find them) and the package's own files and version.
    """
    return _fingerprint_and_checksums(raw, out)[0]


def _fingerprint_and_checksums(raw: Path, out: Path) -> tuple[str, dict[Path, str]]:
    """Return :func:`fingerprint` and each readable input file's SHA-256 it was made from."""
    raw = Path(raw)
    digest = hashlib.sha256(f"{raw.resolve()}\0{code_digest()}\0".encode())
    files, _ = _candidate_files(raw, out)
    sums: dict[Path, str] = {}
    for path in files:
        try:
            content = sums[path] = file_checksum(path)
        except OSError as error:  # a broken link or an unreadable file: the build says which
            content = f"unreadable: {error.strerror}"
        digest.update(f"{path.relative_to(raw)}\0{content}\0".encode())
    return digest.hexdigest(), sums


def _checksums_read(used: list[tuple[Path, str]], before: dict[Path, str]) -> dict[str, str]:
    """Return each file used by its SHA-256, refusing one that changed while it was read.

    Each is hashed before the build reads it (:func:`_fingerprint_and_checksums`) and again
    after: the same both times, the bytes read are the bytes hashed, and the manifest of a
    report records these, not the file as it is when the report is published (a file changed
    during a refresh was recorded as the one the build read: failed before, from the sixth
    adversary).
    """
    sums: dict[str, str] = {}
    for path, _ in used:
        if str(path) in sums:  # a workbook with several tables
            continue
        try:
            now = file_checksum(path)
        except OSError:
            now = None
        if now is None or now != before.get(path):
            raise InputError(
                "changed while the build read it; expected it to stay as it is until the build "
                "ends (is it still being saved or downloaded?), so nothing was written.",
                path,
            )
        sums[str(path)] = now
    return sums


def reusable(raw: Path, out: Path, by: pd.Timestamp | None = None) -> dict | None:
    """Return the record of the build in ``out`` if it is what building ``raw`` would write.

    That is, if it was built from the same input files (by content) by the same code, and
    every file it wrote is still there, as written (by checksum), and, for a report's period
    ending ``by``, its families were found on the ONS estimate that period would use (a build
    for a later period may have used a later one). ``None`` otherwise.
    """
    out = Path(out)
    try:
        record = json.loads((out / RECORD).read_text(encoding="utf-8"))
        outputs = record["outputs"]
        if record.get("fingerprint") != fingerprint(raw, out) or not outputs:
            return None
        if any(file_checksum(out / name) != sha for name, sha in outputs.items()):
            return None
        if record.get("family_estimate") != family_estimate(record["family_estimates"], by):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record


def id_shapes(out: Path) -> list[str] | None:
    """Return the shapes of the ids of the extracts the build in ``out`` read, or ``None``.

    ``None`` where there is no build, or it read no extract: the words are then looked at for
    the shapes docs/extract.md describes
    (:func:`yjanalysis.inputs.report_settings.read`'s ``id_shapes``).
    """
    try:
        record = json.loads((Path(out) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = record.get("id_shapes") if isinstance(record, dict) else None
    return [str(s) for s in found] if isinstance(found, list) and found else None


def family_estimate(estimates: list[int], by: pd.Timestamp | None) -> int | None:
    """Return the mid-year of the ONS estimate a report's families use: the latest dated by ``by``.

    Examples
    --------
    >>> family_estimate([2023, 2025], pd.Timestamp("2024-12-31")), family_estimate([2023], None)
    (2023, 2023)
    """
    dated = [y for y in estimates if by is None or pd.Timestamp(y, 6, 30) <= by]
    return max(dated) if dated else None


def build(
    raw: Path,
    out: Path,
    check: Check | None = None,
    by: pd.Timestamp | None = None,
    staged: StagedCheck | None = None,
) -> BuildResult:
    """Read every recognised file in ``raw`` and write the indicator table to ``out``.

    Parameters
    ----------
    raw : Path
        The folder of inputs (read recursively; never changed).
    out : Path
        Where ``indicators.parquet``, ``population.parquet``, ``build.json`` (the files
        used and ignored, notes, row counts, each service's family) and the comparator groups
        with the characteristics behind them (:mod:`yjanalysis.methods.similar`) are written.
    check : callable, optional
        Called with the indicator table once it is made and before anything is written (a
        refresh's period, which the table alone says is possible); what it raises stops the
        build with ``out`` as it was.
    by : pandas.Timestamp, optional
        The last day of the report's period: the families computed use no ONS estimate dated
        after it. ``None`` (a build for no report) uses the latest.
    staged : callable, optional
        Called with the folder the new files are written in before they replace the last
        build's (a refresh's checks that read the files); what it raises leaves ``out`` as it
        was.

    Returns
    -------
    BuildResult
        The table and a record of the build.

    Raises
    ------
    InputError
        If any recognised input is malformed; nothing is written then.
    """
    started = time.perf_counter()
    raw, out = Path(raw), Path(out)
    key, before = _fingerprint_and_checksums(raw, out)
    frames, used, ignored = read_inputs(raw, out)
    checksums = _checksums_read(used, before)
    # A child's id in the service's own words is refused here, where the extract's ids are.
    id_shapes = caselevel_extract.refuse_ids_in_words(raw, frames)
    if not used:  # a new inputs folder: say what goes in it rather than publish nothing
        first = f": {ignored[0][0].name}, {ignored[0][1]}" if ignored else ""
        raise InputError(
            f"holds no file the project reads ({len(ignored)} ignored{first}); expected the "
            f"public releases (`yjanalysis fetch --raw {raw}` downloads them, see docs/data.md) "
            "or a case-level extract (docs/extract.md).",
            raw,
        )
    indicators, people, notes, groups = assemble(frames, by)
    if check is not None:
        check(indicators)
    notes = _without_folders(notes, [p for p, _ in used])
    families = groups.families()
    inspections = inspection_table(frames.get(hmi_inspections.KIND, []))
    result = BuildResult(indicators, people, families, used, ignored, notes)
    result.inspections = inspections
    result.seconds = time.perf_counter() - started
    record = {
        "version": __version__,
        "raw": str(raw),
        "used": [{"file": str(p), "format": k, "sha256": checksums[str(p)]} for p, k in used],
        "ignored": [{"file": str(p), "reason": r} for p, r in ignored],
        "notes": notes,
        "rows": len(indicators),
        "rows_by_indicator": {k: int(v) for k, v in indicators["indicator"].value_counts().items()},
        "synthetic": any("synthetic" in str(p).lower() or "demo" in p.parts for p, _ in used),
        "families": families,
        "families_withheld": groups.withheld,
        # A report before every ONS estimate: refused for a service that needs the services
        # nearest it, with this sentence and file (run.pipeline.check_family_dated).
        "families_undated": groups.characteristics.attrs.get("undated"),
        "family_estimate": groups.characteristics.attrs.get("estimate"),
        "family_estimates": groups.characteristics.attrs.get("estimates", []),
        "fingerprint": key,
        # The shapes of the extracts' ids (``C:7:0``, never an id), which the read of the
        # words before a report looks for (:func:`id_shapes`).
        "id_shapes": id_shapes,
    }
    _write_atomically(
        out,
        {
            "indicators.parquet": indicators,
            "population.parquet": people,
            "inspections.parquet": inspections,
            **groups.files(),
        },
        record,
        staged,
    )
    return result


def _without_folders(notes: list[str], used: list[Path]) -> list[str]:
    """Name each input in the notes by its file name alone, whatever note named it.

    Notes reach the report's pages. Each note is meant to name a file by its name; this is
    the last word, so that a note that names a whole path (an extract's folder, an inputs
    folder just below the root, ``/raw``) shows no folder of the analyst's computer.
    """
    folders = sorted({str(p.parent) for p in used}, key=len, reverse=True)
    out = []
    for note in notes:
        for folder in folders:
            note = note.replace(folder + os.sep, "").replace(folder, "the inputs folder")
        out.append(note)
    return out


@contextlib.contextmanager
def holding(
    folder: Path, shared: bool = False, waiting: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold a folder alone (a build), or beside others that only read it (refreshes).

    The lock (:mod:`yjanalysis.locks`) is let go by the operating system however the process
    ends. Folders made only to hold it are removed again if nothing was written into them (a
    refused build writes nothing).

    Parameters
    ----------
    folder : Path
        The folder (made if missing).
    shared : bool
        Hold it beside other shared holders (refreshes reading the table), rather than alone.
    waiting : callable, optional
        Called before waiting, if another holds the folder in the way.
    """
    folder = Path(folder)
    with locks.held(folder, shared=shared, waiting=waiting):
        # Counted once held: a holder before this one removes the folders it made before it
        # lets go, and they are then this one's to remove.
        made = [f for f in (folder, *folder.parents) if not f.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        try:
            yield
        finally:
            for made_folder in sorted(made, key=lambda f: len(f.parts), reverse=True):
                with contextlib.suppress(OSError):  # one that now holds anything stays
                    made_folder.rmdir()


def _once(say: Callable[[], None] | None) -> Callable[[], None] | None:
    """Return ``say``, made to do nothing after its first call (one "waiting" line a command)."""
    if say is None:
        return None
    said = False

    def once() -> None:
        nonlocal said
        if not said:
            said = True
            say()

    return once


@contextlib.contextmanager
def held_build(
    raw: Path,
    processed: Path,
    waiting: Callable[[], None] | None = None,
    check: Check | None = None,
    by: pd.Timestamp | None = None,
    staged: StagedCheck | None = None,
) -> Iterator[BuildResult]:
    """Build (or keep) the table of ``raw`` in ``processed`` and hold it for as long as it is used.

    A refresh reads the processed table from start to end (each notebook reads it again), so
    no build may replace it meanwhile. The table is held shared: refreshes of the same inputs
    run side by side, while a build (``yjanalysis build``, or a refresh of other inputs into
    the same folder) waits until they have finished; a refresh that finds another building
    waits for it, then keeps its table if it is what its own inputs give. The build itself
    holds the folder alone.

    A new table is first given to ``check`` (see :func:`build`), so that a refresh the table
    shows to be impossible (a period after the records end) leaves ``processed`` untouched; a
    table kept is the caller's to check. ``by`` is the last day of the report's period (see
    :func:`build`); a table built for another period is kept only where it is the same.
    ``staged`` checks the new files before they replace the old (see :func:`build`).

    Yields
    ------
    BuildResult
        As :func:`build_or_demo` with ``reuse=True`` gives it.
    """
    raw, processed = Path(raw), Path(processed)
    waiting = _once(waiting)
    write_demo_if_empty(raw)
    built = None
    for _ in range(3):
        with holding(processed, shared=True, waiting=waiting):
            record = reusable(raw, processed, by)
            if record is not None:
                yield built if built is not None else _kept(record)
                return
        # Not this table (or none yet): build it alone, then hold it shared, checking again
        # that no other build came in between.
        with holding(processed, waiting=waiting):
            record = reusable(raw, processed, by)
            built = build(raw, processed, check, by, staged) if record is None else _kept(record)
    raise InputError(
        "was rebuilt from other inputs by another command three times while this one waited; "
        "expected one set of inputs for one processed folder at a time: give each its own "
        "--processed folder.",
        processed,
    )


def write_demo_if_empty(raw: Path) -> None:
    """Write the demo inputs if ``raw`` is the empty demo folder (one writer at a time)."""
    from yjanalysis import config
    from yjanalysis.inputs import demo

    if raw != config.paths().demo:
        return
    with holding(raw):  # so that no one reads the files while another writes them
        if not any(raw.glob("*.csv")):
            demo.write(raw)


def build_or_demo(
    raw: Path, processed: Path, reuse: bool = False, by: pd.Timestamp | None = None
) -> BuildResult:
    """Build from ``raw``, first writing the demo inputs if ``raw`` is the empty demo folder.

    So that ``make report`` and a notebook run as they are on a fresh checkout. The build holds
    ``processed`` alone (:func:`holding`). With ``reuse``, a build already in ``processed``
    from the same inputs by the same code (see :func:`reusable`) is kept as it is: the result
    then holds the record, not the table. A refresh uses :func:`held_build`, which also keeps
    the table from being replaced while the refresh reads it. ``by`` is the last day of the
    report's period (see :func:`build`).
    """
    raw = Path(raw)
    write_demo_if_empty(raw)
    with holding(processed):
        record = reusable(raw, processed, by) if reuse else None
        return build(raw, processed, by=by) if record is None else _kept(record)


def _kept(record: dict) -> BuildResult:
    """Return the result of a build kept as it was, from its record."""
    return BuildResult(
        indicators=None,
        population=None,
        families=record.get("families", {}),
        used=[(Path(u["file"]), u["format"]) for u in record["used"]],
        ignored=[(Path(u["file"]), u["reason"]) for u in record["ignored"]],
        notes=record.get("notes", []),
        reused=True,
        row_count=record["rows"],
    )
