"""Scheduling an event's meetings: the problem built from the database in the
exchange format, the scheduler's run, its schedule written back, the
organisers' board (move, lock, remove, place by hand) and publishing.

How a run shows progress with several gunicorn workers: the scheduler runs
inside the request that asked for it, bounded by the event's time limit (at most
25 s, within gunicorn's 30 s timeout), and reports its progress into a
``schedule_run`` row through a connection of its own, committed at once. The
board, served by any worker, polls that row. The meetings and the run's result
are written in the request's own transaction, so a failed run leaves the
previous schedule untouched, and no thread outlives its request in a pre-fork
server. A partial unique index allows one running run per event; a run whose
heartbeat stopped (its worker was killed) no longer counts after a minute.
"""

import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.meetings import (
    LIVE_REQUEST_STATUSES,
    NOT_SCHEDULED_YET,
    Availability,
    Cell,
    Interest,
    MeetingPlaces,
    MeetingRequestStatus,
    ScheduleRunStatus,
    free_cells,
    pair_weight,
    slot_code,
    table_code,
    tables_for_pair,
)
from eventapp.domain.scheduler import (
    Figures,
    LockedMeeting,
    Objective,
    Problem,
    ProblemError,
    Request,
    Schedule,
    Side,
    Slot,
    Table,
    evaluate,
    solve,
)
from eventapp.domain.scheduler import Meeting as ScheduledMeeting
from eventapp.domain.scheduler import Participant as Person
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus, values
from eventapp.models import (
    Event,
    MatchmakingProfile,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingSlot,
    MeetingTable,
    Participant,
    ScheduleRun,
    User,
)
from eventapp.models.base import utcnow
from eventapp.services.access import require_event_role
from eventapp.services.agendas import agendas_of_event, queue_agenda_email
from eventapp.services.matchmaking_setup import (
    current_setup,
    ensure_host_tables,
    event_slots,
    event_tables,
    matchmaking_participants,
    profiles_of,
    setup_of,
)

PROGRESS_INTERVAL = 0.3
"""Seconds between two progress writes: often enough for a smooth bar."""
STALE_RUN = timedelta(seconds=60)
"""A running run whose heartbeat is older than this was interrupted."""
SEED = 0
"""The same event gives the same schedule run after run."""

Pair = tuple[int, int]


def pair_of(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


# The event as a problem -------------------------------------------------------


@dataclass(frozen=True)
class EventProblem:
    """The problem in the exchange format, and how its ids map back to rows."""

    problem: Problem
    slots: dict[str, MeetingSlot]
    tables: dict[str, MeetingTable]
    # Host tables the problem assumes for buyer organisations that have none
    # yet, as code: (number, organisation id); made when the schedule is written.
    planned_host_tables: dict[str, tuple[int, int]]
    people: dict[int, Participant]


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


def _event_meetings(session: so.Session, event_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            sa.select(Meeting)
            .where(Meeting.event_id == event_id)
            .options(so.selectinload(Meeting.seats), so.selectinload(Meeting.outcome))
        )
    )


