"""Scanning at the table, with a fixed clock: a side on their private page
scans (or types) the counterpart's badge code for the meeting at hand; check-in
staff see the slot's meetings of the B2B hall with a scan button each."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventapp.blueprints.my_meetings import views as my_meetings_views
from eventapp.models import MatchmakingSetup, MeetingAttendance, MeetingOutcome
from eventapp.services import meeting_attendance, publishing
from eventapp.services.badges import badge_code
from tests.conftest import csrf_token, login
from tests.functional.test_meeting_pages_queries import add_meetings, statement_counts
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
    def set_to(moment) -> None:
        for module in (meeting_attendance, my_meetings_views):
            monkeypatch.setattr(module, "utcnow", lambda: moment)

    return set_to


def private_page(client, person, query="") -> str:
    response = client.get(f"/p/{person.access_key}/meetings{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def scan(client, person, meeting_id, code):
    return client.post(
        f"/p/{person.access_key}/meetings/{meeting_id}/attendance", data={"csrf_token": csrf_token(client), "code": code}
    )


def rows(db, model) -> int:
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_buyer_scans_the_counterpart_at_the_table_and_the_meeting_is_held(app, db, client, scenario, meetings, clock):
    buyer = scenario.buyers[0]
    first, second = meetings
    exhibitor = first.counterpart_of(buyer.id)
    clock(first.slot.starts_at - timedelta(minutes=16))
    assert "Quét thẻ người gặp" not in private_page(client, buyer)

    clock(first.slot.starts_at + timedelta(minutes=2))
    page = private_page(client, buyer)
    assert page.count("data-table-scan") == 1 and f"/meetings/{first.id}/attendance" in page
    assert "js/qr-camera.js" in page and "js/table-scan.js" in page
    assert "Scan my counterpart" in private_page(app.test_client(), buyer, "?lang=en")

    response = scan(client, buyer, first.id, badge_code(exhibitor))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#meeting-{first.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cả hai đã được ghi nhận tại bàn: cuộc gặp đã được xác nhận." in page
    assert "Đã xác nhận bằng quét thẻ tại bàn" in page and "data-table-scan" not in page
    db.expire_all()
    assert first.sides_seen.both and first.outcome.attendance == "held"
    assert first.outcome.recorded_by_participant_id == buyer.id
    assert second.outcome is None


def test_bad_codes_are_refused_with_a_message_and_change_nothing(db, client, scenario, meetings, clock, make_participant):
    buyer = scenario.buyers[0]
    first, second = meetings
    clock(first.slot.starts_at + timedelta(minutes=2))
    stranger = make_participant(scenario.event, role="exhibitor")
    for code, message in [
        ("", "Mã thẻ: Vui lòng nhập thông tin này."),
        ("1-2-1-FORGED", ""),
        (badge_code(buyer), ""),
        (badge_code(stranger), ""),
        (badge_code(second.counterpart_of(buyer.id)), ""),
        ("x" * 5000, ""),
    ]:
        response = scan(client, buyer, first.id, code)
        assert response.status_code == 302, code[:20]
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "alert-danger" in page and message in page, (
            code[:30],
            re.findall(r"alert-[a-z]+\" role=\"status\">([^<]*)", page),
        )
    assert rows(db, MeetingAttendance) == 0 and rows(db, MeetingOutcome) == 0


def test_too_early_is_refused(db, client, scenario, meetings, clock):
    buyer = scenario.buyers[0]
    first = meetings[0]
    clock(first.slot.starts_at - timedelta(minutes=20))
    response = scan(client, buyer, first.id, badge_code(first.counterpart_of(buyer.id)))
    assert "Cuộc gặp này chưa bắt đầu" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert rows(db, MeetingAttendance) == 0


def test_only_a_side_of_the_meeting_scans_and_only_once_published(db, client, scenario, meetings, clock):
    buyer = scenario.buyers[0]
    first, second = meetings
    clock(first.slot.starts_at + timedelta(minutes=2))
    other = second.counterpart_of(buyer.id)
    assert scan(client, other, first.id, badge_code(buyer)).status_code == 404
    assert scan(client, buyer, 999999, badge_code(other)).status_code == 404
    response = client.post("/p/not-a-key/meetings/1/attendance", data={"csrf_token": csrf_token(client), "code": "x"})
    assert response.status_code == 404
    db.get(MatchmakingSetup, scenario.event.id).published_at = None
    db.commit()
    assert scan(client, buyer, first.id, badge_code(first.counterpart_of(buyer.id))).status_code == 403
    no_token = client.post(f"/p/{buyer.access_key}/meetings/{first.id}/attendance", data={"code": badge_code(other)})
    assert no_token.status_code in (302, 400)
    assert rows(db, MeetingAttendance) == 0


@pytest.fixture()
def hall(db, make_event, make_user, make_participant):
    """Four buyers' tables over a morning of slots, for counting queries."""
    return build_scenario(
        db, make_event, make_user, make_participant, buyers=4, exhibitors=0, session_times=("08:00", "12:00"), breaks=""
    )


