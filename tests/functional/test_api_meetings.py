"""The matchmaking API's contracts: meeting requests, running the schedule,
listing meetings; errors as JSON and nothing written when refused."""

from io import BytesIO

import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import Meeting, MeetingRequest, MeetingSlot
from eventapp.services import publishing
from tests.meeting_helpers import ask, build_scenario

MEETING_KEYS = {"id", "a", "b", "starts_at", "ends_at", "table", "status", "locked"}


def setup(db, make_event, make_user, make_participant, api_headers):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=3)
    return scenario, api_headers(scenario.organiser)


def test_an_organiser_creates_meeting_requests(db, client, make_event, make_user, make_participant, api_headers):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    url = f"/api/v1/events/{scenario.event.id}/meeting-requests"
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    response = client.post(
        url, headers=headers, json={"from": exhibitor.id, "to": buyer.id, "priority": 2, "message": "Gặp để bàn về bánh pía"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert {k: body[k] for k in ("from", "to", "priority", "message", "status")} == {
        "from": exhibitor.id,
        "to": buyer.id,
        "priority": 2,
        "message": "Gặp để bàn về bánh pía",
        "status": "accepted",
    }
    again = client.post(url, headers=headers, json={"from": exhibitor.id, "to": buyer.id, "priority": 1})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    listing = client.get(url, headers=headers).get_json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == body["id"]


def test_bad_meeting_requests_are_explained_field_by_field(db, client, make_event, make_user, make_participant, api_headers):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    url = f"/api/v1/events/{scenario.event.id}/meeting-requests"
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    cases = [
        ({"from": exhibitor.id, "to": buyer.id, "priority": 4}, "priority"),
        ({"from": exhibitor.id, "to": buyer.id, "priority": True}, "priority"),
        ({"from": "ai đó", "to": buyer.id}, "from"),
        ({"from": exhibitor.id, "to": exhibitor.id}, "to"),
        ({"from": exhibitor.id, "to": scenario.exhibitors[1].id}, "to"),
        ({"from": exhibitor.id, "to": 99999}, "to"),
        ({"from": exhibitor.id, "to": 10**23}, "to"),
        ({"from": "99999999999999999999999", "to": buyer.id}, "from"),
        ({"from": "²", "to": buyer.id}, "from"),
        ({"from": exhibitor.id, "to": buyer.id, "priority": 2**31}, "priority"),
        ({"from": exhibitor.id, "to": buyer.id, "message": ["không"]}, "message"),
        ({"from": exhibitor.id, "to": buyer.id, "message": "x" * 501}, "message"),
    ]
    for body, field in cases:
        response = client.post(url, headers=headers, json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"], body
    english = client.post(url, headers={**headers, "Accept-Language": "en"}, json={"from": exhibitor.id, "to": exhibitor.id})
    assert english.get_json()["error"]["fields"]["to"] == "Nobody asks to meet themselves."
    assert client.post(url, headers=headers, data="không phải JSON").status_code == 400
    assert client.post(url, json={"from": exhibitor.id, "to": buyer.id}).status_code == 401
    assert db.scalar(sa.select(sa.func.count(MeetingRequest.id))) == 0


def test_running_the_schedule_returns_its_figures_and_the_meetings_follow_the_contract(
    db, client, make_event, make_user, make_participant, api_headers
):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0], priority=2)
    response = client.post(f"/api/v1/events/{scenario.event.id}/schedule", headers=headers)
    assert response.status_code == 200
    run = response.get_json()
    assert run["status"] == "done" and run["progress"] == 1.0
    assert {"meetings": 3, "weight": 6, "starved": 0, "idle_gaps": 0}.items() <= run["stats"].items()
    assert client.get(f"/api/v1/events/{scenario.event.id}/schedule", headers=headers).get_json()["id"] == run["id"]
    listing = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=headers).get_json()
    assert listing["total"] == 3 and len(listing["items"]) == 3
    first = listing["items"][0]
    assert MEETING_KEYS <= set(first)
    assert first["starts_at"] == "2020-11-20T08:30:00+07:00" and first["ends_at"] == "2020-11-20T08:50:00+07:00"
    assert first["table"] == "T02" and first["status"] == "scheduled" and first["locked"] is False
    assert scenario.buyers[0].id in (first["a"], first["b"])
    paged = client.get(f"/api/v1/events/{scenario.event.id}/meetings?per_page=2&page=2", headers=headers).get_json()
    assert paged["total"] == 3 and len(paged["items"]) == 1


