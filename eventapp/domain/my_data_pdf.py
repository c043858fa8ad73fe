"""A participant's own data on A4, for them to read and keep: one section per
kind of record (registration, products, meetings, e-mails...), each record a
short table of labelled values. Texts arrive translated and formatted; this
module lays them out in Be Vietnam Pro, so that Vietnamese prints and
extracts with every tone mark."""

import io
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.domain.pdf_fonts import FontFiles, register_family, register_fonts

FONT = "MyDataSans"
FONT_BOLD = "MyDataSans-Bold"
FONT_ITALIC = "MyDataSans-Italic"
GREEN = colors.HexColor("#0b6b3a")
RULE = colors.HexColor("#c8d3cc")
LABEL_FILL = colors.HexColor("#eef3ef")
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
LABEL_WIDTH = 48 * mm
FOOTER_SIZE = 7.5


def _shortened(text: str, width: float) -> str:
    if stringWidth(text, FONT, FOOTER_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", FONT, FOOTER_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class DataRecord:
    """One thing held about the person: (label, value) lines."""

    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DataSection:
    title: str
    records: tuple[DataRecord, ...]
    # Said when the section holds nothing, so that "none" is visibly an answer.
    empty: str


@dataclass(frozen=True)
class DataDocument:
    title: str
    subtitle: str
    intro: str
    sections: tuple[DataSection, ...]
    # Printed at the foot of every page with its number.
    footer: str


def _text(value: str) -> str:
    return escape(unicodedata.normalize("NFC", value)).replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, textColor=GREEN),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=15, spaceAfter=4),
        "intro": ParagraphStyle("intro", parent=base, fontName=FONT_ITALIC, textColor=colors.HexColor("#444444")),
        "section": ParagraphStyle(
            "section", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4, textColor=GREEN
        ),
        "label": ParagraphStyle("label", parent=base, fontName=FONT_BOLD),
        "value": base,
        "empty": ParagraphStyle("empty", parent=base, fontName=FONT_ITALIC, textColor=colors.grey),
    }


def _record_table(record: DataRecord, styles: dict[str, ParagraphStyle]) -> Table:
    rows = [
        [Paragraph(_text(label), styles["label"]), Paragraph(_text(value or "—"), styles["value"])]
        for label, value in record.lines
    ]
    table = Table(rows, colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def render(document: DataDocument, fonts: FontFiles) -> bytes:
    register_fonts({FONT: fonts.regular, FONT_BOLD: fonts.bold, FONT_ITALIC: fonts.italic})
    register_family(FONT, FONT_BOLD, FONT_ITALIC)
    styles = _styles()
    story: list = [
        Paragraph(_text(document.title), styles["title"]),
        Paragraph(_text(document.subtitle), styles["subtitle"]),
        Paragraph(_text(document.intro), styles["intro"]),
    ]
    for section in document.sections:
        heading = Paragraph(_text(section.title), styles["section"])
        if not section.records:
            story.append(KeepTogether([heading, Paragraph(_text(section.empty), styles["empty"])]))
            continue
        # The heading stays with the first record, never alone at a page's foot.
        story.append(KeepTogether([heading, _record_table(section.records[0], styles)]))
        for record in section.records[1:]:
            story += [Spacer(1, 2.5 * mm), _record_table(record, styles)]

    def footer(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, FOOTER_SIZE)
        canvas.setFillColor(colors.grey)
        number = str(canvas.getPageNumber())
        # A long event name is cut short rather than run under the page number.
        room = WIDTH - stringWidth(number, FONT, FOOTER_SIZE) - 6 * mm
        canvas.drawString(MARGIN, 10 * mm, _shortened(unicodedata.normalize("NFC", document.footer), room))
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, number)
        canvas.restoreState()

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=unicodedata.normalize("NFC", document.title),
        author="eventapp",
    )
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
