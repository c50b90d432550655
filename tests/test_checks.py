"""The readers' shared checks name the rows they refuse, whatever the rows hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks


@pytest.mark.parametrize(
    ("children", "years", "shown", "said"),
    [
        *(
            pytest.param(["C1", "C2", "C1", "C1"], [blank, "2022/23", blank, "2023/24"],
                         {"year": "Year"}, "rows 2 and 4 both hold child_id C1, Year blank",
                         id=f"blank {blank}")
            for blank in (np.nan, None, pd.NA)
        ),
        pytest.param(["C1", "C2", "C2", "C1"], ["2022/23", np.nan, np.nan, "2022/23"], {},
                     "rows 2 and 5 both hold child_id C1, year 2022/23", id="first key repeated"),
    ],
)  # fmt: skip
def test_duplicates_names_the_first_key_repeated_and_its_rows(children, years, shown, said):
    """The first key repeated (C1, not C2 below it) and both its rows, a blank named as such.

    Failed before (a key holding a blank): IndexError, since a blank never equals itself when
    the rows were found.
    """
    frame = pd.DataFrame({"child_id": children, "year": years}, index=pd.RangeIndex(2, 6))
    with pytest.raises(InputError) as caught:
        checks.duplicates(frame, ["child_id", "year"], Path("education.csv"), shown)
    assert str(caught.value) == f"education.csv: {said}; expected one row for each."
