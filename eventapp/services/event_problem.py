"""The event as a scheduling problem in the exchange format, built from the
database, and the two exports of the exchange format: the problem and the
current schedule with its figures."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.meetings import (
    LIVE_REQUEST_STATUSES,
    Availability,
    MeetingPlaces,
    MeetingRequestStatus,
    Pair,
    pair_of,
    pair_weight,
    slot_code,
    table_code,
)
from eventapp.domain.scheduling import (
    LockedMeeting,
    Objective,
    PreviousMeeting,
    Problem,
    ProblemError,
    Request,
    Side,
    Slot,
    Table,
    evaluate,
)
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling import Participant as Person
from eventapp.domain.vocabulary import EventRole, ParticipantRole, values
from eventapp.models import (
    Event,
    MatchmakingProfile,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    MeetingTable,
    Participant,
    User,
)
from eventapp.services.access import require_event_role
from eventapp.services.meeting_setup import (
    current_setup,
    event_slots,
    event_tables,
    matchmaking_participants,
    profiles_of,
)


@dataclass(frozen=True)
class EventRows:
    """What the event's problem is made of, read from the database once, and
    how the exchange format's ids map back to rows."""

    event: Event
    setup: MatchmakingSetup
    slots: dict[str, MeetingSlot]
    tables: dict[str, MeetingTable]
    # Host tables the problem assumes for buyer organisations that have none
    # yet, as code: (number, organisation id); made when the schedule is written.
    planned_host_tables: dict[str, tuple[int, int]]
    people: dict[int, Participant]
    participants: tuple[Person, ...]
    # The pairs to seat with their weights, the locked meetings' pairs included.
    pairs: dict[Pair, int]
    locked: tuple[LockedMeeting, ...]
    # Once the schedule is published, its meetings as they stand: a re-run
    # keeps them where it can, so that only the agendas it must change do.
    previous: tuple[PreviousMeeting, ...] = ()

    def to_problem(self) -> "EventProblem":
        """The problem itself; locked meetings that break a rule of the current
        setup make it impossible, and the organiser is told which."""
        zone = ZoneInfo(self.event.timezone)
        try:
            problem = Problem(
                name=self.event.name,
                slots=tuple(
                    Slot(code, slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone))
                    for code, slot in self.slots.items()
                ),
                tables=tuple(Table(code) for code in sorted([*self.tables, *self.planned_host_tables])),
                participants=self.participants,
                requests=tuple(Request(str(a), str(b), weight) for (a, b), weight in sorted(self.pairs.items())),
                locked=self.locked,
                objective=Objective(self.setup.objective),
                previous=self.previous,
            )
        except ProblemError as error:
            raise ValidationError(
                Text(
                    "The locked meetings break a rule of the current setup (%(detail)s). Unlock or move them, then try again.",
                    {"detail": error.message},
                )
            ) from None
        return EventProblem(rows=self, problem=problem)


@dataclass(frozen=True)
class EventProblem:
    """The problem in the exchange format, and the rows it was built from."""

    rows: EventRows
    problem: Problem


def _pair_weights(session: so.Session, event_id: int, statuses: Iterable[str]) -> dict[Pair, int]:
    """The weight of each pair that has a request in one of ``statuses``."""
    forward: dict[Pair, int] = {}
    backward: dict[Pair, int] = {}
    rows = session.execute(
        sa.select(MeetingRequest.from_participant_id, MeetingRequest.to_participant_id, MeetingRequest.priority).where(
            MeetingRequest.event_id == event_id, MeetingRequest.status.in_(tuple(statuses))
        )
    )
    for sender, recipient, priority in rows:
        pair = pair_of(sender, recipient)
        (forward if sender < recipient else backward)[pair] = priority
    return {pair: pair_weight(forward.get(pair), backward.get(pair)) for pair in forward.keys() | backward.keys()}


def schedulable_pairs(session: so.Session, event_id: int, setup: MatchmakingSetup, people: Iterable[int]) -> dict[Pair, int]:
    """Pairs the scheduler should try to seat, with their weights."""
    statuses = LIVE_REQUEST_STATUSES if setup.include_pending else (MeetingRequestStatus.ACCEPTED.value,)
    present = set(people)
    return {
        pair: weight
        for pair, weight in _pair_weights(session, event_id, statuses).items()
        if pair[0] in present and pair[1] in present
    }


def event_meetings(session: so.Session, event_id: int) -> list[Meeting]:
    """The event's meetings with their seats and outcomes."""
    return list(
        session.scalars(
            sa.select(Meeting)
            .where(Meeting.event_id == event_id)
            .options(so.selectinload(Meeting.seats), so.selectinload(Meeting.outcome))
        )
    )


