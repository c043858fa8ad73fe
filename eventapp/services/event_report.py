"""The post-event report of an event, for its organisers and officials.

Every figure is an SQL aggregate over the event's rows (a few grouped queries,
whatever the size of the event); ``domain.event_report`` says what the figures
are and how they read. Participants, organisations, provinces and products
count approved registrations only: a rejected or cancelled exhibitor did not
take part. ``by_status`` shows every status.
"""

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import provinces
from eventapp.domain.checkin import ScanResult
from eventapp.domain.event_report import (
    AttendanceFigures,
    EventFacts,
    EventFigures,
    EventReport,
    ProductFigures,
    ProvinceFigures,
    meeting_figures,
    organisation_figures,
    participant_figures,
    product_figures,
)
from eventapp.domain.meetings import MeetingRequestStatus
from eventapp.domain.vocabulary import EventRole, ParticipantRole, ParticipantStatus
from eventapp.models import Event, Meeting, MeetingOutcome, MeetingRequest, Organisation, Participant, Product, User
from eventapp.models.checkin import Scan
from eventapp.services import checkin, mou_reports
from eventapp.services.access import require_event_role

READ_ROLES = frozenset({EventRole.ORGANISER, EventRole.OFFICIAL})


def _approved(event_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(Participant.event_id == event_id, Participant.status == ParticipantStatus.APPROVED)


def _grouped(session: so.Session, query: sa.Select) -> dict:
    return {key: int(count) for key, count in session.execute(query).all()}


def _participants(session: so.Session, event_id: int):
    by_status = _grouped(
        session,
        sa.select(Participant.status, sa.func.count()).where(Participant.event_id == event_id).group_by(Participant.status),
    )
    by_role = _grouped(
        session, sa.select(Participant.role, sa.func.count()).where(_approved(event_id)).group_by(Participant.role)
    )
    return participant_figures(by_status, by_role)


def _organisations(session: so.Session, event_id: int):
    taking_part = sa.select(Participant.organisation_id).where(_approved(event_id)).distinct().subquery()
    by_kind = _grouped(
        session,
        sa.select(Organisation.kind, sa.func.count())
        .join(taking_part, taking_part.c.organisation_id == Organisation.id)
        .group_by(Organisation.kind),
    )
    return organisation_figures(by_kind)


def _provinces(session: so.Session, event_id: int) -> ProvinceFigures:
    by_province = _grouped(
        session,
        sa.select(Organisation.province, sa.func.count())
        .join(Participant, Participant.organisation_id == Organisation.id)
        .where(_approved(event_id))
        .group_by(Organisation.province),
    )
    ordered = dict(sorted(by_province.items(), key=lambda item: (-item[1], item[0])))
    return ProvinceFigures(total=len(ordered), by_province=ordered)


def _products(session: so.Session, event_id: int, province: str | None = None) -> ProductFigures:
    """OCOP products of approved exhibitors; with ``province``, only those of
    organisations from that province."""
    shown = (
        sa.select(Product.stars, Product.group, Participant.organisation_id)
        .join(Participant, Participant.id == Product.participant_id)
        .where(_approved(event_id))
    )
    if province is not None:
        shown = shown.join(Organisation, Organisation.id == Participant.organisation_id).where(Organisation.province == province)
    rows = shown.subquery()
    by_stars = _grouped(session, sa.select(rows.c.stars, sa.func.count()).group_by(rows.c.stars))
    by_group = _grouped(session, sa.select(rows.c.group, sa.func.count()).group_by(rows.c.group))
    producers = session.scalar(sa.select(sa.func.count(sa.distinct(rows.c.organisation_id)))) or 0
    return product_figures(by_stars, by_group, producers)


def _attendance(session: so.Session, event: Event) -> AttendanceFigures:
    # Everyone with an accepted scan came, once each, whichever door or day.
    arrivals = session.scalars(
        sa.select(Participant.role)
        .select_from(Scan)
        .join(Participant, Scan.participant_id == Participant.id)
        .where(
            Scan.event_id == event.id,
            Participant.status == ParticipantStatus.APPROVED,
            Scan.result.in_([ScanResult.CHECKED_IN, ScanResult.ALREADY_CHECKED_IN]),
        )
        .group_by(Participant.id, Participant.role)
    ).all()
    # Each day counts everyone who came that day (a first entry at any list on
    # it), so a two-day conference shows both days, not only people's first.
    by_day = {
        day.isoformat(): count
        for day, count in session.execute(
            sa.select(Scan.entry_day, sa.func.count(sa.distinct(Scan.participant_id)))
            .join(Participant, Scan.participant_id == Participant.id)
            .where(
                Scan.event_id == event.id,
                Participant.status == ParticipantStatus.APPROVED,
                checkin.is_first_entry(Scan.__table__),
            )
            .group_by(Scan.entry_day)
        )
    }
    by_role = Counter(arrivals)
    return AttendanceFigures(
        checked_in=len(arrivals),
        by_day=dict(sorted(by_day.items())),
        by_role={role.value: by_role.get(role.value, 0) for role in ParticipantRole},
    )


def _meetings(session: so.Session, event_id: int):
    requested, accepted = session.execute(
        sa.select(
            sa.func.count(MeetingRequest.id),
            sa.func.count(MeetingRequest.id).filter(MeetingRequest.status == MeetingRequestStatus.ACCEPTED),
        ).where(MeetingRequest.event_id == event_id)
    ).one()
    scheduled = session.scalar(sa.select(sa.func.count(Meeting.id)).where(Meeting.event_id == event_id)) or 0
    outcomes = (
        sa.select(MeetingOutcome.attendance, MeetingOutcome.interest)
        .join(Meeting, Meeting.id == MeetingOutcome.meeting_id)
        .where(Meeting.event_id == event_id)
        .subquery()
    )
    by_attendance = _grouped(session, sa.select(outcomes.c.attendance, sa.func.count()).group_by(outcomes.c.attendance))
    by_interest = _grouped(
        session,
        sa.select(outcomes.c.interest, sa.func.count()).where(outcomes.c.interest.is_not(None)).group_by(outcomes.c.interest),
    )
    return meeting_figures(requested, accepted, scheduled, by_attendance, by_interest)


def figures_of(session: so.Session, event: Event, language: str) -> EventFigures:
    return EventFigures(
        participants=_participants(session, event.id),
        organisations=_organisations(session, event.id),
        provinces=_provinces(session, event.id),
        products=_products(session, event.id),
        host_products=_products(session, event.id, event.province or ""),
        attendance=_attendance(session, event),
        meetings=_meetings(session, event.id),
        mous=mou_reports.count_figures(session, event.id, language),
    )


def facts_of(event: Event, language: str) -> EventFacts:
    return EventFacts(
        id=event.id,
        name=event.name_in(language),
        venue=event.venue_in(language),
        place=provinces.province_name(event.province, language),
        host_province=event.province,
        host_province_name=provinces.province_name(event.province, language) if event.province else "",
        starts_on=event.starts_on,
        ends_on=event.ends_on,
    )


def previous_event(session: so.Session, event: Event) -> Event | None:
    """The edition of the event's series that started before it (the latest such)."""
    if event.series_id is None:
        return None
    return session.scalar(
        sa.select(Event)
        .where(
            Event.series_id == event.series_id,
            Event.id != event.id,
            sa.or_(Event.starts_on < event.starts_on, sa.and_(Event.starts_on == event.starts_on, Event.id < event.id)),
        )
        .order_by(Event.starts_on.desc(), Event.id.desc())
        .limit(1)
    )


def event_report(session: so.Session, actor: User | None, event_id: int, language: str = "vi") -> EventReport:
    """Every figure of the event, for its organisers and officials, beside
    those of the previous event of its series. Its readers may read that one's
    figures: whoever put the event into the series organises both."""
    event = require_event_role(session, actor, event_id, READ_ROLES)
    before = previous_event(session, event)
    return EventReport(
        language=language,
        event=facts_of(event, language),
        figures=figures_of(session, event, language),
        generated_at=datetime.now(ZoneInfo(event.timezone)),
        previous_event=None if before is None else facts_of(before, language),
        previous=None if before is None else figures_of(session, before, language),
        series_id=event.series_id,
        series_name="" if event.series is None else event.series.name_in(language),
    )
