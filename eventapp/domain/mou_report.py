"""The officials' summary of an event's MoUs as an A4 PDF, laid out like a
Vietnamese administrative report: national motto, place and date, a centred
title, numbered sections, ruled tables, "Trang x/y" on every page.

The font is a TrueType file passed in and embedded (subset), so every
Vietnamese letter renders and the text can be searched and copied. The
domain knows no Flask: labels are ``Text`` message ids, rendered with the
``translate`` function the caller passes for the report's language.
"""

import functools
import io
import textwrap
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from eventapp.domain.errors import Text
from eventapp.domain.mou_stats import NO_VALUE_NOTE, MouLine, MouSummary, format_day, format_number, format_vnd, percent
from eventapp.domain.pdf_fonts import FontFiles
from eventapp.domain.report_layout import (
    BAR,
    BOLD,
    BOTTOM,
    INK,
    LEFT,
    REGULAR,
    RIGHT,
    RULE,
    TOP,
    WIDTH,
    Translate,
    grid,
    masthead,
    numbered_canvas,
    paragraph,
    register,
    render,
    signature_block,
    venue_line,
)
from eventapp.domain.report_layout import styles as report_styles
from eventapp.domain.text import fold


def _header(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    title = Text("SUMMARY REPORT ON THE SIGNED MEMORANDA OF UNDERSTANDING")
    return masthead(title, summary.event_name, summary.place, summary.generated_at, translate, styles)


def _event_facts(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    dates = format_day(summary.starts_on)
    if summary.ends_on != summary.starts_on:
        dates = f"{dates} – {format_day(summary.ends_on)}"
    where = venue_line(summary.venue, summary.place)
    local = summary.generated_at
    facts = [
        (render(translate, Text("Venue:")), where),
        (render(translate, Text("Dates:")), dates),
        (render(translate, Text("Figures as of:")), f"{local:%H:%M} {format_day(local.date())}"),
    ]
    return [Paragraph(f"<b>{escape(label)}</b> {escape(value)}", styles["info"]) for label, value in facts]


def _category_section(summary: MouSummary, translate: Translate, styles: dict[str, ParagraphStyle]) -> list:
    counts, language = summary.counts, summary.language
    rows: list[list[object]] = [
        [
            paragraph(render(translate, Text("No.")), styles["head"]),
            paragraph(render(translate, Text("Category of MoU")), styles["head"]),
            paragraph(render(translate, Text("Number")), styles["head"]),
            paragraph(render(translate, Text("Share (%)")), styles["head"]),
            paragraph(render(translate, Text("Committed value")), styles["head"]),
        ]
    ]
    for index, figure in enumerate(counts.categories, start=1):
        rows.append(
            [
                paragraph(str(index), styles["cell_center"]),
                paragraph(figure.label, styles["cell"]),
                paragraph(format_number(figure.count, language), styles["cell_right"]),
                paragraph(percent(figure.count, counts.total, language), styles["cell_right"]),
                paragraph(format_vnd(figure.value_vnd, language), styles["cell_right"]),
            ]
        )
    rows.append(
        [
            "",
            paragraph(render(translate, Text("Total")), styles["total"]),
            paragraph(format_number(counts.total, language), styles["total_right"]),
            paragraph(percent(counts.total, counts.total, language), styles["total_right"]),
            paragraph(format_vnd(counts.committed_value, language), styles["total_right"]),
        ]
    )
    widths = [10 * mm, WIDTH - 10 * mm - 20 * mm - 20 * mm - 37 * mm, 20 * mm, 20 * mm, 37 * mm]
    summary_line = render(
        translate,
        Text(
            "MoUs signed: %(total)s; committed value: %(value)s.",
            {"total": format_number(counts.total, language), "value": format_vnd(counts.committed_value, language)},
        ),
    )
    if counts.some_values_missing:
        summary_line = f"{summary_line} {render(translate, NO_VALUE_NOTE)}"
    return [
        paragraph(render(translate, Text("I. MoUs by category")), styles["section"]),
        paragraph(summary_line, styles["body"]),
        Spacer(1, 3 * mm),
        grid(rows, widths, total_row=True),
        Spacer(1, 4 * mm),
        KeepTogether([_chart(summary, translate)]),
    ]


def _chart(summary: MouSummary, translate: Translate) -> Drawing:
    figures = summary.counts.categories
    height = 62 * mm
    drawing = Drawing(WIDTH, height)
    chart = VerticalBarChart()
    # types-reportlab declares the plot area in whole points; reportlab takes any number (isNumber).
    chart.x, chart.y = 14 * mm, 17 * mm  # type: ignore[assignment]
    chart.width, chart.height = WIDTH - 20 * mm, height - 27 * mm  # type: ignore[assignment]
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
            render(translate, Text("Number of MoUs by category")),
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
            paragraph(render(translate, Text("No.")), styles["head"]),
            paragraph(render(translate, Text("Province / city")), styles["head"]),
            paragraph(render(translate, Text("MoUs with a party from the province")), styles["head"]),
        ]
    ]
    for index, figure in enumerate(summary.counts.provinces, start=1):
        rows.append(
            [
                paragraph(str(index), styles["cell_center"]),
                paragraph(figure.name, styles["cell"]),
                paragraph(format_number(figure.count, language), styles["cell_right"]),
            ]
        )
    if len(rows) == 1:
        rows.append(["", paragraph(render(translate, Text("No MoU recorded yet.")), styles["cell"]), ""])
    widths = [10 * mm, WIDTH - 10 * mm - 55 * mm, 55 * mm]
    note = Text(
        "An MoU counts once for each province that one of its parties comes from, so these figures add up to more than the total."
    )
    return [
        paragraph(render(translate, Text("II. MoUs by province")), styles["section"]),
        grid(rows, widths, long=True),
        paragraph(" ".join((render(translate, Text("Note:")), render(translate, note))), styles["note"]),
    ]


