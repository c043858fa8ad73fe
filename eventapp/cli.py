"""Command-line tools: ``flask --app eventapp <command>``."""

from datetime import date
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from eventapp.domain import participant_table, spreadsheets
from eventapp.domain.errors import DomainError
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.participant_table import ImportRejected
from eventapp.extensions import db
from eventapp.models import Event
from eventapp.services import accounts, erasure, exports, imports, jobs, mail_delivery, sign_in
from eventapp.services.participants import ParticipantFilter

users = AppGroup("users", help="Staff accounts and API tokens.")


# Every command that takes an event id: a number the database can hold, so a
# mistyped one is a usage error instead of a traceback on PostgreSQL.
EVENT_ID = click.IntRange(1, LARGEST_INTEGER)


def _fail(error: DomainError) -> None:
    db.session.rollback()
    details = "; ".join(f"{field}: {text}" for field, text in error.fields.items())
    raise click.ClickException(str(error.message) + (f" ({details})" if details else ""))


@users.command("create")
@click.argument("email")
@click.option(
    "--password", required=True, help="At least 10 characters, not a common password, not containing the e-mail address."
)
@click.option("--role", required=True, type=click.Choice(["admin", "organiser", "checkin", "official"]))
@click.option("--event", "event_id", type=EVENT_ID, help="The event the role is for (not for admin).")
@click.option("--name", "full_name", default="", help="The person's name.")
def create_user(email: str, password: str, role: str, event_id: int | None, full_name: str) -> None:
    """Create an account, or give an existing one another role (its password
    is then left as it is)."""
    if role == "admin" and event_id is not None:
        raise click.UsageError("--event is for event roles; an administrator works at every event.")
    existed = accounts.find_user(db.session, email) is not None
    try:
        user = accounts.create_user(db.session, email, password, role=role, event_id=event_id, full_name=full_name)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    where = "" if role == "admin" else f" at event {event_id}"
    click.echo(f"{user.email}: {role}{where}")
    if existed:
        click.echo("The account existed already: role added, password unchanged.")


@users.command("token")
@click.argument("email")
@click.option("--label", default="", help="What the token is for, e.g. 'scanner gate 1'.")
def create_token(email: str, label: str) -> None:
    """Print a new API token for the account (shown once; only its hash is kept)."""
    try:
        token = accounts.issue_token(db.session, email, label)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(token)


@users.command("tokens")
@click.argument("email")
def list_tokens(email: str) -> None:
    """List the account's API tokens: name, created, last used."""
    try:
        tokens = accounts.list_tokens(db.session, email)
    except DomainError as error:
        _fail(error)
    db.session.rollback()
    if not tokens:
        click.echo("No API tokens.")
    for token in tokens:
        last_used = token.last_used_at.isoformat(timespec="seconds") if token.last_used_at else "never"
        click.echo(
            f"{token.label or '(no name)'}\tcreated {token.created_at.isoformat(timespec='seconds')}\tlast used {last_used}"
        )


@users.command("revoke-tokens")
@click.argument("email")
def revoke_tokens(email: str) -> None:
    """Delete every API token of the account and end all its sessions."""
    try:
        revoked = accounts.revoke_tokens(db.session, email)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{revoked} API tokens revoked; every session of {email} is signed out.")


@users.command("remove-role")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "organiser", "checkin", "official"]))
@click.option("--event", "event_id", type=click.IntRange(1, LARGEST_INTEGER), help="Only at this event (default: every event).")
def remove_role(email: str, role: str, event_id: int | None) -> None:
    """Take a role away from an account, at one event or at all."""
    if role == "admin" and event_id is not None:
        raise click.UsageError("--event is for event roles; an administrator works at every event.")
    try:
        removed = accounts.remove_role(db.session, email, role, event_id)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    if not removed:
        raise click.ClickException(f"{email} had no such role.")
    click.echo(f"{email}: {removed} {role} role(s) removed.")


@users.command("disable")
@click.argument("email")
def disable_user(email: str) -> None:
    """Disable an account at once: its sessions, cookies and API tokens stop working."""
    try:
        accounts.disable_user(db.session, email)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{email}: disabled; every session and API token stopped working.")


@users.command("unlock")
@click.argument("email")
def unlock(email: str) -> None:
    """Lift the sign-in lockout of an e-mail address (after 10 failed sign-ins)."""
    try:
        sign_in.unlock(db.session, email)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"{email}: sign-in unlocked.")


participants = AppGroup("participants", help="Import and export an event's participants (CSV or XLSX).")


def _staff_account(email: str):
    user = accounts.find_user(db.session, email)
    if user is None:
        raise click.ClickException(f"No account with the e-mail address {email}.")
    return user


