"""YJB "Youth justice statistics: local level open data", Children table.

One row per financial year, YJS (``YOT`` in releases to 2019/20, ``YJS`` after), age group,
ethnic group and sex, with the number of children cautioned or sentenced. Released as CSV to
2019/20 and as ODS (``Children_Table.ods``, with notes above the header) since; both are read.
Small counts may be replaced by suppression marks (``*``, ``[c]``, ``..``): those rows keep
their key with a missing count and the mark in ``marker``.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import periods, plausible

KIND = "yjb_children"
#: More children in one cell than any service has cautioned or sentenced in a year.
MOST_CHILDREN = 20_000
TITLE = "YJB local level open data: Children table"

FIELDS = {
    "financial_year": ("financial_year", "year", "financial_year_of_outcome"),
    "yjs": ("yjs", "yot", "yjs_name", "yot_name", "youth_justice_service"),
    "children": ("number_children", "number_of_children", "children", "count"),
    "region": ("region", "yjs_region", "yot_region"),
    "pcc": ("pcc", "pcc_area", "police_force_area"),
    "country": ("england_wales", "country", "nation"),
    "age_group": ("age_group", "age", "age_band"),
    "ethnicity": ("ethnicity_group", "ethnicity", "ethnic_group"),
    "sex": ("sex", "gender"),
}
OPTIONAL = ("region", "pcc", "country", "age_group", "ethnicity", "sex")
KEY = ["financial_year", "yjs", "age_group", "ethnicity", "sex"]


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like a Children table (a YJS and a year, no other tally)."""
    has_yjs = bool(keys & set(FIELDS["yjs"]))
    has_year = bool(keys & {"financial_year", "year"})
    other_tally = any(k.startswith("number_") and k not in FIELDS["children"] for k in keys)
    return has_yjs and has_year and not other_tally and "short_desc" not in keys


def _financial_year_ok(year: pd.Series) -> pd.Series:
    start = pd.to_numeric(year.str[:4], errors="coerce")
    end = pd.to_numeric(year.str[5:7], errors="coerce")
    return year.str.fullmatch(r"(19|20)\d\d-\d\d") & ((start + 1) % 100 == end)


