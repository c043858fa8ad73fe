"""The code in a badge's QR: who the badge is for, signed so it cannot be forged.

A code reads ``<event>-<participant>-<version>-<tag>``, e.g.
``12-3456-1-K5QXW2M7RBJT4ZQE``: digits, dashes and upper-case base32 only, so
the QR uses the compact alphanumeric mode (version 2 at error correction M)
and a keyboard-wedge scanner types it without any layout surprises. The tag is
an HMAC-SHA256 of the rest, truncated to 80 bits, under a key derived for that
event from the application's secret: a badge of one event proves nothing at
another, and nobody without the secret can make a code for anyone.

Reading a code checks the tag before anything else, so a forged or garbage
code never reaches the database. The version is compared with the
participant's current badge version where the scan is recorded: reissuing a
badge bumps it, and every older code stops working.
"""

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.vocabulary import ParticipantStatus

TAG_BYTES = 10
_TAG_CHARS = TAG_BYTES * 8 // 5
_CODE = re.compile(rf"(\d{{1,10}})-(\d{{1,12}})-(\d{{1,6}})-([A-Z2-7]{{{_TAG_CHARS}}})")
# Longer input is not a badge; don't spend time on it.
MAX_CODE_LENGTH = 64


class BadgeProblem(StrEnum):
    """Why a scanned code is refused; the values appear in the API as error codes."""

    UNREADABLE = "unreadable"
    FORGED = "forged"
    OTHER_EVENT = "other_event"
    REVOKED = "revoked"
    UNKNOWN = "unknown_participant"
    NOT_APPROVED = "not_approved"
    # A genuine badge at a check-in list that is not for its holder: a role
    # the list does not admit, a day it does not apply to.
    NOT_ADMITTED = "not_admitted"
    WRONG_DAY = "wrong_day"
    ERASED = "erased"


_MESSAGES = {
    BadgeProblem.UNREADABLE: Text("This code is not a badge of this system."),
    BadgeProblem.FORGED: Text("This badge's signature is wrong: it is forged or damaged."),
    BadgeProblem.OTHER_EVENT: Text("This badge is for another event."),
    BadgeProblem.REVOKED: Text("This badge was replaced by a newer one and no longer works."),
    BadgeProblem.UNKNOWN: Text("Nobody at this event has this badge."),
    BadgeProblem.NOT_APPROVED: Text("This registration is not approved."),
    BadgeProblem.NOT_ADMITTED: Text("This check-in list does not admit this participant's role."),
    BadgeProblem.WRONG_DAY: Text("This check-in list is not open on this day."),
    BadgeProblem.ERASED: Text("This person's data was erased at their request: the badge no longer works."),
}
# Looked up by the status string the badge's holder has (a StrEnum member hashes as its value).
_NOT_APPROVED_BECAUSE: dict[str, Text] = {
    ParticipantStatus.PENDING: Text("This registration is not approved yet."),
    ParticipantStatus.REJECTED: Text("This registration was rejected."),
    ParticipantStatus.CANCELLED: Text("This registration was cancelled."),
    ParticipantStatus.WAITLISTED: Text("This registration is on the waiting list."),
}


class InvalidBadge(ValidationError):
    """A code that must not let anyone in, with the reason; ``code`` (the
    error code clients see) is the problem's value."""

    def __init__(self, problem: BadgeProblem, status: str | None = None) -> None:
        message = _NOT_APPROVED_BECAUSE.get(status) if problem == BadgeProblem.NOT_APPROVED and status is not None else None
        super().__init__(message or _MESSAGES[problem])
        self.problem = problem
        self.code = problem.value


@dataclass(frozen=True)
class BadgeClaim:
    event_id: int
    participant_id: int
    version: int


@dataclass(frozen=True)
class BadgeHolder:
    """What the door needs to know about the person a badge names."""

    badge_version: int
    status: str
    erased: bool = False


def event_key(secret_key: str, event_id: int) -> bytes:
    """The signing key of one event's badges, derived from the application secret."""
    return hmac.new(secret_key.encode(), f"eventapp/badge/event/{event_id}".encode(), hashlib.sha256).digest()


def _tag(key: bytes, body: str) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()[:TAG_BYTES]
    return base64.b32encode(digest).decode().rstrip("=")


def sign_badge(secret_key: str, claim: BadgeClaim) -> str:
    if min(claim.event_id, claim.participant_id, claim.version) < 1:
        raise ValueError("badge claims are positive numbers")
    body = f"{claim.event_id}-{claim.participant_id}-{claim.version}"
    return f"{body}-{_tag(event_key(secret_key, claim.event_id), body)}"


def read_badge(secret_key: str, code: str) -> BadgeClaim:
    """The claim in a scanned code, once its signature is proven.

    Scanners add spaces or line ends and some type in lower case (caps lock);
    both are forgiven. Raises ``InvalidBadge`` (unreadable or forged).
    """
    text = code.strip().upper() if isinstance(code, str) else ""
    match = _CODE.fullmatch(text) if len(text) <= MAX_CODE_LENGTH else None
    if match is None:
        raise InvalidBadge(BadgeProblem.UNREADABLE)
    event_id, participant_id, version, tag = match.groups()
    body = f"{int(event_id)}-{int(participant_id)}-{int(version)}"
    expected = _tag(event_key(secret_key, int(event_id)), body)
    if text != f"{body}-{tag}" or not hmac.compare_digest(expected, tag):
        raise InvalidBadge(BadgeProblem.FORGED)
    return BadgeClaim(int(event_id), int(participant_id), int(version))


def read_badge_for(secret_key: str, code: str, event_id: int) -> BadgeClaim:
    """The claim of a genuine badge of this event: what the door can tell
    without the database. Raises ``InvalidBadge`` (unreadable, forged, or
    another event's). Whether the holder exists, holds this version and is
    approved is for the database to say, in the statement that records the
    scan (``services.checkin``)."""
    claim = read_badge(secret_key, code)
    if claim.event_id != event_id:
        raise InvalidBadge(BadgeProblem.OTHER_EVENT)
    return claim


def check_claim(claim: BadgeClaim, *, event_id: int, holder: BadgeHolder | None) -> None:
    """Refuse a genuine badge that is not valid here and now: issued for
    another event, for nobody we know, replaced by a newer badge, or held by
    someone whose registration is not approved."""
    if claim.event_id != event_id:
        raise InvalidBadge(BadgeProblem.OTHER_EVENT)
    if holder is None:
        raise InvalidBadge(BadgeProblem.UNKNOWN)
    if holder.erased:
        raise InvalidBadge(BadgeProblem.ERASED)
    if claim.version != holder.badge_version:
        raise InvalidBadge(BadgeProblem.REVOKED)
    if holder.status != ParticipantStatus.APPROVED:
        raise InvalidBadge(BadgeProblem.NOT_APPROVED, holder.status)
