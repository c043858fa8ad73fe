"""Check-in lists: the places and days where badges are scanned. Organisers
create and edit them (audited); check-in staff read them to choose theirs."""

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.checkin_lists import ListInput, entry_day, read_list_request
from eventapp.domain.errors import NotFound, Text, ValidationError
from eventapp.domain.vocabulary import EventRole
from eventapp.models import CheckinList, CheckinListDay, CheckinListRole, Event, User
from eventapp.models.base import utcnow
from eventapp.services import audit
from eventapp.services.access import require_event_role


def lists_of(session: so.Session, actor: User | None, event_id: int) -> list[CheckinList]:
    """The event's lists, the default one first: for organisers and check-in staff."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    return _lists(session, event_id)


def _lists(session: so.Session, event_id: int) -> list[CheckinList]:
    return list(
        session.scalars(
            sa.select(CheckinList)
            .where(CheckinList.event_id == event_id)
            .options(so.selectinload(CheckinList.day_rows), so.selectinload(CheckinList.role_rows))
            .order_by(CheckinList.is_default.desc(), CheckinList.id)
        )
    )


def one_list(session: so.Session, actor: User | None, event_id: int, list_id: int) -> CheckinList:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return _named_list(session, event_id, list_id)


def _named_list(session: so.Session, event_id: int, list_id: int) -> CheckinList:
    """A list its address names: 404 when the event has none of that id."""
    found = session.scalar(sa.select(CheckinList).where(CheckinList.event_id == event_id, CheckinList.id == list_id))
    if found is None:
        raise NotFound(Text("This check-in list does not exist."))
    return found


def _list_at(session: so.Session, event_id: int, list_id: int | None) -> CheckinList:
    """The event's list ``list_id``, or its default list for None; an id of
    no list of the event is the caller's mistake (422)."""
    where = CheckinList.id == list_id if list_id is not None else CheckinList.is_default.is_(True)
    found = session.scalar(sa.select(CheckinList).where(CheckinList.event_id == event_id, where))
    if found is None:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"list_id": Text("This event has no check-in list with this id.")}
        )
    return found


def list_and_today(session: so.Session, event: Event, list_id: int | None) -> tuple[CheckinList, date]:
    """The list a door works at, and today on the event's clock."""
    return _list_at(session, event.id, list_id), entry_day(utcnow(), event.timezone)


def create_list(session: so.Session, actor: User | None, event_id: int, body: object) -> CheckinList:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    data = read_list_request(body, starts_on=event.starts_on, ends_on=event.ends_on)
    _refuse_a_taken_name(session, event_id, data.name, None)
    checkin_list = CheckinList(event_id=event_id)
    _apply(checkin_list, data)
    session.add(checkin_list)
    session.flush()
    audit.record(
        session,
        actor,
        "checkin_list.created",
        "checkin_list",
        checkin_list.id,
        event_id=event_id,
        changes=_described(checkin_list),
    )
    return checkin_list


def update_list(session: so.Session, actor: User | None, event_id: int, list_id: int, body: object) -> CheckinList:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    checkin_list = _named_list(session, event_id, list_id)
    # What the body leaves out stays as it is.
    merged = {**_described(checkin_list), **body} if isinstance(body, Mapping) else body
    data = read_list_request(merged, starts_on=event.starts_on, ends_on=event.ends_on)
    _refuse_a_taken_name(session, event_id, data.name, checkin_list.id)
    before = _described(checkin_list)
    _apply(checkin_list, data)
    session.flush()
    changes = audit.changed_fields(before, _described(checkin_list))
    if changes:
        audit.record(session, actor, "checkin_list.updated", "checkin_list", checkin_list.id, event_id=event_id, changes=changes)
    return checkin_list


def _refuse_a_taken_name(session: so.Session, event_id: int, name: str, list_id: int | None) -> None:
    taken = sa.select(CheckinList.id).where(CheckinList.event_id == event_id, CheckinList.name == name)
    if list_id is not None:
        taken = taken.where(CheckinList.id != list_id)
    if session.scalar(taken) is not None:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"name": Text("Another check-in list has this name.")}
        )


def _apply(checkin_list: CheckinList, data: ListInput) -> None:
    checkin_list.name = data.name
    checkin_list.name_en = data.name_en
    checkin_list.zone = data.zone
    checkin_list.allow_reentry = data.allow_reentry
    kept_days = {row.day: row for row in checkin_list.day_rows}
    checkin_list.day_rows = [kept_days.get(day) or CheckinListDay(day=day) for day in data.days]
    kept_roles = {row.role: row for row in checkin_list.role_rows}
    checkin_list.role_rows = [kept_roles.get(role) or CheckinListRole(role=role) for role in data.roles]


def _described(checkin_list: CheckinList) -> dict[str, object]:
    return {
        "name": checkin_list.name,
        "name_en": checkin_list.name_en,
        "zone": checkin_list.zone,
        "days": [day.isoformat() for day in checkin_list.days],
        "roles": checkin_list.roles,
        "allow_reentry": checkin_list.allow_reentry,
    }
