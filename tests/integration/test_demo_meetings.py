"""The demo step for the meetings: a morning at Sóc Trăng, tables hosted by
the distributors, requests of mixed priority, a first valid schedule."""

from types import SimpleNamespace

import sqlalchemy as sa

from eventapp.demo import meetings as demo
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling import Problem, validate
from eventapp.models import Meeting, MeetingRequest, MeetingSlot, MeetingTable, Organisation, ScheduleRun
from eventapp.services import event_problem

DISTRIBUTORS = [
    ("Liên hiệp HTX Thương mại TP. Hồ Chí Minh (Saigon Co.op)", "ho-chi-minh", 2),
    ("Công ty TNHH Bán lẻ BRG", "ha-noi", 1),
    ("Siêu thị Tứ Sơn", "soc-trang", 1),
]


def test_the_demo_fills_the_soc_trang_morning_and_runs_the_scheduler(db, make_event, make_participant, outbox):
    event = make_event()
    for name, province, buyers in DISTRIBUTORS:
        organisation = Organisation(name=name, name_key=name.casefold(), kind="distributor", province=province)
        for _ in range(buyers):
            make_participant(event, role="buyer", organisation=organisation)
    for number in range(30):
        make_participant(event, role="exhibitor", products=[(f"Bánh pía {number}", "food", 4)])
    result = SimpleNamespace(events={"soctrang": event}, loaded=[])

    demo.seed(db, result)
    db.commit()

    slots = db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)).all()
    assert [f"{slot.starts_at:%H:%M}" for slot in slots] == [
        "01:30",
        "01:50",
        "02:10",
        "02:30",
        "03:10",
        "03:30",
        "03:50",
        "04:10",
    ]
    tables = db.scalars(sa.select(MeetingTable)).all()
    assert len(tables) == len(DISTRIBUTORS) and all(table.host_organisation_id for table in tables)
    priorities = set(db.scalars(sa.select(MeetingRequest.priority)))
    assert priorities == {1, 2} and db.scalar(sa.select(sa.func.count(MeetingRequest.id))) >= 30
    run = db.scalars(sa.select(ScheduleRun)).one()
    assert run.status == "done" and run.stats["meetings"] == db.scalar(sa.select(sa.func.count(Meeting.id))) > 0
    problem = Problem.from_json(event_problem.problem_of_event(db, event))
    meetings = [ScheduledMeeting(**m) for m in event_problem.schedule_of_event(db, event)["meetings"]]
    assert validate(problem, meetings) == []
    assert outbox() == [] and "not yet published" in result.loaded[-1]

    demo.seed(db, result)
    db.commit()
    assert db.scalar(sa.select(sa.func.count(ScheduleRun.id))) == 1 and len(result.loaded) == 1


def test_the_demo_leaves_other_events_alone(db, make_event):
    demo.seed(db, SimpleNamespace(events={}, loaded=[]))
    assert db.scalar(sa.select(sa.func.count(MeetingSlot.id))) == 0


def test_the_demo_hall_has_meetings_confirmed_by_scan_and_a_pair_on_standby(db, make_event, make_participant, make_user, outbox):
    import uuid
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from eventapp.demo import hall
    from eventapp.domain.checkin import ScanInput
    from eventapp.domain.meeting_attendance import flagged_on_the_day
    from eventapp.models import MeetingAttendance, MeetingOutcome, Participant
    from eventapp.services import checkin, standby
    from eventapp.services.badges import badge_code

    event = make_event()
    for name, province, buyers in DISTRIBUTORS:
        organisation = Organisation(name=name, name_key=name.casefold(), kind="distributor", province=province)
        for _ in range(buyers):
            make_participant(event, role="buyer", organisation=organisation)
    for number in range(30):
        make_participant(event, role="exhibitor", products=[(f"Bánh pía {number}", "food", 4)])
    result = SimpleNamespace(events={"soctrang": event}, loaded=[])
    demo.seed(db, result)
    staff = make_user("checkin", event)
    at_the_door = datetime.combine(event.starts_on, time(7, 45), ZoneInfo(event.timezone))
    for person in db.scalars(sa.select(Participant).order_by(Participant.id)):
        checkin.check_in(
            db, staff, event.id, ScanInput(code=badge_code(person), scanned_at=at_the_door, scan_id=str(uuid.uuid4()))
        )
    db.commit()

    hall.seed(db, result)
    db.commit()

    slots = db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)).all()
    held = db.scalars(sa.select(MeetingOutcome)).all()
    assert 0 < len(held) <= hall.CONFIRMED
    assert all(o.attendance == "held" and db.get(Meeting, o.meeting_id).slot_id in (slots[0].id, slots[1].id) for o in held)
    assert all(db.get(Meeting, o.meeting_id).sides_seen.both for o in held)
    half = [m for m in db.scalars(sa.select(Meeting)) if m.sides_seen.a != m.sides_seen.b]
    assert len(half) == 1 and half[0].slot_id == slots[1].id
    ten_minutes_in = slots[1].starts_at + timedelta(minutes=10)
    assert flagged_on_the_day(
        slots[1].starts_at, ten_minutes_in, ZoneInfo(event.timezone), half[0].sides_seen, outcome_recorded=False
    )
    offered = [slot for slot in slots if standby.pairs_at(db, event, slot)]
    assert offered and f"a freed cell at slot {offered[0].id} with a pair on standby" in result.loaded[-1]
    assert outbox() == []

    hall.seed(db, result)
    db.commit()
    assert db.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == 2 * len(held) + 1
