"""The post-event report (báo cáo tổng kết): every figure the press release
of a conference quotes, as plain values.

The counting is SQL (``services/event_report.py``); this module fixes what
the figures are, their order and their JSON shape, and words the headline
figures the way the provinces' press releases do ("hơn 20 tỉnh, thành phố",
"99 sản phẩm OCOP của 52 doanh nghiệp, HTX và hộ kinh doanh"), so that the
API, the dashboard, the PDF and the spreadsheet always agree.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from eventapp.domain.errors import Text
from eventapp.domain.meetings import Attendance, Interest
from eventapp.domain.mou_stats import MouCounts, format_number
from eventapp.domain.vocabulary import (
    OCOP_STARS,
    OrganisationKind,
    ParticipantRole,
    ParticipantStatus,
    ProductGroup,
)


def every_key(keys: Iterable[str], counted: Mapping[str, int]) -> dict[str, int]:
    """``counted`` with a zero for each key it lacks, in the order of ``keys``;
    keys outside them (a retired code) follow, so nothing counted is lost."""
    known = list(keys)
    figures = {key: int(counted.get(key, 0)) for key in known}
    figures.update({key: int(value) for key, value in counted.items() if key not in figures})
    return figures


@dataclass(frozen=True)
class ParticipantFigures:
    total: int
    by_role: Mapping[str, int]
    by_status: Mapping[str, int]


@dataclass(frozen=True)
class OrganisationFigures:
    total: int
    by_kind: Mapping[str, int]


@dataclass(frozen=True)
class ProvinceFigures:
    """Participants by the province of their organisation."""

    total: int
    by_province: Mapping[str, int]


@dataclass(frozen=True)
class ProductFigures:
    total: int
    by_stars: Mapping[str, int]
    by_group: Mapping[str, int]
    producers: int


@dataclass(frozen=True)
class AttendanceFigures:
    checked_in: int
    by_day: Mapping[str, int]
    by_role: Mapping[str, int]


@dataclass(frozen=True)
class MeetingFigures:
    requested: int
    accepted: int
    scheduled: int
    held: int
    no_show: int
    follow_up: int
    deals: int


MEETING_FIGURES = ("requested", "accepted", "scheduled", "held", "no_show", "follow_up", "deals")


@dataclass(frozen=True)
class EventFigures:
    participants: ParticipantFigures
    organisations: OrganisationFigures
    provinces: ProvinceFigures
    products: ProductFigures
    # The host province's own OCOP products: the figure its press release leads with.
    host_products: ProductFigures
    attendance: AttendanceFigures
    meetings: MeetingFigures
    mous: MouCounts


@dataclass(frozen=True)
class EventFacts:
    """The event as the report names it, already in the report's language."""

    id: int
    name: str
    venue: str
    place: str
    host_province: str | None
    host_province_name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Labels:
    """What the codes read as in the report's language (the caller translates)."""

    roles: Mapping[str, str]
    statuses: Mapping[str, str]
    kinds: Mapping[str, str]
    groups: Mapping[str, str]
    meetings: Mapping[str, str]


@dataclass(frozen=True)
class EventReport:
    language: str
    event: EventFacts
    figures: EventFigures
    generated_at: datetime
    # The previous event of the same series, when there is one: each figure
    # is shown beside it.
    previous_event: EventFacts | None = None
    previous: EventFigures | None = None
    series_id: int | None = None
    series_name: str = ""


def participant_figures(by_status: Mapping[str, int], approved_by_role: Mapping[str, int]) -> ParticipantFigures:
    roles = every_key((role.value for role in ParticipantRole), approved_by_role)
    return ParticipantFigures(
        total=sum(roles.values()),
        by_role=roles,
        by_status=every_key((status.value for status in ParticipantStatus), by_status),
    )


def organisation_figures(by_kind: Mapping[str, int]) -> OrganisationFigures:
    kinds = every_key((kind.value for kind in OrganisationKind), by_kind)
    return OrganisationFigures(total=sum(kinds.values()), by_kind=kinds)


def product_figures(by_stars: Mapping[int, int], by_group: Mapping[str, int], producers: int) -> ProductFigures:
    stars = every_key((str(star) for star in OCOP_STARS), {str(star): count for star, count in by_stars.items()})
    return ProductFigures(
        total=sum(stars.values()),
        by_stars=stars,
        by_group=every_key((group.value for group in ProductGroup), by_group),
        producers=int(producers),
    )


