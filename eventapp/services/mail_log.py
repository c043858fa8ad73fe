"""What the outbox sent each participant, for the event's organisers, who
can send a message again."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import NotFound, Text
from eventapp.domain.vocabulary import EventRole
from eventapp.models import OutgoingEmail, Participant, User
from eventapp.services import audit, mail
from eventapp.services.access import require_event_role


def emails_of_event(
    session: so.Session,
    actor: User | None,
    event_id: int,
    *,
    participant_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[OutgoingEmail], int]:
    """One page of the event's e-mails (or one participant's), newest first, and how many."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    query = sa.select(OutgoingEmail).where(OutgoingEmail.event_id == event_id)
    if participant_id is not None:
        participant = session.get(Participant, participant_id)
        if participant is None or participant.event_id != event_id:
            raise NotFound(Text("This participant does not exist at this event."))
        query = query.where(OutgoingEmail.participant_id == participant_id)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(OutgoingEmail.created_at.desc(), OutgoingEmail.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    return list(rows), total


def resend(session: so.Session, actor: User | None, event_id: int, email_id: int) -> OutgoingEmail:
    """The message again, as a new one: the first stays on record as it ended."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    original = session.get(OutgoingEmail, email_id)
    if original is None or original.event_id != event_id:
        raise NotFound(Text("This e-mail does not exist at this event."))
    participant = session.get(Participant, original.participant_id) if original.participant_id else None
    copy = mail.queue(session, mail.copy_of(original), event_id=event_id, participant=participant)
    session.flush()
    audit.record(
        session,
        actor,
        "email.resent",
        "email_message",
        copy.id,
        event_id=event_id,
        changes={"of": original.id, "to": original.to_address, "template": original.template, "status": original.status},
    )
    return copy
