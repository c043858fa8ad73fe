"""What an event must be: a name, dates in order, a real time zone, and who
may register until when."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from eventapp.domain import capacity as capacity_rules
from eventapp.domain import provinces
from eventapp.domain.errors import Text
from eventapp.domain.fields import EARLIEST_DAY, LATEST_DAY, FieldErrors, parse_day, typed_text

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DESCRIPTION_MAX = 10_000
NAME_MAX = 300
VENUE_MAX = 300
PROVINCE_TEXT_MAX = 60
TIMEZONE_MAX = 64
DATE_FORMAT = Text(
    "Enter a date between %(first)s and %(last)s as YYYY-MM-DD.", {"first": EARLIEST_DAY.year, "last": LATEST_DAY.year}
)


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
    name_en: str = ""
    venue_en: str = ""
    description_en: str = ""
    # The series the event is an edition of (chosen, not named: services check it exists).
    series_id: int | None = None
    # Places per role (``domain/capacity``); a role left out has no cap.
    capacity: Mapping[str, object] | None = None
    # Text in the event's time zone unless it carries an offset; None: no closing time.
    registration_closes_at: datetime | str | None = None


def clean_event(data: EventInput) -> EventInput:
    errors = FieldErrors()
    name = typed_text(errors, "name", data.name, NAME_MAX, required=True)
    venue = typed_text(errors, "venue", data.venue, VENUE_MAX, required=False)
    starts_on, ends_on = parse_day(data.starts_on), parse_day(data.ends_on)
    if starts_on is None:
        errors.add("starts_on", DATE_FORMAT)
    if ends_on is None:
        errors.add("ends_on", DATE_FORMAT)
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", Text("The event cannot end before it starts."))
    timezone = typed_text(errors, "timezone", data.timezone, TIMEZONE_MAX, required=False) or DEFAULT_TIMEZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.add("timezone", Text("Unknown time zone; use a name such as Asia/Ho_Chi_Minh."))
    province_text = typed_text(errors, "province", data.province, PROVINCE_TEXT_MAX, required=False)
    province_code = None
    if province_text and starts_on:
        found = provinces.find_province(province_text, starts_on)
        if found is None:
            errors.add("province", Text("Choose a province of Vietnam in force on the event's date."))
        else:
            province_code = found.code
    if not isinstance(data.registration_open, bool):
        errors.add("registration_open", Text("Must be true or false."))
    description = typed_text(errors, "description", data.description, DESCRIPTION_MAX, required=False)
    name_en = typed_text(errors, "name_en", data.name_en, NAME_MAX, required=False)
    venue_en = typed_text(errors, "venue_en", data.venue_en, VENUE_MAX, required=False)
    description_en = typed_text(errors, "description_en", data.description_en, DESCRIPTION_MAX, required=False)
    series_id = data.series_id
    if series_id is not None and (isinstance(series_id, bool) or not isinstance(series_id, int) or series_id < 1):
        errors.add("series_id", Text("Choose a series by its number, or none."))
    places = capacity_rules.clean_capacity(errors, data.capacity)
    closes_at = capacity_rules.clean_closing_time(errors, data.registration_closes_at, timezone)
    errors.raise_if_any()
    return replace(
        data,
        capacity=places,
        registration_closes_at=closes_at,
        name=name,
        venue=venue,
        starts_on=starts_on,
        ends_on=ends_on,
        timezone=timezone,
        province=province_code,
        description=description,
        name_en=name_en,
        venue_en=venue_en,
        description_en=description_en,
    )
