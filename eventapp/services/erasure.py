"""Erasing participants' personal data: one on request (an organiser, the
API), or every participant of the events whose retention has run out (the
``privacy purge`` command).

The participant's row stays, anonymised: role, status, organisation,
province, booth and products are what the event's figures count, and the
scans, meetings, outcomes and MoUs that point at it stay as they were. What
names the person goes: name, e-mail, phone, position, the texts they wrote
(their answers to the event's questions, what they source, their meeting
requests' messages, their notes on meetings), the bodies and address of the e-mails sent to them (and those not
yet sent are not sent), the personal values in the audit log about them.
Their badge no longer opens the door and their private link is dead.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.erasure import ERASED_EMAIL_DOMAIN, anonymised, retention_cutoff, retention_months, scrubbed_changes
from eventapp.domain.errors import Conflict, NotFound, Text
from eventapp.domain.vocabulary import EventRole
from eventapp.models import (
    AuditEntry,
    Event,
    MatchmakingProfile,
    MeetingOutcome,
    MeetingRequest,
    OutgoingEmail,
    Participant,
    ParticipantAnswer,
    User,
)
from eventapp.models.base import utcnow
from eventapp.models.people import new_access_key
from eventapp.services import audit
from eventapp.services.access import require_event_role

# Ids per IN (...) list: well under every database's limit on bound parameters.
CHUNK = 500
NOT_SENT = "Not sent: the recipient's personal data was erased."


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def anonymise(session: so.Session, participants: Sequence[Participant]) -> None:
    """Erase the personal data of ``participants`` (not yet erased), in bulk."""
    now = utcnow()
    for participant in participants:
        blank = anonymised(participant.id)
        participant.full_name = blank.full_name
        participant.email = blank.email
        participant.phone = blank.phone
        participant.position = blank.position
        participant.search_text = blank.search_text
        # A new secret nobody has: the old link finds nobody at all.
        participant.access_key = new_access_key()
        participant.erased_at = now
    session.flush()
    for ids in _chunks([participant.id for participant in participants]):
        session.execute(sa.delete(ParticipantAnswer).where(ParticipantAnswer.participant_id.in_(ids)))
        session.execute(sa.update(MatchmakingProfile).where(MatchmakingProfile.participant_id.in_(ids)).values(sourcing=""))
        session.execute(sa.update(MeetingRequest).where(MeetingRequest.from_participant_id.in_(ids)).values(message=""))
        session.execute(sa.update(MeetingOutcome).where(MeetingOutcome.recorded_by_participant_id.in_(ids)).values(note=""))
        session.execute(
            sa.update(OutgoingEmail)
            .where(OutgoingEmail.participant_id.in_(ids), OutgoingEmail.status == "queued")
            .values(status="failed", last_error=NOT_SENT, claimed_by=None, claimed_until=None)
        )
        session.execute(
            sa.update(OutgoingEmail)
            .where(OutgoingEmail.participant_id.in_(ids))
            .values(
                to_address=sa.literal("erased-")
                + sa.cast(OutgoingEmail.participant_id, sa.String)
                + sa.literal(f"@{ERASED_EMAIL_DOMAIN}"),
                body_text="",
                body_html=None,
            )
            .execution_options(synchronize_session=False)
        )
        for entry in session.scalars(
            sa.select(AuditEntry).where(AuditEntry.target_type == "participant", AuditEntry.target_id.in_(ids))
        ):
            entry.changes = scrubbed_changes(entry.changes)
    for participant in participants:
        session.expire(participant, ["answers"])
    session.flush()


def erase(session: so.Session, actor: User | None, event_id: int, participant_id: int) -> Participant:
    """Erase one participant's personal data, at their request."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    participant = session.get(Participant, participant_id)
    if participant is None or participant.event_id != event_id:
        raise NotFound(Text("This participant does not exist at this event."))
    if participant.erased_at is not None:
        raise Conflict(Text("This participant's personal data is already erased."))
    anonymise(session, [participant])
    audit.record(session, actor, "participant.erased", "participant", participant.id, event_id=event_id, changes={})
    return participant


@dataclass(frozen=True)
class PurgedEvent:
    event_id: int
    name: str
    ended_on: date
    participants: int


def purge(session: so.Session, months: object, today: date, *, dry_run: bool) -> list[PurgedEvent]:
    """Erase every participant not yet erased of the events that ended more
    than ``months`` months before ``today``; with ``dry_run``, only say who
    would be. Run by the operator (the command line), audited per person."""
    cutoff = retention_cutoff(today, retention_months(months))
    done = []
    for event in session.scalars(sa.select(Event).where(Event.ends_on < cutoff).order_by(Event.ends_on, Event.id)):
        remaining = list(
            session.scalars(
                sa.select(Participant)
                .where(Participant.event_id == event.id, Participant.erased_at.is_(None))
                .order_by(Participant.id)
            )
        )
        if not remaining:
            continue
        if not dry_run:
            anonymise(session, remaining)
            for participant in remaining:
                audit.record(
                    session,
                    None,
                    "participant.erased",
                    "participant",
                    participant.id,
                    event_id=event.id,
                    changes={"retention_months": months},
                )
            session.flush()
        done.append(PurgedEvent(event.id, event.name, event.ends_on, len(remaining)))
    return done
