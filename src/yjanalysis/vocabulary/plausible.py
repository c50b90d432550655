"""What a figure of each indicator can be: its plausible range and the kinds of its periods.

The ranges and period kinds are the catalogue's (``minimum``, ``maximum``, ``periods``); here
they are checked on rows of the indicator table, each problem said in the words of a message
(the end of a sentence that names the file and row, or the source): a reoffending rate of 250%,
an Attainment 8 score labelled by financial year, a figure for a year that has not begun. Every
reader of figures and the build ask here, so that the rule is written once.
"""

from __future__ import annotations

from itertools import product

import pandas as pd

from yjanalysis.vocabulary import periods
from yjanalysis.vocabulary.catalogue import catalogue, indicator

__all__ = [
    "copies_a_region",
    "decimal_slip",
    "first_problem",
    "fractions_of_one",
    "implausible_period",
    "jumps_in_an_average",
    "not_ended",
    "out_of_line_with_kin",
    "out_of_scale",
    "outside_range",
    "sudden_change",
    "unlike_its_parts",
    "wrong_kind",
]

#: Fewer values than this of one percentage say nothing as a whole (a handful can all be low).
FEW = 5
#: The most a rate per head of a service may be times the year before's, or the least a
#: fraction of it: 8. In the real LAIT bulk file (first time entrants per 100,000, 2016 to 2024,
#: 1,171 pairs of consecutive years of English authorities) the largest ratio is 4.99
#: (Northumberland 334 then 67) and by the service's 10 to 17 population: up to 10,000, 1.92;
#: 10,000 to 20,000, 3.99; 20,000 to 40,000, 4.99; 40,000 to 80,000, 4.84; over 80,000, 2.62.
#: A digit added or dropped (10 times) is beyond it.
YEAR_ON_YEAR = 8.0


#: The most a value may be times the nearer of its series' neighbouring years (or the least a
#: fraction of it) where it is written with more decimal places than its measure usually is,
#: and moving its point back brings it in line: see :func:`decimal_slip`.
SLIP = 2.0


#: Counts below this swing widely from year to year by chance (1 then 15 serious violence
#: offences): a value given with a count under it is not held to :func:`out_of_scale`.
FEW_EVENTS = 10

#: The most a value may be times the nearer of its series' neighbouring years, or the least a
#: fraction of it, for every measure (rates, percentages, scores): 8, as :data:`YEAR_ON_YEAR`.
#: In the real LAIT bulk file (the 29 measures read, every authority and region, 2016 to 2025)
#: the largest is 7.73: ReoffYO of Greenwich, 3.57% in 2023 after 27.59 in 2022, a small
#: cohort's rate; persistent absence reaches 3.10, Attainment 8 of all pupils 1.24. A decimal
#: point moved one place (29.3 typed 2.93) or a share written as a fraction (4.7 as 0.047) is
#: beyond it.
OUT_OF_SCALE = YEAR_ON_YEAR

#: The most a nation's or region's figure may be times the nearest of the other nations' and
#: regions' figures of the same measure and period (England beside England and Wales, Wales and
#: the regions), or the least a fraction of it: 3. England is an average of its regions and
#: most of England and Wales, so it lies among them; in the real LAIT bulk file the largest is
#: 2.0 (looked-after children convicted, West Midlands 1% beside 2%), leaving out LAIT's England
#: row of first time entrants, a count rather than a rate (see
#: :data:`yjanalysis.vocabulary.lait_measures.BAD_ENGLAND`). England's rates per 1,000 given
#: as per 10,000 (0.6 beside 5.6), or its percentages as fractions, are far beyond it.
KIN = 3.0

#: The kinds of area whose figures are compared with each other by :func:`out_of_line_with_kin`.
AGGREGATES = ("country", "england_wales", "region")

#: How far a nation's figure may be from the one England and Wales's counts less the other
#: nation's leave it, as a fraction of that figure (beyond half a unit of its last decimal
#: place): a tenth. England and Wales is the two nations together, but a child whose home
#: nation is not recorded may be counted in the whole and in neither nation. No real file the
#: project reads gives both nations beside England and Wales with counts, so this is not
#: measured on one; the demo's national figures agree within 0.7% (their rounding), and a
#: region's custody rate put in England's row (the South East's 0.094 for 0.112) is 16% off.
NATIONS_APART = 0.1

#: How many regions England has: its figure lies among theirs where the inputs give them all.
ENGLISH_REGIONS = 9


def _date(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B %Y}"


def outside_range(rows: pd.DataFrame) -> pd.Series:
    """Say which rows hold a value outside their indicator's plausible range.

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator": ["reoffending_binary"] * 2, "value": [33.0, 250.0]})
    >>> outside_range(rows).tolist()
    [False, True]
    """
    table = catalogue()
    low = rows["indicator"].map(table["minimum"]).astype(float)
    high = rows["indicator"].map(table["maximum"]).astype(float)
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    return ((value < low) | (value > high)).fillna(False).astype(bool)


