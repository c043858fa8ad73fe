"""A participant's side, through their private link: browse, ask, answer,
see the agenda and take it away as PDF and calendar, record the outcome."""

import re
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import MatchmakingProfile, Meeting, MeetingOutcome, MeetingRequest
from eventapp.services import publishing, scheduler_runs
from tests.conftest import csrf_token
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def test_an_exhibitor_finds_a_buyer_and_asks_for_a_meeting(db, client, scenario, outbox):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    home = client.get(f"/p/{exhibitor.access_key}").get_data(as_text=True)
    assert "Gặp gỡ giao thương" in home and "Xem nhà mua hàng" in home
    page = client.get(f"/p/{exhibitor.access_key}/meetings/browse?q=saigon").get_data(as_text=True)
    assert "Saigon Co.op" in page and "Central Retail" not in page and "1 kết quả" in page
    response = post(
        client,
        f"/p/{exhibitor.access_key}/meetings/requests",
        to=str(buyer.id),
        priority="2",
        message="Xin được giới thiệu bánh pía",
    )
    assert response.status_code == 302
    made = db.scalars(sa.select(MeetingRequest)).one()
    assert (made.from_participant_id, made.to_participant_id, made.priority) == (exhibitor.id, buyer.id, 2)
    [notice] = outbox()
    assert notice["To"] == buyer.email and "Xin được giới thiệu bánh pía" in notice.get_body(("plain",)).get_content()
    assert "Đã gửi yêu cầu" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_buyer_browses_exhibitors_by_group_stars_and_unaccented_search(db, client, scenario, make_participant):
    make_participant(
        scenario.event,
        role="exhibitor",
        full_name="Thạch Sô Phia",
        province="soc-trang",
        products=[("Khăn rằn thổ cẩm Khmer", "textile", 3)],
    )
    key = scenario.buyers[0].access_key
    page = client.get(f"/p/{key}/meetings/browse?q=tho+cam&product_group=textile&stars=3").get_data(as_text=True)
    assert "Thạch Sô Phia" in page and "1 kết quả" in page
    bad = client.get(f"/p/{key}/meetings/browse?stars=9").get_data(as_text=True)
    assert "Hạng OCOP là 3, 4 hoặc 5 sao." in bad


def test_the_recipient_accepts_or_declines(db, client, scenario, outbox):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    request = ask(db, exhibitor, buyer)
    page = client.get(f"/p/{buyer.access_key}/meetings").get_data(as_text=True)
    assert exhibitor.full_name in page and "Chờ trả lời" in page
    post(client, f"/p/{buyer.access_key}/meetings/requests/{request.id}/answer", accept="1")
    db.refresh(request)
    assert request.status == "accepted"
    assert [m["To"] for m in outbox() if "đã đồng ý gặp Ông/Bà" in m["Subject"]] == [exhibitor.email]
    other = ask(db, scenario.exhibitors[1], buyer)
    post(client, f"/p/{buyer.access_key}/meetings/requests/{other.id}/answer", accept="0")
    db.refresh(other)
    assert other.status == "declined"
    stranger = post(client, f"/p/{scenario.buyers[1].access_key}/meetings/requests/{request.id}/answer", accept="0")
    assert stranger.status_code == 404
    db.refresh(request)
    assert request.status == "accepted"


def test_the_sender_withdraws(db, client, scenario):
    request = ask(db, scenario.exhibitors[0], scenario.buyers[0])
    post(client, f"/p/{scenario.exhibitors[0].access_key}/meetings/requests/{request.id}/withdraw")
    db.refresh(request)
    assert request.status == "withdrawn"


def test_only_approved_buyers_and_exhibitors_use_the_meetings(db, client, scenario, make_participant):
    pending = make_participant(scenario.event, role="exhibitor", status="pending")
    delegate = make_participant(scenario.event, role="delegate")
    for person in (pending, delegate):
        assert "Gặp gỡ giao thương" not in client.get(f"/p/{person.access_key}").get_data(as_text=True)
        assert client.get(f"/p/{person.access_key}/meetings").status_code == 403
        refused = post(client, f"/p/{person.access_key}/meetings/requests", to=str(scenario.buyers[0].id), priority="1")
        assert refused.status_code == 403
    assert client.get("/p/khong-co-khoa-nay/meetings").status_code == 404
    assert db.scalar(sa.select(sa.func.count(MeetingRequest.id))) == 0


