"""Filling a freed cell on the day: which waiting pairs to offer first."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class StandbyPair:
    """An accepted request without a meeting whose two sides are there and free
    at a slot, with the table they would meet at (``None`` at the booths).
    ``starved``: one of the two has no meeting at all yet."""

    request_id: int
    a: int
    b: int
    weight: int
    table: str | None
    starved: bool
    # The table's row (``None`` at the booths), for placing the pair there.
    table_id: int | None = None

    def to_json(self) -> dict[str, object]:
        return {"request_id": self.request_id, "a": self.a, "b": self.b, "weight": self.weight, "table": self.table}


def ranked(pairs: Iterable[StandbyPair]) -> list[StandbyPair]:
    """A starved participant's pair first (as the scheduler's ``fair`` would), then the heaviest."""
    return sorted(pairs, key=lambda pair: (not pair.starved, -pair.weight, pair.request_id))
