"""Local search over time-indexed meetings: greedy construction, then simulated annealing.

The state is the slot of every possible request (or none). A move puts one request
in one slot, pushing out whatever stands in its way (the meetings of its two
participants or of its shared table in that slot, a meeting holding the last pool
table, a meeting over a participant's cap), then puts each pushed-out meeting back
in the best free slot it still has. Annealing accepts a move by the change of a
single score that ranks the objective's three figures lexicographically.
"""
from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from eventapp.domain.scheduling.compiled import CompiledProblem
from eventapp.domain.scheduling.problem import Objective

GAP_UNIT = 1
SECONDARY_UNIT = 8
PRIMARY_UNIT = SECONDARY_UNIT * 256


class LocalSearch:
    def __init__(self, compiled: CompiledProblem, objective: Objective, rng: random.Random) -> None:
        self.cp = compiled
        self.fair = objective is Objective.FAIR
        self.rng = rng
        self.n_slots = compiled.n_slots
        n_requests = compiled.n_requests
        n_people = len(compiled.person_ids)
        self.slot_of = [-1] * n_requests
        self.occupant = [-1] * (compiled.n_resources * self.n_slots)
        self.busy = [0] * compiled.n_resources
        self.count = [0] * n_people
        self.person_gaps = [0] * n_people
        self.pool_at: list[list[int]] = [[] for _ in range(self.n_slots)]
        self.pool_full = 0 if compiled.pool_capacity else (1 << self.n_slots) - 1
        self.locked = [False] * n_requests
        self.weight = 0
        self.covered = 0
        self.gaps = 0
        self.work = 0
        self.log: list[tuple[int, int]] = []
        self.scheduled: list[int] = []
        self.unscheduled = list(range(n_requests))
        self.position = list(range(n_requests))
        self.starved = [p for p in range(n_people) if compiled.requests_of[p]]
        self.starved_position = [-1] * n_people
        for i, p in enumerate(self.starved):
            self.starved_position[p] = i
        for r, s in compiled.locked:
            self.locked[r] = True
            self._drop_from_list(r, self.unscheduled)
            self._place(r, s)
        self.log.clear()

    def key(self) -> tuple[int, int, int]:
        if self.fair:
            return (self.covered, self.weight, -self.gaps)
        return (self.weight, self.covered, -self.gaps)

    def score(self) -> int:
        first, second, gaps = self.key()
        return first * PRIMARY_UNIT + second * SECONDARY_UNIT + gaps * GAP_UNIT

    def placements(self) -> list[tuple[int, int]]:
        return [(r, s) for r, s in enumerate(self.slot_of) if s >= 0]

    def restore(self, slot_of: list[int]) -> None:
        for r, s in enumerate(self.slot_of):
            if s >= 0 and slot_of[r] != s:
                self._unplace(r)
        for r, s in enumerate(slot_of):
            if s >= 0 and self.slot_of[r] != s:
                self._place(r, s)
        self.log.clear()

    # -- construction -------------------------------------------------------------

    def construct(self) -> None:
        """Greedy start: in ``fair`` first one meeting for whoever has the fewest options."""
        cp = self.cp
        options = [len(rs) for rs in cp.requests_of]
        if self.fair:
            by_scarcity = sorted(range(cp.n_requests),
                                 key=lambda r: (min(options[cp.a[r]], options[cp.b[r]]), -cp.weight[r]))
            for r in by_scarcity:
                if self.slot_of[r] < 0 and (self.count[cp.a[r]] == 0 or self.count[cp.b[r]] == 0):
                    self._place_in_best_free_slot(r)
        by_weight = sorted(range(cp.n_requests),
                           key=lambda r: (-cp.weight[r], options[cp.a[r]] + options[cp.b[r]]))
        for r in by_weight:
            if self.slot_of[r] < 0:
                self._place_in_best_free_slot(r)
        self.log.clear()

    # -- annealing ----------------------------------------------------------------

    def anneal(self, budget: int, deadline: float, progress: Callable[[float], None] | None,
               start_temperature: float, end_temperature: float) -> str:
        """Run moves until ``budget`` units of work are done or the clock passes ``deadline``.

        Returns why it stopped; the state is left at the best schedule seen.
        """
        rng = self.rng
        best_key = self.key()
        best_slots = list(self.slot_of)
        at_best = True
        start_work = self.work
        cooling = math.log(end_temperature / start_temperature)
        reported = 0.0
        stopped_by = "work_budget"
        iteration = 0
        while True:
            done = (self.work - start_work) / budget if budget > 0 else 1.0
            if done >= 1.0:
                break
            iteration += 1
            if iteration % 256 == 0:
                if time.perf_counter() > deadline:
                    stopped_by = "time_limit"
                    break
                if progress is not None and done - reported >= 0.01:
                    reported = done
                    progress(done)
            temperature = start_temperature * math.exp(cooling * done)
            before = self.score()
            if not self._random_move():
                self._undo()
                continue
            delta = self.score() - before
            if delta < 0 and rng.random() >= math.exp(delta / temperature):
                self._undo()
                continue
            if delta < 0 and at_best:
                best_slots = self._slots_before_move()
                at_best = False
            self.log.clear()
            key = self.key()
            if key > best_key:
                best_key = key
                at_best = True
            elif key < best_key:
                at_best = False
        if not at_best:
            self.restore(best_slots)
        return stopped_by

    def _random_move(self) -> bool:
        """Apply one move, logging its changes; False when it can't be made."""
        cp = self.cp
        rng = self.rng
        roll = rng.random()
        if roll < 0.6:
            if self.fair and self.starved and roll < 0.2:
                r = rng.choice(cp.requests_of[rng.choice(self.starved)])
            elif self.unscheduled:
                r = rng.choice(self.unscheduled)
            else:
                return False
            if self._place_in_best_free_slot(r):
                return True
            slot = _random_bit(cp.allowed[r], rng)
        else:
            if not self.scheduled:
                return False
            r = rng.choice(self.scheduled)
            elsewhere = cp.allowed[r] & ~(1 << self.slot_of[r])
            if not elsewhere:
                return False
            self._unplace(r)
            slot = _random_bit(elsewhere, rng)
        pushed_out = self._force(r, slot)
        if pushed_out is None:
            return False
        rng.shuffle(pushed_out)
        for other in pushed_out:
            self._place_in_best_free_slot(other)
        return True

    def _force(self, r: int, slot: int) -> list[int] | None:
        """Place ``r`` in ``slot``, removing every meeting in its way (None if one is locked)."""
        cp = self.cp
        n_slots = self.n_slots
        pushed_out: list[int] = []
        for resource in cp.resources[r]:
            other = self.occupant[resource * n_slots + slot]
            if other >= 0:
                if self.locked[other]:
                    return None
                self._unplace(other)
                pushed_out.append(other)
        if cp.uses_pool[r] and self.pool_full >> slot & 1:
            movable = [o for o in self.pool_at[slot] if not self.locked[o]]
            if not movable:
                return None
            other = self.rng.choice(movable)
            self._unplace(other)
            pushed_out.append(other)
        for person in (cp.a[r], cp.b[r]):
            if self.count[person] >= cp.cap[person]:
                movable = self._movable_meetings(person)
                if not movable:
                    return None
                other = self.rng.choice(movable)
                self._unplace(other)
                pushed_out.append(other)
        self._place(r, slot)
        return pushed_out

    def _movable_meetings(self, person: int) -> list[int]:
        base = person * self.n_slots
        out = []
        busy = self.busy[person]
        while busy:
            low = busy & -busy
            busy ^= low
            r = self.occupant[base + low.bit_length() - 1]
            if not self.locked[r]:
                out.append(r)
        return out

    def _slots_before_move(self) -> list[int]:
        slots = list(self.slot_of)
        for r, previous in reversed(self.log):
            slots[r] = previous
        return slots

    def _undo(self) -> None:
        changes, self.log = self.log, []
        for r, previous in reversed(changes):
            if self.slot_of[r] >= 0:
                self._unplace(r)
            if previous >= 0:
                self._place(r, previous)
        self.log.clear()

    # -- placing and removing -----------------------------------------------------

    def free_slots(self, r: int) -> int:
        cp = self.cp
        if self.count[cp.a[r]] >= cp.cap[cp.a[r]] or self.count[cp.b[r]] >= cp.cap[cp.b[r]]:
            return 0
        free = cp.allowed[r]
        for resource in cp.resources[r]:
            free &= ~self.busy[resource]
        if cp.uses_pool[r]:
            free &= ~self.pool_full
        return free

    def _place_in_best_free_slot(self, r: int) -> bool:
        free = self.free_slots(r)
        if not free:
            return False
        cp = self.cp
        a, b = cp.a[r], cp.b[r]
        busy_a, busy_b = self.busy[a], self.busy[b]
        gaps_a, gaps_b = self.person_gaps[a], self.person_gaps[b]
        day_masks = self.cp.day_masks
        best_slot, best_cost = -1, 1 << 30
        while free:
            low = free & -free
            free ^= low
            cost = (_gaps(busy_a | low, day_masks) - gaps_a) + (_gaps(busy_b | low, day_masks) - gaps_b)
            if cost < best_cost:
                best_cost, best_slot = cost, low.bit_length() - 1
        self.work += 1
        self._place(r, best_slot)
        return True

    def _place(self, r: int, slot: int) -> None:
        cp = self.cp
        bit = 1 << slot
        n_slots = self.n_slots
        for resource in cp.resources[r]:
            self.occupant[resource * n_slots + slot] = r
            self.busy[resource] |= bit
        if cp.uses_pool[r]:
            at = self.pool_at[slot]
            at.append(r)
            if len(at) >= cp.pool_capacity:
                self.pool_full |= bit
        self.slot_of[r] = slot
        self.weight += cp.weight[r]
        for person in (cp.a[r], cp.b[r]):
            self.count[person] += 1
            if self.count[person] == 1:
                self.covered += 1
                self._drop_from_starved(person)
            self._refresh_gaps(person)
        if not self.locked[r]:
            self._drop_from_list(r, self.unscheduled)
            self._add_to_list(r, self.scheduled)
        self.log.append((r, -1))
        self.work += 1

    def _unplace(self, r: int) -> None:
        cp = self.cp
        slot = self.slot_of[r]
        bit = 1 << slot
        n_slots = self.n_slots
        for resource in cp.resources[r]:
            self.occupant[resource * n_slots + slot] = -1
            self.busy[resource] &= ~bit
        if cp.uses_pool[r]:
            self.pool_at[slot].remove(r)
            self.pool_full &= ~bit
        self.slot_of[r] = -1
        self.weight -= cp.weight[r]
        for person in (cp.a[r], cp.b[r]):
            self.count[person] -= 1
            if self.count[person] == 0:
                self.covered -= 1
                self._add_to_starved(person)
            self._refresh_gaps(person)
        if not self.locked[r]:
            self._drop_from_list(r, self.scheduled)
            self._add_to_list(r, self.unscheduled)
        self.log.append((r, slot))
        self.work += 1

    def _refresh_gaps(self, person: int) -> None:
        gaps = _gaps(self.busy[person], self.cp.day_masks)
        self.gaps += gaps - self.person_gaps[person]
        self.person_gaps[person] = gaps

    def _drop_from_list(self, r: int, items: list[int]) -> None:
        i = self.position[r]
        last = items.pop()
        if last != r:
            items[i] = last
            self.position[last] = i

    def _add_to_list(self, r: int, items: list[int]) -> None:
        self.position[r] = len(items)
        items.append(r)

    def _drop_from_starved(self, person: int) -> None:
        i = self.starved_position[person]
        last = self.starved.pop()
        if last != person:
            self.starved[i] = last
            self.starved_position[last] = i
        self.starved_position[person] = -1

    def _add_to_starved(self, person: int) -> None:
        self.starved_position[person] = len(self.starved)
        self.starved.append(person)


def _gaps(busy: int, day_masks: list[int]) -> int:
    total = 0
    for day in day_masks:
        mask = busy & day
        if mask:
            total += mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count()
    return total


def _random_bit(mask: int, rng: random.Random) -> int:
    """Index of a uniformly chosen set bit."""
    k = rng.randrange(mask.bit_count())
    while k:
        mask &= mask - 1
        k -= 1
    return (mask & -mask).bit_length() - 1
