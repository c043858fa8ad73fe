"""The organisers' board: the grid of slots and tables with the meetings in
it, the pairs left out and why, the last run, the schedule's figures and what
came of the meetings. The event-wide figures and reasons come from
``board_analysis``; everything else is read for the page shown."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Message, Text
from eventapp.domain.fields import FieldErrors, ascii_number, optional_choice
from eventapp.domain.meeting_attendance import flagged_on_the_day, slot_in_progress
from eventapp.domain.meetings import MUTUAL_WEIGHT, Interest, MeetingPlaces, RequestPriority, buyer_listed_second
from eventapp.domain.paging import Page
from eventapp.domain.scheduling import Figures
from eventapp.domain.scheduling.explain import Explanation, Why
from eventapp.domain.standby import StandbyPair
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus
from eventapp.models import (
    Event,
    Job,
    MatchmakingSetup,
    Meeting,
    MeetingOutcome,
    MeetingSlot,
    MeetingTable,
    Organisation,
    PairWithoutMeeting,
    Participant,
    ScheduleRun,
    User,
)
from eventapp.models.base import utcnow
from eventapp.services import board_analysis
from eventapp.services.access import require_event_role
from eventapp.services.meeting_setup import current_setup, event_slots, event_tables
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
        return self.b if buyer_listed_second(self.a.role, self.b.role) else self.a

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
# Tables (or buyers at the booths) per page of the grid: a national event has
# hundreds, which no screen shows side by side.
COLUMNS_PER_PAGE = 12


def _in_code_point_order(session: so.Session, column: so.InstrumentedAttribute[str]) -> sa.ColumnElement[str]:
    """Names ordered as Python orders them, on either database: PostgreSQL's
    locale collation would put other lists in another order."""
    return column.collate("C") if session.get_bind().dialect.name == "postgresql" else column.expression


def unscheduled_list(
    session: so.Session,
    event_id: int,
    criteria: UnscheduledFilter,
    page: int,
    names: "ReasonNames",
    per_page: int = UNSCHEDULED_PER_PAGE,
) -> UnscheduledList:
    """Filter, group by buyer (buyers in name order, then the heaviest pairs
    first) and cut one page; counts for the filters come from every pair."""
    pair = PairWithoutMeeting
    of_event = pair.event_id == event_id
    chosen = [of_event]
    if criteria.buyer is not None:
        chosen.append(pair.buyer_id == criteria.buyer)
    if criteria.reason:
        chosen.append(pair.why == criteria.reason)
    if criteria.priority is not None:
        chosen.append(pair.weight == criteria.priority)
    reasons = {
        why: n for why, n in session.execute(sa.select(pair.why, sa.func.count()).where(of_event).group_by(pair.why)) if why
    }
    weights = dict(session.execute(sa.select(pair.weight, sa.func.count()).where(of_event).group_by(pair.weight)).all())
    total = sum(weights.values())
    matching = session.scalar(sa.select(sa.func.count()).where(*chosen)) or 0
    pages = max(1, -(-matching // per_page))
    page = min(max(1, page), pages)

    buyer, buyer_organisation, counterpart = so.aliased(Participant), so.aliased(Organisation), so.aliased(Participant)
    rows = list(
        session.scalars(
            sa.select(pair)
            .join(buyer, buyer.id == pair.buyer_id)
            .join(buyer_organisation, buyer_organisation.id == buyer.organisation_id)
            .join(counterpart, counterpart.id == pair.counterpart_id)
            .where(*chosen)
            .order_by(
                _in_code_point_order(session, buyer_organisation.name),
                _in_code_point_order(session, buyer.full_name),
                buyer.id,
                pair.weight.desc(),
                sa.func.coalesce(pair.why, ""),
                _in_code_point_order(session, counterpart.full_name),
                pair.id,
            )
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    buyer_counts = dict(session.execute(sa.select(pair.buyer_id, sa.func.count()).where(of_event).group_by(pair.buyer_id)).all())
    listed = sa.select(pair.buyer_id).where(of_event)
    people = {
        p.id: p
        for p in session.scalars(
            sa.select(Participant)
            .where(sa.or_(Participant.id.in_(listed), Participant.id.in_({row.counterpart_id for row in rows})))
            .options(so.joinedload(Participant.organisation))
        )
    }
    items = [
        UnscheduledPair(
            people[row.a_id], people[row.b_id], row.weight, Why(row.why) if row.why else None, names.reason(row, people)
        )
        for row in rows
    ]
    groups: list[BuyerGroup] = []
    for item in items:
        if not groups or groups[-1].buyer.id != item.buyer.id:
            groups.append(BuyerGroup(item.buyer, []))
        groups[-1].items.append(item)
    shown = {group.buyer.id for group in groups}
    per_buyer = dict(
        session.execute(
            sa.select(pair.buyer_id, sa.func.count()).where(*chosen, pair.buyer_id.in_(shown)).group_by(pair.buyer_id)
        ).all()
    )
    buyers = sorted(
        ((people[buyer_id], count) for buyer_id, count in buyer_counts.items() if buyer_id in people),
        key=lambda entry: (entry[0].organisation.name, entry[0].full_name, entry[0].id),
    )
    return UnscheduledList(
        page=Page(items=items, total=matching, page=page, per_page=per_page),
        groups=groups,
        total=total,
        per_buyer=per_buyer,
        buyers=buyers,
        reasons=reasons,
        weights=weights,
    )


@dataclass(frozen=True)
class ReasonNames:
    """How a reason names people and tables: the organiser reads "Nguyễn Văn A
    (HTX Mỹ Xuyên)" and "3 · Saigon Co.op", not ids."""

    tables: dict[str, str]
    several_days: bool

    def reason(self, row: PairWithoutMeeting, people: dict[int, Participant]) -> Text | None:
        if row.why is None:
            return None
        person = people.get(row.person_id) if row.person_id is not None else None
        names = {str(person.id): f"{person.full_name} ({person.organisation.name})"} if person is not None else {}
        explanation = Explanation(
            Why(row.why), str(row.person_id) if row.person_id else None, row.moment, row.cap, row.table_code
        )
        return explanation.text(names, self.tables, with_day=self.several_days)


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
    pairs = pairs_at(session, event, slot)
    people = {
        p.id: p
        for p in session.scalars(
            sa.select(Participant)
            .where(Participant.id.in_({person for pair in pairs for person in (pair.a, pair.b)}))
            .options(so.joinedload(Participant.organisation))
        )
    }
    offers = []
    for pair in pairs:
        a, b = people[pair.a], people[pair.b]
        buyer, counterpart = (b, a) if buyer_listed_second(a.role, b.role) else (a, b)
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
    # The page of the grid's columns shown (``columns`` holds its items).
    column_page: Page[Column]
    cells: dict[tuple[int, int], Meeting]
    # (slot id, column id) of the cells nobody can use: the table's hosts, or
    # the buyer at the booths, are not there then.
    unavailable: set[tuple[int, int]]
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
    # The job bringing the figures and reasons up to date, while they are not.
    updating: Job | None
    # Meetings of the page ten minutes into their slot, on its day, with a side
    # nobody saw at the table and no outcome: their cell may be freed.
    likely_no_shows: set[int]
    standby: Standby


