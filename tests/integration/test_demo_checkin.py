"""The door in the demo: a check-in account at both conferences and a
morning of arrivals, loaded once."""
import pytest
import sqlalchemy as sa

from eventapp.models import Scan, User
from eventapp.services import checkin

people = pytest.importorskip("eventapp.demo.people", reason="the demo's people step is not on this branch")
result_module = pytest.importorskip("eventapp.demo.result")


def test_the_demo_door_has_arrivals_repeats_and_a_forgery_and_loads_once(db):
    from eventapp.demo import checkin as door_step

    result = result_module.DemoResult()
    people.seed(db, result)
    door_step.seed(db, result)
    db.commit()

    assert ("checkin@demo.eventapp.vn", "checkin") in {(account.email, account.role) for account in result.accounts}
    staff = db.scalar(sa.select(User).where(User.email == "checkin@demo.eventapp.vn"))
    soc_trang = checkin.stats(db, staff, result.events["soctrang"].id)
    assert 0.35 < soc_trang.checked_in / soc_trang.total < 0.45
    assert soc_trang.invalid_scans == 1 and len(soc_trang.arrivals) > 4
    buon_ma_thuot = checkin.stats(db, staff, result.events["buonmathuot"].id)
    assert 0.85 < buon_ma_thuot.checked_in / buon_ma_thuot.total < 0.95
    repeats = db.scalar(sa.select(sa.func.count(Scan.id)).where(Scan.result == "already_checked_in"))
    assert repeats > 0

    scans = db.scalar(sa.select(sa.func.count(Scan.id)))
    again = result_module.DemoResult()
    people.seed(db, again)
    door_step.seed(db, again)
    db.commit()
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == scans