def meeting_figures(
    requested: int, accepted: int, scheduled: int, by_attendance: Mapping[str, int], by_interest: Mapping[str, int]
) -> MeetingFigures:
    return MeetingFigures(
        requested=int(requested),
        accepted=int(accepted),
        scheduled=int(scheduled),
        held=int(by_attendance.get(Attendance.HELD.value, 0)),
        no_show=int(by_attendance.get(Attendance.NO_SHOW.value, 0)),
        follow_up=int(by_interest.get(Interest.FOLLOW_UP.value, 0)),
        deals=int(by_interest.get(Interest.DEAL.value, 0)),
    )


def mou_summary_json(counts: MouCounts) -> dict:
    """The shape of ``GET /mous/summary``."""
    return {
        "total": counts.total,
        "by_category": counts.by_category,
        "by_province": counts.by_province,
        "value_vnd_total": counts.value_vnd_total,
    }


def _products_json(products: ProductFigures) -> dict:
    return {
        "total": products.total,
        "by_stars": dict(products.by_stars),
        "by_group": dict(products.by_group),
        "producers": products.producers,
    }


def figures_json(figures: EventFigures) -> dict:
    return {
        "participants": {
            "total": figures.participants.total,
            "by_role": dict(figures.participants.by_role),
            "by_status": dict(figures.participants.by_status),
        },
        "organisations": {"total": figures.organisations.total, "by_kind": dict(figures.organisations.by_kind)},
        "provinces": {"total": figures.provinces.total, "by_province": dict(figures.provinces.by_province)},
        "products": {**_products_json(figures.products), "host_province": _products_json(figures.host_products)},
        "attendance": {
            "checked_in": figures.attendance.checked_in,
            "by_day": dict(figures.attendance.by_day),
            "by_role": dict(figures.attendance.by_role),
        },
        "meetings": {name: getattr(figures.meetings, name) for name in MEETING_FIGURES},
        "mous": mou_summary_json(figures.mous),
    }


def facts_json(facts: EventFacts) -> dict:
    return {
        "id": facts.id,
        "name": facts.name,
        "starts_on": facts.starts_on.isoformat(),
        "ends_on": facts.ends_on.isoformat(),
    }


def report_json(report: EventReport) -> dict:
    """The API's answer: the figures, and the previous event's beside them."""
    answer = figures_json(report.figures)
    answer["event"] = facts_json(report.event)
    answer["series"] = None if report.series_id is None else {"id": report.series_id, "name": report.series_name}
    answer["previous"] = (
        None
        if report.previous is None or report.previous_event is None
        else {"event": facts_json(report.previous_event), **figures_json(report.previous)}
    )
    return answer


# The overview: one figure per part, compared from one event to the next ----------

# Code, label and figure: the report page, the workbook's overview and the
# series page show these, in this order.
OVERVIEW: tuple[tuple[str, Text, Callable[[EventFigures], int]], ...] = (
    ("participants", Text("Approved participants"), lambda f: f.participants.total),
    ("organisations", Text("Organisations"), lambda f: f.organisations.total),
    ("provinces", Text("Provinces and cities"), lambda f: f.provinces.total),
    ("products", Text("OCOP products"), lambda f: f.products.total),
    ("producers", Text("Producers"), lambda f: f.products.producers),
    ("host_products", Text("OCOP products of the host province"), lambda f: f.host_products.total),
    ("host_producers", Text("Producers of the host province"), lambda f: f.host_products.producers),
    ("checked_in", Text("Checked in"), lambda f: f.attendance.checked_in),
    ("meetings", Text("B2B meetings arranged"), lambda f: f.meetings.scheduled),
    ("mous", Text("Memoranda of understanding"), lambda f: f.mous.total),
    ("mou_value_vnd", Text("Committed value (VND)"), lambda f: f.mous.value_vnd_total),
)


def overview_figures(figures: EventFigures) -> dict[str, int]:
    return {code: pick(figures) for code, _label, pick in OVERVIEW}


def format_change(value: int, before: int, language: str) -> str:
    """ "+21 (+27%)", "-3 (-5%)", "0": the difference with the previous
    event, and its share of the previous figure when there was one."""
    difference = value - before
    if difference == 0:
        return "0"
    sign = "+" if difference > 0 else "-"
    text = f"{sign}{format_number(abs(difference), language)}"
    if before > 0:
        text += f" ({sign}{format_number(round(abs(difference) * 100 / before), language)}%)"
    return text