def build_event_problem(session: so.Session, event: Event, setup: MatchmakingSetup) -> EventProblem:
    """The event in the exchange format. Locked meetings, and meetings whose
    outcome is recorded, are passed as locked; nothing is written."""
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
            if setup.places == MeetingPlaces.HOST and table.host_organisation_id not in hosts:
                continue
            tables[table.code] = table
            if setup.places == MeetingPlaces.HOST:
                host_code[table.host_organisation_id] = table.code
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
    blocked: dict[int, set[str]] = defaultdict(set)
    for meeting in _event_meetings(session, event.id):
        if not (meeting.locked or meeting.outcome is not None):
            continue
        a, b = meeting.participant_ids
        code = code_of_slot[meeting.slot_id]
        table = code_of_table.get(meeting.table_id)
        if a in people and b in people:
            pairs.setdefault((a, b), any_state.get((a, b), 1))
            locked.append(LockedMeeting(str(a), str(b), code, table))
        else:
            # Someone left the programme after this meeting was fixed: their
            # counterpart still sits there, so the slot is not free for them.
            for person in (a, b):
                blocked[person].add(code)

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
    table_ids = sorted([*tables, *planned])
    try:
        problem = Problem(
            name=event.name,
            slots=tuple(
                Slot(code, slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)) for code, slot in slots.items()
            ),
            tables=tuple(Table(code) for code in table_ids),
            participants=tuple(participants),
            requests=tuple(Request(str(a), str(b), weight) for (a, b), weight in sorted(pairs.items())),
            locked=tuple(locked),
            objective=Objective(setup.objective),
        )
    except ProblemError as error:
        raise ValidationError(
            Text(
                "The locked meetings break a rule of the current setup (%(detail)s). Unlock or move them, then try again.",
                {"detail": error.message},
            )
        ) from None
    return EventProblem(problem=problem, slots=slots, tables=tables, planned_host_tables=planned, people=people)


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
    the programme since (``leave_meetings`` removes the others): the format
    cannot name a participant outside the problem."""
    built = build_event_problem(session, event, current_setup(session, event))
    code_of_slot = {slot.id: code for code, slot in built.slots.items()}
    code_of_table = {table.id: code for code, table in built.tables.items()}
    meetings = [
        ScheduledMeeting(
            str(m.participant_a_id),
            str(m.participant_b_id),
            code_of_slot[m.slot_id],
            code_of_table.get(m.table_id) if m.table_id is not None else None,
        )
        for m in _event_meetings(session, event.id)
        if m.participant_a_id in built.people and m.participant_b_id in built.people
    ]
    meetings.sort(key=lambda m: (built.problem.slot_index[m.slot], m.table or "", m.a, m.b))
    return {"meetings": [m.to_json() for m in meetings], "stats": asdict(evaluate(built.problem, meetings))}


def export_schedule(session: so.Session, actor: User | None, event_id: int) -> dict:
    return schedule_of_event(session, require_event_role(session, actor, event_id, {EventRole.ORGANISER}))


# Running the scheduler ------------------------------------------------------------


class RunChannel:
    """The run's row, written on a connection of its own and committed at once
    so that every web worker sees the progress while the run's request is
    still open."""

    def __init__(self, engine: sa.Engine, event_id: int, requested_by: User | None, time_limit: int) -> None:
        self.engine = engine
        self.event_id = event_id
        self.requested_by = requested_by.id if requested_by is not None else None
        self.time_limit = time_limit
        self.run_id: int | None = None
        self._last_write = 0.0

    def start(self) -> int:
        table = ScheduleRun.__table__
        now = utcnow()
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    table.update()
                    .where(
                        table.c.event_id == self.event_id,
                        table.c.status == ScheduleRunStatus.RUNNING,
                        table.c.heartbeat_at < now - STALE_RUN,
                    )
                    .values(status=ScheduleRunStatus.FAILED, finished_at=now, error="interrupted")
                )
                self.run_id = connection.execute(
                    table.insert().values(
                        event_id=self.event_id,
                        status=ScheduleRunStatus.RUNNING,
                        progress=0.0,
                        started_at=now,
                        heartbeat_at=now,
                        time_limit=self.time_limit,
                        requested_by_user_id=self.requested_by,
                        error="",
                    )
                ).inserted_primary_key[0]
        except IntegrityError:
            raise Conflict(Text("The schedule of this event is being computed right now. Wait for it to finish.")) from None
        return self.run_id

    def _update(self, **values: object) -> None:
        table = ScheduleRun.__table__
        with self.engine.begin() as connection:
            connection.execute(table.update().where(table.c.id == self.run_id).values(**values))

    def report(self, fraction: float) -> None:
        now = clock.monotonic()
        if now - self._last_write < PROGRESS_INTERVAL:
            return
        self._last_write = now
        self._update(progress=max(0.0, min(fraction, 0.99)), heartbeat_at=utcnow())

    def fail(self, message: str) -> None:
        self._update(status=ScheduleRunStatus.FAILED, finished_at=utcnow(), error=message[:500])


class QuietRun:
    """The run's row in the caller's own transaction, for a caller that works
    alone and has written in it already (the demo): nobody watches, and a
    second connection would wait for that transaction."""

    def __init__(self, session: so.Session, event_id: int, requested_by: User | None, time_limit: int) -> None:
        self.session = session
        self.run = ScheduleRun(
            event_id=event_id,
            status=ScheduleRunStatus.RUNNING.value,
            time_limit=time_limit,
            requested_by_user_id=requested_by.id if requested_by is not None else None,
        )

    def start(self) -> int:
        self.session.add(self.run)
        self.session.flush()
        return self.run.id

    def report(self, fraction: float) -> None:
        """Nobody polls a quiet run."""

    def fail(self, message: str) -> None:
        """The caller's transaction rolls back, run row and all."""


