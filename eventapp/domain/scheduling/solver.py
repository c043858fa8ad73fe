"""``solve``: from a problem to a valid schedule, within a time limit, the same for a seed."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from eventapp.domain.scheduling import relaxation
from eventapp.domain.scheduling.compiled import CompiledProblem
from eventapp.domain.scheduling.problem import Objective, Problem
from eventapp.domain.scheduling.schedule import (
    Meeting,
    Reason,
    Schedule,
    ScheduleStats,
    Unscheduled,
    evaluate,
)
from eventapp.domain.scheduling.search import KEPT_MEETING_WEIGHT, LocalSearch

WORK_PER_SECOND = 400_000
"""Units of search work (see ``LocalSearch.work``) done per second on the reference
machine (2 cores, Python 3.11). The search stops after the units that fit the time
limit rather than at the clock, so that a seed gives the same schedule run after run;
the clock only stops it on a machine much slower than that."""

START_TEMPERATURE = 2.0
END_TEMPERATURE = 0.2
"""Annealing temperatures, in idle gaps (see ``SCORE_UNITS``): at the start a move
losing a unit of weight under ``fair`` is accepted one time in 55."""

RELAXATION_SHARE = 0.5
"""The most of the time limit that solving the linear relaxation may take."""

SEARCH_SHARE = 0.75
"""The share of the time limit planned for the search, the rest being a margin."""

SECONDS_PER_REQUEST = 6e-5
"""Time set aside per request for all but the search: reading and checking the
problem, the greedy start, building the result and, for the command line, the JSON
around it. About twice what it takes, so that a large problem (50,000 requests)
returns in well under the limit rather than at it."""


def solve(
    problem: Problem, *, time_limit: float = 10.0, seed: int = 0, progress: Callable[[float], None] | None = None
) -> Schedule:
    """The best schedule found in ``time_limit`` seconds; the same for the same seed.

    On buyer-seller problems of moderate size the linear relaxation picks the
    meetings first; a greedy start fills the rest, and annealing improves the whole
    (``stats.stopped_by`` says how it ended). ``progress`` is called now and then
    with the fraction of the work done, last with 1.0.
    """
    started = time.perf_counter()
    overhead = SECONDS_PER_REQUEST * len(problem.requests)
    compiled = CompiledProblem(problem)
    search = LocalSearch(compiled, problem.objective, random.Random(seed))
    relaxation_cut = False
    if relaxation.worth_trying(compiled):
        estimate = relaxation.SECONDS_PER_VARIABLE * relaxation.n_variables(compiled)
        if estimate <= RELAXATION_SHARE * time_limit:
            overhead += estimate
            placements = relaxation.relaxed_placements(
                compiled,
                **_lexicographic_values(compiled, problem.objective),
                time_limit=RELAXATION_SHARE * time_limit,
            )
            relaxation_cut = placements is None
            search.start_from(placements or [])
    search.keep_previous()
    search.construct()
    budget = int(WORK_PER_SECOND * max(0.0, time_limit * SEARCH_SHARE - overhead))
    stopped_by = search.anneal(
        budget,
        started + time_limit - SECONDS_PER_REQUEST * len(problem.requests),
        progress,
        start_temperature=START_TEMPERATURE,
        end_temperature=END_TEMPERATURE,
    )
    if relaxation_cut:
        stopped_by = "time_limit"
    search.fill()
    meetings = _meetings(compiled, search.placements())
    figures = evaluate(problem, meetings)
    if progress is not None:
        progress(1.0)
    stats = ScheduleStats(
        **vars(figures),
        objective=problem.objective,
        elapsed=time.perf_counter() - started,
        seed=seed,
        time_limit=time_limit,
        stopped_by=stopped_by,
    )
    return Schedule(tuple(meetings), tuple(_unscheduled(compiled, search)), stats)


def _lexicographic_values(compiled: CompiledProblem, objective: Objective) -> dict[str, float]:
    """Values of a covered participant, of a unit of weight and of a kept published
    meeting that rank them as the search does (``LocalSearch.key``); half a unit
    more for a kept meeting breaks ties towards keeping it."""
    keep = KEPT_MEETING_WEIGHT + 0.5
    keepable = sum(1 for slot in compiled.previous_slot if slot >= 0)
    if objective is Objective.FAIR:
        return {"cover_value": sum(compiled.weight) + keep * keepable + 1.0, "weight_value": 1.0, "keep_value": keep}
    people = float(len(compiled.person_ids) + 1)
    return {"cover_value": 1.0, "weight_value": people, "keep_value": keep * people}


def _meetings(compiled: CompiledProblem, placements: list[tuple[int, int]]) -> list[Meeting]:
    """Name the tables: host tables are fixed, locked meetings keep theirs, a published
    meeting kept at its slot goes back to its table when it can, and the other pool
    meetings take the free tables of their slot in turn."""
    problem = compiled.problem
    pool = problem.pool_tables
    in_pool = [(r, slot) for r, slot in placements if compiled.uses_pool[r]]
    wanted = [(r, slot, compiled.locked_table[r]) for r, slot in in_pool if r in compiled.locked_table]
    wanted += [
        (r, slot, compiled.previous_table[r])
        for r, slot in in_pool
        if r not in compiled.locked_table and compiled.previous_slot[r] == slot
    ]
    pool_table: dict[int, str | None] = {}
    taken: set[tuple[str | None, int]] = set()
    for r, slot, table in wanted:
        if (table, slot) not in taken:
            pool_table[r] = table
            taken.add((table, slot))
    next_free = [0] * compiled.n_slots
    meetings = []
    for r, slot in sorted(placements, key=lambda item: (item[1], compiled.source[item[0]])):
        request = problem.requests[compiled.source[r]]
        table = compiled.host_table[r]
        if r in compiled.locked_table and not compiled.uses_pool[r]:
            table = compiled.locked_table[r]
        elif compiled.uses_pool[r]:
            if r in pool_table:
                table = pool_table[r]
            else:
                while (pool[next_free[slot]], slot) in taken:
                    next_free[slot] += 1
                table = pool[next_free[slot]]
                next_free[slot] += 1
        meetings.append(Meeting(request.a, request.b, problem.slots[slot].id, table))
    return meetings


def _unscheduled(compiled: CompiledProblem, search: LocalSearch) -> list[Unscheduled]:
    """Every request without a meeting, in the problem's order, with the reason why."""
    requests = compiled.problem.requests
    reasons: dict[int, tuple[Reason, str]] = {x.request: (x.reason, x.detail) for x in compiled.rejected}
    for r, slot in enumerate(search.slot_of):
        if slot < 0:
            reasons[compiled.source[r]] = _reason_left_out(compiled, search, r)
    return [Unscheduled(requests[i].a, requests[i].b, *reasons[i]) for i in sorted(reasons)]


def _reason_left_out(compiled: CompiledProblem, search: LocalSearch, r: int) -> tuple[Reason, str]:
    for person in (compiled.a[r], compiled.b[r]):
        if search.count[person] >= compiled.cap[person]:
            return Reason.CAP_REACHED, f"{compiled.person_ids[person]} has its {compiled.cap[person]} meetings"
    slots = compiled.problem.slots
    both_free = compiled.allowed[r] & ~search.busy[compiled.a[r]] & ~search.busy[compiled.b[r]]
    if both_free:
        free_ids = [slots[s].id for s in range(compiled.n_slots) if both_free >> s & 1]
        return Reason.TABLES_FULL, f"both free in {', '.join(free_ids)}"
    return Reason.LOST_TO_CONFLICT, f"{compiled.allowed[r].bit_count()} common slots, all taken"
