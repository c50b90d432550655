"""Paths and run settings, in one place.

The project root is the folder holding ``pyproject.toml`` above the current directory (so the
command works from any subfolder of a checkout); outside a checkout it is the current folder.
Every setting can be overridden on the command line or as a notebook parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    def processed(self) -> Path:
        """The tidy indicator table and its companions."""
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        """Published reports, one folder per service and period."""
        return self.root / "reports"

    @property
    def notebooks(self) -> Path:
        """The numbered notebooks."""
        return self.root / "notebooks"


def paths(start: Path | None = None) -> Paths:
    """Return the :class:`Paths` of the checkout around ``start``.

    Examples
    --------
    >>> paths(Path("/")).raw.as_posix()
    '/data/raw'
    """
    return Paths(project_root(start))
