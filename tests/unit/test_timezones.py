"""Time zones as people say them, with the offset in force on the event's day."""

from datetime import date

import pytest

from eventapp.domain.timezones import zone_label


@pytest.mark.parametrize(
    ("zone", "language", "day", "label"),
    [
        ("Asia/Ho_Chi_Minh", "vi", date(2020, 11, 20), "giờ Việt Nam (GMT+7)"),
        ("Asia/Ho_Chi_Minh", "en", date(2020, 11, 20), "Vietnam time (GMT+7)"),
        ("Asia/Kolkata", "en", date(2020, 11, 20), "India time (GMT+5:30)"),
        ("Europe/Paris", "en", date(2026, 7, 1), "France time (GMT+2)"),
        ("Europe/Paris", "en", date(2026, 1, 1), "France time (GMT+1)"),
        ("UTC", "vi", date(2026, 1, 1), "GMT+0"),
    ],
)
def test_zone_labels(zone, language, day, label):
    assert zone_label(zone, language, day) == label
