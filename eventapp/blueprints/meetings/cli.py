"""``flask --app eventapp matchmaking run|export|export-schedule EVENT_ID``.

The operator at the console is trusted, like ``flask users create``: these
commands act on any event without an account.
"""

import json
import sys

import click
from flask.cli import AppGroup

from eventapp.cli import EVENT_ID
from eventapp.domain.errors import DomainError
from eventapp.extensions import db
from eventapp.services import event_problem, scheduler_runs
from eventapp.services.access import get_event


def _fail(error: DomainError) -> None:
    db.session.rollback()
    details = "; ".join(f"{field}: {text}" for field, text in error.fields.items())
    raise click.ClickException(str(error.message) + (f" ({details})" if details else ""))


def _print_json(document: dict) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


def register(group: AppGroup) -> None:
    group.help = "B2B meetings: schedule an event, export it in the exchange format."

    @group.command("run")
    @click.argument("event_id", type=EVENT_ID)
    def run(event_id: int) -> None:
        """Schedule the event's meetings, keeping locked ones; prints the figures."""
        try:
            event = get_event(db.session, event_id)
            # No web request to answer: the event's whole time limit.
            result = scheduler_runs.schedule_event(db.session, event, requested_by=None, in_request=False)
        except DomainError as error:
            _fail(error)
        db.session.commit()
        stats = result.stats
        click.echo(
            f"{event.name}: {stats['meetings']} meetings, weight {stats['weight']}, "
            f"starved {stats['starved']} of {stats['askers']}, idle gaps {stats['idle_gaps']}, "
            f"{len(result.unscheduled or [])} requests unscheduled ({stats['elapsed']} s)"
        )

    @group.command("export")
    @click.argument("event_id", type=EVENT_ID)
    def export(event_id: int) -> None:
        """Print the event as a problem in the exchange format."""
        try:
            _print_json(event_problem.problem_of_event(db.session, get_event(db.session, event_id)))
        except DomainError as error:
            _fail(error)

    @group.command("export-schedule")
    @click.argument("event_id", type=EVENT_ID)
    def export_schedule(event_id: int) -> None:
        """Print the event's current schedule in the exchange format."""
        try:
            _print_json(event_problem.schedule_of_event(db.session, get_event(db.session, event_id)))
        except DomainError as error:
            _fail(error)
