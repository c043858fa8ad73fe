"""The board on the day, in the B2B hall, with a fixed clock: likely no-shows
flagged ten minutes into their slot, the sides seen at the table."""

from datetime import datetime, timedelta

import pytest

from eventapp.services import meeting_attendance, meeting_board, publishing
from eventapp.services.badges import badge_code
from tests.conftest import csrf_token, login
from tests.meeting_helpers import build_scenario, scheduled_meetings


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=2)


@pytest.fixture()
def meetings(db, scenario):
    placed = scheduled_meetings(db, scenario)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    return placed


@pytest.fixture()
def clock(monkeypatch):
    """Sets the time the board and the scans at the table see."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(meeting_board, "utcnow", lambda: moment)
        monkeypatch.setattr(meeting_attendance, "utcnow", lambda: moment)

    return set_to


def board_page(client, scenario, query: str = "") -> str:
    response = client.get(f"/manage/events/{scenario.event.id}/matchmaking/board{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_meeting_nobody_saw_ten_minutes_in_is_flagged_in_words(db, client, scenario, meetings, clock):
    login(client, scenario.organiser)
    starts = meetings[0].slot.starts_at

    clock(starts + timedelta(minutes=9, seconds=59))
    assert "data-no-show" not in board_page(client, scenario)

    clock(starts + timedelta(minutes=10))
    page = board_page(client, scenario)
    assert page.count("data-no-show") == 1
    assert "Có thể vắng mặt" in page and "Chưa ai được ghi nhận tại bàn" in page

    english = board_page(client, scenario, "?lang=en")
    assert "Likely no-show" in english and "Nobody seen at the table" in english


def test_one_side_seen_names_the_other_and_both_seen_clears_the_flag(db, client, scenario, meetings, clock, make_user):
    login(client, scenario.organiser)
    first = meetings[0]
    staff = make_user("checkin", scenario.event)
    clock(first.slot.starts_at + timedelta(minutes=12))
    meeting_attendance.record_attendance(db, staff, scenario.event.id, first.id, badge_code(first.participant_a))
    db.commit()

    page = board_page(client, scenario)
    assert page.count("data-no-show") == 1
    assert f"Chưa được ghi nhận tại bàn: {first.participant_b.full_name}" in page

    meeting_attendance.record_attendance(db, staff, scenario.event.id, first.id, badge_code(first.participant_b))
    db.commit()
    page = board_page(client, scenario)
    assert "data-no-show" not in page and "Cả hai đã được ghi nhận tại bàn" in page


def test_an_outcome_recorded_or_another_day_is_no_flag(db, client, scenario, meetings, clock):
    login(client, scenario.organiser)
    later = meetings[-1].slot.starts_at
    assert later > meetings[0].slot.starts_at
    clock(later + timedelta(minutes=10))
    assert board_page(client, scenario).count("data-no-show") == 2
    client_outcome = client.post(
        f"/manage/events/{scenario.event.id}/matchmaking/board/meetings/{meetings[0].id}/outcome",
        data={"csrf_token": csrf_token(client), "attendance": "no_show"},
    )
    assert client_outcome.status_code == 302
    assert board_page(client, scenario).count("data-no-show") == 1

    clock(later + timedelta(days=1))
    assert "data-no-show" not in board_page(client, scenario)


def test_removing_a_meeting_someone_was_seen_at_says_so_first(db, client, scenario, meetings, clock, make_user):
    login(client, scenario.organiser)
    first = meetings[0]
    clock(first.slot.starts_at + timedelta(minutes=11))
    meeting_attendance.record_attendance(
        db, make_user("checkin", scenario.event), scenario.event.id, first.id, badge_code(first.participant_b)
    )
    db.commit()
    page = client.get(f"/manage/events/{scenario.event.id}/matchmaking/board/meetings/{first.id}/remove")
    text = page.get_data(as_text=True)
    assert f"{first.participant_b.full_name} đã được ghi nhận tại bàn lúc" in text and "ghi nhận này được giữ" in text
