"""A service's own case-level extract: children, offences and outcomes, remands, orders, education.

The schema is documented in ``docs/extract.md``. Each table is a CSV or a sheet of a workbook,
recognised by its columns like every other input; codes are matched without regard to case,
spaces or hyphens (``Youth Caution``, ``youth_caution`` and ``YOUTH-CAUTION`` are the same), and
dates may be ISO (``2023-04-01``) or day first (``01/04/2023``). Each table is validated on its
own here (types, codes, ranges, unique ids, dates in the future, an outcome before its offence);
checks across tables (a child's age at each offence, dates before birth, ids that match) are
made by :mod:`yjanalysis.table.caselevel.extract` when the tables are put together.

These files describe identifiable children: keep them out of version control and out of any
shared folder. Pseudonymous ids are expected; names and addresses are not read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import periods
from yjanalysis.vocabulary.characters import describe_character, script

ETHNIC_GROUPS = ("White", "Black", "Asian", "Mixed", "Other", "Unknown")
#: ONS 2021 detailed ethnic categories (England and Wales), with the group each belongs to.
ETHNIC_DETAIL = {
    "English, Welsh, Scottish, Northern Irish or British": "White",
    "Irish": "White",
    "Gypsy or Irish Traveller": "White",
    "Roma": "White",
    "Any other White background": "White",
    "White and Black Caribbean": "Mixed",
    "White and Black African": "Mixed",
    "White and Asian": "Mixed",
    "Any other Mixed or multiple ethnic background": "Mixed",
    "Indian": "Asian",
    "Pakistani": "Asian",
    "Bangladeshi": "Asian",
    "Chinese": "Asian",
    "Any other Asian background": "Asian",
    "African": "Black",
    "Caribbean": "Black",
    "Any other Black, Black British, or Caribbean background": "Black",
    "Arab": "Other",
    "Any other ethnic group": "Other",
    "Not known": "Unknown",
}
SEX = {
    "male": "Male", "m": "Male", "boy": "Male", "female": "Female", "f": "Female",
    "girl": "Female", "other": "Other", "unknown": "Unknown", "not known": "Unknown",
}  # fmt: skip
SEN = ("None", "SEN support", "EHCP")
OFFENCE_GROUPS = (
    "Violence against the person", "Robbery", "Drugs", "Theft and handling", "Burglary",
    "Criminal damage", "Public order", "Possession of weapons", "Sexual offences", "Motoring",
    "Fraud and forgery", "Breach", "Other",
)  # fmt: skip
#: Outcome types, with their class: ``informal`` (no formal outcome), ``not_proven``,
#: ``caution`` (out of court, formal), ``conviction`` (non-custodial), ``custody``.
OUTCOMES = {
    "No further action": "not_proven",
    "Acquitted or dismissed": "not_proven",
    "Diversion": "informal",
    "Community resolution": "informal",
    "Youth caution": "caution",
    "Youth conditional caution": "caution",
    "Absolute discharge": "conviction",
    "Conditional discharge": "conviction",
    "Fine": "conviction",
    "Reparation order": "conviction",
    "Referral order": "conviction",
    "Youth rehabilitation order": "conviction",
    "Detention and training order": "custody",
    "Section 250 detention": "custody",
    "Extended sentence": "custody",
    "Detention for life": "custody",
}
COURTS = ("None", "Youth court", "Magistrates court", "Crown court")
REMAND_TYPES = ("Youth detention accommodation", "Local authority accommodation")
ORDER_TYPES = (
    "Referral order", "Youth rehabilitation order", "DTO licence", "Out-of-court programme",
    "Reparation order", "Bail supervision",
)  # fmt: skip
ETE = ("Full-time", "Part-time", "None")


@dataclass(frozen=True)
class Field:
    """One column of an extract table.

    Attributes
    ----------
    names : tuple of str
        Accepted column names (comparable form), the first shown in messages.
    kind : str
        ``id``, ``text``, ``date``, ``code``, ``flag``, ``int`` or ``float``.
    required : bool
        Whether the column must be present (and filled).
    codes : tuple or dict
        For codes, the allowed values (a dict maps values to a class).
    low, high : float
        For numbers, the allowed range.
    column : bool
        Whether the column must be present even though its cells may be blank (an offence's
        outcome: without the column no indicator could say what was proven).
    """

    names: tuple[str, ...]
    kind: str
    required: bool = True
    codes: tuple | dict = ()
    low: float = float("-inf")
    high: float = float("inf")
    column: bool = False


def _key(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


class _ExtractTable:
    KIND = ""
    TITLE = ""
    FIELDS: ClassVar[dict[str, Field]] = {}
    SIGNATURE: frozenset[str] = frozenset()
    ID: str | None = None
    #: Whether a header with no rows below it is read, as a table of no records (see
    #: :class:`Remands`); every other table of an extract cannot be empty for a service.
    EMPTY_MEANS_NONE: ClassVar[bool] = False

    @classmethod
    def recognises(cls, keys: set[str]) -> bool:
        """Say whether columns are those of this extract table."""
        return cls.SIGNATURE <= keys

    @classmethod
    def parse(cls, table: Table, path: Path) -> pd.DataFrame:
        """Return the table with typed, validated columns (see ``docs/extract.md``)."""
        wanted = {name: f.names for name, f in cls.FIELDS.items()}
        optional = [name for name, f in cls.FIELDS.items() if not (f.required or f.column)]
        found = checks.columns(table, path, wanted, optional)
        frame = table.frame
        out = pd.DataFrame(index=frame.index)
        for name, field in cls.FIELDS.items():
            if name not in found:
                continue
            out[name] = _convert(frame[found[name]], field, path, found[name])
        if cls.ID:
            checks.duplicates(out, [cls.ID], path, found)
        cls.check(out, path, found)
        known = {n for f in cls.FIELDS.values() for n in f.names}
        extra = [str(c) for c in frame.columns if checks.column_key(c) not in known]
        if extra:
            many = len(extra) > 1
            out.attrs["notes"] = [
                f"{'columns' if many else 'column'} {', '.join(repr(c) for c in extra)} "
                f"{'are' if many else 'is'} not in the case-level schema: ignored, never read "
                "into the table and never published (leave "
                f"{'them' if many else 'it'} out of the export)"
            ]
        return out

    @classmethod
    def check(cls, frame: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
        """Check across the columns of one table (nothing by default)."""


def _fail(path, series, bad, column, expected):
    row = bad.idxmax()
    value = series.loc[row]
    raise InputError(f"row {row}, column '{column}': '{value}' is not valid; {expected}.", path)


def _convert(series: pd.Series, field: Field, path: Path, column: str) -> pd.Series:
    """Return a column typed and checked as its field says (see :func:`_convert_each`).

    Each distinct value is converted once and the results spread back to the rows: an extract
    repeats a few codes, dates and scores a million times. The conversion of a value does not
    depend on the others, so this is exact; if a value is wrong, the column is converted row by
    row again so that the message names the first row that holds it.
    """
    if field.kind in ("id", "text"):  # ids are distinct; nothing to gain
        return _convert_each(series, field, path, column)
    codes, distinct = checks.distinct(series)
    values = pd.Series(distinct)
    missing = codes < 0
    if missing.any():  # a missing cell: one more value, last (a required field refuses it)
        values = pd.concat([values, series.iloc[:0].reindex([0])], ignore_index=True)
        codes = np.where(missing, len(distinct), codes)
    try:
        converted = _convert_each(values, field, path, column)
    except InputError:
        return _convert_each(series, field, path, column)
    return pd.Series(converted.array.take(codes), index=series.index, name=series.name)


def _convert_each(series: pd.Series, field: Field, path: Path, column: str) -> pd.Series:
    text = series.astype("string").str.strip()
    blank = text.isna() | text.eq("")
    if field.required and blank.any():
        _fail(path, text.fillna(""), blank, column, f"expected a value in every row of '{column}'")
    # A suppression mark (-, c, *, n/a) in a number column is a missing value in disguise: in a
    # required column it would drop the row from every figure without a word, as a blank would.
    # (Ids may be such letters: child C is a child; codes and dates refuse marks as they are.)
    if field.required and field.kind in ("int", "float"):
        marked = text.str.lower().isin(checks.MISSING_MARKS).fillna(False)
        if marked.any():
            _fail(
                path,
                text,
                marked,
                column,
                f"expected a value in every row of '{column}', not a mark for a suppressed or "
                "missing value",
            )
    if field.kind == "id":
        _one_script(text.mask(blank), path, column)
        _one_case(text.mask(blank), path, column)
    if field.kind in ("id", "text"):
        return text.mask(blank)
    if field.kind == "date":
        return _dates(text, blank, path, column)
    if field.kind == "flag":
        meaning = {u: {"y": True, "yes": True, "true": True, "1": True, "n": False, "no": False,
                       "false": False, "0": False}.get(str(u).lower())
                   for u in text.dropna().unique()}  # fmt: skip
        flags = text.map(meaning)
        bad = flags.isna() & ~blank
        if bad.any():
            _fail(path, text, bad, column, "expected Y or N")
        return flags.astype("boolean").mask(blank)
    if field.kind == "code":
        allowed = list(field.codes)
        lookup = {_key(c): c for c in allowed}
        if field.names[0] == "sex":
            lookup |= {_key(k): v for k, v in SEX.items()}
        # Map each distinct spelling once: extracts repeat a few codes a million times.
        mapped = text.map({u: lookup.get(_key(u)) for u in text.dropna().unique()})
        bad = mapped.isna() & ~blank
        if bad.any():
            shown = ", ".join(allowed[:8]) + (" …" if len(allowed) > 8 else "")
            _fail(path, text, bad, column, f"expected one of: {shown} (see docs/extract.md)")
        return mapped.astype("string")
    values, _ = checks.numbers(text.fillna(""), path, column)
    bad = values.notna() & ((values < field.low) | (values > field.high))
    if field.kind == "int":
        bad |= values.notna() & (values != values.round())
    if bad.any():
        _fail(path, text, bad, column, f"expected a number from {field.low:g} to {field.high:g}")
    return values


def _one_script(ids: pd.Series, path: Path, column: str) -> None:
    """Refuse an id holding a character of another script or form than the column's other ids.

    ``С0000003`` with a Cyrillic ``С`` reads as ``C0000003`` and is another id: kept, one child
    was counted as two (failed before, from the ninth adversary). The column's script is the
    one most of its ids' letters are written in (Latin if none has a letter); ASCII's digits
    and punctuation belong to every script, and any other character outside ASCII (a fullwidth
    digit, a Unicode hyphen) is a form of its own (:func:`~yjanalysis.vocabulary.characters.
    script`). Characters that show nothing are refused before, by
    :func:`~yjanalysis.inputs.readers.checks.visible`. Only ids outside ASCII are looked at
    closely, so a million-row table costs little.
    """
    ids = ids.dropna()
    wide = ids.str.contains(r"[^\x00-\x7f]", regex=True)
    if not wide.any():
        return
    counts = Counter({"LATIN": int(ids[~wide].str.contains("[A-Za-z]", regex=True).sum())})
    for value in ids[wide]:
        counts.update({name for c in value if (name := script(c)) is not None})
    main = max(counts, key=lambda name: (counts[name], name == "LATIN"))
    for row, value in ids[wide].items():
        odd = [at for at, c in enumerate(value) if script(c) not in (None, main)]
        if odd:
            shown = "".join(f"<U+{ord(c):04X}>" if at in odd else c for at, c in enumerate(value))
            raise InputError(
                f"row {row}, column '{column}': '{shown}' holds "
                f"{describe_character(value[odd[0]])}, a character of another script or form "
                f"than the column's other ids ({main.title()}); expected every id written in "
                "one script, since a look-alike character makes another id that reads as the "
                "same (one child counted as two).",
                path,
            )


def _one_case(ids: pd.Series, path: Path, column: str) -> None:
    """Refuse two ids of one column that differ only in letter case.

    ``c0000002`` beside ``C0000002`` (with one birth date and sex) counted one child as two,
    moving 86 figures. Case management systems give ids in one case; two that differ only in
    case come from a typing or export error (and an id written as hex, such as a GUID, is the
    same id in either case), never from two records. Which is meant cannot be told, so neither
    is guessed: both rows are named. Each distinct id is looked at once.
    """
    codes, values = checks.distinct(ids)
    distinct = pd.Series(values, dtype="string")
    folded = distinct.str.casefold()
    twice = folded.duplicated(keep=False)
    if not twice.any():
        return
    first = folded[twice].iloc[0]
    spelled = distinct[folded.eq(first)]
    rows = [ids.index[int(np.argmax(codes == number))] for number in spelled.index[:2]]
    raise InputError(
        f"rows {rows[0]} and {rows[1]}, column '{column}': '{spelled.iloc[0]}' and "
        f"'{spelled.iloc[1]}' differ only in letter case; expected each id written one way, "
        "since ids that differ only in case are one record typed or exported two ways (one "
        "child counted as two), not two records.",
        path,
    )


def _dates(text: pd.Series, blank: pd.Series, path: Path, column: str) -> pd.Series:
    dates = checks.dates(text, path, column)
    future = dates > periods.today()
    if future.any():
        _fail(path, text, future, column, "expected a date that is not in the future")
    return dates


def _order(frame, path, shown, first, second, what):
    if first not in frame or second not in frame:  # an optional column left out: nothing to order
        return
    bad = frame[first].notna() & frame[second].notna() & (frame[second] < frame[first])
    if bad.any():
        row = bad.idxmax()
        raise InputError(
            f"row {row}: the {what} ({frame.loc[row, second]:%Y-%m-%d} in '{shown[second]}') "
            f"is before {frame.loc[row, first]:%Y-%m-%d} in '{shown[first]}'; "
            "expected it on or after.",
            path,
        )


#: The KPI cascades of the orders table (YJB key performance indicators 4 and 5): a need
#: recorded; of those, an intervention offered; of those, attended.
CASCADES = ("mental_health", "substance")


def _cascade(frame, path, shown, before, after):
    """Refuse a step of a cascade taken without the one before it (an offer with no need).

    The KPIs share out each step among the orders that took the one before, so an offer where
    no need was recorded, or attendance where none was offered, makes a share above the whole
    (attended 49 of 58 beside offered 37): such a row is a mistyped flag (failed before, from
    the sixth adversary, as an error of the disclosure audit that named no file).
    """
    if before not in frame or after not in frame:
        return
    bad = frame[after].eq(True).fillna(False) & ~frame[before].eq(True).fillna(False)
    if bad.any():
        row = bad.idxmax()
        was = frame.loc[row, before]
        said = "blank" if pd.isna(was) else ("Y" if was else "N")
        raise InputError(
            f"row {row}, column '{shown[after]}': Y where '{shown[before]}' is {said}; "
            f"expected Y in '{shown[after]}' only where '{shown[before]}' is Y, since the "
            "key performance indicators count each step among those who took the one before.",
            path,
        )


#: The outcomes only a court gives: every conviction and custodial sentence, and an acquittal
#: or dismissal. A caution, community resolution, diversion or no further action is given out
#: of court.
COURT_OUTCOMES = frozenset(t for t, c in OUTCOMES.items() if c in ("conviction", "custody")) | {
    "Acquitted or dismissed"
}
#: The custodial sentences only the Crown Court passes: detention under section 250 of the
#: Sentencing Act 2020 (a grave crime), an extended sentence and detention for life (ss. 254
#: and 258-259) follow a trial or committal for sentence there; a youth court's longest
#: custodial sentence is a detention and training order.
CROWN_COURT_ONLY = frozenset({"Section 250 detention", "Extended sentence", "Detention for life"})


def _court_outcomes_need_a_court(frame, path, shown):
    """Refuse a court's outcome whose court type says no court, or the wrong court, gave it.

    Only a court convicts, sentences or acquits: a detention and training order with court type
    ``None`` was counted among the service's custodial sentences (custody in 2023 7 instead of
    6), and five referral orders so were counted as convictions (failed before, from the ninth
    adversary, which the rule for custody alone missed). Only the Crown Court passes a section
    250, extended or life sentence (:data:`CROWN_COURT_ONLY`). One of the two cells is mistyped.
    A blank court type is unrecorded, and kept.
    """
    if "court_type" not in frame or "outcome_type" not in frame:
        return
    outcome, court = frame["outcome_type"], frame["court_type"]
    no_court = outcome.isin(COURT_OUTCOMES).fillna(False) & court.eq("None").fillna(False)
    if no_court.any():
        row = no_court.idxmax()
        raise InputError(
            f"row {row}, column '{shown['court_type']}': 'None' for the "
            f"{str(outcome[row]).lower()} in '{shown['outcome_type']}'; expected the court that "
            "gave it (Youth court, Magistrates court or Crown court), since only a court "
            "convicts, sentences or acquits (or, if no court did, the out-of-court outcome).",
            path,
        )
    crown_only = outcome.isin(CROWN_COURT_ONLY).fillna(False)
    wrong_court = crown_only & court.notna() & ~court.eq("Crown court").fillna(False)
    if wrong_court.any():
        row = wrong_court.idxmax()
        raise InputError(
            f"row {row}, column '{shown['court_type']}': '{court[row]}' for the "
            f"{str(outcome[row]).lower()} in '{shown['outcome_type']}'; expected Crown court, "
            "since only the Crown Court passes a section 250, extended or life sentence (a "
            "youth court's longest custodial sentence is a detention and training order).",
            path,
        )


def _appeals_of_a_court(frame, path, shown):
    """Refuse a successful appeal against an outcome no appeal can overturn.

    An appeal lies against a court's conviction, sentence or (by the prosecution) acquittal;
    a caution, community resolution, diversion or no further action is no court's decision
    and cannot be appealed, and with no outcome there is nothing to overturn. Kept, three
    youth cautions marked so left first time entrants (225.6 per 100,000 read 220.7), since an
    outcome overturned on appeal is not counted. One of the two cells is mistyped.
    """
    if "successful_appeal" not in frame or "outcome_type" not in frame:
        return
    outcome = frame["outcome_type"]
    appealed = frame["successful_appeal"].eq(True).fillna(False)
    bad = appealed & ~outcome.isin(COURT_OUTCOMES).fillna(False)
    if bad.any():
        row = bad.idxmax()
        given = outcome[row]
        what = "no outcome" if pd.isna(given) else f"'{given}'"
        raise InputError(
            f"row {row}, column '{shown['successful_appeal']}': Y (overturned on appeal) where "
            f"'{shown['outcome_type']}' is {what}; expected Y only on a court's outcome (a "
            "conviction, sentence or acquittal), since a caution, community resolution, "
            "diversion or no further action cannot be appealed.",
            path,
        )


def _ete_hours_agree(frame, path, shown):
    """Refuse an order's ETE status at its end that its hours of ETE contradict.

    ``None`` with 25 hours a week of education, training or employment cannot both be true,
    nor can full-time or part-time with none; kept, the order counted as not in ETE (full-time
    30 of 79 orders read 29). Which cell is mistyped cannot be told. Hours left blank beside a
    status are unrecorded, and kept.
    """
    if "ete_at_end" not in frame or "ete_hours_at_end" not in frame:
        return
    status, hours = frame["ete_at_end"], frame["ete_hours_at_end"]
    none_with_hours = status.eq("None").fillna(False) & hours.gt(0).fillna(False)
    some_without = status.isin(("Full-time", "Part-time")).fillna(False) & hours.eq(0).fillna(False)
    bad = none_with_hours | some_without
    if bad.any():
        row = bad.idxmax()
        expected = (
            "no hours where the status is None"
            if none_with_hours[row]
            else f"some hours where the status is {status[row]}"
        )
        raise InputError(
            f"row {row}, column '{shown['ete_hours_at_end']}': {hours[row]:g} hours where "
            f"'{shown['ete_at_end']}' is {status[row]}; expected {expected} (or the hours left "
            "blank), since the two cells of one order's end cannot both be true.",
            path,
        )


class Children(_ExtractTable):
    """One row per child."""

    KIND = "extract_children"
    TITLE = "Case-level extract: children"
    ID = "child_id"
    SIGNATURE = frozenset({"child_id", "date_of_birth"})
    FIELDS = {
        "child_id": Field(("child_id",), "id"),
        "yjs": Field(("yjs", "service"), "text"),
        "date_of_birth": Field(("date_of_birth", "dob"), "date"),
        "sex": Field(("sex", "gender"), "code", codes=("Male", "Female", "Other", "Unknown")),
        "ethnicity_group": Field(("ethnicity_group", "ethnic_group"), "code", codes=ETHNIC_GROUPS),
        "ethnicity_detail": Field(
            ("ethnicity_detail", "ethnicity"),
            "code",
            required=False,
            codes=tuple(ETHNIC_DETAIL),
        ),
        "looked_after": Field(("looked_after", "cla"), "flag", required=False),
        "child_in_need": Field(("child_in_need", "cin"), "flag", required=False),
        "sen_status": Field(("sen_status", "sen"), "code", required=False, codes=SEN),
    }

    @classmethod
    def check(cls, frame, path, shown):
        """One service per extract, and a detailed category that belongs to its group."""
        services = frame["yjs"].dropna().unique()
        if len(services) > 1:
            raise InputError(
                f"column '{shown['yjs']}' names several services ({', '.join(services[:3])}); "
                "expected one extract per service.",
                path,
            )
        if "ethnicity_detail" in frame:
            implied = checks.map_values(frame["ethnicity_detail"], ETHNIC_DETAIL)
            bad = implied.notna() & (implied != frame["ethnicity_group"])
            if bad.any():
                row = bad.idxmax()
                raise InputError(
                    f"row {row}: the detailed ethnicity '{frame.loc[row, 'ethnicity_detail']}' "
                    f"belongs to the {implied[row]} group, not {frame.loc[row, 'ethnicity_group']}"
                    "; expected the two to agree.",
                    path,
                )


class Offences(_ExtractTable):
    """One row per offence, with its outcome."""

    KIND = "extract_offences"
    TITLE = "Case-level extract: offences and outcomes"
    ID = "offence_id"
    SIGNATURE = frozenset({"offence_id", "child_id", "offence_date"})
    FIELDS = {
        "offence_id": Field(("offence_id",), "id"),
        "child_id": Field(("child_id",), "id"),
        "offence_date": Field(("offence_date",), "date"),
        "offence_group": Field(("offence_group",), "code", codes=OFFENCE_GROUPS),
        "gravity_score": Field(("gravity_score", "gravity"), "int", low=1, high=8),
        "knife_or_weapon": Field(("knife_or_weapon", "weapon"), "flag", required=False),
        "outcome_date": Field(("outcome_date",), "date", required=False, column=True),
        "outcome_type": Field(
            ("outcome_type", "outcome"), "code", required=False, codes=OUTCOMES, column=True
        ),
        "first_hearing_date": Field(("first_hearing_date",), "date", required=False),
        "court_type": Field(("court_type", "court"), "code", required=False, codes=COURTS),
        "successful_appeal": Field(("successful_appeal", "appealed"), "flag", required=False),
        "release_date": Field(("release_date",), "date", required=False),
    }

    @classmethod
    def check(cls, frame, path, shown):
        """Check the dates follow one another, outcomes have dates, and appeals are of courts'.

        An offence comes before its first hearing, the hearing before the outcome it led to,
        and the sentence before the release from it: a first hearing typed after its sentence
        made a child 18 "at the first hearing" and the sentence left the custody rate.
        """
        _order(frame, path, shown, "offence_date", "outcome_date", "outcome date")
        _order(frame, path, shown, "offence_date", "first_hearing_date", "first hearing")
        _order(frame, path, shown, "first_hearing_date", "outcome_date", "outcome date")
        _order(frame, path, shown, "outcome_date", "release_date", "release date")
        if "outcome_type" in frame and "outcome_date" in frame:
            half = frame["outcome_type"].notna() != frame["outcome_date"].notna()
            if half.any():
                row = half.idxmax()
                raise InputError(
                    f"row {row}: an outcome needs both '{shown['outcome_type']}' and "
                    f"'{shown['outcome_date']}'; expected both or neither.",
                    path,
                )
        _court_outcomes_need_a_court(frame, path, shown)
        _appeals_of_a_court(frame, path, shown)


class Remands(_ExtractTable):
    """One row per remand episode.

    A header with no rows is read as it says: no child was remanded in the records' span, which
    a small service's records plausibly show (zero remands, not a missing table). The children,
    offences and orders of a service are never none, so their tables are refused empty.
    """

    KIND = "extract_remands"
    TITLE = "Case-level extract: remand episodes"
    ID = "remand_id"
    EMPTY_MEANS_NONE = True
    SIGNATURE = frozenset({"remand_id", "child_id"})
    FIELDS = {
        "remand_id": Field(("remand_id",), "id"),
        "child_id": Field(("child_id",), "id"),
        "remand_start": Field(("remand_start", "start_date"), "date"),
        "remand_end": Field(("remand_end", "end_date"), "date", required=False),
        "remand_type": Field(("remand_type",), "code", codes=REMAND_TYPES),
    }

    @classmethod
    def check(cls, frame, path, shown):
        """Check each remand ends on or after its start."""
        _order(frame, path, shown, "remand_start", "remand_end", "remand end")


class Orders(_ExtractTable):
    """One row per order or programme, with the child's status at its end."""

    KIND = "extract_orders"
    TITLE = "Case-level extract: orders and status at the end"
    ID = "order_id"
    SIGNATURE = frozenset({"order_id", "child_id", "order_type"})
    FIELDS = {
        "order_id": Field(("order_id",), "id"),
        "child_id": Field(("child_id",), "id"),
        "order_type": Field(("order_type",), "code", codes=ORDER_TYPES),
        "order_start": Field(("order_start", "start_date"), "date"),
        "order_end": Field(("order_end", "end_date"), "date", required=False),
        "ete_at_end": Field(("ete_at_end", "ete_status_at_end"), "code", required=False, codes=ETE),
        "ete_hours_at_end": Field(("ete_hours_at_end",), "float", required=False, low=0, high=60),
        "accommodation_suitable": Field(("accommodation_suitable",), "flag", required=False),
        "send_identified": Field(("send_identified", "sen_identified"), "flag", required=False),
        "learning_plan": Field(("learning_plan", "formal_learning_plan"), "flag", required=False),
        "mental_health_need": Field(("mental_health_need",), "flag", required=False),
        "mental_health_offered": Field(("mental_health_offered",), "flag", required=False),
        "mental_health_attended": Field(("mental_health_attended",), "flag", required=False),
        "substance_need": Field(("substance_need",), "flag", required=False),
        "substance_offered": Field(("substance_offered",), "flag", required=False),
        "substance_attended": Field(("substance_attended",), "flag", required=False),
        "wider_services": Field(("wider_services",), "flag", required=False),
        "completed": Field(("completed",), "flag", required=False),
    }

    @classmethod
    def check(cls, frame, path, shown):
        """Check each order's dates, its ETE status against its hours, and each KPI cascade."""
        _order(frame, path, shown, "order_start", "order_end", "order end")
        _ete_hours_agree(frame, path, shown)
        for topic in CASCADES:
            need, offered, attended = (f"{topic}_{s}" for s in ("need", "offered", "attended"))
            _cascade(frame, path, shown, need, offered)
            _cascade(frame, path, shown, offered, attended)


