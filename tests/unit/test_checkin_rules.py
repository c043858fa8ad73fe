"""What a scan must carry, and arrivals counted on the event's clock."""

from datetime import UTC, date, datetime, timedelta

import pytest

from eventapp.domain.checkin import arrivals_over_time, clean_scan, event_days
from eventapp.domain.errors import ValidationError

NOW = datetime(2020, 11, 20, 1, 0, tzinfo=UTC)  # 08:00 in Sóc Trăng


def fields_of(**kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        clean_scan(received_at=NOW, **kwargs)
    return refused.value.fields


def test_a_plain_scan_happens_when_it_is_received():
    scan = clean_scan(code="  7-1-1-ABCDEFGHIJKLMNOP \n", received_at=NOW)
    assert scan.code == "7-1-1-ABCDEFGHIJKLMNOP"
    assert scan.scanned_at == NOW
    assert scan.scan_id is None and scan.method == "qr" and scan.gate == ""


def test_an_offline_scan_keeps_its_own_time_and_id():
    scan = clean_scan(
        code="x",
        scan_id="0B7E6A52-3F5D-4C8E-9A51-2D4F7C9E1B3A",
        scanned_at="2020-11-20T07:45:12+07:00",
        gate="Cổng chính",
        device="web-1a2b3c4d",
        method="search",
        received_at=NOW,
    )
    assert scan.scanned_at == datetime(2020, 11, 20, 0, 45, 12, tzinfo=UTC)
    assert scan.scan_id == "0b7e6a52-3f5d-4c8e-9a51-2d4f7c9e1b3a"
    assert (scan.gate, scan.device, scan.method) == ("Cổng chính", "web-1a2b3c4d", "search")


def test_a_phone_clock_running_fast_cannot_put_an_arrival_in_the_future():
    scan = clean_scan(code="x", scanned_at=(NOW + timedelta(hours=2)).isoformat(), received_at=NOW)
    assert scan.scanned_at == NOW


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"code": ""}, "code"),
        ({"code": None}, "code"),
        ({"code": 12}, "code"),
        ({"code": "x", "scan_id": "not-a-uuid"}, "scan_id"),
        ({"code": "x", "scan_id": 5}, "scan_id"),
        ({"code": "x", "scanned_at": "2020-11-20T07:45:12"}, "scanned_at"),
        ({"code": "x", "scanned_at": "yesterday"}, "scanned_at"),
        ({"code": "x", "gate": "G" * 61}, "gate"),
        ({"code": "x", "gate": ["A"]}, "gate"),
        ({"code": "x", "method": "telepathy"}, "method"),
    ],
)
def test_bad_fields_are_named(kwargs, field):
    assert field in fields_of(**kwargs)


def test_very_long_codes_are_cut_for_the_log():
    assert len(clean_scan(code="Z" * 5000, received_at=NOW).code) == 64


def test_arrivals_are_counted_per_local_quarter_hour_with_the_lulls_shown():
    per_quarter = {datetime(2020, 11, 20, 0, 30, tzinfo=UTC): 2, datetime(2020, 11, 20, 1, 15, tzinfo=UTC): 1}
    buckets = arrivals_over_time(per_quarter, "Asia/Ho_Chi_Minh")
    assert [(bucket.starts_at.strftime("%H:%M"), bucket.arrivals, bucket.cumulative) for bucket in buckets] == [
        ("07:30", 2, 2),
        ("07:45", 0, 2),
        ("08:00", 0, 2),
        ("08:15", 1, 3),
    ]
    assert buckets[0].starts_at.utcoffset() == timedelta(hours=7)
    assert arrivals_over_time({}, "Asia/Ho_Chi_Minh") == []


def test_the_event_days_run_from_midnight_to_midnight_on_the_event_clock():
    assert event_days(date(2020, 11, 20), date(2020, 11, 21), "Asia/Ho_Chi_Minh") == (
        datetime(2020, 11, 19, 17, 0, tzinfo=UTC),
        datetime(2020, 11, 21, 17, 0, tzinfo=UTC),
    )
