"""HM Inspectorate of Probation ratings of youth justice services, as scraped from its reports.

The inspectorate publishes each inspection as a web report; data-to-insight's scrape gathers
them into one CSV (``la_name``, ``la_ref``, ``score_%``, ``overall_rating``,
``publication_date`` as ``dd/mm/yy``, ``report_url``, then one column per standard's name:
``staff``, ``partnerships_and_services`` … ``joint_working``, blank where the scrape has no
rating). It is a scrape, so it is read with care and nothing is guessed:

* **names** follow the inspectorate, not the YJB: each is matched to the register by its
  aliases, after the scrape's own marks are taken off (`` - JI`` for a joint inspection, ``An
  inspection of``) and the inspectorate's few names of its own are mapped
  (:data:`INSPECTORATE_NAMES`). A name that still matches no service of the register is left
  out with a note;
* **ratings** are one of Outstanding, Good, Requires improvement or Inadequate. A cell holding
  a numbered footnote (some ``overall_rating`` cells do, e.g. Portsmouth's) is not read as a
  rating: the rating is left blank and the note names the row. Any other word (``Excellent``)
  stops the build naming the row and column: it is no scrape artefact but a cell changed;
* **blank standards** are not rated in the scrape: it is not said whether the inspectorate left
  them unrated or the scrape missed the rating, so no rating is inferred;
* **standards** are the inspectorate's 12 (1.1 to 1.4 organisational delivery, 2.1 to 2.4 court
  disposals, 3.1 to 3.4 out-of-court disposals) and, from its 2021 framework, resettlement,
  rated but not counted in the score (Portsmouth's footnote says so). The scrape holds one
  column per standard's name, so one for Assessment, Planning and Implementation and delivery
  though each is rated in domains 2 and 3: a row cannot hold all 12 scored ratings,
  nor add up to its score. A file that holds the court and out-of-court ratings of these
  apart (``court_assessment``, ``outofcourt_assessment``) is read as two ratings
  (:func:`ratings`). Standard 3.4 comes under three names (:data:`STANDARDS`), read as
  one standard; two of them rating one row differently stop the build;
* **the score** (the scrape's share of the 36 points of the 12 standards) is kept only where it
  falls in the band of the published rating (Outstanding 31 to 36 points, Good 19 to 30,
  Requires improvement 7 to 18, Inadequate 0 to 6) and its row's scored ratings can be part of
  it (they make no more points than it, and the standards not shown can carry the rest);
  otherwise it is left out with a note. A score in the band beside its rating withholds the
  rating too (``rating_withheld`` says why, naming both): one of them is wrong, and a rating
  shown beside no score hid that. A score two or more ratings from its row's rating
  (Outstanding with an Inadequate score) stops the build: the record contradicts itself;
* **a report address** is kept only on the inspectorate's own site.

A reference or report address naming another service than the row's name, a date that
cannot be read, a date in the future or before June 2018 (when the 12 standards began), a
score outside 0 to 100 or the same
inspection twice stops the build with one sentence naming the row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import periods

KIND = "hmi_inspections"
TITLE = "HM Inspectorate of Probation youth justice inspection ratings"
FIELDS = {
    "name": ("la_name",),
    "reference": ("la_ref",),
    "score": ("score", "score_%"),
    "overall": ("overall_rating",),
    "published": ("publication_date",),
    "url": ("report_url",),
}
#: Standard 3.4 (out-of-court disposals), under its name since the inspectorate's 2021 framework.
OUT_OF_COURT = "Out-of-court disposal policy and provision"
#: Rated from the 2021 framework, but not one of the 12 standards the score adds up.
RESETTLEMENT = "Resettlement policy and provision"
#: The standards the scrape rates, in the inspectorate's order, each with its columns. The scrape
#: has one column per standard's *name*: Assessment, Planning and Implementation and delivery are
#: rated twice (2.1 to 2.3 court disposals, 3.1 to 3.3 out-of-court) but held once,
#: and 3.4 has three names (``joint_working`` in the 2018 framework, then
#: ``outofcourt_disposal_policy_and_provision``, headed ``policy_and_provision`` in some reports:
#: no row of the real file fills two of them).
STANDARDS = {
    "Governance and leadership": ("governance_and_leadership",),
    "Staff": ("staff",),
    "Partnerships and services": ("partnerships_and_services",),
    "Information and facilities": ("information_and_facilities",),
    "Assessment": ("assessment",),
    "Planning": ("planning",),
    "Implementation and delivery": ("implementation_and_delivery",),
    "Reviewing": ("reviewing",),
    OUT_OF_COURT: (
        "outofcourt_disposal_policy_and_provision", "policy_and_provision", "joint_working",
    ),
    RESETTLEMENT: ("resettlement_policy_and_provision",),
}  # fmt: skip
#: The standards whose ratings count towards the score.
SCORED = tuple(t for t in STANDARDS if t != RESETTLEMENT)
#: The standards rated once for court work (2.1 to 2.3) and once for out-of-court work (3.1 to
#: 3.3). A file may hold the two ratings apart, in columns named by the work before the
#: standard's (``court_assessment``, ``outofcourt_assessment``); the parsed frame holds them
#: as :func:`work_column` names them.
RATED_TWICE = ("Assessment", "Planning", "Implementation and delivery")
#: The work each of the two ratings is of, with the prefixes of its columns.
WORK = {"court work": ("court_",), "out-of-court work": ("outofcourt_", "out_of_court_")}


def work_column(standard: str, work: str) -> str:
    """Return the parsed frame's column of one of a standard's two ratings.

    Examples
    --------
    >>> work_column("Assessment", "court work")
    'Assessment, court work'
    """
    return f"{standard}, {work}"


#: The name of standard 3.4 in the 2018 framework, which a row rating ``joint_working`` uses.
JOINT_WORKING = "Joint working"
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
#: The inspectorate's points for a standard's rating; a score is their sum over its 12 standards
#: (the scrape cannot hold all 12: see :data:`STANDARDS`).
RATING_POINTS = {"outstanding": 3, "good": 2, "requires improvement": 1, "inadequate": 0}


def points(score: float) -> int:
    """Return the points of the 36 that a score (a percentage of them) stands for.

    Examples
    --------
    >>> points(58.33)
    21
    """
    return round(float(score) / 100 * 36)


#: The lowest share of the 36 points for each rating (the inspectorate's bands).
BANDS = (("Outstanding", 31 / 36), ("Good", 19 / 36), ("Requires improvement", 7 / 36))
#: Names the inspectorate uses that are not the register's (and not an alias of it).
INSPECTORATE_NAMES = {"royal borough of greenwich": "Greenwich"}
SITE = "https://www.justiceinspectorates.gov.uk/"


def recognises(keys: set[str]) -> bool:
    """Say whether columns are those of the inspection ratings scrape."""
    return {"la_name", "overall_rating", "publication_date"} <= keys


def rating(text: str) -> str | None:
    """Return a rating in the inspectorate's words, or ``None`` for anything else.

    Examples
    --------
    >>> rating("Requires Improvement"), rating(" good "), rating("1 The resettlement standard")
    ('Requires improvement', 'Good', None)
    """
    key = re.sub(r"\s+", " ", str(text)).strip().lower()
    return next((r for r in RATINGS if r.lower() == key), None)


#: A footnote the scrape picked up in place of a rating: its number, then its text (Portsmouth's
#: "1 The resettlement standard does not contribute to the overall rating for the YOT.").
FOOTNOTE = r"\d{1,2}\s+\S.*"


def _refuse_unknown_ratings(written: pd.Series, rated: pd.Series, path: Path, column: str) -> None:
    """Refuse a cell that is neither a rating, blank, nor a footnote the scrape picked up.

    A word such as ``Excellent`` is no rating of the inspectorate's: it is a cell typed or
    edited by hand, and showing the service as unrated would hide that its rating is unknown.
    A numbered footnote in the cell is the scrape's known artefact, so it is noted, not refused
    (the real file holds one), and a blank is a standard the scrape has no rating for.
    """
    other = rated.isna() & written.ne("") & ~written.str.fullmatch(FOOTNOTE)
    checks.refuse_first(
        other, written, path, column,
        "is not one of the inspectorate's ratings; expected " + ", ".join(RATINGS[:-1])
        + f" or {RATINGS[-1]} (or a blank where it was not rated)",
    )  # fmt: skip


def band(score: float) -> str:
    """Return the rating a score (a percentage of the 36 points) falls in.

    Examples
    --------
    >>> band(86.11), band(52.78), band(50.0), band(16.67)
    ('Outstanding', 'Good', 'Requires improvement', 'Inadequate')
    """
    share = score / 100 + 5e-5  # the scrape rounds to two decimals: 31/36 is 86.11
    return next((name for name, low in BANDS if share >= low), "Inadequate")


def service_name(name: str) -> str | None:
    """Return the register's name for the inspectorate's name of a service, or ``None``.

    Examples
    --------
    >>> service_name("Conwy & Denbighshire - JI"), service_name("Royal Borough of Greenwich")
    ('Conwy and Denbighshire', 'Greenwich')
    >>> service_name("Cumberland"), service_name("Atlantis") is None
    ('Cumberland', True)
    """
    from yjanalysis import reference

    text = re.sub(r"\s+-\s+JI$", "", str(name).strip())
    text = re.sub(r"^An inspection of\s+", "", text)
    mapped = INSPECTORATE_NAMES.get(reference.name_key(text))
    return mapped or reference.canonical_name(text)


def named_in_address(slug: str) -> str | None:
    """Return the service an inspection's reference (or its report address) names, if any.

    The inspectorate's references are its own short forms (``nyjs``, ``wf``, ``th-yjs``):
    most name no service and say nothing; one that is a service's name with the team's
    suffix and the year (``portsmouth-yot``, ``southamptonyjs2024``) names that service.

    Examples
    --------
    >>> named_in_address("portsmouth-yot"), named_in_address("stoke-on-trent-yot")
    ('Portsmouth', 'Stoke-on-Trent')
    >>> named_in_address("southamptonyjs2024"), named_in_address("nyjs") is None
    ('Southampton', True)
    """
    from yjanalysis import reference

    text = re.sub(r"\d+$", "", str(slug).strip().strip("/").lower())
    text = re.sub(r"[-_ ]?(yjs|yos|yot|jys)$", "", text)
    return reference.canonical_name(text) if text else None


def _refuse_other_service(
    out: pd.DataFrame, frame: pd.DataFrame, found: dict[str, str], path: Path
) -> None:
    """Fail where a row's reference or report address names another service than its name.

    A row named Southampton whose reference is ``portsmouth-yot`` would give Southampton's
    front page Portsmouth's inspection: which of the two the row is cannot be told.
    """
    for field in ("reference", "url"):
        if field not in found:
            continue
        cells = frame[found[field]].astype(str).str.strip()
        slugs = cells.str.rstrip("/").str.rsplit("/", n=1).str[-1] if field == "url" else cells
        named = slugs.map(named_in_address)
        other = named.notna() & out["yjs"].notna() & named.ne(out["yjs"])
        if other.any():
            row = other.idxmax()
            raise InputError(
                f"row {row}, column '{found[field]}': '{cells[row]}' is {named[row]}'s "
                f"inspection, but column '{found['name']}' names '{out.at[row, 'name']}'; "
                "expected the name and the inspection of one service.",
                path,
            )


def _dates(series: pd.Series, path: Path, column: str) -> pd.Series:
    text = series.astype(str).str.strip()
    short = pd.to_datetime(text, format="%d/%m/%y", errors="coerce")
    long = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    found = short.where(text.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{2}"), long)
    checks.refuse_first(
        found.isna(), series, path, column, "is not a date; expected a date such as 18/02/25"
    )
    today = periods.today()
    checks.refuse_first(
        found > today, series, path, column, "is in the future; expected the date it was published"
    )
    # The ratings of 12 standards began with the inspectorate's framework of June 2018: an
    # earlier date (1899, a century typed wrong) is no inspection of this file (failed before).
    checks.refuse_first(
        found < FRAMEWORK_BEGAN,
        series,
        path,
        column,
        f"is before {FRAMEWORK_BEGAN:%B %Y}, when the inspectorate's ratings of 12 standards "
        "began; expected the date it was published",
    )
    return found


def _refuse_outside_years(out: pd.DataFrame, written: pd.Series, path: Path, column: str) -> None:
    """Fail for an inspection of a service before it began or after it ended.

    Cumberland inspected in 2019 (it began in April 2023) or Western Bay in 2022 (it ended in
    March 2019) is a mistyped date or name: kept, a report would show another service's
    inspection as its own, or none. The real scrape agrees with the register on every row.
    """
    from yjanalysis import reference

    for row in out.index[out["yjs"].notna()]:
        day = out.at[row, "published"]
        where = f"row {row}, column '{column}'"
        reference.refuse_outside_years(
            out.at[row, "yjs"], day, day, str(written[row]).strip(), where, path, "inspection"
        )


#: When HM Inspectorate of Probation began rating youth justice services on 12 standards.
FRAMEWORK_BEGAN = pd.Timestamp("2018-06-01")


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return one row per inspection, ratings checked (see the module's notes).

    Returns
    -------
    pandas.DataFrame
        ``name`` (as written), ``yjs`` (the register's name, missing where none matches),
        ``published``, ``overall_rating`` (missing where the cell is not a rating), ``score``
        (missing where blank or out of its rating's band), ``report_url`` (missing unless on
        the inspectorate's site), one column per standard of :data:`STANDARDS` (its rating, or
        missing; 3.4 from whichever of its three names rates it) and ``out_of_court_name``
        (``Joint working`` where the row rates 3.4 under its 2018 name, else blank); the notes
        say what was left out.
    """
    found = checks.columns(table, path, FIELDS, optional=("reference", "score", "url"))
    frame = table.frame
    notes: list[str] = []
    out = pd.DataFrame(index=frame.index)
    out["name"] = frame[found["name"]].astype(str).str.strip()
    checks.refuse_first(
        out["name"].eq(""), frame[found["name"]], path, found["name"], "is blank; expected a name"
    )
    out["yjs"] = out["name"].map(service_name).astype("string")
    for row, name in out.loc[out["yjs"].isna(), "name"].items():
        notes.append(
            f"row {row}: '{name}' matches no service of the register, so its inspection is "
            "left out (no service is guessed)"
        )
    _refuse_other_service(out, frame, found, path)
    out["published"] = _dates(frame[found["published"]], path, found["published"])
    _refuse_outside_years(out, frame[found["published"]], path, found["published"])
    written = frame[found["overall"]].astype(str).str.strip()
    out["overall_rating"] = written.map(rating).astype("string")
    _refuse_unknown_ratings(written, out["overall_rating"], path, found["overall"])
    for row in out.index[out["overall_rating"].isna()]:
        shown = written[row] if len(written[row]) <= 60 else written[row][:57] + "..."
        notes.append(
            f"row {row} ({out.at[row, 'name']}): the overall rating cell holds '{shown}', not a "
            "rating, so no overall rating is shown"
        )
    if "score" in found:
        score, _ = checks.numbers(frame[found["score"]], path, found["score"])
        checks.refuse_first(
            (score < 0) | (score > 100),
            frame[found["score"]],
            path,
            found["score"],
            "is not a percentage; expected a score from 0 to 100",
        )
        _refuse_score_ratings_apart(score, out["overall_rating"], frame, path, found["score"])
        agrees = pd.Series(
            [
                pd.isna(s) or pd.isna(r) or band(float(s)) == r
                for s, r in zip(score, out["overall_rating"], strict=True)
            ],
            index=out.index,
        )
        out["rating_withheld"] = pd.array([pd.NA] * len(out), dtype="string")
        for row in out.index[~agrees]:
            # One of the two is wrong and neither can be told to be the right one: a rating
            # shown beside no score left the contradiction on the page, so both are withheld.
            said = disagreement(float(score[row]), str(out.at[row, "overall_rating"]))
            out.at[row, "rating_withheld"] = said
            notes.append(f"row {row} ({out.at[row, 'name']}): {said}")
        out["score"] = score.where(agrees).astype("Float64")
        out["overall_rating"] = out["overall_rating"].where(agrees).astype("string")
    else:
        out["score"] = pd.array([pd.NA] * len(out), dtype="Float64")
        out["rating_withheld"] = pd.array([pd.NA] * len(out), dtype="string")
    urls = frame[found["url"]] if "url" in found else pd.Series("", index=frame.index)
    urls = urls.astype(str).str.strip()
    ours = urls.str.startswith(SITE) & ~urls.str.contains(r"[\s<>\"']", regex=True)
    out["report_url"] = urls.where(ours).astype("string")
    by_key = {checks.column_key(c): c for c in frame.columns}
    for standard, keys in STANDARDS.items():
        out[standard] = pd.array([pd.NA] * len(out), dtype="string")
        for key in (k for k in keys if k in by_key):
            rated = _standard(frame[by_key[key]], out, path, by_key[key], notes)
            twice = out[standard].notna() & rated.notna() & out[standard].ne(rated)
            checks.refuse_first(
                twice.fillna(False).astype(bool), frame[by_key[key]], path, by_key[key],
                f"rates {standard} again, otherwise than another column of the row; expected "
                "one rating of the standard under one of its names",
            )  # fmt: skip
            out[standard] = out[standard].fillna(rated)
            if key == "joint_working":
                out["out_of_court_name"] = rated.notna().map({True: JOINT_WORKING, False: ""})
    if "out_of_court_name" not in out:
        out["out_of_court_name"] = ""
    for standard in RATED_TWICE:
        for work, prefixes in WORK.items():
            column = work_column(standard, work)
            out[column] = pd.array([pd.NA] * len(out), dtype="string")
            names = [p + STANDARDS[standard][0] for p in prefixes]
            for key in (k for k in names if k in by_key):
                rated = _standard(frame[by_key[key]], out, path, by_key[key], notes)
                out[column] = out[column].fillna(rated)
    _withhold_impossible_scores(out, notes)
    known = out[out["yjs"].notna()]
    checks.duplicates(
        known, ["yjs", "published"], path, {"yjs": found["name"], "published": found["published"]}
    )
    out.attrs["notes"] = notes
    return out


