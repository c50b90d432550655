"""Published characteristics of every current service, alike for England and Wales.

The nearest-neighbour comparator group (:mod:`yjanalysis.methods.similar.nearest`) compares services
on
figures that the inputs give for services in both countries:

* from ONS mid-year estimates by single year of age (summed over each service's districts, the
  latest year the inputs give): the number of children aged 10 to 17, and the shares of all
  residents aged 10 to 17, 18 to 24 and 65 or over (the age structure separates university
  cities, family suburbs and retirement coasts);
* from the YJB Children table (the latest release among the inputs, its last three financial
  years pooled): children cautioned or sentenced per 10,000 aged 10 to 17, and the share of
  those of known ethnicity who are from minority ethnic groups.

Deprivation is not among them: the indices of deprivation differ between England and Wales and
no input the project reads carries them. Nothing is filled in: a characteristic no input gives
is left out (and the group's method says which were used); one an input gives for some
current services but not for every one that existed at the input's date is an input covering
part of the nation, and is said (``attrs["incomplete"]``) so that no group is chosen without
it; a service without one of those used for another reason (it began after the input's date,
or its every pooled year is suppressed) is left out of the comparison, with a note. A
year in which any of a service's Children table cells is suppressed is left out of its
pooled rate, so that no rate rests on a partial count.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from yjanalysis import reference

#: Each characteristic's column and how a sentence names it.
CHARACTERISTICS = {
    "children_10_17": "children aged 10 to 17",
    "share_10_17": "share of residents aged 10 to 17",
    "share_18_24": "share aged 18 to 24",
    "share_65_plus": "share aged 65 or over",
    "cautioned_or_sentenced_rate": "children cautioned or sentenced per 10,000 aged 10 to 17",
    "minority_ethnic_share": "share of them from minority ethnic groups",
}
#: Characteristics compared on a log scale (sizes: a service twice as big is as far away as
#: one half as big).
LOG_SCALE = ("children_10_17",)
#: Financial years pooled for the Children table characteristics.
YEARS_POOLED = 3
AGE_BANDS = {"share_10_17": (10, 17), "share_18_24": (18, 24), "share_65_plus": (65, 200)}
AGE_WORDS = {"share_10_17": "10 to 17", "share_18_24": "18 to 24", "share_65_plus": "65 or over"}
UNKNOWN_ETHNICITY = r"(?i)unknown|not known|not stated|missing"


def _current() -> pd.Index:
    table = reference.register()
    return pd.Index(table.loc[table["current"], "yjs"], name="yjs")


def age_structure(
    ons: Iterable[pd.DataFrame], by: pd.Timestamp | None = None
) -> tuple[pd.DataFrame, str]:
    """Return the population characteristics of each service from the latest complete year.

    Parameters
    ----------
    ons : iterable of pandas.DataFrame
        Frames read from ONS estimates by single year of age.
    by : pandas.Timestamp, optional
        The last day of the report's period: the latest estimate dated (30 June) by it is
        used, since a report uses no source dated after its period (a mid-2025 file must not
        shape a December 2024 report's family). ``None`` uses the latest of all.

    Returns
    -------
    tuple
        The characteristics (``attrs["as_of"]``: the estimate's day; ``attrs["estimates"]``:
        every mid-year the inputs give) and the source's name with its year.

    Where the inputs give estimates but none dated by ``by``, no age structure is returned:
    ``attrs["undated"]`` then holds the sentence that says so and the file of the earliest
    estimate, for a report that needs the services nearest it to refuse with
    (:func:`yjanalysis.run.pipeline.check_family_dated`); a service with a YJB family is
    reported on without them.
    """
    lad = reference.lad_to_yjs()
    ons = [f for f in ons if f["age"].min() == 0 and f["age"].max() >= 90]
    parts = [f[f["area_code"].isin(lad.keys()) & f["year"].notna()] for f in ons]
    # The file each mid-year is from, to name in a refusal.
    files = {
        int(y): f.attrs.get("path")
        for f, p in zip(ons, parts, strict=True)
        for y in p["year"].unique()
    }
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(index=_current()), ""
    rows = pd.concat(parts, ignore_index=True).assign(yjs=lambda d: d["area_code"].map(lad))
    # One file per year: where two files give the same district and year, the first is kept.
    rows = rows.drop_duplicates(["area_code", "year", "age"])
    by_age = rows.pivot_table(
        index=["yjs", "year"], columns="age", values="population", aggfunc="sum"
    )
    given = sorted(int(y) for y in by_age.index.get_level_values("year").unique())
    dated = [y for y in given if by is None or pd.Timestamp(y, 6, 30) <= by]
    if not dated:
        none = pd.DataFrame(index=_current())
        none.attrs["estimates"] = given
        none.attrs["undated"] = (
            f"holds the ONS population estimates of mid-{given[0]}, after the report's period "
            f"(to {by:%d %B %Y}), and the inputs hold none earlier; expected an estimate dated "
            "by the period's end to find the services nearest each, as a report uses no source "
            "dated after its period.",
            str(files.get(given[0]) or ""),
        )
        return none, ""
    year = dated[-1]
    latest = by_age.xs(year, level="year").reindex(_current())
    everyone = latest.sum(axis=1, min_count=1)
    out = pd.DataFrame(index=latest.index)
    out["children_10_17"] = latest.loc[:, 10:17].sum(axis=1, min_count=1)
    for column, (low, high) in AGE_BANDS.items():
        out[column] = latest.loc[:, low:high].sum(axis=1, min_count=1) / everyone
    out.attrs["as_of"] = pd.Timestamp(year, 6, 30)
    out.attrs["estimates"] = given
    return out, f"ONS population estimates, mid-{year}"


def cautioned_or_sentenced(
    frames: Iterable[pd.DataFrame], people: pd.DataFrame
) -> tuple[pd.DataFrame, str]:
    """Return the pooled rate and minority ethnic share from the latest Children table."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(index=_current()), ""
    latest = max(frames, key=lambda f: f["financial_year"].max())
    # Names not in the register are the build's to refuse (with the row); none is used here.
    rows = latest.assign(yjs=reference.canonical_names(latest["yjs"])).dropna(subset=["yjs"])
    if rows.empty:
        return pd.DataFrame(index=_current()), ""
    years = sorted(rows["financial_year"].unique())[-YEARS_POOLED:]
    rows = rows[rows["financial_year"].isin(years)]
    ethnicity = rows["ethnicity"].astype(str)
    rows = rows.assign(
        known=rows["children"].where(~ethnicity.str.contains(UNKNOWN_ETHNICITY)).fillna(0),
        minority=rows["children"]
        .where(~ethnicity.str.contains(UNKNOWN_ETHNICITY) & ~ethnicity.str.startswith("White"))
        .fillna(0),
        complete=rows["children"].notna(),
    )
    by_year = rows.groupby(["yjs", "financial_year"]).agg(
        children=("children", "sum"),
        known=("known", "sum"),
        minority=("minority", "sum"),
        complete=("complete", "all"),
    )
    # A service whose every pooled year has a suppressed cell lacks the rate for that reason,
    # not because the table leaves it out: it is left out of the comparison, with a note.
    suppressed = set(by_year.index.get_level_values("yjs")) - set(
        by_year[by_year["complete"]].index.get_level_values("yjs")
    )
    by_year = by_year[by_year["complete"]].reset_index()
    tens = people[people["age_group"] == "10 to 17"][["yjs", "year", "population"]]
    by_year["year"] = by_year["financial_year"].str[:4].astype(int)
    by_year = by_year.merge(tens, on=["yjs", "year"], how="inner")
    pooled = by_year.groupby("yjs")[["children", "known", "minority", "population"]].sum()
    out = pd.DataFrame(index=_current())
    out["cautioned_or_sentenced_rate"] = pooled["children"] / pooled["population"] * 10_000
    known = pooled["known"].where(pooled["known"] > 0)
    out["minority_ethnic_share"] = pooled["minority"] / known
    out["years"] = by_year.groupby("yjs")["financial_year"].agg(lambda y: ", ".join(sorted(y)))
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    out.attrs["as_of"] = pd.Timestamp(int(years[-1][:4]) + 1, 3, 31)
    out.attrs["suppressed"] = suppressed
    return out, f"YJB Children table, {span}"


def characteristics(
    children: Iterable[pd.DataFrame],
    ons: Iterable[pd.DataFrame],
    people: pd.DataFrame,
    by: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Return the published characteristics of every current service.

    Parameters
    ----------
    children : iterable of pandas.DataFrame
        Frames read from YJB Children tables.
    ons : iterable of pandas.DataFrame
        Frames read from ONS estimates by single year of age (only those covering all ages are
        used for the age structure).
    people : pandas.DataFrame
        The 10 to 17 populations of :func:`yjanalysis.table.population.populations`.
    by : pandas.Timestamp, optional
        The last day of the report's period: no ONS estimate dated after it is used
        (:func:`age_structure`).

    Returns
    -------
    pandas.DataFrame
        One row per current service (indexed by name) with a column per characteristic of
        :data:`CHARACTERISTICS` that the inputs give for every service they can hold
        (missing where a service lacks it, see :func:`_incomplete`), and ``years`` (the
        financial years behind its Children table figures). ``attrs["basis"]`` names the
        sources and years, ``attrs["left_out"]`` the characteristics not used, and
        ``attrs["incomplete"]`` which inputs give a characteristic for some services but not
        all they can hold (empty if none does). ``attrs["estimate"]`` is the mid-year of the
        ONS estimate used and ``attrs["estimates"]`` every one the inputs give (a build kept
        for another period is reused only where it would use the same one).
        ``attrs["undated"]`` is the refusal and the file where every estimate is dated after
        ``by`` (see :func:`age_structure`), else ``None``.
    """
    ages, age_basis = age_structure(ons, by)
    rates, rate_basis = cautioned_or_sentenced(children, people)
    out = pd.concat([ages, rates], axis=1).reindex(_current())
    incomplete, partial = _incomplete(out, {age_basis: ages, rate_basis: rates})
    left_out = [c for c in CHARACTERISTICS if c not in out or out[c].isna().all() or c in partial]
    out = out.drop(columns=[c for c in left_out if c in out])
    out.attrs["basis"] = "; ".join(b for b in (age_basis, rate_basis) if b)
    out.attrs["left_out"] = left_out
    out.attrs["incomplete"] = incomplete
    as_of = ages.attrs.get("as_of")
    out.attrs["estimate"] = None if as_of is None else as_of.year
    out.attrs["estimates"] = ages.attrs.get("estimates", [])
    out.attrs["undated"] = ages.attrs.get("undated")
    return out


def _incomplete(found: pd.DataFrame, sources: dict[str, pd.DataFrame]) -> tuple[str, list[str]]:
    """Say which inputs give a characteristic for some current services but not all of them.

    Such an input covers part of the nation (a region's population file, or a national file
    cut short at a line end, which nothing in it betrays): choosing groups without the
    services it lacks would give other groups than the whole release gives, so the groups are
    withheld and this says why. No share of services is enough: an ONS file cut to 300 of its
    320 lines gave 94% of them and re-chose 103 of 155 families unsaid. A service is not
    lacking where it began after the input's date (``attrs["as_of"]``: Cumberland and
    Westmorland and Furness, services since April 2023, are in no release before), nor where
    the input gives it but with every pooled year suppressed (``attrs["suppressed"]``): those
    are left out of the comparison, with a note.

    Returns
    -------
    tuple
        The sentence (empty if no input is partial) and the characteristics it names.
    """
    said, partial = [], []
    for source, frame in sources.items():
        columns = [c for c in frame.columns if c in CHARACTERISTICS and c in found]
        given = found[columns].notna()
        if given.empty:
            continue
        as_of = frame.attrs.get("as_of")
        excused = set(frame.attrs.get("suppressed", ()))
        excused |= {yjs for yjs in found.index if _began_after(yjs, as_of)}
        used = [c for c in columns if given[c].any()]
        lacking_any = ~given[used].all(axis=1) & ~found.index.isin(sorted(excused))
        if not used or not lacking_any.any():
            continue
        partial.extend(used)
        lacking = sorted(found.index[lacking_any])
        more = " …" if len(lacking) > 5 else ""
        said.append(
            f"{source} give {phrase(used)} for {int(given[used].all(axis=1).sum())} of the "
            f"{len(found)} current services (none for {len(lacking)}: "
            f"{', '.join(lacking[:5])}{more})"
        )
    return "; ".join(said), partial


def _began_after(yjs: str, day: pd.Timestamp | None) -> bool:
    """Say whether a service began after ``day`` (so that no input of that date can hold it)."""
    first = reference.first_day(yjs)
    return day is not None and first is not None and first > day


def standardised(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the characteristics as z-scores across services (sizes on a log scale).

    Examples
    --------
    >>> frame = pd.DataFrame({"children_10_17": [1000, 10000, 100000]}, index=list("abc"))
    >>> standardised(frame)["children_10_17"].round(3).tolist()
    [-1.0, 0.0, 1.0]
    """
    values = frame[[c for c in CHARACTERISTICS if c in frame]].astype(float)
    for column in LOG_SCALE:
        if column in values:
            values[column] = np.log(values[column])
    return (values - values.mean()) / values.std(ddof=1)


def phrase(columns: Iterable[str]) -> str:
    """Name characteristics in a sentence.

    Examples
    --------
    >>> phrase(["children_10_17", "share_10_17", "share_65_plus"])
    'the number of children aged 10 to 17, and the shares of residents aged 10 to 17 and 65 or over'
    >>> phrase(["minority_ethnic_share"])
    'the share of children cautioned or sentenced from minority ethnic groups'
    """
    columns = set(columns)
    ages = [AGE_WORDS[c] for c in AGE_BANDS if c in columns]
    parts = []
    if "children_10_17" in columns:
        parts.append("the number of children aged 10 to 17")
    if ages:
        listed = ages[0] if len(ages) == 1 else ", ".join(ages[:-1]) + " and " + ages[-1]
        parts.append(f"the share{'s' if len(ages) > 1 else ''} of residents aged {listed}")
    cautioned = "cautioned_or_sentenced_rate" in columns
    if cautioned:
        parts.append("the rate of children cautioned or sentenced")
    if "minority_ethnic_share" in columns:
        parts.append(
            "the share of them from minority ethnic groups"
            if cautioned
            else "the share of children cautioned or sentenced from minority ethnic groups"
        )
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]
