"""The organisers' board: the grid of slots and tables with the meetings in
it, the pairs left out and why, the last run, the schedule's figures and what
came of the meetings."""

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Message, Text, ValidationError
from eventapp.domain.fields import FieldErrors, ascii_number, optional_choice
from eventapp.domain.meeting_attendance import flagged_on_the_day, slot_in_progress
from eventapp.domain.meetings import MUTUAL_WEIGHT, Interest, MeetingPlaces, RequestPriority
from eventapp.domain.paging import Page
from eventapp.domain.scheduling import Figures, Problem, evaluate
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling.explain import Why, capacity_hint, explain_unscheduled, unavailable_cells, unavailable_slots
from eventapp.domain.standby import StandbyPair
from eventapp.domain.vocabulary import EventRole, ParticipantRole
from eventapp.models import Event, MatchmakingSetup, Meeting, MeetingSlot, MeetingTable, Participant, ScheduleRun, User
from eventapp.models.base import utcnow
from eventapp.services.access import require_event_role
from eventapp.services.event_problem import read_event
from eventapp.services.meeting_setup import current_setup, event_tables
from eventapp.services.scheduler_runs import last_run, run_state
from eventapp.services.standby import pairs_at


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

    @property
    def buyer(self) -> Participant:
        """Whom the pair is listed under: its buyer (buyers meet exhibitors)."""
        return self.b if self.b.role == ParticipantRole.BUYER and self.a.role != ParticipantRole.BUYER else self.a

    @property
    def counterpart(self) -> Participant:
        return self.a if self.buyer is self.b else self.b


WEIGHTS = tuple(sorted({*RequestPriority.ALL, MUTUAL_WEIGHT}, reverse=True))


@dataclass(frozen=True)
class UnscheduledFilter:
    """Which requests without a meeting to list: of one buyer, for one reason
    (a ``Why`` code), of one weight; empty or ``None``: all."""

    buyer: int | None = None
    reason: str = ""
    priority: int | None = None


def parse_unscheduled_filter(arguments: dict[str, str]) -> UnscheduledFilter:
    """The board's filters from the query string; an unknown value is an
    error under its filter, never silently the whole list."""
    errors = FieldErrors()
    reason = optional_choice(errors, "reason", arguments.get("reason"), tuple(why.value for why in Why))
    priority = optional_choice(errors, "priority", arguments.get("priority"), tuple(str(w) for w in WEIGHTS))
    buyer_text = (arguments.get("buyer") or "").strip()
    buyer = ascii_number(buyer_text) if buyer_text else None
    if buyer_text and buyer is None:
        errors.add("buyer", Text("Choose one of the options."))
    errors.raise_if_any()
    return UnscheduledFilter(buyer=buyer, reason=reason, priority=int(priority) if priority else None)


@dataclass(frozen=True)
class BuyerGroup:
    """The rows of one buyer on the page."""

    buyer: Participant
    items: list[UnscheduledPair]


@dataclass(frozen=True)
class UnscheduledList:
    """One page of the requests without a meeting, grouped by buyer, and what
    the filters offer: each buyer and reason with its count over all of them."""

    page: Page[UnscheduledPair]
    groups: list[BuyerGroup]
    total: int
    per_buyer: dict[int, int]  # over the filtered list, for each group's heading
    buyers: list[tuple[Participant, int]]
    reasons: dict[str, int]
    weights: dict[int, int]


UNSCHEDULED_PER_PAGE = 50


