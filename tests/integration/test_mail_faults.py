"""Fault tests of the outbox (issue #9 item 7), bounded: an SMTP server that
refuses for a while (aiosmtpd on this machine), and Redis unreachable while
people register. Each prints its figures (pytest -s) for the closing note."""

import socket
import threading
import time
from collections import Counter
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from eventapp.models import OutgoingEmail, Participant
from eventapp.services import jobs, mail
from tests.conftest import csrf_token
from tests.functional.test_registration_web import registration_form

REDIS_FOR_TESTS = "redis://127.0.0.1:6379/11"
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/11"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FlakyServer:
    """Refuses the first ``refusals`` messages with a temporary error, then takes them."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.received: list[str] = []
        self.refused = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.refused < self.refusals:
                self.refused += 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.received.append(message_from_bytes(envelope.content, policy=policy.default)["Message-ID"])
        return "250 OK"


@pytest.fixture()
def smtp_app(app):
    previous = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_RETRY_DELAYS", "MAIL_BATCH_SIZE")}
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_RETRY_DELAYS=(0.1, 0.2, 0.4, 0.8, 1.6), MAIL_BATCH_SIZE=10)
    yield app, port
    app.config.update(previous)


def rows(db) -> list[OutgoingEmail]:
    db.expire_all()
    found = list(db.scalars(sa.select(OutgoingEmail).order_by(OutgoingEmail.id)))
    db.commit()
    return found


def queue_many(db, event_id: int, count: int) -> None:
    for number in range(count):
        text = f"Kính gửi Ông/Bà số {number}"
        email = mail.Email(to=f"nguoi{number}@example.vn", subject=f"Lịch gặp của Ông/Bà số {number}", text=text)
        mail.queue(db, email, event_id=event_id)


def test_smtp_refusing_for_a_while_is_retried_and_nothing_is_sent_twice(smtp_app, db, make_event):
    app, port = smtp_app
    handler = FlakyServer(refusals=35)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        event = make_event()
        started = time.monotonic()
        queue_many(db, event.id, 30)
        db.commit()
        jobs.wait_for_threads(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        controller.stop()

    delivered = rows(db)
    counts = Counter(handler.received)
    assert [row.status for row in delivered] == ["sent"] * 30
    assert len(counts) == 30 and set(counts.values()) == {1}, "every message reached the server exactly once"
    assert sum(row.attempts for row in delivered) == 30 + handler.refused == 65
    print(
        f"\nSMTP refusing: 30 messages, {handler.refused} refusals (451), {len(handler.received)} accepted, "
        f"{max(counts.values())} copy max per message, attempts per message {sorted(Counter(r.attempts for r in delivered).items())}, "
        f"{elapsed:.1f} s until all sent"
    )


def test_smtp_down_then_up_delivers_each_message_once(smtp_app, db, make_event):
    app, port = smtp_app
    handler = FlakyServer(refusals=0)
    event = make_event()
    queue_many(db, event.id, 12)
    db.commit()  # nobody listens on the port yet: connection refused
    deadline = time.monotonic() + 20
    while not all(row.attempts for row in rows(db)) and time.monotonic() < deadline:
        time.sleep(0.05)
    refused_attempts = sum(row.attempts for row in rows(db))
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        jobs.wait_for_threads(timeout=60)
    finally:
        controller.stop()
    delivered = rows(db)
    assert [row.status for row in delivered] == ["sent"] * 12
    assert sorted(Counter(handler.received).values()) == [1] * 12
    assert refused_attempts >= 12 and all(row.attempts >= 2 and "ConnectionRefusedError" in row.last_error for row in delivered)
    print(
        f"\nSMTP down, then up: 12 messages, {refused_attempts} attempts refused before it came up, "
        f"attempts per message {sorted(Counter(r.attempts for r in delivered).items())}, each received once"
    )


def test_redis_unreachable_during_registrations_loses_nothing(redis_app, db, client, make_event, outbox):
    event = make_event()
    redis_app.config["REDIS_URL"] = CLOSED_PORT_REDIS
    started = time.monotonic()
    answers = []
    for number in range(15):
        token = csrf_token(client, f"/events/{event.id}/register")
        form = registration_form(token, email=f"nguoi{number}@banhpia.vn", **{"organisation-name": f"Cơ sở số {number}"})
        answers.append(client.post(f"/events/{event.id}/register", data=form).status_code)
    registering = time.monotonic() - started
    assert answers == [302] * 15, "every registration is saved and answered while Redis is down"
    assert db.scalar(sa.select(sa.func.count()).select_from(Participant)) == 15
    assert [row.status for row in rows(db)] == ["queued"] * 15 and outbox() == []

    redis_app.config["REDIS_URL"] = REDIS_FOR_TESTS  # Redis is back; the worker starts
    result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "15 waiting job(s) enqueued." in result.output
    delivered = outbox()
    assert sorted(message["To"] for message in delivered) == sorted(f"nguoi{n}@banhpia.vn" for n in range(15))
    assert [row.status for row in rows(db)] == ["sent"] * 15

    # A second worker run finds nothing left to send.
    again = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert again.exit_code == 0 and "0 waiting job(s) enqueued." in again.output and len(outbox()) == 15
    print(f"\nRedis down: 15 registrations saved in {registering:.1f} s, 15 e-mails queued, 15 sent once after the worker ran")