#: How many ratings apart a score's band and its row's overall rating may lie: the real scrape's
#: scores outside their rating's band all fall in the band beside it (West Sussex, Requires
#: improvement with 26 points, 8 above its band; Bridgend, Requires improvement with 2, 5 below).
RATINGS_APART = 1
APART_WORDS = {1: "one rating", 2: "two ratings", 3: "three ratings"}


def disagreement(score: float, overall: str) -> str:
    """Say why an inspection's rating and score are withheld: they fall in different bands.

    Examples
    --------
    >>> "the Good band" in disagreement(72.22, "Requires improvement")
    True
    """
    banded = band(score)
    return (
        f"its overall rating is {overall} but its score ({points(score)} of 36 points, "
        f"{score:.1f}%) is in the {banded} band; one of the two is wrong and the file does not "
        "say which, so neither is shown"
    )


def _refuse_score_ratings_apart(
    score: pd.Series, overall: pd.Series, frame: pd.DataFrame, path: Path, column: str
) -> None:
    """Refuse a score two or more ratings from its row's overall rating.

    A score in the band beside its rating is the scrape's known disagreement and is withheld
    with a note (see :func:`parse`); one two ratings or more away (Outstanding with 8.33%, an
    Inadequate score) is a record contradicting itself, and showing the rating would publish
    an inspection's result its own score denies.
    """
    for row in score.index:
        if pd.isna(score[row]) or pd.isna(overall[row]):
            continue
        banded = band(float(score[row]))
        apart = abs(RATINGS.index(banded) - RATINGS.index(str(overall[row])))
        if apart > RATINGS_APART:
            raise InputError(
                f"row {row}, column '{column}': '{frame.at[row, column]}' is "
                f"{'an' if banded[0] in 'AEIOU' else 'a'} {banded} score "
                f"({points(float(score[row]))} of 36 points), {APART_WORDS[apart]} from the row's "
                f"overall rating {overall[row]}; expected a score in its rating's band or the "
                "band beside it",
                path,
            )