def test_a_request_without_the_csrf_token_is_refused(db, client, scenario):
    response = client.post(
        f"/p/{scenario.exhibitors[0].access_key}/meetings/requests", data={"to": scenario.buyers[0].id, "priority": "1"}
    )
    assert response.status_code == 400
    assert db.scalar(sa.select(sa.func.count(MeetingRequest.id))) == 0


def publish(db, scenario):
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()


def test_the_agenda_appears_once_published_with_pdf_and_calendar(db, client, scenario):
    exhibitor = scenario.exhibitors[0]
    ask(db, exhibitor, scenario.buyers[0])
    ask(db, exhibitor, scenario.buyers[1], priority=2)
    assert "chưa công bố lịch gặp" in client.get(f"/p/{exhibitor.access_key}/meetings").get_data(as_text=True)
    assert client.get(f"/p/{exhibitor.access_key}/agenda.pdf").status_code == 404
    publish(db, scenario)
    page = client.get(f"/p/{exhibitor.access_key}/meetings").get_data(as_text=True)
    assert page.count('id="meeting-') == 2
    assert "Saigon Co.op · TP. Hồ Chí Minh" in page and "Thứ Sáu, 20 tháng 11, 2020" in page
    pdf = client.get(f"/p/{exhibitor.access_key}/agenda.pdf")
    assert pdf.mimetype == "application/pdf"
    text = PdfReader(BytesIO(pdf.data)).pages[0].extract_text()
    assert "Lịch gặp gỡ giao thương" in text and "Lê Thị Mua 1" in text and "Saigon Co.op" in text
    english = client.get(f"/p/{exhibitor.access_key}/agenda.pdf?lang=en")
    assert "Business meeting schedule" in PdfReader(BytesIO(english.data)).pages[0].extract_text()
    ics = client.get(f"/p/{exhibitor.access_key}/agenda.ics")
    assert ics.mimetype == "text/calendar"
    calendar = ics.get_data(as_text=True)
    meetings = db.scalars(sa.select(Meeting).order_by(Meeting.id)).all()
    assert sorted(re.findall(r"UID:meeting-(\d+)@", calendar)) == sorted(str(m.id) for m in meetings)
    starts = {f"DTSTART:{m.slot.starts_at:%Y%m%dT%H%M%SZ}" for m in meetings}
    assert all(start in calendar for start in starts)
    assert all(line.endswith("\r") or not line for line in calendar.split("\n"))


@pytest.mark.parametrize(
    "status, role, message",
    [
        ("pending", "exhibitor", "Ông/Bà có thể gửi yêu cầu gặp sau khi ban tổ chức duyệt đăng ký của Ông/Bà."),
        ("cancelled", "buyer", "Ông/Bà có thể gửi yêu cầu gặp sau khi ban tổ chức duyệt đăng ký của Ông/Bà."),
        ("approved", "delegate", "Gặp gỡ song phương dành cho nhà mua hàng và đơn vị trưng bày."),
    ],
)
def test_the_agenda_files_are_refused_like_the_meetings_page(db, client, scenario, make_participant, status, role, message):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    publish(db, scenario)
    outsider = make_participant(scenario.event, role=role, status=status)
    for page in ("meetings", "agenda.pdf", "agenda.ics"):
        response = client.get(f"/p/{outsider.access_key}/{page}")
        assert response.status_code == 403, page
        assert message in response.get_data(as_text=True), page


