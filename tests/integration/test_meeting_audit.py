"""Every staff write of the B2B meetings is one audit entry: setup, runs,
hand edits, publication, outcomes, requests made or cancelled for someone."""

import sqlalchemy as sa

from eventapp.models import AuditEntry, Meeting
from eventapp.services import (
    meeting_edits,
    meeting_outcomes,
    meeting_requests,
    meeting_setup,
    publishing,
    scheduler_runs,
)
from tests.meeting_helpers import ask, build_scenario


def actions(db) -> list[str]:
    return list(db.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_meetings_staff_writes_are_each_recorded_once(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=4)
    event_id, organiser = scenario.event.id, scenario.organiser
    start = len(actions(db))
    meeting_setup.update_settings(
        db, organiser, event_id, meeting_setup.SettingsInput(objective="weight", places="host", time_limit=2)
    )
    for exhibitor in scenario.exhibitors[:3]:
        ask(db, exhibitor, scenario.buyers[0])
    request = meeting_requests.request_meeting_for(
        db, organiser, event_id, meeting_requests.RequestInput(scenario.exhibitors[3].id, scenario.buyers[1].id, 3, "")
    )
    db.commit()  # the run reports its progress on a connection of its own
    scheduler_runs.run_schedule(db, organiser, event_id)
    first, second, *_ = db.scalars(sa.select(Meeting).order_by(Meeting.id)).all()
    meeting_edits.set_locked(db, organiser, event_id, first.id, True)
    meeting_edits.set_locked(db, organiser, event_id, first.id, True)  # no change, no entry
    meeting_outcomes.record_outcome(db, organiser, event_id, first.id, meeting_outcomes.OutcomeInput("held", "follow_up"))
    meeting_edits.remove_meeting(db, organiser, event_id, second.id)
    publishing.publish(db, organiser, event_id)
    meeting_requests.cancel_request(db, organiser, event_id, request.id)
    db.commit()
    assert actions(db)[start:] == [
        "matchmaking_setup.updated",
        "meeting_request.created",
        "schedule.run",
        "meeting.locked",
        "meeting_outcome.recorded",
        "meeting.removed",
        "schedule.published",
        "meeting_request.cancelled",
    ]
    entries = {entry.action: entry for entry in db.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()[start:]}
    assert entries["schedule.run"].changes["meetings"] == 4
    assert entries["meeting_outcome.recorded"].changes == {"attendance": [None, "held"], "interest": [None, "follow_up"]}
    assert entries["meeting.removed"].target_id == second.id
    assert all(entry.actor_email == organiser.email and entry.event_id == event_id for entry in entries.values())
