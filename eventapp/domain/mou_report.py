"""The officials' summary of an event's MoUs as an A4 PDF, laid out like a
Vietnamese administrative report: national motto, place and date, a centred
title, numbered sections, ruled tables, "Trang x/y" on every page.

The font is a TrueType file passed in and embedded (subset), so every
Vietnamese letter renders and the text can be searched and copied. The
domain knows no Flask: labels are ``Text`` message ids, rendered with the
``translate`` function the caller passes for the report's language.
"""

import io
import textwrap
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from eventapp.domain.errors import Text
from eventapp.domain.mou_stats import NO_VALUE_NOTE, MouLine, MouSummary, format_day, format_number, format_vnd, percent
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

# Margins of Decree 30/2020/NĐ-CP for administrative documents: wide binding
# margin on the left.
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 18 * mm, 18 * mm, 20 * mm
WIDTH = A4[0] - LEFT - RIGHT


def _register(fonts: FontFiles) -> None:
    register_fonts({REGULAR: fonts.regular, BOLD: fonts.bold, ITALIC: fonts.italic})
    register_family(REGULAR, BOLD, ITALIC)


def _styles() -> dict[str, ParagraphStyle]:
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
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _t(translate: Translate, text: Text) -> str:
    return text.render(translate)


def _grid(
    data: list[list[object]],
    widths: list[float],
    *,
    total_row: bool = False,
    long: bool = False,
    heights: list[float] | None = None,
) -> Table:
    table_class = LongTable if long else Table
    table = table_class(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="CENTER")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if total_row:
        style.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL))
    table.setStyle(TableStyle(style))
    return table


