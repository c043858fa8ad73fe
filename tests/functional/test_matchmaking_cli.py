"""``flask matchmaking run|export|export-schedule``: the exchange format in and out."""

import json

import pytest
import sqlalchemy as sa

from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling import Problem, validate
from eventapp.models import Meeting
from tests.meeting_helpers import ask, build_scenario


def test_run_then_export_the_problem_and_the_schedule(app, db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    runner = app.test_cli_runner()
    event_id = str(scenario.event.id)

    exported = runner.invoke(args=["matchmaking", "export", event_id])
    assert exported.exit_code == 0, exported.output
    problem = json.loads(exported.output)
    assert problem["objective"] == "fair" and len(problem["requests"]) == 3
    assert [s["id"] for s in problem["slots"]] == ["d1-0830", "d1-0850", "d1-0910", "d1-0940", "d1-1000"]
    assert problem["slots"][0]["start"] == "2020-11-20T08:30:00+07:00"
    assert {p.get("table") for p in problem["participants"] if p["side"] == "buyer"} == {"T01", "T02"}

    ran = runner.invoke(args=["matchmaking", "run", event_id])
    assert ran.exit_code == 0, ran.output
    assert "3 meetings" in ran.output and "starved 0" in ran.output
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == 3

    schedule = json.loads(runner.invoke(args=["matchmaking", "export-schedule", event_id]).output)
    meetings = [ScheduledMeeting(**m) for m in schedule["meetings"]]
    assert len(meetings) == 3 and schedule["stats"]["starved"] == 0
    assert validate(Problem.from_json(problem), meetings) == []


def test_an_unknown_event_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["matchmaking", "export", "424242"])
    assert result.exit_code != 0 and "This event does not exist." in result.output


@pytest.mark.parametrize("command", ["run", "export", "export-schedule"])
@pytest.mark.parametrize("event_id", ["2147483648", "99999999999999999999", "0", "-1"])
def test_an_event_id_beyond_a_database_integer_is_a_usage_error(app, command, event_id):
    result = app.test_cli_runner().invoke(args=["matchmaking", command, "--", event_id])
    assert result.exit_code == 2 and "EVENT_ID" in result.output and "Traceback" not in result.output