def board(
    session: so.Session,
    actor: User | None,
    event_id: int,
    criteria: UnscheduledFilter | None = None,
    page: int = 1,
    column_page: int = 1,
    standby_slot: int | None = None,
) -> Board:
    """The board; ``criteria`` and ``page`` choose the requests without a
    meeting listed, ``column_page`` the grid's tables, ``standby_slot`` the
    slot whose standby pairs are offered (by default the one running now).
    Its queries do not grow with the event: the event-wide figures come from
    the stored analysis."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    setup = current_setup(session, event)
    state = board_analysis.current(session, event)
    tables = event_tables(session, event_id) if setup.places != MeetingPlaces.BOOTHS else []
    if setup.places == MeetingPlaces.BOOTHS:
        buyers = session.scalars(
            sa.select(Participant)
            .where(*_matchmaking_buyer_conditions(event_id))
            .options(so.joinedload(Participant.organisation))
            .order_by(Participant.id)
        ).all()
        every_column = [Column(p.id, None, p) for p in sorted(buyers, key=lambda p: (p.organisation.name, p.id))]
    else:
        every_column = [Column(t.id, t) for t in tables]
    pages = max(1, -(-len(every_column) // COLUMNS_PER_PAGE))
    column_page = min(max(1, column_page), pages)
    columns = every_column[(column_page - 1) * COLUMNS_PER_PAGE : column_page * COLUMNS_PER_PAGE]
    column_ids = [column.id for column in columns]

    shown = sa.select(Meeting).where(Meeting.event_id == event_id).options(*_MEETING_OPTIONS)
    if setup.places == MeetingPlaces.BOOTHS:
        shown = shown.where(sa.or_(Meeting.participant_a_id.in_(column_ids), Meeting.participant_b_id.in_(column_ids)))
    else:
        shown = shown.where(Meeting.table_id.in_(column_ids))
    cells: dict[tuple[int, int], Meeting] = {}
    for meeting in session.scalars(shown):
        column: int | None = meeting.table_id
        if setup.places == MeetingPlaces.BOOTHS:
            column = meeting.participant_a_id if meeting.participant_a.role == ParticipantRole.BUYER else meeting.participant_b_id
        if column in column_ids:
            cells[(meeting.slot_id, column)] = meeting

    organisations_without_table = 0
    if setup.places == MeetingPlaces.HOST:
        hosted = sa.select(MeetingTable.host_organisation_id).where(
            MeetingTable.event_id == event_id, MeetingTable.host_organisation_id.is_not(None)
        )
        organisations_without_table = (
            session.scalar(
                sa.select(sa.func.count(sa.distinct(Participant.organisation_id))).where(
                    *_matchmaking_buyer_conditions(event_id), Participant.organisation_id.not_in(hosted)
                )
            )
            or 0
        )
    run = last_run(session, event_id)
    table_names = {t.code: f"{t.number} · {t.host.name}" if t.host else str(t.number) for t in tables}
    several_days = bool(state.analysis and state.analysis.several_days)
    unscheduled = unscheduled_list(
        session, event_id, criteria or UnscheduledFilter(), page, ReasonNames(table_names, several_days)
    )
    outcomes = _outcome_counts(session, event_id)
    deals = list(
        session.scalars(
            sa.select(Meeting)
            .join(MeetingOutcome, MeetingOutcome.meeting_id == Meeting.id)
            .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
            .where(Meeting.event_id == event_id, MeetingOutcome.interest == Interest.DEAL)
            .order_by(MeetingSlot.starts_at, Meeting.id)
            .options(*_MEETING_OPTIONS, so.selectinload(Meeting.mous))
        )
    )
    now, zone = utcnow(), ZoneInfo(event.timezone)
    likely_no_shows = {
        m.id
        for m in cells.values()
        if flagged_on_the_day(m.slot.starts_at, now, zone, m.sides_seen, outcome_recorded=m.outcome is not None)
    }
    slots = event_slots(session, event_id)
    standby = _standby(session, event, setup.places, slots, columns, set(cells) | state.unavailable, standby_slot)
    return Board(
        event=event,
        setup=setup,
        slots=slots,
        columns=columns,
        column_page=Page(items=columns, total=len(every_column), page=column_page, per_page=COLUMNS_PER_PAGE),
        cells=cells,
        unavailable=state.unavailable,
        unscheduled=unscheduled,
        run=run,
        run_state=run_state(run) if run else None,
        figures=state.figures,
        figures_problem=state.figures_problem,
        capacity=state.capacity,
        organisations_without_table=organisations_without_table,
        outcomes=outcomes,
        deals=deals,
        updating=state.updating,
        likely_no_shows=likely_no_shows,
        standby=standby,
    )


_MEETING_OPTIONS = (
    so.selectinload(Meeting.outcome),
    so.joinedload(Meeting.slot),
    so.joinedload(Meeting.participant_a).joinedload(Participant.organisation),
    so.joinedload(Meeting.participant_b).joinedload(Participant.organisation),
)


def _matchmaking_buyer_conditions(event_id: int) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        Participant.event_id == event_id,
        Participant.status == ParticipantStatus.APPROVED,
        Participant.role == ParticipantRole.BUYER,
    )


def _outcome_counts(session: so.Session, event_id: int) -> dict[str, int]:
    """Meetings by attendance and by interest, counted in the database."""
    counts: dict[str, int] = {}
    for column in (MeetingOutcome.attendance, MeetingOutcome.interest):
        for value, count in session.execute(
            sa.select(column, sa.func.count())
            .join(Meeting, Meeting.id == MeetingOutcome.meeting_id)
            .where(Meeting.event_id == event_id, column.is_not(None))
            .group_by(column)
        ):
            counts[str(value)] = count
    return counts
