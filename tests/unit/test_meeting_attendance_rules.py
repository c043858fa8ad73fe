"""When a meeting looks like a no-show on the board: ten minutes into its slot,
on the slot's own day in the event's time zone, with a side unseen and no outcome."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from eventapp.domain.meeting_attendance import SidesSeen, flagged_on_the_day

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
