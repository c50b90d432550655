"""What a notebook works on: the indicator table for one service, period and audience.

A notebook's first code cell turns its parameters into a :class:`ReportContext`; every other
cell passes that context to :mod:`yjanalysis.report.sections`. Loading builds the processed table
from the raw folder when it is missing (so that a notebook runs as it is on a fresh checkout, demo
data written if the demo folder is empty), resolves the service's name, chooses each figure's
period (the latest ending on or before the report's period end) and applies disclosure control
to anything computed from the service's own case-level data.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from yjanalysis import config, reference
from yjanalysis.inputs import readers, report_settings
from yjanalysis.methods import disclosure, similar

__all__ = [
    "OWN_FIGURES",
    "ReportContext",
    "controlled",
    "earlier_reports",
    "load",
    "of_areas",
    "write_own_figures",
]

#: The file of a published report that records what it showed of the service's own figures.
OWN_FIGURES = "own-figures.csv"


#: A publication's name for readers, by the format the build read its file as: a board member
#: needs "Local Authority Interactive Tool", not the file name an analyst saved it under.
PUBLICATIONS = {
    "DfE LAIT bulk data": "Department for Education, Local Authority Interactive Tool (LAIT)",
    "YJB local level open data: Children table": (
        "Youth Justice Board, youth justice statistics: local level open data (Children table)"
    ),
    "ONS mid-year population estimates by single year of age": (
        "Office for National Statistics, mid-year population estimates"
    ),
    "YJB population aged 10 to 17 by YJS": "Youth Justice Board, 10 to 17 population by service",
}


@dataclass
class ReportContext:
    """The inputs of one report.

    Attributes
    ----------
    yjs : str
        The service (canonical name).
    period_end : pandas.Timestamp
        The last day of the report's period; figures for later periods are ignored.
    audience : str
        ``board`` (the story) or ``analyst`` (the story and the tables behind it).
    table : pandas.DataFrame
        The indicator table after disclosure control, cut at ``period_end``. What sections
        select and compare in it is found once for as long as it lives, and found again if it
        is changed in place (:func:`yjanalysis.methods.benchmark.keep_answers`).
    suppressed : pandas.DataFrame
        The audit log of what disclosure control hid.
    families : dict
        Families used by the build.
    synthetic : bool
        Whether the inputs are the synthetic demo data.
    build : dict
        The build's record (files used and ignored, notes).
    threshold : int
        The suppression threshold.
    comparator_types : tuple of str
        The comparators shown (``family``, ``region``, ``national``).
    groups, characteristics : pandas.DataFrame, optional
        Every service's comparator groups and the published characteristics behind them, as
        the build wrote them (:mod:`yjanalysis.methods.similar`).
    settings : yjanalysis.inputs.report_settings.ReportSettings
        The service's report settings and commentary (empty where it has none).
    inspections : pandas.DataFrame
        The service's HM Inspectorate of Probation inspections among the inputs published by
        the end of the period, oldest first.
    inspections_after : pandas.DataFrame
        The service's inspections among the inputs published after the period, oldest first:
        left out of the report, which says so (a date typed a year on would otherwise drop the
        latest inspection unseen).
    after_end : pandas.DataFrame
        The published figures among the inputs for periods that end after the report's: left
        out of it, and the cover names each source by the latest period its file gives
        (:func:`~yjanalysis.report.front_page.lags_line`), not by the report's month.
    """

    yjs: str
    period_end: pd.Timestamp
    audience: str
    table: pd.DataFrame
    suppressed: pd.DataFrame
    families: dict[str, list[str]]
    synthetic: bool
    build: dict = field(default_factory=dict)
    threshold: int = config.DEFAULT_SUPPRESSION_THRESHOLD
    comparator_types: tuple[str, ...] = ("family", "region", "national")
    settings: report_settings.ReportSettings | None = None
    inspections: pd.DataFrame = field(default_factory=pd.DataFrame)
    inspections_after: pd.DataFrame = field(default_factory=pd.DataFrame)
    after_end: pd.DataFrame = field(default_factory=pd.DataFrame)
    groups: pd.DataFrame | None = None
    characteristics: pd.DataFrame | None = None

    @cached_property
    def publications(self) -> dict[str, str]:
        """Each input file's publication name for readers, by the file's name.

        From the build's record of the format each file was read as (:data:`PUBLICATIONS`); a
        demo file keeps "synthetic" in front. Files of other formats are named by their file.
        """
        names = {}
        for used in self.build.get("used", []):
            title = PUBLICATIONS.get(used.get("format", ""))
            if title is None:
                continue
            file = str(used["file"]).replace("\\", "/").split("/")[-1]
            names[file] = f"synthetic {title}" if file.startswith("synthetic") else title
        return names

    @cached_property
    def family(self):
        """The group used as the service's family (:class:`~.methods.similar.family.Family`)."""
        from yjanalysis.methods.similar.family import family_of

        return family_of(self.groups, self.yjs)

    @property
    def family_label(self) -> str | None:
        """How sentences name the family's figure, by the kind of group it is."""
        return self.family.label if self.family else None

    def _wanted(self, area_type: str) -> bool:
        kind = "national" if area_type in ("country", "england_wales") else area_type
        return kind in self.comparator_types

    @property
    def comparators(self):
        """The comparators the report shows (see :func:`~.methods.benchmark.comparators`)."""
        from yjanalysis.methods.benchmark import comparators

        return [c for c in comparators(self.yjs, self.family_label) if self._wanted(c.area_type)]

    def compare(self, indicator, period=None, breakdown="total", group="all") -> pd.DataFrame:
        """Compare the service with the comparators the report shows."""
        from yjanalysis.methods.benchmark import compare
        from yjanalysis.report.caveats import definitions_apart

        # Own records against a publication defined another way: a verdict must clear the
        # amount the pages say the two can differ by (the caveat beside it), not just chance.
        found = compare(
            self.table, self.yjs, indicator, period, breakdown, group, self.family_label,
            definitions_apart(indicator),
        )  # fmt: skip
        found = found[found["comparator_type"].map(self._wanted).astype(bool)]
        if len(found) and self.english_family(indicator, found["period"].iloc[0], breakdown, group):
            # A Welsh service is not set against its English members alone (a tenth reading:
            # Newport's first time entrants against Dudley, Liverpool, Southampton and Windsor
            # and Maidenhead, as its "family").
            found = found[found["comparator_type"] != "family"]
        return found

    def english_family(self, indicator, period, breakdown="total", group="all") -> list[str]:
        """Return the members a Welsh service's family figure counts, where all are English.

        A source of English authorities only (the Department for Education's) gives a family
        none of its Welsh members: for a Welsh service, its family's figure is then English
        services'. Empty for an English service, or where a Welsh member has a figure.
        """
        if self.country != "Wales" or "family" not in self.comparator_types:
            return []
        members = (self.families_used or reference.families()).get(self.yjs, [])
        rows = self.table[
            (self.table["indicator"] == indicator)
            & (self.table["period"] == period)
            & (self.table["area_type"] == "yjs")
            & (self.table["breakdown"] == breakdown)
            & (self.table["group"] == group)
            & self.table["area"].isin(members)
            & self.table["value"].notna()
        ]
        register = reference.register()
        present = sorted(set(rows["area"]))
        if not present or any(register.loc[m, "country"] == "Wales" for m in present):
            return []
        return present

    @cached_property
    def families_used(self) -> dict[str, list[str]]:
        """The families the build used (:func:`build_families`), resolved once per report."""
        return build_families(self.build)

    @property
    def country(self) -> str:
        """England or Wales."""
        return reference.register().loc[self.yjs, "country"]

    def rows(self, indicator: str, area: str | None = None) -> pd.DataFrame:
        """Return the table's rows for an indicator (and an area; the service's own by type)."""
        rows = self.table[self.table["indicator"] == indicator]
        if area is None:
            return rows
        rows = rows[rows["area"] == area]
        return rows[rows["area_type"] == "yjs"] if area == self.yjs else rows

    def shown_areas(self, rows: pd.DataFrame) -> pd.Series:
        """Say which rows belong to the service or to a comparator the report shows."""
        wanted = {("yjs", self.yjs), *((c.area_type, c.area) for c in self.comparators)}
        return of_areas(rows, wanted)


