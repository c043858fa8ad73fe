"""Every agenda in one PDF as a job: POST /api/v1/events/{id}/agendas/jobs
answers 202 and the job's result links to the file; the board's printout
asks first and goes to the background above a threshold. Jobs run in a
thread here (no Redis), as in test_jobs."""

import pytest
import sqlalchemy as sa

from eventapp.models import Job
from eventapp.services import agenda_jobs, jobs
from tests.conftest import csrf_token, login
from tests.meeting_helpers import build_scenario, scheduled_meetings


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    scheduled_meetings(db, scenario)
    return scenario


def jobs_url(scenario) -> str:
    return f"/api/v1/events/{scenario.event.id}/agendas/jobs"


def test_the_printout_job_writes_every_agenda_to_a_file(db, client, scenario, api_headers):
    headers = api_headers(scenario.organiser)
    response = client.post(jobs_url(scenario), json={"lang": "en"}, headers=headers)
    assert response.status_code == 202
    job = response.get_json()["job"]
    assert job["kind"] == agenda_jobs.AGENDAS_JOB
    jobs.wait_for_threads()
    body = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).get_json()
    assert body["status"] == "finished", body["error"]
    assert body["result"] == {"url": f"http://eventapp.test/api/v1/jobs/{job['id']}/file", "agendas": 4}
    download = client.get(f"/api/v1/jobs/{job['id']}/file", headers=headers)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert f"agendas-{scenario.event.id}.pdf" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(("body", "status"), [({"lang": "fr"}, 422), ({"lang": 1}, 400), ([1], 400)])
def test_bad_input_is_refused(db, client, scenario, api_headers, body, status):
    response = client.post(jobs_url(scenario), json=body, headers=api_headers(scenario.organiser))
    assert response.status_code == status
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == agenda_jobs.AGENDAS_JOB)) == 0


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_only_the_events_organisers_print_every_agenda(db, client, scenario, make_user, make_event, api_headers, role):
    other = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    for user in (make_user(role, scenario.event), make_user("organiser", other)):
        assert client.post(jobs_url(scenario), headers=api_headers(user)).status_code == 403
    assert client.post(jobs_url(scenario)).status_code == 401


def test_the_boards_printout_of_a_large_event_asks_then_runs_in_the_background(db, client, scenario, monkeypatch):
    login(client, scenario.organiser)
    printout = f"/manage/events/{scenario.event.id}/matchmaking/agendas.pdf"
    small = client.get(printout)
    assert small.status_code == 200 and small.mimetype == "application/pdf", "a small event's printout stays immediate"

    monkeypatch.setattr(agenda_jobs, "LARGE_EVENT", 3)
    asked = client.get(printout).get_data(as_text=True)
    assert "4 lịch gặp: quá nhiều để chờ tải ngay." in asked
    action = f"/manage/events/{scenario.event.id}/matchmaking/agendas/jobs"
    assert f'action="{action}"' in asked
    started = client.post(action, data={"csrf_token": csrf_token(client, printout.replace("agendas.pdf", "board"))})
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"]
    jobs.wait_for_threads()
    assert "4 lịch gặp đã sẵn sàng." in client.get(started.headers["Location"]).get_data(as_text=True)
