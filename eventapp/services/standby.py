"""Standby pairs for a freed cell on the day (see ``domain.standby``): accepted
requests without a meeting whose two sides were scanned at the door that day,
are both free and there at the slot, under their caps, with a table free."""

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.checkin_lists import entry_day
from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.meetings import Availability, Cell, MeetingPlaces, MeetingRequestStatus, pair_weight, tables_for_pair
from eventapp.domain.standby import StandbyPair, ranked
from eventapp.domain.vocabulary import EventRole, ParticipantRole
from eventapp.models import Event, Meeting, MeetingRequest, MeetingSlot, MeetingTable, Participant, Scan, User
from eventapp.services import mail
from eventapp.services.access import require_event_role
from eventapp.services.links import external_url
from eventapp.services.meeting_edits import place_standby_meeting
from eventapp.services.meeting_setup import current_setup, event_tables, matchmaking_participants, profiles_of
from eventapp.services.online_meetings import online_url


def standby_pairs(session: so.Session, actor: User | None, event_id: int, slot_start: object) -> list[StandbyPair]:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return pairs_at(session, event, _slot_at(session, event, slot_start))


def pairs_at(session: so.Session, event: Event, slot: MeetingSlot) -> list[StandbyPair]:
    """The standby pairs of ``slot``, for a caller that checked the organiser's role."""
    event_id = event.id
    people = {p.id: p for p in matchmaking_participants(session, event_id)}
    present = scanned_on_the_day(session, event, slot) & people.keys()
    meetings = list(session.scalars(sa.select(Meeting).where(Meeting.event_id == event_id)))
    met = {m.participant_ids for m in meetings}
    count: dict[int, int] = defaultdict(int)
    busy_now: set[int] = set()
    taken_tables = {m.table_id for m in meetings if m.slot_id == slot.id and m.table_id is not None}
    for meeting in meetings:
        for person in meeting.participant_ids:
            count[person] += 1
            if meeting.slot_id == slot.id:
                busy_now.add(person)
    profiles = profiles_of(session, sorted(present))

    def free(person: int) -> bool:
        profile = profiles.get(person)
        if profile is None:
            return person not in busy_now
        within = Availability(profile.available_from, profile.available_until).covers(slot.starts_at, slot.ends_at)
        under_cap = profile.max_meetings is None or count[person] < profile.max_meetings
        return person not in busy_now and within and under_cap

    setup = current_setup(session, event)
    tables = event_tables(session, event_id)
    host_of = {t.host_organisation_id: t.id for t in tables if t.host_organisation_id is not None}
    pool = [t.id for t in tables if t.host_organisation_id is None]
    code_of = {t.id: t.code for t in tables}

    def host_table(person: Participant) -> int | None:
        if setup.places != MeetingPlaces.HOST or person.role != ParticipantRole.BUYER:
            return None
        return host_of.get(person.organisation_id)

    found = []
    for (a, b), (request_id, weight) in _accepted_pairs(session, event_id).items():
        if (a, b) in met or a not in present or b not in present or not free(a) or not free(b):
            continue
        allowed = tables_for_pair(
            setup.places, host_table(people[a]), host_table(people[b]), pool if setup.places == MeetingPlaces.POOL else []
        )
        table = next((t for t in allowed or [] if t is None or t not in taken_tables), -1)
        if table == -1:
            continue
        found.append(
            StandbyPair(
                request_id,
                a,
                b,
                weight,
                code_of.get(table) if table is not None else None,
                not count[a] or not count[b],
                table,
            )
        )
    return ranked(found)


def _slot_at(session: so.Session, event: Event, slot_start: object) -> MeetingSlot:
    moment = None
    if isinstance(slot_start, str):
        try:
            moment = datetime.fromisoformat(slot_start)
        except ValueError:
            moment = None
    if moment is None or moment.utcoffset() is None:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"slot": Text("The start of a slot, as an ISO date and time with its offset, e.g. 2020-11-20T09:00:00+07:00.")},
        )
    slot = session.scalar(sa.select(MeetingSlot).where(MeetingSlot.event_id == event.id, MeetingSlot.starts_at == moment))
    if slot is None:
        raise NotFound(Text("No meeting slot of this event starts then."))
    return slot


def scanned_on_the_day(session: so.Session, event: Event, slot: MeetingSlot) -> set[int]:
    """Who came in on the slot's day (in the event's time zone), at any of its check-in lists."""
    day = entry_day(slot.starts_at, event.timezone)
    return set(
        session.scalars(sa.select(Scan.participant_id).where(Scan.event_id == event.id, Scan.first_entry, Scan.entry_day == day))
    )


def _accepted_pairs(session: so.Session, event_id: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Each pair with an accepted request: its first such request and its weight."""
    forward: dict[tuple[int, int], int] = {}
    backward: dict[tuple[int, int], int] = {}
    first: dict[tuple[int, int], int] = {}
    rows = session.execute(
        sa.select(
            MeetingRequest.id, MeetingRequest.from_participant_id, MeetingRequest.to_participant_id, MeetingRequest.priority
        )
        .where(MeetingRequest.event_id == event_id, MeetingRequest.status == MeetingRequestStatus.ACCEPTED.value)
        .order_by(MeetingRequest.id)
    )
    for request_id, sender, recipient, priority in rows:
        pair = (sender, recipient) if sender < recipient else (recipient, sender)
        (forward if sender < recipient else backward)[pair] = priority
        first.setdefault(pair, request_id)
    return {pair: (request_id, pair_weight(forward.get(pair), backward.get(pair))) for pair, request_id in first.items()}


def place_standby(
    session: so.Session, actor: User | None, event_id: int, request_id: int, slot_id: int, table_id: int | None
) -> Meeting:
    """Seat a standby pair in a freed cell with one click: only while the pair is
    still on standby at that slot and the table still free (another organiser may
    have filled it meanwhile); both are e-mailed where and when to go."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    slot = session.get(MeetingSlot, slot_id)
    if slot is None or slot.event_id != event_id:
        raise NotFound(Text("No meeting slot of this event starts then."))
    pair = next((p for p in pairs_at(session, event, slot) if p.request_id == request_id), None)
    if pair is None:
        raise Conflict(
            Text(
                "This pair is no longer on standby at this time: someone placed them already, "
                "or one of them has another meeting then."
            )
        )
    if table_id is not None:
        taken = session.scalar(sa.select(Meeting.id).where(Meeting.slot_id == slot.id, Meeting.table_id == table_id))
        if taken is not None:
            table = session.get(MeetingTable, table_id)
            raise Conflict(
                Text(
                    "Table %(number)s is no longer free at this time: someone placed a meeting there.",
                    {"number": table.number if table is not None else table_id},
                )
            )
    meeting = place_standby_meeting(session, actor, event, (pair.a, pair.b), Cell(slot.id, table_id))
    places = current_setup(session, event).places
    for person, other in ((meeting.participant_a, meeting.participant_b), (meeting.participant_b, meeting.participant_a)):
        mail.queue(
            session,
            mail.compose(
                "meeting_standby_placed",
                to=person.email,
                language=person.language,
                participant=person,
                other=other,
                event=event,
                meeting=meeting,
                places=places,
                online_url=online_url(meeting),
                portal_url=external_url("my_meetings.index", access_key=person.access_key),
            ),
            event_id=event.id,
            participant=person,
        )
    return meeting
