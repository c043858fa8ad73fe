"""Door check-in: what a scan must carry, and the arrivals figures.

A scan comes from a phone or a scanner, now or later: offline phones upload
their queue when the network returns, each scan with the id the phone gave it
(``scan_id``, so a retry is recognised) and the time it really happened
(``scanned_at``).
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from eventapp.domain.badge_token import MAX_CODE_LENGTH
from eventapp.domain.errors import MalformedInput, Text
from eventapp.domain.fields import CONTROL_CHARACTERS, EARLIEST_DAY, LATEST_DAY, FieldErrors, choice, typed_text, whole_number
from eventapp.domain.vocabulary import values

GATE_MAX = 60
DEVICE_MAX = 60
# A code longer than a badge's is kept this long in the scan log: enough to
# recognise what was shown, not a place to store whatever a QR holds.
LOGGED_CODE_MAX = MAX_CODE_LENGTH
ARRIVAL_BUCKET_MINUTES = 15


class ScanResult(StrEnum):
    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    INVALID = "invalid"


class ScanMethod(StrEnum):
    QR = "qr"  # camera or keyboard-wedge scanner
    SEARCH = "search"  # found by name at the desk, badge forgotten


@dataclass(frozen=True)
class ScanInput:
    code: str
    scanned_at: datetime
    scan_id: str | None = None
    gate: str = ""
    device: str = ""
    method: str = ScanMethod.QR.value
    list_id: int | None = None  # None: the event's default list


def clean_scan(
    *,
    code: object,
    scan_id: object = None,
    scanned_at: object = None,
    gate: object = None,
    device: object = None,
    method: object = None,
    list_id: object = None,
    received_at: datetime,
) -> ScanInput:
    """The scan as it will be recorded, or ``ValidationError`` naming every bad field.

    ``scanned_at`` must say its time zone (a phone's ISO time does); a time
    after ``received_at`` (a phone clock running fast) is taken as
    ``received_at``: an arrival is never in the future.
    """
    errors = FieldErrors()
    if not isinstance(code, str) or not code.strip():
        errors.add("code", Text("This field is required."))
        code_text = ""
    else:
        # Whatever a QR held is logged, legible: control characters (which
        # no badge has, and which PostgreSQL or a spreadsheet would refuse)
        # are shown as replacement marks, and the badge check refuses it.
        code_text = CONTROL_CHARACTERS.sub("\ufffd", code.strip()[:LOGGED_CODE_MAX])
    scan_key = None
    if scan_id is not None:
        try:
            scan_key = str(uuid.UUID(scan_id)) if isinstance(scan_id, str) else None
        except ValueError:
            scan_key = None
        if scan_key is None:
            errors.add("scan_id", Text("A scan id is a UUID, e.g. 0b7e6a52-3f5d-4c8e-9a51-2d4f7c9e1b3a."))
    when = received_at
    if scanned_at is not None:
        parsed = _aware_time(scanned_at)
        if parsed is None:
            errors.add("scanned_at", Text("Give the scan time in ISO 8601 with its time zone, e.g. 2020-11-20T07:45:12Z."))
        else:
            when = min(parsed, received_at)
    gate_text = typed_text(errors, "gate", gate, GATE_MAX, required=False)
    device_text = typed_text(errors, "device", device, DEVICE_MAX, required=False)
    method_text = ScanMethod.QR.value
    if method is not None:
        method_text = choice(errors, "method", method, values(ScanMethod))
    list_key = None
    if list_id is not None:
        list_key = whole_number(list_id)
        if list_key is None or list_key < 1:
            errors.add("list_id", Text("Give the id of one of the event's check-in lists."))
    errors.raise_if_any()
    return ScanInput(
        code=code_text,
        scanned_at=when,
        scan_id=scan_key,
        gate=gate_text,
        device=device_text,
        method=method_text,
        list_id=list_key,
    )


def _aware_time(text: object) -> datetime | None:
    """An ISO 8601 time with its zone, in UTC, within the years a scan can
    happen; None for anything else (year 1 at UTC+14 overflows)."""
    if not isinstance(text, str):
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
        if parsed.tzinfo is None:
            return None
        moment = parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return moment if EARLIEST_DAY <= moment.date() <= LATEST_DAY else None


def read_scan_request(body: object, *, received_at: datetime) -> ScanInput:
    """A scan as an API client sends it, a JSON object, checked."""
    if not isinstance(body, Mapping):
        raise MalformedInput(Text("The request body must be a JSON object."))
    return clean_scan(
        code=body.get("code"),
        scan_id=body.get("scan_id"),
        scanned_at=body.get("scanned_at"),
        gate=body.get("gate"),
        device=body.get("device"),
        method=body.get("method"),
        list_id=body.get("list_id"),
        received_at=received_at,
    )


@dataclass(frozen=True)
class ArrivalBucket:
    starts_at: datetime  # in the event's time zone
    arrivals: int
    cumulative: int


def event_days(starts_on: date, ends_on: date, timezone: str) -> tuple[datetime, datetime]:
    """The event's days as instants, in UTC: from midnight of its first day
    to midnight after its last, on the event's own clock."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(starts_on, time(0), tzinfo=zone)
    end = datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def arrivals_over_time(
    per_quarter: Mapping[datetime, int], timezone: str, minutes: int = ARRIVAL_BUCKET_MINUTES
) -> list[ArrivalBucket]:
    """First entries per quarter hour (keyed by the quarter's start), from the
    first arrival to the last, empty quarters included (a chart must show the
    lull, not hide it); times on the event's clock. Every time zone in use is
    a whole number of quarter hours from UTC, so UTC quarters are local ones."""
    counts = {moment: count for moment, count in per_quarter.items() if count}
    if not counts:
        return []
    zone = ZoneInfo(timezone)
    result: list[ArrivalBucket] = []
    total = 0
    moment, last = min(counts), max(counts)
    while moment <= last:
        arrivals = counts.get(moment, 0)
        total += arrivals
        result.append(ArrivalBucket(moment.astimezone(zone), arrivals, total))
        moment += timedelta(minutes=minutes)
    return result
