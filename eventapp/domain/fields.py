"""Reading and checking what people typed, field by field, collecting every
problem so that one answer names each field to correct. Paths are the API's
names (``organisation.province``, ``products[1].stars``), so one error serves
the web form and the JSON API; a form sends text where JSON may send numbers,
and both read the same here."""

import re
from datetime import date, datetime

from eventapp.domain.errors import Text, ValidationError

# Ids and counts are stored as PostgreSQL integers; a larger number is refused
# like any other bad value instead of failing in the database.
LARGEST_INTEGER = 2**31 - 1

# Nobody types these: they come from copied binary, broken tools or probes,
# and they break spreadsheets (XLSX refuses them) and PostgreSQL (NUL).
# Lone surrogates (JSON's "\\ud800") are not characters at all: no database
# driver can encode them. Tabs and line breaks are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
CONTROL_CHARACTERS_MESSAGE = Text("Remove the invisible control characters from this text.")

# The first and last days a date may name: an event, a signing, a meeting.
# Outside them a date is a typo (0202 for 2020), and arithmetic on it overflows.
EARLIEST_DAY = date(1990, 1, 1)
LATEST_DAY = date(2100, 12, 31)


class FieldErrors:
    def __init__(self) -> None:
        self.fields: dict[str, Text] = {}

    def add(self, path: str, message: Text) -> None:
        """The first problem found with a field is the one shown."""
        self.fields.setdefault(path, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(Text("Please correct the highlighted fields."), self.fields)


def control_character_path(value: object) -> str | None:
    """Where in a decoded JSON value a text holds a control character
    (``products[1].name``), or None. Walked without recursion: the value may
    be as deep as a client cared to nest it."""
    pending: list[tuple[str, object]] = [("", value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            if CONTROL_CHARACTERS.search(item):
                return path or "body"
        elif isinstance(item, dict):
            for key, child in item.items():
                key_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and CONTROL_CHARACTERS.search(key):
                    return key_path
                pending.append((key_path, child))
        elif isinstance(item, list):
            pending.extend((f"{path}[{index}]", child) for index, child in enumerate(item))
    return None


def text(errors: FieldErrors, path: str, value: object, limit: int, *, required: bool) -> str:
    """The text without surrounding spaces, at most ``limit`` characters; a
    value that is not text counts as empty (a form always sends text)."""
    cleaned = value.strip() if isinstance(value, str) else ""
    if required and not cleaned:
        errors.add(path, Text("This field is required."))
    elif len(cleaned) > limit:
        errors.add(path, Text("At most %(limit)s characters.", {"limit": limit}))
    elif CONTROL_CHARACTERS.search(cleaned):
        errors.add(path, CONTROL_CHARACTERS_MESSAGE)
    return cleaned


def typed_text(errors: FieldErrors, path: str, value: object, limit: int, *, required: bool) -> str:
    """``text`` for values taken as they were sent (JSON): a number or a list
    is refused as such rather than read as empty; null is empty."""
    if value is not None and not isinstance(value, str):
        errors.add(path, Text("Must be text."))
        return ""
    return text(errors, path, value, limit, required=required)


def choice(errors: FieldErrors, path: str, value: object, allowed: tuple[str, ...]) -> str:
    """One of ``allowed``, which must be given."""
    cleaned = value.strip() if isinstance(value, str) else ""
    if not cleaned:
        # A choice is chosen, not typed: said so on radios and selects alike.
        errors.add(path, Text("Choose one of the options."))
    elif cleaned not in allowed:
        errors.add(path, Text("Choose one of: %(choices)s.", {"choices": ", ".join(allowed)}))
    return cleaned


def optional_choice(errors: FieldErrors, path: str, value: object, allowed: tuple[str, ...]) -> str:
    """One of ``allowed``, or empty: a list's filter left at "All". An unknown
    value is an error, not ignored, so that a typo never silently shows all."""
    cleaned = value.strip() if isinstance(value, str) else ""
    if cleaned and cleaned not in allowed:
        errors.add(path, Text("Choose one of: %(choices)s.", {"choices": ", ".join(allowed)}))
    return cleaned


def ascii_number(text: str) -> int | None:
    """A number written with the digits 0-9 and nothing else, within a
    database integer. (Python's ``isdigit`` also accepts "²" and "٣".)"""
    text = text.strip()
    if not (text and text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= LARGEST_INTEGER else None


def whole_number(value: object) -> int | None:
    """An int, or text of digits, within a database integer; anything else
    (a bool, "-3", "2.5", 10**30) is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if -LARGEST_INTEGER <= value <= LARGEST_INTEGER else None
    if isinstance(value, str):
        return ascii_number(value)
    return None


def parse_day(value: object) -> date | None:
    """A date between ``EARLIEST_DAY`` and ``LATEST_DAY``, or text as
    YYYY-MM-DD; a date-time gives its day; anything else is None."""
    day = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return None
    return day if day is not None and EARLIEST_DAY <= day <= LATEST_DAY else None
