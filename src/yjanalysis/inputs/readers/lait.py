"""DfE Local Authority Interactive Tool (LAIT) bulk data, long format.

One row per measure (``Short Desc``), year (``Years``) and local authority or region
(``LA and Regions``, with its DfE ``LA Number``); ``Values`` are text, ``-`` where missing or
suppressed. Years are labelled as the measure's year type has them: ``2023`` is the calendar
year, the academic year ending then (2022/23), or a financial year, depending on the measure;
``2016-17 (OT)`` is a financial year of outturn. The reader keeps the label; the indicator
catalogue says what each measure's year means.

The bulk file as published holds 434 measures; the project reads 29
(:data:`yjanalysis.vocabulary.lait_measures.MEASURES`). Only their rows are read and checked:
the others, whose year labels take other shapes (``2015/16``, ``2014-16``, ``0``), are counted
and left out unchecked, and the count is recorded in ``attrs["notes"]``. ``LA Number`` may
come as ``852.0`` from a file written by a program that stored it as a decimal; it is read as
``852``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import plausible
from yjanalysis.vocabulary.catalogue import catalogue
from yjanalysis.vocabulary.lait_measures import BAD_ENGLAND, MEASURES, UNREAD, WHOLES, period

KIND = "lait"
TITLE = "DfE LAIT bulk data"

FIELDS = {
    "measure": ("short_desc",),
    "measure_title": ("data_item",),
    "year_label": ("years",),
    "area_name": ("la_and_regions",),
    "la_number": ("la_number", "la_num"),
    "region": ("region",),
    "value": ("values",),
}
OPTIONAL = ("measure_title", "la_number", "region")


def recognises(keys: set[str]) -> bool:
    """Say whether columns look like LAIT bulk data."""
    return {"short_desc", "years", "la_and_regions", "values"} <= keys


SCHEMA = pa.DataFrameSchema(
    {
        "measure": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected a measure code")
        ),
        "year_label": pa.Column(
            str,
            pa.Check.str_matches(
                r"^(19|20)\d\d(-\d\d)?( \(\w+\))?$",
                error="expected a year such as 2023, 2023-24 or 2016-17 (OT)",
            ),
        ),
        "area_name": pa.Column(
            str, pa.Check.str_length(min_value=1, error="expected an area name")
        ),
        "la_number": pa.Column(
            str,
            pa.Check.str_matches(r"^\d{3,4}$|^$", error="expected a DfE LA number such as 852"),
        ),
        "value": pa.Column("Float64", nullable=True),
    },
)


def parse(table: Table, path: Path) -> pd.DataFrame:
    """Return LAIT rows with numeric values.

    Returns
    -------
    pandas.DataFrame
        ``measure``, ``measure_title``, ``year_label`` (as published), ``year`` (the label
        without its ``(OT)`` suffix), ``area_name``, ``la_number``, ``region``, ``value``
        (``Float64``, missing for ``-``) and ``marker``.
    """
    found = checks.columns(table, path, FIELDS, OPTIONAL)
    frame = table.frame
    codes = {code.lower(): code for code in MEASURES}
    measure = frame[found["measure"]].astype(str).str.strip().str.lower().map(codes)
    notes = []
    other = measure.isna()
    if other.any():
        count = frame.loc[other, found["measure"]].nunique()
        notes.append(f"{other.sum():,} rows of {count:,} {UNREAD} were left out unchecked")
        frame = frame.loc[~other]
        measure = measure.loc[~other]
    out = pd.DataFrame(index=frame.index)
    for field in FIELDS:
        if field not in ("value", "measure"):
            col = found.get(field)
            out[field] = frame[col].astype(str).str.strip() if col else ""
    out.insert(0, "measure", measure.astype(str))
    out["la_number"] = out["la_number"].str.replace(r"^(\d{3,4})\.0+$", r"\1", regex=True)
    out["year"] = out["year_label"].str.replace(r"\s*\(\w+\)$", "", regex=True)
    out["value"], out["marker"] = checks.numbers(frame[found["value"]], path, found["value"])
    shown = {f: found.get(f, f) for f in FIELDS}
    out = checks.validate(SCHEMA, out, path, shown)
    if "la_number" in found:
        checks.code_and_name_agree(
            out["la_number"],
            out["area_name"],
            path,
            (found["la_number"], found["area_name"]),
            "dfe_la_numbers",
        )
    checks.duplicates(out, ["measure", "year_label", "area_name"], path, shown)
    _check_plausible(out, path, shown)
    if out.empty:
        notes = [f"none of its rows are of the {len(MEASURES)} LAIT measures this project reads"]
    out.attrs["notes"] = notes
    return out


def _check_plausible(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a row of a measure read that no release of LAIT could hold.

    A year label of another kind than the measure's (``2023-24`` for a measure by academic
    year), a year that has not ended, a value outside the range of the indicator it feeds (a
    reoffending rate of 250%, absence of -5%, an Attainment 8 score of 200): the file was
    changed or misread after it was downloaded, so it is refused, never shown as published.
    """
    if rows.empty:
        return
    spec = rows["measure"].map({code: m for code, m in MEASURES.items()})
    years = spec.map(lambda m: m.years)
    dashed = rows["year"].str.contains("-", regex=False) & years.ne("financial")
    if dashed.any():
        row = dashed.idxmax()
        raise InputError(
            f"row {row}, column '{shown['year_label']}': '{rows.loc[row, 'year_label']}' is a "
            f"financial year, but {rows.loc[row, 'measure']} is by {years[row]} year; expected "
            "a year such as 2023, as LAIT labels it.",
            path,
        )
    labels = rows[["year"]].assign(years=years).drop_duplicates()
    bounds = {(y, t): period(y, t) for y, t in zip(labels["year"], labels["years"], strict=True)}
    spans = [bounds[(y, t)] for y, t in zip(rows["year"], years, strict=True)]
    figures = pd.DataFrame(
        {
            "indicator": spec.map(lambda m: m.indicator),
            "period": [s[0] for s in spans],
            "period_start": [s[1] for s in spans],
            "period_end": [s[2] for s in spans],
            "value": rows["value"],
        },
        index=rows.index,
    )
    fractions = plausible.fractions_of_one(figures.assign(measure=rows["measure"]), "measure")
    if fractions is not None:
        row, why = fractions
        raise InputError(f"column '{shown['value']}' ({rows.loc[row, 'measure']}): {why}.", path)
    found = plausible.first_problem(figures)
    if found is None:
        # Authorities only: LAIT's England row of first time entrants is known to be wrong.
        local = rows["la_number"].map(reference.dfe_to_yjs(former=True)).notna()
        series = figures[local].assign(measure=rows["measure"], area=rows["area_name"])
        # The rules that say most come first: a jump of a rate per head, extra decimal
        # places, an average outside its groups; then any measure at the wrong scale.
        whose = ["measure", "area"]
        _refuse(plausible.sudden_change(series, whose), rows, figures, path, shown)
        _refuse(plausible.decimal_slip(series, whose), rows, figures, path, shown)
        _check_wholes(rows, path, shown)
        _refuse(plausible.out_of_scale(series, whose), rows, figures, path, shown)
        _refuse(_jump_apart_from_year_and_region(rows, figures), rows, figures, path, shown)
        aggregates = _aggregates(rows, figures)
        _refuse(plausible.out_of_line_with_kin(aggregates), rows, figures, path, shown)
        units = aggregates.assign(unit=figures["indicator"].map(catalogue()["unit"]))
        _refuse(
            plausible.jumps_in_an_average(units, ["area", "indicator"]), rows, figures, path, shown
        )
        _refuse(_apart_from_its_region(rows, figures), rows, figures, path, shown)
        _refuse(plausible.unlike_its_parts(aggregates), rows, figures, path, shown)
        _refuse(plausible.copies_a_region(aggregates), rows, figures, path, shown)
    if found is not None:
        row, column, why = found
        where = shown["year_label"] if column == "period" else shown["value"]
        if column == "period":
            label = figures.loc[row, "period"]
            said = f"'{rows.loc[row, 'year_label']}' ({rows.loc[row, 'measure']}: {label})"
            why = why.replace(f"'{label}'", said, 1)
        else:
            why = why.replace("' is not", f"' ({rows.loc[row, 'measure']}) is not", 1)
        raise InputError(f"row {row}, column '{where}': {why}.", path)


