"""Scanning at the table in Debian's Chromium with a fake camera showing the
counterpart's badge: on the buyer's private page the meeting confirms itself;
check-in staff in the B2B hall record a side through the meetings API."""

from datetime import timedelta

import pytest

from eventapp.blueprints.my_meetings import views as my_meetings_views
from eventapp.models import Meeting
from eventapp.services import badges, meeting_attendance, publishing
from tests.browser.test_scan_page import fake_camera_video
from tests.meeting_helpers import build_scenario, scheduled_meetings

pytestmark = pytest.mark.browser


@pytest.fixture()
def table(db, make_event, make_user, make_participant, monkeypatch):
    """A published meeting of the buyer, the clock two minutes into its slot."""
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=1)
    meeting = scheduled_meetings(db, scenario)[0]
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    now = meeting.slot.starts_at + timedelta(minutes=2)
    for module in (meeting_attendance, my_meetings_views):
        monkeypatch.setattr(module, "utcnow", lambda: now)
    buyer = scenario.buyers[0]
    staff = make_user("checkin", scenario.event)
    found = {
        "event_id": scenario.event.id,
        "meeting_id": meeting.id,
        "buyer_key": buyer.access_key,
        "buyer_code": badges.badge_code(buyer),
        "counterpart_code": badges.badge_code(meeting.counterpart_of(buyer.id)),
        "staff": (staff.email, staff.test_password),
    }
    db.rollback()
    return found


def with_fake_camera(chromium, tmp_path, code: str):
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    video = tmp_path / "badge.y4m"
    fake_camera_video(video, code)
    return chromium.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def seen(db, meeting_id: int) -> dict[str, bool]:
    meeting = db.get(Meeting, meeting_id)
    db.refresh(meeting)
    answer = meeting.sides_seen.to_json() | {"held": meeting.outcome is not None and meeting.outcome.attendance == "held"}
    db.rollback()
    return answer


def test_the_buyer_scans_the_counterpart_with_the_camera(db, live_server, chromium, table, tmp_path):
    browser = with_fake_camera(chromium, tmp_path, table["counterpart_code"])
    try:
        page = browser.new_context(locale="vi-VN", permissions=["camera"]).new_page()
        page.goto(f"{live_server}/p/{table['buyer_key']}/meetings")
        page.click("[data-table-scan] [data-camera-start]")
        page.wait_for_selector("text=Cả hai đã được ghi nhận tại bàn", timeout=20000)
        assert "Đã xác nhận bằng quét thẻ tại bàn" in page.inner_text(f"#meeting-{table['meeting_id']}")
    finally:
        browser.close()
    assert seen(db, table["meeting_id"]) == {"a": True, "b": True, "held": True}


def test_staff_in_the_hall_scan_a_side_for_the_chosen_meeting(db, live_server, sign_in, chromium, table, tmp_path):
    browser = with_fake_camera(chromium, tmp_path, table["buyer_code"])
    try:
        page = browser.new_context(locale="vi-VN", permissions=["camera"]).new_page()
        sign_in(page, *table["staff"])
        page.goto(f"{live_server}/manage/events/{table['event_id']}/checkin/hall")
        page.click(f"[data-scan-for='{table['meeting_id']}']")
        page.wait_for_selector("#hall-result.scan-result-green", timeout=20000)
        assert page.locator("[data-seen=yes]").count() == 1
        page.click("#camera-stop")
        page.fill("#hall-code", "1-2-3-NOTABADGE")
        page.click("#hall-code-form button")
        page.wait_for_selector("#hall-result.scan-result-red")
    finally:
        browser.close()
    sides = seen(db, table["meeting_id"])
    assert sides["a"] != sides["b"] and not sides["held"]
