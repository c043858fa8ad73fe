"""Scanned MoUs on disk, kept in step with the database transaction.

Files live in ``instance/mou_documents/`` under random names, never in
``static/``: the only way to read one is the download view, which checks the
reader's role. A file written for a request that then rolls back is removed;
a replaced or deleted file is removed only once the change is committed, so
a failed request never loses a scan.
"""

import secrets
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.scanned_documents import CheckedDocument

WRITTEN_KEY = "eventapp.mou_documents.written"
OBSOLETE_KEY = "eventapp.mou_documents.obsolete"


def folder() -> Path:
    path = Path(current_app.instance_path) / "mou_documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(stored_name: str) -> Path:
    return folder() / stored_name


def store(session: so.Session, document: CheckedDocument, content: bytes) -> str:
    """Write the file under a new random name and return that name."""
    name = secrets.token_hex(16) + document.extension
    target = folder() / name
    with target.open("xb") as handle:
        handle.write(content)
    session.info.setdefault(WRITTEN_KEY, []).append(target)
    return name


def discard_after_commit(session: so.Session, stored_name: str | None) -> None:
    if stored_name:
        session.info.setdefault(OBSOLETE_KEY, []).append(folder() / stored_name)


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
