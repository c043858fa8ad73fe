"""What every page needs: the signed-in user, the language, labels and
formatting helpers for templates."""

import hmac
from urllib.parse import urlencode

from flask import Flask, Request, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter

from eventapp import i18n
from eventapp.domain import provinces
from eventapp.domain.fields import LARGEST_INTEGER, ascii_number
from eventapp.domain.timezones import zone_label
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db, login_manager
from eventapp.models import Event, User


def current_language() -> str:
    return str(get_locale() or "vi")


# The staff menu is named after what the account does, the widest role first:
# check-in staff and officials are not "the organisers".
STAFF_MENU_LABELS = {
    "admin": _l("Administration"),
    EventRole.ORGANISER.value: _l("Organisers"),
    EventRole.OFFICIAL.value: _l("Figures and reports"),
    EventRole.CHECKIN.value: _l("Check-in"),
}


def staff_menu_label() -> str:
    if not current_user.is_authenticated:
        return ""
    if current_user.is_admin:
        return str(STAFF_MENU_LABELS["admin"])
    held = {membership.role for membership in current_user.memberships}
    for role in (EventRole.ORGANISER, EventRole.OFFICIAL, EventRole.CHECKIN):
        if role in held:
            return str(STAFF_MENU_LABELS[role.value])
    return str(_l("Staff"))


def province_label(code: str | None) -> str:
    return provinces.province_name(code, current_language())


def event_timezone(event: Event) -> str:
    """The event's time zone as people say it, in the reader's language."""
    return zone_label(event.timezone, current_language(), event.starts_on)


def province_choices(event: Event) -> list[tuple[str, str]]:
    """The provinces in force on the event's date, named in the reader's language."""
    language = current_language()
    return [(province.code, province.name(language)) for province in provinces.provinces_on(event.starts_on)]


def url_with_lang(language: str) -> str:
    """This page's address with the language switched."""
    arguments = request.args.to_dict()
    arguments["lang"] = language
    return f"{request.path}?{urlencode(arguments)}"


# Scripts and styles come only from our own static files: a venue's network is
# not to be trusted, and participants' private links must not leak in Referer.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class DatabaseIntegerConverter(BaseConverter):
    """An ``<int:...>`` in a URL is ASCII digits that fit a database integer.

    Werkzeug's own converter reads any Unicode digit (``/participants/٣`` would
    open participant 3) and lets a number beyond its maximum fall through to
    other rules, which answer 405 for what is simply not there. Here a larger
    number is not found, on every route and for every method.
    """

    regex = r"[0-9]+"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_INTEGER:
            raise NotFound()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


API_PATH = "/api/"


class TokenRequestsHaveNoSession(SecureCookieSessionInterface):
    """An API request that carries a token is that token's, never the
    browser's (``api.common.identify_caller``): its cookie is neither
    verified nor written again, which the door's scans would otherwise pay
    for on every badge."""

    def open_session(self, app: Flask, request: Request):
        # The session opens before the URL is matched: the blueprint is not known yet.
        if request.path.startswith(API_PATH) and "Authorization" in request.headers:
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.session_interface = TokenRequestsHaveNoSession()
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        # "<id>:<session token>" (User.get_id): a cookie signed in before the
        # account's last sign-out, password change or disabling opens nothing.
        user_id, _, token = session_id.partition(":")
        number = ascii_number(user_id)
        user = db.session.get(User, number) if number else None
        if user is None or user.disabled or not hmac.compare_digest(user.session_token, token):
            return None
        return user

    @app.before_request
    def remember_language_switch() -> None:
        chosen = request.args.get("lang")
        if chosen in app.config["LANGUAGES"] and request.blueprint != "api":
            session[i18n.LANGUAGE_SESSION_KEY] = chosen

    # Once the public address is https, browsers never try plain http again.
    strict_transport = app.config["PUBLIC_BASE_URL"].startswith("https://")

    @app.after_request
    def add_security_headers(response):
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        if strict_transport:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
