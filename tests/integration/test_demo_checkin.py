"""The door in the demo: a check-in account at both conferences and a
morning of arrivals, loaded once."""

from datetime import date

import sqlalchemy as sa

from eventapp.demo import seed_demo
from eventapp.models import Scan, User
from eventapp.services import checkin_stats


def test_the_demo_door_has_arrivals_repeats_and_a_forgery_and_loads_once(db):
    result = seed_demo(db)
    db.commit()

    door = {(account.email, account.role, account.event_key) for account in result.accounts}
    assert {("checkin@demo.eventapp.vn", "checkin", "soctrang"), ("checkin@demo.eventapp.vn", "checkin", "buonmathuot")} <= door
    staff = db.scalar(sa.select(User).where(User.email == "checkin@demo.eventapp.vn"))
    soc_trang = checkin_stats.stats(db, staff, result.events["soctrang"].id)
    assert 0.35 < soc_trang.checked_in / soc_trang.total < 0.45
    assert soc_trang.invalid_scans == 1 and len(soc_trang.arrivals) > 4
    buon_ma_thuot = checkin_stats.stats(db, staff, result.events["buonmathuot"].id)
    assert 0.85 < buon_ma_thuot.checked_in / buon_ma_thuot.total < 0.95
    assert db.scalar(sa.select(sa.func.count(Scan.id)).where(Scan.result == "already_checked_in")) > 0

    scans = db.scalar(sa.select(sa.func.count(Scan.id)))
    again = seed_demo(db)
    db.commit()
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == scans
    assert not [line for line in again.loaded if "arrivals" in line]


def test_soc_trang_has_its_hall_and_ceremony_and_two_days_of_arrivals(db):
    result = seed_demo(db)
    db.commit()
    event = result.events["soctrang"]
    staff = db.scalar(sa.select(User).where(User.email == "checkin@demo.eventapp.vn"))
    figures = checkin_stats.stats(db, staff, event.id)
    zones = {row.checkin_list.zone: row for row in figures.lists}
    assert set(zones) == {"main", "b2b", "ceremony"}
    assert zones["ceremony"].checkin_list.days == [date(2020, 11, 20)] and zones["ceremony"].by_day[date(2020, 11, 21)] == 0
    assert zones["b2b"].checkin_list.roles == ["exhibitor", "buyer"] and zones["b2b"].checked_in > 10
    day_1, day_2 = figures.days
    assert (day_1.day, day_2.day) == (date(2020, 11, 20), date(2020, 11, 21))
    assert 0 < day_2.checked_in < day_1.checked_in / 2
    second_morning = checkin_stats.stats(db, staff, event.id, {"day": "2020-11-21"})
    assert second_morning.checked_in == day_2.checked_in and second_morning.arrivals
