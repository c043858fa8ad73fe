"""The MoU and the meeting it came from, through the test client: the API
round trip and its refusals, the board's "Record the MoU" that starts the
form from a meeting, the pages that show the link, and who may do what."""

import html
import re

import pytest
import sqlalchemy as sa

from eventapp.models import AuditEntry, Meeting, Mou, Organisation
from eventapp.services import publishing
from tests.conftest import csrf_token, login
from tests.meeting_helpers import build_scenario, record_deal, scheduled_meetings


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=3)


@pytest.fixture()
def meetings(db, scenario) -> list[Meeting]:
    return scheduled_meetings(db, scenario)


# A meeting's time on the MoU pages, in the event's time zone.
WHEN = r"\d\d:\d\d–\d\d:\d\d"


def api(scenario) -> str:
    return f"/api/v1/events/{scenario.event.id}"


def body_for(meeting: Meeting, **changes) -> dict:
    return {
        "title": "Biên bản ghi nhớ tiêu thụ bánh pía sầu riêng",
        "category": "business-business",
        "parties": [{"name": person.organisation.name} for person in (meeting.participant_a, meeting.participant_b)],
        "signed_on": "2020-11-21",
        "meeting_id": meeting.id,
    } | changes


def exhibitor_of(meeting: Meeting):
    return meeting.participant_a if meeting.participant_a.role == "exhibitor" else meeting.participant_b


# API ----------------------------------------------------------------------------


def test_the_api_records_reads_changes_and_unlinks_the_meeting(db, client, scenario, meetings, api_headers):
    headers = api_headers(scenario.organiser)
    first, second = meetings[:2]
    record_deal(db, scenario, first)
    record_deal(db, scenario, second)

    created = client.post(f"{api(scenario)}/mous", headers=headers, json=body_for(first))
    assert created.status_code == 201, created.get_json()
    mou = created.get_json()
    assert mou["meeting_id"] == first.id
    assert client.get(f"{api(scenario)}/mous/{mou['id']}", headers=headers).get_json() == mou

    moved = client.patch(f"{api(scenario)}/mous/{mou['id']}", headers=headers, json={"meeting_id": second.id})
    assert moved.status_code == 200 and moved.get_json()["meeting_id"] == second.id
    renamed = client.patch(f"{api(scenario)}/mous/{mou['id']}", headers=headers, json={"notes": "Ký tại hội nghị"})
    assert renamed.get_json()["meeting_id"] == second.id  # a PATCH without the key keeps the link
    unlinked = client.patch(f"{api(scenario)}/mous/{mou['id']}", headers=headers, json={"meeting_id": None})
    assert unlinked.status_code == 200 and unlinked.get_json()["meeting_id"] is None

    plain = client.post(
        f"{api(scenario)}/mous",
        headers=headers,
        json={key: value for key, value in body_for(first).items() if key != "meeting_id"},
    )
    assert plain.status_code == 201 and plain.get_json()["meeting_id"] is None
    listed = client.get(f"{api(scenario)}/mous", headers=headers).get_json()
    assert {item["meeting_id"] for item in listed["items"]} == {None}


def test_the_meetings_list_names_the_mous_each_meeting_led_to(db, client, scenario, meetings, api_headers):
    headers = api_headers(scenario.organiser)
    record_deal(db, scenario, meetings[0])
    ids = [
        client.post(f"{api(scenario)}/mous", headers=headers, json=body_for(meetings[0], title=f"Biên bản số {n}")).get_json()[
            "id"
        ]
        for n in (1, 2)
    ]

    items = client.get(f"{api(scenario)}/meetings", headers=headers).get_json()["items"]

    assert {item["id"]: item["mou_ids"] for item in items} == {meetings[0].id: ids, meetings[1].id: [], meetings[2].id: []}


def test_the_mou_ids_of_a_page_of_meetings_cost_one_query(app, db, client, scenario, meetings, api_headers):
    headers = api_headers(scenario.organiser)
    for meeting in meetings:
        record_deal(db, scenario, meeting)
        client.post(f"{api(scenario)}/mous", headers=headers, json=body_for(meeting))
    statements: list[str] = []

    def remember(conn, cursor, statement, *rest) -> None:
        statements.append(statement)

    engine = db.get_bind()
    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        items = client.get(f"{api(scenario)}/meetings", headers=headers).get_json()["items"]
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)

    assert len(items) == 3 and all(len(item["mou_ids"]) == 1 for item in items)
    assert len([s for s in statements if re.search(r"\bFROM mou\b", s)]) == 1


