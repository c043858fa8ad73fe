"""The board's event-wide figures and reasons are stored and read back while
nothing they depend on changes; any change brings them up to date, in the
request for a small event and by a background job for a large one."""

import pytest
import sqlalchemy as sa

from eventapp.models import BoardAnalysis, Job, Meeting, PairWithoutMeeting
from eventapp.services import board_analysis, jobs, meeting_board
from tests.conftest import csrf_token, login
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    return scenario


def board_url(scenario, query: str = "") -> str:
    return f"/manage/events/{scenario.event.id}/matchmaking/board{query}"


def test_the_analysis_is_stored_and_follows_every_change(db, client, scenario):
    login(client, scenario.organiser)
    client.get(board_url(scenario))
    stored = db.get(BoardAnalysis, scenario.event.id)
    assert stored.figures["requests"] == 3 and stored.figures["meetings"] == 0
    assert db.scalar(sa.select(sa.func.count()).select_from(PairWithoutMeeting)) == 3
    first = stored.fingerprint

    client.post(board_url(scenario, "/run"), data={"csrf_token": csrf_token(client)})
    page = client.get(board_url(scenario)).get_data(as_text=True)
    db.expire_all()
    assert db.get(BoardAnalysis, scenario.event.id).fingerprint != first
    meetings = db.scalar(sa.select(sa.func.count()).select_from(Meeting))
    assert f'data-figure="meetings">{meetings}<' in page
    assert db.scalar(sa.select(sa.func.count()).select_from(PairWithoutMeeting)) == 3 - meetings

    # A change the board did not make (here an exhibitor leaving) counts too.
    scenario.exhibitors[0].status = "cancelled"
    db.commit()
    unchanged = db.get(BoardAnalysis, scenario.event.id).fingerprint
    client.get(board_url(scenario))
    db.expire_all()
    assert db.get(BoardAnalysis, scenario.event.id).fingerprint != unchanged


def test_an_unchanged_event_is_not_recomputed(db, client, scenario, monkeypatch):
    login(client, scenario.organiser)
    client.get(board_url(scenario))
    computed = []
    monkeypatch.setattr(board_analysis, "refresh", lambda *args: computed.append(args))
    assert client.get(board_url(scenario)).status_code == 200
    assert computed == []


def test_a_large_event_is_brought_up_to_date_by_a_job_while_the_board_answers(db, client, scenario, monkeypatch):
    monkeypatch.setattr(board_analysis, "INLINE_REQUESTS", 0)
    login(client, scenario.organiser)
    page = client.get(board_url(scenario)).get_data(as_text=True)
    assert "data-analysis-job" in page and 'data-figure="meetings"' not in page
    # A second visit while the job is queued or running starts no other.
    client.get(board_url(scenario))
    jobs.wait_for_threads()
    kinds = db.scalars(sa.select(Job.status).where(Job.kind == board_analysis.ANALYSIS_JOB)).all()
    assert kinds == ["finished"]
    page = client.get(board_url(scenario)).get_data(as_text=True)
    assert "data-analysis-job" not in page
    assert 'data-figure="meetings">0<' in page and page.count('data-why="free_cell"') == 3


def test_the_grid_is_paged_by_columns(db, client, scenario, monkeypatch):
    monkeypatch.setattr(meeting_board, "COLUMNS_PER_PAGE", 1)
    login(client, scenario.organiser)
    first = client.get(board_url(scenario)).get_data(as_text=True)
    second = client.get(board_url(scenario, "?columns=2")).get_data(as_text=True)
    assert "?columns=2" in first
    assert first.count('<th scope="col" class="small">') == 1 == second.count('<th scope="col" class="small">')
    assert first.split('<th scope="col" class="small">')[1][:80] != second.split('<th scope="col" class="small">')[1][:80]
    # Past the last page: the last page, not an error.
    assert client.get(board_url(scenario, "?columns=99")).status_code == 200
