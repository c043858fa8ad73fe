"""Passwords cannot be guessed online: a lockout per e-mail address in the
database, per-IP limits in Flask-Limiter (Redis when configured), the same
work for unknown addresses, and limits on what strangers can make the app mail."""

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from eventapp.models import LoginLockout
from eventapp.services import sign_in
from tests.conftest import csrf_token, login
from tests.functional.test_registration_web import registration_form

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def attempt(client, email: str, password: str, **headers):
    token = csrf_token(client, "/auth/login")
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token}, headers=headers)


def fail_times(client, email: str, times: int) -> None:
    for _ in range(times):
        assert attempt(client, email, "not-the-password").status_code == 200


def test_ten_failures_lock_the_address_with_429_whatever_the_password(client, make_user):
    user = make_user("admin", email="lan@staff.example.vn")
    fail_times(client, user.email, 10)

    locked = attempt(client, user.email, user.test_password)
    assert locked.status_code == 429
    assert "bị khoá trong 15 phút" in locked.get_data(as_text=True)
    client.get("/?lang=en")
    assert "Sign-in is locked for 15 minutes" in attempt(client, user.email, user.test_password).get_data(as_text=True)
    # Another address from the same computer is not locked.
    other = make_user("admin")
    login(client, other)


def test_nine_failures_then_the_right_password_signs_in_and_resets_the_count(client, db, make_user):
    user = make_user("admin")
    fail_times(client, user.email, 9)
    login(client, user)
    assert db.scalar(sa.select(sa.func.count(LoginLockout.id))) == 0


def test_the_lockout_is_in_the_database_and_ends_after_15_minutes(app, db, make_user):
    user = make_user("admin")
    email, password = user.email, user.test_password
    start = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    with app.test_request_context():
        for minute in range(10):
            assert sign_in.authenticate(db, email, "wrong", now=start + timedelta(minutes=minute)) is None
            db.commit()
        # A fresh session, as another worker or a restarted one would read it.
        db.remove()
        locked_at = start + timedelta(minutes=9)
        with pytest.raises(sign_in.TooManyAttempts):
            sign_in.authenticate(db, email, password, now=locked_at + timedelta(minutes=14))
        assert sign_in.authenticate(db, email, password, now=locked_at + timedelta(minutes=15, seconds=1))
        db.commit()
    assert db.scalar(sa.select(sa.func.count(LoginLockout.id))) == 0


def test_failures_spread_beyond_15_minutes_do_not_lock(app, db, make_user):
    user = make_user("admin")
    start = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    with app.test_request_context():
        for attempt_number in range(20):
            assert sign_in.authenticate(db, user.email, "wrong", now=start + timedelta(minutes=2 * attempt_number)) is None
        assert db.scalar(sa.select(LoginLockout.locked_until)) is None


def test_an_unknown_address_is_counted_and_hashed_like_a_known_one(app, client, db, monkeypatch):
    hashed = []
    real_check = sign_in.check_password_hash
    monkeypatch.setattr(sign_in, "check_password_hash", lambda *args: hashed.append(args) or real_check(*args))
    fail_times(client, "nobody@staff.example.vn", 10)
    assert len(hashed) == 10
    response = attempt(client, "nobody@staff.example.vn", "anything")
    assert response.status_code == 429  # the same answer as for an account: nothing tells them apart


def test_an_organiser_lifts_the_lockout_of_their_staff_only(app, client, db, make_event, make_user, api_headers):
    event, other_event = make_event(), make_event()
    organiser = make_user("organiser", event)
    door = make_user("checkin", event, email="cua1@staff.example.vn")
    stranger = make_user("checkin", other_event, email="khac@staff.example.vn")
    for address in (door.email, stranger.email):
        fail_times(client, address, 10)

    refused = client.delete(f"/api/v1/login-lockouts/{stranger.email}", headers=api_headers(organiser))
    assert refused.status_code == 403
    lifted = client.delete(f"/api/v1/login-lockouts/{door.email}", headers=api_headers(organiser))
    assert lifted.status_code == 204
    login(client, door)
    assert attempt(app.test_client(), stranger.email, stranger.test_password).status_code == 429


def test_the_command_line_unlocks(app, client, make_user):
    user = make_user("admin")
    fail_times(client, user.email, 10)
    result = app.test_cli_runner().invoke(args=["users", "unlock", user.email])
    assert result.exit_code == 0, result.output
    login(client, user)


