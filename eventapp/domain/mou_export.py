"""A table of MoUs as the spreadsheets organisers open: CSV (UTF-8 with a
byte-order mark, so Excel shows Vietnamese correctly) and XLSX.

The CSV is written, and text typed by people made inert, as the participant
list is (``spreadsheets``). The XLSX differs on purpose: its dates and amounts
are real dates and numbers, to sort and sum, where the participant list keeps
every cell text so that it imports back unchanged."""

import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from eventapp.domain.spreadsheets import write_csv, xlsx_text

Cell = str | int | date | datetime | None


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Cell]]


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_csv(sheet: Sheet) -> bytes:
    """Dates as YYYY-MM-DD and amounts as plain digits, which every program reads."""
    return write_csv(sheet.header, ([_csv_text(value) for value in row] for row in sheet.rows))


def to_xlsx(sheet: Sheet) -> bytes:
    """Real dates and numbers (sortable, summable), shown dd/mm/yyyy and 1,234,567."""
    return to_workbook([sheet])


def to_workbook(sheets: list[Sheet]) -> bytes:
    """One worksheet per sheet, each laid out as ``to_xlsx`` lays out one."""
    workbook = Workbook()
    # A new workbook comes with an empty sheet; the sheets below replace it.
    if (blank := workbook.active) is not None:
        workbook.remove(blank)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    worksheet.append(sheet.header)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EFE9")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for values in sheet.rows:
        worksheet.append([xlsx_text(value) if isinstance(value, str) else value for value in values])
    widths = [len(title) for title in sheet.header]
    for row in worksheet.iter_rows(min_row=2):
        for index, cell in enumerate(row):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            elif isinstance(cell.value, datetime):
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
