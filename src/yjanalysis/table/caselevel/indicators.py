"""Indicators from a service's case-level extract, by the YJB's and the MoJ's definitions.

Every function returns rows of the indicator table for the service (status ``computed``,
source the extract), for rolling 12-month periods ending each quarter and for financial years
(a rolling year ending in March is labelled as its financial year). The definitions, with the
choices made where the published guidance leaves room, are in ``docs/extract.md``; each is
pinned by a worked example in ``tests/test_caselevel.py``.

The work is vectorised: events are sorted once and counted into all periods with binary
search, so a million offence rows take seconds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from yjanalysis.methods import stats
from yjanalysis.table.caselevel import custody_today
from yjanalysis.table.caselevel.counting import (
    HISTORY_NEEDED,
    SERIOUS_VIOLENCE_GROUPS,
    count_in,
    date_order,
    distinct_in,
    indicator_rows,
    population_in,
    population_method,
)
from yjanalysis.table.caselevel.extract import CaseExtract, age_in_years, positions, proven
from yjanalysis.vocabulary import periods

OUT_OF_COURT = {"Community resolution", "Youth caution", "Youth conditional caution"}
ETE_ORDERS = {"Referral order", "Youth rehabilitation order", "DTO licence"}
WAITING = pd.DateOffset(months=6)
FOLLOW_UP = pd.DateOffset(months=12)


#: Every indicator the engine can compute from an extract (where the extract has its fields).
INDICATORS = frozenset(
    {
        "fte_rate", "custody_rate", "syv_rate", "children_remanded", "remand_episodes",
        "reoffending_binary", "reoffending_frequency", "reoffences_per_reoffender",
        "ete_suitable", "ete_status_share", "neet_post16_order_end", "attainment8", "capped9",
        "persistent_absence", "out_of_court_share", "cautioned_or_sentenced_share",
        "court_share", "remand_share", "custody_share", "kpi_accommodation_suitable",
        "kpi_send_suitable_ete", "kpi_send_learning_plan", "kpi_mental_health_need",
        "kpi_mental_health_offered", "kpi_mental_health_attended", "kpi_substance_need",
        "kpi_substance_offered", "kpi_substance_attended", "kpi_out_of_court_completed",
        "kpi_wider_services", "children_in_custody", "remand_to_custody",
    }
)  # fmt: skip


def first_time_entrants(extract: CaseExtract, windows, population) -> pd.DataFrame:
    """Children whose first caution or conviction falls in the period, aged 10 to 17 then.

    The date of entry is the outcome date of the child's first proven offence (a youth caution,
    youth conditional caution or court conviction; community resolutions and diversion are not
    formal outcomes). The child's age is taken at the offence. A child with an earlier formal
    outcome, in any period, is not a first time entrant again. Rate per 100,000 aged 10 to 17.

    An extract holds no history before its first record, so a child cautioned before it looks
    new: periods starting less than two years (:data:`HISTORY_NEEDED`) after the first record
    say in ``method`` that they may be overstated.
    """
    offences = extract.offences
    columns = ["child_id", "outcome_date", "offence_date", "age_at_offence"]
    formal = offences.loc[proven(offences), columns].sort_values(["outcome_date", "offence_date"])
    first = formal.drop_duplicates("child_id")
    first = first[first["age_at_offence"].between(10, 17)]
    counts = count_in(first["outcome_date"], windows)
    settled = extract.first_record + HISTORY_NEEDED
    method = np.where(
        windows["period_start"] < settled,
        "first formal outcome in the service's own records; may be overstated: the records "
        f"begin in {extract.begins}, less than two years before the period, so "
        "a child's earlier caution or conviction may be missing",
        "first formal outcome in the service's own records",
    )
    return indicator_rows(
        windows,
        "fte_rate",
        counts,
        population_in(windows, population, extract.yjs),
        extract,
        method=population_method(method, windows, population, extract.yjs),
    )


def custodial_sentences(offences: pd.DataFrame) -> pd.Series:
    """Say which offences ended in a custodial sentence of a child.

    Proven (not overturned on appeal), with the child under 18 at the first hearing (the
    offence date where no hearing date is recorded). The custody rate counts their sentencing
    occasions and the custody stage by ethnic group their children, so that the children are
    within the occasions by definition (a stage that also counted those 18 at the first
    hearing gave Newport 8 children sentenced to custody beside 7 custodial sentences).
    """
    custodial = proven(offences) & offences["outcome_class"].eq("custody")
    hearing = offences.get("first_hearing_date", offences["offence_date"])
    hearing = hearing.fillna(offences["offence_date"])
    return custodial & (age_in_years(offences["date_of_birth"], hearing) < 18)


def custody(extract: CaseExtract, windows, population) -> pd.DataFrame:
    """Custodial sentences, counted once per sentencing occasion.

    A child's custodial sentences on one day are one occasion, whatever their types (a
    detention and training order and a section 250 sentence passed together are one custodial
    sentence).

    Sentences successfully appealed are excluded; the child must be under 18 at the first
    hearing (the offence date where no hearing date is recorded). Rate per 1,000 aged 10 to 17.
    """
    offences = extract.offences
    custodial = offences[custodial_sentences(offences)]
    occasions = custodial.drop_duplicates(["child_id", "outcome_date"])
    counts = count_in(occasions["outcome_date"], windows)
    return indicator_rows(
        windows,
        "custody_rate",
        counts,
        population_in(windows, population, extract.yjs),
        extract,
        method=population_method(
            "sentencing occasions: a child's custodial sentences on one day count once",
            windows,
            population,
            extract.yjs,
        ),
    )


#: The words that begin the sentence of :func:`no_remands`, by which a report finds it.
NO_REMANDS = "the records hold no remand"


def no_remands(extract: CaseExtract) -> str:
    """Say in one sentence that the extract's remands table, present, holds no remand.

    A small service may remand no child in its records' span: its remands table is a header
    alone, read as zero remands (not as a missing table), and the build and the report say so.
    """
    return (
        f"Case-level extract for {extract.yjs}: {NO_REMANDS} from {extract.begins} to "
        f"{extract.as_of:%B %Y} (its remands table has a header and no rows), so children "
        "remanded and remand episodes are none in every period, no child is counted as "
        "remanded in custody, and no remand ended to be followed by a sentence"
    )


def remands(extract: CaseExtract, windows) -> pd.DataFrame:
    """Children remanded and remand episodes starting in the period (zero for no rows)."""
    episodes = extract.remands
    if "remands" not in extract.files:
        extract.notes.append(
            f"Case-level extract for {extract.yjs}: no figures of children remanded, remand "
            "episodes or remands followed by custody, because the extract has no remands table "
            "(see docs/extract.md)"
        )
        return pd.DataFrame()
    if episodes.empty:  # a header alone: the records say no child was remanded
        extract.notes.append(no_remands(extract))
    children, _ = distinct_in(episodes, "remand_start", windows)
    count = count_in(episodes["remand_start"], windows)
    return pd.concat(
        [
            indicator_rows(windows, "children_remanded", children[:, 0], None, extract),
            indicator_rows(windows, "remand_episodes", count, None, extract),
        ]
    )


def serious_youth_violence(extract: CaseExtract, windows, population) -> pd.DataFrame:
    """Proven offences of violence against the person, robbery or drugs, gravity 5 or more.

    Counted by the date the offence was proven (its outcome); rate per 10,000 aged 10 to 17.
    """
    offences = extract.offences
    serious = offences[
        proven(offences)
        & offences["offence_group"].isin(SERIOUS_VIOLENCE_GROUPS)
        & (offences["gravity_score"] >= 5)
    ]
    counts = count_in(serious["outcome_date"], windows)
    return indicator_rows(
        windows,
        "syv_rate",
        counts,
        population_in(windows, population, extract.yjs),
        extract,
        method=population_method(
            "proven offences by outcome date", windows, population, extract.yjs
        ),
    )


def reoffending(extract: CaseExtract, quarters: Iterable[pd.Timestamp]) -> pd.DataFrame:
    """Proven reoffending by the Ministry of Justice method, per quarterly cohort and year.

    The cohort of a quarter is every child cautioned, given a non-custodial conviction or
    released from custody in it; the first such event in the quarter is the child's index date,
    and the child must be 10 to 17 then. A reoffence is an offence committed in the 12 months
    after the index date and proven (caution or conviction) within those 12 months or a further
    6 months. A cohort is reported only once its follow-up and waiting period have passed by
    the date of the extract. The year is the sum of four consecutive quarterly cohorts (a child
    can be in more than one).
    """
    offences = extract.offences
    used = ["child_id", "outcome_class", "offence_date", "outcome_date", "release_date"]
    formal = offences.loc[proven(offences), [c for c in used if c in offences]]
    index_events = [
        formal.loc[
            formal["outcome_class"].isin(["caution", "conviction"]), ["child_id", "outcome_date"]
        ].rename(columns={"outcome_date": "index_date"}),
    ]
    if "release_date" in formal:
        released = formal[formal["outcome_class"].eq("custody") & formal["release_date"].notna()]
        index_events.append(
            released[["child_id", "release_date"]].rename(columns={"release_date": "index_date"})
        )
    events = pd.concat(index_events, ignore_index=True)
    events = events.assign(
        date_of_birth=events["child_id"].map(
            extract.children.set_index("child_id")["date_of_birth"]
        )
    )
    # Index events in date order (stable, so a child's tied events keep their order): each
    # quarter's are a slice, and a child's first in the quarter is the first in the slice.
    when = events["index_date"].to_numpy(dtype="datetime64[ns]")
    if np.isnat(when).any():  # not reached: an index event has its date
        events = events.sort_values("index_date", kind="stable", ignore_index=True)
    else:
        events = events.take(date_order(when)).reset_index(drop=True)
    dates = events["index_date"].to_numpy(dtype="datetime64[ns]")
    labels, firsts, lasts, slices = [], [], [], []
    for end in quarters:
        label, start, stop = periods.quarter(end)
        if stop + FOLLOW_UP + WAITING > extract.as_of:
            continue
        labels.append(label)
        firsts.append(start)
        lasts.append(stop)
        slices.append(
            (
                np.searchsorted(dates, np.datetime64(start), "left"),
                np.searchsorted(dates, np.datetime64(stop), "right"),
            )
        )
    # Every quarter's cohort at once: its slice of the events, each child's first kept.
    taken = [np.arange(begin, finish) for begin, finish in slices]
    picked = np.concatenate(taken) if taken else np.array([], dtype=np.intp)
    cohort = events.iloc[picked].assign(
        cohort_of=np.repeat(np.arange(len(slices)), [len(t) for t in taken])
    )
    cohort = cohort.drop_duplicates(["cohort_of", "child_id"])
    cohort = cohort[age_in_years(cohort["date_of_birth"], cohort["index_date"]).between(10, 17)]
    later = formal[["child_id", "offence_date", "outcome_date"]]
    joined = cohort[["cohort_of", "child_id", "index_date"]].merge(later, on="child_id")
    hit = (
        (joined["offence_date"] > joined["index_date"])
        & (joined["offence_date"] <= joined["index_date"] + FOLLOW_UP)
        & (joined["outcome_date"] <= joined["index_date"] + FOLLOW_UP + WAITING)
    )
    per_child = joined[hit].groupby(["cohort_of", "child_id"], observed=True).size()
    quarter_of = per_child.index.get_level_values("cohort_of")
    size = np.bincount(cohort["cohort_of"], minlength=len(slices))
    reoffenders = np.bincount(quarter_of, minlength=len(slices))
    reoffences = np.bincount(quarter_of, weights=per_child.to_numpy(), minlength=len(slices))
    rows = [
        (label, start, stop, int(n), int(r), int(o))
        for label, start, stop, n, r, o in zip(
            labels, firsts, lasts, size, reoffenders, reoffences, strict=True
        )
    ]
    cohorts = pd.DataFrame(
        rows,
        columns=["period", "period_start", "period_end", "cohort", "reoffenders", "reoffences"],
    )
    if cohorts.empty:
        return pd.DataFrame()
    years = []
    members = [[i] for i in range(len(cohorts))]
    for i in range(3, len(cohorts)):
        block = cohorts.iloc[i - 3 : i + 1]
        if (block["period_end"].iloc[-1] - block["period_start"].iloc[0]).days > 366:
            continue
        label, start, stop = periods.year_label(block["period_end"].iloc[-1])
        years.append((label, start, stop, *block[["cohort", "reoffenders", "reoffences"]].sum()))
        members.append(list(range(i - 3, i + 1)))
    both = pd.concat([cohorts, pd.DataFrame(years, columns=cohorts.columns)], ignore_index=True)
    windows = both[["period", "period_start", "period_end"]]
    method = np.where(both.index < len(cohorts), "3-month cohort", "four 3-month cohorts")
    entries = cohort[["cohort_of", "child_id"]].merge(
        per_child.rename("reoffences").reset_index(), on=["cohort_of", "child_id"], how="left"
    )
    entries["reoffences"] = entries["reoffences"].fillna(0)
    per_child_ci, per_reoffender_ci = _reoffence_intervals(entries, members)
    return pd.concat(
        [
            indicator_rows(
                windows,
                "reoffending_binary",
                both["reoffenders"],
                both["cohort"],
                extract,
                method=method,
            ),
            indicator_rows(
                windows,
                "reoffending_frequency",
                both["reoffences"],
                both["cohort"],
                extract,
                method=method,
            ).assign(lower=per_child_ci[:, 0], upper=per_child_ci[:, 1]),
            indicator_rows(
                windows,
                "reoffences_per_reoffender",
                both["reoffences"],
                both["reoffenders"],
                extract,
                method=method,
            ).assign(lower=per_reoffender_ci[:, 0], upper=per_reoffender_ci[:, 1]),
        ]
    )


def _reoffence_intervals(entries: pd.DataFrame, members: list[list[int]]):
    """Return the 95% intervals of reoffences per child and per reoffender of each window.

    Reoffences cluster in a few children, so each window's interval comes from its children's
    own counts (:func:`~yjanalysis.methods.stats.clustered_rate_ci`), a child counted once
    however many of the window's quarterly cohorts they are in. ``entries`` has a row per
    child and cohort (``cohort_of``, ``child_id``, ``reoffences``); ``members`` lists the
    cohorts of each window.
    """
    per_child: list[tuple[float, float]] = []
    per_reoffender: list[tuple[float, float]] = []
    # Each cohort's entries are a slice of them in cohort order; a window's children, their
    # reoffences summed and their entries counted, in the order of their ids (as a groupby
    # gives them, many times faster over the forty-odd windows).
    order = np.argsort(entries["cohort_of"].to_numpy(), kind="stable")
    cohort_of = entries["cohort_of"].to_numpy()[order]
    child = entries["child_id"].to_numpy()[order]
    reoffences = entries["reoffences"].to_numpy(dtype=float)[order]
    for cohorts in members:
        rows = np.concatenate(
            [
                np.arange(
                    np.searchsorted(cohort_of, c, "left"), np.searchsorted(cohort_of, c, "right")
                )
                for c in cohorts
            ]
        )
        reoffended = rows[reoffences[rows] > 0]
        for out, chosen, least in ((per_child, rows, 0), (per_reoffender, reoffended, 1)):
            _, each = np.unique(child[chosen], return_inverse=True)
            sums = np.bincount(each, weights=reoffences[chosen])
            out.append(stats.clustered_rate_ci(sums, np.bincount(each), least=least))
    shape = (len(members), 2)
    return np.array(per_child, dtype=float).reshape(shape), np.array(
        per_reoffender, dtype=float
    ).reshape(shape)


def _ended(extract: CaseExtract, windows, types=None):
    orders = extract.orders
    if orders.empty or "order_end" not in orders:
        return None
    chosen = orders[orders["order_end"].notna()]
    if types is not None:
        chosen = chosen[chosen["order_type"].isin(types)]
    chosen = chosen.assign(age_at_end=age_in_years(chosen["date_of_birth"], chosen["order_end"]))
    return chosen


def _share(
    windows,
    indicator,
    frame,
    date,
    numerator_mask,
    denominator_mask,
    extract,
    breakdown="total",
    group="all",
):
    num = count_in(frame.loc[numerator_mask & denominator_mask, date], windows)
    den = count_in(frame.loc[denominator_mask, date], windows)
    return indicator_rows(windows, indicator, num, den, extract, breakdown, group)


def education_training_employment(extract: CaseExtract, windows) -> pd.DataFrame:
    """ETE at the end of referral orders, YROs and DTO licences ending in the period.

    Suitable ETE is a full-time or part-time arrangement. School age is under 16 at the end of
    the order; post-16 is 16 or over. NEET is a post-16 child with no ETE at the end.
    """
    ended = _ended(extract, windows, ETE_ORDERS)
    if ended is None or "ete_at_end" not in ended:
        return pd.DataFrame()
    ended = ended[ended["ete_at_end"].notna()]
    suitable = ended["ete_at_end"].isin(["Full-time", "Part-time"])
    everyone = pd.Series(True, index=ended.index)
    school = ended["age_at_end"] < 16
    parts = [
        _share(windows, "ete_suitable", ended, "order_end", suitable, everyone, extract),
        _share(
            windows,
            "ete_suitable",
            ended,
            "order_end",
            suitable,
            school,
            extract,
            "age_group",
            "School age",
        ),
        _share(
            windows,
            "ete_suitable",
            ended,
            "order_end",
            suitable,
            ~school,
            extract,
            "age_group",
            "Post-16",
        ),
        _share(
            windows,
            "neet_post16_order_end",
            ended,
            "order_end",
            ended["ete_at_end"].eq("None"),
            ~school,
            extract,
        ),
    ]
    for status in ("Full-time", "Part-time", "None"):
        parts.append(
            _share(
                windows,
                "ete_status_share",
                ended,
                "order_end",
                ended["ete_at_end"].eq(status),
                everyone,
                extract,
                "ete_status",
                status,
            )
        )
    return pd.concat(parts)


def key_performance_indicators(extract: CaseExtract, windows) -> pd.DataFrame:
    """Compute the YJB key performance indicators (April 2023) the extract's fields support.

    Each is a share of the orders and programmes ending in the period with the field recorded:
    KPI 1 suitable accommodation; KPI 3 SEND (suitable ETE, and a formal learning plan, for
    children with an identified need); KPIs 4 and 5 the cascades for mental health and
    substance misuse (need; of those, offered an intervention; of those, attending); KPI 6
    out-of-court programmes completed; KPI 8 children also receiving wider services.
    """
    ended = _ended(extract, windows)
    if ended is None:
        return pd.DataFrame()

    parts = []

    def share(indicator, numerator, denominator):
        parts.append(
            _share(windows, indicator, ended, "order_end", numerator, denominator, extract)
        )

    for indicator, field in (
        ("kpi_accommodation_suitable", "accommodation_suitable"),
        ("kpi_wider_services", "wider_services"),
    ):
        if field in ended:
            share(indicator, ended[field].eq(True), ended[field].notna())
    if "send_identified" in ended:
        with_need = ended["send_identified"].eq(True)
        if "ete_at_end" in ended:
            ete = ended["ete_at_end"]
            share(
                "kpi_send_suitable_ete",
                ete.isin(["Full-time", "Part-time"]),
                with_need & ete.notna(),
            )
        if "learning_plan" in ended:
            plan = ended["learning_plan"]
            share("kpi_send_learning_plan", plan.eq(True), with_need & plan.notna())
    for topic in ("mental_health", "substance"):
        need, offered, attended = (
            ended.get(f"{topic}_{s}") for s in ("need", "offered", "attended")
        )
        if need is None:
            continue
        share(f"kpi_{topic}_need", need.eq(True), need.notna())
        if offered is not None:
            share(f"kpi_{topic}_offered", offered.eq(True), need.eq(True) & offered.notna())
            if attended is not None:
                share(
                    f"kpi_{topic}_attended", attended.eq(True), offered.eq(True) & attended.notna()
                )
    if "completed" in ended:
        completed = ended["completed"]
        programme = ended["order_type"].eq("Out-of-court programme")
        share("kpi_out_of_court_completed", completed.eq(True), programme & completed.notna())
    return pd.concat(parts) if parts else pd.DataFrame()


def education(extract: CaseExtract) -> pd.DataFrame:
    """Attainment 8 (or Capped 9) and persistent absence of the children matched to school records.

    Per academic year: the mean Attainment 8 of matched children with a score (with its t
    interval), or the mean Capped 9 points score where the records give Wales's measure, and
    the share persistently absent (missing 10% or more of possible sessions,
    that is attendance below 90%), as the pupil group ``Youth justice cohort``.
    """
    records = extract.education
    if records.empty:
        return pd.DataFrame()
    rows = []
    for year, group in records.groupby("academic_year"):
        _, start, end = periods.academic_year(int(year[:4]) + 1)
        base = {
            "area_type": "yjs",
            "area": extract.yjs,
            "period": year,
            "period_start": start,
            "period_end": end,
            "breakdown": "pupil_group",
            "group": "Youth justice cohort",
            "source": extract.source,
            "status": "computed",
        }
        for score in ("attainment8", "capped9"):  # England's measure, and Wales's
            if score in group and group[score].notna().any():
                mean, lower, upper = stats.mean_ci_from_values(group[score])
                rows.append(
                    base
                    | {
                        "indicator": score,
                        "value": mean,
                        "lower": lower,
                        "upper": upper,
                        "denominator": float(group[score].notna().sum()),
                        "method": "mean of matched pupils with a score",
                    }
                )
        if {"possible_sessions", "missed_sessions"} <= set(group):
            known = group[group["possible_sessions"] > 0]
            if len(known):
                absent = (known["missed_sessions"] / known["possible_sessions"]) >= 0.10
                rows.append(
                    base
                    | {
                        "indicator": "persistent_absence",
                        "numerator": float(absent.sum()),
                        "denominator": float(len(known)),
                        "value": 100 * absent.mean(),
                        "method": "missed 10% or more of possible sessions",
                    }
                )
    return pd.DataFrame(rows)


#: Stages of the system for the disproportionality analysis: indicator and the offences in it.
STAGE_INDICATORS = {
    "out_of_court_share": lambda o: o["outcome_type"].isin(OUT_OF_COURT),
    "cautioned_or_sentenced_share": lambda o: proven(o),
    "court_share": lambda o: proven(o) & o["outcome_class"].isin(["conviction", "custody"]),
    "custody_share": custodial_sentences,
}


def ethnic_stages(extract: CaseExtract, windows) -> pd.DataFrame:
    """Children at each stage of the system by ethnic group, for disproportionality.

    For each stage (out-of-court disposal, caution or sentence, court sentence, remand,
    custody) and period: the distinct children of each ethnic group with such an outcome (or
    a remand starting) in the period, over all children at that stage.
    """
    parts = []
    offences = extract.offences
    ethnicity = extract.children.set_index("child_id")["ethnicity_group"]
    # Only the columns a stage is counted from are carried into each stage's offences.
    counted = offences[["child_id", "outcome_date", "ethnicity_group"]]
    stages = {
        name: (counted[test(offences)], "outcome_date") for name, test in STAGE_INDICATORS.items()
    }
    if not extract.remands.empty:
        remanded = extract.remands.assign(
            ethnicity_group=extract.remands["child_id"].map(ethnicity)
        )
        stages["remand_share"] = (remanded, "remand_start")
    for indicator, (events, date) in stages.items():
        if events.empty:
            continue
        counts, groups = distinct_in(events, date, windows, by="ethnicity_group")
        totals = counts.sum(axis=1)
        for i, group in enumerate(groups):
            parts.append(
                indicator_rows(
                    windows, indicator, counts[:, i], totals, extract, "ethnicity", str(group)
                )
            )
    return pd.concat(parts) if parts else pd.DataFrame()


def _numbered(extract: CaseExtract) -> CaseExtract:
    """Return the extract with each child's id replaced by the child's row in the children table.

    Joins, de-duplication and counts of distinct children are many times faster on numbers
    than on text ids over a million rows; no id reaches a figure, so the figures are the same.
    """
    known = pd.Index(extract.children["child_id"])
    tables = {"children": extract.children.assign(child_id=np.arange(len(known)))}
    for name in ("offences", "remands", "orders", "education"):
        table = getattr(extract, name)
        tables[name] = table.assign(child_id=positions(table["child_id"], known))
    return dataclasses.replace(extract, **tables)


def all_indicators(
    extract: CaseExtract, population: pd.DataFrame, quarters: int | None = None
) -> pd.DataFrame:
    """Compute every indicator the extract supports, as rows of the indicator table.

    Parameters
    ----------
    extract : CaseExtract
        The service's extract.
    population : pandas.DataFrame
        YJS populations by year (for rates per head), as the build computes them.
    quarters : int, optional
        Only the latest this many rolling periods (default: every complete one).

    Returns
    -------
    pandas.DataFrame
        Rows of the indicator table (not yet conformed), zero counts included.
    """
    events = [
        extract.offences.get("offence_date"),
        extract.remands.get("remand_start"),
        extract.orders.get("order_start"),
    ]
    # The records' run begins after any far older records (kept as history, see coverage).
    since = extract.runs_from if extract.runs_from is not None else pd.Timestamp.min
    first = min(s[s >= since].min() for s in events if s is not None and s.ge(since).any())
    windows = periods.reporting_periods(first, extract.as_of, quarters)
    quarter_ends = [
        pd.Timestamp(e)
        for e in pd.date_range(first + pd.offsets.QuarterEnd(0), extract.as_of, freq="QE")
    ]
    if quarters:
        quarter_ends = quarter_ends[-(quarters + 6) :]
    extract = _numbered(extract)
    parts = [
        first_time_entrants(extract, windows, population),
        custody(extract, windows, population),
        remands(extract, windows),
        serious_youth_violence(extract, windows, population),
        reoffending(extract, quarter_ends),
        education_training_employment(extract, windows),
        key_performance_indicators(extract, windows),
        education(extract),
        ethnic_stages(extract, windows),
    ]

    parts += [
        custody_today.in_custody(extract),
        custody_today.remand_outcomes(extract, windows),
        custody_today.serious_violence_by_offence(extract, windows, population),
    ]
    found = [p for p in parts if len(p)]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame({"indicator": []})