def test_fifty_failed_sign_ins_from_one_address_are_refused_with_429(app, client, make_user):
    user = make_user("admin")
    for number in range(50):
        assert attempt(client, f"guess{number}@staff.example.vn", "123456").status_code == 200
    refused = attempt(client, user.email, user.test_password)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    # Another IP still signs in.
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert attempt(elsewhere, user.email, user.test_password).status_code == 302


def test_successful_sign_ins_do_not_count_against_the_address(client, make_user):
    user = make_user("admin")
    for _ in range(55):
        assert attempt(client, user.email, user.test_password).status_code == 302
        client.post("/auth/logout", data={"csrf_token": csrf_token(client)})


@pytest.fixture()
def redis_backed_apps(database_url, app):
    """Two apps with one Redis store, as two gunicorn workers would be."""
    from eventapp import create_app

    prefix = f"eventapp-test-{uuid.uuid4().hex}"
    settings = {
        **{key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "PUBLIC_BASE_URL", "PASSWORD_HASH_METHOD")},
        "TESTING": True,
        "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
        "RATELIMIT_FAILED_SIGN_INS": "5 per 15 minutes",
    }
    apps = [create_app(settings), create_app(settings)]
    for each in apps:
        each.test_client_class = app.test_client_class
    yield apps
    import redis

    connection = redis.Redis.from_url(TEST_REDIS_URL)
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)


def test_per_ip_counts_live_in_redis_shared_by_every_worker(redis_backed_apps, make_user):
    import redis

    first, second = (each.test_client() for each in redis_backed_apps)
    for number in range(5):
        assert attempt(first, f"guess{number}@staff.example.vn", "123456").status_code == 200
    assert attempt(second, "guess9@staff.example.vn", "123456").status_code == 429
    prefix = redis_backed_apps[0].config["RATELIMIT_KEY_PREFIX"]
    assert list(redis.Redis.from_url(TEST_REDIS_URL).scan_iter(f"*{prefix}*"))


def test_twenty_registrations_an_hour_from_one_address(client, db, make_event, outbox):
    event = make_event()
    for number in range(20):
        token = csrf_token(client, f"/events/{event.id}/register")
        response = client.post(f"/events/{event.id}/register", data=registration_form(token, email=f"khach{number}@example.vn"))
        assert response.status_code == 302
    token = csrf_token(client, f"/events/{event.id}/register")
    refused = client.post(f"/events/{event.id}/register", data=registration_form(token, email="khach99@example.vn"))
    assert refused.status_code == 429
    assert len(outbox()) == 20


def test_forms_sent_back_with_errors_do_not_use_up_the_registrations(client, make_event):
    event = make_event()
    for _ in range(25):
        token = csrf_token(client, f"/events/{event.id}/register")
        assert client.post(f"/events/{event.id}/register", data=registration_form(token, email="nope")).status_code == 200


def test_the_honeypot_registers_and_mails_nobody(client, db, make_event, outbox):
    from eventapp.models import Participant

    event = make_event()
    page = client.get(f"/events/{event.id}/register").get_data(as_text=True)
    assert 'name="website"' in page and 'class="d-none" aria-hidden="true"' in page
    token = csrf_token(client, f"/events/{event.id}/register")
    response = client.post(f"/events/{event.id}/register", data=registration_form(token, website="http://spam.example"))
    assert response.status_code == 200
    assert db.scalar(sa.select(sa.func.count(Participant.id))) == 0
    assert outbox() == []


def test_meeting_requests_are_limited_per_address(app, db, client, make_event, make_user, make_participant):
    from tests.meeting_helpers import build_scenario

    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=1)
    exhibitor = scenario.exhibitors[0]
    app.config["RATELIMIT_MEETING_REQUESTS"] = "3 per hour"
    try:
        statuses = [
            client.post(
                f"/p/{exhibitor.access_key}/meetings/requests",
                data={"csrf_token": csrf_token(client), "to": str(scenario.buyers[0].id), "priority": "1"},
            ).status_code
            for _ in range(4)
        ]
    finally:
        app.config["RATELIMIT_MEETING_REQUESTS"] = "30 per hour"
    assert statuses == [302, 302, 302, 429]
