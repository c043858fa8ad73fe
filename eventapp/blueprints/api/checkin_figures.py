"""The door's figures: checked in against registered, by role and province,
arrivals over time, and the few counters the scanning phones poll."""

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import openapi_errors
from eventapp.blueprints.api.checkin import iso_or_none
from eventapp.blueprints.api.common import actor, event_roles_required
from eventapp.domain import provinces
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.services import checkin_stats as door_figures
from eventapp.web import current_language


@bp.get("/events/<int:event_id>/checkins/stats")
@event_roles_required(*EventRole)
def checkin_stats(event_id: int):
    figures = door_figures.stats(db.session, actor(), event_id, request.args)
    language = current_language()

    def tally(counted) -> dict:
        return {"checked_in": counted.checked_in, "total": counted.total}

    return jsonify(
        {
            "checked_in": figures.checked_in,
            "total": figures.total,
            "by_role": {role: tally(counted) for role, counted in figures.by_role.items()},
            "by_province": {
                province: {**tally(counted), "name": provinces.province_name(province, language)}
                for province, counted in figures.by_province.items()
            },
            "arrivals": [
                {"at": bucket.starts_at.isoformat(), "arrivals": bucket.arrivals, "cumulative": bucket.cumulative}
                for bucket in figures.arrivals
            ],
            "outside_event_days": figures.outside_event_days,
            "invalid_scans": figures.invalid_scans,
            "last_scan_at": iso_or_none(figures.last_scan_at),
            "days": [{"day": day.day.isoformat(), "checked_in": day.checked_in} for day in figures.days],
            "lists": [
                {
                    "id": figures_of.checkin_list.id,
                    "name": figures_of.checkin_list.name_in(language),
                    "zone": figures_of.checkin_list.zone,
                    "checked_in": figures_of.checked_in,
                    "by_day": {day.isoformat(): count for day, count in figures_of.by_day.items()},
                }
                for figures_of in figures.lists
            ],
        }
    )


@bp.get("/events/<int:event_id>/checkins/counts")
@event_roles_required(*EventRole)
def checkin_counts(event_id: int):
    """What the scanning phones show and poll: a few numbers, whatever the event's size."""
    figures = door_figures.counts(db.session, actor(), event_id, request.args)
    return jsonify(
        {
            "checked_in": figures.checked_in,
            "total": figures.total,
            "invalid_scans": figures.invalid_scans,
            "last_scan_at": iso_or_none(figures.last_scan_at),
        }
    )


_EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_SELECTION = [
    {
        "name": "day",
        "in": "query",
        "schema": {"type": "string", "format": "date"},
        "description": "One day of the event (YYYY-MM-DD, its clock): the entries of that day; without it, any day",
    },
    {
        "name": "list_id",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER},
        "description": "One check-in list: its entries; without it, any list",
    },
]
_TALLY = {"type": "object", "properties": {"checked_in": {"type": "integer"}, "total": {"type": "integer"}}}
OPENAPI_SCHEMAS = {
    "CheckinStats": {
        "type": "object",
        "properties": {
            "checked_in": {"type": "integer"},
            "total": {"type": "integer", "description": "Approved participants"},
            "by_role": {"type": "object", "additionalProperties": _TALLY},
            "by_province": {
                "type": "object",
                "additionalProperties": {"allOf": [_TALLY, {"type": "object", "properties": {"name": {"type": "string"}}}]},
            },
            "arrivals": {
                "type": "array",
                "description": "First entries per quarter hour of the event's days, in its time zone",
                "items": {
                    "type": "object",
                    "properties": {
                        "at": {"type": "string", "format": "date-time"},
                        "arrivals": {"type": "integer"},
                        "cumulative": {"type": "integer"},
                    },
                },
            },
            "outside_event_days": {
                "type": "integer",
                "description": "Entries scanned before or after the event's days (in its time zone), not in arrivals",
            },
            "invalid_scans": {"type": "integer"},
            "last_scan_at": {
                "type": "string",
                "format": "date-time",
                "nullable": True,
                "description": "The latest scan received at the event, at any list",
            },
            "days": {
                "type": "array",
                "description": "Each day of the event: people who came in, at any list",
                "items": {
                    "type": "object",
                    "properties": {"day": {"type": "string", "format": "date"}, "checked_in": {"type": "integer"}},
                },
            },
            "lists": {
                "type": "array",
                "description": "Each check-in list, the default first: people who came in, any day and per day",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string", "description": "In the language asked for"},
                        "zone": {"type": "string"},
                        "checked_in": {"type": "integer"},
                        "by_day": {"type": "object", "additionalProperties": {"type": "integer"}},
                    },
                },
            },
        },
    },
    "CheckinCounts": {
        "type": "object",
        "properties": {
            "checked_in": {"type": "integer"},
            "total": {"type": "integer", "description": "Approved participants"},
            "invalid_scans": {"type": "integer"},
            "last_scan_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
}
OPENAPI_PATHS = {
    "/events/{event_id}/checkins/stats": {
        "parameters": [_EVENT_ID],
        "get": {
            "summary": "Checked in against registered (approved), by role and province, arrivals over time "
            "(all staff of the event); for one day, one check-in list, or both",
            "parameters": _SELECTION,
            "responses": {
                "200": {
                    "description": "Figures",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinStats"}}},
                },
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/checkins/counts": {
        "parameters": [_EVENT_ID],
        "get": {
            "summary": "Checked in against registered and refused scans: the few numbers scanning phones poll "
            "(all staff of the event); for one day, one check-in list, or both",
            "parameters": _SELECTION,
            "responses": {
                "200": {
                    "description": "Counters",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinCounts"}}},
                },
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
}
