"""What every report officials hand over shares, laid out like a Vietnamese
administrative document: the national motto beside the issuing body, place
and date, a centred title, ruled tables, "Trang x/y" on every page.

The MoU summary and the event report are built from these pieces, so both
look like one office wrote them. The font is a TrueType file passed in and
embedded (subset): every Vietnamese letter renders and the text can be
searched and copied. Labels are ``Text`` message ids rendered with the
``translate`` function the caller passes for the report's language.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from eventapp.domain.errors import Text
from eventapp.domain.mou_stats import format_day
from eventapp.domain.pdf_fonts import FontFiles, register_family, register_fonts
from eventapp.domain.text import fold

Translate = Callable[..., str]

REGULAR = "MouReport-Regular"
BOLD = "MouReport-Bold"
ITALIC = "MouReport-Italic"

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#555555")
HEADER_FILL = colors.HexColor("#e8efe9")
TOTAL_FILL = colors.HexColor("#f3f3f3")
BAR = colors.HexColor("#0b6b3a")
BAR_PREVIOUS = colors.HexColor("#9bbfa9")

# Margins of Decree 30/2020/NĐ-CP for administrative documents: wide binding
# margin on the left.
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 18 * mm, 18 * mm, 20 * mm
WIDTH = A4[0] - LEFT - RIGHT


def register(fonts: FontFiles) -> None:
    register_fonts({REGULAR: fonts.regular, BOLD: fonts.bold, ITALIC: fonts.italic})
    register_family(REGULAR, BOLD, ITALIC)


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=14, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=9, leading=11.5, alignment=TA_RIGHT),
        "cell_center": ParagraphStyle("cell_center", parent=base, fontSize=9, leading=11.5, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=9, leading=11.5, alignment=TA_CENTER),
        "total": ParagraphStyle("total", parent=base, fontName=BOLD, fontSize=9, leading=11.5),
        "total_right": ParagraphStyle("total_right", parent=base, fontName=BOLD, fontSize=9, leading=11.5, alignment=TA_RIGHT),
        "agency": ParagraphStyle("agency", parent=base, fontName=BOLD, fontSize=10.5, leading=13, alignment=TA_CENTER),
        "motto_1": ParagraphStyle("motto_1", parent=base, fontName=BOLD, fontSize=10, leading=13, alignment=TA_CENTER),
        "motto_2": ParagraphStyle("motto_2", parent=base, fontName=BOLD, fontSize=10.5, leading=13, alignment=TA_CENTER),
        "place_date": ParagraphStyle("place_date", parent=base, fontName=ITALIC, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=19, alignment=TA_CENTER, spaceBefore=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=BOLD, fontSize=11.5, leading=15, alignment=TA_CENTER),
        "section": ParagraphStyle("section", parent=base, fontName=BOLD, fontSize=11, leading=15, spaceBefore=10, spaceAfter=5),
        "subsection": ParagraphStyle(
            "subsection", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=7, spaceAfter=4
        ),
        "note": ParagraphStyle("note", parent=base, fontName=ITALIC, fontSize=9, leading=12, spaceBefore=3),
        "info": ParagraphStyle("info", parent=base, alignment=TA_LEFT, spaceAfter=1),
        "headline": ParagraphStyle("headline", parent=base, fontSize=11, leading=16, spaceAfter=5, leftIndent=5 * mm),
        "signature_date": ParagraphStyle("signature_date", parent=base, fontName=ITALIC, alignment=TA_CENTER, leading=15),
        "signature_title": ParagraphStyle("signature_title", parent=base, fontName=BOLD, alignment=TA_CENTER, leading=15),
        "signature_hint": ParagraphStyle("signature_hint", parent=base, fontName=ITALIC, fontSize=9, alignment=TA_CENTER),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def render(translate: Translate, text: Text) -> str:
    return text.render(translate)


def grid(
    data: list[list[object]],
    widths: list[float],
    *,
    total_row: bool = False,
    long: bool = False,
    heights: list[float] | None = None,
) -> Table:
    table_class = LongTable if long else Table
    table = table_class(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="CENTER")
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    if total_row:
        style.add("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL)
    table.setStyle(style)
    return table


def venue_line(venue: str, place: str) -> str:
    """Where the event took place, the province only when the venue does not
    already name it ("Trung tâm Hội nghị tỉnh Sóc Trăng")."""
    if place and fold(place) in fold(venue):
        return venue
    return ", ".join(part for part in (venue, place) if part) or "—"


def masthead(
    title: Text,
    subtitle: str,
    place: str,
    generated_at: datetime,
    translate: Translate,
    sheet: dict[str, ParagraphStyle],
) -> list:
    """The issuing body and the national motto side by side, place and date,
    then the report's title and what it is about."""
    left = [
        paragraph(render(translate, Text("ORGANISING COMMITTEE")), sheet["agency"]),
        HRFlowable(width="35%", thickness=0.7, color=INK, spaceBefore=1, hAlign="CENTER"),
    ]
    right = [
        paragraph(render(translate, Text("SOCIALIST REPUBLIC OF VIETNAM")), sheet["motto_1"]),
        paragraph(render(translate, Text("Independence – Freedom – Happiness")), sheet["motto_2"]),
        HRFlowable(width="62%", thickness=0.7, color=INK, spaceBefore=1, hAlign="CENTER"),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.40, WIDTH * 0.60])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    day = {"day": f"{generated_at.day:02d}", "month": f"{generated_at.month:02d}", "year": generated_at.year}
    if place:
        dated = render(translate, Text("%(place)s, %(day)s/%(month)s/%(year)s", {"place": place, **day}))
    else:
        dated = render(translate, Text("%(day)s/%(month)s/%(year)s", day))
    return [
        table,
        Spacer(1, 4 * mm),
        paragraph(dated, sheet["place_date"]),
        Spacer(1, 5 * mm),
        paragraph(render(translate, title), sheet["title"]),
        paragraph(subtitle, sheet["subtitle"]),
        HRFlowable(width="25%", thickness=0.7, color=INK, spaceBefore=3, spaceAfter=8, hAlign="CENTER"),
    ]


