"""A table of MoUs as the spreadsheets organisers open: CSV (UTF-8 with a
byte-order mark, so Excel shows Vietnamese correctly) and XLSX."""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

Cell = str | int | date | datetime | None

# A cell a spreadsheet would run as a formula: text typed by a user must stay text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Cell]]


def _inert(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(sheet: Sheet) -> bytes:
    """Dates as YYYY-MM-DD and amounts as plain digits, which every program reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.header)
    for row in sheet.rows:
        writer.writerow(["" if value is None else
                         value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else
                         value.isoformat() if isinstance(value, date) else _inert(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(sheet: Sheet) -> bytes:
    """Real dates and numbers (sortable, summable), shown dd/mm/yyyy and 1,234,567."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet.title[:31]
    worksheet.append(sheet.header)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EFE9")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in sheet.rows:
        worksheet.append([_inert(value) for value in row])
    widths = [len(title) for title in sheet.header]
    for row in worksheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
            widths[index] = max(widths[index], min(60, len(str(cell.value or ""))))
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width + 2
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = worksheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
