"""Fixtures shared by every test.

The suite runs on SQLite by default and on PostgreSQL when
``TEST_DATABASE_URL`` is set (``make test`` runs both). The schema is built by
the migrations, not ``create_all``, so every run also proves them. Each test
starts from empty tables: rows are deleted after it, which (unlike a rolled
back outer transaction) lets tests commit from several threads, as the
concurrency tests must.
"""

import contextvars
import os
import re
from collections.abc import Callable, Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + TEST_DATABASE_URL if ON_POSTGRES else 'SQLite'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs PostgreSQL (set TEST_DATABASE_URL)")
    for item in items:
        if "postgres_only" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    os.environ["EVENTAPP_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def database_url(instance_path: Path) -> str:
    return TEST_DATABASE_URL or f"sqlite:///{instance_path / 'test.sqlite'}"


def reset_database(url: str) -> None:
    """An empty database, so the migrations start from nothing."""
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


class RequestIsolatingClient(FlaskClient):
    """Each request runs in its own application context, as in production.

    Tests hold an app context for their ``db`` session; without this, requests
    would reuse it and share its database session and ``g`` (cached language,
    signed-in user) from one request to the next.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(instance_path: Path, database_url: str) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from eventapp import create_app

    reset_database(database_url)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "MAIL_SERVER": None,
            "PUBLIC_BASE_URL": "http://eventapp.test",
            "SERVER_NAME": None,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        upgrade()
    yield app


def _empty_all_tables(app: Flask) -> None:
    from eventapp.extensions import db

    with app.app_context():
        db.session.remove()
        tables = [table.name for table in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                quoted = ", ".join(f'"{name}"' for name in tables)
                connection.execute(sa.text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    connection.execute(sa.text(f'DELETE FROM "{name}"'))


@pytest.fixture(autouse=True)
def _isolated(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty tables, outbox and per-IP counts after every test that touched the app."""
    yield
    if "app" in request.fixturenames:
        from eventapp.rate_limits import limiter_of
        from eventapp.services import jobs

        jobs.wait_for_threads()  # a delivery still running would write into the next test

        app: Flask = request.getfixturevalue("app")
        _empty_all_tables(app)
        with app.app_context():
            limiter_of(app).reset()
        for message in (Path(app.instance_path) / "outbox").glob("*.eml"):
            message.unlink()


@pytest.fixture()
def db(app: Flask):
    """The session of an app context held for the whole test."""
    from eventapp.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The token a real browser would read from a page, for forms posted in tests."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_META.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


@pytest.fixture()
def outbox(app: Flask) -> Callable[[], list[EmailMessage]]:
    """The e-mails delivered so far in this test, oldest first: once the
    delivery jobs this process started have ended."""
    from eventapp.services import jobs

    def read() -> list[EmailMessage]:
        jobs.wait_for_threads()
        folder = Path(app.instance_path) / "outbox"
        return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.glob("*.eml"))]

    return read


# Factories ----------------------------------------------------------------


@pytest.fixture()
def make_event(db):
    from eventapp.models import Event

    def make(**fields) -> "Event":
        values = {
            "name": "Hội nghị kết nối cung cầu sản phẩm OCOP tỉnh Sóc Trăng 2020",
            "venue": "Trung tâm Hội nghị tỉnh Sóc Trăng",
            "province": "soc-trang",
            "starts_on": date(2020, 11, 20),
            "ends_on": date(2020, 11, 21),
        } | fields
        event = Event(**values)
        db.add(event)
        db.commit()
        return event

    return make


@pytest.fixture()
def make_user(db):
    from eventapp.services import accounts

    counter = iter(range(1, 10_000))

    def make(role: str = "organiser", event=None, email: str | None = None, password: str = "mat-khau-123"):
        address = email or f"{role}{next(counter)}@staff.example.vn"
        user = accounts.create_user(db, address, password, role=role, event_id=event.id if event is not None else None)
        db.commit()
        user.test_password = password
        return user

    return make


@pytest.fixture()
def make_participant(db):
    from eventapp.models import Organisation, Participant, Product
    from eventapp.services.registration import search_text_for

    counter = iter(range(1, 100_000))

    def make(
        event,
        *,
        role: str = "exhibitor",
        status: str = "approved",
        full_name: str | None = None,
        organisation: "Organisation | None" = None,
        products: list[tuple[str, str, int]] | None = None,
        province: str = "soc-trang",
        **fields,
    ):
        number = next(counter)
        if organisation is None:
            organisation = Organisation(
                name=f"Công ty TNHH Đặc sản Số {number}",
                name_key=f"công ty tnhh đặc sản số {number}",
                kind="enterprise",
                province=province,
            )
        if products is None:
            products = [("Bánh pía Sóc Trăng", "food", 4)] if role == "exhibitor" else []
        participant = Participant(
            event_id=event.id,
            organisation=organisation,
            role=role,
            status=status,
            full_name=full_name or f"Nguyễn Văn Thành {number}",
            email=fields.pop("email", f"nguoi{number}@example.vn"),
            products=[Product(name=name, group=group, stars=stars) for name, group, stars in products],
            **fields,
        )
        participant.search_text = search_text_for(participant)
        db.add(participant)
        db.commit()
        return participant

    return make


def login(client: FlaskClient, user, password: str | None = None) -> None:
    token = csrf_token(client, "/auth/login")
    response = client.post(
        "/auth/login", data={"email": user.email, "password": password or user.test_password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture()
def api_headers(db):
    """Authorization headers for a user's new API token."""
    from eventapp.services import accounts

    def headers(user) -> dict[str, str]:
        token = accounts.issue_token(db, user.email)
        db.commit()
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture()
def redis_app(app, request):
    """The app with background jobs on the real Redis, in the test module's own
    Redis database (its ``REDIS_FOR_TESTS``), so modules never share a queue;
    the queue is emptied before and after."""
    from redis import Redis

    from eventapp.services import jobs

    url = request.module.REDIS_FOR_TESTS
    Redis.from_url(url).ping()
    previous = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = url
    jobs.rq_queue(app).empty()
    yield app
    jobs.rq_queue(app).empty()
    app.config["REDIS_URL"] = previous