# The headline page ------------------------------------------------------------

Translate = Callable[..., str]


@dataclass(frozen=True)
class Headline:
    """One sentence of the headline page, and the same figure at the previous
    event of the series when there is one."""

    text: str
    previous: str | None = None


BUSINESS_KINDS = (OrganisationKind.ENTERPRISE, OrganisationKind.COOPERATIVE, OrganisationKind.HOUSEHOLD)


def businesses(figures: EventFigures) -> int:
    """Enterprises, cooperatives and household businesses: the press's "doanh nghiệp, HTX, cơ sở sản xuất"."""
    return sum(figures.organisations.by_kind.get(kind.value, 0) for kind in BUSINESS_KINDS)


def distributors(figures: EventFigures) -> int:
    return figures.organisations.by_kind.get(OrganisationKind.DISTRIBUTOR.value, 0)


class _Sentences:
    """The figures of one event worded for the headline page."""

    def __init__(self, figures: EventFigures, language: str, translate: Translate) -> None:
        self.figures, self.language, self.translate = figures, language, translate

    def number(self, value: int) -> str:
        return format_number(value, self.language)

    def say(self, text: Text) -> str:
        return text.render(self.translate)

    def stars(self, products: ProductFigures) -> str:
        """ "24 products rated 4 stars, 75 products rated 3 stars": highest first, empty ratings left out."""
        parts = [
            self.say(Text("%(count)s products rated %(stars)s stars", {"count": self.number(count), "stars": star}))
            for star in sorted(OCOP_STARS, reverse=True)
            if (count := products.by_stars.get(str(star), 0))
        ]
        return ", ".join(parts) or "—"

    def all(self, host_name: str) -> list[str]:
        figures = self.figures
        sentences = [
            self.say(
                Text(
                    "%(participants)s participants from %(provinces)s provinces and cities.",
                    {"participants": self.number(figures.participants.total), "provinces": self.number(figures.provinces.total)},
                )
            ),
            self.say(
                Text(
                    "%(businesses)s businesses, cooperatives and producers; %(distributors)s distributors and retail chains.",
                    {"businesses": self.number(businesses(figures)), "distributors": self.number(distributors(figures))},
                )
            ),
            self.say(
                Text(
                    "%(products)s OCOP products of %(producers)s producers on show (%(stars)s).",
                    {
                        "products": self.number(figures.products.total),
                        "producers": self.number(figures.products.producers),
                        "stars": self.stars(figures.products),
                    },
                )
            ),
        ]
        if host_name:
            sentences.append(
                self.say(
                    Text(
                        "%(province)s: %(products)s OCOP products of %(producers)s businesses, cooperatives and "
                        "household businesses (%(stars)s).",
                        {
                            "province": host_name,
                            "products": self.number(figures.host_products.total),
                            "producers": self.number(figures.host_products.producers),
                            "stars": self.stars(figures.host_products),
                        },
                    )
                )
            )
        sentences += [
            self.say(
                Text("%(checked_in)s people checked in at the doors.", {"checked_in": self.number(figures.attendance.checked_in)})
            ),
            self.say(
                Text(
                    "%(scheduled)s B2B meetings arranged, %(held)s held; "
                    "%(deals)s ended in a deal, %(follow_up)s in a follow-up.",
                    {
                        "scheduled": self.number(figures.meetings.scheduled),
                        "held": self.number(figures.meetings.held),
                        "deals": self.number(figures.meetings.deals),
                        "follow_up": self.number(figures.meetings.follow_up),
                    },
                )
            ),
        ]
        parts = "; ".join(
            f"{self.number(category.count)} {category.label}" for category in figures.mous.categories if category.count
        )
        if figures.mous.total:
            sentences.append(
                self.say(
                    Text(
                        "%(total)s memoranda of understanding signed: %(parts)s.",
                        {"total": self.number(figures.mous.total), "parts": parts},
                    )
                )
            )
        else:
            sentences.append(self.say(Text("No memorandum of understanding recorded yet.")))
        return sentences


def headlines(report: EventReport, translate: Translate) -> list[Headline]:
    """The report's first page, in the words of the press release."""
    host = report.event.host_province_name
    current = _Sentences(report.figures, report.language, translate).all(host)
    if report.previous is None:
        return [Headline(text) for text in current]
    before = _Sentences(report.previous, report.language, translate).all(host)
    return [Headline(text, previous) for text, previous in zip(current, before, strict=True)]
