"""The rules of B2B matchmaking that are not the scheduler itself: its
vocabularies, cutting a meeting session into slots, when someone is there,
how much a requested pair weighs, and where a meeting can be placed by hand.
"""

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.fields import parse_day, whole_number
from eventapp.domain.vocabulary import ParticipantRole

# How long the texts people write may be (characters); the columns are as long.
MESSAGE_MAX = 500  # a meeting request's message
SOURCING_MAX = 1000  # what a buyer sources
NOTE_MAX = 1000  # an outcome's note


class MeetingPlaces(StrEnum):
    """Where meetings happen."""

    HOST = "host"  # one table hosted by each buyer
    POOL = "pool"  # numbered tables shared by everyone
    BOOTHS = "booths"  # at the exhibitors' booths: no table limit


class MeetingRequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


LIVE_REQUEST_STATUSES = (MeetingRequestStatus.PENDING.value, MeetingRequestStatus.ACCEPTED.value)


class RequestPriority:
    """A request's priority is the weight its pair gets when only one side asked."""

    WOULD_LIKE = 1
    MUST = 2
    TOP = 3  # organisers only: weigh the pair as if both sides had asked
    PARTICIPANT_CHOICES = (WOULD_LIKE, MUST)
    ALL = (WOULD_LIKE, MUST, TOP)


MUTUAL_WEIGHT = 3


class Attendance(StrEnum):
    HELD = "held"
    NO_SHOW = "no_show"


class Interest(StrEnum):
    NONE = "none"
    FOLLOW_UP = "follow_up"
    DEAL = "deal"


class MeetingStatus(StrEnum):
    """A meeting's status in the API: scheduled until its outcome says otherwise."""

    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"


class ScheduleRunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def textarea_text(value: str) -> str:
    """Text from a textarea, its line breaks as the browser counted them
    against ``maxlength``: one character each (browsers send CR LF)."""
    return value.replace("\r\n", "\n").strip()


Pair = tuple[int, int]
"""Two participant ids, the smaller first: how a pair meets at most once."""