def _refuse(
    found: tuple[object, str] | None,
    rows: pd.DataFrame,
    figures: pd.DataFrame,
    path: Path,
    shown: dict[str, str],
) -> None:
    """Refuse the row a rule found, naming its measure, area and period (if it found one)."""
    if found is None:
        return
    row, why = found
    whose = f"{rows.loc[row, 'measure']}, {rows.loc[row, 'area_name']}"
    why = why.replace("' ", f"' ({whose}, {figures.loc[row, 'period']}) ", 1)
    raise InputError(f"row {row}, column '{shown['value']}': {why}.", path)


def _aggregates(rows: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Return England's and the regions' rows, each measure its own, to compare with each other.

    LAIT's England row of first time entrants is a count, not a rate
    (:data:`~yjanalysis.vocabulary.lait_measures.BAD_ENGLAND`): the build leaves it out, so
    it is not compared either.
    """
    name = rows["area_name"].str.strip()
    england = name.str.lower().eq("england") & ~rows["measure"].isin(BAD_ENGLAND)
    region = name.map(reference.region_name).notna() & ~name.str.lower().eq("england")
    kind = pd.Series("la", index=rows.index).mask(region, "region").mask(england, "country")
    return figures.assign(indicator=rows["measure"], area_type=kind, area=name)


#: How many times an authority's figure may be its region's and England's (the nearer of the
#: two), or the least a fraction of them, in every year of a series of :data:`SERIES_YEARS` or
#: more: 2.5. In the real LAIT bulk file, measured for each measure read, the largest is 2.27
#: (16-17 NEET or not known, Barnet), first time entrants 1.79 (Richmond upon Thames), every
#: other measure at most 1.96. An authority's rates per 100,000 pasted as counts (Coventry's
#: 269 to 217 as 89 to 72, 2.6 to 2.8 times below the West Midlands every year) are beyond it.
SERIES_APART = 2.5

#: The fewest years a series holds before :data:`SERIES_APART` is applied to it: a single odd
#: year is left to the series rules (Cumbria's first time entrants of one year are 4.3 times
#: the North West's in the real file).
SERIES_YEARS = 3


def _kin(
    rows: pd.DataFrame, name: pd.Series, value: pd.Series
) -> tuple[pd.Series, Callable[[pd.Series], pd.Series]]:
    """Return each row's region, and a look-up of another area's figure of the row's year.

    ``kin_of(areas)`` gives, for each row, the figure of the area named in ``areas`` for the
    row's measure and year (NaN where the file has none).
    """
    region = rows["region"].str.replace(r"^(Inner|Outer) London$", "London", regex=True)
    region = region.map(lambda r: reference.region_name(r) if r else None)
    key = [rows["measure"], rows["year"]]
    by_area = pd.Series(value.to_numpy(), index=pd.MultiIndex.from_arrays([*key, name]))
    by_area = by_area[~by_area.index.duplicated()]

    def kin_of(area: pd.Series) -> pd.Series:
        index = pd.MultiIndex.from_arrays([*key, area.fillna("")])
        return pd.Series(by_area.reindex(index).to_numpy(), index=rows.index).astype(float)

    return region, kin_of


def _apart_from_its_region(rows: pd.DataFrame, figures: pd.DataFrame) -> tuple[object, str] | None:
    """Return the row of an authority's series out of line with its region and England every year.

    The kin rule holds nations and regions only; an authority's whole series at another scale
    (counts for rates per 100,000) moves as a whole, so no series rule sees it, yet it moves
    its family's figure. Each year the authority is compared with the nearer of its region
    (the file's ``Region`` column) and England (not for a measure whose England row LAIT gets
    wrong); the series is refused when every year lies on one side beyond
    :data:`SERIES_APART`, and the row named is its nearest year.
    """
    if "region" not in rows:
        return None
    name = rows["area_name"].str.strip()
    value = figures["value"].astype(float)
    local = name.map(reference.region_name).isna() & ~name.str.lower().eq("england")
    region, kin_of = _kin(rows, name, value)

    ratio = pd.DataFrame(
        {
            "region": value / kin_of(region),
            "england": (value / kin_of(pd.Series("England", index=rows.index))).where(
                ~rows["measure"].isin(BAD_ENGLAND)
            ),
        }
    ).where(lambda r: r.gt(0))
    # Times apart from the nearer of the two, with its side: above (>1) or below (<1).
    apart = ratio.apply(lambda r: r.where(r >= 1, 1 / r)).min(axis=1)
    above = ratio.ge(1).any(axis=1) & ~ratio.lt(1).any(axis=1)
    below = ratio.lt(1).any(axis=1) & ~ratio.ge(1).any(axis=1)
    side = pd.Series(0, index=rows.index).mask(above, 1).mask(below, -1)
    series = pd.DataFrame({"measure": rows["measure"], "area": name, "apart": apart, "side": side})[
        local & value.gt(0) & apart.notna()
    ]
    worst: tuple[float, object] | None = None
    for _, part in series.groupby(["measure", "area"], sort=False):
        one_side = part["side"].ne(0).all() and part["side"].nunique() == 1
        if len(part) < SERIES_YEARS or not one_side:
            continue
        nearest = part["apart"].idxmin()
        if part["apart"][nearest] > SERIES_APART and (
            worst is None or part["apart"][nearest] > worst[0]
        ):
            worst = (float(part["apart"][nearest]), nearest)
    if worst is None:
        return None
    times, at = worst
    way = "times" if side[at] > 0 else "times smaller than"
    kin = [
        k for k in (region[at], None if rows.loc[at, "measure"] in BAD_ENGLAND else "England") if k
    ]
    return at, (
        f"'{value[at]:g}' and every other year of the series are at least {times:.1f} {way} "
        f"the figure of {' and of '.join(kin)}; expected an authority's "
        f"series within {SERIES_APART:g} times its region or the nation in some year, as every "
        "real authority's is (at most 2.3 times apart), not one at another scale (counts "
        "pasted for rates per 100,000)"
    )


#: How many percentage points an authority's percentage may be from both the nearer of its
#: neighbouring years and the nearer of its region's and England's figures of the year, on the
#: same side of each. Measured on the full real LAIT bulk file (every percentage read, every
#: authority, the years an authority was created or replaced left out): at most 41.5 points
#: (persistent absence in special schools, Southend-on-Sea 2020/21: 90.46 after 33.59, England
#: 48.94), a thin margin of 1.08; a first digit typed wrong in a reoffending rate (35.14 typed
#: 85.14) is 51.8 points from its year and 58 from its region.
JUMP_POINTS = 45.0
#: How many times a rate per head of an authority may be both its nearer neighbouring year and
#: the nearer of its region's and England's figures of the year, on the same side of each. On
#: the real file, first time entrants per 100,000 at most 2.09 times (Windsor and Maidenhead
#: 2019, below 142 and 162 and 2.53 times below the South East), a margin of 1.44, the years an
#: authority was created or replaced left out (Cumbria's 42 of 2023, the year it was replaced,
#: is 4.1 times below both); a first digit typed wrong (226 typed 826) is 4.15 times the year
#: before and 4.26 times the South East.
JUMP_TIMES = 3.0


#: The largest cohort whose every share (k of n children) is taken to be chance: a share of
#: so few moves by tens of points from one year to the next (1 of 1 is 100%, 1 of 11 9.09%).
FEW_CHILDREN = 12


def _few_children(value: pd.Series) -> pd.Series:
    """Say which percentages are k of n children for a cohort of at most :data:`FEW_CHILDREN`.

    LAIT gives percentages to 2 places, so a share of so few is one of a few values (66.67,
    9.09, 100). A first digit typed wrong rarely lands on one (85.14 is no k of n up to 12).

    Examples
    --------
    >>> _few_children(pd.Series([100.0, 9.09, 63.64, 85.14, 35.14])).tolist()
    [True, True, True, False, False]
    """
    shares = pd.concat(
        [(value * n / 100).round() * 100 / n - value for n in range(1, FEW_CHILDREN + 1)], axis=1
    )
    return shares.abs().lt(0.006).any(axis=1)


def _jump_apart_from_year_and_region(
    rows: pd.DataFrame, figures: pd.DataFrame
) -> tuple[object, str] | None:
    """Return an authority's percentage or rate per head far from its year and its region.

    An authority's series moves far (a cohort of a dozen children, a service reorganised), so
    :func:`~yjanalysis.vocabulary.plausible.out_of_scale` allows 8 times. A value that is far
    from the nearer of its neighbouring years and, on the same side, from its region's (and
    England's) figure of the year is a typo, not a small cohort: Southampton's first time
    entrants 226 typed 826 (3.65 times the year before) and its reoffending 35.14 typed 85.14
    were published (adversary 16, C07 and C08). Percentages are held in points
    (:data:`JUMP_POINTS`), rates per head in times (:data:`JUMP_TIMES`); scores are not held
    (a small group's Attainment 8 moves 7 times). The years an authority was created or
    replaced in are left out (:func:`yjanalysis.reference.authority_changes`).
    """
    if "region" not in rows:
        return None
    units = figures["indicator"].map(catalogue()["unit"])
    percent = units.eq("%")
    per_head = units.fillna("").str.contains("aged 10", regex=False)
    name = rows["area_name"].str.strip()
    value = figures["value"].astype(float)
    local = name.map(reference.region_name).isna() & ~name.str.lower().eq("england")
    local &= (percent | per_head) & value.gt(0)
    # A percentage a cohort of a few children gives (1 of 1 reoffending is 100%) is chance.
    local &= ~(percent & _few_children(value))
    changes = reference.authority_changes()
    for number, change in changes.iterrows():
        days = change[["first_day", "last_day"]].dropna()
        at = rows["la_number"].astype(str).eq(str(number))
        for day in days:
            local &= ~(at & figures["period_start"].le(day) & figures["period_end"].ge(day))
    if not local.any():
        return None

    def apart(other: pd.Series) -> pd.Series:
        """Signed distance from ``other``: points for percentages, log of times for rates."""
        return (value - other).where(percent, np.log(value.where(value.gt(0)) / other))

    region, kin_of = _kin(rows, name, value)

    england = kin_of(pd.Series("England", index=rows.index)).where(
        ~rows["measure"].isin(BAD_ENGLAND)
    )
    order = pd.DataFrame(
        {"measure": rows["measure"], "area": name, "start": figures["period_start"]}
    ).sort_values(["measure", "area", "start"])
    groups = value.reindex(order.index).groupby([order["measure"], order["area"]], sort=False)
    starts = order["start"].groupby([order["measure"], order["area"]], sort=False)
    years = []
    for step in (1, -1):
        gap = (order["start"] - starts.shift(step)).abs().le(pd.Timedelta(days=366))
        years.append(groups.shift(step).where(gap).reindex(rows.index))

    def nearer(others: list[pd.Series]) -> pd.Series:
        """Return the signed distance from the nearer of ``others`` (missing where none is)."""
        table = pd.concat([apart(o.where(o.gt(0))) for o in others], axis=1)
        pick = table.abs().fillna(float("inf")).to_numpy().argmin(axis=1)
        return pd.Series(table.to_numpy()[range(len(table)), pick], index=rows.index)

    series, kin = nearer(years), nearer([kin_of(region), england])
    limit = pd.Series(np.log(JUMP_TIMES), index=rows.index).where(~percent, JUMP_POINTS)
    far = np.minimum(series.abs(), kin.abs()) / limit
    far = far.where(local & (np.sign(series) == np.sign(kin)))
    if not far.gt(1).any():
        return None
    at = far.idxmax()
    beside = [y[at] for y in years if pd.notna(y[at])]
    given = " and ".join(f"{v:g}" for v in beside)
    kin_given = " and ".join(
        f"{k} {v:g}"
        for k, v in ((region[at], kin_of(region)[at]), ("England", england[at]))
        if k and pd.notna(v)
    )

    def said(distance: float) -> str:
        if percent[at]:
            return f"{abs(distance):.1f} percentage points from"
        way = " smaller than" if distance < 0 else ""
        return f"{np.exp(abs(distance)):.2f} times{way}"

    rule = f"{JUMP_POINTS:g} points" if percent[at] else f"{JUMP_TIMES:g} times"
    return at, (
        f"'{value[at]:g}' is {said(series[at])} the nearer of the years beside it ({given}) "
        f"and {said(kin[at])} the nearer of its region's and England's figures that year "
        f"({kin_given}); expected an authority's figure within {rule} of its year before or "
        "after or of its region, as every real authority's "
        "is outside the years it was created or replaced (a first digit typed wrong?)"
    )


#: How far, in an Attainment 8 score, an average of all pupils may lie outside its groups' as
#: published: one step of rounding (LAIT gives scores to one decimal place).
ROUNDING = 0.1


def _check_wholes(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse an average of all pupils below every group of its pupils, or outside its parts.

    The Attainment 8 of all an area's pupils in a year is an average of its groups' (weighted
    by how many each has): it lies between the averages of groups that divide every pupil
    (disadvantaged or not, free school meals or not, the three kinds of special educational
    needs: ``WHOLES``), and no real area's is below every group LAIT gives it (its pupils with
    an EHCP score about 14). An average of 4.35 typed for 43.5 is below all of them. In the real
    LAIT bulk file (1,631 area-years with an average and its groups, 2 to 15 groups each) the
    average is at least 0.2 above the lowest group (the Isles of Scilly's 45.0 in 2017, White
    pupils 44.8), and none of 1,629, 1,624 and 1,626 area-years lies outside a division's parts.
    """
    values = rows.assign(row=rows.index).dropna(subset=["value"])
    wide = values.pivot_table(
        index=["area_name", "year"], columns="measure", values="value", aggfunc="first"
    ).astype(float)
    rowed = values.pivot_table(
        index=["area_name", "year"], columns="measure", values="row", aggfunc="first"
    )
    for whole, splits in WHOLES.items():
        if whole not in wide:
            continue
        total = wide[whole]
        groups = [
            code for code, m in MEASURES.items()
            if m.indicator == MEASURES[whole].indicator and code != whole and code in wide
        ]  # fmt: skip
        lowest = wide[groups].min(axis=1)
        below = total.lt(lowest - ROUNDING) & wide[groups].notna().sum(axis=1).ge(2)
        # Each check: the groups it names (``None``: every group given) and where it fails.
        failing: list[tuple[tuple[str, ...] | None, pd.Series]] = [(None, below)]
        for parts in splits:
            if set(parts) <= set(wide.columns):
                part = wide[list(parts)]
                outside = total.lt(part.min(axis=1) - ROUNDING)
                outside |= total.gt(part.max(axis=1) + ROUNDING)
                failing.append((parts, outside & part.notna().all(axis=1)))
        for chosen, outside in failing:
            if not outside.any():
                continue
            key = outside.idxmax()
            named = list(chosen or [g for g in groups if pd.notna(wide.loc[key, g])])
            given = ", ".join(f"{g} {wide.loc[key, g]:g}" for g in named)
            what = "every group of its pupils" if chosen is None else "the groups that divide them"
            wanted = "no lower than its lowest group's" if chosen is None else "between its parts'"
            side = "below" if total[key] < wide.loc[key, named].min() else "above"
            raise InputError(
                f"row {int(rowed.loc[key, whole])}, column '{shown['value']}': "
                f"'{total[key]:g}' ({whole}, {key[0]}, {key[1]}) is {side} {what} ({given}); "
                f"expected an average of all pupils {wanted}, as in every area of the real "
                "release.",
                path,
            )
