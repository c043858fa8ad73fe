"""Check-in lists at the door: an entry per person, list and day (on the
event's clock), under any concurrency; lists that admit some roles, some
days, or people again; the figures per day and per list."""

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.checkin import ScanInput
from eventapp.domain.errors import PermissionDenied, ValidationError
from eventapp.models import CheckinList, Participant, Scan, User
from eventapp.services import audit, badges, checkin, checkin_lists, checkin_stats
from tests.integration.test_checkin_service import twenty_at_once

# 08:00 on each day in Sóc Trăng (UTC+7); 23:30 UTC on day 1 is 06:30 on day 2 there.
DAY_1 = datetime(2020, 11, 20, 1, 0, tzinfo=UTC)
DAY_2 = datetime(2020, 11, 21, 1, 0, tzinfo=UTC)


def scan(db, staff, event, person, when: datetime, list_id: int | None = None):
    outcome = checkin.check_in(db, staff, event.id, ScanInput(code=badges.badge_code(person), scanned_at=when, list_id=list_id))
    db.commit()
    return outcome


@pytest.fixture()
def door(db, make_event, make_user, make_participant):
    event = make_event()
    organiser = make_user("organiser", event)
    staff = make_user("checkin", event)
    buyer = make_participant(event, full_name="Lâm Thị Mỹ Duyên", role="buyer")
    delegate = make_participant(event, full_name="Trần Văn Hùng", role="delegate")
    return event, organiser, staff, buyer, delegate


def new_list(db, organiser, event, **body) -> CheckinList:
    created = checkin_lists.create_list(db, organiser, event.id, {"name": "Khu B2B", **body})
    db.commit()
    return created


def test_every_event_has_its_main_entrance_and_scans_without_a_list_go_there(db, door):
    event, _organiser, staff, buyer, _delegate = door
    [main] = checkin_lists.lists_of(db, staff, event.id)
    assert (main.name, main.name_en, main.zone, main.is_default, main.days, main.roles) == (
        "Cổng chính",
        "Main entrance",
        "main",
        True,
        [],
        [],
    )
    outcome = scan(db, staff, event, buyer, DAY_1)
    assert outcome.scan.list_id == main.id and outcome.scan.entry_day == date(2020, 11, 20)


def test_a_first_entry_per_day_and_a_repeat_the_same_day_says_when(db, door):
    event, _organiser, staff, buyer, _delegate = door
    first = scan(db, staff, event, buyer, DAY_1)
    again = scan(db, staff, event, buyer, DAY_1 + timedelta(hours=3))
    next_day = scan(db, staff, event, buyer, DAY_2)
    assert (first.scan.result, again.scan.result, next_day.scan.result) == ("checked_in", "already_checked_in", "checked_in")
    assert again.first_checked_in_at == DAY_1
    assert next_day.first_checked_in_at == DAY_2 and next_day.scan.entry_day == date(2020, 11, 21)


def test_the_day_is_the_events_clock_at_the_scans_time_not_the_upload(db, door):
    """06:30 on day 2 in Sóc Trăng is still 20 November in UTC; an offline
    phone uploads it the next afternoon."""
    event, _organiser, staff, buyer, _delegate = door
    scan(db, staff, event, buyer, DAY_1)
    early = scan(db, staff, event, buyer, datetime(2020, 11, 20, 23, 30, tzinfo=UTC))
    assert early.scan.result == "checked_in" and early.scan.entry_day == date(2020, 11, 21)


def test_each_list_counts_its_own_entry(db, door):
    event, organiser, staff, buyer, _delegate = door
    hall = new_list(db, organiser, event, zone="b2b")
    assert scan(db, staff, event, buyer, DAY_1).scan.result == "checked_in"
    at_hall = scan(db, staff, event, buyer, DAY_1 + timedelta(hours=1), hall.id)
    assert at_hall.scan.result == "checked_in" and at_hall.scan.list_id == hall.id
    assert scan(db, staff, event, buyer, DAY_1 + timedelta(hours=2), hall.id).scan.result == "already_checked_in"


def test_a_list_refuses_roles_it_does_not_admit_and_logs_the_refusal(db, door):
    event, organiser, staff, buyer, delegate = door
    hall = new_list(db, organiser, event, zone="b2b", roles=["buyer", "exhibitor"])
    refused = scan(db, staff, event, delegate, DAY_1, hall.id)
    admitted = scan(db, staff, event, buyer, DAY_1, hall.id)
    assert refused.problem is not None and refused.problem.code == "not_admitted"
    assert refused.scan.result == "invalid" and refused.participant.id == delegate.id
    assert admitted.scan.result == "checked_in"
    logged = db.scalars(sa.select(Scan).where(Scan.list_id == hall.id).order_by(Scan.id)).all()
    assert [(row.result, row.problem) for row in logged] == [("invalid", "not_admitted"), ("checked_in", None)]


