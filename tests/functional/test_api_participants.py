"""API v1: events and participants, with the exact shapes other clients rely on."""

import sqlalchemy as sa

from eventapp.models import Organisation, Participant, Product

NEW_EXHIBITOR = {
    "full_name": "Huỳnh Văn Phước",
    "email": "phuoc@gaost25.vn",
    "phone": "0939 555 777",
    "position": "Giám đốc",
    "role": "exhibitor",
    "organisation": {"name": "DNTN Hồ Quang Trí", "kind": "enterprise", "province": "Sóc Trăng", "tax_code": "2200234567"},
    "products": [
        {"name": "Gạo ST25", "group": "food", "stars": 5},
        {"name": "Gạo ST24", "group": "food", "stars": 4, "description": "Gạo thơm"},
    ],
}


def count(db, model) -> int:
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def test_events_list_create_and_get(client, make_user, api_headers):
    admin = make_user("admin")
    headers = api_headers(admin)
    created = client.post(
        "/api/v1/events",
        headers=headers,
        json={
            "name": "Hội nghị kết nối cung cầu Lạng Sơn 2026",
            "venue": "Nhà văn hóa tỉnh",
            "starts_on": "2026-08-20",
            "ends_on": "2026-08-21",
            "timezone": "Asia/Ho_Chi_Minh",
        },
    )
    assert created.status_code == 201
    event = created.get_json()
    assert event["id"] and event["name"] == "Hội nghị kết nối cung cầu Lạng Sơn 2026"

    listed = client.get("/api/v1/events", headers=headers).get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == event["id"]
    assert client.get(f"/api/v1/events/{event['id']}", headers=headers).get_json()["starts_on"] == "2026-08-20"


def test_only_admins_create_events(client, make_event, make_user, api_headers):
    organiser = make_user("organiser", make_event())
    response = client.post(
        "/api/v1/events",
        headers=api_headers(organiser),
        json={"name": "X", "venue": "Y", "starts_on": "2026-01-01", "ends_on": "2026-01-01", "timezone": "Asia/Ho_Chi_Minh"},
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_an_organiser_registers_an_approved_exhibitor(client, db, make_event, make_user, api_headers, outbox):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=NEW_EXHIBITOR)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "approved"
    assert {"id", "full_name", "email", "role", "status", "organisation", "products"} <= set(body)
    assert body["organisation"]["province"] == "soc-trang"
    assert [p["name"] for p in body["products"]] == ["Gạo ST25", "Gạo ST24"]
    assert body["phone"] == "0939555777"
    assert len(outbox()) == 1

    listed = client.get(f"/api/v1/events/{event.id}/participants", headers=headers).get_json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert item["full_name"] == "Huỳnh Văn Phước" and item["products"][0]["stars"] == 5


def test_checkin_staff_register_walk_ins_for_approval(client, make_event, make_user, api_headers):
    event = make_event()
    door = make_user("checkin", event)
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=api_headers(door), json=NEW_EXHIBITOR)
    assert response.status_code == 201
    assert response.get_json()["status"] == "pending"


def test_officials_do_not_register_people(client, make_event, make_user, api_headers):
    event = make_event()
    official = make_user("official", event)
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=api_headers(official), json=NEW_EXHIBITOR)
    assert response.status_code == 403


def test_duplicate_email_in_the_event_is_a_conflict(client, db, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants"
    assert client.post(url, headers=headers, json=NEW_EXHIBITOR).status_code == 201
    again = client.post(url, headers=headers, json=NEW_EXHIBITOR | {"email": "PHUOC@GaoST25.vn"})
    assert again.status_code == 409
    assert "email" in again.get_json()["error"]["fields"]
    assert count(db, Participant) == 1


def test_invalid_fields_give_422_with_paths_and_write_nothing(client, db, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    bad = NEW_EXHIBITOR | {
        "email": "nope",
        "organisation": {"name": "X", "kind": "enterprise", "province": "Narnia"},
        "products": [{"name": "Gạo", "group": "food", "stars": 7}],
    }
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=bad)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"email", "organisation.province", "products[0].stars"}
    assert error["fields"]["products[0].stars"] == "Hạng OCOP là 3, 4 hoặc 5 sao."
    assert count(db, Participant) == count(db, Organisation) == count(db, Product) == 0


def test_messages_in_english_on_request(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event)) | {"Accept-Language": "en"}
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=NEW_EXHIBITOR | {"role": "wizard"})
    assert response.get_json()["error"]["fields"]["role"].startswith("Choose one of")


