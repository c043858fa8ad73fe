"""Every failure becomes a clear page or JSON body in the reader's language.

Domain errors carry their own status; anything that reaches the database's
constraints (a race the services could not see) rolls back and becomes 409.
"""

from flask import Flask, Response, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from eventapp import i18n
from eventapp.blueprints.formtools import FORM_EXPIRED
from eventapp.domain.errors import (
    AuthenticationRequired,
    Conflict,
    DomainError,
    MalformedInput,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationError,
)
from eventapp.extensions import db

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    MalformedInput: 400,
    AuthenticationRequired: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    ValidationError: 422,
    TooManyAttempts: 429,
}

HTTP_CODES = {
    400: "malformed",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}

# How long a client waits before asking again when the database cannot be
# reached: a restart or a failover takes seconds, and the scan page retries.
DATABASE_RETRY_AFTER_SECONDS = 5


def status_of(error: DomainError) -> int:
    for kind, status in STATUS_BY_ERROR.items():
        if isinstance(error, kind):
            return status
    return 400


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict[str, str] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def error_page(status: int, message: str) -> Response:
    response = make_response(render_template("error.html", status=status, message=message))
    response.status_code = status
    return response


def forget_the_failed_transaction() -> None:
    # With the database gone, rolling back can fail too; the pool replaces
    # the broken connection on the next request either way.
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        db.session.close()


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        status = status_of(error)
        message = i18n.render(error.message)
        if wants_json():
            fields = {path: i18n.render(text) for path, text in error.fields.items()}
            return json_error(status, error.code, message, fields)
        if isinstance(error, AuthenticationRequired):
            flash(message, "warning")
            return redirect(url_for("auth.login", next=request.full_path))
        return error_page(status, message)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        db.session.rollback()
        app.logger.warning("constraint refused a write: %s", error.orig)
        message = _("This conflicts with data saved at the same moment. Reload and try again.")
        if wants_json():
            return json_error(409, "conflict", message)
        return error_page(409, message)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unreachable(error: OperationalError | InterfaceError):
        forget_the_failed_transaction()
        app.logger.error("database unreachable: %s", error.orig)
        message = _("The service is briefly unavailable; nothing was lost. Try again in a few seconds.")
        response = json_error(503, "unavailable", message) if wants_json() else error_page(503, message)
        response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = str(FORM_EXPIRED)
        if wants_json():
            return json_error(400, "csrf", message)
        return error_page(400, message)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page
        # with links either; a short answer that names nothing of the request.
        return Response(_("This server does not answer to that host name."), 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = {
            400: _("The request could not be read."),
            401: _("Sign in first."),
            403: _("You do not have permission to do this."),
            404: _("This page does not exist."),
            405: _("This action is not allowed here."),
            413: _("The file is too large."),
            429: _("Too many attempts from your address. Wait a while, then try again."),
            # Unhandled exceptions arrive here as InternalServerError; the
            # session is rolled back at teardown, so nothing half-written stays.
            500: _("Something went wrong on our side; nothing was saved. Please try again."),
        }.get(status, error.description or "")
        response = json_error(status, HTTP_CODES.get(status, "error"), message) if wants_json() else error_page(status, message)
        # What the exception says about itself: a 405's Allow, a 429's Retry-After.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
