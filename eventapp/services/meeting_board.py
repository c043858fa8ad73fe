"""The organisers' board: the grid of slots and tables with the meetings in
it, the pairs left out and why, the last run, the schedule's figures and what
came of the meetings."""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.meetings import NOT_SCHEDULED_YET, Interest, MeetingPlaces, Pair, ScheduleRunStatus, pair_of
from eventapp.domain.scheduling import Figures, evaluate
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
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
    reasons: dict[Pair, str] = {}
    if run is not None and run.status == ScheduleRunStatus.DONE:
        reasons = {pair_of(item["a"], item["b"]): item["reason"] for item in run.unscheduled or []}
    seated = {m.participant_ids for m in meetings}
    # The locked meetings' pairs among the problem's pairs are seated, so
    # these are exactly the requested pairs without a meeting.
    unscheduled = [
        UnscheduledPair(people[a], people[b], weight, reasons.get((a, b), NOT_SCHEDULED_YET))
        for (a, b), weight in rows.pairs.items()
        if (a, b) not in seated
    ]
    unscheduled.sort(key=lambda u: (-u.weight, u.reason, u.a.full_name, u.b.full_name))

    figures, figures_problem = None, None
    try:
        built = rows.to_problem()
    except ValidationError as error:
        figures_problem = error.message
    else:
        code_of_slot = {slot.id: code for code, slot in rows.slots.items()}
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
        slots=list(rows.slots.values()),
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
