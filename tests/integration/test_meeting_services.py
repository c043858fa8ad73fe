"""Matchmaking services on both databases: the database refuses double
booking by itself, runs keep locked meetings and stable ids, requests follow
their rules, outcomes become history."""

import json
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from eventapp.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from eventapp.domain.meetings import AvailabilityInput
from eventapp.domain.scheduling import Meeting as ScheduledMeeting
from eventapp.domain.scheduling import Problem, validate
from eventapp.models import Meeting, MeetingRequest, MeetingSeat, MeetingSlot, MeetingTable, ScheduleRun
from eventapp.models.base import utcnow
from eventapp.services import (
    browsing,
    event_problem,
    meeting_board,
    meeting_edits,
    meeting_outcomes,
    meeting_requests,
    meeting_setup,
    publishing,
    registration,
    scheduler_runs,
)
from eventapp.services.participants import ProducerFilter
from tests.meeting_helpers import ask, build_scenario
from tests.shared_tools import tools_folder


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    return build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=5)


def run(db, scenario):
    result = scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    return result


def mail_since(outbox, before: list) -> list:
    """Messages sent after ``before`` was read (the outbox's order within one
    second is not the sending order)."""
    seen = {message["Message-ID"] for message in before}
    return [message for message in outbox() if message["Message-ID"] not in seen]


def host_table(db, buyer) -> MeetingTable | None:
    return db.scalar(sa.select(MeetingTable).where(MeetingTable.host_organisation_id == buyer.organisation_id))


def meetings(db) -> dict[tuple[int, int], Meeting]:
    return {m.participant_ids: m for m in db.scalars(sa.select(Meeting))}


def assert_valid(db, scenario) -> list[ScheduledMeeting]:
    problem = Problem.from_json(event_problem.problem_of_event(db, scenario.event))
    schedule = event_problem.schedule_of_event(db, scenario.event)
    scheduled = [ScheduledMeeting(**m) for m in schedule["meetings"]]
    assert validate(problem, scheduled) == []
    return scheduled


# The database's own guarantees -------------------------------------------------


def _slots(db) -> list[MeetingSlot]:
    return list(db.scalars(sa.select(MeetingSlot).order_by(MeetingSlot.starts_at)))


def test_the_database_refuses_a_participant_in_two_meetings_of_one_slot(db, scenario):
    exhibitor, (buyer_a, buyer_b) = scenario.exhibitors[0], scenario.buyers
    slot = _slots(db)[0]
    for buyer in (buyer_a, buyer_b):
        low, high = sorted((exhibitor.id, buyer.id))
        db.add(
            Meeting(
                event_id=scenario.event.id,
                participant_a_id=low,
                participant_b_id=high,
                slot_id=slot.id,
                seats=[MeetingSeat(participant_id=low, slot_id=slot.id), MeetingSeat(participant_id=high, slot_id=slot.id)],
            )
        )
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    assert db.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_the_database_refuses_two_meetings_at_one_table_in_one_slot(db, scenario):
    slot = _slots(db)[0]
    table = db.scalars(sa.select(MeetingTable)).first()
    for exhibitor in scenario.exhibitors[:2]:
        db.add(
            Meeting(
                event_id=scenario.event.id,
                participant_a_id=scenario.buyers[0].id,
                participant_b_id=exhibitor.id,
                slot_id=slot.id,
                table_id=table.id,
            )
        )
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_the_database_refuses_a_pair_meeting_twice_or_unordered(db, scenario):
    first, second = _slots(db)[:2]
    buyer, exhibitor = scenario.buyers[0], scenario.exhibitors[0]
    db.add(Meeting(event_id=scenario.event.id, participant_a_id=buyer.id, participant_b_id=exhibitor.id, slot_id=first.id))
    db.add(Meeting(event_id=scenario.event.id, participant_a_id=buyer.id, participant_b_id=exhibitor.id, slot_id=second.id))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    db.add(Meeting(event_id=scenario.event.id, participant_a_id=exhibitor.id, participant_b_id=buyer.id, slot_id=first.id))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


