from zoneinfo import ZoneInfo

from flask import jsonify

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, openapi_errors
from eventapp.blueprints.api.common import actor, json_body, page_arguments
from eventapp.domain import capacity as capacity_rules
from eventapp.domain import events as event_rules
from eventapp.domain.events import EventInput
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.vocabulary import ParticipantRole, values
from eventapp.extensions import db
from eventapp.models import Event
from eventapp.services import capacity
from eventapp.services import events as event_service


def event_json(event: Event, places: dict[str, int] | None = None) -> dict:
    """The event; ``places`` its caps when the caller read them already."""
    return {
        "id": event.id,
        "name": event.name,
        "venue": event.venue,
        "province": event.province,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "timezone": event.timezone,
        "registration_open": event.registration_open,
        "description": event.description,
        "name_en": event.name_en,
        "venue_en": event.venue_en,
        "description_en": event.description_en,
        "series_id": event.series_id,
        "capacity": capacity.places_by_role(db.session, event.id) if places is None else places,
        "registration_closes_at": closing_time_json(event),
    }


def closing_time_json(event: Event) -> str | None:
    """In the event's time zone, with its offset: the clock its organisers read."""
    closes_at = event.registration_closes_at
    return None if closes_at is None else closes_at.astimezone(ZoneInfo(event.timezone)).isoformat()


@bp.get("/events")
def list_events():
    page, per_page = page_arguments()
    events, total = event_service.list_events(db.session, actor(), page=page, per_page=per_page)
    caps = capacity.places_of_events(db.session, [event.id for event in events])
    return jsonify({"items": [event_json(event, caps[event.id]) for event in events], "total": total})


@bp.post("/events")
def create_event():
    body = json_body()
    data = EventInput(
        name=body.get("name"),
        venue=body.get("venue", ""),
        province=body.get("province"),
        starts_on=body.get("starts_on"),
        ends_on=body.get("ends_on"),
        timezone=body.get("timezone"),
        registration_open=body.get("registration_open", True),
        description=body.get("description", ""),
        name_en=body.get("name_en", ""),
        venue_en=body.get("venue_en", ""),
        description_en=body.get("description_en", ""),
        series_id=body.get("series_id"),
        capacity=body.get("capacity"),
        registration_closes_at=body.get("registration_closes_at"),
    )
    event = event_service.create_event(db.session, actor(), data)
    db.session.commit()
    return jsonify(event_json(event)), 201


@bp.get("/events/<int:event_id>")
def get_event(event_id: int):
    return jsonify(event_json(event_service.get_event(db.session, actor(), event_id)))


@bp.patch("/events/<int:event_id>")
def patch_event(event_id: int):
    event = event_service.change_event(db.session, actor(), event_id, json_body())
    db.session.commit()
    return jsonify(event_json(event))


