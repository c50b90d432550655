"""Write the spreadsheet and Parquet cases of the malformed-input corpus (run to remake them).

Spreadsheets and Parquet files are binary, so the cases are made by this script rather than by
hand; the files it writes are committed beside it so that the corpus is the same on every
machine.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
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


def _children_xlsx(change=None) -> bytes:
    """A Children table as one sheet of a workbook, its sheet changed by ``change`` first."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Children"
    for row in children_rows("2019-20", 9):
        sheet.append(row)
    if change is not None:
        change(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def age_group_a_date_xlsx() -> None:
    """An age group typed as 10-14 into Excel, which made it the date 14 October 2019."""

    def typed(sheet) -> None:
        sheet["C3"] = dt.datetime(2019, 10, 14)

    (HERE / "children_age_group_a_date.xlsx").write_bytes(_children_xlsx(typed))


def _rewrite_sheet(data: bytes, change) -> bytes:
    """Return the workbook with its first sheet's XML changed by ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode()).encode()
            target.writestr(info, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def spreadsheet_error_xlsx() -> None:
    """Portsmouth's count is Excel's #N/A (a lookup that failed), saved as an error cell."""
    cell = '<c r="F3" t="e"><f>VLOOKUP(B3,Counts!A:B,2,FALSE)</f><v>#N/A</v></c>'
    data = _rewrite_sheet(
        _children_xlsx(), lambda xml: re.sub(r'<c r="F3"[^>]*>.*?</c>', cell, xml)
    )
    (HERE / "children_spreadsheet_error.xlsx").write_bytes(data)


def damaged_xlsx() -> None:
    """A workbook whose sheet is damaged inside (a download cut and mended by a tool)."""
    data = bytearray(_children_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + info.compress_size - 2):
        data[i] ^= 0x55
    (HERE / "children_damaged.xlsx").write_bytes(bytes(data))


def size_lying_xlsx() -> None:
    """A workbook whose sheet declares that it unpacks to 10 bytes (it unpacks to more)."""
    data = bytearray(_children_xlsx())
    end = data.rfind(b"PK\x05\x06")
    entry = int.from_bytes(data[end + 16 : end + 20], "little")  # the first central entry
    while data[entry : entry + 4] == b"PK\x01\x02":
        name, extra, comment = (
            int.from_bytes(data[entry + at : entry + at + 2], "little") for at in (28, 30, 32)
        )
        if data[entry + 46 : entry + 46 + name] == b"xl/worksheets/sheet1.xml":
            data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
            local = int.from_bytes(data[entry + 42 : entry + 46], "little")
            data[local + 22 : local + 26] = (10).to_bytes(4, "little")
        entry += 46 + name + extra + comment
    (HERE / "children_size_lies.xlsx").write_bytes(bytes(data))


def two_count_columns_parquet() -> None:
    """A Parquet Children table with Number_Children twice: 134, then 999."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = [["2019-20"], ["Southampton"], ["10 to 14"], [134], [999]]
    names = ["Financial_Year", "YOT", "Age_Group", "Number_Children", "Number_Children"]
    table = pa.Table.from_arrays([pa.array(c) for c in columns], names=names)
    pq.write_table(table, HERE / "children_two_count_columns.parquet")


def lait_reoffending_as_fractions_xlsx() -> None:
    """LAIT reoffending rates stored as fractions (0.5417) and formatted as 54.2%."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Short Desc", "Years", "LA and Regions", "LA Number", "Values"])
    rates = {"Southampton": 0.5417, "Portsmouth": 0.3889, "Hampshire": 0.3158}
    for year in (2019, 2020):
        for area, rate in rates.items():
            number = {"Southampton": 852, "Portsmouth": 851, "Hampshire": 850}[area]
            sheet.append(["ReoffYO", year, area, number, rate])
    for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "0.0%"
    book.save(HERE / "lait_reoffending_as_fractions.xlsx")


def stray_cell_far_away_xlsx() -> None:
    """A Children table with one space typed in the last cell of the sheet, XFD1048576."""
    cell = '<c r="XFD1048576" t="inlineStr"><is><t xml:space="preserve"> </t></is></c>'
    row = f'<row r="1048576">{cell}</row>'

    def far(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace("</sheetData>", row + "</sheetData>")

    data = _rewrite_sheet(_children_xlsx(), far)
    (HERE / "children_stray_cell_far_away.xlsx").write_bytes(data)


#: Each case and the function that makes it.
CASES = {
    "formula_without_value.xlsx": "formula_without_value_xlsx",
    "formula_without_value.ods": "formula_without_value_ods",
    "workbook_second_sheet_bad.xlsx": "second_sheet_bad_xlsx",
    "extract_workbook_bad.xlsx": "extract_workbook_bad_xlsx",
    "children_age_group_a_date.xlsx": "age_group_a_date_xlsx",
    "children_spreadsheet_error.xlsx": "spreadsheet_error_xlsx",
    "children_damaged.xlsx": "damaged_xlsx",
    "children_size_lies.xlsx": "size_lying_xlsx",
    "children_two_count_columns.parquet": "two_count_columns_parquet",
    "lait_reoffending_as_fractions.xlsx": "lait_reoffending_as_fractions_xlsx",
    "children_stray_cell_far_away.xlsx": "stray_cell_far_away_xlsx",
}


if __name__ == "__main__":
    import sys

    # Only the cases named (all, if none is): remaking one leaves the others' bytes as they are.
    for name in sys.argv[1:] or CASES:
        globals()[CASES[name]]()
