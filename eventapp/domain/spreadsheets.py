"""Reading and writing the two table formats organisers exchange: CSV and XLSX.

Bytes in, rows of cells out (and back). What a file *is* is decided by its
content, never by its name: a renamed PDF is refused, an ``.xls`` from Excel
97 gets a hint instead of garbage.

Cells are text (``str``), numbers (``NumberCell``: the spreadsheet stored a
number, so a phone number may have lost its leading zero) or ``BadCell`` (a
date, an error value, a formula nobody computed): the reader never guesses
what those meant, the caller reports them.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from eventapp.domain.errors import Text, ValidationError

CSV = "csv"
XLSX = "xlsx"

AUTO = "auto"
WINDOWS_VIETNAMESE = "cp1258"
ENCODINGS = (AUTO, WINDOWS_VIETNAMESE)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, old .doc
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# An XLSX is a zip; a small one that inflates to this much is a zip bomb.
# A 5,000-row participant list is about 5 MB unpacked.
XLSX_MAX_UNCOMPRESSED = 20 * 1024 * 1024
# openpyxl parses a whole row before it yields any of it, at some 8 µs a cell:
# a file of a million tiny cells under the size cap would hold a worker for
# half a minute. Cells (and rows) are counted first, by a cheap streaming
# parse that stops at this many: 5,000 rows of 30 columns, beyond any import.
XLSX_MAX_CELLS = 150_000
_XLSX_READ_CHUNK = 64 * 1024
# Text cells that Excel would run as formulas when it opens a CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class NumberCell:
    value: int | float

    def as_text(self) -> str:
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)


@dataclass(frozen=True)
class BadCell:
    message: Text


Cell = str | NumberCell | BadCell


@dataclass(frozen=True)
class SheetRow:
    number: int  # as a spreadsheet program shows it: the first line is row 1
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Sheet:
    """The non-blank rows of a file, in order; ``truncated`` when reading
    stopped at the caller's limit."""

    file_format: str
    encoding: str | None
    rows: tuple[SheetRow, ...]
    truncated: bool


def is_blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _refuse(message: Text) -> ValidationError:
    return ValidationError(message, {"file": message})


def read_sheet(content: bytes, *, encoding: str = AUTO, max_rows: int) -> Sheet:
    """The rows of a CSV or XLSX file (the first worksheet), at most
    ``max_rows`` non-blank ones. Raises ``ValidationError`` saying what is
    wrong with the file as a whole."""
    if encoding not in ENCODINGS:
        raise _refuse(Text("Unknown text encoding %(encoding)s.", {"encoding": encoding}))
    if not content.strip().removeprefix(_UTF8_BOM).strip():
        raise _refuse(Text("The file is empty."))
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content, max_rows)
    if content.startswith(_OLE2_MAGIC):
        raise _refuse(
            Text(
                "This is an old Excel 97-2003 file (.xls). In Excel choose Save As, "
                'then "Excel Workbook (.xlsx)" or "CSV UTF-8", and import that file.'
            )
        )
    return _read_csv(_decode(content, encoding), encoding, max_rows)


def _decode(content: bytes, encoding: str) -> str:
    if content.startswith(_UTF16_BOMS):
        text = _strict_decode(content, "utf-16")
    elif encoding == WINDOWS_VIETNAMESE:
        text = _strict_decode(content.removeprefix(_UTF8_BOM), WINDOWS_VIETNAMESE)
    elif b"\x00" in content[:8192]:
        raise _not_a_table()
    else:
        text = _strict_decode(content, "utf-8-sig")
        if text is None:
            raise _refuse(
                Text(
                    'The file is not in UTF-8. In Excel choose Save As, then "CSV UTF-8 (Comma delimited)"; '
                    "or, for a CSV saved on Vietnamese Windows, choose the Windows-1258 encoding below."
                )
            )
    if text is None or _looks_binary(text):
        raise _not_a_table()
    # Windows-1258 writes tone marks as separate combining characters, and some
    # Mac programs decompose too: compose them so "Sóc Trăng" is one spelling.
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))


def _strict_decode(content: bytes, codec: str) -> str | None:
    try:
        return content.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\x0b\x0c" for ch in sample)


def _not_a_table() -> ValidationError:
    return _refuse(
        Text('This file is not a CSV or XLSX table. Export the list from Excel as "Excel Workbook (.xlsx)" or "CSV UTF-8".')
    )


