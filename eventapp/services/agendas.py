"""Everyone's agenda: on their private page, by e-mail, as a PDF and as a
calendar file; and the organisers' printouts (all agendas, one sheet per
table for its host)."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _

from eventapp.domain import agenda_pdf, icalendar, provinces
from eventapp.domain.errors import NotFound, PermissionDenied, Text
from eventapp.domain.meetings import MeetingPlaces
from eventapp.domain.pdf_fonts import FontFiles
from eventapp.domain.timezones import zone_label
from eventapp.domain.vocabulary import EventRole, ParticipantRole
from eventapp.models import (
    Event,
    MatchmakingSetup,
    Meeting,
    MeetingSeat,
    MeetingSlot,
    Mou,
    Participant,
    User,
)
from eventapp.services import mail
from eventapp.services.access import require_event_role
from eventapp.services.links import external_url, participant_url, public_host
from eventapp.services.meeting_setup import (
    acting_participant,
    event_tables,
    matchmaking_participants,
    profiles_of,
)
from eventapp.services.online_meetings import online_url


@dataclass(frozen=True)
class AgendaEntry:
    meeting: Meeting
    counterpart: Participant

    @property
    def slot(self) -> MeetingSlot:
        return self.meeting.slot

    @property
    def online_url(self) -> str | None:
        return online_url(self.meeting)


def published_at(session: so.Session, event_id: int) -> datetime | None:
    setup = session.get(MatchmakingSetup, event_id)
    return setup.published_at if setup is not None else None


def own_published_meeting(session: so.Session, access_key: str, meeting_id: int) -> tuple[Participant, Meeting]:
    """A meeting of the private link's holder, once the schedule is out: what
    they may record (attendance, outcome) from their own page."""
    me = acting_participant(session, access_key)
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or me.id not in meeting.participant_ids:
        raise NotFound(Text("This meeting does not exist."))
    if published_at(session, me.event_id) is None:
        raise PermissionDenied(Text("The meeting schedule is not published yet."))
    return me, meeting


def places_of(session: so.Session, event_id: int) -> str:
    setup = session.get(MatchmakingSetup, event_id)
    return setup.places if setup is not None else MeetingPlaces.HOST.value


def _meetings_in_order() -> sa.Select:
    """Meetings by time, with everything an agenda shows loaded in the same
    few statements (never one per meeting or per person)."""
    return (
        sa.select(Meeting)
        .join(Meeting.slot)
        .options(
            so.contains_eager(Meeting.slot),
            so.joinedload(Meeting.table),
            so.selectinload(Meeting.outcome),
            so.joinedload(Meeting.participant_a).selectinload(Participant.products),
            so.joinedload(Meeting.participant_b).selectinload(Participant.products),
        )
        .order_by(MeetingSlot.starts_at, Meeting.id)
    )


def agenda_of(session: so.Session, participant: Participant) -> list[AgendaEntry]:
    meetings = session.scalars(
        _meetings_in_order()
        .join(MeetingSeat, MeetingSeat.meeting_id == Meeting.id)
        .where(MeetingSeat.participant_id == participant.id)
    )
    return [AgendaEntry(meeting, meeting.counterpart_of(participant.id)) for meeting in meetings.unique()]


def agendas_of_event(session: so.Session, event_id: int) -> dict[int, list[AgendaEntry]]:
    """Everyone's agenda at once, by participant id."""
    agendas: dict[int, list[AgendaEntry]] = defaultdict(list)
    for meeting in session.scalars(_meetings_in_order().where(Meeting.event_id == event_id)).unique():
        for person in meeting.participant_ids:
            agendas[person].append(AgendaEntry(meeting, meeting.counterpart_of(person)))
    return agendas


@dataclass(frozen=True)
class ParticipantAgenda:
    participant: Participant
    event: Event
    published: bool
    places: str
    entries: list[AgendaEntry]
    sourcing: dict[int, str]
    # The MoUs each of the participant's meetings led to, by meeting id.
    mous: dict[int, list[Mou]]


def participant_agenda(session: so.Session, access_key: str) -> ParticipantAgenda:
    """A participant's own meetings, once the organisers have published them."""
    participant = acting_participant(session, access_key)
    published = published_at(session, participant.event_id) is not None
    entries = agenda_of(session, participant) if published else []
    return ParticipantAgenda(
        participant=participant,
        event=participant.event,
        published=published,
        places=places_of(session, participant.event_id),
        entries=entries,
        sourcing=_sourcing(session, [e.counterpart.id for e in entries]),
        mous=_mous_of(session, [e.meeting.id for e in entries]),
    )


def _published_agenda(session: so.Session, access_key: str) -> ParticipantAgenda:
    agenda = participant_agenda(session, access_key)
    if not agenda.published:
        raise NotFound(Text("The meeting schedule is not published yet."))
    return agenda


