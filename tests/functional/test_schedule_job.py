"""The scheduler in the background: POST /api/v1/events/{id}/schedule with
{"background": true} answers 202 with a job that may use the event's whole
time limit (up to 300 s); without it the run answers when done, at most 25 s,
as before. Jobs run in a thread here (no Redis), as in test_jobs."""

import pytest
import sqlalchemy as sa

from eventapp.models import Job, MatchmakingSetup, Meeting
from eventapp.services import jobs, meeting_setup
from eventapp.services.scheduler_runs import RUN_JOB
from tests.conftest import csrf_token, login
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    return scenario


def schedule_url(scenario) -> str:
    return f"/api/v1/events/{scenario.event.id}/schedule"


def set_time_limit(db, scenario, seconds: int) -> None:
    settings = meeting_setup.SettingsInput(
        objective="fair", places="host", pool_tables=None, include_pending=True, requests_open=True, time_limit=seconds
    )
    meeting_setup.update_settings(db, scenario.organiser, scenario.event.id, settings)
    db.commit()


def test_a_background_run_answers_202_with_its_job_and_schedules(db, client, scenario, api_headers):
    headers = api_headers(scenario.organiser)
    response = client.post(schedule_url(scenario), json={"background": True, "time_limit": 2}, headers=headers)
    assert response.status_code == 202
    job = response.get_json()["job"]
    assert job["kind"] == RUN_JOB and job["status"] in ("queued", "running", "finished")
    jobs.wait_for_threads()

    body = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).get_json()
    assert body["status"] == "finished", body["error"]
    assert body["result"]["meetings"] == 3 and body["result"]["starved"] == 0
    run = client.get(schedule_url(scenario), headers=headers).get_json()
    assert run["id"] == body["result"]["run_id"] and run["status"] == "done" and run["time_limit"] == 2
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == 3


def test_the_events_limit_goes_up_to_300_seconds_and_only_a_background_run_takes_more_than_25(db, client, scenario, api_headers):
    set_time_limit(db, scenario, 300)
    assert db.get_one(MatchmakingSetup, scenario.event.id).time_limit == 300
    headers = api_headers(scenario.organiser)
    answered = client.post(schedule_url(scenario), headers=headers)
    assert answered.status_code == 200 and answered.get_json()["time_limit"] == 25, "a request's run stays within 25 s"

    login(client, scenario.organiser)
    settings = f"/manage/events/{scenario.event.id}/matchmaking/settings"
    form = {"objective": "fair", "places": "host", "time_limit": "301", "csrf_token": csrf_token(client, settings)}
    refused = client.post(settings, data=form)
    assert "Từ 1 đến 300 giây." in client.get(refused.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    assert db.get_one(MatchmakingSetup, scenario.event.id).time_limit == 300


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"background": "yes"}, 422, "background"),
        ({"background": True, "time_limit": 301}, 422, "time_limit"),
        ({"background": True, "time_limit": "60"}, 422, "time_limit"),
        ({"time_limit": 26}, 422, "time_limit"),
        ([True], 400, None),
    ],
)
def test_bad_options_are_refused_and_start_nothing(db, client, scenario, api_headers, body, status, field):
    response = client.post(schedule_url(scenario), json=body, headers=api_headers(scenario.organiser))
    assert response.status_code == status
    if field:
        assert field in response.get_json()["error"]["fields"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == RUN_JOB)) == 0
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_a_second_background_run_waits_for_the_first(db, client, scenario, api_headers):
    db.add(Job(kind=RUN_JOB, event_id=scenario.event.id, status="queued", arguments={}))
    db.commit()
    refused = client.post(schedule_url(scenario), json={"background": True}, headers=api_headers(scenario.organiser))
    assert refused.status_code == 409
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == RUN_JOB)) == 1


@pytest.mark.parametrize("role", ["checkin", "official"])
def test_only_the_events_organisers_run_it_in_the_background(db, client, scenario, make_user, make_event, api_headers, role):
    other = make_event(name="Hội nghị Buôn Ma Thuột 2019")
    for user in (make_user(role, scenario.event), make_user("organiser", other)):
        assert client.post(schedule_url(scenario), json={"background": True}, headers=api_headers(user)).status_code == 403
    assert client.post(schedule_url(scenario), json={"background": True}).status_code == 401
    assert db.scalar(sa.select(sa.func.count()).select_from(Job).where(Job.kind == RUN_JOB)) == 0


def test_the_board_runs_a_long_limit_as_a_job_on_its_page(db, client, scenario):
    set_time_limit(db, scenario, 60)
    login(client, scenario.organiser)
    board = f"/manage/events/{scenario.event.id}/matchmaking/board"
    page = client.get(board).get_data(as_text=True)
    assert 'data-background="true"' in page and f"/manage/events/{scenario.event.id}/jobs/0" in page
    response = client.post(f"{board}/run", data={"csrf_token": csrf_token(client, board)})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    jobs.wait_for_threads()
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã xếp lịch: 3 cuộc gặp, 0 người chưa có cuộc gặp nào." in done
