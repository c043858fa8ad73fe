"""Reading CSV and XLSX files by their content, and writing them back."""

import io
import unicodedata
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from eventapp.domain import spreadsheets
from eventapp.domain.errors import ValidationError
from eventapp.domain.spreadsheets import BadCell, NumberCell, read_sheet

HEADER = "Họ và tên,Thư điện tử"
ROW = "Trần Thị Ngọc Hân,han@banhpia.vn"


def xlsx(rows, *, sheets=1) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    for number in range(1, sheets):
        workbook.create_sheet(f"Khác {number}").append(["không đọc"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def zip_archive(name: str, content: str) -> bytes:
    """A ZIP file holding one member, as other office formats start."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(name, content)
    return output.getvalue()


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Text as Vietnamese Windows writes it: vowels with their shape marks
    (â, ơ, ư) precomposed, the tone as a separate combining mark."""
    output = []
    for character in text:
        parts = unicodedata.normalize("NFD", character)
        tones = "".join(mark for mark in parts if mark in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in TONE_MARKS))
        output.append(base + tones)
    return "".join(output).encode("cp1258")


def cells(sheet):
    return [row.cells for row in sheet.rows]


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8 with BOM"])
def test_utf8_csv_with_or_without_bom(prefix):
    sheet = read_sheet(prefix + f"{HEADER}\r\n{ROW}\r\n".encode(), max_rows=10)
    assert sheet.file_format == "csv"
    assert cells(sheet) == [("Họ và tên", "Thư điện tử"), ("Trần Thị Ngọc Hân", "han@banhpia.vn")]
    assert [row.number for row in sheet.rows] == [1, 2]


def test_windows_1258_csv_is_read_when_chosen_and_composed():
    content = windows_1258(f"{HEADER}\n{ROW}\n")
    sheet = read_sheet(content, encoding="cp1258", max_rows=10)
    assert sheet.rows[1].cells[0] == "Trần Thị Ngọc Hân"  # one character per letter, as typed on the web
    assert sheet.encoding == "cp1258"


def test_non_utf8_csv_is_refused_with_a_hint_unless_windows_1258_is_chosen():
    with pytest.raises(ValidationError) as error:
        read_sheet(windows_1258(f"{HEADER}\n{ROW}\n"), max_rows=10)
    assert "Windows-1258" in str(error.value.message)


def test_utf16_from_excel_unicode_text_is_read():
    content = f"{HEADER.replace(',', chr(9))}\r\n{ROW.replace(',', chr(9))}\r\n".encode("utf-16")
    assert cells(read_sheet(content, max_rows=10))[1] == ("Trần Thị Ngọc Hân", "han@banhpia.vn")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_the_one_of_the_header_even_below_a_title(delimiter):
    content = f"DANH SÁCH ĐẠI BIỂU\n{HEADER.replace(',', delimiter)}\n{ROW.replace(',', delimiter)}\n"
    sheet = read_sheet(content.encode(), max_rows=10)
    assert cells(sheet)[2] == ("Trần Thị Ngọc Hân", "han@banhpia.vn")


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_file():
    sheet = read_sheet(f"{HEADER}\n\n,\n{ROW}\n".encode(), max_rows=10)
    assert [row.number for row in sheet.rows] == [1, 4]


@pytest.mark.parametrize("content", [b"", b"   \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n,,\r\n"])
def test_empty_file(content):
    with pytest.raises(ValidationError) as error:
        read_sheet(content, max_rows=10)
    assert str(error.value.message) == "The file is empty."


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<<>>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04 not really a zip",
    ],
    ids=["pdf", "png", "broken zip"],
)
def test_files_that_are_not_tables_are_refused_whatever_their_name(content):
    with pytest.raises(ValidationError) as error:
        read_sheet(content, max_rows=10)
    assert "not a CSV or XLSX" in str(error.value.message)


def test_a_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(ValidationError, match="not a CSV or XLSX"):
        read_sheet(zip_archive("word/document.xml", "<w:document/>"), max_rows=10)


