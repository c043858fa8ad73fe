"""API v1 for badges and the door: the shapes other clients rely on, and who may call what."""

import io
import unicodedata
import uuid

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from eventapp.models import Participant, Scan
from eventapp.services import badges
from tests.conftest import login


def count_scans(db) -> int:
    return db.scalar(sa.select(sa.func.count(Scan.id)))


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture()
def door(db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    guest = make_participant(event, full_name="Huỳnh Văn Phước", role="buyer")
    headers = api_headers(make_user("checkin", event))
    return event, guest, headers


def test_a_first_scan_answers_201_checked_in(client, db, door):
    event, guest, headers = door
    response = client.post(
        f"/api/v1/events/{event.id}/checkins", headers=headers, json={"code": badges.badge_code(guest), "gate": "Cổng chính"}
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["result"] == "checked_in"
    assert {"id", "full_name", "organisation", "role"} <= set(body["participant"])
    assert body["participant"]["full_name"] == "Huỳnh Văn Phước"
    assert body["participant"]["organisation"] == guest.organisation.name
    assert body["participant"]["role"] == "buyer"


def test_a_second_scan_answers_200_with_the_first_entry_time(client, db, door):
    event, guest, headers = door
    url = f"/api/v1/events/{event.id}/checkins"
    client.post(url, headers=headers, json={"code": badges.badge_code(guest), "scanned_at": "2020-11-20T07:31:00+07:00"})
    response = client.post(
        url, headers=headers, json={"code": badges.badge_code(guest), "scanned_at": "2020-11-20T11:05:00+07:00"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["result"] == "already_checked_in"
    assert body["first_checked_in_at"].startswith("2020-11-20T00:31:00")
    assert body["participant"]["id"] == guest.id


def test_a_repeated_scan_id_returns_the_first_answer_and_writes_nothing(client, db, door):
    event, guest, headers = door
    url = f"/api/v1/events/{event.id}/checkins"
    scan = {"code": badges.badge_code(guest), "scan_id": str(uuid.uuid4()), "scanned_at": "2020-11-20T00:31:00Z"}
    first = client.post(url, headers=headers, json=scan)
    again = client.post(url, headers=headers, json=scan)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert count_scans(db) == 1


@pytest.mark.parametrize(
    "make_code, problem",
    [
        (lambda guest, other: "garbage that is not a badge", "unreadable"),
        (lambda guest, other: badges.badge_code(guest)[:-1] + "A", "forged"),
        (lambda guest, other: badges.badge_code(other), "other_event"),
    ],
)
def test_bad_codes_answer_invalid_and_are_logged(client, db, door, make_event, make_participant, make_code, problem):
    event, guest, headers = door
    stranger = make_participant(make_event(name="Hội nghị Lạng Sơn 2026"))
    code = make_code(guest, stranger)
    if problem == "forged" and code == badges.badge_code(guest):
        code = code[:-1] + "B"
    response = client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json={"code": code})
    assert response.status_code == 422
    body = response.get_json()
    assert body["result"] == "invalid"
    assert body["error"]["code"] == problem and body["error"]["message"]
    assert count_scans(db) == 1


def test_a_revoked_badge_answers_invalid_in_english_when_asked(client, db, door, make_user, api_headers):
    event, guest, headers = door
    old = badges.badge_code(guest)
    organiser = api_headers(make_user("organiser", event))
    reissued = client.post(f"/api/v1/events/{event.id}/participants/{guest.id}/badge/reissue", headers=organiser)
    assert reissued.get_json() == {"id": guest.id, "badge_version": 2}
    response = client.post(
        f"/api/v1/events/{event.id}/checkins", headers={**headers, "Accept-Language": "en"}, json={"code": old}
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == {
        "code": "revoked",
        "fields": {},
        "message": "This badge was replaced by a newer one and no longer works.",
    }
    assert body["participant"]["id"] == guest.id


def test_a_pending_registration_is_refused_with_a_clear_reason(client, db, door, make_participant):
    event, _guest, headers = door
    pending = make_participant(event, status="pending")
    response = client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json={"code": badges.badge_code(pending)})
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == "Đăng ký này chưa được duyệt."


@pytest.mark.parametrize(
    "body, status, field",
    [
        ("not json", 400, None),
        ({"gate": "A"}, 422, "code"),
        ({"code": "x", "scan_id": "123"}, 422, "scan_id"),
        ({"code": "x", "scanned_at": "20/11/2020 07:30"}, 422, "scanned_at"),
    ],
)
def test_malformed_scans_answer_invalid_and_write_nothing(client, db, door, body, status, field):
    event, _guest, headers = door
    url = f"/api/v1/events/{event.id}/checkins"
    if isinstance(body, str):
        response = client.post(url, headers={**headers, "Content-Type": "application/json"}, data=body)
    else:
        response = client.post(url, headers=headers, json=body)
    assert response.status_code == status
    answer = response.get_json()
    assert answer["result"] == "invalid"
    if field:
        assert field in answer["error"]["fields"]
    assert count_scans(db) == 0


def test_stats_and_scan_log_shapes(client, db, door, make_participant):
    event, guest, headers = door
    make_participant(event, role="exhibitor", province="can-tho")
    at_the_event = {"code": badges.badge_code(guest), "scanned_at": "2020-11-20T07:31:00+07:00"}
    client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json=at_the_event)
    client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json={"code": "rác"})
    stats = client.get(f"/api/v1/events/{event.id}/checkins/stats", headers=headers).get_json()
    assert stats["checked_in"] == 1 and stats["total"] == 2
    assert stats["by_role"]["buyer"] == {"checked_in": 1, "total": 1}
    assert stats["by_province"]["can-tho"] == {"checked_in": 0, "total": 1, "name": "Cần Thơ"}
    assert stats["arrivals"][0]["arrivals"] == 1 and stats["invalid_scans"] == 1
    assert stats["outside_event_days"] == 0
    assert client.get(f"/api/v1/events/{event.id}/checkins/counts", headers=headers).get_json() == {
        "checked_in": 1,
        "total": 2,
        "invalid_scans": 1,
        "last_scan_at": stats["last_scan_at"],
    }
    log = client.get(f"/api/v1/events/{event.id}/checkins", headers=headers).get_json()
    assert log["total"] == 2 and log["page"] == 1
    assert [item["result"] for item in log["items"]] == ["invalid", "checked_in"]
    assert log["items"][1]["participant"]["id"] == guest.id and log["items"][1]["scanned_by"].startswith("checkin")
    refused = client.get(f"/api/v1/events/{event.id}/checkins?result=nope", headers=headers)
    assert refused.status_code == 422


def test_a_scan_years_after_the_event_is_counted_apart_and_the_answers_stay_small(client, db, door, make_participant):
    """A check-in today at the 2020 event once made the series run from 2020
    to today: 200,000 quarter hours, 13 MB polled by every phone."""
    event, guest, headers = door
    early = make_participant(event)
    url = f"/api/v1/events/{event.id}/checkins"
    client.post(url, headers=headers, json={"code": badges.badge_code(early), "scanned_at": "2020-11-20T07:31:00+07:00"})
    client.post(url, headers=headers, json={"code": badges.badge_code(guest)})  # today, years after
    stats = client.get(f"{url}/stats", headers=headers)
    figures = stats.get_json()
    assert figures["checked_in"] == 2 and figures["outside_event_days"] == 1
    assert [(bucket["at"], bucket["arrivals"]) for bucket in figures["arrivals"]] == [("2020-11-20T07:30:00+07:00", 1)]
    assert len(stats.data) < 2000
    counts = client.get(f"{url}/counts", headers=headers)
    assert counts.get_json()["checked_in"] == 2 and len(counts.data) < 300


def test_the_series_covers_only_the_event_days_on_its_own_clock(client, db, door, make_participant):
    event, guest, headers = door
    url = f"/api/v1/events/{event.id}/checkins"
    times = ["2020-11-19T23:59:00+07:00", "2020-11-20T00:00:00+07:00", "2020-11-21T23:59:00+07:00", "2020-11-22T00:00:00+07:00"]
    for when in times:
        person = make_participant(event)
        client.post(url, headers=headers, json={"code": badges.badge_code(person), "scanned_at": when})
    figures = client.get(f"{url}/stats", headers=headers).get_json()
    assert figures["outside_event_days"] == 2
    assert figures["arrivals"][0] == {"at": "2020-11-20T00:00:00+07:00", "arrivals": 1, "cumulative": 1}
    assert figures["arrivals"][-1] == {"at": "2020-11-21T23:45:00+07:00", "arrivals": 1, "cumulative": 2}
    assert len(figures["arrivals"]) == 2 * 96


def test_roster_and_people_search(client, db, door):
    event, guest, headers = door
    roster = client.get(f"/api/v1/events/{event.id}/checkins/roster", headers=headers).get_json()
    assert [item["code"] for item in roster["items"]] == [badges.badge_code(guest)]
    assert roster["items"][0]["search_text"].startswith("huynh van phuoc")
    found = client.get(f"/api/v1/events/{event.id}/checkins/people?q=phuoc", headers=headers).get_json()
    assert found["items"][0]["participant"]["id"] == guest.id
    assert client.get(f"/api/v1/events/{event.id}/checkins/people?q=p", headers=headers).status_code == 422


def test_one_badge_pdf_holds_the_name_and_is_not_cached(client, db, door, make_user, api_headers):
    event, guest, _headers = door
    headers = api_headers(make_user("organiser", event))
    response = client.get(f"/api/v1/events/{event.id}/participants/{guest.id}/badge.pdf", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Huỳnh Văn Phước" in pdf_text(response.data)
    assert "NHÀ PHÂN PHỐI" in pdf_text(response.data) or "NHÀ MUA HÀNG" in pdf_text(response.data)
    english = client.get(f"/api/v1/events/{event.id}/participants/{guest.id}/badge.pdf?lang=en", headers=headers)
    assert "BUYER" in pdf_text(english.data)


def test_batch_badges_default_to_every_approved_participant(client, db, door, make_participant, make_user, api_headers):
    event, guest, _headers = door
    make_participant(event, full_name="Đặng Thu Thảo", role="exhibitor")
    make_participant(event, full_name="Chưa Duyệt", status="pending")
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/badges.pdf"
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Huỳnh Văn Phước" in text and "Đặng Thu Thảo" in text and "Chưa Duyệt" not in text
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1  # four to a sheet
    only_buyers = pdf_text(client.get(url + "?role=buyer&layout=a6", headers=headers).data)
    assert "Huỳnh Văn Phước" in only_buyers and "Đặng Thu Thảo" not in only_buyers
    assert client.get(url + "?status=pending", headers=headers).status_code == 422
    assert client.get(url + "?role=press", headers=headers).status_code == 404
    assert client.get(url + "?layout=a3", headers=headers).status_code == 422


def test_pending_participants_get_no_badge(client, db, door, make_participant, make_user, api_headers):
    event, _guest, _headers = door
    pending = make_participant(event, status="pending")
    headers = api_headers(make_user("organiser", event))
    response = client.get(f"/api/v1/events/{event.id}/participants/{pending.id}/badge.pdf", headers=headers)
    assert response.status_code == 409


def test_health_needs_no_token_and_is_described(client):
    assert client.get("/api/v1/health").get_json() == {"status": "ok"}
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/health",
        "/events/{event_id}/checkins",
        "/events/{event_id}/checkins/stats",
        "/events/{event_id}/participants/{participant_id}/badge.pdf",
        "/events/{event_id}/badges.pdf",
    ):
        assert path in paths


# Who may call what: (method, path template, expected status for an allowed caller).
ENDPOINTS = {
    "scan": ("POST", "/api/v1/events/{event}/checkins"),
    "log": ("GET", "/api/v1/events/{event}/checkins"),
    "stats": ("GET", "/api/v1/events/{event}/checkins/stats"),
    "roster": ("GET", "/api/v1/events/{event}/checkins/roster"),
    "people": ("GET", "/api/v1/events/{event}/checkins/people?q=huynh"),
    "badge": ("GET", "/api/v1/events/{event}/participants/{participant}/badge.pdf"),
    "batch": ("GET", "/api/v1/events/{event}/badges.pdf"),
    "reissue": ("POST", "/api/v1/events/{event}/participants/{participant}/badge/reissue"),
}
ALLOWED = {
    "admin": set(ENDPOINTS),
    "organiser": set(ENDPOINTS),
    "checkin": {"scan", "log", "stats", "roster", "people", "badge"},
    "official": {"stats"},
    "other_organiser": set(),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_role_matrix(client, db, door, make_event, make_user, api_headers, role):
    event, guest, _headers = door
    if role == "admin":
        user = make_user("admin")
    elif role == "other_organiser":
        user = make_user("organiser", make_event(name="Sự kiện khác"))
    else:
        user = make_user(role, event)
    headers = api_headers(user)
    for name, (method, template) in ENDPOINTS.items():
        url = template.format(event=event.id, participant=guest.id)
        response = client.open(url, method=method, headers=headers, json={"code": badges.badge_code(guest)})
        if name in ALLOWED[role]:
            assert response.status_code in (200, 201), (role, name, response.status_code)
        else:
            assert response.status_code == 403, (role, name, response.status_code)
    anonymous = client.post(f"/api/v1/events/{event.id}/checkins", json={"code": badges.badge_code(guest)})
    assert anonymous.status_code == 401


def test_the_page_session_must_send_the_csrf_header(client, db, door, make_user):
    event, guest, _headers = door
    login(client, make_user("checkin", event))
    response = client.post(f"/api/v1/events/{event.id}/checkins", json={"code": badges.badge_code(guest)})
    assert response.status_code == 400
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 1 and count_scans(db) == 0
