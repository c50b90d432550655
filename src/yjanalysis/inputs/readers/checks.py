"""Shared checks for the readers, each failing with one sentence that names file, column and row.

Readers turn text cells into numbers with :func:`counts` and :func:`numbers` (which know the
suppression and missing-value marks of UK official statistics), find their columns with
:func:`columns`, and validate what they return with a pandera schema through :func:`validate`,
which turns pandera's report into the project's one-sentence :class:`InputError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers.files import Table, column_key
from yjanalysis.vocabulary import groups
from yjanalysis.vocabulary.catalogue import shares_of_a_whole
from yjanalysis.vocabulary.characters import describe_character, hidden_characters

if TYPE_CHECKING:  # pandera (about half a second) is imported by the readers that validate
    import pandera.pandas as pa

#: Marks that stand for a suppressed or missing value in UK official statistics (GSS guidance
#: and its older variants): confidential, not available, not applicable, low reliability, nil.
MISSING_MARKS = frozenset(
    {"*", "**", "..", ".", "-", "–", "—", "~", ":", "x", "c", "z", "u", "low", "n/a", "na"}
    | {f"[{m}]" for m in ("c", "x", "z", "u", "low", "k", "w", "d")}
)
MARKS_SHOWN = "*, .., [c], [x], [z], -, ~"


def columns(
    table: Table, path: Path, wanted: Mapping[str, Sequence[str]], optional: Sequence[str] = ()
) -> dict[str, str]:
    """Find the file's column for each wanted field, by any of its accepted names.

    Parameters
    ----------
    table : Table
        The table read from the file.
    path : Path
        The file, for messages.
    wanted : mapping
        For each field, the comparable names it may go by (see
        :func:`~yjanalysis.inputs.readers.files.column_key`); the first is the name shown in
        messages.
    optional : sequence of str
        Fields that may be absent.

    Returns
    -------
    dict
        Field to the column name as written in the file, for the fields present.

    Raises
    ------
    InputError
        If a column is missing or written twice, or a cell of a column found holds a character
        that shows nothing or hides text (:func:`visible`).
    """
    by_key: dict[str, str] = {}
    for col in table.frame.columns:
        by_key.setdefault(column_key(col), col)
    found: dict[str, str] = {}
    for field, names in wanted.items():
        hit = next((by_key[n] for n in names if n in by_key), None)
        if hit is not None:
            single(table, path, [hit])
            visible(table, path, hit)
            found[field] = hit
        elif field not in optional:
            shown = ", ".join(repr(str(c)) for c in table.frame.columns[:12])
            raise InputError(
                f"is missing the column '{names[0]}'{table.where()}; "
                f"the columns found were {shown}.",
                path,
            )
    return found


def single(table: Table, path: Path, names: Sequence[str]) -> None:
    """Fail if a column the reader uses is written twice (or twice under names read as one).

    Parameters
    ----------
    table : Table
        The table read from the file.
    path : Path
        The file, for messages.
    names : sequence of str
        Columns of the file that the reader takes values from.
    """
    keys = [column_key(c) for c in table.frame.columns]
    for name in names:
        if keys.count(column_key(name)) > 1:
            raise InputError(
                f"has two columns named '{name}'{table.where()}; expected each column once, "
                "so that no figure is taken from the wrong one.",
                path,
            )


def visible(table: Table, path: Path, column: str) -> None:
    """Fail if a cell of ``column`` holds a character that shows nothing or hides text.

    ``Boys`` followed by a zero width space reads as ``Boys`` but is another value: kept, it
    made a group of its own, silently moving the shares of the real one (and a direction mark
    or a soft hyphen does the same to an area's name or a year). The rule is the commentary's,
    :func:`~yjanalysis.vocabulary.characters.hidden_characters`; stripping the character would
    guess what the cell was meant to say. Each distinct value is looked at once, and only one
    holding a character outside printable ASCII is looked at closely, so a million-row extract
    costs a fraction of a second.

    Parameters
    ----------
    table : Table
        The table read from the file.
    path : Path
        The file, for messages.
    column : str
        A column the reader takes values from, as written in the file.
    """
    series = table.frame[column]
    codes, values = distinct(series)
    for number, value in enumerate(values):
        if not isinstance(value, str) or (value.isascii() and value.isprintable()):
            continue
        hidden = list(hidden_characters(value))
        if not hidden:
            continue
        row = series.index[int(np.argmax(codes == number))]
        shown = "".join(f"<U+{ord(c):04X}>" if at in hidden else c for at, c in enumerate(value))
        raise InputError(
            f"row {row}, column '{column}'{table.where()}: '{shown}' holds the invisible "
            f"character {describe_character(value[hidden[0]])}, which shows nothing but makes "
            "the cell another value than the one it reads as; expected the text without it "
            "(retype the cell, or copy it from the published file again).",
            path,
        )


def one_each(table: Table, path: Path, columns: Sequence[str], keys: Sequence, what: str) -> None:
    """Fail if two columns of a wide table stand for the same year or age.

    Parameters
    ----------
    table : Table
        The table read from the file.
    path : Path
        The file, for messages.
    columns : sequence of str
        The wide columns, as written in the file.
    keys : sequence
        What each column stands for (its year or age), in the same order.
    what : str
        How the message names a key: ``"age"`` gives "two columns for age 10".
    """
    single(table, path, columns)
    twice = sorted({k for k in keys if list(keys).count(k) > 1})
    if twice:
        both = " and ".join(f"'{c}'" for c, k in zip(columns, keys, strict=True) if k == twice[0])
        raise InputError(
            f"has two columns for {what}{twice[0]} ({both}){table.where()}; expected one.", path
        )


#: A number written with thousands separators: 1,234 or 12,345,678.9 (and no other commas).
#: Its first group does not begin with 0: "0,245" is a decimal comma, never 245.
THOUSANDS = r"^[-+(]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?\)?$"


def refuse_first(bad: pd.Series, series: pd.Series, path: Path, column: str, says: str) -> None:
    """Fail on the first row where ``bad`` holds, with ``row R, column 'C': 'V' <says>``.

    Parameters
    ----------
    bad : pandas.Series
        True where a value is wrong (missing counts as not wrong); indexed by file row.
    series : pandas.Series
        The values as written in the file.
    path : Path
        The file, for messages.
    column : str
        The column's name in the file.
    says : str
        The rest of the sentence: what is wrong and what was expected.
    """
    bad = bad.fillna(False).astype(bool)
    if bad.any():
        row = bad.idxmax()
        raise InputError(f"row {row}, column '{column}': '{series.loc[row]}' {says}.", path)


def _parse(series: pd.Series, path: Path, column: str, whole: bool) -> tuple[pd.Series, pd.Series]:
    text = series.astype("string").str.strip()
    lowered = text.str.lower()
    marked = lowered.isin(MISSING_MARKS) | text.eq("")
    # A comma is only a thousands separator where it separates groups of three digits:
    # "2,5" may be a decimal comma (2.5) or a mistyped 25, so it is refused, not guessed.
    comma = text.str.contains(",", regex=False).fillna(False) & ~marked
    refuse_first(
        comma & ~text.str.match(THOUSANDS).fillna(False),
        series,
        path,
        column,
        "has a comma that does not separate thousands; expected a number such as 1,234, with a "
        "decimal point (2.5), not a decimal comma (2,5), which may also be a mistyped 25",
    )
    cleaned = text.str.replace(",", "", regex=False).str.replace("\u00a0", "", regex=False)
    cleaned = cleaned.str.replace(r"^\((-?[\d.]+)\)$", r"-\1", regex=True)
    values = pd.to_numeric(cleaned.where(~marked), errors="coerce")
    kind = "a whole number" if whole else "a number"
    refuse_first(
        (values.isna() | ~np.isfinite(values.astype(float))) & ~marked,
        series,
        path,
        column,
        f"is not {kind} or a suppression mark ({MARKS_SHOWN})",
    )
    if whole:
        refuse_first(
            values.notna() & (values != values.round()),
            series,
            path,
            column,
            "is not a whole number; expected a count",
        )
        values = values.round().astype("Int64")
    else:
        values = values.astype("Float64")
    marks = text.where(marked & text.ne(""), pd.NA).astype("string")
    return values, marks


#: Dates as users and spreadsheets write them: 2023-04-01 (with a midnight time, as a spreadsheet
#: cell gives it) or 01/04/2023 (day first, as in the UK).
ISO_DATE = r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?"
DAY_FIRST = r"\d{1,2}/\d{1,2}/\d{4}"


def dates(series: pd.Series, path: Path, column: str, day_first: bool = True) -> pd.Series:
    """Parse dates written ``2023-04-01`` or (if ``day_first``) ``01/04/2023``; blanks are ``NaT``.

    Nothing is cut or guessed: ``2018-09-2599`` is refused, not read as 25 September 2018.

    Examples
    --------
    >>> found = dates(pd.Series(["2023-04-01", "1/4/2023", "", "2023-04-01 00:00"]), Path("f"), "d")
    >>> found.dt.strftime("%d %b %Y").fillna("blank").tolist()
    ['01 Apr 2023', '01 Apr 2023', 'blank', '01 Apr 2023']
    """
    text = series.astype("string").str.strip().fillna("")
    blank = text.eq("")
    # Each distinct date is parsed once: an extract repeats a few thousand days a million times.
    codes, written = pd.factorize(text)
    distinct = pd.Series(written, dtype="string")
    parsed = pd.to_datetime(distinct, format="%Y-%m-%d", errors="coerce")
    rest = parsed.isna() & distinct.ne("")
    if rest.any():
        other = distinct[rest]
        found = pd.to_datetime(
            other.str.extract(f"^{ISO_DATE}$")[0], format="%Y-%m-%d", errors="coerce"
        )
        if day_first:
            slashed = found.isna() & other.str.fullmatch(DAY_FIRST).fillna(False)
            found[slashed] = pd.to_datetime(other[slashed], format="%d/%m/%Y", errors="coerce")
        parsed[rest] = found
    parsed = pd.Series(parsed.to_numpy()[codes], index=text.index)
    forms = "2023-04-01 or 01/04/2023" if day_first else "2023-04-01"
    refuse_first(
        parsed.isna() & ~blank,
        series,
        path,
        column,
        f"is not a date; expected a date such as {forms}",
    )
    return parsed.rename(series.name)


def counts(series: pd.Series, path: Path, column: str) -> tuple[pd.Series, pd.Series]:
    """Parse counts (``"1,234"`` and suppression marks allowed).

    Parameters
    ----------
    series : pandas.Series
        Text cells; the index holds the file's row numbers.
    path : Path
        The file, for messages.
    column : str
        The column's name in the file, for messages.

    Returns
    -------
    tuple of pandas.Series
        The counts (``Int64``, missing where marked) and the marks found (``string``).
    """
    return _parse(series, path, column, whole=True)


def numbers(series: pd.Series, path: Path, column: str) -> tuple[pd.Series, pd.Series]:
    """Parse decimal numbers (thousands separators and suppression marks allowed).

    Returns
    -------
    tuple of pandas.Series
        The values (``Float64``) and the marks found (``string``).
    """
    return _parse(series, path, column, whole=False)


def numbers_by_column(frame: pd.DataFrame, path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Parse many columns of decimal numbers at once (the ages or years of a wide table).

    The columns are parsed as one long series, which is many times faster than one by one for
    a table of 91 age columns; only if something is wrong are they parsed one by one, so that
    the message names the column.

    Returns
    -------
    pandas.DataFrame
        The columns as ``Float64``, missing where marked.
    """
    block = frame[list(columns)]
    stacked = pd.Series(block.to_numpy().ravel(order="F"), dtype="string")
    try:
        values, _ = numbers(stacked, path, "")
    except InputError:
        for column in columns:
            numbers(frame[column], path, column)
        raise
    shaped = values.to_numpy().reshape(len(block), len(block.columns), order="F")
    return pd.DataFrame(
        {c: pd.array(shaped[:, i], dtype="Float64") for i, c in enumerate(columns)},
        index=frame.index,
    )


def duplicates(frame: pd.DataFrame, keys: Sequence[str], path: Path, shown: Mapping[str, str]):
    """Fail if two rows share the same key.

    Parameters
    ----------
    frame : pandas.DataFrame
        Parsed rows, indexed by row number in the file.
    keys : sequence of str
        The columns that identify a row.
    path : Path
        The file, for messages.
    shown : mapping
        Column to the name it has in the file.
    """
    if len(keys) == 1 and frame[keys[0]].is_unique:  # the usual case, found by hashing
        return
    if len(keys) > 1 and _unique_together(frame, keys):  # the same, on each column's codes
        return
    repeated = frame.duplicated(list(keys), keep=False)
    if repeated.any():
        first = frame.loc[repeated].iloc[0]
        key = ", ".join(
            f"{shown.get(k, k)} {'blank' if _blank(first[k]) else first[k]}" for k in keys
        )
        same = repeated.copy()
        for k in keys:  # a blank equals a blank, as duplicated has it (== would never match)
            column = frame[k]
            same &= column.isna() if _blank(first[k]) else column.eq(first[k]).fillna(False)
        later = frame.index[same]
        raise InputError(
            f"rows {later[0]} and {later[1]} both hold {key}; expected one row for each.", path
        )


def _blank(value) -> bool:
    """Say whether one cell's value is missing (``NaN``, ``None``, ``NaT``, ``pd.NA``)."""
    return bool(pd.isna(value))


def _unique_together(frame: pd.DataFrame, keys: Sequence[str]) -> bool:
    """Say whether no two rows share their values of ``keys`` (missing values equal).

    Missing values are equal to each other, as :meth:`pandas.DataFrame.duplicated` has them.
    Each column is encoded as numbers once (:func:`distinct`) and the numbers of a row made one
    integer, which is hashed many times faster than the row's text: a child and school year
    over a million rows.
    """
    combined = np.zeros(len(frame), dtype=np.int64)
    room = 1
    for key in keys:
        codes, values = distinct(frame[key])
        room *= len(values) + 1
        if room >= 2**62:  # too many combinations for one integer: let pandas compare rows
            return False
        combined = combined * (len(values) + 1) + (codes + 1)
    return bool(pd.Index(combined).is_unique)


#: Labels tables give the whole of a breakdown (every group together), in comparable form.
TOTAL_LABELS = frozenset(
    {"all", "total", "totals", "grand total", "all ages", "all groups", "all ethnic groups",
     "all ethnicities", "persons", "all persons", "both", "both sexes", "all sexes",
     "all children"}
)  # fmt: skip


def no_subtotals(
    groups: pd.Series, path: Path, column: str, what: str, total: pd.Series | None = None
) -> None:
    """Fail on the first row whose group is the total of the column's other groups.

    A total row beside the groups it adds up (``Sex`` "All" beside Boys and Girls, an age
    group "10 to 17" beside 10 to 14 and 15 to 17) would be counted as a group of its own:
    every rate doubled, a group "All" at 50%. A column holding only the total is not a
    breakdown and is left alone.

    Parameters
    ----------
    groups : pandas.Series
        The groups as written, indexed by file row (blank where the row is of no group).
    path : Path
        The file, for messages.
    column : str
        The column's name in the file.
    what : str
        How the message names one group: ``"age group"``.
    total : pandas.Series of bool, optional
        Rows known to be totals besides those labelled as one (an age band of every age).
    """
    text = groups.astype("string").str.strip().fillna("")
    plural = "sexes" if what == "sex" else f"{what}s"
    article = "an" if what[0] in "aeiou" else "a"
    is_total = text.str.casefold().isin(TOTAL_LABELS)
    if total is not None:
        is_total = is_total | total.fillna(False).astype(bool)
    if is_total.any() and (~is_total & text.ne("")).any():
        row = is_total.idxmax()
        raise InputError(
            f"row {row}, column '{column}': '{text[row]}' is a total of the {plural}, not "
            f"{article} {what}; expected one row for each {what} (remove the total rows: the "
            "project adds the groups up itself).",
            path,
        )


def published_groups(
    values: pd.Series, path: Path, column: str, breakdown: str, what: str
) -> pd.Series:
    """Return each cell as the published group it is, failing on one that is none.

    A group cell with no fixed list became a group of its own whatever it held (``Bоys`` with
    a Cyrillic о, a formula ``=HYPERLINK(…,"White")``), read as the real group on a page and
    moving its shares. Letter case and spaces are matched loosely, nothing else
    (:func:`~yjanalysis.vocabulary.groups.match`). A column holding only a total label is no
    breakdown (see :func:`no_subtotals`): its cells are ``All``.

    Parameters
    ----------
    values : pandas.Series
        The groups as written, indexed by file row.
    path : Path
        The file, for messages.
    column : str
        The column's name in the file.
    breakdown : str
        The breakdown whose groups the column holds (a key of
        :data:`~yjanalysis.vocabulary.groups.GROUPS`).
    what : str
        How the message names one group: ``"ethnic group"``.
    """
    text = values.astype("string").fillna("")
    if text.str.strip().str.casefold().isin(TOTAL_LABELS).all():
        return pd.Series("All", index=values.index, dtype="object")
    mapping = {v: groups.match(v, breakdown) for v in text.unique()}
    matched = text.map(mapping)
    if matched.isna().any():
        row = matched.isna().idxmax()
        expected = ", ".join(groups.GROUPS[breakdown])
        article = "an" if what[0] in "aeiou" else "a"
        raise InputError(
            f"row {row}, column '{column}': '{groups.shown(str(text[row]))}' is not {article} "
            f"{what} of the published tables; expected one of {expected} (letter case and spaces "
            "aside), typed with no other character.",
            path,
        )
    return matched.astype("object")


def groups_within_total(rows: pd.DataFrame, path: Path, shown: Mapping[str, str]) -> None:
    """Fail on the first figure whose groups' counts add up to more than their total.

    The groups of a share of a whole (the 10 to 17 population by ethnic group, children
    sentenced to custody by age group) divide one total, each row's ``denominator``: a Black
    count typed 6,596 of Southampton's 19,891 made the shares add up to 130% and gave "Ethnic
    minority 49%". Groups may add up to less (children whose group is unknown). Suppressed
    counts are left out of the sum, which can then only be smaller.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of the indicator table, indexed by file row.
    path : Path
        The file, for messages.
    shown : Mapping[str, str]
        Each column's name as written in the file.
    """
    for key, part in _figures(rows, every_group=False):
        added = part["numerator"].sum()
        if added > key[-1]:
            raise _unlike_their_total(
                key, part, added, "more than", "groups that add up to at most their total "
                "(is a count mistyped?)", path, shown,
            )  # fmt: skip


#: What makes one figure of a share of a whole: its groups' rows share one total (each row's
#: ``denominator``).
FIGURE = ["area_type", "area", "indicator", "period", "breakdown", "denominator"]


def _figures(rows: pd.DataFrame, every_group: bool) -> Iterator[tuple[tuple, pd.DataFrame]]:
    """Yield each figure of a share of a whole given by groups: its :data:`FIGURE`, its rows.

    With ``every_group``, the figures of a breakdown of a fixed list
    (:data:`~yjanalysis.vocabulary.groups.GROUPS`) with all their rows, a suppressed count's
    among them; otherwise those of every breakdown but the total, suppressed counts left out.
    A row with no total is of no figure.
    """
    keep = rows["indicator"].isin(shares_of_a_whole()) & rows["denominator"].notna()
    if every_group:
        keep &= rows["breakdown"].isin(list(groups.GROUPS))
    else:
        keep &= rows["breakdown"].ne("total") & rows["numerator"].notna()
    yield from rows[keep].groupby(FIGURE, sort=False, dropna=False)


def _unlike_their_total(
    key: tuple,
    part: pd.DataFrame,
    added: float,
    against: str,
    expected: str,
    path: Path,
    shown: Mapping[str, str],
) -> InputError:
    """Return the error of a figure whose groups add up to ``added``, ``against`` its total."""
    return InputError(
        f"rows {', '.join(str(r) for r in part.index)} ({key[1]}, {key[2]}, {key[3]}, by "
        f"{key[4]}), column '{shown['numerator']}': the groups add up to {added:,.0f}, "
        f"{against} their total {float(key[-1]):,.0f} in column '{shown['denominator']}'; "
        f"expected {expected}.",
        path,
    )


#: Indicators whose every counted child is in one of the breakdown's groups, none unknown: the
#: Census records an ethnic group for every resident, so its groups add up to its total.
EVERY_ONE_IN_A_GROUP = ("population_share_10_17",)
#: How far short of their total a complete list of groups may add up (Census counts perturbed
#: or rounded by their publisher, a child's group changed between counts): 1%.
SHORT_BY_ROUNDING = 0.01
#: The least part of their total the known groups (every group of the list but ``Unknown``) may
#: add up to where the unknown are not given: 40%. In the real YJB Children table (2013-14 to
#: 2019-20, 1,066 service-years) children of unknown ethnic group are at most 50.7% of a
#: service's year (North East Lincolnshire, 2013-14, 74 of 146), so the known add up to at
#: least 49.3%; of unknown sex at most 4.9%.
LEAST_KNOWN = 0.4


def groups_make_their_total(rows: pd.DataFrame, path: Path, shown: Mapping[str, str]) -> None:
    """Fail on the first figure whose complete list of groups adds up to far less than its total.

    The converse of :func:`groups_within_total`. Where a figure's rows give every group of a
    fixed list (:data:`~yjanalysis.vocabulary.groups.GROUPS`), none suppressed, the groups are
    all of the total: a White count keyed 1,613 for 16,130 of Southampton's 19,891 made the
    groups add up to 27% of it and the page said White children were 8.1% of its children.
    With ``Unknown`` given, or for an indicator that has no unknown
    (:data:`EVERY_ONE_IN_A_GROUP`), the groups add up to the total less
    :data:`SHORT_BY_ROUNDING`; otherwise the unknown may be missing from them, and the known
    groups add up to at least :data:`LEAST_KNOWN` of it. A figure with a suppressed count or a
    group left out is not checked: its groups can add up to any amount less.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of the indicator table, indexed by file row, groups named as the list names them.
    path : Path
        The file, for messages.
    shown : Mapping[str, str]
        Each column's name as written in the file.
    """
    for key, part in _figures(rows, every_group=True):
        listed = groups.GROUPS[str(key[4])]
        given = set(part["group"].astype(str))
        known = [g for g in listed if g != "Unknown"]
        if part["numerator"].isna().any() or not set(known) <= given:
            continue
        total, added = float(key[-1]), float(part["numerator"].sum())
        complete = "Unknown" in given or key[2] in EVERY_ONE_IN_A_GROUP
        least = total * (1 - SHORT_BY_ROUNDING) if complete else total * LEAST_KNOWN
        if added >= least or total <= 0:
            continue
        expected = (
            "groups that add up to their total, as every one counted is in one of them"
            if complete
            else f"groups that add up to at least {LEAST_KNOWN:.0%} of their total, as those of "
            "unknown group, not given, are at most half of it in the real YJB tables"
        )
        raise _unlike_their_total(
            key, part, added, f"{added / total:.0%} of",
            f"{expected} (is a count or the total mistyped?)", path, shown,
        )  # fmt: skip


#: What each register column's codes are called in a message.
CODE_NAMES = {"dfe_la_numbers": "DfE LA number", "ons_lad_codes": "ONS code"}


def code_and_name_agree(
    codes: pd.Series, names: pd.Series, path: Path, columns: tuple[str, str], register: str
) -> None:
    """Fail on the first row whose code is one service's and whose name is another's.

    The build files a figure under the service its code says; a row carrying Portsmouth's LA
    number beside the name Southampton would give Southampton's page Portsmouth's figure.

    Parameters
    ----------
    codes, names : pandas.Series
        The codes and names as written, indexed by file row.
    path : Path
        The file, for messages.
    columns : tuple of str
        The code's and the name's columns as written in the file.
    register : str
        The register's column the codes are of: ``"dfe_la_numbers"`` or ``"ons_lad_codes"``.
    """
    from yjanalysis import reference

    pairs = pd.DataFrame({"code": codes.astype(str), "name": names.astype(str)})
    once = pairs.drop_duplicates()
    for row, code, name in zip(once.index, once["code"], once["name"], strict=True):
        other = reference.names_another_service(code, name, register)
        if other is not None:
            said = CODE_NAMES[register]
            raise InputError(
                f"row {row}: {said} '{code}' (column '{columns[0]}') is {other}'s, but column "
                f"'{columns[1]}' names '{name}'; expected the {said} and name of one "
                "authority, so that no service is given another's figures.",
                path,
            )


def distinct(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Return :func:`pandas.factorize` of a column: codes (-1 where missing) and its values.

    Text held by Arrow is encoded by Arrow, several times faster on a million rows; the codes
    and values are the same (values in the order they first appear).
    """
    import pyarrow
    import pyarrow.compute as pc

    held = getattr(series.array, "_pa_array", None)
    text = (pyarrow.types.is_string, pyarrow.types.is_large_string)
    if held is None or not any(is_text(held.type) for is_text in text):
        return pd.factorize(series)
    encoded = held.combine_chunks().dictionary_encode()
    codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.intp)
    values = encoded.dictionary.to_pandas(types_mapper={encoded.dictionary.type: series.dtype}.get)
    return codes, pd.Index(values)


def map_values(series: pd.Series, mapping: Mapping) -> pd.Series:
    """Return ``series.map(mapping)``, looking each distinct value up once.

    An extract repeats a few codes a million times; the result is the same, type included.
    """
    if series.empty:
        return series.map(mapping)
    codes, values = distinct(series)
    once = pd.concat([pd.Series(values), series.iloc[:0].reindex([0])], ignore_index=True)
    mapped = once.map(mapping)
    codes = np.where(codes < 0, len(values), codes)  # a missing cell: the last value
    return pd.Series(mapped.array.take(codes), index=series.index, name=series.name)


def _shown(value: object) -> str:
    """Show a failing value as the user wrote it (``-3``, not ``np.int64(-3)``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value.item() if hasattr(value, "item") else value)


def at_least(
    values: pd.Series, minimum: float, path: Path, column: str, strictly: bool = False
) -> None:
    """Fail on the first value below ``minimum`` (or not above it, when ``strictly``).

    Used where one file column becomes many rows (wide tables), so that the message can
    still name the column.
    """
    bad = values.le(minimum) if strictly else values.lt(minimum)
    bad = bad.fillna(False)
    if bad.any():
        row = bad.idxmax()
        bound = "greater than" if strictly else "of at least"
        raise InputError(
            f"row {row}, column '{column}': '{_shown(values.loc[row])}' is not valid; "
            f"expected a population {bound} {_shown(float(minimum))}.",
            path,
        )


def validate(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path, shown: Mapping[str, str]
) -> pd.DataFrame:
    """Validate ``frame`` against a pandera schema, failing with one sentence.

    Checks in the schemas carry their expectation as their ``error`` text (for example
    ``"expected a count of zero or more"``), which becomes the end of the sentence.

    Parameters
    ----------
    schema : pandera.DataFrameSchema
        The reader's schema.
    frame : pandas.DataFrame
        The parsed rows, indexed by row number in the file.
    path : Path
        The file, for messages.
    shown : mapping
        Output column to the name it has in the file.

    Returns
    -------
    pandas.DataFrame
        The validated frame.
    """
    from pandera.errors import SchemaError

    try:
        return schema.validate(frame)
    except SchemaError as error:
        column = getattr(error.schema, "name", None)
        cases = error.failure_cases
        label = shown.get(column, column) if isinstance(column, str) else None
        expected = getattr(error.check, "error", None) or str(error.check or "a valid value")
        if isinstance(cases, pd.DataFrame) and len(cases) and "index" in cases:
            row = cases["index"].iloc[0]
            if not label:  # a check across columns: the row is what is wrong
                raise InputError(f"row {row} is not valid; {expected}.", path) from None
            value = _shown(cases["failure_case"].iloc[0])
            raise InputError(
                f"row {row}, column '{label}': '{value}' is not valid; {expected}.", path
            ) from None
        where = f"column '{label}'" if label else "the table"
        raise InputError(f"{where} is not valid; {expected}.", path) from None
