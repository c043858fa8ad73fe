"""Who may do what at which event. Every service asks here first."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import AuthenticationRequired, NotFound, PermissionDenied, Text
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, Membership, User

# An organiser can do what check-in staff and officials do at their event.
IMPLIED_ROLES: dict[str, frozenset[str]] = {
    EventRole.ORGANISER: frozenset(EventRole),
    EventRole.CHECKIN: frozenset({EventRole.CHECKIN}),
    EventRole.OFFICIAL: frozenset({EventRole.OFFICIAL}),
}


@dataclass(frozen=True)
class Caller:
    """Who is asking, and the roles they hold at each event (implied ones
    included): what authorisation needs, without a database row in hand, so
    a worker can remember it between requests (``accounts.caller_for_token``)."""

    user_id: int
    email: str
    is_admin: bool
    roles: Mapping[int, frozenset[str]]

    def roles_at(self, event_id: int) -> frozenset[str]:
        return frozenset(EventRole) if self.is_admin else self.roles.get(event_id, frozenset())


def caller_from_rows(user_id: int, email: str, is_admin: bool, memberships: Iterable[tuple[int | None, str | None]]) -> Caller:
    """A ``Caller`` from the account and its (event id, role) rows; an outer
    join gives one (None, None) row for an account without roles."""
    roles: dict[int, set[str]] = {}
    for event_id, role in memberships:
        if event_id is not None and role is not None:
            roles.setdefault(event_id, set()).update(IMPLIED_ROLES[role])
    return Caller(user_id, email, is_admin, {event_id: frozenset(held) for event_id, held in roles.items()})


def caller_of(session: so.Session, actor: User | None) -> Caller:
    """The signed-in account as a ``Caller``: one query for its roles."""
    actor = require_signed_in(actor)
    rows = session.execute(sa.select(Membership.event_id, Membership.role).where(Membership.user_id == actor.id)).all()
    return caller_from_rows(actor.id, actor.email, actor.is_admin, rows)


def require_caller_role(session: so.Session, caller: Caller, event_id: int, roles: Iterable[str]) -> None:
    """As ``require_event_role``, from what the caller is known to hold: no
    query at all for staff with the role (the door's scans), one to tell an
    unknown event (404) from a forbidden one (403) otherwise."""
    held = caller.roles_at(event_id)
    if held & set(roles) and not caller.is_admin:
        return  # a membership of the event: the event exists (memberships go with it)
    if session.scalar(sa.select(Event.id).where(Event.id == event_id)) is None:
        raise NotFound(Text("This event does not exist."))
    if not held & set(roles):
        raise PermissionDenied(Text("You do not have permission to do this at this event."))


def get_event(session: so.Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(Text("This event does not exist."))
    return event


def event_roles(session: so.Session, actor: User | None, event_id: int) -> frozenset[str]:
    if actor is None or not actor.is_authenticated:
        return frozenset()
    if actor.is_admin:
        return frozenset(EventRole)
    held = session.scalars(sa.select(Membership.role).where(Membership.user_id == actor.id, Membership.event_id == event_id))
    return frozenset[str]().union(*(IMPLIED_ROLES[role] for role in held))


def require_event_role(session: so.Session, actor: User | None, event_id: int, roles: Iterable[str]) -> Event:
    """The event, if ``actor`` holds one of ``roles`` there (directly or implied).

    One query reads the event and the actor's roles together: every request
    of every staff page asks this, the door's scans most often of all.
    """
    actor = require_signed_in(actor)
    rows = session.execute(
        sa.select(Event, Membership.role)
        .outerjoin(Membership, sa.and_(Membership.event_id == Event.id, Membership.user_id == actor.id))
        .where(Event.id == event_id)
    ).all()
    if not rows:
        raise NotFound(Text("This event does not exist."))
    held: frozenset[str]
    if actor.is_admin:
        held = frozenset(EventRole)
    else:
        held = frozenset[str]().union(*(IMPLIED_ROLES[role] for _event, role in rows if role is not None))
    if not held & set(roles):
        raise PermissionDenied(Text("You do not have permission to do this at this event."))
    return rows[0][0]


def require_signed_in(actor: User | None) -> User:
    if actor is None or not actor.is_authenticated:
        raise AuthenticationRequired(Text("Sign in first."))
    return actor


def require_admin(actor: User | None) -> User:
    actor = require_signed_in(actor)
    if not actor.is_admin:
        raise PermissionDenied(Text("Only administrators can do this."))
    return actor


def staff_events(session: so.Session, actor: User) -> list[tuple[Event, frozenset[str]]]:
    """The events ``actor`` works at, newest first, with the roles held there."""
    if actor.is_admin:
        events = session.scalars(sa.select(Event).order_by(Event.starts_on.desc(), Event.id.desc()))
        return [(event, frozenset(EventRole)) for event in events]
    rows = session.execute(
        sa.select(Event, Membership.role)
        .join(Membership, Membership.event_id == Event.id)
        .where(Membership.user_id == actor.id)
        .order_by(Event.starts_on.desc(), Event.id.desc())
    )
    roles: dict[int, set[str]] = {}
    events_by_id: dict[int, Event] = {}
    for event, role in rows:
        events_by_id[event.id] = event
        roles.setdefault(event.id, set()).update(IMPLIED_ROLES[role])
    return [(event, frozenset(roles[event.id])) for event in events_by_id.values()]
