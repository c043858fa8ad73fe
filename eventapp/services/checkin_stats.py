"""The door's figures: checked in against registered, by role and province,
arrivals per quarter hour over the event's days; for the whole event, or for
one day, one check-in list, or both.

What every scanning phone polls, its list's figures today, is one row that
the database keeps as scans are recorded (``CheckinTally``), so it costs the
same at any hour of any day; refused scans and each list's people per day
are summed from those rows too. A figure that counts each person once over
several lists or days is one aggregate over indexed rows whose number is
bounded by the event's size, never by how many scans were made: entries (one
per person, list and day, ``uq_scan_first_entry`` and
``ix_scan_list_day_entries``), participants, and quarter hours of the
event's days. Entries are found by the columns their indexes hold, so a
count needs no visit to the scans themselves."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import cast

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.checkin import ARRIVAL_BUCKET_MINUTES, ArrivalBucket, ScanResult, arrivals_over_time, event_days
from eventapp.domain.checkin_lists import days_of
from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors, parse_day, whole_number
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus, values
from eventapp.models import CheckinList, CheckinTally, Event, Organisation, Participant, Scan, User
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
class Selection:
    """Which entries a figure counts: one day's (on the event's clock), one
    list's, or both; None is any."""

    day: date | None = None
    list_id: int | None = None


@dataclass(frozen=True)
class ListFigures:
    checkin_list: CheckinList
    checked_in: int  # people who came in at the list, any day
    by_day: dict[date, int]


@dataclass(frozen=True)
class DayFigures:
    day: date
    checked_in: int  # people who came in that day, at any list


@dataclass(frozen=True)
class CheckinStats:
    checked_in: int
    total: int  # approved participants
    by_role: dict[str, Tally]
    by_province: dict[str, Tally]
    arrivals: list[ArrivalBucket]  # over the event's days, on its clock
    outside_event_days: int  # entries scanned before or after the event's days
    invalid_scans: int
    last_scan_at: datetime | None  # the latest scan at the event, whatever the selection
    days: list[DayFigures]  # each day of the event
    lists: list[ListFigures]  # each list of the event, the default first


def read_selection(session: so.Session, event: Event, arguments: Mapping[str, str]) -> Selection:
    """``day`` (one of the event's days, YYYY-MM-DD) and ``list_id`` (one of
    its lists) from a query string; both optional."""
    errors = FieldErrors()
    day = None
    if arguments.get("day"):
        day = parse_day(arguments["day"])
        if day is None:
            errors.add("day", Text("Give a day as YYYY-MM-DD, e.g. 2020-11-20."))
        elif not event.starts_on <= day <= event.ends_on:
            errors.add(
                "day",
                Text(
                    "The event runs from %(starts_on)s to %(ends_on)s: choose one of its days.",
                    {"starts_on": event.starts_on.isoformat(), "ends_on": event.ends_on.isoformat()},
                ),
            )
            day = None
    list_id = None
    if arguments.get("list_id"):
        list_id = whole_number(arguments["list_id"])
        known = (
            session.scalar(sa.select(CheckinList.id).where(CheckinList.id == list_id, CheckinList.event_id == event.id))
            if list_id is not None
            else None
        )
        if known is None:
            errors.add("list_id", Text("This event has no check-in list with this id."))
    errors.raise_if_any()
    return Selection(day, list_id)


def _selected(entry: sa.FromClause, selection: Selection) -> sa.ColumnElement[bool]:
    """The selected entries, among the first entries of a person."""
    conditions = [is_first_entry(entry)]
    if selection.list_id is not None:
        conditions.append(entry.c.list_id == selection.list_id)
    if selection.day is not None:
        conditions.append(entry.c.entry_day == selection.day)
    return sa.and_(*conditions)


def _came_in(selection: Selection) -> sa.ColumnElement[bool]:
    """Whether the participant has a selected entry: one probe of the index
    of their entries, whose number is bounded by lists times days."""
    return sa.exists().where(_ENTRY.c.participant_id == Participant.id, _selected(_ENTRY, selection))


