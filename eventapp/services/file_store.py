"""Files under ``instance/`` kept in step with the database transaction that
names them (scanned MoUs, product photos).

A file written for a request that then rolls back is removed; a replaced or
deleted file is removed only once the change is committed, so a failed
request never loses a file and a committed one never leaves one behind.
"""

from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

WRITTEN_KEY = "eventapp.file_store.written"
OBSOLETE_KEY = "eventapp.file_store.obsolete"


def folder(name: str) -> Path:
    path = Path(current_app.instance_path) / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_new(session: so.Session, target: Path, content: bytes) -> None:
    """Write a file that must not exist yet; it goes away if the transaction does."""
    with target.open("xb") as handle:
        handle.write(content)
    session.info.setdefault(WRITTEN_KEY, []).append(target)


def remove_after_commit(session: so.Session, target: Path) -> None:
    session.info.setdefault(OBSOLETE_KEY, []).append(target)


@sa.event.listens_for(so.Session, "after_commit")
def _remove_obsolete(session: so.Session) -> None:
    session.info.pop(WRITTEN_KEY, None)
    for path in session.info.pop(OBSOLETE_KEY, []):
        path.unlink(missing_ok=True)


@sa.event.listens_for(so.Session, "after_rollback")
def _remove_uncommitted(session: so.Session) -> None:
    # after_rollback fires for the real transaction only, not for savepoints.
    session.info.pop(OBSOLETE_KEY, None)
    for path in session.info.pop(WRITTEN_KEY, []):
        path.unlink(missing_ok=True)
