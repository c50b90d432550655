"""The ``yjanalysis`` command.

Every command reports problems with inputs as one sentence on standard error and exits with
status 2; it never shows a traceback for a bad input.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, cast

import typer
from rich.console import Console
from rich.markup import escape

from yjanalysis import config
from yjanalysis.errors import InputError
from yjanalysis.vocabulary.characters import printable

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Quarterly performance reports for Youth Justice Services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Terminal(Console):
    """A console that prints no control character raw (:func:`printable`).

    A file named ``notes<ESC>[2J…<BEL><newline>fake line.txt`` cleared the analyst's screen,
    set the terminal's title and forged a line of the build's log. Every text printed here has
    its control characters escaped but its line breaks; a name in it is escaped whole, line
    breaks too, by :func:`_name`.
    """

    def print(self, *objects: Any, **options: Any) -> None:
        """Print as :meth:`rich.console.Console.print`, control characters escaped."""
        shown = (printable(o, lines=True) if isinstance(o, str) else o for o in objects)
        super().print(*shown, **options)


def _name(text: object) -> str:
    """Return a name (a file's, a folder's, or a sentence holding one) as printed.

    Control characters, line breaks among them, are escaped (:func:`printable`), and so is
    Rich's markup (a file named ``[red]x`` is shown as named).
    """
    return escape(printable(str(text)))


console = Terminal(stderr=True, soft_wrap=True, highlight=False)


def _here() -> config.Paths:
    return config.paths()


@app.command()
def build(
    raw: Annotated[
        Path | None, typer.Option(help="Folder of input files (read recursively).")
    ] = None,
    processed: Annotated[
        Path | None,
        typer.Option(help="Folder for indicators.parquet: the one `refresh --processed` reads."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="The same as --processed (its earlier name).")
    ] = None,
    period_end: Annotated[
        str | None,
        typer.Option(
            help="The last month, YYYY-MM, of the report the table is for: the families computed "
            "use no source dated after it (by default the latest)."
        ),
    ] = None,
) -> None:
    """Read every recognised file in RAW and write the tidy indicator table to PROCESSED."""
    from yjanalysis.table.build import build as run_build
    from yjanalysis.table.build import holding, write_demo_if_empty

    where = _here()
    raw = config.check_input_folder(raw, "--raw") if raw else where.demo
    # `refresh --out` is the reports folder, so the table's folder has refresh's name here too;
    # --out stays for scripts written before.
    if processed is not None and out is not None and processed.resolve() != out.resolve():
        raise InputError(
            f"--processed {processed} and --out {out} name two folders for one table; give "
            "one (--out is the earlier name of --processed)."
        )
    option = "--out" if processed is None and out is not None else "--processed"
    out = config.check_output_folder(processed or out or where.processed, option, raw)
    write_demo_if_empty(raw)  # a fresh checkout builds the demo, as a refresh would
    by = None
    if period_end is not None:
        import pandas as pd

        by = pd.Timestamp(config.check_month(period_end)) + pd.offsets.MonthEnd(0)
    with holding(out, waiting=lambda: _say_waiting(out)):
        result = run_build(raw, out, by=by)
    for path, kind in result.used:
        console.print(f"[green]used[/]     {_name(path)}  ({kind})")
    for path, reason in result.ignored:
        console.print(f"[yellow]ignored[/]  {_name(path)}  ({_name(reason)})")
    for note in result.notes:
        console.print(f"[cyan]note[/]     {_name(note)}")
    table = cast("pd.DataFrame", result.indicators)  # a build that was not kept has its table
    console.print(
        f"wrote {out / 'indicators.parquet'}: {len(table):,} rows, "
        f"{table['indicator'].nunique()} indicators, {table['area'].nunique()} areas "
        f"in {result.seconds:.1f} s"
    )


@app.command()
def demo(
    out: Annotated[Path | None, typer.Option(help="Folder to write the demo inputs to.")] = None,
    seed: Annotated[
        int, typer.Option(help="Seed of the random numbers (same seed, same data).")
    ] = 2024,
    children: Annotated[
        int,
        typer.Option(
            help="Children in the demo service's synthetic case-level extract (the other "
            "services' extracts are sized to their populations; beyond 400, the services' "
            "populations grow with them), at most 19,000.",
            min=1,
            max=19_000,
        ),
    ] = 400,
) -> None:
    """Write deterministic synthetic inputs in the real formats for every YJS."""
    from yjanalysis.inputs import demo as demo_data

    out = config.check_output_folder(out or _here().demo, "--out")
    written = demo_data.write(out, seed=seed, children=children)
    for path in written:
        console.print(f"wrote {_name(path)}")


@app.command()
def refresh(
    yjs: Annotated[
        list[str] | None,
        typer.Option(help="The service, as named in the register (repeat for several)."),
    ] = None,
    period_end: Annotated[str, typer.Option(help="The report's last month, YYYY-MM.")] = "2024-12",
    raw: Annotated[Path | None, typer.Option(help="Input folder (default data/raw/demo).")] = None,
    out: Annotated[Path | None, typer.Option(help="Reports folder (default reports).")] = None,
    processed: Annotated[Path | None, typer.Option(help="Processed folder.")] = None,
    jobs: Annotated[
        int | None, typer.Option(help="Notebooks run at once (default 2, or fewer notebooks).")
    ] = None,
    audience: Annotated[str, typer.Option(help="board or analyst.")] = "board",
    all_yjs: Annotated[
        bool, typer.Option("--all-yjs", help="Every current service in the register.")
    ] = False,
    notebooks: Annotated[
        Path | None,
        typer.Option(help="Folder of numbered notebooks (default: those of the package)."),
    ] = None,
) -> None:
    """Build the table once, run every notebook and publish the HTML report atomically.

    The report goes to OUT/<service>/<YYYY-MM>/: index.html, one page per notebook, the executed
    notebooks and manifest.json. If a notebook fails, the last good report stays in place. With
    several services, each is logged and recorded in PROCESSED/runs/ as it finishes, a failure
    does not stop the others, and a table of what was published and what failed ends the run.
    """
    from yjanalysis import reference
    from yjanalysis.run import arguments, kernels

    if yjs and all_yjs:
        raise InputError("give --yjs or --all-yjs, not both.")
    if not yjs and not all_yjs:
        raise InputError(
            "say which service to refresh: --yjs NAME (repeat for several), or --all-yjs."
        )
    services = (
        list(dict.fromkeys(reference.require_yjs(name) for name in yjs))
        if yjs
        else list(reference.register().query("current")["yjs"])
    )
    run = arguments.settings(period_end, raw, out, processed, jobs, audience, notebooks)
    arguments.check_not_into_inputs(run, services)
    if len(services) == 1:  # in a batch, a service that did not exist then fails alone
        reference.require_serving(services[0], run.month)  # Cumbria after March 2023
    # With every argument checked, the kernels start (and import the report's modules) while
    # this process loads the rest of the package and checks or makes the build.
    pool = kernels.KernelPool(run.jobs, cwd=config.paths().root)
    try:
        _refresh(services, run, pool)
    finally:
        pool.close()


def _refresh(services: list[str], run, pool) -> None:
    from yjanalysis.inputs import report_settings
    from yjanalysis.report import context
    from yjanalysis.run import batch, pipeline
    from yjanalysis.table.build import held_build, id_shapes

    if len(services) == 1:
        # One service: its settings and commentary are arguments too, checked before any work
        # (in a batch, a service with bad ones fails alone, when its turn comes).
        # A word of an id's shape is looked for after the build, which reads the extracts.
        for path, reason in report_settings.read(run.raw, services[0], id_shapes=False).ignored:
            console.print(f"[yellow]ignored[/]  {_name(path)}  ({_name(reason)})")
        # So are the records of what its earlier reports showed, which the control reads.
        context.earlier_reports(run.out, services[0])
    # The table is held until the last report is published: no build replaces it meanwhile.
    # A period the new table cannot report on (before the figures begin, after the records
    # end), or one service's settings impossible for it (a meeting date before its end), are
    # refused before the table is written, so the processed folder is left as it was.
    check = (
        pipeline.refresh_check(run, services[0])
        if len(services) == 1
        else pipeline.figures_check(services, run.month)
    )
    with held_build(
        run.raw,
        run.processed,
        waiting=lambda: _say_waiting(run.processed),
        check=check,
        by=run.last_day,
        # One service's words and nearest services read the new files, where they are staged.
        staged=pipeline.staged_check(run, services[0]) if len(services) == 1 else None,
    ) as built:
        console.print(
            f"{'kept' if built.reused else 'built'} {run.processed / 'indicators.parquet'}: "
            f"{built.rows:,} rows"
            + (" (built earlier from the same inputs by the same code)" if built.reused else "")
        )
        pipeline.check_has_figures(run.processed, services, run.month)
        if len(services) == 1:  # a meeting date impossible for this report, said once the
            words = report_settings.read(  # period holds data, with the extracts' id shapes
                run.raw, services[0], run.month, id_shapes(run.processed)
            )
            # Words stating a figure the report hides, or one after its end (in a batch, such
            # a service fails alone).
            pipeline.check_service_words(run, services[0], words)
            # A report whose family would be found on an ONS estimate after its period (in a
            # batch, such a service fails alone).
            pipeline.check_family_dated(run.processed, services[0])
        summary = batch.summary_file(run.processed, run.month)
        if len(services) > 1:
            console.print(f"refreshing {len(services)} services; each is recorded in {summary}")
        outcomes = _refresh_services(services, run, summary, pool)
    if len(services) > 1:
        _summary_table(outcomes)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def _say_waiting(processed: Path) -> None:
    console.print(
        f"waiting: another command is building or reading {escape(str(processed))}; this one "
        "goes on when it has finished"
    )


def _refresh_services(services, run, summary, pool) -> list:
    """Run the batch with a live progress line (on a terminal) and a log line per service."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from yjanalysis.run import batch

    started = time.perf_counter()
    width = len(str(len(services)))

    def finished(position, count, outcome):
        where = f"[{position:>{width}}/{count}] {outcome.yjs}"
        if outcome.status == "published":
            console.print(f"{where}: published {_name(outcome.folder)} in {outcome.seconds:.1f} s")
        else:
            console.print(f"{where}: [red]failed:[/] {_name(outcome.reason)}")

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("starting", total=len(run.notebooks))

        def progress_for(service: str):
            running: list[str] = []
            bar.reset(task, total=len(run.notebooks), description=f"{service}: starting")

            def show(name, state):
                if state == "start":
                    running.append(name)
                else:
                    running.remove(name)
                    bar.advance(task)
                bar.update(task, description=f"{service}: {', '.join(running) or 'exporting'}")

            return show

        try:
            outcomes = batch.refresh_services(
                services, run, summary, finished, progress_for, pool=pool
            )
        except KeyboardInterrupt:
            console.print(
                "interrupted: every report not yet republished is as it was; what finished is "
                f"recorded in {summary}"
            )
            raise
    if len(services) > 1:
        minutes = max(time.perf_counter() - started, 1e-9) / 60
        console.print(f"{len(services) / minutes:.1f} services a minute; summary in {summary}")
    return outcomes


def _summary_table(outcomes) -> None:
    from rich.table import Table

    published = [o for o in outcomes if o.status == "published"]
    failed = [o for o in outcomes if o.status == "failed"]
    table = Table(
        title=f"{len(published)} published, {len(failed)} failed, of {len(outcomes)} services",
        title_justify="left",
    )
    table.add_column("service")
    table.add_column("result")
    table.add_column("report, or why it failed", overflow="fold")
    for outcome in failed + published:
        detail = outcome.folder if outcome.status == "published" else outcome.reason
        table.add_row(outcome.yjs, outcome.status, escape(detail or ""))
    console.print(table)


@app.command()
def fetch(
    source: Annotated[
        list[str] | None,
        typer.Argument(
            help="Inputs to fetch (default: all): "
            + ", ".join(
                [
                    "yjb-local-tables",
                    "yjb-population",
                    "ons-population",
                    "dfe-lait",
                    "dfe-statistical-neighbours",
                    "hmi-inspections",
                ]
            )
        ),
    ] = None,
    raw: Annotated[
        Path | None, typer.Option(help="Inputs folder (default data/raw/inputs).")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="Fetch this https address instead (with one SOURCE name).")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds the whole of each download may take.")
    ] = 600.0,
    allow_http: Annotated[
        list[str] | None,
        typer.Option(help="Allow plain http from this loopback host (a local test server)."),
    ] = None,
) -> None:
    """Download the public inputs into RAW/public/<source>/ with checksums and their addresses.

    Through the system's proxy (HTTPS_PROXY, or the Windows or macOS settings), trusting the
    system's certificates (or REQUESTS_CA_BUNDLE / SSL_CERT_FILE). Only https addresses are
    fetched; a download is limited in size and time, written under a hidden name and put in
    place when whole, and a ZIP is checked before it is unpacked. Where each comes from:
    docs/data.md.
    """
    from yjanalysis.inputs import fetch as fetching
    from yjanalysis.inputs.releases import RELEASES

    names = source or list(RELEASES)
    if url and len(names) != 1:
        raise InputError("--url needs exactly one source name to file the download under.")
    for name in names:
        fetching.check_source(name)
        if not url and name not in RELEASES:
            raise InputError(
                f"'{name}' is not a known input; expected one of {', '.join(RELEASES)} "
                "(or give its address with --url)."
            )
    hosts = fetching.check_local_hosts(allow_http)
    if url:
        fetching.check_url(url, hosts)
    if not 1 <= timeout <= 86_400:
        raise InputError(f"--timeout {timeout:g} is not a time; expected 1 to 86400 seconds.")
    raw = config.check_output_folder(raw or _here().inputs, "--raw")
    failed = []
    for name in names:
        try:
            got = fetching.fetch(
                name,
                url or RELEASES[name].url,
                raw,
                timeout=timeout,
                local_http_hosts=hosts,
                waiting=_say_fetching(name),
            )
        except InputError as error:
            if len(names) == 1:
                raise
            # One address that moved (the next release) does not stop the others.
            console.print(f"[red]failed[/]   {_name(error)}")
            failed.append(name)
            continue
        console.print(f"fetched {_name(got.path)} ({got.bytes:,} bytes, sha256 {got.sha256[:12]}…)")
        for path in got.unpacked:
            console.print(f"  unpacked {_name(path)}")
    if failed:
        raise InputError(
            f"{len(failed)} of {len(names)} inputs could not be fetched (above) and the others "
            f"were fetched whole; fetch them again with `yjanalysis fetch {' '.join(failed)}`, "
            "or download them by hand (docs/data.md)."
        )
    console.print(f"next: yjanalysis build --raw {_name(raw)} (or refresh --raw)")


