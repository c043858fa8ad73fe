"""Agendas as files: the calendar follows RFC 5545, the PDF prints (and
extracts) Vietnamese with every tone mark."""

import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from eventapp.domain import agenda_pdf
from eventapp.domain.icalendar import CalendarEntry, calendar, escape_text, fold
from eventapp.domain.pdf_fonts import FontFiles

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"


def test_text_values_are_escaped():
    assert escape_text("Bàn 3, tầng 2; cửa\\sau\nlối B") == "Bàn 3\\, tầng 2\\; cửa\\\\sau\\nlối B"


def test_long_lines_fold_at_75_octets_without_splitting_a_vietnamese_letter():
    line = "SUMMARY:" + "Gặp Hợp tác xã Nông nghiệp Mỹ Xuyên về gạo ST25 đặc sản Sóc Trăng " * 3
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_the_calendar_gives_utc_times_and_one_uid_per_meeting():
    hanoi = timezone(timedelta(hours=7))
    start = datetime(2020, 11, 20, 8, 30, tzinfo=hanoi)
    entries = [
        CalendarEntry(
            uid=f"meeting-{n}@eventapp.vn",
            starts_at=start + timedelta(minutes=20 * n),
            ends_at=start + timedelta(minutes=20 * n + 20),
            summary="Gặp Saigon Co.op, bàn 1",
            location="Bàn 1",
            description="Dòng 1\nDòng 2",
        )
        for n in range(2)
    ]
    text = calendar(entries, name="Lịch gặp", timezone="Asia/Ho_Chi_Minh", stamp=datetime(2020, 11, 1, tzinfo=UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("BEGIN:VEVENT") == 2
    assert "UID:meeting-0@eventapp.vn" in text and "UID:meeting-1@eventapp.vn" in text
    assert "DTSTART:20201120T013000Z" in text and "DTEND:20201120T015000Z" in text
    assert "SUMMARY:Gặp Saigon Co.op\\, bàn 1" in text
    assert "DESCRIPTION:Dòng 1\\nDòng 2" in text


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        calendar(
            [CalendarEntry("x", datetime(2020, 11, 20, 8, 30), datetime(2020, 11, 20, 8, 50), "x")],
            name="x",
            timezone="UTC",
            stamp=datetime.now(UTC),
        )


def render(sheets, footer: str = "Hội nghị · giờ Việt Nam (GMT+7)") -> PdfReader:
    labels = agenda_pdf.AgendaLabels(
        title="Lịch gặp gỡ giao thương",
        time="Thời gian",
        place="Địa điểm",
        who="Gặp",
        empty="Chưa có cuộc gặp nào.",
        footer=footer,
    )
    fonts = FontFiles.in_folder(FONTS)
    content = agenda_pdf.render_agendas(
        sheets,
        event_name="Hội nghị kết nối cung cầu OCOP Sóc Trăng 2020",
        event_line="20 tháng 11, 2020 · Trung tâm Hội nghị",
        labels=labels,
        fonts=fonts,
    )
    assert content.startswith(b"%PDF")
    return PdfReader(io.BytesIO(content))


def test_a_vietnamese_agenda_extracts_with_its_tone_marks():
    row = agenda_pdf.AgendaRow(
        time="08:30–08:50",
        place="Bàn 3",
        who="Nguyễn Thị Hương <Giám đốc> & cộng sự",
        organisation="Saigon Co.op · TP. Hồ Chí Minh",
        details="Bánh pía sầu riêng (4 sao)",
    )
    sheet = agenda_pdf.AgendaSheet(
        heading="Trần Văn Bán",
        subheading="Cơ sở Tân Huê Viên · Sóc Trăng",
        days=(agenda_pdf.AgendaDay("Thứ Sáu, 20 tháng 11, 2020", (row,)),),
    )
    text = render([sheet]).pages[0].extract_text()
    for expected in (
        "Lịch gặp gỡ giao thương",
        "Trần Văn Bán",
        "Nguyễn Thị Hương <Giám đốc> & cộng sự",
        "Bánh pía sầu riêng",
        "Thứ Sáu, 20 tháng 11, 2020",
        "08:30–08:50",
        "Bàn 3",
    ):
        assert expected in text


def test_each_sheet_starts_a_page_and_an_empty_agenda_says_so():
    empty = agenda_pdf.AgendaSheet(heading="Lê Thị Mua", subheading="", days=())
    reader = render([empty, empty])
    assert len(reader.pages) == 2
    assert "Chưa có cuộc gặp nào." in reader.pages[1].extract_text()


LONG_FOOTER = (
    "Hội nghị kết nối cung cầu sản phẩm OCOP các tỉnh, thành phố vùng Đồng bằng sông Cửu Long "
    "và Thành phố Hồ Chí Minh năm 2020 · giờ ghi theo giờ Việt Nam (GMT+7)"
)


def test_a_long_footer_wraps_clear_of_the_page_number():
    """It once ran off the page, with the page number printed over it."""
    sheet = agenda_pdf.AgendaSheet(heading="Bàn 3", subheading="", days=())
    page = render([sheet], footer=LONG_FOOTER).pages[0]
    lines = agenda_pdf.footer_lines(LONG_FOOTER, "1")
    room = agenda_pdf.A4[0] - 2 * agenda_pdf.SIDE_MARGIN - agenda_pdf.FOOTER_GAP - stringWidth("1", agenda_pdf.FONT, 7.5)
    assert len(lines) == 2 and " ".join(lines) == LONG_FOOTER
    assert all(stringWidth(line, agenda_pdf.FONT, agenda_pdf.FOOTER_SIZE) <= room for line in lines)
    lowest = agenda_pdf.FOOTER_TOP - (len(lines) - 1) * agenda_pdf.FOOTER_LEADING
    assert lowest > 5 * agenda_pdf.mm  # still on the paper's printable area
    assert "(GMT+7)" in " ".join(page.extract_text().split())
