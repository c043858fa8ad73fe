"""Scanned MoUs on disk, kept in step with the database transaction
(``services.file_store``).

Files live in ``instance/mou_documents/`` under random names, never in
``static/``: the only way to read one is the download view, which checks the
reader's role.
"""

import secrets
from pathlib import Path

import sqlalchemy.orm as so

from eventapp.domain.scanned_documents import CheckedDocument
from eventapp.services import file_store

FOLDER = "mou_documents"


def folder() -> Path:
    return file_store.folder(FOLDER)


def path_of(stored_name: str) -> Path:
    return folder() / stored_name


def store(session: so.Session, document: CheckedDocument, content: bytes) -> str:
    """Write the file under a new random name and return that name."""
    name = secrets.token_hex(16) + document.extension
    file_store.write_new(session, folder() / name, content)
    return name


def discard_after_commit(session: so.Session, stored_name: str | None) -> None:
    if stored_name:
        file_store.remove_after_commit(session, folder() / stored_name)
