"""The post-event report as an official hands it over: A4, the national
header, the event, a page of headline figures in the words of the press
release, a table (and a chart where it helps) for each part, the signature
block, and the list of MoUs as an annex. When the event belongs to a series,
every table shows the previous event's figure beside this one's, and the change.
"""

import io
from collections.abc import Mapping, Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from eventapp.domain import provinces
from eventapp.domain.errors import Text
from eventapp.domain.event_report import MEETING_FIGURES, EventFigures, EventReport, Labels, format_change, headlines
from eventapp.domain.mou_report import mou_list_section
from eventapp.domain.mou_stats import MouSummary, format_day, format_number
from eventapp.domain.pdf_fonts import FontFiles
from eventapp.domain.report_layout import (
    BAR,
    BAR_PREVIOUS,
    BOTTOM,
    LEFT,
    REGULAR,
    RIGHT,
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

TITLE = Text("POST-EVENT REPORT")


Row = tuple[str, int, int | None]


class _Builder:
    def __init__(self, report: EventReport, labels: Labels, translate: Translate, mou_summary: MouSummary) -> None:
        self.report, self.labels, self.translate, self.mou_summary = report, labels, translate, mou_summary
        self.styles: dict[str, ParagraphStyle] = report_styles()
        self.language = report.language

    def say(self, text: Text) -> str:
        return text.render(self.translate)

    def number(self, value: int | None) -> str:
        return "—" if value is None else format_number(value, self.language)

    def change(self, value: int, before: int | None) -> str:
        return "—" if before is None else format_change(value, before, self.language)

    def p(self, text: str, style: str) -> Paragraph:
        return paragraph(text, self.styles[style])

    # Tables ---------------------------------------------------------------

    def table(self, label_header: str, rows: Sequence[Row], *, total: Row | None = None) -> list:
        """Label and figure, and the previous event's figure and the change when there is one."""
        with_previous = self.report.previous is not None
        header: list[object] = [
            self.p(self.say(Text("No.")), "head"),
            self.p(label_header, "head"),
            self.p(self.say(Text("This event")), "head"),
        ]
        if with_previous:
            header += [self.p(self.say(Text("Previous event")), "head"), self.p(self.say(Text("Change (±)")), "head")]
        data: list[list[object]] = [header]
        for index, (label, value, before) in enumerate(rows, start=1):
            line: list[object] = [
                self.p(str(index), "cell_center"),
                self.p(label, "cell"),
                self.p(self.number(value), "cell_right"),
            ]
            if with_previous:
                line += [self.p(self.number(before), "cell_right"), self.p(self.change(value, before), "cell_right")]
            data.append(line)
        if total is not None:
            label, value, before = total
            line = ["", self.p(label, "total"), self.p(self.number(value), "total_right")]
            if with_previous:
                line += [self.p(self.number(before), "total_right"), self.p(self.change(value, before), "total_right")]
            data.append(line)
        figure_width = 26 * mm if with_previous else 30 * mm
        figures = 3 if with_previous else 1
        widths = [10 * mm, WIDTH - 10 * mm - figure_width * figures, *[figure_width] * figures]
        return [grid(data, widths, total_row=total is not None, long=True), Spacer(1, 3 * mm)]

    def rows(self, labels: Mapping[str, str], current: Mapping[str, int], before: Mapping[str, int] | None) -> list[Row]:
        return [
            (labels.get(code, code), count, None if before is None else before.get(code, 0)) for code, count in current.items()
        ]

    def chart(self, title: str, rows: Sequence[Row]) -> list:
        """Horizontal bars, this event's and (lighter) the previous event's."""
        shown = [row for row in rows if row[1] or row[2]]
        if not shown:
            return []
        bar_height = 9 if self.report.previous is None else 6
        height = 14 * mm + len(shown) * (bar_height * (2 if self.report.previous else 1) + 6)
        drawing = Drawing(WIDTH, height)
        chart = HorizontalBarChart()
        # types-reportlab declares the plot area in whole points; reportlab takes any number (isNumber).
        chart.x, chart.y = 55 * mm, 4 * mm  # type: ignore[assignment]
        chart.width, chart.height = WIDTH - 65 * mm, height - 12 * mm  # type: ignore[assignment]
        series = [[row[1] for row in reversed(shown)]]
        if self.report.previous is not None:
            series.append([row[2] or 0 for row in reversed(shown)])
        chart.data = series
        chart.bars[0].fillColor = BAR
        chart.bars[0].strokeColor = None
        if len(series) > 1:
            chart.bars[1].fillColor = BAR_PREVIOUS
            chart.bars[1].strokeColor = None
        chart.barWidth = bar_height
        top = max(max(values) for values in series) or 1
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = int(top * 1.15) + 1
        chart.valueAxis.visible = False
        chart.categoryAxis.categoryNames = [row[0][:38] for row in reversed(shown)]
        chart.categoryAxis.labels.fontName = REGULAR
        chart.categoryAxis.labels.fontSize = 8
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -3
        chart.barLabelFormat = lambda value: format_number(int(value), self.language)
        chart.barLabels.fontName = REGULAR
        chart.barLabels.fontSize = 7.5
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        drawing.add(chart)
        return [KeepTogether([self.p(title, "subsection"), drawing]), Spacer(1, 3 * mm)]

    # Sections -------------------------------------------------------------

    def facts(self) -> list:
        event = self.report.event
        dates = format_day(event.starts_on)
        if event.ends_on != event.starts_on:
            dates = f"{dates} – {format_day(event.ends_on)}"
        facts = [
            (self.say(Text("Venue:")), venue_line(event.venue, event.place)),
            (self.say(Text("Dates:")), dates),
        ]
        if self.report.series_name:
            facts.append((self.say(Text("Series:")), self.report.series_name))
        if self.report.previous_event is not None:
            previous = self.report.previous_event
            facts.append((self.say(Text("Previous event:")), f"{previous.name} ({format_day(previous.starts_on)})"))
        local = self.report.generated_at
        facts.append((self.say(Text("Figures as of:")), f"{local:%H:%M} {format_day(local.date())}"))
        return [Paragraph(f"<b>{escape(label)}</b> {escape(value)}", self.styles["info"]) for label, value in facts]

    def headline_section(self) -> list:
        flowables: list = [self.p(self.say(Text("I. Results at a glance")), "section")]
        for headline in headlines(self.report, self.translate):
            flowables.append(Paragraph(f"• {escape(headline.text)}", self.styles["headline"]))
            if headline.previous is not None:
                flowables.append(
                    Paragraph(
                        escape(self.say(Text("Previous event: %(figure)s", {"figure": headline.previous}))), self.styles["note"]
                    )
                )
        return flowables

    def participants(self, now: EventFigures, before: EventFigures | None) -> list:
        roles = self.rows(self.labels.roles, now.participants.by_role, None if before is None else before.participants.by_role)
        statuses = self.rows(
            self.labels.statuses, now.participants.by_status, None if before is None else before.participants.by_status
        )
        total = (self.say(Text("Total")), now.participants.total, None if before is None else before.participants.total)
        return [
            self.p(self.say(Text("II. Participants")), "section"),
            self.p(self.say(Text("Approved participants by role")), "subsection"),
            *self.table(self.say(Text("Role")), roles, total=total),
            self.p(self.say(Text("Registrations by status")), "subsection"),
            *self.table(self.say(Text("Status")), statuses),
        ]

    def organisations(self, now: EventFigures, before: EventFigures | None) -> list:
        kinds = self.rows(self.labels.kinds, now.organisations.by_kind, None if before is None else before.organisations.by_kind)
        total = (self.say(Text("Total")), now.organisations.total, None if before is None else before.organisations.total)
        names = {code: provinces.province_name(code, self.language) for code in now.provinces.by_province}
        province_rows = self.rows(names, now.provinces.by_province, None if before is None else before.provinces.by_province)
        province_total = (
            self.say(Text("Provinces and cities")),
            now.provinces.total,
            None if before is None else before.provinces.total,
        )
        return [
            self.p(self.say(Text("III. Organisations and provinces")), "section"),
            self.p(self.say(Text("Organisations by kind")), "subsection"),
            *self.table(self.say(Text("Kind of organisation")), kinds, total=total),
            *self.chart(self.say(Text("Participants by province (the ten largest delegations)")), province_rows[:10]),
            self.p(self.say(Text("Participants by province")), "subsection"),
            *self.table(self.say(Text("Province / city")), province_rows, total=province_total),
        ]

    def products(self, now: EventFigures, before: EventFigures | None) -> list:
        stars_labels = {code: self.say(Text("%(stars)s stars", {"stars": code})) for code in now.products.by_stars}
        stars = self.rows(stars_labels, now.products.by_stars, None if before is None else before.products.by_stars)
        groups = self.rows(self.labels.groups, now.products.by_group, None if before is None else before.products.by_group)
        total = (self.say(Text("Total")), now.products.total, None if before is None else before.products.total)
        flowables = [
            self.p(self.say(Text("IV. OCOP products")), "section"),
            self.p(self.producers_line(now.products.producers, None if before is None else before.products.producers), "body"),
            self.p(self.say(Text("By rating")), "subsection"),
            *self.table(self.say(Text("OCOP rating")), stars, total=total),
            self.p(self.say(Text("By product group")), "subsection"),
            *self.table(self.say(Text("Product group")), groups, total=total),
        ]
        host = self.report.event.host_province_name
        if host:
            host_stars = self.rows(
                stars_labels, now.host_products.by_stars, None if before is None else before.host_products.by_stars
            )
            host_total = (
                self.say(Text("Total")),
                now.host_products.total,
                None if before is None else before.host_products.total,
            )
            flowables += [
                self.p(self.say(Text("Products of %(province)s", {"province": host})), "subsection"),
                self.p(
                    self.producers_line(now.host_products.producers, None if before is None else before.host_products.producers),
                    "body",
                ),
                *self.table(self.say(Text("OCOP rating")), host_stars, total=host_total),
            ]
        return flowables

    def producers_line(self, producers: int, before: int | None) -> str:
        line = self.say(Text("Products of %(producers)s producers.", {"producers": self.number(producers)}))
        if before is None:
            return line
        previous = self.say(Text("Previous event: %(figure)s", {"figure": self.number(before)}))
        return f"{line} {previous}"

    def attendance(self, now: EventFigures, before: EventFigures | None) -> list:
        days = [(format_day(date.fromisoformat(day)), count, None) for day, count in now.attendance.by_day.items()]
        roles = self.rows(self.labels.roles, now.attendance.by_role, None if before is None else before.attendance.by_role)
        total = (
            self.say(Text("Checked in")),
            now.attendance.checked_in,
            None if before is None else before.attendance.checked_in,
        )
        flowables = [
            self.p(self.say(Text("V. Attendance")), "section"),
            self.p(self.say(Text("Checked in by role")), "subsection"),
            *self.table(self.say(Text("Role")), roles, total=total),
        ]
        if days:
            flowables += [
                self.p(self.say(Text("Arrivals by day")), "subsection"),
                *self.table(self.say(Text("Day")), days),
            ]
        return flowables

    def meetings(self, now: EventFigures, before: EventFigures | None) -> list:
        rows = [
            (
                self.labels.meetings[name],
                getattr(now.meetings, name),
                None if before is None else getattr(before.meetings, name),
            )
            for name in MEETING_FIGURES
        ]
        return [
            self.p(self.say(Text("VI. B2B meetings")), "section"),
            *self.table(self.say(Text("Figure")), rows),
            *self.chart(self.say(Text("B2B meetings, from request to deal")), rows),
        ]

    def mous(self, now: EventFigures, before: EventFigures | None) -> list:
        previous = {} if before is None else {category.code: category.count for category in before.mous.categories}
        rows = [
            (category.label, category.count, None if before is None else previous.get(category.code, 0))
            for category in now.mous.categories
        ]
        total = (self.say(Text("Total")), now.mous.total, None if before is None else before.mous.total)
        return [
            self.p(self.say(Text("VII. Memoranda of understanding")), "section"),
            *self.table(self.say(Text("Category of MoU")), rows, total=total),
            self.p(
                self.say(
                    Text("Committed value: %(value)s.", {"value": format_vnd_or_dash(now.mous.value_vnd_total, self.language)})
                ),
                "body",
            ),
        ]

    def story(self) -> list:
        report = self.report
        now, before = report.figures, report.previous
        return [
            *masthead(TITLE, report.event.name, report.event.place, report.generated_at, self.translate, self.styles),
            *self.facts(),
            *self.headline_section(),
            *self.participants(now, before),
            *self.organisations(now, before),
            *self.products(now, before),
            *self.attendance(now, before),
            *self.meetings(now, before),
            *self.mous(now, before),
            *signature_block(report.event.place, report.generated_at, self.translate, self.styles),
            PageBreak(),
            *mou_list_section(
                self.mou_summary, self.translate, self.styles, Text("Annex: list of the memoranda of understanding")
            ),
        ]


def format_vnd_or_dash(value: int, language: str) -> str:
    """No amount recorded reads "—", not "0 đ"."""
    if not value:
        return "—"
    return f"{format_number(value, language)} {'VND' if language == 'en' else 'đ'}"


def render_event_report_pdf(
    report: EventReport, labels: Labels, mou_summary: MouSummary, fonts: FontFiles, translate: Translate
) -> bytes:
    """The report as PDF bytes; ``mou_summary`` carries the MoUs of the annex."""
    register(fonts)
    builder = _Builder(report, labels, translate, mou_summary)
    buffer = io.BytesIO()
    title = render(translate, TITLE)
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"{title} – {report.event.name}",
        author="eventapp",
        subject=report.event.name,
        lang=report.language,
        creator="eventapp",
    )
    document.build(builder.story(), canvasmaker=numbered_canvas(report.generated_at, translate))
    return buffer.getvalue()
