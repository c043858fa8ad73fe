"""Matchmaking rules outside the scheduler: sessions cut into slots,
availability, pair weights, where a meeting may be placed by hand."""

from datetime import UTC, date, datetime, time

import pytest

from eventapp.domain.errors import ValidationError
from eventapp.domain.meetings import (
    AvailabilityInput,
    Cell,
    Session,
    SessionInput,
    clean_availability,
    clean_session,
    free_cells,
    pair_weight,
    parse_time,
    slot_code,
    tables_for_pair,
)

DAY = date(2020, 11, 20)


def clean(**fields) -> Session:
    values = {"day": "2020-11-20", "starts": "08:30", "ends": "11:30", "slot_minutes": "20"} | fields
    return clean_session(SessionInput(**values), event_starts=DAY, event_ends=date(2020, 11, 21))


def test_a_morning_of_twenty_minute_slots_skips_the_coffee_break():
    session = clean(breaks="10:00-10:30")
    assert session.slot_times() == [
        (time(8, 30), time(8, 50)),
        (time(8, 50), time(9, 10)),
        (time(9, 10), time(9, 30)),
        (time(9, 30), time(9, 50)),
        (time(10, 30), time(10, 50)),
        (time(10, 50), time(11, 10)),
        (time(11, 10), time(11, 30)),
    ]


def test_a_slot_never_straddles_a_break_and_changeovers_separate_slots():
    session = clean(ends="10:00", changeover_minutes="5", breaks="09:20-09:30")
    assert session.slot_times() == [(time(8, 30), time(8, 50)), (time(8, 55), time(9, 15)), (time(9, 30), time(9, 50))]


def test_slots_are_read_in_the_event_time_zone_and_stored_in_utc():
    session = clean(ends="08:50")
    assert session.slot_instants("Asia/Ho_Chi_Minh") == [
        (datetime(2020, 11, 20, 1, 30, tzinfo=UTC), datetime(2020, 11, 20, 1, 50, tzinfo=UTC))
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8:30", time(8, 30)),
        ("08h30", time(8, 30)),
        ("8.30", time(8, 30)),
        ("24:00", None),
        ("8:75", None),
        ("tám giờ", None),
        ("", None),
    ],
)
def test_times_are_read_as_people_write_them(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"day": "2020-12-01"}, "day"),
        ({"day": "20/11/2020"}, "day"),
        ({"day": "0001-01-01"}, "day"),
        ({"day": "9999-12-31"}, "day"),
        ({"ends": "08:00"}, "ends"),
        ({"starts": "sáng"}, "starts"),
        ({"slot_minutes": "3"}, "slot_minutes"),
        ({"slot_minutes": "hai mươi"}, "slot_minutes"),
        ({"slot_minutes": "²"}, "slot_minutes"),
        ({"changeover_minutes": "99999999999999999999999"}, "changeover_minutes"),
        ({"changeover_minutes": "90"}, "changeover_minutes"),
        ({"breaks": "10:00 đến 10:30"}, "breaks"),
        ({"breaks": "07:00-07:30"}, "breaks"),
        ({"breaks": "10:00-10:30, 10:15-10:45"}, "breaks"),
        ({"ends": "08:40"}, "slot_minutes"),
    ],
)
def test_a_bad_session_names_the_field_at_fault(fields, field):
    with pytest.raises(ValidationError) as caught:
        clean(**fields)
    assert field in caught.value.fields


def test_two_sessions_of_one_day_must_not_overlap():
    morning = clean()
    with pytest.raises(ValidationError) as caught:
        clean_session(
            SessionInput(day="2020-11-20", starts="11:00", ends="12:00", slot_minutes=20),
            event_starts=DAY,
            event_ends=DAY,
            other_sessions=[morning],
        )
    assert "starts" in caught.value.fields
    afternoon = clean_session(
        SessionInput(day="2020-11-20", starts="13:30", ends="15:00", slot_minutes=20),
        event_starts=DAY,
        event_ends=DAY,
        other_sessions=[morning],
    )
    assert len(afternoon.slot_times()) == 4


def test_availability_is_read_in_local_time():
    availability = clean_availability(
        AvailabilityInput("2020-11-20T10:00", "", "4"), "Asia/Ho_Chi_Minh", event_starts=DAY, event_ends=DAY
    )
    assert availability.available_from == datetime(2020, 11, 20, 3, 0, tzinfo=UTC)
    assert availability.available_until is None and availability.max_meetings == 4
    assert availability.covers(datetime(2020, 11, 20, 3, 0, tzinfo=UTC), datetime(2020, 11, 20, 3, 20, tzinfo=UTC))
    assert not availability.covers(datetime(2020, 11, 20, 2, 40, tzinfo=UTC), datetime(2020, 11, 20, 3, 0, tzinfo=UTC))


def test_availability_may_end_at_midnight_after_the_last_day():
    availability = clean_availability(
        AvailabilityInput("", "2020-11-22T00:00"), "Asia/Ho_Chi_Minh", event_starts=DAY, event_ends=date(2020, 11, 21)
    )
    assert availability.available_until == datetime(2020, 11, 21, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "data, field",
    [
        (AvailabilityInput("hôm qua"), "available_from"),
        (AvailabilityInput("2020-11-20 10:00", "2020-11-20 09:00"), "available_until"),
        (AvailabilityInput(max_meetings="-1"), "max_meetings"),
        (AvailabilityInput(max_meetings="500"), "max_meetings"),
        (AvailabilityInput(max_meetings="²"), "max_meetings"),
        (AvailabilityInput("0001-01-01"), "available_from"),
        (AvailabilityInput("0001-01-01T00:00+14:00"), "available_from"),
        (AvailabilityInput("", "9999-12-31T23:59"), "available_until"),
        (AvailabilityInput("2020-11-19T23:59"), "available_from"),
        (AvailabilityInput("", "2020-11-22T00:01"), "available_until"),
    ],
)
def test_bad_availability_is_refused(data, field):
    with pytest.raises(ValidationError) as caught:
        clean_availability(data, "Asia/Ho_Chi_Minh", event_starts=DAY, event_ends=date(2020, 11, 21))
    assert field in caught.value.fields


@pytest.mark.parametrize("forward, backward, weight", [(1, None, 1), (None, 2, 2), (1, 1, 3), (2, 1, 3), (3, None, 3)])
def test_a_pair_weighs_three_when_both_asked_else_its_priority(forward, backward, weight):
    assert pair_weight(forward, backward) == weight


def test_tables_a_pair_may_use():
    assert tables_for_pair("host", 7, None, []) == [7]
    assert tables_for_pair("host", None, 7, []) == [7]
    assert tables_for_pair("host", 7, 8, []) is None
    assert tables_for_pair("host", None, None, []) is None
    assert tables_for_pair("pool", None, None, [1, 2]) == [1, 2]
    assert tables_for_pair("booths", None, None, []) == [None]


def test_free_cells_need_both_people_free_and_the_table_unused():
    cells = free_cells([1, 2, 3], [10, 11], open_slots={1, 3}, taken_cells={(10, 1), (11, 1), (10, 3)})
    assert cells == [Cell(3, 11)]
    assert free_cells([1, 2], [None], open_slots={2}, taken_cells=set()) == [Cell(2, None)]


def test_slot_codes_name_the_day_of_the_event_and_the_local_time():
    assert slot_code(datetime(2020, 11, 21, 8, 30), DAY) == "d2-0830"
