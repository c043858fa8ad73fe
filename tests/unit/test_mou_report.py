"""The officials' PDF, rendered by the domain alone and read back with pypdf."""

import io
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from eventapp.domain.mou_export import Sheet, to_csv
from eventapp.domain.mou_report import render_summary_pdf
from eventapp.domain.mou_stats import (
    CategoryFigure,
    MouCounts,
    MouLine,
    MouSummary,
    PartyLine,
    format_vnd,
    province_figures,
)
from eventapp.domain.pdf_fonts import FontFiles

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONTS = FontFiles.in_folder(FONTS_DIR)
# Every Vietnamese letter with every tone, in both cases.
VIETNAMESE = "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ"
VIETNAMESE = VIETNAMESE + " " + VIETNAMESE.upper()


def identity(msgid: str, **params: object) -> str:
    return msgid % params if params else msgid


def summary(mous: int = 3, event_name: str = "Hội nghị kết nối cung cầu tỉnh Sóc Trăng 2020") -> MouSummary:
    categories = (
        CategoryFigure("gov-gov", "State agency with state agency", 14, None),
        CategoryFigure("gov-business", "State agency with enterprises and retail chains", 8, None),
        CategoryFigure("business-business", "Enterprise with enterprise", 34, 12_345_678_900),
    )
    lines = tuple(
        MouLine(
            f"MoU {number}",
            categories[number % 3].code,
            date(2020, 11, 20),
            (PartyLine("Sở Công Thương tỉnh Sóc Trăng", "Sóc Trăng"), PartyLine("Saigon Co.op", "TP. Hồ Chí Minh")),
            None,
        )
        for number in range(mous)
    )
    return MouSummary(
        language="en",
        event_name=event_name,
        venue="Trung tâm Hội nghị tỉnh Sóc Trăng",
        place="Soc Trang",
        starts_on=date(2020, 11, 20),
        ends_on=date(2020, 11, 21),
        counts=MouCounts(
            56, 12_345_678_900, categories, province_figures([("ho-chi-minh", 12), ("soc-trang", 56), ("can-tho", 1)], "en")
        ),
        mous=lines,
        generated_at=datetime(2026, 11, 23, 9, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_figure_and_the_page_numbers_are_in_the_text():
    text = " ".join(text_of(render_summary_pdf(summary(mous=0), FONTS, identity)).split())
    for expected in (
        "SUMMARY REPORT ON THE SIGNED MEMORANDA OF UNDERSTANDING",
        "State agency with state agency 14",
        "Enterprise with enterprise 34",
        "Total 56",
        "12,345,678,900 VND",
        "Ho Chi Minh City 12",
        "20/11/2020 – 21/11/2020",
        "Page 1 of 2",
        "PREPARED BY",
        "HEAD OF THE ORGANISING COMMITTEE",
        "Soc Trang, 23/11/2026",
    ):
        assert expected in text, expected


def test_a_category_without_a_recorded_value_reads_no_value_not_zero():
    text = " ".join(text_of(render_summary_pdf(summary(mous=0), FONTS, identity)).split())
    assert "State agency with state agency 14 25,0 —" in text or "State agency with state agency 14 25.0 —" in text
    assert "0 VND" not in text.replace("900 VND", "") and "—: no value recorded." in text


def test_every_vietnamese_letter_renders_and_extracts():
    pdf = render_summary_pdf(summary(event_name=VIETNAMESE), FONTS, identity)
    text = text_of(pdf)
    for word in VIETNAMESE.split():
        assert word in text, word
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {key: font.get_object() for key, font in page["/Resources"]["/Font"].items()}
    ours = {key.lstrip("/") for key, font in fonts.items() if "BeVietnamPro" in font["/BaseFont"]}
    assert all("/FontFile2" in fonts["/" + key]["/FontDescriptor"] for key in ours)  # embedded TrueType
    # Every piece of text is set in the embedded font, none in a base-14 font without Vietnamese.
    for block in re.findall(r"BT(.*?)ET", page.get_contents().get_data().decode("latin-1"), re.S):
        if "Tj" in block or "TJ" in block:
            assert set(re.findall(r"/(\S+) [\d.]+ Tf", block)) <= ours, block[:200]


def test_a_long_list_runs_over_pages_numbered_x_of_y():
    pdf = render_summary_pdf(summary(mous=120), FONTS, identity)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 3
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1].extract_text()


def test_amounts_in_each_language():
    assert format_vnd(1_234_567, "vi") == "1.234.567 đ"
    assert format_vnd(1_234_567, "en") == "1,234,567 VND"
    assert format_vnd(None, "vi") == "—"


def test_provinces_most_mous_first_then_official_order():
    figures = province_figures([("can-tho", 1), ("soc-trang", 56), ("ha-noi", 1)], "vi")
    assert [figure.code for figure in figures] == ["soc-trang", "ha-noi", "can-tho"]
    assert figures[0].name == "Sóc Trăng"


def test_csv_keeps_user_text_from_running_as_a_formula():
    data = to_csv(Sheet("MoUs", ["Title"], [["=1+1"], ["@SUM(A1)"], ["Bánh pía"]])).decode("utf-8-sig")
    assert data.splitlines() == ["Title", "'=1+1", "'@SUM(A1)", "Bánh pía"]


def test_the_list_shows_every_mou_once_in_report_order_with_its_parties():
    pdf = render_summary_pdf(summary(mous=150), FONTS, identity)
    text = text_of(pdf)
    by_category = [number for category in range(3) for number in range(150) if number % 3 == category]
    assert [int(number) for number in re.findall(r"\bMoU (\d+)\b", text)] == by_category
    assert text.count("Saigon Co.op (TP. Hồ Chí Minh)") == 150
    assert "(Sóc Trăng)" not in text  # the name already says the province
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 4