def test_either_side_records_the_outcome_after_the_meeting(db, client, scenario):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    ask(db, exhibitor, buyer)
    publish(db, scenario)
    meeting = db.scalars(sa.select(Meeting)).one()
    url = f"/p/{buyer.access_key}/meetings/{meeting.id}/outcome"
    prefix = f"m{meeting.id}-"
    post(client, url, **{f"{prefix}attendance": "held", f"{prefix}interest": "deal", f"{prefix}note": "Đặt 500 hộp"})
    outcome = db.scalars(sa.select(MeetingOutcome)).one()
    assert (outcome.attendance, outcome.interest, outcome.note) == ("held", "deal", "Đặt 500 hộp")
    page = client.get(f"/p/{exhibitor.access_key}/meetings").get_data(as_text=True)
    assert "Đã gặp · Đạt thỏa thuận" in page
    refused = post(
        client, f"/p/{scenario.exhibitors[1].access_key}/meetings/{meeting.id}/outcome", **{f"{prefix}attendance": "no_show"}
    )
    assert refused.status_code == 404
    too_long = post(client, url, **{f"{prefix}attendance": "held", f"{prefix}interest": "deal", f"{prefix}note": "x" * 1001})
    assert "Ghi chú (không bắt buộc): Tối đa 1000 ký tự." in client.get(too_long.headers["Location"]).get_data(as_text=True)
    assert db.scalars(sa.select(MeetingOutcome.note)).one() == "Đặt 500 hộp"


def test_time_zones_read_as_people_say_them_on_the_page_the_pdf_and_the_mail(db, client, scenario, outbox):
    exhibitor = scenario.exhibitors[0]
    ask(db, exhibitor, scenario.buyers[0])
    publish(db, scenario)
    page = client.get(f"/p/{exhibitor.access_key}/meetings").get_data(as_text=True)
    assert "Giờ ghi theo giờ Việt Nam (GMT+7)." in page and "Asia/Ho_Chi_Minh" not in page
    for language, label in (("vi", "giờ Việt Nam (GMT+7)"), ("en", "Vietnam time (GMT+7)")):
        pdf = PdfReader(BytesIO(client.get(f"/p/{exhibitor.access_key}/agenda.pdf?lang={language}").data))
        assert label in " ".join(pdf.pages[0].extract_text().split())
    agenda_mail = next(m for m in outbox() if exhibitor.email in m["To"])
    body = agenda_mail.get_body(("plain",)).get_content()
    assert "giờ Việt Nam (GMT+7)" in body and "Asia/Ho_Chi_Minh" not in body


def test_outcome_forms_start_empty_and_a_bare_submit_records_nothing(db, client, scenario):
    """One stray tap must not record a held meeting with follow-up interest."""
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    ask(db, exhibitor, buyer)
    publish(db, scenario)
    meeting = db.scalars(sa.select(Meeting)).one()
    from tests.conftest import login

    pages = [client.get(f"/p/{buyer.access_key}/meetings").get_data(as_text=True)]
    login(client, scenario.organiser)
    pages.append(client.get(f"/manage/events/{scenario.event.id}/matchmaking/board/meetings/{meeting.id}").get_data(as_text=True))
    for page in pages:
        radios = [
            tag
            for tag in re.findall(r'<input[^>]*type="radio"[^>]*>', page)
            if re.search(r'name="(m\d+-)?(attendance|interest)"', tag)
        ]
        assert len(radios) == 5 and not any("checked" in radio for radio in radios)
    response = post(client, f"/p/{buyer.access_key}/meetings/{meeting.id}/outcome", **{f"m{meeting.id}-note": ""})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hãy chọn cuộc gặp đã diễn ra hay không." in page
    assert db.scalars(sa.select(MeetingOutcome)).first() is None


def test_a_buyer_says_what_they_source_and_exhibitors_see_it(db, client, scenario):
    buyer = scenario.buyers[0]
    post(client, f"/p/{buyer.access_key}/meetings/sourcing", sourcing="Gạo ST25, mắm cá sặc, bánh pía")
    page = client.get(f"/p/{scenario.exhibitors[0].access_key}/meetings/browse?q=mam+ca").get_data(as_text=True)
    assert "Gạo ST25, mắm cá sặc, bánh pía" in page and "1 kết quả" in page


def test_too_long_a_sourcing_text_is_refused_with_its_own_reason(db, client, scenario):
    buyer = scenario.buyers[0]
    post(client, f"/p/{buyer.access_key}/meetings/sourcing", sourcing="Gạo ST25")
    response = post(client, f"/p/{buyer.access_key}/meetings/sourcing", sourcing="Gạo " * 251)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mặt hàng chúng tôi cần thu mua: Tối đa 1000 ký tự." in page
    assert db.get(MatchmakingProfile, buyer.id).sourcing == "Gạo ST25"