def run_schedule(
    session: so.Session, actor: User | None, event_id: int, *, progress: Callable[[float], None] | None = None
) -> ScheduleRun:
    """Schedule the event (organisers), keeping locked meetings."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return schedule_event(session, event, requested_by=actor, progress=progress)


def schedule_event(
    session: so.Session,
    event: Event,
    *,
    requested_by: User | None,
    progress: Callable[[float], None] | None = None,
    live: bool = True,
) -> ScheduleRun:
    """Run the scheduler and write its schedule: meetings that stay keep their
    id, moved ones are updated, the others removed or added. Once the
    schedule is published, everyone whose agenda changed is told. ``live``
    shows the progress to other workers (see ``RunChannel``); without it the
    run is recorded in the caller's transaction (``QuietRun``)."""
    setup = current_setup(session, event)
    built = build_event_problem(session, event, setup)
    if not built.problem.slots:
        raise ValidationError(Text("Add a meeting session first: there are no slots to schedule."))
    if not built.problem.requests:
        raise ValidationError(Text("There are no meeting requests to schedule yet."))
    channel = (
        RunChannel(session.get_bind(), event.id, requested_by, setup.time_limit)
        if live
        else QuietRun(session, event.id, requested_by, setup.time_limit)
    )
    run_id = channel.start()

    def report(fraction: float) -> None:
        channel.report(fraction)
        if progress is not None:
            progress(fraction)

    try:
        schedule = solve(built.problem, time_limit=setup.time_limit, seed=SEED, progress=report)
    except Exception as error:
        channel.fail(f"{type(error).__name__}: {error}")
        raise
    if session.get(MatchmakingSetup, event.id) is None:
        session.add(setup)
    affected = _write_schedule(session, event, built, schedule)
    run = session.get(ScheduleRun, run_id)
    run.status = ScheduleRunStatus.DONE
    run.progress = 1.0
    run.finished_at = utcnow()
    run.heartbeat_at = run.finished_at
    run.stats = schedule.stats.to_json()
    run.unscheduled = [{"a": int(u.a), "b": int(u.b), "reason": u.reason.code, "detail": u.detail} for u in schedule.unscheduled]
    session.flush()
    notify_agenda_changes(session, event, setup, affected)
    return run


def _write_schedule(session: so.Session, event: Event, built: EventProblem, schedule: Schedule) -> set[int]:
    """Make the stored meetings equal ``schedule``; returns who is affected."""
    planned_tables = {
        code: MeetingTable(event_id=event.id, number=number, host_organisation_id=organisation)
        for code, (number, organisation) in built.planned_host_tables.items()
    }
    session.add_all(planned_tables.values())
    session.flush()
    wanted: dict[Pair, tuple[MeetingSlot, MeetingTable | None]] = {}
    for meeting in schedule.meetings:
        table = None
        if meeting.table is not None:
            table = built.tables.get(meeting.table) or planned_tables[meeting.table]
        wanted[pair_of(int(meeting.a), int(meeting.b))] = (built.slots[meeting.slot], table)
    return apply_meetings(session, event, wanted)


