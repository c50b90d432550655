"""The quarterly refresh: build once, run every notebook, export HTML, publish atomically.

:func:`refresh` checks its arguments before any work (:func:`settings`), builds the processed
table once, executes the numbered notebooks with papermill in parallel on a few long-lived
kernels (a kernel is started once per worker and reused, cleared between notebooks, which saves
the start-up and imports of every run), exports stakeholder HTML with no code (images embedded,
nothing fetched from the internet), and writes an index page and a manifest. Everything is
written to a hidden folder beside the report's and put in place by :mod:`yjanalysis.run.publish`
only when every notebook has succeeded, under a lock on the service's folder, so a report folder
is whole or absent and the last good report survives a failure, an interruption or a crash.

What is published is what a reader needs and nothing about the analyst's computer: the
manifest lists each input by its source, with its checksum and the latest period it gives (the
service's own extract and the analyst's own files by their format, never their names or
sizes); the executed notebooks carry the report's parameters but not the folders they were
read from; and before publishing, every file is checked to hold none of the local folders'
paths. A failed run's notebooks are kept for the analyst beside the processed data, never in
the published folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import sys
import threading
import time
from concurrent.futures import wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import cast

import pandas as pd

from yjanalysis import __version__, config, reference
from yjanalysis.errors import InputError
from yjanalysis.inputs import report_settings
from yjanalysis.report import titles
from yjanalysis.run import front, publish
from yjanalysis.run.arguments import Settings, check_not_into_inputs, notebooks, settings
from yjanalysis.run.code_version import code_version
from yjanalysis.run.kernels import KernelPool
from yjanalysis.table.build import Check, StagedCheck, held_build, id_shapes
from yjanalysis.vocabulary.input_names import PUBLIC_RELEASES
from yjanalysis.vocabulary.local_paths import shown_path

# The notebook format's validator (jsonschema) builds a parser of internationalised URIs when
# it is first imported, if `rfc3987-syntax` is installed (JupyterLab's server brings it): about
# a second of every refresh, for a check the notebook schema never makes (it has no "iri"
# formats). The refresh's own process goes without it; JupyterLab is untouched.
# (typeshed types sys.modules without the None that blocks an import, as Python documents.)
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

PACKAGES = (
    "yjanalysis",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "pandera",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "pyarrow",
)
#: Each notebook's time in the last refresh, beside the processed table: the longest notebooks
#: are started first in the next one (a scheduling hint only; without it, by their usual times).
NOTEBOOK_SECONDS = "notebook_seconds.json"
#: The package's notebooks' usual times (their cells' seconds for a service with its own
#: records, on the demo): the order of a refresh on a processed folder with no time of its
#: own yet. In number order the longest notebook would start last, and run on alone.
USUAL_SECONDS = {
    "00_overview": 0.9,
    "01_reoffending": 3.5,
    "02_custody_and_remand": 0.8,
    "03_first_time_entrants": 1.5,
    "04_serious_youth_violence": 1.2,
    "05_education_training_employment": 2.2,
    "06_disproportionality": 5.2,
}
#: The job that writes the index page and the board paper on a kernel (:mod:`.front`), and its
#: usual time on the demo (as :data:`USUAL_SECONDS`, for the order jobs start in).
FRONT = "index-and-paper"
FRONT_SECONDS = 4.5
#: Notebook parameters that describe the analyst's computer, not the report.
LOCAL_PARAMETERS = ("raw", "processed", "reports")


class RefreshError(Exception):
    """A refresh that could not publish its report; the message says why, in one sentence."""


@dataclass
class NotebookRun:
    """The outcome of one notebook."""

    name: str
    seconds: float
    error: str | None = None
    executed: Path | None = None
    page_bytes: int | None = None
    #: The cells' own time (without waiting for a kernel to be ready): what orders the next run.
    work: float | None = None


@dataclass
class RefreshResult:
    """What a refresh published.

    Attributes
    ----------
    folder : Path
        The published report.
    runs : list of NotebookRun
        Each notebook's time.
    seconds : float
        The whole refresh.
    recovered : list of str
        What was put right first, after an earlier refresh was killed.
    """

    folder: Path
    runs: list[NotebookRun] = field(default_factory=list)
    seconds: float = 0.0
    recovered: list[str] = field(default_factory=list)


def notebook_title(path: Path) -> str:
    """Return a notebook's title: its first level-one heading, or its name."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(path).stem


