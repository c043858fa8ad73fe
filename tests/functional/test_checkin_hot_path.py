"""The door's busiest path: a scan with a known token costs one SQL statement
on PostgreSQL (two on SQLite), no transaction around it; what a token may do
is remembered for a few seconds, and a revoked role stops working after them."""

import uuid

import pytest
import sqlalchemy as sa

from eventapp.extensions import db as extension
from eventapp.models import ApiToken, Membership
from eventapp.services import accounts, badges
from tests.conftest import login
from tests.query_counts import counting_driver_statements, counting_statements


@pytest.fixture()
def door(db, make_event, make_user, make_participant, api_headers):
    event = make_event()
    staff = make_user("checkin", event)
    return event, staff, api_headers(staff), [make_participant(event) for _ in range(3)]


def scan(client, event, headers, participant, **fields):
    body = {"code": badges.badge_code(participant), "scan_id": str(uuid.uuid4())} | fields
    return client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json=body)


def test_a_scan_is_one_statement_on_postgresql_and_two_on_sqlite(app, client, db, door):
    event, _staff, headers, people = door
    assert scan(client, event, headers, people[0]).status_code == 201  # the token is now known
    code = badges.badge_code(people[1])
    url = f"/api/v1/events/{event.id}/checkins"
    with app.app_context(), counting_statements(extension.engine) as through_sqlalchemy:
        with counting_driver_statements() as sent:
            first = client.post(url, headers=headers, json={"code": code, "scan_id": str(uuid.uuid4())})
            again = client.post(url, headers=headers, json={"code": code})
            refused = client.post(f"/api/v1/events/{event.id}/checkins", headers=headers, json={"code": "rác"})
    assert (first.status_code, again.status_code, refused.status_code) == (201, 200, 422)
    assert through_sqlalchemy == []
    per_scan = 1 if extension.engine.dialect.name == "postgresql" else 2
    assert len(sent) == 3 * per_scan, sent
    assert not any(word in statement.upper() for statement in sent for word in ("BEGIN", "COMMIT", "ROLLBACK")), sent


def test_a_revoked_role_or_token_stops_working_within_the_cache_time(app, client, db, door, monkeypatch):
    event, staff, headers, people = door
    clock = [1000.0]
    monkeypatch.setattr(accounts.time, "monotonic", lambda: clock[0])
    assert scan(client, event, headers, people[0]).status_code == 201
    db.execute(sa.delete(Membership).where(Membership.user_id == staff.id))
    db.commit()
    assert scan(client, event, headers, people[1]).status_code == 201  # remembered for a few seconds
    clock[0] += app.config["API_CALLER_CACHE_SECONDS"] + 0.1
    assert scan(client, event, headers, people[2]).status_code == 403
    db.execute(sa.delete(ApiToken).where(ApiToken.user_id == staff.id))
    db.commit()
    clock[0] += app.config["API_CALLER_CACHE_SECONDS"] + 0.1
    assert scan(client, event, headers, people[2]).status_code == 401


def test_roles_are_remembered_per_event(client, db, door, make_event, make_participant):
    event, _staff, headers, people = door
    elsewhere = make_event(name="Hội nghị Lạng Sơn 2026")
    assert scan(client, event, headers, people[0]).status_code == 201
    assert scan(client, elsewhere, headers, make_participant(elsewhere)).status_code == 403
    assert client.post("/api/v1/events/999999/checkins", headers=headers, json={"code": "x"}).status_code == 404


def test_a_token_request_neither_reads_nor_writes_the_cookie_session(client, db, door):
    """A phone's web view may send the browser's cookie along with the token:
    the token decides, and the cookie is not even opened (nor sent back)."""
    event, staff, headers, people = door
    login(client, staff)
    with client.session_transaction() as session:
        session.permanent = True  # refreshed on every request that opens it
    answer = scan(client, event, headers, people[0])
    assert answer.status_code == 201
    assert "Set-Cookie" not in answer.headers
    assert "Set-Cookie" in client.get(f"/api/v1/events/{event.id}/checkins/counts").headers  # no token: the cookie
