"""A youth justice cohort's school score against the published scores of its area's pupils.

The scale slip itself (every child's Attainment 8 divided by 10) is a case of the malformed
corpus (``extract_attainment8_a_tenth_of_itself``); here, what the rule compares with and what
it keeps.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.methods import stats
from yjanalysis.table.cohort_scores import refuse_far_below_published
from yjanalysis.vocabulary import periods


def _year(label: str) -> dict:
    _, start, end = periods.academic_year(int(label[:4]) + 1)
    return {"period": label, "period_start": start, "period_end": end}


def _cohort(scores: list[float], label: str = "2022/23"):
    """The extract's education table of one year, and the cohort figure the build makes of it."""
    education = pd.DataFrame(
        {"child_id": [f"C{i}" for i in range(len(scores))], "academic_year": label,
         "attainment8": scores},
        index=range(2, 2 + len(scores)),
    )  # fmt: skip
    mean, lower, upper = stats.mean_ci_from_values(scores)
    own = pd.DataFrame(
        [
            _year(label)
            | {"indicator": "attainment8", "area_type": "yjs", "area": "Southampton",
               "breakdown": "pupil_group", "group": "Youth justice cohort", "status": "computed",
               "value": mean, "lower": lower, "upper": upper, "denominator": float(len(scores))}
        ]
    )  # fmt: skip
    extract = SimpleNamespace(
        yjs="Southampton", education=education, files={"education": "education.csv"}
    )
    return own, extract


def _published(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """LAIT's rows: (area, year, group, value); group ``all`` is the total."""
    return pd.DataFrame(
        [
            _year(label)
            | {"indicator": "attainment8", "area": area, "status": "published",
               "area_type": "country" if area == "England" else "yjs",
               "breakdown": "total" if group == "all" else "pupil_group", "group": group,
               "value": value}
            for area, label, group, value in rows
        ]
    )  # fmt: skip


#: Southampton's published groups of 2023 (the seed report): SEN EHCP its lowest, 9.9.
SOUTHAMPTON_2023 = [
    ("Southampton", "2022/23", "all", 42.8),
    ("Southampton", "2022/23", "SEN EHCP", 9.9),
    ("Southampton", "2022/23", "Looked after", 18.2),
    ("England", "2022/23", "SEN EHCP", 14.0),
]


def test_the_seed_reports_cohort_level_with_its_lowest_group_is_kept():
    """The real cohort of 2023 averaged 9.9, as Southampton's pupils with an EHCP did."""
    scores = [0, 3, 5, 7.5, 9, 10, 12, 14.5, 16, 22]
    own, extract = _cohort(scores)
    assert round(own["value"].iloc[0], 1) == 9.9
    refuse_far_below_published(own, _published(SOUTHAMPTON_2023), extract)


def test_the_same_cohort_a_tenth_of_itself_is_refused_naming_the_lowest_group():
    own, extract = _cohort([s / 10 for s in [0, 3, 5, 7.5, 9, 10, 12, 14.5, 16, 22]])
    with pytest.raises(InputError) as caught:
        refuse_far_below_published(own, _published(SOUTHAMPTON_2023), extract)
    message = str(caught.value)
    assert message.startswith("education.csv: column 'attainment8', 2022/23: ")
    assert "10 scores (the first in row 2) average 1.0" in message
    assert "that year (SEN EHCP of Southampton, 9.9)" in message


def test_a_year_not_yet_published_is_held_to_the_nearest_year_published():
    """Failed before: a cohort of 2023/24, a year LAIT does not give yet, was not compared.

    LAIT lags the school year by a year or more, so the extract's latest cohort has no
    published figure of its own year: the nearest year's groups stand for them.
    """
    own, extract = _cohort([1.2, 0.4, 2.0, 0.9, 1.6, 0.7], "2023/24")
    with pytest.raises(InputError, match=r"in 2022/23, the nearest year published \(SEN EHCP"):
        refuse_far_below_published(own, _published(SOUTHAMPTON_2023), extract)


def test_englands_groups_stand_where_the_area_has_none():
    """A service of several authorities has no LAIT row of its own: England's groups count."""
    own, extract = _cohort([1.2, 0.4, 2.0, 0.9, 1.6, 0.7])
    england = _published([("England", "2022/23", "SEN EHCP", 14.0)])
    with pytest.raises(InputError, match=r"SEN EHCP of England, 14.0"):
        refuse_far_below_published(own, england, extract)


def test_a_low_cohort_within_chance_of_the_limit_is_kept():
    """Three children of 0, 0 and 6 average 2.0, under a quarter of 9.9, but by chance alone.

    The top of the cohort's interval is compared, so a small cohort is refused only where
    it is too low to be chance: its interval here reaches far above the limit.
    """
    own, extract = _cohort([0, 0, 6])
    assert own["value"].iloc[0] < 9.9 / 4 < own["upper"].iloc[0]
    refuse_far_below_published(own, _published(SOUTHAMPTON_2023), extract)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # scipy, on scores with no spread
def test_a_cohort_that_scored_nothing_is_kept():
    """Children who sat no exams score 0: no scale can have slipped, and 0 is a real average.

    Scores all the same have no interval, so there is nothing to say they are beyond chance.
    """
    own, extract = _cohort([0, 0, 0, 0])
    assert own["value"].iloc[0] == 0 and np.isnan(own["upper"].iloc[0])
    refuse_far_below_published(own, _published(SOUTHAMPTON_2023), extract)


def test_without_published_groups_nothing_is_compared():
    """The total of all pupils is no group: a cohort is far below it by nature (9.9 to 42.8)."""
    own, extract = _cohort([1.2, 0.4, 2.0, 0.9, 1.6, 0.7])
    refuse_far_below_published(own, _published(SOUTHAMPTON_2023[:1]), extract)
    assert np.isfinite(own["upper"].iloc[0])


def test_a_workbooks_sheet_is_named():
    """Failed before: an extract in one workbook was named without the sheet of its scores."""
    own, extract = _cohort([1.2, 0.4, 2.0, 0.9, 1.6, 0.7])
    extract.files = {"education": "extract.xlsx"}
    extract.education.attrs["sheet"] = "education"
    with pytest.raises(InputError, match=r"^extract.xlsx: sheet 'education', column 'attainment8'"):
        refuse_far_below_published(own, _published(SOUTHAMPTON_2023), extract)