def _withhold_impossible_scores(out: pd.DataFrame, notes: list[str]) -> None:
    """Leave out a score its row's ratings cannot be part of, with a note.

    Each scored column rates a different standard of the 12, so the ratings shown are at most
    the score, and the standards the row does not show carry at most 3 points each: a score
    outside those bounds and its ratings cannot both be the inspection's.
    """
    for row in out.index[out["score"].notna()]:
        rated = [r for t in SCORED for _, r in ratings(out.loc[row], t)]
        shown = sum(RATING_POINTS[r.lower()] for r in rated)
        score = points(out.at[row, "score"])
        if shown <= score <= shown + 3 * (12 - len(rated)):
            continue
        notes.append(
            f"row {row} ({out.at[row, 'name']}): its ratings make {shown} points, which a score "
            f"of {score} of 36 cannot hold with the standards not shown, so the score is not shown"
        )
        out.at[row, "score"] = pd.NA


def _standard(
    column: pd.Series, out: pd.DataFrame, path: Path, name: str, notes: list[str]
) -> pd.Series:
    """Return one standard column's ratings, noting a cell that is not one and refusing others."""
    cells = column.astype(str).str.strip()
    rated = cells.map(rating)
    _refuse_unknown_ratings(cells, rated, path, name)
    for row in out.index[cells.ne("") & rated.isna()]:
        notes.append(
            f"row {row} ({out.at[row, 'name']}), column '{name}': "
            f"'{cells[row][:60]}' is not a rating, so that standard is shown as not rated"
        )
    return rated.astype("string")