def wrong_kind(rows: pd.DataFrame) -> pd.Series:
    """Say which rows' periods are of a kind their indicator is not given for.

    An Attainment 8 score is by academic year: a row labelled ``2023-24`` (a financial year)
    would be drawn as a point of another year.
    """
    # Each distinct indicator and period once: a table repeats a few hundred of them.
    keys = rows[["indicator", "period_start", "period_end"]].drop_duplicates().dropna()
    allowed = keys["indicator"].map(catalogue()["periods"]).fillna("").str.split()
    kinds = [
        periods.kind(s, e) for s, e in zip(keys["period_start"], keys["period_end"], strict=True)
    ]
    keys = keys.assign(
        bad=[k is not None and k not in a for k, a in zip(kinds, allowed, strict=True)]
    )
    found = rows[["indicator", "period_start", "period_end"]].merge(keys, how="left")["bad"]
    return pd.Series(found.fillna(False).astype(bool).to_numpy(), index=rows.index)


def not_ended(rows: pd.DataFrame, today: pd.Timestamp | None = None) -> pd.Series:
    """Say which rows are for a period that ends after today (or has not begun)."""
    today = periods.today() if today is None else today
    return rows["period_end"].gt(today).fillna(False).astype(bool)


def estimate_not_begun(year: int, today: pd.Timestamp | None = None) -> str | None:
    """Say why a population estimate's year cannot be one, or ``None`` if it can be.

    One rule for every population file, whether its year comes from a column or its name
    (a YJB table's ``2031``, an ONS file named ``mid2029``): a year not begun has no estimate,
    only a projection.

    Examples
    --------
    >>> print(estimate_not_begun(2029, pd.Timestamp("2026-12-05")))  # doctest: +ELLIPSIS
    gives a population for 2029, a year that has not begun; expected mid-year estimates, ...
    >>> estimate_not_begun(2023, pd.Timestamp("2026-12-05")) is None
    True
    """
    today = periods.today() if today is None else today
    if year > today.year:
        return (
            f"gives a population for {year}, a year that has not begun; expected mid-year "
            "estimates, not projections"
        )
    return None


def implausible_period(label: str, start, end, indicator_id: str, today=None) -> str | None:
    """Say why a period cannot be one of an indicator's figures, or ``None`` if it can be.

    Returns
    -------
    str or None
        The rest of a sentence: ``'2030-31' has not begun …; expected …``.

    Examples
    --------
    >>> start, end = periods.parse("2030-31")
    >>> implausible_period("2030-31", start, end, "fte_rate", pd.Timestamp("2026-12-05"))
    "'2030-31' has not begun (it starts on 1 April 2030, and today is 5 December 2026); \
expected a period that has ended"
    >>> start, end = periods.parse("2023-24")
    >>> implausible_period("2023-24", start, end, "attainment8", pd.Timestamp("2026-12-05"))
    "'2023-24' is a financial year, but the average Attainment 8 score is given by academic \
year; expected a period such as 2023/24"
    """
    today = periods.today() if today is None else today
    if pd.notna(start) and start > today:
        return (
            f"'{label}' has not begun (it starts on {_date(start)}, and today is {_date(today)}); "
            "expected a period that has ended"
        )
    if pd.notna(end) and end > today:
        return (
            f"'{label}' has not ended (it ends on {_date(end)}, and today is {_date(today)}); "
            "expected a period that has ended, since a figure for part of it is not the figure "
            "of the whole"
        )
    spec = indicator(indicator_id)
    found = periods.kind(start, end) if pd.notna(start) and pd.notna(end) else None
    if found is not None and found not in spec.kinds():
        wanted = " or ".join(periods.KIND_WORDS[k][0].split(" ", 1)[1] for k in spec.kinds())
        example = periods.KIND_WORDS[spec.kinds()[0]][1]
        return (
            f"'{label}' is {periods.KIND_WORDS[found][0]}, but the {spec.phrase} is given by "
            f"{wanted}; expected a period such as {example}"
        )
    return None


def first_problem(
    rows: pd.DataFrame, today: pd.Timestamp | None = None
) -> tuple[object, str, str] | None:
    """Return the first row that cannot be a figure, with why; ``None`` if every row can be.

    A period that has not ended, a period of the wrong kind, then a value outside the
    indicator's range.

    Returns
    -------
    tuple or None
        The row's index, the column at fault (``period`` or ``value``) and the rest of a
        sentence saying what is wrong and what was expected.
    """
    today = periods.today() if today is None else today
    late = not_ended(rows, today) | wrong_kind(rows)
    if late.any():
        row = rows.loc[late.idxmax()]
        why = implausible_period(
            row["period"], row["period_start"], row["period_end"], row["indicator"], today
        )
        return late.idxmax(), "period", str(why)
    outside = outside_range(rows)
    if outside.any():
        at = outside.idxmax()
        spec = indicator(rows.loc[at, "indicator"])
        return (
            at,
            "value",
            (
                f"'{rows.loc[at, 'value']:g}' is not a possible {spec.phrase}; expected a value "
                f"{spec.range_text()}"
            ),
        )
    return None


