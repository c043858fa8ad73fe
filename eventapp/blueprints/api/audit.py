"""An event's audit log: who changed what, when and from where."""

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, json_answer, list_of, openapi_errors
from eventapp.blueprints.api.common import actor, event_roles_required, page_arguments
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.models import AuditEntry
from eventapp.services import audit


def entry_json(entry: AuditEntry) -> dict:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor_email,
        "actor_participant_id": entry.actor_participant_id,
        "action": entry.action,
        "target": {"type": entry.target_type, "id": entry.target_id},
        "changes": entry.changes,
        "ip": entry.ip,
    }


@bp.get("/events/<int:event_id>/audit-log")
@event_roles_required(EventRole.ORGANISER)
def audit_log(event_id: int):
    page, per_page = page_arguments()
    where = audit.AuditFilter(
        action=request.args.get("action", ""),
        actor=request.args.get("actor", ""),
        target_type=request.args.get("target_type", ""),
    )
    entries, total = audit.entries(db.session, actor(), event_id, where, page=page, per_page=per_page)
    return jsonify({"items": [entry_json(entry) for entry in entries], "total": total})


OPENAPI_SCHEMAS = {
    "AuditEntry": {
        "type": "object",
        "required": ["at", "actor", "actor_participant_id", "action", "target", "changes", "ip"],
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "actor": {
                "type": "string",
                "description": "E-mail of the acting account; empty for the command line and for a participant.",
            },
            "actor_participant_id": {
                "type": "integer",
                "nullable": True,
                "description": "The participant who changed their own registration through their private link.",
            },
            "action": {"type": "string", "example": "participant.approved"},
            "target": {
                "type": "object",
                "required": ["type", "id"],
                "properties": {"type": {"type": "string"}, "id": {"type": "integer", "nullable": True}},
            },
            "changes": {"type": "object", "description": '{"field": [before, after]}, or what was created or deleted.'},
            "ip": {"type": "string", "nullable": True},
        },
    }
}
OPENAPI_PATHS = {
    "/events/{event_id}/audit-log": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "The event's audit log, newest first (organisers and administrators)",
            "parameters": [
                *PAGING,
                {"name": "action", "in": "query", "schema": {"type": "string"}, "description": "e.g. mou or mou.updated"},
                {"name": "actor", "in": "query", "schema": {"type": "string"}, "description": "The actor's e-mail"},
                {"name": "target_type", "in": "query", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": json_answer("Entries", list_of({"$ref": "#/components/schemas/AuditEntry"})),
                **openapi_errors(400, 401, 403, 404),
            },
        },
    }
}