def last_seconds(processed: Path) -> dict[str, float]:
    """Return each notebook's time in the last refresh that used ``processed`` (or nothing).

    A hint for the order notebooks start in, so a file that cannot be read is passed over.
    """
    try:
        saved = json.loads((processed / NOTEBOOK_SECONDS).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in saved.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _save_seconds(processed: Path, seconds: dict[str, float]) -> None:
    """Keep the notebooks' times for the next refresh (atomically; a hint, so never fatal)."""
    target = processed / NOTEBOOK_SECONDS
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        part.write_text(json.dumps({k: round(v, 3) for k, v in seconds.items()}))
        os.replace(part, target)
    except OSError:
        part.unlink(missing_ok=True)


def check_has_figures(processed: Path, services: str | list[str], month: str) -> None:
    """Refuse a report for a period before the figures begin (every tile would be empty).

    For several services, refuse only a period before the first figure of all of them (each
    service whose own figures begin later fails alone in the batch). Also refused: a period
    after the service's case records end, or over a year after its latest figure.
    """
    table_file = str(processed / "indicators.parquet")
    _check_figures(_first_figures(table_file), _last_figures(table_file), services, month)


def check_family_dated(processed: Path, yjs: str) -> None:
    """Refuse a report that needs the services nearest it where every ONS estimate is too late.

    The build for a report's period finds no group on an estimate dated after it; where every
    estimate among the inputs is, the nearest-neighbour groups are withheld (the build's
    ``families_undated``). A service with a YJB family (or DfE statistical neighbours) is
    reported on, its page saying why no distance is given; one whose family would be the
    services nearest it is refused with the sentence naming the file of the earliest estimate.
    """
    try:
        record = json.loads((Path(processed) / "build.json").read_text())
    except (OSError, ValueError):
        return  # no record: the table's own checks say what is wrong
    undated = record.get("families_undated")
    if undated and yjs not in (record.get("families") or {}):
        sentence, file = undated
        raise InputError(sentence, Path(file) if file else None)


def figures_check(services: str | list[str], month: str) -> Check:
    """Return :func:`check_has_figures` for an indicator table not yet written.

    Given to the build (``held_build(..., check=...)``), so that a period the new table cannot
    report on is refused before the processed folder is changed.
    """

    def check(table: pd.DataFrame) -> None:
        own = _own_dated(table)
        _check_figures(_first_figures_in(own), _last_figures_in(own), services, month)

    return check


def refresh_check(run: Settings, yjs: str) -> Check:
    """Return the checks of a refresh on an indicator table not yet written.

    Given to the build, so that a refused refresh leaves the processed folder as it was: the
    period (:func:`figures_check`) first, so that a period before the data begin is said as
    such, then the service's settings for the report's month (a meeting date before its last
    day: they were read without the month before the build, and were refused only after the
    new table had replaced the old).
    """
    period = figures_check(yjs, run.month)

    def check(table: pd.DataFrame) -> None:
        period(table)
        report_settings.read(run.raw, yjs, run.month, id_shapes=False)

    return check


def _check_figures(
    first: dict[str, pd.Timestamp],
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]],
    services: str | list[str],
    month: str,
) -> None:
    names = [services] if isinstance(services, str) else list(services)
    known = [first[n] for n in names if n in first]
    who = names[0] if len(names) == 1 else "any of these services"
    each = names[0] if len(names) == 1 else "each of these services"
    if not known:
        raise InputError(
            f"the inputs hold no figure for {who}; expected at least one of its own figures "
            "to report on."
        )
    begin = min(known)
    if f"{begin:%Y-%m}" > month:
        raise InputError(
            f"--period-end {month} is before the data begin: the first figure for {who} "
            f"ends in {begin:%B %Y}; expected {begin:%Y-%m} or later."
        )
    _refuse_beyond_the_figures(spans, names, each, month)


#: How long after a service's latest published figure a report may end, where the service has
#: no case records: a year. The sources publish once a year and lag by six to fifteen months,
#: so a report within a year of its newest figure is routine; beyond a year every figure on its
#: pages is over a year older than the report's title, which a newer release would have put
#: right (the inputs are missing it, or the period end is mistyped).
LATEST_FIGURE_AGE = pd.DateOffset(years=1)


