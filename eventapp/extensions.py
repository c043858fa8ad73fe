"""Extensions created without an app; ``create_app`` binds them."""

import sqlite3

import sqlalchemy as sa
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

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
