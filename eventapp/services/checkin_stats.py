"""The door's figures: checked in against registered, by role and province,
arrivals per quarter hour over the event's days.

Each figure is one aggregate over indexed rows whose number is bounded by the
event's size, never by how many scans were made: entries (one per person,
``uq_scan_first_entry``), participants, refused scans (``ix_scan_refused``),
and quarter hours of the event's days. Every scanning phone polls the
counters, so they stay small and cheap at any hour of any day. Entries are
counted by the columns their index holds (``participant_id``), so the count
needs no visit to the scans themselves.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.checkin import ARRIVAL_BUCKET_MINUTES, ArrivalBucket, ScanResult, arrivals_over_time, event_days
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus, values
from eventapp.models import Organisation, Participant, Scan, User
from eventapp.services.access import require_event_role
from eventapp.services.checkin import is_first_entry

_SCAN = cast(sa.Table, Scan.__table__)  # a mapped class's __table__ is typed as any FromClause
_ENTRY = _SCAN.alias("entry")
_EARLIER = _SCAN.alias("earlier")
_QUARTER_SECONDS = 60 * ARRIVAL_BUCKET_MINUTES


@dataclass(frozen=True)
class Tally:
    checked_in: int
    total: int


@dataclass(frozen=True)
class CheckinCounts:
    """What every scanning phone shows and polls."""

    checked_in: int
    total: int  # approved participants
    invalid_scans: int
    last_scan_at: datetime | None


@dataclass(frozen=True)
class CheckinStats:
    checked_in: int
    total: int  # approved participants
    by_role: dict[str, Tally]
    by_province: dict[str, Tally]
    arrivals: list[ArrivalBucket]  # over the event's days, on its clock
    outside_event_days: int  # entries scanned before or after the event's days
    invalid_scans: int
    last_scan_at: datetime | None


def _approved(event_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(Participant.event_id == event_id, Participant.status == ParticipantStatus.APPROVED)


def _refused_and_last(session: so.Session, event_id: int) -> tuple[int, datetime | None]:
    """Refused scans (a partial index of them), and when the latest scan
    arrived (the newest row of the event's index)."""
    refused = (
        sa.select(sa.func.count())
        .select_from(_SCAN)
        .where(_SCAN.c.event_id == event_id, _SCAN.c.result == ScanResult.INVALID.value)
    )
    last = sa.select(_SCAN.c.received_at).where(_SCAN.c.event_id == event_id).order_by(_SCAN.c.id.desc()).limit(1)
    invalid, last_scan_at = session.execute(sa.select(refused.scalar_subquery(), last.scalar_subquery())).one()
    return invalid or 0, last_scan_at


def counts(session: so.Session, actor: User | None, event_id: int) -> CheckinCounts:
    """Checked in against registered, and refusals: for every staff member."""
    require_event_role(session, actor, event_id, set(EventRole))
    total, checked_in = session.execute(
        sa.select(sa.func.count(), sa.func.count(_ENTRY.c.participant_id))
        .select_from(Participant)
        .outerjoin(_ENTRY, is_first_entry(_ENTRY, Participant.id))
        .where(_approved(event_id))
    ).one()
    invalid, last_scan_at = _refused_and_last(session, event_id)
    return CheckinCounts(checked_in, total, invalid, last_scan_at)


def _quarter_of(session: so.Session, moment: sa.ColumnElement) -> sa.ColumnElement[int]:
    """The quarter hour an instant falls in, as a number (seconds since 1970 / 900)."""
    if session.get_bind().dialect.name == "sqlite":  # stored as UTC text
        seconds = sa.cast(sa.func.strftime("%s", moment), sa.Integer)
        return sa.cast(seconds / _QUARTER_SECONDS, sa.Integer)
    return sa.cast(sa.func.floor(sa.extract("epoch", moment) / _QUARTER_SECONDS), sa.Integer)


def _arrivals_per_quarter(session: so.Session, event_id: int, days: tuple[datetime, datetime]) -> tuple[dict[datetime, int], int]:
    """Entries per quarter hour of the event's days, and how many fall outside them.

    A person arrived at their earliest accepted scan: a phone that was
    offline at 07:40 may upload after another door recorded the entry at
    08:00. That earlier scan is one probe of ``ix_scan_accepted_again``.
    """
    earlier = (
        sa.select(sa.func.min(_EARLIER.c.scanned_at))
        .where(
            _EARLIER.c.participant_id == _ENTRY.c.participant_id,
            _EARLIER.c.result == ScanResult.ALREADY_CHECKED_IN.value,
            _EARLIER.c.scanned_at < _ENTRY.c.scanned_at,
        )
        .scalar_subquery()
    )
    # Materialized: each arrival is found once, not once per use below (the
    # planner would otherwise copy the probe into every use of the column).
    arrivals = (
        sa.select(sa.func.coalesce(earlier, _ENTRY.c.scanned_at).label("arrived_at"))
        .select_from(Participant)
        .join(_ENTRY, is_first_entry(_ENTRY, Participant.id))
        .where(_approved(event_id))
        .cte("arrivals")
        .prefix_with("MATERIALIZED")
    )
    start, end = days
    inside = sa.and_(arrivals.c.arrived_at >= start, arrivals.c.arrived_at < end)
    quarter = sa.case((inside, _quarter_of(session, arrivals.c.arrived_at)))
    rows = session.execute(sa.select(quarter, sa.func.count()).group_by(quarter)).all()
    per_quarter = {datetime.fromtimestamp(number * _QUARTER_SECONDS, UTC): count for number, count in rows if number is not None}
    return per_quarter, sum(count for number, count in rows if number is None)


def stats(session: so.Session, actor: User | None, event_id: int) -> CheckinStats:
    """Checked in against registered (approved), for every staff member of the event."""
    event = require_event_role(session, actor, event_id, set(EventRole))
    tallies = session.execute(
        sa.select(Participant.role, Organisation.province, sa.func.count(), sa.func.count(_ENTRY.c.participant_id))
        .join(Organisation, Participant.organisation_id == Organisation.id)
        .outerjoin(_ENTRY, is_first_entry(_ENTRY, Participant.id))
        .where(_approved(event_id))
        .group_by(Participant.role, Organisation.province)
    ).all()
    role_total = dict.fromkeys(values(ParticipantRole), 0)
    role_in = dict.fromkeys(values(ParticipantRole), 0)
    province_total: dict[str, int] = {}
    province_in: dict[str, int] = {}
    for role, province, total, entered in tallies:
        role_total[role] += total
        role_in[role] += entered
        province_total[province] = province_total.get(province, 0) + total
        province_in[province] = province_in.get(province, 0) + entered
    per_quarter, outside = _arrivals_per_quarter(session, event_id, event_days(event.starts_on, event.ends_on, event.timezone))
    invalid, last_scan_at = _refused_and_last(session, event_id)
    return CheckinStats(
        checked_in=sum(role_in.values()),
        total=sum(role_total.values()),
        by_role={role: Tally(role_in[role], role_total[role]) for role in role_total},
        by_province={
            province: Tally(province_in[province], count)
            for province, count in sorted(province_total.items(), key=lambda item: -item[1])
        },
        arrivals=arrivals_over_time(per_quarter, event.timezone),
        outside_event_days=outside,
        invalid_scans=invalid,
        last_scan_at=last_scan_at,
    )
