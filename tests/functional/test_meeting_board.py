"""The organisers' matchmaking pages through the test client: setup, the
board's actions and who may use them."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from eventapp.models import MatchmakingProfile, Meeting, MeetingRequest, MeetingSession, MeetingSlot, MeetingTable
from tests.conftest import csrf_token, login
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    return scenario


@pytest.fixture()
def organiser_client(client, scenario):
    login(client, scenario.organiser)
    return client


def base(scenario) -> str:
    return f"/manage/events/{scenario.event.id}/matchmaking"


def post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def run_board(client, scenario):
    response = post(client, f"{base(scenario)}/board/run")
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_organiser_runs_the_scheduler_and_sees_the_grid(db, organiser_client, scenario):
    page = run_board(organiser_client, scenario)
    assert "Đã xếp lịch: 3 cuộc gặp, 0 người chưa có cuộc gặp nào." in page
    assert page.count("/board/meetings/") == 3
    for exhibitor in scenario.exhibitors:
        assert exhibitor.organisation.name in page
    assert "Bàn 1" in page and "Bàn 2" in page


def test_moving_to_a_free_cell_locks_the_meeting_and_a_busy_cell_is_refused(db, organiser_client, scenario):
    run_board(organiser_client, scenario)
    first, second = db.scalars(sa.select(Meeting).join(Meeting.slot).order_by(MeetingSlot.starts_at)).all()[:2]
    page = organiser_client.get(f"{base(scenario)}/board/meetings/{first.id}").get_data(as_text=True)
    offered = re.findall(r'<option value="(\d+):(\d*)"', page)
    assert (str(second.slot_id), str(second.table_id)) not in offered
    refused = post(
        organiser_client, f"{base(scenario)}/board/meetings/{first.id}/move", cell=f"{second.slot_id}:{second.table_id}"
    )
    assert refused.status_code == 302
    assert "Ô này không trống" in organiser_client.get(refused.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    assert db.get(Meeting, first.id).slot_id == first.slot_id
    slot_id, table_id = next((s, t) for s, t in offered if int(s) != first.slot_id)
    moved = post(organiser_client, f"{base(scenario)}/board/meetings/{first.id}/move", cell=f"{slot_id}:{table_id}")
    assert moved.status_code == 302
    db.expire_all()
    meeting = db.get(Meeting, first.id)
    assert (meeting.slot_id, meeting.table_id, meeting.locked) == (int(slot_id), int(table_id), True)
    assert {seat.slot_id for seat in meeting.seats} == {int(slot_id)}


def test_lock_unlock_and_remove(db, organiser_client, scenario):
    run_board(organiser_client, scenario)
    meeting_id = db.scalars(sa.select(Meeting.id)).first()
    post(organiser_client, f"{base(scenario)}/board/meetings/{meeting_id}/lock", locked="1")
    db.expire_all()
    assert db.get(Meeting, meeting_id).locked
    post(organiser_client, f"{base(scenario)}/board/meetings/{meeting_id}/lock", locked="0")
    db.expire_all()
    assert not db.get(Meeting, meeting_id).locked
    post(organiser_client, f"{base(scenario)}/board/meetings/{meeting_id}/remove")
    db.expire_all()
    assert db.get(Meeting, meeting_id) is None
    page = organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    assert "Còn ô trống hợp với cả hai: xếp thủ công hoặc chạy xếp lịch lại." in page


def test_each_unscheduled_pair_says_what_keeps_it_apart_and_away_cells_show_as_such(db, organiser_client, scenario):
    """Buyer 1 arrives at 09:00 (first slot 09:10); exhibitor 1 leaves at
    09:00 (last slot 08:30); buyer 1 holds one meeting at most, so one of the
    two other exhibitors is left out. Table 1 is unavailable before 09:10."""
    zone = ZoneInfo(scenario.event.timezone)
    day = scenario.event.starts_on
    buyer, first = scenario.buyers[0], scenario.exhibitors[0]
    db.add(MatchmakingProfile(participant_id=buyer.id, max_meetings=1, available_from=datetime.combine(day, time(9, 0), zone)))
    db.add(MatchmakingProfile(participant_id=first.id, available_until=datetime.combine(day, time(9, 0), zone)))
    db.commit()
    page = run_board(organiser_client, scenario)
    rows = dict(re.findall(r'<td class="small" data-why="([a-z_]+)">([^<]*)</td>', page))
    assert rows == {
        "not_available_before": f"{buyer.full_name} ({buyer.organisation.name}) không có mặt trước 09:10.",
        "cap_reached": f"{buyer.full_name} ({buyer.organisation.name}) đã đủ giới hạn 1 cuộc gặp.",
    }
    assert page.count("board-unavailable") == 2  # 08:30 and 08:50 at table 1
    assert "Vắng mặt" in page
    english = organiser_client.get(f"{base(scenario)}/board?lang=en").get_data(as_text=True)
    assert f"{buyer.full_name} ({buyer.organisation.name}) is not available before 09:10." in english


def test_placing_an_unscheduled_pair_by_hand(db, organiser_client, scenario):
    page = organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    assert page.count("Xếp thủ công") == 3
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    url = f"{base(scenario)}/board/place?a={exhibitor.id}&b={buyer.id}"
    form = organiser_client.get(url).get_data(as_text=True)
    slot_id, table_id = re.findall(r'<option value="(\d+):(\d*)"', form)[0]
    assert post(organiser_client, url, cell=f"{slot_id}:{table_id}").status_code == 302
    meeting = db.scalars(sa.select(Meeting)).one()
    assert meeting.locked and meeting.participant_ids == tuple(sorted((exhibitor.id, buyer.id)))


def test_publishing_sends_each_agenda_and_later_changes_tell_those_affected(db, organiser_client, scenario, outbox):
    run_board(organiser_client, scenario)
    before = {m["Message-ID"] for m in outbox()}
    response = post(organiser_client, f"{base(scenario)}/board/publish")
    agendas = [m for m in outbox() if m["Message-ID"] not in before]  # once the publication's job has run
    page = organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã công bố lịch: 4 lịch gặp." in page
    assert "Đã công bố" in organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    assert sorted(m["To"] for m in agendas) == sorted(p.email for p in [scenario.buyers[0], *scenario.exhibitors])
    body = next(m for m in agendas if m["To"] == scenario.buyers[0].email).get_body(("plain",)).get_content()
    assert body.count("Bàn 2") == 3 and "Thứ Sáu, 20 tháng 11, 2020" in body
    meeting = db.scalars(sa.select(Meeting)).first()
    pair = sorted(p.email for p in (meeting.participant_a, meeting.participant_b))
    before = {m["Message-ID"] for m in outbox()}
    post(organiser_client, f"{base(scenario)}/board/meetings/{meeting.id}/remove")
    changed = [m for m in outbox() if m["Message-ID"] not in before]
    assert sorted(m["To"] for m in changed) == pair


def test_the_setup_cuts_sessions_into_slots_and_refuses_bad_input(db, organiser_client, scenario):
    url = f"{base(scenario)}/sessions"
    good = post(
        organiser_client,
        url,
        day="2020-11-21",
        starts="13:30",
        ends="15:30",
        slot_minutes="20",
        changeover_minutes="5",
        breaks="14:20-14:30",
    )
    assert good.status_code == 302
    afternoon = db.scalars(sa.select(MeetingSession).where(MeetingSession.day == scenario.event.ends_on)).one()
    assert [f"{slot.starts_at:%H:%M}" for slot in afternoon.slots] == ["06:30", "06:55", "07:30", "07:55"]
    slots = db.scalar(sa.select(sa.func.count(MeetingSlot.id)))
    bad = post(organiser_client, url, day="2020-11-21", starts="15:00", ends="14:00", slot_minutes="0", breaks="buổi trưa")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    for message in ("Giờ kết thúc phải sau giờ bắt đầu.", "Từ 5 đến 240 phút.", "Ghi mỗi giờ nghỉ dưới dạng"):
        assert message in page
    assert db.scalar(sa.select(sa.func.count(MeetingSlot.id))) == slots


def test_sessions_and_places_with_meetings_cannot_change_under_them(db, organiser_client, scenario):
    run_board(organiser_client, scenario)
    morning = db.scalars(sa.select(MeetingSession)).one()
    response = post(organiser_client, f"{base(scenario)}/sessions/{morning.id}/delete")
    assert "Phiên này đã có cuộc gặp" in organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    response = post(
        organiser_client, f"{base(scenario)}/settings", objective="fair", places="pool", pool_tables="5", time_limit="3"
    )
    assert "Hãy xóa lịch trước khi đổi nơi diễn ra cuộc gặp" in organiser_client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert db.scalar(sa.select(sa.func.count(MeetingTable.id))) == 2
    post(organiser_client, f"{base(scenario)}/board/clear")
    post(organiser_client, f"{base(scenario)}/settings", objective="weight", places="pool", pool_tables="5", time_limit="3")
    assert db.scalar(sa.select(sa.func.count(MeetingTable.id)).where(MeetingTable.host_organisation_id.is_(None))) == 5


def test_availability_and_cap_are_set_per_participant(db, organiser_client, scenario):
    buyer = scenario.buyers[0]
    url = f"{base(scenario)}/participants/{buyer.id}"
    assert (
        post(
            organiser_client,
            url,
            available_from="2020-11-20T09:00",
            available_until="",
            max_meetings="2",
            sourcing="Đặc sản Sóc Trăng",
        ).status_code
        == 302
    )
    page = run_board(organiser_client, scenario)
    assert page.count("/board/meetings/") == 2
    assert f"{buyer.full_name} ({buyer.organisation.name}) đã đủ giới hạn 2 cuộc gặp." in page
    bad = post(organiser_client, url, available_from="2020-11-20T11:00", available_until="2020-11-20T09:00", max_meetings="nhiều")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Phải sau giờ đến." in text and "Một số nguyên từ 0 đến 100" in text


@pytest.mark.parametrize(
    "available_from, available_until",
    [
        ("0001-01-01", ""),
        ("0001-01-01T00:00", "2020-11-20T10:00"),
        ("", "9999-12-31T23:59"),
        ("2019-11-20T09:00", ""),
    ],
)
def test_availability_outside_the_event_is_a_form_error(db, organiser_client, scenario, available_from, available_until):
    response = post(
        organiser_client,
        f"{base(scenario)}/participants/{scenario.buyers[0].id}",
        available_from=available_from,
        available_until=available_until,
        max_meetings="",
    )
    assert response.status_code == 422
    assert "Hãy chọn một thời điểm trong thời gian diễn ra sự kiện." in response.get_data(as_text=True)
    assert db.scalar(sa.select(sa.func.count()).select_from(MatchmakingProfile)) == 0


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_session_day_at_the_ends_of_the_calendar_is_a_form_error(db, organiser_client, scenario, day):
    slots = db.scalar(sa.select(sa.func.count(MeetingSlot.id)))
    added = post(organiser_client, f"{base(scenario)}/sessions", day=day, starts="00:00", ends="01:00", slot_minutes="20")
    morning = db.scalars(sa.select(MeetingSession)).one()
    edited = post(
        organiser_client,
        f"{base(scenario)}/sessions/{morning.id}",
        day=day,
        starts="00:00",
        ends="01:00",
        slot_minutes="20",
        changeover_minutes="0",
    )
    for response in (added, edited):
        assert response.status_code == 422
        assert "Nhập ngày theo dạng NNNN-TT-NN" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(sa.select(sa.func.count(MeetingSlot.id))) == slots


def test_the_organiser_asks_on_someones_behalf(db, organiser_client, scenario):
    url = f"{base(scenario)}/requests"
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[1]
    assert (
        post(
            organiser_client, url, sender=exhibitor.id, recipient=buyer.id, priority="3", message="Đăng ký qua điện thoại"
        ).status_code
        == 302
    )
    made = db.scalars(sa.select(MeetingRequest).where(MeetingRequest.to_participant_id == buyer.id)).one()
    assert (made.status, made.priority) == ("accepted", 3)
    same_side = post(organiser_client, url, sender=exhibitor.id, recipient=scenario.exhibitors[1].id, priority="1")
    assert same_side.status_code == 422
    assert "Cuộc gặp diễn ra giữa một nhà mua hàng và một đơn vị trưng bày." in same_side.get_data(as_text=True)
    listing = organiser_client.get(f"{url}?status=accepted&q=le+thi+mua").get_data(as_text=True)
    assert "Đăng ký qua điện thoại" in listing and "1 yêu cầu" in listing


def test_printouts_are_vietnamese_pdfs(organiser_client, scenario):
    run_board(organiser_client, scenario)
    from io import BytesIO

    from pypdf import PdfReader

    agendas = organiser_client.get(f"{base(scenario)}/agendas.pdf")
    assert agendas.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(agendas.data))
    assert len(reader.pages) == 4
    assert "Lịch gặp gỡ giao thương" in reader.pages[0].extract_text()
    tables = PdfReader(BytesIO(organiser_client.get(f"{base(scenario)}/tables.pdf").data))
    text = "".join(page.extract_text() for page in tables.pages)
    assert "Bàn 2: Saigon Co.op" in text and "Lê Thị Mua 1" in text
    assert all(e.full_name in text for e in scenario.exhibitors)


FOREIGN_TARGETS = ["https://evil.example/x", "//evil.example/x", "/\\evil.example/x", "javascript:alert(1)"]


def test_the_organisers_forms_return_only_to_a_page_of_this_site(db, organiser_client, scenario):
    run_board(organiser_client, scenario)
    meeting_id = db.scalars(sa.select(Meeting.id)).first()
    request_id = db.scalars(sa.select(MeetingRequest.id)).first()
    actions = [
        (f"{base(scenario)}/board/meetings/{meeting_id}/lock", f"{base(scenario)}/board"),
        (f"{base(scenario)}/requests/{request_id}/cancel", f"{base(scenario)}/requests"),
    ]
    for url, fallback in actions:
        for target in FOREIGN_TARGETS:
            response = post(organiser_client, url, locked="1", next=target)
            assert response.status_code == 302 and response.headers["Location"] == fallback, (url, target)
        back = f"{base(scenario)}/requests?status=accepted"
        assert post(organiser_client, url, locked="1", next=back).headers["Location"] == back


HUGE = "99999999999999999999999"


def test_impossible_numbers_in_the_organisers_forms_are_refused_not_a_crash(db, organiser_client, scenario):
    run_board(organiser_client, scenario)
    meeting = db.scalars(sa.select(Meeting)).first()
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[1]
    for a, b in [("²", buyer.id), (HUGE, buyer.id), (exhibitor.id, "2147483648")]:
        assert organiser_client.get(f"{base(scenario)}/board/place?a={a}&b={b}").status_code == 404
    for cell in ["²:", f"{HUGE}:{meeting.table_id}", f"{meeting.slot_id}:²", f"{meeting.slot_id}:{HUGE}"]:
        moved = post(organiser_client, f"{base(scenario)}/board/meetings/{meeting.id}/move", cell=cell)
        assert moved.status_code == 302, cell
        placed = post(organiser_client, f"{base(scenario)}/board/place?a={exhibitor.id}&b={buyer.id}", cell=cell)
        assert placed.status_code in (200, 302), cell
    assert post(organiser_client, f"{base(scenario)}/requests/{HUGE}/cancel").status_code == 404
    for fields, message in [
        ({"pool_tables": HUGE, "places": "pool"}, "Từ 1 đến 500 bàn."),
        ({"time_limit": "²"}, "Từ 1 đến 300 giây."),
        ({"time_limit": HUGE}, "Từ 1 đến 300 giây."),
    ]:
        data = {"objective": "fair", "places": "host", "time_limit": "3"} | fields
        response = post(organiser_client, f"{base(scenario)}/settings", **data)
        assert message in organiser_client.get(response.headers["Location"]).get_data(as_text=True), fields
    for minutes in ("²", HUGE):
        added = post(
            organiser_client,
            f"{base(scenario)}/sessions",
            day="2020-11-21",
            starts="13:30",
            ends="15:30",
            slot_minutes=minutes,
            changeover_minutes=minutes,
        )
        assert added.status_code == 422
    for cap in ("²", HUGE):
        profile = post(organiser_client, f"{base(scenario)}/participants/{buyer.id}", max_meetings=cap)
        assert profile.status_code == 422
    for sender, recipient in [(HUGE, buyer.id), ("²", buyer.id), (exhibitor.id, "2147483648")]:
        asked = post(organiser_client, f"{base(scenario)}/requests", sender=sender, recipient=recipient, priority="1")
        assert asked.status_code == 422
    db.expire_all()
    assert (db.get(Meeting, meeting.id).slot_id, db.get(Meeting, meeting.id).table_id) == (meeting.slot_id, meeting.table_id)


ORGANISER_ONLY = [
    ("GET", "/board"),
    ("GET", "/"),
    ("GET", "/requests"),
    ("POST", "/board/run"),
    ("POST", "/board/publish"),
    ("GET", "/agendas.pdf"),
    ("GET", "/problem.json"),
]


@pytest.mark.parametrize("role, allowed", [("admin", True), ("organiser", True), ("checkin", False), ("official", False)])
def test_matchmaking_is_for_organisers(db, client, scenario, make_user, api_headers, role, allowed):
    user = make_user(role, None if role == "admin" else scenario.event)
    login(client, user)
    token = csrf_token(client)
    for method, path in ORGANISER_ONLY:
        response = client.open(base(scenario) + path, method=method, data={"csrf_token": token})
        assert (response.status_code in (200, 302)) == allowed, (role, method, path, response.status_code)
        if not allowed:
            assert response.status_code == 403
    api = client.application.test_client()
    for method, path in [("GET", "/meetings"), ("GET", "/schedule"), ("GET", "/meeting-requests")]:
        response = api.open(f"/api/v1/events/{scenario.event.id}{path}", method=method, headers=api_headers(user))
        assert (response.status_code == 200) == allowed, (role, path, response.status_code)


def test_the_event_tab_leads_to_the_board(organiser_client, scenario):
    page = organiser_client.get(f"/manage/events/{scenario.event.id}/").get_data(as_text=True)
    assert f'href="{base(scenario)}/board"' in page and "Gặp gỡ giao thương" in page


def test_a_bad_filter_on_the_requests_list_says_so_under_the_filter(db, organiser_client, scenario):
    """Like every other list: the whole list, and the message under the filter."""
    page = organiser_client.get(f"{base(scenario)}/requests?status=bogus").get_data(as_text=True)
    assert 'class="form-select is-invalid" id="f-status"' in page
    assert "Chọn một trong: pending, accepted" in page
    assert "3 yêu cầu" in page


def test_the_unscheduled_list_filters_by_buyer_reason_and_priority_grouped_by_buyer(db, organiser_client, scenario):
    """Three exhibitors ask buyer 1 (weight 1); exhibitor 1 also asks buyer 2 as a must (weight 2)."""
    first = scenario.exhibitors[0]
    ask(db, first, scenario.buyers[1], priority=2)
    page = organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    assert page.count('scope="rowgroup" colspan="4"') == 2  # one heading per buyer
    assert page.count('data-why="free_cell"') == 4
    one_buyer = organiser_client.get(f"{base(scenario)}/board?buyer={scenario.buyers[1].id}").get_data(as_text=True)
    assert one_buyer.count('data-why="free_cell"') == 1 and "1 yêu cầu khớp bộ lọc." in one_buyer
    musts = organiser_client.get(f"{base(scenario)}/board?priority=2&reason=free_cell").get_data(as_text=True)
    assert musts.count('data-why="free_cell"') == 1 and scenario.buyers[1].full_name in musts
    none = organiser_client.get(f"{base(scenario)}/board?reason=cap_reached").get_data(as_text=True)
    assert 'data-why="' not in none and "0 yêu cầu khớp bộ lọc." in none


@pytest.mark.parametrize("query", ["reason=bogus", "priority=7", "buyer=abc", "buyer=-1"])
def test_a_bad_filter_on_the_board_says_so_and_lists_everything(organiser_client, scenario, query):
    page = organiser_client.get(f"{base(scenario)}/board?{query}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'is-invalid" id="f-' + query.partition("=")[0] + '"' in text
    assert text.count('data-why="free_cell"') == 3


def test_the_unscheduled_list_is_paged(db, organiser_client, scenario, make_participant):
    for index in range(55):
        exhibitor = make_participant(scenario.event, role="exhibitor", full_name=f"Người chờ {index}")
        db.add(
            MeetingRequest(
                event_id=scenario.event.id,
                from_participant_id=exhibitor.id,
                to_participant_id=scenario.buyers[1].id,
                status="accepted",
            )
        )
    db.commit()
    first = organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    second = organiser_client.get(f"{base(scenario)}/board?page=2").get_data(as_text=True)
    assert first.count('data-why="') == 50 and second.count('data-why="') == 8
    assert 'aria-current="page">2</a>' in second
    beyond = organiser_client.get(f"{base(scenario)}/board?page=99").get_data(as_text=True)
    assert beyond.count('data-why="') == 8


def test_at_a_large_event_the_organiser_names_the_two_people_by_e_mail(db, organiser_client, scenario, monkeypatch):
    from eventapp.services import meeting_requests

    monkeypatch.setattr(meeting_requests, "MAX_CHOICES", 2)
    page = organiser_client.get(f"{base(scenario)}/requests").get_data(as_text=True)
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[1]
    assert '<select class="form-select" id="sender"' not in page and 'id="sender" maxlength="254"' in page
    response = post(
        organiser_client, f"{base(scenario)}/requests", sender=exhibitor.email.upper(), recipient=buyer.email, priority="2"
    )
    assert response.status_code == 302
    made = db.scalar(
        sa.select(MeetingRequest).where(
            MeetingRequest.from_participant_id == exhibitor.id, MeetingRequest.to_participant_id == buyer.id
        )
    )
    assert made is not None and made.priority == 2
    refused = post(organiser_client, f"{base(scenario)}/requests", sender="nobody@example.vn", recipient=buyer.email)
    assert refused.status_code == 422


def test_a_capacity_hint_when_the_tables_cannot_hold_every_request(db, organiser_client, scenario, make_participant):
    """2 tables x 5 slots = 10 cells; 3 requests need no hint, 11 do."""
    page = organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    assert 'data-hint="capacity"' not in page
    for index in range(8):
        exhibitor = make_participant(scenario.event, role="exhibitor", full_name=f"Người chờ {index}")
        ask(db, exhibitor, scenario.buyers[index % 2])
    page = organiser_client.get(f"{base(scenario)}/board").get_data(as_text=True)
    assert (
        "2 nhà mua hàng dùng chung 2 bàn trong 5 khung giờ: tối đa 10 cuộc gặp cho 11 yêu cầu; "
        "thêm một phiên 5 khung giờ sẽ chứa thêm tối đa 10 cuộc gặp."
    ) in page


def test_each_cell_names_both_people_as_well_as_the_organisation(organiser_client, scenario):
    page = run_board(organiser_client, scenario)
    grid = page[page.index('id="grid-heading"') : page.index('id="unscheduled"')]
    for exhibitor in scenario.exhibitors:
        assert exhibitor.organisation.name in grid and exhibitor.full_name in grid
    assert grid.count(f'<div class="text-muted">{scenario.buyers[0].full_name}</div>') == 3


def test_a_re_run_says_what_it_changed_on_the_board(db, organiser_client, scenario):
    run_board(organiser_client, scenario)
    first = db.scalars(sa.select(Meeting).order_by(Meeting.id)).first()
    post(organiser_client, f"{base(scenario)}/board/meetings/{first.id}/remove")
    page = run_board(organiser_client, scenario)
    changes = page.split("data-run-changes>")[1].split("</div>")[0]
    assert "thêm 1 cuộc gặp, dời 0, gỡ 0; lịch gặp của 2 người thay đổi." in changes
    assert "Số lượt trống mọi người phải chờ giữa các cuộc gặp: trước" in changes