def _say_fetching(name: str):
    def say() -> None:
        console.print(
            f"waiting: another fetch of {name} is running; this one goes on when it has finished"
        )

    return say


@app.command()
def init(
    yjs: Annotated[str, typer.Option(help="The service, as named in the register.")],
    raw: Annotated[
        Path | None, typer.Option(help="The inputs folder (default data/raw/inputs).")
    ] = None,
) -> None:
    """Make the inputs folder where missing, and write report settings and commentary templates.

    The inputs folder gets public/ (for `yjanalysis fetch`), extract/ (the service's own
    records), report/<service>/ (the settings and commentary written here) and own/ (files of
    your own). See docs/data.md.
    """
    from yjanalysis import reference
    from yjanalysis.inputs import report_settings

    name = reference.require_yjs(yjs)
    raw = config.check_output_folder(raw or _here().inputs, "--raw")
    made = config.make_inputs_folder(raw)
    try:
        written = report_settings.write_templates(raw, name)
    except BaseException:  # refused: the folders made for it go too, so nothing is left
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for folder in made:
        console.print(f"made {folder}  ({_what_goes_in(raw, folder)})")
    for path in written:
        console.print(f"wrote {_name(path)}")


def _what_goes_in(inputs: Path, folder: Path) -> str:
    if folder == inputs:
        return "your inputs folder: give it as --raw to build and refresh"
    return config.INPUT_FOLDERS[folder.name]