# Words, party names, dates and amounts repeat across thousands of MoUs:
# each is measured or wrapped once. The font's name stands for one
# registered font.
@functools.lru_cache(maxsize=16384)
def _word_width(word: str) -> float:
    return pdfmetrics.stringWidth(word, REGULAR, LIST_FONT_SIZE)


@functools.lru_cache(maxsize=8192)
def _lines(text: str, width: float) -> tuple[str, ...]:
    """``text`` broken at spaces into lines that fit the cell, as reportlab's
    simpleSplit breaks them (a word wider than the cell keeps a line)."""
    room, space, lines = width - 2 * SIDE_PADDING, _word_width(" "), []
    for paragraph_text in text.split("\n"):
        words: list[str] = []
        used = -space
        for word in paragraph_text.split():
            word_width = _word_width(word)
            if words and used + space + word_width > room:
                lines.append(" ".join(words))
                words, used = [word], word_width
            else:
                words.append(word)
                used += space + word_width
        if words:
            lines.append(" ".join(words))
    return tuple(lines) or ("",)


@functools.lru_cache(maxsize=8192)
def _party_lines(name: str, province: str, width: float) -> tuple[str, ...]:
    # The province only where the name does not say it ("Sở Công Thương tỉnh Hậu Giang").
    shown = province and fold(province) not in fold(name)
    return _lines(f"{name} ({province})" if shown else name, width)


def _mou_rows(lines: list[MouLine], language: str, widths: list[float]) -> list[list[object]]:
    """Plain text cells, wrapped here: a list of ten thousand MoUs laid out
    with paragraphs takes minutes, with strings seconds."""
    rows: list[list[object]] = []
    for index, line in enumerate(lines, start=1):
        parties: list[str] = []
        for party in line.parties:
            parties += _party_lines(party.name, party.province, widths[2])
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
# The table's look (report_layout.grid): padding, rules, text colour.
TOP_PADDING, BOTTOM_PADDING, SIDE_PADDING = 3, 4, 4
CELL_PADDING = TOP_PADDING + BOTTOM_PADDING
# How each column of the list is aligned: number, title, parties, date, value.
LIST_ALIGNMENT = ("centre", "left", "left", "centre", "right")


def _height(row: list[object], widths: list[float]) -> float:
    """A row's height as the table will draw it."""
    tallest = LIST_LEADING
    for cell, width in zip(row, widths, strict=True):
        if isinstance(cell, Paragraph):
            tallest = max(tallest, cell.wrap(width - 8, A4[1])[1])
        else:
            tallest = max(tallest, LIST_LEADING * (str(cell).count("\n") + 1))
    return tallest + CELL_PADDING


