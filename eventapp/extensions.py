"""Extensions created without an app; ``create_app`` binds them."""

import sqlite3
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from eventapp.domain.checkin_lists import entry_day
from eventapp.driver_statements import DriverConnection
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


def _idle_for_a_while(info: dict) -> bool:
    idle_since = info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return False
    info["idle_since"] = None
    return True


def _answers(dialect: sa.Dialect, driver_connection: object) -> bool:
    try:
        dialect.do_ping(driver_connection)
    except dialect.loaded_dbapi.Error:
        return False
    return True


@sa.event.listens_for(sa.Engine, "engine_connect")
def _ping_a_connection_idle_for_a_while(connection: sa.Connection) -> None:
    if _idle_for_a_while(connection.info) and not _answers(connection.dialect, connection.connection.dbapi_connection):
        connection.invalidate()  # the next statement opens a fresh connection


# The door's connections: each statement commits as it runs, and none plans
# a sequential read. The door's statement is prepared once per connection
# and its plan kept; a plan made while the scans were few (an event's first
# minutes, or a new database) reads them all on every scan until autovacuum
# next analyses the table, which at a busy door means minutes. With
# ``enable_seqscan`` off, the plan uses the indexes however small the table
# was (measured: pgbench of the door's statement on a table growing from
# 8 rows, 6,192 against 13,893 scans in 5 s). Planning every scan afresh
# instead costs about as much as the bad plan.
_DOOR_ENGINES: "weakref.WeakKeyDictionary[sa.Engine, sa.Engine]" = weakref.WeakKeyDictionary()


def _door_engine(engine: sa.Engine) -> sa.Engine:
    known = _DOOR_ENGINES.get(engine)
    if known is None:
        options: dict = {"connect_args": {"options": "-c enable_seqscan=off"}} if engine.dialect.name == "postgresql" else {}
        # Every statement commits as it runs, so a connection comes back from
        # a request with no transaction to roll back.
        known = _DOOR_ENGINES[engine] = sa.create_engine(
            engine.url, isolation_level="AUTOCOMMIT", pool_reset_on_return=None, **options
        )
    return known


@contextmanager
def autocommit_connection(engine: sa.Engine) -> Iterator[DriverConnection]:
    """A pooled connection to ``engine``'s database as the driver gives it,
    on which every statement commits as it runs: for writes that stand alone
    in one statement (the door's scans), sparing the BEGIN and COMMIT round
    trips and SQLAlchemy's bookkeeping of a ``Connection``. From a pool of
    its own (see ``_DOOR_ENGINES``); pinged first, as ``engine.connect()``
    would, when it has been idle for a while."""
    door = _door_engine(engine)
    pooled = _connect(door)
    if _idle_for_a_while(pooled.info) and not _answers(door.dialect, pooled.dbapi_connection):
        pooled.invalidate()
        pooled.close()
        pooled = _connect(door)
    try:
        yield DriverConnection(pooled, door.dialect)
    except sa.exc.DBAPIError as error:
        if error.connection_invalidated:
            pooled.invalidate()  # the server went away mid-statement: never hand this one out again
        raise
    finally:
        pooled.close()


def _connect(engine: sa.Engine) -> sa.PoolProxiedConnection:
    """A pooled connection, its failure to open raised as SQLAlchemy raises
    it from ``engine.connect()`` (the app answers 503 to that)."""
    dbapi_error = engine.dialect.loaded_dbapi.Error
    try:
        return engine.raw_connection()
    except dbapi_error as error:
        raise sa.exc.DBAPIError.instance(None, None, error, dbapi_error, connection_invalidated=True) from error
