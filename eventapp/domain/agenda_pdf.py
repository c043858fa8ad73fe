"""Printed meeting agendas: one per participant, or one sheet per table for
its host. Texts arrive translated and times formatted; this module only lays
them out, in the Be Vietnam Pro font so that Vietnamese prints (and extracts)
with every tone mark."""

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.domain.pdf_fonts import FontFiles, register_family, register_fonts

FONT = "AgendaSans"
FONT_BOLD = "AgendaSans-Bold"
FONT_ITALIC = "AgendaSans-Italic"
GREEN = colors.HexColor("#0b6b3a")
SIDE_MARGIN = 16 * mm
FOOTER_SIZE = 7.5
FOOTER_LEADING = 9
FOOTER_TOP = 11 * mm  # the first line's baseline; the body stops at 16 mm
FOOTER_GAP = 6 * mm  # between the footer text and the page number


def footer_lines(text: str, page_number: str) -> list[str]:
    """The footer wrapped to the width the page number leaves it: a long event
    name once ran off the page and under the number."""
    width = A4[0] - 2 * SIDE_MARGIN - stringWidth(page_number, FONT, FOOTER_SIZE) - FOOTER_GAP
    return simpleSplit(unicodedata.normalize("NFC", text), FONT, FOOTER_SIZE, width)


@dataclass(frozen=True)
class AgendaRow:
    time: str
    place: str
    who: str
    organisation: str = ""
    details: str = ""


@dataclass(frozen=True)
class AgendaDay:
    title: str
    rows: tuple[AgendaRow, ...]


@dataclass(frozen=True)
class AgendaSheet:
    """One page (or more): a participant's agenda, or a table's sheet."""

    heading: str
    subheading: str
    days: tuple[AgendaDay, ...]
    note: str = ""


@dataclass(frozen=True)
class AgendaLabels:
    title: str
    time: str
    place: str
    who: str
    empty: str
    footer: str


def _register(fonts: FontFiles) -> None:
    register_fonts({FONT: fonts.regular, FONT_BOLD: fonts.bold, FONT_ITALIC: fonts.italic})
    register_family(FONT, FONT_BOLD, FONT_ITALIC)


def _text(value: str) -> str:
    """Composed Unicode (one code point per Vietnamese letter, as the font maps
    them) and escaped for reportlab's paragraph markup."""
    return escape(unicodedata.normalize("NFC", value))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13, alignment=TA_LEFT)
    return {
        "event": ParagraphStyle("event", parent=base, fontName=FONT_BOLD, fontSize=11, textColor=GREEN),
        "event_line": ParagraphStyle("event_line", parent=base, fontSize=9, textColor=colors.grey),
        "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=6),
        "subheading": ParagraphStyle("subheading", parent=base, fontSize=11, leading=14, spaceAfter=4),
        "note": ParagraphStyle("note", parent=base, fontName=FONT_ITALIC, fontSize=9, textColor=colors.grey),
        "day": ParagraphStyle("day", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        "cell": base,
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD),
        "cell_small": ParagraphStyle("cell_small", parent=base, fontSize=8.5, leading=11, textColor=colors.grey),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, textColor=colors.white),
    }


def _day_table(day: AgendaDay, labels: AgendaLabels, styles: dict[str, ParagraphStyle], width: float) -> Table:
    data: list[list[Paragraph | list[Paragraph]]] = [
        [
            Paragraph(_text(labels.time), styles["head"]),
            Paragraph(_text(labels.place), styles["head"]),
            Paragraph(_text(labels.who), styles["head"]),
        ]
    ]
    for row in day.rows:
        who = [Paragraph(_text(row.who), styles["cell_bold"])]
        if row.organisation:
            who.append(Paragraph(_text(row.organisation), styles["cell"]))
        if row.details:
            who.append(Paragraph(_text(row.details), styles["cell_small"]))
        data.append([Paragraph(_text(row.time), styles["cell"]), Paragraph(_text(row.place), styles["cell"]), who])
    table = Table(data, colWidths=[30 * mm, 38 * mm, width - 68 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), GREEN),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b9c9bf")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f7f4")]),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def render_agendas(
    sheets: Sequence[AgendaSheet], *, event_name: str, event_line: str, labels: AgendaLabels, fonts: FontFiles
) -> bytes:
    """A PDF with each sheet starting on a new page."""
    _register(fonts)
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=labels.title,
        author=event_name,
        creator="eventapp",
    )
    width = A4[0] - 32 * mm
    story: list = []
    for index, sheet in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story += [
            Paragraph(_text(event_name), styles["event"]),
            Paragraph(_text(event_line), styles["event_line"]),
            Paragraph(_text(labels.title), styles["subheading"]),
            Paragraph(_text(sheet.heading), styles["heading"]),
        ]
        if sheet.subheading:
            story.append(Paragraph(_text(sheet.subheading), styles["subheading"]))
        if sheet.note:
            story.append(Paragraph(_text(sheet.note), styles["note"]))
        if not any(day.rows for day in sheet.days):
            story += [Spacer(1, 6 * mm), Paragraph(_text(labels.empty), styles["cell"])]
        for day in sheet.days:
            if day.rows:
                story.append(KeepTogether([Paragraph(_text(day.title), styles["day"]), _day_table(day, labels, styles, width)]))
    if not story:
        story.append(Paragraph(_text(labels.empty), styles["cell"]))

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, FOOTER_SIZE)
        canvas.setFillColor(colors.grey)
        number = str(doc.page)
        canvas.drawRightString(A4[0] - SIDE_MARGIN, FOOTER_TOP, number)
        for index, line in enumerate(footer_lines(labels.footer, number)):
            canvas.drawString(SIDE_MARGIN, FOOTER_TOP - index * FOOTER_LEADING, line)
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