ROLES = values(ParticipantRole)
_EVENT = {"$ref": "#/components/schemas/Event"}
# Shown on English pages, e-mails, badges and reports; empty: the Vietnamese is used.
_SERIES_ID = {
    "type": "integer",
    "minimum": 1,
    "maximum": LARGEST_INTEGER,
    "nullable": True,
    "description": "The series (GET /series) the event is an edition of; only someone who organises "
    "every event of the series may add one to it",
}
_ENGLISH_FIELDS = {
    "name_en": {"type": "string", "maxLength": event_rules.NAME_MAX},
    "venue_en": {"type": "string", "maxLength": event_rules.VENUE_MAX},
    "description_en": {"type": "string", "maxLength": event_rules.DESCRIPTION_MAX},
}
_CAPACITY = {
    "type": "object",
    "description": "Places per role; a role left out has no cap. Approved and pending registrations take places;"
    " beyond them registrations are waitlisted, and a place given back goes to the first one waiting.",
    "properties": {role: {"type": "integer", "minimum": 0, "maximum": capacity_rules.PLACES_MAX} for role in ROLES},
    "additionalProperties": False,
    "example": {"exhibitor": 150, "buyer": 20},
}
_CLOSES_AT = {
    "type": "string",
    "format": "date-time",
    "nullable": True,
    "description": "After it the public form refuses registrations; staff still add people. Without an offset:"
    " the event's time zone. Returned in the event's time zone.",
    "example": "2020-11-15T17:00:00+07:00",
}
_ADMISSION_FIELDS = {"capacity": _CAPACITY, "registration_closes_at": _CLOSES_AT}
OPENAPI_SCHEMAS = {
    "Event": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "venue": {"type": "string"},
            "province": {"type": "string", "nullable": True, "description": "Province code, e.g. soc-trang"},
            "starts_on": {"type": "string", "format": "date"},
            "ends_on": {"type": "string", "format": "date"},
            "timezone": {"type": "string", "example": "Asia/Ho_Chi_Minh"},
            "registration_open": {"type": "boolean"},
            "description": {"type": "string"},
            "name_en": {"type": "string", "description": "The name in English; empty: English pages use the Vietnamese"},
            "venue_en": {"type": "string"},
            "description_en": {"type": "string"},
            "series_id": {"type": "integer", "nullable": True},
            **_ADMISSION_FIELDS,
        },
    },
    "EventInput": {
        "type": "object",
        "required": ["name", "starts_on", "ends_on"],
        "properties": {
            "name": {"type": "string", "maxLength": event_rules.NAME_MAX},
            "venue": {"type": "string", "maxLength": event_rules.VENUE_MAX},
            "province": {"type": "string", "maxLength": event_rules.PROVINCE_TEXT_MAX},
            "starts_on": {"type": "string", "format": "date"},
            "ends_on": {"type": "string", "format": "date"},
            "timezone": {"type": "string", "default": "Asia/Ho_Chi_Minh", "maxLength": event_rules.TIMEZONE_MAX},
            "registration_open": {"type": "boolean", "default": True},
            "description": {"type": "string", "maxLength": event_rules.DESCRIPTION_MAX},
            **_ENGLISH_FIELDS,
            "series_id": _SERIES_ID,
            **_ADMISSION_FIELDS,
        },
    },
    "EventPatch": {
        "type": "object",
        "description": "Only the settings sent change; a capacity sent replaces the caps of every role.",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "maxLength": event_rules.NAME_MAX},
            "venue": {"type": "string", "maxLength": event_rules.VENUE_MAX},
            "province": {"type": "string", "nullable": True, "maxLength": event_rules.PROVINCE_TEXT_MAX},
            "starts_on": {"type": "string", "format": "date"},
            "ends_on": {"type": "string", "format": "date"},
            "timezone": {"type": "string", "maxLength": event_rules.TIMEZONE_MAX},
            "registration_open": {"type": "boolean"},
            "description": {"type": "string", "maxLength": event_rules.DESCRIPTION_MAX},
            **_ENGLISH_FIELDS,
            "series_id": _SERIES_ID,
            **_ADMISSION_FIELDS,
        },
    },
}
OPENAPI_PATHS = {
    "/events": {
        "get": {
            "summary": "List events",
            "parameters": [
                *PAGING,
            ],
            "responses": {
                "200": {
                    "description": "Events",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"items": {"type": "array", "items": _EVENT}, "total": {"type": "integer"}},
                            }
                        }
                    },
                },
                **openapi_errors(400, 401),
            },
        },
        "post": {
            "summary": "Create an event (administrators)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventInput"}}},
            },
            "responses": {
                "201": {"description": "Created", "content": {"application/json": {"schema": _EVENT}}},
                **openapi_errors(400, 401, 403, 422),
            },
        },
    },
    "/events/{event_id}": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "One event",
            "responses": {
                "200": {"description": "The event", "content": {"application/json": {"schema": _EVENT}}},
                **openapi_errors(401, 404),
            },
        },
        "patch": {
            "summary": "Change an event's settings (its organisers, administrators); only the keys sent change",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventPatch"}}},
            },
            "responses": {
                "200": {"description": "Changed", "content": {"application/json": {"schema": _EVENT}}},
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
}