def sudden_change(rows: pd.DataFrame, by: list[str]) -> tuple[object, str] | None:
    """Return a rate per head that is more than :data:`YEAR_ON_YEAR` times the year before's.

    A first time entrants rate of 2,540 per 100,000 where the year before gave 147 is inside the
    measure's range but no real service's change (see :data:`YEAR_ON_YEAR` for the largest
    real one): a digit added or a cell of another measure. Only rates per head (the
    catalogue's units ``per …``) of consecutive years above 0 are compared.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``indicator``, ``period_start``, ``period_end``, ``value`` and the columns ``by``.
    by : list of str
        The columns that say whose series a row is of (the measure and the area).

    Returns
    -------
    tuple or None
        The later row of the first such pair, and the rest of a sentence saying what was
        expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "indicator": ["fte_rate"] * 2, "area": ["Southampton"] * 2, "value": [147.0, 2540.0],
    ...     "period_start": pd.to_datetime(["2023-01-01", "2024-01-01"]),
    ...     "period_end": pd.to_datetime(["2023-12-31", "2024-12-31"])})
    >>> print(sudden_change(rows, ["area"])[1])  # doctest: +ELLIPSIS
    '2540' is 17.3 times the year before's (147); expected a rate within 8 times ...
    """
    unit = rows["indicator"].map(catalogue()["unit"]).fillna("")
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    rates = rows[unit.str.startswith("per ") & value.gt(0)].assign(value=value)
    if rates.empty:
        return None
    rates = rates.sort_values([*by, "indicator", "period_start"])
    groups = rates.groupby([*by, "indicator"], sort=False)
    before = groups["value"].shift()
    follows = rates["period_start"].eq(groups["period_end"].shift() + pd.Timedelta(days=1))
    ratio = (rates["value"] / before).where(follows)
    jump = (ratio > YEAR_ON_YEAR) | (ratio < 1 / YEAR_ON_YEAR)
    if not jump.any():
        return None
    at = jump.idxmax()
    times = ratio[at] if ratio[at] > 1 else 1 / ratio[at]
    way = "times" if ratio[at] > 1 else "times smaller than"
    return at, (
        f"'{rates.loc[at, 'value']:g}' is {times:.1f} {way} the year before's "
        f"({before[at]:g}); expected a rate within {YEAR_ON_YEAR:g} times the year before's, "
        f"since the largest change of a real service's rate is 5 times"
    )


def fractions_of_one(rows: pd.DataFrame, by: str = "indicator") -> tuple[object, str] | None:
    """Return a row of a percentage whose values, as a whole, are shares written as fractions.

    A workbook whose cells hold ``0.5417`` formatted as ``54.2%`` gives every reoffending rate
    a hundredth of its value; each is in range, but all of them at 1% or below is no
    release's. ``by`` groups the rows by what they measure (the indicator, or a LAIT measure).

    Returns
    -------
    tuple or None
        The row (its largest value) and the rest of a sentence saying what was expected.

    Examples
    --------
    >>> values = [0.54, 0.3, 0.41, 0.41, 0.41]
    >>> rows = pd.DataFrame({"indicator": ["reoffending_binary"] * 5, "value": values})
    >>> print(fractions_of_one(rows)[1])  # doctest: +ELLIPSIS
    every proven reoffending rate (5 values) is at most 1, as shares written as fractions ...
    """
    unit = rows["indicator"].map(catalogue()["unit"])
    values = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    percent = unit.eq("%") & values.notna()
    for _, part in values[percent].groupby(rows.loc[percent, by], sort=False):
        if len(part) >= FEW and part.abs().max() <= 1 and part.gt(0).any():
            at = part.idxmax()
            spec = indicator(rows.loc[at, "indicator"])
            return at, (
                f"every {spec.phrase} ({len(part)} values) is at most 1, as shares written as "
                f"fractions would be ('{part[at]:g}'); expected percentages from 0 to 100, "
                f"such as {part[at] * 100:g} for {part[at]:g}"
            )
    return None


def _places(value: float) -> int:
    """Count the decimal places of a value as written, to 12 significant figures.

    A file of floats writes 40.63 as ``40.630000000000003``; to 12 figures it has 2 places.

    Examples
    --------
    >>> _places(40.630000000000003), _places(3.514), _places(43.0)
    (2, 3, 0)
    """
    text = f"{value:.12g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _apart(value: pd.Series, sides: pd.DataFrame) -> pd.Series:
    """How many times a value is the nearer of its neighbours (or they it): 1 or more."""
    ratio = sides.rdiv(value, axis=0)
    ratio = ratio.where(ratio >= 1, 1 / ratio)
    return ratio.min(axis=1)