def apply_meetings(session: so.Session, event: Event, wanted: dict[Pair, tuple[MeetingSlot, MeetingTable | None]]) -> set[int]:
    """Change the event's meetings into ``wanted`` in two steps, so that no
    intermediate state breaks a unique constraint: first clear what moves or
    goes, then place. Meetings with a recorded outcome are never touched."""
    current = {m.participant_ids: m for m in _event_meetings(session, event.id)}
    affected: set[int] = set()
    moving: list[tuple[Meeting, MeetingSlot, MeetingTable | None]] = []
    for pair, meeting in current.items():
        if meeting.outcome is not None:
            continue
        target = wanted.get(pair)
        if target is None:
            affected.update(pair)
            session.delete(meeting)
            continue
        slot, table = target
        if (meeting.slot_id, meeting.table_id) != (slot.id, table.id if table else None):
            affected.update(pair)
            meeting.seats.clear()
            meeting.table_id = None
            moving.append((meeting, slot, table))
    session.flush()
    for meeting, slot, table in moving:
        _seat(meeting, slot, table)
    for pair, (slot, table) in wanted.items():
        if pair in current:
            continue
        affected.update(pair)
        meeting = Meeting(event_id=event.id, participant_a_id=pair[0], participant_b_id=pair[1], locked=False)
        session.add(meeting)
        _seat(meeting, slot, table)
    session.flush()
    return affected


def _seat(meeting: Meeting, slot: MeetingSlot, table: MeetingTable | None) -> None:
    meeting.slot_id = slot.id
    meeting.table_id = table.id if table is not None else None
    meeting.seats = [MeetingSeat(participant_id=person, slot_id=slot.id) for person in meeting.participant_ids]


def latest_run(session: so.Session, actor: User | None, event_id: int) -> ScheduleRun | None:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return last_run(session, event_id)


def last_run(session: so.Session, event_id: int) -> ScheduleRun | None:
    return session.scalar(
        sa.select(ScheduleRun)
        .where(ScheduleRun.event_id == event_id)
        .order_by(ScheduleRun.started_at.desc(), ScheduleRun.id.desc())
        .limit(1)
    )


def run_state(run: ScheduleRun) -> str:
    """``running``, ``done`` or ``failed``; a run whose worker died counts as failed."""
    if run.status == ScheduleRunStatus.RUNNING and run.heartbeat_at < utcnow() - STALE_RUN:
        return ScheduleRunStatus.FAILED.value
    return run.status


# Meetings ------------------------------------------------------------------