@pytest.mark.postgres_only
def test_a_seat_cannot_sit_in_another_slot_than_its_meeting(db, scenario):
    first, second = _slots(db)[:2]
    buyer, exhibitor = scenario.buyers[0], scenario.exhibitors[0]
    meeting = Meeting(event_id=scenario.event.id, participant_a_id=buyer.id, participant_b_id=exhibitor.id, slot_id=first.id)
    db.add(meeting)
    db.flush()
    db.add(MeetingSeat(meeting_id=meeting.id, participant_id=buyer.id, slot_id=second.id))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_only_one_run_at_a_time_per_event(db, scenario):
    for _ in range(2):
        db.add(ScheduleRun(event_id=scenario.event.id, status="running", time_limit=1))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


# Running the scheduler ---------------------------------------------------------


def test_a_run_seats_requested_pairs_validly_and_records_why_others_were_left_out(db, scenario, outbox):
    buyer = scenario.buyers[0]
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, buyer, priority=2)
    ask(db, scenario.exhibitors[0], scenario.buyers[1])
    profile = meeting_setup.update_profile(
        db, scenario.organiser, scenario.event.id, buyer.id, meeting_setup.ProfileInput(AvailabilityInput(max_meetings="3"))
    )
    db.commit()
    result = run(db, scenario)
    assert result.status == "done" and result.progress == 1.0
    # The buyer's three places go to three of the four exhibitors who asked only them.
    assert result.stats["meetings"] == 4 and result.stats["starved"] == 1
    assert [item["reason"] for item in result.unscheduled] == ["cap_reached", "cap_reached"]
    scheduled = assert_valid(db, scenario)
    assert sum(1 for m in scheduled if str(buyer.id) in (m.a, m.b)) == profile.max_meetings
    assert db.scalar(sa.select(sa.func.count()).select_from(MeetingSeat)) == 8
    assert all("đề nghị gặp Ông/Bà" in m["Subject"] for m in outbox()), "no agenda goes out before publishing"


def test_a_rerun_keeps_locked_meetings_and_the_ids_of_unchanged_ones(db, scenario):
    for exhibitor in scenario.exhibitors[:3]:
        ask(db, exhibitor, scenario.buyers[0])
    run(db, scenario)
    before = meetings(db)
    locked = next(iter(before.values()))
    later_slot = _slots(db)[-1]
    meeting_edits.move_meeting(db, scenario.organiser, scenario.event.id, locked.id, later_slot.id, locked.table_id)
    db.commit()
    run(db, scenario)
    after = meetings(db)
    assert after[locked.participant_ids].id == locked.id
    assert after[locked.participant_ids].slot_id == later_slot.id and after[locked.participant_ids].locked
    assert {pair: m.id for pair, m in after.items()} == {pair: m.id for pair, m in before.items()}
    assert_valid(db, scenario)


def test_only_accepted_requests_are_scheduled_when_the_organisers_say_so(db, scenario):
    pending = ask(db, scenario.exhibitors[0], scenario.buyers[0])
    accepted = ask(db, scenario.exhibitors[1], scenario.buyers[0])
    meeting_requests.answer_request(db, scenario.buyers[0].access_key, accepted.id, accept=True)
    db.commit()
    meeting_setup.update_settings(
        db,
        scenario.organiser,
        scenario.event.id,
        meeting_setup.SettingsInput(objective="weight", places="host", include_pending=False, time_limit=1),
    )
    db.commit()
    run(db, scenario)
    assert set(meetings(db)) == {tuple(sorted((scenario.buyers[0].id, scenario.exhibitors[1].id)))}
    assert pending.status == "pending"


def test_a_buyer_approved_after_the_setup_gets_a_host_table_at_the_run(db, scenario, make_participant):
    late = make_participant(scenario.event, role="buyer", full_name="Phạm Văn Muộn")
    ask(db, scenario.exhibitors[0], late)
    run(db, scenario)
    table = host_table(db, late)
    assert table is not None and table.number == 3
    assert meetings(db)[tuple(sorted((late.id, scenario.exhibitors[0].id)))].table_id == table.id