def decimal_slip(rows: pd.DataFrame, by: list[str]) -> tuple[object, str] | None:
    """Return a value whose decimal point has slipped: out of line with its series, in line moved.

    LAIT gives each measure to a fixed number of decimal places (a reoffending rate to 2, an
    Attainment 8 score to 1). A value with more places than its measure usually has that is
    more than :data:`SLIP` times the nearer of its series' neighbouring years (or a fraction of
    it), and within :data:`SLIP` times of it with the point moved back by the extra places, is
    a figure typed with its point in the wrong place: 3.514 for 35.14 (a reoffending rate of
    3.5% published, which a real series can hold: 39.39, 3.85, 29.41), 4.35 for 43.5.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``period_start``, ``period_end``, ``value`` and the columns ``by``.
    by : list of str
        The columns that say whose series a row is of; the first says what it measures (its
        usual decimal places are counted over all its rows).

    Returns
    -------
    tuple or None
        The row, and the rest of a sentence saying what was expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "measure": ["ReoffYO"] * 5, "area": ["Southampton"] * 5,
    ...     "value": [33.33, 35.14, 3.514, 30.77, 31.03],
    ...     "period_start": pd.to_datetime([f"{y}-04-01" for y in range(2019, 2024)]),
    ...     "period_end": pd.to_datetime([f"{y + 1}-03-31" for y in range(2019, 2024)])})
    >>> print(decimal_slip(rows, ["measure", "area"])[1])  # doctest: +ELLIPSIS
    '3.514' has 3 decimal places where the measure's values have 2, and is 8.8 times smaller than...
    """
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    rows = rows[value.gt(0)].assign(value=value[value.gt(0)])
    if rows.empty:
        return None
    places = rows["value"].map(_places)
    written = places[places.gt(0)].groupby(rows.loc[places.gt(0), by[0]])
    usual = rows[by[0]].map(written.agg(lambda p: p.mode().max())).fillna(0)
    extra = places - usual
    if not extra.gt(0).any():
        return None
    rows = rows.sort_values([*by, "period_start"])
    groups = rows.groupby(by, sort=False)
    day = pd.Timedelta(days=1)
    before = (
        groups["value"]
        .shift()
        .where(groups["period_end"].shift().add(day).eq(rows["period_start"]))
    )
    after = (
        groups["value"]
        .shift(-1)
        .where(groups["period_start"].shift(-1).sub(day).eq(rows["period_end"]))
    )
    sides = pd.concat([before, after], axis=1)
    extra = extra.reindex(rows.index)
    moved = rows["value"] * 10.0 ** extra.clip(lower=0)
    now, then = _apart(rows["value"], sides), _apart(moved, sides)
    slipped = extra.gt(0) & now.gt(SLIP) & then.le(SLIP)
    if not slipped.any():
        return None
    at = (now / then).where(slipped).idxmax()
    near = sides.loc[at].dropna()
    return at, (
        f"'{rows.loc[at, 'value']:g}' has {places[at]} decimal places where the measure's "
        f"values have {usual[at]:g}, and is {_beside(rows.loc[at, 'value'], now[at], near)}; "
        "expected a value in line with its own series, "
        f"such as {moved[at]:g} (the decimal point moved back)"
    )


def _neighbour(groups, rows: pd.DataFrame, step: int, column: str) -> pd.Series:
    """Return ``column`` of the series' period before (``step`` 1) or after (-1).

    A neighbour is the series' next period starting within a year (a financial, academic or
    calendar year, the three months to February, or a rolling year a quarter on); a series
    with a year missing is not compared across the gap.
    """
    start = groups["period_start"].shift(step)
    gap = (rows["period_start"] - start).abs()
    near = gap.gt(pd.Timedelta(0)) & gap.le(pd.Timedelta(days=366))
    return groups[column].shift(step).where(near)


def _beside(value: float, apart: float, near: pd.Series) -> str:
    """Say how far ``value`` is from the years beside it, as both rules of a series say it.

    For example "10.0 times smaller than the year beside it (29.41)".
    """
    way = "times" if value > near.min() else "times smaller than"
    where = "the year beside it" if len(near) == 1 else "the nearer of the years beside it"
    return f"{apart:.1f} {way} {where} ({' and '.join(f'{v:g}' for v in near)})"


