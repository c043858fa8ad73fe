"""The SQL statements a block of code sends, for tests that hold a page or a
scan to a fixed number of them."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


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
