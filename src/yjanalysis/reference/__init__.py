"""Reference data: the YJS register, name aliases, families and regions.

* The **register** (``data/yjs_register.csv``) lists every YJS in England and Wales that the
  YJB's local level tables have named since 2013-14: its canonical name (as in the YJB
  register), the other names used across releases, its country, YJB region and PCC area, the
  years it existed where it did not exist throughout, and the local authorities it covers with
  their ONS codes (lower-tier districts, so that every vintage of the ONS estimates sums to the
  same footprint, including the unitary authorities created since 2019) and DfE LA numbers.
* **Families** (``data/families.csv``): the YJB "YJS family" of each service, as far as the
  project ships them, extended or replaced by any families file in the raw data folder.

DfE statistical neighbours, mapped from authorities to services, and the other comparator groups
computed from the inputs are in :mod:`yjanalysis.similar`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

from yjanalysis.errors import InputError

#: LAIT and ONS region names, to the YJB's region names used in the register.
REGION_NAMES = {
    "north east": "North East",
    "north west": "North West",
    "yorkshire and the humber": "Yorkshire",
    "yorkshire": "Yorkshire",
    "east midlands": "East Midlands",
    "west midlands": "West Midlands",
    "east of england": "Eastern",
    "eastern": "Eastern",
    "east": "Eastern",
    "london": "London",
    "south east": "South East",
    "south west": "South West",
    "wales": "Wales",
}

_SUFFIXES = re.compile(
    r"\b(youth offending (team|service)|youth justice (service|team)|yots?|yjs|yos|"
    r"combined)\b"
)


def name_key(name: object) -> str:
    """Return the comparable form of a YJS or authority name.

    Case, punctuation, ``&``/``and``, hyphens, ``St.``/``St`` and suffixes such as ``YOT``,
    ``YJS`` or ``Youth Justice Service`` are ignored.

    Examples
    --------
    >>> name_key("Newcastle-upon-Tyne YOT")
    'newcastle upon tyne'
    >>> name_key("St. Helens") == name_key("St Helens")
    True
    >>> name_key("Brighton & Hove Youth Justice Service")
    'brighton and hove'
    """
    text = str(name).lower().replace("&", " and ").replace("ô", "o").replace("st.", "st ")
    text = _SUFFIXES.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _split(text: object) -> list[str]:
    return [p for p in str(text).split(";") if p] if isinstance(text, str) else []


@cache
def register() -> pd.DataFrame:
    """Return the YJS register, one row per YJS, indexed by canonical name.

    Returns
    -------
    pandas.DataFrame
        ``yjs``, ``aliases`` (list), ``country``, ``region``, ``pcc``, ``first_year`` and
        ``last_year`` (financial years, empty where the YJS existed throughout),
        ``local_authorities``, ``ons_lad_codes``, ``dfe_la_numbers`` (lists) and ``current``
        (whether it exists in the latest release).
    """
    with resources.files("yjanalysis.reference").joinpath("data/yjs_register.csv").open() as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    for column in ("aliases", "local_authorities", "ons_lad_codes", "dfe_la_numbers"):
        frame[column] = frame[column].map(_split)
    frame["current"] = frame["last_year"].eq("")
    return frame.set_index("yjs", drop=False)


@cache
def _lookup() -> dict[str, str]:
    table = register()
    names: dict[str, str] = {}
    for yjs, aliases in zip(table["yjs"], table["aliases"], strict=True):
        for name in (yjs, *aliases):
            names.setdefault(name_key(name), yjs)
    return names


def canonical_name(name: str) -> str | None:
    """Return the register's name for a YJS written any way it has been, or ``None``.

    Examples
    --------
    >>> canonical_name("Gwynedd and Ynys Mon")
    'Gwynedd Mon'
    >>> canonical_name("Cornwall and Isles of Scilly")
    'Cornwall'
    >>> canonical_name("Atlantis") is None
    True
    """
    return _lookup().get(name_key(name))


def canonical_names(names: pd.Series) -> pd.Series:
    """Return the register's names for a column of YJS names (missing where unknown)."""
    lookup = _lookup()
    unique = pd.Series(names.unique())
    mapped = dict(zip(unique, unique.map(lambda n: lookup.get(name_key(n))), strict=True))
    return names.map(mapped).astype("string")


def require_yjs(name: str) -> str:
    """Return the canonical name of a YJS, or fail with a sentence listing close names.

    Raises
    ------
    InputError
        If the name is not a YJS of the register.
    """
    found = canonical_name(name)
    if found:
        return found
    import difflib

    close = difflib.get_close_matches(name, list(register()["yjs"]), n=3)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise InputError(f"'{name}' is not a YJS in the register.{hint}")


def region_name(name: str) -> str | None:
    """Return the YJB region name for a LAIT or ONS region name, or ``None``.

    Examples
    --------
    >>> region_name("Yorkshire and The Humber")
    'Yorkshire'
    >>> region_name("East of England")
    'Eastern'
    """
    return REGION_NAMES.get(str(name).strip().lower())


@cache
def packaged_families() -> pd.DataFrame:
    """Return the families shipped with the project (``family``, ``member``, ``source``)."""
    with resources.files("yjanalysis.reference").joinpath("data/families.csv").open() as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def families(extra: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Return each YJS's family: the packaged families, with ``extra`` added or replacing.

    Parameters
    ----------
    extra : pandas.DataFrame, optional
        Rows read from a families file (``family``, ``member``); a family named there
        replaces the packaged family of the same YJS.

    Returns
    -------
    dict
        Canonical YJS name to the canonical names of its members.

    Raises
    ------
    InputError
        If a family or member is not a YJS of the register.
    """
    rows = packaged_families()
    if extra is not None and len(extra):
        named = canonical_names(extra["family"])
        rows = pd.concat([rows[~rows["family"].isin(set(named.dropna()))], extra])
    out: dict[str, list[str]] = {}
    path = extra.attrs.get("path") if extra is not None else None
    for family, member in zip(rows["family"], rows["member"], strict=True):
        fam, mem = canonical_name(family), canonical_name(member)
        for given, found in ((family, fam), (member, mem)):
            if found is None:
                raise InputError(
                    f"the families list names '{given}', which is not a YJS in the register.",
                    path,
                )
        out.setdefault(fam, [])
        if mem not in out[fam]:
            out[fam].append(mem)
    return out


def _current_by(column: str) -> dict[str, str]:
    table = register()
    current = table[table["current"]]
    return {
        code: yjs
        for yjs, codes in zip(current["yjs"], current[column], strict=True)
        for code in codes
    }


@cache
def lad_to_yjs() -> dict[str, str]:
    """Return each ONS local authority district code to the current YJS that covers it."""
    return _current_by("ons_lad_codes")


@cache
def dfe_to_yjs() -> dict[str, str]:
    """Return each DfE LA number to the current YJS that covers that authority."""
    return _current_by("dfe_la_numbers")
