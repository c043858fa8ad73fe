"""JSON API v1, described by ``/api/v1/openapi.json``.

Clients authenticate with ``Authorization: Bearer <token>`` (``flask users
token``). Pages of this app may also call it with their session cookie, and
then must send the CSRF token in ``X-CSRFToken``.
"""

from flask import Blueprint

from eventapp.blueprints.api.common import setup

bp = Blueprint("api", __name__, url_prefix="/api/v1")
setup(bp)

from eventapp.blueprints.api import (  # noqa: E402,F401  (routes attach to bp)
    accounts,
    audit,
    catalogue,
    checkin,
    checkin_figures,
    checkin_lists,
    checkin_people,
    emails,
    events,
    jobs,
    meetings,
    mous,
    openapi,
    operations,
    participants,
    privacy,
    questions,
    reports,
    series,
)