def read_event(session: so.Session, event: Event, setup: MatchmakingSetup) -> EventRows:
    """Everything the event's problem is made of. Locked meetings, and
    meetings whose outcome is recorded, are passed as locked; nothing is written."""
    people_rows = matchmaking_participants(session, event.id)
    people = {p.id: p for p in people_rows}
    profiles = profiles_of(session, list(people))
    zone = ZoneInfo(event.timezone)
    slots = {slot_code(slot.starts_at.astimezone(zone), event.starts_on): slot for slot in event_slots(session, event.id)}
    code_of_slot = {slot.id: code for code, slot in slots.items()}

    tables: dict[str, MeetingTable] = {}
    host_code: dict[int, str] = {}
    planned: dict[str, tuple[int, int]] = {}
    if setup.places != MeetingPlaces.BOOTHS:
        rows = event_tables(session, event.id)
        hosts = {p.organisation_id for p in people_rows if p.role == ParticipantRole.BUYER}
        for table in rows:
            if setup.places == MeetingPlaces.HOST:
                host = table.host_organisation_id
                if host is None or host not in hosts:
                    continue
                host_code[host] = table.code
            tables[table.code] = table
        if setup.places == MeetingPlaces.HOST:
            waiting = sorted(
                {p.organisation for p in people_rows if p.role == ParticipantRole.BUYER and p.organisation_id not in host_code},
                key=lambda organisation: (organisation.name, organisation.id),
            )
            for number, organisation in enumerate(waiting, start=max((t.number for t in rows), default=0) + 1):
                code = table_code(number)
                planned[code] = (number, organisation.id)
                host_code[organisation.id] = code

    code_of_table = {table.id: code for code, table in tables.items()}
    pairs = schedulable_pairs(session, event.id, setup, people)
    # A pair an organiser fixed by hand weighs what its requests say, whatever their state.
    any_state = _pair_weights(session, event.id, values(MeetingRequestStatus))
    locked: list[LockedMeeting] = []
    previous: list[PreviousMeeting] = []
    blocked: dict[int, set[str]] = defaultdict(set)
    for meeting in event_meetings(session, event.id):
        if setup.published_at is not None:
            published_table = None if meeting.table_id is None else code_of_table.get(meeting.table_id)
            previous.append(
                PreviousMeeting(
                    str(meeting.participant_a_id), str(meeting.participant_b_id), code_of_slot[meeting.slot_id], published_table
                )
            )
        if not (meeting.locked or meeting.outcome is not None):
            continue
        a, b = meeting.participant_ids
        code = code_of_slot[meeting.slot_id]
        place = None if meeting.table_id is None else code_of_table.get(meeting.table_id)
        if a in people and b in people:
            pairs.setdefault((a, b), any_state.get((a, b), 1))
            locked.append(LockedMeeting(str(a), str(b), code, place))
        else:
            # Someone left the programme after this meeting was fixed: their
            # counterpart still sits there, so the slot is not free for them.
            for participant_id in (a, b):
                blocked[participant_id].add(code)

    participants = []
    for person in people_rows:
        profile = profiles.get(person.id)
        available = _available_codes(profile, slots)
        if blocked.get(person.id):
            available = tuple(c for c in (available if available is not None else slots) if c not in blocked[person.id])
        participants.append(
            Person(
                id=str(person.id),
                side=Side.BUYER if person.role == ParticipantRole.BUYER else Side.SELLER,
                available=available,
                max_meetings=profile.max_meetings if profile else None,
                table=host_code.get(person.organisation_id) if person.role == ParticipantRole.BUYER else None,
            )
        )
    return EventRows(
        event=event,
        setup=setup,
        slots=slots,
        tables=tables,
        planned_host_tables=planned,
        people=people,
        participants=tuple(participants),
        pairs=pairs,
        locked=tuple(locked),
        previous=tuple(previous),
    )


def build_event_problem(session: so.Session, event: Event, setup: MatchmakingSetup) -> EventProblem:
    """The event in the exchange format (see ``read_event``)."""
    return read_event(session, event, setup).to_problem()


def _available_codes(profile: MatchmakingProfile | None, slots: dict[str, MeetingSlot]) -> tuple[str, ...] | None:
    if profile is None or (profile.available_from is None and profile.available_until is None):
        return None
    window = Availability(profile.available_from, profile.available_until)
    return tuple(code for code, slot in slots.items() if window.covers(slot.starts_at, slot.ends_at))


def problem_of_event(session: so.Session, event: Event) -> dict:
    """The event as a problem in the exchange format (the command line's export)."""
    return build_event_problem(session, event, current_setup(session, event)).problem.to_json()


def export_problem(session: so.Session, actor: User | None, event_id: int) -> dict:
    return problem_of_event(session, require_event_role(session, actor, event_id, {EventRole.ORGANISER}))


def schedule_of_event(session: so.Session, event: Event) -> dict:
    """The current meetings in the exchange format, with their figures. The
    only meetings left out are those with an outcome of someone who has left
    the programme since (``meeting_edits.leave_meetings`` removes the others):
    the format cannot name a participant outside the problem."""
    built = build_event_problem(session, event, current_setup(session, event))
    rows = built.rows
    code_of_slot = {slot.id: code for code, slot in rows.slots.items()}
    code_of_table = {table.id: code for code, table in rows.tables.items()}
    meetings = [
        ScheduledMeeting(
            str(m.participant_a_id),
            str(m.participant_b_id),
            code_of_slot[m.slot_id],
            code_of_table.get(m.table_id) if m.table_id is not None else None,
        )
        for m in event_meetings(session, event.id)
        if m.participant_a_id in rows.people and m.participant_b_id in rows.people
    ]
    meetings.sort(key=lambda m: (built.problem.slot_index[m.slot], m.table or "", m.a, m.b))
    return {"meetings": [m.to_json() for m in meetings], "stats": asdict(evaluate(built.problem, meetings))}


def export_schedule(session: so.Session, actor: User | None, event_id: int) -> dict:
    return schedule_of_event(session, require_event_role(session, actor, event_id, {EventRole.ORGANISER}))
