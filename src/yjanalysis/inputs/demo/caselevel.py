"""A synthetic case-level extract, in the documented schema, for the demo and the benchmarks.

Nothing in it describes a real child. It is shaped like the report behind the project for a
service of about 20,000 children aged 10 to 17: roughly 10 custodial sentences and 35 to 45
first time entrants a year, children of mixed and Black heritage more likely than others to
reach custody, a youth justice cohort whose Attainment 8 is near 10 and mostly persistently
absent, and over half of post-16 children with no education, training or employment at the end
of their orders. Every draw comes from a seeded generator, so the same arguments give the same
extract; the row count scales with ``children`` (about five offence rows per child at large
sizes) for the benchmarks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from yjanalysis import reference
from yjanalysis.inputs.readers.case_extract import ETHNIC_DETAIL, OUTCOMES

#: The shape of the demo's extracts (see :func:`make_extract`), set so that a service's own
#: records give about as many children cautioned or sentenced, first time entrants, custodial
#: sentences and serious violence offences for its population as the report behind the project
#: describes: for every first time entrant, about one and a half children cautioned or
#: sentenced a year (as nationally), and a proven reoffending rate near 40%.
SHAPE: dict[str, Any] = {"gap_days": 140.0, "repeat": 0.2, "spread": 1.3, "custody": 0.75}

ETHNICITY = {
    "White": 0.70,
    "Black": 0.09,
    "Asian": 0.06,
    "Mixed": 0.10,
    "Other": 0.03,
    "Unknown": 0.02,
}
CUSTODY_FACTOR = {
    "White": 1.0,
    "Black": 1.8,
    "Asian": 0.9,
    "Mixed": 2.6,
    "Other": 1.0,
    "Unknown": 1.0,
}
GROUPS = [
    ("Violence against the person", 0.30, (3, 6)),
    ("Theft and handling", 0.17, (2, 3)),
    ("Criminal damage", 0.10, (2, 3)),
    ("Drugs", 0.10, (3, 6)),
    ("Public order", 0.08, (2, 4)),
    ("Robbery", 0.06, (5, 7)),
    ("Possession of weapons", 0.06, (4, 6)),
    ("Burglary", 0.05, (4, 6)),
    ("Motoring", 0.04, (2, 4)),
    ("Breach", 0.02, (2, 3)),
    ("Sexual offences", 0.01, (5, 8)),
    ("Other", 0.01, (1, 3)),
]
INFORMAL = ["Community resolution", "Diversion", "No further action"]
CAUTIONS = ["Youth caution", "Youth conditional caution"]
COURT = [
    "Referral order",
    "Youth rehabilitation order",
    "Fine",
    "Conditional discharge",
    "Reparation order",
]
CUSTODIAL = ["Detention and training order", "Section 250 detention"]


def _pick(rng, options, size, p=None):
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p)]


def make_extract(
    yjs: str = "Southampton",
    children: int = 600,
    start: str = "2018-04-01",
    as_of: str = "2024-12-31",
    seed: int = 2024,
    gap_days: float = 75.0,
    repeat: float = 0.3,
    custody: float = 1.0,
    spread: float = 0.0,
) -> dict[str, pd.DataFrame]:
    """Return the tables of a synthetic extract (children, offences, remands, orders, education).

    Parameters
    ----------
    yjs : str
        The service named in the children table.
    children : int
        How many children; offence rows grow in proportion.
    start, as_of : str
        The first offence date and the date of the extract.
    seed : int
        Seed of the random generator.
    gap_days : float
        The mean time between a child's offences, in days: longer careers bring a child back
        in more years, so more children are cautioned or sentenced each year for each first
        time entrant.
    repeat : float
        The chance parameter of the number of further offences a child commits (negative
        binomial): lower means more offences per child.
    custody : float
        Scales every child's chance of a custodial sentence.
    spread : float
        How much children differ in the time between their offences (the spread of a
        log-normal factor on ``gap_days``): some offend often, others come back years later.
    """
    rng = np.random.default_rng(seed)
    first_day, last_day = pd.Timestamp(start), pd.Timestamp(as_of)
    span = (last_day - first_day).days
    n = children
    ids = np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    groups = _pick(rng, list(ETHNICITY), n, list(ETHNICITY.values()))
    details = np.empty(n, dtype=object)
    for group in ETHNICITY:
        options = [d for d, g in ETHNIC_DETAIL.items() if g == group]
        mask = groups == group
        details[mask] = _pick(rng, options, mask.sum())
    first = first_day + pd.to_timedelta(rng.integers(0, span - 30, n), unit="D")
    age_first = rng.choice(np.arange(10, 18), n, p=[0.03, 0.05, 0.09, 0.14, 0.19, 0.20, 0.17, 0.13])
    birth = first - pd.to_timedelta(age_first * 365.25 + rng.integers(0, 360, n), unit="D")
    sen = _pick(rng, ["None", "SEN support", "EHCP"], n, [0.45, 0.35, 0.20])
    child_table = pd.DataFrame(
        {
            "child_id": ids,
            "yjs": yjs,
            "date_of_birth": birth.strftime("%Y-%m-%d"),
            "sex": _pick(rng, ["Male", "Female"], n, [0.85, 0.15]),
            "ethnicity_group": groups,
            "ethnicity_detail": details,
            "looked_after": np.where(rng.random(n) < 0.12, "Y", "N"),
            "child_in_need": np.where(rng.random(n) < 0.35, "Y", "N"),
            "sen_status": sen,
        }
    )

    # Offences: a few prolific children commit most of them.
    per_child = np.minimum(1 + rng.negative_binomial(1, repeat, n), 40)
    owner = np.repeat(np.arange(n), per_child)
    order = np.concatenate([np.arange(k) for k in per_child])
    pace = rng.lognormal(0, spread, n)  # some children offend often, others years apart
    # A gap longer than the extract's span puts an offence past its end (dropped below):
    # capped there, so that no date overflows.
    gaps = np.minimum(rng.exponential(gap_days * pace[owner]), span + 1)
    gaps[order == 0] = 0
    offset = pd.Series(gaps).groupby(owner).cumsum().to_numpy()
    offence_date = first[owner] + pd.to_timedelta(offset.astype(int), unit="D")
    birth_of = birth[owner]
    age = (offence_date - birth_of).days / 365.25
    keep = (offence_date <= last_day) & (age < 17.95)
    owner, order, offence_date = owner[keep], order[keep], offence_date[keep]
    m = len(owner)
    names = [g[0] for g in GROUPS]
    group_pick = rng.choice(len(GROUPS), m, p=[g[1] for g in GROUPS])
    low = np.array([GROUPS[i][2][0] for i in group_pick])
    high = np.array([GROUPS[i][2][1] for i in group_pick])
    gravity = rng.integers(low, high + 1)

    # Outcomes: informal early on, more serious with repetition and gravity.
    custody_p = 0.02 * (1 + 0.6 * np.minimum(order, 8)) * np.maximum(gravity - 3, 0.3)
    custody_p *= custody * np.vectorize(CUSTODY_FACTOR.get)(groups[owner])
    u = rng.random(m)
    informal_p = np.where(order == 0, 0.55, 0.15)
    caution_p = np.where(order == 0, 0.25, 0.15)
    kind = np.where(
        u < custody_p,
        "custody",
        np.where(
            u < custody_p + informal_p,
            "informal",
            np.where(u < custody_p + informal_p + caution_p, "caution", "court"),
        ),
    )
    outcome = np.empty(m, dtype=object)
    for label, options, weights in (
        ("informal", INFORMAL, [0.6, 0.25, 0.15]),
        ("caution", CAUTIONS, [0.5, 0.5]),
        ("court", COURT, [0.45, 0.25, 0.12, 0.12, 0.06]),
        ("custody", CUSTODIAL, [0.8, 0.2]),
    ):
        mask = kind == label
        outcome[mask] = _pick(rng, options, mask.sum(), weights)
    delay = rng.integers(7, 120, m) + np.where(np.isin(kind, ["court", "custody"]), 60, 0)
    outcome_date = offence_date + pd.to_timedelta(delay, unit="D")
    decided = outcome_date <= last_day
    courts = np.where(
        kind == "custody",
        _pick(rng, ["Youth court", "Crown court"], m, [0.5, 0.5]),
        np.where(kind == "court", "Youth court", "None"),
    )
    # Only the Crown Court passes a section 250 sentence (a youth court's longest custodial
    # sentence is a detention and training order).
    courts = np.where(outcome == "Section 250 detention", "Crown court", courts)
    release = outcome_date + pd.to_timedelta(rng.integers(90, 400, m), unit="D")
    released = (kind == "custody") & decided & (release <= last_day)
    hearing = outcome_date - pd.to_timedelta(rng.integers(0, 50, m), unit="D")
    hearing = pd.DatetimeIndex(np.maximum(hearing.values, offence_date.values))
    weapon = np.isin(
        np.array(names)[group_pick],
        ["Violence against the person", "Robbery", "Possession of weapons"],
    ) & (rng.random(m) < 0.3)
    appeal = (kind == "custody") & (rng.random(m) < 0.03)

    def dates(values, mask):
        return np.where(mask, pd.DatetimeIndex(values).strftime("%Y-%m-%d"), "")

    offence_table = pd.DataFrame(
        {
            "offence_id": np.char.add("O", np.char.zfill(np.arange(1, m + 1).astype(str), 8)),
            "child_id": ids[owner],
            "offence_date": offence_date.strftime("%Y-%m-%d"),
            "offence_group": np.array(names)[group_pick],
            "gravity_score": gravity,
            "knife_or_weapon": np.where(weapon, "Y", "N"),
            "outcome_date": dates(outcome_date, decided),
            "outcome_type": np.where(decided, outcome, ""),
            "first_hearing_date": dates(hearing, decided & np.isin(kind, ["court", "custody"])),
            "court_type": np.where(decided, courts, ""),
            "successful_appeal": np.where(appeal & decided, "Y", "N"),
            "release_date": dates(release, released),
        }
    )

    # Remands: most custodial sentences were preceded by one, and a few others.
    remanded = decided & (
        (kind == "custody") & (rng.random(m) < 0.7) | (kind == "court") & (rng.random(m) < 0.01)
    )
    r_start = offence_date[remanded] + pd.to_timedelta(rng.integers(1, 10, remanded.sum()), "D")
    r_end = pd.DatetimeIndex(
        np.minimum(
            (r_start + pd.to_timedelta(rng.integers(20, 150, remanded.sum()), "D")).values,
            outcome_date[remanded].values,
        )
    )
    remand_table = pd.DataFrame(
        {
            "child_id": ids[owner[remanded]],
            "remand_start": r_start,
            "remand_end": r_end,
            "remand_type": _pick(
                rng,
                ["Youth detention accommodation", "Local authority accommodation"],
                remanded.sum(),
                [0.8, 0.2],
            ),
        }
    )
    # Children remanded awaiting an outcome the records do not yet hold: a remand begins days
    # after the offence, so the months before the records end hold them as every other month
    # does (without them a large extract's last months lacked remands, and the build refused
    # it). Their own generator, so that the draws above and below stay the same.
    remand_table = pd.concat(
        [remand_table, _awaiting(np.random.default_rng([seed, 1]), ids, owner, offence_date,
                                 outcome_date, kind, decided, last_day)],
        ignore_index=True,
    )  # fmt: skip
    # A child is remanded to one place at a time: a charge brought while the child is on remand
    # is dealt with on that remand, so a remand beginning before the child's last one ends is
    # left out (an open remand reaches past the records' end).
    remand_table = remand_table.sort_values(["child_id", "remand_start"], kind="stable")
    reach = remand_table["remand_end"].fillna(last_day + pd.Timedelta(days=1))
    reach = reach.groupby(remand_table["child_id"]).cummax()
    before = reach.groupby(remand_table["child_id"]).shift()
    remand_table = remand_table[~(remand_table["remand_start"] <= before)].sort_index()
    remand_table = pd.DataFrame(
        {
            # (numpy's zfill fails on an empty array: a small extract may have no remands)
            "remand_id": [f"R{i:07d}" for i in range(1, len(remand_table) + 1)],
            "child_id": remand_table["child_id"].to_numpy(),
            "remand_start": remand_table["remand_start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "remand_end": remand_table["remand_end"].dt.strftime("%Y-%m-%d").fillna("").to_numpy(),
            "remand_type": remand_table["remand_type"].to_numpy(),
        }
    )

    # Orders: one per order-bearing outcome, ending 6 to 12 months later with the ETE status.
    types = {
        "Referral order": "Referral order",
        "Youth rehabilitation order": "Youth rehabilitation order",
        "Detention and training order": "DTO licence",
        "Youth conditional caution": "Out-of-court programme",
    }
    with_order = decided & np.isin(outcome, list(types))
    k = with_order.sum()
    o_start = outcome_date[with_order]
    o_end = o_start + pd.to_timedelta(rng.integers(120, 400, k), unit="D")
    ended = o_end <= last_day
    end_age = (o_end - birth_of[keep][with_order]).days / 365.25
    post16 = end_age >= 16
    ete = np.where(
        post16,
        _pick(rng, ["Full-time", "Part-time", "None"], k, [0.2, 0.2, 0.6]),
        _pick(rng, ["Full-time", "Part-time", "None"], k, [0.45, 0.3, 0.25]),
    )
    need = rng.random(k) < 0.55
    offered = need & (rng.random(k) < 0.8)
    attended = offered & (rng.random(k) < 0.65)
    drugs = rng.random(k) < 0.35
    d_off = drugs & (rng.random(k) < 0.75)
    d_att = d_off & (rng.random(k) < 0.6)
    send = np.isin(sen[owner[with_order]], ["SEN support", "EHCP"])

    def yn(values):
        return np.where(ended, np.where(values, "Y", "N"), "")

    order_table = pd.DataFrame(
        {
            "order_id": [f"D{i:07d}" for i in range(1, k + 1)],
            "child_id": ids[owner[with_order]],
            "order_type": np.vectorize(types.get)(outcome[with_order]),
            "order_start": o_start.strftime("%Y-%m-%d"),
            "order_end": dates(o_end, ended),
            "ete_at_end": np.where(ended, ete, ""),
            "ete_hours_at_end": np.where(
                ended & (ete != "None"), np.where(ete == "Full-time", 25, 12), ""
            ),
            "accommodation_suitable": yn(rng.random(k) < 0.9),
            "send_identified": yn(send),
            "learning_plan": yn(send & (rng.random(k) < 0.7)),
            "mental_health_need": yn(need),
            "mental_health_offered": yn(offered),
            "mental_health_attended": yn(attended),
            "substance_need": yn(drugs),
            "substance_offered": yn(d_off),
            "substance_attended": yn(d_att),
            "wider_services": yn(rng.random(k) < 0.45),
            "completed": yn(rng.random(k) < 0.8),
        }
    )
    return {
        "children": child_table,
        "offences": offence_table,
        "remands": remand_table,
        "orders": order_table,
        "education": _education(
            rng, child_table, birth, last_day, reference.register()["country"].get(yjs) == "Wales"
        ),
    }


def formal_outcomes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return the proven offences of an extract made here, with what publications count by.

    A caution or a conviction not overturned on appeal, committed at 10 to 17, with the
    child's age group at the offence (``10 to 14``, ``15 to 17``), sex (``Boys``, ``Girls``)
    and ethnic group: what the YJB's and the Ministry of Justice's counts of the same children
    are made from.

    Parameters
    ----------
    tables : dict
        The tables :func:`make_extract` returns.
    """
    children = tables["children"].set_index("child_id")
    offences = tables["offences"]
    kind = offences["outcome_type"].map(OUTCOMES)
    proven = kind.isin(["caution", "conviction", "custody"]) & offences["successful_appeal"].ne("Y")
    rows = offences[proven].copy()
    rows["outcome_date"] = pd.to_datetime(rows["outcome_date"])
    rows["offence_date"] = pd.to_datetime(rows["offence_date"])
    born = pd.to_datetime(children.loc[rows["child_id"], "date_of_birth"]).to_numpy()
    age = (rows["offence_date"].to_numpy() - born) / np.timedelta64(1, "D") / 365.25
    rows["age"] = age
    rows = rows[(age >= 10) & (age < 18)]
    rows["age_group"] = np.where(rows["age"] < 15, "10 to 14", "15 to 17")
    sex = children.loc[rows["child_id"], "sex"].to_numpy()
    rows["sex"] = np.where(sex == "Male", "Boys", np.where(sex == "Female", "Girls", "Unknown"))
    rows["ethnicity_group"] = children.loc[rows["child_id"], "ethnicity_group"].to_numpy()
    return rows.reset_index(drop=True)


