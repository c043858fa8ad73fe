"""The problem's JSON exchange format, as the shared ``matchmaking/FORMAT.md``
describes it: read with every type error named by its location, written back
so that a problem read and written is the same."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from eventapp.domain.scheduling.problem import (
    LockedMeeting,
    Objective,
    Participant,
    PreviousMeeting,
    Problem,
    ProblemError,
    Request,
    Side,
    Slot,
    Table,
)


def problem_from_json(data: object) -> Problem:
    return _JsonReader().problem(data)


def problem_to_json(problem: Problem) -> dict[str, Any]:
    return {
        "name": problem.name,
        "slots": [_slot_json(s) for s in problem.slots],
        "tables": [{"id": t.id} for t in problem.tables],
        "participants": [_participant_json(p) for p in problem.participants],
        "requests": [{"a": r.a, "b": r.b, "weight": r.weight} for r in problem.requests],
        "locked": [_placed_json(m) for m in problem.locked],
        "objective": problem.objective.value,
        **({"previous": [_placed_json(m) for m in problem.previous]} if problem.previous else {}),
    }


def _placed_json(meeting: LockedMeeting | PreviousMeeting) -> dict[str, Any]:
    return {"a": meeting.a, "b": meeting.b, "slot": meeting.slot, "table": meeting.table}


def _slot_json(slot: Slot) -> dict[str, Any]:
    out: dict[str, Any] = {"id": slot.id}
    if slot.start is not None:
        out["start"] = slot.start.isoformat()
    if slot.end is not None:
        out["end"] = slot.end.isoformat()
    return out


def _participant_json(person: Participant) -> dict[str, Any]:
    out: dict[str, Any] = {"id": person.id, "side": person.side.value}
    if person.available is not None:
        out["available"] = list(person.available)
    if person.max_meetings is not None:
        out["max_meetings"] = person.max_meetings
    if person.table is not None:
        out["table"] = person.table
    return out


class _JsonReader:
    """Turns decoded JSON into a ``Problem``, collecting every type error with its location."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def problem(self, data: object) -> Problem:
        if not isinstance(data, Mapping):
            raise ProblemError("a problem must be a JSON object", {"": "must be an object"})
        slots = self._items(data, "slots", self._slot, required=True)
        tables = self._items(data, "tables", self._table)
        participants = self._items(data, "participants", self._participant, required=True)
        requests = self._items(data, "requests", self._request, required=True)
        locked = self._items(data, "locked", self._locked)
        previous = self._items(data, "previous", self._previous)
        objective = self._choice(data, "objective", "objective", Objective, Objective.FAIR)
        name = data.get("name", "")
        if not isinstance(name, str):
            self.errors["name"] = "must be a string"
        if self.errors:
            first = next(iter(self.errors.items()))
            raise ProblemError(f"invalid problem: {first[0]}: {first[1]}", self.errors)
        return Problem(
            slots=slots,
            tables=tables,
            participants=participants,
            requests=requests,
            locked=locked,
            objective=objective,
            name=name,
            previous=previous,
        )

    def _items(self, data: Mapping[str, Any], key: str, read: Any, required: bool = False) -> tuple[Any, ...]:
        raw = data.get(key)
        if raw is None:
            if required:
                self.errors[key] = "is required"
            return ()
        if not isinstance(raw, list):
            self.errors[key] = "must be a list"
            return ()
        out = []
        for i, item in enumerate(raw):
            where = f"{key}[{i}]"
            if not isinstance(item, Mapping):
                self.errors[where] = "must be an object"
                continue
            value = read(item, where)
            if value is not None:
                out.append(value)
        return tuple(out)

    def _text(self, item: Mapping[str, Any], key: str, where: str, optional: bool = False) -> str | None:
        value = item.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value:
            self.errors[f"{where}.{key}"] = "must be a non-empty string"
            return None
        return value

    def _integer(self, item: Mapping[str, Any], key: str, where: str, default: int | None) -> int | None:
        value = item.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[f"{where}.{key}"] = "must be an integer"
            return default
        return value

    def _time(self, item: Mapping[str, Any], key: str, where: str) -> datetime | None:
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return datetime.fromisoformat(value)
        self.errors[f"{where}.{key}"] = "must be an ISO 8601 date and time"
        return None

    def _choice(self, item: Mapping[str, Any], key: str, where: str, kind: Any, default: Any) -> Any:
        value = item.get(key)
        if value is None:
            return default
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.errors[where] = f"must be one of {allowed}"
            return default

    def _slot(self, item: Mapping[str, Any], where: str) -> Slot | None:
        slot_id = self._text(item, "id", where)
        start, end = self._time(item, "start", where), self._time(item, "end", where)
        return Slot(slot_id, start, end) if slot_id else None

    def _table(self, item: Mapping[str, Any], where: str) -> Table | None:
        table_id = self._text(item, "id", where)
        return Table(table_id) if table_id else None

    def _participant(self, item: Mapping[str, Any], where: str) -> Participant | None:
        person_id = self._text(item, "id", where)
        side = self._choice(item, "side", f"{where}.side", Side, Side.ANY)
        available = item.get("available")
        if available is not None and (not isinstance(available, list) or not all(isinstance(s, str) for s in available)):
            self.errors[f"{where}.available"] = "must be a list of slot ids"
            available = None
        cap = self._integer(item, "max_meetings", where, None)
        table = self._text(item, "table", where, optional=True)
        if not person_id:
            return None
        return Participant(
            person_id,
            side,
            None if available is None else tuple(available),
            cap,
            table,
        )

    def _request(self, item: Mapping[str, Any], where: str) -> Request | None:
        a, b = self._text(item, "a", where), self._text(item, "b", where)
        weight = self._integer(item, "weight", where, 1)
        return Request(a, b, weight if weight is not None else 1) if a and b else None

    def _locked(self, item: Mapping[str, Any], where: str) -> LockedMeeting | None:
        a, b = self._text(item, "a", where), self._text(item, "b", where)
        slot = self._text(item, "slot", where)
        table = self._text(item, "table", where, optional=True)
        return LockedMeeting(a, b, slot, table) if a and b and slot else None

    def _previous(self, item: Mapping[str, Any], where: str) -> PreviousMeeting | None:
        a, b = self._text(item, "a", where), self._text(item, "b", where)
        slot = self._text(item, "slot", where)
        table = self._text(item, "table", where, optional=True)
        return PreviousMeeting(a, b, slot, table) if a and b and slot else None
