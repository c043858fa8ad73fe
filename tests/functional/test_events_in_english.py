"""An event in English: its own name, venue and description, set by form or
API, shown wherever the reader's language is English; empty, the Vietnamese."""

import io

import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import AuditEntry, Event
from tests.conftest import csrf_token, login
from tests.functional.test_registration_web import registration_form

ENGLISH = {
    "name_en": "Soc Trang OCOP supply-demand connection conference 2020",
    "venue_en": "Soc Trang Provincial Convention Centre",
    "description_en": "Two days of OCOP products from twenty provinces.",
}


def test_the_api_creates_and_patches_an_event_in_english(client, db, make_user, api_headers):
    admin = api_headers(make_user("admin"))
    body = {"name": "Hội chợ OCOP Lạng Sơn", "starts_on": "2026-08-20", "ends_on": "2026-08-21"} | ENGLISH
    created = client.post("/api/v1/events", headers=admin, json=body)
    assert created.status_code == 201
    assert {key: created.get_json()[key] for key in ENGLISH} == ENGLISH
    event_id = created.get_json()["id"]

    patched = client.patch(f"/api/v1/events/{event_id}", headers=admin, json={"venue_en": "Lang Son Exhibition Centre"})
    assert patched.status_code == 200
    answer = patched.get_json()
    assert answer["venue_en"] == "Lang Son Exhibition Centre"
    assert answer["name"] == "Hội chợ OCOP Lạng Sơn" and answer["name_en"] == ENGLISH["name_en"]
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "event.updated")).one()
    assert entry.changes == {"venue_en": [ENGLISH["venue_en"], "Lang Son Exhibition Centre"]}


def test_a_patch_is_checked_like_the_form(client, db, make_event, make_user, api_headers):
    event = make_event()
    organiser = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}"
    assert client.patch(url, headers=organiser, json={"name_en": "x" * 301}).status_code == 422
    assert client.patch(url, headers=organiser, json={"ends_on": "2000-01-01"}).status_code == 422
    unknown = client.patch(url, headers=organiser, json={"colour": "green"})
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["error"]["fields"]
    assert client.patch(url, headers=api_headers(make_user("official", event)), json={"name_en": "X"}).status_code == 403
    db.expire_all()
    assert db.get(Event, event.id).name_en == ""


def test_the_organisers_form_sets_the_english_texts(client, db, make_event, make_user):
    event = make_event()
    login(client, make_user("organiser", event))
    url = f"/manage/events/{event.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Tên sự kiện bằng tiếng Anh" in page
    form = {
        "csrf_token": csrf_token(client, url),
        "name": event.name,
        "venue": event.venue,
        "province": event.province or "",
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "timezone": event.timezone,
        "registration_open": "y",
        "description": "",
    } | ENGLISH
    assert client.post(url, data=form).status_code == 302
    db.expire_all()
    assert db.get(Event, event.id).name_en == ENGLISH["name_en"]


def test_english_pages_mails_and_badges_use_the_english_name(
    client, db, make_event, make_user, make_participant, outbox, api_headers
):
    event = make_event(**ENGLISH)
    english = client.get(f"/events/{event.id}?lang=en").get_data(as_text=True)
    assert ENGLISH["name_en"] in english and ENGLISH["venue_en"] in english and ENGLISH["description_en"] in english
    vietnamese = client.get(f"/events/{event.id}?lang=vi").get_data(as_text=True)
    assert event.name in vietnamese and ENGLISH["name_en"] not in vietnamese

    token = csrf_token(client, f"/events/{event.id}/register")
    client.post(f"/events/{event.id}/register", data=registration_form(token, language="en"))
    (mail,) = outbox()
    assert ENGLISH["name_en"] in mail["Subject"]
    assert ENGLISH["name_en"] in mail.get_body(("plain",)).get_content()

    make_participant(event)
    headers = api_headers(make_user("organiser", event))
    badges = client.get(f"/api/v1/events/{event.id}/badges.pdf?lang=en", headers=headers)
    assert badges.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(badges.data)).pages)
    assert "Soc Trang OCOP" in text.replace("\n", " ")


def test_without_english_texts_english_readers_see_the_vietnamese(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.id}?lang=en").get_data(as_text=True)
    assert event.name in page
