"""Everything the event holds about one participant, for them to take away
through their private link: as JSON (every field, machine-readable codes) and
as an A4 PDF to read (the same records, labelled and translated).

The right of access (Luật Bảo vệ dữ liệu cá nhân) is to what is held, not
only what is shown: the registration,
products, answers, consents, meeting profile, meetings and requests, door
scans, the e-mails sent to them, the MoUs their organisation signed here, the
changes they asked for, and the audit log's record of their registration.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _

from eventapp import i18n
from eventapp.domain import my_data_pdf, provinces
from eventapp.models import (
    AuditEntry,
    MatchmakingProfile,
    Meeting,
    MeetingRequest,
    Mou,
    MouParty,
    OutgoingEmail,
    Participant,
    RegistrationChange,
    Scan,
)
from eventapp.services import consents as consent_service
from eventapp.services import questions as question_service
from eventapp.services.links import participant_url
from eventapp.services.mou_reports import report_fonts
from eventapp.services.participants import participant_by_key


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(participant: Participant) -> dict:
    return {"full_name": participant.full_name, "organisation": participant.organisation.name}


def _registration(participant: Participant) -> dict:
    organisation = participant.organisation
    return {
        "id": participant.id,
        "full_name": participant.full_name,
        "email": participant.email,
        "phone": participant.phone,
        "position": participant.position,
        "role": participant.role,
        "status": participant.status,
        "language": participant.language,
        "booth": participant.booth,
        "badge_version": participant.badge_version,
        "private_link": participant_url(participant),
        "registered_at": _moment(participant.created_at),
        "updated_at": _moment(participant.updated_at),
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "province": organisation.province,
            "tax_code": organisation.tax_code,
        },
    }


def _products(participant: Participant) -> list[dict]:
    return [
        {
            "name": product.name,
            "group": product.group,
            "stars": product.stars,
            "description": product.description,
            "certificate": None
            if product.certificate_number is None
            else {
                "number": product.certificate_number,
                "issued_on": _day(product.certificate_issued_on),
                "issued_by": product.certificate_issued_by,
            },
        }
        for product in participant.products
    ]


def _profile(session: so.Session, participant: Participant) -> dict | None:
    profile = session.get(MatchmakingProfile, participant.id)
    if profile is None:
        return None
    return {
        "available_from": _moment(profile.available_from),
        "available_until": _moment(profile.available_until),
        "max_meetings": profile.max_meetings,
        "sourcing": profile.sourcing,
    }


def _meetings(session: so.Session, participant: Participant) -> list[dict]:
    meetings = session.scalars(
        sa.select(Meeting)
        .where(sa.or_(Meeting.participant_a_id == participant.id, Meeting.participant_b_id == participant.id))
        .options(
            so.joinedload(Meeting.slot),
            so.joinedload(Meeting.table),
            so.selectinload(Meeting.outcome),
            # Each meeting names the other side: loaded with it, not one query each.
            so.joinedload(Meeting.participant_a).joinedload(Participant.organisation),
            so.joinedload(Meeting.participant_b).joinedload(Participant.organisation),
        )
        .order_by(Meeting.id)
    )
    rows = []
    for meeting in sorted(meetings, key=lambda m: (m.slot.starts_at, m.id)):
        outcome = meeting.outcome
        rows.append(
            {
                "id": meeting.id,
                "starts_at": _moment(meeting.slot.starts_at),
                "ends_at": _moment(meeting.slot.ends_at),
                "table": meeting.table.number if meeting.table is not None else None,
                "with": _person(meeting.counterpart_of(participant.id)),
                "attended": participant.id in {a.participant_id for a in meeting.attendances},
                "outcome": None
                if outcome is None
                else {"attendance": outcome.attendance, "interest": outcome.interest, "note": outcome.note},
            }
        )
    return rows


def _requests(session: so.Session, participant: Participant) -> list[dict]:
    requests = session.scalars(
        sa.select(MeetingRequest)
        .where(sa.or_(MeetingRequest.from_participant_id == participant.id, MeetingRequest.to_participant_id == participant.id))
        .options(
            so.joinedload(MeetingRequest.sender).joinedload(Participant.organisation),
            so.joinedload(MeetingRequest.recipient).joinedload(Participant.organisation),
        )
        .order_by(MeetingRequest.created_at, MeetingRequest.id)
    )
    return [
        {
            "direction": "sent" if request.from_participant_id == participant.id else "received",
            "with": _person(request.recipient if request.from_participant_id == participant.id else request.sender),
            "priority": request.priority,
            "message": request.message,
            "status": request.status,
            "sent_at": _moment(request.created_at),
            "answered_at": _moment(request.answered_at),
        }
        for request in requests
    ]


def _check_ins(session: so.Session, participant: Participant) -> list[dict]:
    scans = session.scalars(sa.select(Scan).where(Scan.participant_id == participant.id).order_by(Scan.scanned_at, Scan.id))
    return [
        {
            "scanned_at": _moment(scan.scanned_at),
            "result": scan.result,
            "problem": scan.problem,
            "method": scan.method,
            "gate": scan.gate,
        }
        for scan in scans
    ]


def _emails(session: so.Session, participant: Participant) -> list[dict]:
    emails = session.scalars(
        sa.select(OutgoingEmail)
        .where(OutgoingEmail.participant_id == participant.id)
        .order_by(OutgoingEmail.created_at, OutgoingEmail.id)
    )
    return [
        {
            "to": email.to_address,
            "subject": email.subject,
            "kind": email.template,
            "status": email.status,
            "queued_at": _moment(email.created_at),
            "sent_at": _moment(email.sent_at),
            "text": email.body_text,
        }
        for email in emails
    ]


def _mous(session: so.Session, participant: Participant) -> list[dict]:
    """The MoUs of this event that their organisation is a party to."""
    mous = session.scalars(
        sa.select(Mou)
        .where(
            Mou.event_id == participant.event_id,
            sa.select(MouParty.id)
            .where(MouParty.mou_id == Mou.id, MouParty.organisation_id == participant.organisation_id)
            .exists(),
        )
        .options(so.selectinload(Mou.parties))
        .order_by(Mou.signed_on, Mou.id)
    )
    return [
        {
            "id": mou.id,
            "title": mou.title,
            "signed_on": _day(mou.signed_on),
            "category": mou.category.code,
            "parties": [party.organisation.name for party in sorted(mou.parties, key=lambda p: p.position)],
            "value_vnd": mou.value_vnd,
            "meeting_id": mou.meeting_id,
        }
        for mou in mous
    ]


def _answers(session: so.Session, participant: Participant) -> list[dict]:
    return [
        {"question_id": question.id, "question": question.label, "question_en": question.label_en, "answer": answer}
        for question, answer in question_service.shown_answers(session, participant)
    ]


def _consents(session: so.Session, participant: Participant) -> list[dict]:
    """Every choice recorded, oldest first: the latest per purpose is in force."""
    return [
        {
            "purpose": consent.purpose,
            "granted": consent.granted,
            "notice_version": consent.notice.version,
            "method": consent.method,
            "given_at": _moment(consent.given_at),
        }
        for consent in reversed(consent_service.history(session, participant.id))
    ]


def _changes(session: so.Session, participant: Participant) -> list[dict]:
    changes = session.scalars(
        sa.select(RegistrationChange)
        .where(RegistrationChange.participant_id == participant.id)
        .order_by(RegistrationChange.requested_at, RegistrationChange.id)
    )
    return [
        {
            "requested_at": _moment(change.requested_at),
            "changes": change.changes,
            "status": change.status,
            "decided_at": _moment(change.decided_at),
        }
        for change in changes
    ]


def _history(session: so.Session, participant: Participant) -> list[dict]:
    entries = session.scalars(
        sa.select(AuditEntry)
        .where(
            AuditEntry.event_id == participant.event_id,
            AuditEntry.target_type == "participant",
            AuditEntry.target_id == participant.id,
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        {
            "at": _moment(entry.at),
            "action": entry.action,
            "by": "participant" if entry.actor_participant_id is not None else "organisers",
            "changes": entry.changes,
        }
        for entry in entries
    ]


def data_of(session: so.Session, participant: Participant) -> dict:
    event = participant.event
    return {
        "generated_at": _moment(datetime.now(UTC)),
        "event": {
            "id": event.id,
            "name": event.name,
            "name_en": event.name_en,
            "starts_on": _day(event.starts_on),
            "ends_on": _day(event.ends_on),
            "venue": event.venue,
        },
        "registration": _registration(participant),
        "products": _products(participant),
        "answers": _answers(session, participant),
        "consents": _consents(session, participant),
        "matchmaking_profile": _profile(session, participant),
        "meetings": _meetings(session, participant),
        "meeting_requests": _requests(session, participant),
        "check_ins": _check_ins(session, participant),
        "emails": _emails(session, participant),
        "mous": _mous(session, participant),
        "registration_changes": _changes(session, participant),
        "history": _history(session, participant),
    }


def my_data(session: so.Session, access_key: str) -> tuple[Participant, dict]:
    participant = participant_by_key(session, access_key)
    return participant, data_of(session, participant)


# PDF ------------------------------------------------------------------------


FIELD_LABELS: dict[str, Callable[[], str]] = {
    "full_name": lambda: _("Full name"),
    "role": lambda: _("Participation"),
    "organisation.name": lambda: _("Organisation name"),
    "organisation.kind": lambda: _("Type of organisation"),
    "organisation.province": lambda: _("Province / city"),
    "organisation.tax_code": lambda: _("Tax code"),
    "email": lambda: _("E-mail"),
    "phone": lambda: _("Mobile phone"),
    "position": lambda: _("Position"),
    "language": lambda: _("Language"),
    "booth": lambda: _("Booth"),
    "status": lambda: _("Status"),
    "organisation": lambda: _("Organisation"),
    "products": lambda: _("OCOP products"),
}


def field_label(field: str) -> str:
    label = FIELD_LABELS.get(field)
    return label() if label is not None else field


def field_value(field: str, value: object, day: date) -> str:
    """A stored value as people read it: labels for codes, a dash for nothing."""
    if value is None or value == "":
        return "—"
    tables: dict[str, Mapping[Any, object]] = {
        "role": i18n.PARTICIPANT_ROLES,
        "status": i18n.PARTICIPANT_STATUSES,
        "organisation.kind": i18n.ORGANISATION_KINDS,
        "language": i18n.LANGUAGES,
    }
    if field in tables:
        return str(tables[field].get(value, value))
    if field == "organisation.province":
        found = provinces.find_province(str(value), day)
        return found.name(str(get_locale() or "vi")) if found is not None else str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class _Formats:
    def __init__(self, zone: ZoneInfo, day: date) -> None:
        self.zone, self.day = zone, day

    def moment(self, value: str | None) -> str:
        if not value:
            return "—"
        return format_datetime(datetime.fromisoformat(value).astimezone(self.zone), "short")

    def date(self, value: str | None) -> str:
        return format_date(date.fromisoformat(value), "long") if value else "—"


def _record(*lines: tuple[str, object]) -> my_data_pdf.DataRecord:
    return my_data_pdf.DataRecord(tuple((label, "—" if value in (None, "") else str(value)) for label, value in lines))


# The font has no arrow: "before » after".
CHANGED_TO = " » "

ACTIONS: dict[str, Callable[[], str]] = {
    "participant.created": lambda: _("Registered by the organisers"),
    "participant.updated": lambda: _("Changed by the organisers"),
    "participant.self_updated": lambda: _("Changed by you"),
    "participant.change_requested": lambda: _("Change asked for by you"),
    "participant.approved": lambda: _("Approved"),
    "participant.rejected": lambda: _("Rejected"),
    "participant.cancelled": lambda: _("Cancelled"),
    "registration_change.accepted": lambda: _("Your change accepted"),
    "registration_change.declined": lambda: _("Your change declined"),
    "badge.reissued": lambda: _("Badge reissued"),
    "consent.changed": lambda: _("Consents changed by you"),
    "consent.recorded": lambda: _("Consents recorded by the organisers"),
    "participant.erased": lambda: _("Personal data erased"),
}

PURPOSES: dict[str, Callable[[], str]] = {
    "processing": lambda: _("Processing of your data for the event"),
    "share_profile": lambda: _("Your profile and products shown to buyers and in the catalogue"),
    "photos": lambda: _("Photos and press"),
    "news": lambda: _("News of future events"),
}

CONSENT_METHODS: dict[str, Callable[[], str]] = {
    "online": lambda: _("Online"),
    "paper": lambda: _("On paper"),
    "api": lambda: _("Through the API"),
}

REQUEST_STATUSES: dict[str, Callable[[], str]] = {
    "pending": lambda: _("Awaiting an answer"),
    "accepted": lambda: _("Accepted"),
    "declined": lambda: _("Declined"),
    "withdrawn": lambda: _("Withdrawn"),
}

CHANGE_STATUSES: dict[str, Callable[[], str]] = {
    "pending": lambda: _("Waiting for the organisers"),
    "accepted": lambda: _("Accepted"),
    "declined": lambda: _("Declined"),
    "withdrawn": lambda: _("Withdrawn"),
}


def _label_of(table: dict[str, Callable[[], str]], code: str) -> str:
    label = table.get(code)
    return label() if label is not None else code


def _change_lines(changes: dict, day: date) -> str:
    return "\n".join(
        f"{field_label(field)}: {field_value(field, values[0], day)}{CHANGED_TO}{field_value(field, values[1], day)}"
        if isinstance(values, list) and len(values) == 2
        else f"{field_label(field)}: {field_value(field, values, day)}"
        for field, values in changes.items()
    )


def _answer_text(answer: object, yes: str, no: str) -> str:
    if isinstance(answer, bool):
        return yes if answer else no
    if isinstance(answer, list):
        return ", ".join(str(item) for item in answer)
    return str(answer)


def _certificate_line(certificate: dict | None, formats: _Formats) -> str | None:
    if certificate is None:
        return None
    return f"{certificate['number']} · {formats.date(certificate['issued_on'])} · {certificate['issued_by']}"


def _sections(data: dict, formats: _Formats) -> tuple[my_data_pdf.DataSection, ...]:
    day = formats.day
    reg = data["registration"]
    organisation = reg["organisation"]
    yes, no = _("yes"), _("no")
    english = str(get_locale()) == "en"
    registration = _record(
        (_("Full name"), reg["full_name"]),
        (_("E-mail"), reg["email"]),
        (_("Mobile phone"), reg["phone"]),
        (_("Position"), reg["position"]),
        (_("Participation"), field_value("role", reg["role"], day)),
        (_("Status"), field_value("status", reg["status"], day)),
        (_("Language"), field_value("language", reg["language"], day)),
        (_("Booth"), reg["booth"]),
        (_("Organisation name"), organisation["name"]),
        (_("Type of organisation"), field_value("organisation.kind", organisation["kind"], day)),
        (_("Province / city"), field_value("organisation.province", organisation["province"], day)),
        (_("Tax code"), organisation["tax_code"]),
        (_("Badge version"), reg["badge_version"]),
        (_("Private link"), reg["private_link"]),
        (_("Registered"), formats.moment(reg["registered_at"])),
        (_("Last changed"), formats.moment(reg["updated_at"])),
    )
    products = tuple(
        _record(
            (_("Product name"), p["name"]),
            (_("OCOP product group"), str(i18n.PRODUCT_GROUPS.get(p["group"], p["group"]))),
            (_("OCOP rating"), _("%(num)s stars", num=p["stars"])),
            (_("Short description"), p["description"]),
            (_("OCOP certificate"), _certificate_line(p["certificate"], formats)),
        )
        for p in data["products"]
    )
    answers = tuple(
        _record((a["question_en"] if english and a["question_en"] else a["question"], _answer_text(a["answer"], yes, no)))
        for a in data["answers"]
    )
    consents = tuple(
        _record(
            (_("Purpose"), _label_of(PURPOSES, c["purpose"])),
            (_("Your choice"), _("given") if c["granted"] else _("not given or withdrawn")),
            (_("Privacy notice"), _("version %(number)s", number=c["notice_version"])),
            (_("How"), _label_of(CONSENT_METHODS, c["method"])),
            (_("When"), formats.moment(c["given_at"])),
        )
        for c in data["consents"]
    )
    profile = data["matchmaking_profile"]
    profiles = (
        ()
        if profile is None
        else (
            _record(
                (_("Available from"), formats.moment(profile["available_from"])),
                (_("Available until"), formats.moment(profile["available_until"])),
                (_("At most this many meetings"), profile["max_meetings"]),
                (_("What you are looking for"), profile["sourcing"]),
            ),
        )
    )
    meetings = tuple(
        _record(
            (_("Time"), f"{formats.moment(m['starts_at'])} – {formats.moment(m['ends_at'])}"),
            (_("Table"), m["table"]),
            (_("With"), f"{m['with']['full_name']} · {m['with']['organisation']}"),
            (_("Attendance confirmed"), yes if m["attended"] else no),
            (
                _("Outcome"),
                None if m["outcome"] is None else " · ".join(v for v in m["outcome"].values() if v),
            ),
        )
        for m in data["meetings"]
    )
    requests = tuple(
        _record(
            (_("Direction"), _("sent") if r["direction"] == "sent" else _("received")),
            (_("With"), f"{r['with']['full_name']} · {r['with']['organisation']}"),
            (_("Message"), r["message"]),
            (_("Status"), _label_of(REQUEST_STATUSES, r["status"])),
            (_("Sent"), formats.moment(r["sent_at"])),
            (_("Answered"), formats.moment(r["answered_at"])),
        )
        for r in data["meeting_requests"]
    )
    check_ins = tuple(
        _record(
            (_("Time"), formats.moment(s["scanned_at"])),
            (_("Result"), s["result"] + (f" ({s['problem']})" if s["problem"] else "")),
            (_("Gate"), s["gate"]),
        )
        for s in data["check_ins"]
    )
    emails = tuple(
        _record(
            (_("Subject"), e["subject"]),
            (_("To"), e["to"]),
            (_("Queued"), formats.moment(e["queued_at"])),
            (_("Sent"), formats.moment(e["sent_at"])),
        )
        for e in data["emails"]
    )
    mous = tuple(
        _record(
            (_("Title"), m["title"]),
            (_("Signed on"), formats.date(m["signed_on"])),
            (_("Parties"), ", ".join(m["parties"])),
        )
        for m in data["mous"]
    )
    changes = tuple(
        _record(
            (_("Asked"), formats.moment(c["requested_at"])),
            (_("Change"), _change_lines(c["changes"], day)),
            (_("Answer"), _label_of(CHANGE_STATUSES, c["status"])),
        )
        for c in data["registration_changes"]
    )
    history = tuple(
        _record(
            (_("When"), formats.moment(h["at"])),
            (_("Action"), _label_of(ACTIONS, h["action"])),
            (_("By"), _("you") if h["by"] == "participant" else _("the organisers")),
            (_("Changes"), _change_lines(h["changes"], day)),
        )
        for h in data["history"]
    )
    none = _("None.")
    return (
        my_data_pdf.DataSection(_("Registration"), (registration,), none),
        my_data_pdf.DataSection(_("OCOP products"), products, none),
        my_data_pdf.DataSection(_("Your answers to the event's questions"), answers, none),
        my_data_pdf.DataSection(_("Your consents (the latest per purpose is in force)"), consents, none),
        my_data_pdf.DataSection(_("Business meeting profile"), profiles, none),
        my_data_pdf.DataSection(_("Business meetings"), meetings, none),
        my_data_pdf.DataSection(_("Meeting requests"), requests, none),
        my_data_pdf.DataSection(_("Entrance scans"), check_ins, none),
        my_data_pdf.DataSection(_("E-mails sent to you"), emails, none),
        my_data_pdf.DataSection(_("MoUs your organisation signed at this event"), mous, none),
        my_data_pdf.DataSection(_("Changes you asked for"), changes, none),
        my_data_pdf.DataSection(_("History of your registration"), history, none),
    )


def my_data_pdf_file(session: so.Session, access_key: str, language: str) -> tuple[Participant, bytes]:
    """The PDF in ``language`` (the page's), times in the event's time zone."""
    participant, data = my_data(session, access_key)
    event = participant.event
    formats = _Formats(ZoneInfo(event.timezone), event.starts_on)
    document = my_data_pdf.DataDocument(
        title=_("My data"),
        subtitle=f"{participant.full_name} · {event.name_in(language)}",
        intro=_(
            "Everything the organisers of this event hold about you, as of %(time)s. "
            "The JSON file on your page holds the same, with every e-mail's text.",
            time=formats.moment(data["generated_at"]),
        ),
        sections=_sections(data, formats),
        footer=f"{_('My data')} · {participant.full_name} · {event.name_in(language)}",
    )
    return participant, my_data_pdf.render(document, report_fonts())