@participants.command("import")
@click.argument("event_id", type=EVENT_ID)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "staff_email", required=True, help="E-mail of the organiser (or admin) doing the import.")
@click.option(
    "--encoding",
    type=click.Choice(spreadsheets.ENCODINGS),
    default=spreadsheets.AUTO,
    help='Of a CSV file: auto (UTF-8) or cp1258 (plain "CSV" from Excel on Vietnamese Windows).',
)
@click.option("--send-emails", is_flag=True, help="Send each imported person the confirmation e-mail.")
def import_participants(event_id: int, path: Path, staff_email: str, encoding: str, send_emails: bool) -> None:
    """Add the participants of a file to an event: all rows, or none."""
    try:
        result = imports.import_participants(
            db.session,
            _staff_account(staff_email),
            event_id,
            path.read_bytes(),
            max_rows=current_app.config["IMPORT_MAX_ROWS"],
            encoding=encoding,
            send_emails=send_emails,
        )
    except ImportRejected as error:
        db.session.rollback()
        for row_error in error.row_errors:
            product = f"product {row_error.product}: " if row_error.product else ""
            click.echo(f"row {row_error.row}, {row_error.column or '-'}: {product}{row_error.message}", err=True)
        raise click.ClickException(f"{error.message} ({len(error.row_errors)} problems)") from None
    except DomainError as error:
        _fail(error)
    db.session.commit()
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(result.by_status.items()))
    click.echo(
        f"{result.created} participants imported ({statuses}); "
        f"{result.organisations_created} new organisations; {result.emails_queued} e-mails sent."
    )
    if result.ignored_columns:
        click.echo("Columns not read: " + ", ".join(result.ignored_columns))


@participants.command("export")
@click.argument("event_id", type=EVENT_ID)
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--as", "staff_email", required=True, help="E-mail of the organiser (or admin) doing the export.")
@click.option(
    "--headers",
    type=click.Choice(participant_table.HEADER_LANGUAGES),
    default="vi",
    help="Vietnamese headers and value names (vi), or the English keys and codes (en).",
)
def export_participants(event_id: int, path: Path, staff_email: str, headers: str) -> None:
    """Write every participant of an event to PATH; .xlsx or .csv decides the format."""
    file_format = path.suffix.lower().lstrip(".")
    if file_format not in exports.MIMETYPES:
        raise click.ClickException("The file name must end in .csv or .xlsx.")
    try:
        export = exports.export_participants(
            db.session,
            _staff_account(staff_email),
            event_id,
            ParticipantFilter(sort="registered"),
            file_format=file_format,
            header_language=headers,
        )
    except DomainError as error:
        _fail(error)
    path.write_bytes(export.content)
    click.echo(f"{path}: written")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has events (make run).")
def seed_demo(if_empty: bool) -> None:
    """Load the demo conferences and accounts; running it again changes nothing."""
    from eventapp.demo import seed_demo as load_demo

    if if_empty and db.session.scalar(sa.select(sa.func.count(Event.id))):
        click.echo("The database already has events: demo data not loaded.")
        return
    result = load_demo(db.session)
    db.session.commit()
    if result.loaded:
        click.echo("Demo data loaded:")
        for line in result.loaded:
            click.echo(f"  {line}")
    else:
        click.echo("Demo data already present: nothing added.")
    click.echo("Demo accounts (e-mail / password / role):")
    for account in result.accounts:
        where = f", event {result.events[account.event_key].id}" if account.event_key else ""
        click.echo(f"  {account.email} / {account.password} / {account.role}{where}")


jobs_commands = AppGroup("jobs", help="Background jobs.")


@jobs_commands.command("worker")
@click.option("--burst", is_flag=True, help="Work until the queue is empty, then exit.")
def jobs_worker(burst: bool) -> None:
    """Run jobs from Redis (REDIS_URL), after enqueueing the ones Redis lost
    and those a dead worker left running."""
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("Set REDIS_URL: without it jobs run in the web process.")
    from redis.exceptions import RedisError

    try:
        abandoned = jobs.requeue_abandoned(db.session, current_app)
        if abandoned:
            click.echo(f"{abandoned} job(s) left running by a worker that died, queued again.")
        waiting = jobs.enqueue_waiting(db.session, current_app)
        db.session.rollback()
        click.echo(f"{waiting} waiting job(s) enqueued.")
        # Queued e-mails whose delivery job is gone get a new one (enqueued on commit).
        stranded = mail_delivery.start_for_stranded(db.session)
        db.session.commit()
        if stranded:
            click.echo(f"{stranded} e-mail delivery job(s) started for messages no job held.")
        jobs.run_worker(current_app, burst=burst)
    except RedisError as error:
        raise click.ClickException(f"Redis unreachable at REDIS_URL: {error}") from error


privacy = AppGroup("privacy", help="Personal data: retention.")


@privacy.command("purge")
@click.option(
    "--months",
    type=click.IntRange(1, 1200),
    default=None,
    help="Erase the participants of events that ended more than this many months ago (default PRIVACY_RETENTION_MONTHS).",
)
@click.option("--dry-run", is_flag=True, help="Only say what would be erased; change nothing.")
def privacy_purge(months: int | None, dry_run: bool) -> None:
    """Erase the personal data of every participant of the events whose
    retention has run out; each event's figures stay as they were."""
    months = months if months is not None else current_app.config["PRIVACY_RETENTION_MONTHS"]
    try:
        purged = erasure.purge(db.session, months, date.today(), dry_run=dry_run)
    except DomainError as error:
        _fail(error)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would erase" if dry_run else "erased"
    for event in purged:
        click.echo(
            f"Event {event.event_id} ({event.name}, ended {event.ended_on.isoformat()}): "
            f"{verb} {event.participants} participant(s)."
        )
    total = sum(event.participants for event in purged)
    click.echo(f"{'Dry run: ' if dry_run else ''}{total} participant(s) {verb}, events that ended more than {months} months ago.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(participants)
    app.cli.add_command(seed_demo)
    app.cli.add_command(jobs_commands)
    app.cli.add_command(privacy)