SCHEMA = pa.DataFrameSchema(
    {
        "financial_year": pa.Column(
            str,
            pa.Check(_financial_year_ok, error="expected a financial year such as 2019-20"),
        ),
        "yjs": pa.Column(str, pa.Check.str_length(min_value=1, error="expected the name of a YJS")),
        # The largest cell of the published tables is 618 children, a service's year 1,169.
        "children": pa.Column(
            "Int64",
            [
                pa.Check.ge(0, error="expected a count of zero or more"),
                pa.Check.le(
                    MOST_CHILDREN,
                    error=f"expected at most {MOST_CHILDREN:,} children in one service, year and "
                    "group",
                ),
            ],
            nullable=True,
        ),
        "marker": pa.Column("string", nullable=True),
    },
    strict=False,
)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return the Children table as tidy rows.

    Parameters
    ----------
    table : Table
        The table read from the file.
    path : Path
        The file, for messages.

    Returns
    -------
    pandas.DataFrame
        ``financial_year``, ``yjs`` (as published), ``region``, ``pcc``, ``country``,
        ``age_group``, ``ethnicity``, ``sex`` (``"All"`` where the file has no such column),
        ``children`` (``Int64``, missing where suppressed) and ``marker``.
    """
    found = checks.columns(table, path, FIELDS, OPTIONAL)
    frame = table.frame
    out = pd.DataFrame(index=frame.index)
    for field in FIELDS:
        if field == "children":
            continue
        if field in found:
            out[field] = frame[found[field]].astype(str).str.strip()
        else:
            out[field] = "All" if field in ("age_group", "ethnicity", "sex") else ""
    out["children"], out["marker"] = checks.counts(
        frame[found["children"]], path, found["children"]
    )
    shown = {f: found.get(f, f) for f in FIELDS} | {"marker": found["children"]}
    out = checks.validate(SCHEMA, out, path, shown)
    _check_groups(out, path, shown)
    for field, what in GROUP_NAMES.items():
        if field in found:
            out[field] = checks.published_groups(out[field], path, shown[field], field, what)
    _check_years(out, path, shown)
    checks.duplicates(out, KEY, path, shown)
    _check_year_on_year(out, path, shown)
    _check_rows_missing(out, path, shown)
    _check_spikes(out, path, shown)
    return out


#: Each group column, and how a message names one of its groups.
GROUP_NAMES = {"age_group": "age group", "ethnicity": "ethnic group", "sex": "sex"}
#: A cell a spreadsheet turned into a date: ``10-14`` typed into Excel is 14 October.
LOOKS_LIKE_A_DATE = r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4}"
#: An age band as the Children table writes it (``10 to 14``, ``15-17``) and its ages.
AGE_BAND = r"(\d{1,2})\s*(?:to|-|–)\s*(\d{1,2})"


def _check_groups(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a group that a spreadsheet made into a date, or an age band outside 10 to 17.

    A table opened in Excel and saved again turns the age group ``10-14`` into the date 14
    October: kept as a group, it would be a breakdown of its own (``2019-10-14``) and the
    children in it would be missing from ``10 to 14``.
    """
    for field in ("age_group", "ethnicity", "sex", "yjs"):
        dated = rows[field].str.fullmatch(LOOKS_LIKE_A_DATE).fillna(False)
        if dated.any():
            row = dated.idxmax()
            raise InputError(
                f"row {row}, column '{shown[field]}': '{rows.loc[row, field]}' is a date, as a "
                "spreadsheet makes of a group such as 10-14 typed into it; expected the group as "
                "published, such as 10 to 14 (format the column as text before typing, or "
                "download the table again).",
                path,
            )
    for field in ("age_group", "ethnicity", "sex"):
        # 'boys' beside 'Boys' would be a group of its own, each share of part of the children.
        folded = rows[field].str.strip().str.casefold()
        spellings = rows.groupby(folded)[field].nunique()
        if (spellings > 1).any():
            twice = rows[field][folded.eq(spellings[spellings > 1].index[0])]
            first, other = twice.iloc[0], twice[twice.ne(twice.iloc[0])].iloc[0]
            row = twice.index[twice.eq(other)][0]
            raise InputError(
                f"row {row}, column '{shown[field]}': '{other}' is the group '{first}' written "
                "another way; expected each group written one way, as published.",
                path,
            )
    ages = rows["age_group"].str.extract(f"^{AGE_BAND}$").astype(float)
    every_age = ages[0].eq(10) & ages[1].eq(17)
    # (A file without the column has "All" in every row: no breakdown, so nothing is refused.)
    for field, what in GROUP_NAMES.items():
        extra = every_age if field == "age_group" else None
        checks.no_subtotals(rows[field], path, shown[field], what, extra)
    outside = (ages[0] < 10) | (ages[1] > 17) | (ages[0] > ages[1])
    if outside.any():
        row = outside.idxmax()
        raise InputError(
            f"row {row}, column '{shown['age_group']}': '{rows.loc[row, 'age_group']}' is not an "
            "age group of children cautioned or sentenced; expected ages from 10 to 17, such as "
            "10 to 14 or 15 to 17.",
            path,
        )


#: A service's children cautioned or sentenced in a year may change by at most this much from
#: the year before (besides :data:`~yjanalysis.vocabulary.plausible.YEAR_ON_YEAR` times): a
#: small service's count of a handful can move several times over for no fault.
LEAST_CHANGE_CHECKED = 100