def _refuse_beyond_the_figures(
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]], names: list[str], who: str, month: str
) -> None:
    """Refuse a report ending after the service's case records, or over a year after its figures.

    A report to November 2026 on records ending in December 2024 would say "report to November
    2026" over figures 20 to 59 months old, and count the children on orders at its end from
    records that stop long before. For several services, only a period beyond all of them is
    refused here (each beyond its own fails alone in the batch).
    """
    known = [spans[n] for n in names if n in spans]
    if not known:
        return
    end = pd.Period(month, freq="M").end_time.normalize()
    beyond = [
        (own, latest)
        for own, latest in known
        if end > (own if pd.notna(own) else latest + LATEST_FIGURE_AGE)
    ]
    if len(beyond) < len(known):
        return
    own, latest = beyond[0]
    if pd.notna(own):
        raise InputError(
            f"--period-end {month} is after the case records of {who} end ({own.day} "
            f"{own:%B %Y}); "
            f"expected {own:%Y-%m} or earlier, since the report's figures at its end would be "
            "counted from records that stop before it (is a newer extract missing?)."
        )
    limit = latest + LATEST_FIGURE_AGE
    raise InputError(
        f"--period-end {month} is more than a year after the latest figure for {who}, which "
        f"ends on {latest.day} {latest:%B %Y}; expected {limit:%Y-%m} or earlier, since every "
        "figure would be over a year older than the report (is a newer release missing?)."
    )


def _last_figures(table_file: str) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    return _last_figures_of(table_file, os.stat(table_file).st_mtime_ns)


@lru_cache(maxsize=2)
def _last_figures_of(table_file: str, _mtime: int) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    table = pd.read_parquet(table_file, columns=["area_type", "area", "period_end", "source"])
    return _last_figures_in(_own_dated(table))