def out_of_scale(rows: pd.DataFrame, by: list[str]) -> tuple[object, str] | None:
    """Return a value out of scale against its own series, whatever the measure.

    A value more than :data:`OUT_OF_SCALE` times the nearer of its series' neighbouring years
    (or less than that fraction of it) is a figure at the wrong scale: a decimal point moved
    (persistent absence 29.3 typed 2.93), a share written as a fraction (4.7 as 0.047), a
    count keyed with an extra digit and its rate made to match. Values above 0 are compared;
    where a value and its neighbour both come with counts and either count is below
    :data:`FEW_EVENTS`, that neighbour is not held against it (small counts swing by chance).

    Parameters
    ----------
    rows : pandas.DataFrame
        ``indicator``, ``period_start``, ``period_end``, ``value``, the columns ``by`` and,
        where known, ``numerator``.
    by : list of str
        The columns that say whose series a row is of (the measure, the area, the group).

    Returns
    -------
    tuple or None
        The row furthest out of its series, and the rest of a sentence saying what was
        expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "indicator": ["persistent_absence"] * 3, "area": ["Southampton"] * 3,
    ...     "value": [30.89, 29.41, 2.93],
    ...     "period_start": pd.to_datetime(["2020-09-01", "2021-09-01", "2022-09-01"]),
    ...     "period_end": pd.to_datetime(["2021-08-31", "2022-08-31", "2023-08-31"])})
    >>> print(out_of_scale(rows, ["indicator", "area"])[1])  # doctest: +ELLIPSIS
    '2.93' is 10.0 times smaller than the year beside it (29.41); expected a value within 8 ...
    """
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    keep = value.gt(0)
    if not keep.any():
        return None
    rows = rows[keep].assign(value=value[keep])
    if "numerator" not in rows:
        rows = rows.assign(numerator=float("nan"))
    rows = rows.assign(numerator=pd.to_numeric(rows["numerator"], errors="coerce").astype(float))
    rows = rows.sort_values([*by, "period_start"])
    groups = rows.groupby([c for c in by if c in rows], sort=False, dropna=False)
    sides = []
    for step in (1, -1):
        side = _neighbour(groups, rows, step, "value")
        count = _neighbour(groups, rows, step, "numerator")
        few = rows["numerator"].notna() & count.notna()
        few &= pd.concat([rows["numerator"], count], axis=1).min(axis=1).lt(FEW_EVENTS)
        sides.append(side.where(~few))
    near = pd.concat(sides, axis=1)
    apart = _apart(rows["value"], near)
    out = apart.gt(OUT_OF_SCALE)
    if not out.any():
        return None
    at = apart.where(out).idxmax()
    beside = near.loc[at].dropna()
    return at, (
        f"'{rows.loc[at, 'value']:g}' is {_beside(rows.loc[at, 'value'], apart[at], beside)}; "
        "expected a value within "
        f"{OUT_OF_SCALE:g} times the nearer of the years beside it, as every series of the real "
        "LAIT file is (at most 7.7 times), not one at another scale (a decimal point moved, a "
        "digit added or another unit)"
    )


#: The most percentage points a percentage of a family, region or nation may be from the
#: nearer of its series' neighbouring periods. Such a figure is an average over many services,
#: and moves little: on the full real LAIT bulk file (England and its regions, every measure
#: read given in per cent) the furthest is 15.5 points (secondary persistent absence, a region
#: in 2021, the pandemic year), reoffending of 10 to 14 year olds 13.45. A first digit typed
#: wrong moves a percentage of 30 to 40 by 40 to 60 points (33.604 typed 83.604).
AGGREGATE_POINTS = 25.0
#: The most times any other measure of a family, region or nation (a rate per head, a score)
#: may be the nearer of its series' neighbours: on the same file 1.39 (first time entrants
#: per 100,000, a region; LAIT's England row of them, a count, left out as the build leaves
#: it), Attainment 8 1.31 (2.26 and 2.06 are persistent absence, a percentage, held above).
AGGREGATE_TIMES = 2.0
#: The area types whose figures are averages over many services.
AVERAGED = (*AGGREGATES, "family")


