"""Local search over time-indexed meetings: greedy start, then simulated annealing.

The state is the slot of every possible request (or none). Two kinds of move:

- *push in*: put one request in one slot (the cheapest of a few sampled), pushing
  out whatever stands in its way (the meetings of its participants or of its shared
  table in that slot, the cheapest of a few meetings holding the pool tables, one
  over a participant's cap); pushed-out meetings go back into free slots, and a
  participant left starved is covered again, pushing in once more if need be;
- *swap chain*: exchange two slots over a Kempe chain of meetings, which re-times
  meetings without changing which ones are held (this is what closes idle gaps
  once every table and participant is busy).

Annealing accepts a move by the change of one score (``SCORE_UNITS``) and keeps the
best schedule by the objective's exact lexicographic order. After publication a
meeting at its published slot is *kept* (see ``KEPT_MEETING_WEIGHT``): the search
starts from the published meetings that can stay, puts a meeting back at its
published slot whenever it can, and leaves kept meetings out of the moves that
only re-time or relocate.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from eventapp.domain.scheduling.compiled import CompiledProblem
from eventapp.domain.scheduling.problem import Objective

SCORE_UNITS = {
    Objective.FAIR: (2048, 8),
    Objective.WEIGHT: (4, 16),
}
"""What a covered participant and a unit of weight are worth, in idle gaps, to annealing.

