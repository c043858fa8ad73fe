from datetime import date

import pytest

from eventapp.domain.errors import ValidationError
from eventapp.domain.events import EventInput, clean_event


def test_dates_must_be_in_order_and_zone_real():
    with pytest.raises(ValidationError) as raised:
        clean_event(EventInput(name="Hội chợ", starts_on="2026-12-02", ends_on="2026-12-01", timezone="Mars/Olympus"))
    assert set(raised.value.fields) == {"ends_on", "timezone"}


def test_impossible_dates_are_refused():
    with pytest.raises(ValidationError) as raised:
        clean_event(EventInput(name="Hội chợ", starts_on="2026-02-30", ends_on="2026-13-01"))
    assert set(raised.value.fields) == {"starts_on", "ends_on"}


def test_province_is_read_against_the_map_of_the_event_date():
    clean = clean_event(EventInput(name="Hội nghị", starts_on="2019-08-15", ends_on="2019-08-15", province="Đắk Lắk"))
    assert clean.province == "dak-lak" and clean.starts_on == date(2019, 8, 15)
    with pytest.raises(ValidationError):
        clean_event(EventInput(name="Hội nghị", starts_on="2026-08-15", ends_on="2026-08-15", province="Sóc Trăng"))