def jumps_in_an_average(rows: pd.DataFrame, by: list[str]) -> tuple[object, str] | None:
    """Return a family's, region's or nation's figure far from the periods beside it.

    :func:`out_of_scale` holds every figure to 8 times its neighbours, the spread a small
    authority's cohort gives; a figure averaged over many services moves far less, so a
    first digit typed wrong (a family's reoffending 33.604 typed 83.604, 2.3 times its
    neighbours 33.35 and 36.74) passed (adversary 16, C15). A percentage more than
    :data:`AGGREGATE_POINTS` points from the nearer of its series' neighbouring periods, or any
    other measure more than :data:`AGGREGATE_TIMES` times it (or under that fraction), is
    returned. Figures the project pools (status ``computed``) are not held here: their parts
    are.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``area_type``, ``indicator``, ``period_start``, ``value``, the columns ``by`` and,
        where the measures are not the catalogue's indicators, ``unit``.
    by : list of str
        The columns that say whose series a row is of.

    Returns
    -------
    tuple or None
        The row furthest from its series, and the rest of a sentence saying what was expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": ["family"] * 3, "area": ["Southampton family"] * 3,
    ...     "indicator": ["reoffending_binary"] * 3, "value": [33.35, 83.604, 36.74],
    ...     "period_start": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]),
    ...     "period_end": pd.to_datetime(["2020-12-31", "2021-12-31", "2022-12-31"])})
    >>> why = jumps_in_an_average(rows, ["area_type", "area", "indicator"])[1]
    >>> print(why)  # doctest: +ELLIPSIS
    '83.604' is 46.9 percentage points from the nearer of the periods beside it (33.35 and ...
    """
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    keep = rows["area_type"].isin(AVERAGED) & value.gt(0)
    if "status" in rows:
        keep &= ~rows["status"].eq("computed").fillna(False).astype(bool)
    if not keep.any():
        return None
    whose = [c for c in by if c in rows]
    rows = rows[keep].assign(value=value[keep]).sort_values([*whose, "period_start"])
    groups = rows.groupby(whose, sort=False, dropna=False)
    near = pd.concat([_neighbour(groups, rows, step, "value") for step in (1, -1)], axis=1)
    # A file whose measures are not the catalogue's indicators (LAIT's codes) gives the unit.
    units = rows["unit"] if "unit" in rows else rows["indicator"].map(catalogue()["unit"])
    percent = units.eq("%")
    points = near.rsub(rows["value"], axis=0).abs().min(axis=1)
    times = _apart(rows["value"], near)
    over = (points / AGGREGATE_POINTS).where(percent, times / AGGREGATE_TIMES)
    if not over.gt(1).any():
        return None
    # A figure out of line with both periods beside it is the one typed wrong: its neighbour
    # at the end of a series is out of line with it alone.
    wrong = over.gt(1)
    both = wrong & near.notna().all(axis=1)
    at = over.where(both if both.any() else wrong).idxmax()
    beside = near.loc[at].dropna()
    where = "the period beside it" if len(beside) == 1 else "the nearer of the periods beside it"
    given = f"({' and '.join(f'{v:g}' for v in beside)})"
    if percent[at]:
        far = f"{points[at]:.1f} percentage points from {where} {given}"
        limit = f"{AGGREGATE_POINTS:g} points"
    else:
        far = _beside(rows.loc[at, "value"], times[at], beside).replace("year", "period")
        limit = f"{AGGREGATE_TIMES:g} times"
    return at, (
        f"'{rows.loc[at, 'value']:g}' is {far}; expected a {rows.loc[at, 'area_type']}'s "
        f"figure, an average over many services, within {limit} of the periods beside it, as "
        "every region's and England's series of the real LAIT file is (a digit typed wrong?)"
    )


def out_of_line_with_kin(rows: pd.DataFrame) -> tuple[object, str] | None:
    """Return a nation's or region's figure out of line with the other nations and regions.

    England's figure is an average of its regions' and most of England and Wales's, so it lies
    among them; a figure more than :data:`KIN` times the nearest of the others of the same
    indicator and period (or less than that fraction of it) is at the wrong scale: England's
    serious violence per 1,000 given as per 10,000 (0.6 beside England and Wales 5.6 and the
    South East 4.4), its reoffending rates as fractions (0.297 for 29.7%). Every year moving
    together, no series rule sees it. Totals only, where rows say their breakdown (a group's
    share differs between places by their make-up), and figures as given, not those the
    project pools from services (status ``computed``).

    Parameters
    ----------
    rows : pandas.DataFrame
        ``area_type``, ``area``, ``indicator``, ``period_start``, ``period_end``, ``value``
        and, where given, ``breakdown`` and ``group``.

    Returns
    -------
    tuple or None
        The row furthest from its kin, and the rest of a sentence saying what was expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": ["country", "england_wales", "region"],
    ...     "area": ["England", "England and Wales", "South East"],
    ...     "indicator": ["syv_rate"] * 3, "value": [0.58, 5.73, 4.98],
    ...     "period_start": pd.to_datetime(["2023-04-01"] * 3),
    ...     "period_end": pd.to_datetime(["2024-03-31"] * 3)})
    >>> print(out_of_line_with_kin(rows)[1])  # doctest: +ELLIPSIS
    '0.58' is 8.6 times smaller than the nearest figure of another nation or region ...
    """
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    keep = rows["area_type"].isin(AGGREGATES) & value.gt(0)
    if "breakdown" in rows:
        # Totals only: a group's share differs between places by their make-up (Black children
        # are a far larger share in London than in the North East), not by a slip of scale.
        keep &= rows["breakdown"].eq("total").fillna(False).astype(bool)
    if "status" in rows:  # pooled by the project from services already checked
        keep &= ~rows["status"].eq("computed").fillna(False).astype(bool)
    if keep.sum() < 2:
        return None
    rows = rows[keep].assign(value=value[keep])
    key = [
        c for c in ("indicator", "period_start", "period_end", "breakdown", "group") if c in rows
    ]
    worst: tuple[float, object, object] | None = None
    for _, part in rows.groupby(key, sort=False, dropna=False):
        if len(part) < 2:
            continue
        values = part["value"].to_numpy()
        for i, at in enumerate(part.index):
            others = part.drop(index=at)
            ratio = (others["value"] / values[i]).where(others["value"] >= values[i])
            ratio = ratio.fillna(values[i] / others["value"])
            if ratio.min() > KIN and (worst is None or ratio.min() > worst[0]):
                worst = (float(ratio.min()), at, ratio.idxmin())
    if worst is None:
        return None
    times, at, nearest = worst
    way = "times" if rows.loc[at, "value"] > rows.loc[nearest, "value"] else "times smaller than"
    return at, (
        f"'{rows.loc[at, 'value']:g}' is {times:.1f} {way} the nearest figure of another nation "
        f"or region for the same period ({rows.loc[nearest, 'area']} "
        f"{rows.loc[nearest, 'value']:g}); expected a figure within {KIN:g} times the nearest "
        "of the others, as a nation lies among its regions (in the real LAIT file at most 2 "
        "times apart), not one at another scale (per 1,000 for per 10,000, or a fraction for "
        "a percentage)"
    )


