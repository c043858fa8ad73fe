"""When a meeting looks like a no-show on the board: ten minutes into its slot,
on the slot's own day in the event's time zone, with a side unseen and no outcome."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain.meeting_attendance import SidesSeen, at_the_table, flagged_on_the_day, slot_in_progress

SOC_TRANG = ZoneInfo("Asia/Ho_Chi_Minh")
# 16:30 in Sóc Trăng: the last slot of the afternoon.
STARTS = datetime(2020, 11, 20, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "seen", "outcome", "flagged"),
    [
        (timedelta(minutes=9, seconds=59), SidesSeen(), False, False),
        (timedelta(minutes=10), SidesSeen(), False, True),
        (timedelta(minutes=10), SidesSeen(a=True), False, True),
        (timedelta(minutes=10), SidesSeen(b=True), False, True),
        (timedelta(minutes=10), SidesSeen(a=True, b=True), False, False),
        (timedelta(minutes=10), SidesSeen(), True, False),
        # 23:59 the same day in Sóc Trăng, then 00:00 the next.
        (timedelta(hours=7, minutes=29), SidesSeen(), False, True),
        (timedelta(hours=7, minutes=30), SidesSeen(), False, False),
    ],
)
def test_the_no_show_rule(after, seen, outcome, flagged):
    assert flagged_on_the_day(STARTS, STARTS + after, SOC_TRANG, seen, outcome_recorded=outcome) is flagged


def test_the_meeting_to_scan_for_is_the_one_at_hand():
    ends = STARTS + timedelta(minutes=20)
    assert not at_the_table(STARTS, ends, STARTS - timedelta(minutes=16))
    assert at_the_table(STARTS, ends, STARTS - timedelta(minutes=15))
    assert at_the_table(STARTS, ends, ends - timedelta(seconds=1))
    assert not at_the_table(STARTS, ends, ends)


def test_the_halls_slot_is_the_one_running_or_the_next_the_same_day():
    slots = [(STARTS + timedelta(minutes=20 * n), STARTS + timedelta(minutes=20 * (n + 1))) for n in range(3)]
    assert slot_in_progress(slots, STARTS - timedelta(hours=1), SOC_TRANG) == 0
    assert slot_in_progress(slots, STARTS + timedelta(minutes=25), SOC_TRANG) == 1
    assert slot_in_progress(slots, STARTS + timedelta(hours=1), SOC_TRANG) is None
    assert slot_in_progress(slots, STARTS - timedelta(days=1), SOC_TRANG) is None