def of_areas(rows: pd.DataFrame, areas: set[tuple[str, str]]) -> pd.Series:
    """Say which rows belong to one of ``areas``, given as ``(area_type, area)`` pairs.

    Examples
    --------
    >>> rows = pd.DataFrame({"area_type": ["yjs", "region", "yjs"], "area": ["A", "A", "B"]})
    >>> of_areas(rows, {("yjs", "A"), ("yjs", "B")}).tolist()
    [True, False, True]
    """
    found = np.zeros(len(rows), dtype=bool)
    for area_type, area in areas:  # a few pairs: a comparison each, not a look-up per row
        found |= (rows["area_type"] == area_type).to_numpy(dtype=bool, na_value=False) & (
            rows["area"] == area
        ).to_numpy(dtype=bool, na_value=False)
    return pd.Series(found, index=rows.index, dtype=bool)


def load(
    yjs: str,
    period_end: str,
    audience: str = "board",
    raw: str | Path | None = None,
    processed: str | Path | None = None,
    suppression_threshold: int = config.DEFAULT_SUPPRESSION_THRESHOLD,
    comparators: str | None = None,
    reports: str | Path | None = None,
) -> ReportContext:
    """Load the indicator table for a report.

    Parameters
    ----------
    yjs : str
        The service, as named in the register (aliases accepted).
    period_end : str
        The report's last month, ``YYYY-MM``.
    audience : {"board", "analyst"}
        Who the report is for.
    raw, processed : str or Path, optional
        The input folder and the processed folder (default: the checkout's demo and processed
        folders). The table is built from ``raw`` when ``processed`` has none.
    suppression_threshold : int
        Counts below this, computed from case-level data, are hidden.
    comparators : str, optional
        Which comparators to show, comma-separated: ``family``, ``region``, ``national``
        (default: those the service's ``report.toml`` names, otherwise all three).
    reports : str or Path, optional
        The folder of the reports published so far (default: the checkout's ``reports``,
        where ``yjanalysis refresh`` publishes): what they showed and hid of the service's
        own figures is kept (see :func:`controlled`).

    Returns
    -------
    ReportContext
        The context every section takes.
    """
    from yjanalysis.errors import InputError

    where = config.paths()
    raw = Path(raw) if raw else where.demo
    yjs = reference.require_yjs(yjs)
    # A word of an id's shape is looked for once the table is built (below), whose record
    # holds the shapes of the extracts' ids.
    settings = report_settings.read(raw, yjs, id_shapes=False)
    if not comparators:
        comparators = ",".join(settings.comparators or ("family", "region", "national"))
    suppression_threshold = disclosure.check_threshold(suppression_threshold)
    kinds = tuple(k.strip() for k in comparators.split(",") if k.strip())
    unknown = set(kinds) - {"family", "region", "national"}
    if unknown:
        raise InputError(
            f"comparators '{comparators}' names {', '.join(sorted(unknown))}; expected any of "
            "family, region, national."
        )
    config.check_audience(audience, "audience")
    try:
        end = pd.Timestamp(str(period_end)) + pd.offsets.MonthEnd(0)
    except ValueError:
        raise InputError(f"period end '{period_end}' is not a month such as 2024-09.") from None
    processed = Path(processed) if processed else where.processed
    table_file = processed / "indicators.parquet"
    if not table_file.is_file():
        from yjanalysis.table.build import build_or_demo

        build_or_demo(raw, processed, by=end)
    from yjanalysis.table.build import id_shapes

    # The words of this report's quarter, where the service keeps words for each.
    settings = report_settings.read(raw, yjs, id_shapes=id_shapes(processed), period=f"{end:%Y-%m}")
    reports = Path(reports) if reports else where.reports
    # Not copied: what is taken from them below is new, and nothing here changes them.
    shown, audit = _controlled(processed, yjs, suppression_threshold, reports)
    record_file = processed / "build.json"
    record = json.loads(record_file.read_text()) if record_file.is_file() else {}
    inspections_file = processed / "inspections.parquet"
    inspections = pd.read_parquet(inspections_file) if inspections_file.is_file() else None
    inspections_after = pd.DataFrame()
    if inspections is not None and len(inspections):
        own = inspections[inspections["yjs"].eq(yjs)].sort_values("published")
        inspections, inspections_after = own[own["published"] <= end], own[own["published"] > end]
    audit = audit[audit["period_end"].isna() | (audit["period_end"] <= end)]
    groups, characteristics = similar.load(processed) or (None, None)
    table = _report_table(shown, end)
    later = shown["period_end"].gt(end) & ~shown["own_records"].astype(bool)
    after_end = shown.loc[later, ["area_type", "area", "period", "period_end", "source"]]
    return ReportContext(
        yjs=yjs,
        period_end=end,
        audience=audience,
        table=table,
        suppressed=audit.reset_index(drop=True),
        families=build_families(record),
        synthetic=bool(record.get("synthetic") or table["source"].str.contains("synthetic").any()),
        build=record,
        threshold=suppression_threshold,
        comparator_types=kinds,
        groups=groups,
        characteristics=characteristics,
        settings=settings,
        inspections=inspections if inspections is not None else pd.DataFrame(),
        inspections_after=inspections_after,
        after_end=after_end.reset_index(drop=True),
    )


