"""Delivering the outbox: the ``mail.deliver`` job.

Exactly once to the SMTP server as far as this side can tell: a delivery
first claims its messages in one statement (two workers never hold the same
message), marks each one sent in its own transaction right after the server
accepted it, and never takes a sent one again. A failed attempt is retried
after a growing delay, until ``MAIL_RETRY_DELAYS`` is used up; the message
is then ``failed`` and an organiser can send it again. Only a worker dying
between the server's answer and that commit can send a message twice, when
its claim runs out.
"""

import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app

from eventapp.models import Job, OutgoingEmail
from eventapp.models.base import utcnow
from eventapp.services import jobs
from eventapp.services.mail_headers import POLICY

DELIVERY_JOB = "mail.deliver"
# Whatever a delivery can meet on the wire: the message stays for a retry.
SMTP_ERRORS = (OSError, smtplib.SMTPException)
# How often a delivery looks whether messages another one holds were sent.
HELD_MESSAGES_POLL_SECONDS = 0.5


def build_message(
    *, to: str, subject: str, text: str, html: str | None, sender: str, message_id: str | None = None
) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def message_of(row: OutgoingEmail, sender: str) -> EmailMessage:
    # The same Message-ID on every attempt: a receiver can drop a duplicate.
    message_id = f"<eventapp-{row.id}-{row.created_at:%Y%m%d%H%M%S}@{sender.rpartition('@')[2].strip('<> ') or 'eventapp.local'}>"
    return build_message(
        to=row.to_address, subject=row.subject, text=row.body_text, html=row.body_html, sender=sender, message_id=message_id
    )


def outbox_path(app: Flask) -> Path:
    return Path(app.instance_path) / "outbox"


def _write_to_outbox(app: Flask, row_id: int, message: EmailMessage) -> None:
    folder = outbox_path(app)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{row_id:08d}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(bytes(message))
    partial.replace(path)  # whole files only, for whoever reads the folder


def _claimable(event_id: int, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        OutgoingEmail.event_id == event_id,
        OutgoingEmail.status == "queued",
        sa.or_(OutgoingEmail.claimed_until.is_(None), OutgoingEmail.claimed_until <= now),
    )


