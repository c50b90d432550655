"""Populations aged 10 to 17 for each YJS footprint: the denominators of the rates.

Two kinds of input give them. The YJB's own population table gives each YJS's 10 to 17
population by mid-year, and is used as published where it has the YJS and year. ONS estimates
by single year of age give every local authority district; summed over the districts each YJS
covers (from the register) they give the same footprints for any year the YJB table lacks, and
the 10 to 14 and 15 to 17 age groups. Rates for a financial year use the mid-year estimate of
the year it starts in (2019-20 uses mid-2019), as the YJB does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.inputs.readers.yjb_population import most_apart

AGE_GROUPS = {"10 to 17": range(10, 18), "10 to 14": range(10, 15), "15 to 17": range(15, 18)}
COLUMNS = ["yjs", "year", "age_group", "population", "source"]


def from_yjb(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Return YJS populations from YJB population tables (age group ``10 to 17``).

    Raises
    ------
    InputError
        If a row names no YJS of the register, or two rows name the same service (two
        spellings of one name).
    """
    parts = []
    for frame in frames:
        path = frame.attrs.get("path")
        rows = frame.assign(yjs=reference.canonical_names(frame["area_name"]))
        unknown = rows["yjs"].isna()
        if unknown.any():
            row, name = rows.index[unknown][0], rows.loc[unknown, "area_name"].iloc[0]
            reference.refuse_unknown_service(name, f"row {row}", path)
        reference.refuse_two_spellings(rows, ["yjs", "year"], "yjs", "area_name", path)
        rows = rows.dropna(subset=["population"])
        parts.append(
            pd.DataFrame(
                {
                    "yjs": rows["yjs"],
                    "year": rows["year"].astype(int),
                    "age_group": "10 to 17",
                    "population": rows["population"].astype(float),
                    "source": frame.attrs.get("path", "YJB population table"),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    _refuse_two_files(out, ["yjs", "year"], "YJB population tables", "{yjs}'s 10 to 17 population")
    return out


def _refuse_two_files(rows: pd.DataFrame, key: list[str], kind: str, what: str) -> None:
    """Fail where two files give the same population, whether or not they agree.

    As for every other figure (two Children tables or two LAIT files giving one figure stop
    the build), which file to believe cannot be told, and a copy such as ``population v2
    FINAL.csv`` beside its original would otherwise decide a service's rates unseen.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of several files, with ``source`` (the file) and the columns of ``key``.
    key : list of str
        The columns that identify one population, ``year`` among them.
    kind : str
        What the files are, for the message (``YJB population tables``).
    what : str
        How the message names the population, formatted with the row's columns.
    """
    places = rows.drop_duplicates([*key, "source"])
    twice = places.duplicated(key, keep=False)
    if not twice.any():
        return
    clashes = places[twice]
    # A population the files disagree on is named first: it is the one that changes rates.
    differ = clashes.groupby(key)["population"].transform("nunique").gt(1)
    first = clashes[differ].iloc[0] if differ.any() else clashes.iloc[0]
    same = clashes[(clashes[key] == first[key]).all(axis=1)]
    files = " and ".join(f"'{f}'" for f in same["source"].iloc[:2])
    agree = "different figures" if differ.any() else "the same figure"
    raise InputError(
        f"two {kind} give {what.format(**first.to_dict())} in mid-{int(first['year'])} "
        f"({agree}): {files}; expected each population from one file, so remove or rename "
        "one of them."
    )


def from_ons(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Return YJS populations summed from ONS district estimates, by age group.

    Only district-level codes are summed (county and region rows are skipped, so nothing is
    counted twice), and only frames whose year is known. Every age from 10 to 17 must have a
    number for every district in the file (population estimates are never suppressed). A
    service gets a population from a file only if the file holds all of its districts (as
    they stood before or after a reorganisation, see
    :func:`yjanalysis.reference.footprints`); a service the file covers only in part gets
    none, and ``attrs["notes"]`` says which.

    Raises
    ------
    InputError
        If a district in the file lacks a number for an age from 10 to 17.
    """
    lad = reference.lad_to_yjs()
    footprints = reference.footprints()
    parts, notes, districts = [], [], []
    for frame in frames:
        path = frame.attrs.get("path", "ONS mid-year estimates")
        rows = frame[frame["area_code"].isin(lad.keys()) & frame["year"].notna()]
        rows = rows[rows["age"].between(10, 17)]
        if rows.empty:
            continue
        _refuse_missing_ages(rows, path)
        summed = rows.groupby(["area_code", "year"], as_index=False).agg(
            area_name=("area_name", "first"), population=("population", "sum")
        )
        districts.append(summed.assign(source=str(path)))
        _refuse_two_files(
            pd.concat(districts, ignore_index=True),
            ["area_code", "year"],
            "ONS population files",
            "the 10 to 17 population of {area_name} ({area_code})",
        )
        rows = rows.assign(yjs=rows["area_code"].map(lad))
        present = rows.groupby(["yjs", "year"])["area_code"].agg(frozenset)
        whole = pd.Series(
            [codes in footprints[yjs] for (yjs, _), codes in present.items()],
            index=present.index,
            dtype=bool,
        )
        for yjs, year in whole.index[~whole]:
            missing = min((f - present[(yjs, year)] for f in footprints[yjs]), key=len)
            notes.append(
                f"{Path(str(path)).name} holds only part of {yjs} in mid-{int(year)} (no "
                f"{', '.join(sorted(missing))}), so no population for {yjs} was taken from it"
            )
        keep = whole.reindex(pd.MultiIndex.from_frame(rows[["yjs", "year"]])).to_numpy()
        rows = rows[keep]
        for group, ages in AGE_GROUPS.items():
            subset = rows[rows["age"].isin(list(ages))]
            summed = subset.groupby(["yjs", "year"], as_index=False)["population"].sum()
            summed["age_group"] = group
            summed["source"] = path
            parts.append(summed)
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    out["year"] = out["year"].astype(int)
    out["population"] = out["population"].astype(float)
    out = out[COLUMNS]
    out.attrs["notes"] = notes
    return out


def _refuse_missing_ages(rows: pd.DataFrame, path) -> None:
    blank = rows["population"].isna()
    if blank.any():
        first = rows[blank].iloc[0]
        raise InputError(
            f"row {rows.index[blank][0]}: the population aged {first['age']} of "
            f"{first['area_code']} has no number; expected a number for every age from "
            "10 to 17 (population estimates are not suppressed).",
            path,
        )
    ages = rows.groupby(["area_code", "year"])["age"].agg(frozenset)
    short = ages[ages.map(len) < 8]
    if len(short):
        (code, year), found = next(iter(short.items()))
        gap = min(set(range(10, 18)) - set(found))
        raise InputError(
            f"has no population aged {gap} for {code} in mid-{int(year)}; expected every age "
            "from 10 to 17 for each area.",
            path,
        )


def populations(yjb: Iterable[pd.DataFrame], ons: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Return one population per YJS, year and age group, the YJB's figure first.

    Parameters
    ----------
    yjb : iterable of pandas.DataFrame
        Frames read from YJB population tables.
    ons : iterable of pandas.DataFrame
        Frames read from ONS single-year-of-age estimates.

    Returns
    -------
    pandas.DataFrame
        ``yjs``, ``year``, ``age_group`` (``10 to 17``, ``10 to 14``, ``15 to 17``),
        ``population`` and ``source`` (the file it came from); ``attrs["notes"]`` says which
        services a population file covers only in part.
    """
    summed = from_ons(ons)
    published = from_yjb(yjb)
    # A header shifted by a year is said as such first: each of its years is near the ONS's.
    _refuse_shifted_years(published, summed)
    _refuse_disagreeing_totals(published, summed)
    combined = pd.concat([published, summed], ignore_index=True)
    # Where two files give the same footprint and year, the first (YJB) is kept.
    combined = combined.drop_duplicates(["yjs", "year", "age_group"])
    out = pd.concat([combined, _former_services(combined)], ignore_index=True)
    out.attrs["notes"] = summed.attrs["notes"]
    return out


#: The most years apart two populations of a service are compared: beyond them the ONS
#: estimates based on the Census of 2021 part from the YJB's earlier years (Westminster's
#: mid-2023 is two thirds of the YJB's 2019).
NEAREST_YEARS = 2


def _refuse_disagreeing_totals(yjb: pd.DataFrame, ons: pd.DataFrame) -> None:
    """Refuse a service's 10 to 17 population unlike its others of the same or nearby years.

    Each ONS total of a service (its districts' ages 10 to 17 summed) is held to the YJB
    table's of the same year and of the years within :data:`NEAREST_YEARS`, and to the other
    ONS files' of those years, within :func:`~yjanalysis.inputs.readers.yjb_population.most_apart`
    for the years between them (5% for the same year, 21% a year apart, 39% two). The YJB's
    figure is used for the 10 to 17 population and the ONS file's for 10 to 14 and 15 to 17,
    and the two describe one population. Failed before: Southampton's ages typed at a tenth
    (2,061 beside the YJB's 20,635); an ONS "Males" sheet saved as mid-2024 beside mid-2023
    (Southampton's 2024 population 10,563 for about 20,600: own-records rates doubled), compared
    with nothing as the YJB table lacked 2024; Southampton's and Dudley's rows of the YJB table
    exchanged (15,005 beside the ONS 20,387: rates 1.36 times too high), within the half
    allowed (adversary 16, C01 and C31).
    """
    ons_total = ons.loc[ons["age_group"] == "10 to 17", ["yjs", "year", "population", "source"]]
    if ons_total.empty:
        return
    others = pd.concat([yjb.assign(kind="yjb"), ons_total.assign(kind="ons")], ignore_index=True)
    both = ons_total.merge(others, on="yjs", suffixes=("_ons", ""))
    apart = (both["year"] - both["year_ons"]).abs()
    same = both["kind"].eq("ons") & apart.eq(0)  # the figure itself
    both = both[~same & apart.le(NEAREST_YEARS)].assign(apart=apart)
    if both.empty:
        return
    ratio = both["population_ons"] / both["population"]
    times = ratio.where(ratio >= 1, 1 / ratio)
    over = times / both["apart"].map(most_apart)
    if not (over > 1).any():
        return
    # An ONS total unlike the YJB table is named before one unlike another ONS file alone.
    wrong = both[over > 1]
    wrong = wrong[wrong["kind"].eq("yjb")] if wrong["kind"].eq("yjb").any() else wrong
    at = wrong.loc[over[wrong.index].idxmax()]
    given = (
        "the YJB population table" if at["kind"] == "yjb" else f"'{Path(str(at['source'])).name}'"
    )
    year = int(at["year"])
    limit = most_apart(int(at["apart"]))
    which = ("the same year", "a year apart", "two years apart")[int(at["apart"])]
    raise InputError(
        f"{at['yjs']}'s population aged 10 to 17 in mid-{int(at['year_ons'])} adds up to "
        f"{at['population_ons']:,.0f}, but {given} gives {at['population']:,.0f} in "
        f"mid-{year}, {times.loc[at.name]:.2f} times apart; expected the two within "
        f"{limit:.2f} times of each other ({which}: a real service's population moves by at "
        "most 7% a year, and the YJB table and ONS estimates agree), so check this file's "
        "ages and sheet (males or females alone?) and the YJB table's row for the service "
        "(another service's figures?).",
        at["source_ons"],
    )


#: The share of the services compared whose YJB figure of a year beside the ONS estimate's is
#: nearer it than the figure of its own year, at and above which the YJB table's years are
#: taken to be shifted. In the real files (the YJB table of 2013 to 2019 and ONS mid-2019) the
#: YJB's 2019 equals the estimate for all 154 services: none is nearer another year.
SHIFTED_SHARE = 0.75
#: The fewest services compared before the share says anything.
SHIFTED_FEWEST = 10


def _refuse_shifted_years(yjb: pd.DataFrame, ons: pd.DataFrame) -> None:
    """Refuse a YJB table whose year columns stand a year off the estimates they hold.

    A header re-typed one year on (``2018 … 2024`` over the columns of 2017 to 2023) moves
    every rate by a year's growth of the population (about 1.3%), within the half that
    :func:`_refuse_disagreeing_totals` allows. Where an ONS file gives a year the YJB table
    gives too, with the year before or after it, each service's ONS total is set against the
    three: a table whose years are right has its own year nearest for nearly every service,
    and one shifted has the year beside it nearest for nearly every one.
    """
    ons_total = ons[ons["age_group"] == "10 to 17"]
    table = yjb.pivot_table(index="yjs", columns="year", values="population", aggfunc="first")
    for year, estimates in ons_total.groupby("year"):
        beside = [y for y in (year - 1, year + 1) if y in table.columns]
        if year not in table.columns or not beside:
            continue
        given = estimates.set_index("yjs")["population"].astype(float)
        rows = table.reindex(given.index).dropna(subset=[year, *beside])
        if len(rows) < SHIFTED_FEWEST:
            continue
        given = given[rows.index]
        own = (rows[year] - given).abs()
        for other in beside:
            nearer = (rows[other] - given).abs() < own
            if nearer.mean() < SHIFTED_SHARE:
                continue
            source = yjb.loc[yjb["year"].eq(other), "source"].iloc[0]
            raise InputError(
                f"column '{other}': the populations aged 10 to 17 it gives are nearer the ONS "
                f"estimates of mid-{year} than the column '{year}' is, for {nearer.sum()} of "
                f"the {len(rows)} services in both; expected each year's column nearest the "
                f"estimate of its own year (in the real files the YJB's 2019 equals ONS "
                "mid-2019 for every service), not the header's years shifted by one.",
                Path(str(source)),
            )


def _former_services(known: pd.DataFrame) -> pd.DataFrame:
    """Give a service that ended the summed population of the services that took it over.

    Western Bay's, whose three successors have the YJB's populations, and Cumbria's in the
    years after its districts were replaced (mid-2023 on), which is the sum of Cumberland's and
    Westmorland and Furness's. A former service gets a population for a year and age group it
    has none for, and only where every one of its successors (from the register, whose areas
    together are exactly its own) has one.
    """
    table = reference.register()
    parts = []
    for former in table.loc[~table["current"], "yjs"]:
        after = reference.successors(former)
        if not after:
            continue
        rows = known[known["yjs"].isin(after)]
        summed = rows.groupby(["year", "age_group"], as_index=False).agg(
            population=("population", "sum"), parts=("yjs", "nunique"), source=("source", "first")
        )
        summed = summed[summed["parts"] == len(after)].drop(columns="parts")
        have = known.loc[known["yjs"] == former, ["year", "age_group"]]
        summed = summed.merge(have, how="left", indicator=True)
        summed = summed[summed["_merge"] == "left_only"].drop(columns="_merge")
        parts.append(summed.assign(yjs=former))
    return pd.concat(parts, ignore_index=True)[COLUMNS] if parts else pd.DataFrame(columns=COLUMNS)