def list_meetings(
    session: so.Session, actor: User | None, event_id: int, *, page: int = 1, per_page: int = 50
) -> tuple[list[Meeting], int]:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    query = sa.select(Meeting).where(Meeting.event_id == event_id)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    meetings = session.scalars(
        query.join(Meeting.slot)
        .outerjoin(Meeting.table)
        .options(
            so.contains_eager(Meeting.slot),
            so.contains_eager(Meeting.table),
            so.selectinload(Meeting.outcome),
            so.selectinload(Meeting.mous),
        )
        .order_by(MeetingSlot.starts_at, MeetingTable.number, Meeting.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(meetings), total


def _get_meeting(session: so.Session, event_id: int, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound(Text("This meeting does not exist at this event."))
    return meeting


def get_meeting(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> Meeting:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return _get_meeting(session, event_id, meeting_id)


def _refuse_if_held(meeting: Meeting) -> None:
    if meeting.outcome is not None:
        raise Conflict(Text("This meeting's outcome is recorded: it can no longer be moved or removed."))


@dataclass(frozen=True)
class Placement:
    """Where a pair may meet: the free cells, or why there is none."""

    a: Participant
    b: Participant
    cells: list[tuple[Cell, MeetingSlot, MeetingTable | None]]
    problem: Text | None
    meeting: Meeting | None = None


def _matchmaking_person(session: so.Session, event_id: int, participant_id: int) -> Participant:
    people = {p.id: p for p in matchmaking_participants(session, event_id)}
    if participant_id not in people:
        raise NotFound(Text("This participant is not an approved buyer or exhibitor of this event."))
    return people[participant_id]


def placement_for(session: so.Session, event: Event, a: Participant, b: Participant, meeting: Meeting | None = None) -> Placement:
    setup = current_setup(session, event)
    slots = event_slots(session, event.id)
    profiles = profiles_of(session, [a.id, b.id])
    others = [m for m in _event_meetings(session, event.id) if meeting is None or m.id != meeting.id]
    busy: dict[int, set[int]] = defaultdict(set)
    for other in others:
        for person in other.participant_ids:
            busy[person].add(other.slot_id)
    for person in (a, b):
        profile = profiles.get(person.id)
        if profile is not None and profile.max_meetings is not None and len(busy[person.id]) >= profile.max_meetings:
            return Placement(
                a,
                b,
                [],
                Text(
                    "%(name)s already has as many meetings as allowed (%(cap)s).",
                    {"name": person.full_name, "cap": profile.max_meetings},
                ),
                meeting,
            )
    open_slots = {
        slot.id
        for slot in slots
        if all(_covers(profiles.get(person.id), slot) and slot.id not in busy[person.id] for person in (a, b))
    }
    tables = event_tables(session, event.id)
    hosts = {t.host_organisation_id: t.id for t in tables if t.host_organisation_id is not None}

    def host_table(person: Participant) -> int | None:
        if setup.places != MeetingPlaces.HOST or person.role != ParticipantRole.BUYER:
            return None
        return hosts.get(person.organisation_id)

    pool = [t.id for t in tables if t.host_organisation_id is None]
    allowed = tables_for_pair(setup.places, host_table(a), host_table(b), pool if setup.places == MeetingPlaces.POOL else [])
    if allowed is None:
        return Placement(
            a, b, [], Text("No table can hold this pair: each hosts a different table, or there is no table for them."), meeting
        )
    taken = {(m.table_id, m.slot_id) for m in others if m.table_id is not None}
    slot_by_id = {slot.id: slot for slot in slots}
    table_by_id = {table.id: table for table in tables}
    cells = free_cells([slot.id for slot in slots], allowed, open_slots=open_slots, taken_cells=taken)
    found = [(cell, slot_by_id[cell.slot_id], table_by_id.get(cell.table_id)) for cell in cells]
    problem = None if found else Text("No free cell: whenever both are there and free, the tables they could use are taken.")
    return Placement(a, b, found, problem, meeting)


def _covers(profile: MatchmakingProfile | None, slot: MeetingSlot) -> bool:
    if profile is None:
        return True
    return Availability(profile.available_from, profile.available_until).covers(slot.starts_at, slot.ends_at)


def _has_live_request(session: so.Session, a: int, b: int) -> bool:
    return (
        session.scalar(
            sa.select(MeetingRequest.id)
            .where(
                MeetingRequest.status.in_(LIVE_REQUEST_STATUSES),
                sa.or_(
                    sa.and_(MeetingRequest.from_participant_id == a, MeetingRequest.to_participant_id == b),
                    sa.and_(MeetingRequest.from_participant_id == b, MeetingRequest.to_participant_id == a),
                ),
            )
            .limit(1)
        )
        is not None
    )


def _host_tables_ready(session: so.Session, event: Event) -> None:
    if current_setup(session, event).places == MeetingPlaces.HOST:
        ensure_host_tables(session, event.id)


def move_options(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> Placement:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meeting = _get_meeting(session, event_id, meeting_id)
    return placement_for(session, event, meeting.participant_a, meeting.participant_b, meeting)


def place_options(session: so.Session, actor: User | None, event_id: int, a_id: int, b_id: int) -> Placement:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    a, b = (_matchmaking_person(session, event_id, pid) for pid in pair_of(a_id, b_id))
    return placement_for(session, event, a, b)


def _check_cell(placement: Placement, slot_id: int, table_id: int | None) -> tuple[MeetingSlot, MeetingTable | None]:
    for cell, slot, table in placement.cells:
        if cell == Cell(slot_id, table_id):
            return slot, table
    raise ValidationError(placement.problem or Text("This cell is not free for both participants. Choose one of the free cells."))


def move_meeting(
    session: so.Session, actor: User | None, event_id: int, meeting_id: int, slot_id: int, table_id: int | None
) -> Meeting:
    """Move a meeting to a free cell; a meeting moved by hand is locked."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    _host_tables_ready(session, event)
    meeting = _get_meeting(session, event_id, meeting_id)
    _refuse_if_held(meeting)
    slot, table = _check_cell(
        placement_for(session, event, meeting.participant_a, meeting.participant_b, meeting), slot_id, table_id
    )
    if (meeting.slot_id, meeting.table_id) != (slot.id, table_id):
        meeting.seats.clear()
        meeting.table_id = None
        session.flush()
        _seat(meeting, slot, table)
        notify_agenda_changes(session, event, current_setup(session, event), set(meeting.participant_ids))
    meeting.locked = True
    session.flush()
    return meeting


def place_meeting(
    session: so.Session, actor: User | None, event_id: int, a_id: int, b_id: int, slot_id: int, table_id: int | None
) -> Meeting:
    """Seat a requested pair by hand in a free cell; the meeting is locked."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    _host_tables_ready(session, event)
    a, b = (_matchmaking_person(session, event_id, pid) for pid in pair_of(a_id, b_id))
    if not _has_live_request(session, a.id, b.id):
        raise ValidationError(
            Text("Only a requested pair can meet: neither has a meeting request to the other that is pending or accepted.")
        )
    if (
        session.scalar(sa.select(Meeting.id).where(Meeting.participant_a_id == a.id, Meeting.participant_b_id == b.id))
        is not None
    ):
        raise Conflict(Text("These two already have a meeting."))
    slot, table = _check_cell(placement_for(session, event, a, b), slot_id, table_id)
    meeting = Meeting(event_id=event.id, participant_a_id=a.id, participant_b_id=b.id, locked=True)
    session.add(meeting)
    _seat(meeting, slot, table)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), {a.id, b.id})
    return meeting


def set_locked(session: so.Session, actor: User | None, event_id: int, meeting_id: int, locked: bool) -> Meeting:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meeting = _get_meeting(session, event_id, meeting_id)
    meeting.locked = bool(locked)
    session.flush()
    return meeting


def remove_meeting(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> None:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meeting = _get_meeting(session, event_id, meeting_id)
    _refuse_if_held(meeting)
    people = set(meeting.participant_ids)
    session.delete(meeting)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), people)


def drop_meeting_of_pair(session: so.Session, event: Event, a: int, b: int) -> bool:
    """Remove the pair's meeting when nobody wants it any more (a request
    declined or withdrawn); a meeting that already happened stays."""
    pair = pair_of(a, b)
    meeting = session.scalar(sa.select(Meeting).where(Meeting.participant_a_id == pair[0], Meeting.participant_b_id == pair[1]))
    if meeting is None or meeting.outcome is not None or _has_live_request(session, *pair):
        return False
    session.delete(meeting)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), set(pair))
    return True


