"""The board's actions that e-mail many people or remove something ask
first, with what they will do in figures; a removed meeting comes back with
one click, right after, for the organiser who removed it."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.domain.errors import NotFound
from eventapp.models import Meeting
from eventapp.services import jobs, meeting_edits, scheduler_runs
from tests.conftest import csrf_token, login
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    # Every exhibitor asks buyer 0; buyer 1 asks exhibitor 0: removing that
    # one meeting leaves buyer 1 involved, with a request and no meeting.
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    ask(db, scenario.buyers[1], scenario.exhibitors[0])
    return scenario


@pytest.fixture()
def organiser_client(client, scenario):
    login(client, scenario.organiser)
    return client


def base(scenario) -> str:
    return f"/manage/events/{scenario.event.id}/matchmaking/board"


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def scheduled(db, client, scenario) -> list[Meeting]:
    assert post(client, f"{base(scenario)}/run").status_code == 302
    db.expire_all()
    return list(db.scalars(sa.select(Meeting).order_by(Meeting.id)))


def test_publishing_shows_who_gets_what_and_sends_nothing_until_confirmed(db, organiser_client, scenario, outbox):
    meetings = scheduled(db, organiser_client, scenario)
    # One pair left without a meeting: remove it, so its two people are told so.
    removed = next(m for m in meetings if scenario.buyers[1].id in m.participant_ids)
    assert post(organiser_client, f"{base(scenario)}/meetings/{removed.id}/remove").status_code == 302
    before = len(outbox())
    page = organiser_client.get(f"{base(scenario)}/publish").get_data(as_text=True)
    assert "Công bố lịch gặp?" in page
    assert "4 người nhận lịch có các cuộc gặp của mình." in page
    assert "1 người được báo rằng không xếp được cuộc gặp nào." in page
    assert "Công bố và gửi thư điện tử cho 5 người" in page
    assert len(outbox()) == before
    assert post(organiser_client, f"{base(scenario)}/publish").status_code == 302
    assert len(outbox()) == before + 5  # once the publication's job has run


def test_the_board_links_to_the_confirmations_instead_of_posting(db, organiser_client, scenario):
    scheduled(db, organiser_client, scenario)
    page = organiser_client.get(base(scenario)).get_data(as_text=True)
    assert f'href="{base(scenario)}/publish"' in page
    assert f'href="{base(scenario)}/clear"' in page
    assert f'action="{base(scenario)}/publish"' not in page


def test_clearing_says_how_many_meetings_go_and_who_is_told(db, organiser_client, scenario, outbox):
    meetings = scheduled(db, organiser_client, scenario)
    post(organiser_client, f"{base(scenario)}/publish")
    jobs.wait_for_threads()  # publishing is a job
    page = organiser_client.get(f"{base(scenario)}/clear").get_data(as_text=True)
    assert f"{len(meetings)} cuộc gặp bị gỡ" in page
    people = {pid for m in meetings for pid in m.participant_ids}
    assert f"{len(people)} người nhận lịch gặp mới qua thư điện tử" in page
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == len(meetings)


def test_a_removed_meeting_comes_back_in_its_cell_with_one_click(db, organiser_client, scenario):
    meeting = scheduled(db, organiser_client, scenario)[0]
    meeting_id, cell, pair = meeting.id, (meeting.slot_id, meeting.table_id), meeting.participant_ids
    page = organiser_client.get(f"{base(scenario)}/meetings/{meeting_id}/remove").get_data(as_text=True)
    assert "Gỡ cuộc gặp này?" in page
    db.expire_all()
    assert db.get(Meeting, meeting_id) is not None, "asking removes nothing"
    removed = post(organiser_client, f"{base(scenario)}/meetings/{meeting_id}/remove")
    board = organiser_client.get(removed.headers["Location"]).get_data(as_text=True)
    assert f'action="{base(scenario)}/meetings/{meeting_id}/restore"' in board
    assert "restore" not in organiser_client.get(base(scenario)).get_data(as_text=True), "offered once"
    db.expire_all()
    assert db.get(Meeting, meeting_id) is None
    restored = post(organiser_client, f"{base(scenario)}/meetings/{meeting_id}/restore")
    assert "Cuộc gặp đã trở lại chỗ cũ." in organiser_client.get(restored.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    back = db.scalar(sa.select(Meeting).where(Meeting.participant_a_id == pair[0], Meeting.participant_b_id == pair[1]))
    assert (back.slot_id, back.table_id) == cell
    again = post(organiser_client, f"{base(scenario)}/meetings/{meeting_id}/restore")
    assert "Hai người này đã có lịch gặp." in organiser_client.get(again.headers["Location"]).get_data(as_text=True)


def test_only_the_remover_may_undo_and_only_shortly_after(db, scenario, make_user, monkeypatch):
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    meeting = db.scalars(sa.select(Meeting)).first()
    meeting_edits.remove_meeting(db, scenario.organiser, scenario.event.id, meeting.id)
    db.commit()
    colleague = make_user(event=scenario.event)
    with pytest.raises(NotFound):
        meeting_edits.restore_meeting(db, colleague, scenario.event.id, meeting.id)
    monkeypatch.setattr(meeting_edits, "UNDO_WINDOW", timedelta(0))
    with pytest.raises(NotFound):
        meeting_edits.restore_meeting(db, scenario.organiser, scenario.event.id, meeting.id)