def test_line_breaks_count_as_the_browser_counts_them(db, client, scenario):
    """A textarea's maxlength counts a line break as one character, but the
    browser sends it as two (CR LF)."""
    buyer = scenario.buyers[0]
    text = "\r\n".join(["Gạo ST25, mắm cá sặc"] * 47)
    assert len(text.replace("\r\n", "\n")) <= 1000 < len(text)
    post(client, f"/p/{buyer.access_key}/meetings/sourcing", sourcing=text)
    assert db.get(MatchmakingProfile, buyer.id).sourcing == text.replace("\r\n", "\n")


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/\\evil.example/x"])
def test_asking_returns_only_to_a_page_of_this_site(db, client, scenario, target):
    exhibitor = scenario.exhibitors[0]
    response = post(
        client, f"/p/{exhibitor.access_key}/meetings/requests", to=str(scenario.buyers[0].id), priority="1", next=target
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/p/{exhibitor.access_key}/meetings/browse"


@pytest.mark.parametrize("to", ["99999999999999999999999", "2147483648", "²", "-1", "0"])
def test_asking_an_impossible_participant_id_is_a_field_error(db, client, scenario, to):
    exhibitor = scenario.exhibitors[0]
    response = post(client, f"/p/{exhibitor.access_key}/meetings/requests", to=to, priority="1")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (
        "Mã người tham dự (một số nguyên) hoặc địa chỉ thư điện tử." in page
        or "Không có người tham dự nào của sự kiện mang mã này." in page
    )
    assert db.scalar(sa.select(sa.func.count(MeetingRequest.id))) == 0


def test_a_buyer_asks_a_producer_from_its_catalogue_page(db, client, scenario, outbox):
    buyer, exhibitor = scenario.buyers[0], scenario.exhibitors[1]
    browse = client.get(f"/p/{buyer.access_key}/meetings/browse").get_data(as_text=True)
    page_url = f"/p/{buyer.access_key}/meetings/exhibitors/{exhibitor.id}"
    assert f'href="{page_url}"' in browse
    page = client.get(page_url).get_data(as_text=True)
    assert exhibitor.organisation.name in page and "Sản phẩm OCOP" in page
    assert "Đề nghị gặp" in page
    sent = post(client, f"/p/{buyer.access_key}/meetings/requests", to=str(exhibitor.id), priority="1", next=page_url)
    assert sent.headers["Location"] == page_url
    page = client.get(page_url).get_data(as_text=True)
    assert "Đã gửi yêu cầu" in page and 'name="to"' not in page
    assert [m["To"] for m in outbox()][-1] == exhibitor.email


def test_only_buyers_see_producers_with_a_meeting_button(db, client, scenario, make_participant):
    exhibitor = scenario.exhibitors[0]
    other = scenario.exhibitors[1]
    assert client.get(f"/p/{exhibitor.access_key}/meetings/exhibitors/{other.id}").status_code == 403
    pending = make_participant(scenario.event, status="pending")
    assert client.get(f"/p/{scenario.buyers[0].access_key}/meetings/exhibitors/{pending.id}").status_code == 404


def test_a_much_wanted_buyer_reads_the_requests_a_page_at_a_time_pending_first(db, client, scenario, monkeypatch):
    from eventapp.services import meeting_requests

    monkeypatch.setattr(meeting_requests, "REQUESTS_PER_PAGE", 2)
    buyer = scenario.buyers[0]
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, buyer)
    first = scenario.exhibitors[0]
    request = db.scalar(sa.select(MeetingRequest).where(MeetingRequest.from_participant_id == first.id))
    meeting_requests.answer_request(db, buyer.access_key, request.id, True)
    db.commit()
    page = client.get(f"/p/{buyer.access_key}/meetings").get_data(as_text=True)
    received = page.split('id="received"')[1].split('id="sent"')[0]
    assert '<span class="badge bg-secondary">3</span>' in received
    assert first.full_name not in received, "the answered request waits on page 2"
    assert f"/p/{buyer.access_key}/meetings?received=2" in received
    second = client.get(f"/p/{buyer.access_key}/meetings?received=2").get_data(as_text=True)
    assert first.full_name in second.split('id="received"')[1].split('id="sent"')[0]
