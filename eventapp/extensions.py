"""Extensions created without an app; ``create_app`` binds them."""

import sqlite3
import time
import weakref
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from eventapp.domain.checkin_lists import entry_day
from eventapp.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


# Python's sqlite3 opens a transaction only before a write. A SAVEPOINT taken
# after mere reads (a new organisation during a registration or an import)
# would run outside any transaction: its RELEASE would commit, and a later
# rollback would leave its rows behind. Open the transaction first. (Reads
# alone still take no lock, so a reader never blocks a writer.)
@sa.event.listens_for(sa.Engine, "savepoint")
def _sqlite_savepoint_inside_a_transaction(connection: sa.Connection, name: str) -> None:
    if connection.dialect.name == "sqlite":
        driver_connection = connection.connection.dbapi_connection
        if isinstance(driver_connection, sqlite3.Connection) and not driver_connection.in_transaction:
            driver_connection.execute("BEGIN")


# SQLite ignores foreign keys unless each connection asks for them; without
# this, the same bad row that PostgreSQL refuses would be stored on SQLite.
@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_enforces_foreign_keys(driver_connection, connection_record) -> None:
    if isinstance(driver_connection, sqlite3.Connection):
        cursor = driver_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        driver_connection.create_function("local_day", 2, _local_day_of_stored_instant, deterministic=True)


def _local_day_of_stored_instant(stored: str | None, timezone: str | None) -> str | None:
    """``models.checkin.local_day`` on SQLite, where instants are stored as UTC text."""
    if stored is None or timezone is None:
        return None
    return entry_day(datetime.fromisoformat(stored).replace(tzinfo=UTC), timezone).isoformat()


# Pinging a pooled connection before each use (``pool_pre_ping``) costs a
# round trip on every request, the door's scans included. A connection handed
# back less than this long ago is used as it is; one idle longer is pinged
# and, if the server went away meanwhile (a restart), replaced.
PING_AFTER_IDLE_SECONDS = 2.0


@sa.event.listens_for(sa.pool.Pool, "checkin")
def _remember_when_the_connection_went_idle(driver_connection, connection_record) -> None:
    if connection_record is not None:
        connection_record.info["idle_since"] = time.monotonic()


@sa.event.listens_for(sa.Engine, "engine_connect")
def _ping_a_connection_idle_for_a_while(connection: sa.Connection) -> None:
    idle_since = connection.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    connection.info["idle_since"] = None
    try:
        connection.dialect.do_ping(connection.connection.dbapi_connection)
    except connection.dialect.loaded_dbapi.Error:
        connection.invalidate()  # the next statement opens a fresh connection


_AUTOCOMMIT_ENGINES: "weakref.WeakKeyDictionary[sa.Engine, sa.Engine]" = weakref.WeakKeyDictionary()


def autocommit_engine(engine: sa.Engine) -> sa.Engine:
    """``engine``, sharing its pool, with every statement committed as it
    runs: for writes that stand alone in one statement (the door's scans)."""
    known = _AUTOCOMMIT_ENGINES.get(engine)
    if known is None:
        known = _AUTOCOMMIT_ENGINES[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return known