extract_app = typer.Typer(
    help="Map a case management system's export to the project's case-level extract.",
    no_args_is_help=True,
)
app.add_typer(extract_app, name="extract")


@extract_app.command("check")
def extract_check(
    mapping: Annotated[Path, typer.Option(help="The mapping file (TOML; docs/extract.md).")],
    export: Annotated[Path, typer.Option(help="The folder of the system's export.")],
) -> None:
    """Say, table by table, what of the export maps to the extract's schema and what does not.

    Nothing is written. Exit status 2 while anything the extract needs does not map.
    """
    from yjanalysis.inputs import extract_mapping

    found = extract_mapping.load(mapping)
    reports = extract_mapping.check(found, export)
    out = Terminal(soft_wrap=True, highlight=False, markup=False)
    out.print(f"mapping {found.path.name}" + (f": {found.system}" if found.system else ""))
    if found.example:
        out.print(
            "  this is an example to adapt (example = true): its column names and codes are "
            "illustrative; set example = false once each is checked against your export"
        )
    for report in reports:
        out.print(f"{report.name}: {report.lines[0]}")
        for line in report.lines[1:]:
            out.print(line)
    problems = [p for r in reports for p in r.problems]
    if problems:
        out.print(f"{len(problems)} problems:")
        for problem in problems:
            out.print(f"  {problem}")
        raise InputError(
            f"the export does not map yet: {len(problems)} problems, listed above; change the "
            "mapping file (or the export) and check again."
        )
    out.print(
        "everything the extract needs maps: `yjanalysis extract convert` writes it to the "
        "inputs folder"
    )


