"""The organisers' setup of an event's meetings: settings, sessions cut into
slots, tables, and each participant's availability and cap."""

import dataclasses
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Conflict, NotFound, PermissionDenied, Text, ValidationError
from eventapp.domain.fields import whole_number
from eventapp.domain.meetings import (
    SOURCING_MAX,
    AvailabilityInput,
    MeetingPlaces,
    Session,
    SessionInput,
    clean_availability,
    clean_session,
    textarea_text,
)
from eventapp.domain.scheduling import Objective
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus, values
from eventapp.models import (
    Event,
    MatchmakingProfile,
    MatchmakingSetup,
    Meeting,
    MeetingBreak,
    MeetingSession,
    MeetingSlot,
    MeetingTable,
    Organisation,
    Participant,
    User,
)
from eventapp.models.meetings import MAX_TIME_LIMIT
from eventapp.services import audit
from eventapp.services.access import require_event_role
from eventapp.services.participants import participant_by_key

MATCHMAKING_ROLES = (ParticipantRole.BUYER.value, ParticipantRole.EXHIBITOR.value)
MAX_POOL_TABLES = 500


def _default_setup(event: Event) -> MatchmakingSetup:
    return MatchmakingSetup(
        event_id=event.id,
        objective=Objective.FAIR.value,
        places=MeetingPlaces.HOST.value,
        include_pending=True,
        requests_open=True,
        time_limit=10,
    )


def current_setup(session: so.Session, event: Event) -> MatchmakingSetup:
    """The stored settings or, before the organisers saved any, the defaults
    (not stored: reading the settings writes nothing)."""
    return session.get(MatchmakingSetup, event.id) or _default_setup(event)


def setup_of(session: so.Session, event: Event) -> MatchmakingSetup:
    """The event's settings, stored with the defaults the first time."""
    setup = session.get(MatchmakingSetup, event.id)
    if setup is None:
        setup = _default_setup(event)
        session.add(setup)
        session.flush()
    return setup


def matchmaking_participants(session: so.Session, event_id: int) -> list[Participant]:
    """Who takes part in the meetings: approved buyers and exhibitors."""
    return list(
        session.scalars(
            sa.select(Participant)
            .where(
                Participant.event_id == event_id,
                Participant.status == ParticipantStatus.APPROVED,
                Participant.role.in_(MATCHMAKING_ROLES),
            )
            .options(so.selectinload(Participant.products))
            .order_by(Participant.id)
        )
    )


def acting_participant(session: so.Session, access_key: str) -> Participant:
    """The participant whose private link this is, if they take part in the
    meetings: approved, and a buyer or an exhibitor. Every page and file of
    their meetings (requests, agenda, PDF, calendar) checks this."""
    participant = participant_by_key(session, access_key)
    if participant.status != ParticipantStatus.APPROVED:
        raise PermissionDenied(Text("Meeting requests open once the organisers approve your registration."))
    if participant.role not in MATCHMAKING_ROLES:
        raise PermissionDenied(Text("One-to-one meetings are between buyers and exhibitors."))
    return participant


def event_slots(session: so.Session, event_id: int) -> list[MeetingSlot]:
    return list(session.scalars(sa.select(MeetingSlot).where(MeetingSlot.event_id == event_id).order_by(MeetingSlot.starts_at)))


def event_tables(session: so.Session, event_id: int) -> list[MeetingTable]:
    return list(
        session.scalars(
            sa.select(MeetingTable)
            .where(MeetingTable.event_id == event_id)
            .options(so.joinedload(MeetingTable.host))
            .order_by(MeetingTable.number)
        )
    )


def profiles_of(session: so.Session, participant_ids: list[int]) -> dict[int, MatchmakingProfile]:
    if not participant_ids:
        return {}
    rows = session.scalars(sa.select(MatchmakingProfile).where(MatchmakingProfile.participant_id.in_(participant_ids)))
    return {row.participant_id: row for row in rows}


def _event_has_meetings(session: so.Session, event_id: int) -> bool:
    return session.scalar(sa.select(Meeting.id).where(Meeting.event_id == event_id).limit(1)) is not None


# Settings -------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsInput:
    objective: str
    places: str
    pool_tables: int | str | None = None
    include_pending: bool = True
    requests_open: bool = True
    time_limit: int | str | None = 10


