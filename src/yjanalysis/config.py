"""Paths and run settings, in one place, and the checks every command makes of them.

The project root is the folder holding ``pyproject.toml`` above the current directory (so the
command works from any subfolder of a checkout); outside a checkout it is the current folder.
Every setting can be overridden on the command line or as a notebook parameter. The numbered
notebooks travel with the package (:func:`package_notebooks`), so a refresh runs from any
folder.

The ``check_*`` functions turn a setting given on the command line into its resolved value or
refuse it with one sentence (:class:`~yjanalysis.errors.InputError`), before any work is done.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yjanalysis.errors import InputError

#: The service the demo report is built for (the report behind this project).
DEFAULT_YJS = "Southampton"

#: Counts from 1 up to this value minus one are hidden in stakeholder output.
DEFAULT_SUPPRESSION_THRESHOLD = 5

#: The age range of the youth justice system: rates are per head of the 10 to 17 population.
YOUTH_AGES = range(10, 18)


def project_root(start: Path | None = None) -> Path:
    """Return the folder of the checkout that contains ``start`` (default: the working folder).

    Parameters
    ----------
    start : Path, optional
        Where to start looking upwards for ``pyproject.toml``.

    Returns
    -------
    Path
        The first folder upwards holding ``pyproject.toml``, or ``start`` itself.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "src" / "yjanalysis").is_dir():
            return folder
    return here


@dataclass(frozen=True)
class Paths:
    """The folders of a project checkout.

    Attributes
    ----------
    root : Path
        The checkout.
    """

    root: Path

    @property
    def raw(self) -> Path:
        """Inputs, never changed by the project."""
        return self.root / "data" / "raw"

    @property
    def demo(self) -> Path:
        """Where ``yjanalysis demo`` writes the synthetic inputs."""
        return self.raw / "demo"

    @property
    def inputs(self) -> Path:
        """A service's real inputs (:data:`INPUT_FOLDERS`): what fetch and init fill."""
        return self.raw / "inputs"

    @property
    def processed(self) -> Path:
        """The tidy indicator table and its companions."""
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        """Published reports, one folder per service and period."""
        return self.root / "reports"


def paths(start: Path | None = None) -> Paths:
    """Return the :class:`Paths` of the checkout around ``start``.

    Examples
    --------
    >>> paths(Path("/")).raw.as_posix()
    '/data/raw'
    """
    return Paths(project_root(start))


#: The folders of an inputs folder, and what each holds. ``fetch``, ``init``, ``build`` and
#: ``refresh`` share the layout; the build reads every file under the inputs folder whatever
#: folder it is in (files are recognised by their columns), so the layout is for people.
INPUT_FOLDERS = {
    "public": "public releases, one folder each (yjanalysis fetch writes them here)",
    "extract": "the service's own case-level extract (never committed or shared)",
    "report": "the report's settings and commentary, one folder per service (yjanalysis init)",
    "own": "figures and files of your own: an indicator CSV, your YJB family (family,member)",
}


def public_folder(inputs: Path) -> Path:
    """Return the folder of the public releases in an inputs folder.

    Examples
    --------
    >>> public_folder(Path("data/raw/inputs")).as_posix()
    'data/raw/inputs/public'
    """
    return Path(inputs) / "public"


def make_inputs_folder(inputs: Path) -> list[Path]:
    """Make an inputs folder and its folders (:data:`INPUT_FOLDERS`) where missing.

    Returns
    -------
    list of Path
        The folders made.

    Raises
    ------
    InputError
        If the folder, or a folder on the way to it, is a file.
    """
    inputs = Path(inputs)
    made = []
    for folder in (inputs, *(inputs / name for name in INPUT_FOLDERS)):
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} is a file; expected a folder of input files.")
        if not folder.exists():
            try:
                folder.mkdir(parents=True)
            except (FileExistsError, NotADirectoryError):
                raise InputError(
                    f"{folder} cannot be made: a file stands in its way; expected folders."
                ) from None
            made.append(folder)
    return made