def _approved(event_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(Participant.event_id == event_id, Participant.status == ParticipantStatus.APPROVED)


def _tallied(event_id: int, selection: Selection) -> sa.Select:
    """People in and refused scans at the selected lists and days, summed
    from their tallies (a row per list and day, kept by the database)."""
    conditions = [CheckinList.event_id == event_id]
    if selection.list_id is not None:
        conditions.append(CheckinTally.list_id == selection.list_id)
    if selection.day is not None:
        conditions.append(CheckinTally.entry_day == selection.day)
    return (
        sa.select(
            sa.func.coalesce(sa.func.sum(CheckinTally.entries), 0).label("entries"),
            sa.func.coalesce(sa.func.sum(CheckinTally.refused), 0).label("refused"),
        )
        .join(CheckinList, CheckinList.id == CheckinTally.list_id)
        .where(*conditions)
    )


def _refused_and_last(session: so.Session, event_id: int, selection: Selection) -> tuple[int, datetime | None]:
    """Refused scans at the selected lists and days (their tallies), and when
    the latest scan arrived at the event (the newest row of the event's index)."""
    tally = _tallied(event_id, selection).subquery()
    invalid, last_scan_at = session.execute(sa.select(tally.c.refused, _last_scan(event_id)).select_from(tally)).one()
    return invalid, last_scan_at


def _last_scan(event_id: int) -> sa.ScalarSelect:
    return (
        sa.select(_SCAN.c.received_at).where(_SCAN.c.event_id == event_id).order_by(_SCAN.c.id.desc()).limit(1).scalar_subquery()
    )


def counts(session: so.Session, actor: User | None, event_id: int, arguments: Mapping[str, str] | None = None) -> CheckinCounts:
    """Checked in against registered, and refusals, for the selected day and
    list (a phone asks for its list today): for every staff member. One list
    on one day is one tally row; a wider selection counts each person once,
    from the index of their entries."""
    event = require_event_role(session, actor, event_id, set(EventRole))
    selection = read_selection(session, event, arguments or {})
    approved = sa.select(sa.func.count()).select_from(Participant).where(_approved(event_id)).scalar_subquery()
    tally = _tallied(event_id, selection).subquery()
    entered: sa.ColumnElement[int] = tally.c.entries
    if selection.list_id is None or selection.day is None:
        entered = (
            sa.select(sa.func.count()).select_from(Participant).where(_approved(event_id), _came_in(selection)).scalar_subquery()
        )
    total, checked_in, invalid, last_scan_at = session.execute(
        sa.select(approved, entered, tally.c.refused, _last_scan(event_id)).select_from(tally)
    ).one()
    return CheckinCounts(checked_in, total, invalid, last_scan_at)


def _quarter_of(session: so.Session, moment: sa.ColumnElement) -> sa.ColumnElement[int]:
    """The quarter hour an instant falls in, as a number (seconds since 1970 / 900)."""
    if session.get_bind().dialect.name == "sqlite":  # stored as UTC text
        seconds = sa.cast(sa.func.strftime("%s", moment), sa.Integer)
        return sa.cast(seconds / _QUARTER_SECONDS, sa.Integer)
    return sa.cast(sa.func.floor(sa.extract("epoch", moment) / _QUARTER_SECONDS), sa.Integer)


def _arrivals_per_quarter(
    session: so.Session, event_id: int, days: tuple[datetime, datetime], selection: Selection
) -> tuple[dict[datetime, int], int]:
    """People's arrivals per quarter hour of the event's days, and how many
    fall outside them: a person arrived at the earliest of their selected
    entries (the first day, for the whole event).

    An entry began at the earliest accepted scan of its list and day: a
    phone that was offline at 07:40 may upload after another door recorded
    the entry at 08:00. That earlier scan is one probe of ``ix_scan_accepted_again``.
    """
    earlier = (
        sa.select(sa.func.min(_EARLIER.c.scanned_at))
        .where(
            _EARLIER.c.participant_id == _ENTRY.c.participant_id,
            _EARLIER.c.result == ScanResult.ALREADY_CHECKED_IN.value,
            _EARLIER.c.scanned_at < _ENTRY.c.scanned_at,
            _EARLIER.c.list_id == _ENTRY.c.list_id,
            _EARLIER.c.entry_day == _ENTRY.c.entry_day,
        )
        .scalar_subquery()
    )
    # Materialized: each arrival is found once, not once per use below (the
    # planner would otherwise copy the probe into every use of the column).
    arrivals = (
        sa.select(sa.func.min(sa.func.coalesce(earlier, _ENTRY.c.scanned_at)).label("arrived_at"))
        .select_from(Participant)
        .join(_ENTRY, sa.and_(_ENTRY.c.participant_id == Participant.id, _selected(_ENTRY, selection)))
        .where(_approved(event_id))
        .group_by(Participant.id)
        .cte("arrivals")
        .prefix_with("MATERIALIZED")
    )
    start, end = days
    inside = sa.and_(arrivals.c.arrived_at >= start, arrivals.c.arrived_at < end)
    quarter = sa.case((inside, _quarter_of(session, arrivals.c.arrived_at)))
    rows = session.execute(sa.select(quarter, sa.func.count()).group_by(quarter)).all()
    per_quarter = {datetime.fromtimestamp(number * _QUARTER_SECONDS, UTC): count for number, count in rows if number is not None}
    return per_quarter, sum(count for number, count in rows if number is None)


def _days_and_lists(session: so.Session, event: Event) -> tuple[list[DayFigures], list[ListFigures]]:
    """People in per day (any list) and per list (any day), each counted
    once: the event's first entries of approved people, read from
    ``ix_scan_list_day_entries``; per list and day, from the tallies."""
    lists = list(
        session.scalars(
            sa.select(CheckinList).where(CheckinList.event_id == event.id).order_by(CheckinList.is_default.desc(), CheckinList.id)
        )
    )
    entries = (
        sa.select(_ENTRY.c.list_id, _ENTRY.c.entry_day, _ENTRY.c.participant_id)
        .join(Participant, Participant.id == _ENTRY.c.participant_id)
        .where(
            _ENTRY.c.list_id.in_([checkin_list.id for checkin_list in lists]),
            is_first_entry(_ENTRY),
            Participant.status == ParticipantStatus.APPROVED,
        )
        .subquery()
    )
    per_list_day = session.execute(
        sa.select(CheckinTally.list_id, CheckinTally.entry_day, CheckinTally.entries).where(
            CheckinTally.list_id.in_([checkin_list.id for checkin_list in lists])
        )
    ).all()
    per_list: dict[int, int] = dict(
        session.execute(
            sa.select(entries.c.list_id, sa.func.count(sa.distinct(entries.c.participant_id))).group_by(entries.c.list_id)
        ).all()
    )
    per_day: dict[date, int] = dict(
        session.execute(
            sa.select(entries.c.entry_day, sa.func.count(sa.distinct(entries.c.participant_id))).group_by(entries.c.entry_day)
        ).all()
    )
    by_list_day: dict[int, dict[date, int]] = {}
    for list_id, day, count in per_list_day:
        by_list_day.setdefault(list_id, {})[day] = count
    event_days_list = days_of(event.starts_on, event.ends_on)
    return (
        [DayFigures(day, per_day.get(day, 0)) for day in event_days_list],
        [
            ListFigures(
                checkin_list,
                per_list.get(checkin_list.id, 0),
                {day: by_list_day.get(checkin_list.id, {}).get(day, 0) for day in event_days_list},
            )
            for checkin_list in lists
        ],
    )


def stats(session: so.Session, actor: User | None, event_id: int, arguments: Mapping[str, str] | None = None) -> CheckinStats:
    """Checked in against registered (approved), for the selected day and
    list (``day``, ``list_id``; none: anyone, any day, any list), with each
    day's and each list's count: for every staff member of the event."""
    event = require_event_role(session, actor, event_id, set(EventRole))
    selection = read_selection(session, event, arguments or {})
    came_in = _came_in(selection)
    tallies = session.execute(
        sa.select(Participant.role, Organisation.province, sa.func.count(), sa.func.count(sa.case((came_in, 1))))
        .join(Organisation, Participant.organisation_id == Organisation.id)
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
    per_quarter, outside = _arrivals_per_quarter(
        session, event_id, event_days(event.starts_on, event.ends_on, event.timezone), selection
    )
    invalid, last_scan_at = _refused_and_last(session, event_id, selection)
    days, lists = _days_and_lists(session, event)
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
        days=days,
        lists=lists,
    )
