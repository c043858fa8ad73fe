"""Door check-in: recording scans, and the scan log (finding people is in
``checkin_people``).

Every scan is recorded, refused ones too (a forged badge at the door is worth
knowing about). The first accepted scan of a person is their entry; the
database allows only one (see ``models.Scan``), so a queue of offline uploads,
a retry and twenty phones at once never count anyone twice.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, cast

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from eventapp.domain.badge_token import BadgeClaim, BadgeProblem, InvalidBadge, read_badge_for
from eventapp.domain.checkin import ScanInput, ScanResult, read_scan_request
from eventapp.domain.errors import Conflict, Text, ValidationError
from eventapp.domain.vocabulary import EventRole, ParticipantStatus, values
from eventapp.driver_statements import DriverConnection, DriverStatement
from eventapp.models import CheckinList, CheckinListDay, CheckinListRole, Event, Organisation, Participant, Scan, User
from eventapp.models.base import utcnow
from eventapp.models.checkin import local_day
from eventapp.services.access import Caller, caller_of, require_caller_role, require_event_role
from eventapp.services.badges import secret_key

LOG_RESULTS = values(ScanResult)


@dataclass(frozen=True)
class DoorPerson:
    """A participant as the door's answer shows them."""

    id: int
    full_name: str
    organisation: str
    role: str
    position: str
    province: str
    status: str

    @classmethod
    def of(cls, participant: Participant) -> "DoorPerson":
        organisation = participant.organisation
        return cls(
            participant.id,
            participant.full_name,
            organisation.name,
            participant.role,
            participant.position,
            organisation.province,
            participant.status,
        )


@dataclass(frozen=True)
class RecordedScan:
    """A scan as recorded, with the people it names."""

    id: int
    scan_id: str | None
    result: str
    problem: str | None
    list_id: int
    entry_day: date
    code: str
    method: str
    gate: str
    device: str
    scanned_at: datetime
    received_at: datetime
    scanned_by: str | None  # the staff account's e-mail
    participant: DoorPerson | None

    @classmethod
    def of(cls, scan: Scan) -> "RecordedScan":
        return cls(
            scan.id,
            scan.scan_id,
            scan.result,
            scan.problem,
            scan.list_id,
            scan.entry_day,
            scan.code,
            scan.method,
            scan.gate,
            scan.device,
            scan.scanned_at,
            scan.received_at,
            scan.scanned_by.email if scan.scanned_by else None,
            DoorPerson.of(scan.participant) if scan.participant else None,
        )


@dataclass(frozen=True)
class ScanOutcome:
    scan: RecordedScan
    participant: DoorPerson | None
    first_checked_in_at: datetime | None
    problem: InvalidBadge | None


# The door's busiest path, built once here and run on the driver's
# connection (``driver_statements``). On PostgreSQL one statement looks up
# everything the answer needs (the list, its days and roles, the holder and
# their entry on that list that day), decides and records the scan, and
# commits by itself; SQLite (no INSERT inside WITH) looks up, then records.
_SCAN = cast(sa.Table, Scan.__table__)  # a mapped class's __table__ is typed as any FromClause
_PARTICIPANT = Participant.__table__
_ORGANISATION = Organisation.__table__
_EVENT = Event.__table__
_LIST = CheckinList.__table__
_LIST_DAY = CheckinListDay.__table__
_LIST_ROLE = CheckinListRole.__table__
_ENTRY = _SCAN.alias("entry")
_RECORDED_COLUMNS = (
    "event_id",
    "list_id",
    "entry_day",
    "first_entry",
    "participant_id",
    "scan_id",
    "code",
    "result",
    "problem",
    "method",
    "gate",
    "device",
    "scanned_by_id",
    "scanned_at",
    "received_at",
)


def _constant(value: str) -> sa.ColumnElement[str]:
    """A fixed word of the vocabulary written into the statement, not sent as
    a parameter: PostgreSQL's cached plan can then use the partial indexes
    (``result = 'invalid'``)."""
    return sa.literal_column(f"'{value}'", sa.String)


def is_first_entry(scan: sa.FromClause) -> sa.ColumnElement[bool]:
    """The rows that count a person in, one per list and day
    (``uq_scan_first_entry``). Said as the partial indexes say it."""
    return scan.c.first_entry == sa.true()


