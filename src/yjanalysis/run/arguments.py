"""A refresh's arguments, checked and resolved once, where they enter.

:func:`settings` refuses a bad argument with one sentence before any work is done. It needs
nothing of the report itself, so that the command can check every argument before it starts
the kernels (a typo is refused in about a second, with nothing started).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from yjanalysis import config, reference
from yjanalysis.errors import InputError
from yjanalysis.inputs import report_settings

if TYPE_CHECKING:
    import pandas as pd

#: Notebooks run at once when the user does not say (the machines it runs on have 2 cores or more).
JOBS = 2


@dataclass(frozen=True)
class Settings:
    """A refresh's arguments, checked and resolved (see :func:`settings`)."""

    month: str
    raw: Path
    out: Path
    processed: Path
    jobs: int
    audience: str
    notebooks: tuple[Path, ...]

    @property
    def last_day(self) -> pd.Timestamp:
        """The last day of the report's period (no source dated after it shapes the report)."""
        import pandas as pd  # here: the arguments are checked before pandas is needed

        return pd.Timestamp(self.month) + pd.offsets.MonthEnd(0)


def notebooks(folder: Path | None = None) -> list[Path]:
    """Return the numbered notebooks, in order (by default those that came with the package)."""
    folder = Path(folder) if folder else config.package_notebooks()
    return sorted(folder.glob(config.NOTEBOOK_PATTERN))


def settings(
    period_end: str,
    raw: Path | None = None,
    out: Path | None = None,
    processed: Path | None = None,
    jobs: int | None = None,
    audience: str = "board",
    notebook_folder: Path | None = None,
) -> Settings:
    """Check a refresh's arguments before any work is done, and resolve them.

    Raises
    ------
    InputError
        One sentence naming the argument and what was expected: a period end that is not a
        month or has not begun, an audience not ``board`` or ``analyst``, an input folder that
        does not exist, an output folder that is a file, cannot be written to or lies inside
        the input folder, a processed folder inside the published one, a notebook folder with
        no numbered notebooks, or ``jobs`` not between 1 and the number of notebooks. Without
        ``jobs``, :data:`JOBS` notebooks run at once, or every notebook where there are fewer.
    """
    where = config.paths()
    month = config.check_month(period_end)
    audience = config.check_audience(audience)
    raw = config.check_input_folder(raw, "--raw") if raw else where.demo
    out = config.check_output_folder(out or where.reports, "--out", raw)
    processed = config.check_output_folder(processed or where.processed, "--processed", raw)
    if config.inside(processed, out):
        # The processed folder holds what must never be published: the unsuppressed table,
        # the disclosure log, build.json with the inputs' paths.
        raise InputError(
            f"--processed {processed} lies inside the published folder --out {out}; expected a "
            "folder elsewhere (it holds the indicator table before disclosure control, the "
            "disclosure log and the inputs' paths, none of which may be published)."
        )
    folder = Path(notebook_folder) if notebook_folder else config.package_notebooks()
    books = notebooks(folder)
    if not books:
        raise InputError(
            f"--notebooks {folder} holds no numbered notebooks; expected files named like "
            "03_first_time_entrants.ipynb."
        )
    # Only a number the user gave is refused: a folder of one notebook runs it alone (failed
    # before: "--jobs 2 is not a number … expected 1 to 1" with no --jobs given).
    jobs = min(JOBS, len(books)) if jobs is None else config.check_jobs(jobs, len(books))
    return Settings(
        month,
        raw.resolve(),
        out.resolve(),
        processed.resolve(),
        jobs,
        audience,
        tuple(p.resolve() for p in books),
    )


def check_not_into_inputs(run: Settings, services: list[str]) -> None:
    """Refuse a refresh whose publishing would replace, or write into, a folder it reads.

    A service's report replaces ``<out>/<service>/<YYYY-MM>`` (and removes the hidden
    ``.<YYYY-MM>.previous`` and ``.<YYYY-MM>.staging-*`` beside it), so ``--raw``,
    ``--processed``, ``--notebooks`` and the service's report folder (settings and commentary)
    may not be that folder or lie inside it: publishing would delete them (inputs kept in
    ``reports/southampton/2024-12/inputs`` were gone after a refresh that said it had
    published). Nor may ``--raw`` or ``--processed`` hold it: the report would change the
    inputs, and the next build would read its files as inputs.
    """
    for yjs in services:
        service = run.out / reference.slug(yjs)
        replaced = service / run.month
        kept = {
            "the input folder --raw": run.raw,
            "the processed folder --processed": run.processed,
            "the notebook folder --notebooks": run.notebooks[0].parent,
            f"{yjs}'s report settings and commentary": report_settings.folder(run.raw, yjs),
        }
        for what, folder in kept.items():
            if _replaced_by(folder, service, run.month):
                raise InputError(
                    f"--out {run.out} would replace {replaced} with {yjs}'s report, and "
                    f"{what} ({folder}) lies in it; expected it elsewhere (publishing would "
                    "delete it)."
                )
            if what.endswith(("--raw", "--processed")) and config.inside(replaced, folder):
                raise InputError(
                    f"--out {run.out} would publish {yjs}'s report into {replaced}, which "
                    f"is inside {what} ({folder}); expected the reports elsewhere (inputs "
                    "are never changed)."
                )


def _replaced_by(folder: Path, service: Path, month: str) -> bool:
    """Say whether publishing ``month`` in ``service`` replaces or removes ``folder``."""
    if not config.inside(folder, service):
        return False
    parts = folder.resolve().relative_to(service.resolve()).parts
    return bool(parts) and (parts[0] == month or parts[0].startswith(f".{month}."))
