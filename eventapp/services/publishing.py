"""Publishing the schedule: everyone with a meeting or a request gets their
agenda by e-mail, and once it is published, whoever's agenda changes gets it
again."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.meetings import LIVE_REQUEST_STATUSES
from eventapp.domain.vocabulary import EventRole, ParticipantStatus
from eventapp.models import Event, MatchmakingSetup, Meeting, MeetingRequest, MeetingSeat, Participant, User
from eventapp.models.base import utcnow
from eventapp.services import audit, mail
from eventapp.services.access import require_event_role
from eventapp.services.agendas import agenda_email, agendas_of_event
from eventapp.services.meeting_setup import MATCHMAKING_ROLES, matchmaking_participants, setup_of


@dataclass(frozen=True)
class PublishPreview:
    """What publishing would send, for the organiser to confirm first."""

    meetings: int
    with_meetings: int  # agendas that list at least one meeting
    without_meetings: int  # people told that no meeting could be arranged
    published_at: datetime | None  # set: publishing again sends every agenda again

    @property
    def recipients(self) -> int:
        return self.with_meetings + self.without_meetings


def publish_preview(session: so.Session, actor: User | None, event_id: int) -> PublishPreview:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    seated = set(session.scalars(sa.select(MeetingSeat.participant_id).join(Meeting).where(Meeting.event_id == event_id)))
    approved = set(
        session.scalars(
            sa.select(Participant.id).where(
                Participant.event_id == event_id,
                Participant.status == ParticipantStatus.APPROVED,
                Participant.role.in_(MATCHMAKING_ROLES),
            )
        )
    )
    involved = _involved_participants(session, event_id) & approved
    meetings = session.scalar(sa.select(sa.func.count(Meeting.id)).where(Meeting.event_id == event_id)) or 0
    return PublishPreview(
        meetings=meetings,
        with_meetings=len(involved & seated),
        without_meetings=len(involved - seated),
        published_at=setup_of(session, event).published_at,
    )


def publish(session: so.Session, actor: User | None, event_id: int) -> int:
    """Publish the schedule: each buyer and exhibitor with a meeting or a
    request gets their agenda by e-mail. Returns how many were sent."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    setup = setup_of(session, event)
    if not _has_any_meeting(session, event_id):
        raise ValidationError(Text("There is no meeting to publish yet: run the scheduler first."))
    setup.published_at = utcnow()
    session.flush()
    involved = _involved_participants(session, event_id)
    recipients = [p for p in matchmaking_participants(session, event_id) if p.id in involved]
    agendas = agendas_of_event(session, event_id)
    emails = [(agenda_email(session, person, agendas.get(person.id, []), changed=False), person) for person in recipients]
    mail.queue_many(session, event_id, emails)
    audit.record(session, actor, "schedule.published", "event", event_id, event_id=event_id, changes={"agendas": len(recipients)})
    return len(recipients)


def _has_any_meeting(session: so.Session, event_id: int) -> bool:
    return session.scalar(sa.select(Meeting.id).where(Meeting.event_id == event_id).limit(1)) is not None


def _involved_participants(session: so.Session, event_id: int) -> set[int]:
    seated = session.scalars(sa.select(MeetingSeat.participant_id).join(Meeting).where(Meeting.event_id == event_id))
    asked = session.execute(
        sa.select(MeetingRequest.from_participant_id, MeetingRequest.to_participant_id).where(
            MeetingRequest.event_id == event_id, MeetingRequest.status.in_(LIVE_REQUEST_STATUSES)
        )
    )
    return set(seated) | {person for row in asked for person in row}


def notify_agenda_changes(session: so.Session, event: Event, setup: MatchmakingSetup, participant_ids: set[int]) -> None:
    """After publishing, whoever's agenda changed gets it again (people who
    left the programme are not written to)."""
    if setup.published_at is None or not participant_ids:
        return
    people = session.scalars(
        sa.select(Participant)
        .where(Participant.id.in_(participant_ids), Participant.status == ParticipantStatus.APPROVED)
        .order_by(Participant.id)
    )
    agendas = agendas_of_event(session, event.id)
    emails = [(agenda_email(session, person, agendas.get(person.id, []), changed=True), person) for person in people]
    mail.queue_many(session, event.id, emails)