def _header(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    left = [
        _p(_t(translate, Text("ORGANISING COMMITTEE")), styles["agency"]),
        HRFlowable(width="35%", thickness=0.7, color=INK, spaceBefore=1, hAlign="CENTER"),
    ]
    right = [
        _p(_t(translate, Text("SOCIALIST REPUBLIC OF VIETNAM")), styles["motto_1"]),
        _p(_t(translate, Text("Independence – Freedom – Happiness")), styles["motto_2"]),
        HRFlowable(width="62%", thickness=0.7, color=INK, spaceBefore=1, hAlign="CENTER"),
    ]
    masthead = Table([[left, right]], colWidths=[WIDTH * 0.40, WIDTH * 0.60])
    masthead.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    generated = summary.generated_at
    day = {"day": f"{generated.day:02d}", "month": f"{generated.month:02d}", "year": generated.year}
    if summary.place:
        dated = _t(translate, Text("%(place)s, %(day)s/%(month)s/%(year)s", {"place": summary.place, **day}))
    else:
        dated = _t(translate, Text("%(day)s/%(month)s/%(year)s", day))
    return [
        masthead,
        Spacer(1, 4 * mm),
        _p(dated, styles["place_date"]),
        Spacer(1, 5 * mm),
        _p(_t(translate, Text("SUMMARY REPORT ON THE SIGNED MEMORANDA OF UNDERSTANDING")), styles["title"]),
        _p(summary.event_name, styles["subtitle"]),
        HRFlowable(width="25%", thickness=0.7, color=INK, spaceBefore=3, spaceAfter=8, hAlign="CENTER"),
    ]


def _event_facts(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    dates = format_day(summary.starts_on)
    if summary.ends_on != summary.starts_on:
        dates = f"{dates} – {format_day(summary.ends_on)}"
    # "Trung tâm Hội nghị tỉnh Sóc Trăng" already says where it is.
    in_venue = summary.place and fold(summary.place) in fold(summary.venue)
    where = summary.venue if in_venue else ", ".join(part for part in (summary.venue, summary.place) if part)
    local = summary.generated_at
    facts = [
        (_t(translate, Text("Venue:")), where or "—"),
        (_t(translate, Text("Dates:")), dates),
        (_t(translate, Text("Figures as of:")), f"{local:%H:%M} {format_day(local.date())}"),
    ]
    return [Paragraph(f"<b>{escape(label)}</b> {escape(value)}", styles["info"]) for label, value in facts]


def _category_section(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    counts, language = summary.counts, summary.language
    rows: list[list[object]] = [
        [
            _p(_t(translate, Text("No.")), styles["head"]),
            _p(_t(translate, Text("Category of MoU")), styles["head"]),
            _p(_t(translate, Text("Number")), styles["head"]),
            _p(_t(translate, Text("Share (%)")), styles["head"]),
            _p(_t(translate, Text("Committed value")), styles["head"]),
        ]
    ]
    for index, figure in enumerate(counts.categories, start=1):
        rows.append(
            [
                _p(str(index), styles["cell_center"]),
                _p(figure.label, styles["cell"]),
                _p(format_number(figure.count, language), styles["cell_right"]),
                _p(percent(figure.count, counts.total, language), styles["cell_right"]),
                _p(format_vnd(figure.value_vnd, language), styles["cell_right"]),
            ]
        )
    rows.append(
        [
            "",
            _p(_t(translate, Text("Total")), styles["total"]),
            _p(format_number(counts.total, language), styles["total_right"]),
            _p(percent(counts.total, counts.total, language), styles["total_right"]),
            _p(format_vnd(counts.committed_value, language), styles["total_right"]),
        ]
    )
    widths = [10 * mm, WIDTH - 10 * mm - 20 * mm - 20 * mm - 37 * mm, 20 * mm, 20 * mm, 37 * mm]
    summary_line = _t(
        translate,
        Text(
            "MoUs signed: %(total)s; committed value: %(value)s.",
            {"total": format_number(counts.total, language), "value": format_vnd(counts.committed_value, language)},
        ),
    )
    if counts.some_values_missing:
        summary_line = f"{summary_line} {_t(translate, NO_VALUE_NOTE)}"
    return [
        _p(_t(translate, Text("I. MoUs by category")), styles["section"]),
        _p(summary_line, styles["body"]),
        Spacer(1, 3 * mm),
        _grid(rows, widths, total_row=True),
        Spacer(1, 4 * mm),
        KeepTogether([_chart(summary, translate)]),
    ]


def _chart(summary: MouSummary, translate: Translate) -> Drawing:
    figures = summary.counts.categories
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 17 * mm
    chart.width, chart.height = WIDTH - 20 * mm, height - 27 * mm
    chart.data = [[figure.count for figure in figures] or [0]]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 14
    top = max([figure.count for figure in figures] or [0])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(4, int(top * 1.15) + 1)
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 5)
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.gridStrokeWidth = 0.4
    # Be Vietnam Pro is wide: about 0.62 em a character, less a margin per slot.
    slot_chars = max(10, int((chart.width / max(1, len(figures)) - 8) / (8 * 0.62)))
    chart.categoryAxis.categoryNames = ["\n".join(textwrap.wrap(figure.label, slot_chars)[:3]) for figure in figures] or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.leading = 9.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.textAnchor = "middle"
    chart.categoryAxis.labels.dy = -3
    chart.barLabelFormat = lambda value: format_number(int(value), summary.language)
    chart.barLabels.fontName = BOLD
    chart.barLabels.fontSize = 9
    chart.barLabels.nudge = 7
    drawing.add(chart)
    drawing.add(
        String(
            WIDTH / 2,
            height - 6,
            _t(translate, Text("Number of MoUs by category")),
            fontName=BOLD,
            fontSize=9.5,
            textAnchor="middle",
            fillColor=INK,
        )
    )
    return drawing


def _province_section(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    language = summary.language
    rows: list[list[object]] = [
        [
            _p(_t(translate, Text("No.")), styles["head"]),
            _p(_t(translate, Text("Province / city")), styles["head"]),
            _p(_t(translate, Text("MoUs with a party from the province")), styles["head"]),
        ]
    ]
    for index, figure in enumerate(summary.counts.provinces, start=1):
        rows.append(
            [
                _p(str(index), styles["cell_center"]),
                _p(figure.name, styles["cell"]),
                _p(format_number(figure.count, language), styles["cell_right"]),
            ]
        )
    if len(rows) == 1:
        rows.append(["", _p(_t(translate, Text("No MoU recorded yet.")), styles["cell"]), ""])
    widths = [10 * mm, WIDTH - 10 * mm - 55 * mm, 55 * mm]
    note = Text(
        "An MoU counts once for each province that one of its parties comes from, so these figures add up to more than the total."
    )
    return [
        _p(_t(translate, Text("II. MoUs by province")), styles["section"]),
        _grid(rows, widths, long=True),
        _p(" ".join((_t(translate, Text("Note:")), _t(translate, note))), styles["note"]),
    ]


def _lines(text: str, width: float) -> list[str]:
    return simpleSplit(text, REGULAR, LIST_FONT_SIZE, width - 8) or [""]


def _mou_rows(lines: list[MouLine], language: str, widths: list[float]) -> list[list[object]]:
    """Plain text cells, wrapped here: a list of ten thousand MoUs laid out
    with paragraphs takes minutes, with strings seconds."""
    rows = []
    for index, line in enumerate(lines, start=1):
        parties: list[str] = []
        for party in line.parties:
            # The province only where the name does not say it ("Sở Công Thương tỉnh Hậu Giang").
            shown = party.province and fold(party.province) not in fold(party.name)
            parties += _lines(f"{party.name} ({party.province})" if shown else party.name, widths[2])
        rows.append(
            [
                str(index),
                "\n".join(_lines(line.title, widths[1])),
                "\n".join(parties),
                format_day(line.signed_on),
                format_vnd(line.value_vnd, language),
            ]
        )
    return rows


LIST_FONT_SIZE = 9
LIST_LEADING = 11.5
# The plain cells of the list: number, date and value columns.
LIST_CELLS = [
    ("FONTNAME", (0, 1), (-1, -1), REGULAR),
    ("FONTSIZE", (0, 1), (-1, -1), LIST_FONT_SIZE),
    ("LEADING", (0, 1), (-1, -1), LIST_LEADING),
    ("TEXTCOLOR", (0, 1), (-1, -1), INK),
    ("ALIGN", (0, 1), (0, -1), "CENTER"),
    ("ALIGN", (3, 1), (3, -1), "CENTER"),
    ("ALIGN", (4, 1), (4, -1), "RIGHT"),
]
CELL_PADDING = 3 + 4  # top and bottom, as in _grid


def _height(row: list[object], widths: list[float]) -> float:
    """A row's height as the table will draw it."""
    tallest = LIST_LEADING
    for cell, width in zip(row, widths, strict=True):
        if isinstance(cell, Paragraph):
            tallest = max(tallest, cell.wrap(width - 8, A4[1])[1])
        else:
            tallest = max(tallest, LIST_LEADING * (str(cell).count("\n") + 1))
    return tallest + CELL_PADDING


class _PagedTable(Flowable):
    """Rows measured once, laid out one table per page (each with its header).

    Reportlab measures every remaining row of a table again at each page
    break, so one table of 10,000 MoUs takes minutes; this hands the frame a
    table of just the rows that fit, and itself again for the rest.
    """

    def __init__(
        self,
        header: list[object],
        rows: list[list[object]],
        widths: list[float],
        start: int = 0,
        measured: tuple[float, list[float]] | None = None,
    ) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # where the tables it hands out stand
        self.header, self.rows, self.widths, self.start = header, rows, widths, start
        if measured is None:
            measured = (_height(header, widths), [_height(row, widths) for row in rows])
        self.header_height, self.heights = measured

    def _table(self, end: int) -> Table:
        grid = _grid(
            [self.header, *self.rows[self.start : end]],
            self.widths,
            long=True,
            heights=[self.header_height, *self.heights[self.start : end]],
        )
        grid.setStyle(TableStyle(LIST_CELLS))
        return grid

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.header_height + sum(self.heights[self.start :])
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room, end = available_height - self.header_height, self.start
        while end < len(self.rows) and room >= self.heights[end]:
            room -= self.heights[end]
            end += 1
        if end == self.start:
            return []  # not even one row here: the frame moves on to the next page
        rest = _PagedTable(self.header, self.rows, self.widths, end, (self.header_height, self.heights))
        return [self._table(end), rest]

    def draw(self) -> None:
        table = self._table(len(self.rows))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


def _list_section(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    flowables: list = [_p(_t(translate, Text("III. List of the MoUs")), styles["section"])]
    if not summary.mous:
        return [*flowables, _p(_t(translate, Text("No MoU recorded yet.")), styles["body"])]
    widths = [10 * mm, 42 * mm, WIDTH - 10 * mm - 42 * mm - 21 * mm - 31 * mm, 21 * mm, 31 * mm]
    for number, figure in enumerate(summary.counts.categories, start=1):
        lines = [line for line in summary.mous if line.category == figure.code]
        if not lines:
            continue
        heading = _p(
            _t(
                translate,
                Text(
                    "%(number)s. %(category)s (%(count)s)",
                    {"number": number, "category": figure.label, "count": format_number(len(lines), summary.language)},
                ),
            ),
            styles["subsection"],
        )
        header = [_p(_t(translate, Text(label)), styles["head"]) for label in ("No.", "MoU", "Parties", "Signed on", "Value")]
        table = _PagedTable(header, _mou_rows(lines, summary.language, widths), widths)
        # A heading never ends a page: it stays with the header and the first row.
        flowables += [CondPageBreak(heading.wrap(WIDTH, A4[1])[1] + 20 + table.header_height + table.heights[0]), heading, table]
    return flowables


def _numbered_canvas(summary: MouSummary, translate: Translate) -> type[Canvas]:
    """A canvas that holds each page until the end, so every footer can say
    "Trang x/y" with the real page count."""
    footer_left = _t(
        translate,
        Text(
            "Generated at %(time)s on %(date)s by eventapp",
            {"time": f"{summary.generated_at:%H:%M}", "date": format_day(summary.generated_at.date())},
        ),
    )

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

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
                _t(translate, Text("Page %(page)s of %(pages)s", {"page": self._pageNumber, "pages": count})),
            )
            self.restoreState()

    return NumberedCanvas


def render_summary_pdf(summary: MouSummary, fonts: FontFiles, translate: Translate) -> bytes:
    """The report as PDF bytes."""
    _register(fonts)
    styles = _styles()
    buffer = io.BytesIO()
    title = _t(translate, Text("SUMMARY REPORT ON THE SIGNED MEMORANDA OF UNDERSTANDING"))
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{title} – {summary.event_name}",
        author="eventapp",
        subject=summary.event_name,
        lang=summary.language,
        creator="eventapp",
    )
    story: list = [
        *_header(summary, translate, styles),
        *_event_facts(summary, translate, styles),
        *_category_section(summary, translate, styles),
        *_province_section(summary, translate, styles),
        *_list_section(summary, translate, styles),
    ]
    document.build(story, canvasmaker=_numbered_canvas(summary, translate))
    return buffer.getvalue()
