"""Meetings confirmed by a scan at the table: when a scan counts, when both sides
being seen makes the meeting held, and when a meeting looks like a no-show."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SCANS_OPEN_BEFORE = timedelta(minutes=15)
"""People sit down a little early: a badge scanned this long before the slot counts."""

NO_SHOW_AFTER = timedelta(minutes=10)
"""A meeting with a side still unseen this long after its slot starts is flagged."""


@dataclass(frozen=True)
class SidesSeen:
    """Which of a meeting's two sides (``a`` and ``b`` as the meeting orders them)
    were recorded present at the table."""

    a: bool = False
    b: bool = False

    @property
    def both(self) -> bool:
        return self.a and self.b

    def to_json(self) -> dict[str, bool]:
        return {"a": self.a, "b": self.b}


def scans_open(starts_at: datetime, now: datetime) -> bool:
    return now >= starts_at - SCANS_OPEN_BEFORE


def likely_no_show(starts_at: datetime, now: datetime, seen: SidesSeen, *, outcome_recorded: bool) -> bool:
    """Ten minutes into the slot, a meeting whose outcome nobody recorded and one of
    whose sides nobody has seen is probably not happening: its cell may be freed."""
    return not outcome_recorded and now >= starts_at + NO_SHOW_AFTER and not seen.both


def flagged_on_the_day(starts_at: datetime, now: datetime, zone: ZoneInfo, seen: SidesSeen, *, outcome_recorded: bool) -> bool:
    """A likely no-show shown as such on the slot's own day (in the event's time
    zone) only: by the next day the cell cannot be filled any more, and an event
    that never scans at its tables would otherwise see every past meeting flagged."""
    same_day = starts_at.astimezone(zone).date() == now.astimezone(zone).date()
    return same_day and likely_no_show(starts_at, now, seen, outcome_recorded=outcome_recorded)


def at_the_table(starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    """Whether a meeting is the one to scan for now: from when scans count until its slot ends."""
    return scans_open(starts_at, now) and now < ends_at


def slot_in_progress(slots: Sequence[tuple[datetime, datetime]], now: datetime, zone: ZoneInfo) -> int | None:
    """The index of the slot (start, end; in time order) running now, or else of
    the next one the same day in the event's time zone: the hall's slot."""
    today = now.astimezone(zone).date()
    return next(
        (
            index
            for index, (starts_at, ends_at) in enumerate(slots)
            if ends_at > now and starts_at.astimezone(zone).date() == today
        ),
        None,
    )
