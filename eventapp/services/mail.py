"""Outgoing e-mail through a transactional outbox.

``queue`` writes the message as a row in the transaction of the change that
causes it, with a delivery job for its event: if the change rolls back, both
go and nobody is told about a registration that was never saved. Once it
commits, the job (``services/mail_delivery``) sends the message, retrying
with backoff; Redis or SMTP being down loses nothing. Without an SMTP server
(the demo, a venue laptop) delivery writes ``.eml`` files to
``instance/outbox/`` that any mail program opens.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import render_template
from flask_babel import force_locale

from eventapp.models import Job, OutgoingEmail, Participant
from eventapp.services import jobs
from eventapp.services.links import participant_url
from eventapp.services.mail_delivery import DELIVERY_JOB

# This transaction's delivery job per event: one job sends all its messages.
JOBS_KEY = "eventapp.mail_jobs"


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str | None = None
    # Which templates/emails/<template>.* wrote it.
    template: str = "message"


def compose(template: str, *, to: str, language: str, **context: object) -> Email:
    """Render ``templates/emails/<template>.{subject,txt,html}`` in ``language``."""
    with force_locale(language):
        subject = render_template(f"emails/{template}.subject.txt", **context).strip()
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    return Email(to=to, subject=subject, text=text, html=html, template=template)


def _real(session: so.Session | so.scoped_session) -> so.Session:
    return session() if isinstance(session, so.scoped_session) else session


def _row_values(email: Email, event_id: int, participant: Participant | None, job: Job | None = None) -> dict[str, object]:
    # An erased participant's address reaches nobody (erasure.anonymise): such
    # a message is kept as not sent rather than retried.
    erased = participant is not None and participant.erased_at is not None
    return {
        "event_id": event_id,
        "job_id": job.id if job is not None else None,
        "participant_id": participant.id if participant is not None else None,
        "to_address": email.to,
        "subject": email.subject,
        "template": email.template,
        "body_text": email.text,
        "body_html": email.html,
        "status": "failed" if erased else "queued",
        "last_error": "Not sent: the recipient's personal data was erased." if erased else "",
    }


def queue(
    session: so.Session | so.scoped_session, email: Email, *, event_id: int, participant: Participant | None = None
) -> OutgoingEmail:
    """The message as an outbox row of this transaction, delivered once it commits."""
    session = _real(session)
    if participant is not None and participant.id is None:
        session.flush()
    row = OutgoingEmail(**_row_values(email, event_id, participant))
    session.add(row)
    start_delivery(session, event_id)
    session.flush()
    return row


def queue_notice(session: so.Session | so.scoped_session, participant: Participant, template: str) -> None:
    """Tell a participant about their registration, in their language, with their private link."""
    queue(
        session,
        compose(
            template,
            to=participant.email,
            language=participant.language,
            participant=participant,
            event=participant.event,
            portal_url=participant_url(participant),
        ),
        event_id=participant.event.id,
        participant=participant,
    )


def queue_many(
    session: so.Session | so.scoped_session,
    event_id: int,
    emails: Sequence[tuple[Email, Participant | None]],
    *,
    job: Job | None = None,
) -> None:
    """Many messages of one change (a publication) in one INSERT, not one
    each; ``job``: the job whose work they are (one per participant)."""
    if not emails:
        return
    session = _real(session)
    session.flush()
    session.execute(sa.insert(OutgoingEmail), [_row_values(email, event_id, participant, job) for email, participant in emails])
    start_delivery(session, event_id)


def start_delivery(session: so.Session, event_id: int) -> None:
    """A delivery job for the event's queued messages, once per transaction."""
    started: dict[int, Job] = session.info.setdefault(JOBS_KEY, {})
    job = started.get(event_id)
    # A job added inside a savepoint that rolled back has left the session.
    if job is None or job not in session:
        started[event_id] = jobs.start(session, None, DELIVERY_JOB, event_id)


def copy_of(row: OutgoingEmail) -> Email:
    return Email(to=row.to_address, subject=row.subject, text=row.body_text, html=row.body_html, template=row.template)


@sa.event.listens_for(so.Session, "after_commit")
def _forget_committed_jobs(session: so.Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(JOBS_KEY, None)


@sa.event.listens_for(so.Session, "after_rollback")
def _forget_rolled_back_jobs(session: so.Session) -> None:
    session.info.pop(JOBS_KEY, None)
