"""A warm start from the linear relaxation of the time-indexed model, solved by HiGHS.

One variable per request and common slot, one per participant that can be covered;
rows for each request (at most once), each resource in each slot, each cap and the
pool tables of each slot. When the requests form a bipartite graph (buyers and
sellers) this relaxation is, in practice, integral or nearly so, and its optimum is
the best selection of meetings outright; on general graphs (delegates meeting each
other) it is fractional and slow, so it is not tried there.
"""

from __future__ import annotations

from collections import deque

from eventapp.domain.scheduling.compiled import CompiledProblem

MAX_VARIABLES = 150_000
"""Above this the relaxation takes longer than it saves (HiGHS on 2 cores)."""

SECONDS_PER_VARIABLE = 4e-5
"""Measured cost of building and solving the relaxation; the search budget leaves room for it."""


def worth_trying(compiled: CompiledProblem) -> bool:
    return 0 < n_variables(compiled) <= MAX_VARIABLES and _bipartite(compiled)


def n_variables(compiled: CompiledProblem) -> int:
    return sum(mask.bit_count() for mask in compiled.allowed)


def relaxed_placements(
    compiled: CompiledProblem, cover_value: float, weight_value: float, time_limit: float, keep_value: float = 0.0
) -> list[tuple[int, int]] | None:
    """(request, slot) pairs set to one in the relaxation's optimum; None if HiGHS gave up.

    ``keep_value`` is what a published meeting left at its slot is worth.
    """
    # HiGHS and NumPy take a quarter of a second to import: only schedules that use them pay.
    import highspy
    import numpy as np

    rows: list[int] = []
    columns: list[int] = []
    capacity: list[float] = []
    row_of: dict[tuple[int, ...], int] = {}

    def row(key: tuple[int, ...], limit: int) -> int:
        if key not in row_of:
            row_of[key] = len(capacity)
            capacity.append(limit)
        return row_of[key]

    placements: list[tuple[int, int]] = []
    value: list[float] = []
    lower: list[float] = []
    locked = dict(compiled.locked)
    meetings_of: list[list[int]] = [[] for _ in compiled.person_ids]
    for r in range(compiled.n_requests):
        a, b = compiled.a[r], compiled.b[r]
        mask = compiled.allowed[r]
        while mask:
            low = mask & -mask
            mask ^= low
            slot = low.bit_length() - 1
            column = len(value)
            placements.append((r, slot))
            touched = [row((0, r), 1), row((1, a), compiled.cap[a]), row((1, b), compiled.cap[b])]
            touched += [row((2, resource, slot), 1) for resource in compiled.resources[r]]
            if compiled.uses_pool[r]:
                touched.append(row((3, slot), compiled.pool_capacity))
            rows.extend(touched)
            columns.extend([column] * len(touched))
            meetings_of[a].append(column)
            meetings_of[b].append(column)
            value.append(weight_value * compiled.weight[r] + (keep_value if compiled.previous_slot[r] == slot else 0.0))
            lower.append(1.0 if locked.get(r) == slot else 0.0)
    entries = [1.0] * len(rows)
    for columns_of_person in meetings_of:
        if not columns_of_person:
            continue
        covered_column, cover_row = len(value), len(capacity)
        capacity.append(0)
        rows.append(cover_row)
        columns.append(covered_column)
        entries.append(1.0)
        rows.extend([cover_row] * len(columns_of_person))
        columns.extend(columns_of_person)
        entries.extend([-1.0] * len(columns_of_person))
        value.append(cover_value)
        lower.append(0.0)

    by_column = np.argsort(np.array(columns), kind="stable")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(value), len(capacity)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array(value)
    lp.col_lower_ = np.array(lower)
    lp.col_upper_ = np.ones(len(value))
    lp.row_lower_ = np.full(len(capacity), -highspy.kHighsInf)
    lp.row_upper_ = np.array(capacity, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.searchsorted(np.array(columns)[by_column], np.arange(len(value) + 1))
    lp.a_matrix_.index_ = np.array(rows)[by_column]
    lp.a_matrix_.value_ = np.array(entries)[by_column]
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("solver", "simplex")
    highs.passModel(lp)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    chosen = np.array(highs.getSolution().col_value[: len(placements)])
    return [placements[i] for i in np.flatnonzero(chosen > 0.5)]


def _bipartite(compiled: CompiledProblem) -> bool:
    """Whether participants split in two groups with every request across them."""
    side = [-1] * len(compiled.person_ids)
    for start in range(len(side)):
        if side[start] >= 0:
            continue
        side[start] = 0
        queue = deque([start])
        while queue:
            person = queue.popleft()
            for r in compiled.requests_of[person]:
                other = compiled.a[r] + compiled.b[r] - person
                if side[other] < 0:
                    side[other] = 1 - side[person]
                    queue.append(other)
                elif side[other] == side[person]:
                    return False
    return True