def unscheduled_list(
    pairs: list[UnscheduledPair], criteria: UnscheduledFilter, page: int, per_page: int = UNSCHEDULED_PER_PAGE
) -> UnscheduledList:
    """Filter, group by buyer (buyers in name order, then the heaviest pairs
    first) and cut one page; counts for the filters come from every pair."""
    ordered = sorted(
        pairs,
        key=lambda u: (u.buyer.organisation.name, u.buyer.full_name, u.buyer.id, -u.weight, u.why or "", u.counterpart.full_name),
    )
    chosen = [
        u
        for u in ordered
        if (criteria.buyer is None or u.buyer.id == criteria.buyer)
        and (not criteria.reason or u.why == criteria.reason)
        and (criteria.priority is None or u.weight == criteria.priority)
    ]
    pages = max(1, -(-len(chosen) // per_page))
    page = min(max(1, page), pages)
    buyers: dict[int, tuple[Participant, int]] = {}
    for u in ordered:
        buyers[u.buyer.id] = (u.buyer, buyers.get(u.buyer.id, (u.buyer, 0))[1] + 1)
    items = chosen[(page - 1) * per_page : page * per_page]
    groups: list[BuyerGroup] = []
    for u in items:
        if not groups or groups[-1].buyer.id != u.buyer.id:
            groups.append(BuyerGroup(u.buyer, []))
        groups[-1].items.append(u)
    return UnscheduledList(
        page=Page(items=items, total=len(chosen), page=page, per_page=per_page),
        groups=groups,
        total=len(pairs),
        per_buyer=dict(Counter(u.buyer.id for u in chosen)),
        buyers=list(buyers.values()),
        reasons=dict(Counter(str(u.why) for u in pairs if u.why is not None)),
        weights=dict(Counter(u.weight for u in pairs)),
    )


@dataclass(frozen=True)
class StandbyOffer:
    """A standby pair as the board shows it: who, and the table they would use."""

    pair: StandbyPair
    buyer: Participant
    counterpart: Participant
    table: MeetingTable | None


@dataclass(frozen=True)
class Standby:
    """The standby pairs of one slot (the one running now, or the one the
    organiser chose), and which of them each free cell of that slot can take."""

    slot: MeetingSlot | None
    offers: list[StandbyOffer]
    by_column: dict[int, list[StandbyOffer]]
    # The slot asked for is not one of the event's.
    unknown_slot: bool = False


def _standby(
    session: so.Session,
    event: Event,
    places: str,
    slots: list[MeetingSlot],
    columns: list[Column],
    not_free: set[tuple[int, int]],
    people: dict[int, Participant],
    chosen: int | None,
) -> Standby:
    now, zone = utcnow(), ZoneInfo(event.timezone)
    slot = next((s for s in slots if s.id == chosen), None)
    if chosen is not None and slot is None:
        return Standby(None, [], {}, unknown_slot=True)
    if slot is None:
        index = slot_in_progress([(s.starts_at, s.ends_at) for s in slots], now, zone)
        slot = slots[index] if index is not None else None
    if slot is None:
        return Standby(None, [], {})
    tables = {column.table.id: column.table for column in columns if column.table is not None}
    offers = []
    for pair in pairs_at(session, event, slot):
        a, b = people[pair.a], people[pair.b]
        buyer, counterpart = (b, a) if b.role == ParticipantRole.BUYER and a.role != ParticipantRole.BUYER else (a, b)
        offers.append(StandbyOffer(pair, buyer, counterpart, tables.get(pair.table_id) if pair.table_id else None))
    by_column: dict[int, list[StandbyOffer]] = {}
    for column in columns:
        if (slot.id, column.id) in not_free:
            continue
        if places == MeetingPlaces.POOL:
            fitting = offers
        elif places == MeetingPlaces.BOOTHS:
            fitting = [offer for offer in offers if offer.buyer.id == column.id]
        else:
            fitting = [offer for offer in offers if offer.pair.table_id == column.id]
        if fitting:
            by_column[column.id] = fitting
    return Standby(slot, offers, by_column)


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
    unscheduled: UnscheduledList
    run: ScheduleRun | None
    run_state: str | None
    figures: Figures | None
    figures_problem: Message | None
    # Said when the tables cannot hold every request, whatever the schedule.
    capacity: Text | None
    organisations_without_table: int
    # What came of the meetings: counts of attendance and interest, and the
    # meetings that ended in a deal (where MoUs come from).
    outcomes: dict[str, int]
    deals: list[Meeting]
    # Meetings ten minutes into their slot, on its day, with a side nobody saw
    # at the table and no outcome: their cell may be freed.
    likely_no_shows: set[int]
    standby: Standby


def board(
    session: so.Session,
    actor: User | None,
    event_id: int,
    criteria: UnscheduledFilter | None = None,
    page: int = 1,
    standby_slot: int | None = None,
) -> Board:
    """The board; ``criteria`` and ``page`` choose the requests without a meeting
    listed, ``standby_slot`` the slot whose standby pairs are offered (by
    default the one running now)."""
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
        column_of: dict[int, int | None] = {
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
    cells = {(m.slot_id, column): m for m in meetings if (column := column_of[m.id]) is not None}

    run = last_run(session, event_id)
    seated = {m.participant_ids for m in meetings}
    pending = [(a, b, weight) for (a, b), weight in rows.pairs.items() if (a, b) not in seated]
    unscheduled = [UnscheduledPair(people[a], people[b], weight, None, None) for a, b, weight in pending]
    unavailable: set[tuple[int, int]] = set()
    figures, figures_problem, capacity = None, None, None
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
                str(m.participant_a_id),
                str(m.participant_b_id),
                code_of_slot[m.slot_id],
                None if m.table_id is None else code_of_table.get(m.table_id),
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
        longest_session = max(Counter(slot.session_id for slot in rows.slots.values()).values(), default=0)
        hint = capacity_hint(problem, longest_session)
        capacity = hint.text() if hint else None
    recorded = [m.outcome for m in meetings if m.outcome is not None]
    outcomes = Counter([o.attendance for o in recorded] + [o.interest for o in recorded if o.interest])
    deals = sorted(
        (m for m in meetings if m.outcome is not None and m.outcome.interest == Interest.DEAL),
        key=lambda m: (m.slot.starts_at, m.id),
    )
    now, zone = utcnow(), ZoneInfo(event.timezone)
    likely_no_shows = {
        m.id
        for m in meetings
        if flagged_on_the_day(m.slot.starts_at, now, zone, m.sides_seen, outcome_recorded=m.outcome is not None)
    }
    slots = list(rows.slots.values())
    standby = _standby(
        session,
        event,
        setup.places,
        slots,
        columns,
        set(cells) | unavailable,
        people,
        standby_slot,
    )
    return Board(
        event=event,
        setup=setup,
        slots=slots,
        columns=columns,
        cells=cells,
        unavailable=unavailable,
        meetings=meetings,
        unscheduled=unscheduled_list(unscheduled, criteria or UnscheduledFilter(), page),
        run=run,
        run_state=run_state(run) if run else None,
        figures=figures,
        figures_problem=figures_problem,
        capacity=capacity,
        organisations_without_table=organisations_without_table,
        outcomes=dict(outcomes),
        deals=deals,
        likely_no_shows=likely_no_shows,
        standby=standby,
    )


def _unavailable(problem: Problem, slots: dict[str, MeetingSlot], columns: list[Column], places: str) -> set[tuple[int, int]]:
    """The grid's cells nobody can use, keyed like ``Board.cells``."""
    slot_id = {code: slot.id for code, slot in slots.items()}
    if places == MeetingPlaces.BOOTHS:
        return {(slot_id[code], column.id) for column in columns for code in unavailable_slots(problem, str(column.id))}
    table_id = {column.table.code: column.id for column in columns if column.table is not None}
    return {(slot_id[slot], table_id[table]) for table, slot in unavailable_cells(problem) if table in table_id}
