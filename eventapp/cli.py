"""Command-line tools: ``flask --app eventapp <command>``."""
import click
from flask import Flask
from flask.cli import AppGroup

from eventapp.domain.errors import DomainError
from eventapp.extensions import db
from eventapp.services import accounts

users = AppGroup("users", help="Staff accounts and API tokens.")


def _fail(error: DomainError) -> None:
    db.session.rollback()
    details = "; ".join(f"{field}: {text}" for field, text in error.fields.items())
    raise click.ClickException(str(error.message) + (f" ({details})" if details else ""))


@users.command("create")
@click.argument("email")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--role", required=True, type=click.Choice(["admin", "organiser", "checkin", "official"]))
@click.option("--event", "event_id", type=int, help="The event the role is for (not for admin).")
@click.option("--name", "full_name", default="", help="The person's name.")
def create_user(email: str, password: str, role: str, event_id: int | None, full_name: str) -> None:
    """Create an account, or give an existing one another role."""
    try:
        user = accounts.create_user(db.session, email, password, role=role, event_id=event_id, full_name=full_name)
    except DomainError as error:
        _fail(error)
    db.session.commit()
    where = "" if role == "admin" else f" at event {event_id}"
    click.echo(f"{user.email}: {role}{where}")


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


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
