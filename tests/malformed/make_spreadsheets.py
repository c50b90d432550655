"""Write the spreadsheet cases of the malformed-input corpus (run from this folder to remake them).

Spreadsheets are binary, so the cases are made by this script rather than by hand; the files
it writes are committed beside it so that the corpus is the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
CHILDREN = ["Financial_Year", "YOT", "Age_Group", "Ethnicity_Group", "Sex", "Number_Children"]


def children_rows(year: str, count: object) -> list[list[object]]:
    return [
        CHILDREN,
        [year, "Southampton", "10 to 14", "White", "Boys", 12],
        [year, "Portsmouth", "10 to 14", "White", "Boys", count],
    ]


def formula_without_value_xlsx() -> None:
    """A count computed by a formula that was never calculated (openpyxl saves no result)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Children"
    for row in children_rows("2019-20", "=F2+1"):
        sheet.append(row)
    book.save(HERE / "formula_without_value.xlsx")


def formula_without_value_ods() -> None:
    """The same in OpenDocument: a cell with a formula and no value type or value."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Children")
    for row in children_rows("2019-20", None):
        cells = TableRow()
        for value in row:
            if value is None:
                cells.addElement(TableCell(formula="of:=[.F2]+1"))
            elif isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                cells.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                cells.addElement(cell)
        table.addElement(cells)
    document.spreadsheet.addElement(table)
    document.save(str(HERE / "formula_without_value.ods"))


def second_sheet_bad_xlsx() -> None:
    """Two visible Children tables; the second, once ignored, has a negative count."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "2018-19"
    for row in children_rows("2018-19", 9):
        first.append(row)
    second = book.create_sheet("2019-20")
    for row in children_rows("2019-20", -3):
        second.append(row)
    book.save(HERE / "workbook_second_sheet_bad.xlsx")


def extract_workbook_bad_xlsx() -> None:
    """A case-level extract as one workbook (as docs/extract.md allows), its offences wrong."""
    book = openpyxl.Workbook()
    children = book.active
    children.title = "children"
    for row in (
        ["child_id", "yjs", "date_of_birth", "sex", "ethnicity_group"],
        ["A", "Southampton", "2007-01-01", "Male", "White"],
    ):
        children.append(row)
    offences = book.create_sheet("offences")
    header = (
        "offence_id child_id offence_date offence_group gravity_score outcome_date outcome_type"
    )
    offences.append(header.split())
    offences.append(["O1", "A", "2023-05-01", "Robbery", 12, "2023-06-01", "Referral order"])
    book.save(HERE / "extract_workbook_bad.xlsx")


if __name__ == "__main__":
    formula_without_value_xlsx()
    formula_without_value_ods()
    second_sheet_bad_xlsx()
    extract_workbook_bad_xlsx()