def _mous_of(session: so.Session, meeting_ids: list[int]) -> dict[int, list[Mou]]:
    """The MoUs these meetings led to, in one query: a participant sees them
    for their own meetings only, which is all they are asked for."""
    found: dict[int, list[Mou]] = {}
    if meeting_ids:
        for mou in session.scalars(sa.select(Mou).where(Mou.meeting_id.in_(meeting_ids)).order_by(Mou.signed_on, Mou.id)):
            if mou.meeting_id is not None:  # always, given the filter: the column allows MoUs without a meeting
                found.setdefault(mou.meeting_id, []).append(mou)
    return found


def _sourcing(session: so.Session, participant_ids: list[int]) -> dict[int, str]:
    return {pid: profile.sourcing for pid, profile in profiles_of(session, participant_ids).items() if profile.sourcing}


# Wording shared by the page, the PDF, the calendar and the e-mails ----------------


def local(moment: datetime, event: Event) -> datetime:
    return moment.astimezone(ZoneInfo(event.timezone))


def time_range(slot: MeetingSlot, event: Event) -> str:
    return f"{local(slot.starts_at, event):%H:%M}–{local(slot.ends_at, event):%H:%M}"


def place_label(meeting: Meeting, places: str) -> str:
    if meeting.slot.session.online:
        return _("Online meeting")
    if meeting.table is not None:
        return _("Table %(number)s", number=meeting.table.number)
    if places == MeetingPlaces.BOOTHS:
        exhibitor = meeting.participant_a if meeting.participant_a.role == ParticipantRole.EXHIBITOR else meeting.participant_b
        if exhibitor.booth:
            return _("Booth %(booth)s", booth=exhibitor.booth)
        return _("At the exhibitor's booth")
    return ""


def organisation_line(participant: Participant, language: str) -> str:
    organisation = participant.organisation
    return f"{organisation.name} · {provinces.province_name(organisation.province, language)}"


def products_line(participant: Participant) -> str:
    # Words, not ★: the PDF font has no star glyph.
    return ", ".join(f"{p.name} ({_('%(num)s stars', num=p.stars)})" for p in participant.products)


def details_of(participant: Participant, sourcing: dict[int, str]) -> str:
    if participant.role == ParticipantRole.EXHIBITOR:
        return products_line(participant)
    return sourcing.get(participant.id, "")


# Calendar ---------------------------------------------------------------


def agenda_ics(session: so.Session, access_key: str) -> tuple[str, str]:
    agenda = _published_agenda(session, access_key)
    event, host = agenda.event, public_host()
    with force_locale(agenda.participant.language):
        entries = [
            icalendar.CalendarEntry(
                uid=f"meeting-{entry.meeting.id}@{host}",
                starts_at=entry.slot.starts_at,
                ends_at=entry.slot.ends_at,
                summary=_(
                    "Meeting: %(name)s (%(organisation)s)",
                    name=entry.counterpart.full_name,
                    organisation=entry.counterpart.organisation.name,
                ),
                location=entry.online_url
                or ", ".join(
                    part
                    for part in (place_label(entry.meeting, agenda.places), event.venue_in(agenda.participant.language))
                    if part
                ),
                url=entry.online_url or "",
                description="\n".join(
                    part
                    for part in (
                        organisation_line(entry.counterpart, agenda.participant.language),
                        details_of(entry.counterpart, agenda.sourcing),
                        participant_url(agenda.participant),
                    )
                    if part
                ),
                sequence=int((entry.meeting.updated_at - entry.meeting.created_at).total_seconds()),
            )
            for entry in agenda.entries
        ]
        name = _("Meetings: %(event)s", event=event.name_in(agenda.participant.language))
    text = icalendar.calendar(entries, name=name, timezone=event.timezone, stamp=datetime.now(UTC))
    return f"agenda-{agenda.participant.id}.ics", text


# PDF ------------------------------------------------------------------------


def _fonts() -> FontFiles:
    static = current_app.static_folder
    if static is None:  # Flask allows an app without one; create_app always sets it
        raise RuntimeError("The app has no static folder, where the PDF fonts are (static/fonts).")
    return FontFiles.in_folder(Path(static) / "fonts")


def _labels(event: Event) -> agenda_pdf.AgendaLabels:
    return agenda_pdf.AgendaLabels(
        title=_("Business meeting schedule"),
        time=_("Time"),
        place=_("Place"),
        who=_("With"),
        empty=_("No meeting is scheduled."),
        footer=_(
            "%(event)s · times are %(timezone)s",
            event=event.name_in(str(get_locale())),
            timezone=zone_label(event.timezone, str(get_locale()), event.starts_on),
        ),
    )


def _event_line(event: Event) -> str:
    dates = format_date(event.starts_on, "long")
    if event.ends_on != event.starts_on:
        dates += " – " + format_date(event.ends_on, "long")
    return " · ".join(part for part in (dates, event.venue_in(str(get_locale()))) if part)


