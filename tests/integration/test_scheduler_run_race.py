"""A run of the scheduler never overwrites hand edits: the board refuses
edits while a run computes, and a run applies its result only if the board
is as it read it. A run that fails after solving never stays "running"."""

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Conflict
from eventapp.models import Meeting, ScheduleRun
from eventapp.services import meeting_edits, scheduler_runs
from tests.meeting_helpers import ask, build_scenario


@pytest.fixture()
def scenario(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=5)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    return scenario


def cells(db, event_id: int) -> dict[int, tuple]:
    db.expire_all()
    return {
        row.id: (row.slot_id, row.table_id, row.locked)
        for row in db.execute(sa.select(Meeting).where(Meeting.event_id == event_id)).scalars()
    }


def test_the_board_refuses_edits_while_a_run_computes(db, scenario):
    meeting_id = db.scalars(sa.select(Meeting.id)).first()
    refusals = []

    def organiser_edits_meanwhile(fraction: float) -> None:
        if refusals:
            return
        with so.Session(bind=db.get_bind()) as other_worker:
            actor = other_worker.get(type(scenario.organiser), scenario.organiser.id)
            for edit in (
                lambda: meeting_edits.set_locked(other_worker, actor, scenario.event.id, meeting_id, True),
                lambda: meeting_edits.remove_meeting(other_worker, actor, scenario.event.id, meeting_id),
                lambda: meeting_edits.clear_schedule(other_worker, actor, scenario.event.id),
            ):
                with pytest.raises(Conflict) as caught:
                    edit()
                refusals.append(str(caught.value.message))
            other_worker.rollback()

    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id, progress=organiser_edits_meanwhile)
    db.commit()
    assert len(refusals) == 3 and "right now" in refusals[0]
    # Once the run is done, the same edit goes through.
    meeting_edits.set_locked(db, scenario.organiser, scenario.event.id, meeting_id, True)
    db.commit()
    assert cells(db, scenario.event.id)[meeting_id][2] is True


def test_a_run_that_finds_the_board_changed_applies_nothing(db, scenario):
    """An edit that slipped in between the run reading the board and writing
    it (its check passed an instant before the run began) is kept."""
    meeting_id = db.scalars(sa.select(Meeting.id)).first()

    def edit_slips_in(fraction: float) -> None:
        with db.get_bind().begin() as other_worker:
            other_worker.execute(sa.update(Meeting).where(Meeting.id == meeting_id).values(locked=True))

    before = cells(db, scenario.event.id)
    with pytest.raises(Conflict) as caught:
        scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id, progress=edit_slips_in)
    db.rollback()
    assert "Run the scheduler again" in str(caught.value.message)
    after = cells(db, scenario.event.id)
    assert after == before | {meeting_id: before[meeting_id][:2] + (True,)}
    run = db.scalars(sa.select(ScheduleRun).order_by(ScheduleRun.id.desc())).first()
    assert (run.status, run.error) == ("failed", "board changed")


def test_a_run_whose_notifications_fail_is_failed_at_once_not_running(db, scenario, monkeypatch):
    def mail_server_down(*args, **kwargs):
        raise RuntimeError("SMTP unreachable")

    monkeypatch.setattr(scheduler_runs, "notify_agenda_changes", mail_server_down)
    with pytest.raises(RuntimeError):
        scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.rollback()
    run = db.scalars(sa.select(ScheduleRun).order_by(ScheduleRun.id.desc())).first()
    assert run.status == "failed" and "SMTP unreachable" in run.error
    monkeypatch.undo()
    # Neither the board nor the next run waits a minute for it to go stale.
    meeting_id = db.scalars(sa.select(Meeting.id)).first()
    meeting_edits.set_locked(db, scenario.organiser, scenario.event.id, meeting_id, True)
    db.commit()
    assert scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id).status == "done"
    db.commit()
