"""The door in the demo: a check-in account at both conferences and a
morning of arrivals, loaded once."""

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
