"""Typed errors of the domain and the services, and translatable texts.

The domain knows no Flask, so it cannot translate: it speaks in ``Text``, an
English message id with its parameters, and the web layer translates it into
the reader's language where it is shown.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, translate: Callable[..., str]) -> str:
        return translate(self.msgid, **self.params)

    def __str__(self) -> str:
        return self.msgid % self.params if self.params else self.msgid


Message = Text | str


class DomainError(Exception):
    """Something a user asked for cannot be done; nothing was changed."""

    code = "error"

    def __init__(self, message: Message, fields: Mapping[str, Message] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.fields: dict[str, Message] = dict(fields or {})


class ValidationError(DomainError):
    code = "invalid"


class MalformedInput(DomainError):
    """The request itself cannot be read (not JSON, wrong types)."""

    code = "malformed"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class PermissionDenied(DomainError):
    code = "forbidden"


class AuthenticationRequired(DomainError):
    code = "unauthenticated"


class TooManyAttempts(DomainError):
    """Refused for a while whatever is sent: guessing has to stop."""

    code = "rate_limited"
