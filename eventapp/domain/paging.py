"""One page of a list: what the list pages, the participants' browsing and
the API's list endpoints show and link between."""

from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

Item = TypeVar("Item")


@dataclass(frozen=True)
class Page(Generic[Item]):
    items: list[Item]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """At least one, so that an empty list shows its first page."""
        return max(1, ceil(self.total / self.per_page))