def pair_of(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def pair_weight(forward: int | None, backward: int | None) -> int:
    """The weight of a pair from the priorities of its live requests in each
    direction (``None``: that side did not ask). Both sides asking is mutual."""
    if forward is not None and backward is not None:
        return MUTUAL_WEIGHT
    return max(p for p in (forward, backward) if p is not None)


# Sessions and slots ---------------------------------------------------------

SLOT_MINUTES_RANGE = (5, 240)
CHANGEOVER_MINUTES_RANGE = (0, 60)
_TIME = re.compile(r"^\s*(\d{1,2})[:h.](\d{2})\s*$")
_BREAK = re.compile(r"^\s*(\d{1,2}[:h.]\d{2})\s*[-–—]\s*(\d{1,2}[:h.]\d{2})\s*$")


@dataclass(frozen=True)
class SessionInput:
    """A meeting session as typed: ``breaks`` is e.g. ``"10:00-10:30, 11:15-11:20"``."""

    day: date | str | None
    starts: time | str | None
    ends: time | str | None
    slot_minutes: int | str | None
    changeover_minutes: int | str | None = 0
    breaks: str = ""
    online: bool = False


@dataclass(frozen=True)
class Session:
    day: date
    starts: time
    ends: time
    slot_minutes: int
    changeover_minutes: int = 0
    breaks: tuple[tuple[time, time], ...] = field(default_factory=tuple)

    def slot_times(self) -> list[tuple[time, time]]:
        """The slots, in order: each as long as ``slot_minutes``, ``changeover_minutes``
        apart, none overlapping a break, all within the session."""
        start, end = _minutes(self.starts), _minutes(self.ends)
        pauses = [(_minutes(a), _minutes(b)) for a, b in self.breaks]
        slots: list[tuple[time, time]] = []
        moment = start
        while moment + self.slot_minutes <= end:
            slot_end = moment + self.slot_minutes
            overlapping = [b for a, b in pauses if a < slot_end and moment < b]
            if overlapping:
                moment = max(overlapping)
                continue
            slots.append((_clock(moment), _clock(slot_end)))
            moment = slot_end + self.changeover_minutes
        return slots

    def slot_instants(self, timezone: str) -> list[tuple[datetime, datetime]]:
        """The slots as UTC instants, read in the event's time zone."""
        zone = ZoneInfo(timezone)
        return [
            (
                datetime.combine(self.day, a, tzinfo=zone).astimezone(UTC),
                datetime.combine(self.day, b, tzinfo=zone).astimezone(UTC),
            )
            for a, b in self.slot_times()
        ]

    def overlaps(self, other: "Session") -> bool:
        return self.day == other.day and self.starts < other.ends and other.starts < self.ends


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def parse_time(value: time | str | None) -> time | None:
    """A time of day as people write it: 08:30, 8:30, 8h30, 8.30."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if not isinstance(value, str):
        return None
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def format_breaks(breaks: Iterable[tuple[time, time]]) -> str:
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in breaks)


def clean_session(data: SessionInput, *, event_starts: date, event_ends: date, other_sessions: Sequence[Session] = ()) -> Session:
    """A session that yields at least one slot and overlaps no other session of
    the event, or ``ValidationError`` naming each bad field."""
    fields: dict[str, Text] = {}
    day = parse_day(data.day)
    if day is None:
        fields["day"] = Text("Enter a date as YYYY-MM-DD.")
    elif not event_starts <= day <= event_ends:
        fields["day"] = Text("Choose a day of the event.")
    starts, ends = parse_time(data.starts), parse_time(data.ends)
    if starts is None:
        fields["starts"] = Text("Enter a time such as 08:30.")
    if ends is None:
        fields["ends"] = Text("Enter a time such as 08:30.")
    if starts is not None and ends is not None and ends <= starts:
        fields["ends"] = Text("The session must end after it starts.")
    slot_minutes = whole_number(data.slot_minutes)
    low, high = SLOT_MINUTES_RANGE
    if slot_minutes is None or not low <= slot_minutes <= high:
        fields["slot_minutes"] = Text("Between %(low)s and %(high)s minutes.", {"low": low, "high": high})
    changeover = whole_number(data.changeover_minutes if data.changeover_minutes not in (None, "") else 0)
    low, high = CHANGEOVER_MINUTES_RANGE
    if changeover is None or not low <= changeover <= high:
        fields["changeover_minutes"] = Text("Between %(low)s and %(high)s minutes.", {"low": low, "high": high})
    breaks = _parse_breaks(data.breaks, starts, ends, fields)
    # A missing value has its message in ``fields`` already; naming them lets the checker see they are set below.
    if fields or day is None or starts is None or ends is None or slot_minutes is None or changeover is None:
        raise ValidationError(Text("Please correct the highlighted fields."), fields)
    session = Session(day=day, starts=starts, ends=ends, slot_minutes=slot_minutes, changeover_minutes=changeover, breaks=breaks)
    if not session.slot_times():
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"slot_minutes": Text("No slot of this length fits in the session.")}
        )
    if any(session.overlaps(other) for other in other_sessions):
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"starts": Text("This session overlaps another session on the same day.")},
        )
    return session


def _parse_breaks(text: object, starts: time | None, ends: time | None, fields: dict[str, Text]) -> tuple[tuple[time, time], ...]:
    if not isinstance(text, str) or not text.strip():
        return ()
    breaks: list[tuple[time, time]] = []
    for part in re.split(r"[,;\n]", text):
        if not part.strip():
            continue
        match = _BREAK.match(part)
        begin = parse_time(match.group(1)) if match else None
        finish = parse_time(match.group(2)) if match else None
        if begin is None or finish is None or finish <= begin:
            fields["breaks"] = Text("Write each break as start-end, e.g. 10:00-10:20, separated by commas.")
            return ()
        if starts is not None and ends is not None and not (starts <= begin and finish <= ends):
            fields["breaks"] = Text("Each break must lie within the session.")
            return ()
        breaks.append((begin, finish))
    breaks.sort()
    if any(later[0] < earlier[1] for earlier, later in pairwise(breaks)):
        fields["breaks"] = Text("Breaks must not overlap.")
        return ()
    return tuple(breaks)


# Availability -----------------------------------------------------------------

MAX_MEETINGS_LIMIT = 100


@dataclass(frozen=True)
class AvailabilityInput:
    """When someone is there (local date-times, e.g. 2020-11-20T10:00, blank
    for the whole programme) and the most meetings they want (blank: no cap)."""

    available_from: datetime | str | None = None
    available_until: datetime | str | None = None
    max_meetings: int | str | None = None


@dataclass(frozen=True)
class Availability:
    available_from: datetime | None = None  # UTC
    available_until: datetime | None = None  # UTC
    max_meetings: int | None = None

    def covers(self, starts_at: datetime, ends_at: datetime) -> bool:
        return (self.available_from is None or self.available_from <= starts_at) and (
            self.available_until is None or ends_at <= self.available_until
        )


def _local_moment(value: datetime | str) -> datetime:
    """A date-time as typed (2020-11-20T10:00, 2020-11-20 10:00, a date alone
    meaning its midnight); ``ValueError`` when it is none."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return datetime.fromisoformat(value.strip().replace(" ", "T"))


def _during_event(moment: datetime, first_day: date, last_day: date) -> bool:
    """From the first day's midnight to the midnight after the last day, on
    the clock of the event (``moment`` as typed, without its time zone)."""
    day = moment.date()
    # Days apart rather than ``last_day + 1 day``, which overflows on 9999-12-31.
    return first_day <= day <= last_day or ((day - last_day).days == 1 and moment.time() == time(0, 0))


def clean_availability(data: AvailabilityInput, timezone: str, *, event_starts: date, event_ends: date) -> Availability:
    """When someone is there, read in the event's time zone: within the event's
    days; and the most meetings they want."""
    fields: dict[str, Text] = {}
    zone = ZoneInfo(timezone)
    bounds: dict[str, datetime | None] = {}
    for name in ("available_from", "available_until"):
        value = getattr(data, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            bounds[name] = None
            continue
        try:
            moment = _local_moment(value)
        except ValueError:
            fields[name] = Text("Enter a date and time such as 2020-11-20 10:00.")
            continue
        # Checked before any conversion: year 1 or 9999 shifted by the time
        # zone's offset would leave the calendar (OverflowError).
        if not _during_event(moment, event_starts, event_ends):
            fields[name] = Text("Choose a time during the event.")
            continue
        local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
        bounds[name] = local.astimezone(UTC)
    cap = None
    if data.max_meetings is not None and not (isinstance(data.max_meetings, str) and not data.max_meetings.strip()):
        cap = whole_number(data.max_meetings)
        if cap is None or cap > MAX_MEETINGS_LIMIT:
            fields["max_meetings"] = Text(
                "A whole number from 0 to %(limit)s, or blank for no limit.", {"limit": MAX_MEETINGS_LIMIT}
            )
    start, end = bounds.get("available_from"), bounds.get("available_until")
    if start is not None and end is not None and end <= start:
        fields["available_until"] = Text("Must be after the arrival time.")
    if fields:
        raise ValidationError(Text("Please correct the highlighted fields."), fields)
    return Availability(start, end, cap)


# Placing a meeting by hand ------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A place in the grid: a slot, and a table (``None`` at the booths)."""

    slot_id: int
    table_id: int | None


def tables_for_pair(
    places: str, host_table_a: int | None, host_table_b: int | None, pool_tables: Sequence[int]
) -> list[int | None] | None:
    """The tables a pair may meet at, or ``None`` when no table can hold them."""
    if places == MeetingPlaces.BOOTHS:
        return [None]
    if host_table_a is not None and host_table_b is not None:
        return [host_table_a] if host_table_a == host_table_b else None
    if host_table_a is not None or host_table_b is not None:
        return [host_table_a if host_table_a is not None else host_table_b]
    return list(pool_tables) or None


def free_cells(
    slot_ids: Sequence[int],
    tables: Sequence[int | None],
    *,
    open_slots: Collection[int],
    taken_cells: Collection[tuple[int, int]],
) -> list[Cell]:
    """The cells a meeting may take: a slot both people are there and free
    (``open_slots``), at one of ``tables`` nobody uses then."""
    return [
        Cell(slot_id, table_id)
        for slot_id in slot_ids
        if slot_id in open_slots
        for table_id in tables
        if table_id is None or (table_id, slot_id) not in taken_cells
    ]


@dataclass(frozen=True)
class SlotTimes:
    """A slot as placing by hand needs it: when it starts and ends (UTC)."""

    id: int
    starts_at: datetime
    ends_at: datetime


def busy_slots(meetings: Iterable[tuple[Iterable[int], int]]) -> dict[int, set[int]]:
    """Each person's slots already taken, from the meetings' (people, slot)."""
    busy: dict[int, set[int]] = {}
    for people, slot_id in meetings:
        for person in people:
            busy.setdefault(person, set()).add(slot_id)
    return busy


def reached_cap(availability: Availability | None, busy: Collection[int]) -> bool:
    """Whether someone already has as many meetings as they want."""
    return availability is not None and availability.max_meetings is not None and len(busy) >= availability.max_meetings


def open_slots(slots: Iterable[SlotTimes], people: Sequence[tuple[Availability | None, Collection[int]]]) -> set[int]:
    """The slots in which every one of ``people`` (when they are there, the
    slots they are busy in) is there and free; no availability: always there."""
    return {
        slot.id
        for slot in slots
        if all(
            (availability is None or availability.covers(slot.starts_at, slot.ends_at)) and slot.id not in busy
            for availability, busy in people
        )
    }


def taken_cells(meetings: Iterable[tuple[int | None, int]]) -> set[tuple[int, int]]:
    """The (table, slot) cells the meetings' (table, slot) occupy; at the
    booths a meeting takes no table."""
    return {(table_id, slot_id) for table_id, slot_id in meetings if table_id is not None}


def table_code(number: int) -> str:
    """A table's id in the exchange format and on printed sheets: T01, T02..."""
    return f"T{number:02d}"


def day_index(day: date, first_day: date) -> int:
    return (day - first_day).days + 1


def slot_code(local_start: datetime, first_day: date) -> str:
    """A slot's id in the exchange format: d<day of the event>-<HHMM>, like generate.py."""
    return f"d{day_index(local_start.date(), first_day)}-{local_start:%H%M}"


def buyer_listed_second(a_role: str, b_role: str) -> bool:
    """Whether a pair (a, b) is listed under b: pairs are listed under their
    buyer (buyers meet exhibitors), under a when both or neither buy."""
    return b_role == ParticipantRole.BUYER and a_role != ParticipantRole.BUYER


def counterpart_role(role: str) -> str | None:
    """Buyers meet exhibitors and exhibitors meet buyers."""
    return {
        ParticipantRole.BUYER.value: ParticipantRole.EXHIBITOR.value,
        ParticipantRole.EXHIBITOR.value: ParticipantRole.BUYER.value,
    }.get(role)


def idle_gaps(seatings: Iterable[tuple[Pair, tuple[int, int]]]) -> int:
    """The empty slots people wait through between their meetings, summed
    over everyone: each seating is a pair and its slot as (session, position
    in the session); a gap counts within a session, not across a break of
    days or sessions."""
    positions: dict[tuple[int, int], list[int]] = {}
    for pair, (session, position) in seatings:
        for person in pair:
            positions.setdefault((person, session), []).append(position)
    return sum(max(held) - min(held) + 1 - len(held) for held in positions.values())
