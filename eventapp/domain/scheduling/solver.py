"""``solve``: from a problem to a valid schedule, within a time limit, the same for a seed."""
from __future__ import annotations

import random
import time
from collections.abc import Callable

from eventapp.domain.scheduling.compiled import CompiledProblem
from eventapp.domain.scheduling.problem import Problem
from eventapp.domain.scheduling.schedule import (
    Meeting, Reason, Schedule, ScheduleStats, Unscheduled, evaluate,
)
from eventapp.domain.scheduling.search import SECONDARY_UNIT, LocalSearch

WORK_PER_SECOND = 60_000
"""Units of search work (a meeting placed or removed) done per second on the
reference machine (2 cores, Python 3.11). The search stops after this many units per
second of the time limit rather than at the clock, so that a seed gives the same
schedule run after run; the clock only stops a machine much slower than that."""

SETUP_SHARE = 0.85
"""The part of the time limit left to the search once the problem is compiled; the
rest covers building the result."""


def solve(problem: Problem, *, time_limit: float = 10.0, seed: int = 0,
          progress: Callable[[float], None] | None = None) -> Schedule:
    started = time.perf_counter()
    deadline = started + time_limit
    compiled = CompiledProblem(problem)
    search = LocalSearch(compiled, problem.objective, random.Random(seed))
    search.construct()
    budget = int(WORK_PER_SECOND * time_limit * SETUP_SHARE)
    stopped_by = search.anneal(
        budget, started + time_limit * SETUP_SHARE, progress,
        start_temperature=SECONDARY_UNIT * 0.6, end_temperature=0.3,
    )
    if time.perf_counter() > deadline:
        stopped_by = "time_limit"
    meetings = _meetings(compiled, search.placements())
    figures = evaluate(problem, meetings)
    if progress is not None:
        progress(1.0)
    stats = ScheduleStats(
        **vars(figures), objective=problem.objective, elapsed=time.perf_counter() - started,
        seed=seed, time_limit=time_limit, stopped_by=stopped_by,
    )
    return Schedule(tuple(meetings), tuple(_unscheduled(compiled, search)), stats)


def _meetings(compiled: CompiledProblem, placements: list[tuple[int, int]]) -> list[Meeting]:
    """Name the tables: host tables are fixed, pool tables go to the meetings of each slot in turn."""
    problem = compiled.problem
    pool = problem.pool_tables
    taken = {(table, slot) for r, slot in placements
             if compiled.uses_pool[r] and (table := compiled.locked_table.get(r)) is not None}
    next_free = [0] * compiled.n_slots
    meetings = []
    for r, slot in sorted(placements, key=lambda item: (item[1], compiled.source[item[0]])):
        request = problem.requests[compiled.source[r]]
        table = compiled.host_table[r]
        if r in compiled.locked_table:
            table = compiled.locked_table[r]
        elif compiled.uses_pool[r]:
            while (pool[next_free[slot]], slot) in taken:
                next_free[slot] += 1
            table = pool[next_free[slot]]
            next_free[slot] += 1
        meetings.append(Meeting(request.a, request.b, problem.slots[slot].id, table))
    return meetings


def _unscheduled(compiled: CompiledProblem, search: LocalSearch) -> list[Unscheduled]:
    problem = compiled.problem
    out = [Unscheduled(problem.requests[x.request].a, problem.requests[x.request].b, x.reason, x.detail)
           for x in compiled.rejected]
    for r, slot in enumerate(search.slot_of):
        if slot >= 0:
            continue
        request = problem.requests[compiled.source[r]]
        full = [compiled.person_ids[p] for p in (compiled.a[r], compiled.b[r])
                if search.count[p] >= compiled.cap[p]]
        if full:
            reason, detail = Reason.CAP_REACHED, f"{full[0]} has reached its {search.count[compiled.a[r] if full[0] == request.a else compiled.b[r]]} meetings"
        elif _both_free(compiled, search, r):
            reason, detail = Reason.TABLES_FULL, ""
        else:
            reason, detail = Reason.LOST_TO_CONFLICT, ""
        out.append(Unscheduled(request.a, request.b, reason, detail))
    order = {pair: i for i, pair in enumerate(r.pair for r in problem.requests)}
    return sorted(out, key=lambda u: order[frozenset((u.a, u.b))])


def _both_free(compiled: CompiledProblem, search: LocalSearch, r: int) -> bool:
    return bool(compiled.allowed[r] & ~search.busy[compiled.a[r]] & ~search.busy[compiled.b[r]])
