"""Series of events: the editions of one conference over the years.

Putting an event into a series shares its figures with the readers of the
other editions' reports (each report shows the edition before it; the series
page shows them all). So an event joins a series only at the hands of
someone who organises every event already in it (or an administrator), and
the series page is for the organisers and officials of any of its events.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import NotFound, PermissionDenied, Text, ValidationError
from eventapp.domain.event_report import EventFacts, EventFigures
from eventapp.domain.fields import FieldErrors, typed_text
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, EventSeries, Membership, User
from eventapp.services import audit, event_report
from eventapp.services.access import caller_of, require_signed_in

NAME_MAX = 300
READ_ROLES = event_report.READ_ROLES


def _events_of(session: so.Session, series_id: int) -> list[Event]:
    return list(session.scalars(sa.select(Event).where(Event.series_id == series_id).order_by(Event.starts_on, Event.id)))


def visible_series(session: so.Session, actor: User | None) -> list[EventSeries]:
    """The series with an event the actor organises or reads the report of
    (every series for an administrator), by name."""
    actor = require_signed_in(actor)
    query = sa.select(EventSeries).order_by(EventSeries.name)
    if not actor.is_admin:
        query = query.where(
            EventSeries.id.in_(
                sa.select(Event.series_id)
                .join(Membership, Membership.event_id == Event.id)
                .where(Membership.user_id == actor.id, Membership.role.in_(READ_ROLES))
            )
        )
    return list(session.scalars(query))


def all_series(session: so.Session) -> list[EventSeries]:
    """Every series by name: what an event's settings may choose from."""
    return list(session.scalars(sa.select(EventSeries).order_by(EventSeries.name)))


def may_create(session: so.Session, actor: User | None) -> bool:
    """Administrators and the organisers of some event start a series."""
    if actor is None or not actor.is_authenticated:
        return False
    return actor.is_admin or any(EventRole.ORGANISER in held for held in caller_of(session, actor).roles.values())


def create_series(session: so.Session, actor: User | None, name: object, name_en: object = "") -> EventSeries:
    actor = require_signed_in(actor)
    if not may_create(session, actor):
        raise PermissionDenied(Text("Only administrators and organisers of an event can start a series."))
    errors = FieldErrors()
    clean_name = typed_text(errors, "name", name, NAME_MAX, required=True)
    clean_name_en = typed_text(errors, "name_en", name_en, NAME_MAX, required=False)
    errors.raise_if_any()
    if session.scalar(sa.select(EventSeries.id).where(sa.func.lower(EventSeries.name) == clean_name.lower())) is not None:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"name": Text("A series of this name exists already.")}
        )
    series = EventSeries(name=clean_name, name_en=clean_name_en)
    session.add(series)
    session.flush()
    audit.record(
        session, actor, "series.created", "event_series", series.id, changes={"name": clean_name, "name_en": clean_name_en}
    )
    return series


def check_series_choice(session: so.Session, actor: User, event_id: int | None, series_id: int | None) -> None:
    """An event may join ``series_id`` only if the actor organises every other
    event in it: their figures become readable beside this one's."""
    if series_id is None:
        return
    if session.get(EventSeries, series_id) is None:
        raise ValidationError(Text("Please correct the highlighted fields."), {"series_id": Text("This series does not exist.")})
    if actor.is_admin:
        return
    caller = caller_of(session, actor)
    others = [event for event in _events_of(session, series_id) if event.id != event_id]
    if any(EventRole.ORGANISER not in caller.roles_at(event.id) for event in others):
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"series_id": Text("Only someone who organises every event of this series can add an event to it.")},
        )


@dataclass(frozen=True)
class Edition:
    event: EventFacts
    figures: EventFigures


@dataclass(frozen=True)
class SeriesFigures:
    id: int
    name: str
    editions: list[Edition]
    generated_at: datetime


def series_figures(session: so.Session, actor: User | None, series_id: int, language: str = "vi") -> SeriesFigures:
    """Every edition's figures, oldest first, for the organisers and officials
    of any edition (and administrators)."""
    actor = require_signed_in(actor)
    series = session.get(EventSeries, series_id)
    if series is None:
        raise NotFound(Text("This series does not exist."))
    events = _events_of(session, series_id)
    if not actor.is_admin:
        caller = caller_of(session, actor)
        if not any(caller.roles_at(event.id) & READ_ROLES for event in events):
            raise PermissionDenied(Text("The series is for the organisers and officials of its events."))
    editions = [
        Edition(event_report.facts_of(event, language), event_report.figures_of(session, event, language)) for event in events
    ]
    zone = ZoneInfo(events[-1].timezone) if events else ZoneInfo("Asia/Ho_Chi_Minh")
    return SeriesFigures(id=series.id, name=series.name_in(language), editions=editions, generated_at=datetime.now(zone))