def _pick_delimiter(text: str) -> str:
    """The separator of the header: Excel writes ``;`` where the decimal mark
    is a comma (Vietnamese regional settings), ``,`` elsewhere, and a tab for
    "Unicode text". Title lines may come first, so the first lines are looked
    at, not only the first."""
    first_lines = text.split("\n", 12)[:12]
    counts = {delimiter: max(line.count(delimiter) for line in first_lines) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(text: str, encoding: str, max_rows: int) -> Sheet:
    rows: list[SheetRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_pick_delimiter(text))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if all(is_blank(cell) for cell in cells):
                continue
            if len(rows) == max_rows:
                return Sheet(CSV, encoding, tuple(rows), truncated=True)
            rows.append(SheetRow(number, tuple(cells)))
    except csv.Error:
        raise _refuse(Text("The CSV file could not be read after row %(row)s; it may be damaged.", {"row": number})) from None
    if not rows:
        raise _refuse(Text("The file is empty."))
    return Sheet(CSV, "utf-8" if encoding == AUTO else encoding, tuple(rows), truncated=False)


def _read_xlsx(content: bytes, max_rows: int) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            opendocument = "mimetype" in names and b"opendocument" in _start_of(archive, "mimetype")
            inflated, cells = (0, 0) if opendocument else _measure_xlsx(archive)
    # What zipfile and the XML parser raise on a damaged or crafted archive: a
    # compression method they do not know (NotImplementedError), an encrypted
    # member (RuntimeError), a cut stream (EOFError), broken XML (ParseError).
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, ParseError, NotImplementedError, RuntimeError):
        raise _not_a_table() from None
    if opendocument:
        raise _refuse(
            Text(
                'This is an OpenDocument spreadsheet (.ods). Save it as "Excel Workbook (.xlsx)" '
                'or "CSV UTF-8" and import that file.'
            )
        )
    if "xl/workbook.xml" not in names:
        raise _not_a_table()
    if inflated > XLSX_MAX_UNCOMPRESSED:
        raise _refuse(Text("The file is too large."))
    if cells > XLSX_MAX_CELLS:
        raise _refuse(
            Text(
                "The file holds more cells than an import reads (%(limit)s). Keep only the list of participants "
                "in the first sheet, without empty formatted rows or columns.",
                {"limit": f"{XLSX_MAX_CELLS:,}".replace(",", ".")},
            )
        )
    try:
        # Two views of one workbook: the cached results of formulas, and the
        # formulas themselves, to tell an empty cell from a formula with no result.
        values = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        if not values.worksheets:
            raise _refuse(Text("The file is empty."))
        rows: list[SheetRow] = []
        truncated = False
        pairs = zip(values.worksheets[0].iter_rows(), formulas.worksheets[0].iter_rows(), strict=False)
        for number, (value_row, formula_row) in enumerate(pairs, start=1):
            row_cells = tuple(_xlsx_cell(value, formula) for value, formula in zip(value_row, formula_row, strict=False))
            if all(is_blank(cell) for cell in row_cells):
                continue
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append(SheetRow(number, row_cells))
        values.close()
        formulas.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise _refuse(Text("The XLSX file could not be read; it may be damaged. Open it in Excel and save it again.")) from None
    if not rows:
        raise _refuse(Text("The file is empty."))
    return Sheet(XLSX, None, tuple(rows), truncated=truncated)


def _start_of(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        return part.read(100)


def _measure_xlsx(archive: zipfile.ZipFile) -> tuple[int, int]:
    """The bytes the archive inflates to and the cells and rows its worksheets
    hold, each counted only up to just past its cap: parts are inflated and
    parsed chunk by chunk, and reading stops as soon as a cap is passed."""
    inflated = cells = 0
    for info in archive.infolist():
        worksheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        parser: XMLPullParser[Element] | None = XMLPullParser(events=("end",)) if worksheet else None
        with archive.open(info) as part:
            while chunk := part.read(_XLSX_READ_CHUNK):
                inflated += len(chunk)
                if inflated > XLSX_MAX_UNCOMPRESSED:
                    return inflated, cells
                if parser is None:
                    continue
                parser.feed(chunk)
                for event in parser.read_events():
                    # ("end", element): the only kind of event this parser was asked for.
                    element = event[-1]
                    if isinstance(element, Element) and element.tag.endswith(("}c", "}row")):
                        cells += 1
                        element.clear()
                if cells > XLSX_MAX_CELLS:
                    return inflated, cells
    return inflated, cells


def _xlsx_cell(value_cell, formula_cell) -> Cell:
    value = value_cell.value
    if getattr(formula_cell, "data_type", None) == "f" and value is None:
        return BadCell(
            Text("This cell holds a formula with no computed value; open the file in Excel, save it, and import it again.")
        )
    if getattr(value_cell, "data_type", None) == "e":
        return BadCell(Text("This cell holds a spreadsheet error (%(error)s).", {"error": str(value)}))
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (datetime, date, time, timedelta)):
        return BadCell(Text("Excel turned this cell into a date or time; format the column as Text and type the value again."))
    if isinstance(value, (int, float)):
        return NumberCell(value)
    return unicodedata.normalize("NFC", str(value))


# Writing --------------------------------------------------------------------


def guard_formula(text: str) -> str:
    """A cell Excel would run as a formula, made inert with a leading
    apostrophe (participants type their own names on the public form)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    """What ``guard_formula`` wrote, read back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads Vietnamese correctly),
    comma-separated, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([guard_formula(value) for value in row])
    return _UTF8_BOM + buffer.getvalue().encode("utf-8")


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[str]], *, title: str, widths: Sequence[int] = ()) -> bytes:
    """One worksheet, bold frozen header row, every cell text (a phone number
    keeps its leading zero; a name starting with "=" stays a name)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, header, bold) for header in headers])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_text(value: str) -> str:
    """Text an XLSX file can hold: the control characters it refuses (kept
    out of new data, but maybe in old rows) shown as replacement marks, so an
    export never fails on one bad name."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)


def _text_cell(sheet, value: str, font: Font | None = None) -> XlsxCell:
    cell = WriteOnlyCell(sheet, value=xlsx_text(value))
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if font is not None:
        cell.font = font
    return cell


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Sheet1"