def _check_year_on_year(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a service's year whose children are many times another year's, or a fraction.

    The groups of a service and year add up to its children cautioned or sentenced, which the
    table gives nowhere else: a cell of 14 typed ``1,014`` is inside every range (a cell may
    hold 618 children, a service's year 1,169) but made Southampton's year 1,073 children
    after 74. In the real 2019/20 release (2013-14 to 2019-20, 155 services) the largest change
    of a service's year from the one before is 3.4 times (Cheshire East, Cheshire West, Halton
    and Warrington, 2014-15); the limit is the project's year-on-year one, 8 times, for a
    change of more than :data:`LEAST_CHANGE_CHECKED` children. A year with a suppressed cell
    is left out, its total unknown; each year is compared with the service's year before it in
    the table, across a year the table lacks. The year named is the one out of line with the
    others (:func:`_out_of_line`), and in it the cell that moved most from the year it was
    compared with; where the table cannot tell which of two years is wrong, both are named.
    """
    keys = ["yjs", "financial_year"]
    totals = rows.groupby(keys)["children"].agg(["sum", "count", "size"])
    totals = totals[totals["count"].eq(totals["size"])]["sum"].astype(float).reset_index()
    totals["start"] = pd.to_numeric(totals["financial_year"].str[:4])
    totals = totals.sort_values(["yjs", "start"]).reset_index(drop=True)
    before = totals.groupby("yjs")["sum"].shift()
    ratio = (totals["sum"] / before).where(before.gt(0) & totals["sum"].gt(0))
    limit = plausible.YEAR_ON_YEAR
    jump = ((ratio > limit) | (ratio < 1 / limit)) & (totals["sum"] - before).abs().gt(
        LEAST_CHANGE_CHECKED
    )
    if not jump.any():
        return
    later = int(jump.idxmax())
    earlier = later - 1
    # A year's other neighbour: the one before the earlier year, the one after the later.
    first = totals["yjs"].ne(totals["yjs"].shift())
    last = totals["yjs"].ne(totals["yjs"].shift(-1))
    wrong = _out_of_line(
        earlier=(bool(jump[earlier]) and not first[earlier], bool(first[earlier])),
        later=(not last[later] and bool(jump[later + 1]), bool(last[later])),
    )
    yjs = totals.loc[later, "yjs"]
    year = totals["financial_year"]
    total = totals["sum"]
    cell = {earlier: _moved_most(rows, yjs, year[earlier], year[later]),
            later: _moved_most(rows, yjs, year[later], year[earlier])}  # fmt: skip
    times = max(total[earlier], total[later]) / min(total[earlier], total[later])
    expected = (
        f"expected a service's year within {limit:g} times the years beside it (the largest "
        "change in the real releases is 3.4 times), as a mistyped count is not (14 typed as "
        "1,014)."
    )
    column = shown["children"]
    if wrong is None:
        raise InputError(
            f"rows {cell[earlier]} and {cell[later]}, column '{column}': {yjs}'s children "
            f"cautioned or sentenced are {total[earlier]:,.0f} in {year[earlier]} and "
            f"{total[later]:,.0f} in {year[later]}, {times:.1f} times as many in one as in the "
            "other, and the table cannot tell which year is wrong (the cells that differ most "
            f"are '{rows.loc[cell[earlier], 'children']}' and "
            f"'{rows.loc[cell[later], 'children']}'); {expected}",
            path,
        )
    at, other, beyond = (earlier, later, earlier - 1) if wrong == "earlier" else (
        later, earlier, later + 1)  # fmt: skip
    way = "times" if total[at] > total[other] else "times fewer than"
    too = ""
    if beyond in total.index and totals.loc[beyond, "yjs"] == yjs:
        too = f" and out of line with the {total[beyond]:,.0f} of {year[beyond]} too"
    raise InputError(
        f"row {cell[at]}, column '{column}': '{rows.loc[cell[at], 'children']}' makes {yjs}'s "
        f"children cautioned or sentenced in {year[at]} {total[at]:,.0f}, {times:.1f} {way} "
        f"the {total[other]:,.0f} of {year[other]}{too}; {expected}",
        path,
    )


#: The fewest service-years a file must hold for "a group every other service-year has" to
#: mean something (a file of one service or a few years has no such rule).
FEWEST_SERVICE_YEARS = 50
#: A group absent from a service's year is refused only where the service's other years count
#: so many of it that none by chance is below 1 in 1,000 (e^-7): a small group can be zero.
LEAST_MEAN_FOR_ABSENT = 7.0


def _check_rows_missing(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a service's year without the row of a group every other service-year has.

    The table has no totals: a service's year is the sum of its rows, and a row left out (a
    zero count is left out, so no row is missing to the eye) takes its children out of every
    figure. The real 2019/20 release cut three lines short, ending cleanly, made York's
    2019-20 rate 8.6 for 26.4: its last rows, 15 to 17 White boys (27 children), were gone.
    In that release the group is in all 1,066 service-years. A service's year is refused
    where it lacks a group that every other service-year of the file has (of at least
    :data:`FEWEST_SERVICE_YEARS`) and that the service's own other years count
    :data:`LEAST_MEAN_FOR_ABSENT` or more of on average, so that none is not chance.
    """
    cell = ["age_group", "ethnicity", "sex"]
    if rows[cell].eq("All").all(axis=None):
        return
    keys = ["yjs", "financial_year"]
    service_years = rows[keys].drop_duplicates()
    if len(service_years) < FEWEST_SERVICE_YEARS:
        return
    present = rows.groupby(cell)[keys].apply(lambda g: len(g.drop_duplicates()))
    almost = present[present.eq(len(service_years) - 1)]
    for group in almost.index:
        has = rows[rows[cell].eq(pd.Series(group, index=cell)).all(axis=1)]
        held = service_years.merge(has[keys], how="left", indicator=True)
        yjs, year = held.loc[held["_merge"].eq("left_only"), keys].iloc[0]
        others = has[has["yjs"].eq(yjs)]["children"].astype(float)
        years = rows.loc[rows["yjs"].eq(yjs), "financial_year"].nunique() - 1
        mean = others.sum() / years if years else 0.0
        if mean < LEAST_MEAN_FOR_ABSENT:
            continue
        these = rows.index[rows["yjs"].eq(yjs) & rows["financial_year"].eq(year)]
        what = ", ".join(str(g) for g in group)
        raise InputError(
            f"rows {these.min()} to {these.max()} ({yjs}, {year}) hold no row for {what}, which "
            f"every other of the file's {len(service_years) - 1:,} service-years has and "
            f"{yjs}'s other years count {mean:.0f} children in on average; expected every "
            "group of the service's year (is the file cut short, or a row deleted?).",
            path,
        )


#: A service's year may be this many times both the year before's and the year after's (or
#: this many times fewer) for no fault, before chance is weighed. In the real 2019/20
#: release the most a year stands above both neighbours is 1.84 times (and below, 0.57).
SPIKE_SPREAD = 2.0
#: Beyond the spread, a year is refused where a count so far from it has a chance below this
#: (Poisson): about one in a million, so that the ~800 service-years of a release give no
#: false refusal.
SPIKE_CHANCE = 1e-6


def _poisson_tail(found: int, expected: float, upper: bool) -> float:
    """Return the chance of ``found`` or more (``upper``) or fewer events where ``expected`` are."""
    terms = [k * math.log(expected) - expected - math.lgamma(k + 1) for k in range(found + 1)]
    below = sum(math.exp(t) for t in terms[:-1])
    return max(0.0, 1.0 - below) if upper else below + math.exp(terms[-1])


def _check_spikes(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a service's year far above (or below) both the year before and the year after.

    A cell of 34 typed 340 made Southampton's 2019-20 children 385 between 91 and 75: 4.2
    times the year before, inside the 8 times of :func:`_check_year_on_year`, but a spike no
    real service shows. The table gives no total to check the rows against, so a year is
    compared with its neighbours: it is refused where it is more than :data:`SPIKE_SPREAD`
    times the larger neighbour (the real year-to-year spread) by more than chance gives
    (:data:`SPIKE_CHANCE`), or as far below the smaller. The first and last years have one
    neighbour and are left to the year-on-year rule; a year with a suppressed cell is left
    out, its total unknown. The row named is the cell that stands furthest from the mean of
    the same cell in the two neighbouring years.
    """
    keys = ["yjs", "financial_year"]
    totals = rows.groupby(keys)["children"].agg(["sum", "count", "size"])
    totals = totals[totals["count"].eq(totals["size"])]["sum"].astype(float).reset_index()
    totals["start"] = pd.to_numeric(totals["financial_year"].str[:4])
    totals = totals.sort_values(["yjs", "start"])
    by = totals.groupby("yjs")
    before, after = by["sum"].shift(), by["sum"].shift(-1)
    inside = by["start"].shift().eq(totals["start"] - 1) & by["start"].shift(-1).eq(
        totals["start"] + 1
    )
    high = pd.concat([before, after], axis=1).max(axis=1) * SPIKE_SPREAD
    low = pd.concat([before, after], axis=1).min(axis=1) / SPIKE_SPREAD
    up = inside & totals["sum"].gt(high)
    down = inside & totals["sum"].lt(low)
    for at in totals.index[up | down]:  # few or none: the tail is summed for these alone
        expected = high[at] if up[at] else low[at]
        if _poisson_tail(int(totals.loc[at, "sum"]), expected, bool(up[at])) >= SPIKE_CHANCE:
            up[at] = down[at] = False
    spike = up | down
    if not spike.any():
        return
    at = spike.idxmax()
    yjs, year, total = (
        totals.loc[at, "yjs"],
        totals.loc[at, "financial_year"],
        totals.loc[at, "sum"],
    )
    start = int(totals.loc[at, "start"])
    prior, later = (f"{y}-{str(y + 1)[2:]}" for y in (start - 1, start + 1))
    cell = ["age_group", "ethnicity", "sex"]
    this = rows[rows["yjs"].eq(yjs) & rows["financial_year"].eq(year)]
    near = rows[rows["yjs"].eq(yjs) & rows["financial_year"].isin([prior, later])]
    usual = near.groupby(cell)["children"].sum().astype(float) / 2
    counts = this.set_index(cell, append=True)["children"].astype(float)
    moved = (counts - usual.reindex(counts.index.droplevel(0)).fillna(0).to_numpy()).abs()
    row = moved.idxmax()[0]
    way = f"more than {SPIKE_SPREAD:g} times" if up[at] else f"less than 1/{SPIKE_SPREAD:g} of"
    raise InputError(
        f"row {row}, column '{shown['children']}': '{rows.loc[row, 'children']}' makes "
        f"{yjs}'s children cautioned or sentenced in {year} {total:,.0f}, between "
        f"{before[at]:,.0f} in {prior} and {after[at]:,.0f} in {later}; expected a year no "
        f"further from both neighbours than the real releases show (a year {way} "
        "both is beyond chance and every real service's change), as a mistyped count is not "
        "(34 typed as 340).",
        path,
    )


def _out_of_line(earlier: tuple[bool, bool], later: tuple[bool, bool]) -> str | None:
    """Say which of two years too far apart is wrong: ``"earlier"``, ``"later"`` or ``None``.

    Each year is given as (it is too far from its other neighbour as well, it has no other
    neighbour). The wrong year is the one out of line with both its neighbours; failing that,
    the one at an end of the series, with one neighbour only (a typo in the first year makes
    the second look many times smaller, but the second agrees with the third). Two years each
    agreeing with their other neighbour (a level that moved), or neither with one, cannot be
    told apart.

    Examples
    --------
    >>> _out_of_line(earlier=(False, True), later=(False, False))  # 4,358 then 91, 79
    'earlier'
    >>> _out_of_line(earlier=(False, True), later=(True, False))  # 101, 3,445, 75
    'later'
    >>> _out_of_line(earlier=(False, True), later=(False, True)) is None  # two years only
    True
    """
    for kind in (0, 1):
        if earlier[kind] != later[kind]:
            return "earlier" if earlier[kind] else "later"
    return None


def _moved_most(rows: pd.DataFrame, yjs: str, year: str, other: str) -> object:
    """Return the row of a service's year whose cell differs most from the same cell of another."""
    cell = ["age_group", "ethnicity", "sex"]
    this = rows[rows["yjs"].eq(yjs) & rows["financial_year"].eq(year)]
    that = rows[rows["yjs"].eq(yjs) & rows["financial_year"].eq(other)]
    change = this.set_index(cell, append=True)["children"].astype(float)
    was = that.set_index(cell)["children"].astype(float)
    moved = (change - was.reindex(change.index.droplevel(0)).fillna(0).to_numpy()).abs()
    return moved.idxmax()[0]


def _check_years(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a financial year that has not ended: no release counts a year not yet over."""
    for year in sorted(rows["financial_year"].unique(), reverse=True):
        start, end = periods.parse(year) or (pd.NaT, pd.NaT)
        why = plausible.implausible_period(year, start, end, "cautioned_or_sentenced_rate")
        if why is None:
            return  # the years before it have ended too
        row = rows.index[rows["financial_year"].eq(year)][0]
        raise InputError(f"row {row}, column '{shown['financial_year']}': {why}.", path)
