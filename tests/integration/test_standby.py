"""Standby pairs for a freed cell, on both databases: only accepted pairs without a
meeting, both let in that day, both free at the slot, a table free; a starved
participant's pair first, then the heaviest."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from eventapp.domain.checkin import ScanInput
from eventapp.domain.errors import NotFound, PermissionDenied, ValidationError
from eventapp.domain.standby import StandbyPair, ranked
from eventapp.models import Meeting, MeetingSlot
from eventapp.services import checkin, meeting_requests, scheduler_runs, standby
from eventapp.services.badges import badge_code
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=4)


def accepted(db, sender, recipient, priority=1):
    request = ask(db, sender, recipient, priority)
    meeting_requests.answer_request(db, recipient.access_key, request.id, True)
    db.commit()
    return request


def let_in(db, scenario, make_user, people, moment):
    staff = make_user("checkin", scenario.event)
    for person in people:
        checkin.check_in(
            db, staff, scenario.event.id, ScanInput(code=badge_code(person), scanned_at=moment, scan_id=str(uuid.uuid4()))
        )
    db.commit()


def free_slot_of(db, scenario, person) -> MeetingSlot:
    busy = {m.slot_id for m in db.scalars(sa.select(Meeting)) if person.id in m.participant_ids}
    return next(s for s in db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)) if s.id not in busy)


def iso(slot: MeetingSlot) -> str:
    return slot.starts_at.isoformat()


def test_late_accepted_pairs_that_are_there_and_free_are_offered(db, scenario, make_user):
    buyer, other_buyer = scenario.buyers
    early, late, absent, another = scenario.exhibitors
    accepted(db, early, buyer)
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    late_request = accepted(db, late, buyer, priority=2)
    accepted(db, absent, buyer)
    mutual = accepted(db, another, other_buyer)
    accepted(db, other_buyer, another)
    morning = datetime(2020, 11, 20, 1, 0, tzinfo=UTC)
    let_in(db, scenario, make_user, [buyer, other_buyer, early, late, another], morning)
    let_in(db, scenario, make_user, [absent], morning - timedelta(days=1))  # another day: not there today
    slot = free_slot_of(db, scenario, buyer)

    pairs = standby.standby_pairs(db, scenario.organiser, scenario.event.id, iso(slot))

    assert [(p.request_id, p.weight) for p in pairs] == [(mutual.id, 3), (late_request.id, 2)]
    assert all(p.table is not None and p.table.startswith("T") for p in pairs)
    busy = next(m for m in db.scalars(sa.select(Meeting)))
    assert all(
        {p.a, p.b} != {late.id, buyer.id}
        for p in standby.standby_pairs(db, scenario.organiser, scenario.event.id, iso(busy.slot))
    )


def test_a_starved_participants_pair_comes_before_a_heavier_one() -> None:
    light_but_starved = StandbyPair(2, 1, 5, 1, "T01", True)
    heavy = StandbyPair(1, 1, 6, 3, "T01", False)

    assert ranked([heavy, light_but_starved]) == [light_but_starved, heavy]


@pytest.mark.parametrize("slot", ["", "hôm nay", "2020-11-20T09:00:00", None])
def test_a_slot_that_is_not_a_moment_is_a_field_error(db, scenario, slot):
    with pytest.raises(ValidationError) as refused:
        standby.standby_pairs(db, scenario.organiser, scenario.event.id, slot)
    assert "slot" in refused.value.fields


def test_an_unknown_slot_and_a_stranger_are_refused(db, scenario, make_user):
    with pytest.raises(NotFound):
        standby.standby_pairs(db, scenario.organiser, scenario.event.id, "2020-11-20T23:00:00+07:00")
    with pytest.raises(PermissionDenied):
        standby.standby_pairs(db, make_user("checkin", scenario.event), scenario.event.id, "2020-11-20T08:30:00+07:00")