def _own_dated(table: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of services' own figures that end on a day."""
    return table[table["area_type"].eq("yjs") & table["period_end"].notna()]


def _last_figures_in(own: pd.DataFrame) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Return each service's last day of its case records (``NaT`` without any) and any figure."""
    records = own["source"].astype(str).str.startswith("local extract:")
    latest = own.groupby("area", observed=True)["period_end"].max()
    extract = own[records].groupby("area", observed=True)["period_end"].max()
    return {area: (extract.get(area, pd.NaT), day) for area, day in latest.items()}


def _first_figures(table_file: str) -> dict[str, pd.Timestamp]:
    return _first_figures_of(table_file, os.stat(table_file).st_mtime_ns)


@lru_cache(maxsize=2)
def _first_figures_of(table_file: str, _mtime: int) -> dict[str, pd.Timestamp]:
    table = pd.read_parquet(table_file, columns=["area_type", "area", "period_end"])
    return _first_figures_in(_own_dated(table))


def _first_figures_in(own: pd.DataFrame) -> dict[str, pd.Timestamp]:
    return own.groupby("area", observed=True)["period_end"].min().to_dict()


def _execute(
    path: Path, out: Path | None, parameters: dict | None, pool: KernelPool, book=None
) -> NotebookRun:
    """Run the notebook at ``path`` (or ``book``, named ``path``) on a kernel of the pool.

    Its executed copy is saved at ``out``; ``None`` keeps none (the index page and paper's job).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    manager = pool.acquire()
    try:
        # Saved once at the end (or, by papermill, as soon as a cell fails), not after every
        # cell: each save serialises the whole notebook, charts and all, in this process.
        executed = papermill.execute_notebook(
            str(path) if book is None else book,
            None if out is None else str(out),
            parameters=parameters,
            km=manager,
            progress_bar=False,
            kernel_name="python3",
            request_save_on_cell_execute=False,
        )
        work = sum(
            cell.metadata.get("papermill", {}).get("duration") or 0.0 for cell in executed.cells
        )
        return NotebookRun(path.stem, time.perf_counter() - started, executed=out, work=work)
    except PapermillExecutionError as error:
        source = error.source.strip().splitlines()
        where = (
            f"cell {error.cell_index + 1}" if out is None else _cell_position(out, error.cell_index)
        )
        if source:
            where += f" (`{source[0][:80]}`)"
        reason = " ".join(f"{error.ename}: {error.evalue}".split())  # one line
        return NotebookRun(path.stem, time.perf_counter() - started, f"{where}: {reason}", out)
    except Exception as error:  # a kernel that died, a notebook that could not be read
        return NotebookRun(
            path.stem,
            time.perf_counter() - started,
            " ".join(f"{type(error).__name__}: {error}".split()),
            out if out is not None and out.exists() else None,
        )
    finally:
        pool.release(manager)


def _cell_position(executed: Path, index: int) -> str:
    """Name a cell by its place in the notebook as the analyst opens it (without papermill's)."""
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    try:
        cells = nbformat.read(executed, as_version=4).cells
    except (OSError, ValueError):
        return f"cell {index + 1}"
    tags = [c.metadata.get("tags", []) for c in cells]
    # ``index`` counts the cells as run: with papermill's parameters, before its error notes.
    tags = [t for t in tags if ERROR_MARKER_TAG not in t]
    injected = [i for i, t in enumerate(tags) if "injected-parameters" in t]
    before = sum(1 for i in injected if i < index)
    return f"cell {index + 1 - before} of {len(tags) - len(injected)}"


def export_html(executed: Path, target: Path, title: str) -> int:
    """Export an executed notebook as stakeholder HTML with no code; return its size in bytes.

    ``title`` is the page's title: the browser's tab and a bookmark show it, and so does the
    foot of every printed sheet, with the sheet's number
    (:func:`yjanalysis.report.titles.printed_sheets`).
    """
    import nbformat

    exporter = _exporter()
    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:  # papermill gives its injected cell a random id
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    printed = titles.printed_sheets(title)
    body, _ = exporter.from_notebook_node(
        notebook, resources={"metadata": {"name": title}, "yj_printed": printed}
    )
    target.write_text(body, encoding="utf-8")
    return target.stat().st_size


_EXPORTERS = threading.local()


def _exporter():
    """Return the stakeholder exporter of this thread, made once (templates compiled once).

    Pages are exported in the threads that run the notebooks, each with its own exporter.
    """
    if getattr(_EXPORTERS, "made", None) is None:
        _EXPORTERS.made = _page_exporter()(
            template_name="yjreport",
            extra_template_basedirs=[str(resources.files("yjanalysis.report") / "templates")],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    return _EXPORTERS.made


def _page_exporter():
    """Return nbconvert's HTML exporter without its last pass through BeautifulSoup.

    ``HTMLExporter.from_notebook_node`` parses every page it made with BeautifulSoup, to give
    images without alt text a placeholder and the input and output areas a ``tabindex``, and
    writes the page out again: a second of a service's refresh. The report's template has no
    ``<img>`` (charts are inline SVG with their own labels) and none of those areas, so its
    pages need neither; they are exported as the template writes them.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter's own, up to its BeautifulSoup pass.
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_types = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_types)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def for_readers(executed: Path, parameters: dict) -> None:
    """Remove the analyst's folders from an executed notebook that is to be published.

    papermill records the notebook's input and output paths and every parameter (in its
    injected cell and in the notebook's metadata); the published copy keeps the report's
    parameters and names the notebook by its file name alone.
    """
    import nbformat
    from papermill.translators import translate_parameters

    public = {k: v for k, v in parameters.items() if k not in LOCAL_PARAMETERS}
    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = translate_parameters("python3", "python", public, "Parameters") + (
                "# The input, processed and reports folders are the analyst's own; "
                "manifest.json lists every input with its checksum.\n"
            )
    record = notebook.metadata.get("papermill", {})
    record["input_path"] = executed.name
    record["output_path"] = f"notebooks/{executed.name}"
    record["parameters"] = public
    nbformat.write(notebook, executed)


def check_nothing_local(folder: Path, local: list[Path]) -> None:
    """Refuse to publish a folder whose files show a folder of this computer, or a path of any.

    The folders given (the inputs, processed and reports folders) are looked for as they are;
    the shapes of a path of any computer (:data:`~yjanalysis.vocabulary.local_paths.LOCAL_PATH`)
    too, since a path pasted from another machine names no folder of this one.

    Raises
    ------
    RefreshError
        Naming the file and the folder it shows.
    """
    # A folder just below the root (``/raw``, as in a container) counts too; it is matched as
    # a whole path, so that ``data/raw`` in a sentence does not read as ``/raw``.
    needles = sorted({str(p) for p in local if len(Path(p).parts) > 1}, key=len, reverse=True)
    patterns = {
        needle: re.compile(r"(?<![\w.~/\\-])" + re.escape(needle) + r"(?![\w.~-])")
        for needle in needles
    }
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        written = publish.readable_text(path)
        text = written.replace("\\\\", "\\")  # a JSON string's (a notebook's) backslashes
        if path.suffix in {".ipynb", ".json"}:
            # Its strings as they are shown: a JSON ``\n`` is a line's end, not a backslash
            # before a letter (a Windows separator to the general rule).
            written = text = _json_text(written)
        for needle in needles:
            if needle in text and patterns[needle].search(text):
                raise RefreshError(
                    f"{path.relative_to(folder)} would show the local folder {needle}; nothing "
                    "was published (expected published files to name no folder of this "
                    "computer)."
                )
        # Any computer's, too: a path pasted from another machine (C:\Users\…, \\server\…,
        # file:///…, /Users/…, ~/…) names no folder of this one, and shows as much.
        # A network share's two backslashes are one once a JSON string's are undone: both.
        # A path written with escapes (``C&#58;\\Users``) too: :func:`shown_path`, the read's test.
        if (shown := shown_path(text) or shown_path(written)) is not None:
            raise RefreshError(
                f"{path.relative_to(folder)} would show the path {shown} of a computer's folder "
                "or file; nothing was published (expected published files to name no folder "
                "of any computer)."
            )


def _json_text(written: str) -> str:
    """Return a JSON file's strings (keys too) in order, a line each; the text if not JSON.

    A list of strings (a notebook cell's source, its lines each ending in its newline) is joined
    as written, so that a path broken over two lines is seen as the page shows it.
    """
    try:
        found = json.loads(written)
    except ValueError:
        return written

    def strings(item: object) -> list[str]:
        if isinstance(item, str):
            return [item]
        if isinstance(item, list) and item and all(isinstance(i, str) for i in item):
            return ["".join(item)]
        if isinstance(item, dict):
            return [s for key, value in item.items() for s in (str(key), *strings(value))]
        if isinstance(item, list):
            return [s for value in item for s in strings(value)]
        return []

    return "\n".join(strings(found))


def _inputs(record: dict, table: pd.DataFrame, yjs: str | None = None) -> list[dict]:
    """Each input used, by its source, with its checksum and the latest period it gives.

    Public releases are named by their file names (their vintage); the service's own extract
    and any file of the analyst's own are named by their format only. Another service's
    case-level extract in the same inputs folder is none of this report's inputs, and is
    left out (its checksums said which files of which service sat beside this one's).
    """
    from yjanalysis.inputs import readers

    kinds = {fmt.TITLE: fmt.KIND for fmt in readers.FORMATS}
    dated = table.dropna(subset=["period_end"]).sort_values("period_end")
    own = table["source"].where(table["area"].eq(yjs)) if yjs is not None else table["source"]
    own_folders = {
        str(s).removeprefix("local extract: ")
        for s in own.dropna().unique()
        if str(s).startswith("local extract: ")
    }
    out = []
    for used in record.get("used", []):
        path, title = Path(used["file"]), used["format"]
        if str(kinds.get(title, "")).startswith("extract_") and str(path.parent) not in own_folders:
            continue
        entry = {"source": title}
        if kinds.get(title) in PUBLIC_RELEASES:  # named as pages name it (input_names)
            entry["file"] = path.name
            rows = dated[dated["source"].str.contains(str(path), regex=False)]
        else:
            rows = dated.iloc[0:0]
        entry["sha256"] = used.get("sha256")  # of the bytes the build read (see build)
        if len(rows):
            entry["latest_period"] = str(rows["period"].iloc[-1])
        out.append(entry)
    return out


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def failed_folder(processed: Path, yjs: str, month: str) -> Path:
    """Where a failed refresh's notebooks are kept for the analyst (never published)."""
    return Path(processed) / "failed" / reference.slug(yjs) / month


def start_order(books: list[Path], seconds: dict[str, float]) -> list[Path]:
    """Return the notebooks longest first, by their last time or else their usual time.

    A notebook with neither (one an analyst added) starts first, in number order: it may be
    the longest.

    Examples
    --------
    >>> [p.name for p in start_order([Path("00_a.ipynb"), Path("01_b.ipynb")], {"00_a": 2.0})]
    ['01_b.ipynb', '00_a.ipynb']
    """
    known = {**USUAL_SECONDS, FRONT: FRONT_SECONDS, **seconds}
    return sorted(books, key=lambda p: -known.get(p.stem, float("inf")))


def _run_all(books, staging: Path, parameters: dict, pool: KernelPool, progress, front=None):
    """Run the notebooks on the pool and export each page as its notebook succeeds.

    The notebooks whose cells took longest last time are started first, so that the last to finish
    is a short one; a page is exported in the thread that ran its notebook, while the other
    kernels go on. ``front``, the index page and paper's job (:mod:`yjanalysis.run.front`),
    runs on the pool among them, by its own time. The runs are returned in the notebooks'
    order, the front's last.
    """
    lock = threading.Lock()

    def run(path: Path) -> NotebookRun:
        if progress:
            with lock:
                progress(path.stem, "start")
        result = _execute(path, staging / "notebooks" / path.name, parameters, pool)
        if not result.error:
            pool.seconds[path.stem] = result.work if result.work is not None else result.seconds
            page = staging / f"{path.stem}.html"
            report = titles.report_title(parameters["yjs"], parameters["period_end"])
            title = titles.page_title(notebook_title(path), report)
            # A notebook run without an error has its executed copy.
            result.page_bytes = export_html(cast(Path, result.executed), page, title)
        if progress:
            with lock:
                progress(path.stem, "failed" if result.error else "done")
        return result

    def write_front(path: Path) -> NotebookRun:
        result = _execute(path, None, None, pool, book=front)
        if not result.error:
            pool.seconds[FRONT] = result.work if result.work is not None else result.seconds
        return result

    jobs = [*books, Path(FRONT)] if front is not None else list(books)
    futures = {}
    try:
        futures = {
            path: pool.workers.submit(write_front if path.name == FRONT else run, path)
            for path in start_order(jobs, pool.seconds)
        }
        return [futures[path].result() for path in jobs]
    except BaseException:
        for future in futures.values():
            future.cancel()
        pool.kill()  # an interrupted refresh does not wait for the notebooks still running
        wait(futures.values())  # they end within a second of their kernels
        raise


def _control_once(processed: Path, yjs: str, reports: Path | None = None) -> None:
    """Put the table under disclosure control before any notebook runs, or refuse to go on.

    The control keeps what the service's reports in ``reports`` (the refresh's output folder)
    already published. The notebooks then reuse the controlled table; a figure that could be
    worked out stops the refresh here, naming it, and nothing is published.
    """
    from yjanalysis.methods.disclosure import DisclosureError
    from yjanalysis.report.context import controlled

    try:
        controlled(processed, yjs, reports=reports)
    except DisclosureError as error:
        raise RefreshError(f"disclosure audit failed, nothing published: {error}") from None


def refresh(
    yjs: str,
    period_end: str,
    raw: Path | None = None,
    out: Path | None = None,
    processed: Path | None = None,
    jobs: int | None = None,
    audience: str = "board",
    notebook_folder: Path | None = None,
    progress=None,
    build_first: bool = True,
    pool: KernelPool | None = None,
) -> RefreshResult:
    """Refresh one service's report for a period and publish it.

    Parameters
    ----------
    yjs : str
        The service.
    period_end : str
        ``YYYY-MM``: the report's last month.
    raw, out, processed : Path, optional
        Inputs (default ``data/raw/demo``), where reports go (default ``reports``) and the
        processed folder (default ``data/processed``).
    jobs : int, optional
        Notebooks run at once (one kernel each; default 2, or every notebook if fewer).
    audience : str
        ``board`` or ``analyst``.
    notebook_folder : Path, optional
        Where the numbered notebooks are (default: those that came with the package).
    progress : callable, optional
        Called with ``(notebook name, "start" | "done" | "failed")``.
    build_first : bool
        Build the processed table, unless the one in ``processed`` was built from the same
        inputs by the same code (set false when it was built for several services).
    pool : KernelPool, optional
        Kernels to reuse (several services in one run); started here otherwise.

    Returns
    -------
    RefreshResult
        The published folder, each notebook's time.

    Raises
    ------
    InputError
        If an argument is wrong (before any work: a service that did not exist in the
        report's last month is refused), or the period ends before the service's figures
        begin (before any notebook runs).
    RefreshError
        If a notebook failed, another refresh holds the service's folder, or the folder
        cannot be written: the last good report is left in place.
    """
    from yjanalysis.report.context import earlier_reports

    started = time.perf_counter()
    yjs = reference.require_yjs(yjs)
    run = settings(period_end, raw, out, processed, jobs, audience, notebook_folder)
    check_not_into_inputs(run, [yjs])
    reference.require_serving(yjs, run.month)  # Cumbria after March 2023 is two services
    # Refuse bad settings or commentary before any work; a word of an id's shape after the
    # build, which reads the extracts whose ids' shapes it follows (read again below).
    report_settings.read(run.raw, yjs, id_shapes=False)
    earlier_reports(run.out, yjs)  # and a record of an earlier report changed since
    own_pool = pool is None
    # Kernels start (and import the report's modules) while the build is checked or made.
    pool = pool or KernelPool(run.jobs, cwd=config.paths().root)
    try:
        # A period the new table cannot report on, or settings impossible for it, are refused
        # before the table is written.
        building = (
            held_build(
                run.raw,
                run.processed,
                check=refresh_check(run, yjs),
                by=run.last_day,
                staged=staged_check(run, yjs),
            )
            if build_first
            else contextlib.nullcontext()
        )
        with building:
            return _refresh_built(yjs, run, pool, progress, started)
    finally:
        if own_pool:
            pool.close()


def _refresh_built(yjs, run: Settings, pool, progress, started) -> RefreshResult:
    """Refresh one service whose table is built (and held, so that nothing replaces it)."""
    check_has_figures(run.processed, yjs, run.month)
    check_family_dated(run.processed, yjs)
    check_sources_agree(run.processed, yjs, run.last_day)
    # A meeting date impossible for this report (before its last day, years after it); after
    # the check above, so that a period before the data begin is said as such (a table built
    # by this refresh was checked so before it was written: refresh_check).
    words = report_settings.read(run.raw, yjs, run.month, id_shapes(run.processed))
    check_service_words(run, yjs, words)
    service_folder = run.out / reference.slug(yjs)
    try:
        with publish.ServiceLock(service_folder, yjs):
            _control_once(run.processed, yjs, run.out)
            return _refresh_locked(yjs, run, service_folder, pool, progress, started)
    except publish.PublishError as error:
        raise RefreshError(str(error)) from None
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        raise RefreshError(
            f"the report for {yjs}, {run.month} could not be written in {service_folder} "
            f"({(error.strerror or str(error)).lower()}{where}); nothing was published and "
            "the last good report, if any, is as it was."
        ) from None


def staged_check(run: Settings, yjs: str) -> StagedCheck:
    """Return the checks of a refresh that read a new build's files, given where they are staged.

    The services nearest the service (:func:`check_family_dated`) and the service's words
    against what the report hides (:func:`check_service_words`) read the build's files; they
    ran after the new table had replaced the last build's, so a refused refresh left the
    processed folder changed. Given to the build, they run before it is.
    """

    def check(staging: Path) -> None:
        check_family_dated(staging, yjs)
        check_sources_agree(staging, yjs, run.last_day)
        words = report_settings.read(run.raw, yjs, run.month, id_shapes(staging))
        check_service_words(run, yjs, words, staging)

    return check


def check_sources_agree(processed: Path, yjs: str, last_day: pd.Timestamp) -> None:
    """Refuse a report whose own records and a publication of the same children are far apart.

    Another service's extract filed as this one's, a published figure mistyped or two
    services' published rows exchanged were each published as the service's figures
    (:mod:`yjanalysis.report.sources_agree`).
    """
    from yjanalysis.report import sources_agree

    table = pd.read_parquet(processed / "indicators.parquet")
    sources_agree.refuse_apart(table, yjs, last_day)


def check_service_words(
    run: Settings, yjs: str, words: report_settings.ReportSettings, processed: Path | None = None
) -> None:
    """Refuse the service's words where they state a hidden figure or a period after the end.

    The cover's settings in words (``report_of``, ``board``, ...) are read for hidden figures
    too. Before anything is written: Newport's September paper hid a share the service's words
    beside it gave, for a year ending after the paper's (:mod:`yjanalysis.report.stated`).
    ``processed`` is the folder of the table (``run.processed`` unless a build is staged).
    """
    processed = run.processed if processed is None else processed
    cover = words.cover_words()
    if not words.commentary and not cover:
        return
    from yjanalysis.methods.disclosure import DisclosureError
    from yjanalysis.report import stated
    from yjanalysis.report.context import controlled

    try:
        shown, _ = controlled(processed, yjs, reports=run.out)
    except DisclosureError as error:
        raise RefreshError(f"disclosure audit failed, nothing published: {error}") from None
    table = pd.read_parquet(processed / "indicators.parquet")
    meeting = words.meeting(run.month)
    stated.check(
        words.commentary,
        yjs,
        run.last_day,
        table,
        shown,
        pd.Timestamp(meeting) if meeting is not None else None,
        cover,
    )


def _refresh_locked(yjs, run: Settings, service_folder, pool, progress, started):
    month = run.month
    recovered = publish.recover(service_folder, month)
    _move_old_failed(service_folder, run.processed, yjs, month)
    final = service_folder / month
    had_report = final.is_dir()
    staging = publish.staging_folder(service_folder, month)
    parameters = {
        "yjs": yjs,
        "period_end": month,
        "raw": str(run.raw),
        "processed": str(run.processed),
        "reports": str(run.out),
        "audience": run.audience,
    }
    # The index page and the board paper are written by a kernel of the pool, as one more
    # job beside the notebooks: this process, which a batch cannot share between cores,
    # is left with the pages' export and the manifest.
    links = [{"title": notebook_title(p), "html": f"{p.stem}.html"} for p in run.notebooks]
    front_job = front.job(
        **{k: parameters[k] for k in ("yjs", "period_end", "audience", "raw", "processed")},
        reports=parameters["reports"],
        links=links,
        staging=str(staging),
    )
    try:
        pool.seconds = {**last_seconds(run.processed), **pool.seconds}
        (staging / "notebooks").mkdir()
        *runs, written = _run_all(run.notebooks, staging, parameters, pool, progress, front_job)
        _save_seconds(run.processed, pool.seconds)
        if written.error:
            raise RefreshError(
                f"the index page and board paper of {yjs}, {month} could not be written "
                f"({written.error}); nothing was published"
                + (f" and the last good report ({final}) is unchanged." if had_report else ".")
            )
        failed = [r for r in runs if r.error]
        if failed:
            kept = failed_folder(run.processed, yjs, month)
            if kept.exists():
                shutil.rmtree(kept)
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / "notebooks", kept)
            first = failed[0]
            last_good = (
                f"the last good report ({final}) is unchanged"
                if had_report
                else f"no report for {yjs}, {month} was published (there was none before)"
            )
            executed = kept / (first.name + ".ipynb")
            where = (
                f"the executed notebook is kept at {executed}"
                if executed.is_file()
                else f"its kernel stopped before it could be saved (the others are in {kept})"
            )
            raise RefreshError(
                f"notebook {first.name} failed in {first.error}; {where} and {last_good}."
            )
        _write_report(yjs, run, staging, runs, parameters, started)
        check_nothing_local(
            staging, [run.raw, run.processed, run.out, staging, config.paths().root, Path.home()]
        )
        publish.swap(staging, final)
        kept = failed_folder(run.processed, yjs, month)
        if kept.exists():
            shutil.rmtree(kept)
        return RefreshResult(final, runs, time.perf_counter() - started, recovered)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _move_old_failed(service_folder: Path, processed: Path, yjs: str, month: str) -> None:
    """Move notebooks that earlier versions kept inside the published folder to the analyst's."""
    old = service_folder / f"failed-{month}"
    if old.is_dir():
        kept = failed_folder(processed, yjs, month)
        if kept.exists():
            shutil.rmtree(old)
        else:
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, kept)


#: The board paper's files in a report's folder (as yjanalysis.report.paper.FILES names them).
PAPER_FILES = {"paper.pdf", "paper.docx", "figures.xlsx", "charts"}


def _write_report(yjs: str, run: Settings, staging: Path, runs, parameters, started):
    """Write the manifest, beside the pages, index page and paper (written by then)."""
    pages = []
    for path, result in zip(run.notebooks, runs, strict=True):
        for_readers(result.executed, parameters)  # after its page was exported (_run_all)
        pages.append(
            {
                "notebook": path.stem,
                "title": notebook_title(path),
                "html": f"{path.stem}.html",
                "bytes": result.page_bytes,
                "seconds": round(result.seconds, 2),
            }
        )
    from yjanalysis.report.context import OWN_FIGURES, load, write_own_figures

    ctx = load(yjs, run.month, run.audience, run.raw, run.processed, reports=run.out)
    record = json.loads((run.processed / "build.json").read_text())
    # What this report showed and hid of the service's own figures: the next quarter's control
    # keeps it (docs/disclosure.md). It holds only what the pages can show.
    own = write_own_figures(ctx.table, staging)
    manifest = {
        "yjs": ctx.yjs,
        "period_end": run.month,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {k: v for k, v in parameters.items() if k not in LOCAL_PARAMETERS}
        | {"jobs": run.jobs},
        "synthetic": ctx.synthetic,
        "inputs": _inputs(record, ctx.table, ctx.yjs),
        "code": code_version(run.notebooks),
        "versions": _versions(),
        "notebooks": pages,
        # The board paper and the figures, written beside the pages (yjanalysis.report.paper).
        "paper": sorted(p.name for p in staging.iterdir() if p.name in PAPER_FILES),
        "suppressed_cells": len(ctx.suppressed),
        "own_figures": {
            "file": OWN_FIGURES,
            "shown": int(own["shown"].sum()),
            "hidden": int((~own["shown"]).sum()),
        },
        "earlier_reports_kept": _earlier_months(run.out, ctx.yjs, run.month),
        "seconds": round(time.perf_counter() - started, 2),
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _earlier_months(out: Path, yjs: str, month: str) -> dict[str, list[str]]:
    """Name the service's other published reports, with and without a record of their figures.

    A report made before reports kept a record (``own-figures.csv``) could not be taken into
    account by the control; the manifest says which.
    """
    from yjanalysis.report.context import OWN_FIGURES

    folder = out / reference.slug(yjs)
    found: dict[str, list[str]] = {"with_record": [], "without_record": []}
    if folder.is_dir():
        for report in sorted(folder.iterdir()):
            if report.name == month or not (report / "manifest.json").is_file():
                continue
            kept = (report / OWN_FIGURES).is_file()
            found["with_record" if kept else "without_record"].append(report.name)
    return found


__all__ = [
    "KernelPool",
    "RefreshError",
    "RefreshResult",
    "__version__",
    "notebooks",
    "refresh",
    "settings",
]
