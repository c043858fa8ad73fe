"""Background jobs: long work off the request.

``start`` writes a ``Job`` row in the caller's transaction; once it commits
the job goes to RQ when ``REDIS_URL`` is set, else to a thread of this
process. Either way ``run`` does the work, so the code path is the same, and
the row says how far it got. A job Redis lost is still a queued row:
``flask --app eventapp jobs worker`` enqueues those first, and before that
queues again the jobs a dead worker left running (so every kind must be safe
to run again: see ``services/publishing`` for one that writes once).
"""

import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask, current_app

from eventapp.domain.errors import NotFound, Text
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.models import Job, User
from eventapp.models.base import utcnow
from eventapp.services.access import require_event_role

QUEUE_NAME = "eventapp"
PENDING_KEY = "eventapp.jobs_to_enqueue"
# What a job does, by kind: given the session and the job, returns its result.
KINDS: dict[str, Callable[[so.Session, Job], dict[str, Any]]] = {}
# Threads running jobs without Redis; not daemons, so a command that started
# one ends only when its job has.
_threads: list[threading.Thread] = []


def kind(name: str):
    def register(function: Callable[[so.Session, Job], dict[str, Any]]):
        KINDS[name] = function
        return function

    return register


def start(session: so.Session, actor: User | None, kind_name: str, event_id: int, **arguments: Any) -> Job:
    """A queued job; it runs once the caller's transaction commits."""
    if kind_name not in KINDS:
        raise ValueError(f"unknown job kind {kind_name!r}")
    job = Job(
        kind=kind_name,
        event_id=event_id,
        started_by_id=actor.id if actor is not None else None,
        arguments=arguments,
        status="queued",
    )
    session.add(job)
    session.flush()
    session.info.setdefault(PENDING_KEY, []).append(job.id)
    return job


def get(session: so.Session, actor: User | None, job_id: int) -> Job:
    """A job, for its event's organisers."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(Text("This job does not exist."))
    require_event_role(session, actor, job.event_id, {EventRole.ORGANISER})
    return job


UNDER_WAY = ("queued", "running")


def active(session: so.Session, event_id: int, kind_name: str) -> Job | None:
    """The event's job of this kind that is queued or running, if any (the oldest)."""
    return session.scalar(
        sa.select(Job).where(Job.event_id == event_id, Job.kind == kind_name, Job.status.in_(UNDER_WAY)).order_by(Job.id).limit(1)
    )


def starter(session: so.Session, job: Job) -> User | None:
    """Who started the job (None: the app itself), whose rights it acts with."""
    return session.get(User, job.started_by_id) if job.started_by_id is not None else None


def set_progress(session: so.Session, job: Job, progress: float) -> None:
    """Record how far the job got, in its own transaction, so a page polling it sees it."""
    job.progress = min(max(progress, 0.0), 1.0)
    session.commit()


def progress_writer(engine: sa.Engine, job_id: int, interval: float) -> Callable[[float], None]:
    """For work that must not commit its session midway (a scheduler run):
    the job's progress written on a connection of its own, at most every
    ``interval`` seconds."""
    last_write = [0.0]

    def report(fraction: float) -> None:
        now = time.monotonic()
        if now - last_write[0] < interval:
            return
        last_write[0] = now
        with engine.begin() as connection:
            connection.execute(sa.update(Job).where(Job.id == job_id).values(progress=min(max(fraction, 0.0), 0.99)))

    return report


def run(job_id: int) -> None:
    """Do a queued job, in the current app context (an RQ worker's or a thread's)."""
    session = db.session()  # the context's Session itself, which is what a job kind takes
    job = session.get(Job, job_id)
    if job is None or job.status in ("finished", "failed"):
        return
    job.status, job.started_at = "running", utcnow()
    session.commit()
    try:
        result = KINDS[job.kind](session, job)
    except Exception as error:
        session.rollback()
        current_app.logger.exception("job %s (%s) failed", job_id, job.kind)
        job = session.get_one(Job, job_id)
        job.status, job.error, job.finished_at = "failed", f"{type(error).__name__}: {error}", utcnow()
        session.commit()
        return
    job.status, job.progress, job.result, job.finished_at = "finished", 1.0, result, utcnow()
    session.commit()


