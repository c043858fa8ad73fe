"""Once the schedule is published, the event's problem carries it as
``previous``: the app's "run again" keeps the published meetings where they
can stay, the export says what was published, and only the people whose
agenda changed are told."""

import json

import sqlalchemy as sa

from eventapp.models import Meeting
from eventapp.services import event_problem, publishing, scheduler_runs
from eventapp.services.meeting_setup import current_setup
from tests.meeting_helpers import ask, build_scenario


def published(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=2, exhibitors=4)
    for index, exhibitor in enumerate(scenario.exhibitors):
        ask(db, exhibitor, scenario.buyers[index % 2])
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    publishing.publish(db, scenario.organiser, scenario.event.id)
    db.commit()
    return scenario


def placements(db) -> dict[tuple[int, int], tuple[int, int | None]]:
    return {(m.participant_a_id, m.participant_b_id): (m.slot_id, m.table_id) for m in db.scalars(sa.select(Meeting))}


def test_a_draft_has_no_previous_and_a_published_schedule_is_it(db, make_event, make_user, make_participant):
    scenario = build_scenario(db, make_event, make_user, make_participant, buyers=1, exhibitors=2)
    for exhibitor in scenario.exhibitors:
        ask(db, exhibitor, scenario.buyers[0])
    scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()
    event = scenario.event
    assert "previous" not in event_problem.problem_of_event(db, event)

    publishing.publish(db, scenario.organiser, event.id)
    db.commit()
    exported = event_problem.problem_of_event(db, event)
    meetings = db.scalars(sa.select(Meeting)).all()
    assert sorted((p["a"], p["b"]) for p in exported["previous"]) == sorted(
        (str(m.participant_a_id), str(m.participant_b_id)) for m in meetings
    )
    built = event_problem.build_event_problem(db, event, current_setup(db, event))
    assert len(built.problem.keepable_previous) == len(meetings) == 2


def test_run_again_after_publication_keeps_the_published_meetings(db, make_event, make_user, make_participant):
    scenario = published(db, make_event, make_user, make_participant)
    before = placements(db)
    # A late request, answered after publication: the re-run adds its meeting and moves nobody else.
    late = scenario.exhibitors[0]
    other_buyer = scenario.buyers[1]
    ask(db, late, other_buyer)

    run = scheduler_runs.run_schedule(db, scenario.organiser, scenario.event.id)
    db.commit()

    after = placements(db)
    assert {pair: after[pair] for pair in before} == before
    assert len(after) == len(before) + 1
    changes = run.stats["changes"]
    assert (changes["added"], changes["moved"], changes["removed"]) == (1, 0, 0)
    assert changes["agendas"] == 2  # the late pair alone


def test_the_command_line_export_includes_what_was_published(app, db, make_event, make_user, make_participant):
    scenario = published(db, make_event, make_user, make_participant)

    exported = app.test_cli_runner().invoke(args=["matchmaking", "export", str(scenario.event.id)])

    assert exported.exit_code == 0, exported.output
    assert len(json.loads(exported.output)["previous"]) == len(placements(db)) == 4