@extract_app.command("convert")
def extract_convert(
    mapping: Annotated[Path, typer.Option(help="The mapping file (TOML; docs/extract.md).")],
    export: Annotated[Path, typer.Option(help="The folder of the system's export.")],
    raw: Annotated[
        Path | None, typer.Option(help="The inputs folder (default data/raw/inputs).")
    ] = None,
) -> None:
    """Write the export as the extract's tables to RAW/extract/, checked as the build will.

    Only the mapped columns are written (a name or an address in the export is never copied);
    the folder is replaced whole, and nothing is written if it holds anything but the extract's
    tables, anything does not map or a table fails the extract's checks.
    """
    from yjanalysis.inputs import extract_mapping

    found = extract_mapping.load(mapping)
    raw = config.check_output_folder(raw or _here().inputs, "--raw", Path(export))
    for path in extract_mapping.convert(found, export, raw):
        console.print(f"wrote {_name(path)}")
    console.print(f"next: yjanalysis build --raw {_name(raw)} (or refresh --raw)")


@extract_app.command("example")
def extract_example(
    name: Annotated[str, typer.Argument(help="childview-like or careworks-like.")],
    out: Annotated[Path, typer.Option(help="The mapping file to write (not replaced).")],
) -> None:
    """Write an example mapping to adapt (its column names and codes are illustrative)."""
    from yjanalysis.inputs import extract_mapping

    written = extract_mapping.write_example(name, out)
    console.print(f"wrote {written}: an example to adapt to your export (docs/extract.md)")


