"""A participant's meetings as an iCalendar file (RFC 5545) that phones and
mail programs import.

Times are written in UTC (``...Z``), which every client reads unambiguously
and shows in the phone's own time zone; ``X-WR-TIMEZONE`` names the event's
zone for clients that display it. Each meeting keeps its UID when it moves, so
importing the file again updates the entry instead of duplicating it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    sequence: int = 0
    url: str = ""


def escape_text(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a
    UTF-8 character (Vietnamese letters take two or three octets)."""
    parts: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(entries: Sequence[CalendarEntry], *, name: str, timezone: str, stamp: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//eventapp//OCOP matchmaking//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{timezone}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(entry.starts_at)}",
            f"DTEND:{_utc(entry.ends_at)}",
            f"SEQUENCE:{entry.sequence}",
            f"SUMMARY:{escape_text(entry.summary)}",
        ]
        if entry.location:
            lines.append(f"LOCATION:{escape_text(entry.location)}")
        if entry.url:
            lines.append(f"URL:{entry.url}")
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
