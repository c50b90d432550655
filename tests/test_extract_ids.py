"""Ids of a case-level extract that read as one but are two: look-alike characters."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers.case_extract import _one_script


def _ids(*values: str) -> pd.Series:
    return pd.Series(values, index=range(2, 2 + len(values)), dtype="string")


@pytest.mark.parametrize(
    ("odd", "named"),
    [
        ("\u04213", "U+0421 (cyrillic capital letter es)"),  # Cyrillic Es for C
        ("C\uff13", "U+FF13 (fullwidth digit three)"),
        ("C\u2010 3", "U+2010 (hyphen)"),
    ],
)
def test_an_id_with_a_look_alike_character_is_refused(odd, named):
    """``С3`` beside ``C3`` counted one child as two (failed before, from the ninth adversary)."""
    with pytest.raises(InputError) as caught:
        _one_script(_ids("C1", "C2", "C3", odd), Path("children.csv"), "child_id")
    assert "row 5, column 'child_id': '" in str(caught.value)
    assert named in str(caught.value)


def test_ids_of_one_script_are_read_whatever_the_script():
    """The rule is the column's own script: ids all in Cyrillic, or all digits, are read."""
    _one_script(_ids("\u04211", "\u04212", "\u0421\u04353"), Path("c.csv"), "child_id")
    _one_script(_ids("1001", "1002", "1003A"), Path("c.csv"), "child_id")
    _one_script(_ids("Zo\u00eb-1", "C2"), Path("c.csv"), "child_id")  # Latin with an accent
