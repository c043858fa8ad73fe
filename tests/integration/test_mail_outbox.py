"""The transactional outbox (issue #9 item 2): a message is a row of the
change's transaction, delivered by a job that marks each one sent in its own
transaction and never sends a sent one again."""

import logging
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from eventapp.models import Job, OutgoingEmail
from eventapp.services import jobs, mail, mail_delivery

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/5"


def rows(db) -> list[OutgoingEmail]:
    db.expire_all()
    found = list(db.scalars(sa.select(OutgoingEmail).order_by(OutgoingEmail.id)))
    db.commit()
    return found


def queue_some(db, event_id: int, count: int, participant=None) -> None:
    for number in range(count):
        email = mail.Email(to=f"nguoi{number}@example.vn", subject=f"Thư số {number}", text="x", html="<p>x</p>")
        mail.queue(db, email, event_id=event_id, participant=participant)


@contextmanager
def config(app, **values):
    previous = {key: app.config[key] for key in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(previous)


@contextmanager
def statements(db):
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    engine = db.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_a_message_is_a_row_of_the_change_and_is_delivered_once(db, make_event, make_participant, outbox):
    event = make_event()
    person = make_participant(event)
    queue_some(db, event.id, 2, participant=person)
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == "mail.deliver")) == 1
    db.commit()

    assert len(outbox()) == 2
    sent = rows(db)
    assert [row.status for row in sent] == ["sent", "sent"] and all(row.attempts == 1 and row.sent_at for row in sent)
    assert {row.participant_id for row in sent} == {person.id} and sent[0].template == "message"
    assert outbox()[0]["Message-ID"].startswith(f"<eventapp-{sent[0].id}-")

    # Another delivery of the event finds nothing to send.
    job = jobs.start(db, None, "mail.deliver", event.id)
    db.commit()
    assert len(outbox()) == 2 and db.get(Job, job.id).result == {"sent": 0, "failed": 0}


def test_a_rolled_back_change_leaves_no_message_and_no_job(db, make_event, outbox):
    event = make_event()
    queue_some(db, event.id, 1)
    db.rollback()
    assert rows(db) == [] and db.scalar(sa.select(sa.func.count()).select_from(Job)) == 0 and outbox() == []


def test_a_savepoint_rolled_back_with_the_transactions_only_job_keeps_the_other_messages(db, make_event, outbox):
    event = make_event()
    with pytest.raises(RuntimeError):
        with db.begin_nested():
            queue_some(db, event.id, 1)  # this savepoint made the job
            raise RuntimeError
    queue_some(db, event.id, 1)  # so this one needs a new one
    db.commit()
    assert len(outbox()) == 1 and [row.status for row in rows(db)] == ["sent"]


def test_delivering_many_costs_one_statement_per_message_beyond_a_constant(app, db, make_event, outbox):
    def delivery_statements(count: int) -> int:
        event = make_event(name=f"Hội nghị {count}")
        with config(app, REDIS_URL=CLOSED_PORT_REDIS):
            queue_some(db, event.id, count)
            db.commit()  # Redis "down": the job waits, we run it here
        job_id = db.scalar(sa.select(Job.id).where(Job.event_id == event.id))
        with statements(db) as seen:
            jobs.run(job_id)
        assert [row.status for row in rows(db) if row.event_id == event.id] == ["sent"] * count
        return len(seen)

    small, large = delivery_statements(3), delivery_statements(30)
    # Each message costs its mark-sent UPDATE; claiming and loading are per batch.
    assert large - small <= 27, (small, large)


def test_an_unreachable_server_is_retried_with_backoff_then_the_message_fails(app, db, make_event, outbox):
    event = make_event()
    with config(app, MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_RETRY_DELAYS=(0.05, 0.1)):
        queue_some(db, event.id, 2)
        db.commit()
        jobs.wait_for_threads()
    failed = rows(db)
    assert [row.status for row in failed] == ["failed", "failed"] and [row.attempts for row in failed] == [3, 3]
    assert "ConnectionRefusedError" in failed[0].last_error and failed[0].sent_at is None and outbox() == []
    assert db.scalar(sa.select(Job.result).where(Job.event_id == event.id)) == {"sent": 0, "failed": 2}


def test_redis_down_keeps_the_write_and_the_worker_delivers_what_no_job_holds(app, db, make_event, outbox, caplog):
    from redis import Redis

    Redis.from_url("redis://127.0.0.1:6379/11").ping()
    event = make_event()
    with config(app, REDIS_URL=CLOSED_PORT_REDIS), caplog.at_level(logging.ERROR):
        queue_some(db, event.id, 2)
        db.commit()
    assert "Redis unreachable" in caplog.text and [row.status for row in rows(db)] == ["queued", "queued"]
    # The job row is lost too (an operator cleared it): the messages are not.
    db.execute(sa.delete(Job))
    db.commit()

    with config(app, REDIS_URL="redis://127.0.0.1:6379/11"):
        jobs.rq_queue(app).empty()
        result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "1 e-mail delivery job(s) started" in result.output
    assert [row.status for row in rows(db)] == ["sent", "sent"] and len(outbox()) == 2


@pytest.mark.parametrize(
    "values",
    [{"status": "lost"}, {"attempts": -1}, {"status": "sent"}, {"sent_at": sa.func.now()}, {"to_address": ""}],
)
def test_the_database_keeps_messages_consistent(db, make_event, values):
    event = make_event()
    fields = {"event_id": event.id, "to_address": "a@example.vn", "subject": "x", "template": "t", "body_text": "x"}
    with pytest.raises(sa.exc.IntegrityError):
        db.execute(sa.insert(OutgoingEmail).values(**(fields | {"status": "queued", "attempts": 0, "last_error": ""} | values)))
    db.rollback()


def test_claims_never_overlap(db, make_event, app):
    event = make_event()
    with config(app, REDIS_URL=CLOSED_PORT_REDIS):
        queue_some(db, event.id, 5)
        db.commit()
    first = mail_delivery.claim(db, event.id, limit=3, lease_seconds=60)
    second = mail_delivery.claim(db, event.id, limit=10, lease_seconds=60)
    assert len(first) == 3 and len(second) == 2 and not {r.id for r in first} & {r.id for r in second}
    assert mail_delivery.claim(db, event.id, limit=10, lease_seconds=60) == []