@dataclass(frozen=True)
class SetupOverview:
    event: Event
    setup: MatchmakingSetup
    sessions: list[MeetingSession]
    slot_count: int
    tables: list[MeetingTable]
    participants: list[Participant]
    profiles: dict[int, MatchmakingProfile]
    has_meetings: bool


def overview(session: so.Session, actor: User | None, event_id: int) -> SetupOverview:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    setup = current_setup(session, event)
    sessions = list(
        session.scalars(
            sa.select(MeetingSession)
            .where(MeetingSession.event_id == event_id)
            .options(so.selectinload(MeetingSession.breaks), so.selectinload(MeetingSession.slots))
            .order_by(MeetingSession.day, MeetingSession.starts)
        )
    )
    participants = matchmaking_participants(session, event_id)
    return SetupOverview(
        event=event,
        setup=setup,
        sessions=sessions,
        slot_count=sum(len(s.slots) for s in sessions),
        tables=event_tables(session, event_id),
        participants=participants,
        profiles=profiles_of(session, [p.id for p in participants]),
        has_meetings=_event_has_meetings(session, event_id),
    )


def update_settings(session: so.Session, actor: User | None, event_id: int, data: SettingsInput) -> MatchmakingSetup:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    setup = setup_of(session, event)
    fields: dict[str, Text] = {}
    if data.objective not in values(Objective):
        fields["objective"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(Objective))})
    if data.places not in values(MeetingPlaces):
        fields["places"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(MeetingPlaces))})
    time_limit = whole_number(data.time_limit)
    if time_limit is None or not 1 <= time_limit <= MAX_TIME_LIMIT:
        fields["time_limit"] = Text("Between %(low)s and %(high)s seconds.", {"low": 1, "high": MAX_TIME_LIMIT})
    pool_tables = whole_number(data.pool_tables)
    if data.places == MeetingPlaces.POOL and (pool_tables is None or not 1 <= pool_tables <= MAX_POOL_TABLES):
        fields["pool_tables"] = Text("Between %(low)s and %(high)s tables.", {"low": 1, "high": MAX_POOL_TABLES})
    # A missing time limit has its message in ``fields`` already; naming it lets the checker see it is set below.
    if fields or time_limit is None:
        raise ValidationError(Text("Please correct the highlighted fields."), fields)
    if data.places != setup.places and _event_has_meetings(session, event_id):
        raise Conflict(
            Text("Meetings are already placed at the current tables. Clear the schedule before changing where meetings happen.")
        )
    before = audit.snapshot(setup, SETUP_SETTINGS) | {"pool_tables": _pool_table_count(session, event_id)}
    setup.objective = data.objective
    setup.places = data.places
    setup.include_pending = bool(data.include_pending)
    setup.requests_open = bool(data.requests_open)
    setup.time_limit = time_limit
    session.flush()
    sync_tables(session, event, setup, pool_tables=pool_tables)
    changes = audit.changed_fields(
        before, audit.snapshot(setup, SETUP_SETTINGS) | {"pool_tables": _pool_table_count(session, event_id)}
    )
    if changes:
        audit.record(session, actor, "matchmaking_setup.updated", "event", event_id, event_id=event_id, changes=changes)
    return setup


SETUP_SETTINGS = ("objective", "places", "include_pending", "requests_open", "time_limit")


def _pool_table_count(session: so.Session, event_id: int) -> int:
    return sum(1 for table in event_tables(session, event_id) if table.host_organisation_id is None)


def sync_tables(session: so.Session, event: Event, setup: MatchmakingSetup, *, pool_tables: int | None = None) -> None:
    """Make the tables match the setup: one per buyer organisation (host), a pool
    of ``pool_tables`` numbered tables (pool) or none (booths). A table in use
    by a meeting is never removed."""
    tables = event_tables(session, event.id)
    used = set(
        session.scalars(sa.select(Meeting.table_id).where(Meeting.event_id == event.id, Meeting.table_id.is_not(None)).distinct())
    )
    if setup.places == MeetingPlaces.HOST:
        unwanted = [t for t in tables if t.host_organisation_id is None]
    elif setup.places == MeetingPlaces.POOL:
        wanted = pool_tables if pool_tables is not None else sum(1 for t in tables if t.host_organisation_id is None)
        pool = [t for t in tables if t.host_organisation_id is None]
        unwanted = [t for t in tables if t.host_organisation_id is not None] + pool[wanted:]
    else:
        unwanted = list(tables)
    blocked = [t for t in unwanted if t.id in used]
    if blocked:
        raise Conflict(Text("Table %(number)s holds meetings; move or remove them first.", {"number": blocked[0].number}))
    for table in unwanted:
        session.delete(table)
    session.flush()
    kept = [t for t in tables if t not in unwanted]
    if setup.places == MeetingPlaces.HOST:
        ensure_host_tables(session, event.id, kept)
    elif setup.places == MeetingPlaces.POOL:
        numbers = {t.number for t in kept}
        number = 1
        while len(numbers) < wanted:
            if number not in numbers:
                session.add(MeetingTable(event_id=event.id, number=number))
                numbers.add(number)
            number += 1
        session.flush()