@pytest.mark.parametrize("places, pool_tables", [("pool", 1), ("booths", None)])
def test_pooled_tables_and_booths(db, make_event, make_user, make_participant, places, pool_tables):
    scenario = build_scenario(
        db, make_event, make_user, make_participant, buyers=2, exhibitors=3, places=places, pool_tables=pool_tables
    )
    for exhibitor in scenario.exhibitors:
        for buyer in scenario.buyers:
            ask(db, exhibitor, buyer)
    run(db, scenario)
    scheduled = assert_valid(db, scenario)
    assert len(scheduled) == 6 if places == "booths" else len(scheduled) == len(_slots(db))
    assert all((m.table is None) == (places == "booths") for m in scheduled)


def test_someone_who_leaves_the_programme_loses_their_meetings_at_the_next_run(db, scenario, outbox):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    ask(db, scenario.exhibitors[1], scenario.buyers[0])
    run(db, scenario)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    before = outbox()
    scenario.exhibitors[0].status = "cancelled"
    db.commit()
    run(db, scenario)
    assert set(meetings(db)) == {tuple(sorted((scenario.buyers[0].id, scenario.exhibitors[1].id)))}
    told = {m["To"] for m in mail_since(outbox, before)}
    assert scenario.buyers[0].email in told and scenario.exhibitors[0].email not in told


def leave(db, scenario, participant, status: str = "cancelled") -> None:
    """The organiser changes a registration's status, as the edit form and the API do."""
    registration.update_participant(
        db, scenario.organiser, scenario.event.id, participant.id, lambda details: details, status=status
    )
    db.commit()


def test_someone_who_leaves_loses_their_meetings_at_once_and_the_counterparts_are_told(db, scenario, outbox):
    leaver, buyer, other_buyer = scenario.exhibitors[0], scenario.buyers[0], scenario.buyers[1]
    ask(db, leaver, buyer)
    ask(db, scenario.exhibitors[1], buyer)
    asked_by_other = ask(db, other_buyer, leaver)
    run(db, scenario)
    assert tuple(sorted((leaver.id, other_buyer.id))) in meetings(db)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    before = outbox()
    leave(db, scenario, leaver)
    db.expire_all()
    assert all(leaver.id not in pair for pair in meetings(db))
    assert len(event_problem.schedule_of_event(db, scenario.event)["meetings"]) == len(meetings(db)) == 1
    sent_by_leaver = db.scalars(sa.select(MeetingRequest).where(MeetingRequest.from_participant_id == leaver.id))
    assert [r.status for r in sent_by_leaver] == ["withdrawn"]
    assert db.get(MeetingRequest, asked_by_other.id).status == "withdrawn"
    told = mail_since(outbox, before)
    changed = sorted(m["To"] for m in told if "đã thay đổi" in m["Subject"])
    assert changed == sorted([buyer.email, other_buyer.email])
    assert leaver.email not in changed
    body = next(m for m in told if m["To"] == buyer.email).get_body(("plain",)).get_content()
    assert leaver.full_name not in body and scenario.exhibitors[1].full_name in body


def test_an_exhibitor_who_becomes_a_delegate_leaves_the_meetings(db, scenario):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    ask(db, exhibitor, buyer)
    run(db, scenario)
    assert tuple(sorted((exhibitor.id, buyer.id))) in meetings(db)
    registration.update_participant(
        db, scenario.organiser, scenario.event.id, exhibitor.id, lambda details: replace(details, role="delegate", products=())
    )
    db.commit()
    db.expire_all()
    assert all(exhibitor.id not in pair for pair in meetings(db))


