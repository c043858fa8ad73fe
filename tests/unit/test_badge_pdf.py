"""Badge PDFs: real Vietnamese text, a QR a real decoder reads, names that fit."""

import io
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
import segno
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from eventapp.domain.badge_pdf import (
    BADGE_WIDTH,
    MARGIN,
    Badge,
    BadgeFonts,
    SheetLayout,
    _image_bits,
    _layout_image,
    _qr_layout,
    fit_text,
    qr_modules,
    qr_svg,
    render_badges,
    write_badges,
)
from eventapp.domain.badge_pdf import _qr_image as printed_qr_image
from eventapp.domain.badge_token import BadgeClaim, sign_badge

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONTS = BadgeFonts(regular=FONTS_DIR / "BeVietnamPro-Regular.ttf", bold=FONTS_DIR / "BeVietnamPro-Bold.ttf")
RENDER_DPI = 200
LONG_NAME = "Công Tôn Nữ Thị Hồng Ngọc Phương Thảo Nguyễn Hoàng Bảo Khánh"


def badge(number: int = 1, **changes) -> Badge:
    values = dict(
        full_name="Trần Thị Ngọc Hân",
        position="Giám đốc",
        organisation="Cơ sở Bánh pía Tân Huê Viên",
        province="Sóc Trăng",
        booth="Gian hàng A12",
        role="exhibitor",
        role_label="Doanh nghiệp trưng bày",
        event_name="Hội nghị kết nối cung cầu sản phẩm OCOP tỉnh Sóc Trăng 2020",
        event_dates="20 – 21 thg 11, 2020",
        code=sign_badge("secret", BadgeClaim(7, number, 1)),
    )
    values.update(changes)
    return Badge(**values)


def decoded(pdf: bytes, page: int = 0) -> list:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=RENDER_DPI / 72).to_pil()
    return zxingcpp.read_barcodes(image)


def symbol_width_mm(result) -> float:
    corners = result.position
    return abs(corners.top_right.x - corners.top_left.x) / RENDER_DPI * 25.4


def test_an_a6_badge_holds_the_vietnamese_text_and_a_readable_qr():
    card = badge()
    pdf = render_badges([card], FONTS)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert [round(float(side)) for side in reader.pages[0].mediabox.upper_right] == [round(A6[0]), round(A6[1])]
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    for expected in (
        "Trần Thị Ngọc Hân",
        "Giám đốc",
        "Cơ sở Bánh pía Tân Huê Viên",
        "Sóc Trăng",
        "DOANH NGHIỆP TRƯNG BÀY",
        "Gian hàng A12",
    ):
        assert expected in text
    [found] = decoded(pdf)
    assert found.text == card.code
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    assert found.ec_level == "M"
    assert symbol_width_mm(found) >= 25


def test_four_badges_share_an_a4_sheet_and_every_qr_reads():
    cards = [
        badge(number, full_name=name)
        for number, name in enumerate(["Nguyễn Văn An", LONG_NAME, "Lâm Thị Mỹ Duyên", "Huỳnh Văn Phước", "Đặng Thu Thảo"], 1)
    ]
    pdf = render_badges(cards, FONTS, SheetLayout.A4_4UP)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert [round(float(side)) for side in reader.pages[0].mediabox.upper_right] == [round(A4[0]), round(A4[1])]
    first_sheet = decoded(pdf, 0)
    assert sorted(result.text for result in first_sheet) == sorted(card.code for card in cards[:4])
    assert all(symbol_width_mm(result) >= 25 for result in first_sheet)
    assert [result.text for result in decoded(pdf, 1)] == [cards[4].code]
    assert "Đặng Thu Thảo" in unicodedata.normalize("NFC", reader.pages[1].extract_text())


def test_the_text_stays_extractable_when_typed_decomposed():
    pdf = render_badges([badge(full_name=unicodedata.normalize("NFD", "Nguyễn Thị Ánh"))], FONTS)
    assert "Nguyễn Thị Ánh" in unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


@pytest.fixture(scope="module")
def bold_font() -> str:
    render_badges([badge()], FONTS)  # registers the fonts
    return "EventappBadge-BeVietnamPro-Bold"


def test_a_short_name_takes_one_line_at_full_size(bold_font):
    fitted = fit_text("Nguyễn Văn An", bold_font, width=89 * mm, height=23 * mm, max_size=26)
    assert fitted.lines == ("Nguyễn Văn An",)
    assert fitted.size == 26


def test_a_long_name_wraps_and_shrinks_but_never_overflows(bold_font):
    width, height = BADGE_WIDTH - 2 * MARGIN, 23 * mm
    fitted = fit_text(LONG_NAME, bold_font, width=width, height=height, max_size=26)
    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == LONG_NAME
    assert fitted.size < 26
    assert max(pdfmetrics.stringWidth(line, bold_font, fitted.size) for line in fitted.lines) <= width + 0.01
    ascent, descent = pdfmetrics.getAscentDescent(bold_font, fitted.size)
    assert (ascent - descent) + 1.15 * fitted.size <= height + 0.01


def test_one_endless_word_shrinks_to_the_width(bold_font):
    word = "Nguyễn" * 12
    fitted = fit_text(word, bold_font, width=89 * mm, height=23 * mm, max_size=26)
    assert fitted.lines == (word,)
    assert pdfmetrics.stringWidth(word, bold_font, fitted.size) <= 89 * mm + 0.01


def test_the_qr_uses_error_correction_m_at_version_2():
    assert len(qr_modules(badge().code)) == 25


def test_the_participant_page_qr_is_an_svg_with_its_quiet_zone():
    svg = qr_svg(badge().code, label="Mã thẻ của <Hân>")
    assert svg.startswith("<svg") and 'viewBox="0 0 33 33"' in svg
    assert "&lt;Hân&gt;" in svg


@pytest.mark.parametrize("text", ["", "7", "1-1-1-7MJNPCGM7MB2AEKF", "123-45678-2-ABCDEFGHJKMNPQRS", "Ánh · 中文 " * 3])
def test_the_printed_symbol_is_the_one_segno_encodes(text):
    size, data = printed_qr_image(text)
    row_bits = (size + 7) // 8 * 8
    bits = f"{int(data, 16):0{row_bits * size}b}"
    printed = [[bits[row * row_bits + column] == "1" for column in range(size)] for row in range(size)]
    expected = segno.make_qr(text.encode(), error="m", mode="byte", mask=0, boost_error=False)
    assert printed == [[bool(module) for module in row] for row in expected.matrix]
    assert printed == qr_modules(text)
    # The same symbol from the length's bit patterns, the way a batch draws it.
    assert _layout_image(_qr_layout(len(text.encode())), text.encode()) == _image_bits(expected)


def test_badges_stream_sheet_by_sheet_into_a_file_and_codes_of_any_length_read(tmp_path):
    cards = [badge(number) for number in range(1, 38)] + [badge(code=sign_badge("secret", BadgeClaim(123456, 9876543, 12)))]
    path = tmp_path / "badges.pdf"
    with path.open("wb") as output:
        write_badges(iter(cards), FONTS, output, SheetLayout.A4_4UP, title="Thẻ đại biểu")
    pdf = path.read_bytes()
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) == 10
    assert reader.metadata.title == "Thẻ đại biểu"
    assert sorted(result.text for result in decoded(pdf, 0)) == sorted(card.code for card in cards[:4])
    assert sorted(result.text for result in decoded(pdf, 9)) == sorted(card.code for card in cards[36:])
    assert "Trần Thị Ngọc Hân" in unicodedata.normalize("NFC", reader.pages[9].extract_text())
