"""What every API endpoint shares: who is calling, reading the body, paging."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError as CSRFValidationError

from eventapp.domain.errors import AuthenticationRequired, MalformedInput, Text, ValidationError
from eventapp.domain.fields import CONTROL_CHARACTERS_MESSAGE, ascii_number, control_character_path
from eventapp.driver_statements import DriverConnection
from eventapp.extensions import autocommit_connection, csrf, db
from eventapp.models import User
from eventapp.services.access import Caller, caller_of, require_caller_role
from eventapp.services.accounts import caller_for_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PUBLIC_ENDPOINTS: set[str] = set()


def public(view):
    """Mark an endpoint that needs no token (the API description, health)."""
    PUBLIC_ENDPOINTS.add(f"api.{view.__name__}")
    return view


def actor() -> User:
    """The calling account; 401 when there is none."""
    user = g.get("api_user")
    if user is None and g.get("api_caller") is not None:
        user = g.api_user = db.session.get(User, g.api_caller.user_id)
    if user is None:
        raise AuthenticationRequired(Text("Send a valid API token: Authorization: Bearer <token>."))
    return user


def caller() -> Caller:
    """The calling account and its roles, for endpoints that need no more
    than that: with a token, nothing is read from the database most times."""
    known = g.get("api_caller")
    if known is None:
        known = g.api_caller = caller_of(db.session, actor())
    return known


def identify_caller() -> None:
    """Bearer token first; else the browser session, which must then prove the
    request came from our own page (CSRF header) when it changes anything."""
    g.api_user = g.api_caller = None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationRequired(Text("Send a valid API token: Authorization: Bearer <token>."))
        g.api_caller = caller_for_token(db.session, token.strip(), max_age=current_app.config["API_CALLER_CACHE_SECONDS"])
        if g.api_caller is None:
            raise AuthenticationRequired(Text("This API token is not valid."))
        return
    if current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            try:
                validate_csrf(request.headers.get("X-CSRFToken", ""))
            except CSRFValidationError as error:
                raise CSRFError(error.args[0]) from None
        g.api_user = current_user._get_current_object()
        return
    if request.endpoint not in PUBLIC_ENDPOINTS:
        actor()


def event_roles_required(*roles: str):
    """Refuse callers without one of ``roles`` at the URL's event before the
    body is even read: a stranger learns nothing from validation errors. The
    service checks again; this only decides the order of refusals."""

    def decorate(view):
        @wraps(view)
        def wrapper(event_id: int, **kwargs):
            require_caller_role(db.session, caller(), event_id, set(roles))
            return view(event_id=event_id, **kwargs)

        return wrapper

    return decorate


@contextmanager
def statements_that_commit_themselves() -> Iterator[DriverConnection]:
    """For an endpoint whose every write is one statement that stands alone
    (the door's scans): the driver's connection, on which each statement
    commits as it runs (``extensions.autocommit_connection``); the view has
    nothing left to commit. What the session may hold (identifying the
    caller may have read) is done with first."""
    if db.session.registry.has() and db.session().in_transaction():
        db.session.commit()
    with autocommit_connection(db.engine) as connection:
        yield connection


def read_json() -> object | None:
    """The request's JSON, or None when the body is not JSON."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise MalformedInput(Text("The request body is nested too deeply.")) from None


def json_body() -> dict[str, Any]:
    """The request's JSON object, its texts free of control characters."""
    body = read_json()
    if not isinstance(body, dict):
        raise MalformedInput(Text("The request body must be a JSON object."))
    path = control_character_path(body)
    if path is not None:
        raise ValidationError(Text("Please correct the highlighted fields."), {path: CONTROL_CHARACTERS_MESSAGE})
    return body


def page_arguments() -> tuple[int, int]:
    def number(name: str, default: int) -> int:
        text = request.args.get(name, "")
        if not text:
            return default
        number = ascii_number(text)
        if number is None or number < 1:
            raise MalformedInput(
                Text("%(name)s must be a positive whole number.", {"name": name}), {name: Text("A positive whole number.")}
            )
        return number

    return number("page", 1), min(number("per_page", 50), current_app.config["API_MAX_PER_PAGE"])


def setup(bp) -> None:
    csrf.exempt(bp)
    bp.before_request(identify_caller)
