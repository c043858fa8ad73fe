"""A schedule, its figures (starved, weight, idle gaps) and the hard-rule validator.

``validate`` and ``evaluate`` read only the ``Problem`` and the meetings, never the
solver's internals, so they double as an independent check of the solver and as the
check of meetings an organiser moved by hand.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from eventapp.domain.scheduling.problem import Objective, Problem, TableKind


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: str
    table: str | None = None

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "slot": self.slot, "table": self.table}


class Reason(enum.Enum):
    """Why a request got no meeting: a machine code and its meaning for the organiser."""

    NO_COMMON_SLOT = ("no_common_slot", "the two are never available at the same time")
    NO_TABLE = ("no_table", "no table can hold the pair: each hosts a different table, or every table is hosted")
    CAP_REACHED = ("cap_reached", "one of the two already has as many meetings as allowed")
    TABLES_FULL = ("tables_full", "whenever both are free, every table they could use is taken")
    LOST_TO_CONFLICT = (
        "lost_to_conflict",
        "possible, but in every common slot one of the two holds a meeting that ranked higher",
    )

    def __init__(self, code: str, meaning: str) -> None:
        self.code = code
        self.meaning = meaning


@dataclass(frozen=True)
class Unscheduled:
    a: str
    b: str
    reason: Reason
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        """The reason as its code; ``Schedule.to_json`` adds what each code means."""
        return {"a": self.a, "b": self.b, "reason": self.reason.code, "detail": self.detail}


@dataclass(frozen=True)
class Figures:
    """The measures of FORMAT.md plus the counts they are read against.

    ``askers`` are participants with at least one request that could be met (a common
    slot and a possible table); ``starved`` are askers without any meeting. After
    publication, ``previous`` counts the published meetings, ``keepable`` those that
    could stay where they were and ``moved`` the keepable ones not at their slot.
    """

    meetings: int
    requests: int
    weight: int
    starved: int
    askers: int
    idle_gaps: int
    previous: int = 0
    keepable: int = 0
    moved: int = 0

    def rank(self, objective: Objective) -> tuple[int, ...]:
        """A key that is larger for the better schedule under ``objective``.

        With a published schedule, fewer moved meetings rank right after starved
        under ``fair`` and first under ``weight``.
        """
        if objective is Objective.FAIR:
            if self.previous:
                return (-self.starved, -self.moved, self.weight, -self.idle_gaps)
            return (-self.starved, self.weight, -self.idle_gaps)
        if self.previous:
            return (-self.moved, self.weight, -self.starved, -self.idle_gaps)
        return (self.weight, -self.starved, -self.idle_gaps)


@dataclass(frozen=True)
class ScheduleStats(Figures):
    """Figures of a solved schedule and how the search went.

    ``stopped_by`` is ``converged`` (the search ran out of ideas), ``work_budget``
    (the deterministic amount of work that fits the time limit) or ``time_limit``
    (the clock cut the search or the linear relaxation short, so another run may
    differ: the machine was much slower or busier than the one calibrated on).
    """

    objective: Objective = Objective.FAIR
    elapsed: float = 0.0
    seed: int = 0
    time_limit: float = 0.0
    stopped_by: str = ""

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["objective"] = self.objective.value
        out["elapsed"] = round(self.elapsed, 3)
        return out


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    unscheduled: tuple[Unscheduled, ...]
    stats: ScheduleStats

    def to_json(self) -> dict[str, Any]:
        return {
            "meetings": [m.to_json() for m in self.meetings],
            "stats": self.stats.to_json(),
            "unscheduled": [u.to_json() for u in self.unscheduled],
            "reasons": {reason.code: reason.meaning for reason in Reason},
        }


def askers(problem: Problem) -> set[str]:
    """Participants with a request that a table and a common slot make possible."""
    out: set[str] = set()
    for request in problem.requests:
        if problem.table_need(request.a, request.b).kind is not TableKind.IMPOSSIBLE and problem.common_slots(
            request.a, request.b
        ):
            out.update((request.a, request.b))
    return out


def idle_gaps(slot_indices_by_day: Iterable[Iterable[int]]) -> int:
    """Idle slots between the first and the last meeting of each day."""
    total = 0
    for indices in slot_indices_by_day:
        ordered = sorted(indices)
        if ordered:
            total += ordered[-1] - ordered[0] + 1 - len(ordered)
    return total


def evaluate(problem: Problem, meetings: Sequence[Meeting]) -> Figures:
    """Measure meetings (valid or not; an unrequested pair weighs nothing)."""
    weight_by_pair = problem.weight_by_pair
    slot_index = problem.slot_index
    day_of = {slot.id: slot.day for slot in problem.slots}
    per_person: dict[str, dict[date | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for meeting in meetings:
        if meeting.slot not in slot_index:
            continue
        for person in (meeting.a, meeting.b):
            per_person[person][day_of[meeting.slot]].append(slot_index[meeting.slot])
    people_with_requests = askers(problem)
    kept_at = {(m.pair, m.slot) for m in meetings}
    keepable = problem.keepable_previous
    return Figures(
        meetings=len(meetings),
        requests=len(problem.requests),
        weight=sum(weight_by_pair.get(m.pair, 0) for m in meetings),
        starved=sum(1 for person in people_with_requests if person not in per_person),
        askers=len(people_with_requests),
        idle_gaps=sum(idle_gaps(days.values()) for days in per_person.values()),
        previous=len(problem.previous),
        keepable=len(keepable),
        moved=sum(1 for m in keepable if (m.pair, m.slot) not in kept_at),
    )


def validate(problem: Problem, meetings: Sequence[Meeting]) -> list[str]:
    """Every hard rule the meetings break, one readable line each; empty when valid."""
    errors: list[str] = []
    people = problem.participant_by_id
    table_ids = {t.id for t in problem.tables}
    seen: set[frozenset[str]] = set()
    busy: set[tuple[str, str]] = set()
    table_busy: set[tuple[str, str]] = set()
    count: dict[str, int] = defaultdict(int)
    for i, meeting in enumerate(meetings):
        where = f"meeting {i} ({meeting.a}-{meeting.b} in {meeting.slot} at {meeting.table})"
        if meeting.a not in people or meeting.b not in people:
            errors.append(f"{where}: unknown participant")
            continue
        if meeting.pair not in problem.weight_by_pair or meeting.a == meeting.b:
            errors.append(f"{where}: not a requested pair")
            continue
        if meeting.pair in seen:
            errors.append(f"{where}: the pair meets twice")
        seen.add(meeting.pair)
        if meeting.slot not in problem.slot_index:
            errors.append(f"{where}: unknown slot")
            continue
        for person in (meeting.a, meeting.b):
            if meeting.slot not in problem.available_slots(person):
                errors.append(f"{where}: {person} is not available then")
            if (person, meeting.slot) in busy:
                errors.append(f"{where}: {person} is double-booked")
            busy.add((person, meeting.slot))
            count[person] += 1
        errors.extend(_table_errors(problem, where, meeting, table_ids))
        if meeting.table is not None:
            if (meeting.table, meeting.slot) in table_busy:
                errors.append(f"{where}: table {meeting.table} is double-booked")
            table_busy.add((meeting.table, meeting.slot))
    for person, n in count.items():
        cap = people[person].max_meetings
        if cap is not None and n > cap:
            errors.append(f"{person}: {n} meetings, over max_meetings {cap}")
    present = {(m.pair, m.slot, m.table) for m in meetings}
    for locked in problem.locked:
        if (locked.pair, locked.slot, locked.table) not in present:
            errors.append(f"locked meeting {locked.a}-{locked.b} in {locked.slot} is missing or moved")
    return errors


def _table_errors(problem: Problem, where: str, meeting: Meeting, table_ids: set[str]) -> list[str]:
    need = problem.table_need(meeting.a, meeting.b)
    if need.kind is TableKind.IMPOSSIBLE:
        return [f"{where}: no table can hold this pair"]
    if need.kind is TableKind.HOST and meeting.table != need.host_table:
        return [f"{where}: must be at host table {need.host_table}"]
    if need.kind is TableKind.POOL and meeting.table not in problem.pool_tables:
        return [f"{where}: needs a table that nobody hosts"]
    if need.kind is TableKind.NONE and meeting.table is not None and meeting.table not in table_ids:
        return [f"{where}: unknown table"]
    return []
