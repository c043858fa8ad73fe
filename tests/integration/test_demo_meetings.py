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