@app.command()
def compare(
    yjs: Annotated[str, typer.Option(help="The service, as named in the register.")],
    indicator: Annotated[str, typer.Option(help="An indicator id of the catalogue.")],
    period: Annotated[str | None, typer.Option(help="The period (default: the latest).")] = None,
    processed: Annotated[
        Path | None, typer.Option(help="Folder holding indicators.parquet.")
    ] = None,
) -> None:
    """Compare a service with its family, region and nation, in numbers and in words."""
    import json

    import pandas as pd

    from yjanalysis import reference
    from yjanalysis.methods import benchmark
    from yjanalysis.report import caveats, context, narrative
    from yjanalysis.vocabulary import catalogue

    yjs = reference.require_yjs(yjs)
    catalogue.indicator(indicator)
    source = (processed or _here().processed) / "indicators.parquet"
    if not source.is_file():
        raise InputError("does not exist; run `yjanalysis build` first.", source)
    table = pd.read_parquet(source)
    if period is not None:
        rows = table.loc[table["indicator"] == indicator]
        known = rows["period"].astype(str).unique()
        if period not in known:
            # The latest by the day they end: by label, "Oct 2023 – Sep 2024" sorts after
            # "2024" and "2023-24", which were left out.
            ends = rows.assign(period=rows["period"].astype(str)).groupby("period")["period_end"]
            order = ends.max().reset_index().sort_values(["period_end", "period"])
            latest = ", ".join(order["period"].iloc[-6:]) or "none"
            raise InputError(
                f"--period {period} is not a period of {indicator} in the build; expected one "
                f"of its periods (the latest: {latest})."
            )
    # Own records against a publication: the allowance the pages give that pair of sources.
    tolerance = caveats.definitions_apart(indicator)
    result = benchmark.compare(table, yjs, indicator, period, tolerance=tolerance)
    columns = ["comparator", "comparator_value", "value", "lower", "upper", "difference", "verdict"]
    if not result.empty:
        # In words, as on the pages: a difference within chance is not called "similar".
        result["difference"] = result["difference"].replace({"similar": "could be chance"})
        Terminal().print(result[columns].round(2).to_string(index=False))
    # Ranked in the families the pages use (a supplied family replaces the packaged one).
    record_file = source.parent / "build.json"
    record = json.loads(record_file.read_text()) if record_file.is_file() else {}
    families = context.build_families(record)
    said = narrative.describe(table, yjs, indicator, period, families=families, tolerance=tolerance)
    Terminal().print(said)


