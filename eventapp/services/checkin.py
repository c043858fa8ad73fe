"""Door check-in: recording scans, finding people, and the arrivals figures.

Every scan is recorded, refused ones too (a forged badge at the door is worth
knowing about). The first accepted scan of a person is their entry; the
database allows only one (see ``models.Scan``), so a queue of offline uploads,
a retry and twenty phones at once never count anyone twice.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from eventapp.domain.badge_token import (
    BadgeClaim,
    BadgeHolder,
    BadgeProblem,
    InvalidBadge,
    check_claim,
    read_badge,
)
from eventapp.domain.checkin import ArrivalBucket, ScanInput, ScanResult, arrivals_over_time, read_scan_request
from eventapp.domain.errors import Conflict, Text, ValidationError
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus, values
from eventapp.models import Organisation, Participant, Scan, User
from eventapp.models.base import utcnow
from eventapp.services.access import require_event_role
from eventapp.services.badges import badge_code, secret_key
from eventapp.services.participants import ParticipantFilter, filtered_query

SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 20
LOG_RESULTS = values(ScanResult)


@dataclass(frozen=True)
class ScanOutcome:
    scan: Scan
    participant: Participant | None
    first_checked_in_at: datetime | None
    problem: InvalidBadge | None


def _first_entry(session: so.Session, participant_id: int) -> Scan | None:
    return session.scalar(sa.select(Scan).where(Scan.participant_id == participant_id, Scan.result == ScanResult.CHECKED_IN))


def _by_scan_id(session: so.Session, event_id: int, scan_id: str | None) -> Scan | None:
    if scan_id is None:
        return None
    return session.scalar(sa.select(Scan).where(Scan.event_id == event_id, Scan.scan_id == scan_id))


# Built once: an alias made per call costs a copy of every column, per scan.
_ENTRY = so.aliased(Scan, name="entry")


def _door_lookup(
    session: so.Session, event_id: int, scan_id: str | None, participant_id: int | None
) -> tuple[Participant | None, Scan | None, Scan | None]:
    """The badge's holder at this event, their entry if they came in already,
    and this very scan if it was recorded before (a retry): one query, as
    this is the door's busiest path."""
    if participant_id is None:
        return None, _by_scan_id(session, event_id, scan_id), None
    entry = _ENTRY
    replayed_id = (
        sa.select(Scan.id).where(Scan.event_id == event_id, Scan.scan_id == scan_id).scalar_subquery()
        if scan_id is not None
        else sa.null()
    )
    row = session.execute(
        sa.select(Participant, entry, replayed_id.label("replayed_id"))
        .outerjoin(entry, sa.and_(entry.participant_id == Participant.id, entry.result == ScanResult.CHECKED_IN))
        .where(Participant.id == participant_id, Participant.event_id == event_id)
    ).first()
    if row is None:
        return None, _by_scan_id(session, event_id, scan_id), None
    participant, first, replayed = row
    return participant, session.get(Scan, replayed) if replayed is not None else None, first


def _outcome_of(session: so.Session, scan: Scan) -> ScanOutcome:
    """The answer a recorded scan gave, given again for a retry of it."""
    participant = scan.participant
    if scan.result == ScanResult.INVALID:
        status = participant.status if participant is not None else None
        return ScanOutcome(scan, participant, None, InvalidBadge(BadgeProblem(scan.problem), status))
    first = scan if scan.result == ScanResult.CHECKED_IN else _first_entry(session, scan.participant_id)
    return ScanOutcome(scan, participant, first.scanned_at if first else None, None)


def _replay_after_race(session: so.Session, event_id: int, scan_id: str | None) -> ScanOutcome:
    """A unique index refused a scan although no row was there when we looked:
    the same scan id was uploaded twice at once, and the other upload won."""
    replayed = _by_scan_id(session, event_id, scan_id)
    if replayed is None:
        raise Conflict(Text("This conflicts with data saved at the same moment. Reload and try again."))
    return _outcome_of(session, replayed)


