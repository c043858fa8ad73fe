"""What an event must be: a name, dates in order, a real time zone."""
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventapp.domain import provinces
from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors, parse_day, text

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class EventInput:
    name: str
    starts_on: date | str | None
    ends_on: date | str | None
    venue: str = ""
    province: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    registration_open: bool = True
    description: str = ""


def clean_event(data: EventInput) -> EventInput:
    errors = FieldErrors()
    name = text(errors, "name", data.name, 300, required=True)
    venue = text(errors, "venue", data.venue, 300, required=False)
    starts_on, ends_on = parse_day(data.starts_on), parse_day(data.ends_on)
    if starts_on is None:
        errors.add("starts_on", Text("Enter a date as YYYY-MM-DD."))
    if ends_on is None:
        errors.add("ends_on", Text("Enter a date as YYYY-MM-DD."))
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", Text("The event cannot end before it starts."))
    timezone = data.timezone.strip() if isinstance(data.timezone, str) and data.timezone.strip() else DEFAULT_TIMEZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.add("timezone", Text("Unknown time zone; use a name such as Asia/Ho_Chi_Minh."))
    province_code = None
    if isinstance(data.province, str) and data.province.strip() and starts_on:
        found = provinces.find_province(data.province, starts_on)
        if found is None:
            errors.add("province", Text("Choose a province of Vietnam in force on the event's date."))
        else:
            province_code = found.code
    description = data.description.strip() if isinstance(data.description, str) else ""
    errors.raise_if_any()
    return replace(data, name=name, venue=venue, starts_on=starts_on, ends_on=ends_on, timezone=timezone,
                   province=province_code, registration_open=bool(data.registration_open),
                   description=description)