class Education(_ExtractTable):
    """One row per child and academic year matched to school records."""

    KIND = "extract_education"
    TITLE = "Case-level extract: matched education records"
    SIGNATURE = frozenset({"child_id", "academic_year"})
    FIELDS = {
        "child_id": Field(("child_id",), "id"),
        "academic_year": Field(("academic_year",), "text"),
        "attainment8": Field(
            ("attainment8", "attainment_8"), "float", required=False, low=0, high=90
        ),
        # Wales's measure at the end of key stage 4 (the interim Capped 9, up to 540 points).
        "capped9": Field(("capped9", "capped_9"), "float", required=False, low=0, high=540),
        "possible_sessions": Field(("possible_sessions",), "int", required=False, low=0, high=500),
        "missed_sessions": Field(("missed_sessions",), "int", required=False, low=0, high=500),
    }

    @classmethod
    def check(cls, frame, path, shown):
        """Academic years like 2022/23, one row per child and year, missed within possible."""
        # 2022/24 is no academic year: the second year must follow the first.
        labels = frame["academic_year"].astype("string")
        # Each distinct label is judged once and the verdict spread back to its rows.
        wrong = {
            y: re.fullmatch(r"(19|20)\d\d/\d\d", y) is None or periods.parse(y) is None
            for y in labels.dropna().unique()
        }
        bad = checks.map_values(labels, wrong).fillna(True).astype(bool)
        if bad.any():
            _fail(path, frame["academic_year"], bad, shown["academic_year"],
                  "expected an academic year such as 2022/23")  # fmt: skip
        checks.duplicates(frame, ["child_id", "academic_year"], path, shown)
        if {"possible_sessions", "missed_sessions"} <= set(frame):
            over = frame["missed_sessions"] > frame["possible_sessions"]
            if over.fillna(False).any():
                row = over.fillna(False).idxmax()
                raise InputError(
                    f"row {row}: {frame.loc[row, 'missed_sessions']:.0f} missed sessions is more "
                    f"than {frame.loc[row, 'possible_sessions']:.0f} possible; expected no more.",
                    path,
                )


TABLES = (Children, Offences, Remands, Orders, Education)
#: The kinds of table read with a header and no rows, as a table of no records.
EMPTY_MEANS_NONE = frozenset(t.KIND for t in TABLES if t.EMPTY_MEANS_NONE)