def clear_schedule(session: so.Session, actor: User | None, event_id: int) -> int:
    """Remove every meeting whose outcome is not recorded, locked ones included."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meetings = [m for m in _event_meetings(session, event_id) if m.outcome is None]
    people = {person for m in meetings for person in m.participant_ids}
    for meeting in meetings:
        session.delete(meeting)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), people)
    return len(meetings)


# The board -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the grid: a table (hosted by a buyer organisation or
    pooled), or a buyer at the booths."""

    id: int
    table: MeetingTable | None
    buyer: Participant | None = None


@dataclass(frozen=True)
class UnscheduledPair:
    a: Participant
    b: Participant
    weight: int
    reason: str


@dataclass(frozen=True)
class Board:
    event: Event
    setup: MatchmakingSetup
    slots: list[MeetingSlot]
    columns: list[Column]
    cells: dict[tuple[int, int], Meeting]
    meetings: list[Meeting]
    unscheduled: list[UnscheduledPair]
    run: ScheduleRun | None
    run_state: str | None
    figures: Figures | None
    figures_problem: Text | None
    organisations_without_table: int
    # What came of the meetings: counts of attendance and interest, and the
    # meetings that ended in a deal (where MoUs come from).
    outcomes: dict[str, int]
    deals: list[Meeting]


