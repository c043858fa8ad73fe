"""The MoU summary of a large event as a job: POST
/api/v1/events/{id}/mous/summary/jobs answers 202 and the result links to
the file; an organiser's download of a large event's summary asks, then goes
to the background, while officials keep the immediate PDF. Jobs run in a
thread here (no Redis), as in test_jobs."""

import pytest
import sqlalchemy as sa

from eventapp.models import Job
from eventapp.services import jobs, mou_jobs
from tests.conftest import csrf_token, login
from tests.functional.test_api_mous import mou_body


@pytest.fixture()
def event(db, client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    for number in range(3):
        answer = client.post(f"/api/v1/events/{event.id}/mous", json=mou_body(title=f"Biên bản số {number}"), headers=headers)
        assert answer.status_code == 201, answer.get_json()
    return event


def jobs_url(event) -> str:
    return f"/api/v1/events/{event.id}/mous/summary/jobs"


def test_the_summary_job_writes_the_report_to_a_file(db, client, event, make_user, api_headers):
    headers = api_headers(make_user("organiser", event))
    response = client.post(jobs_url(event), json={"lang": "en"}, headers=headers)
    assert response.status_code == 202
    job = response.get_json()["job"]
    assert job["kind"] == mou_jobs.SUMMARY_JOB
    jobs.wait_for_threads()
    body = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).get_json()
    assert body["status"] == "finished", body["error"]
    assert body["result"] == {"url": f"http://eventapp.test/api/v1/jobs/{job['id']}/file", "mous": 3}
    download = client.get(f"/api/v1/jobs/{job['id']}/file", headers=headers)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert f"mou-summary-event-{event.id}-en.pdf" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(("body", "status"), [({"lang": "fr"}, 422), ({"lang": ["vi"]}, 400)])
def test_bad_input_is_refused(db, client, event, make_user, api_headers, body, status):
    response = client.post(jobs_url(event), json=body, headers=api_headers(make_user("organiser", event)))
    assert response.status_code == status
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == mou_jobs.SUMMARY_JOB)) == 0


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_only_the_events_organisers_start_it(db, client, event, make_user, make_event, api_headers, role):
    other = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    for user in (make_user(role, event), make_user("organiser", other)):
        assert client.post(jobs_url(event), headers=api_headers(user)).status_code == 403
    assert client.post(jobs_url(event)).status_code == 401


def test_a_large_events_summary_goes_to_the_background_for_organisers_only(app, db, client, event, make_user, monkeypatch):
    monkeypatch.setattr(mou_jobs, "LARGE_EVENT", 2)
    pdf = f"/manage/events/{event.id}/mous/summary.pdf"
    official = app.test_client()
    login(official, make_user("official", event))
    immediate = official.get(pdf)
    assert immediate.status_code == 200 and immediate.mimetype == "application/pdf", "officials cannot follow jobs"

    login(client, make_user("organiser", event))
    asked = client.get(pdf + "?report_lang=en").get_data(as_text=True)
    assert "3 biên bản ghi nhớ: quá nhiều để chờ tải ngay." in asked
    action = f"/manage/events/{event.id}/mous/summary/jobs?report_lang=en"
    assert f'action="{action}"' in asked
    started = client.post(action, data={"csrf_token": csrf_token(client, f"/manage/events/{event.id}/mous/summary")})
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    jobs.wait_for_threads()
    assert "Báo cáo tổng hợp 3 biên bản ghi nhớ đã sẵn sàng." in client.get(started.headers["Location"]).get_data(as_text=True)
    assert db.scalars(sa.select(Job).where(Job.kind == mou_jobs.SUMMARY_JOB)).one().arguments["lang"] == "en"