@pytest.mark.parametrize("case", ["no outcome", "other event", "unknown", "not a number"])
def test_the_api_refuses_a_meeting_it_cannot_link_and_writes_nothing(
    db, client, scenario, meetings, api_headers, make_event, make_user, make_participant, case
):
    headers = api_headers(scenario.organiser)
    record_deal(db, scenario, meetings[1])
    linked = client.post(f"{api(scenario)}/mous", headers=headers, json=body_for(meetings[1])).get_json()
    if case == "other event":
        other = build_scenario(
            db, make_event, make_user, make_participant, buyers=0, exhibitors=1, name="Hội nghị kết nối cung cầu Lạng Sơn 2020"
        )
        other.buyers.append(
            make_participant(
                other.event,
                role="buyer",
                organisation=Organisation(
                    name="Siêu thị Tứ Sơn", name_key="siêu thị tứ sơn", kind="distributor", province="soc-trang"
                ),
            )
        )
        [foreign] = scheduled_meetings(db, other)
        record_deal(db, other, foreign)
    meeting_id = {
        "no outcome": meetings[0].id,
        "other event": foreign.id if case == "other event" else None,
        "unknown": 987_654,
        "not a number": "họp sáng",
    }[case]
    before = (db.scalar(sa.select(sa.func.count(Mou.id))), db.scalar(sa.select(sa.func.count(AuditEntry.id))))

    created = client.post(f"{api(scenario)}/mous", headers=headers, json=body_for(meetings[0], meeting_id=meeting_id))
    patched = client.patch(f"{api(scenario)}/mous/{linked['id']}", headers=headers, json={"meeting_id": meeting_id})

    for response in (created, patched):
        assert response.status_code == 422
        error = response.get_json()["error"]
        assert error["code"] == "invalid" and set(error["fields"]) == {"meeting_id"}
    db.expire_all()
    assert (db.scalar(sa.select(sa.func.count(Mou.id))), db.scalar(sa.select(sa.func.count(AuditEntry.id)))) == before
    assert db.get(Mou, linked["id"]).meeting_id == meetings[1].id


def test_officials_read_the_link_and_cannot_set_it_check_in_staff_see_nothing(
    db, client, scenario, meetings, api_headers, make_user
):
    record_deal(db, scenario, meetings[0])
    mou = client.post(f"{api(scenario)}/mous", headers=api_headers(scenario.organiser), json=body_for(meetings[0])).get_json()
    official = api_headers(make_user("official", scenario.event))
    checkin = api_headers(make_user("checkin", scenario.event))

    assert client.get(f"{api(scenario)}/mous/{mou['id']}", headers=official).get_json()["meeting_id"] == meetings[0].id
    assert client.patch(f"{api(scenario)}/mous/{mou['id']}", headers=official, json={"meeting_id": None}).status_code == 403
    assert client.post(f"{api(scenario)}/mous", headers=official, json=body_for(meetings[0])).status_code == 403
    assert client.get(f"{api(scenario)}/mous/{mou['id']}", headers=checkin).status_code == 403
    db.expire_all()
    assert db.get(Mou, mou["id"]).meeting_id == meetings[0].id


def test_the_openapi_document_describes_the_link():
    from eventapp.blueprints.api.meetings import OPENAPI_SCHEMAS as MEETING_SCHEMAS
    from eventapp.blueprints.api.mous import OPENAPI_SCHEMAS as MOU_SCHEMAS

    for name in ("MouInput", "MouPatch", "Mou"):
        assert MOU_SCHEMAS[name]["properties"]["meeting_id"]["nullable"] is True
    assert MEETING_SCHEMAS["Meeting"]["properties"]["mou_ids"]["type"] == "array"


# Pages --------------------------------------------------------------------------