def host_organisations(session: so.Session, event_id: int) -> list[Organisation]:
    """The organisations whose approved buyers host a table, by name."""
    return list(
        session.scalars(
            sa.select(Organisation)
            .join(Participant, Participant.organisation_id == Organisation.id)
            .where(
                Participant.event_id == event_id,
                Participant.role == ParticipantRole.BUYER,
                Participant.status == ParticipantStatus.APPROVED,
            )
            .distinct()
            .order_by(Organisation.name, Organisation.id)
        )
    )


def ensure_host_tables(session: so.Session, event_id: int, tables: list[MeetingTable] | None = None) -> None:
    """A table for every buyer organisation that has none yet, numbered after
    the existing ones."""
    tables = event_tables(session, event_id) if tables is None else tables
    hosted = {t.host_organisation_id for t in tables}
    number = max((t.number for t in tables), default=0)
    for organisation in host_organisations(session, event_id):
        if organisation.id not in hosted:
            number += 1
            session.add(MeetingTable(event_id=event_id, number=number, host_organisation_id=organisation.id))
    session.flush()


# Sessions -------------------------------------------------------------------


def _domain_session(row: MeetingSession) -> Session:
    return Session(
        day=row.day,
        starts=row.starts,
        ends=row.ends,
        slot_minutes=row.slot_minutes,
        changeover_minutes=row.changeover_minutes,
        breaks=tuple((b.starts, b.ends) for b in row.breaks),
    )


def _get_session(session: so.Session, event_id: int, session_id: int) -> MeetingSession:
    row = session.get(MeetingSession, session_id)
    if row is None or row.event_id != event_id:
        raise NotFound(Text("This meeting session does not exist at this event."))
    return row


def _refuse_if_meetings(session: so.Session, row: MeetingSession) -> None:
    in_use = session.scalar(
        sa.select(Meeting.id)
        .join(MeetingSlot, Meeting.slot_id == MeetingSlot.id)
        .where(MeetingSlot.session_id == row.id)
        .limit(1)
    )
    if in_use is not None:
        raise Conflict(
            Text("Meetings are placed in this session. Remove them (or clear the schedule) before changing its slots.")
        )


def _write_session(session: so.Session, event: Event, row: MeetingSession | None, data: SessionInput) -> MeetingSession:
    """Check the session against the others, then store it (``row`` None: a
    new one) with its slots cut anew."""
    others = sa.select(MeetingSession).where(MeetingSession.event_id == event.id)
    if row is not None:
        others = others.where(MeetingSession.id != row.id)
    clean = clean_session(
        data,
        event_starts=event.starts_on,
        event_ends=event.ends_on,
        other_sessions=[_domain_session(other) for other in session.scalars(others)],
    )
    if row is None:
        row = MeetingSession(event_id=event.id)
        session.add(row)
    else:
        row.slots.clear()
        row.breaks.clear()
        session.flush()
    row.day, row.starts, row.ends = clean.day, clean.starts, clean.ends
    row.slot_minutes, row.changeover_minutes = clean.slot_minutes, clean.changeover_minutes
    row.online = data.online is True
    row.breaks = [MeetingBreak(starts=a, ends=b) for a, b in clean.breaks]
    row.slots = [MeetingSlot(event_id=event.id, starts_at=a, ends_at=b) for a, b in clean.slot_instants(event.timezone)]
    session.flush()
    return row


def add_session(session: so.Session, actor: User | None, event_id: int, data: SessionInput) -> MeetingSession:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    row = store_session(session, event, data)
    audit.record(
        session, actor, "meeting_session.created", "meeting_session", row.id, event_id=event_id, changes=_described(data)
    )
    return row