def test_the_private_page_at_the_table_runs_a_constant_number_of_queries(app, db, client, hall, make_participant, clock):
    from eventapp.models import MeetingSlot

    scenario = hall
    buyer = scenario.buyers[0]
    add_meetings(db, scenario, make_participant, 4)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    first_slot = db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)).first()
    clock(first_slot.starts_at + timedelta(minutes=1))
    pages = [f"/p/{buyer.access_key}/meetings"]
    few = statement_counts(client, app, pages)
    assert "data-table-scan" in client.get(pages[0]).get_data(as_text=True)
    add_meetings(db, scenario, make_participant, 16)
    assert statement_counts(client, app, pages) == few


# Check-in staff in the B2B hall ---------------------------------------------------


def hall_url(scenario, query=""):
    return f"/manage/events/{scenario.event.id}/checkin/hall{query}"


def test_staff_see_the_slot_running_now_with_a_scan_button_per_meeting(db, client, scenario, meetings, clock, make_user):
    first, second = meetings
    login(client, make_user("checkin", scenario.event))
    clock(first.slot.starts_at + timedelta(minutes=3))
    page = client.get(hall_url(scenario)).get_data(as_text=True)
    assert page.count("data-scan-for=") == 1 and f'data-scan-for="{first.id}"' in page
    assert f'data-attendance-url="/api/v1/events/{scenario.event.id}/meetings/0/attendance"' in page
    assert "js/qr-camera.js" in page and "js/hall-scan.js" in page
    assert "Khu gặp gỡ B2B: quét thẻ tại bàn" in page

    chosen = client.get(hall_url(scenario, f"?slot={second.slot_id}")).get_data(as_text=True)
    assert f'data-scan-for="{second.id}"' in chosen and f'data-scan-for="{first.id}"' not in chosen

    clock(first.slot.starts_at + timedelta(days=2))
    assert "Hiện không có khung giờ nào đang diễn ra" in client.get(hall_url(scenario)).get_data(as_text=True)
    assert "B2B hall: scanning at the tables" in client.get(hall_url(scenario, "?lang=en")).get_data(as_text=True)


def test_what_staff_scan_goes_through_the_meetings_api(db, client, scenario, meetings, clock, make_user):
    first = meetings[0]
    login(client, make_user("checkin", scenario.event))
    clock(first.slot.starts_at + timedelta(minutes=3))
    token = csrf_token(client, hall_url(scenario))
    url = f"/api/v1/events/{scenario.event.id}/meetings/{first.id}/attendance"
    answer = client.post(url, json={"code": badge_code(first.participant_a)}, headers={"X-CSRFToken": token})
    assert answer.status_code == 200 and answer.get_json()["attendance"] == {"a": True, "b": False}
    answer = client.post(url, json={"code": badge_code(first.participant_b)}, headers={"X-CSRFToken": token})
    assert answer.get_json()["status"] == "held"
    page = client.get(hall_url(scenario)).get_data(as_text=True)
    assert page.count('data-seen="yes"') == 2


@pytest.mark.parametrize("query", ["?slot=999999", "?slot=abc"])
def test_an_unknown_slot_is_not_found(db, client, scenario, meetings, make_user, query):
    login(client, make_user("checkin", scenario.event))
    assert client.get(hall_url(scenario, query)).status_code == 404


def test_the_hall_is_for_this_events_check_in_staff_and_organisers(db, app, scenario, meetings, make_user, make_event):
    for user, status in [
        (make_user("checkin", scenario.event), 200),
        (scenario.organiser, 200),
        (make_user("official", scenario.event), 403),
        (make_user("checkin", make_event()), 403),
    ]:
        someone = app.test_client()
        login(someone, user)
        assert someone.get(hall_url(scenario)).status_code == status, user.email
    assert app.test_client().get(hall_url(scenario)).status_code in (302, 401)


def test_the_hall_page_runs_a_constant_number_of_queries(app, db, client, hall, make_participant, make_user, clock):
    from eventapp.models import MeetingSlot

    scenario = hall
    login(client, make_user("checkin", scenario.event))
    first_slot = db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)).first()
    clock(first_slot.starts_at + timedelta(minutes=1))
    add_meetings(db, scenario, make_participant, 4)
    few = statement_counts(client, app, [hall_url(scenario)])
    add_meetings(db, scenario, make_participant, 12)
    assert statement_counts(client, app, [hall_url(scenario)]) == few
    assert client.get(hall_url(scenario)).get_data(as_text=True).count("data-scan-for=") >= 2
