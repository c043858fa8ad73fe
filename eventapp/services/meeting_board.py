"""The organisers' board: the grid of slots and tables with the meetings in
it, the pairs left out and why, the last run, the schedule's figures and what
came of the meetings."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.meetings import Interest, MeetingPlaces
from eventapp.domain.scheduling import Figures, Problem, evaluate
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling.explain import Why, explain_unscheduled, unavailable_cells, unavailable_slots
from eventapp.domain.vocabulary import EventRole, ParticipantRole
from eventapp.models import Event, MatchmakingSetup, Meeting, MeetingSlot, MeetingTable, Participant, ScheduleRun, User
from eventapp.services.access import require_event_role
from eventapp.services.event_problem import read_event
from eventapp.services.meeting_setup import current_setup, event_tables
from eventapp.services.scheduler_runs import last_run, run_state


@dataclass(frozen=True)
class Column:
    """A column of the grid: a table (hosted by a buyer organisation or
    pooled), or a buyer at the booths."""

    id: int
    table: MeetingTable | None
    buyer: Participant | None = None


@dataclass(frozen=True)
class UnscheduledPair:
    """A requested pair without a meeting; ``why`` and ``reason`` are ``None``
    when the problem cannot be built (the organiser is told why instead)."""

    a: Participant
    b: Participant
    weight: int
    why: Why | None
    reason: Text | None


@dataclass(frozen=True)
class Board:
    event: Event
    setup: MatchmakingSetup
    slots: list[MeetingSlot]
    columns: list[Column]
    cells: dict[tuple[int, int], Meeting]
    # (slot id, column id) of the cells nobody can use: the table's hosts, or
    # the buyer at the booths, are not there then.
    unavailable: set[tuple[int, int]]
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
    # The event is read once, for the problem's figures and the pairs left out alike.
    rows = read_event(session, event, setup)
    people = rows.people
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
    seated = {m.participant_ids for m in meetings}
    pending = [(a, b, weight) for (a, b), weight in rows.pairs.items() if (a, b) not in seated]
    unscheduled = [UnscheduledPair(people[a], people[b], weight, None, None) for a, b, weight in pending]
    unavailable: set[tuple[int, int]] = set()
    figures, figures_problem = None, None
    try:
        built = rows.to_problem()
    except ValidationError as error:
        figures_problem = error.message
    else:
        problem = built.problem
        code_of_slot = {slot.id: code for code, slot in rows.slots.items()}
        code_of_table = {table.id: code for code, table in rows.tables.items()}
        current = [
            ScheduledMeeting(
                str(m.participant_a_id), str(m.participant_b_id), code_of_slot[m.slot_id], code_of_table.get(m.table_id)
            )
            for m in meetings
            if m.participant_a_id in people and m.participant_b_id in people
        ]
        figures = evaluate(problem, current)
        explanations = explain_unscheduled(problem, current)
        names = {str(p.id): f"{p.full_name} ({p.organisation.name})" for p in people.values()}
        table_names = {
            code: f"{table.number} · {table.host.name}" if table.host else str(table.number)
            for code, table in rows.tables.items()
        }
        several_days = len({slot.day for slot in problem.slots}) > 1
        unscheduled = []
        for a, b, weight in pending:
            explanation = explanations[frozenset((str(a), str(b)))]
            reason = explanation.text(names, table_names, with_day=several_days)
            unscheduled.append(UnscheduledPair(people[a], people[b], weight, explanation.why, reason))
        unavailable = _unavailable(problem, rows.slots, columns, setup.places)
    unscheduled.sort(key=lambda u: (-u.weight, u.why or "", u.a.full_name, u.b.full_name))

    recorded = [m.outcome for m in meetings if m.outcome is not None]
    outcomes = Counter([o.attendance for o in recorded] + [o.interest for o in recorded if o.interest])
    deals = sorted(
        (m for m in meetings if m.outcome is not None and m.outcome.interest == Interest.DEAL),
        key=lambda m: (m.slot.starts_at, m.id),
    )
    return Board(
        event=event,
        setup=setup,
        slots=list(rows.slots.values()),
        columns=columns,
        cells=cells,
        unavailable=unavailable,
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


def _unavailable(problem: Problem, slots: dict[str, MeetingSlot], columns: list[Column], places: str) -> set[tuple[int, int]]:
    """The grid's cells nobody can use, keyed like ``Board.cells``."""
    slot_id = {code: slot.id for code, slot in slots.items()}
    if places == MeetingPlaces.BOOTHS:
        return {(slot_id[code], column.id) for column in columns for code in unavailable_slots(problem, str(column.id))}
    table_id = {column.table.code: column.id for column in columns if column.table is not None}
    return {(slot_id[slot], table_id[table]) for table, slot in unavailable_cells(problem) if table in table_id}
