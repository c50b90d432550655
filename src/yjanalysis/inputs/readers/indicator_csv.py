"""The tidy indicator table written as a CSV: figures a user holds, in the table's own shape.

An analyst can add any figure (for example from the YJB's quarterly data summary for their
service) by writing rows with the columns of the indicator table to a CSV in ``data/raw/``.
``area_type``, ``area``, ``indicator``, ``period`` and ``value`` are required; the others are
optional. ``period_start`` and ``period_end`` are taken from the period label where they are
left out (``2019-20``, ``2022/23``, ``2023``, ``Oct 2022 – Sep 2023``).

Areas are read as the register names them (``southampton`` or ``Southampton YOT`` is
Southampton; a name no register holds is refused, so that a figure cannot miss its service
unseen), and figures that contradict themselves are refused: an interval upside down or not
around its value, a proportion with a numerator above its denominator, a value that is not a
finite number.

Figures about a service's own children, computed from its own records (for example counts
from the case management system typed in by hand), are marked ``own_records`` = ``Y``: they
are then under disclosure control wherever a report shows them, like the figures the project
computes from a case-level extract. Without an ``own_records`` column, a row with status
``computed`` for a YJS or local authority is taken to be the service's own (a figure someone
computed rather than one a publisher released); published figures are shown as released.
A file without the column, of figures for no service but those whose case-level extracts are
read (not a publisher's release of every service), whose published row gives a figure the
service's own extract gives too (the same service, measure, period and group) is refused where
the build reads the extract (:func:`yjanalysis.table.build.refuse_unflagged_own_figures`): a
count typed in from the case management system and left ``published`` would be printed beside
the same figure hidden, so the file must say which it is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import checks
from yjanalysis.inputs.readers.files import Table
from yjanalysis.vocabulary import local_paths, periods, plausible
from yjanalysis.vocabulary import schema as table
from yjanalysis.vocabulary.catalogue import catalogue, ids

KIND = "indicator_csv"
TITLE = "Indicator table (CSV in the project's own shape)"
REQUIRED = ("area_type", "area", "indicator", "period", "value")


#: A file's name in a source cell: a word ending in the extension of a table or a document.
FILE_NAMED = re.compile(
    r"[^\s\\/:\"'()\[\]]*\w\.(?:xlsx|xlsm|xlsb|xls|ods|csv|tsv|txt|parquet|json|docx|doc|odt|pdf|zip)"
    r"(?![\w.])",
    re.IGNORECASE,
)


def file_source(source: str) -> str | None:
    r"""Return the path or file's name a source cell names, or ``None`` for a publisher's name.

    A web address is a publisher's page, whatever file it ends in.

    Examples
    --------
    >>> file_source(r"YJB toolkit saved at C:\Users\jsmith\OneDrive\SYV Dec24.xlsx")
    'C:\\Users\\jsmith\\OneDrive\\SYV'
    >>> file_source("SYV Dec24.xlsx"), file_source("from syv_dec24.CSV")
    ('Dec24.xlsx', 'syv_dec24.CSV')
    >>> file_source("YJB serious youth violence toolkit"), file_source("St.Mary's Census 2021")
    (None, None)
    >>> file_source("YJB (https://www.gov.uk/government/statistics/x/syv.xlsx)") is None
    True
    """
    text = local_paths.WEB_ADDRESS.sub(" ", source)
    found = local_paths.local_path(text)
    if found is not None:
        return found
    named = FILE_NAMED.search(text)
    return None if named is None else named[0]


def _refuse_file_sources(sources: pd.Series, path: Path, column: str) -> None:
    r"""Refuse a source cell naming a file or folder of a computer rather than a publisher.

    ``YJB toolkit saved at C:\Users\jsmith\…\SYV Dec24.xlsx`` was published as the source
    ``SYV Dec24.xlsx`` in the sentence, the chart and the notes (adversary round 14, C01): the
    name the analyst saved a file under, and the publisher lost. Refused rather than replaced:
    an indicator CSV holds figures of any publisher, so no source is known for it.
    """
    for value in sources.dropna().unique():
        named = file_source(str(value))
        if named is None:
            continue
        row = sources.eq(value).idxmax()
        raise InputError(
            f"row {row}, column '{column}': the source names a file or folder of a computer "
            f"('{named}'), which the pages would publish as the figures' source; expected the "
            "publisher's name, as 'YJB serious youth violence toolkit' (a web address may "
            "follow it).",
            path,
        )


def recognises(keys: set[str]) -> bool:
    """Say whether columns are those of the indicator table."""
    return {"area_type", "area", "indicator", "period"} <= keys


def parse(table_in: Table, path: Path) -> pd.DataFrame:
    """Return the rows as a conformed indicator table (status ``published`` unless given).

    Returns
    -------
    pandas.DataFrame
        The table's columns (see :mod:`yjanalysis.vocabulary.schema`).
    """
    wanted = {c: (c,) for c in table.COLUMNS}
    optional = [c for c in table.COLUMNS if c not in REQUIRED]
    found = checks.columns(table_in, path, wanted, optional)
    frame = table_in.frame
    out = pd.DataFrame(index=frame.index)
    for column in ("area_type", "area", "indicator", "period", "breakdown", "group", "source"):
        if column in found:
            out[column] = frame[found[column]].astype(str).str.strip().replace("", pd.NA)
    out["status"] = (
        frame[found["status"]].astype(str).str.strip().str.lower().replace("", "published")
        if "status" in found
        else "published"
    )
    for column in ("numerator", "denominator", "value", "lower", "upper"):
        if column in found:
            out[column], _ = checks.numbers(frame[found[column]], path, found[column])
    if "source" in found:
        _refuse_file_sources(out["source"], path, found["source"])
    out["own_records"] = _own_records(frame, found, out, path)
    unknown = ~out["indicator"].isin(ids())
    if unknown.any():
        row = unknown.idxmax()
        raise InputError(
            f"row {row}, column 'indicator': '{out.loc[row, 'indicator']}' is not in the "
            f"indicator catalogue; expected one of {', '.join(ids())}.",
            path,
        )
    for edge in ("period_start", "period_end"):
        if edge in found:
            out[edge] = checks.dates(frame[found[edge]], path, found[edge], day_first=False)
    # One period, one label: a run of months written with a hyphen is the project's label.
    out["period"] = out["period"].map(lambda p: periods.as_written(p) if isinstance(p, str) else p)
    bounds = out["period"].map(lambda p: periods.parse(p) if isinstance(p, str) else None)
    # A label written as a financial or academic year must be one, whatever dates come with it.
    misnamed = bounds.isna() & out["period"].map(periods.looks_like_year).fillna(False)
    if misnamed.any():
        row = misnamed.idxmax()
        raise InputError(
            f"row {row}, column '{found['period']}': '{out.loc[row, 'period']}' is not a "
            "financial or academic year (its second year must follow its first); expected a "
            "label such as 2023-24 or 2023/24.",
            path,
        )
    for i, edge in enumerate(("period_start", "period_end")):
        derived = bounds.map(lambda b, i=i: b[i] if b else pd.NaT)
        if edge in out:
            differ = out[edge].notna() & derived.notna() & out[edge].ne(derived)
            if differ.any():
                row = differ.idxmax()
                raise InputError(
                    f"row {row}, column '{found[edge]}': {out.loc[row, edge]:%Y-%m-%d} is not "
                    f"valid; expected {derived.loc[row]:%Y-%m-%d}, the "
                    f"{'first' if i == 0 else 'last'} day of the period "
                    f"'{out.loc[row, 'period']}'.",
                    path,
                )
        out[edge] = out[edge].fillna(derived) if edge in out else derived
    undated = out["period_start"].isna() & out["period"].notna()
    if undated.any():
        row = undated.idxmax()
        raise InputError(
            f"row {row}, column 'period': '{out.loc[row, 'period']}' is not a period this "
            "project understands and no period_start/period_end are given; expected a label "
            "such as 2019-20, 2022/23, 2023 or Oct 2022 – Sep 2023.",
            path,
        )
    rows = out.index
    conformed = table.conform(out)
    conformed.index = rows
    shown = {c: found.get(c, c) for c in table.COLUMNS}
    conformed = checks.validate(table.SCHEMA, conformed, path, shown)
    conformed["area"] = _canonical_areas(conformed, path, shown["area"])
    for (_, breakdown), part in conformed.groupby(["indicator", "breakdown"], dropna=False):
        if breakdown != "total":
            what = BREAKDOWN_GROUPS.get(str(breakdown), "group")
            checks.no_subtotals(part["group"], path, shown["group"], what)
    # The breakdowns with a fixed list of groups (the ethnic groups of a Census table): a cell
    # that is none of them is refused, a case or spacing variant read as the group it is.
    for breakdown in FIXED_GROUPS:
        rows_of = conformed["breakdown"].eq(breakdown).fillna(False)
        if rows_of.any():
            what = BREAKDOWN_GROUPS.get(breakdown, "group")
            conformed.loc[rows_of, "group"] = checks.published_groups(
                conformed.loc[rows_of, "group"], path, shown["group"], breakdown, what
            )
    _check_figures(conformed, path, shown)
    checks.groups_within_total(conformed, path, shown)
    checks.groups_make_their_total(conformed, path, shown)
    _check_plausible(conformed, path, shown)
    _check_value_from_counts(conformed, _decimals(frame[found["value"]]), path, shown)
    checks.duplicates(conformed, table.KEY, path, shown)
    # Whether the file says which rows are the service's own: a published row without it, for
    # a figure the service's extract also gives, is refused where the extract is read.
    conformed.attrs["own_records_given"] = "own_records" in found
    return conformed


FLAGS = {"y": True, "yes": True, "true": True, "1": True, "n": False, "no": False, "false": False,
         "0": False}  # fmt: skip


def _own_records(frame: pd.DataFrame, found: dict, out: pd.DataFrame, path: Path) -> pd.Series:
    """Say which rows are a service's own figures, and check that their counts are whole."""
    if "own_records" in found:
        text = frame[found["own_records"]].astype(str).str.strip().str.lower()
        flags = text.map(FLAGS)
        if flags.isna().any():
            row = flags.isna().idxmax()
            raise InputError(
                f"row {row}, column '{found['own_records']}': "
                f"'{frame.loc[row, found['own_records']]}' is not Y or N; expected Y for a "
                "figure from the service's own records, N for a published one.",
                path,
            )
        own = flags.astype(bool)
    else:
        own = out["status"].eq("computed") & out["area_type"].isin(["yjs", "la"])
    for column in ("numerator", "denominator"):
        if column not in out:
            continue
        counts = pd.to_numeric(out[column], errors="coerce")
        fractional = own & counts.notna() & (counts % 1 != 0)
        if fractional.any():
            row = fractional.idxmax()
            raise InputError(
                f"row {row}, column '{found[column]}': {counts[row]:g} is not a whole number; "
                "expected a count of children or events for a figure from the service's own "
                "records.",
                path,
            )
    return own


