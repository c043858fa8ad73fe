"""Input no person types (control characters, numbers beyond any id, dates
in year 1, JSON nested ten thousand deep) gets a clear refusal and changes
nothing: never a 500, on SQLite or PostgreSQL."""

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from eventapp.models import Event, Participant
from tests.conftest import csrf_token, login
from tests.functional.test_api_participants import NEW_EXHIBITOR
from tests.functional.test_registration_web import registration_form


def count(db, model) -> int:
    return db.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("name", ["Trần\x00Văn", "Trần\x0bVăn", "Sở\x01Công"])
def test_control_characters_in_a_form_are_refused_and_nothing_is_stored(client, db, make_event, name):
    event = make_event()
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(f"/events/{event.id}/register", data=registration_form(token, full_name=name))
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.get_data(as_text=True)
    assert count(db, Participant) == 0


def test_control_characters_in_urls_and_queries_are_refused(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    assert client.get("/p/abc%00def").status_code == 400
    assert client.get(f"/api/v1/events/{event.id}/participants?q=a%00b", headers=headers).status_code == 400


def test_control_characters_in_json_are_named_by_their_path(client, db, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    body = NEW_EXHIBITOR | {"products": [{"name": "Gạo", "group": "food", "stars": 4, "description": "a\u0000b"}]}
    response = client.post(f"/api/v1/events/{event.id}/participants", headers=headers, json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"products[0].description"}
    assert count(db, Participant) == 0


def test_a_scanned_code_with_control_characters_is_logged_as_invalid(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("checkin", event))
    response = client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json={"code": "ab\u0000c"})
    assert response.status_code == 422
    assert response.get_json()["result"] == "invalid"
    log = client.get(f"/api/v1/events/{event.id}/checkins", headers=headers).get_json()
    assert log["items"][0]["code"] == "ab\ufffdc"


@pytest.mark.parametrize(
    "body",
    [
        {"code": "x", "method": {}},
        {"code": "x", "method": [1]},
        {"code": "x", "scanned_at": "0001-01-01T00:00:00+14:00"},
        {"code": "x", "scanned_at": "9999-12-31T23:59:59-12:00"},
        {"code": "x", "gate": 5},
    ],
)
def test_odd_scan_fields_are_refused_with_the_door_answer(client, make_event, make_user, api_headers, body):
    event = make_event()
    headers = api_headers(make_user("checkin", event))
    response = client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json=body)
    assert response.status_code == 422
    assert response.get_json()["result"] == "invalid"


def test_ids_beyond_any_database_integer_are_not_found(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("admin"))
    for url in [
        "/api/v1/events/9223372036854775808",
        "/api/v1/events/2147483648",
        f"/api/v1/events/{event.id}/participants/99999999999999999999999",
    ]:
        assert client.get(url, headers=headers).status_code == 404, url


@pytest.mark.parametrize("page", ["99999999999999999999999", "²", "٣", "-1", "0"])
def test_odd_page_numbers(client, make_event, make_user, api_headers, page):
    event = make_event()
    organiser = make_user("organiser", event)
    response = client.get(f"/api/v1/events/{event.id}/participants?page={page}", headers=api_headers(organiser))
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"page": "Một số nguyên dương."}
    login(client, organiser)
    assert client.get(f"/manage/events/{event.id}/participants?page={page}&stars={page}").status_code == 200


def test_odd_ids_in_a_bulk_decision_change_nothing(client, make_event, make_user, make_participant):
    event = make_event()
    login(client, make_user("organiser", event))
    response = client.post(
        f"/manage/events/{event.id}/participants/decide",
        data={"csrf_token": csrf_token(client), "decision": "approved", "participant_ids": ["²", "99999999999999999999"]},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Chọn ít nhất một người tham dự." in response.get_data(as_text=True)


def test_json_nested_beyond_reason_is_malformed(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event)) | {"Content-Type": "application/json"}
    deep = "[" * 10_000 + "]" * 10_000
    assert client.post(f"/api/v1/events/{event.id}/participants", headers=headers, data=deep).status_code == 400
    door = api_headers(make_user("checkin", event)) | {"Content-Type": "application/json"}
    assert client.post(f"/api/v1/events/{event.id}/checkins", headers=door, data=deep).status_code == 400