def rq_job_id(job_id: int) -> str:
    return f"eventapp-job-{job_id}"


def redis_connection(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"])


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(app))


def enqueue(app: Flask, job_ids: list[int]) -> None:
    """Hand committed jobs to RQ, or without Redis to a thread each. Redis
    down loses nothing: the rows stay queued for the worker to pick up."""
    if not app.config.get("REDIS_URL"):
        for job_id in job_ids:
            thread = threading.Thread(target=_run_in_thread, args=(app, job_id), name=f"job-{job_id}")
            _threads.append(thread)
            thread.start()
        return
    from redis.exceptions import RedisError

    try:
        queue = rq_queue(app)
        for job_id in job_ids:
            queue.enqueue_call(run, args=(job_id,), job_id=rq_job_id(job_id), timeout=3600)
    except RedisError:
        app.logger.exception("Redis unreachable: job(s) %s wait for the worker", job_ids)


def _run_in_thread(app: Flask, job_id: int) -> None:
    with app.app_context():
        run(job_id)
        db.session.remove()


def wait_for_threads(timeout: float = 30.0) -> None:
    """Let the jobs running in this process's threads end (tests, shutdown)."""
    while _threads:
        _threads.pop().join(timeout)


def enqueue_waiting(session: so.Session, app: Flask) -> int:
    """Enqueue every job still queued (the ones Redis lost); how many."""
    job_ids = list(session.scalars(sa.select(Job.id).where(Job.status == "queued").order_by(Job.id)))
    queue = rq_queue(app)
    for job_id in job_ids:
        queue.enqueue_call(run, args=(job_id,), job_id=rq_job_id(job_id), timeout=3600)
    return len(job_ids)


def _process_alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def requeue_abandoned(session: so.Session, app: Flask) -> int:
    """Queue again the jobs left running by a worker that died (killed, its
    machine restarted); how many. A job that a live worker holds is left
    alone. A worker of this machine whose process is gone is dead at once;
    one elsewhere once RQ forgets it (its heartbeat key expires)."""
    from rq import Worker

    this_machine = socket.gethostname()
    held = {
        worker.get_current_job_id()
        for worker in Worker.all(connection=redis_connection(app))
        if worker.hostname != this_machine or _process_alive(worker.pid)
    }
    abandoned = [
        job
        for job in session.scalars(sa.select(Job).where(Job.status == "running").order_by(Job.id))
        if rq_job_id(job.id) not in held
    ]
    for job in abandoned:
        app.logger.warning("job %s (%s) was left running by a worker that died: queued again", job.id, job.kind)
        job.status = "queued"
    session.commit()
    return len(abandoned)


def run_worker(app: Flask, *, burst: bool) -> None:
    """An RQ worker in this process (jobs share its app context and database pool)."""
    from rq import SimpleWorker

    SimpleWorker([rq_queue(app)], connection=redis_connection(app)).work(burst=burst)


# Registered once, at import, for every session (as services/mail does).
@sa.event.listens_for(so.Session, "after_commit")
def _enqueue_committed(session: so.Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released (after_commit fires for those too): not committed yet
    job_ids = session.info.pop(PENDING_KEY, None)
    if job_ids:
        # current_app is a proxy (Flask types it as the app itself): the app object outlives this context.
        enqueue(current_app._get_current_object(), job_ids)  # type: ignore[attr-defined]


@sa.event.listens_for(so.Session, "after_rollback")
def _forget_rolled_back(session: so.Session) -> None:
    session.info.pop(PENDING_KEY, None)
