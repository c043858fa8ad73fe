"""Operations: is the application up (liveness) and able to serve (readiness),
for load balancers, systemd and uptime checks. No token needed."""

from dataclasses import asdict

from flask import current_app, jsonify

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.common import public
from eventapp.extensions import db
from eventapp.services import readiness


@bp.get("/health")
@public
def health():
    """The process answers; says nothing of what it depends on."""
    return jsonify({"status": "ok"})


@bp.get("/ready")
@public
def ready():
    """Whether to send this instance traffic: 503 names the part that fails."""
    state = readiness.readiness(
        db.session,
        migrations_directory=current_app.extensions["migrate"].directory,
        redis_url=current_app.config["REDIS_URL"],
    )
    return jsonify(asdict(state)), 200 if state.ready else 503


_READY = {
    "type": "object",
    "required": ["database", "migrations", "queue"],
    "properties": {
        "database": {"type": "string", "enum": ["ok", "unreachable"]},
        "migrations": {
            "type": "string",
            "enum": ["ok", "behind", "unknown"],
            "description": "behind: run flask --app eventapp db upgrade",
        },
        "queue": {"type": "string", "enum": ["ok", "inline", "unreachable"], "description": "inline: no REDIS_URL set"},
    },
}
OPENAPI_SCHEMAS: dict = {}
OPENAPI_PATHS = {
    "/health": {
        "get": {
            "summary": "The application answers (no token needed)",
            "security": [],
            "responses": {
                "200": {
                    "description": "Up",
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}}
                        }
                    },
                }
            },
        }
    },
    "/ready": {
        "get": {
            "summary": "The database, its schema and the job queue are ready (no token needed)",
            "security": [],
            "responses": {
                "200": {"description": "Ready", "content": {"application/json": {"schema": _READY}}},
                "503": {
                    "description": "Not ready: the failing part says why",
                    "content": {"application/json": {"schema": _READY}},
                },
            },
        }
    },
}