def test_malformed_bodies_are_400_and_wrong_shapes_422(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants"
    assert client.post(url, headers=headers, data="{not json", content_type="application/json").status_code == 400
    assert client.post(url, headers=headers, json=[1, 2]).status_code == 400
    assert client.post(url, headers=headers, json=NEW_EXHIBITOR | {"organisation": "DNTN"}).status_code == 422
    assert client.post(url, headers=headers, json=NEW_EXHIBITOR | {"products": {"name": "x"}}).status_code == 422
    assert client.post(url, headers=headers, json=NEW_EXHIBITOR | {"products": ["x"]}).status_code == 422
    no_organisation = {k: v for k, v in NEW_EXHIBITOR.items() if k != "organisation"}
    assert client.post(url, headers=headers, json=no_organisation).status_code == 422


def test_tokens_are_required_and_checked(client, make_event):
    event = make_event()
    assert client.get("/api/v1/events").status_code == 401
    assert client.get("/api/v1/events", headers={"Authorization": "Bearer evt_forged"}).status_code == 401
    assert client.get("/api/v1/events", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get(f"/api/v1/events/{event.id}/participants").get_json()["error"]["code"] == "unauthenticated"


def test_unknown_event_and_participant_are_404(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("admin"))
    assert client.get("/api/v1/events/999", headers=headers).status_code == 404
    assert client.get(f"/api/v1/events/{event.id}/participants/999", headers=headers).status_code == 404


def test_patch_changes_only_the_keys_sent(client, db, make_event, make_user, make_participant, api_headers, outbox):
    event = make_event()
    participant = make_participant(event, status="pending", position="Kế toán")
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants/{participant.id}"
    response = client.patch(url, headers=headers, json={"full_name": "Nguyễn Thị Bé Ba", "status": "approved"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["full_name"] == "Nguyễn Thị Bé Ba" and body["status"] == "approved"
    assert body["position"] == "Kế toán" and len(body["products"]) == 1
    assert "Đăng ký đã được duyệt" in outbox()[0]["Subject"]
    assert client.get(url, headers=headers).get_json()["full_name"] == "Nguyễn Thị Bé Ba"


def test_patch_with_a_bad_value_changes_nothing(client, db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    participant = make_participant(event, full_name="Trần Văn Lợi")
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants/{participant.id}"
    response = client.patch(url, headers=headers, json={"full_name": "Trần Văn Lộc", "status": "vip"})
    assert response.status_code == 422
    assert client.get(url, headers=headers).get_json()["full_name"] == "Trần Văn Lợi"


def test_filters_and_paging(client, make_event, make_user, make_participant, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    make_participant(event, full_name="Lê Thị Thu", products=[("Trà mãng cầu", "beverage", 3)])
    make_participant(event, full_name="Phạm Văn Đông", products=[("Cà phê Buôn Ma Thuột", "beverage", 5)], province="dak-lak")
    make_participant(event, role="buyer", full_name="Saigon Co.op buyer", products=[])
    url = f"/api/v1/events/{event.id}/participants"
    assert client.get(url + "?stars=5", headers=headers).get_json()["total"] == 1
    assert client.get(url + "?product_group=beverage", headers=headers).get_json()["total"] == 2
    assert client.get(url + "?province=dak-lak", headers=headers).get_json()["total"] == 1
    assert client.get(url + "?role=buyer", headers=headers).get_json()["total"] == 1
    assert client.get(url + "?q=pham van dong", headers=headers).get_json()["total"] == 1
    page = client.get(url + "?per_page=2&page=2&sort=name", headers=headers).get_json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert client.get(url + "?stars=9", headers=headers).status_code == 422
    assert client.get(url + "?page=0", headers=headers).status_code == 400


def test_openapi_document_is_public_and_describes_the_contracts(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    for path in [
        "/events",
        "/events/{event_id}",
        "/events/{event_id}/participants",
        "/events/{event_id}/participants/{participant_id}",
    ]:
        assert path in document["paths"], path
    assert set(document["paths"]["/events/{event_id}/participants/{participant_id}"]) >= {"get", "patch"}


def test_session_cookie_calls_need_the_csrf_header(client, make_event, make_user):
    from tests.conftest import csrf_token, login

    event = make_event()
    login(client, make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants"
    assert client.get(url).status_code == 200
    assert client.post(url, json=NEW_EXHIBITOR).status_code == 400
    token = csrf_token(client)
    assert client.post(url, json=NEW_EXHIBITOR, headers={"X-CSRFToken": token}).status_code == 201