def test_leaving_before_publishing_tells_nobody_and_a_meeting_with_an_outcome_stays(db, scenario, outbox):
    leaver, buyer, other_buyer = scenario.exhibitors[0], scenario.buyers[0], scenario.buyers[1]
    ask(db, leaver, buyer)
    ask(db, leaver, other_buyer)
    run(db, scenario)
    held = meetings(db)[tuple(sorted((leaver.id, other_buyer.id)))]
    meeting_outcomes.record_outcome(
        db, scenario.organiser, scenario.event.id, held.id, meeting_outcomes.OutcomeInput("held", "follow_up")
    )
    db.commit()
    before = outbox()
    registration.decide(db, scenario.organiser, scenario.event.id, [leaver.id], "rejected")
    db.commit()
    db.expire_all()
    assert set(meetings(db)) == {held.participant_ids}
    assert not any("lịch gặp" in m["Subject"].lower() for m in mail_since(outbox, before))
    assert meeting_board.board(db, scenario.organiser, scenario.event.id).unscheduled.total == 0
    before = outbox()
    assert publishing.publish(db, scenario.organiser, scenario.event.id) == 1
    db.commit()
    assert [m["To"] for m in mail_since(outbox, before)] == [other_buyer.email]


def test_a_participant_approved_again_is_scheduled_again(db, scenario):
    leaver, buyer = scenario.exhibitors[0], scenario.buyers[0]
    ask(db, leaver, buyer)
    run(db, scenario)
    leave(db, scenario, leaver, status="pending")
    assert meetings(db) == {}
    leave(db, scenario, leaver, status="approved")
    ask(db, leaver, buyer)
    run(db, scenario)
    assert set(meetings(db)) == {tuple(sorted((leaver.id, buyer.id)))}


def test_a_second_run_while_one_is_running_is_refused_unless_that_one_died(db, scenario):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    stuck = ScheduleRun(event_id=scenario.event.id, status="running", time_limit=1)
    db.add(stuck)
    db.commit()
    with pytest.raises(Conflict):
        scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.rollback()
    stuck.heartbeat_at = utcnow() - timedelta(minutes=5)
    db.commit()
    assert run(db, scenario).status == "done"
    db.refresh(stuck)
    assert stuck.status == "failed" and stuck.error == "interrupted"


def test_a_run_without_slots_or_requests_explains_itself(db, scenario):
    with pytest.raises(ValidationError) as caught:
        scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    assert "no meeting requests" in str(caught.value.message)
    assert db.scalar(sa.select(sa.func.count(ScheduleRun.id))) == 0