def unlike_its_parts(rows: pd.DataFrame) -> tuple[object, str] | None:
    """Return a nation's figure that is not what the figures of its whole and parts make it.

    A figure within every range can still be another area's: the South East's custody rate
    (0.094) put in England's row (0.112) is in line with its kin and its own series. But a
    nation's figure is not free. England and Wales is its two nations together: where it and
    one nation give counts, the other nation's figure is the difference of their counts, and a
    figure more than :data:`NATIONS_APART` from it (beyond half a unit of its last decimal
    place) is refused. And England is an average of its regions: where all
    :data:`ENGLISH_REGIONS` are given, its figure lies within their range (beyond half a unit
    of the last decimal place the coarsest of them is written to, it is refused). A region's
    own figure lies within that range, so it is caught only by the counts. Totals only, where
    rows say their breakdown, and figures as given, not those the project pools (status
    ``computed``).

    Parameters
    ----------
    rows : pandas.DataFrame
        ``area_type``, ``area``, ``indicator``, ``period_start``, ``period_end``, ``value``
        and, where given, ``numerator``, ``denominator``, ``breakdown``, ``group`` and
        ``status``.

    Returns
    -------
    tuple or None
        The nation's row, and the rest of a sentence saying what was expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": ["country", "country", "england_wales"],
    ...     "area": ["England", "Wales", "England and Wales"],
    ...     "indicator": ["custody_rate"] * 3, "value": [0.094, 0.134, 0.114],
    ...     "numerator": [None, 51, 513], "denominator": [None, 379813, 4511512],
    ...     "period_start": pd.to_datetime(["2023-04-01"] * 3),
    ...     "period_end": pd.to_datetime(["2024-03-31"] * 3)})
    >>> print(unlike_its_parts(rows)[1])  # doctest: +ELLIPSIS
    '0.094' is not the figure England and Wales's counts (513 of 4,511,512) less Wales's ...
    """
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    keep = rows["area_type"].isin(AGGREGATES) & value.ge(0)
    if "breakdown" in rows:  # a group's figure is not its groups' average across places
        keep &= rows["breakdown"].eq("total").fillna(False).astype(bool)
    if "status" in rows:  # pooled by the project from services already checked
        keep &= ~rows["status"].eq("computed").fillna(False).astype(bool)
    if keep.sum() < 3:
        return None
    counts = {
        c: pd.to_numeric(rows[c], errors="coerce").astype(float)
        if c in rows
        else pd.Series(float("nan"), index=rows.index)
        for c in ("numerator", "denominator")
    }
    rows = rows[keep].assign(
        value=value[keep],
        numerator=counts["numerator"][keep],
        denominator=counts["denominator"][keep],
    )
    key = [
        c for c in ("indicator", "period_start", "period_end", "breakdown", "group") if c in rows
    ]
    for _, part in rows.groupby(key, sort=False, dropna=False):
        found = _nation_unlike_the_whole(part) or _england_outside_its_regions(part)
        if found is not None:
            return found
    return None


#: The fewest periods a nation's series and a region's must share, each equal, before the
#: nation's is taken for the region's copied (:func:`copies_a_region`). In the real LAIT bulk
#: file no English region's series equals England's in every year: at most 8 of 10
#: (``LAC_Convictions``, whole percents, the East of England), and 3 of 10 in a measure written
#: with decimals (Attainment 8 of pupils not eligible for free school meals, the South West).
COPIED_PERIODS = 4
#: The fewest different values the shared periods must hold: a series flat at its rounding
#: step (the demo's 16-17 NEET, 3.0 to 3.2 in eight years) equals a region as flat by chance.
COPIED_VALUES = 4


