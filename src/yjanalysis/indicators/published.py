"""Indicator rows from published statistics: the YJB Children table and DfE LAIT.

Each function takes frames as the readers return them and gives tidy rows of the indicator
table (see :mod:`yjanalysis.indicators.table`) for YJSs; comparator aggregates come from
:mod:`yjanalysis.indicators.aggregates`.

Assumptions (documented in ``docs/indicators.md``):

* A financial year's rate uses the 10 to 17 population at the middle of the year it starts in.
* LAIT labels a financial-year measure by the year in which the financial year ends (``2024``
  is 2023-24), an academic-year measure by the calendar year in which it ends (``2023`` is
  2022/23) and a calendar-year measure by the year.
* LAIT's England row for ``FirstYJS`` is not a rate per 100,000 in several years (1,258 in 2024,
  against local rates near 100 to 200) and is left out.
* LAIT figures of a YJS that covers several authorities are kept for each authority (area type
  ``la``): the DfE publishes them by authority and rates cannot be combined without counts.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis import reference
from yjanalysis.indicators import periods
from yjanalysis.indicators.catalogue import catalogue

BREAKDOWNS = {"ethnicity": "ethnicity", "age_group": "age_group", "sex": "sex"}


def _financial_year_bounds(labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    starts = labels.str[:4].astype(int)
    first = pd.to_datetime(starts.astype(str) + "-04-01")
    last = pd.to_datetime((starts + 1).astype(str) + "-03-31")
    return first, last


def children_cautioned_or_sentenced(
    children: pd.DataFrame, population: pd.DataFrame
) -> pd.DataFrame:
    """Return YJS rows for children cautioned or sentenced, counts with rates and shares.

    Parameters
    ----------
    children : pandas.DataFrame
        Rows of one or more Children tables (see :mod:`yjanalysis.sources.yjb_children`).
    population : pandas.DataFrame
        From :func:`yjanalysis.indicators.population.populations`.

    Returns
    -------
    pandas.DataFrame
        ``cautioned_or_sentenced_rate`` (total, and by age group where the population of the
        age group is known) and ``cautioned_or_sentenced_share`` (each ethnic group, age group
        and sex as a share of all children cautioned or sentenced), for every YJS and year.
    """
    rows = children.assign(area=reference.canonical_names(children["yjs"]))
    unknown = rows["area"].isna()
    if unknown.any():
        name = rows.loc[unknown, "yjs"].iloc[0]
        from yjanalysis.errors import InputError

        raise InputError(
            f"column 'YJS', row {rows.index[unknown][0]}: '{name}' is not a YJS in the "
            "register; add it as an alias in the register or correct the name.",
            children.attrs.get("path"),
        )
    rows["suppressed"] = rows["children"].isna().astype(int)
    keys = ["area", "financial_year"]
    total = rows.groupby(keys, as_index=False).agg(
        numerator=("children", "sum"), suppressed=("suppressed", "sum")
    )
    total["breakdown"], total["group"] = "total", "all"
    parts = [total]
    for breakdown, column in BREAKDOWNS.items():
        if rows[column].eq("All").all():
            continue
        by = rows.groupby([*keys, column], as_index=False).agg(
            numerator=("children", "sum"), suppressed=("suppressed", "sum")
        )
        parts.append(by.rename(columns={column: "group"}).assign(breakdown=breakdown))
    counts = pd.concat(parts, ignore_index=True)
    counts["pop_year"] = counts["financial_year"].str[:4].astype(int)
    counts["period_start"], counts["period_end"] = _financial_year_bounds(counts["financial_year"])
    counts["source"] = children.attrs.get("path", "YJB Children table")
    counts["method"] = counts["suppressed"].map(
        lambda n: f"{n} suppressed cells in the source not included" if n else pd.NA
    )

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
    share_rows = share_rows[share_rows["denominator"] > 0]
    share_rows["value"] = share_rows["numerator"] / share_rows["denominator"] * 100
    share_rows["indicator"] = "cautioned_or_sentenced_share"

    out = pd.concat([rate_rows, share_rows], ignore_index=True)
    out["area_type"] = "yjs"
    out["period"] = out["financial_year"]
    # Counts as published; rates and shares are this project's arithmetic on them.
    out["status"] = "computed"
    return out.drop(columns=["financial_year", "pop_year", "suppressed", "age_group", "population"])


#: LAIT measure codes read, with the indicator, breakdown and group each gives and how its
#: years are labelled (``calendar``, ``academic`` or ``financial``).
LAIT_MEASURES = {
    "FirstYJS": ("fte_rate", "total", "all", "calendar"),
    "ReoffYO": ("reoffending_binary", "age_group", "10 to 14", "financial"),
    "ReoffYO15-17": ("reoffending_binary", "age_group", "15 to 17", "financial"),
    "YJS_Caution-Sentence10-17_YO": ("cautioned_or_sentenced_rate", "total", "all", "financial"),
    "LAC_Convictions": ("looked_after_convicted", "total", "all", "financial"),
    "16-17 NEET": ("neet_16_17", "total", "all", "financial"),
    "16-17_not known_NEET": ("neet_or_not_known_16_17", "total", "all", "financial"),
    "AVG_Attain8_Score": ("attainment8", "total", "all", "academic"),
    "DAP_KS4_ATT8": ("attainment8", "pupil_group", "Disadvantaged", "academic"),
    "NonDAP_KS4_ATT8": ("attainment8", "pupil_group", "Not disadvantaged", "academic"),
    "FSM_AVG_Attain8_Score": ("attainment8", "pupil_group", "Free school meals", "academic"),
    "NonFSM_AVG_Attain8_Score": ("attainment8", "pupil_group", "Not free school meals", "academic"),
    "SEN_Stat_AVG_Attain8_Score": ("attainment8", "pupil_group", "SEN EHCP", "academic"),
    "SEN_WoStat_AVG_Attain8_Score": ("attainment8", "pupil_group", "SEN support", "academic"),
    "SEN_NoID_AVG_Attain8_Score": ("attainment8", "pupil_group", "No SEN", "academic"),
    "CIN_Avg_Attain8_KS4": ("attainment8", "pupil_group", "Children in need", "academic"),
    "LAC_KS4_AVG_Attain8": ("attainment8", "pupil_group", "Looked after", "academic"),
    "CPPO_KS4_A8": ("attainment8", "pupil_group", "Child protection plan", "academic"),
    "AVG_Attain8_Score_White": ("attainment8", "ethnicity", "White", "academic"),
    "AVG_Attain8_Score_Mixed": ("attainment8", "ethnicity", "Mixed", "academic"),
    "AVG_Attain8_Score_Asian": ("attainment8", "ethnicity", "Asian", "academic"),
    "AVG_Attain8_Score_Black": ("attainment8", "ethnicity", "Black", "academic"),
    "AVG_Attain8_Score_Chine": ("attainment8", "ethnicity", "Chinese", "academic"),
    "TotPerAbNew": ("persistent_absence", "total", "all", "academic"),
    "SFSecPerAbNew": ("persistent_absence", "pupil_group", "Secondary pupils", "academic"),
    "SFPriPerAbNew": ("persistent_absence", "pupil_group", "Primary pupils", "academic"),
    "SpecPerAbNew": ("persistent_absence", "pupil_group", "Special school pupils", "academic"),
    "CINPermAbsent_3Term": ("persistent_absence", "pupil_group", "Children in need", "academic"),
    "CPPPerAbs_3Term": ("persistent_absence", "pupil_group", "Child protection plan", "academic"),
}
#: Measures whose England row is known to be wrong in LAIT (see the module's notes).
LAIT_BAD_ENGLAND = {"FirstYJS"}


def _lait_period(label: str, year_type: str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    if "-" in label:  # an explicit financial year, 2024-25
        return periods.financial_year(int(label[:4]))
    year = int(label)
    if year_type == "calendar":
        return periods.calendar_year(year)
    if year_type == "academic":
        return periods.academic_year(year)
    return periods.financial_year(year - 1)


def lait_indicators(lait: pd.DataFrame) -> pd.DataFrame:
    """Return YJS, authority, region and England rows from LAIT bulk data.

    Parameters
    ----------
    lait : pandas.DataFrame
        As read by :mod:`yjanalysis.sources.lait`.

    Returns
    -------
    pandas.DataFrame
        Tidy rows, status ``published``: YJS rows where the measure has one authority row for
        the YJS's footprint, ``la`` rows for the authorities of services that cover several,
        ``region`` rows (YJB region names) and ``country`` rows for England.
    """
    # "-" in LAIT is missing or suppressed, without saying which: such rows are left out.
    rows = lait[lait["measure"].isin(LAIT_MEASURES.keys()) & lait["value"].notna()].copy()
    if rows.empty:
        return rows
    spec = pd.DataFrame.from_dict(
        LAIT_MEASURES, orient="index", columns=["indicator", "breakdown", "group", "year_type"]
    )
    rows = rows.join(spec, on="measure")
    labels = rows[["year", "year_type"]].drop_duplicates()
    bounds = {
        (y, t): _lait_period(y, t) for y, t in zip(labels["year"], labels["year_type"], strict=True)
    }
    period = [bounds[(y, t)] for y, t in zip(rows["year"], rows["year_type"], strict=True)]
    rows["period"] = [p[0] for p in period]
    rows["period_start"] = [p[1] for p in period]
    rows["period_end"] = [p[2] for p in period]
    rows["source"] = lait.attrs.get("path", "DfE LAIT") + " (" + rows["measure"] + ")"
    rows["status"] = "published"

    # Areas: England, regions, then authorities mapped to the YJS covering them.
    name = rows["area_name"].str.strip()
    england = name.str.lower().eq("england")
    region = name.map(reference.region_name)
    mapping = reference.dfe_to_yjs()
    rows["yjs"] = rows["la_number"].map(mapping)
    parts = [
        rows[england & ~rows["measure"].isin(LAIT_BAD_ENGLAND)].assign(
            area_type="country", area="England"
        ),
        rows[region.notna() & ~england].assign(
            area_type="region", area=region[region.notna() & ~england]
        ),
    ]
    local = rows[rows["yjs"].notna() & region.isna() & ~england]
    # A YJS whose footprint has one authority row for this measure and year gets a YJS row;
    # services spanning several authorities keep a row per authority.
    span = local.groupby(["measure", "year_label", "yjs"])["la_number"].transform("nunique")
    whole, split = local[span == 1], local[span > 1]
    parts.append(whole.assign(area_type="yjs", area=whole["yjs"]))
    parts.append(split.assign(area_type="la", area=split["area_name"]))
    out = pd.concat(parts, ignore_index=True)
    keep = ["area_type", "area", "indicator", "period", "period_start", "period_end"]
    keep += ["breakdown", "group", "value", "source", "status"]
    return out[keep]


#: Published rates whose count can be recovered from the rate and the 10 to 17 population.
COUNT_FROM_RATE = {"fte_rate": "calendar", "cautioned_or_sentenced_rate": "financial"}
NEAREST_POPULATION_YEARS = 2


def estimate_counts(rows: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Recover the counts behind published rates per head of the 10 to 17 population.

    A rate per 100,000 published with no count (LAIT's first time entrants) is turned back into
    a count (rate × population ÷ 100,000, rounded) with the population it was computed on, so
    that it can carry an interval and be tested. The population of the rate's year is used, or
    the nearest year within two, which changes the count by a fraction of one; ``method``
    names the population used.

    Parameters
    ----------
    rows : pandas.DataFrame
        Tidy rows; only YJS rows of the indicators in :data:`COUNT_FROM_RATE` without a
        numerator are changed.
    population : pandas.DataFrame
        From :func:`yjanalysis.indicators.population.populations`.

    Returns
    -------
    pandas.DataFrame
        A copy with ``numerator``, ``denominator`` and ``method`` filled where possible.
    """
    out = rows.copy()
    for column in ("numerator", "denominator", "method"):
        if column not in out:
            out[column] = pd.NA
    total = population[population["age_group"] == "10 to 17"]
    if total.empty:
        return out
    years = total.groupby("yjs")["year"].apply(lambda s: sorted(set(s)))
    lookup = total.set_index(["yjs", "year"])["population"]
    multiplier = catalogue()["multiplier"]
    target = (
        out["indicator"].isin(COUNT_FROM_RATE.keys())
        & out["area_type"].eq("yjs")
        & out["numerator"].isna()
        & out["value"].notna()
    )
    for index in out.index[target]:
        area, indicator = out.at[index, "area"], out.at[index, "indicator"]
        year = int(str(out.at[index, "period"])[:4])
        available = years.get(area, [])
        if not available:
            continue
        nearest = min(available, key=lambda y: (abs(y - year), -y))
        if abs(nearest - year) > NEAREST_POPULATION_YEARS:
            continue
        people = float(lookup[(area, nearest)])
        out.at[index, "numerator"] = round(out.at[index, "value"] * people / multiplier[indicator])
        out.at[index, "denominator"] = people
        out.at[index, "method"] = (
            "count estimated from the published rate and the "
            f"mid-{nearest} population aged 10 to 17"
        )
    return out