#: The numbered notebooks the refresh runs.
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


def package_notebooks() -> Path:
    """Return the folder of the numbered notebooks that came with the package.

    An installed package carries them in ``yjanalysis/notebooks`` (copied there when the wheel
    is built); an editable install of a checkout uses the checkout's ``notebooks`` folder, so
    that an edit there is what the next refresh runs.
    """
    package = Path(__file__).resolve().parent
    inside = package / "notebooks"
    if any(inside.glob(NOTEBOOK_PATTERN)):
        return inside
    return package.parents[1] / "notebooks"


def check_month(text: str, today: date | None = None) -> str:
    """Return a report's period end as ``YYYY-MM``, or refuse it.

    Examples
    --------
    >>> check_month("2024-12")
    '2024-12'
    >>> check_month("2024-13")
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: --period-end '2024-13' is not a month; expected YYYY-MM, \
such as 2024-12.
    """
    text = str(text).strip()
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", text):
        raise InputError(
            f"--period-end '{text}' is not a month; expected YYYY-MM, such as 2024-12."
        )
    today = today or date.today()
    if text > f"{today:%Y-%m}":
        raise InputError(
            f"--period-end {text} has not begun; expected this month ({today:%Y-%m}) or earlier."
        )
    return text


#: Who a report is for: a board reads findings, an analyst also the numbers behind them.
AUDIENCES = ("board", "analyst")


def check_audience(audience: str, option: str = "--audience") -> str:
    """Return the audience, or refuse one that is not ``board`` or ``analyst``.

    Examples
    --------
    >>> check_audience("board")
    'board'
    """
    if audience not in AUDIENCES:
        raise InputError(f"{option} '{audience}' is not one of {', '.join(AUDIENCES)}.")
    return audience


def check_jobs(jobs: int, most: int) -> int:
    """Return the number of notebooks to run at once, or refuse it.

    Examples
    --------
    >>> check_jobs(2, 7)
    2
    """
    if not 1 <= jobs <= most:
        raise InputError(
            f"--jobs {jobs} is not a number of notebooks to run at once; expected 1 to {most}."
        )
    return jobs


def check_input_folder(path: Path, option: str) -> Path:
    """Return an existing folder to read from, or refuse it."""
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"{option} {path} does not exist; expected a folder of input files (`yjanalysis "
            f"fetch --raw {path}` downloads the public releases into it: see docs/data.md)."
        )
    if not path.is_dir():
        raise InputError(f"{option} {path} is a file; expected a folder of input files.")
    return path


def check_output_folder(path: Path, option: str, raw: Path | None = None) -> Path:
    """Return a folder that can be written to (created later if missing), or refuse it.

    Nothing is created: the nearest existing folder is tried with a temporary file that is
    removed at once, which finds a read-only disk or a folder the user may not write to.

    Parameters
    ----------
    path : Path
        The folder.
    option : str
        The option that named it, for the message.
    raw : Path, optional
        The input folder, which is never written to: ``path`` may not lie inside it.
    """
    path = Path(path)
    if raw is not None and inside(path, raw):
        raise InputError(
            f"{option} {path} lies inside the input folder {raw}; expected a folder elsewhere "
            "(inputs are never changed)."
        )
    existing = path
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        if existing == path:
            raise InputError(f"{option} {path} is a file; expected a folder.")
        raise InputError(
            f"{option} {path} cannot be made: {existing} is a file; expected a folder."
        )
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise InputError(f"{option} {path} cannot be written to ({reason}); expected a folder "
                         "this user may write to.") from None  # fmt: skip
    return path


def inside(path: Path, folder: Path) -> bool:
    """Say whether ``path`` is ``folder`` or lies within it (links followed)."""
    try:
        return path.resolve().is_relative_to(Path(folder).resolve())
    except OSError:
        return False
