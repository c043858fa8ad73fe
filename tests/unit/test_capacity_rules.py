"""Places per role and the closing time, as rules alone."""

from datetime import UTC, datetime

import pytest

from eventapp.domain import capacity
from eventapp.domain.fields import FieldErrors


@pytest.mark.parametrize(
    ("wanted", "places", "taken", "status"),
    [
        ("pending", None, 10_000, "pending"),  # no cap
        ("pending", 5, 4, "pending"),
        ("pending", 5, 5, "waitlisted"),
        ("approved", 5, 5, "waitlisted"),  # an organiser who wants more raises the cap
        ("approved", 0, 0, "waitlisted"),
        ("cancelled", 5, 5, "cancelled"),  # a file's cancelled row takes no place
        ("rejected", 5, 7, "rejected"),
        ("waitlisted", 5, 0, "waitlisted"),
    ],
)
def test_arrival_status(wanted, places, taken, status):
    assert capacity.arrival_status(wanted, places, taken) == status


def test_only_approved_and_pending_hold_places():
    assert [s for s in ("pending", "approved", "rejected", "cancelled", "waitlisted") if capacity.holds_place(s)] == [
        "pending",
        "approved",
    ]


def test_free_places_never_negative_after_a_lowered_cap():
    assert capacity.free_places(5, 7) == 0
    assert capacity.free_places(5, 2) == 3
    assert capacity.free_places(None, 2) is None


def clean(value):
    errors = FieldErrors()
    return capacity.clean_capacity(errors, value), {path: message.msgid for path, message in errors.fields.items()}


def test_capacity_reads_roles_and_whole_numbers_text_or_json():
    assert clean({"exhibitor": 150, "buyer": "20"}) == ({"buyer": 20, "exhibitor": 150}, {})
    assert clean(None) == ({}, {})
    assert clean({}) == ({}, {})


def test_bad_capacity_names_each_field():
    places, errors = clean({"exhibitor": -1, "buyer": 2.5, "guest": 3, "press": True, "delegate": 100_001, "speaker": 0})
    assert places == {"speaker": 0}
    assert set(errors) == {"capacity.exhibitor", "capacity.buyer", "capacity.guest", "capacity.press", "capacity.delegate"}
    assert clean([150])[1] == {"capacity": "Must be an object of roles and numbers of places."}


def closing(value, timezone="Asia/Ho_Chi_Minh"):
    errors = FieldErrors()
    return capacity.clean_closing_time(errors, value, timezone), list(errors.fields)


def test_a_closing_time_without_offset_is_the_events_clock():
    assert closing("2020-11-15T17:00") == (datetime(2020, 11, 15, 10, 0, tzinfo=UTC), [])
    assert closing("2020-11-15T17:00:00+00:00") == (datetime(2020, 11, 15, 17, 0, tzinfo=UTC), [])
    assert closing(None) == (None, []) and closing("") == (None, [])


@pytest.mark.parametrize("value", ["tomorrow", "0202-11-15T17:00", 1605430800, "2020-13-01T00:00"])
def test_a_bad_closing_time_is_refused(value):
    assert closing(value) == (None, ["registration_closes_at"])


def test_registration_closes_at_its_time_or_when_switched_off():
    closes = datetime(2020, 11, 15, 10, 0, tzinfo=UTC)
    assert not capacity.registration_closed(True, closes, datetime(2020, 11, 15, 9, 59, tzinfo=UTC))
    assert capacity.registration_closed(True, closes, closes)
    assert capacity.registration_closed(False, None, datetime(2020, 1, 1, tzinfo=UTC))
    assert not capacity.registration_closed(True, None, datetime(2099, 1, 1, tzinfo=UTC))