def test_meetings_are_locked_moved_and_removed_through_the_api(db, client, make_event, make_user, make_participant, api_headers):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    client.post(f"/api/v1/events/{scenario.event.id}/schedule", headers=headers)
    meeting = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=headers).get_json()["items"][0]
    url = f"/api/v1/events/{scenario.event.id}/meetings/{meeting['id']}"
    locked = client.patch(url, headers=headers, json={"locked": True}).get_json()
    assert locked["locked"] is True
    assert client.patch(url, headers=headers, json={"locked": "yes"}).status_code == 400
    busy = client.patch(url, headers=headers, json={"slot_id": meeting["slot_id"], "table_id": 999})
    assert busy.status_code == 422
    last = db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at.desc())).first()
    moved = client.patch(url, headers=headers, json={"slot_id": last.id, "table_id": meeting["table_id"]}).get_json()
    assert moved["starts_at"] == "2020-11-20T10:00:00+07:00" and moved["locked"] is True
    for cell in ({"slot_id": 10**23, "table_id": meeting["table_id"]}, {"slot_id": last.id, "table_id": -(2**63)}):
        assert client.patch(url, headers=headers, json=cell).status_code in (400, 422)
    assert client.delete(url, headers=headers).status_code == 204
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == 0
    assert client.delete(url, headers=headers).status_code == 404


def test_a_schedule_without_requests_is_refused_as_json(db, client, make_event, make_user, make_participant, api_headers):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    response = client.post(f"/api/v1/events/{scenario.event.id}/schedule", headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == "Chưa có yêu cầu gặp nào để xếp lịch."
    assert client.get(f"/api/v1/events/{scenario.event.id}/schedule", headers=headers).get_json()["status"] == "none"


def test_the_openapi_document_describes_the_matchmaking_paths(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path in ("/events/{event_id}/meeting-requests", "/events/{event_id}/schedule", "/events/{event_id}/meetings"):
        assert path in document["paths"]
    assert MEETING_KEYS <= set(document["components"]["schemas"]["Meeting"]["properties"])


def test_a_participant_cancelled_through_the_api_leaves_the_meetings_and_the_counterparts_agenda(
    db, client, make_event, make_user, make_participant, api_headers, outbox
):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    leaver, stayer, buyer = scenario.exhibitors[0], scenario.exhibitors[1], scenario.buyers[0]
    ask(db, leaver, buyer)
    ask(db, stayer, buyer)
    client.post(f"/api/v1/events/{scenario.event.id}/schedule", headers=headers)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    response = client.patch(
        f"/api/v1/events/{scenario.event.id}/participants/{leaver.id}", headers=headers, json={"status": "cancelled"}
    )
    assert response.status_code == 200
    listing = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=headers).get_json()
    assert listing["total"] == 1 and leaver.id not in (listing["items"][0]["a"], listing["items"][0]["b"])
    agenda = PdfReader(BytesIO(client.get(f"/p/{buyer.access_key}/agenda.pdf").data)).pages[0].extract_text()
    assert stayer.full_name in agenda and leaver.full_name not in agenda
    assert [m["To"] for m in outbox() if "đã thay đổi" in m["Subject"]] == [buyer.email]


def test_a_scan_at_the_table_shows_in_the_meetings_attendance(db, client, make_event, make_user, make_participant, api_headers):
    from eventapp.services.badges import badge_code
    from tests.meeting_helpers import scheduled_meetings

    scenario, _ = setup(db, make_event, make_user, make_participant, api_headers)
    meeting = scheduled_meetings(db, scenario)[0]
    headers = api_headers(make_user("checkin", scenario.event))
    url = f"/api/v1/events/{scenario.event.id}/meetings/{meeting.id}/attendance"

    first = client.post(url, headers=headers, json={"code": badge_code(meeting.participant_a)})
    assert first.status_code == 200
    assert first.get_json()["attendance"] == {"a": True, "b": False} and first.get_json()["status"] == "scheduled"
    refused = client.post(url, headers=headers, json={"code": "không phải mã"})
    assert refused.status_code == 422 and "code" in refused.get_json()["error"]["fields"]
    assert client.post(url, headers=headers, json=["code"]).status_code == 400
    second = client.post(url, headers=headers, json={"code": badge_code(meeting.participant_b)})
    assert second.get_json()["status"] == "held"
    listing = client.get(f"/api/v1/events/{scenario.event.id}/meetings", headers=api_headers(scenario.organiser)).get_json()
    assert {item["id"]: item["attendance"] for item in listing["items"]}[meeting.id] == {"a": True, "b": True}


def test_standby_lists_pairs_for_a_slot(db, client, make_event, make_user, make_participant, api_headers):
    scenario, headers = setup(db, make_event, make_user, make_participant, api_headers)
    url = f"/api/v1/events/{scenario.event.id}/standby"

    listing = client.get(url, headers=headers, query_string={"slot": "2020-11-20T08:30:00+07:00"})
    assert listing.status_code == 200 and listing.get_json() == {"items": []}
    assert client.get(url, headers=headers, query_string={"slot": "sáng nay"}).status_code == 422
    assert client.get(url, headers=headers).status_code == 422