def first_entry_of(
    scan: sa.FromClause,
    participant_id: sa.ColumnElement[int] | so.QueryableAttribute[int] | int,
    list_id: sa.ColumnElement[int] | int,
    day: sa.ColumnElement[date] | date,
) -> sa.ColumnElement[bool]:
    """The row that counts a person in on a list that day, of which the
    database allows one."""
    return sa.and_(
        scan.c.participant_id == participant_id, scan.c.list_id == list_id, scan.c.entry_day == day, is_first_entry(scan)
    )


def _door_lookup_statement() -> sa.Select:
    """The list the scan is made at (the given one, or the event's default)
    with the day on the event's clock and whether the list is open that day;
    and the badge's holder at this event, whether the list admits their role,
    and their entry on that list that day. One row, whether or not the holder
    or the list exists. A retried upload of a scan is not looked for: the
    insert runs into its ``scan_id`` (see ``_record``)."""
    event_id = sa.bindparam("event_id", type_=sa.Integer)
    participant_id = sa.bindparam("participant_id", type_=sa.Integer)
    list_id = sa.bindparam("list_id", type_=sa.Integer)
    scanned_at = sa.bindparam("scanned_at", type_=_SCAN.c.scanned_at.type)
    default_list = sa.select(_LIST.c.id).where(_LIST.c.event_id == event_id, _LIST.c.is_default == sa.true())
    day = local_day(scanned_at, _EVENT.c.timezone)
    first_entry = sa.select(_ENTRY.c.scanned_at).where(first_entry_of(_ENTRY, _PARTICIPANT.c.id, _LIST.c.id, day))
    days_given = sa.select(_LIST_DAY.c.day).where(_LIST_DAY.c.list_id == _LIST.c.id)
    roles_given = sa.select(_LIST_ROLE.c.role).where(_LIST_ROLE.c.list_id == _LIST.c.id)
    day_open = sa.or_(~days_given.exists(), days_given.where(_LIST_DAY.c.day == day).exists())
    role_admitted = sa.or_(~roles_given.exists(), roles_given.where(_LIST_ROLE.c.role == _PARTICIPANT.c.role).exists())
    one_row = sa.select(sa.literal_column("1").label("one")).subquery("one_row")
    holder = _PARTICIPANT.join(_ORGANISATION, _ORGANISATION.c.id == _PARTICIPANT.c.organisation_id)
    at_list = _LIST.join(_EVENT, _EVENT.c.id == _LIST.c.event_id)
    return sa.select(
        _LIST.c.id.label("list_id"),
        _LIST.c.allow_reentry,
        day.label("entry_day"),
        day_open.label("day_open"),
        role_admitted.label("role_admitted"),
        _PARTICIPANT.c.id,
        _PARTICIPANT.c.full_name,
        _ORGANISATION.c.name.label("organisation"),
        _PARTICIPANT.c.role,
        _PARTICIPANT.c.position,
        _ORGANISATION.c.province,
        _PARTICIPANT.c.status,
        _PARTICIPANT.c.badge_version,
        _PARTICIPANT.c.erased_at,
        first_entry.scalar_subquery().label("first_checked_in_at"),
    ).select_from(
        one_row.outerjoin(holder, sa.and_(_PARTICIPANT.c.id == participant_id, _PARTICIPANT.c.event_id == event_id)).outerjoin(
            at_list,
            sa.and_(_LIST.c.event_id == event_id, _LIST.c.id == sa.func.coalesce(list_id, default_list.scalar_subquery())),
        )
    )


def _holder_problem(door: sa.CTE) -> sa.ColumnElement:
    """Why a genuine badge of this event lets nobody in at this list, in the
    order the door tells it; NULL when it lets its holder in."""
    return sa.case(
        (door.c.id.is_(None), _constant(BadgeProblem.UNKNOWN)),
        (door.c.erased_at.is_not(None), _constant(BadgeProblem.ERASED)),
        (door.c.badge_version != sa.bindparam("version", type_=sa.Integer), _constant(BadgeProblem.REVOKED)),
        (door.c.status != _constant(ParticipantStatus.APPROVED), _constant(BadgeProblem.NOT_APPROVED)),
        (sa.not_(door.c.day_open), _constant(BadgeProblem.WRONG_DAY)),
        (sa.not_(door.c.role_admitted), _constant(BadgeProblem.NOT_ADMITTED)),
    )