class _ListText:
    """The list's cells as raw PDF text operators in one font and size.

    A platypus table draws each cell through its style machinery, and the
    canvas encodes each string for the font subset anew: for ten thousand
    MoUs most of the report's time. Here each distinct text is encoded and
    measured once a document, and a page's cells are one text object."""

    def __init__(self, font_name: str, size: float) -> None:
        self.font_name, self.size = font_name, size
        self.document: object = None
        self.encoded: dict[str, tuple[tuple[int, str], ...]] = {}
        self.forms: dict[tuple[int, float], str] = {}
        self.widths: dict[str, float] = {}

    def _bind(self, canvas: Canvas) -> None:
        # The subsets, their codes and the forms belong to one document.
        document = canvas._doc  # type: ignore[attr-defined]  # reportlab's; types-reportlab does not declare it
        if self.document is not document:
            self.document, self.encoded, self.forms = document, {}, {}

    def header_form(self, canvas: Canvas, header: list[object], widths: list[float], height: float) -> str:
        """The list's header row, drawn once a document as a form that every
        page refers to."""
        self._bind(canvas)
        key = (id(header), height)
        if key not in self.forms:
            self.forms[key] = name = f"MouListHeader{len(self.forms)}"
            table = grid([header], widths, heights=[height])
            table.wrapOn(canvas, sum(widths), height)
            canvas.beginForm(name, 0, 0, sum(widths), height)
            table.drawOn(canvas, 0, 0)
            canvas.endForm()
        return self.forms[key]

    def width(self, text: str) -> float:
        if text not in self.widths:
            self.widths[text] = pdfmetrics.stringWidth(text, self.font_name, self.size)
        return self.widths[text]

    def _encode(self, text: str) -> tuple[tuple[int, str], ...]:
        if text not in self.encoded:
            font = _true_type(self.font_name)
            self.encoded[text] = tuple(
                (subset, f"({escapePDF(chunk)}) Tj") for subset, chunk in font.splitString(text, self.document)
            )
        return self.encoded[text]

    def draw(self, canvas: Canvas, placed: list[tuple[float, float, str]]) -> None:
        """Each (x, y, text): ``text`` with its baseline starting at (x, y)."""
        self._bind(canvas)
        font = _true_type(self.font_name)
        operators, current = ["BT"], None
        for x, y, text in placed:
            operators.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            for subset, shown in self._encode(text):
                if subset != current:
                    operators.append(f"{font.getSubsetInternalName(subset, self.document)} {fp_str(self.size)} Tf")
                    current = subset
                operators.append(shown)
        operators.append("ET")
        canvas.addLiteral("\n".join(operators))


def _true_type(name: str) -> TTFont:
    """The registered TrueType font ``name``: only those encode text in subsets."""
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        raise TypeError(f"{name} is not a TrueType font")
    return font