@pytest.mark.parametrize(
    "change, field",
    [
        ({"registration_open": "no"}, "registration_open"),
        ({"description": {"x": 1}}, "description"),
        ({"timezone": 5}, "timezone"),
        ({"starts_on": "0001-01-01"}, "starts_on"),
        ({"ends_on": "9999-12-31"}, "ends_on"),
        ({"name": ["Hội chợ"]}, "name"),
    ],
)
def test_events_refuse_wrong_types_and_impossible_years(client, db, make_user, api_headers, change, field):
    body = {
        "name": "Hội chợ OCOP",
        "venue": "Lạng Sơn",
        "starts_on": "2026-08-20",
        "ends_on": "2026-08-21",
        "timezone": "Asia/Ho_Chi_Minh",
    } | change
    response = client.post("/api/v1/events", headers=api_headers(make_user("admin")), json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert count(db, Event) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"booth": 5}, "booth"),
        ({"position": ["a"]}, "position"),
        ({"products": [{"name": "Gạo", "group": "food", "stars": 4, "description": 123}]}, "products[0].description"),
    ],
)
def test_participants_refuse_wrong_types(client, db, make_event, make_user, api_headers, change, field):
    event = make_event()
    response = client.post(
        f"/api/v1/events/{event.id}/participants", headers=api_headers(make_user("organiser", event)), json=NEW_EXHIBITOR | change
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert count(db, Participant) == 0


def test_province_filter_takes_a_code_or_a_name_and_refuses_the_unknown(
    client, make_event, make_user, make_participant, api_headers
):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    make_participant(event)
    url = f"/api/v1/events/{event.id}/participants?province="
    assert client.get(url + "soc-trang", headers=headers).get_json()["total"] == 1
    assert client.get(url + "Sóc Trăng", headers=headers).get_json()["total"] == 1
    assert client.get(url + "atlantis", headers=headers).status_code == 422


def test_every_error_body_names_its_fields_even_when_there_are_none(client, make_event):
    body = client.get("/api/v1/events").get_json()
    assert body == {"error": {"code": "unauthenticated", "fields": {}, "message": body["error"]["message"]}}


def test_an_old_row_with_a_control_character_still_exports(client, db, make_event, make_user, make_participant):
    event = make_event()
    participant = make_participant(event)
    db.execute(sa.update(Participant).where(Participant.id == participant.id).values(full_name="Trần\x0bVăn"))
    db.commit()
    login(client, make_user("organiser", event))
    response = client.get(f"/manage/events/{event.id}/participants/export.xlsx")
    assert response.status_code == 200
    names = [row[0] for row in load_workbook(io.BytesIO(response.data)).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Trần\ufffdVăn"]


@pytest.mark.parametrize(
    "path, body",
    [
        ("/checkins", '{"code": "\\ud800abc"}'),
        ("/checkins", '{"code": "abc", "gate": "C\\udfff"}'),
        ("/participants", '{"full_name": "Tr\\ud83dn"}'),
        ("/mous", '{"title": "\\udc00"}'),
        ("/meeting-requests", '{"message": "\\ud800"}'),
    ],
)
def test_lone_surrogates_in_json_are_refused_and_nothing_is_stored(client, db, make_event, make_user, api_headers, path, body):
    event = make_event()
    headers = api_headers(make_user("organiser", event)) | {"Content-Type": "application/json"}
    response = client.post(f"/api/v1/events/{event.id}{path}", headers=headers, data=body)
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    assert count(db, Participant) == 0


def test_a_surrogate_scanned_at_the_door_is_logged_readably(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("checkin", event)) | {"Content-Type": "application/json"}
    response = client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, data='{"code": "ab\\ud800c"}')
    assert response.status_code == 422 and response.get_json()["result"] == "invalid"
    assert client.get(f"/api/v1/events/{event.id}/checkins", headers=headers).get_json()["items"][0]["code"] == "ab\ufffdc"


@pytest.mark.parametrize("digits", ["٣", "３", "²", "໓"])
def test_ids_are_ascii_digits_only(client, make_event, make_user, make_participant, api_headers, digits):
    event = make_event()
    organiser = make_user("organiser", event)
    for _ in range(3):
        make_participant(event)
    assert client.get(f"/api/v1/events/{event.id}/participants/{digits}", headers=api_headers(organiser)).status_code == 404
    login(client, organiser)
    assert client.get(f"/manage/events/{event.id}/participants/{digits}").status_code == 404


@pytest.mark.parametrize("method", ["patch", "delete", "put"])
def test_ids_beyond_any_database_integer_are_not_found_whatever_the_method(client, make_event, make_user, api_headers, method):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    for url in [f"/api/v1/events/{event.id}/mous/229130011521799956524433408", f"/api/v1/events/{event.id}/meetings/3776299917"]:
        assert getattr(client, method)(url, headers=headers, json={}).status_code in (404, 405), url
    assert client.patch(f"/api/v1/events/{event.id}/participants/99999999999", headers=headers, json={}).status_code == 404


def test_a_405_says_which_methods_are_allowed(client, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("checkin", event))
    response = client.delete(f"/api/v1/events/{event.id}/checkins", headers=headers)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    page = client.put("/auth/login")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]
