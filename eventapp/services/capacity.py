"""Places per role and the waiting list (rules in ``domain/capacity``).

Every way in (the public form, the API, check-in staff, organisers, imports)
asks ``statuses_on_arrival`` before adding people, and every change that
gives a place back calls ``fill_free_places``. Both lock the role's
``event_capacity`` row (``SELECT ... FOR UPDATE``) before counting, so on
PostgreSQL concurrent registrations count one after the other and the last
place is taken once; the lock lasts until the transaction ends. A role
without a cap has no row and nothing to lock. (SQLite lets one writer at a
time in anyway.)
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import capacity as rules
from eventapp.domain.errors import Conflict, Text
from eventapp.domain.vocabulary import ParticipantRole, values
from eventapp.models import EventCapacity, Participant, User
from eventapp.services import audit
from eventapp.services.mail import queue_notice


def places_by_role(session: so.Session, event_id: int) -> dict[str, int]:
    """The event's caps, ``{"exhibitor": 150}``; a role left out has none."""
    return places_of_events(session, [event_id])[event_id]


def places_of_events(session: so.Session, event_ids: list[int]) -> dict[int, dict[str, int]]:
    """The caps of several events in one query (a page of the events list)."""
    caps: dict[int, dict[str, int]] = {event_id: {} for event_id in event_ids}
    rows = session.execute(
        sa.select(EventCapacity.event_id, EventCapacity.role, EventCapacity.places)
        .where(EventCapacity.event_id.in_(event_ids))
        .order_by(EventCapacity.event_id, EventCapacity.role)
    )
    for event_id, role, places in rows:
        caps[event_id][role] = places
    return caps


def set_places(session: so.Session, event_id: int, wanted: Mapping[str, int]) -> None:
    """Make the event's caps ``wanted``; the caller fills the places this frees."""
    rows = {row.role: row for row in session.scalars(sa.select(EventCapacity).where(EventCapacity.event_id == event_id))}
    for role, row in rows.items():
        if role not in wanted:
            session.delete(row)
    for role, places in wanted.items():
        if role in rows:
            rows[role].places = places
        else:
            session.add(EventCapacity(event_id=event_id, role=role, places=places))
    session.flush()


def _locked_places(session: so.Session, event_id: int, roles: Iterable[str]) -> dict[str, int]:
    """The caps of ``roles``, their rows locked until the transaction ends;
    in the order of the roles' names, so two transactions never wait on each other."""
    rows = session.execute(
        sa.select(EventCapacity.role, EventCapacity.places)
        .where(EventCapacity.event_id == event_id, EventCapacity.role.in_(sorted(set(roles))))
        .order_by(EventCapacity.role)
        .with_for_update()
    )
    return {role: places for role, places in rows}


def places_taken(session: so.Session, event_id: int, role: str) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count(Participant.id)).where(
                Participant.event_id == event_id,
                Participant.role == role,
                Participant.status.in_(rules.PLACES_HOLDING_STATUSES),
            )
        )
        or 0
    )


def statuses_on_arrival(session: so.Session, event_id: int, arrivals: list[tuple[str, str]]) -> list[str]:
    """The status each of ``arrivals`` (role, status it would have without a
    cap), in order, gets: the wanted one while the role has places, then
    ``waitlisted``. The caller adds them in this transaction."""
    places = _locked_places(session, event_id, (role for role, _ in arrivals))
    taken = {role: places_taken(session, event_id, role) for role in places}
    statuses = []
    for role, wanted in arrivals:
        status = rules.arrival_status(wanted, places.get(role), taken.get(role, 0))
        if role in taken and rules.holds_place(status):
            taken[role] += 1
        statuses.append(status)
    return statuses


def require_place(session: so.Session, participant: Participant, role: str, status: str, *, field: str = "status") -> None:
    """Refuse (``Conflict``, on ``field``) to give ``participant`` a place in
    ``role`` with ``status`` when none is left; a change that keeps their place passes."""
    keeps_place = rules.holds_place(participant.status) and participant.role == role
    if not rules.holds_place(status) or keeps_place:
        return
    places = _locked_places(session, participant.event_id, [role]).get(role)
    if places is not None and places_taken(session, participant.event_id, role) >= places:
        message = Text(
            "All %(places)s places of this role are taken. Raise the capacity in the event settings to add more.",
            {"places": places},
        )
        raise Conflict(message, {field: message})


def fill_free_places(session: so.Session, actor: User | None, event_id: int, roles: Iterable[str]) -> list[Participant]:
    """Give the places free in ``roles`` to those waiting longest (earliest
    registered first): each becomes pending, is told by e-mail, and the move
    is audited. A role whose cap was removed takes everyone waiting."""
    roles = sorted(set(roles))
    places = _locked_places(session, event_id, roles)
    session.flush()
    promoted: list[Participant] = []
    for role in roles:
        free = rules.free_places(places.get(role), places_taken(session, event_id, role))
        if free == 0:
            continue
        waiting = session.scalars(
            sa.select(Participant)
            .where(Participant.event_id == event_id, Participant.role == role, Participant.status == rules.WAITING)
            .order_by(Participant.created_at, Participant.id)
            .limit(free)
        ).all()
        for participant in waiting:
            participant.status = rules.PROMOTED
            promoted.append(participant)
            audit.record(
                session,
                actor,
                "participant.promoted",
                "participant",
                participant.id,
                event_id=event_id,
                changes={"status": [rules.WAITING, rules.PROMOTED]},
            )
            queue_notice(session, participant, "registration_promoted")
    session.flush()
    return promoted


@dataclass(frozen=True)
class RolePlaces:
    role: str
    places: int | None
    taken: int
    waiting: int


def places_summary(session: so.Session, event_id: int) -> list[RolePlaces]:
    """Places taken and people waiting, for each role with a cap or a waiting list."""
    places = places_by_role(session, event_id)
    taken: dict[str, int] = {}
    waiting: dict[str, int] = {}
    rows = session.execute(
        sa.select(Participant.role, Participant.status, sa.func.count(Participant.id))
        .where(Participant.event_id == event_id, Participant.status.in_([*rules.PLACES_HOLDING_STATUSES, rules.WAITING]))
        .group_by(Participant.role, Participant.status)
    )
    for role, status, count in rows:
        counts = waiting if status == rules.WAITING else taken
        counts[role] = counts.get(role, 0) + count
    return [
        RolePlaces(role=role, places=places.get(role), taken=taken.get(role, 0), waiting=waiting.get(role, 0))
        for role in values(ParticipantRole)
        if role in places or role in waiting
    ]
