"""Erasing a participant's personal data on request or when its retention
ends: what replaces each personal field, and which events are past their
retention. The row itself stays, with its role, status, organisation,
province and products, so that every figure of the event (registrations by
role and province, check-ins, meetings, MoUs) stays what it was.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from eventapp.domain.errors import Text, ValidationError

# Audit entries of a participant keep what was done, not these values.
PERSONAL_FIELDS = ("full_name", "email", "phone", "position", "answers")
ERASED_VALUE = "[erased]"
# The reserved .invalid domain (RFC 2606): no message can ever reach it.
ERASED_EMAIL_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class Anonymised:
    """What an erased participant's personal fields become."""

    full_name: str
    email: str
    phone: None = None
    position: str = ""
    search_text: str = ""


def anonymised(participant_id: int) -> Anonymised:
    """Unique per participant (an event's e-mails are unique), naming nobody."""
    return Anonymised(full_name=f"#{participant_id}", email=f"erased-{participant_id}@{ERASED_EMAIL_DOMAIN}")


def scrubbed_changes(changes: dict) -> dict:
    """An audit entry's changes with every personal value replaced."""
    return {key: (_scrubbed_value(value) if key in PERSONAL_FIELDS else value) for key, value in changes.items()}


def _scrubbed_value(value: object) -> object:
    if isinstance(value, list):  # [before, after]
        return [ERASED_VALUE if item not in (None, "") else item for item in value]
    return ERASED_VALUE if value not in (None, "") else value


def retention_months(value: object) -> int:
    """A retention period in whole months, at least one."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"months": Text("A positive whole number of months.")}
        )
    return value


def retention_cutoff(today: date, months: int) -> date:
    """Events that ended before this day ended more than ``months`` months ago."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
