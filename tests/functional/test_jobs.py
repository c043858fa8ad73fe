"""Background jobs: a row per job, run by RQ with Redis or by a thread without,
and read back through GET /api/v1/jobs/{id} by the event's organisers."""

import pytest
import sqlalchemy as sa

from eventapp.models import Job
from eventapp.services import jobs

REDIS_FOR_TESTS = "redis://127.0.0.1:6379/5"


@jobs.kind("test.count")
def count_to(session, job):
    for step in range(job.arguments["up_to"]):
        jobs.set_progress(session, job, (step + 1) / job.arguments["up_to"])
    return {"counted": job.arguments["up_to"]}


@jobs.kind("test.fail")
def fail(session, job):
    raise RuntimeError("the printer is on fire")


def job_row(db, job_id: int) -> Job:
    db.expire_all()
    job = db.get(Job, job_id)
    db.commit()
    return job


def test_without_redis_a_job_runs_in_a_thread_once_its_transaction_commits(db, client, make_event, make_user, api_headers):
    event = make_event()
    organiser = make_user("organiser", event)
    job = jobs.start(db, organiser, "test.count", event.id, up_to=3)
    assert job.status == "queued"
    db.commit()
    jobs.wait_for_threads()

    response = client.get(f"/api/v1/jobs/{job.id}", headers=api_headers(organiser))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "finished" and body["progress"] == 1.0 and body["result"] == {"counted": 3}
    assert body["kind"] == "test.count" and body["error"] == "" and body["finished_at"]


def test_a_rolled_back_job_never_runs(db, make_event, make_user):
    event = make_event()
    job_id = jobs.start(db, make_user("organiser", event), "test.count", event.id, up_to=1).id
    db.rollback()
    jobs.wait_for_threads()
    assert db.get(Job, job_id) is None


def test_a_failing_job_says_why(db, client, make_event, make_user, api_headers):
    event = make_event()
    organiser = make_user("organiser", event)
    job = jobs.start(db, organiser, "test.fail", event.id)
    db.commit()
    jobs.wait_for_threads()
    body = client.get(f"/api/v1/jobs/{job.id}", headers=api_headers(organiser)).get_json()
    assert body["status"] == "failed" and "the printer is on fire" in body["error"] and body["result"] is None


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_jobs_are_for_their_events_organisers(db, client, make_event, make_user, api_headers, role):
    event, other = make_event(), make_event(name="Hội nghị Buôn Ma Thuột 2019")
    job = jobs.start(db, make_user("organiser", event), "test.count", event.id, up_to=1)
    db.commit()
    jobs.wait_for_threads()
    for user in (make_user(role, event), make_user("organiser", other)):
        assert client.get(f"/api/v1/jobs/{job.id}", headers=api_headers(user)).status_code == 403
    assert client.get(f"/api/v1/jobs/{job.id}").status_code == 401
    assert client.get(f"/api/v1/jobs/{job.id + 1000}", headers=api_headers(make_user("admin"))).status_code == 404


def test_with_redis_the_worker_runs_the_job(redis_app, db, make_event, make_user):
    event = make_event()
    job = jobs.start(db, make_user("organiser", event), "test.count", event.id, up_to=2)
    db.commit()
    assert jobs.rq_queue(redis_app).count == 1
    assert job_row(db, job.id).status == "queued"

    result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    row = job_row(db, job.id)
    assert row.status == "finished" and row.result == {"counted": 2} and row.started_at <= row.finished_at


def test_a_job_redis_lost_is_enqueued_again_by_the_worker(redis_app, db, make_event, make_user):
    event = make_event()
    redis_app.config["REDIS_URL"] = "redis://127.0.0.1:1/5"
    job = jobs.start(db, make_user("organiser", event), "test.count", event.id, up_to=1)
    db.commit()  # Redis is down: the write stands, the job waits
    redis_app.config["REDIS_URL"] = REDIS_FOR_TESTS
    assert job_row(db, job.id).status == "queued" and jobs.rq_queue(redis_app).count == 0

    result = redis_app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "1 waiting job(s) enqueued." in result.output
    assert job_row(db, job.id).status == "finished"


def test_the_database_keeps_status_and_progress_within_bounds(db, make_event):
    event = make_event()
    for values in ({"status": "lost"}, {"progress": 1.5}, {"status": "finished"}):
        with pytest.raises(sa.exc.IntegrityError):
            db.add(Job(kind="test.count", event_id=event.id, **values))
            db.flush()
        db.rollback()
        event = db.merge(event)


def test_the_worker_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
