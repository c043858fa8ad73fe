"""Publishing the schedule as a background job: POST
/api/v1/events/{id}/schedule/publish answers 202 with the job, the board's
button leads to the job's page, each person gets exactly one agenda, and a
second publication waits for the first. Jobs run in a thread here (no Redis),
as in test_jobs."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from eventapp.models import AuditEntry, Job, MatchmakingSetup, OutgoingEmail
from eventapp.services import jobs
from eventapp.services.publishing import PUBLISH_JOB
from tests.conftest import csrf_token, login
from tests.meeting_helpers import build_scenario, scheduled_meetings


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    scheduled_meetings(db, scenario)
    return scenario


def publish_url(scenario) -> str:
    return f"/api/v1/events/{scenario.event.id}/schedule/publish"


def job_row(db, job_id: int) -> Job:
    db.expire_all()
    job = db.get_one(Job, job_id)
    db.commit()
    return job


def agendas_of(db, job_id: int) -> list[OutgoingEmail]:
    db.expire_all()
    return list(db.scalars(sa.select(OutgoingEmail).where(OutgoingEmail.job_id == job_id).order_by(OutgoingEmail.id)))


def new_messages(outbox, before: set[str]) -> list:
    return [message for message in outbox() if message["Message-ID"] not in before]


def sent_before(outbox) -> set[str]:
    return {message["Message-ID"] for message in outbox()}


def test_publishing_answers_at_once_with_the_job_and_sends_one_agenda_each(db, client, scenario, api_headers, outbox):
    before = sent_before(outbox)
    response = client.post(publish_url(scenario), headers=api_headers(scenario.organiser))
    assert response.status_code == 202
    job = response.get_json()["job"]
    assert set(job) == {"id", "kind", "status", "progress", "result", "error", "created_at", "finished_at"}
    assert job["kind"] == PUBLISH_JOB and job["status"] in ("queued", "running", "finished")

    delivered = new_messages(outbox, before)
    people = [scenario.buyers[0], *scenario.exhibitors]
    assert sorted(message["To"] for message in delivered) == sorted(person.email for person in people)
    body = client.get(f"/api/v1/jobs/{job['id']}", headers=api_headers(scenario.organiser)).get_json()
    assert body["status"] == "finished" and body["progress"] == 1.0
    assert body["result"] == {"agendas": 4, "sent": 4, "queued": 0, "failed": 0}
    assert [row.template for row in agendas_of(db, job["id"])] == ["meeting_agenda"] * 4
    assert db.scalar(sa.select(MatchmakingSetup.published_at).where(MatchmakingSetup.event_id == scenario.event.id))
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "schedule.published")).one()
    assert entry.actor_id == scenario.organiser.id and entry.changes == {"agendas": 4}


def test_a_job_run_again_after_its_worker_died_queues_no_second_agenda(db, client, scenario, api_headers, outbox):
    before = sent_before(outbox)
    job_id = client.post(publish_url(scenario), headers=api_headers(scenario.organiser)).get_json()["job"]["id"]
    first = new_messages(outbox, before)
    # What a worker killed after the agendas were written leaves behind.
    job = job_row(db, job_id)
    job.status, job.finished_at, job.result = "running", None, None
    db.commit()
    jobs.run(job_id)
    assert len(new_messages(outbox, before)) == len(first) == 4
    assert len(agendas_of(db, job_id)) == 4
    assert job_row(db, job_id).result == {"agendas": 4, "sent": 4, "queued": 0, "failed": 0}


def test_the_database_refuses_a_second_agenda_for_the_same_person_and_job(db, client, scenario, api_headers, outbox):
    job_id = client.post(publish_url(scenario), headers=api_headers(scenario.organiser)).get_json()["job"]["id"]
    outbox()
    first = agendas_of(db, job_id)[0]
    db.add(
        OutgoingEmail(
            event_id=first.event_id,
            job_id=job_id,
            participant_id=first.participant_id,
            to_address=first.to_address,
            subject=first.subject,
            template=first.template,
            body_text=first.body_text,
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_second_publication_waits_for_the_first(db, client, scenario, api_headers):
    under_way = Job(kind=PUBLISH_JOB, event_id=scenario.event.id, status="running", arguments={})
    db.add(under_way)
    db.commit()
    refused = client.post(publish_url(scenario), headers=api_headers(scenario.organiser))
    assert refused.status_code == 409
    assert "đang được công bố" in refused.get_json()["error"]["message"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == PUBLISH_JOB)) == 1

    # On the board: the confirmation leads to the job under way, the button is refused.
    login(client, scenario.organiser)
    board = f"/manage/events/{scenario.event.id}/matchmaking/board"
    confirm = client.get(f"{board}/publish")
    assert confirm.status_code == 302 and confirm.headers["Location"].endswith(f"/jobs/{under_way.id}")
    posted = client.post(f"{board}/publish", data={"csrf_token": csrf_token(client, board)})
    assert posted.status_code == 302 and posted.headers["Location"].endswith("/matchmaking/board")
    assert "đang được công bố" in client.get(board).get_data(as_text=True)


def test_nothing_to_publish_is_refused_with_a_reason(db, client, make_event, make_user, make_participant, api_headers):
    empty = build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=1, name="Hội chợ Lạng Sơn")
    response = client.post(publish_url(empty), headers=api_headers(empty.organiser))
    assert response.status_code == 422
    assert "xếp lịch" in response.get_json()["error"]["message"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == PUBLISH_JOB)) == 0


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_only_the_events_organisers_publish(db, client, scenario, make_user, make_event, api_headers, role):
    other = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    for user in (make_user(role, scenario.event), make_user("organiser", other)):
        assert client.post(publish_url(scenario), headers=api_headers(user)).status_code == 403
    assert client.post(publish_url(scenario)).status_code == 401
    missing = f"/api/v1/events/{scenario.event.id + 1000}/schedule/publish"
    assert client.post(missing, headers=api_headers(make_user("admin"))).status_code == 404
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == PUBLISH_JOB)) == 0


def test_the_boards_button_leads_to_the_jobs_page_with_its_result(db, client, scenario, outbox):
    before = sent_before(outbox)
    login(client, scenario.organiser)
    board = f"/manage/events/{scenario.event.id}/matchmaking/board"
    response = client.post(f"{board}/publish", data={"csrf_token": csrf_token(client, board)})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    assert len(new_messages(outbox, before)) == 4
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã công bố lịch: 4 lịch gặp." in page
    assert "4 đã gửi, 0 đang chờ gửi" in page
    assert "js/job-progress.js" in page and 'data-api="/api/v1/jobs/' in page

    english = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Schedule published: 4 agendas." in english


def test_a_jobs_page_is_for_its_events_organisers(app, db, client, scenario, make_user, make_event):
    job = jobs.start(db, scenario.organiser, PUBLISH_JOB, scenario.event.id)
    db.commit()
    jobs.wait_for_threads()
    page = f"/manage/events/{scenario.event.id}/jobs/{job.id}"
    assert client.get(page).status_code == 302  # to the sign-in page
    other_event = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    outsider = make_user("organiser", other_event)
    login(client, outsider)
    assert client.get(page).status_code == 403
    assert client.get(f"/manage/events/{other_event.id}/jobs/{job.id}").status_code == 403
    admin = app.test_client()
    login(admin, make_user("admin"))
    assert admin.get(f"/manage/events/{other_event.id}/jobs/{job.id}").status_code == 404
    assert admin.get(page).status_code == 200
