"""Per-IP limits on what a stranger can repeat: failed sign-ins, public
registrations (each sends an e-mail), meeting requests and requests for a
private link by e-mail (limited per address too: nobody floods one inbox by
changing their IP).

Flask-Limiter counts in ``RATELIMIT_STORAGE_URI`` (Redis in production, so
that every worker shares one count; memory, per worker, when unset). The
limits are attached here, in one place, to the views they guard. (The
per-address sign-in lockout is in the database: ``services/sign_in``.)
"""

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address


def _sign_in_failed(response: Response) -> bool:
    # A successful sign-in redirects; a refusal shows the form again.
    return response.status_code != 302


def _registered(response: Response) -> bool:
    return response.status_code == 302


def _always(response: Response) -> bool:
    return True


EXTENSION_KEY = "eventapp_limiter"

# endpoint: (setting with the limit, which responses count)
LIMITED_ENDPOINTS = {
    "auth.login": ("RATELIMIT_FAILED_SIGN_INS", _sign_in_failed),
    "public.register": ("RATELIMIT_REGISTRATIONS", _registered),
    "my_meetings.ask": ("RATELIMIT_MEETING_REQUESTS", _always),
    "self_service.send_link": ("RATELIMIT_LINK_REQUESTS", _always),
}

# endpoint: setting with the limit per e-mail address the form names
LIMITED_PER_ADDRESS = {"self_service.send_link": "RATELIMIT_LINK_REQUESTS_PER_ADDRESS"}


def _requested_address() -> str:
    """The address a form asks about, as an address compares (trimmed, lower
    case); every blank or odd value shares one count."""
    return "address:" + (request.form.get("email") or "").strip().lower()[:254]


# The door's scans are never limited per address: a venue's phones share its
# Wi-Fi's one address, and they carry a token anyway. Skipping the limiter's
# bookkeeping for them also spares the busiest path its cost.
UNLIMITED_ENDPOINTS = {"api.record_checkin"}


def limiter_of(app: Flask) -> Limiter:
    return app.extensions[EXTENSION_KEY]


def init_app(app: Flask) -> None:
    """After the blueprints: wrap each limited view. Each app has a limiter of
    its own, bound to its storage."""
    limiter = Limiter(key_func=get_remote_address, app=app)
    app.extensions[EXTENSION_KEY] = limiter
    limiter.request_filter(lambda: request.endpoint in UNLIMITED_ENDPOINTS)
    for endpoint, (setting, counts) in LIMITED_ENDPOINTS.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(
            lambda setting=setting: app.config[setting], methods=["POST"], deduct_when=counts
        )(view)
    for endpoint, setting in LIMITED_PER_ADDRESS.items():
        app.view_functions[endpoint] = limiter.limit(
            lambda setting=setting: app.config[setting], key_func=_requested_address, methods=["POST"]
        )(app.view_functions[endpoint])
