"""A service's youth justice cohort's school scores against the published scores of its pupils.

The extract gives each child's Attainment 8 (or Wales's Capped 9) score and the build averages
them into the cohort's figure. Each score is plausible alone (0 to 90), so a column exported at
the wrong scale passes every check of the extract: every child's Attainment 8 divided by 10 (an
average grade per slot exported instead of the points) made Southampton's cohort 1.0 for 10.4,
published beside 43.5 for all its pupils (failed before). The published figures of the same
measure set the cohort's plausible range: the children of a youth justice cohort are among the
lowest-scoring pupils, but not far below every published group of them. In the seed report,
Southampton's cohort of 2023 scored 9.9, the same as its pupils with an education, health and
care plan (its lowest group, 9.9).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.table.caselevel.extract import CaseExtract

__all__ = ["FAR_BELOW", "refuse_far_below_published"]

#: How many times below the lowest published group's average a cohort's must lie, beyond
#: chance, to be refused: 4. A score a tenth of itself (a digit dropped, points per slot) is 10
#: times below; the real cohort of the seed report is level with its lowest group. See
#: docs/inputs.md for the measurement on the real LAIT file.
FAR_BELOW = 4.0

#: The measures whose cohort figure is checked (England's and Wales's).
SCORES = ("attainment8", "capped9")
#: The group the extract's cohort figure is given as.
COHORT = "Youth justice cohort"


def refuse_far_below_published(
    own: pd.DataFrame, table: pd.DataFrame, extract: CaseExtract
) -> None:
    """Refuse a cohort's average score far below every published group of pupils.

    For each academic year of a service's cohort with an interval (two scores or more, not all
    the same: a cohort that all scored 0, having sat no exams, is kept), the published groups
    are those of the service's own area and of each nation the table gives (pupil groups and
    ethnic groups, ``status`` published) in that year, or in the nearest year that has any.
    Where the top of the cohort's 95% interval is below the lowest of them divided by
    :data:`FAR_BELOW`, the extract's column is refused, naming the file, the column, the year
    and its first row. Without a published group nothing is compared.

    Parameters
    ----------
    own : pandas.DataFrame
        The figures computed from the extract (conformed).
    table : pandas.DataFrame
        The published figures (conformed), the LAIT file's among them.
    extract : CaseExtract
        The extract they were computed from: its education table and file.

    Raises
    ------
    InputError
        Naming the education table's file, column, year and first row of the year.
    """
    cohorts = own[own["indicator"].isin(SCORES) & own["group"].eq(COHORT) & own["upper"].notna()]
    if cohorts.empty:
        return
    groups = table[
        table["indicator"].isin(SCORES)
        & table["status"].eq("published")
        & table["breakdown"].ne("total")
        & table["value"].notna()
        & (
            (table["area_type"].eq("yjs") & table["area"].eq(extract.yjs))
            | table["area_type"].eq("country")
        )
    ]
    for _, cohort in cohorts.iterrows():
        lowest = _lowest_group(groups[groups["indicator"].eq(cohort["indicator"])], cohort)
        if lowest is None or cohort["upper"] * FAR_BELOW >= lowest["value"]:
            continue
        _refuse(cohort, lowest, extract)


def _lowest_group(groups: pd.DataFrame, cohort: pd.Series) -> pd.Series | None:
    """Return the lowest published group of the cohort's year, or of the nearest year with any."""
    if groups.empty:
        return None
    apart = (groups["period_end"] - cohort["period_end"]).abs()
    nearest = groups[apart.eq(apart.min())]
    return nearest.loc[nearest["value"].astype(float).idxmin()]


def _refuse(cohort: pd.Series, lowest: pd.Series, extract: CaseExtract) -> None:
    """Raise the refusal: the extract's file, sheet, column, year and first row, and the group."""
    score = cohort["indicator"]
    education = extract.education
    year = education[education["academic_year"].eq(cohort["period"]) & education[score].notna()]
    first = int(np.min(year.index)) if len(year) else None
    where = f" (the first in row {first})" if first is not None else ""
    same = lowest["period_end"] == cohort["period_end"]
    when = "that year" if same else f"in {lowest['period']}, the nearest year published"
    sheet = education.attrs.get("sheet")  # a workbook's sheet, as the readers name it
    raise InputError(
        (f"sheet '{sheet}', " if sheet else "")
        + f"column '{score}', {cohort['period']}: the youth justice cohort's "
        f"{cohort['denominator']:,.0f} scores{where} average {cohort['value']:.1f} (at most "
        f"{cohort['upper']:.1f} allowing for chance), more than {FAR_BELOW:g} times below the "
        f"lowest published group of pupils {when} ({lowest['group']} of {lowest['area']}, "
        f"{lowest['value']:.1f}); expected each child's score in points, as the published "
        "figures are (an average grade per subject, or a score with a digit dropped, is a "
        "tenth of it).",
        extract.files.get("education"),
    )