def test_a_list_refuses_the_days_it_does_not_apply_to(db, door):
    event, organiser, staff, buyer, _delegate = door
    ceremony = new_list(db, organiser, event, name="Lễ khai mạc", zone="ceremony", days=["2020-11-20"])
    assert scan(db, staff, event, buyer, DAY_1, ceremony.id).scan.result == "checked_in"
    closed = scan(db, staff, event, buyer, DAY_2, ceremony.id)
    assert closed.problem is not None and closed.problem.code == "wrong_day" and closed.scan.result == "invalid"


def test_a_list_with_reentry_counts_every_entry_but_one_first_entry_a_day(db, door):
    event, organiser, staff, buyer, _delegate = door
    gala = new_list(db, organiser, event, name="Tiệc tối", zone="gala", allow_reentry=True)
    answers = [scan(db, staff, event, buyer, DAY_1 + timedelta(minutes=minutes), gala.id) for minutes in (0, 30, 60)]
    assert [answer.scan.result for answer in answers] == ["checked_in"] * 3
    assert [answer.first_checked_in_at for answer in answers] == [DAY_1] * 3
    rows = db.scalars(sa.select(Scan.first_entry).where(Scan.list_id == gala.id).order_by(Scan.id)).all()
    assert rows == [True, False, False]
    figures = checkin_stats.stats(db, staff, event.id, {"list_id": str(gala.id)})
    assert figures.checked_in == 1


def test_a_list_of_another_event_or_of_none_is_refused_and_nothing_is_written(db, door, make_event, make_user):
    event, _organiser, staff, buyer, _delegate = door
    elsewhere = make_event(name="Hội nghị Lạng Sơn 2026")
    [their_main] = checkin_lists.lists_of(db, make_user("organiser", elsewhere), elsewhere.id)
    for list_id in (their_main.id, 999_999):
        with pytest.raises(ValidationError) as refused:
            scan(db, staff, event, buyer, DAY_1, list_id)
        assert "list_id" in refused.value.fields
    db.rollback()
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == 0


def test_a_replayed_scan_id_at_a_list_gets_its_first_answer(db, door):
    event, organiser, staff, buyer, _delegate = door
    hall = new_list(db, organiser, event)
    data = ScanInput(code=badges.badge_code(buyer), scanned_at=DAY_1, scan_id=str(uuid.uuid4()), list_id=hall.id)
    first = checkin.check_in(db, staff, event.id, data)
    db.commit()
    again = checkin.check_in(db, staff, event.id, data)
    assert again.scan.id == first.scan.id and again.scan.result == "checked_in" and again.first_checked_in_at == DAY_1
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == 1


def test_lists_are_checked_created_edited_and_audited(db, door):
    event, organiser, staff, _buyer, _delegate = door
    with pytest.raises(ValidationError) as refused:
        checkin_lists.create_list(
            db, organiser, event.id, {"name": "", "days": ["2020-11-25", "20/11"], "roles": ["vip"], "allow_reentry": "yes"}
        )
    assert set(refused.value.fields) == {"name", "days[0]", "days[1]", "roles[0]", "allow_reentry"}
    with pytest.raises(ValidationError) as taken:
        checkin_lists.create_list(db, organiser, event.id, {"name": "Cổng chính"})
    assert set(taken.value.fields) == {"name"}
    hall = new_list(db, organiser, event, name_en="B2B hall", zone="b2b", days=["2020-11-21", "2020-11-20"])
    assert hall.days == [date(2020, 11, 20), date(2020, 11, 21)]
    changed = checkin_lists.update_list(db, organiser, event.id, hall.id, {"roles": ["exhibitor", "buyer"]})
    db.commit()
    assert changed.roles == ["exhibitor", "buyer"] and changed.name == "Khu B2B" and len(changed.days) == 2
    trail = [(entry.action, entry.changes) for entry in audit.target_history(db, event.id, "checkin_list", hall.id)]
    assert ("checkin_list.updated", {"roles": [[], ["exhibitor", "buyer"]]}) in trail
    assert "checkin_list.created" in [action for action, _changes in trail]
    with pytest.raises(PermissionDenied):
        checkin_lists.create_list(db, staff, event.id, {"name": "Cổng phụ"})