def test_old_xls_and_opendocument_get_a_hint():
    with pytest.raises(ValidationError, match="Excel 97-2003"):
        read_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, max_rows=10)
    with pytest.raises(ValidationError, match="OpenDocument"):
        read_sheet(zip_archive("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), max_rows=10)


def test_reading_stops_at_the_limit():
    content = (HEADER + "\n" + "\n".join(f"Người {n},n{n}@example.vn" for n in range(50))).encode()
    sheet = read_sheet(content, max_rows=10)
    assert sheet.truncated and len(sheet.rows) == 10
    assert not read_sheet(content, max_rows=51).truncated


def test_xlsx_first_sheet_numbers_dates_and_formulas():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Điện thoại", "Gian hàng", "Ghi chú"])
    sheet.append(["Nguyễn Văn An", 912345678, date(2020, 1, 12), "=1+1"])
    sheet.append(["Lê Thị Hoa", 912345678.0, "A12", "#N/A"])
    sheet["D3"].data_type = "e"
    workbook.create_sheet("Khác").append(["không đọc"])
    output = io.BytesIO()
    workbook.save(output)
    rows = read_sheet(output.getvalue(), max_rows=10).rows
    assert rows[1].cells[0] == "Nguyễn Văn An"
    assert rows[1].cells[1] == NumberCell(912345678)
    assert isinstance(rows[1].cells[2], BadCell) and "date" in str(rows[1].cells[2].message)
    # Written by a program, never opened in Excel: the formula has no value.
    assert isinstance(rows[1].cells[3], BadCell) and "formula" in str(rows[1].cells[3].message)
    assert NumberCell(912345678.0).as_text() == "912345678"
    assert isinstance(rows[2].cells[3], BadCell) and "#N/A" in str(rows[2].cells[3].message)
    assert len(rows) == 3


def test_xlsx_formula_with_a_computed_value_counts_with_its_value():
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Họ và tên"], ['=CONCATENATE("Nguyễn"," Văn An")']])))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # What Excel does on saving: the result is cached beside the formula.
                data = data.replace(b'<c r="A2">', b'<c r="A2" t="str">').replace(b"<v />", "<v>Nguyễn Văn An</v>".encode())
            target.writestr(item, data)
    assert read_sheet(output.getvalue(), max_rows=10).rows[1].cells == ("Nguyễn Văn An",)


def test_csv_export_is_excel_friendly_and_formula_safe():
    content = spreadsheets.write_csv(["Họ và tên", "Ghi chú"], [['=HYPERLINK("x")', "Bánh pía, lạp xưởng"]])
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text == 'Họ và tên,Ghi chú\r\n"\'=HYPERLINK(""x"")","Bánh pía, lạp xưởng"\r\n'
    assert spreadsheets.unguard_formula('\'=HYPERLINK("x")') == '=HYPERLINK("x")'
    assert spreadsheets.unguard_formula("'Quote") == "'Quote"


def test_xlsx_export_keeps_every_value_as_text():
    content = spreadsheets.write_xlsx(
        ["Điện thoại", "Họ và tên"], [["0912345678", "=1+1"]], title="Người tham dự: [Sóc Trăng]", widths=(14, 20)
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet.title == "Người tham dự   Sóc Trăng"
    assert sheet["A2"].value == "0912345678" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_an_xlsx_that_inflates_beyond_reason_is_refused(monkeypatch):
    content = xlsx([["Họ và tên"], ["Nguyễn Văn An"]])
    monkeypatch.setattr(spreadsheets, "XLSX_MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ValidationError, match="too large"):
        read_sheet(content, max_rows=10)


def test_only_the_first_worksheet_is_read():
    rows = read_sheet(xlsx([["Họ và tên"], ["Nguyễn Văn An"]], sheets=2), max_rows=10).rows
    assert [row.cells for row in rows] == [("Họ và tên",), ("Nguyễn Văn An",)]


def sheet_of_tiny_cells(rows: int, columns: int) -> bytes:
    """A minimal XLSX whose one sheet holds ``rows`` × ``columns`` cells,
    written by hand: what a crafted file looks like, small once zipped."""
    workbook = io.BytesIO()
    xml_cells = "".join("<c><v>1</v></c>" for _ in range(columns))
    with zipfile.ZipFile(io.BytesIO(xlsx([["x"]]))) as template, zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as crafted:
        for info in template.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                body = "".join(f'<row r="{number}">{xml_cells}</row>' for number in range(1, rows + 1))
                crafted.writestr(
                    info.filename,
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f"<sheetData>{body}</sheetData></worksheet>",
                )
            else:
                crafted.writestr(info, template.read(info))
    return workbook.getvalue()


@pytest.mark.parametrize("rows, columns", [(1, 400_000), (200_000, 0), (6_000, 30)])
def test_a_file_of_countless_cells_is_refused_before_it_is_parsed(rows, columns):
    content = sheet_of_tiny_cells(rows, columns)
    assert len(content) < 1_000_000
    with pytest.raises(ValidationError, match="more cells than an import reads"):
        read_sheet(content, max_rows=5000)


def test_a_list_of_five_thousand_rows_is_read_in_full():
    rows = read_sheet(sheet_of_tiny_cells(5000, 13), max_rows=6000).rows
    assert len(rows) == 5000 and len(rows[0].cells) == 13
