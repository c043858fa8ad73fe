"""Placing a meeting by hand: who is busy when, caps, and the slots both
people are there and free (domain/meetings.py, beside free_cells)."""

from datetime import UTC, datetime

from eventapp.domain.meetings import Availability, SlotTimes, busy_slots, open_slots, reached_cap, taken_cells


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2020, 11, 20, hour, minute, tzinfo=UTC)


SLOTS = [SlotTimes(1, at(8), at(8, 20)), SlotTimes(2, at(8, 20), at(8, 40)), SlotTimes(3, at(8, 40), at(9))]


def test_busy_slots_gather_each_persons_meetings():
    assert busy_slots([((1, 2), 10), ((1, 3), 11), ((4, 2), 12)]) == {1: {10, 11}, 2: {10, 12}, 3: {11}, 4: {12}}
    assert busy_slots([]) == {}


def test_a_cap_is_reached_at_as_many_meetings_as_allowed():
    assert reached_cap(Availability(max_meetings=2), {1, 2})
    assert not reached_cap(Availability(max_meetings=2), {1})
    assert not reached_cap(Availability(), {1, 2, 3})
    assert not reached_cap(None, {1, 2, 3})


def test_open_slots_need_everyone_there_and_free():
    arrives_late = Availability(available_from=at(8, 20))
    assert open_slots(SLOTS, [(None, set()), (None, set())]) == {1, 2, 3}
    assert open_slots(SLOTS, [(arrives_late, set()), (None, {3})]) == {2}
    assert open_slots(SLOTS, [(Availability(available_until=at(8, 30)), set())]) == {1}


def test_taken_cells_leave_out_meetings_at_the_booths():
    assert taken_cells([(10, 1), (None, 2), (11, 1)]) == {(10, 1), (11, 1)}


def test_idle_gaps_count_the_empty_slots_between_a_persons_meetings_within_a_session():
    from eventapp.domain.meetings import idle_gaps

    # Person 1 meets at positions 0 and 3 of session 10 (two empty slots
    # between), and at 0 of session 11 (another session: no gap across).
    seatings = [((1, 2), (10, 0)), ((1, 3), (10, 3)), ((1, 4), (11, 0)), ((2, 5), (10, 1))]
    assert idle_gaps(seatings) == 2
    assert idle_gaps([]) == 0
