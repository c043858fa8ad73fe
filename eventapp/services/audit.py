"""The audit log: every staff write records one row here, and so does a
participant's change to their own registration (``record_by_participant``).

Services call ``record`` in the same transaction as the write it describes,
after the write is flushed (so the target has its id): the entry is kept
exactly when the write is. Organisers read their event's log with ``entries``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import has_request_context, request

from eventapp.domain.vocabulary import EventRole
from eventapp.models import AuditEntry, Participant, User
from eventapp.services.access import require_event_role

# Never written to the log, whatever a service passes.
SECRET_FIELDS = frozenset({"password", "password_hash", "token", "token_hash", "access_key", "session_token", "secret"})


def record(
    session: so.Session,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    *,
    event_id: int | None = None,
    changes: Mapping[str, object] | None = None,
) -> AuditEntry:
    """Append one entry. ``action`` is ``<target>.<verb>`` (``participant.approved``);
    ``changes`` is ``{"field": [before, after]}`` (see ``changed_fields``) or
    what the target said for a creation or deletion. ``actor`` None is the
    command line's operator."""
    entry = AuditEntry(
        event_id=event_id,
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        changes=_jsonable({key: value for key, value in (changes or {}).items() if key not in SECRET_FIELDS}),
        ip=request.remote_addr if has_request_context() else None,
    )
    session.add(entry)
    return entry


def record_by_participant(
    session: so.Session,
    participant: Participant,
    action: str,
    *,
    changes: Mapping[str, object] | None = None,
) -> AuditEntry:
    """Append one entry about ``participant``'s own registration, written by
    them through their private link."""
    entry = record(session, None, action, "participant", participant.id, event_id=participant.event_id, changes=changes)
    entry.actor_participant_id = participant.id
    return entry


def snapshot(target: object, fields: Iterable[str]) -> dict[str, object]:
    """The values of ``fields`` on ``target``, to compare before and after a write."""
    return {name: getattr(target, name) for name in fields}


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """``{"field": [before, after]}`` for the fields whose value differs."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def _jsonable(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    target_type: str = ""


def entries(
    session: so.Session, actor: User | None, event_id: int, where: AuditFilter, *, page: int = 1, per_page: int = 50
) -> tuple[list[AuditEntry], int]:
    """One page of an event's log, newest first, and how many entries match."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    query = sa.select(AuditEntry).where(AuditEntry.event_id == event_id)
    if where.action:
        query = query.where(sa.or_(AuditEntry.action == where.action, AuditEntry.action.startswith(where.action + ".")))
    if where.actor:
        query = query.where(AuditEntry.actor_email == where.actor.strip().lower())
    if where.target_type:
        query = query.where(AuditEntry.target_type == where.target_type)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page)
    )
    return list(rows), total


def target_history(session: so.Session, event_id: int, target_type: str, target_id: int) -> list[AuditEntry]:
    """Everything recorded about one target, newest first (the caller checked access)."""
    return list(
        session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.event_id == event_id, AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
    )
