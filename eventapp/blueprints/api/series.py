"""Series of events: the editions of one conference over the years, and
their headline figures side by side."""

from flask import jsonify

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import json_answer, list_of, openapi_errors
from eventapp.blueprints.api.common import actor, json_body
from eventapp.domain.event_report import facts_json, overview_figures
from eventapp.extensions import db
from eventapp.models import EventSeries
from eventapp.services import event_series
from eventapp.services.event_series import NAME_MAX


def series_json(series: EventSeries) -> dict:
    return {"id": series.id, "name": series.name, "name_en": series.name_en}


@bp.get("/series")
def list_series():
    found = event_series.visible_series(db.session, actor())
    return jsonify({"items": [series_json(series) for series in found], "total": len(found)})


@bp.post("/series")
def create_series():
    body = json_body()
    series = event_series.create_series(db.session, actor(), body.get("name"), body.get("name_en", ""))
    db.session.commit()
    return jsonify(series_json(series)), 201


@bp.get("/series/<int:series_id>")
def get_series(series_id: int):
    found = event_series.series_figures(db.session, actor(), series_id)
    return jsonify(
        {
            "id": found.id,
            "name": found.name,
            "editions": [
                {"event": facts_json(edition.event), "figures": overview_figures(edition.figures)} for edition in found.editions
            ],
        }
    )


_SERIES = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "name_en": {"type": "string"}},
}
_SERIES_ID = {"name": "series_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_READ = "organisers and officials of any of its events"
OPENAPI_SCHEMAS = {
    "EventSeries": _SERIES,
    "EventSeriesInput": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "maxLength": NAME_MAX, "example": "Hội nghị kết nối cung cầu tỉnh Sóc Trăng"},
            "name_en": {"type": "string", "maxLength": NAME_MAX},
        },
    },
    "EventSeriesFigures": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "editions": {
                "type": "array",
                "description": "Oldest first",
                "items": {
                    "type": "object",
                    "properties": {
                        "event": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "name": {"type": "string"},
                                "starts_on": {"type": "string", "format": "date"},
                                "ends_on": {"type": "string", "format": "date"},
                            },
                        },
                        "figures": {
                            "type": "object",
                            "description": "The report's headline figures (participants, provinces, products, "
                            "producers, host_products, host_producers, checked_in, meetings, mous, mou_value_vnd, ...)",
                            "additionalProperties": {"type": "integer"},
                        },
                    },
                },
            },
        },
    },
}
OPENAPI_PATHS = {
    "/series": {
        "get": {
            "summary": "The series the caller organises or reads an event of (administrators: every series)",
            "responses": {
                "200": json_answer("Series", list_of({"$ref": "#/components/schemas/EventSeries"})),
                **openapi_errors(401),
            },
        },
        "post": {
            "summary": "Start a series (administrators and organisers of an event)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventSeriesInput"}}},
            },
            "responses": {
                "201": json_answer("Created", {"$ref": "#/components/schemas/EventSeries"}),
                **openapi_errors(400, 401, 403, 422),
            },
        },
    },
    "/series/{series_id}": {
        "parameters": [_SERIES_ID],
        "get": {
            "summary": f"Each edition's headline figures, oldest first ({_READ})",
            "responses": {
                "200": json_answer("The figures", {"$ref": "#/components/schemas/EventSeriesFigures"}),
                **openapi_errors(401, 403, 404),
            },
        },
    },
}
