"""The post-event report as a workbook: a sheet per part, numbers as numbers,
the previous event's figures and the change in columns of their own when
there is one."""

from collections.abc import Callable, Mapping

from eventapp.domain import provinces
from eventapp.domain.errors import Text
from eventapp.domain.event_report import (
    MEETING_FIGURES,
    OVERVIEW,
    EventFigures,
    EventReport,
    Labels,
    Translate,
    every_key,
    headlines,
    overview_figures,
)
from eventapp.domain.mou_export import Cell, Sheet

Figures = Mapping[str, int]
Part = tuple[str, Mapping[str, str], Callable[[EventFigures], Figures]]


class _Sheets:
    def __init__(self, report: EventReport, labels: Labels, translate: Translate) -> None:
        self.report, self.labels, self.translate = report, labels, translate

    def say(self, text: Text) -> str:
        return text.render(self.translate)

    def sheet(self, title: str, parts: list[Part]) -> Sheet:
        """Rows of part, code, label and figure (and the previous event's, and
        the change). A code the previous event lacks (a day of arrivals) leaves
        those two cells empty: nothing to compare it with."""
        header = [self.say(Text("Part")), self.say(Text("Code")), self.say(Text("Label")), self.say(Text("This event"))]
        previous = self.report.previous
        if previous is not None:
            header += [self.say(Text("Previous event")), self.say(Text("Change (±)"))]
        rows: list[list[Cell]] = []
        for part, labels, pick in parts:
            before = pick(previous) if previous is not None else {}
            for code, count in pick(self.report.figures).items():
                row: list[Cell] = [part, code, labels.get(code, code), count]
                if previous is not None:
                    row += [before[code], count - before[code]] if code in before else [None, None]
                rows.append(row)
        return Sheet(title=title, header=header, rows=rows)

    def glance(self) -> Sheet:
        lines = headlines(self.report, self.translate)
        header = [self.say(Text("Results at a glance"))]
        if self.report.previous is not None:
            header.append(self.say(Text("Previous event")))
        rows: list[list[Cell]] = [[line.text] if line.previous is None else [line.text, line.previous] for line in lines]
        return Sheet(title=self.say(Text("Results at a glance")), header=header, rows=rows)

    def all(self) -> list[Sheet]:
        say, labels, language = self.say, self.labels, self.report.language
        previous = self.report.previous
        # This event's provinces, largest first, then those only the previous event had.
        seen_provinces = dict.fromkeys(
            [*self.report.figures.provinces.by_province, *(previous.provinces.by_province if previous else ())]
        )
        province_names = {code: provinces.province_name(code, language) for code in seen_provinces}
        stars = {code: say(Text("%(stars)s stars", {"stars": code})) for code in self.report.figures.products.by_stars}
        overview = {code: say(label) for code, label, _pick in OVERVIEW}
        categories = {category.code: category.label for category in self.report.figures.mous.categories}
        return [
            self.sheet(say(Text("Overview")), [(say(Text("Overview")), overview, overview_figures)]),
            self.glance(),
            self.sheet(
                say(Text("Participants")),
                [
                    (say(Text("Approved participants by role")), labels.roles, lambda f: f.participants.by_role),
                    (say(Text("Registrations by status")), labels.statuses, lambda f: f.participants.by_status),
                ],
            ),
            self.sheet(
                say(Text("Organisations")),
                [(say(Text("Organisations by kind")), labels.kinds, lambda f: f.organisations.by_kind)],
            ),
            self.sheet(
                say(Text("Provinces")),
                # Every province of either event: one that stayed away this time reads 0.
                [
                    (
                        say(Text("Participants by province")),
                        province_names,
                        lambda f: every_key(province_names, f.provinces.by_province),
                    )
                ],
            ),
            self.sheet(
                say(Text("OCOP products")),
                [
                    (say(Text("By rating")), stars, lambda f: f.products.by_stars),
                    (say(Text("By product group")), labels.groups, lambda f: f.products.by_group),
                    (say(Text("OCOP products of the host province")), stars, lambda f: f.host_products.by_stars),
                ],
            ),
            self.sheet(
                say(Text("Attendance")),
                [
                    (say(Text("Checked in by role")), labels.roles, lambda f: f.attendance.by_role),
                    (say(Text("Arrivals by day")), {}, lambda f: f.attendance.by_day),
                ],
            ),
            self.sheet(
                say(Text("B2B meetings")),
                [
                    (
                        say(Text("B2B meetings")),
                        labels.meetings,
                        lambda f: {name: getattr(f.meetings, name) for name in MEETING_FIGURES},
                    )
                ],
            ),
            self.sheet(say(Text("MoUs")), [(say(Text("Memoranda of understanding")), categories, lambda f: f.mous.by_category)]),
        ]


def report_sheets(report: EventReport, labels: Labels, translate: Translate) -> list[Sheet]:
    return _Sheets(report, labels, translate).all()
