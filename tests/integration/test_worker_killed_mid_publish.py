"""Fault test (issue #9 item 7): a real worker (``flask --app eventapp jobs
worker``, a process of its own on real Redis) is killed with SIGKILL while it
sends a publication's agendas, then a worker is started again with
``--burst``: every agenda reaches the SMTP server (aiosmtpd in this process)
exactly once. Bounded: each wait has a deadline. The figures are printed
(pytest -s) for the closing note.

The kill lands while the server holds the worker's next message without
answering; the server then refuses that message, as a server does whose
client vanished before the end of the exchange, so "delivered" is what the
server accepted."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from redis import Redis

from eventapp import PROJECT_ROOT
from eventapp.config import ENVIRONMENT_SETTINGS
from eventapp.models import Job, OutgoingEmail
from eventapp.services import jobs, mail_delivery, scheduler_runs
from eventapp.services.publishing import PUBLISH_JOB
from tests.integration.test_mail_faults import free_port
from tests.meeting_helpers import ask, build_scenario

REDIS_FOR_TESTS = "redis://127.0.0.1:6379/7"
BATCH_SIZE = 5
HELD_AT = 12  # the server holds the 12th agenda: 11 were accepted and marked sent
EXHIBITORS, BUYERS = 24, 6


class HoldingServer:
    """Takes every message but the ``held_at``-th, which it holds until
    ``release`` is set and then refuses."""

    def __init__(self, held_at: int) -> None:
        self.held_at = held_at
        self.received: list[str] = []
        self.seen = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.seen += 1
            hold = self.seen == self.held_at
        if hold:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
            return "451 4.3.0 Connection lost before the end of the message"
        with self.lock:
            self.received.append(message_from_bytes(envelope.content, policy=policy.default)["Message-ID"])
        return "250 OK"


def worker(instance: Path, *arguments: str) -> subprocess.Popen:
    environment = {key: value for key, value in os.environ.items() if key not in ENVIRONMENT_SETTINGS}
    environment["EVENTAPP_INSTANCE_PATH"] = str(instance)
    log = (instance / f"worker-{time.monotonic_ns()}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "eventapp", "jobs", "worker", *arguments],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture()
def clean_redis():
    # The killed worker's registration would outlive the test in Redis.
    Redis.from_url(REDIS_FOR_TESTS).flushdb()
    yield
    Redis.from_url(REDIS_FOR_TESTS).flushdb()


def test_a_worker_killed_mid_publish_then_restarted_delivers_every_agenda_once(
    clean_redis, redis_app, db, client, database_url, tmp_path, make_event, make_user, make_participant, api_headers
):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=BUYERS, exhibitors=EXHIBITORS)
    for number, exhibitor in enumerate(scenario.exhibitors):
        ask(db, exhibitor, scenario.buyers[number % BUYERS])
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    # The registrations' e-mails go out first, here (to files), out of the way.
    assert redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"]).exit_code == 0

    port = free_port()
    (tmp_path / "config.py").write_text(
        f"SQLALCHEMY_DATABASE_URI = {database_url!r}\n"
        'SECRET_KEY = "test-secret-key-not-for-production"\n'
        f"REDIS_URL = {REDIS_FOR_TESTS!r}\n"
        f'MAIL_SERVER = "127.0.0.1"\nMAIL_PORT = {port}\n'
        f"MAIL_BATCH_SIZE = {BATCH_SIZE}\n"
        "MAIL_CLAIM_SECONDS = 3\n"  # a dead worker's messages are free again after this
        "MAIL_RETRY_DELAYS = (0.2, 0.4, 0.8)\n"
        'PUBLIC_BASE_URL = "http://eventapp.test"\n'
    )
    server = HoldingServer(HELD_AT)
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    first = second = None
    try:
        answer = client.post(f"/api/v1/events/{scenario.event.id}/schedule/publish", headers=api_headers(scenario.organiser))
        assert answer.status_code == 202
        job_id = answer.get_json()["job"]["id"]

        started = time.monotonic()
        first = worker(tmp_path)
        assert server.holding.wait(90), "the worker never reached the held message"
        db.expire_all()
        sent_before_kill = db.scalar(
            sa.select(sa.func.count()).where(OutgoingEmail.job_id == job_id, OutgoingEmail.status == "sent")
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        server.release.set()
        delivered_before_kill = len(server.received)
        db.expire_all()
        assert db.get_one(Job, job_id).status == "running", "killed mid-publish"
        db.commit()

        killed_at = time.monotonic()
        second = worker(tmp_path, "--burst")
        second.wait(120)
        restarted_for = time.monotonic() - killed_at
        output = "\n".join(path.read_text() for path in sorted(tmp_path.glob("worker-*.log")))
        assert second.returncode == 0, output
        assert "1 job(s) left running by a worker that died, queued again." in output
    finally:
        server.release.set()
        controller.stop()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)

    db.expire_all()
    agendas = list(db.scalars(sa.select(OutgoingEmail).where(OutgoingEmail.job_id == job_id).order_by(OutgoingEmail.id)))
    expected = {mail_delivery.message_of(row, redis_app.config["MAIL_DEFAULT_SENDER"])["Message-ID"] for row in agendas}
    job = db.get_one(Job, job_id)
    db.commit()
    counts = Counter(server.received)
    duplicates = sum(count - 1 for count in counts.values())
    people = len({row.participant_id for row in agendas})

    assert job.kind == PUBLISH_JOB and job.status == "finished", job.error
    assert len(agendas) == people == EXHIBITORS + BUYERS, "one agenda per person"
    assert set(counts) == expected, "every agenda reached the server"
    assert duplicates == 0, "none twice"
    assert [row.status for row in agendas] == ["sent"] * len(agendas)
    assert job.result == {"agendas": len(agendas), "sent": len(agendas), "queued": 0, "failed": 0}
    assert sent_before_kill == delivered_before_kill == HELD_AT - 1
    print(
        f"\nWorker killed mid-publish: {len(agendas)} agendas, {delivered_before_kill} delivered (and marked sent) "
        f"before SIGKILL, {len(server.received) - delivered_before_kill} after the restart (--burst, "
        f"{restarted_for:.1f} s), {len(counts)} distinct at the SMTP server, duplicates = {duplicates}; "
        f"{time.monotonic() - started:.1f} s in all"
    )
    jobs.wait_for_threads()
