"""Check-in lists: where and when a badge lets someone in.

An event has one or more lists, each a place and a time: the main entrance
every day, the B2B hall for buyers and exhibitors, the opening ceremony on
the first day. A person's entry counts once per list and per day, the day
being the date on the event's clock when the badge was shown.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from eventapp.domain.errors import MalformedInput, Text
from eventapp.domain.fields import FieldErrors, parse_day, typed_text
from eventapp.domain.vocabulary import ParticipantRole, values

LIST_NAME_MAX = 120
ZONE_MAX = 40
DEFAULT_LIST_NAME = "Cổng chính"
DEFAULT_LIST_NAME_EN = "Main entrance"


class Zone(StrEnum):
    """The zones people name; a list may name another in free text."""

    MAIN = "main"
    B2B = "b2b"
    CEREMONY = "ceremony"
    GALA = "gala"


@dataclass(frozen=True)
class ListInput:
    name: str
    name_en: str = ""
    zone: str = Zone.MAIN.value
    days: tuple[date, ...] = ()  # empty: every day of the event
    roles: tuple[str, ...] = ()  # empty: every role
    allow_reentry: bool = False


def entry_day(moment: datetime, timezone: str) -> date:
    """The day an instant falls on, on the event's clock: the day an entry counts for."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone)).date()


def days_of(starts_on: date, ends_on: date) -> list[date]:
    return [starts_on + timedelta(days=offset) for offset in range((ends_on - starts_on).days + 1)]


def read_list_request(body: object, *, starts_on: date, ends_on: date) -> ListInput:
    """A list as an API client (or the organisers' form) sends it, checked
    against the event's days; ``ValidationError`` names every bad field."""
    if not isinstance(body, Mapping):
        raise MalformedInput(Text("The request body must be a JSON object."))
    errors = FieldErrors()
    name = typed_text(errors, "name", body.get("name"), LIST_NAME_MAX, required=True)
    name_en = typed_text(errors, "name_en", body.get("name_en"), LIST_NAME_MAX, required=False)
    zone = typed_text(errors, "zone", body.get("zone"), ZONE_MAX, required=False) or Zone.MAIN.value
    days = _days(errors, body.get("days"), starts_on, ends_on)
    roles = _roles(errors, body.get("roles"))
    allow_reentry = body.get("allow_reentry", False)
    if allow_reentry is None:
        allow_reentry = False
    if not isinstance(allow_reentry, bool):
        errors.add("allow_reentry", Text("Must be true or false."))
    errors.raise_if_any()
    return ListInput(name, name_en, zone, days, roles, bool(allow_reentry))


def _days(errors: FieldErrors, value: object, starts_on: date, ends_on: date) -> tuple[date, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.add("days", Text("Give a list of days as YYYY-MM-DD."))
        return ()
    chosen: set[date] = set()
    for index, item in enumerate(value):
        day = parse_day(item) if isinstance(item, str) else None
        if day is None:
            errors.add(f"days[{index}]", Text("Give a day as YYYY-MM-DD, e.g. 2020-11-20."))
        elif not starts_on <= day <= ends_on:
            errors.add(
                f"days[{index}]",
                Text(
                    "The event runs from %(starts_on)s to %(ends_on)s: choose one of its days.",
                    {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
                ),
            )
        else:
            chosen.add(day)
    return tuple(sorted(chosen))


def _roles(errors: FieldErrors, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.add("roles", Text("Give a list of roles."))
        return ()
    known = values(ParticipantRole)
    chosen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, str) or item.strip() not in known:
            errors.add(f"roles[{index}]", Text("Choose one of: %(choices)s.", {"choices": ", ".join(known)}))
        else:
            chosen.add(item.strip())
    return tuple(role for role in known if role in chosen)
