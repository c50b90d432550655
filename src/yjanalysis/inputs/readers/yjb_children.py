"""YJB "Youth justice statistics: local level open data", Children table.

One row per financial year, YJS (``YOT`` in releases to 2019/20, ``YJS`` after), age group,
ethnic group and sex, with the number of children cautioned or sentenced. Released as CSV to
2019/20 and as ODS (``Children_Table.ods``, with notes above the header) since; both are read.
Small counts may be replaced by suppression marks (``*``, ``[c]``, ``..``): those rows keep
their key with a missing count and the mark in ``marker``.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from scipy import stats

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
#: A financial year written with a slash, ``2019/20``; the schema then checks its two years.
SLASHED_YEAR = r"^((?:19|20)\d\d)/(\d\d)$"
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
    # ``2019/20`` is a spelling of the financial year 2019-20 (LAIT writes years so): read as it.
    out["financial_year"] = out["financial_year"].str.replace(SLASHED_YEAR, r"\1-\2", regex=True)
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
    _check_copied_year(out, path, shown)
    _check_year_on_year(out, path, shown)
    _check_cells(out, path, shown)
    _check_whole_groups(out, path, shown)
    _check_girls_beyond_boys(out, path, shown)
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


#: The most services whose year may repeat the year before cell for cell (every group's count
#: and suppression mark the same) before the year is taken for a copy: 2. In the real 2019/20
#: release (2013-14 to 2019-20, 151 or 152 services in each pair of years) none does; at most
#: 3 services repeat even their total. A year of 150 services relabelled from the one before
#: repeats every one.
MOST_REPEATED = 2


def _check_copied_year(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a year whose services' counts are the year before's, cell for cell.

    A year's rows replaced by the year before's relabelled (the download of last year's release
    saved under this year's name) pass every range and series rule, and every service's
    figure is last year's published as this year's. Each year is compared with the year
    before it; a service is counted where its cells, counts and marks are the same in both.
    """
    cells = rows.assign(
        cell=rows["age_group"] + "|" + rows["ethnicity"] + "|" + rows["sex"] + "|"
        + rows["children"].astype("string").fillna(rows["marker"].astype("string"))
    )  # fmt: skip
    years = sorted(cells["financial_year"].unique(), key=lambda y: int(y[:4]))
    held = cells.groupby(["financial_year", "yjs"])["cell"].agg(lambda c: tuple(sorted(c)))
    for before, year in pairwise(years):
        if int(year[:4]) != int(before[:4]) + 1:
            continue
        now, then = held[year], held[before]
        both = now.index.intersection(then.index)
        repeated = [yjs for yjs in both if now[yjs] == then[yjs]]
        if len(repeated) <= MOST_REPEATED:
            continue
        first = cells.index[cells["financial_year"].eq(year) & cells["yjs"].eq(repeated[0])][0]
        named = ", ".join(repeated[:3]) + (", …" if len(repeated) > 3 else "")
        raise InputError(
            f"row {first}, column '{shown['children']}': the children cautioned or sentenced "
            f"in {year} of {len(repeated)} of the {len(both)} services in both years "
            f"({named}) are those of {before}, cell for cell; expected each year's own counts "
            f"(in the real releases no service's year repeats the year before's, and at most "
            f"{MOST_REPEATED} may here), not the year before's relabelled.",
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


#: A cell (service, year and group) may stand this many times above or below the same cell of
#: its neighbouring years, against the rest of the service's children, for no fault, before
#: chance is weighed. In the real 2019/20 release (2013-14 to 2019-20) the least spread that
#: refuses none of its cells at :data:`CELL_CHANCE` is 1.64 (Leeds, 15 to 17 White boys of
#: 2013-14, as its Unknown ethnic group emptied); from 1.75 the release cut three lines short
#: (York's last three cells gone, 27 boys among them) goes through. The margin is thin.
CELL_SPREAD = 1.7
#: Beyond the spread, a cell is refused where a count so far from its neighbours has a chance
#: below this: the ~21,000 cells the real release tests expect 0.02 false refusals.
CELL_CHANCE = 1e-6
#: Groups whose counts move with how services record ethnicity and sex (Leeds' 15 to 17 boys
#: of unknown ethnicity were 190, then 2): they are not compared across years.
UNRECORDED = "Unknown"


#: The columns that name a cell's group of children within a service's year.
CELL = ["age_group", "ethnicity", "sex"]


def _cells(rows: pd.DataFrame) -> pd.DataFrame:
    """Return every (service, year, group) of the file, absent rows as 0, with its neighbours.

    Columns added: ``n`` (the count, missing where suppressed), ``row`` (the row, missing where
    absent), ``before``/``after`` (the same cell in the service's year before and after in the
    table, those years in ``year_before``/``year_after``), ``near`` (their sum), ``sides``
    (how many) and ``rest`` (the rest of the service's children this year over the rest in
    those neighbouring years, each with one child added).
    """
    group = CELL
    keys = ["yjs", "financial_year"]
    grid = rows[keys].drop_duplicates().merge(rows[group].drop_duplicates(), how="cross")
    found = rows[keys + group].assign(n=rows["children"].astype("Float64"), row=rows.index)
    grid = grid.merge(found, how="left", on=keys + group)
    grid["n"] = grid["n"].where(grid["row"].notna(), 0.0).astype(float)
    grid["start"] = pd.to_numeric(grid["financial_year"].str[:4])
    grid = grid.sort_values(["yjs", *group, "start"]).reset_index(drop=True)
    grid["total"] = grid.groupby(keys)["n"].transform("sum")
    by = grid.groupby(["yjs", *group])
    grid["before"], grid["after"] = by["n"].shift(), by["n"].shift(-1)
    grid["year_before"] = by["financial_year"].shift()
    grid["year_after"] = by["financial_year"].shift(-1)
    grid["sides"] = grid[["year_before", "year_after"]].notna().sum(axis=1)
    # A suppressed neighbour leaves the sum unknown (missing), and the cell is not compared.
    grid["near"] = (
        grid[["before", "after"]]
        .sum(axis=1, min_count=1)
        .where(
            grid["before"].notna().astype(int) + grid["after"].notna().astype(int) == grid["sides"]
        )
    )
    near_total = by["total"].shift().fillna(0) + by["total"].shift(-1).fillna(0)
    rest_near = near_total - grid["near"].fillna(0)
    # One child added to each side: a rest of none (a service of a child or two) is no level.
    grid["rest"] = (grid["total"] - grid["n"] + 1) / (rest_near + 1)
    return grid


def _check_cells(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a cell far above or below the same cell of its neighbouring years, or absent.

    The table has no totals: a service's year is the sum of its rows, and a row deleted (a
    zero count is left out, so no row is missing to the eye) or mistyped goes into every
    figure. The real 2019/20 release cut three lines short lost York's 27 15 to 17 White boys
    of 2019-20 (a rate of 8.6 for 26.4); a cell of 34 typed 340 made Southampton's year 385.

    Each cell (service, year and group; a group absent from a service's year counts 0) is
    compared with the same cell in the service's year before and after (one of them at the
    ends of the table), scaled by how the rest of the service's children moved between those
    years (so a service that merges, Cheshire's four in 2014-15, moves every cell together).
    Given the cell and its neighbours hold ``N`` children, the cell's share is binomial; it is
    refused where it is more than :data:`CELL_SPREAD` times its expected share's odds, or less
    than 1/:data:`CELL_SPREAD` of them, with a chance below :data:`CELL_CHANCE`. Cells of
    unknown ethnicity or sex, suppressed cells and their neighbours are not compared. A year
    out of line with both neighbours is named before an end year out of line with its one, and
    the least likely of those first (a typed cell makes its neighbours look out of line too).

    It cannot catch a small cell: an end year's row is seen deleted only where its one
    neighbour holds about 40 or more (York's 42 before its 27: seen; Wrexham's 23 before its
    21: not). Nor a change within the real spread, nor a whole service's year gone wrong
    together (left to :func:`_check_year_on_year`).
    """
    group = CELL
    if rows[group].eq("All").all(axis=None):
        return
    grid = _cells(rows)
    tested = grid["sides"].gt(0) & grid["n"].notna() & grid["near"].notna()
    tested &= ~grid[group].eq(UNRECORDED).any(axis=1)
    x, total = grid["n"].where(tested, 0), (grid["n"] + grid["near"]).where(tested, 0)
    high = CELL_SPREAD * grid["rest"]
    low = grid["rest"] / CELL_SPREAD
    above = stats.binom.sf(x - 1, total, high / (high + 1))
    below = stats.binom.cdf(x, total, low / (low + 1))
    grid["chance"] = pd.Series(above, index=grid.index).clip(upper=below)
    wrong = grid[tested & grid["chance"].lt(CELL_CHANCE)]
    if wrong.empty:
        return
    # A typed cell makes its neighbours look out of line too: name the least likely.
    at = wrong.sort_values(["sides", "chance"], ascending=[False, True]).iloc[0]
    what = ", ".join(str(at[g]) for g in group)
    yjs, year = at["yjs"], at["financial_year"]
    near = " and ".join(
        f"{at[side]:,.0f} in {at['year_' + side]}"
        for side in ("before", "after")
        if pd.notna(at[side])
    )
    expected = (
        f"expected each group within {CELL_SPREAD:g} times the same group of the years beside it "
        "(against the rest of the service) or within chance of it, as the real releases are"
    )
    if pd.isna(at["row"]):
        these = rows.index[rows["yjs"].eq(yjs) & rows["financial_year"].eq(year)]
        raise InputError(
            f"rows {these.min()} to {these.max()} ({yjs}, {year}) hold no row for {what}, which "
            f"{yjs} counts {near}; {expected} (is the file cut short, or a row deleted?).",
            path,
        )
    row = int(at["row"])
    raise InputError(
        f"row {row}, column '{shown['children']}': '{rows.loc[row, 'children']}' children of "
        f"{what} in {yjs}'s {year} is far from the {near}; {expected} (34 typed as 340 is not).",
        path,
    )


#: The groups a service's year is divided by as a whole: each holds a part of every year.
WHOLE_GROUPS = ("sex", "age_group")
#: A group absent from one year of a service is refused where so few children of it by chance
#: (its share of the service's other years, over the year's children) is below this. The real
#: 2019/20 release (2013-14 to 2019-20) lacks no sex or age group in any service's year; the
#: demo's (seeds 2024, 3, 4 and 7, and the small one of 60 children) lack one in 35 to 53
#: service-years, the least likely at 0.0045 (Stockport's girls, the small demo of seed 3).
LEAST_CHANCE_ABSENT = 1e-3


def unlikely_absences(rows: pd.DataFrame) -> list[tuple[str, str, str, str, float, float]]:
    """Return each sex or age group one year of a service lacks, unlikely by chance.

    A group that every other year of a service holds (at least three years), absent from one
    year where none of it by chance (its share of the service's children in its other years,
    over the children of the year that lacks it) is below :data:`LEAST_CHANCE_ABSENT`.
    Children of unknown sex are not judged.

    Parameters
    ----------
    rows : pandas.DataFrame
        The table as read: ``yjs``, ``financial_year``, ``sex``, ``age_group`` and
        ``children``.

    Returns
    -------
    list of tuple
        Service, year, field (``sex`` or ``age_group``), group, its share of the other years'
        children and the chance of none of it, in the order of the table.
    """
    found = []
    for field in WHOLE_GROUPS:
        if rows[field].eq("All").all():
            continue
        for yjs, service in rows.groupby("yjs", sort=False):
            years = list(service["financial_year"].unique())
            totals = service.groupby("financial_year")["children"].sum()
            for group, held in service.groupby(field, sort=False):
                absent = [y for y in years if y not in set(held["financial_year"])]
                if group == UNRECORDED or len(absent) != 1 or len(years) < 3:
                    continue
                year = absent[0]
                share = float(held["children"].sum()) / float(totals.drop(year).sum())
                chance = (1 - share) ** float(totals[year])
                if chance < LEAST_CHANCE_ABSENT:
                    found.append((str(yjs), str(year), field, str(group), share, chance))
    return found


def _check_whole_groups(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a sex or age group that a service's every other year holds and one year lacks.

    A filter left on in a spreadsheet (Southampton's 2023-24 shown for boys only) deletes a
    whole group's rows; each is small enough to be within chance of its neighbours
    (:func:`_check_cells`), yet the year's rate, its shares and its region move, and girls
    read 0.0%. A group of a service with few of them may be absent from a year for no fault,
    so it is refused only where none by chance is unlikely (:func:`unlikely_absences`). A
    suppressed row is a row held.
    """
    for yjs, year, field, group, share, chance in unlikely_absences(rows)[:1]:
        these = rows.index[rows["yjs"].eq(yjs) & rows["financial_year"].eq(year)]
        total = rows.loc[these, "children"].sum()
        raise InputError(
            f"rows {these.min()} to {these.max()} ({yjs}, {year}) hold no row of "
            f"{group} (column '{shown[field]}'), which every other year of {yjs} in the "
            f"table holds ({share:.1%} of its children): its {total:,.0f} "
            f"children that year with none of them {group} has a chance of 1 in "
            f"{1 / chance:,.0f}; expected every {GROUP_NAMES[field]} a service's other "
            "years hold, or a chance of none above 1 in "
            f"{1 / LEAST_CHANCE_ABSENT:,.0f} (is a filter left on, or rows deleted?).",
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
    cell = CELL
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


#: The fewest children of a service's year in which its girls outnumbering its boys is refused.
#: In the real 2019/20 release (2013-14 to 2019-20, 1,066 service-years, each of 5 children or
#: more) girls are at most 34.1% of a service's year (Plymouth, 2018-19), so boys and girls
#: swapped (which keeps every total) gives girls 66% or more; at 30 children a service whose
#: girls are a third of its children has about a 3% chance of more girls than boys, a typical
#: one (a sixth) well under 1 in 10,000. The demo's largest share at 30 or more is 32%.
FEWEST_FOR_GIRLS = 30


def _check_girls_beyond_boys(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a service's year of 30 children or more whose girls outnumber its boys.

    Two groups' values swapped keep every total, so no check of a total or a range sees it;
    boys and girls swapped is seen by the split itself, which no real service's year comes near
    (:data:`FEWEST_FOR_GIRLS`). Refused, naming both counts: the table's girls' figures would
    read five times their real size.
    """
    sex = rows["sex"].str.casefold()
    girls, boys = sex.isin({"girls", "girl", "female", "f"}), sex.isin({"boys", "boy", "male", "m"})
    if not girls.any() or not boys.any():
        return
    keys = [rows["yjs"], rows["financial_year"]]
    counted = rows["children"].astype("Float64").fillna(0)
    by_girls = counted.where(girls, 0).groupby(keys).sum()
    by_boys = counted.where(boys, 0).groupby(keys).sum()
    total = counted.groupby(keys).sum()
    # Only a year holding rows of both is judged: a year of girls' rows alone is part of a
    # table (a filter, a fragment), which the checks of whole groups judge.
    both = girls.groupby(keys).any() & boys.groupby(keys).any()
    wrong = (by_girls > by_boys) & (total >= FEWEST_FOR_GIRLS) & both
    if not wrong.any():
        return
    yjs, year = wrong[wrong].index[0]
    these = rows.index[rows["yjs"].eq(yjs) & rows["financial_year"].eq(year)]
    raise InputError(
        f"rows {these.min()} to {these.max()} ({yjs}, {year}, column '{shown['sex']}') count "
        f"{by_girls[(yjs, year)]:,.0f} girls and {by_boys[(yjs, year)]:,.0f} boys; expected "
        "fewer girls than boys, as in every service's year of the real release (at most 34% "
        "girls): are the boys' and girls' figures swapped?",
        path,
    )