def test_record_the_mou_from_the_board_starts_the_form_from_the_meeting(db, client, scenario, meetings):
    deal, no_show = meetings[0], meetings[1]
    record_deal(db, scenario, deal)
    login(client, scenario.organiser)
    board = client.get(f"/manage/events/{scenario.event.id}/matchmaking/board").get_data(as_text=True)
    links = re.findall(r'href="([^"]*/mous/new\?meeting_id=\d+)"', board)
    assert links == [f"/manage/events/{scenario.event.id}/mous/new?meeting_id={deal.id}"]

    form = client.get(html.unescape(links[0])).get_data(as_text=True)

    exhibitor, buyer = exhibitor_of(deal), scenario.buyers[0]
    names = re.findall(r'name="parties-\d+-name"[^>]*value="([^"]*)"', form)
    assert sorted(map(html.unescape, names)) == sorted([exhibitor.organisation.name, buyer.organisation.name])
    assert re.search(rf'<option selected value="{deal.id}">20/11/2020 {WHEN} · [^<]*Đạt thỏa thuận</option>', form)
    assert '<option selected value="business-business">' in form
    # Only meetings with an outcome are offered.
    assert f'value="{no_show.id}"' not in form

    token = csrf_token(client, links[0])
    saved = client.post(
        f"/manage/events/{scenario.event.id}/mous/new",
        data={
            "csrf_token": token,
            "title": "Biên bản ghi nhớ tiêu thụ bánh pía",
            "category": "business-business",
            "signed_on": "2020-11-21",
            "meeting_id": str(deal.id),
            "parties-0-name": exhibitor.organisation.name,
            "parties-1-name": buyer.organisation.name,
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    mou = db.scalars(sa.select(Mou)).one()
    assert mou.meeting_id == deal.id

    detail = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Cuộc gặp giao thương dẫn đến biên bản" in detail
    assert f"/matchmaking/board/meetings/{deal.id}" in detail
    listing = client.get(f"/manage/events/{scenario.event.id}/mous/").get_data(as_text=True)
    assert re.search(r"Từ cuộc gặp giao thương lúc 20/11/2020 \d\d:\d\d", listing)
    board = client.get(f"/manage/events/{scenario.event.id}/matchmaking/board").get_data(as_text=True)
    meeting_page = client.get(f"/manage/events/{scenario.event.id}/matchmaking/board/meetings/{deal.id}")
    for page in (board, meeting_page.get_data(as_text=True)):
        assert "Đã ký: Biên bản ghi nhớ tiêu thụ bánh pía" in page
        assert f"/mous/{mou.id}" in page


def test_the_form_explains_a_meeting_it_cannot_start_from(db, client, scenario, meetings):
    login(client, scenario.organiser)

    for meeting_id, message in [
        (meetings[0].id, "Hãy ghi nhận kết quả của cuộc gặp này"),
        ("999999", "Sự kiện này không có cuộc gặp giao thương nào mang mã số này."),
        ("abc", "Mã số cuộc gặp (một số nguyên), hoặc để trống."),
    ]:
        response = client.get(f"/manage/events/{scenario.event.id}/mous/new?meeting_id={meeting_id}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and message in page, meeting_id
        assert not re.findall(r'name="parties-\d+-name"[^>]*value="[^"]+"', page)


def test_editing_an_mou_keeps_or_changes_its_meeting_on_the_form(db, client, scenario, meetings, api_headers):
    record_deal(db, scenario, meetings[0])
    mou = client.post(f"{api(scenario)}/mous", headers=api_headers(scenario.organiser), json=body_for(meetings[0])).get_json()
    login(client, scenario.organiser)
    url = f"/manage/events/{scenario.event.id}/mous/{mou['id']}/edit"
    form = client.get(url).get_data(as_text=True)
    assert f'<option selected value="{meetings[0].id}">' in form

    token = csrf_token(client, url)
    fields = {
        "csrf_token": token,
        "title": mou["title"],
        "category": "business-business",
        "signed_on": "2020-11-21",
        "parties-0-name": mou["parties"][0]["name"],
        "parties-1-name": mou["parties"][1]["name"],
    }
    refused = client.post(url, data=fields | {"meeting_id": str(meetings[1].id)})
    assert "Hãy ghi nhận kết quả của cuộc gặp này" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.get(Mou, mou["id"]).meeting_id == meetings[0].id
    assert client.post(url, data=fields | {"meeting_id": ""}).status_code == 302
    db.expire_all()
    assert db.get(Mou, mou["id"]).meeting_id is None
    trail = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "mou.updated")).one()
    assert trail.changes["meeting"] == [meetings[0].id, None]
    history = client.get(f"/manage/events/{scenario.event.id}/mous/{mou['id']}").get_data(as_text=True)
    assert "Cuộc gặp giao thương dẫn đến biên bản" in history


@pytest.mark.parametrize("role", ["official", "checkin"])
def test_only_organisers_start_an_mou_from_a_meeting(db, client, scenario, meetings, make_user, role):
    record_deal(db, scenario, meetings[0])
    login(client, make_user(role, scenario.event))

    response = client.get(f"/manage/events/{scenario.event.id}/mous/new?meeting_id={meetings[0].id}")

    assert response.status_code == 403


def test_an_official_sees_the_meeting_but_not_a_link_into_the_board(db, client, scenario, meetings, api_headers, make_user):
    record_deal(db, scenario, meetings[0])
    mou = client.post(f"{api(scenario)}/mous", headers=api_headers(scenario.organiser), json=body_for(meetings[0])).get_json()
    login(client, make_user("official", scenario.event))

    page = client.get(f"/manage/events/{scenario.event.id}/mous/{mou['id']}").get_data(as_text=True)

    assert re.search(f"20/11/2020 {WHEN} · ", page) and "/matchmaking/board" not in page


def test_a_participant_sees_the_mou_of_their_own_meeting_only(db, client, scenario, meetings, api_headers):
    record_deal(db, scenario, meetings[0])
    client.post(f"{api(scenario)}/mous", headers=api_headers(scenario.organiser), json=body_for(meetings[0]))
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    said = "Đã dẫn đến biên bản ghi nhớ “Biên bản ghi nhớ tiêu thụ bánh pía sầu riêng”, ký ngày 21/11/2020."

    for person in (exhibitor_of(meetings[0]), scenario.buyers[0]):
        assert said in client.get(f"/p/{person.access_key}/meetings").get_data(as_text=True)
    for meeting in meetings[1:]:
        page = client.get(f"/p/{exhibitor_of(meeting).access_key}/meetings").get_data(as_text=True)
        assert "Biên bản ghi nhớ tiêu thụ bánh pía sầu riêng" not in page
