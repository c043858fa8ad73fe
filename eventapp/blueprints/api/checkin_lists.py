"""Check-in lists: where and on which days badges let whom in."""

from flask import jsonify

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import openapi_errors
from eventapp.blueprints.api.common import actor, event_roles_required, json_body
from eventapp.domain.checkin_lists import LIST_NAME_MAX, ZONE_MAX, Zone
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.vocabulary import EventRole, ParticipantRole, values
from eventapp.extensions import db
from eventapp.models import CheckinList
from eventapp.services import checkin_lists


def checkin_list_json(checkin_list: CheckinList) -> dict:
    return {
        "id": checkin_list.id,
        "name": checkin_list.name,
        "name_en": checkin_list.name_en,
        "zone": checkin_list.zone,
        "days": [day.isoformat() for day in checkin_list.days],
        "roles": checkin_list.roles,
        "allow_reentry": checkin_list.allow_reentry,
        "is_default": checkin_list.is_default,
    }


@bp.get("/events/<int:event_id>/checkin-lists")
@event_roles_required(EventRole.CHECKIN)
def list_checkin_lists(event_id: int):
    return jsonify({"items": [checkin_list_json(found) for found in checkin_lists.lists_of(db.session, actor(), event_id)]})


@bp.post("/events/<int:event_id>/checkin-lists")
@event_roles_required(EventRole.ORGANISER)
def create_checkin_list(event_id: int):
    created = checkin_lists.create_list(db.session, actor(), event_id, json_body())
    db.session.commit()
    return jsonify(checkin_list_json(created)), 201


@bp.get("/events/<int:event_id>/checkin-lists/<int:list_id>")
@event_roles_required(EventRole.ORGANISER)
def get_checkin_list(event_id: int, list_id: int):
    return jsonify(checkin_list_json(checkin_lists.one_list(db.session, actor(), event_id, list_id)))


@bp.patch("/events/<int:event_id>/checkin-lists/<int:list_id>")
@event_roles_required(EventRole.ORGANISER)
def patch_checkin_list(event_id: int, list_id: int):
    updated = checkin_lists.update_list(db.session, actor(), event_id, list_id, json_body())
    db.session.commit()
    return jsonify(checkin_list_json(updated))


_EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_LIST_ID = {"name": "list_id", "in": "path", "required": True, "schema": {"type": "integer", "maximum": LARGEST_INTEGER}}
_LIST = {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinList"}}}
_FIELDS = {
    "name": {"type": "string", "maxLength": LIST_NAME_MAX, "description": "In Vietnamese, unique at the event"},
    "name_en": {"type": "string", "maxLength": LIST_NAME_MAX},
    "zone": {
        "type": "string",
        "maxLength": ZONE_MAX,
        "default": Zone.MAIN.value,
        "description": f"One of {', '.join(values(Zone))}, or free text",
    },
    "days": {
        "type": "array",
        "items": {"type": "string", "format": "date"},
        "description": "Days of the event the list applies to, on its clock; empty: every day",
    },
    "roles": {
        "type": "array",
        "items": {"type": "string", "enum": list(values(ParticipantRole))},
        "description": "Roles admitted; empty: every role",
    },
    "allow_reentry": {
        "type": "boolean",
        "default": False,
        "description": "Whether a second entry the same day answers checked_in again",
    },
}
OPENAPI_SCHEMAS = {
    "CheckinListInput": {"type": "object", "required": ["name"], "properties": _FIELDS},
    "CheckinList": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            **_FIELDS,
            "is_default": {"type": "boolean", "description": "Scans that name no list are made at the default list"},
        },
    },
}
OPENAPI_PATHS = {
    "/events/{event_id}/checkin-lists": {
        "parameters": [_EVENT_ID],
        "get": {
            "summary": "The event's check-in lists, the default first (organisers, check-in staff)",
            "responses": {
                "200": {
                    "description": "Lists",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/CheckinList"}}},
                            }
                        }
                    },
                },
                **openapi_errors(401, 403, 404),
            },
        },
        "post": {
            "summary": "Create a check-in list (organisers); audited",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinListInput"}}},
            },
            "responses": {"201": {"description": "Created", "content": _LIST}, **openapi_errors(400, 401, 403, 404, 422)},
        },
    },
    "/events/{event_id}/checkin-lists/{list_id}": {
        "parameters": [_EVENT_ID, _LIST_ID],
        "get": {
            "summary": "One check-in list (organisers)",
            "responses": {"200": {"description": "The list", "content": _LIST}, **openapi_errors(401, 403, 404, 422)},
        },
        "patch": {
            "summary": "Change a check-in list (organisers): the fields sent; audited",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinListInput"}}},
            },
            "responses": {"200": {"description": "Changed", "content": _LIST}, **openapi_errors(400, 401, 403, 404, 422)},
        },
    },
}