def claim(session: so.Session, event_id: int, limit: int, lease_seconds: float) -> list[OutgoingEmail]:
    """Take up to ``limit`` of the event's due messages for this delivery, committed."""
    token, now = uuid.uuid4().hex, utcnow()
    due = sa.select(OutgoingEmail.id).where(_claimable(event_id, now)).order_by(OutgoingEmail.id).limit(limit)
    # The condition is repeated on the row itself: PostgreSQL re-checks it
    # after waiting on a row another delivery just claimed, and skips it.
    session.execute(
        sa.update(OutgoingEmail)
        .where(OutgoingEmail.id.in_(due.scalar_subquery()), _claimable(event_id, now))
        .values(claimed_by=token, claimed_until=now + timedelta(seconds=lease_seconds))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(session.scalars(sa.select(OutgoingEmail).where(OutgoingEmail.claimed_by == token).order_by(OutgoingEmail.id)))


@dataclass(frozen=True)
class _Claimed:
    """What sending needs, read once: committing a mark-sent expires the rows."""

    id: int
    token: str
    attempts: int
    message: EmailMessage


def _mark_sent(session: so.Session, claimed: _Claimed) -> None:
    session.execute(
        sa.update(OutgoingEmail)
        .where(OutgoingEmail.id == claimed.id, OutgoingEmail.claimed_by == claimed.token, OutgoingEmail.status == "queued")
        .values(status="sent", sent_at=utcnow(), attempts=OutgoingEmail.attempts + 1, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _mark_failed(session: so.Session, failures: dict[int, tuple[_Claimed, str]], delays: list[float]) -> None:
    """One statement per (attempts so far, error): the next try after its delay, or ``failed``."""
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for claimed, error in failures.values():
        groups[(claimed.attempts, error)].append(claimed.id)
    now = utcnow()
    for (attempts, error), ids in groups.items():
        exhausted = attempts >= len(delays)
        session.execute(
            sa.update(OutgoingEmail)
            .where(OutgoingEmail.id.in_(ids), OutgoingEmail.status == "queued")
            .values(
                status="failed" if exhausted else "queued",
                attempts=attempts + 1,
                last_error=error[:2000],
                claimed_by=None,
                claimed_until=None if exhausted else now + timedelta(seconds=delays[attempts]),
            )
            .execution_options(synchronize_session=False)
        )
    session.commit()


def _smtp(app: Flask) -> smtplib.SMTP:
    config = app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def send_batch(app: Flask, session: so.Session, rows: list[OutgoingEmail]) -> int:
    """Send claimed messages over one connection; how many the server took."""
    sender = app.config["MAIL_DEFAULT_SENDER"]
    delays = list(app.config["MAIL_RETRY_DELAYS"])
    batch = [_Claimed(row.id, row.claimed_by or "", row.attempts, message_of(row, sender)) for row in rows]
    if not app.config.get("MAIL_SERVER"):
        for claimed in batch:
            _write_to_outbox(app, claimed.id, claimed.message)
            _mark_sent(session, claimed)
        return len(batch)
    try:
        smtp = _smtp(app)
    except SMTP_ERRORS as error:
        app.logger.warning("SMTP unreachable, %d message(s) wait for a retry: %s", len(batch), error)
        _mark_failed(session, {claimed.id: (claimed, _error(error)) for claimed in batch}, delays)
        return 0
    failures: dict[int, tuple[_Claimed, str]] = {}
    sent = 0
    with smtp:
        for index, claimed in enumerate(batch):
            try:
                smtp.send_message(claimed.message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                failures[claimed.id] = (claimed, _error(error))
                continue
            except SMTP_ERRORS as error:
                # The connection is gone: this message and the rest try again later.
                failures.update({rest.id: (rest, _error(error)) for rest in batch[index:]})
                break
            _mark_sent(session, claimed)
            sent += 1
    if failures:
        app.logger.warning("%d message(s) not delivered this time", len(failures))
        _mark_failed(session, failures, delays)
    return sent


def _next_due(session: so.Session, event_id: int, *, held_only: bool) -> datetime | None:
    """When the event's earliest queued message that is not free yet may be
    free: one another delivery holds (sent by then if that delivery lives,
    free again if it died) or, unless ``held_only``, one waiting out a backoff."""
    waiting = sa.and_(
        OutgoingEmail.event_id == event_id, OutgoingEmail.status == "queued", OutgoingEmail.claimed_until.is_not(None)
    )
    if held_only:
        waiting = sa.and_(waiting, OutgoingEmail.claimed_by.is_not(None))
    return session.scalar(sa.select(sa.func.min(OutgoingEmail.claimed_until)).where(waiting))


def deliver_due(
    app: Flask,
    session: so.Session,
    event_id: int,
    *,
    wait_for_retries: bool,
    after_batch: Callable[[], None] | None = None,
) -> int:
    """Send the event's queued messages batch after batch, also those another
    delivery holds once it has let them go (it died); with
    ``wait_for_retries`` also those waiting out a backoff, until none is
    queued. How many the server took."""
    config = app.config
    sent = 0
    while True:
        batch = claim(session, event_id, config["MAIL_BATCH_SIZE"], config["MAIL_CLAIM_SECONDS"])
        if batch:
            sent += send_batch(app, session, batch)
            if after_batch is not None:
                after_batch()
            continue
        due = _next_due(session, event_id, held_only=not wait_for_retries)
        session.commit()
        if due is None:
            return sent
        # Another delivery's hold can last MAIL_CLAIM_SECONDS: look again
        # now and then, since it usually sends its messages long before.
        time.sleep(min(max((due - utcnow()).total_seconds(), 0.0) + 0.01, HELD_MESSAGES_POLL_SECONDS))
        if after_batch is not None:
            after_batch()


@jobs.kind(DELIVERY_JOB)
def deliver_event_mail(session: so.Session, job: Job) -> dict[str, Any]:
    """Send the event's queued messages, waiting out each retry's backoff."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy types as Flask itself
    sent = deliver_due(app, session, job.event_id, wait_for_retries=True)
    failed = session.scalar(
        sa.select(sa.func.count()).where(OutgoingEmail.event_id == job.event_id, OutgoingEmail.status == "failed")
    )
    return {"sent": sent, "failed": failed or 0}


def start_for_stranded(session: so.Session) -> int:
    """A delivery job for each event whose queued messages no job will take
    (its job was lost with Redis, or died); how many were started."""
    waiting = sa.select(Job.event_id).where(Job.kind == DELIVERY_JOB, Job.status.in_(jobs.UNDER_WAY))
    event_ids = list(
        session.scalars(
            sa.select(OutgoingEmail.event_id)
            .where(OutgoingEmail.status == "queued", OutgoingEmail.event_id.not_in(waiting))
            .distinct()
            .order_by(OutgoingEmail.event_id)
        )
    )
    for event_id in event_ids:
        jobs.start(session, None, DELIVERY_JOB, event_id)
    return len(event_ids)