Under ``fair`` no gain of weight or gaps pays for a starved participant. Under
``weight`` a unit of weight outweighs four covered participants: a stricter ratio
made the search drift less but move less too.
"""

KEPT_MEETING_WEIGHT = 2
"""What leaving a published meeting at its slot is worth, in units of weight: a
re-run moves one to feed a starved participant (``fair``), or when every meeting it
moves gains more weight than this (a mutual request). Taken strictly, FORMAT.md's
order lets no gain of weight pay for a move; on ``networking`` problems from
perturb.py that kept every meeting but left the weight under 97% of a run from
scratch, for want of a few moves that each gain a great deal."""

SLOT_SAMPLES = 3
"""Slots sampled when pushing a request in; the cheapest wins. One made moves blind,
all of them made each move slow."""

POOL_SAMPLES = 6
"""Pool meetings of a slot sampled when one must give up its table."""

COVER_DEPTH = 1
"""How many times covering a starved participant again may itself push in; deeper
chains were measured to hurt more than help."""

KEMPE_SHARE = 0.5
"""The share of moves that only re-time meetings."""

MAX_CHAIN = 24
"""A longer swap chain is not tried: it rarely helps and costs in proportion."""

STALL_WORK_PER_ITEM = 1000
"""Work without a better schedule, per request and participant, after which the
search counts as converged and stops early (small problems finish in a blink)."""

UNMOVABLE = 1 << 60


class LocalSearch:
    """The state of a schedule under search, with every figure kept up to date move by move.

    Each change is logged so that a rejected move is undone exactly; ``work``
    counts units of effort, which the time limit is turned into.
    """

    def __init__(self, compiled: CompiledProblem, objective: Objective, rng: random.Random) -> None:
        self.cp = compiled
        self.fair = objective is Objective.FAIR
        self.cover_unit, self.weight_unit = SCORE_UNITS[objective]
        self.keep_unit = KEPT_MEETING_WEIGHT * self.weight_unit + 1
        self.previous_slot = compiled.previous_slot
        self.rng = rng
        self.n_slots = compiled.n_slots
        n_requests = compiled.n_requests
        n_people = len(compiled.person_ids)
        self.slot_of = [-1] * n_requests
        self.occupant = [-1] * (compiled.n_resources * self.n_slots)
        self.busy = [0] * compiled.n_resources
        self.kept_busy = [0] * compiled.n_resources
        self.count = [0] * n_people
        self.day_mask_of = [next(day for day in compiled.day_masks if day >> s & 1) for s in range(self.n_slots)]
        self.pool_at: list[list[int]] = [[] for _ in range(self.n_slots)]
        self.pool_full = 0 if compiled.pool_capacity else (1 << self.n_slots) - 1
        self.locked = [False] * n_requests
        self.pinned = [0] * n_requests
        self.stamp = 0
        self.weight = 0
        self.covered = 0
        self.kept = 0
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

    def key(self) -> tuple[int, int, int, int]:
        """Larger for the better schedule: weight and kept meetings at their exchange
        rate, then kept meetings alone, in the order of ``Figures.rank`` otherwise."""
        worth = self.weight + KEPT_MEETING_WEIGHT * self.kept
        if self.fair:
            return (self.covered, worth, self.kept, -self.gaps)
        return (worth, self.kept, self.covered, -self.gaps)

    def score(self) -> int:
        return self.covered * self.cover_unit + self.kept * self.keep_unit + self.weight * self.weight_unit - self.gaps

    def placements(self) -> list[tuple[int, int]]:
        return [(r, s) for r, s in enumerate(self.slot_of) if s >= 0]

    def restore(self, slot_of: list[int]) -> None:
        """Go back to a schedule saved as the slot of every request."""
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
            by_scarcity = sorted(range(cp.n_requests), key=lambda r: (min(options[cp.a[r]], options[cp.b[r]]), -cp.weight[r]))
            for r in by_scarcity:
                if self.slot_of[r] < 0 and (self.count[cp.a[r]] == 0 or self.count[cp.b[r]] == 0):
                    self._place_in_best_free_slot(r)
        by_weight = sorted(range(cp.n_requests), key=lambda r: (-cp.weight[r], options[cp.a[r]] + options[cp.b[r]]))
        for r in by_weight:
            if self.slot_of[r] < 0:
                self._place_in_best_free_slot(r)
        self.log.clear()

    def keep_previous(self) -> None:
        """Put back the published meetings that can stay, heaviest first where they clash."""
        cp = self.cp
        home = self.previous_slot
        self.start_from(
            sorted(((r, home[r]) for r in range(cp.n_requests) if home[r] >= 0), key=lambda p: (-cp.weight[p[0]], p[0]))
        )

    def start_from(self, placements: list[tuple[int, int]]) -> None:
        """Place the given meetings where they still fit, as a start for ``construct``."""
        for r, slot in placements:
            if self.slot_of[r] < 0 and self.free_slots(r) >> slot & 1:
                self._place(r, slot)
        self.log.clear()

    def fill(self) -> None:
        """Add every request that still fits in a free slot, heaviest first."""
        weight = self.cp.weight
        for r in sorted(self.unscheduled, key=lambda r: (-weight[r], r)):
            self._place_in_best_free_slot(r)
        self.log.clear()

    # -- annealing ----------------------------------------------------------------

    def anneal(
        self,
        budget: int,
        deadline: float,
        progress: Callable[[float], None] | None,
        start_temperature: float,
        end_temperature: float,
    ) -> str:
        """Run moves until ``budget`` units of work are done or the clock passes ``deadline``.

        Also stops, ``converged``, when the best schedule has not changed for long
        (in proportion to the problem's size). Returns why it stopped; the state is
        left at the best schedule seen.
        """
        rng = self.rng
        best_key = self.key()
        best_slots = list(self.slot_of)
        at_best = True
        start_work = self.work
        last_gain = self.work
        stall_limit = STALL_WORK_PER_ITEM * (self.cp.n_requests + len(self.count))
        cooling = math.log(end_temperature / start_temperature)
        reported = 0.0
        stopped_by = "work_budget"
        iteration = 0
        while True:
            done = (self.work - start_work) / budget if budget > 0 else 1.0
            if done >= 1.0:
                break
            if self.work - last_gain > stall_limit:
                stopped_by = "converged"
                break
            iteration += 1
            self.work += 1
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
            key = self.key()
            if key >= best_key:
                if key > best_key:
                    best_key = key
                    last_gain = self.work
                at_best = True
            elif at_best:
                best_slots = self._slots_before_move()
                at_best = False
            self.log.clear()
        if not at_best:
            self.restore(best_slots)
        return stopped_by

    def _random_move(self) -> bool:
        """Apply one move, logging its changes; False when it can't be made."""
        cp = self.cp
        rng = self.rng
        self.stamp += 1
        if rng.random() < KEMPE_SHARE:
            return self._swap_chain()
        roll = rng.random()
        if roll < 0.6:
            feeding = self.fair and self.starved and roll < 0.2
            if feeding:
                r = rng.choice(cp.requests_of[rng.choice(self.starved)])
            elif self.unscheduled:
                r = rng.choice(self.unscheduled)
            else:
                return False
            if self._place_in_best_free_slot(r):
                return True
            targets = cp.allowed[r]
            if not feeding:
                targets = self._clear_of_kept(r, targets)
        else:
            if not self.scheduled:
                return False
            r = rng.choice(self.scheduled)
            if self._kept(r):
                return False
            targets = cp.allowed[r] & ~(1 << self.slot_of[r])
            if not targets:
                return False
            self._unplace(r)
        slot = self._cheap_slot(r, targets)
        if slot < 0:
            return False
        pushed_out = self._force(r, slot)
        if pushed_out is None:
            return False
        self._settle(pushed_out, COVER_DEPTH)
        return True

    def _swap_chain(self) -> bool:
        """Swap two slots over a chain of meetings (a Kempe chain), to close idle gaps.

        Starting from a random meeting, every meeting that shares a participant or a
        table with the chain in the other slot joins it; swapping the two slots of the
        whole chain keeps everyone single-booked and changes only who waits when.
        """
        cp = self.cp
        rng = self.rng
        if not self.scheduled:
            return False
        first = rng.choice(self.scheduled)
        if self._kept(first):
            return False
        here = self.slot_of[first]
        targets = cp.allowed[first] & ~(1 << here)
        if not targets:
            return False
        there = _random_bit(targets, rng)
        n_slots = self.n_slots
        chain = [first]
        member = {first}
        for meeting in chain:
            other_slot = there if self.slot_of[meeting] == here else here
            for resource in cp.resources[meeting]:
                other = self.occupant[resource * n_slots + other_slot]
                if other >= 0 and other not in member:
                    if (
                        self.locked[other]
                        or self._kept(other)
                        or not cp.allowed[other] >> here & 1
                        or not cp.allowed[other] >> there & 1
                    ):
                        return False
                    member.add(other)
                    chain.append(other)
            if len(chain) > MAX_CHAIN:
                return False
        self.work += len(chain)
        pool_here = sum(1 for m in chain if cp.uses_pool[m] and self.slot_of[m] == here)
        pool_there = sum(1 for m in chain if cp.uses_pool[m] and self.slot_of[m] == there)
        if (
            len(self.pool_at[here]) - pool_here + pool_there > cp.pool_capacity
            or len(self.pool_at[there]) - pool_there + pool_here > cp.pool_capacity
        ):
            return False
        moves = [(m, there if self.slot_of[m] == here else here) for m in chain]
        for m, _ in moves:
            self._unplace(m)
        for m, slot in moves:
            self._place(m, slot)
        return True

    def _kept(self, r: int) -> bool:
        """Whether ``r`` is at its published slot: moving it is left to moves that feed someone."""
        return self.slot_of[r] == self.previous_slot[r]

    def _clear_of_kept(self, r: int, targets: int) -> int:
        """The targets where nothing in the way of ``r`` is a kept meeting, if there are any."""
        clear = targets
        for resource in self.cp.resources[r]:
            clear &= ~self.kept_busy[resource]
        return clear or targets

    def _settle(self, pushed_out: list[int], depth: int) -> None:
        """Put pushed-out meetings back in free slots; cover again whoever that leaves starved."""
        self.rng.shuffle(pushed_out)
        for other in pushed_out:
            if self.slot_of[other] < 0 and not self._place_in_best_free_slot(other):
                self._cover_again(other, depth)

    def _cover_again(self, dropped: int, depth: int) -> None:
        """Give a participant left without meetings by ``dropped`` another one.

        A free slot is best; failing that, one of its requests is pushed in where it
        costs least, and what that pushes out is settled in turn, ``depth`` times over:
        a chain that moves coverage along, like an augmenting path.
        """
        cp = self.cp
        for person in (cp.a[dropped], cp.b[dropped]):
            if self.count[person]:
                continue
            options = sorted(
                (r for r in cp.requests_of[person] if r != dropped and self.slot_of[r] < 0), key=lambda r: -cp.weight[r]
            )
            if not options or any(self._place_in_best_free_slot(r) for r in options):
                continue
            r = self.rng.choice(options)
            slot = self._cheap_slot(r, cp.allowed[r])
            pushed_out = self._force(r, slot) if slot >= 0 else None
            if pushed_out is None:
                continue
            if depth > 0:
                self._settle(pushed_out, depth - 1)
            else:
                for other in pushed_out:
                    if self.slot_of[other] < 0:
                        self._place_in_best_free_slot(other)

    def _cheap_slot(self, r: int, targets: int) -> int:
        """The slot among a few sampled targets where pushing in ``r`` loses least; -1 if none can.

        A published slot among the targets is always weighed, with what going back
        there gains.
        """
        best_slot, best_cost = -1, UNMOVABLE
        home = self.previous_slot[r]
        if home >= 0 and targets >> home & 1:
            cost = self._push_cost(r, home)
            if cost < UNMOVABLE:
                best_slot, best_cost = home, cost - self.keep_unit
        for _ in range(SLOT_SAMPLES):
            slot = _random_bit(targets, self.rng)
            cost = self._push_cost(r, slot)
            if cost < best_cost:
                best_slot, best_cost = slot, cost
        return best_slot

    def _push_cost(self, r: int, slot: int) -> int:
        cp = self.cp
        self.work += 1
        n_slots = self.n_slots
        cost = 0
        previous = -1
        for resource in cp.resources[r]:
            other = self.occupant[resource * n_slots + slot]
            if other >= 0 and other != previous:
                if self.locked[other] or self.pinned[other] == self.stamp:
                    return UNMOVABLE
                cost += self._loss(other)
                previous = other
        if cp.uses_pool[r] and self.pool_full >> slot & 1:
            victim = self._pool_victim(slot)
            cost += UNMOVABLE if victim < 0 else self._loss(victim)
        return cost

    def _pool_victim(self, slot: int) -> int:
        """The cheapest of a few pool meetings of ``slot`` that may move; -1 if none may."""
        at = self.pool_at[slot]
        rng = self.rng
        self.work += 3
        best, best_loss = -1, UNMOVABLE
        for _ in range(POOL_SAMPLES):
            other = at[int(rng.random() * len(at))]
            if self.locked[other] or self.pinned[other] == self.stamp:
                continue
            loss = self._loss(other)
            if loss < best_loss:
                best, best_loss = other, loss
        return best

    def _loss(self, r: int) -> int:
        """How much the score drops if meeting ``r`` goes, ignoring idle gaps."""
        cp = self.cp
        uncovered = (self.count[cp.a[r]] == 1) + (self.count[cp.b[r]] == 1)
        kept = self.slot_of[r] == self.previous_slot[r]
        return uncovered * self.cover_unit + kept * self.keep_unit + cp.weight[r] * self.weight_unit

    def _force(self, r: int, slot: int) -> list[int] | None:
        """Place ``r`` in ``slot``, removing every meeting in its way (None if one may not move)."""
        cp = self.cp
        n_slots = self.n_slots
        stamp = self.stamp
        self.pinned[r] = stamp
        pushed_out: list[int] = []
        for resource in cp.resources[r]:
            other = self.occupant[resource * n_slots + slot]
            if other >= 0:
                if self.locked[other] or self.pinned[other] == stamp:
                    return None
                self._unplace(other)
                pushed_out.append(other)
        if cp.uses_pool[r] and self.pool_full >> slot & 1:
            other = self._pool_victim(slot)
            if other < 0:
                return None
            self._unplace(other)
            pushed_out.append(other)
        for person in (cp.a[r], cp.b[r]):
            if self.count[person] >= cp.cap[person]:
                movable = [o for o in self._meetings_of(person) if not self.locked[o] and self.pinned[o] != stamp]
                if not movable:
                    return None
                other = self._cheapest(movable)
                self._unplace(other)
                pushed_out.append(other)
        self._place(r, slot)
        return pushed_out

    def _cheapest(self, meetings: list[int]) -> int:
        """The meeting whose loss hurts the score least, ties broken at random."""
        best: list[int] = []
        best_loss = UNMOVABLE
        for r in meetings:
            loss = self._loss(r)
            if loss < best_loss:
                best, best_loss = [r], loss
            elif loss == best_loss:
                best.append(r)
        return best[0] if len(best) == 1 else self.rng.choice(best)

    def _meetings_of(self, person: int) -> list[int]:
        base = person * self.n_slots
        out = []
        busy = self.busy[person]
        while busy:
            low = busy & -busy
            busy ^= low
            out.append(self.occupant[base + low.bit_length() - 1])
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
        """Place ``r`` at its published slot if free, else in the free slot that adds
        fewest idle gaps (the earliest of equals)."""
        free = self.free_slots(r)
        if not free:
            return False
        home = self.previous_slot[r]
        if home >= 0 and free >> home & 1:
            self.work += 1
            self._place(r, home)
            return True
        cp = self.cp
        busy_a, busy_b = self.busy[cp.a[r]], self.busy[cp.b[r]]
        day_of = self.day_mask_of
        best_slot, best_cost = -1, 1 << 30
        while free:
            low = free & -free
            free ^= low
            slot = low.bit_length() - 1
            day = day_of[slot]
            cost = _added_gaps(busy_a & day, slot) + _added_gaps(busy_b & day, slot)
            if cost < best_cost:
                best_cost, best_slot = cost, slot
        self.work += 1
        self._place(r, best_slot)
        return True

    def _place(self, r: int, slot: int) -> None:
        cp = self.cp
        bit = 1 << slot
        n_slots = self.n_slots
        day = self.day_mask_of[slot]
        self.gaps += _added_gaps(self.busy[cp.a[r]] & day, slot) + _added_gaps(self.busy[cp.b[r]] & day, slot)
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
        if slot == self.previous_slot[r]:
            self.kept += 1
            for resource in cp.resources[r]:
                self.kept_busy[resource] |= bit
        for person in (cp.a[r], cp.b[r]):
            self.count[person] += 1
            if self.count[person] == 1:
                self.covered += 1
                self._drop_from_starved(person)
        if not self.locked[r]:
            self._drop_from_list(r, self.unscheduled)
            self._add_to_list(r, self.scheduled)
        self.log.append((r, -1))
        self.work += 2

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
        if slot == self.previous_slot[r]:
            self.kept -= 1
            for resource in cp.resources[r]:
                self.kept_busy[resource] &= ~bit
        self.slot_of[r] = -1
        self.weight -= cp.weight[r]
        for person in (cp.a[r], cp.b[r]):
            self.count[person] -= 1
            if self.count[person] == 0:
                self.covered -= 1
                self._add_to_starved(person)
        day = self.day_mask_of[slot]
        self.gaps -= _added_gaps(self.busy[cp.a[r]] & day, slot) + _added_gaps(self.busy[cp.b[r]] & day, slot)
        if not self.locked[r]:
            self._drop_from_list(r, self.scheduled)
            self._add_to_list(r, self.unscheduled)
        self.log.append((r, slot))
        self.work += 2

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


def _added_gaps(busy_that_day: int, slot: int) -> int:
    """How many idle gaps a meeting in free ``slot`` adds to a participant's day (-1: fills one)."""
    if not busy_that_day:
        return 0
    last = busy_that_day.bit_length() - 1
    if slot > last:
        return slot - last - 1
    first = (busy_that_day & -busy_that_day).bit_length() - 1
    if slot < first:
        return first - slot - 1
    return -1


def _random_bit(mask: int, rng: random.Random) -> int:
    """Index of a uniformly chosen set bit."""
    k = int(rng.random() * mask.bit_count())
    while k:
        mask &= mask - 1
        k -= 1
    return (mask & -mask).bit_length() - 1
