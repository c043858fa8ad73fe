"""Running the scheduler on an event and writing its schedule back.

How a run shows progress with several gunicorn workers: the scheduler runs
inside the request that asked for it, bounded by the event's time limit (at most
25 s there, within gunicorn's 30 s timeout; a run in the background, the
``schedule.run`` job, takes the whole limit, up to 300 s), and reports its progress into a
``schedule_run`` row through a connection of its own, committed at once. The
board, served by any worker, polls that row. The meetings and the run's result
are written in the request's own transaction, so a failed run leaves the
previous schedule untouched, and no thread outlives its request in a pre-fork
server. A partial unique index allows one running run per event; a run whose
heartbeat stopped (its worker was killed) no longer counts after a minute.
"""

import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.domain.errors import Conflict, Text, ValidationError
from eventapp.domain.meetings import Pair, ScheduleRunStatus, idle_gaps, pair_of
from eventapp.domain.scheduling import Schedule, solve
from eventapp.domain.vocabulary import EventRole
from eventapp.models import (
    Event,
    Job,
    MatchmakingSetup,
    Meeting,
    MeetingOutcome,
    MeetingSlot,
    MeetingTable,
    ScheduleRun,
    User,
)
from eventapp.models.base import utcnow
from eventapp.models.meetings import MAX_TIME_LIMIT, REQUEST_TIME_LIMIT
from eventapp.services import audit, jobs
from eventapp.services.access import require_event_role
from eventapp.services.event_problem import EventProblem, build_event_problem, event_meetings
from eventapp.services.meeting_setup import current_setup
from eventapp.services.publishing import notify_agenda_changes

PROGRESS_INTERVAL = 0.3
"""Seconds between two progress writes: often enough for a smooth bar."""
STALE_RUN = timedelta(seconds=60)
"""A running run whose heartbeat is older than this was interrupted."""
SEED = 0
"""The same event gives the same schedule run after run."""
RUN_JOB = "schedule.run"


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
        now = utcnow()
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    sa.update(ScheduleRun)
                    .where(
                        ScheduleRun.event_id == self.event_id,
                        ScheduleRun.status == ScheduleRunStatus.RUNNING,
                        ScheduleRun.heartbeat_at < now - STALE_RUN,
                    )
                    .values(status=ScheduleRunStatus.FAILED, finished_at=now, error="interrupted")
                )
                run_id = connection.execute(
                    sa.insert(ScheduleRun)
                    .values(
                        event_id=self.event_id,
                        status=ScheduleRunStatus.RUNNING,
                        progress=0.0,
                        started_at=now,
                        heartbeat_at=now,
                        time_limit=self.time_limit,
                        requested_by_user_id=self.requested_by,
                        error="",
                    )
                    .returning(ScheduleRun.id)
                ).scalar_one()
        except IntegrityError:
            raise Conflict(Text("The schedule of this event is being computed right now. Wait for it to finish.")) from None
        self.run_id = run_id
        return run_id

    def _update(self, **values: object) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.update(ScheduleRun).where(ScheduleRun.id == self.run_id).values(**values))

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
    session: so.Session,
    actor: User | None,
    event_id: int,
    *,
    progress: Callable[[float], None] | None = None,
    in_request: bool = True,
    time_limit: object = None,
) -> ScheduleRun:
    """Schedule the event (organisers), keeping locked meetings; ``time_limit``
    (seconds) instead of the event's for this run."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    limit = checked_time_limit(time_limit, in_request=in_request)
    run = schedule_event(session, event, requested_by=actor, progress=progress, in_request=in_request, time_limit=limit)
    stats = run.stats or {}
    figures = {key: stats[key] for key in ("meetings", "requests", "weight", "starved", "moved") if key in stats}
    audit.record(session, actor, "schedule.run", "schedule_run", run.id, event_id=event_id, changes=figures)
    return run


def checked_time_limit(value: object, *, in_request: bool) -> int | None:
    """A run's own time limit: none, or whole seconds up to what the run may last."""
    if value is None:
        return None
    highest = REQUEST_TIME_LIMIT if in_request else MAX_TIME_LIMIT
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= highest:
        message = Text("Between %(low)s and %(high)s seconds.", {"low": 1, "high": highest})
        raise ValidationError(Text("Please correct the highlighted fields."), {"time_limit": message})
    return value


def runs_in_background(session: so.Session, actor: User | None, event_id: int) -> bool:
    """Whether the event's time limit is longer than a request may last (organisers)."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return current_setup(session, event).runs_in_background


def start_background_run(session: so.Session, actor: User | None, event_id: int, time_limit: object = None) -> Job:
    """Schedule the event in a job (organisers), with the event's whole time
    limit or ``time_limit``; refused while a run is under way."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    limit = checked_time_limit(time_limit, in_request=False)
    session.execute(sa.select(Event.id).where(Event.id == event_id).with_for_update())
    refuse_while_computing(session, event_id)
    if jobs.active(session, event_id, RUN_JOB) is not None:
        raise Conflict(Text("The schedule of this event is being computed right now. Wait for it to finish."))
    return jobs.start(session, actor, RUN_JOB, event_id, time_limit=limit)


