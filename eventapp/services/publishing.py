"""Publishing the schedule: everyone with a meeting or a request gets their
agenda by e-mail, and once it is published, whoever's agenda changes gets it
again.

From the board and the API publishing is a job (``schedule.publish``): the
request answers at once and the job marks the schedule published, writes one
agenda per person into the outbox in one transaction, then sends them,
reporting its progress. Its messages carry its id, unique per participant: a
job run again after its worker died finds them written and only sends what
is left, so nobody gets an agenda twice.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.errors import Conflict, Text, ValidationError
from eventapp.domain.meetings import LIVE_REQUEST_STATUSES
from eventapp.domain.vocabulary import EventRole, ParticipantStatus
from eventapp.models import (
    Event,
    Job,
    MatchmakingSetup,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    OutgoingEmail,
    Participant,
    User,
)
from eventapp.models.base import utcnow
from eventapp.services import audit, jobs, mail, mail_delivery
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


PUBLISH_JOB = "schedule.publish"
PUBLISHING_NOW = Text("The schedule is being published right now. Wait for it to finish before publishing again.")
NOTHING_TO_PUBLISH = Text("There is no meeting to publish yet: run the scheduler first.")


def publishing_job(session: so.Session, event_id: int) -> Job | None:
    """The event's publication that is queued or running, if any."""
    return jobs.active(session, event_id, PUBLISH_JOB)


def start_publishing(session: so.Session, actor: User | None, event_id: int) -> Job:
    """Publish in the background (organisers): the job, queued once the
    caller commits. Refused while another publication of the event is under way."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    # Two clicks at once: the second waits here for the first to commit its
    # job, then sees it (PostgreSQL; SQLite runs one writer at a time anyway).
    session.execute(sa.select(Event.id).where(Event.id == event_id).with_for_update())
    if not _has_any_meeting(session, event_id):
        raise ValidationError(NOTHING_TO_PUBLISH)
    if publishing_job(session, event_id) is not None:
        raise Conflict(PUBLISHING_NOW)
    return jobs.start(session, actor, PUBLISH_JOB, event_id)


def publish(session: so.Session, actor: User | None, event_id: int) -> int:
    """Publish the schedule within the caller's transaction (organisers): each
    buyer and exhibitor with a meeting or a request gets their agenda by
    e-mail. Returns how many were queued."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return _queue_agendas(session, actor, event_id, job=None)


def _queue_agendas(session: so.Session, actor: User | None, event_id: int, *, job: Job | None) -> int:
    event = session.get_one(Event, event_id)
    setup = setup_of(session, event)
    if not _has_any_meeting(session, event_id):
        raise ValidationError(NOTHING_TO_PUBLISH)
    setup.published_at = utcnow()
    session.flush()
    involved = _involved_participants(session, event_id)
    recipients = [p for p in matchmaking_participants(session, event_id) if p.id in involved]
    agendas = agendas_of_event(session, event_id)
    emails = [(agenda_email(session, person, agendas.get(person.id, []), changed=False), person) for person in recipients]
    mail.queue_many(session, event_id, emails, job=job)
    audit.record(session, actor, "schedule.published", "event", event_id, event_id=event_id, changes={"agendas": len(recipients)})
    return len(recipients)


def _agendas_by_status(session: so.Session, job: Job) -> dict[str, int]:
    rows = session.execute(
        sa.select(OutgoingEmail.status, sa.func.count()).where(OutgoingEmail.job_id == job.id).group_by(OutgoingEmail.status)
    )
    return {status: count for status, count in rows}


@jobs.kind(PUBLISH_JOB)
def publish_in_background(session: so.Session, job: Job) -> dict[str, Any]:
    """Mark the schedule published and write the agendas (once: a second run
    finds them), then send them; those the SMTP server put off are left to
    the delivery job's retries.
    The organiser's role was checked when the job was started."""
    if not _agendas_by_status(session, job):
        _queue_agendas(session, jobs.starter(session, job), job.event_id, job=job)
        session.commit()
    total = sum(_agendas_by_status(session, job).values())

    def report() -> None:
        done = total - _agendas_by_status(session, job).get("queued", 0)
        jobs.set_progress(session, job, done / total if total else 1.0)

    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy types as Flask itself
    mail_delivery.deliver_due(app, session, job.event_id, wait_for_retries=False, after_batch=report)
    by_status = _agendas_by_status(session, job)
    return {
        "agendas": total,
        "sent": by_status.get("sent", 0),
        "queued": by_status.get("queued", 0),
        "failed": by_status.get("failed", 0),
    }


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