def _record_statement(insert: Callable[[sa.Table], postgresql.Insert | sqlite.Insert], door: sa.CTE) -> sa.Insert:
    """The scan, decided from ``door`` and recorded, unless it names no list
    of the event. Nothing is inserted when a unique index already holds a
    row in its way: this scan id (an upload retried), or this person's entry
    on this list today (another door, a moment ago: PostgreSQL waits for
    that transaction, then skips). No savepoint, no exception. On a list
    that lets people in again, a later entry is ``checked_in`` but not the
    day's first entry."""
    problem = sa.func.coalesce(sa.bindparam("badge_problem", type_=sa.String), _holder_problem(door))
    not_in_yet = door.c.first_checked_in_at.is_(None)
    result = sa.case(
        (problem.is_not(None), _constant(ScanResult.INVALID)),
        (sa.or_(not_in_yet, door.c.allow_reentry == sa.true()), _constant(ScanResult.CHECKED_IN)),
        else_=_constant(ScanResult.ALREADY_CHECKED_IN),
    )
    first_entry = sa.case((sa.and_(problem.is_(None), not_in_yet), sa.true()), else_=sa.false())
    given = {name: sa.bindparam(name, type_=_SCAN.c[name].type) for name in _RECORDED_COLUMNS}
    decided = given | {
        "list_id": door.c.list_id,
        "entry_day": door.c.entry_day,
        "first_entry": first_entry,
        "participant_id": door.c.id,
        "result": result,
        "problem": problem,
    }
    source = sa.select(*(decided[name] for name in _RECORDED_COLUMNS)).where(door.c.list_id.is_not(None))
    return (
        insert(_SCAN)
        .from_select(list(_RECORDED_COLUMNS), source)
        .on_conflict_do_nothing()
        .returning(_SCAN.c.id, _SCAN.c.result, _SCAN.c.problem)
    )


# What the answer reads of the door's lookup; the rest only decides the scan.
_ANSWERED = (
    "list_id",
    "entry_day",
    "id",
    "full_name",
    "organisation",
    "role",
    "position",
    "province",
    "status",
    "first_checked_in_at",
)


def _postgresql_statement() -> sa.Select:
    door = _door_lookup_statement().cte("door")
    recorded = _record_statement(postgresql.insert, door).cte("recorded")
    return sa.select(
        *(door.c[name] for name in _ANSWERED),
        recorded.c.id.label("recorded_id"),
        recorded.c.result.label("recorded_result"),
        recorded.c.problem.label("recorded_problem"),
    ).select_from(door.outerjoin(recorded, sa.true()))


_DOOR_LOOKUP = DriverStatement(_door_lookup_statement())
_RECORD_ON_POSTGRESQL = DriverStatement(_postgresql_statement())
_RECORD_ON_SQLITE = DriverStatement(_record_statement(sqlite.insert, _door_lookup_statement().cte("door")))


class _Recorded(NamedTuple):
    """The door's lookup, and the scan recorded: its id, result and problem
    (None: nothing was recorded)."""

    door: Any
    scan: tuple[int, str, str | None] | None


def _record_scan(on: DriverConnection, values: Mapping[str, object]) -> _Recorded:
    if on.dialect.name == "postgresql":
        row = _RECORD_ON_POSTGRESQL.one(on, values)
        scanned = (row.recorded_id, row.recorded_result, row.recorded_problem) if row.recorded_id is not None else None
        return _Recorded(row, scanned)
    door = _DOOR_LOOKUP.one(on, values)
    recorded = _RECORD_ON_SQLITE.first(on, values) if door.list_id is not None else None
    return _Recorded(door, (recorded.id, recorded.result, recorded.problem) if recorded is not None else None)


def _first_entry(session: so.Session, participant_id: int, list_id: int, day: date) -> Scan | None:
    """The entry that counted a person in on a list that day."""
    return session.scalar(sa.select(Scan).where(first_entry_of(_SCAN, participant_id, list_id, day)))


def _recorded_before(session: so.Session, event_id: int, scan_id: str | None) -> Scan | None:
    """The scan this upload repeats, if the phone sent it before."""
    if scan_id is None:
        return None
    return session.scalar(sa.select(Scan).where(Scan.event_id == event_id, Scan.scan_id == scan_id))


def _replayed(session: so.Session, scan: Scan) -> ScanOutcome:
    """The answer a recorded scan gave, given again for a retry of it."""
    person = DoorPerson.of(scan.participant) if scan.participant else None
    if scan.result == ScanResult.INVALID and scan.problem is not None:
        status = scan.participant.status if scan.participant else None
        return ScanOutcome(RecordedScan.of(scan), person, None, InvalidBadge(BadgeProblem(scan.problem), status))
    first: Scan | None = scan
    if not scan.first_entry:
        first = _first_entry(session, scan.participant_id, scan.list_id, scan.entry_day) if scan.participant_id else None
    return ScanOutcome(RecordedScan.of(scan), person, first.scanned_at if first else None, None)


