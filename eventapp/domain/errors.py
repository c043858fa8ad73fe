"""Typed errors raised by the pure domain layer."""
from collections.abc import Mapping


class DomainError(Exception):
    """A domain rule was broken; ``fields`` maps an input location to what is wrong there."""

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})
