"""The meeting-schedule problem: frozen dataclasses and input checks.

Its JSON exchange format (the shared ``matchmaking/FORMAT.md``) is read and
written by ``exchange``. Every
``Problem`` checks itself when built, so a problem that exists can be scheduled:
the locked meetings among themselves already obey every hard rule.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from eventapp.domain.errors import DomainError


class ProblemError(DomainError):
    """The problem is malformed or its locked meetings break a hard rule."""


class Side(enum.StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    ANY = "any"


class Objective(enum.StrEnum):
    """What the organiser values most; see ``Figures.rank``."""

    FAIR = "fair"
    WEIGHT = "weight"


class TableKind(enum.Enum):
    HOST = "host"
    POOL = "pool"
    NONE = "none"
    IMPOSSIBLE = "impossible"


@dataclass(frozen=True)
class TableNeed:
    """Where a pair can meet: at one host table, at any pool table, anywhere, or nowhere."""

    kind: TableKind
    host_table: str | None = None


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime | None = None
    end: datetime | None = None

    @property
    def day(self) -> date | None:
        """Idle gaps are counted within a day; a slot without a start belongs to one undated day."""
        return self.start.date() if self.start else None


@dataclass(frozen=True)
class Table:
    id: str


@dataclass(frozen=True)
class Participant:
    id: str
    side: Side = Side.ANY
    available: tuple[str, ...] | None = None
    max_meetings: int | None = None
    table: str | None = None


@dataclass(frozen=True)
class Request:
    a: str
    b: str
    weight: int = 1

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class LockedMeeting:
    a: str
    b: str
    slot: str
    table: str | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class PreviousMeeting:
    """A meeting of the published schedule. It may name people, slots or tables the
    problem no longer has (they cancelled, the slot went): such a meeting is simply
    not keepable."""

    a: str
    b: str
    slot: str
    table: str | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Problem:
    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    tables: tuple[Table, ...] = ()
    locked: tuple[LockedMeeting, ...] = ()
    objective: Objective = Objective.FAIR
    name: str = ""
    previous: tuple[PreviousMeeting, ...] = ()

    def __post_init__(self) -> None:
        errors = _ProblemChecks(self).run()
        if errors:
            first = next(iter(errors.items()))
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise ProblemError(f"invalid problem: {first[0]}: {first[1]}{more}", errors)

    @cached_property
    def slot_index(self) -> dict[str, int]:
        return {slot.id: i for i, slot in enumerate(self.slots)}

    @cached_property
    def participant_by_id(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def weight_by_pair(self) -> dict[frozenset[str], int]:
        return {r.pair: r.weight for r in self.requests}

    @cached_property
    def pool_tables(self) -> tuple[str, ...]:
        """Tables that no participant hosts: any pair without a host table may use them."""
        hosted = {p.table for p in self.participants if p.table is not None}
        return tuple(t.id for t in self.tables if t.id not in hosted)

    def available_slots(self, participant_id: str) -> frozenset[str]:
        return self._availability[participant_id]

    def meeting_cap(self, participant_id: str) -> int:
        """The most meetings a participant can hold: its ``max_meetings`` and its available slots."""
        person = self.participant_by_id[participant_id]
        n_available = len(self._availability[participant_id])
        return n_available if person.max_meetings is None else min(person.max_meetings, n_available)

    def common_slots(self, a: str, b: str) -> frozenset[str]:
        return self._availability[a] & self._availability[b]

    def table_need(self, a: str, b: str) -> TableNeed:
        host_a = self.participant_by_id[a].table
        host_b = self.participant_by_id[b].table
        if host_a is not None and host_b is not None:
            if host_a == host_b:
                return TableNeed(TableKind.HOST, host_a)
            return TableNeed(TableKind.IMPOSSIBLE)
        if host_a is not None or host_b is not None:
            return TableNeed(TableKind.HOST, host_a or host_b)
        if not self.tables:
            return TableNeed(TableKind.NONE)
        return TableNeed(TableKind.POOL) if self.pool_tables else TableNeed(TableKind.IMPOSSIBLE)

    def keepable(self, meeting: PreviousMeeting) -> bool:
        """Whether a published meeting could stay exactly where it was: still requested,
        both people still there and free at that slot, its table still usable by them."""
        people = self.participant_by_id
        if meeting.a not in people or meeting.b not in people or meeting.pair not in self.weight_by_pair:
            return False
        if meeting.slot not in self.common_slots(meeting.a, meeting.b):
            return False
        need = self.table_need(meeting.a, meeting.b)
        if need.kind is TableKind.HOST:
            return meeting.table == need.host_table
        if need.kind is TableKind.POOL:
            return meeting.table in self.pool_tables
        return need.kind is TableKind.NONE

    @cached_property
    def keepable_previous(self) -> tuple[PreviousMeeting, ...]:
        return tuple(m for m in self.previous if self.keepable(m))

    @cached_property
    def _availability(self) -> dict[str, frozenset[str]]:
        every = frozenset(self.slot_index)
        return {p.id: every if p.available is None else frozenset(p.available) & every for p in self.participants}

    # The exchange format lives in ``exchange``, which builds Problems: imported
    # when called, since that module imports this one.
    @classmethod
    def from_json(cls, data: object) -> Problem:
        """Read the exchange format; raise ``ProblemError`` naming each malformed field."""
        from eventapp.domain.scheduling.exchange import problem_from_json

        return problem_from_json(data)

    def to_json(self) -> dict[str, Any]:
        from eventapp.domain.scheduling.exchange import problem_to_json

        return problem_to_json(self)


class _ProblemChecks:
    """Collects every broken rule of a problem, keyed by the JSON location of the culprit."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.errors: dict[str, str] = {}

    def run(self) -> dict[str, str]:
        self._unique_ids("slots", [s.id for s in self.problem.slots])
        self._unique_ids("tables", [t.id for t in self.problem.tables])
        self._unique_ids("participants", [p.id for p in self.problem.participants])
        self._slots_in_time_order()
        self._participants()
        self._requests()
        if not self.errors:
            self._locked()
        return self.errors

    def _add(self, where: str, what: str) -> None:
        self.errors.setdefault(where, what)

    def _unique_ids(self, collection: str, ids: Sequence[str]) -> None:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if not item_id:
                self._add(f"{collection}[{i}].id", "must not be empty")
            elif item_id in seen:
                self._add(f"{collection}[{i}].id", f"duplicate id {item_id!r}")
            seen.add(item_id)

    def _slots_in_time_order(self) -> None:
        times = [
            (f"slots[{i}].{key}", moment)
            for i, slot in enumerate(self.problem.slots)
            for key, moment in (("start", slot.start), ("end", slot.end))
            if moment is not None
        ]
        if len({moment.utcoffset() is None for _, moment in times}) > 1:
            first_naive = next(where for where, moment in times if moment.utcoffset() is None)
            self._add(first_naive, "has no time zone while other slot times have one")
            return
        previous: datetime | None = None
        for i, slot in enumerate(self.problem.slots):
            if slot.start is not None and slot.end is not None and slot.end <= slot.start:
                self._add(f"slots[{i}].end", "must be after the start")
            if slot.start is None:
                continue
            if previous is not None and slot.start < previous:
                self._add(f"slots[{i}].start", "slots must be listed in time order")
            previous = slot.start

    def _participants(self) -> None:
        slot_ids = {s.id for s in self.problem.slots}
        table_ids = {t.id for t in self.problem.tables}
        for i, person in enumerate(self.problem.participants):
            for slot_id in person.available or ():
                if slot_id not in slot_ids:
                    self._add(f"participants[{i}].available", f"unknown slot {slot_id!r}")
            if person.max_meetings is not None and person.max_meetings < 0:
                self._add(f"participants[{i}].max_meetings", "must not be negative")
            if person.table is not None and person.table not in table_ids:
                self._add(f"participants[{i}].table", f"unknown table {person.table!r}")

    def _requests(self) -> None:
        people = {p.id for p in self.problem.participants}
        seen: set[frozenset[str]] = set()
        for i, request in enumerate(self.problem.requests):
            for end in ("a", "b"):
                if getattr(request, end) not in people:
                    self._add(f"requests[{i}].{end}", f"unknown participant {getattr(request, end)!r}")
            if request.a == request.b:
                self._add(f"requests[{i}].b", "a participant cannot meet itself")
            if request.pair in seen:
                self._add(f"requests[{i}]", f"pair {request.a}-{request.b} is requested twice")
            seen.add(request.pair)
            if request.weight < 1:
                self._add(f"requests[{i}].weight", "must be a positive integer")

    def _locked(self) -> None:
        problem = self.problem
        busy: set[tuple[str, str]] = set()
        table_busy: set[tuple[str, str]] = set()
        locked_pairs: set[frozenset[str]] = set()
        count: dict[str, int] = {}
        for i, meeting in enumerate(problem.locked):
            where = f"locked[{i}]"
            if meeting.pair not in problem.weight_by_pair:
                self._add(where, f"{meeting.a}-{meeting.b} is not a requested pair")
                continue
            if meeting.pair in locked_pairs:
                self._add(where, f"{meeting.a}-{meeting.b} is locked twice")
            locked_pairs.add(meeting.pair)
            if meeting.slot not in problem.slot_index:
                self._add(f"{where}.slot", f"unknown slot {meeting.slot!r}")
                continue
            for person in (meeting.a, meeting.b):
                if meeting.slot not in problem.available_slots(person):
                    self._add(f"{where}.slot", f"{person} is not available in {meeting.slot}")
                if (person, meeting.slot) in busy:
                    self._add(f"{where}.slot", f"{person} has another locked meeting in {meeting.slot}")
                busy.add((person, meeting.slot))
                count[person] = count.get(person, 0) + 1
            self._locked_table(where, meeting)
            if meeting.table is not None:
                if (meeting.table, meeting.slot) in table_busy:
                    self._add(f"{where}.table", f"table {meeting.table} holds another locked meeting then")
                table_busy.add((meeting.table, meeting.slot))
        for person, n in count.items():
            cap = problem.participant_by_id[person].max_meetings
            if cap is not None and n > cap:
                self._add("locked", f"{person} has {n} locked meetings, over max_meetings {cap}")

    def _locked_table(self, where: str, meeting: LockedMeeting) -> None:
        need = self.problem.table_need(meeting.a, meeting.b)
        if need.kind is TableKind.IMPOSSIBLE:
            self._add(where, f"no table can hold {meeting.a}-{meeting.b}")
        elif need.kind is TableKind.HOST and meeting.table != need.host_table:
            self._add(f"{where}.table", f"must be the host table {need.host_table}")
        elif need.kind is TableKind.POOL and meeting.table not in self.problem.pool_tables:
            self._add(f"{where}.table", "must be a table that nobody hosts")
        elif need.kind is TableKind.NONE and meeting.table is not None:
            self._add(f"{where}.table", "the problem has no tables")