def _canonical_areas(rows: pd.DataFrame, path: Path, column: str) -> pd.Series:
    """Return each area under the name the table uses, refusing names no register holds."""
    pairs = rows[["area_type", "area"]].drop_duplicates()
    names = {
        (kind, name): reference.canonical_area(kind, name)
        for kind, name in zip(pairs["area_type"], pairs["area"], strict=True)
    }
    canonical = pd.Series(
        [names[k] for k in zip(rows["area_type"], rows["area"], strict=True)], index=rows.index
    )
    unknown = canonical.isna()
    if unknown.any():
        row = unknown.idxmax()
        kind = rows.loc[row, "area_type"]
        raise InputError(
            f"row {row}, column '{column}': '{rows.loc[row, 'area']}' is not a {EXAMPLES[kind][0]} "
            f"this project knows; expected a name as the register writes it, such as "
            f"'{EXAMPLES[kind][1]}'.",
            path,
        )
    return canonical.astype("string")


#: How messages name one group of a breakdown.
BREAKDOWN_GROUPS = {"ethnicity": "ethnic group", "ethnicity_combined": "ethnic group",
                    "sex": "sex", "age": "age group"}  # fmt: skip
#: Breakdowns whose groups are a fixed list (:data:`yjanalysis.vocabulary.groups.GROUPS`); the
#: others (``age_group`` bands, ``pupil_group``, ``ete_status``) vary between sources.
FIXED_GROUPS = ("ethnicity", "ethnicity_combined", "sex")


