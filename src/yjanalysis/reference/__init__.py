"""Reference data: the YJS register, name aliases, families and regions.

* The **register** (``data/yjs_register.csv``) lists every YJS in England and Wales that the
  YJB's local level tables have named since 2013-14: its canonical name (as in the YJB
  register), the other names used across releases, its country, YJB region and PCC area, its
  history (the financial years it began or ended in, where it did not exist throughout, and the
  services it took over from: Swansea, Neath Port Talbot and Bridgend from Western Bay in
  2019-20, Cumberland and Westmorland and Furness from Cumbria in 2023-24), and the local
  authorities it covers with their ONS codes (lower-tier districts, so that every vintage of
  the ONS estimates sums to the same footprint, including the unitary authorities created since
  2019) and DfE LA numbers.
* **Families** (``data/families.csv``): the YJB "YJS family" of each service, as far as the
  project ships them, extended or replaced by any families file in the raw data folder.
* **Changes of DfE authorities and ONS districts** (``data/dfe_authority_changes.csv``,
  ``data/ons_district_changes.csv``): those in the register created or abolished since 2019
  (Dorset, Northamptonshire, Cumbria, North Yorkshire, Somerset), with their first and last
  days, so that a figure published by authority can be matched to the service's footprint as
  it stood at the time, and a population file can be checked to hold the whole of a footprint.

DfE statistical neighbours, mapped from authorities to services, and the other comparator groups
computed from the inputs are in :mod:`yjanalysis.methods.similar`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.vocabulary.characters import describe_look_alikes

__all__ = [
    "REGION_NAMES",
    "authorities_on",
    "authority_changes",
    "authority_spans",
    "canonical_area",
    "canonical_name",
    "canonical_names",
    "dfe_to_yjs",
    "families",
    "first_day",
    "footprints",
    "lad_to_yjs",
    "last_day",
    "name_key",
    "names_another_service",
    "packaged_families",
    "refuse_outside_years",
    "refuse_two_spellings",
    "refuse_unknown_service",
    "region_name",
    "register",
    "require_serving",
    "require_yjs",
    "slug",
    "successors",
]

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


#: Characters that are not seen (zero-width space, left-to-right mark, byte order mark): a name
#: pasted from a web page or a document may carry them, and they are no part of it.
_FORMAT = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def shown_name(name: object) -> str:
    r"""Return a name as a message shows it: characters that are not seen written as codes.

    Examples
    --------
    >>> shown_name("South\u200bampton")
    'South\\u200bampton'
    """
    return _FORMAT.sub(lambda m: f"\\u{ord(m.group()):04x}", str(name))


#: A service's name in a sentence, where the register keeps the spelling its sources use: a
#: tenth reader took "Gwynedd Mon" for a misspelling of Gwynedd Môn.
IN_WORDS = {"Gwynedd Mon": "Gwynedd Môn"}


def in_words(yjs: str) -> str:
    """Return a service's name as a sentence gives it (the register's, or its proper spelling).

    Examples
    --------
    >>> in_words("Gwynedd Mon"), in_words("Southampton")
    ('Gwynedd Môn', 'Southampton')
    """
    return IN_WORDS.get(yjs, yjs)


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
    text = _FORMAT.sub("", str(name)).lower().replace("&", " and ")
    text = text.replace("ô", "o").replace("st.", "st ")
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
        ``predecessors`` (the services whose area it took over when it began),
        ``local_authorities``, ``ons_lad_codes``, ``dfe_la_numbers`` (lists) and ``current``
        (whether it exists still).
    """
    with resources.files("yjanalysis.reference").joinpath("data/yjs_register.csv").open() as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    lists = ("aliases", "predecessors", "local_authorities", "ons_lad_codes", "dfe_la_numbers")
    for column in lists:
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


def refuse_two_spellings(
    rows: pd.DataFrame, key: list[str], canonical: str, written: str, path=None
) -> None:
    """Fail where two rows give one service's figure under two spellings of its name.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows indexed by their row number in the file.
    key : list of str
        The columns that identify a figure, with the service's canonical name among them.
    canonical, written : str
        The columns holding the canonical name and the name as written in the file.
    path : str or Path, optional
        The file, for the message.

    Raises
    ------
    InputError
        Naming the two rows and the two spellings.
    """
    repeated = rows.duplicated(key, keep=False)
    if repeated.any():
        first = rows[repeated].iloc[0]
        same = rows[repeated & (rows[key] == first[key]).all(axis=1)]
        spellings = " and ".join(f"'{n}'" for n in dict.fromkeys(same[written]))
        raise InputError(
            f"rows {same.index[0]} and {same.index[1]} both give {first[canonical]} "
            f"({spellings}) for the same figure; expected one row for each service.",
            path,
        )


