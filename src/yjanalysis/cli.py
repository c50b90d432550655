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
    from yjanalysis.indicators.build import build as run_build

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
) -> None:
    """Write deterministic synthetic inputs in the real formats for every YJS."""
    from yjanalysis import demo as demo_data

    out = out or _here().demo
    written = demo_data.write(out, seed=seed)
    for path in written:
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