class _PagedTable(Flowable):
    """Rows measured once, laid out a page at a time (each page with the
    header), the rows painted as plain text and rules.

    Reportlab measures every remaining row of a table again at each page
    break, so one table of 10,000 MoUs takes minutes; this hands the frame
    just the rows that fit, and itself again for the rest.
    """

    def __init__(
        self,
        header: list[object],
        rows: list[list[object]],
        widths: list[float],
        start: int = 0,
        measured: tuple[float, list[float]] | None = None,
        end: int | None = None,
        text: _ListText | None = None,
    ) -> None:
        super().__init__()
        self.hAlign = "CENTER"
        self.header, self.rows, self.widths, self.start = header, rows, widths, start
        self.end = len(rows) if end is None else end
        if measured is None:
            measured = (_height(header, widths), [_height(row, widths) for row in rows])
        self.header_height, self.heights = measured
        self.text = text or _ListText(REGULAR, LIST_FONT_SIZE)

    def _part(self, start: int, end: int | None = None) -> "_PagedTable":
        return _PagedTable(
            self.header, self.rows, self.widths, start, (self.header_height, self.heights), end=end, text=self.text
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.header_height + sum(self.heights[self.start : self.end])
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room, end = available_height - self.header_height, self.start
        while end < self.end and room >= self.heights[end]:
            room -= self.heights[end]
            end += 1
        if end == self.start:
            return []  # not even one row here: the frame moves on to the next page
        return [self._part(self.start, end), self._part(end, self.end)]

    def draw(self) -> None:
        canvas, widths = self.canv, self.widths
        header = self.text.header_form(canvas, self.header, widths, self.header_height)
        canvas.saveState()
        canvas.translate(0, self.height - self.header_height)
        canvas.doForm(header)
        canvas.restoreState()
        lefts = [sum(widths[:column]) for column in range(len(widths))]
        placed, rules, top = [], [], self.height - self.header_height
        for row, height in zip(self.rows[self.start : self.end], self.heights[self.start : self.end], strict=True):
            bottom = top - height
            rules.append(f"0 {bottom:.2f} m {self.width:.2f} {bottom:.2f} l")
            for cell, left, width, alignment in zip(row, lefts, widths, LIST_ALIGNMENT, strict=True):
                lines = str(cell).split("\n")
                # Where a table with VALIGN MIDDLE puts the first baseline.
                y = bottom + (BOTTOM_PADDING + height - TOP_PADDING + len(lines) * LIST_LEADING) / 2 - LIST_FONT_SIZE
                for line in lines:
                    if alignment == "left":
                        x = left + SIDE_PADDING
                    elif alignment == "right":
                        x = left + width - SIDE_PADDING - self.text.width(line)
                    else:
                        x = left + width / 2 - self.text.width(line) / 2
                    placed.append((x, y, line))
                    y -= LIST_LEADING
            top = bottom
        body_top = self.height - self.header_height
        for x in [*lefts, self.width]:
            rules.append(f"{x:.2f} 0 m {x:.2f} {body_top:.2f} l")
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.addLiteral("\n".join(rules) + "\nS")
        canvas.setFillColor(INK)
        self.text.draw(canvas, placed)
        canvas.restoreState()


def mou_list_section(
    summary: MouSummary,
    translate: Translate,
    styles: dict[str, ParagraphStyle],
    heading: Text = Text("III. List of the MoUs"),
) -> list:
    """Every MoU, grouped by category; the event report prints it as its annex."""
    flowables: list = [paragraph(render(translate, heading), styles["section"])]
    if not summary.mous:
        return [*flowables, paragraph(render(translate, Text("No MoU recorded yet.")), styles["body"])]
    widths = [10 * mm, 42 * mm, WIDTH - 10 * mm - 42 * mm - 21 * mm - 31 * mm, 21 * mm, 31 * mm]
    text = _ListText(REGULAR, LIST_FONT_SIZE)
    for number, figure in enumerate(summary.counts.categories, start=1):
        lines = [line for line in summary.mous if line.category == figure.code]
        if not lines:
            continue
        category_heading = paragraph(
            render(
                translate,
                Text(
                    "%(number)s. %(category)s (%(count)s)",
                    {"number": number, "category": figure.label, "count": format_number(len(lines), summary.language)},
                ),
            ),
            styles["subsection"],
        )
        header: list[object] = [
            paragraph(render(translate, Text(label)), styles["head"]) for label in ("No.", "MoU", "Parties", "Signed on", "Value")
        ]
        table = _PagedTable(header, _mou_rows(lines, summary.language, widths), widths, text=text)
        # A heading never ends a page: it stays with the header and the first row.
        flowables += [
            CondPageBreak(category_heading.wrap(WIDTH, A4[1])[1] + 20 + table.header_height + table.heights[0]),
            category_heading,
            table,
        ]
    return flowables


def render_summary_pdf(summary: MouSummary, fonts: FontFiles, translate: Translate) -> bytes:
    """The report as PDF bytes."""
    register(fonts)
    styles = report_styles()
    buffer = io.BytesIO()
    title = render(translate, Text("SUMMARY REPORT ON THE SIGNED MEMORANDA OF UNDERSTANDING"))
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
        *mou_list_section(summary, translate, styles),
        *signature_block(summary.place, summary.generated_at, translate, styles),
    ]
    document.build(story, canvasmaker=numbered_canvas(summary.generated_at, translate))
    return buffer.getvalue()
