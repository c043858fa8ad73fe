"""Finding people at the door: every valid badge for a phone that goes
offline, and a search by name for someone who forgot theirs."""

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import openapi_errors
from eventapp.blueprints.api.checkin import door_participant_json, iso_or_none
from eventapp.blueprints.api.common import actor, event_roles_required
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.fields import LARGEST_INTEGER, ascii_number
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.models.base import utcnow
from eventapp.services import checkin_people
from eventapp.services.checkin import DoorPerson


def _list_argument() -> int | None:
    """The check-in list a door works at (``list_id``); None: the default list."""
    text = request.args.get("list_id", "")
    if not text:
        return None
    list_id = ascii_number(text)
    if list_id is None:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"list_id": Text("This event has no check-in list with this id.")}
        )
    return list_id


def door_entry_json(entry: checkin_people.DoorEntry) -> dict:
    return {
        "code": entry.code,
        "checked_in_at": iso_or_none(entry.checked_in_at),
        "participant": door_participant_json(DoorPerson.of(entry.participant)),
    }


@bp.get("/events/<int:event_id>/checkins/roster")
@event_roles_required(EventRole.CHECKIN)
def checkin_roster(event_id: int):
    entries = checkin_people.roster(db.session, actor(), event_id, _list_argument())
    return jsonify(
        {
            "generated_at": utcnow().isoformat(),
            "items": [{**door_entry_json(entry), "search_text": entry.participant.search_text} for entry in entries],
        }
    )


@bp.get("/events/<int:event_id>/checkins/people")
@event_roles_required(EventRole.CHECKIN)
def find_people(event_id: int):
    entries = checkin_people.find_people(db.session, actor(), event_id, request.args.get("q", ""), _list_argument())
    return jsonify({"items": [door_entry_json(entry) for entry in entries]})


_EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_DOOR_ENTRY = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "nullable": True, "description": "What the badge's QR holds (approved only)"},
        "checked_in_at": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "Their entry at the check-in list today (the event's clock)",
        },
        "participant": {"$ref": "#/components/schemas/DoorParticipant"},
    },
}

_LIST_ARGUMENT = {
    "name": "list_id",
    "in": "query",
    "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER},
    "description": "The check-in list whose entries today are given; without it, the default list",
}
OPENAPI_SCHEMAS = {"DoorEntry": _DOOR_ENTRY}
OPENAPI_PATHS = {
    "/events/{event_id}/checkins/roster": {
        "parameters": [_EVENT_ID],
        "get": {
            "summary": "Every valid badge code, for scanners to verify badges while offline",
            "parameters": [_LIST_ARGUMENT],
            "responses": {
                "200": {
                    "description": "Codes of approved participants",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "generated_at": {"type": "string", "format": "date-time"},
                                    "items": {
                                        "type": "array",
                                        "items": {
                                            "allOf": [
                                                {"$ref": "#/components/schemas/DoorEntry"},
                                                {"type": "object", "properties": {"search_text": {"type": "string"}}},
                                            ]
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/checkins/people": {
        "parameters": [_EVENT_ID],
        "get": {
            "summary": "Find people by name, phone, e-mail or organisation, tone marks optional (the desk)",
            "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}, _LIST_ARGUMENT],
            "responses": {
                "200": {
                    "description": "Up to 20 people, any status",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/DoorEntry"}}},
                            }
                        }
                    },
                },
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
}