def board(session: so.Session, actor: User | None, event_id: int) -> Board:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    setup = current_setup(session, event)
    slots = event_slots(session, event_id)
    people = {p.id: p for p in matchmaking_participants(session, event_id)}
    meetings = list(
        session.scalars(
            sa.select(Meeting)
            .where(Meeting.event_id == event_id)
            .options(
                so.selectinload(Meeting.outcome),
                so.selectinload(Meeting.mous),
                so.joinedload(Meeting.participant_a),
                so.joinedload(Meeting.participant_b),
            )
        )
    )
    organisations_without_table = 0
    if setup.places == MeetingPlaces.BOOTHS:
        buyers = [p for p in people.values() if p.role == ParticipantRole.BUYER]
        buyers.sort(key=lambda p: (p.organisation.name, p.id))
        columns = [Column(p.id, None, p) for p in buyers]
        column_of = {
            m.id: (m.participant_a_id if m.participant_a.role == ParticipantRole.BUYER else m.participant_b_id) for m in meetings
        }
    else:
        tables = event_tables(session, event_id)
        columns = [Column(t.id, t) for t in tables]
        column_of = {m.id: m.table_id for m in meetings}
        if setup.places == MeetingPlaces.HOST:
            hosted = {t.host_organisation_id for t in tables}
            organisations_without_table = len(
                {
                    p.organisation_id
                    for p in people.values()
                    if p.role == ParticipantRole.BUYER and p.organisation_id not in hosted
                }
            )
    cells = {(m.slot_id, column_of[m.id]): m for m in meetings if column_of[m.id] is not None}

    run = last_run(session, event_id)
    reasons: dict[Pair, str] = {}
    if run is not None and run.status == ScheduleRunStatus.DONE:
        reasons = {pair_of(item["a"], item["b"]): item["reason"] for item in run.unscheduled or []}
    seated = {m.participant_ids for m in meetings}
    pairs = schedulable_pairs(session, event_id, setup, people)
    unscheduled = [
        UnscheduledPair(people[a], people[b], weight, reasons.get((a, b), NOT_SCHEDULED_YET))
        for (a, b), weight in pairs.items()
        if (a, b) not in seated
    ]
    unscheduled.sort(key=lambda u: (-u.weight, u.reason, u.a.full_name, u.b.full_name))

    figures, figures_problem = None, None
    try:
        built = build_event_problem(session, event, setup)
    except ValidationError as error:
        figures_problem = error.message
    else:
        code_of_slot = {slot.id: code for code, slot in built.slots.items()}
        figures = evaluate(
            built.problem,
            [
                ScheduledMeeting(str(m.participant_a_id), str(m.participant_b_id), code_of_slot[m.slot_id])
                for m in meetings
                if m.participant_a_id in people and m.participant_b_id in people
            ],
        )
    recorded = [m.outcome for m in meetings if m.outcome is not None]
    outcomes = Counter([o.attendance for o in recorded] + [o.interest for o in recorded if o.interest])
    deals = sorted(
        (m for m in meetings if m.outcome is not None and m.outcome.interest == Interest.DEAL),
        key=lambda m: (m.slot.starts_at, m.id),
    )
    return Board(
        event=event,
        setup=setup,
        slots=slots,
        columns=columns,
        cells=cells,
        meetings=meetings,
        unscheduled=unscheduled,
        run=run,
        run_state=run_state(run) if run else None,
        figures=figures,
        figures_problem=figures_problem,
        organisations_without_table=organisations_without_table,
        outcomes=dict(outcomes),
        deals=deals,
    )


