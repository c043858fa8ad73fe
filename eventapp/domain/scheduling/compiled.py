"""An integer view of a problem, shaped for a fast search.

Participants, slots and requests become indices and slot sets become bit masks.
Every meeting occupies *resources* in its slot, each holding one meeting per slot:
its two participants and, when several participants host the same table, that
table. A table hosted by one participant needs no resource of its own (the host is
busy whenever it is), and pool tables are interchangeable, so they are only counted
per slot and named once the search is done.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventapp.domain.scheduling.problem import Problem, TableKind
from eventapp.domain.scheduling.schedule import Reason


@dataclass(frozen=True)
class Rejected:
    """A request that no schedule can hold."""

    request: int
    reason: Reason
    detail: str


class CompiledProblem:
    """Indices and bit masks of a ``Problem``; requests here are only the possible ones."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.n_slots = len(problem.slots)
        self.person_ids = [p.id for p in problem.participants]
        person_index = {pid: i for i, pid in enumerate(self.person_ids)}
        slot_index = problem.slot_index
        self.cap = [problem.meeting_cap(pid) for pid in self.person_ids]
        self.day_masks = _day_masks(problem)
        self.pool_capacity = len(problem.pool_tables)
        shared_tables = _tables_hosted_by_several(problem)
        table_resource = {t: len(self.person_ids) + k for k, t in enumerate(shared_tables)}
        self.n_resources = len(self.person_ids) + len(shared_tables)

        self.source: list[int] = []
        self.a: list[int] = []
        self.b: list[int] = []
        self.weight: list[int] = []
        self.resources: list[tuple[int, ...]] = []
        self.uses_pool: list[bool] = []
        self.allowed: list[int] = []
        self.host_table: list[str | None] = []
        self.rejected: list[Rejected] = []
        available_mask = [_mask(problem.available_slots(pid), slot_index) for pid in self.person_ids]
        for i, request in enumerate(problem.requests):
            a, b = person_index[request.a], person_index[request.b]
            common = available_mask[a] & available_mask[b]
            need = problem.table_need(request.a, request.b)
            if not common:
                self.rejected.append(Rejected(i, Reason.NO_COMMON_SLOT, ""))
                continue
            if need.kind is TableKind.IMPOSSIBLE:
                self.rejected.append(Rejected(i, Reason.NO_TABLE, _no_table_detail(problem, request.a, request.b)))
                continue
            zero_cap = [pid for pid, k in ((request.a, a), (request.b, b)) if self.cap[k] == 0]
            if zero_cap:
                self.rejected.append(Rejected(i, Reason.CAP_REACHED, f"{zero_cap[0]} may have no meeting"))
                continue
            resources: tuple[int, ...] = (a, b)
            if need.host_table in table_resource:
                resources += (table_resource[need.host_table],)
            self.source.append(i)
            self.a.append(a)
            self.b.append(b)
            self.weight.append(request.weight)
            self.resources.append(resources)
            self.uses_pool.append(need.kind is TableKind.POOL)
            self.allowed.append(common)
            self.host_table.append(need.host_table)
        self.n_requests = len(self.source)
        self.requests_of: list[list[int]] = [[] for _ in self.person_ids]
        for r in range(self.n_requests):
            self.requests_of[self.a[r]].append(r)
            self.requests_of[self.b[r]].append(r)
        compiled_of_source = {src: r for r, src in enumerate(self.source)}
        pair_to_source = {request.pair: i for i, request in enumerate(problem.requests)}
        self.locked: list[tuple[int, int]] = [
            (compiled_of_source[pair_to_source[m.pair]], slot_index[m.slot]) for m in problem.locked
        ]
        self.locked_table = {compiled_of_source[pair_to_source[m.pair]]: m.table for m in problem.locked}
        self.previous_slot = [-1] * self.n_requests
        self.previous_table: dict[int, str | None] = {}
        for m in problem.keepable_previous:
            r = compiled_of_source.get(pair_to_source[m.pair], -1)
            if r < 0:  # one of the two may have no meeting at all now (max_meetings 0)
                continue
            self.previous_slot[r] = slot_index[m.slot]
            self.previous_table[r] = m.table
        self.has_previous = bool(problem.previous)


def _mask(slot_ids: frozenset[str], slot_index: dict[str, int]) -> int:
    mask = 0
    for slot_id in slot_ids:
        mask |= 1 << slot_index[slot_id]
    return mask


def _day_masks(problem: Problem) -> list[int]:
    """One mask per day; slots are in time order, so each day is a run of slots."""
    masks: list[int] = []
    previous_day: object = object()
    for i, slot in enumerate(problem.slots):
        if slot.day != previous_day:
            masks.append(0)
            previous_day = slot.day
        masks[-1] |= 1 << i
    return masks


def _tables_hosted_by_several(problem: Problem) -> list[str]:
    hosts: dict[str, int] = {}
    for person in problem.participants:
        if person.table is not None:
            hosts[person.table] = hosts.get(person.table, 0) + 1
    return sorted(table for table, n in hosts.items() if n > 1)


def _no_table_detail(problem: Problem, a: str, b: str) -> str:
    table_a = problem.participant_by_id[a].table
    table_b = problem.participant_by_id[b].table
    if table_a and table_b:
        return f"{a} hosts {table_a} and {b} hosts {table_b}"
    return "every table is hosted by a participant"
