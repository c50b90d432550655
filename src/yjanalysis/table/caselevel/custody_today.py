"""Children in custody on a day, and what happened to children remanded, from a service's records.

A board asks how many of its children are in custody *now*, not only how many were sentenced
over a year; and, since most custodial remands are meant for children who will be sentenced to
custody, how many remanded children then were. Both come from the extract as rows of the
indicator table (so that disclosure control covers them like every other figure from a
service's records):

* ``children_in_custody``: on the last day of each month, the children aged 10 to 17 that day
  who were in custody: **serving a custodial sentence** (a proven custodial outcome, not
  overturned on appeal, on or before the day, and no release recorded by the end of it) or
  **remanded** to youth detention accommodation (a remand started on or before the day and not
  ended by the end of it). A child counted as serving a sentence is not counted again as
  remanded, so the two groups add up to the total. Remands to local authority accommodation
  are not custody. The snapshots start two years after the extract's first record: a child
  sentenced before the records begin would be missing from earlier ones. A sentence with no
  release date is taken to be still being served (as the extract's schema documents); an
  extract without the ``release_date`` column, or a remands table without ``remand_end``,
  gives no snapshot at all, since who was released cannot be told; nor does an extract without
  a remands table, since who was remanded cannot be told. A remands table with its header and
  no rows says no child was remanded: the snapshots count sentenced children, none remanded.
* ``remand_to_custody``: of the children whose remand to youth detention accommodation ended
  in the 12 months, the percentage then sentenced to custody: a custodial sentencing occasion
  dated from the remand's start to three months after its end (sentence can follow a remand
  that ended in bail). A period is reported once those three months have passed by the
  extract's date. The YJB publishes the national figure the other way round (two thirds of
  children remanded to youth detention accommodation in 2019-20 did not receive a custodial
  sentence).
* ``syv_rate`` by ``offence_group``: the serious violence offences behind the rate, by their
  offence group (violence against the person, robbery, drugs); the groups add up to the total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.table.caselevel import counting
from yjanalysis.table.caselevel.extract import CaseExtract, age_in_years, proven

IN_CUSTODY = "children_in_custody"
REMAND_TO_CUSTODY = "remand_to_custody"
SECURE_REMAND = "Youth detention accommodation"
#: What a row of remand then custody counts, in the words of the workbook's "How it was made":
#: children by the end of their remand, not its start, so not the children remanded in the
#: period (those with a remand of either kind starting in it), which a reader could take it for.
REMAND_TO_CUSTODY_METHOD = (
    "children whose remand to youth detention accommodation ended in the period (not those "
    "remanded in it); custodial sentence from the remand's start to three months after its end"
)
#: How long after a remand ends a custodial sentence still counts as following it.
SENTENCE_WAIT = pd.DateOffset(months=3)
STATUSES = ("Sentenced", "Remanded")


def day_label(day: pd.Timestamp) -> str:
    """Label a snapshot's day: ``31 December 2024``.

    Examples
    --------
    >>> day_label(pd.Timestamp("2024-03-31"))
    '31 March 2024'
    """
    return f"{day.day} {day:%B %Y}"


def snapshot_days(extract: CaseExtract) -> list[pd.Timestamp]:
    """Return the month ends a snapshot is made for: two years after the first record onward."""
    first = extract.first_record + counting.HISTORY_NEEDED
    return [
        pd.Timestamp(d)
        for d in pd.date_range(first + pd.offsets.MonthEnd(0), extract.as_of, freq="ME")
    ]


def _sentences(extract: CaseExtract) -> pd.DataFrame | None:
    """Custodial sentences: child, birth, from (outcome date) and until (release, or never)."""
    offences = extract.offences
    if "release_date" not in offences:
        return None
    custodial = offences[proven(offences) & offences["outcome_class"].eq("custody")]
    return pd.DataFrame(
        {
            "child_id": custodial["child_id"].to_numpy(),
            "date_of_birth": custodial["date_of_birth"].to_numpy(),
            "start": custodial["outcome_date"].to_numpy(),
            "end": custodial["release_date"].to_numpy(),
        }
    )


def _remands(extract: CaseExtract) -> pd.DataFrame | None:
    """Remands to youth detention accommodation: child, birth, start and end (or none yet)."""
    remands = extract.remands
    if "remands" not in extract.files or "remand_end" not in remands:
        return None
    secure = remands[remands["remand_type"].eq(SECURE_REMAND)]
    birth = extract.children.set_index("child_id")["date_of_birth"]
    return pd.DataFrame(
        {
            "child_id": secure["child_id"].to_numpy(),
            "date_of_birth": secure["child_id"].map(birth).to_numpy(),
            "start": secure["remand_start"].to_numpy(),
            "end": secure["remand_end"].to_numpy(),
        }
    )


def _on(spells: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """Return each day's children aged 10 to 17 whose spell covers the end of that day.

    One row per day and child (``day``, ``child_id``): every spell set beside every day at
    once, rather than a pass over the spells for each day.
    """
    first, last = min(days), max(days)
    spells = spells[(spells["start"] <= last) & (spells["end"].isna() | (spells["end"] > first))]
    pairs = spells.merge(pd.DataFrame({"day": pd.to_datetime(days)}), how="cross")
    inside = (pairs["start"] <= pairs["day"]) & (
        pairs["end"].isna() | (pairs["end"] > pairs["day"])
    )
    found = pairs[inside]
    age = age_in_years(found["date_of_birth"], found["day"])
    found = found[age.between(10, 17).fillna(False).astype(bool)]
    return found[["day", "child_id"]].drop_duplicates()


def in_custody(extract: CaseExtract, days: list[pd.Timestamp] | None = None) -> pd.DataFrame:
    """Children in custody at the end of each day: total, serving a sentence, remanded.

    Parameters
    ----------
    extract : CaseExtract
        The service's extract.
    days : list of pandas.Timestamp, optional
        The days (default: :func:`snapshot_days`).

    Returns
    -------
    pandas.DataFrame
        Rows of the indicator table (``children_in_custody``; breakdown ``total`` and
        ``custody_status``), empty where the extract cannot say who was released.
    """
    sentences, remands = _sentences(extract), _remands(extract)
    if sentences is None or remands is None:
        if sentences is None:
            why = "no release_date column in its offences table, so who was released"
        elif "remands" not in extract.files:
            why = "no remands table, so who was remanded to youth detention accommodation"
        else:
            why = "no remand_end column in its remands table, so who was released"
        extract.notes.append(
            f"Case-level extract for {extract.yjs}: no count of children in custody, because "
            f"the extract has {why} cannot be told"
        )
        return pd.DataFrame()
    days = snapshot_days(extract) if days is None else days
    if not days:
        return pd.DataFrame()
    serving = _on(sentences, days)
    remanded = _on(remands, days).merge(serving, how="left", indicator=True)
    remanded = remanded[remanded["_merge"] == "left_only"]  # a child serving is not counted again
    index = pd.to_datetime(days)
    by_day = [
        frame.groupby("day").size().reindex(index, fill_value=0).to_numpy()
        for frame in (serving, remanded)
    ]
    counts = np.column_stack([by_day[0] + by_day[1], *by_day]).astype(float)
    windows = pd.DataFrame(
        {"period": [day_label(d) for d in days], "period_start": days, "period_end": days}
    )
    method = "children in custody at the end of the day; one counted once"
    parts = [
        counting.indicator_rows(windows, IN_CUSTODY, counts[:, 0], None, extract, method=method)
    ]
    for i, status in enumerate(STATUSES, start=1):
        parts.append(
            counting.indicator_rows(
                windows, IN_CUSTODY, counts[:, i], None, extract, "custody_status", status, method
            )
        )
    return pd.concat(parts, ignore_index=True)


def remand_outcomes(extract: CaseExtract, windows: pd.DataFrame) -> pd.DataFrame:
    """Count children whose secure remand ended in a period, and those then sentenced to custody.

    Returns
    -------
    pandas.DataFrame
        Rows of the indicator table (``remand_to_custody``), for the periods whose three
        months' wait has passed by the extract's date; empty without remand ends.
    """
    remands = _remands(extract)
    if remands is None or remands.empty:
        return pd.DataFrame()
    ended = remands[remands["end"].notna()].reset_index(drop=True)
    sentences = _sentences(extract)
    if sentences is None:  # custody outcomes are still known without release dates
        offences = extract.offences
        custodial = offences[proven(offences) & offences["outcome_class"].eq("custody")]
        sentences = pd.DataFrame(
            {"child_id": custodial["child_id"], "start": custodial["outcome_date"]}
        )
    joined = ended.reset_index().merge(sentences[["child_id", "start"]], on="child_id", how="left",
                                       suffixes=("", "_sentence"))  # fmt: skip
    followed = (joined["start_sentence"] >= joined["start"]) & (
        joined["start_sentence"] <= joined["end"] + SENTENCE_WAIT
    )
    then_custody = followed.groupby(joined["index"]).any().reindex(ended.index, fill_value=False)
    ready = windows[windows["period_end"] + SENTENCE_WAIT <= extract.as_of]
    if ready.empty:
        return pd.DataFrame()
    events = ended.assign(custody=then_custody.to_numpy())
    everyone, _ = counting.distinct_in(events, "end", ready)
    sentenced, _ = counting.distinct_in(events[events["custody"]], "end", ready)
    return counting.indicator_rows(
        ready,
        REMAND_TO_CUSTODY,
        sentenced[:, 0],
        everyone[:, 0],
        extract,
        method=REMAND_TO_CUSTODY_METHOD,
    )


def serious_violence_by_offence(extract: CaseExtract, windows, population) -> pd.DataFrame:
    """Count the serious violence offences behind the rate by offence group (adding up to it)."""
    offences = extract.offences
    serious = offences[
        proven(offences)
        & offences["offence_group"].isin(counting.SERIOUS_VIOLENCE_GROUPS)
        & (offences["gravity_score"] >= 5)
    ]
    people = counting.population_in(windows, population, extract.yjs)
    method = counting.population_method(
        "proven offences by outcome date", windows, population, extract.yjs
    )
    parts = []
    for group in sorted(counting.SERIOUS_VIOLENCE_GROUPS):
        counts = counting.count_in(
            serious.loc[serious["offence_group"].eq(group), "outcome_date"], windows
        )
        parts.append(
            counting.indicator_rows(
                windows, "syv_rate", counts, people, extract, "offence_group", group,
                method=method,
            )
        )  # fmt: skip
    return pd.concat(parts, ignore_index=True)


__all__ = ["IN_CUSTODY", "REMAND_TO_CUSTODY", "in_custody", "remand_outcomes"]