def test_the_exports_pass_the_shared_checker(db, scenario, tmp_path):
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
        ask(db, exhibitor, scenario.buyers[1], priority=2)
    run(db, scenario)
    problem, schedule = tmp_path / "problem.json", tmp_path / "schedule.json"
    problem.write_text(json.dumps(event_problem.problem_of_event(db, scenario.event)))
    schedule.write_text(json.dumps(event_problem.schedule_of_event(db, scenario.event)))
    checked = subprocess.run(
        [sys.executable, str(tools_folder() / "check.py"), str(problem), str(schedule), "--json", "--bound", "off"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    figures = json.loads(checked.stdout)
    assert figures["valid"] and figures["meetings"] == len(json.loads(schedule.read_text())["meetings"])


# Board actions -----------------------------------------------------------------


def test_a_meeting_moves_only_to_a_cell_free_for_both(db, scenario):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    ask(db, scenario.exhibitors[1], scenario.buyers[0])
    run(db, scenario)
    first, second = sorted(meetings(db).values(), key=lambda m: m.slot.starts_at)
    with pytest.raises(ValidationError):
        meeting_edits.move_meeting(db, scenario.organiser, scenario.event.id, first.id, second.slot_id, second.table_id)
    db.rollback()
    other_table = host_table(db, scenario.buyers[1])
    with pytest.raises(ValidationError):
        meeting_edits.move_meeting(db, scenario.organiser, scenario.event.id, first.id, first.slot_id, other_table.id)
    db.rollback()
    placement = meeting_edits.move_options(db, scenario.organiser, scenario.event.id, first.id)
    assert second.slot_id not in {cell.slot_id for cell, _slot, _table in placement.cells}


def test_placing_by_hand_needs_a_live_request(db, scenario):
    slot = _slots(db)[0]
    table = host_table(db, scenario.buyers[0])
    with pytest.raises(ValidationError):
        meeting_edits.place_meeting(
            db, scenario.organiser, scenario.event.id, scenario.exhibitors[0].id, scenario.buyers[0].id, slot.id, table.id
        )
    db.rollback()
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    meeting = meeting_edits.place_meeting(
        db, scenario.organiser, scenario.event.id, scenario.exhibitors[0].id, scenario.buyers[0].id, slot.id, table.id
    )
    db.commit()
    assert meeting.locked and len(meeting.seats) == 2
    with pytest.raises(Conflict):
        meeting_edits.place_meeting(
            db,
            scenario.organiser,
            scenario.event.id,
            scenario.exhibitors[0].id,
            scenario.buyers[0].id,
            _slots(db)[1].id,
            table.id,
        )
    db.rollback()


def test_availability_limits_the_cells_offered(db, scenario):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    ask(db, exhibitor, buyer)
    meeting_setup.update_profile(
        db,
        scenario.organiser,
        scenario.event.id,
        exhibitor.id,
        meeting_setup.ProfileInput(AvailabilityInput("2020-11-20T09:40")),
    )
    db.commit()
    placement = meeting_edits.place_options(db, scenario.organiser, scenario.event.id, exhibitor.id, buyer.id)
    local_starts = {slot.starts_at.astimezone().strftime("%H%M") for _cell, slot, _table in placement.cells}
    assert len(placement.cells) == 2 and len(local_starts) == 2
    run(db, scenario)
    assert_valid(db, scenario)


def test_changes_after_publishing_tell_only_the_people_affected(db, scenario, outbox):
    for exhibitor in scenario.exhibitors[:3]:
        ask(db, exhibitor, scenario.buyers[0])
    run(db, scenario)
    sent = publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    assert sent == 4 and len(outbox()) == 3 + 4
    before = outbox()
    moved = next(iter(meetings(db).values()))
    free = meeting_edits.move_options(db, scenario.organiser, scenario.event.id, moved.id).cells
    target = next(cell for cell, _slot, _table in free if cell.slot_id != moved.slot_id)
    meeting_edits.move_meeting(db, scenario.organiser, scenario.event.id, moved.id, target.slot_id, target.table_id)
    db.commit()
    changed = mail_since(outbox, before)
    assert sorted(m["To"] for m in changed) == sorted(p.email for p in (moved.participant_a, moved.participant_b))
    assert all("đã thay đổi" in m["Subject"] for m in changed)


def test_a_meeting_with_an_outcome_is_history(db, scenario):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    run(db, scenario)
    meeting = next(iter(meetings(db).values()))
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    outcome = meeting_outcomes.record_own_outcome(
        db, scenario.exhibitors[0].access_key, meeting.id, meeting_outcomes.OutcomeInput("held", "deal", "Ký biên bản ghi nhớ")
    )
    db.commit()
    assert outcome.recorded_by_participant_id == scenario.exhibitors[0].id
    board = meeting_board.board(db, scenario.organiser, scenario.event.id)
    assert board.outcomes == {"held": 1, "deal": 1} and [m.id for m in board.deals] == [meeting.id]
    for action in (
        lambda: meeting_edits.remove_meeting(db, scenario.organiser, scenario.event.id, meeting.id),
        lambda: meeting_edits.move_meeting(
            db, scenario.organiser, scenario.event.id, meeting.id, _slots(db)[-1].id, meeting.table_id
        ),
    ):
        with pytest.raises(Conflict):
            action()
        db.rollback()
    meeting_edits.set_locked(db, scenario.organiser, scenario.event.id, meeting.id, False)
    db.commit()
    meeting_edits.clear_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    run(db, scenario)
    assert meetings(db)[meeting.participant_ids].id == meeting.id


def test_outcomes_are_checked(db, scenario):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    run(db, scenario)
    meeting = next(iter(meetings(db).values()))
    key = scenario.exhibitors[0].access_key
    with pytest.raises(PermissionDenied):
        meeting_outcomes.record_own_outcome(db, key, meeting.id, meeting_outcomes.OutcomeInput("held", "deal"))
    db.rollback()
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    with pytest.raises(ValidationError) as caught:
        meeting_outcomes.record_own_outcome(db, key, meeting.id, meeting_outcomes.OutcomeInput("held", "maybe"))
    assert set(caught.value.fields) == {"interest"}
    db.rollback()
    with pytest.raises(NotFound):
        meeting_outcomes.record_own_outcome(
            db, scenario.exhibitors[1].access_key, meeting.id, meeting_outcomes.OutcomeInput("no_show")
        )
    db.rollback()
    outcome = meeting_outcomes.record_outcome(
        db, scenario.organiser, scenario.event.id, meeting.id, meeting_outcomes.OutcomeInput("no_show", "deal")
    )
    db.commit()
    assert outcome.interest is None and outcome.recorded_by_user_id == scenario.organiser.id
    meeting.slot.starts_at = utcnow() + timedelta(days=1)
    meeting.slot.ends_at = utcnow() + timedelta(days=1, minutes=20)
    db.commit()
    with pytest.raises(Conflict):
        meeting_outcomes.record_outcome(
            db, scenario.organiser, scenario.event.id, meeting.id, meeting_outcomes.OutcomeInput("held", "none")
        )
    db.rollback()


# Requests -------------------------------------------------------------------


def test_requests_join_a_buyer_and_an_exhibitor_of_the_same_event(db, scenario, make_event, make_participant):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    elsewhere = make_participant(make_event(name="Hội chợ OCOP Lạng Sơn"), role="buyer")
    pending = make_participant(scenario.event, role="buyer", status="pending")
    delegate = make_participant(scenario.event, role="delegate")
    for target, field in (
        (exhibitor.id, "to"),
        (scenario.exhibitors[1].id, "to"),
        (elsewhere.id, "to"),
        (pending.id, "to"),
        (delegate.id, "to"),
        ("mười", "to"),
    ):
        with pytest.raises(ValidationError) as caught:
            meeting_requests.request_meeting(db, exhibitor.access_key, target, 1, "")
        assert field in caught.value.fields
        db.rollback()
    with pytest.raises(ValidationError) as caught:
        meeting_requests.request_meeting(db, exhibitor.access_key, buyer.id, 3, "")
    assert "priority" in caught.value.fields
    db.rollback()
    with pytest.raises(PermissionDenied):
        meeting_requests.request_meeting(db, pending.access_key, exhibitor.id, 1, "")
    db.rollback()
    assert db.scalar(sa.select(sa.func.count(MeetingRequest.id))) == 0


def test_asking_back_makes_the_pair_mutual(db, scenario, outbox):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    first = ask(db, exhibitor, buyer, message="Chúng tôi có bánh pía sầu riêng 4 sao.")
    [asked] = outbox()
    assert first.status == "pending" and asked["To"] == buyer.email
    assert "Chúng tôi có bánh pía sầu riêng 4 sao." in asked.get_body(("plain",)).get_content()
    second = ask(db, buyer, exhibitor, priority=1)
    db.refresh(first)
    assert first.status == second.status == "accepted"
    [answered] = mail_since(outbox, [asked])
    assert answered["To"] == exhibitor.email and "cũng muốn gặp Ông/Bà" in answered["Subject"]
    problem = event_problem.problem_of_event(db, scenario.event)
    assert problem["requests"] == [{"a": str(min(exhibitor.id, buyer.id)), "b": str(max(exhibitor.id, buyer.id)), "weight": 3}]


def test_a_duplicate_is_refused_a_declined_one_stays_declined_a_withdrawn_one_may_come_back(db, scenario):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    request = ask(db, exhibitor, buyer)
    with pytest.raises(Conflict):
        ask(db, exhibitor, buyer)
    db.rollback()
    meeting_requests.withdraw_request(db, exhibitor.access_key, request.id)
    db.commit()
    again = ask(db, exhibitor, buyer, priority=2)
    assert again.id == request.id and again.status == "pending" and again.priority == 2
    meeting_requests.answer_request(db, buyer.access_key, request.id, accept=False)
    db.commit()
    with pytest.raises(Conflict):
        ask(db, exhibitor, buyer)
    db.rollback()


def test_declining_removes_the_meeting_and_tells_both_after_publishing(db, scenario, outbox):
    exhibitor, buyer = scenario.exhibitors[0], scenario.buyers[0]
    request = ask(db, exhibitor, buyer)
    ask(db, scenario.exhibitors[1], buyer)
    run(db, scenario)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    before = outbox()
    meeting_requests.answer_request(db, buyer.access_key, request.id, accept=False)
    db.commit()
    assert tuple(sorted((exhibitor.id, buyer.id))) not in meetings(db)
    told = sorted((m["To"], "từ chối" in m["Subject"]) for m in mail_since(outbox, before))
    assert told == sorted([(exhibitor.email, True), (exhibitor.email, False), (buyer.email, False)])


def test_closed_requests_stop_participants_not_organisers(db, scenario):
    meeting_setup.update_settings(
        db,
        scenario.organiser,
        scenario.event.id,
        meeting_setup.SettingsInput(objective="fair", places="host", requests_open=False, time_limit=1),
    )
    db.commit()
    with pytest.raises(PermissionDenied):
        meeting_requests.request_meeting(db, scenario.exhibitors[0].access_key, scenario.buyers[0].id, 1, "")
    db.rollback()
    on_behalf = meeting_requests.RequestInput(scenario.exhibitors[0].id, scenario.buyers[0].id, 3, "Qua điện thoại")
    made = meeting_requests.request_meeting_for(db, scenario.organiser, scenario.event.id, on_behalf)
    db.commit()
    assert made.status == "accepted" and made.created_by_user_id == scenario.organiser.id


def test_browsing_finds_exhibitors_by_product_without_tone_marks(db, scenario, make_participant):
    make_participant(
        scenario.event,
        role="exhibitor",
        full_name="Lâm Thị Gạo",
        province="can-tho",
        products=[("Gạo ST25 Hồ Quang Trí", "food", 5)],
    )
    buyer_key = scenario.buyers[0].access_key
    found = browsing.browse(db, buyer_key, ProducerFilter(search="gao st25"))
    assert [c.participant.full_name for c in found.items] == ["Lâm Thị Gạo"]
    five = browsing.browse(db, buyer_key, ProducerFilter(stars=5, province="can-tho"))
    assert found.total == five.total == 1
    assert browsing.browse(db, buyer_key, ProducerFilter(product_group="textile")).total == 0
    buyers = browsing.browse(db, scenario.exhibitors[0].access_key, ProducerFilter())
    assert {c.participant.role for c in buyers.items} == {"buyer"} and buyers.total == 2


def test_moving_a_meeting_moves_its_seats_under_the_composite_key(db, scenario):
    ask(db, scenario.exhibitors[0], scenario.buyers[0])
    run(db, scenario)
    meeting = next(iter(meetings(db).values()))
    target = _slots(db)[-1]
    meeting_edits.move_meeting(db, scenario.organiser, scenario.event.id, meeting.id, target.id, meeting.table_id)
    db.commit()
    assert {seat.slot_id for seat in db.scalars(sa.select(MeetingSeat))} == {target.id}


def test_progress_is_visible_to_other_workers_while_the_run_is_under_way(db, scenario):
    """The board polls from whichever web worker: what it reads must be
    committed while the run's own transaction is still open."""
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    seen = []

    def look(fraction: float) -> None:
        with db.get_bind().connect() as other_worker:
            seen.append(other_worker.execute(sa.select(ScheduleRun.status, ScheduleRun.progress)).one())

    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id, progress=look)
    db.commit()
    assert seen and all(status == "running" for status, _progress in seen)
    assert seen[-1][1] > 0
    assert db.scalars(sa.select(ScheduleRun)).one().status == "done"
