"""The readers' shared checks name the rows they refuse, whatever the rows hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks


@pytest.mark.parametrize("blank", [np.nan, None, pd.NA])
def test_duplicates_names_the_rows_of_a_key_holding_a_blank(blank):
    """Failed before: IndexError, since a blank never equals itself when the rows were found."""
    frame = pd.DataFrame(
        {"child_id": ["C1", "C2", "C1", "C1"], "year": [blank, "2022/23", blank, "2023/24"]},
        index=pd.RangeIndex(2, 6),
    )
    with pytest.raises(InputError) as caught:
        checks.duplicates(frame, ["child_id", "year"], Path("education.csv"), {"year": "Year"})
    assert str(caught.value) == (
        "education.csv: rows 2 and 4 both hold child_id C1, Year blank; expected one row for each."
    )


def test_duplicates_names_the_second_row_of_the_first_key_repeated():
    frame = pd.DataFrame(
        {"child_id": ["C1", "C2", "C2", "C1"], "year": ["2022/23", np.nan, np.nan, "2022/23"]},
        index=pd.RangeIndex(2, 6),
    )
    with pytest.raises(InputError, match="rows 2 and 5 both hold child_id C1, year 2022/23;"):
        checks.duplicates(frame, ["child_id", "year"], Path("education.csv"), {})
