"""What an operator runs the app by: liveness and readiness, Prometheus
metrics behind a token or the machine itself, the proxy's headers trusted
only when configured, JSON logs."""

import io
import json
import logging
import os

import pytest
import sqlalchemy as sa

from tests.conftest import RequestIsolatingClient

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_liveness_and_readiness_when_everything_is_up(client, app):
    assert client.get("/api/v1/health").get_json() == {"status": "ok"}
    answer = client.get("/api/v1/ready")
    assert answer.status_code == 200
    assert answer.get_json() == {"database": "ok", "migrations": "ok", "queue": "inline"}
    app.config["REDIS_URL"] = TEST_REDIS_URL
    try:
        assert client.get("/api/v1/ready").get_json()["queue"] == "ok"
    finally:
        app.config["REDIS_URL"] = None


def test_readiness_names_a_queue_that_does_not_answer(client, app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        answer = client.get("/api/v1/ready")
    finally:
        app.config["REDIS_URL"] = None
    assert answer.status_code == 503
    assert answer.get_json() == {"database": "ok", "migrations": "ok", "queue": "unreachable"}


def test_readiness_says_when_the_migrations_are_behind(client, db):
    (version,) = db.scalars(sa.text("SELECT version_num FROM alembic_version"))
    db.execute(sa.text("UPDATE alembic_version SET version_num = '368448a64261'"))
    db.commit()
    try:
        answer = client.get("/api/v1/ready")
    finally:
        db.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": version})
        db.commit()
    assert answer.status_code == 503 and answer.get_json()["migrations"] == "behind"


def test_readiness_without_a_database(instance_path):
    from eventapp import create_app

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/eventapp.sqlite", "SECRET_KEY": "k" * 40}
    )
    app.test_client_class = RequestIsolatingClient
    answer = app.test_client().get("/api/v1/ready")
    assert answer.status_code == 503
    assert answer.get_json() == {"database": "unreachable", "migrations": "unknown", "queue": "inline"}


def sample(client, name: str, **labels: str) -> float:
    """One figure of /metrics as this machine reads it (0 when not there yet)."""
    from prometheus_client.parser import text_string_to_metric_families

    text = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_data(as_text=True)
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(key) == value for key, value in labels.items()):
                return found.value
    return 0.0


def test_metrics_count_requests_and_scans_for_this_machine_only(client, app, make_event, make_user, api_headers):
    event = make_event()
    door = api_headers(make_user("checkin", event))
    # Request figures live in the process, across tests: compare before and after.
    scans_before = sample(client, "eventapp_request_duration_seconds_count", endpoint="api.record_checkin")
    health_before = sample(client, "eventapp_requests_total", endpoint="api.health", method="GET", status="200")
    client.post(f"/api/v1/events/{event.id}/checkins", headers=door, json={"code": "not-a-badge"})
    client.get("/api/v1/health")
    assert sample(client, "eventapp_scans_total", result="invalid") == 1
    assert sample(client, "eventapp_request_duration_seconds_count", endpoint="api.record_checkin") == scans_before + 1
    assert sample(client, "eventapp_requests_total", endpoint="api.health", method="GET", status="200") == health_before + 1
    page = client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert page.status_code == 200 and page.mimetype == "text/plain"
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403


def test_metrics_from_elsewhere_need_the_token(client, app):
    app.config["METRICS_TOKEN"] = "a-long-random-token-for-prometheus"
    try:
        elsewhere = {"REMOTE_ADDR": "203.0.113.9"}
        assert client.get("/metrics", environ_base=elsewhere).status_code == 403
        wrong = {"Authorization": "Bearer guess"}
        assert client.get("/metrics", environ_base=elsewhere, headers=wrong).status_code == 403
        right = {"Authorization": "Bearer a-long-random-token-for-prometheus"}
        assert client.get("/metrics", environ_base=elsewhere, headers=right).status_code == 200
        # With a token set, even this machine shows it.
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 403
    finally:
        app.config["METRICS_TOKEN"] = None


@pytest.mark.parametrize("hops, seen", [(0, "10.0.0.2"), (1, "198.51.100.7")])
def test_the_client_address_comes_from_the_proxy_only_when_configured(instance_path, database_url, hops, seen):
    from flask import request

    from eventapp import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "k" * 40, "PROXY_HOPS": hops})

    @app.get("/_test/address")
    def address():
        return f"{request.remote_addr} {request.scheme}"

    answer = app.test_client().get(
        "/_test/address",
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
        headers={"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"},
    )
    assert answer.get_data(as_text=True) == f"{seen} {'https' if hops else 'http'}"


def test_json_logs_carry_the_request(instance_path, database_url):
    from eventapp import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "k" * 40, "LOG_FORMAT": "json"})
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    try:
        with app.test_request_context("/events/1", method="GET"):
            app.logger.warning("Sóc Trăng: cửa số %s", 2)
    finally:
        logging.getLogger().handlers.clear()
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["level"] == "WARNING" and line["message"] == "Sóc Trăng: cửa số 2"
    assert line["method"] == "GET" and line["path"] == "/events/1"
