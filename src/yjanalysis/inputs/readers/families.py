"""YJS families (or any comparator groups) written as a CSV: one row per family member.

Columns ``family`` (the YJS whose family it is) and ``member`` (one of its comparators); an
optional ``source`` says where the list comes from. A file of this shape in ``data/raw/`` adds
families to the packaged ones, or replaces a packaged family with the same name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table

KIND = "yjs_families"
TITLE = "YJS families"
FIELDS = {
    "family": ("family", "family_of", "yjs"),
    "member": ("member", "family_member", "comparator"),
    "source": ("source", "notes"),
}


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like a families file."""
    return bool(keys & set(FIELDS["family"])) and bool(keys & set(FIELDS["member"]))


SCHEMA = pa.DataFrameSchema(
    {
        "family": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected the name of a YJS")
        ),
        "member": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected the name of a YJS")
        ),
        "source": pa.Column(str),
    },
    checks=pa.Check(
        lambda df: df["family"] != df["member"], error="expected a YJS not to be its own member"
    ),
)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return ``family``, ``member`` and ``source`` rows."""
    found = checks.columns(table, path, FIELDS, optional=("source",))
    out = pd.DataFrame(index=table.frame.index)
    for field in FIELDS:
        out[field] = table.frame[found[field]].astype(str).str.strip() if field in found else ""
    shown = {f: found.get(f, f) for f in FIELDS}
    out = checks.validate(SCHEMA, out, path, shown)
    checks.duplicates(out, ["family", "member"], path, shown)
    _refuse_ended_members(out, path, shown["member"])
    return out


def _refuse_ended_members(rows: pd.DataFrame, path: Path, column: str) -> None:
    """Refuse a member that has ended (Cumbria, Western Bay): its comparators are not current.

    A family is what a board compares its service with now; a member that ended gives the family
    figure no value for it in the years since, so the family would shrink without the board
    being told, and the services that took over its area are missing from it. Refused, not
    noted, so that the list is put right once (the packaged families hold no ended service).
    """
    for row, member in rows["member"].items():
        name = reference.canonical_name(member)
        ended = reference.last_day(name) if name else None
        if name is not None and ended is not None:
            after = reference.successors(name)
            listed = " and ".join([", ".join(after[:-1]), after[-1]] if len(after) > 2 else after)
            took = f" ({listed} took over its area)" if after else ""
            raise InputError(
                f"row {row}, column '{column}': {name} ended on {ended.day} {ended:%B %Y}"
                f"{took}; expected services that exist now, since a family is what a board "
                "compares its service with.",
                path,
            )
