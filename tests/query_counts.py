"""The SQL statements a block of code sends, for tests that hold a page or a
scan to a fixed number of them."""

import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from psycopg import pq


@contextmanager
def counting_statements(engine: sa.Engine) -> Iterator[list[str]]:
    # This thread's only: the e-mail delivery a commit starts runs in another
    # one, and is measured on its own (tests/integration/test_mail_outbox).
    statements: list[str] = []
    requester = threading.get_ident()

    def record(_connection, _cursor, statement, *_args) -> None:
        if threading.get_ident() == requester:
            statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


@contextmanager
def counting_driver_statements() -> Iterator[list[str]]:
    """What the driver itself sends, for code that runs statements straight
    on it (``eventapp.driver_statements``) and must not send a BEGIN or a
    COMMIT either: the statements SQLite runs (its trace callback), or the
    queries and prepared-statement executions in PostgreSQL's wire protocol
    (libpq's trace of every connection any pool hands out meanwhile, the
    door's own pool included)."""
    statements: list[str] = []
    traced: list[tuple[object, object]] = []

    def sqlite_statement(text: str) -> None:
        # SQLite reports a statement again as each trigger it fires starts
        # (the check-in tallies'), with the same text and values: one statement.
        if not statements or statements[-1] != text:
            statements.append(text)

    def trace(driver_connection, _record, _proxy) -> None:
        if isinstance(driver_connection, sqlite3.Connection):
            driver_connection.set_trace_callback(sqlite_statement)
            traced.append((driver_connection, None))
            return
        log = tempfile.TemporaryFile()
        driver_connection.pgconn.trace(log.fileno())
        driver_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        traced.append((driver_connection, log))

    sa.event.listen(sa.pool.Pool, "checkout", trace)
    try:
        yield statements
    finally:
        sa.event.remove(sa.pool.Pool, "checkout", trace)
        for driver_connection, log in traced:
            if log is None:
                driver_connection.set_trace_callback(None)  # type: ignore[attr-defined]
                continue
            driver_connection.pgconn.untrace()  # type: ignore[attr-defined]
            log.seek(0)  # type: ignore[attr-defined]
            for line in log.read().decode().splitlines():  # type: ignore[attr-defined]
                # "F 54 Query	 "BEGIN"" or "F 4 Execute	 "_pg3_0" 0": a statement sent
                direction, _length, message, *rest = [*line.split(maxsplit=3), ""]
                if direction == "F" and message in ("Query", "Execute"):
                    statements.append(f"{message} {' '.join(rest)}")
            log.close()  # type: ignore[attr-defined]
