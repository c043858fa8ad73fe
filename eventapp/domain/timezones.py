"""Time zones as people say them: "giờ Việt Nam (GMT+7)", "Vietnam time (GMT+7)",
never the database name ``Asia/Ho_Chi_Minh`` (which stays in data: the API, ICS)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location


def utc_offset(zone_name: str, on: date) -> str:
    """GMT+7, GMT+5:30, GMT-3: the offset in force at noon that day."""
    offset = datetime.combine(on, time(12), tzinfo=ZoneInfo(zone_name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(zone_name: str, language: str, on: date) -> str:
    """The zone's country time in the reader's language, with its offset that day.
    Zones of no country (``UTC``, ``Etc/GMT-7``) are named by their offset alone."""
    offset = utc_offset(zone_name, on)
    if zone_name == "UTC" or zone_name.startswith("Etc/"):
        return offset
    location = get_timezone_location(zone_name, locale="en" if language == "en" else "vi")
    # CLDR capitalises the word for "time" as a title ("Giờ Việt Nam", "Vietnam Time");
    # inside a sentence it is an ordinary noun.
    if language == "en" and location.endswith(" Time"):
        location = location.removesuffix(" Time") + " time"
    elif location.startswith("Giờ "):
        location = "giờ " + location.removeprefix("Giờ ")
    return f"{location} ({offset})"
