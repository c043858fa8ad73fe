"""Creating, listing and editing events."""

from collections.abc import Mapping

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.events import EventInput, clean_event
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, User
from eventapp.services import audit, capacity, event_series
from eventapp.services.access import (
    get_event as load_event,
)
from eventapp.services.access import (
    require_admin,
    require_event_role,
    require_signed_in,
)


def public_events(session: so.Session) -> list[Event]:
    """Every event, the next ones first: the public home page."""
    return list(session.scalars(sa.select(Event).order_by(Event.starts_on.desc(), Event.id.desc())))


def list_events(session: so.Session, actor: User | None, *, page: int, per_page: int) -> tuple[list[Event], int]:
    require_signed_in(actor)
    total = session.scalar(sa.select(sa.func.count(Event.id))) or 0
    events = session.scalars(
        sa.select(Event).order_by(Event.starts_on.desc(), Event.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return list(events), total


def get_event(session: so.Session, actor: User | None, event_id: int) -> Event:
    require_signed_in(actor)
    return load_event(session, event_id)


def create_event(session: so.Session, actor: User | None, data: EventInput) -> Event:
    actor = require_admin(actor)
    clean = clean_event(data)
    event_series.check_series_choice(session, actor, None, clean.series_id)
    event = Event(
        name=clean.name,
        venue=clean.venue,
        province=clean.province,
        starts_on=clean.starts_on,
        ends_on=clean.ends_on,
        timezone=clean.timezone,
        registration_open=clean.registration_open,
        description=clean.description,
        name_en=clean.name_en,
        venue_en=clean.venue_en,
        description_en=clean.description_en,
        series_id=clean.series_id,
        registration_closes_at=clean.registration_closes_at,
    )
    session.add(event)
    session.flush()
    capacity.set_places(session, event.id, _places(clean))
    audit.record(session, actor, "event.created", "event", event.id, event_id=event.id, changes=_settings(session, event))
    return event


EVENT_SETTINGS = (
    "name",
    "venue",
    "province",
    "starts_on",
    "ends_on",
    "timezone",
    "registration_open",
    "description",
    "name_en",
    "venue_en",
    "description_en",
    "series_id",
    "registration_closes_at",
)
# Kept in its own table, one row per role (``services/capacity``).
CAPACITY_SETTING = "capacity"


def _settings(session: so.Session, event: Event) -> dict:
    return audit.snapshot(event, EVENT_SETTINGS) | {CAPACITY_SETTING: capacity.places_by_role(session, event.id)}


def _places(clean: EventInput) -> dict[str, int]:
    """The checked capacity (``clean_event`` leaves a dict of whole numbers)."""
    return {role: places for role, places in (clean.capacity or {}).items() if isinstance(places, int)}


def change_event(session: so.Session, actor: User | None, event_id: int, changes: Mapping[str, object]) -> Event:
    """Change only the settings named in ``changes`` (the API's PATCH)."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    unknown = sorted(set(changes) - {*EVENT_SETTINGS, CAPACITY_SETTING})
    if unknown:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {name: Text("An event has no such setting.") for name in unknown}
        )
    return update_event(session, actor, event_id, EventInput(**(_settings(session, event) | dict(changes))))


def update_event(session: so.Session, actor: User | None, event_id: int, data: EventInput) -> Event:
    """Change every setting; places a raised (or removed) cap frees go to those waiting."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    clean = clean_event(data)
    if clean.series_id != event.series_id:
        event_series.check_series_choice(session, require_signed_in(actor), event_id, clean.series_id)
    before = _settings(session, event)
    for name in EVENT_SETTINGS:
        setattr(event, name, getattr(clean, name))
    capacity.set_places(session, event.id, _places(clean))
    after = _settings(session, event)
    changed = audit.changed_fields(before, after)
    if changed:
        audit.record(session, actor, "event.updated", "event", event.id, event_id=event.id, changes=changed)
    if CAPACITY_SETTING in changed:
        capacity.fill_free_places(session, actor, event.id, {*before[CAPACITY_SETTING], *after[CAPACITY_SETTING]})
    return event
