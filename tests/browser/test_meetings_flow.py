"""Request, schedule, agenda in a real browser: an exhibitor asks a
distributor for a meeting from their private page, the organiser runs the
scheduler from the board (the progress comes from the API) and publishes after a preview,
and the exhibitor finds the meeting on their agenda."""

import re

import pytest
import sqlalchemy as sa

from eventapp.models import Meeting, MeetingRequest
from tests.meeting_helpers import build_scenario

pytestmark = pytest.mark.browser


def test_request_then_schedule_then_agenda(
    live_server, sign_in, page, browser_context, db, make_event, make_user, make_participant
):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=2)
    exhibitor = scenario.exhibitors[0]

    page.goto(f"{live_server}/p/{exhibitor.access_key}")
    page.get_by_role("link", name="Xem nhà mua hàng").click()
    card = page.locator("article.candidate", has_text="Saigon Co.op")
    card.get_by_label("Rất cần gặp").check()
    card.get_by_label("Lời nhắn ngắn (không bắt buộc)").fill("Xin giới thiệu bánh pía sầu riêng 4 sao")
    card.get_by_role("button", name=re.compile("Đề nghị gặp")).click()
    assert "Đã gửi yêu cầu tới Lê Thị Mua 1" in page.locator("[role=status]").first.inner_text()
    request = db.scalars(sa.select(MeetingRequest)).one()
    assert (request.priority, request.message) == (2, "Xin giới thiệu bánh pía sầu riêng 4 sao")

    organiser = browser_context.new_page()
    sign_in(organiser, scenario.organiser.email, scenario.organiser.test_password)
    organiser.goto(f"{live_server}/manage/events/{scenario.event.id}/matchmaking/board")
    assert organiser.locator("[data-figure=meetings]").inner_text() == "0"
    with organiser.expect_navigation():
        organiser.get_by_role("button", name="Xếp lịch tự động").click()
    assert organiser.locator("[data-figure=meetings]").inner_text() == "1"
    assert "Đã xong" in organiser.locator("#run-status").inner_text()
    organiser.get_by_role("link", name="Công bố và gửi thư lịch gặp cho mọi người").click()
    assert "2 người nhận lịch có các cuộc gặp của mình." in organiser.content()
    organiser.get_by_role("button", name="Công bố và gửi thư điện tử cho 2 người").click()
    # The job's page: its script reloads it with the result once the job has ended.
    assert "Đã công bố lịch: 2 lịch gặp." in organiser.locator("[data-result=agendas]").inner_text()

    meeting = db.scalars(sa.select(Meeting)).one()
    page.goto(f"{live_server}/p/{exhibitor.access_key}/meetings")
    agenda = page.locator(f"#meeting-{meeting.id}")
    assert "Lê Thị Mua 1" in agenda.inner_text() and "Saigon Co.op" in agenda.inner_text()
    assert "Bàn 2" in agenda.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Thêm vào lịch của tôi (.ics)").click()
    assert download.value.suggested_filename == f"agenda-{exhibitor.id}.ics"
