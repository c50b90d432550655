"""The figures of the report as an Excel workbook, for analysts and for a council's own charts.

The first sheet holds the front page's headline figures, one value to a cell; one says what
the workbook is; one sheet per chart of the board paper, named after it ("Chart 3 First time
entrants"), holds the rows the chart draws; a last sheet holds every figure of the report's
indicators for the service and the areas it is compared with. Every row names its source; a
figure hidden to protect children is ``[c]``, as on the pages, with its counts and interval
left blank. Figures are rounded and shown as the paper prints them (a percentage as a per
cent), breakdowns named in words, and each sheet's header row is frozen with a filter on it.
Nothing here is not already on a page of the report.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import page, sections
from yjanalysis.report.context import ReportContext
from yjanalysis.report.paper.contents import unread_rows, without_computed_family
from yjanalysis.report.paper.document import Chart, Document, Heading
from yjanalysis.report.paper.steady import steady_zip
from yjanalysis.vocabulary.catalogue import catalogue
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

__all__ = ["BREAKDOWNS", "COLUMNS", "figures", "headline_figures", "sheet_name", "write_workbook"]

#: The columns of every sheet of figures, as the reader sees them.
COLUMNS = {
    "area": "Area",
    "title": "Measure",
    "period": "Period",
    "breakdown": "Breakdown",
    "group": "Group",
    "value": "Figure",
    "unit": "Unit",
    "lower": "95% interval from",
    "upper": "95% interval to",
    "numerator": "Count",
    "denominator": "Out of",
    "source": "Source",
    "method": "How it was made",
}


#: A breakdown as the paper names it (the table's code in a cell read as a code).
BREAKDOWNS = {
    "total": "Total",
    **{code: words[:1].upper() + words[1:] for code, words in sections.BREAKDOWN_WORDS.items()},
    "sex": "Sex",
    "offence_group": "Offence group",
    "custody_status": "Custody status",
}
#: A group as the paper names it, where the table's code is not already words.
GROUPS = {"all": "All"}
#: The decimals of a figure the catalogue does not know (a relative rate index).
DECIMALS = 2


def _number_format(unit: str, decimals: int) -> str:
    """Excel's format for a figure shown as the paper prints it.

    Examples
    --------
    >>> _number_format("%", 1), _number_format("per 100,000 aged 10–17", 0)
    ('0.0%', '#,##0')
    """
    places = "." + "0" * decimals if decimals else ""
    return f"0{places}%" if unit == "%" else f"#,##0{places}"


def _as_printed(value: object, unit: str, decimals: int) -> object:
    """Return a figure rounded as the paper prints it; a percentage as a share (Excel's %).

    Examples
    --------
    >>> _as_printed(220.70000001, "per 10,000", 1), _as_printed(33.3333, "%", 1)
    (220.7, 0.333)
    """
    if not isinstance(value, int | float) or pd.isna(value):
        return value
    if unit == "%":
        return round(float(value) / 100, decimals + 2)
    return round(float(value), decimals)


def _count(value: object) -> object:
    """Return a count as a whole number where it is one (4036, not 4036.0)."""
    if isinstance(value, float) and not pd.isna(value) and value.is_integer():
        return int(value)
    return value


def figures(rows: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Return rows of the indicator table as the workbook shows them ([c] for a hidden figure).

    ``names`` gives each input file's publication (``ReportContext.publications``). Each
    figure is rounded as the paper prints it (a percentage as a share, shown as a per cent);
    ``attrs["formats"]`` gives each row's number format for its figure and interval.
    """
    if rows is None or rows.empty or "indicator" not in rows:
        return pd.DataFrame(columns=list(COLUMNS.values()))
    specs = catalogue()
    out = rows.copy()
    out["title"] = out["indicator"].map(specs["title"]).fillna(out["indicator"])
    out["unit"] = out["indicator"].map(specs["unit"]).fillna("")
    decimals = out["indicator"].map(specs["decimals"]).fillna(DECIMALS).astype(int)
    out["breakdown"] = out["breakdown"].map(lambda b: BREAKDOWNS.get(b, b))
    out["group"] = out["group"].map(lambda g: GROUPS.get(g, g))
    # Named as the pages name it: its publication, or its file (never its folder); own records.
    out["source"] = _sources(out, names)
    hidden = out["status"].astype(str).eq("suppressed")
    for column in ("value", "lower", "upper", "numerator", "denominator"):
        if column not in out:
            out[column] = pd.NA
        out[column] = out[column].astype(object).where(~hidden, None)
    for column in ("value", "lower", "upper"):
        out[column] = [
            _as_printed(v, u, d) for v, u, d in zip(out[column], out["unit"], decimals, strict=True)
        ]
    for column in ("numerator", "denominator"):
        out[column] = out[column].map(_count)
    out["value"] = out["value"].where(~hidden, "[c]")
    out["format"] = [_number_format(u, d) for u, d in zip(out["unit"], decimals, strict=True)]
    for column in COLUMNS:
        if column not in out:
            out[column] = ""
    out = out.sort_values(["title", "area", "breakdown", "group", "period_end"], kind="stable")
    shown = out[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)
    form = list(out["format"])
    shown.attrs["formats"] = {COLUMNS[c]: form for c in ("value", "lower", "upper")} | {
        COLUMNS[c]: ["#,##0"] * len(form) for c in ("numerator", "denominator")
    }
    return shown


def _sources(rows: pd.DataFrame, names: dict[str, str] | None) -> list[str]:
    """Name each row's source as the pages do, once for each source, method and kind of area.

    A report's thousands of rows have a few dozen sources: each is named once (naming them row
    by row was a fifth of the workbook's time).
    """
    columns = [c for c in ("source", "method", "area_type") if c in rows]
    said: dict[tuple, str] = {}
    out = []
    for key in zip(*(rows[c] for c in columns), strict=True) if columns else [()] * len(rows):
        if key not in said:
            said[key] = page.source_of(dict(zip(columns, key, strict=True)), names)
        out.append(said[key])
    return out


#: The first sheet: the front page's figures.
HEADLINE_SHEET = "Headline figures"

#: How a cell that a spreadsheet would run as a formula begins: ``=``, and ``+``, ``-``, ``@``,
#: a tab or a carriage return, which spreadsheets also read as the start of a formula (OWASP's
#: CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet: Worksheet, values: list) -> None:
    """Append a row, each text cell written as text, never as a formula.

    openpyxl stores a string beginning with ``=`` as a formula: an area's or a group's name
    such as ``=HYPERLINK("https://…","White")`` from an input would be a live link (or a
    command) in the figures a board opens. Such a cell is typed as a string and marked with
    a quote prefix, so that a spreadsheet keeps it as text when it is edited too.
    """
    sheet.append(values)
    for cell in sheet[sheet.max_row] if values else ():
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def _sheet(book: Workbook, name: str, frame: pd.DataFrame, heading: str) -> None:
    """Add a sheet: its heading, a header row frozen with a filter on it, then the rows.

    ``frame.attrs["formats"]`` gives, by column, each row's number format.
    """
    sheet = book.create_sheet(name[:31])
    _append(sheet, [heading])
    sheet["A1"].font = Font(bold=True)
    _append(sheet, [str(c) for c in frame.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        _append(sheet, [None if pd.isna(v) else v for v in row] if len(row) else [])
    formats = frame.attrs.get("formats", {})
    for i, column in enumerate(frame.columns, start=1):
        for cell, shape in zip(sheet.iter_rows(min_row=3, min_col=i, max_col=i),
                               formats.get(column, ()), strict=False):  # fmt: skip
            if isinstance(cell[0].value, int | float):
                cell[0].number_format = shape
        longest = max([len(str(column)), *(len(str(v)) for v in frame.iloc[:200, i - 1])])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    sheet.freeze_panes = "A3"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(frame.columns))}{sheet.max_row}"


#: A section's name where it is too long for a sheet's 31 characters with its chart's number.
SHORT_SECTIONS = {
    "Education, training and employment": "Education and work",
    "Children cautioned or sentenced": "Cautioned or sentenced",
    "Ethnic disproportionality": "Disproportionality",
}


def sheet_name(number: int, title: str) -> str:
    """Name a chart's sheet as the paper numbers it, within Excel's 31 characters.

    Examples
    --------
    >>> sheet_name(3, "First time entrants")
    'Chart 3 First time entrants'
    >>> sheet_name(12, "Education, training and employment")
    'Chart 12 Education and work'
    >>> sheet_name(12, "What the service asks of the Children and Learning Scrutiny Panel")
    'Chart 12 What the service asks'
    """
    name = f"Chart {number}"
    title = SHORT_SECTIONS.get(title, title)
    for word in re.sub(r"[\\/?*:\[\]]", " ", title).split():
        if len(f"{name} {word}") > 31:
            break
        name = f"{name} {word}"
    while name.split()[-1] in ("and", "or", "of", "the") and len(name.split()) > 2:
        name = name.rsplit(" ", 1)[0]
    return name.rstrip(",;")


def _chart_sheets(paper: Document) -> list[tuple[str, str]]:
    """Each chart's sheet name, by the section of the paper it is in, with its number."""
    names: list[tuple[str, str]] = []
    section = paper.title
    for block in paper.blocks:
        if isinstance(block, Heading) and block.level == 2:
            section = block.text
        elif isinstance(block, Chart):
            names.append((block.name, sheet_name(block.number or len(names) + 1, section)))
    return names


def _verdict_words(marker: str) -> str:
    """Return a verdict or change as words, without the table's symbol ("✘ worse": "worse")."""
    return "" if marker in ("–", "") else marker.split(" ", 1)[-1]


#: The headline table's columns that hold no area's figure.
NOT_FIGURES = ("Since the year before", "Lag", "Why", "Judged", "Changes judged")


#: The headline table's columns of the service's family (its figure, and the verdict against it).
FAMILY_COLUMNS = ("Family (", "Against the family")


def headline_figures(ctx: ReportContext) -> pd.DataFrame:
    """Return the front page's headline table with one value to a cell.

    The front page prints "205 (8)" (a figure and its count) and "–"; here the figure, its
    count and each comparator's figure are numbers in their own columns, rounded as the paper
    prints them, and the verdicts are words. ``attrs["formats"]`` gives each number's format.
    """
    frame, _ = sections.overview_rows(ctx)
    # The sheet is the paper's table: a row it leaves out as having nothing to read it against
    # is left out here too (Newport's Capped 9 for the cohort stood here after the paper's
    # table dropped it, an eleventh reading).
    unread = set(unread_rows(ctx, frame))
    roles = page.roles(ctx)
    kinds: tuple[str, ...] = ("family", "region", "nation")
    if "family" not in roles:  # as the paper's table: no family it does not compare with
        frame = frame[[c for c in frame.columns if not c.startswith(FAMILY_COLUMNS)]]
        kinds = kinds[1:]
    areas = [c for c in frame.columns if c not in ("Indicator", "Period", "Unit", ctx.yjs)
             and not c.startswith("Against ") and c not in NOT_FIGURES]  # fmt: skip
    rows, formats = [], []
    for (indicator, breakdown, group), (at, said) in zip(
        sections.headline_figures(ctx), frame.iterrows(), strict=True
    ):
        if said[ctx.yjs] == "no figure" or at in unread:
            continue  # as the paper's headline table, which lists the figures there are
        spec = catalogue_indicator(indicator)
        period = sections.headline_period(ctx, indicator, breakdown, group)
        row: dict[str, object] = {"Measure": said["Indicator"], "Period": said["Period"],
                                  "Unit": spec.unit}  # fmt: skip
        own = None if period is None else benchmark.figure(
            ctx.table, ctx.yjs, indicator, period, breakdown, group
        )  # fmt: skip
        if own is None:
            row[ctx.yjs], row["Count"] = None, None
        elif own["status"] == "suppressed":
            row[ctx.yjs], row["Count"] = disclosure.MARKER, None
        else:
            row[ctx.yjs] = _as_printed(own["value"], spec.unit, spec.decimals)
            row["Count"] = None if pd.isna(own["numerator"]) else _count(own["numerator"])
        found = ctx.compare(indicator, period, breakdown, group) if period else pd.DataFrame()
        by_area = {(r["comparator_type"], r["comparator"]): r for _, r in found.iterrows()}
        for column, role in zip(areas, kinds, strict=False):
            hit = by_area.get(roles[role]) if role in roles else None
            value = None if hit is None else hit["comparator_value"]
            row[column] = _as_printed(value, spec.unit, spec.decimals)
        for column in frame.columns:
            if column.startswith("Against "):
                row[column] = _verdict_words(str(said[column]))
        row["Since the year before"] = _verdict_words(str(said["Since the year before"]))
        rows.append(row)
        formats.append(_number_format(spec.unit, spec.decimals))
    out = pd.DataFrame(rows)
    out.attrs["formats"] = {c: formats for c in (ctx.yjs, *areas)} | {
        "Count": ["#,##0"] * len(rows)
    }
    return out


def write_workbook(ctx: ReportContext, paper: Document, target: Path) -> Path:
    """Write the report's figures to ``target`` (.xlsx); return it.

    Parameters
    ----------
    ctx : ReportContext
        The report (its table under disclosure control).
    paper : Document
        The board paper: a sheet for each of its charts.
    target : Path
        The file to write.

    Notes
    -----
    The workbook holds what the paper compares: a family this tool computed, which the paper
    leaves out (:func:`~yjanalysis.report.paper.contents.without_computed_family`), has no
    column, verdict or row here either. Newport's workbook had "Family (10 services, counts
    pooled)" with figures and verdicts beside a paper that said it is compared with no family.
    """
    ctx = without_computed_family(ctx)
    book = Workbook()
    book.remove(book.active)  # the sheets are made in order, the front page's figures first
    synthetic = "Synthetic demo data: not real figures. " if ctx.synthetic else ""
    _sheet(book, HEADLINE_SHEET, headline_figures(ctx),
           f"{synthetic}{ctx.yjs}'s headline figures against the areas it is compared with "
           "(the front page's table)")  # fmt: skip
    about = book.create_sheet("About")
    lines = [
        paper.title,
        "The figures of the report: the rows behind each chart of the board paper, then every "
        "figure of the report's measures for the service and the areas it is compared with.",
        f"[c]: a figure {disclosure.why_hidden(ctx.threshold)}; its count and interval are left "
        "blank.",
        "Rates are per the unit given (per 1,000, per 10,000 or per 100,000 aged 10 to 17); "
        "shares are shown as per cents (33.3% is held as 0.333). Each figure is rounded as the "
        "paper prints it.",
        "Each chart's sheet is named after the chart's number in the paper and its section.",
    ]
    if ctx.synthetic:
        lines.insert(1, "SYNTHETIC DEMO DATA: every figure is made up. None describes a real "
                        "service or child.")  # fmt: skip
    for line in lines:
        _append(about, [line])
    about["A1"].font = Font(bold=True)
    about.column_dimensions["A"].width = 120
    named = dict(_chart_sheets(paper))
    for chart in paper.charts:
        _sheet(book, named[chart.name], figures(chart.data, ctx.publications), chart.title)
    areas = set(ctx.table.loc[ctx.shown_areas(ctx.table), "area"])
    shown = ctx.table[ctx.table["area"].isin(areas) & ctx.shown_areas(ctx.table)]
    every = f"Every figure of the report: {ctx.yjs} and the areas it is compared with"
    _sheet(book, "All figures", figures(shown, ctx.publications), every)
    target = Path(target)
    buffer = io.BytesIO()
    book.save(buffer)
    target.write_bytes(steady_zip(buffer.getvalue(), ctx.period_end.date()))
    return target