#: How messages name each kind of area, with an example of its name.
EXAMPLES = {
    "yjs": ("YJS", "Southampton"),
    "la": ("local authority", "Southampton"),
    "family": ("family", "Southampton family"),
    "region": ("region", "South East"),
    "pcc": ("PCC area", "Hampshire"),
    "country": ("country", "England"),
    "england_wales": ("name for England and Wales", "England and Wales"),
}


def _check_figures(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse figures that contradict themselves.

    An interval upside down or not around its value, or a proportion with more in it than it
    is of, cannot be a published figure.
    """
    proportion = rows["indicator"].map(catalogue()["interval_method"]).eq("wilson")
    problems = (
        (rows["lower"] > rows["upper"], "lower", "expected lower no greater than upper"),
        (
            (rows["value"] < rows["lower"]) | (rows["value"] > rows["upper"]),
            "value",
            "expected the value inside its interval (lower to upper)",
        ),
        (
            proportion & (rows["numerator"] > rows["denominator"]),
            "numerator",
            "expected a numerator no greater than the denominator of a proportion",
        ),
    )
    for bad, column, expected in problems:
        bad = bad.fillna(False)
        if bad.any():
            row = bad.idxmax()
            value = rows.loc[row, column]
            raise InputError(
                f"row {row}, column '{shown[column]}': '{value:g}' is not valid; {expected}.",
                path,
            )


def _check_plausible(rows: pd.DataFrame, path: Path, shown: dict[str, str]) -> None:
    """Refuse a figure no publisher or service could have made.

    A period that has not ended (or not begun), a period of a kind the indicator is not given
    for (an Attainment 8 score by financial year), a value outside the indicator's plausible
    range (a reoffending rate of 250%), a rate per head 8 times the year before's (custody
    0.1 then 1.7 per 1,000): see :mod:`yjanalysis.vocabulary.plausible`. And a service's
    figure for a period before it began or after it ended (Cumberland in 2019-20, Cumbria in
    2024-25), as the Children table's (failed before: both were kept).
    """
    found = plausible.first_problem(rows)
    if found is not None:
        row, column, why = found
        raise InputError(f"row {row}, column '{shown[column]}': {why}.", path)
    fractions = plausible.fractions_of_one(rows)
    if fractions is not None:
        raise InputError(f"column '{shown['value']}': {fractions[1]}.", path)
    # A rate given with its count is checked against it (below); counts of a few events swing
    # widely (1 then 15 serious violence offences), so only rates given alone are compared.
    alone = rows[rows["numerator"].isna()]
    jump = plausible.sudden_change(alone, ["area_type", "area", "breakdown", "group"])
    if jump is not None:
        row, why = jump
        whose = ", ".join(str(rows.loc[row, c]) for c in ("indicator", "area", "period"))
        why = why.replace("' is", f"' ({whose}) is", 1)
        raise InputError(f"row {row}, column '{shown['value']}': {why}.", path)
    # Every measure, with its count or without: a value at the wrong scale against its own
    # series (a count and its rate keyed ten times), then a nation or region against the
    # others (England's rates per 1,000 beside England and Wales per 10,000), then a nation
    # against its whole and parts (a region's row put in England's).
    series = ["area_type", "area", "indicator", "breakdown", "group"]
    for found_at in (
        plausible.out_of_scale(rows, series),
        plausible.jumps_in_an_average(rows, series),
        plausible.out_of_line_with_kin(rows),
        plausible.unlike_its_parts(rows),
        plausible.copies_a_region(rows),
    ):
        if found_at is not None:
            row, why = found_at
            whose = ", ".join(str(rows.loc[row, c]) for c in ("indicator", "area", "period"))
            why = why.replace("' is", f"' ({whose}) is", 1)
            raise InputError(f"row {row}, column '{shown['value']}': {why}.", path)
    for row in rows.index[rows["area_type"].eq("yjs")]:
        reference.refuse_outside_years(
            rows.loc[row, "area"],
            rows.loc[row, "period_start"],
            rows.loc[row, "period_end"],
            rows.loc[row, "period"],
            f"row {row}, column '{shown['area']}'",
            path,
        )


def _decimals(written: pd.Series) -> pd.Series:
    """Return how many decimal places each value is written with (``"249.6"`` has 1).

    Examples
    --------
    >>> _decimals(pd.Series(["250", "1,234.50", "33.3", ""])).tolist()
    [0, 2, 1, 0]
    """
    text = written.astype("string").str.strip().fillna("")
    places = text.str.extract(r"\.(\d+)")[0].str.len()
    return places.fillna(0).astype(int)


def _check_value_from_counts(
    rows: pd.DataFrame, decimals: pd.Series, path: Path, shown: dict[str, str]
) -> None:
    """Refuse a value that its own numerator and denominator contradict.

    A value is numerator / denominator times the indicator's multiplier (the catalogue's
    ``multiplier``: 100,000 for first time entrants per 100,000, 100 for a percentage), as the
    project computes every figure it publishes; written to fewer decimals, it may differ from
    that by half of its last decimal place and no more. A row of ``12`` first time entrants of
    ``4,800`` children with a rate of ``999`` would otherwise be kept beside an interval that
    excludes it.
    """
    multiplier = rows["indicator"].map(catalogue()["multiplier"]).astype(float)
    numerator = rows["numerator"].astype("Float64")
    denominator = rows["denominator"].astype("Float64")
    value = rows["value"].astype("Float64")
    exact = numerator / denominator.where(denominator > 0) * multiplier
    allowed = 0.5 * 10.0 ** -decimals.reindex(rows.index).fillna(0) + 1e-9 * exact.abs().clip(1)
    bad = ((value - exact).abs() > allowed).fillna(False)
    if bad.any():
        row = bad.idxmax()
        places = int(decimals.loc[row])
        raise InputError(
            f"row {row}, column '{shown['value']}': '{value[row]:.{places}f}' is not valid; "
            f"expected {exact[row]:,.{places}f} ({numerator[row]:g} / {denominator[row]:g} "
            f"× {multiplier[row]:,.0f}, the indicator's multiplier, to the value's "
            f"{places} decimal place{'s' * (places != 1)}), as numerator and denominator give it.",
            path,
        )
