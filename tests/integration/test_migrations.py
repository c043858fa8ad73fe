"""The migrations build exactly the models' schema from nothing, undo it
completely, and build it again, on SQLite and PostgreSQL.

The session's database is the one every other test uses: this test leaves it
at head, as it found it.
"""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from eventapp.extensions import db


def tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrade_downgrade_upgrade_then_models_and_migrations_agree(app):
    with app.app_context():
        db.session.remove()
        head = current_revision()
        assert head is not None
        try:
            downgrade(revision="base")
            assert tables() == set() and current_revision() is None
            upgrade()
            assert tables() == set(db.metadata.tables) and current_revision() == head
            downgrade(revision="base")
            assert tables() == set()
        finally:
            upgrade()
        assert current_revision() == head

        # What `flask db check` does: autogenerate finds nothing to migrate.
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
