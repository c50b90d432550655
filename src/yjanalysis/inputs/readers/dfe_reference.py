"""DfE reference files published beside LAIT: statistical neighbours, LA codes, measure metadata.

* **Statistical neighbours** (``LA num``, ``LA Name``, ``SN1`` … ``SN10`` with a closeness column
  ``SNP`` after each): the DfE's ten most similar local authorities, as DfE LA numbers. The
  project offers them as a second, optional comparator group.
* **LA code list** (``LA Number``, ``LA Name``, ``Region``, ``Type``).
* **LAIT data dictionary** (``Measure_code``, ``Measure_short``, ``Polarity`` …).

The last two are recognised so that the build can say what they are; the build does not need
them (the register holds the DfE LA numbers of each YJS).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table


class StatisticalNeighbours:
    """The DfE statistical neighbours file."""

    KIND = "dfe_statistical_neighbours"
    TITLE = "DfE children's services statistical neighbours"

    @staticmethod
    def recognises(keys: set[str]) -> bool:
        """Say whether columns look like the statistical neighbours file."""
        return {"sn1", "sn10"} <= keys and bool(keys & {"la_num", "la_number"})

    @staticmethod
    def parse(table: Table, path: Path) -> pd.DataFrame:
        """Return one row per LA and neighbour.

        Returns
        -------
        pandas.DataFrame
            ``la_number``, ``la_name``, ``rank`` (1 is closest), ``neighbour`` (an LA number)
            and ``current`` (false for authorities since reorganised).
        """
        frame = table.frame
        found = checks.columns(
            table, path, {"la_number": ("la_num", "la_number"), "la_name": ("la_name",)}
        )
        numbers = frame[found["la_number"]].astype(str).str.strip()
        # A row with no LA number is a section label ("Old SNs:"): what follows are the
        # neighbours of authorities since reorganised, kept for older data.
        label = numbers.eq("")
        old = label.cumsum() > 0
        frame, numbers, old = frame.loc[~label], numbers.loc[~label], old.loc[~label]
        bad = ~numbers.str.fullmatch(r"\d{3}")
        if bad.any():
            row = bad.idxmax()
            raise checks.InputError(
                f"row {row}, column '{found['la_number']}': '{numbers.loc[row]}' is not a DfE "
                "LA number; expected three digits such as 852.",
                path,
            )
        checks.duplicates(pd.DataFrame({"la": numbers}), ["la"], path, {"la": found["la_number"]})
        _numbers_agree(table, frame, numbers, found["la_number"], path)
        checks.code_and_name_agree(
            numbers,
            frame[found["la_name"]].astype(str).str.strip(),
            path,
            (found["la_number"], found["la_name"]),
            "dfe_la_numbers",
        )
        parts = []
        for col in frame.columns:
            key = checks.column_key(col)
            if key.startswith("sn") and key[2:].isdigit():
                # Refused, as a families file's own member is (failed before: Portsmouth as
                # its own neighbour was dropped, and its family lost a member unseen).
                checks.refuse_first(
                    frame[col].astype(str).str.strip().eq(numbers),
                    frame[col],
                    path,
                    col,
                    f"is the row's own LA number (column '{found['la_number']}'); expected "
                    "another authority, since an authority is not its own statistical neighbour",
                )
                parts.append(
                    pd.DataFrame(
                        {
                            "la_number": numbers,
                            "la_name": frame[found["la_name"]].astype(str).str.strip(),
                            "rank": int(key[2:]),
                            "neighbour": frame[col].astype(str).str.strip(),
                            "current": ~old,
                        }
                    )
                )
        out = pd.concat(parts)
        return out[out["neighbour"].str.fullmatch(r"\d{3}")].sort_values(["la_number", "rank"])


def _numbers_agree(
    table: Table, frame: pd.DataFrame, numbers: pd.Series, column: str, path: Path
) -> None:
    """Fail where the file's second LA number column (``LA number`` beside ``LA num``) differs.

    The file as published carries each authority's number twice; a row whose two numbers
    differ has been edited, and which of them is the authority's cannot be told.
    """
    others = [
        c
        for c in table.frame.columns
        if checks.column_key(c) in ("la_num", "la_number") and c != column
    ]
    for other in others:
        second = frame[other].astype(str).str.strip().str.replace(r"\.0+$", "", regex=True)
        checks.refuse_first(
            second.ne(numbers) & second.ne(""),
            second,
            path,
            other,
            f"differs from the LA number in column '{column}' of the same row; expected one "
            "authority's number in both",
        )


class LACodes:
    """The DfE list of LA numbers."""

    KIND = "dfe_la_codes"
    TITLE = "DfE local authority code list"

    @staticmethod
    def recognises(keys: set[str]) -> bool:
        """Say whether columns look like the DfE LA code list."""
        return {"la_number", "la_name", "type"} <= keys and "short_desc" not in keys

    @staticmethod
    def parse(table: Table, path: Path) -> pd.DataFrame:
        """Return ``la_number``, ``la_name``, ``region``, ``type``."""
        found = checks.columns(
            table,
            path,
            {
                "la_number": ("la_number",),
                "la_name": ("la_name",),
                "region": ("region",),
                "type": ("type",),
            },
            optional=("region",),
        )
        return pd.DataFrame({f: table.frame[c].astype(str).str.strip() for f, c in found.items()})


class LAITDictionary:
    """The LAIT data dictionary (measure metadata)."""

    KIND = "lait_data_dictionary"
    TITLE = "DfE LAIT data dictionary"

    @staticmethod
    def recognises(keys: set[str]) -> bool:
        """Say whether columns look like the LAIT data dictionary."""
        return {"measure_short", "polarity"} <= keys

    @staticmethod
    def parse(table: Table, path: Path) -> pd.DataFrame:
        """Return the dictionary with comparable column names."""
        frame = table.frame.copy()
        frame.columns = [checks.column_key(c) for c in frame.columns]
        return frame