def _education(rng, children: pd.DataFrame, birth, last_day, welsh: bool = False) -> pd.DataFrame:
    """Make matched school records: the year 11 score in the year a child turns 16, and absence.

    An English service's records give Attainment 8 (up to 90); a Welsh service's give Wales's
    measure, the Capped 9 points score (up to 540), as schools in Wales report it.
    """
    rows = []
    for end_year in range(2019, last_day.year + (1 if last_day.month >= 9 else 0)):
        label = f"{end_year - 1}/{end_year % 100:02d}"
        age_aug = (pd.Timestamp(end_year - 1, 8, 31) - birth).days / 365.25
        in_school = (age_aug >= 10) & (age_aug < 16) & (rng.random(len(birth)) < 0.8)
        count = int(in_school.sum())
        if not count:
            continue
        year11 = (age_aug[in_school] >= 15) & (age_aug[in_school] < 16)
        possible = rng.integers(250, 330, count)
        missed = np.rint(possible * rng.beta(1.6, 6.0, count)).astype(int)
        # Capped at each measure's top score: a national-sized extract draws the gamma's far tail
        # (an Attainment 8 of 91.9 in 10,000,000 offence rows, which the reader rightly refuses).
        top = 540 if welsh else 90
        gamma = rng.gamma(2.0, 75.0, count) if welsh else rng.gamma(1.6, 6.3, count)
        draw = np.minimum(gamma, top)
        attainment = np.where(year11, np.round(draw, 1), np.nan)
        rows.append(
            pd.DataFrame(
                {
                    "child_id": children["child_id"].to_numpy()[in_school],
                    "academic_year": label,
                    "capped9" if welsh else "attainment8": attainment,
                    "possible_sessions": possible,
                    "missed_sessions": missed,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


#: What an order records at its end: blank while the order runs.
AT_ORDER_END = (
    "ete_at_end", "ete_hours_at_end", "accommodation_suitable", "send_identified",
    "learning_plan", "mental_health_need", "mental_health_offered", "mental_health_attended",
    "substance_need", "substance_offered", "substance_attended", "wider_services", "completed",
)  # fmt: skip


def as_at(tables: dict[str, pd.DataFrame], day: str | pd.Timestamp) -> dict[str, pd.DataFrame]:
    """Return an extract as the service's system would have exported it on ``day``.

    A service refreshes its report each quarter from that quarter's extract: records dated up
    to then, and only what was known then. Offences committed after ``day`` are left out; an
    outcome, a hearing or a release after it is not yet known (blank, and no appeal yet); a
    remand or an order started after it is left out, and one that ends after it has not ended
    (blank end, and nothing recorded at the end); school records are those of academic years
    ended by then; children are those with a record left.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
        The extract's tables (``children``, ``offences``, ``remands``, ``orders``,
        ``education``), dates as ``YYYY-MM-DD`` text, as :func:`make_extract` gives them.
    day : str or pandas.Timestamp
        The date of the export.

    Examples
    --------
    >>> tables = make_extract("Southampton", children=60, seed=1)
    >>> cut = as_at(tables, "2022-03-31")
    >>> bool((cut["offences"]["offence_date"] <= "2022-03-31").all())
    True
    >>> bool((cut["offences"]["outcome_date"].fillna("") <= "2022-03-31").all())
    True
    """
    day = f"{pd.Timestamp(day):%Y-%m-%d}"

    def after(column: pd.Series) -> pd.Series:
        text = column.fillna("").astype(str)
        return text.ne("") & (text > day)

    offences = tables["offences"]
    offences = offences[offences["offence_date"] <= day].copy()
    undecided = after(offences["outcome_date"])
    blank = {"outcome_date": "", "outcome_type": "", "court_type": "", "successful_appeal": "N"}
    for column, value in blank.items():
        if column in offences:
            offences.loc[undecided, column] = value
    for column in ("first_hearing_date", "release_date"):
        if column in offences:
            offences.loc[after(offences[column]), column] = ""
    remands = tables["remands"]
    remands = remands[remands["remand_start"] <= day].copy()
    remands.loc[after(remands["remand_end"]), "remand_end"] = ""
    orders = tables["orders"]
    orders = orders[orders["order_start"] <= day].copy()
    running = after(orders["order_end"])
    for column in ("order_end", *AT_ORDER_END):
        if column in orders:
            orders.loc[running, column] = ""
    kept = set(offences["child_id"]) | set(remands["child_id"]) | set(orders["child_id"])
    children = tables["children"][tables["children"]["child_id"].isin(kept)]
    education = tables["education"]
    ended = education["academic_year"].str[:4].astype(int).add(1).astype(str) + "-08-31"
    education = education[(ended <= day) & education["child_id"].isin(kept)]
    return {
        "children": children.reset_index(drop=True),
        "offences": offences.reset_index(drop=True),
        "remands": remands.reset_index(drop=True),
        "orders": orders.reset_index(drop=True),
        "education": education.reset_index(drop=True),
    }


def _awaiting(
    rng: np.random.Generator,
    ids: np.ndarray,
    owner: np.ndarray,
    offence_date: pd.DatetimeIndex,
    outcome_date: pd.DatetimeIndex,
    kind: np.ndarray,
    decided: np.ndarray,
    last_day: pd.Timestamp,
) -> pd.DataFrame:
    """Return the remands of children awaiting an outcome after the records end.

    As decided offences are remanded (most that end in custody, a few that end in court), but
    a remand the records end during has no end.
    """
    waiting = ~decided & ((kind == "custody") & (rng.random(len(kind)) < 0.7) | (kind == "court")
                          & (rng.random(len(kind)) < 0.01))  # fmt: skip
    start = offence_date[waiting] + pd.to_timedelta(rng.integers(1, 10, waiting.sum()), "D")
    end = start + pd.to_timedelta(rng.integers(20, 150, waiting.sum()), "D")
    end = pd.DatetimeIndex(np.minimum(end.values, outcome_date[waiting].values))
    inside = start <= last_day
    return pd.DataFrame(
        {
            "child_id": ids[owner[waiting]][inside],
            "remand_start": start[inside],
            "remand_end": end[inside].where(end[inside] <= last_day),
            "remand_type": _pick(
                rng,
                ["Youth detention accommodation", "Local authority accommodation"],
                int(inside.sum()),
                [0.8, 0.2],
            ),
        }
    )
