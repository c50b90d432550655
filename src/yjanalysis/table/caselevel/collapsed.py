"""Refuse an extract column filled with one value, copied from another, or in the wrong unit.

Each column here is well formed, row by row, and wrong as a whole; a youth justice analyst
would see it in a frequency table or a scatter of two dates, and the rules make that exact:

- a code column holding one value in every row of a stretch of months, where the rest of the
  records hold others (a year's mapping lost, or the column exported as the system's default:
  :func:`refuse_a_value_filling_a_stretch`);
- lengths far below the shortest the law allows, in more rows of a kind than early ends give
  (an order's end exported as its start, a custodial sentence's release as its outcome date:
  :func:`refuse_lengths_below_the_law`);
- a column of one value in every row, where real services always show more than one (a
  child's ethnicity or an order's completion exported as the system's default:
  :func:`refuse_one_value_throughout`);
- a count of sessions missed that never passes 100 over many pupils with hundreds of sessions
  possible (the rounded percentage missed exported as the count:
  :func:`refuse_percentages_as_counts`).

Each was counted as it stood before (from the fourteenth adversary): serious violence 9.8
for 20.1, education, training or employment at the end of 2023's orders 0% full-time,
children in custody 0 for 4, persistent absence 26.4% for 76.4%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError

#: How few of a stretch's rows may hold another value than its one, against the rest's share,
#: for it to be judged: a tenth (as :data:`.extract.FAR_FEWER`). A service's mix of offences,
#: outcomes and statuses at the end of orders moves with the years, halving or doubling, but
#: not tenfold.
FAR_FEWER = 0.1
#: The chance below which such a stretch is refused, counted over every stretch, value, code
#: column and date column of the table weighed (Bonferroni's correction).
FILLED_CHANCE = 1e-3


#: The date each code column's value is given on, which a stretch of its rows is cut by: an
#: offence's group on its date, its outcome's type, court and appeal on the outcome's date, an
#: order's type at its start and its status at its end (an export mapped anew from a day cuts
#: the rows so), and a remand's type at its start.
CUT_BY = {
    "offence_group": "offence_date",
    "knife_or_weapon": "offence_date",
    "outcome_type": "outcome_date",
    "court_type": "outcome_date",
    "successful_appeal": "outcome_date",
    "order_type": "order_start",
    "remand_type": "remand_start",
}
#: The dates that follow the offence by weeks to years (an outcome; an order's start and end; a
#: remand's start): in the records' first months only the quick cases of the records have
#: reached them (cautions, not Crown Court sentences; out-of-court programmes, not court
#: orders), so their mix there is no sign of a column lost, and they are judged from a year
#: after the records begin (most outcomes come within a year of the offence, and a referral
#: order ends within one). Judged from the start, the demo of 5,000 children was refused for
#: its first quarter's outcomes, almost all out of court (1 of 58 from a court, where the rest
#: give 54%), and that of 19,000 for its first two months' orders (19 out-of-court programmes).
FOLLOWING = {"outcome_date", "order_start", "order_end", "remand_start"}
#: How long after the records begin a following date's rows are judged.
SETTLING = pd.DateOffset(years=1)


def _cut_by(table: pd.DataFrame) -> list[tuple[str, str]]:
    """Return each code and Y/N column of a table with the date its stretches are cut by.

    An order's status at its end (ETE, and every Y/N column of the orders) is cut by its end.
    """
    from yjanalysis.inputs.readers.case_extract import TABLES

    kinds = {n: f.kind for t in TABLES for n, f in t.FIELDS.items()}
    found = []
    for column in table.columns:
        if kinds.get(column) not in ("code", "flag"):
            continue
        date = CUT_BY.get(column, "order_end" if "order_end" in table else None)
        if date is not None and date in table and pd.api.types.is_datetime64_any_dtype(table[date]):
            found.append((str(column), date))
    return found


def least_likely_stretch(
    table: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, line: float = FILLED_CHANCE
) -> tuple[float, str, str, pd.Period, pd.Period, str, int, int, int, int] | None:
    """Find the stretch of a code column least likely to hold so few of its other values.

    Returns ``(log chance, date column, column, first month, last month, value, k, n, rest's
    k, rest's n)``, the chance counted over every test made (see
    :func:`refuse_a_value_filling_a_stretch`); ``None`` where none falls below ``line``. Given
    a ``line`` of 1, it measures the rule's margin on honest records.
    """
    pairs = _cut_by(table)
    if table.empty or not pairs:
        return None
    from scipy.stats import hypergeom

    tests: list[tuple[str, str, np.ndarray, pd.PeriodIndex, np.ndarray, np.ndarray, list]] = []
    for column, date in pairs:
        first = start + SETTLING if date in FOLLOWING else start
        held = table[column].notna() & table[date].between(first, end)
        if held.sum() < 2:
            continue
        codes, values = pd.factorize(table.loc[held, column].astype("string"))
        if len(values) < 2:  # one value all through: nothing for a stretch to differ from
            continue
        when = table.loc[held, date]
        month = (when.dt.year * 12 + when.dt.month).to_numpy()
        month = month - month.min()
        span = pd.period_range(when.min().to_period("M"), periods=month.max() + 1, freq="M")
        counts = np.bincount(
            month * len(values) + codes, minlength=len(span) * len(values)
        ).reshape(len(span), len(values))
        # Rows, and rows of each value, before each month: a stretch's are a difference.
        n = np.concatenate([[0], np.cumsum(counts.sum(axis=1))])
        of_value = np.vstack([np.zeros(len(values), dtype=int), np.cumsum(counts, 0)])
        i, j = np.triu_indices(len(span))
        tests.append((date, column, n, span, of_value, np.stack([i, j]), list(values)))
    many = sum(len(t[5][0]) * len(t[6]) for t in tests)
    worst: tuple[float, str, str, pd.Period, pd.Period, str, int, int, int, int] | None = None
    for date, column, n, span, of_value, (i, j), values in tests:
        total = n[-1]
        inside_n = (n[j + 1] - n[i])[:, None]
        other = n[:, None] - of_value  # rows before each month holding another value
        inside_k = other[j + 1] - other[i]
        all_k = other[-1][None, :]
        rest_share = (all_k - inside_k) / np.maximum(total - inside_n, 1)
        judged = (inside_k < FAR_FEWER * inside_n * rest_share) & (inside_n > 0)
        if not judged.any():
            continue
        # Hoeffding's bound on the hypergeometric tail (Hoeffding, 1963) first, which is cheap:
        # only a stretch it leaves below the line is weighed exactly.
        share = np.broadcast_to(all_k / max(total, 1), inside_k.shape)
        low = inside_k / np.maximum(inside_n, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            apart = np.where(low > 0, low * np.log(low / share), 0) + np.where(
                low < 1, (1 - low) * np.log((1 - low) / (1 - share)), 0
            )
        judged &= -inside_n * apart + np.log(many) < np.log(line)
        if not judged.any():
            continue
        at = np.nonzero(judged)
        log_chance = hypergeom.logcdf(
            inside_k[at], total, np.broadcast_to(all_k, inside_k.shape)[at], inside_n[at[0], 0]
        ) + np.log(many)
        best = int(np.argmin(log_chance))
        if log_chance[best] < np.log(line) and (worst is None or log_chance[best] < worst[0]):
            s, v = at[0][best], at[1][best]
            k, m = int(inside_k[s, v]), int(inside_n[s, 0])
            worst = (
                float(log_chance[best]), date, column, span[i[s]], span[j[s]], str(values[v]),
                k, m, int(all_k[0, v]) - k, int(total) - m,
            )  # fmt: skip
    return worst


def refuse_a_value_filling_a_stretch(
    table: pd.DataFrame, name: str, path: str, start: pd.Timestamp, end: pd.Timestamp
) -> None:
    """Refuse a code column holding one value in a stretch of months far more than elsewhere.

    For each code or flag column, cut by the date its value is given on (:data:`CUT_BY`; an
    order's status by its end, from :data:`SETTLING` after the records begin where the date
    follows another, :data:`FOLLOWING`), each value ``v`` and each stretch of whole months of
    the records' run, ``k`` of the stretch's ``n`` rows hold another value
    than ``v``, where the rest of the table's rows do in ``K'`` of ``N'``. A stretch is judged
    where ``k`` is under :data:`FAR_FEWER` of ``n K' / N'``, and refused where so few has a
    hypergeometric chance below :data:`FILLED_CHANCE`, times the number of tests made. Failed
    before, from the fourteenth adversary: every 2023 offence's group exported as ``Other``
    (serious violence 9.8 for 20.1), and every order ending in 2023 with its ETE status the
    system's default ``None`` (full-time 0% for 25%).

    Raises
    ------
    InputError
        Naming the file, the column, the stretch, its rows and the rest's share.
    """
    worst = least_likely_stretch(table, start, end)
    if worst is None:
        return
    _, date, column, first, last, value, k, m, rest_k, rest_n = worst
    lo, hi = first.start_time, last.end_time
    rows = table.index[table[date].between(lo, hi) & table[column].notna()]
    said = "Y" if value == "True" else "N" if value == "False" else value
    held = f"{'all' if k == 0 else f'all but {k:,}'} of the {m:,} rows"
    raise InputError(
        f"column '{column}': {held} whose '{date}' falls from {lo:%Y-%m-%d} to {hi:%Y-%m-%d} "
        f"(the first row {rows.min()}, the last {rows.max()}) hold '{said}', where the other "
        f"rows hold another value in {rest_k:,} of {rest_n:,}; so few has a chance below 1 in "
        f"{round(1 / FILLED_CHANCE):,}; expected the values the records hold (was a mapping "
        f"lost for those months, or the column exported as the system's default?), since the "
        f"{name} of those months would all be counted as '{said}'.",
        path,
    )


#: The shortest each order runs in law, in months, from its start: a referral order is of 3 to
#: 12 months (Sentencing Act 2020, s. 86), and a DTO licence is the second half of a detention
#: and training order of at least 4 months (s. 236), so 2 months. An order can end early (a
#: referral order revoked for good progress, or on a further sentence), so one row under it is
#: no error; most of a kind's ended orders under half of it is the start copied into the end.
SHORTEST_ORDER = {"Referral order": 3, "DTO licence": 2}
#: The shortest each custodial sentence keeps a child in custody, in months, from the day it is
#: given: half of a detention and training order of at least 4 months (Sentencing Act 2020,
#: ss. 236 and 241). Time on remand taken into account can bring a release forward to the day
#: of sentence, but for some children, not most.
SHORTEST_CUSTODY = {"Detention and training order": 2}
#: How far under its shortest a length must be to count as short: under half of it.
UNDER_ITS_SHORTEST = 0.5
#: The share of a kind's lengths that may be short, as early ends: a few per cent. An order is
#: revoked within weeks of its start on a further sentence, or ends as the child dies or moves
#: away; a referral order revoked for good progress has run for months. Over this share, beyond
#: chance, the column is refused: a third of referral orders ending 2 days after their start
#: (adversary 15, E34) passed a rule that wanted most short, and moved 375 figures.
EARLY_ENDS = 0.05
#: The chance below which so many short lengths, at :data:`EARLY_ENDS`, are refused.
SHORT_CHANCE = 1e-3


def _most_too_short(
    frame: pd.DataFrame, kind: pd.Series, begins: str, ends: str, shortest: dict[str, int]
) -> tuple[str, pd.Index, int, int] | None:
    """Return the first kind with more short lengths than early ends give, or ``None``.

    A kind's ``k`` of ``n`` lengths under half its shortest are too many where ``k`` is over
    :data:`EARLY_ENDS` of ``n`` and as many or more has a binomial chance, at that share, below
    :data:`SHORT_CHANCE`: a small service's one or two early ends are read.
    """
    from scipy.stats import binom

    for each, months in shortest.items():
        these = frame[kind.eq(each).fillna(False).to_numpy(dtype=bool) & frame[ends].notna()]
        days = (these[ends] - these[begins]).dt.days
        short = days < UNDER_ITS_SHORTEST * months * 365.25 / 12
        k, n = int(short.sum()), len(these)
        if k > EARLY_ENDS * n and binom.sf(k - 1, n, EARLY_ENDS) < SHORT_CHANCE:
            return each, these.index[short.to_numpy()], months, n
    return None


def refuse_lengths_below_the_law(
    orders: pd.DataFrame, offences: pd.DataFrame, paths: dict[str, str]
) -> None:
    """Refuse ends or releases too many of which fall far before the law allows.

    See :data:`SHORTEST_ORDER`, :data:`SHORTEST_CUSTODY`, :data:`UNDER_ITS_SHORTEST`,
    :data:`EARLY_ENDS` and :data:`SHORT_CHANCE`. Only the longest was checked before (from
    the fourteenth adversary): an order's end exported as its start (every order 0 days)
    moved 429 figures of education, training or employment at the end of orders, and every
    custodial sentence released on the day it was given made children in custody 0 for 4.
    Most of a kind was the line after it, and a third of referral orders ending 2 days in
    passed (adversary 15, E34).

    Raises
    ------
    InputError
        Naming the file, the column, how many of the kind are short and the first rows.
    """
    found: list[tuple[str, str, str, tuple[str, pd.Index, int, int] | None]] = []
    if not orders.empty and {"order_type", "order_start", "order_end"} <= set(orders.columns):
        found.append(("orders", "order_end", "order_start", _most_too_short(
            orders, orders["order_type"], "order_start", "order_end", SHORTEST_ORDER
        )))  # fmt: skip
    if not offences.empty and {"outcome_type", "release_date"} <= set(offences.columns):
        found.append(("offences", "release_date", "outcome_date", _most_too_short(
            offences, offences["outcome_type"], "outcome_date", "release_date",
            SHORTEST_CUSTODY,
        )))  # fmt: skip
    for name, column, begins, short in found:
        if short is None:
            continue
        kind, rows, months, of = short
        said = f"{kind[0].lower()}{kind[1:]}" if not kind.startswith("DTO") else kind
        plural = said.replace("order", "orders") if "order" in said else f"{said}s"
        shown = ", ".join(str(r) for r in rows[:3]) + (" …" if len(rows) > 3 else "")
        half = months * UNDER_ITS_SHORTEST
        within = "a month" if half == 1 else f"{half:g} months"
        if name == "offences":
            done, did, least = "with a release", "were released", "keeps a child in custody"
        else:
            done, did, least = "with an end", "ended", "runs"
        raise InputError(
            f"column '{column}': {len(rows):,} of the {of:,} {plural} {done} (rows {shown}) "
            f"{did} less than {within} after their '{begins}'; expected a few per cent of "
            f"them so at most (early ends, about {EARLY_ENDS:.0%}), the rest {months} months "
            f"or more after it (was '{column}' keyed or exported wrongly?), since a {said} "
            f"{least} for at least {months} months in law.",
            paths.get(name, ""),
        )


#: The least share of a service's rows holding another value than the one a column holds, in a
#: column real services always show more than one value in (``"*"``: any value not named), as a
#: low reckoning from the real public files (docs/inputs.md). In the YJB's children table of
#: 2013-14 to 2019-20: girls are 6.9% of the children cautioned or sentenced in Tower Hamlets
#: and the City over its seven years (1,528 children), the fewest of any service, so 5% another
#: than ``Male``; girls are at most 34% of a service's year (Plymouth, 2018-19), so 30% another
#: than any other sex. Children other than White (or of unknown ethnicity) are 0.6% in
#: Hartlepool (3 of 484), so 0.5%, the least a service with no Census table beside its extract
#: is held to (:data:`MINORITY_AGAINST_POPULATION`); no other group, nor unknown ethnicity,
#: is over 71% of a service's year (Black children in Lambeth, 2019-20; unknown 51% in North
#: East Lincolnshire, 2013-14), so 15% another, half of 29%. Completion has no real file to
#: measure it by (no public file gives a service's): children on programmes and orders
#: disengage, breach, are re-sentenced or move away, so 2% another than either, a low reckoning.
ANOTHER_VALUE: dict[tuple[str, str], dict[str, float]] = {
    ("children", "sex"): {"Male": 0.05, "*": 0.3},
    ("children", "ethnicity_group"): {"White": 0.005, "*": 0.15},
    ("orders", "completed"): {"*": 0.02},
}
#: A service's youth justice children of other groups than White, against the share of its
#: children aged 10 to 17 who are (the Census, where its table is beside the extract): at least
#: half. Black and Mixed children are over-represented and Asian children under-represented,
#: so the groups together sit near the population's share; half allows a service whose
#: minority children are mostly Asian.
MINORITY_AGAINST_POPULATION = 0.5
#: The chance below which a column of one value throughout is refused, counted over every
#: column judged (Bonferroni's correction).
ONE_VALUE_CHANCE = 1e-3


def least_another(name: str, column: str, value: str, minority: float | None = None) -> float:
    """Return the least share of rows holding another value than ``value`` a service shows.

    :data:`ANOTHER_VALUE`; for ``White``, :data:`MINORITY_AGAINST_POPULATION` of ``minority``
    (the share of the service's children aged 10 to 17 not White) where it is known and more.

    >>> least_another("children", "ethnicity_group", "White", minority=0.189)
    0.0945
    >>> least_another("children", "sex", "Female")
    0.3
    """
    floors = ANOTHER_VALUE[(name, column)]
    least = floors.get(value, floors["*"])
    if column == "ethnicity_group" and value == "White" and minority is not None:
        least = max(least, MINORITY_AGAINST_POPULATION * minority)
    return least


def one_value_throughout(
    tables: dict[str, pd.DataFrame], minority: float | None = None
) -> tuple[str, str, str, int, float] | None:
    """Find a column that holds one value in every row where real services show more.

    Returns ``(table, column, value, rows, least share of another value)`` for the column whose
    ``n`` rows, all alike, have the smallest chance ``(1 - p) ** n`` below
    :data:`ONE_VALUE_CHANCE` over the columns judged, ``p`` the least share of another value
    (:func:`least_another`); ``None`` where none does.

    >>> sexes = pd.DataFrame({"sex": ["Male"] * 200})
    >>> one_value_throughout({"children": sexes})
    ('children', 'sex', 'Male', 200, 0.05)
    >>> one_value_throughout({"children": sexes.head(100)}) is None  # 0.95 ** 100 is 0.006
    True
    >>> one_value_throughout({"children": pd.DataFrame({"sex": ["Female"] * 20})})[2:]
    ('Female', 20, 0.3)
    """
    judged = [
        (name, column, tables[name][column].dropna())
        for name, column in ANOTHER_VALUE
        if name in tables and column in tables[name]
    ]
    worst = None
    for name, column, values in judged:
        if values.empty or values.nunique() > 1:
            continue
        value = str(values.iloc[0])
        least = least_another(name, column, value, minority)
        log_chance = len(values) * np.log1p(-least) + np.log(len(judged))
        if log_chance < np.log(ONE_VALUE_CHANCE) and (worst is None or log_chance < worst[0]):
            worst = (log_chance, name, column, value, len(values), least)
    return None if worst is None else worst[1:]


def refuse_one_value_throughout(
    tables: dict[str, pd.DataFrame],
    paths: dict[str, str],
    minority: float | None = None,
    yjs: str = "the service",
) -> None:
    """Refuse a column whose every row holds one value where real services always show more.

    See :func:`one_value_throughout`. Failed before, from the fifteenth adversary: every child
    exported as White (the system's default), the service's own figures 100% White in every
    year; every order's ``completed`` as ``Y``, out-of-court programmes completed 100.0% in
    every quarter. A stretch of months of one value where the rest hold others is
    :func:`refuse_a_value_filling_a_stretch`'s.

    Raises
    ------
    InputError
        Naming the file, the column, its rows, and the least share of another value expected.
    """
    found = one_value_throughout(tables, minority)
    if found is None:
        return
    name, column, value, n, least = found
    rows = tables[name].index[tables[name][column].notna()]
    said = "Y" if value == "True" else "N" if value == "False" else value
    why = (
        f"{yjs}'s children aged 10 to 17 are {minority:.1%} of other groups than White in the "
        "Census, and a youth justice service's children at least half as often"
        if least > least_another(name, column, value)
        else "a low reckoning of the fewest any real service shows"
    )  # fmt: skip
    raise InputError(
        f"column '{column}': all {n:,} rows (rows {rows.min()} to {rows.max()}) hold "
        f"'{said}'; expected at least {least:.1%} of another value ({why}), and {n:,} alike "
        f"at that share has a chance below 1 in {round(1 / ONE_VALUE_CHANCE):,} (was the "
        "column exported as the system's default?).",
        paths.get(name, ""),
    )


#: The most a percentage can be: a count of sessions missed can pass it, where the sessions
#: possible are in the hundreds (a school year is about 330 sessions); a percentage cannot.
PERCENT = 100
#: The share of a youth justice cohort's pupil-years taken to miss more than :data:`PERCENT`
#: sessions (about a third of a year): one in twenty, a low reckoning for children of whom most
#: are persistently absent (the demo's cohort: 175 of 1,116, 16%).
OVER_A_THIRD = 0.05
#: The chance below which none over :data:`PERCENT` is refused: with one in twenty so, 135
#: pupil-years with more than 100 sessions possible and none over it.
PERCENT_CHANCE = 1e-3


def refuse_percentages_as_counts(education: pd.DataFrame, path: str) -> None:
    """Refuse sessions missed that are percentages of the sessions possible, not counts.

    A count of sessions missed can pass :data:`PERCENT` where the sessions possible are in the
    hundreds, and some of a youth justice cohort's do (:data:`OVER_A_THIRD`); a percentage
    never does. A column of ``missed_sessions`` none of which passes 100, over so many
    pupil-years with more than 100 sessions possible that none has a chance below
    :data:`PERCENT_CHANCE`, is the percentage exported for the count. Failed before, from the
    fourteenth adversary: persistent absence 26.4% for 76.4%.

    Raises
    ------
    InputError
        Naming the file, the column, the rows and the largest value.
    """
    needed = ["possible_sessions", "missed_sessions"]
    if education.empty or not set(needed) <= set(education.columns):
        return
    both = education[needed].apply(pd.to_numeric, errors="coerce").dropna()
    both = both[both["possible_sessions"] > PERCENT]
    if both.empty or both["missed_sessions"].max() > PERCENT:
        return
    if (1 - OVER_A_THIRD) ** len(both) >= PERCENT_CHANCE:
        return
    row = both["missed_sessions"].idxmax()
    raise InputError(
        f"column 'missed_sessions': none of the {len(both):,} rows with more than {PERCENT} "
        f"sessions possible (rows {both.index.min()} to {both.index.max()}) has more than "
        f"{PERCENT} missed (the most is {int(both.at[row, 'missed_sessions'])}, row {row}), "
        f"where one pupil in {round(1 / OVER_A_THIRD)} of a youth justice cohort misses more; "
        "so few has a chance below 1 in "
        f"{round(1 / PERCENT_CHANCE):,}; expected the count of sessions missed (is the "
        "percentage missed exported?), since a percentage stops at 100 and a count does not.",
        path,
    )


__all__ = [
    "least_another",
    "least_likely_stretch",
    "one_value_throughout",
    "refuse_a_value_filling_a_stretch",
    "refuse_lengths_below_the_law",
    "refuse_one_value_throughout",
    "refuse_percentages_as_counts",
]
