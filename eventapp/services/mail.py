"""Outgoing e-mail, sent only after the transaction that caused it commits.

Services queue messages on the database session; if the request rolls back,
nobody is told about a registration that was never saved. Without an SMTP
server (the demo, a venue laptop) messages are written to ``instance/outbox/``
as ``.eml`` files that any mail program opens.
"""

import smtplib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app, render_template
from flask_babel import force_locale

from eventapp.services.mail_headers import POLICY

OUTBOX_KEY = "eventapp.outbox"


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str | None = None


def compose(template: str, *, to: str, language: str, **context: object) -> Email:
    """Render ``templates/emails/<template>.{subject,txt,html}`` in ``language``."""
    with force_locale(language):
        subject = render_template(f"emails/{template}.subject.txt", **context).strip()
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    return Email(to=to, subject=subject, text=text, html=html)


def queue(session: so.Session | so.scoped_session, email: Email) -> None:
    # Remember the savepoint the message was queued in: rolling it back drops it.
    real = session() if isinstance(session, so.scoped_session) else session
    real.info.setdefault(OUTBOX_KEY, []).append((real.get_nested_transaction(), email))


def _within(transaction: so.SessionTransaction | None, ended: so.SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def build_message(email: Email, sender: str) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="eventapp.local")
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    return message


def outbox_path(app: Flask) -> Path:
    return Path(app.instance_path) / "outbox"


def _write_to_outbox(app: Flask, message: EmailMessage) -> Path:
    folder = outbox_path(app)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path


def deliver(app: Flask, emails: list[Email]) -> None:
    config = app.config
    messages = [build_message(email, config["MAIL_DEFAULT_SENDER"]) for email in emails]
    if not config.get("MAIL_SERVER"):
        for message in messages:
            _write_to_outbox(app, message)
        return
    try:
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # The data is committed; keep the message where an operator can resend it.
        app.logger.exception("SMTP delivery failed; writing %d message(s) to the outbox", len(messages))
        for message in messages:
            _write_to_outbox(app, message)


# Registered once, at import, for every session: create_app may run many times
# in one process (tests), and a listener per app would send every message twice.
@sa.event.listens_for(so.Session, "after_commit")
def _send_queued(session: so.Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the real transaction may still roll back
    queued = session.info.pop(OUTBOX_KEY, None)
    if queued:
        # current_app is a proxy (Flask types it as the app itself): the app object outlives this context.
        deliver(current_app._get_current_object(), [email for _, email in queued])  # type: ignore[attr-defined]


# Fires for savepoints too: only what was queued inside the rolled-back one goes.
@sa.event.listens_for(so.Session, "after_soft_rollback")
def _drop_queued(session: so.Session, previous_transaction: so.SessionTransaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(OUTBOX_KEY, None)
        return
    queued = session.info.get(OUTBOX_KEY, [])
    queued[:] = [(savepoint, email) for savepoint, email in queued if not _within(savepoint, previous_transaction)]