def slug(name: str) -> str:
    """Return a service's name for folders and files: lower case, words joined by hyphens.

    Examples
    --------
    >>> slug("Stoke-on-Trent")
    'stoke-on-trent'
    >>> slug("St. Helens")
    'st-helens'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


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
    raise InputError(
        f"'{shown_name(name)}' is not a YJS in the register{describe_look_alikes(name)}.{hint}"
    )


def first_day(yjs: str) -> pd.Timestamp | None:
    """Return the day a service began (1 April of its first year), or ``None`` if always there.

    Examples
    --------
    >>> first_day("Cumberland")
    Timestamp('2023-04-01 00:00:00')
    >>> first_day("Southampton") is None
    True
    """
    year = register().loc[yjs, "first_year"]
    return pd.Timestamp(f"{year[:4]}-04-01") if year else None


def last_day(yjs: str) -> pd.Timestamp | None:
    """Return the last day of a service that ended (31 March after its last year), or ``None``.

    Examples
    --------
    >>> last_day("Cumbria")
    Timestamp('2023-03-31 00:00:00')
    >>> last_day("Cumberland") is None
    True
    """
    year = register().loc[yjs, "last_year"]
    return pd.Timestamp(f"{int(year[:4]) + 1}-03-31") if year else None


def successors(yjs: str) -> list[str]:
    """Return the services that took over a service's area when it ended (none if it did not).

    Examples
    --------
    >>> successors("Cumbria")
    ['Cumberland', 'Westmorland and Furness']
    >>> successors("Southampton")
    []
    """
    table = register()
    pairs = zip(table["yjs"], table["predecessors"], strict=True)
    return [after for after, before in pairs if yjs in before]


def _listed_names(names: list[str]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def require_serving(yjs: str, month: str) -> None:
    """Fail if a service did not exist at the end of a report's last month.

    A report for Cumbria to March 2025 would show its figures to 2022 as its latest; the
    services that took over its area have their own reports.

    Parameters
    ----------
    yjs : str
        The service's register name.
    month : str
        The report's last month, ``YYYY-MM``.

    Raises
    ------
    InputError
        Saying when the service began or ended and which services it came from or became.

    Examples
    --------
    >>> require_serving("Cumbria", "2025-03")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: Cumbria YJS ended in March 2023, when Cumberland and ...
    """
    day = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
    began, ended = first_day(yjs), last_day(yjs)
    if ended is not None and day > ended:
        after = successors(yjs)
        took_over = f", when {_listed_names(after)} took over its area" if after else ""
        instead = f", or a report for {' or '.join(after)}" if after else ""
        raise InputError(
            f"{yjs} YJS ended in {ended:%B %Y}{took_over}; expected a report to "
            f"{ended:%B %Y} or earlier{instead}."
        )
    if began is not None and day < began:
        before = register().loc[yjs, "predecessors"]
        served = f" (until then {_listed_names(before)} YJS served its area)" if before else ""
        instead = f", or a report for {' or '.join(before)}" if before else ""
        raise InputError(
            f"{yjs} YJS began in {began:%B %Y}{served}; expected a report to {began:%B %Y} or "
            f"later{instead}."
        )


def refuse_outside_years(
    yjs: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
    label: str,
    where: str,
    path=None,
    what: str = "figure",
) -> None:
    """Fail for a service's figure of a period wholly before it began or after it ended.

    One rule for every input that names a service and a period (the Children table, the
    indicator CSV, inspections): the figure of a service that did not exist (Cumberland in
    2019, Western Bay in 2022) is a mistyped name or date, and kept it would count the
    area's children twice (once with the service that covered it then) or give a report the
    wrong service's figure.

    Parameters
    ----------
    yjs : str
        The service's register name.
    start, end : pandas.Timestamp
        The period's first and last days (one day for a dated event such as an inspection).
    label : str
        The period as the file writes it (``2019-20``, ``29/10/19``).
    where : str
        The start of the sentence: the row and column that hold it.
    path : str or Path, optional
        The file, for the message.
    what : str, optional
        What the row gives (``figure``, ``inspection``).

    Raises
    ------
    InputError
        Saying when the service began or ended and which services covered its area then.

    Examples
    --------
    >>> refuse_outside_years("Cumberland", pd.Timestamp("2019-10-29"),  # doctest: +ELLIPSIS
    ...                      pd.Timestamp("2019-10-29"), "29/10/19", "row 2")
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: row 2: Cumberland began on 1 April 2023, so it has no figure ...
    """
    began, ended = first_day(yjs), last_day(yjs)
    if ended is not None and start > ended:
        after = successors(yjs)
        instead = (
            f"the services that took over its area ({_listed_names(after)})"
            if after
            else "the services that existed then"
        )
        raise InputError(
            f"{where}: {yjs} ended on {ended.day} {ended:%B %Y}, so it has no {what} for "
            f"{label}; expected {instead}.",
            path,
        )
    if began is not None and end < began:
        before = " or ".join(register().loc[yjs, "predecessors"]) or "another"
        raise InputError(
            f"{where}: {yjs} began on {began.day} {began:%B %Y}, so it has no {what} for "
            f"{label}; expected the service that covered it then ({before}).",
            path,
        )


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
def _area_names() -> dict[str, dict[str, str]]:
    table = register()
    names: dict[str, dict[str, str]] = {
        "region": {name_key(r): r for r in table["region"]},
        "pcc": {name_key(p): p for p in table["pcc"]},
        "country": {"england": "England", "wales": "Wales"},
        "england_wales": {"england and wales": "England and Wales"},
        "la": {name_key(a): a for las in table["local_authorities"] for a in las},
    }
    names["region"] |= {name_key(k): v for k, v in REGION_NAMES.items()}
    names["la"] |= {name_key(a): a for a in authority_changes()["authority"]}
    return names


def refuse_unknown_service(name: str, where: str, path=None) -> None:
    """Fail for a name that is no service: a total of services (England, a region), or unknown.

    Parameters
    ----------
    name : str
        The name as written.
    where : str
        The start of the sentence: the row (and column) that holds it.
    path : str or Path, optional
        The file, for the message.

    Raises
    ------
    InputError
        Saying that a total row would be counted twice, or that the name is no YJS.
    """
    kinds = ("country", "region", "england_wales")
    if any(canonical_area(kind, name) for kind in kinds):
        raise InputError(
            f"{where}: '{name}' is a total of services (a region or a country), not a service; "
            "expected one row for each service (remove the total rows: the project pools "
            "services into totals itself).",
            path,
        )
    raise InputError(
        f"{where}: '{shown_name(name)}' is not a YJS in the register"
        f"{describe_look_alikes(name)}; expected a service's name "
        "(add it as an alias in the register or correct it).",
        path,
    )


def canonical_area(area_type: str, name: str) -> str | None:
    """Return an area's name as the indicator table writes it, or ``None`` if it is unknown.

    Services take their register name (any alias or case), a family is named after its
    service, and regions, PCC areas, countries and authorities take the register's spelling.

    Examples
    --------
    >>> canonical_area("yjs", "southampton yot")
    'Southampton'
    >>> canonical_area("family", "SOUTHAMPTON FAMILY")
    'Southampton family'
    >>> canonical_area("region", "east of england")
    'Eastern'
    >>> canonical_area("yjs", "Atlantis") is None
    True
    """
    if area_type == "yjs":
        return canonical_name(name)
    if area_type == "family":
        match = re.fullmatch(r"(.+?)\s+family", str(name).strip(), flags=re.IGNORECASE)
        found = canonical_name(match.group(1)) if match else None
        return f"{found} family" if found else None
    return _area_names().get(area_type, {}).get(name_key(name))


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
        if fam is None or mem is None:
            given = family if fam is None else member
            raise InputError(
                f"the families list names '{given}', which is not a YJS in the register.", path
            )
        out.setdefault(fam, [])
        if mem not in out[fam]:
            out[fam].append(mem)
    return out


def _by(column: str) -> dict[str, str]:
    """Each code of ``column`` to the current service that covers it, else the former one.

    A code no current service covers (Cumbria county's districts, abolished in April 2023) is
    its former service's, so that figures of the years before the change find their service.
    """
    table = register()
    out: dict[str, str] = {}
    for current in (True, False):
        part = table[table["current"] == current]
        for yjs, codes in zip(part["yjs"], part[column], strict=True):
            for code in codes:
                out.setdefault(code, yjs)
    return out


@cache
def _services_of(column: str) -> dict[str, frozenset[str]]:
    """Each code of ``column`` (or, for ``"names"``, each name key) to every service it is of.

    A name is a service's own, any of its aliases, or the name of an authority it covers.
    """
    table = register()
    out: dict[str, set[str]] = {}
    for yjs, row in table.iterrows():
        if column == "names":
            keys = {name_key(n) for n in (yjs, *row["aliases"], *row["local_authorities"])}
        else:
            keys = set(row[column])
        for key in keys:
            out.setdefault(key, set()).add(str(yjs))
    return {k: frozenset(v) for k, v in out.items()}


def names_another_service(code: str, name: str, column: str) -> str | None:
    """Return the service a code is of, where the name beside it is another service's.

    A row whose DfE LA number (``column="dfe_la_numbers"``) or ONS district code
    (``"ons_lad_codes"``) is one service's while its name is another's would put the
    figure under the service the code says, silently: the reader refuses it. A code or
    name the register does not know (a region, a district of a county) says nothing.

    Examples
    --------
    >>> names_another_service("851", "Southampton", "dfe_la_numbers")
    'Portsmouth'
    >>> names_another_service("852", "Southampton", "dfe_la_numbers") is None
    True
    >>> names_another_service("E12000008", "South East", "ons_lad_codes") is None
    True
    """
    by_code = _services_of(column).get(str(code).strip())
    by_name = _services_of("names").get(name_key(name))
    if not by_code or not by_name or by_code & by_name:
        return None
    return sorted(by_code)[0]


@cache
def lad_to_yjs() -> dict[str, str]:
    """Return each ONS district code to the current YJS that covers it (else the former one)."""
    return _by("ons_lad_codes")


@cache
def dfe_to_yjs(former: bool = False) -> dict[str, str]:
    """Return each DfE LA number to the current YJS that covers that authority.

    Parameters
    ----------
    former : bool
        Also map an authority no current service covers to the former service that did
        (Cumbria county to Cumbria), as figures published for it before it ended need.
    """
    found = _by("dfe_la_numbers")
    if former:
        return found
    current = set(register().query("current")["yjs"])
    return {code: yjs for code, yjs in found.items() if yjs in current}


@cache
def authority_changes() -> pd.DataFrame:
    """Return the DfE authorities created or abolished since 2019, indexed by LA number.

    Returns
    -------
    pandas.DataFrame
        ``authority``, ``first_day`` and ``last_day`` (``NaT`` where open-ended), ``change``.
    """
    with (
        resources.files("yjanalysis.reference")
        .joinpath("data/dfe_authority_changes.csv")
        .open() as f
    ):
        frame = pd.read_csv(f, dtype={"la_number": str}, parse_dates=["first_day", "last_day"])
    return frame.set_index("la_number")


@cache
def _district_changes() -> pd.DataFrame:
    with (
        resources.files("yjanalysis.reference")
        .joinpath("data/ons_district_changes.csv")
        .open() as f
    ):
        frame = pd.read_csv(f, dtype=str, parse_dates=["first_day", "last_day"])
    return frame.set_index("code")


@cache
def footprints() -> dict[str, tuple[frozenset[str], ...]]:
    """Return each service's district footprints, one for each set of boundaries.

    A service whose districts were reorganised since 2019 (Cumbria, North Yorkshire, Somerset,
    Northamptonshire) has two: its districts before the change and after it. A population file
    gives a service's population only if the service's districts in it are exactly one of them.

    Examples
    --------
    >>> [sorted(f) for f in footprints()["Northamptonshire"]][1]
    ['E06000061', 'E06000062']
    >>> len(footprints()["Southampton"])
    1
    """
    changes = _district_changes()
    days = sorted({pd.Timestamp("1900-01-01")} | set(changes["first_day"].dropna()))
    out = {}
    table = register()
    for yjs, codes in zip(table["yjs"], table["ons_lad_codes"], strict=True):
        found = []
        for day in days:
            valid = frozenset(
                c
                for c in codes
                if c not in changes.index
                or (
                    (pd.isna(changes.loc[c, "first_day"]) or changes.loc[c, "first_day"] <= day)
                    and (pd.isna(changes.loc[c, "last_day"]) or day <= changes.loc[c, "last_day"])
                )
            )
            if valid and valid not in found:
                found.append(valid)
        out[yjs] = tuple(found)
    return out


@cache
def authority_spans() -> pd.DataFrame:
    """Return each service's DfE authorities with the days they existed.

    Every service of the register, current or former: Cumbria's county council until April
    2023, Cumberland's and Westmorland and Furness's since.

    Returns
    -------
    pandas.DataFrame
        ``yjs``, ``la_number``, ``first_day`` and ``last_day`` (``NaT`` where open-ended: the
        authority existed before 2019 or exists still).
    """
    table = register()
    rows = table[["yjs", "dfe_la_numbers"]].explode("dfe_la_numbers").dropna()
    rows = rows.rename(columns={"dfe_la_numbers": "la_number"}).reset_index(drop=True)
    changes = authority_changes()[["first_day", "last_day"]]
    return rows.join(changes, on="la_number")


def authorities_on(yjs: str, day: pd.Timestamp) -> list[str]:
    """Return the DfE LA numbers of the authorities a service covered on a day.

    Examples
    --------
    >>> authorities_on("Cumbria", pd.Timestamp("2022-12-31"))
    ['909']
    >>> authorities_on("Cumbria", pd.Timestamp("2024-03-31"))
    []
    >>> authorities_on("Northamptonshire", pd.Timestamp("2024-03-31"))
    ['940', '941']
    """
    spans = authority_spans()
    spans = spans[spans["yjs"] == yjs]
    gone = (spans["first_day"] > day) | (spans["last_day"] < day)
    return spans.loc[~gone, "la_number"].tolist()
