"""Every filter and global the templates use, registered once by the app
factory: a template of any blueprint may show a slot, a meeting's place, an
amount in đồng or a label. Helpers here format what the view passed; none of
them queries the database (a view that needs a row passes it)."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from eventapp import i18n
from eventapp.blueprints.formtools import field_title, fields_with_errors, take_undo
from eventapp.blueprints.meeting_labels import ATTENDANCE, INTEREST, TEMPLATE_GLOBALS
from eventapp.domain.badge_pdf import qr_svg
from eventapp.domain.contact import format_phone
from eventapp.domain.meetings import format_breaks
from eventapp.domain.mou_stats import format_day, format_vnd
from eventapp.domain.registration import certificate_expired, certificate_expires_on
from eventapp.models import Event, Meeting, MeetingSession, MeetingSlot, Participant, Product
from eventapp.services import agendas, badges
from eventapp.web import current_language, event_timezone, province_choices, province_label, staff_menu_label, url_with_lang


def slot_range(slot: MeetingSlot, event: Event) -> str:
    return agendas.time_range(slot, event)


def slot_day(slot: MeetingSlot, event: Event) -> str:
    return format_date(agendas.local(slot.starts_at, event).date(), "full")


def event_datetime(moment: datetime | None, event: Event) -> str:
    return f"{agendas.local(moment, event):%d/%m/%Y %H:%M}" if moment else ""


def session_breaks(row: MeetingSession) -> str:
    return format_breaks((pause.starts, pause.ends) for pause in row.breaks)


def meeting_place(meeting: Meeting, places: str) -> str:
    return agendas.place_label(meeting, places)


def organisation_line(participant: Participant) -> str:
    return agendas.organisation_line(participant, current_language())


def meeting_label(meeting: Meeting, event: Event) -> str:
    """A meeting as the MoU pages name it: when, who, and what came of it."""
    day = agendas.local(meeting.slot.starts_at, event)
    label = (
        f"{day:%d/%m/%Y} {agendas.time_range(meeting.slot, event)} · "
        f"{meeting.participant_a.organisation.name} — {meeting.participant_b.organisation.name}"
    )
    outcome = meeting.outcome
    if outcome is not None:
        label += f" · {INTEREST[outcome.interest] if outcome.interest else ATTENDANCE[outcome.attendance]}"
    return label


# The fields of an MoU as the audit trail names them.
MOU_FIELD_LABELS = {
    "title": _l("Title"),
    "category": _l("Category"),
    "parties": _l("Parties"),
    "signed_on": _l("Signed on"),
    "value_vnd": _l("Value"),
    "product_groups": _l("Product groups"),
    "notes": _l("Notes"),
    "document": _l("Scanned copy"),
    "meeting": _l("Meeting that led to it"),
}


def mou_field(key: str) -> str:
    return str(MOU_FIELD_LABELS.get(key, key))


def vnd(value: int | None) -> str:
    return format_vnd(value, current_language())


def day(value) -> str:
    return format_day(value) if value else ""


def buyer_option(buyer_and_count: tuple[Participant, int]) -> tuple[int, str]:
    """A buyer in the board's filter: organisation, name and how many of their
    requests have no meeting."""
    buyer, count = buyer_and_count
    return buyer.id, f"{buyer.organisation.name} · {buyer.full_name} ({count})"


def badge_qr(participant: Participant) -> Markup:
    """The participant's badge QR as inline SVG, for their own page."""
    label = _("Badge code of %(name)s", name=participant.full_name)
    return Markup(qr_svg(badges.badge_code(participant), label=label))


@dataclass(frozen=True)
class ShownCertificate:
    number: str
    issued_on: date
    issued_by: str
    expires_on: date
    expired: bool


def ocop_certificate(product: Product, event: Event) -> ShownCertificate | None:
    """A product's certificate as pages show it: expired by the event's first
    day (as the API says), so marked, never hidden."""
    issued_on = product.certificate_issued_on
    if product.certificate_number is None or issued_on is None:
        return None
    return ShownCertificate(
        number=product.certificate_number,
        issued_on=issued_on,
        issued_by=product.certificate_issued_by or "",
        expires_on=certificate_expires_on(issued_on),
        expired=certificate_expired(issued_on, event.starts_on),
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        current_language=current_language,
        take_undo=take_undo,
        staff_menu_label=staff_menu_label,
        ocop_certificate=ocop_certificate,
        url_with_lang=url_with_lang,
        province_choices=province_choices,
        event_timezone=event_timezone,
        LANGUAGES=i18n.LANGUAGES,
        ORGANISATION_KINDS=i18n.ORGANISATION_KINDS,
        PARTICIPANT_ROLES=i18n.PARTICIPANT_ROLES,
        PARTICIPANT_STATUSES=i18n.PARTICIPANT_STATUSES,
        PRODUCT_GROUPS=i18n.PRODUCT_GROUPS,
        EVENT_ROLES=i18n.EVENT_ROLES,
        **TEMPLATE_GLOBALS,
    )
    app.jinja_env.filters.update(
        province=province_label,
        phone=lambda number: format_phone(number) if number else "",
        message=i18n.render,
        fields_with_errors=fields_with_errors,
        field_title=field_title,
        slot_range=slot_range,
        slot_day=slot_day,
        event_datetime=event_datetime,
        session_breaks=session_breaks,
        meeting_place=meeting_place,
        organisation_line=organisation_line,
        mou_meeting=meeting_label,
        mou_field=mou_field,
        vnd=vnd,
        day=day,
        badge_qr=badge_qr,
        buyer_option=buyer_option,
    )
