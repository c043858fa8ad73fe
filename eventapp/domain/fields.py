"""Reading and checking what people typed, field by field, collecting every
problem so that one answer names each field to correct. Paths are the API's
names (``organisation.province``, ``products[1].stars``), so one error serves
the web form and the JSON API; a form sends text where JSON may send numbers,
and both read the same here."""
from datetime import date, datetime

from eventapp.domain.errors import Text, ValidationError


class FieldErrors:
    def __init__(self) -> None:
        self.fields: dict[str, Text] = {}

    def add(self, path: str, message: Text) -> None:
        """The first problem found with a field is the one shown."""
        self.fields.setdefault(path, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(Text("Please correct the highlighted fields."), self.fields)


def text(errors: FieldErrors, path: str, value: object, limit: int, *, required: bool) -> str:
    """The text without surrounding spaces, at most ``limit`` characters; a
    value that is not text counts as empty (a form always sends text)."""
    cleaned = value.strip() if isinstance(value, str) else ""
    if required and not cleaned:
        errors.add(path, Text("This field is required."))
    elif len(cleaned) > limit:
        errors.add(path, Text("At most %(limit)s characters.", {"limit": limit}))
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
        errors.add(path, Text("This field is required."))
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


def whole_number(value: object) -> int | None:
    """An int, or text of digits; anything else (a bool, "-3", "2.5") is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def parse_day(value: object) -> date | None:
    """A date, or text as YYYY-MM-DD; a date-time gives its day; anything else is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