def copies_a_region(rows: pd.DataFrame) -> tuple[object, str] | None:
    """Return a nation's figure whose whole series is one region's, figure for figure.

    A region's figures put in the nation's rows (a regional download standing for England)
    lie within the regions' range, being one of them, and in line with every series, so
    :func:`unlike_its_parts` cannot see them. But a nation's figure is an average of its
    regions', and equal to one of them in a year only by chance: in every one of
    :data:`COPIED_PERIODS` periods or more, holding :data:`COPIED_VALUES` different values
    (a series that moves, not one flat at its rounding step), it is the region's copied.
    Totals only, where rows say their breakdown, and figures as given, not those the project
    pools (status ``computed``); Wales is a nation, never England's region.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``area_type``, ``area``, ``indicator``, ``period_start``, ``period_end``, ``value``
        and, where given, ``breakdown``, ``group`` and ``status``.

    Returns
    -------
    tuple or None
        The nation's latest row of the copied series, and the rest of a sentence saying what
        was expected.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "area_type": ["country"] * 4 + ["region"] * 4,
    ...     "area": ["England"] * 4 + ["South East"] * 4,
    ...     "indicator": ["attainment8"] * 8, "value": [46.7, 46.3, 45.9, 45.6] * 2,
    ...     "period_start": pd.to_datetime(["2020-09-01", "2021-09-01", "2022-09-01",
    ...                                     "2023-09-01"] * 2),
    ...     "period_end": pd.to_datetime(["2021-08-31", "2022-08-31", "2023-08-31",
    ...                                   "2024-08-31"] * 2)})
    >>> print(copies_a_region(rows)[1])  # doctest: +ELLIPSIS
    '45.6' and every other figure of England's series (4 periods) are the figures of South East, ...
    """
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    keep = rows["area_type"].isin(AGGREGATES) & value.notna()
    if "breakdown" in rows:
        keep &= rows["breakdown"].eq("total").fillna(False).astype(bool)
    if "status" in rows:
        keep &= ~rows["status"].eq("computed").fillna(False).astype(bool)
    rows = rows[keep].assign(value=value[keep])
    key = [c for c in ("indicator", "breakdown", "group") if c in rows]
    when = ["period_start", "period_end"]
    for _, part in rows.groupby(key, sort=False, dropna=False):
        nations = part[part["area_type"].isin(("country", "england_wales"))]
        regions = part[part["area_type"].eq("region") & ~part["area"].eq("Wales")]
        for nation, region in product(nations["area"].unique(), regions["area"].unique()):
            ours = nations[nations["area"].eq(nation)].drop_duplicates(when)
            theirs = regions[regions["area"].eq(region)].drop_duplicates(when)
            both = ours.reset_index().merge(theirs[[*when, "value"]], on=when, suffixes=("", "_r"))
            if len(both) < COPIED_PERIODS or both["value"].nunique() < COPIED_VALUES:
                continue
            if not both["value"].eq(both["value_r"]).all():
                continue
            latest = both.sort_values("period_end").iloc[-1]
            return latest["index"], (
                f"'{latest['value']:g}' and every other figure of {nation}'s series "
                f"({len(both)} periods) are the figures of {region}, one for one; expected the "
                "nation's own figures, an average of its regions' equal to one of them only by "
                "chance (in the real LAIT file at most 8 of 10 years, in whole percents), not a "
                "region's rows put in the nation's"
            )
    return None


def _nation_unlike_the_whole(part: pd.DataFrame) -> tuple[object, str] | None:
    """Hold each nation's figure to England and Wales's counts less the other nation's."""
    whole = part[part["area_type"].eq("england_wales")]
    nations = part[part["area_type"].eq("country") & part["area"].isin(["England", "Wales"])]
    if len(whole) != 1 or len(nations) != 2 or nations["area"].nunique() != 2:
        return None
    both = whole.iloc[0]
    if not (both["numerator"] > 0 and both["denominator"] > 0):
        return None
    per = both["value"] * both["denominator"] / both["numerator"]  # the figure's multiplier
    for at in nations.index:
        other = nations.drop(index=at).iloc[0]
        people = both["denominator"] - other["denominator"]
        if not people > 0 or pd.isna(other["numerator"]):
            continue
        made = (both["numerator"] - other["numerator"]) / people * per
        given = float(part.loc[at, "value"])
        allowed = NATIONS_APART * made + 0.5 * 10 ** -_places(given)
        if abs(given - made) <= allowed:
            continue
        return at, (
            f"'{given:g}' is not the figure England and Wales's counts "
            f"({both['numerator']:,.0f} of {both['denominator']:,.0f}) less "
            f"{other['area']}'s ({other['numerator']:,.0f} of {other['denominator']:,.0f}) "
            f"leave {part.loc[at, 'area']}, {made:.3g}; expected a figure within "
            f"{NATIONS_APART:.0%} of it, as England and Wales is its two nations together, "
            "not another area's figure (a region's row put in the nation's)"
        )
    return None


def _england_outside_its_regions(part: pd.DataFrame) -> tuple[object, str] | None:
    """Hold England's figure within its regions' range, where every region is given."""
    england = part[part["area_type"].eq("country") & part["area"].eq("England")]
    regions = part[part["area_type"].eq("region") & ~part["area"].eq("Wales")]
    if len(england) != 1 or regions["area"].nunique() < ENGLISH_REGIONS:
        return None
    given = float(england["value"].iloc[0])
    places = min(_places(v) for v in [given, *regions["value"]])
    step = 0.5 * 10**-places
    low, high = regions["value"].min(), regions["value"].max()
    if low - step <= given <= high + step:
        return None
    return england.index[0], (
        f"'{given:g}' is outside the range of England's {regions['area'].nunique()} regions "
        f"for the same period ({low:g} to {high:g}); expected a figure among them, as "
        "England's is an average of its regions' (in the real LAIT file always within their "
        "range)"
    )
