"""The database unreachable (a restart, a failover) is a short wait, not a
crash: the API answers 503 with Retry-After, pages say so kindly, and the app
recovers by itself when the database is back."""

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.conftest import ON_POSTGRES, RequestIsolatingClient

# Nothing listens on port 1; a SQLite file in a folder that does not exist
# cannot be opened. Either way every connection attempt fails at once.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/eventapp" if ON_POSTGRES else "sqlite:////nonexistent/eventapp.sqlite"


@pytest.fixture
def app_without_database(instance_path) -> Flask:
    from eventapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "MAIL_SERVER": None,
            "PUBLIC_BASE_URL": "http://eventapp.test",
        }
    )
    app.test_client_class = RequestIsolatingClient
    return app


def test_the_api_answers_503_with_retry_after(app_without_database):
    client = app_without_database.test_client()
    response = client.post("/api/v1/events/1/checkins", headers={"Authorization": "Bearer some-token"}, json={"code": "abc"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["error"]["code"] == "unavailable"
    assert "giây" in response.get_json()["error"]["message"]


def test_a_page_says_so_kindly(app_without_database):
    response = app_without_database.test_client().get("/events/1/register?lang=en")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "briefly unavailable" in response.get_data(as_text=True)


@pytest.mark.postgres_only
def test_the_app_recovers_when_the_server_drops_every_connection(client, db, make_event, make_user, api_headers):
    event = make_event()
    headers = api_headers(make_user("organiser", event))
    url = f"/api/v1/events/{event.id}/participants"
    assert client.get(url, headers=headers).status_code == 200
    db.close()  # the test's own connection goes back to the pool, to be cut with the others
    # What a restart does to the pool: every open connection is cut.
    with sa.create_engine(db.get_bind().url).connect() as admin:
        admin.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    statuses = [client.get(url, headers=headers).status_code for _ in range(3)]
    assert set(statuses) <= {200, 503}
    assert statuses[-1] == 200
    # Connections the three requests did not need are cut too: the clean-up starts afresh.
    db.get_bind().dispose()


@pytest.mark.postgres_only
def test_the_door_recovers_when_the_server_drops_every_connection(
    client, db, make_event, make_user, make_participant, api_headers
):
    """The door's own pool is cut too; its token is remembered, so the first
    thing the scan touches after the cut is that connection: a 503 at worst,
    which the phone's queue retries, then scans again."""
    from eventapp.services import badges

    event = make_event()
    headers = api_headers(make_user("checkin", event))
    guests = [make_participant(event) for _ in range(4)]
    url = f"/api/v1/events/{event.id}/checkins"
    assert client.post(url, headers=headers, json={"code": badges.badge_code(guests[0])}).status_code == 201
    codes = [badges.badge_code(guest) for guest in guests[1:]]
    db.close()
    with sa.create_engine(db.get_bind().url).connect() as admin:
        admin.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    statuses = [client.post(url, headers=headers, json={"code": code}).status_code for code in codes]
    assert set(statuses) <= {201, 503}
    assert statuses[-1] == 201
    db.get_bind().dispose()