@jobs.kind(RUN_JOB)
def run_in_background(session: so.Session, job: Job) -> dict[str, Any]:
    """The run of ``start_background_run``; its figures are the job's result.
    The job's progress is written apart, as the run's is (see RunChannel)."""
    actor = jobs.starter(session, job)
    report = jobs.progress_writer(session.get_bind().engine, job.id, PROGRESS_INTERVAL)
    run = run_schedule(
        session, actor, job.event_id, progress=report, in_request=False, time_limit=job.arguments.get("time_limit")
    )
    stats = run.stats or {}
    return {"run_id": run.id, **{key: stats[key] for key in ("meetings", "requests", "weight", "starved") if key in stats}}


def schedule_event(
    session: so.Session,
    event: Event,
    *,
    requested_by: User | None,
    progress: Callable[[float], None] | None = None,
    live: bool = True,
    in_request: bool = True,
    time_limit: int | None = None,
) -> ScheduleRun:
    """Run the scheduler and write its schedule: meetings that stay keep their
    id, moved ones are updated, the others removed or added. Once the
    schedule is published, everyone whose agenda changed is told. ``live``
    shows the progress to other workers (see ``RunChannel``); without it the
    run is recorded in the caller's transaction (``QuietRun``). A run
    ``in_request`` stops after REQUEST_TIME_LIMIT seconds at most;
    ``time_limit`` replaces the event's own."""
    setup = current_setup(session, event)
    time_limit = time_limit or setup.time_limit
    if in_request:
        time_limit = min(time_limit, REQUEST_TIME_LIMIT)
    board_before = board_state(session, event.id)
    built = build_event_problem(session, event, setup)
    if not built.problem.slots:
        raise ValidationError(Text("Add a meeting session first: there are no slots to schedule."))
    if not built.problem.requests:
        raise ValidationError(Text("There are no meeting requests to schedule yet."))
    # The engine, not the session's connection: the channel writes on a connection of its own.
    channel = (
        RunChannel(session.get_bind().engine, event.id, requested_by, time_limit)
        if live
        else QuietRun(session, event.id, requested_by, time_limit)
    )
    run_id = channel.start()

    def report(fraction: float) -> None:
        channel.report(fraction)
        if progress is not None:
            progress(fraction)

    # Whatever fails after the run started (the solver, the write, the
    # notifications) marks the run failed at once: a run left "running" would
    # refuse every board edit and every new run until it went stale.
    try:
        schedule = solve(built.problem, time_limit=time_limit, seed=SEED, progress=report)
        if board_state(session, event.id) != board_before:
            raise Conflict(BOARD_CHANGED_DURING_RUN)
        if session.get(MatchmakingSetup, event.id) is None:
            session.add(setup)
        changes = _write_schedule(session, event, built, schedule)
        run = session.get_one(ScheduleRun, run_id)
        run.status = ScheduleRunStatus.DONE
        run.progress = 1.0
        run.finished_at = utcnow()
        run.heartbeat_at = run.finished_at
        run.stats = {**schedule.stats.to_json(), "changes": changes.to_json()}
        run.unscheduled = [
            {"a": int(u.a), "b": int(u.b), "reason": u.reason.code, "detail": u.detail} for u in schedule.unscheduled
        ]
        session.flush()
        notify_agenda_changes(session, event, setup, set(changes.affected))
    except Exception as error:
        if live:
            # This transaction holds locks on what it wrote, the run's row
            # included, and the failure is written on the channel's own
            # connection: give them back first, or that write waits forever.
            # The caller's transaction is lost with this error either way.
            session.rollback()
        channel.fail("board changed" if isinstance(error, Conflict) else f"{type(error).__name__}: {error}")
        raise
    return run


BOARD_CHANGED_DURING_RUN = Text(
    "The board changed while the schedule was being computed (a meeting was placed, moved, locked or removed), "
    "so the result was not applied and nothing changed. Run the scheduler again."
)


def board_state(session: so.Session, event_id: int) -> tuple:
    """What a run must not overwrite: every meeting's cell and lock and
    whether its outcome is recorded, read from the database (what other
    workers committed), not from the session."""
    return tuple(
        session.execute(
            sa.select(Meeting.id, Meeting.slot_id, Meeting.table_id, Meeting.locked, MeetingOutcome.attendance)
            .outerjoin(MeetingOutcome, MeetingOutcome.meeting_id == Meeting.id)
            .where(Meeting.event_id == event_id)
            .order_by(Meeting.id)
        )
    )


