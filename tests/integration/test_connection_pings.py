"""A pooled connection idle for a while is pinged before use and replaced if
the server dropped it (a restart); one used a moment ago is not pinged."""

import pytest
import sqlalchemy as sa

from eventapp import extensions
from eventapp.extensions import db


@pytest.fixture()
def engine(app):
    """An engine of one pooled connection, so the test knows which it gets."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


@pytest.mark.postgres_only
def test_a_connection_the_server_dropped_is_replaced_after_idling(app, engine, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(extensions.time, "monotonic", lambda: clock[0])
    with engine.connect() as connection:
        pid = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    outsider = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
    with outsider.connect() as other:
        other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    outsider.dispose()
    clock[0] += extensions.PING_AFTER_IDLE_SECONDS + 1
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT pg_backend_pid()")).scalar() != pid


def test_a_connection_used_a_moment_ago_is_not_pinged(engine, monkeypatch):
    pings: list[object] = []
    monkeypatch.setattr(engine.dialect, "do_ping", pings.append)
    for _ in range(2):
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    assert pings == []


@pytest.mark.postgres_only
def test_a_door_connection_the_server_dropped_is_replaced_after_idling(app, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(extensions.time, "monotonic", lambda: clock[0])
    with app.app_context():
        with extensions.autocommit_connection(db.engine) as door:
            pid = door.pooled.driver_connection.info.backend_pid
        outsider = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
        with outsider.connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        outsider.dispose()
        clock[0] += extensions.PING_AFTER_IDLE_SECONDS + 1
        with extensions.autocommit_connection(db.engine) as door:
            assert door.pooled.driver_connection.info.backend_pid != pid


@pytest.mark.postgres_only
def test_the_doors_connections_commit_each_statement_and_never_plan_a_sequential_read(app):
    with app.app_context(), extensions.autocommit_connection(db.engine) as door:
        driver = door.pooled.driver_connection
        assert driver.execute("SHOW enable_seqscan").fetchone() == ("off",)
        assert driver.autocommit
