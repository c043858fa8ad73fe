"""Video rooms of online meetings: one room per meeting, its name unguessable.

The name is an HMAC of the meeting under a key derived from the app's secret for
online rooms alone, so it never needs storing, stays the same when the meeting
moves, and nobody can find a room from the meeting's id. Only the two sides (on
their agenda) and the organisers are shown it.
"""

import hashlib
import hmac
import re

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.fields import LARGEST_INTEGER

ROOM_TAG_LENGTH = 24
"""Hex digits of the HMAC in a room name: 96 bits, far beyond guessing."""


def room_name(secret_key: str, event_id: int, meeting_id: int) -> str:
    key = hmac.new(secret_key.encode(), b"online-meeting-rooms", hashlib.sha256).digest()
    tag = hmac.new(key, f"{event_id}-{meeting_id}".encode(), hashlib.sha256).hexdigest()[:ROOM_TAG_LENGTH]
    return f"ocop-{event_id}-{meeting_id}-{tag}"


def room_url(base_url: str, room: str) -> str:
    return f"{base_url.rstrip('/')}/{room}"


def parse_table_numbers(text: str, existing: set[int]) -> frozenset[int]:
    """The tables an organiser names as online: numbers separated by commas or
    spaces ("3, 7 12"); each one a table of the event."""
    words = [word for word in re.split(r"[\s,;]+", text.strip()) if word]
    numbers: set[int] = set()
    for word in words:
        if not word.isascii() or not word.isdigit() or int(word) > LARGEST_INTEGER:
            raise ValidationError(
                Text("Write table numbers separated by commas, e.g. 3, 7."),
                {"numbers": Text("%(value)s is not a table number.", {"value": word[:20]})},
            )
        if int(word) not in existing:
            raise ValidationError(
                Text("There is no table %(number)s at this event.", {"number": int(word)}),
                {"numbers": Text("There is no table %(number)s at this event.", {"number": int(word)})},
            )
        numbers.add(int(word))
    return frozenset(numbers)