def store_session(session: so.Session, event: Event, data: SessionInput) -> MeetingSession:
    """A new session and its slots, for a trusted caller (the demo) or after
    the organiser's role is checked."""
    setup_of(session, event)
    return _write_session(session, event, None, data)


def update_session(session: so.Session, actor: User | None, event_id: int, session_id: int, data: SessionInput) -> MeetingSession:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    row = _get_session(session, event_id, session_id)
    _refuse_if_meetings(session, row)
    row = _write_session(session, event, row, data)
    audit.record(
        session, actor, "meeting_session.updated", "meeting_session", row.id, event_id=event_id, changes=_described(data)
    )
    return row


def _described(data: SessionInput) -> dict[str, object]:
    """What the organiser asked for, as the audit log shows it."""
    return dataclasses.asdict(data)


def delete_session(session: so.Session, actor: User | None, event_id: int, session_id: int) -> None:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    row = _get_session(session, event_id, session_id)
    _refuse_if_meetings(session, row)
    session.delete(row)
    session.flush()
    audit.record(session, actor, "meeting_session.deleted", "meeting_session", session_id, event_id=event_id)


def get_meeting_session(session: so.Session, actor: User | None, event_id: int, session_id: int) -> MeetingSession:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return _get_session(session, event_id, session_id)


# Participants ---------------------------------------------------------------


@dataclass(frozen=True)
class ProfileInput:
    availability: AvailabilityInput
    sourcing: str = ""


def _matchmaking_participant(session: so.Session, event_id: int, participant_id: int) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.event_id != event_id:
        raise NotFound(Text("This participant does not exist at this event."))
    if participant.role not in MATCHMAKING_ROLES:
        raise ValidationError(Text("Only buyers and exhibitors take part in the meetings."))
    return participant


def get_profile(
    session: so.Session, actor: User | None, event_id: int, participant_id: int
) -> tuple[Participant, MatchmakingProfile | None]:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    participant = _matchmaking_participant(session, event_id, participant_id)
    return participant, session.get(MatchmakingProfile, participant.id)


def clean_sourcing(text: object) -> str:
    sourcing = textarea_text(text) if isinstance(text, str) else ""
    if len(sourcing) > SOURCING_MAX:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"sourcing": Text("At most %(limit)s characters.", {"limit": SOURCING_MAX})},
        )
    return sourcing


def profile_row(session: so.Session, participant: Participant) -> MatchmakingProfile:
    profile = session.get(MatchmakingProfile, participant.id)
    if profile is None:
        profile = MatchmakingProfile(participant_id=participant.id, sourcing="")
        session.add(profile)
    return profile


def update_profile(
    session: so.Session, actor: User | None, event_id: int, participant_id: int, data: ProfileInput
) -> MatchmakingProfile:
    """Availability, cap and sourcing, set by an organiser. Meetings already
    placed stay; the next run (and any hand move) follows the new rules."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    participant = _matchmaking_participant(session, event_id, participant_id)
    availability = clean_availability(data.availability, event.timezone, event_starts=event.starts_on, event_ends=event.ends_on)
    sourcing = clean_sourcing(data.sourcing)
    profile = profile_row(session, participant)
    before = audit.snapshot(profile, PROFILE_SETTINGS)
    profile.available_from = availability.available_from
    profile.available_until = availability.available_until
    profile.max_meetings = availability.max_meetings
    profile.sourcing = sourcing
    session.flush()
    changes = audit.changed_fields(before, audit.snapshot(profile, PROFILE_SETTINGS))
    if changes:
        audit.record(
            session, actor, "matchmaking_profile.updated", "participant", participant.id, event_id=event_id, changes=changes
        )
    return profile


PROFILE_SETTINGS = ("available_from", "available_until", "max_meetings", "sourcing")


def update_own_sourcing(session: so.Session, participant: Participant, sourcing: str) -> MatchmakingProfile:
    """A buyer describes what they source, from their private page (the
    caller has checked the link: ``meeting_requests.update_sourcing``)."""
    if participant.role != ParticipantRole.BUYER:
        raise ValidationError(Text("Only buyers describe what they source."))
    profile = profile_row(session, participant)
    profile.sourcing = clean_sourcing(sourcing)
    session.flush()
    return profile
