"""Staff accounts through the API: lifting a sign-in lockout."""

from flask import Response

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import openapi_errors
from eventapp.blueprints.api.common import actor
from eventapp.extensions import db
from eventapp.services import sign_in


@bp.delete("/login-lockouts/<email>")
def lift_login_lockout(email: str):
    sign_in.lift_lockout(db.session, actor(), email)
    db.session.commit()
    return Response(status=204)


OPENAPI_SCHEMAS: dict = {}
OPENAPI_PATHS = {
    "/login-lockouts/{email}": {
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 254}}],
        "delete": {
            "summary": "Unlock the sign-in of an e-mail address locked after 10 failed sign-ins "
            "(administrators; organisers for the staff of their events)",
            "responses": {"204": {"description": "Unlocked"}, **openapi_errors(401, 403, 404)},
        },
    }
}