# Publishing and telling people --------------------------------------------------


def publish(session: so.Session, actor: User | None, event_id: int) -> int:
    """Publish the schedule: each buyer and exhibitor with a meeting or a
    request gets their agenda by e-mail. Returns how many were sent."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    setup = setup_of(session, event)
    if not _has_any_meeting(session, event_id):
        raise ValidationError(Text("There is no meeting to publish yet: run the scheduler first."))
    setup.published_at = utcnow()
    session.flush()
    involved = _involved_participants(session, event_id)
    recipients = [p for p in matchmaking_participants(session, event_id) if p.id in involved]
    agendas = agendas_of_event(session, event_id)
    for participant in recipients:
        queue_agenda_email(session, participant, agendas.get(participant.id, []), changed=False)
    return len(recipients)


def leave_meetings(session: so.Session, participant: Participant) -> None:
    """Take someone whose registration is no longer approved out of the
    meetings, in the caller's transaction: their meetings go (except those with
    an outcome, which are history), their pending requests are withdrawn
    (nobody can answer them now), and once the schedule is published the
    people who were to meet them get their new agenda. Accepted requests stay
    on record: if the registration is approved again, the pair is scheduled
    again. ``registration`` calls this whenever a status leaves ``approved``."""
    meetings = session.scalars(
        sa.select(Meeting)
        .where(sa.or_(Meeting.participant_a_id == participant.id, Meeting.participant_b_id == participant.id))
        .options(so.selectinload(Meeting.outcome), so.selectinload(Meeting.seats))
    ).all()
    counterparts: set[int] = set()
    for meeting in meetings:
        if meeting.outcome is None:
            counterparts.add(meeting.counterpart_of(participant.id).id)
            session.delete(meeting)
    pending = session.scalars(
        sa.select(MeetingRequest).where(
            MeetingRequest.status == MeetingRequestStatus.PENDING,
            sa.or_(MeetingRequest.from_participant_id == participant.id, MeetingRequest.to_participant_id == participant.id),
        )
    )
    for request in pending:
        request.status = MeetingRequestStatus.WITHDRAWN.value
    session.flush()
    notify_agenda_changes(session, participant.event, current_setup(session, participant.event), counterparts)


def _has_any_meeting(session: so.Session, event_id: int) -> bool:
    return session.scalar(sa.select(Meeting.id).where(Meeting.event_id == event_id).limit(1)) is not None


def _involved_participants(session: so.Session, event_id: int) -> set[int]:
    seated = session.scalars(sa.select(MeetingSeat.participant_id).join(Meeting).where(Meeting.event_id == event_id))
    asked = session.execute(
        sa.select(MeetingRequest.from_participant_id, MeetingRequest.to_participant_id).where(
            MeetingRequest.event_id == event_id, MeetingRequest.status.in_(LIVE_REQUEST_STATUSES)
        )
    )
    return set(seated) | {person for row in asked for person in row}


def notify_agenda_changes(session: so.Session, event: Event, setup: MatchmakingSetup, participant_ids: set[int]) -> None:
    """After publishing, whoever's agenda changed gets it again (people who
    left the programme are not written to)."""
    if setup.published_at is None or not participant_ids:
        return
    people = session.scalars(
        sa.select(Participant)
        .where(Participant.id.in_(participant_ids), Participant.status == ParticipantStatus.APPROVED)
        .order_by(Participant.id)
    )
    agendas = agendas_of_event(session, event.id)
    for participant in people:
        queue_agenda_email(session, participant, agendas.get(participant.id, []), changed=True)
