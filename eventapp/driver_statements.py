"""Core statements run straight on the database driver's connection.

For the one path where SQLAlchemy's execution machinery costs more than the
database does: the door's scan, answered hundreds of times a second on two
workers (``services.checkin``; ``benchmarks/checkin.py`` measures it). A
statement is still written in Core; it is compiled once per dialect, with
the placeholders the driver takes as they are (``$1`` on PostgreSQL, so
psycopg neither rewrites the text on every call nor misses its cache for a
long statement, and prepares it on the server once per connection), and its
values and results go through the same type processing SQLAlchemy applies
(instants in UTC, SQLite's dates and booleans).
"""

from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.pool import PoolProxiedConnection

# The placeholders each driver reads without rewriting the statement.
_POSITIONAL_STYLE = {"postgresql": "numeric_dollar", "sqlite": "qmark"}

Processor = Callable[[Any], Any] | None


class DriverConnection(NamedTuple):
    """A pooled connection as the driver gives it, and its dialect."""

    pooled: PoolProxiedConnection
    dialect: Dialect

    @classmethod
    def of(cls, connection: sa.Connection) -> "DriverConnection":
        """The driver's connection under ``connection``, in whatever
        transaction ``connection`` is in."""
        return cls(connection.connection, connection.dialect)


# Where a pooled connection keeps its cursor: one for the connection's life
# (the pool drops it with the connection). A new cursor per statement costs
# more than the statement's own work on the client (psycopg sets up its
# adapters and the result's loaders afresh).
_CURSOR = "driver_statements.cursor"


def _cursor_of(connection: DriverConnection) -> Any:
    cursor = connection.pooled.info.get(_CURSOR)
    if cursor is None:
        driver: Any = connection.pooled.driver_connection
        cursor = psycopg.RawCursor(driver) if connection.dialect.name == "postgresql" else driver.cursor()
        connection.pooled.info[_CURSOR] = cursor
    return cursor


class _Compiled(NamedTuple):
    text: str | bytes  # bytes: encoded once, for a driver that would encode it on every call
    parameters: list[tuple[str, Processor]]  # in placeholder order
    processors: list[Processor]  # one per result column


class DriverStatement:
    """A ``SELECT`` or ``INSERT ... RETURNING`` compiled once per dialect;
    its rows are named tuples with the statement's column keys."""

    def __init__(self, statement: sa.Select | sa.Insert) -> None:
        self._statement = statement
        columns = list(statement.exported_columns.items())
        self._row = namedtuple("Row", [key for key, _column in columns])  # type: ignore[misc]
        self._types = [column.type for _key, column in columns]
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            positional = type(dialect)(paramstyle=_POSITIONAL_STYLE[dialect.name])
            statement = self._statement.compile(dialect=positional)
            assert statement.positiontup is not None  # a positional paramstyle
            parameters = [
                (name, statement.binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in statement.positiontup
            ]
            processors = [type_.dialect_impl(dialect).result_processor(dialect, None) for type_ in self._types]
            text: str | bytes = str(statement)
            if dialect.name == "postgresql":
                text = text.encode()
            compiled = self._compiled[dialect.name] = _Compiled(text, parameters, processors)
        return compiled

    def first(self, connection: DriverConnection, values: Mapping[str, object]) -> Any | None:
        """The statement's first row with ``values`` for its parameters, or
        None when it gives no row."""
        compiled = self._for(connection.dialect)
        parameters = []
        for name, process in compiled.parameters:
            value = values[name]
            parameters.append(value if process is None else process(value))
        driver: Any = connection.pooled.driver_connection
        dbapi_error = connection.dialect.loaded_dbapi.Error
        try:
            cursor = _cursor_of(connection)
            if connection.dialect.name == "postgresql":
                cursor.execute(compiled.text, parameters, prepare=True, binary=True)
            else:
                cursor.execute(compiled.text, parameters)
            row = cursor.fetchone()
        except dbapi_error as error:
            # As SQLAlchemy would raise it, so the app's handlers answer as
            # for any statement: 503 when the database went away, 409 for a
            # constraint.
            invalidated = connection.dialect.is_disconnect(error, driver, None)
            raise sa.exc.DBAPIError.instance(
                str(compiled.text), parameters, error, dbapi_error, connection_invalidated=invalidated
            ) from error
        if row is None:
            return None
        pairs = zip(compiled.processors, row, strict=True)
        processed = (value if process is None else process(value) for process, value in pairs)
        return self._row(*processed)

    def one(self, connection: DriverConnection, values: Mapping[str, object]) -> Any:
        """The statement's row, for one that always gives one."""
        row = self.first(connection, values)
        if row is None:
            raise sa.exc.NoResultFound("The statement gave no row.")
        return row
