"""Batch badges as a job: POST /api/v1/events/{id}/badges/jobs answers 202,
the job writes the PDF under instance/jobs/ (named by a random token) and its
result links to GET /api/v1/jobs/{id}/file, for the event's organisers; the
badges page offers it for a large selection. Jobs run in a thread here (no
Redis), as in test_jobs."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from eventapp.models import Job
from eventapp.services import badge_jobs, jobs
from tests.conftest import csrf_token, login


@pytest.fixture()
def event_with_people(db, make_event, make_participant):
    event = make_event()
    for number in range(5):
        make_participant(event, role="exhibitor", full_name=f"Trần Văn Bán {number}")
    make_participant(event, role="buyer", full_name="Lê Thị Mua")
    make_participant(event, role="exhibitor", full_name="Chờ Duyệt", status="pending")
    return event


def jobs_url(event) -> str:
    return f"/api/v1/events/{event.id}/badges/jobs"


def local(url: str) -> str:
    return url.removeprefix("http://eventapp.test")


def test_a_batch_job_writes_the_pdf_to_a_file_its_result_links_to(app, db, client, event_with_people, make_user, api_headers):
    organiser = make_user("organiser", event_with_people)
    headers = api_headers(organiser)
    response = client.post(jobs_url(event_with_people), json={"role": "exhibitor", "layout": "a6"}, headers=headers)
    assert response.status_code == 202
    job = response.get_json()["job"]
    assert job["kind"] == badge_jobs.BADGES_JOB and set(job) >= {"id", "status", "progress", "result"}
    jobs.wait_for_threads()

    body = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).get_json()
    assert body["status"] == "finished", body["error"]
    assert body["result"] == {"url": f"http://eventapp.test/api/v1/jobs/{job['id']}/file", "badges": 5}
    download = client.get(local(body["result"]["url"]), headers=headers)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data.startswith(b"%PDF") and download.data.count(b"/Type /Page\n") + download.data.count(b"/Type /Page ") >= 1
    assert f"badges-event-{event_with_people.id}.pdf" in download.headers["Content-Disposition"]
    token = db.get_one(Job, job["id"]).arguments["token"]
    folder = Path(app.instance_path) / "jobs"
    assert (folder / f"{token}.pdf").is_file() and len(token) >= 32
    assert not list(folder.glob("*.part"))


@pytest.mark.parametrize(
    ("options", "status", "field"),
    [
        ({"layout": "a3"}, 422, "layout"),
        ({"status": "pending"}, 422, "status"),
        ({"role": "king"}, 422, "role"),
        ({"lang": "fr"}, 422, "lang"),
        ({"province": "atlantis"}, 422, "province"),
        ({"role": 5}, 400, None),
        ({"role": "press"}, 404, None),
    ],
)
def test_bad_options_are_refused_and_start_nothing(db, client, event_with_people, make_user, api_headers, options, status, field):
    organiser = make_user("organiser", event_with_people)
    response = client.post(jobs_url(event_with_people), json=options, headers=api_headers(organiser))
    assert response.status_code == status
    if field:
        assert field in response.get_json()["error"]["fields"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == badge_jobs.BADGES_JOB)) == 0


def test_a_body_that_is_not_an_object_is_refused(db, client, event_with_people, make_user, api_headers):
    organiser = make_user("organiser", event_with_people)
    assert client.post(jobs_url(event_with_people), json=[1], headers=api_headers(organiser)).status_code == 400


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_batches_and_their_files_are_for_the_events_organisers(
    db, client, event_with_people, make_user, make_event, api_headers, role
):
    organiser = make_user("organiser", event_with_people)
    job_id = client.post(jobs_url(event_with_people), headers=api_headers(organiser)).get_json()["job"]["id"]
    jobs.wait_for_threads()
    file_url = f"/api/v1/jobs/{job_id}/file"
    assert client.get(file_url, headers=api_headers(organiser)).status_code == 200
    other = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    for user in (make_user(role, event_with_people), make_user("organiser", other)):
        assert client.post(jobs_url(event_with_people), headers=api_headers(user)).status_code == 403
        assert client.get(file_url, headers=api_headers(user)).status_code == 403
    assert client.post(jobs_url(event_with_people)).status_code == 401
    assert client.get(file_url).status_code == 401
    assert client.get(f"/api/v1/jobs/{job_id + 1000}/file", headers=api_headers(organiser)).status_code == 404


def test_an_unfinished_job_has_no_file_yet(db, client, event_with_people, make_user, api_headers):
    organiser = make_user("organiser", event_with_people)
    waiting = Job(kind=badge_jobs.BADGES_JOB, event_id=event_with_people.id, status="queued", arguments={"token": "x" * 32})
    db.add(waiting)
    db.commit()
    assert client.get(f"/api/v1/jobs/{waiting.id}/file", headers=api_headers(organiser)).status_code == 404


def test_the_badges_page_prepares_a_large_selection_in_the_background(db, client, event_with_people, make_user, monkeypatch):
    monkeypatch.setattr(badge_jobs, "LARGE_BATCH", 3)
    organiser = make_user("organiser", event_with_people)
    login(client, organiser)
    page = f"/manage/events/{event_with_people.id}/badges"
    small = client.get(f"{page}.pdf?role=buyer&layout=a4-4up&lang=vi")
    assert small.status_code == 200 and small.mimetype == "application/pdf", "a small batch stays immediate"

    large = client.get(f"{page}.pdf?role=exhibitor&layout=a6&lang=vi")
    assert large.status_code == 302 and "large=5" in large.headers["Location"]
    offer = client.get(large.headers["Location"]).get_data(as_text=True)
    assert "5 thẻ: được chuẩn bị ở chế độ nền" in offer and 'name="role" value="exhibitor"' in offer

    form = {"csrf_token": csrf_token(client, page), "role": "exhibitor", "province": "", "layout": "a6", "lang": "en"}
    started = client.post(f"{page}/jobs", data=form)
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    jobs.wait_for_threads()
    done = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "5 thẻ đã sẵn sàng." in done
    job = db.scalars(sa.select(Job).where(Job.kind == badge_jobs.BADGES_JOB)).one()
    assert job.arguments["layout"] == "a6" and job.arguments["lang"] == "en"
    download = client.get(f"/api/v1/jobs/{job.id}/file")  # the browser's session signs it in
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