@app.command()
def neighbours(
    yjs: Annotated[str, typer.Option(help="The service, as named in the register.")],
    processed: Annotated[
        Path | None, typer.Option(help="Folder holding the build (comparator_groups.parquet).")
    ] = None,
) -> None:
    """Print a service's comparator groups, each member's distance and the method.

    The family its report uses comes first (a supplied YJB family, else its DfE statistical
    neighbours, else the services nearest it on published characteristics), then the other
    groups computed as a check, with how many members each shares with the family.
    """
    from yjanalysis import reference
    from yjanalysis.methods import similar
    from yjanalysis.methods.similar.family import as_text

    name = reference.require_yjs(yjs)
    entry = reference.register().loc[name]
    if not entry["current"]:
        raise InputError(
            f"'{name}' is not a current service (its last year was {entry['last_year']}); "
            "comparator groups are made for current services only."
        )
    folder = processed or _here().processed
    found = similar.load(folder)
    if found is None:
        raise InputError(
            "has no comparator groups; run `yjanalysis build` first.",
            folder / similar.groups.GROUPS_FILE,
        )
    Terminal(soft_wrap=True).print(escape(as_text(*found, name)))


@app.command()
def inspect(path: Annotated[Path, typer.Argument(help="A CSV, ODS or Excel file.")]) -> None:
    """Say which format a file is recognised as, and show its first rows."""
    from yjanalysis.inputs import readers

    frame = readers.read(path)
    sheet = f", sheet '{frame.attrs['sheet']}'" if frame.attrs.get("sheet") else ""
    console.print(
        f"{path}: {frame.attrs['title']} ({frame.attrs['kind']}{sheet}), {len(frame):,} rows"
    )
    Terminal().print(frame.head(10).to_string())


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every clean-up on the way out runs."""


#: Whether SIGTERM arrived during the command (set by :func:`_terminate`).
_sigterm_received = False


def _terminate(signum, frame) -> None:
    global _sigterm_received
    _sigterm_received = True
    raise Terminated


class _ShowsItself(Protocol):
    def show(self) -> None: ...


def main(argv: list[str] | None = None) -> None:
    """Run the command, turning input errors into one sentence and exit status 2.

    Usage errors (an unknown option, a value of the wrong type) are one sentence and status 2
    too. SIGTERM is handled like Ctrl-C: staging folders are removed and kernels shut down
    before the command ends (status 143; 130 for Ctrl-C).

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the command line's).
    """
    from typer.exceptions import TyperException

    global _sigterm_received
    _sigterm_received = False
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        code = app(args=argv, standalone_mode=False)
    except InputError as error:
        console.print(f"[red]error:[/] {_name(error)}")
        sys.exit(2)
    except TyperException as error:  # the command line's own errors: unknown option, bad value
        if type(error).__name__ == "NoArgsIsHelpError":
            # Click's usage error that prints the help (typer's own check, without its private
            # class): it has show(), which TyperException does not declare.
            cast(_ShowsItself, error).show()
        else:
            message = error.format_message().strip().rstrip(".")
            console.print(f"[red]error:[/] {escape(message)}.")
        sys.exit(2)
    except KeyboardInterrupt:
        code = 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if code == 130:  # typer turns Ctrl-C (and so SIGTERM) into status 130
        if _sigterm_received:
            console.print("stopped by SIGTERM")
            sys.exit(143)
        console.print("interrupted")
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
