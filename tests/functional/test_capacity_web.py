"""Capacity and the closing time through the API and the pages: set by form
or API, shown back, refused when wrong; the public form, the API and the
organisers' list, export and overview all know the waiting list."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from eventapp.models import AuditEntry, Event, EventCapacity, Participant
from tests.conftest import csrf_token, login
from tests.functional.test_api_participants import NEW_EXHIBITOR
from tests.functional.test_registration_web import registration_form


def set_cap(db, event, **places) -> None:
    for role, number in places.items():
        db.add(EventCapacity(event_id=event.id, role=role, places=number))
    db.commit()


def test_the_api_creates_reads_and_patches_capacity_and_closing_time(client, db, make_user, api_headers):
    admin = api_headers(make_user("admin"))
    body = {
        "name": "Hội chợ OCOP Lạng Sơn",
        "starts_on": "2026-08-20",
        "ends_on": "2026-08-21",
        "capacity": {"exhibitor": 150, "buyer": 20},
        "registration_closes_at": "2026-08-10T17:00",
    }
    created = client.post("/api/v1/events", headers=admin, json=body)
    assert created.status_code == 201
    answer = created.get_json()
    assert answer["capacity"] == {"buyer": 20, "exhibitor": 150}
    assert answer["registration_closes_at"] == "2026-08-10T17:00:00+07:00"
    url = f"/api/v1/events/{answer['id']}"
    assert client.get(url, headers=admin).get_json()["capacity"] == {"buyer": 20, "exhibitor": 150}

    patched = client.patch(url, headers=admin, json={"capacity": {"exhibitor": 160}, "registration_closes_at": None})
    assert patched.status_code == 200
    assert patched.get_json()["capacity"] == {"exhibitor": 160}  # a capacity sent replaces every role's cap
    assert patched.get_json()["registration_closes_at"] is None
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "event.updated")).one()
    assert entry.changes["capacity"] == [{"buyer": 20, "exhibitor": 150}, {"exhibitor": 160}]
    assert client.get("/api/v1/events", headers=admin).get_json()["items"][0]["capacity"] == {"exhibitor": 160}


def test_bad_capacity_or_closing_time_is_a_422_naming_the_fields_and_changes_nothing(
    client, db, make_event, make_user, api_headers
):
    event = make_event()
    set_cap(db, event, buyer=5)
    organiser = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}"
    response = client.patch(
        url, headers=organiser, json={"capacity": {"buyer": -1, "guest": 2}, "registration_closes_at": "soon"}
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"capacity.buyer", "capacity.guest", "registration_closes_at"}
    assert client.patch(url, headers=organiser, json={"capacity": [5]}).status_code == 422
    assert client.get(url, headers=organiser).get_json()["capacity"] == {"buyer": 5}


def test_the_settings_form_sets_and_shows_capacity_and_closing_time(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    url = f"/manage/events/{event.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Hạn chót đăng ký" in page and "Số chỗ theo vai trò" in page
    form = {
        "csrf_token": csrf_token(client, url),
        "name": event.name,
        "venue": event.venue,
        "province": event.province or "",
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "timezone": event.timezone,
        "registration_open": "y",
        "registration_closes_at": "2020-11-15T17:00",
        "capacity-exhibitor": "150",
        "capacity-buyer": " 20 ",
        "capacity-delegate": "",
    }
    saved = client.post(url, data=form)
    assert saved.status_code == 302
    db.expire_all()
    assert db.get(Event, event.id).registration_closes_at == datetime(2020, 11, 15, 10, 0, tzinfo=UTC)
    page = client.get(url).get_data(as_text=True)
    assert 'value="2020-11-15T17:00"' in page and 'value="150"' in page and 'value="20"' in page

    refused = client.post(url, data=form | {"capacity-buyer": "hai mươi"})
    assert refused.status_code == 200
    assert "Nhập số chỗ là số nguyên từ 0 đến" in refused.get_data(as_text=True)
    assert db.scalar(sa.select(EventCapacity.places).where(EventCapacity.role == "buyer")) == 20


def test_after_the_closing_time_the_public_form_is_closed(client, db, make_event):
    event = make_event(registration_closes_at=datetime.now(UTC) - timedelta(hours=1))
    response = client.get(f"/events/{event.id}/register")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Sự kiện này đã đóng đăng ký." in page and "Đăng ký đã đóng vào" in page
    assert f'href="/events/{event.id}/register"' not in client.get(f"/events/{event.id}").get_data(as_text=True)

    later = make_event(name="Hội chợ còn mở", registration_closes_at=datetime.now(UTC) + timedelta(days=3))
    assert client.get(f"/events/{later.id}/register").status_code == 200
    assert "Hạn chót đăng ký" in client.get(f"/events/{later.id}").get_data(as_text=True)


def test_beyond_the_cap_the_public_form_waitlists_and_the_page_says_so(client, db, make_event, make_participant, outbox):
    event = make_event()
    set_cap(db, event, exhibitor=1)
    make_participant(event, status="pending")
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(f"/events/{event.id}/register", data=registration_form(token))
    assert response.status_code == 302
    participant = db.scalars(sa.select(Participant).where(Participant.email == "ngochan@banhpia.vn")).one()
    assert participant.status == "waitlisted"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Danh sách chờ" in page and "chúng tôi sẽ báo Ông/Bà qua e-mail" in page
    [message] = outbox()
    assert message["Subject"].startswith("Trong danh sách chờ")
    assert "danh sách chờ" in message.get_body(("plain",)).get_content()
    english = client.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "Waiting list" in english


def test_the_api_waitlists_beyond_the_cap_and_refuses_to_approve_over_it(client, db, make_event, make_user, api_headers):
    event = make_event()
    set_cap(db, event, exhibitor=1)
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants"
    first = client.post(url, headers=headers, json=NEW_EXHIBITOR)
    second = client.post(url, headers=headers, json=NEW_EXHIBITOR | {"email": "hai@gaost25.vn"})
    assert (first.status_code, first.get_json()["status"]) == (201, "approved")
    assert (second.status_code, second.get_json()["status"]) == (201, "waitlisted")

    over = client.patch(f"{url}/{second.get_json()['id']}", headers=headers, json={"status": "approved"})
    assert over.status_code == 409
    assert "status" in over.get_json()["error"]["fields"]
    by_hand = client.patch(f"{url}/{first.get_json()['id']}", headers=headers, json={"status": "waitlisted"})
    assert by_hand.status_code == 422

    freed = client.patch(f"{url}/{first.get_json()['id']}", headers=headers, json={"status": "cancelled"})
    assert freed.status_code == 200
    assert client.get(f"{url}/{second.get_json()['id']}", headers=headers).get_json()["status"] == "pending"
    assert client.get(f"{url}?status=pending", headers=headers).get_json()["total"] == 1
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "waitlisted" in spec["components"]["schemas"]["Participant"]["properties"]["status"]["enum"]
    assert "capacity" in spec["components"]["schemas"]["EventPatch"]["properties"]


def test_check_in_staff_at_the_door_are_held_to_the_cap(client, db, make_event, make_user, api_headers):
    event = make_event(registration_closes_at=datetime.now(UTC) - timedelta(days=1))
    set_cap(db, event, exhibitor=1)
    headers = api_headers(make_user("checkin", event))
    url = f"/api/v1/events/{event.id}/participants"
    assert client.post(url, headers=headers, json=NEW_EXHIBITOR).get_json()["status"] == "pending"
    assert client.post(url, headers=headers, json=NEW_EXHIBITOR | {"email": "b@gaost25.vn"}).get_json()["status"] == "waitlisted"


def test_the_organisers_list_export_and_overview_know_the_waiting_list(client, db, make_event, make_user, make_participant):
    event = make_event()
    set_cap(db, event, exhibitor=1)
    make_participant(event, status="approved", full_name="Người Có Chỗ")
    make_participant(event, status="waitlisted", full_name="Người Đang Chờ")
    login(client, make_user("organiser", event))

    listed = client.get(f"/manage/events/{event.id}/participants?status=waitlisted").get_data(as_text=True)
    assert "Người Đang Chờ" in listed and "Người Có Chỗ" not in listed
    exported = client.get(f"/manage/events/{event.id}/participants/export.csv?status=waitlisted")
    assert exported.status_code == 200
    text = exported.get_data().decode("utf-8-sig")
    assert "Người Đang Chờ" in text and "Danh sách chờ" in text and "Người Có Chỗ" not in text

    overview = client.get(f"/manage/events/{event.id}/").get_data(as_text=True)
    assert "Số chỗ và danh sách chờ" in overview and "Danh sách chờ" in overview


def test_the_organisers_list_refuses_to_approve_past_the_cap_and_a_cancellation_promotes(
    client, db, make_event, make_user, make_participant, outbox
):
    event = make_event()
    set_cap(db, event, exhibitor=1)
    holder = make_participant(event, status="approved", full_name="Người Có Chỗ")
    waiting = make_participant(event, status="waitlisted", full_name="Người Đang Chờ")
    login(client, make_user("organiser", event))
    decide = f"/manage/events/{event.id}/participants/decide"

    refused = client.post(
        decide, data={"csrf_token": csrf_token(client), "decision": "approved", "participant_ids": [waiting.id]}
    )
    assert refused.status_code == 302
    assert "Đã hết cả 1 chỗ của vai trò này" in client.get(refused.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    assert db.get(Participant, waiting.id).status == "waitlisted"

    client.post(decide, data={"csrf_token": csrf_token(client), "decision": "cancelled", "participant_ids": [holder.id]})
    db.expire_all()
    assert db.get(Participant, waiting.id).status == "pending"
    [message] = [m for m in outbox() if m["To"] == waiting.email]
    assert message["Subject"].startswith("Đã có chỗ cho Ông/Bà")
    assert "ra khỏi danh sách chờ" in message.get_body(("plain",)).get_content()
