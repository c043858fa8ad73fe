"""Why a requested pair has no meeting, told from the problem and the meetings
as they stand now, and which cells of the grid nobody can use.

The scheduler's own reasons (``schedule.Reason``) describe the schedule it
returned; meetings moved, placed or removed by hand since make them stale. The
board explains each pair afresh from the current meetings, naming the person,
the time or the cap that stands in the way, so that every reason shown is true
for that pair.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from eventapp.domain.errors import Text
from eventapp.domain.scheduling.problem import Problem, Side, TableKind
from eventapp.domain.scheduling.schedule import Meeting


class Why(enum.StrEnum):
    """What keeps a pair apart, most fundamental first: the first that holds is told."""

    UNAVAILABLE = "unavailable"  # one of the two is there in no slot
    NOT_BEFORE = "not_available_before"  # one arrives after the other has left
    NOT_AFTER = "not_available_after"  # one leaves before the other arrives
    NEVER_TOGETHER = "never_together"  # their times interleave without overlapping
    NO_TABLE = "no_table"
    CAP_REACHED = "cap_reached"
    LOST_TO_HIGHER_WEIGHT = "lost_to_higher_weight"
    NO_COMMON_FREE_SLOT = "no_common_free_slot"
    TABLES_FULL = "tables_full"
    FREE_CELL = "free_cell"  # nothing stands in the way: a cell is free for them


@dataclass(frozen=True)
class Explanation:
    """Why a pair has no meeting; ``person`` is the one it is about, ``moment``
    the time it names (local to the event), ``cap`` their meeting cap,
    ``table`` the host table that is taken."""

    why: Why
    person: str | None = None
    moment: datetime | None = None
    cap: int | None = None
    table: str | None = None

    def text(self, names: Mapping[str, str], tables: Mapping[str, str] | None = None, *, with_day: bool = False) -> Text:
        """The explanation for the organiser; ``names`` maps participant ids to
        how they are called and ``tables`` table ids to how they are shown,
        ``with_day`` adds the date to times (events of several days)."""
        name = "" if self.person is None else names.get(self.person, self.person)
        when = ""
        if self.moment is not None:
            when = f"{self.moment:%H:%M %d/%m}" if with_day else f"{self.moment:%H:%M}"
        if self.why is Why.UNAVAILABLE:
            return Text("%(name)s is not available in any meeting slot.", {"name": name})
        if self.why is Why.NOT_BEFORE:
            return Text("%(name)s is not available before %(time)s.", {"name": name, "time": when})
        if self.why is Why.NOT_AFTER:
            return Text("%(name)s is not available after %(time)s.", {"name": name, "time": when})
        if self.why is Why.NEVER_TOGETHER:
            return Text("The two are never available at the same time.")
        if self.why is Why.NO_TABLE:
            return Text("No table can hold this pair.")
        if self.why is Why.CAP_REACHED:
            return Text("%(name)s's cap of %(cap)s meetings is reached.", {"name": name, "cap": self.cap})
        if self.why is Why.LOST_TO_HIGHER_WEIGHT:
            return Text(
                "Lost to a higher-weight meeting: in every slot both are there, one of them meets someone who ranks higher."
            )
        if self.why is Why.NO_COMMON_FREE_SLOT:
            return Text("No common free slot: in every slot both are there, one of them already has a meeting.")
        if self.why is Why.TABLES_FULL and self.table is not None:
            table = (tables or {}).get(self.table, self.table)
            return Text("Table %(table)s is taken whenever both are free.", {"table": table})
        if self.why is Why.TABLES_FULL:
            return Text("All tables are full whenever both are free.")
        return Text("A free cell suits both: place the meeting by hand or run the scheduler again.")


def explain_unscheduled(problem: Problem, meetings: Sequence[Meeting]) -> dict[frozenset[str], Explanation]:
    """An explanation for each requested pair of ``problem`` without a meeting among ``meetings``."""
    return _Explainer(problem, meetings).explain_all()


class _Explainer:
    def __init__(self, problem: Problem, meetings: Sequence[Meeting]) -> None:
        self.problem = problem
        self.meetings_of: dict[str, list[Meeting]] = defaultdict(list)
        self.taken_tables: dict[str, set[str]] = defaultdict(set)
        for meeting in meetings:
            self.meetings_of[meeting.a].append(meeting)
            self.meetings_of[meeting.b].append(meeting)
            if meeting.table is not None:
                self.taken_tables[meeting.slot].add(meeting.table)
        self.seated = {m.pair for m in meetings}

    def explain_all(self) -> dict[frozenset[str], Explanation]:
        return {
            request.pair: self.explain(request.a, request.b, request.weight)
            for request in self.problem.requests
            if request.pair not in self.seated
        }

    def explain(self, a: str, b: str, weight: int) -> Explanation:
        problem = self.problem
        for person in (a, b):
            if not problem.available_slots(person):
                return Explanation(Why.UNAVAILABLE, person)
        common = problem.common_slots(a, b)
        if not common:
            return self._apart(a, b)
        if problem.table_need(a, b).kind is TableKind.IMPOSSIBLE:
            return Explanation(Why.NO_TABLE)
        for person in (a, b):
            cap = problem.participant_by_id[person].max_meetings
            if cap is not None and len(self.meetings_of[person]) >= cap:
                return Explanation(Why.CAP_REACHED, person, cap=cap)
        blocking: dict[str, list[Meeting]] = defaultdict(list)
        for person in (a, b):
            for meeting in self.meetings_of[person]:
                if meeting.slot in common:
                    blocking[meeting.slot].append(meeting)
        free = [slot for slot in common if slot not in blocking]
        if not free:
            weights = problem.weight_by_pair
            if all(any(weights.get(m.pair, 0) > weight for m in held) for held in blocking.values()):
                return Explanation(Why.LOST_TO_HIGHER_WEIGHT)
            return Explanation(Why.NO_COMMON_FREE_SLOT)
        if not any(self._table_free(a, b, slot) for slot in free):
            return Explanation(Why.TABLES_FULL, table=problem.table_need(a, b).host_table)
        return Explanation(Why.FREE_CELL)

    def _apart(self, a: str, b: str) -> Explanation:
        """Two people who are never there at the same time. When one's time is
        wholly after the other's, tell the side that moved: the one who comes
        late (and stays to the end), else the one who leaves early (having been
        there from the start), else the one who comes late."""
        index = self.problem.slot_index
        slots = self.problem.slots
        last = len(slots) - 1
        order = {person: sorted(index[s] for s in self.problem.available_slots(person)) for person in (a, b)}
        for early, late in ((a, b), (b, a)):
            if order[early][-1] < order[late][0]:
                arrives, leaves = slots[order[late][0]], slots[order[early][-1]]
                if order[late][-1] != last and order[early][0] == 0 and leaves.end is not None:
                    return Explanation(Why.NOT_AFTER, early, leaves.end)
                if arrives.start is not None:
                    return Explanation(Why.NOT_BEFORE, late, arrives.start)
        return Explanation(Why.NEVER_TOGETHER)

    def _table_free(self, a: str, b: str, slot: str) -> bool:
        need = self.problem.table_need(a, b)
        taken = self.taken_tables.get(slot, set())
        if need.kind is TableKind.HOST:
            return need.host_table not in taken
        if need.kind is TableKind.POOL:
            return any(table not in taken for table in self.problem.pool_tables)
        return True


def unavailable_cells(problem: Problem) -> set[tuple[str, str]]:
    """The (table, slot) cells of host tables whose every host is away then:
    nobody can meet there, and the grid says so rather than showing them free."""
    hosts: dict[str, list[str]] = defaultdict(list)
    for person in problem.participants:
        if person.table is not None:
            hosts[person.table].append(person.id)
    return {
        (table, slot.id)
        for table, people in hosts.items()
        for slot in problem.slots
        if all(slot.id not in problem.available_slots(person) for person in people)
    }


def unavailable_slots(problem: Problem, person: str) -> set[str]:
    """The slots in which ``person`` is not there (a buyer's column at the booths)."""
    available = problem.available_slots(person)
    return {slot.id for slot in problem.slots if slot.id not in available}


@dataclass(frozen=True)
class CapacityHint:
    """When the requests outnumber the cells: ``tables`` × ``slots`` meetings at
    most, and what one more session of ``session_slots`` slots would add."""

    buyers: int
    tables: int
    slots: int
    requests: int
    session_slots: int

    @property
    def capacity(self) -> int:
        return self.tables * self.slots

    @property
    def more(self) -> int:
        return self.tables * self.session_slots

    def text(self) -> Text:
        return Text(
            "%(buyers)s buyers share %(tables)s tables in %(slots)s slots: at most %(capacity)s meetings for "
            "%(requests)s requests; one more session of %(session)s slots would hold up to %(more)s more.",
            {
                "buyers": self.buyers,
                "tables": self.tables,
                "slots": self.slots,
                "capacity": self.capacity,
                "requests": self.requests,
                "session": self.session_slots,
                "more": self.more,
            },
        )


def capacity_hint(problem: Problem, session_slots: int) -> CapacityHint | None:
    """A hint when the arithmetic alone says the tables cannot hold every
    request (each table holds one meeting a slot); ``None`` otherwise, or at
    the booths, where there is no table to count."""
    if not problem.tables or not problem.slots:
        return None
    hint = CapacityHint(
        buyers=sum(1 for p in problem.participants if p.side is Side.BUYER),
        tables=len(problem.tables),
        slots=len(problem.slots),
        requests=len(problem.requests),
        session_slots=session_slots,
    )
    return hint if hint.requests > hint.capacity else None