def _insert(session: so.Session, values: dict[str, object]) -> Scan | None:
    """The scan, recorded; None when a unique index already holds one in its
    way (another door recorded this person's entry, or this scan id, a moment
    ago: PostgreSQL waits for that transaction, then skips). One statement,
    no savepoint, no exception: this is the door's busiest path."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return session.scalars(insert(Scan).values(**values).on_conflict_do_nothing().returning(Scan)).first()


def check_in(session: so.Session, actor: User | None, event_id: int, data: ScanInput) -> ScanOutcome:
    """Record a scan and say what it means: an entry, a repeat, or a refusal."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    return _record(session, actor, event_id, data)


def check_in_request(
    session: so.Session, actor: User | None, event_id: int, body: object, *, received_at: datetime
) -> ScanOutcome:
    """``check_in`` for a scan as the API received it: a stranger is refused
    before the body is read (and learns nothing from its errors)."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    return _record(session, actor, event_id, read_scan_request(body, received_at=received_at))


def _record(session: so.Session, actor: User, event_id: int, data: ScanInput) -> ScanOutcome:
    claim: BadgeClaim | None = None
    problem: InvalidBadge | None = None
    try:
        claim = read_badge(secret_key(), data.code)  # forgeries stop here, before any lookup
    except InvalidBadge as refused:
        problem = refused
    ours = claim is not None and claim.event_id == event_id
    participant, replayed, first = _door_lookup(session, event_id, data.scan_id, claim.participant_id if ours else None)
    if replayed is not None:
        return _outcome_of(session, replayed)

    def scan(result: ScanResult, participant: Participant | None, refused: InvalidBadge | None = None) -> dict:
        return {
            "event_id": event_id,
            "participant_id": participant.id if participant else None,
            "scan_id": data.scan_id,
            "code": data.code,
            "result": result.value,
            "problem": refused.problem.value if refused else None,
            "method": data.method,
            "gate": data.gate,
            "device": data.device,
            "scanned_by_id": actor.id,
            "scanned_at": data.scanned_at,
            "received_at": utcnow(),
        }

    if claim is not None:
        try:
            holder = BadgeHolder(participant.badge_version, participant.status) if participant else None
            check_claim(claim, event_id=event_id, holder=holder)
        except InvalidBadge as refused:
            problem = refused
    if problem is not None:
        refusal = _insert(session, scan(ScanResult.INVALID, participant, problem))
        if refusal is None:
            return _replay_after_race(session, event_id, data.scan_id)
        return ScanOutcome(refusal, participant, None, problem)

    if first is None:
        entry = _insert(session, scan(ScanResult.CHECKED_IN, participant))
        if entry is not None:
            return ScanOutcome(entry, participant, entry.scanned_at, None)
        # Another door recorded the entry a moment ago (its row is committed
        # now: the index waited for it), or this very scan was uploaded twice.
        _holder, replayed, first = _door_lookup(session, event_id, data.scan_id, participant.id)
        if replayed is not None or first is None:
            return _replay_after_race(session, event_id, data.scan_id)
    repeat = _insert(session, scan(ScanResult.ALREADY_CHECKED_IN, participant))
    if repeat is None:
        return _replay_after_race(session, event_id, data.scan_id)
    return ScanOutcome(repeat, participant, first.scanned_at, None)


@dataclass(frozen=True)
class Tally:
    checked_in: int
    total: int


@dataclass(frozen=True)
class CheckinStats:
    checked_in: int
    total: int  # approved participants
    by_role: dict[str, Tally]
    by_province: dict[str, Tally]
    arrivals: list[ArrivalBucket]
    invalid_scans: int
    last_scan_at: datetime | None


def stats(session: so.Session, actor: User | None, event_id: int) -> CheckinStats:
    """Checked in against registered (approved), for every staff member of the event."""
    event = require_event_role(session, actor, event_id, set(EventRole))
    approved = sa.and_(Participant.event_id == event_id, Participant.status == ParticipantStatus.APPROVED)
    totals = session.execute(
        sa.select(Participant.role, Organisation.province, sa.func.count())
        .join(Organisation, Participant.organisation_id == Organisation.id)
        .where(approved)
        .group_by(Participant.role, Organisation.province)
    ).all()
    # Arrival is the earliest accepted scan: a phone that was offline at 07:40
    # may upload after another door recorded the entry at 08:00.
    entries = session.execute(
        sa.select(Participant.role, Organisation.province, sa.func.min(Scan.scanned_at))
        .join(Participant, Scan.participant_id == Participant.id)
        .join(Organisation, Participant.organisation_id == Organisation.id)
        .where(Scan.event_id == event_id, approved, Scan.result.in_([ScanResult.CHECKED_IN, ScanResult.ALREADY_CHECKED_IN]))
        .group_by(Participant.id, Participant.role, Organisation.province)
    ).all()
    role_total = dict.fromkeys(values(ParticipantRole), 0)
    role_in = dict.fromkeys(values(ParticipantRole), 0)
    province_total: dict[str, int] = {}
    province_in: dict[str, int] = {}
    for role, province, count in totals:
        role_total[role] += count
        province_total[province] = province_total.get(province, 0) + count
    for role, province, _when in entries:
        role_in[role] += 1
        province_in[province] = province_in.get(province, 0) + 1
    invalid, last_scan_at = session.execute(
        sa.select(sa.func.count().filter(Scan.result == ScanResult.INVALID), sa.func.max(Scan.received_at)).where(
            Scan.event_id == event_id
        )
    ).one()
    return CheckinStats(
        checked_in=len(entries),
        total=sum(role_total.values()),
        by_role={role: Tally(role_in[role], role_total[role]) for role in role_total},
        by_province={
            province: Tally(province_in.get(province, 0), count)
            for province, count in sorted(province_total.items(), key=lambda item: -item[1])
        },
        arrivals=arrivals_over_time((when for _role, _province, when in entries), event.timezone),
        invalid_scans=invalid or 0,
        last_scan_at=last_scan_at,
    )


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
        query.options(so.joinedload(Scan.participant), so.joinedload(Scan.scanned_by))
        .order_by(Scan.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return ScanPage(list(items), total, page, per_page)


@dataclass(frozen=True)
class DoorEntry:
    """A participant as the door sees them: the code their badge holds
    (approved people only) and when they came in."""

    participant: Participant
    code: str | None
    checked_in_at: datetime | None


def _door_entries(session: so.Session, participants: list[Participant]) -> list[DoorEntry]:
    ids = [participant.id for participant in participants]
    entered = (
        dict(
            session.execute(
                sa.select(Scan.participant_id, Scan.scanned_at).where(
                    Scan.participant_id.in_(ids), Scan.result == ScanResult.CHECKED_IN
                )
            ).all()
        )
        if ids
        else {}
    )
    return [
        DoorEntry(
            participant,
            badge_code(participant) if participant.status == ParticipantStatus.APPROVED else None,
            entered.get(participant.id),
        )
        for participant in participants
    ]


def roster(session: so.Session, actor: User | None, event_id: int) -> list[DoorEntry]:
    """Every valid badge of the event, for a scanning phone to keep while the
    network is down: it then recognises genuine badges on its own."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    participants = session.scalars(
        sa.select(Participant)
        .where(Participant.event_id == event_id, Participant.status == ParticipantStatus.APPROVED)
        .order_by(Participant.id)
    ).all()
    return _door_entries(session, list(participants))


def find_people(session: so.Session, actor: User | None, event_id: int, text: str) -> list[DoorEntry]:
    """People whose name, phone, e-mail or organisation matches, tone marks
    optional: the desk's way in for a forgotten badge. Every status is shown,
    so staff can tell someone why they cannot enter."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    if len(fold(text or "").replace(" ", "")) < SEARCH_MIN_LENGTH:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"q": Text("Type at least %(num)s letters or digits.", {"num": SEARCH_MIN_LENGTH})},
        )
    participants = session.scalars(
        filtered_query(event_id, ParticipantFilter(search=text[:200]))
        .order_by(Participant.full_name, Participant.id)
        .limit(SEARCH_LIMIT)
    ).all()
    return _door_entries(session, list(participants))


def entry_of(session: so.Session, participant: Participant) -> Scan | None:
    """The participant's entry, if they have come in."""
    return _first_entry(session, participant.id)
