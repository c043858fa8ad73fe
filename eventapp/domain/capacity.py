"""How many people of each role an event takes, who waits for a place, and
until when the public may register.

A role's places are taken by its registrations still in play: approved and
pending ones. A pending registration holds its place while the organisers
look at it, so approving it never pushes the event over its cap; a
waitlisted one waits for a place, and a rejected or cancelled one has given
its place back. An event without a cap for a role takes anyone in that role.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventapp.domain.errors import Text
from eventapp.domain.fields import EARLIEST_DAY, LATEST_DAY, FieldErrors, whole_number
from eventapp.domain.vocabulary import ParticipantRole, ParticipantStatus, values

PLACES_HOLDING_STATUSES: tuple[str, ...] = (ParticipantStatus.PENDING.value, ParticipantStatus.APPROVED.value)
# The status a place-holding registration is given when the role is full.
WAITING = ParticipantStatus.WAITLISTED.value
# The status the first one waiting is given when a place frees up: the
# organisers still decide on them like on any new registration.
PROMOTED = ParticipantStatus.PENDING.value
PLACES_MAX = 100_000


def holds_place(status: str) -> bool:
    return status in PLACES_HOLDING_STATUSES


def arrival_status(wanted: str, places: int | None, taken: int) -> str:
    """The status a registration gets that would be ``wanted`` without a cap,
    when ``taken`` of the role's ``places`` (None: no cap) are held."""
    if places is None or not holds_place(wanted) or taken < places:
        return wanted
    return WAITING


def free_places(places: int | None, taken: int) -> int | None:
    """How many more the role takes; None without a cap."""
    return None if places is None else max(0, places - taken)


def clean_capacity(errors: FieldErrors, value: object) -> dict[str, int]:
    """``{"exhibitor": 150, "buyer": 20}`` checked: known roles, whole numbers
    from 0; a role left out has no cap. None is no cap at all."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors.add("capacity", Text("Must be an object of roles and numbers of places."))
        return {}
    places: dict[str, int] = {}
    for role, given in value.items():
        path = f"capacity.{role}"
        if role not in values(ParticipantRole):
            errors.add(path, Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(ParticipantRole))}))
            continue
        number = whole_number(given)
        if number is None or not 0 <= number <= PLACES_MAX:
            errors.add(path, Text("Enter a whole number of places from 0 to %(limit)s.", {"limit": PLACES_MAX}))
            continue
        places[str(role)] = number
    return dict(sorted(places.items()))


def clean_closing_time(errors: FieldErrors, value: object, timezone: str) -> datetime | None:
    """When public registration closes, as a UTC instant. Text is ISO 8601
    (``2020-11-15T17:00`` or with its offset, ``…+07:00``); a time without
    an offset is the event's local time, as its organisers read a clock."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if moment is None or not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        errors.add(
            "registration_closes_at",
            Text("Enter a date and time as YYYY-MM-DDTHH:MM, in the event's time zone or with an offset (+07:00)."),
        )
        return None
    if moment.tzinfo is None:
        try:
            moment = moment.replace(tzinfo=ZoneInfo(timezone))
        except (ZoneInfoNotFoundError, ValueError):
            return None  # the time zone itself is reported as wrong
    return moment.astimezone(UTC)


def registration_closed(registration_open: bool, closes_at: datetime | None, now: datetime) -> bool:
    """Whether the public can no longer register: switched off, or past the closing time."""
    return not registration_open or (closes_at is not None and now >= closes_at)