def test_figures_per_day_and_per_list(db, door, make_participant):
    event, organiser, staff, buyer, delegate = door
    exhibitor = make_participant(event, role="exhibitor")
    hall = new_list(db, organiser, event, roles=["buyer", "exhibitor"])
    main = event.checkin_lists[0]
    scan(db, staff, event, buyer, DAY_1)
    scan(db, staff, event, delegate, DAY_1 + timedelta(minutes=20))
    scan(db, staff, event, buyer, DAY_1 + timedelta(hours=1), hall.id)
    scan(db, staff, event, buyer, DAY_2)
    scan(db, staff, event, exhibitor, DAY_2, hall.id)
    scan(db, staff, event, delegate, DAY_2, hall.id)  # refused: not admitted

    def figures(**selection):
        return checkin_stats.stats(db, staff, event.id, {key: str(value) for key, value in selection.items()})

    everyone = figures()
    assert (everyone.checked_in, everyone.total) == (3, 3)
    assert everyone.invalid_scans == 1
    day_1, day_2 = figures(day="2020-11-20"), figures(day="2020-11-21")
    assert (day_1.checked_in, day_2.checked_in) == (2, 2)
    assert day_1.by_role["delegate"] == checkin_stats.Tally(1, 1) and day_2.by_role["delegate"] == checkin_stats.Tally(0, 1)
    assert (day_1.invalid_scans, day_2.invalid_scans) == (0, 1)
    at_hall_day_2 = figures(day="2020-11-21", list_id=hall.id)
    assert at_hall_day_2.checked_in == 1 and at_hall_day_2.by_role["exhibitor"] == checkin_stats.Tally(1, 1)
    assert [bucket.starts_at.astimezone(UTC) for bucket in at_hall_day_2.arrivals] == [DAY_2]
    assert figures(list_id=main.id).checked_in == 2
    assert [(day.day, day.checked_in) for day in everyone.days] == [(date(2020, 11, 20), 2), (date(2020, 11, 21), 2)]
    assert [(row.checkin_list.id, row.checked_in, list(row.by_day.values())) for row in everyone.lists] == [
        (main.id, 2, [2, 1]),
        (hall.id, 2, [1, 1]),
    ]
    counts = checkin_stats.counts(db, staff, event.id, {"day": "2020-11-21", "list_id": str(hall.id)})
    assert (counts.checked_in, counts.total, counts.invalid_scans) == (1, 3, 1)
    with pytest.raises(ValidationError) as refused:
        figures(day="2020-11-25", list_id=999_999)
    assert set(refused.value.fields) == {"day", "list_id"}


@pytest.mark.postgres_only
def test_twenty_phones_at_once_make_one_entry_per_person_list_and_day(app, db, door):
    """Day 1 and day 2, the main entrance and the hall: twenty threads, each
    its own connection, scan the same badge at once in each place and day."""
    from eventapp.extensions import db as extension

    event, organiser, staff, buyer, _delegate = door
    hall = new_list(db, organiser, event, zone="b2b")
    code = badges.badge_code(buyer)
    for list_id, when in ((None, DAY_1), (None, DAY_2), (hall.id, DAY_2)):

        def scan_at_the_door(session: so.Session, start: threading.Barrier, list_id=list_id, when=when) -> str:
            actor = session.get(User, staff.id)
            session.get(Participant, buyer.id)  # holds a connection before the barrier
            start.wait(timeout=30)
            data = ScanInput(code=code, scanned_at=when, scan_id=str(uuid.uuid4()), list_id=list_id)
            outcome = checkin.check_in(session, actor, event.id, data)
            session.commit()
            return outcome.scan.result

        answers = twenty_at_once(app, scan_at_the_door)
        assert sorted(answers) == ["already_checked_in"] * 19 + ["checked_in"], (list_id, when)
    extension.session.expire_all()
    entries = db.execute(sa.select(Scan.list_id, Scan.entry_day).where(Scan.first_entry.is_(True))).all()
    main = event.checkin_lists[0].id
    assert sorted(entries) == sorted([(main, date(2020, 11, 20)), (main, date(2020, 11, 21)), (hall.id, date(2020, 11, 21))])
    assert db.scalar(sa.select(sa.func.count(Scan.id))) == 60


@pytest.mark.postgres_only
def test_twenty_phones_at_once_at_a_reentry_list_make_one_first_entry(app, db, door):
    event, organiser, staff, buyer, _delegate = door
    gala = new_list(db, organiser, event, zone="gala", allow_reentry=True)
    code = badges.badge_code(buyer)

    def scan_at_the_gala(session: so.Session, start: threading.Barrier) -> str:
        actor = session.get(User, staff.id)
        start.wait(timeout=30)
        data = ScanInput(code=code, scanned_at=DAY_1, scan_id=str(uuid.uuid4()), list_id=gala.id)
        outcome = checkin.check_in(session, actor, event.id, data)
        session.commit()
        return outcome.scan.result

    assert twenty_at_once(app, scan_at_the_gala) == ["checked_in"] * 20
    assert db.scalar(sa.select(sa.func.count(Scan.id)).where(Scan.first_entry.is_(True))) == 1