def latest(inspections: pd.DataFrame, yjs: str) -> pd.Series | None:
    """Return a service's latest inspection, or ``None`` where the inputs have none."""
    if inspections is None or inspections.empty:
        return None
    own = inspections[inspections["yjs"].eq(yjs)].sort_values("published")
    return None if own.empty else own.iloc[-1]


def ratings(row: pd.Series, standard: str) -> list[tuple[str, str]]:
    """Return a standard's ratings in a row, the court and out-of-court ones apart if both held.

    Otherwise its one rating (``""`` for the work), or none.

    Examples
    --------
    >>> row = pd.Series({"Assessment": "Good", "Assessment, court work": "Good",
    ...                  "Assessment, out-of-court work": "Inadequate", "Planning": "Good"})
    >>> ratings(row, "Assessment")
    [('court work', 'Good'), ('out-of-court work', 'Inadequate')]
    >>> ratings(row, "Planning"), ratings(row, "Reviewing")
    ([('', 'Good')], [])
    """
    apart = [(work, row.get(work_column(standard, work))) for work in WORK]
    if standard in RATED_TWICE and all(pd.notna(r) for _, r in apart):
        return [(work, str(r)) for work, r in apart]
    rated = row.get(standard)
    return [("", str(rated))] if pd.notna(rated) else []


def title(row: pd.Series, standard: str) -> str:
    """Return a standard's name as the row's inspection called it (3.4 was Joint working)."""
    if standard == OUT_OF_COURT and row.get("out_of_court_name") == JOINT_WORKING:
        return JOINT_WORKING
    return standard


__all__ = [
    "KIND",
    "OUT_OF_COURT",
    "RATED_TWICE",
    "RATING_POINTS",
    "RESETTLEMENT",
    "SCORED",
    "STANDARDS",
    "TITLE",
    "WORK",
    "latest",
    "parse",
    "points",
    "rating",
    "ratings",
    "recognises",
    "title",
    "work_column",
]