def check_in(session: so.Session, actor: User | None, event_id: int, data: ScanInput) -> ScanOutcome:
    """Record a scan and say what it means: an entry, a repeat, or a refusal."""
    scanner = caller_of(session, actor)
    require_caller_role(session, scanner, event_id, {EventRole.CHECKIN})
    return _record(session, scanner, event_id, data, on=DriverConnection.of(session.connection()))


def check_in_request(
    session: so.Session, scanner: Caller, event_id: int, body: object, *, received_at: datetime, door: DriverConnection
) -> ScanOutcome:
    """``check_in`` for a scan as the API received it: a stranger is refused
    before the body is read (and learns nothing from its errors). The scan is
    recorded by one statement on ``door``, a connection whose statements
    commit as they run: nothing else writes, so nothing is left to commit."""
    require_caller_role(session, scanner, event_id, {EventRole.CHECKIN})
    return _record(session, scanner, event_id, read_scan_request(body, received_at=received_at), on=door)


def _record(
    session: so.Session,
    scanner: Caller,
    event_id: int,
    data: ScanInput,
    *,
    on: DriverConnection,
    after_race: bool = False,
) -> ScanOutcome:
    claim: BadgeClaim | None = None
    problem: InvalidBadge | None = None
    try:
        claim = read_badge_for(secret_key(), data.code, event_id)  # forgeries stop here, before any lookup
    except InvalidBadge as refused:
        problem = refused
    received_at = utcnow()
    values = {
        "event_id": event_id,
        "participant_id": claim.participant_id if claim else None,
        "version": claim.version if claim else None,
        "badge_problem": problem.problem.value if problem else None,
        "scan_id": data.scan_id,
        "code": data.code,
        "method": data.method,
        "list_id": data.list_id,
        "gate": data.gate,
        "device": data.device,
        "scanned_by_id": scanner.user_id,
        "scanned_at": data.scanned_at,
        "received_at": received_at,
    }
    recorded = _record_scan(on, values)
    door = recorded.door
    if door.list_id is None:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"list_id": Text("This event has no check-in list with this id.")},
        )
    if recorded.scan is None:
        # A unique index refused the row: the phone sent this scan before (a
        # retry, or the same upload twice at once: the index waited for the
        # other), or another door recorded this person's entry a moment
        # after we looked. Its row is committed now; looking again finds it.
        earlier = _recorded_before(session, event_id, data.scan_id)
        if earlier is not None:
            return _replayed(session, earlier)
        if after_race:
            raise Conflict(Text("This conflicts with data saved at the same moment. Reload and try again."))
        return _record(session, scanner, event_id, data, on=on, after_race=True)
    person = (
        DoorPerson(door.id, door.full_name, door.organisation, door.role, door.position, door.province, door.status)
        if door.id is not None
        else None
    )
    recorded_id, recorded_result, recorded_problem = recorded.scan
    if recorded_problem is not None:
        problem = InvalidBadge(BadgeProblem(recorded_problem), door.status)
    # On a list that lets people in again, the day's first entry stays the first.
    first_checked_in_at = None if recorded_result == ScanResult.INVALID else door.first_checked_in_at or data.scanned_at
    scan = RecordedScan(
        recorded_id,
        data.scan_id,
        recorded_result,
        recorded_problem,
        door.list_id,
        door.entry_day,
        data.code,
        data.method,
        data.gate,
        data.device,
        data.scanned_at,
        received_at,
        scanner.email,
        person,
    )
    return ScanOutcome(scan, person, first_checked_in_at, problem)


@dataclass(frozen=True)
class ScanPage:
    items: list[Scan]
    total: int
    page: int
    per_page: int


def scan_log(
    session: so.Session, actor: User | None, event_id: int, *, page: int = 1, per_page: int = 50, result: str = ""
) -> ScanPage:
    """Every scan at the event, newest first."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    if result and result not in LOG_RESULTS:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"result": Text("Choose one of: %(choices)s.", {"choices": ", ".join(LOG_RESULTS)})},
        )
    query = sa.select(Scan).where(Scan.event_id == event_id)
    if result:
        query = query.where(Scan.result == result)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.options(so.joinedload(Scan.participant).joinedload(Participant.organisation), so.joinedload(Scan.scanned_by))
        .order_by(Scan.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return ScanPage(list(items), total, page, per_page)
