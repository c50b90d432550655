"""Refuse an extract with part of a column lost, or part of a table doubled.

Each rule here is one a youth justice analyst would check by eye, made exact:

- an order still open, or ended, long past the longest the law lets it run (a referral order
  open for five years is an end never entered: :func:`refuse_orders_past_their_length`);
- offences committed long before the records end still without an outcome, far more of them
  in a stretch of months than in the rest of the extract (the outcomes of a year lost from
  the export: :func:`refuse_outcomes_lost`);
- offences that repeat others in every field but their id, a block of the table in the same
  order as before (the export appended to itself: :func:`refuse_offences_doubled`).

Each was counted as it stood before: first time entrants of a year fell from 246 to 55 per
100,000, education, training or employment at the end of orders moved in 151 figures, and
serious youth violence doubled, with only a note in the build's log.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError

#: The longest each order can run in law, in months, from its start. A referral order is of 3
#: to 12 months, and a court's extension keeps it within 12; a youth rehabilitation order ends
#: within 3 years of its start; a DTO licence is the second half of a detention and training
#: order of at most 24 months, so at most 12; a reparation order's work is done within 3
#: months (Sentencing Act 2020). Out-of-court programmes and bail supervision have no length
#: in law, so they have no limit here.
LONGEST_ORDER = {
    "Referral order": 12,
    "Youth rehabilitation order": 36,
    "DTO licence": 12,
    "Reparation order": 3,
}
#: How far past its longest an order must run to be refused: twice the longest. An order is
#: suspended by a breach, a further offence's order can run alongside, and a case is closed in
#: the system some weeks after the order ends; none of these doubles an order's length, while
#: an end never entered keeps it open for ever (a referral order begun in 2019, open in 2024).
PAST_ITS_LENGTH = 2


def refuse_orders_past_their_length(orders: pd.DataFrame, path: str, end: pd.Timestamp) -> None:
    """Refuse an order ended, or still open at the records' end, over twice its longest.

    See :data:`LONGEST_ORDER` and :data:`PAST_ITS_LENGTH`. An order with no end is counted as
    open, so never among the orders ending, and the education, training or employment at the
    end of 30 referral orders begun before 2020 and left without an end fell out of every
    figure since (failed before, from the thirteenth adversary: 151 figures moved).

    Raises
    ------
    InputError
        Naming the file, the row and ``order_end``.
    """
    needed = {"order_type", "order_start", "order_end"}
    if orders.empty or not needed <= set(orders.columns):
        return
    for kind, months in LONGEST_ORDER.items():
        of_kind = orders["order_type"].eq(kind).fillna(False).to_numpy(dtype=bool)
        if not of_kind.any():
            continue
        these = orders[of_kind]
        latest = these["order_start"] + pd.DateOffset(months=PAST_ITS_LENGTH * months)
        said = f"{kind[0].lower()}{kind[1:]}" if not kind.startswith("DTO") else kind
        longest = f"{months} months" if months < 36 else f"{months // 12} years"
        law = f"a {said} runs for at most {longest}"
        late = these["order_end"] > latest
        if late.any():
            row = late.idxmax()
            raise InputError(
                f"row {row}, column 'order_end': the {said} from "
                f"{these.at[row, 'order_start']:%Y-%m-%d} ends on "
                f"{these.at[row, 'order_end']:%Y-%m-%d}, more than twice its longest later; "
                f"expected an end within {PAST_ITS_LENGTH * months} months of the start (is the "
                f"year mistyped?), since {law}.",
                path,
            )
        still_open = these["order_end"].isna() & (latest < end)
        if still_open.any():
            row = still_open.idxmax()
            raise InputError(
                f"row {row}, column 'order_end': the {said} that began on "
                f"{these.at[row, 'order_start']:%Y-%m-%d} has no end, more than "
                f"{PAST_ITS_LENGTH * months} months before the records end ({end:%Y-%m-%d}); "
                f"expected the day it ended, since {law} (counted as open, it is never among "
                "the orders ending, and its education, training or employment at the end is "
                "lost from every figure).",
                path,
            )


#: How long before the records end an offence is taken to have had its outcome, if it is to
#: have one: two years. Custody time limits bring a remanded child to trial within months; a
#: child on bail waits longer, and a Crown Court trial can take more than a year, but not two.
SETTLED = pd.DateOffset(years=2)
#: How far above the rest of the extract's share a stretch's offences without an outcome must
#: be to be judged at all: ten times (as :data:`.extract.FAR_FEWER` is a tenth). Some offences
#: never get an outcome a system records, and their share varies from year to year, but not
#: tenfold.
FAR_MORE = 10
#: The chance below which such a stretch is refused, with every stretch weighed counted
#: (Bonferroni's correction): weighed against the stretches of its length alone, as a gap
#: is, outcomes missing at random from 3% of the demo's offences were refused once in 200.
LOST_CHANCE = 1e-3


def refuse_outcomes_lost(
    offences: pd.DataFrame, path: str, start: pd.Timestamp, end: pd.Timestamp
) -> None:
    """Refuse a stretch of offences, long settled, with far more lacking an outcome than the rest.

    Among the offences of the records' run (history before it, migrated from an older system,
    may hold no outcomes) committed more than :data:`SETTLED` before its end, every
    stretch of whole months (by offence date) is weighed: ``k`` of its ``n`` offences without
    an outcome, where the share of the other settled offences (``(k' + 1) / (n' + 2)``, so that
    a rest with none gives a small share, not zero) gives ``m``. A stretch is judged where
    ``k`` is over :data:`FAR_MORE` times ``m``, and refused where so many has a Poisson chance
    below :data:`LOST_CHANCE`, times the number of stretches. The outcomes of a year's cautions
    and community sentences lost from an export (the custodial ones kept) made first time
    entrants of 2021-22 55 per 100,000 for 246 (failed before, from the thirteenth adversary).

    Raises
    ------
    InputError
        Naming the file, the stretch, the offences without an outcome in it and the share of
        the rest.
    """
    if offences.empty or "outcome_date" not in offences:
        return
    dates = offences["offence_date"]
    settled = offences[(dates >= start) & (dates < end - SETTLED)]
    if len(settled) < 2:
        return
    months = settled["offence_date"].dt.to_period("M")
    span = pd.period_range(months.min(), months.max(), freq="M")
    lacking = settled["outcome_date"].isna().to_numpy()
    per_month = pd.DataFrame({"month": months, "lacking": lacking}).groupby("month")["lacking"]
    n = np.concatenate([[0], np.cumsum(per_month.size().reindex(span, fill_value=0))])
    k = np.concatenate([[0], np.cumsum(per_month.sum().reindex(span, fill_value=0))])
    i, j = np.triu_indices(len(span))
    inside_n, inside_k = n[j + 1] - n[i], k[j + 1] - k[i]
    rest_share = (k[-1] - inside_k) / np.maximum(n[-1] - inside_n, 1)
    judged = (inside_k > FAR_MORE * inside_n * rest_share) & (inside_k > 0)
    from scipy.stats import hypergeom

    # The chance that so many of all the settled offences lacking an outcome fall in the
    # stretch, had they fallen anywhere (the hypergeometric tail: it weighs the rest's share
    # as the sample it is, so that a rest that happens to hold none is not taken for certain),
    # in logarithms, since a year's outcomes lost has a chance of 0 as a float and the least
    # likely stretch must still be told from the others.
    tail = hypergeom.logsf(inside_k - 1, n[-1], k[-1], inside_n)
    tail = np.where(np.isfinite(tail), tail, hypergeom.logpmf(inside_k, n[-1], k[-1], inside_n))
    log_chance = np.where(judged, np.log(len(i)) + tail, np.inf)
    worst = int(np.argmin(log_chance))
    if not log_chance[worst] < np.log(LOST_CHANCE):
        return
    first, last = span[i[worst]].start_time, span[j[worst]].end_time
    rest_k, rest_n = k[-1] - inside_k[worst], n[-1] - inside_n[worst]
    raise InputError(
        f"column 'outcome_date': {inside_k[worst]:,} of the {inside_n[worst]:,} offences "
        f"committed from {first:%Y-%m-%d} to {last:%Y-%m-%d} have no outcome, more than two "
        f"years before the records end ({end:%Y-%m-%d}), where the other offences of "
        f"those years lack one in {rest_k:,} of {rest_n:,}; so many has a chance below 1 in "
        f"{round(1 / LOST_CHANCE):,}; expected each offence's outcome (was a part of the "
        "outcome columns lost from the export?), since offences without one are never "
        "cautioned or sentenced, and leave first time entrants, reoffending and serious "
        "violence.",
        path,
    )


#: The fewest rows in a block of the offences table repeating an earlier block, in the same
#: order, in every field but the id, for it to be a part of the table doubled: a child's
#: offences of one day sentenced together may be alike in every field, but they are one
#: child's, and a block spanning two children in the same order as before is a copy.
DOUBLED_BLOCK = 5


def refuse_offences_doubled(offences: pd.DataFrame, path: str) -> None:
    """Refuse an offences table holding a block of earlier rows again under new ids.

    Each row alike in every field but the offence id to an earlier row is a copy of the first
    such row. A run of :data:`DOUBLED_BLOCK` or more consecutive copies, of more than one
    child, whose first rows are themselves consecutive and in the same order, is a part of
    the table pasted again (an export appended to itself): every offence of it would count
    twice (serious youth violence 42.2 for 21.1, reoffences per reoffender 5.03 for 2.51;
    failed before, from the thirteenth adversary, with only a note in the build's log).

    Raises
    ------
    InputError
        Naming the file, the rows copied and the rows they copy.
    """
    fields = [c for c in offences.columns if c != "offence_id"]
    if len(offences) < 2 * DOUBLED_BLOCK or not fields:
        return
    keys = pd.util.hash_pandas_object(offences[fields].astype("string"), index=False)
    first = pd.Series(np.arange(len(offences)), index=keys.to_numpy()).groupby(level=0).min()
    copied = first.reindex(keys.to_numpy()).to_numpy()
    position = np.arange(len(offences))
    is_copy = copied < position
    # Consecutive copies of consecutive rows: a step of one in both.
    follows = np.zeros(len(offences), dtype=bool)
    follows[1:] = is_copy[1:] & is_copy[:-1] & (copied[1:] == copied[:-1] + 1)
    run = np.cumsum(is_copy & ~follows)  # each run of copies numbered from its first row
    runs = pd.Series(position[is_copy]).groupby(run[is_copy]).agg(["min", "max"])
    runs = runs[runs["max"] - runs["min"] + 1 >= DOUBLED_BLOCK]
    children = offences["child_id"].to_numpy() if "child_id" in offences else None
    for start, stop in runs.itertuples(index=False):
        if children is not None and len(set(children[start : stop + 1])) < 2:
            continue
        rows, of = offences.index, copied[start]
        raise InputError(
            f"rows {rows[start]} to {rows[stop]} repeat rows {rows[of]} to "
            f"{rows[of + stop - start]}, in the same order, in every field but 'offence_id'; "
            "expected each offence once (was the export appended to itself?), since a copy "
            "under a new id counts the offence twice in serious violence and reoffending.",
            path,
        )


__all__ = ["refuse_offences_doubled", "refuse_orders_past_their_length", "refuse_outcomes_lost"]
