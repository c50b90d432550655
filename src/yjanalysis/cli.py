"""The ``yjanalysis`` command.

Every command reports problems with inputs as one sentence on standard error and exits with
status 2; it never shows a traceback for a bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from yjanalysis import config
from yjanalysis.errors import InputError

app = typer.Typer(
    help="Quarterly performance reports for Youth Justice Services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True, highlight=False)


def _here() -> config.Paths:
    return config.paths()


@app.command()
def build(
    raw: Annotated[
        Path | None, typer.Option(help="Folder of input files (read recursively).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Folder for indicators.parquet.")] = None,
) -> None:
    """Read every recognised file in RAW and write the tidy indicator table to OUT."""
    from yjanalysis.build import build as run_build

    where = _here()
    raw = raw or where.demo
    out = out or where.processed
    result = run_build(raw, out)
    for path, kind in result.used:
        console.print(f"[green]used[/]     {path}  ({kind})")
    for path, reason in result.ignored:
        console.print(f"[yellow]ignored[/]  {path}  ({reason})")
    for note in result.notes:
        console.print(f"[cyan]note[/]     {note}")
    table = result.indicators
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
        int, typer.Option(help="Children in the synthetic case-level extract.", min=1)
    ] = 600,
) -> None:
    """Write deterministic synthetic inputs in the real formats for every YJS."""
    from yjanalysis import demo as demo_data

    out = out or _here().demo
    written = demo_data.write(out, seed=seed, children=children)
    for path in written:
        console.print(f"wrote {path}")


@app.command()
def refresh(
    yjs: Annotated[str | None, typer.Option(help="The service, as named in the register.")] = None,
    period_end: Annotated[str, typer.Option(help="The report's last month, YYYY-MM.")] = "2024-12",
    raw: Annotated[Path | None, typer.Option(help="Input folder (default data/raw/demo).")] = None,
    out: Annotated[Path | None, typer.Option(help="Reports folder (default reports).")] = None,
    processed: Annotated[Path | None, typer.Option(help="Processed folder.")] = None,
    jobs: Annotated[int, typer.Option(help="Notebooks run at once.")] = 2,
    audience: Annotated[str, typer.Option(help="board or analyst.")] = "board",
    all_yjs: Annotated[
        bool, typer.Option("--all-yjs", help="Every service in the register.")
    ] = False,
) -> None:
    """Build the table once, run every notebook and publish the HTML report atomically.

    The report goes to OUT/<service>/<YYYY-MM>/: index.html, one page per notebook, the executed
    notebooks and manifest.json. If a notebook fails, the last good report stays in place.
    """
    import time

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from yjanalysis import pipeline, reference
    from yjanalysis.build import build_or_demo

    if not yjs and not all_yjs:
        raise InputError("say which service to refresh: --yjs NAME, or --all-yjs.")
    services = (
        list(reference.register().query("current")["yjs"])
        if all_yjs
        else [reference.require_yjs(yjs)]
    )
    where = _here()
    raw = raw or where.demo
    processed = processed or where.processed
    started = time.perf_counter()
    result = build_or_demo(raw, processed)
    console.print(f"built {processed / 'indicators.parquet'}: {len(result.indicators):,} rows")
    books = pipeline.notebooks()
    failures: list[tuple[str, str]] = []
    successes: list[str] = []
    pool = pipeline.KernelPool(min(jobs, len(books)), cwd=where.root)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as bar:
            for service in services:
                task = bar.add_task(f"{service}: starting", total=len(books))
                running: list[str] = []

                def show(name, state, task=task, service=service, running=running):
                    if state == "start":
                        running.append(name)
                    else:
                        running.remove(name)
                        bar.advance(task)
                    bar.update(task, description=f"{service}: {', '.join(running) or 'exporting'}")

                try:
                    done = pipeline.refresh(
                        service,
                        period_end,
                        raw,
                        out,
                        processed,
                        jobs,
                        audience,
                        progress=show,
                        build_first=False,
                        pool=pool,
                    )
                    bar.update(task, description=f"{service}: published {done.folder}")
                    successes.append(service)
                except pipeline.RefreshError as error:
                    bar.update(task, description=f"{service}: failed")
                    failures.append((service, str(error)))
    finally:
        pool.close()
    minutes = (time.perf_counter() - started) / 60
    if len(services) > 1:
        console.print(
            f"{len(successes)} services published, {len(failures)} failed, "
            f"{len(services) / minutes:.1f} services a minute"
        )
    for service, message in failures:
        console.print(f"[red]failed:[/] {service}: {escape(message)}")
    if failures:
        raise typer.Exit(1)


@app.command()
def fetch(
    source: Annotated[
        list[str] | None,
        typer.Argument(
            help="Releases to fetch (default: all): "
            + ", ".join(
                ["yjb-local-tables-2023-24", "yjb-local-tables-2024-25", "ons-population-nomis"]
            )
        ),
    ] = None,
    raw: Annotated[Path | None, typer.Option(help="Raw data folder (default data/raw).")] = None,
    url: Annotated[
        str | None, typer.Option(help="Fetch this address instead (with one SOURCE name).")
    ] = None,
) -> None:
    """Download public releases into RAW/<source>/<date>/ with checksums and their addresses."""
    from yjanalysis import fetch as fetching

    raw = raw or _here().raw
    names = source or list(fetching.RELEASES)
    if url and len(names) != 1:
        raise InputError("--url needs exactly one source name to file the download under.")
    for name in names:
        if not url and name not in fetching.RELEASES:
            raise InputError(
                f"'{name}' is not a known release; expected one of {', '.join(fetching.RELEASES)}."
            )
        got = fetching.fetch(name, url or fetching.RELEASES[name], raw)
        console.print(f"fetched {got.path} ({got.bytes:,} bytes, sha256 {got.sha256[:12]}…)")
        for path in got.unpacked:
            console.print(f"  unpacked {path}")


@app.command()
def init(
    yjs: Annotated[str, typer.Option(help="The service, as named in the register.")],
    raw: Annotated[Path, typer.Option(help="The folder of the service's raw inputs.")],
) -> None:
    """Write a report settings file and commentary templates to RAW/report/<service>/."""
    from yjanalysis import reference, report_settings

    for path in report_settings.write_templates(raw, reference.require_yjs(yjs)):
        console.print(f"wrote {path}")


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
    import pandas as pd

    from yjanalysis import benchmark, narrative

    source = (processed or _here().processed) / "indicators.parquet"
    if not source.is_file():
        raise InputError("does not exist; run `yjanalysis build` first.", source)
    table = pd.read_parquet(source)
    result = benchmark.compare(table, yjs, indicator, period)
    columns = ["comparator", "comparator_value", "value", "lower", "upper", "difference", "verdict"]
    if not result.empty:
        Console().print(result[columns].round(2).to_string(index=False))
    Console().print(narrative.describe(table, yjs, indicator, period))


@app.command()
def neighbours(
    yjs: Annotated[str, typer.Option(help="The service, as named in the register.")],
    processed: Annotated[
        Path | None, typer.Option(help="Folder holding the build (comparator_groups.parquet).")
    ] = None,
) -> None:
    """Print a service's comparator groups, each member's distance and the method.

    The family its report uses comes first (a supplied YJB family, else its DfE statistical
    neighbours, else the services most like it on published characteristics), then the other
    groups computed as a check, with how many members each shares with the family.
    """
    from yjanalysis import reference, similar
    from yjanalysis.similar.family import as_text

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
    Console(soft_wrap=True).print(escape(as_text(*found, name)))


@app.command()
def inspect(path: Annotated[Path, typer.Argument(help="A CSV, ODS or Excel file.")]) -> None:
    """Say which format a file is recognised as, and show its first rows."""
    from yjanalysis import sources

    frame = sources.read(path)
    sheet = f", sheet '{frame.attrs['sheet']}'" if frame.attrs.get("sheet") else ""
    console.print(
        f"{path}: {frame.attrs['title']} ({frame.attrs['kind']}{sheet}), {len(frame):,} rows"
    )
    Console().print(frame.head(10).to_string())


def main(argv: list[str] | None = None) -> None:
    """Run the command, turning input errors into one sentence and exit status 2.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the command line's).
    """
    try:
        app(args=argv)
    except InputError as error:
        console.print(f"[red]error:[/] {escape(str(error))}")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
