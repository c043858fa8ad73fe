"""Meetings confirmed by a scan at the table, on both databases: each side is
seen once, both seen make the meeting held unless someone recorded otherwise,
and a badge that is not one of the two sides changes nothing."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from eventapp.domain.badge_token import InvalidBadge
from eventapp.domain.errors import NotFound, PermissionDenied, ValidationError
from eventapp.models import AuditEntry, MeetingAttendance, MeetingOutcome
from eventapp.services import meeting_attendance, meeting_edits, meeting_outcomes, publishing
from eventapp.services.badges import badge_code
from tests.meeting_helpers import build_scenario, scheduled_meetings


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=2)


@pytest.fixture()
def meeting(db, scenario):
    first = scheduled_meetings(db, scenario)[0]
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    return first


def sides(meeting):
    return meeting.participant_a, meeting.participant_b


def test_staff_scan_both_sides_and_the_meeting_is_held(db, scenario, meeting, make_user):
    staff = make_user("checkin", scenario.event)
    a, b = sides(meeting)

    meeting_attendance.record_attendance(db, staff, scenario.event.id, meeting.id, badge_code(a))
    db.commit()
    assert meeting.sides_seen.to_json() == {"a": True, "b": False} and meeting.outcome is None

    meeting_attendance.record_attendance(db, staff, scenario.event.id, meeting.id, badge_code(b))
    db.commit()
    assert meeting.sides_seen.both
    assert meeting.outcome.attendance == "held" and meeting.outcome.interest is None
    assert meeting.outcome.recorded_by_user_id == staff.id


def test_the_host_scanning_the_counterpart_sees_both(db, scenario, meeting):
    buyer = scenario.buyers[0]
    exhibitor = meeting.counterpart_of(buyer.id)

    meeting_attendance.record_attendance_as_host(db, buyer.access_key, meeting.id, badge_code(exhibitor))
    db.commit()

    assert meeting.sides_seen.both and meeting.outcome.attendance == "held"
    assert meeting.outcome.recorded_by_participant_id == buyer.id


def test_scanning_twice_records_once(db, scenario, meeting):
    buyer = scenario.buyers[0]
    code = badge_code(meeting.counterpart_of(buyer.id))
    for _ in range(2):
        meeting_attendance.record_attendance_as_host(db, buyer.access_key, meeting.id, code)
        db.commit()

    assert db.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == 2
    assert db.scalar(sa.select(sa.func.count()).select_from(MeetingOutcome)) == 1


def test_an_outcome_recorded_otherwise_stays(db, scenario, meeting, make_user):
    meeting_outcomes.record_outcome(
        db, scenario.organiser, scenario.event.id, meeting.id, meeting_outcomes.OutcomeInput("no_show")
    )
    db.commit()
    staff = make_user("checkin", scenario.event)
    for side in sides(meeting):
        meeting_attendance.record_attendance(db, staff, scenario.event.id, meeting.id, badge_code(side))
        db.commit()

    assert meeting.sides_seen.both and meeting.outcome.attendance == "no_show"


def test_a_badge_of_someone_else_or_a_forgery_changes_nothing(db, scenario, meeting, make_participant):
    staff_of_this_event = scenario.organiser
    stranger = make_participant(scenario.event, role="exhibitor")
    other = next(e for e in scenario.exhibitors if e.id not in meeting.participant_ids)
    for code in (badge_code(stranger), badge_code(other)):
        with pytest.raises(ValidationError) as refused:
            meeting_attendance.record_attendance(db, staff_of_this_event, scenario.event.id, meeting.id, code)
        assert "code" in refused.value.fields
    for code in ("1-2-1-FORGED", "", None, 42):
        with pytest.raises(ValidationError):
            meeting_attendance.record_attendance(db, staff_of_this_event, scenario.event.id, meeting.id, code)
    with pytest.raises(InvalidBadge):
        meeting_attendance.record_attendance(
            db, staff_of_this_event, scenario.event.id, meeting.id, badge_code(meeting.participant_a)[:-2] + "ZZ"
        )
    db.rollback()

    assert db.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == 0


def test_the_host_cannot_confirm_with_their_own_badge(db, scenario, meeting):
    buyer = scenario.buyers[0]
    with pytest.raises(ValidationError):
        meeting_attendance.record_attendance_as_host(db, buyer.access_key, meeting.id, badge_code(buyer))


def test_only_this_events_staff_and_the_meetings_sides_may_scan(db, scenario, meeting, make_event, make_user):
    elsewhere = make_user("checkin", make_event())
    with pytest.raises(PermissionDenied):
        meeting_attendance.record_attendance(db, elsewhere, scenario.event.id, meeting.id, badge_code(meeting.participant_a))
    other = next(e for e in scenario.exhibitors if e.id not in meeting.participant_ids)
    with pytest.raises(NotFound):
        meeting_attendance.record_attendance_as_host(db, other.access_key, meeting.id, badge_code(meeting.participant_a))


def test_the_database_records_only_the_meetings_two_sides(db, scenario, meeting):
    other = next(e for e in scenario.exhibitors if e.id not in meeting.participant_ids)
    db.add(MeetingAttendance(meeting_id=meeting.id, participant_id=other.id))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_moving_a_meeting_keeps_the_sides_already_seen_at_the_table(db, scenario, meeting, make_user):
    staff = make_user("checkin", scenario.event)
    seen = meeting.participant_a
    meeting_attendance.record_attendance(db, staff, scenario.event.id, meeting.id, badge_code(seen))
    db.commit()
    placement = meeting_edits.move_options(db, scenario.organiser, scenario.event.id, meeting.id)
    cell = next(cell for cell, _slot, _table in placement.cells if cell.slot_id != meeting.slot_id)

    meeting_edits.move_meeting(db, scenario.organiser, scenario.event.id, meeting.id, cell.slot_id, cell.table_id)
    db.commit()
    db.expire_all()

    assert (meeting.slot_id, meeting.table_id) == (cell.slot_id, cell.table_id)
    assert {seat.slot_id for seat in meeting.seats} == {cell.slot_id}
    assert meeting.sides_seen.to_json() == {"a": True, "b": False}
    recorded = db.scalars(sa.select(MeetingAttendance)).one()
    assert recorded.participant_id == seen.id and recorded.recorded_by_user_id == staff.id
    meeting_attendance.record_attendance(db, staff, scenario.event.id, meeting.id, badge_code(meeting.participant_b))
    db.commit()
    assert meeting.outcome.attendance == "held"


def test_removing_a_meeting_logs_who_was_seen_and_the_undo_brings_them_back(db, scenario, meeting, make_user):
    staff = make_user("checkin", scenario.event)
    seen = meeting.participant_b
    meeting_attendance.record_attendance(db, staff, scenario.event.id, meeting.id, badge_code(seen))
    db.commit()
    meeting_id = meeting.id

    meeting_edits.remove_meeting(db, scenario.organiser, scenario.event.id, meeting_id)
    db.commit()
    assert db.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == 0
    removal = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "meeting.removed")).one()
    assert [entry["participant"] for entry in removal.changes["seen"]] == [seen.id]

    back = meeting_edits.restore_meeting(db, scenario.organiser, scenario.event.id, meeting_id)
    db.commit()
    db.expire_all()
    assert back.sides_seen.to_json() == {"a": False, "b": True}
    assert db.scalars(sa.select(MeetingAttendance)).one().recorded_by_user_id == staff.id
