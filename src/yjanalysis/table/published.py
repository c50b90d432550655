"""Indicator rows from published statistics: the YJB Children table and DfE LAIT.

Each function takes frames as the readers return them and gives tidy rows of the indicator
table (see :mod:`yjanalysis.vocabulary.schema`) for YJSs; comparator aggregates come from
:mod:`yjanalysis.table.aggregates`.

Assumptions (documented in ``docs/indicators.md``):

* A financial year's rate uses the 10 to 17 population at the middle of the year it starts in.
* LAIT labels a financial-year measure by the year in which the financial year ends (``2024``
  is 2023-24), an academic-year measure by the calendar year in which it ends (``2023`` is
  2022/23) and a calendar-year measure by the year.
* LAIT's England row for ``FirstYJS`` is not a rate per 100,000 in several years (1,258 in 2024,
  against local rates near 100 to 200) and is left out.
* LAIT figures of a YJS that covers several authorities are kept for each authority (area type
  ``la``): the DfE publishes them by authority and rates cannot be combined without counts. A
  measure the YJB publishes by service (children cautioned or sentenced, 2024-25) is the
  service's figure where its authorities agree.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.vocabulary import periods
from yjanalysis.vocabulary.catalogue import catalogue
from yjanalysis.vocabulary.lait_measures import BAD_ENGLAND, MEASURES, Measure
from yjanalysis.vocabulary.lait_measures import period as lait_period

BREAKDOWNS = {"ethnicity": "ethnicity", "age_group": "age_group", "sex": "sex"}


def _financial_year_bounds(labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    starts = labels.str[:4].astype(int)
    first = pd.to_datetime(starts.astype(str) + "-04-01")
    last = pd.to_datetime((starts + 1).astype(str) + "-03-31")
    return first, last


def _with_empty_cells(
    counts: pd.DataFrame, present: pd.DataFrame, groups: pd.DataFrame, column: str
) -> pd.DataFrame:
    """Give a service a count of 0 for each group the Children table has no row for.

    The table lists every cell with at least one child (the public releases have no row with
    0): a group missing for a service in a year the table has rows for it is a group with no
    children, not an unknown. Without its 0, a share pooled over services leaves that service
    out of the whole it is a share of (England and Wales's Asian share of 2019-20 came out as
    1,150 of 15,853 children, not of 19,026). The groups are those the table uses that year; a
    service with no row at all in a year gets nothing (whether it existed is the register's
    business, not the table's).

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts by ``area``, ``financial_year`` and ``column``.
    present : pandas.DataFrame
        The ``area`` and ``financial_year`` of every service with a row that year.
    groups : pandas.DataFrame
        ``financial_year`` and ``column`` of every row of the table.
    column : str
        The breakdown's column (``ethnicity``, ``age_group``, ``sex``).
    """
    grid = present.merge(groups.drop_duplicates(), on="financial_year")
    out = grid.merge(counts, on=["area", "financial_year", column], how="left")
    return out.fillna({"numerator": 0, "suppressed": 0, "cells": 0})


def _refuse_years_outside_the_service(rows: pd.DataFrame, path) -> None:
    """Refuse a row for a year in which its service did not exist (Cumbria in 2024-25).

    Its children were counted by the services that took over (Cumberland, Westmorland and
    Furness), or, before a service began, by the one it came from (Swansea's children to
    2018-19 are Western Bay's); kept, the row would be a figure of a service with no children
    to count, and its children would be counted twice in a region or family. The real
    releases agree with the register: the 2019/20 release gives Western Bay to 2018-19 and
    Swansea, Neath Port Talbot and Bridgend from 2019-20 only.
    """
    for (area, year), at in rows.groupby(["area", "financial_year"], sort=False).groups.items():
        start = (periods.parse(year) or (pd.NaT, pd.NaT))[0]
        where = f"column 'YJS', row {at[0]}"
        reference.refuse_outside_years(area, start, start, year, where, path)


#: The Children table's columns that say where a service is, and the register's column for each.
PLACES = {"region": ("Region", "region"), "country": ("England_Wales", "country")}


def _refuse_places_the_register_contradicts(rows: pd.DataFrame, path) -> None:
    """Refuse a row whose region or country is not its service's in the register.

    The figures of regions and nations are sums of services by the register, so a row saying
    Southampton is in London is either a mistyped place or a mistyped service: which, the file
    cannot say. The real 2019/20 release agrees with the register on every row (its police
    areas do not: Cleveland is now Teesside, so those are not checked).
    """
    table = reference.register()
    for column, (shown, kind) in PLACES.items():
        written = rows[column].fillna("").astype(str).str.strip()
        named = written.map(lambda name, kind=kind: reference.canonical_area(kind, name))
        expected = rows["area"].map(table[kind])
        wrong = written.ne("") & named.ne(expected)
        if wrong.any():
            at = wrong.idxmax()
            raise InputError(
                f"row {at}, column '{shown}': {rows.loc[at, 'area']} is in "
                f"{expected[at]} in the register, not '{written[at]}'; expected {expected[at]}.",
                path,
            )


def children_cautioned_or_sentenced(
    children: pd.DataFrame, population: pd.DataFrame
) -> pd.DataFrame:
    """Return YJS rows for children cautioned or sentenced, counts with rates and shares.

    Parameters
    ----------
    children : pandas.DataFrame
        Rows of one or more Children tables (see :mod:`yjanalysis.inputs.readers.yjb_children`).
    population : pandas.DataFrame
        From :func:`yjanalysis.table.population.populations`.

    Returns
    -------
    pandas.DataFrame
        ``cautioned_or_sentenced_rate`` (total, and by age group where the population of the
        age group is known) and ``cautioned_or_sentenced_share`` (each ethnic group, age group
        and sex as a share of all children cautioned or sentenced), for every YJS and year.
    """
    rows = children.assign(area=reference.canonical_names(children["yjs"]))
    path = children.attrs.get("path")
    unknown = rows["area"].isna()
    if unknown.any():
        name = rows.loc[unknown, "yjs"].iloc[0]
        # A total row (England, a region) added to the table would be counted twice.
        reference.refuse_unknown_service(name, f"column 'YJS', row {rows.index[unknown][0]}", path)
    _refuse_years_outside_the_service(rows, path)
    _refuse_places_the_register_contradicts(rows, path)
    reference.refuse_two_spellings(
        rows, ["area", "financial_year", "age_group", "ethnicity", "sex"], "area", "yjs", path
    )
    # A total with a suppressed cell in it cannot be made: it is left out, never a partial sum.
    rows["suppressed"] = rows["children"].isna().astype(int)
    keys = ["area", "financial_year"]
    total = rows.groupby(keys, as_index=False).agg(
        numerator=("children", "sum"), suppressed=("suppressed", "sum"), cells=("yjs", "size")
    )
    total["breakdown"], total["group"] = "total", "all"
    total["numerator"] = total["numerator"].astype("Float64").mask(total["suppressed"] > 0)
    parts = [total]
    for breakdown, column in BREAKDOWNS.items():
        if rows[column].eq("All").all():
            continue
        by = rows.groupby([*keys, column], as_index=False).agg(
            numerator=("children", "sum"), suppressed=("suppressed", "sum"), cells=("yjs", "size")
        )
        by = _with_empty_cells(by, total[keys], rows[["financial_year", column]], column)
        parts.append(by.rename(columns={column: "group"}).assign(breakdown=breakdown))
    counts = pd.concat(parts, ignore_index=True)
    hidden = counts["suppressed"] > 0
    counts["numerator"] = counts["numerator"].astype("Float64").mask(hidden)
    counts["pop_year"] = counts["financial_year"].str[:4].astype(int)
    counts["period_start"], counts["period_end"] = _financial_year_bounds(counts["financial_year"])
    counts["source"] = children.attrs.get("path", "YJB Children table")
    counts["method"] = (
        counts["suppressed"].astype(str)
        + " of the "
        + counts["cells"].astype(str)
        + " cells it sums are suppressed in the source, so it cannot be given"
    ).where(hidden, pd.NA)

    # Rates: the total per head of 10 to 17, each age group per head of that age group.
    pops = population.rename(columns={"yjs": "area", "year": "pop_year"})
    rate_rows = counts[counts["breakdown"].isin(["total", "age_group"])].copy()
    rate_rows["age_group"] = rate_rows["group"].where(
        rate_rows["breakdown"] == "age_group", "10 to 17"
    )
    rate_rows = rate_rows.merge(
        pops[["area", "pop_year", "age_group", "population"]],
        on=["area", "pop_year", "age_group"],
        how="left",
    )
    rate_rows = rate_rows[(rate_rows["breakdown"] == "total") | rate_rows["population"].notna()]
    rate_rows["denominator"] = rate_rows["population"]
    multiplier = catalogue().loc["cautioned_or_sentenced_rate", "multiplier"]
    rate_rows["value"] = rate_rows["numerator"] / rate_rows["denominator"] * multiplier
    rate_rows["indicator"] = "cautioned_or_sentenced_rate"

    # Shares: each group's count over the area's total (which includes unknowns).
    share_rows = counts[counts["breakdown"] != "total"].merge(
        total[[*keys, "numerator"]].rename(columns={"numerator": "denominator"}), on=keys
    )
    share_rows = share_rows[share_rows["denominator"].ne(0).fillna(True)]
    share_rows["method"] = share_rows["method"].fillna(
        share_rows["denominator"]
        .isna()
        .map({True: "the total it is a share of has suppressed cells in the source", False: pd.NA})
    )
    share_rows["value"] = share_rows["numerator"] / share_rows["denominator"] * 100
    share_rows["indicator"] = "cautioned_or_sentenced_share"

    out = pd.concat([rate_rows, share_rows], ignore_index=True)
    out["area_type"] = "yjs"
    out["period"] = out["financial_year"]
    # Counts as published; rates and shares are this project's arithmetic on them.
    out["status"] = out["numerator"].isna().map({True: "suppressed", False: "computed"})
    drop = ["financial_year", "pop_year", "suppressed", "cells", "age_group", "population"]
    return out.drop(columns=drop)


def _service_areas(local: pd.DataFrame) -> tuple[pd.DataFrame, int, list[str]]:
    """Decide which authority rows of LAIT are a service's own figure.

    A figure published by authority is the service's figure only where the service covered a
    single authority at the end of the period (Northamptonshire before April 2021); for a
    service of several authorities each keeps its own row (``la``), whatever the others hold,
    because rates cannot be combined without counts and a partner's ``-`` does not make the
    other authority's rate the service's. A measure published by service repeats the service's
    rate on each of its authorities: it is the service's figure where the authorities in
    existence at the end of the period agree, and rows of authorities that no longer existed
    (Cumbria county in 2024-25, published as 0) are left out.

    Returns
    -------
    tuple
        The rows with ``area_type`` and ``area`` set, the number of rows of a service's
        rate left out, and the authorities whose rates were left out for periods outside
        their years (see :func:`_authorities_outside_their_years`).
    """
    # Which of each service's authorities existed at the end of each period.
    grid = local[["yjs", "period_end"]].drop_duplicates().merge(reference.authority_spans())
    gone = (grid["first_day"] > grid["period_end"]) | (grid["last_day"] < grid["period_end"])
    grid["existing"] = ~gone
    grid["single"] = grid.groupby(["yjs", "period_end"])["existing"].transform("sum").eq(1)
    columns = ["yjs", "period_end", "la_number", "existing", "single"]
    local = local.merge(grid[columns], on=["yjs", "period_end", "la_number"], how="left")
    local[["existing", "single"]] = local[["existing", "single"]].fillna(False).astype(bool)
    by_service = local["level"].eq("service")

    authority = local[~by_service & local["value"].notna()]
    authority, outside = _authorities_outside_their_years(authority)
    whole = authority["single"] & authority["existing"]
    parts = [
        authority[whole].assign(area_type="yjs", area=authority.loc[whole, "yjs"]),
        authority[~whole].assign(area_type="la", area=authority.loc[~whole, "area_name"]),
    ]
    service = local[by_service & local["value"].notna() & local["existing"]]
    group = ["measure", "year_label", "yjs"]
    agree = service.groupby(group)["value"].transform("nunique").eq(1)
    shared = service[agree].drop_duplicates(group)
    parts.append(shared.assign(area_type="yjs", area=shared["yjs"]))
    parts.append(service[~agree].assign(area_type="la", area=service.loc[~agree, "area_name"]))
    dropped = int((by_service & local["value"].notna() & ~local["existing"]).sum())
    return pd.concat(parts, ignore_index=True), dropped, outside


def _authorities_outside_their_years(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Leave out an authority's rates for a period wholly before it began or after it ended.

    North Northamptonshire's first time entrants for 2017 (it began in April 2021) or Cumbria
    county's reoffending of 2023-24 (it ended in March 2023) are the rate of an area no
    authority covered then. The real LAIT file holds such rows (the reoffending of Dorset's,
    Bournemouth's and Poole's former councils to 2023-24, Northamptonshire county's to
    2023-24, Cumbria's of 2023-24), so they are withheld with a note naming them, not
    refused (failed before: each became an authority row of its own).

    Returns
    -------
    tuple
        The rows kept, and one phrase per authority left out (``North Northamptonshire
        (2017, 2018, 2019)``).
    """
    spans = reference.authority_spans()[["yjs", "la_number", "first_day", "last_day"]]
    dated = rows.merge(spans, on=["yjs", "la_number"], how="left").set_axis(rows.index)
    outside = (dated["period_end"] < dated["first_day"]) | (
        dated["period_start"] > dated["last_day"]
    )
    left = rows[outside.to_numpy()]
    named = [
        f"{name} ({', '.join(sorted(set(part['period'])))})"
        for name, part in left.groupby("area_name", sort=True)
    ]
    return rows[~outside.to_numpy()], named


def lait_indicators(lait: pd.DataFrame) -> pd.DataFrame:
    """Return YJS, authority, region and England rows from LAIT bulk data.

    Parameters
    ----------
    lait : pandas.DataFrame
        As read by :mod:`yjanalysis.inputs.readers.lait`.

    Returns
    -------
    pandas.DataFrame
        Tidy rows, status ``published``: YJS rows where the figure is the service's own (see
        :func:`_service_areas`), ``la`` rows for the authorities of services that cover
        several, ``region`` rows (YJB region names) and ``country`` rows for England.
        ``attrs["notes"]`` says what was left out.
    """
    rows = lait[lait["measure"].isin(MEASURES.keys())].copy()
    if rows.empty:
        return rows
    spec = pd.DataFrame.from_dict(MEASURES, orient="index", columns=list(Measure._fields))
    rows = rows.join(spec.rename(columns={"years": "year_type"}), on="measure")
    labels = rows[["year", "year_type"]].drop_duplicates()
    bounds = {
        (y, t): lait_period(y, t) for y, t in zip(labels["year"], labels["year_type"], strict=True)
    }
    period = [bounds[(y, t)] for y, t in zip(rows["year"], rows["year_type"], strict=True)]
    rows["period"] = [p[0] for p in period]
    rows["period_start"] = [p[1] for p in period]
    rows["period_end"] = [p[2] for p in period]
    rows["source"] = lait.attrs.get("path", "DfE LAIT") + " (" + rows["measure"] + ")"
    rows["status"] = "published"

    # Areas: England, regions, then authorities matched to the YJS covering them. "-" in
    # LAIT is missing or suppressed, without saying which: such rows give no figure.
    name = rows["area_name"].str.strip()
    england = name.str.lower().eq("england")
    region = name.map(reference.region_name)
    rows["yjs"] = rows["la_number"].map(reference.dfe_to_yjs(former=True))
    valued = rows["value"].notna()
    parts = [
        rows[valued & england & ~rows["measure"].isin(BAD_ENGLAND)].assign(
            area_type="country", area="England"
        ),
        rows[valued & region.notna() & ~england].assign(
            area_type="region", area=region[valued & region.notna() & ~england]
        ),
    ]
    local, dropped, outside = _service_areas(rows[rows["yjs"].notna() & region.isna() & ~england])
    parts.append(local)
    out = pd.concat(parts, ignore_index=True)
    keep = ["area_type", "area", "indicator", "period", "period_start", "period_end"]
    keep += ["breakdown", "group", "value", "source", "status"]
    out = out[keep]
    out.attrs["notes"] = (
        [
            f"{dropped} LAIT rows of a rate published by service were left out because their "
            "authority no longer existed in the period (for example Cumbria county in "
            "2024-25, published as 0)."
        ]
        if dropped
        else []
    )
    if outside:
        out.attrs["notes"].append(
            "LAIT rates of authorities for periods in which they did not exist were left out: "
            + "; ".join(outside)
            + "."
        )
    return out


#: Published rates whose count can be recovered from the rate and the 10 to 17 population.
COUNT_FROM_RATE = {"fte_rate": "calendar"}
#: Published rates whose population is not known, so that no count is made. The YJB's rate of
#: children cautioned or sentenced per 10,000 (LAIT, 2024-25) is not the YJB's count over the
#: ONS mid-2023 population: that product is 3 to 8% above the counts the YJB publishes for each
#: of ten services checked (Trafford 41 against 38, Hertfordshire 313 against 299), and the
#: LAIT data dictionary does not say which population it is.
NO_COUNT = {
    "cautioned_or_sentenced_rate": (
        "published rate without its count or the population it was computed on, so no "
        "count or interval is made"
    )
}
NEAREST_POPULATION_YEARS = 2
#: The populations these rates are published on: ONS estimates based on the 2021 census (the
#: LAIT data dictionary says so of first time entrants). Estimates for mid-2021 onwards are;
#: earlier ones, as first published, rest on the 2011 census and differ by up to a tenth for
#: some areas (Manchester), so they are never used to recover a count.
CENSUS_BASED_FROM = 2021


def estimate_counts(rows: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Recover the counts behind published rates per head of the 10 to 17 population.

    A rate per 100,000 published with no count (LAIT's first time entrants) is turned back into
    a count (rate × population ÷ 100,000, rounded) with the population it was computed on, so
    that it can carry an interval and be tested. Only estimates based on the 2021 census are
    used (mid-2021 onwards: :data:`CENSUS_BASED_FROM`), those the rates are published on, so
    that the count does not depend on which other population files are in the folder: the
    population of the rate's year, or the nearest such year within two, which changes the count
    by a fraction of one; ``method`` names the population used. A rate for a year with no such
    population keeps no count.

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy rows; only YJS rows of the indicators in :data:`COUNT_FROM_RATE` without a
        numerator are changed.
    population : pandas.DataFrame
        From :func:`yjanalysis.table.population.populations`.

    Returns
    -------
    pandas.DataFrame
        A copy with ``numerator``, ``denominator`` and ``method`` filled where possible.
    """
    out = rows.copy()
    for column in ("numerator", "denominator", "method"):
        if column not in out:
            out[column] = pd.NA
    unknown = out["indicator"].isin(NO_COUNT.keys()) & out[["numerator"]].isna().all(axis=1)
    unknown &= out["value"].notna()
    out.loc[unknown, "method"] = out.loc[unknown, "indicator"].map(NO_COUNT)
    total = population[
        (population["age_group"] == "10 to 17") & (population["year"] >= CENSUS_BASED_FROM)
    ]
    target = (
        out["indicator"].isin(COUNT_FROM_RATE.keys())
        & out["area_type"].eq("yjs")
        & out["numerator"].isna()
        & out["value"].notna()
    )
    if total.empty or not target.any():
        return out
    # Each rate against each population year of its service; the nearest year wins, the
    # later of two equally near.
    rates = out.loc[target, ["area", "period", "indicator", "value"]]
    rates = rates.assign(year=rates["period"].astype(str).str[:4].astype(int)).reset_index()
    pairs = rates.merge(
        total[["yjs", "year", "population"]].rename(columns={"yjs": "area", "year": "mid"}),
        on="area",
    )
    pairs["distance"] = (pairs["mid"] - pairs["year"]).abs()
    pairs = pairs[pairs["distance"] <= NEAREST_POPULATION_YEARS]
    best = pairs.sort_values(["index", "distance", "mid"], ascending=[True, True, False])
    best = best.drop_duplicates("index").set_index("index")
    multiplier = best["indicator"].map(catalogue()["multiplier"]).astype(float)
    people = best["population"].astype(float)
    out.loc[best.index, "numerator"] = (best["value"].astype(float) * people / multiplier).round()
    out.loc[best.index, "denominator"] = people
    out.loc[best.index, "method"] = (
        "count estimated from the published rate and the mid-"
        + best["mid"].astype(str)
        + " population aged 10 to 17 (ONS, 2021-census-based)"
    )
    return out