#: The report table :func:`load` gave last, with the controlled table and the period end it
#: was cut from.
_GIVEN: list[tuple[pd.DataFrame, pd.Timestamp, pd.DataFrame]] = []


def _report_table(shown: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Return the controlled table cut at the report's end, keeping its answers for its life.

    A report's sections ask its table the same questions many times, in a notebook's cells
    and from one notebook to the next (each headline is the overview's too, and the board
    paper's): each is answered once (:func:`~yjanalysis.methods.benchmark.keep_answers`). The
    next notebook of the same report in this process (a kernel of a refresh runs several) is
    given the same table, with what was found in it, unless it has been changed in place.
    """
    from yjanalysis.methods.benchmark import keep_answers, unchanged

    if _GIVEN and _GIVEN[0][0] is shown and _GIVEN[0][1] == end and unchanged(_GIVEN[0][2]):
        return _GIVEN[0][2]
    table = shown[shown["period_end"].isna() | (shown["period_end"] <= end)]
    table = keep_answers(table.reset_index(drop=True))
    _GIVEN[:] = [(shown, end, table)]  # one report at a time: a batch does not gather them
    return table


def build_families(record: dict) -> dict[str, list[str]]:
    """Return the families a build used: the one place they are resolved, for every page.

    From the build's record (``build.json``) where it keeps them; otherwise from the families
    files the build read (its record lists them), over the packaged families, as the build
    combined them. ``yjanalysis compare`` ranks in the same families as the pages (it ranked in
    the packaged family while its average was the supplied family's: failed before).
    """
    found = record.get("families")
    if not found:  # a build before records kept them: read as it read (pandera and all)
        from yjanalysis.inputs.readers import families as family_source

        kinds = {family_source.KIND, family_source.TITLE}
        files = [Path(u["file"]) for u in record.get("used", []) if u.get("format") in kinds]
        frames = [readers.read(f) for f in files if f.is_file()]
        found = reference.families(pd.concat(frames, ignore_index=True) if frames else None)
    return found


def controlled(
    processed: Path,
    yjs: str,
    threshold: int = config.DEFAULT_SUPPRESSION_THRESHOLD,
    reports: Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the built table for a service's reports, under disclosure control, and its log.

    Figures from another service's own records are left out: they are that service's, not for
    this one's report (a regional analyst may hold several services' extracts). The service's
    own are controlled over every period of the table, not only a report's, and with what the
    reports already published in ``reports`` showed and hid (:func:`earlier_reports`), so that
    a quarter's report, made from that quarter's extract, hides what earlier ones hid and
    cannot be set beside them to reveal a figure. The result is kept beside the table in
    ``processed`` (``disclosure-southampton-t5.parquet`` and the audit log
    ``disclosure-log-southampton-t5.csv``), keyed by the table's checksum and the earlier
    reports', so that the notebooks of a refresh reuse it. Its record
    (``disclosure-southampton-t5.json``) holds the checksums of the two files it vouches for:
    a refresh stopped after replacing the table but before its record leaves a record that
    does not match them, and the table is controlled again rather than another build's figures
    published. The log is for the analyst: it never goes into a report.

    Parameters
    ----------
    processed : Path
        The folder of the built table.
    yjs : str
        The service (canonical name).
    threshold : int
        The suppression threshold.
    reports : Path, optional
        The folder of the reports published so far (none if not given).

    Raises
    ------
    yjanalysis.methods.disclosure.DisclosureError
        If some hidden figure could still be worked out from what a report would show.
    yjanalysis.errors.InputError
        If an earlier report's record of its own figures cannot be read.
    """
    shown, log = _controlled(processed, yjs, threshold, reports)
    return shown.copy(), log.copy()


def _controlled(processed, yjs, threshold, reports) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return :func:`controlled`'s table and log as this process keeps them (not to be changed)."""
    processed = Path(processed)
    table_file = processed / "indicators.parquet"
    published = earlier_reports(reports, yjs) if reports else None
    digest = hashlib.sha256(table_file.read_bytes()).hexdigest()
    earlier_digest = _digest(published)
    name = f"{reference.slug(yjs)}-t{threshold}"
    files = {
        "table": processed / f"disclosure-{name}.parquet",
        "log": processed / f"disclosure-log-{name}.csv",
        "record": processed / f"disclosure-{name}.json",
    }
    key = (str(files["table"].resolve()), digest, earlier_digest)
    if key in _LAST:  # this process controlled or read it already (a kernel of a refresh)
        return _LAST[key]
    try:
        record = json.loads(files["record"].read_text())
        made = [record.get(k) for k in ("table_sha256", "earlier_sha256", "control")]
        # The record vouches for the two files by their checksums: a refresh stopped between
        # replacing the table and its record leaves a record that no longer matches them.
        vouched = record.get("files") == {k: _file_sha256(files[k]) for k in ("table", "log")}
        if made == [digest, earlier_digest, disclosure.VERSION] and vouched:
            log = pd.read_csv(files["log"], dtype=str, keep_default_na=False)
            if list(log.columns) == disclosure.LOG_COLUMNS:  # else written by an older version
                log["period_end"] = pd.to_datetime(log["period_end"])
                return _keep(key, pd.read_parquet(files["table"]), log)
    except (OSError, ValueError, KeyError):
        pass  # no usable copy: control the table afresh
    table = pd.read_parquet(table_file)
    others = table["own_records"] & ~(table["area_type"].eq("yjs") & table["area"].eq(yjs))
    shown, log = disclosure.suppress(table[~others].reset_index(drop=True), threshold, published)
    record = {
        "table_sha256": digest,
        "earlier_sha256": earlier_digest,
        "control": disclosure.VERSION,
        "yjs": yjs,
        "threshold": threshold,
        "hidden": len(log),
    }
    try:
        _replace(files["table"], lambda path: shown.to_parquet(path, index=False))
        _replace(files["log"], lambda path: log.to_csv(path, index=False))
        record["files"] = {k: _file_sha256(files[k]) for k in ("table", "log")}
        _replace(files["record"], lambda path: Path(path).write_text(json.dumps(record)))
    except OSError:
        pass  # a read-only processed folder: control again next time
    return _keep(key, shown, log)


def earlier_reports(reports: Path | None, yjs: str) -> pd.DataFrame | None:
    """Return what the service's published reports showed of its own figures, put together.

    Each report ``reports/<service>/<YYYY-MM>/`` keeps :data:`OWN_FIGURES`, the record of
    every figure from the service's own records it could show: shown (with its counts) or
    hidden. Every report's record is read, whatever its period: a reader may hold any of them.

    Returns
    -------
    pandas.DataFrame or None
        The records put together (:func:`yjanalysis.methods.disclosure.combine`), or ``None``
        where the service has no published report with a record.

    Raises
    ------
    yjanalysis.errors.InputError
        If a record is not the CSV a report writes (one sentence naming the file).
    """
    from yjanalysis.errors import InputError

    folder = Path(reports) / reference.slug(yjs) if reports else None
    if folder is None or not folder.is_dir():
        return None
    records = []
    for path in sorted(folder.glob(f"*/{OWN_FIGURES}")):
        if not re.fullmatch(r"\d{4}-\d{2}", path.parent.name):
            continue  # a staging or previous copy: the published one is the dated folder
        try:
            # Every cell as written: a group named "None" (no ETE) is a group, not a blank.
            found = pd.read_csv(path, dtype=str, keep_default_na=False)
            missing = set(disclosure.RECORD_COLUMNS) - set(found.columns)
            if missing:
                raise ValueError(f"no column {', '.join(sorted(missing))}")
            _check_record(found, path)  # one sentence of its own, naming the row and column
            records.append(disclosure.combine([found]))
        except (OSError, ValueError) as error:
            raise InputError(
                f"{path} is not a report's record of its own figures ({error}); expected the "
                f"{OWN_FIGURES} that yjanalysis refresh wrote beside the report's pages. "
                "Restore it from the published report, or re-run that quarter's refresh."
            ) from None
    return disclosure.combine(records) if records else None


#: Each cell of a record as :func:`write_own_figures` writes it: what it holds, and its shape.
RECORD_CELLS = {
    "period_start": ("a date written YYYY-MM-DD", r"\d{4}-\d{2}-\d{2}"),
    "period_end": ("a date written YYYY-MM-DD", r"\d{4}-\d{2}-\d{2}"),
    "shown": ("True or False", r"(?i:true|false)"),
    "numerator": ("a count or nothing", r"(?:\d+(?:\.\d*)?)?"),
    "denominator": ("a count or nothing", r"(?:\d+(?:\.\d*)?)?"),
}


def _check_record(found: pd.DataFrame, path: Path) -> None:
    """Refuse a record whose cells are not as a report wrote them, naming the row and column.

    A record opened and saved again in a spreadsheet has its dates rewritten (UK Excel writes
    ``30/04/2020``, and reads ``01/09/2018`` as it likes) and may have other cells changed
    unseen: which figures earlier reports showed cannot be told from it for certain, and the
    control relies on it, so it is refused rather than guessed at (the refresh stopped with
    pandas' own advice before). True and false in capitals (``TRUE``) are read as such.
    """
    from yjanalysis.errors import InputError

    for column, (what, shape) in RECORD_CELLS.items():
        cells = found[column].astype(str).str.strip()
        bad = ~cells.str.fullmatch(shape)
        if column.startswith("period_") and not bad.all():
            bad |= pd.to_datetime(cells.where(~bad), format="%Y-%m-%d", errors="coerce").isna()
        if bad.any():
            at = int(bad.to_numpy().argmax())
            month = path.parent.name
            raise InputError(
                f"row {at + 2}, column {column} is {found[column].iloc[at]!r}, not {what} as "
                f"yjanalysis refresh wrote it, so the record of what the {month} report showed "
                "was changed after it was published (a spreadsheet re-saving it rewrites its "
                f"dates); publish that quarter again (yjanalysis refresh --period-end {month} "
                "into the same --out folder) or move the file aside, and refresh again.",
                path,
            )


def write_own_figures(table: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """Write the record of what a report shows of the service's own figures into its folder.

    Parameters
    ----------
    table : pandas.DataFrame
        The report's controlled table, cut at its period end (``ReportContext.table``).
    folder : Path
        The report's folder: the record is :data:`OWN_FIGURES` in it.

    Returns
    -------
    pandas.DataFrame
        The record (:func:`yjanalysis.methods.disclosure.record`): figures by their key,
        shown or not, counts only where shown.
    """
    own = disclosure.record(table)
    own.to_csv(Path(folder) / OWN_FIGURES, index=False, date_format="%Y-%m-%d")
    return own


def _file_sha256(path: Path) -> str:
    """Return the checksum of a file's bytes (``OSError`` where it cannot be read)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(published: pd.DataFrame | None) -> str | None:
    """Return a checksum of what earlier reports published (``None`` where none did)."""
    if published is None:
        return None
    ordered = published.sort_values(
        [*disclosure.earlier.KEY, "shown", "numerator", "denominator"], ignore_index=True
    )
    return hashlib.sha256(ordered.to_csv(index=False).encode()).hexdigest()


#: The last controlled table this process made or read, by its file, the table's checksum and
#: the earlier reports': the notebooks of one service that a pooled kernel runs in turn load it
#: once.
_LAST: dict[tuple[str, str, str | None], tuple[pd.DataFrame, pd.DataFrame]] = {}


def _keep(key, shown: pd.DataFrame, log: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    _LAST.clear()  # one service at a time: a long batch does not gather tables
    _LAST[key] = (shown, log)
    return shown, log


def _replace(target: Path, write) -> None:
    """Write a file whole or not at all (two kernels of one refresh may write it at once)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