def numbered_canvas(generated_at: datetime, translate: Translate) -> type[Canvas]:
    """A canvas that holds each page until the end, so every footer can say
    "Trang x/y" with the real page count."""
    footer_left = render(
        translate,
        Text(
            "Generated at %(time)s on %(date)s by eventapp",
            {"time": f"{generated_at:%H:%M}", "date": format_day(generated_at.date())},
        ),
    )

    class NumberedCanvas(Canvas):
        # Whatever the document template passes (file, page size, options) goes to reportlab unchanged.
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            # reportlab's own page reset (the usual "page x of y" recipe); types-reportlab does not declare it.
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(count)
                super().showPage()
            super().save()

        def _footer(self, count: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(LEFT, BOTTOM - 4 * mm, A4[0] - RIGHT, BOTTOM - 4 * mm)
            self.setFont(REGULAR, 8)
            self.setFillColor(RULE)
            self.drawString(LEFT, BOTTOM - 8 * mm, footer_left)
            self.drawRightString(
                A4[0] - RIGHT,
                BOTTOM - 8 * mm,
                render(translate, Text("Page %(page)s of %(pages)s", {"page": self.getPageNumber(), "pages": count})),
            )
            self.restoreState()

    return NumberedCanvas


def signature_block(place: str, generated_at: datetime, translate: Translate, sheet: dict[str, ParagraphStyle]) -> list:
    """How a Vietnamese administrative report ends: place and date over the
    head of the organising committee on the right, the person who drew it up
    on the left, each with room to sign and write their name."""
    words = {"day": f"{generated_at.day:02d}", "month": f"{generated_at.month:02d}", "year": generated_at.year}
    dated = Text("%(place)s, %(day)s/%(month)s/%(year)s", {"place": place, **words}) if place else None
    hint = paragraph(render(translate, Text("(signature and full name)")), sheet["signature_hint"])
    date_line = sheet["signature_date"].leading
    left = [
        Spacer(1, date_line),
        paragraph(render(translate, Text("PREPARED BY")), sheet["signature_title"]),
        hint,
    ]
    right = [
        paragraph(render(translate, dated), sheet["signature_date"]) if dated else Spacer(1, date_line),
        paragraph(render(translate, Text("HEAD OF THE ORGANISING COMMITTEE")), sheet["signature_title"]),
        hint,
    ]
    block = Table([[left, right]], colWidths=[WIDTH * 0.45, WIDTH * 0.55], rowHeights=[40 * mm])
    block.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 8 * mm), KeepTogether([block])]