def _days(event: Event, rows: list[tuple[MeetingSlot, agenda_pdf.AgendaRow]]) -> tuple[agenda_pdf.AgendaDay, ...]:
    return tuple(
        agenda_pdf.AgendaDay(title=format_date(day, "full"), rows=tuple(row for _slot, row in group))
        for day, group in groupby(rows, key=lambda item: local(item[0].starts_at, event).date())
    )


def _participant_sheet(
    participant: Participant, entries: list[AgendaEntry], event: Event, places: str, sourcing: dict[int, str], language: str
) -> agenda_pdf.AgendaSheet:
    rows = [
        (
            entry.slot,
            agenda_pdf.AgendaRow(
                time=time_range(entry.slot, event),
                place=place_label(entry.meeting, places),
                who=entry.counterpart.full_name,
                organisation=organisation_line(entry.counterpart, language),
                details=details_of(entry.counterpart, sourcing),
            ),
        )
        for entry in entries
    ]
    return agenda_pdf.AgendaSheet(
        heading=participant.full_name, subheading=organisation_line(participant, language), days=_days(event, rows)
    )


def _render(event: Event, sheets: list[agenda_pdf.AgendaSheet], labels: agenda_pdf.AgendaLabels | None = None) -> bytes:
    return agenda_pdf.render_agendas(
        sheets,
        event_name=event.name_in(str(get_locale())),
        event_line=_event_line(event),
        labels=labels or _labels(event),
        fonts=_fonts(),
    )


def agenda_pdf_for(session: so.Session, access_key: str, language: str) -> tuple[str, bytes]:
    agenda = _published_agenda(session, access_key)
    with force_locale(language):
        sheet = _participant_sheet(agenda.participant, agenda.entries, agenda.event, agenda.places, agenda.sourcing, language)
        return f"agenda-{agenda.participant.id}.pdf", _render(agenda.event, [sheet])


def all_agendas_pdf(session: so.Session, actor: User | None, event_id: int, language: str) -> bytes:
    """Every buyer's and exhibitor's agenda, one per page, for printing."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    places = places_of(session, event_id)
    agendas = agendas_of_event(session, event_id)
    people = sorted(
        (p for p in matchmaking_participants(session, event_id) if agendas.get(p.id)),
        key=lambda p: (p.role != ParticipantRole.BUYER, p.organisation.name, p.full_name),
    )
    sourcing = _sourcing(session, list(agendas))
    with force_locale(language):
        sheets = [
            _participant_sheet(participant, agendas[participant.id], event, places, sourcing, language) for participant in people
        ]
        return _render(event, sheets)


def table_sheets_pdf(session: so.Session, actor: User | None, event_id: int, language: str) -> bytes:
    """One sheet per table for whoever sits there: in each slot, which buyer
    meets which exhibitor."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meetings = list(
        session.scalars(
            sa.select(Meeting)
            .join(Meeting.slot)
            .where(Meeting.event_id == event_id, Meeting.table_id.is_not(None))
            .options(
                so.contains_eager(Meeting.slot),
                so.joinedload(Meeting.participant_a).selectinload(Participant.products),
                so.joinedload(Meeting.participant_b).selectinload(Participant.products),
            )
            .order_by(MeetingSlot.starts_at)
        ).unique()
    )
    sheets = []
    with force_locale(language):
        labels = replace(_labels(event), place=_("Buyer"), who=_("Exhibitor"))
        for table in event_tables(session, event_id):
            rows = []
            for meeting in (m for m in meetings if m.table_id == table.id):
                buyer, exhibitor = sorted(
                    (meeting.participant_a, meeting.participant_b), key=lambda p: p.role != ParticipantRole.BUYER
                )
                rows.append(
                    (
                        meeting.slot,
                        agenda_pdf.AgendaRow(
                            time=time_range(meeting.slot, event),
                            place=buyer.full_name,
                            who=exhibitor.full_name,
                            organisation=organisation_line(exhibitor, language),
                            details=products_line(exhibitor),
                        ),
                    )
                )
            heading = _("Table %(number)s", number=table.number)
            if table.host is not None:
                heading = _("Table %(number)s: %(organisation)s", number=table.number, organisation=table.host.name)
            sheets.append(agenda_pdf.AgendaSheet(heading=heading, subheading="", days=_days(event, rows)))
        return _render(event, sheets, labels)


# E-mail -----------------------------------------------------------------------


def agenda_email(session: so.Session, participant: Participant, entries: list[AgendaEntry], *, changed: bool) -> mail.Email:
    """The participant's agenda (``entries``) as an e-mail: when published, or after a change."""
    event = participant.event
    return mail.compose(
        "meeting_agenda",
        to=participant.email,
        language=participant.language,
        participant=participant,
        event=event,
        entries=entries,
        changed=changed,
        places=places_of(session, event.id),
        portal_url=external_url("my_meetings.index", access_key=participant.access_key),
        ics_url=external_url("my_meetings.agenda_ics", access_key=participant.access_key),
        pdf_url=external_url("my_meetings.agenda_pdf", access_key=participant.access_key),
    )