def refuse_while_computing(session: so.Session, event_id: int) -> None:
    """Board edits wait for a running run: it read the board before the edit
    and would write its own result over it."""
    running = session.scalar(
        sa.select(ScheduleRun.id)
        .where(
            ScheduleRun.event_id == event_id,
            ScheduleRun.status == ScheduleRunStatus.RUNNING,
            ScheduleRun.heartbeat_at >= utcnow() - STALE_RUN,
        )
        .limit(1)
    )
    if running is not None:
        raise Conflict(Text("The scheduler is computing this event's schedule right now. Edit the board when it has finished."))


@dataclass(frozen=True)
class BoardChanges:
    """What a run changed on the board, for the organiser to read."""

    added: int = 0
    moved: int = 0
    removed: int = 0
    affected: frozenset[int] = frozenset()  # whose agenda changed
    idle_before: int = 0  # empty slots people wait through between meetings (domain.meetings.idle_gaps)
    idle_after: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "added": self.added,
            "moved": self.moved,
            "removed": self.removed,
            "agendas": len(self.affected),
            "idle_before": self.idle_before,
            "idle_after": self.idle_after,
        }


def _write_schedule(session: so.Session, event: Event, built: EventProblem, schedule: Schedule) -> BoardChanges:
    """Make the stored meetings equal ``schedule``; returns what changed."""
    planned_tables = {
        code: MeetingTable(event_id=event.id, number=number, host_organisation_id=organisation)
        for code, (number, organisation) in built.rows.planned_host_tables.items()
    }
    session.add_all(planned_tables.values())
    session.flush()
    wanted: dict[Pair, tuple[MeetingSlot, MeetingTable | None]] = {}
    for meeting in schedule.meetings:
        table = None
        if meeting.table is not None:
            table = built.rows.tables.get(meeting.table) or planned_tables[meeting.table]
        wanted[pair_of(int(meeting.a), int(meeting.b))] = (built.rows.slots[meeting.slot], table)
    return apply_meetings(session, event, wanted)


def apply_meetings(
    session: so.Session, event: Event, wanted: dict[Pair, tuple[MeetingSlot, MeetingTable | None]]
) -> BoardChanges:
    """Change the event's meetings into ``wanted`` in two steps, so that no
    intermediate state breaks a unique constraint: first clear what moves or
    goes, then place. Meetings with a recorded outcome are never touched."""
    current = {m.participant_ids: m for m in event_meetings(session, event.id)}
    position = _slot_positions(session, event.id)
    idle_before = idle_gaps((pair, position[m.slot_id]) for pair, m in current.items())
    # Meetings with an outcome stay whatever ``wanted`` says.
    kept = {pair: position[m.slot_id] for pair, m in current.items() if m.outcome is not None}
    after = {**{pair: position[slot.id] for pair, (slot, _table) in wanted.items()}, **kept}
    idle_after = idle_gaps(after.items())
    affected: set[int] = set()
    removed = added = 0
    moving: list[tuple[Meeting, MeetingSlot, MeetingTable | None]] = []
    for pair, meeting in current.items():
        if meeting.outcome is not None:
            continue
        target = wanted.get(pair)
        if target is None:
            affected.update(pair)
            session.delete(meeting)
            removed += 1
            continue
        slot, table = target
        if (meeting.slot_id, meeting.table_id) != (slot.id, table.id if table else None):
            affected.update(pair)
            meeting.seats.clear()
            meeting.table_id = None
            moving.append((meeting, slot, table))
    session.flush()
    for meeting, slot, table in moving:
        meeting.seat_at(slot, table)
    for pair, (slot, table) in wanted.items():
        if pair in current:
            continue
        affected.update(pair)
        meeting = Meeting(event_id=event.id, participant_a_id=pair[0], participant_b_id=pair[1], locked=False)
        session.add(meeting)
        meeting.seat_at(slot, table)
        added += 1
    session.flush()
    return BoardChanges(
        added=added,
        moved=len(moving),
        removed=removed,
        affected=frozenset(affected),
        idle_before=idle_before,
        idle_after=idle_after,
    )


def _slot_positions(session: so.Session, event_id: int) -> dict[int, tuple[int, int]]:
    """Each slot of the event as (its session, its place in the session)."""
    positions: dict[int, tuple[int, int]] = {}
    counts: dict[int, int] = {}
    for slot_id, session_id in session.execute(
        sa.select(MeetingSlot.id, MeetingSlot.session_id).where(MeetingSlot.event_id == event_id).order_by(MeetingSlot.starts_at)
    ).all():
        positions[slot_id] = (session_id, counts.get(session_id, 0))
        counts[session_id] = counts.get(session_id, 0) + 1
    return positions


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
