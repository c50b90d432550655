"""The figures of the report as an Excel workbook, for analysts and for a council's own charts.

One sheet says what the workbook is; one sheet per chart of the board paper holds the rows the
chart draws; a last sheet holds every figure of the report's indicators for the service and
the areas it is compared with. Every row names its source; a figure hidden to protect children
is ``[c]``, as on the pages, with its counts and interval left blank. Nothing here is not
already on a page of the report.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yjanalysis.methods import disclosure
from yjanalysis.report import page
from yjanalysis.report.context import ReportContext
from yjanalysis.report.paper.document import Document
from yjanalysis.report.paper.steady import steady_zip
from yjanalysis.vocabulary.catalogue import catalogue

__all__ = ["COLUMNS", "figures", "write_workbook"]

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


def figures(rows: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Return rows of the indicator table as the workbook shows them ([c] for a hidden figure).

    ``names`` gives each input file's publication (``ReportContext.publications``).
    """
    if rows is None or rows.empty or "indicator" not in rows:
        return pd.DataFrame(columns=list(COLUMNS.values()))
    specs = catalogue()
    out = rows.copy()
    out["title"] = out["indicator"].map(specs["title"]).fillna(out["indicator"])
    out["unit"] = out["indicator"].map(specs["unit"]).fillna("")
    # Named as the pages name it: its publication, or its file (never its folder); own records.
    out["source"] = _sources(out, names)
    hidden = out["status"].astype(str).eq("suppressed")
    for column in ("value", "lower", "upper", "numerator", "denominator"):
        if column not in out:
            out[column] = pd.NA
        out[column] = out[column].astype(object).where(~hidden, None)
    out["value"] = out["value"].where(~hidden, "[c]")
    for column in COLUMNS:
        if column not in out:
            out[column] = ""
    out = out.sort_values(["title", "area", "breakdown", "group", "period_end"], kind="stable")
    return out[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)


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
    sheet = book.create_sheet(name[:31])
    _append(sheet, [heading])
    sheet["A1"].font = Font(bold=True)
    _append(sheet, [str(c) for c in frame.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        _append(sheet, [None if pd.isna(v) else v for v in row] if len(row) else [])
    for i, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame.iloc[:200, i - 1])])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    sheet.freeze_panes = "A3"


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
    """
    book = Workbook()
    about = book.active
    about.title = "About"
    lines = [
        paper.title,
        "The figures of the report: the rows behind each chart of the board paper, then every "
        "figure of the report's measures for the service and the areas it is compared with.",
        f"[c]: a figure {disclosure.why_hidden(ctx.threshold)}; its count and interval are left "
        "blank.",
        "Rates are per the unit given (per 1,000, per 10,000 or per 100,000 aged 10 to 17); "
        "shares are per cent.",
    ]
    if ctx.synthetic:
        lines.insert(1, "SYNTHETIC DEMO DATA: every figure is made up. None describes a real "
                        "service or child.")  # fmt: skip
    for line in lines:
        _append(about, [line])
    about["A1"].font = Font(bold=True)
    about.column_dimensions["A"].width = 120
    for chart in paper.charts:
        _sheet(book, chart.name, figures(chart.data, ctx.publications), chart.title)
    areas = set(ctx.table.loc[ctx.shown_areas(ctx.table), "area"])
    shown = ctx.table[ctx.table["area"].isin(areas) & ctx.shown_areas(ctx.table)]
    every = f"Every figure of the report: {ctx.yjs} and the areas it is compared with"
    _sheet(book, "All figures", figures(shown, ctx.publications), every)
    target = Path(target)
    buffer = io.BytesIO()
    book.save(buffer)
    target.write_bytes(steady_zip(buffer.getvalue(), ctx.period_end.date()))
    return target
