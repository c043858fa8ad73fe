"""The post-event report of an event (báo cáo tổng kết): its figures as JSON,
and the PDF and workbook officials hand over."""

from flask import Response, jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, openapi_errors
from eventapp.blueprints.api.common import actor
from eventapp.domain.event_report import report_json
from eventapp.extensions import db
from eventapp.services import event_report, event_report_files
from eventapp.services.mou_reports import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/events/<int:event_id>/report")
def get_event_report(event_id: int):
    return jsonify(report_json(event_report.event_report(db.session, actor(), event_id)))


def _download(report: Report, mimetype: str) -> Response:
    response = Response(report.content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{report.filename}"'
    return response


@bp.get("/events/<int:event_id>/report.pdf")
def get_event_report_pdf(event_id: int):
    report = event_report_files.report_pdf(db.session, actor(), event_id, request.args.get("lang"))
    return _download(report, "application/pdf")


@bp.get("/events/<int:event_id>/report.xlsx")
def get_event_report_xlsx(event_id: int):
    report = event_report_files.report_xlsx(db.session, actor(), event_id, request.args.get("lang"))
    return _download(report, XLSX)


_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
_PRODUCTS = {
    "type": "object",
    "required": ["total", "by_stars", "by_group", "producers"],
    "properties": {
        "total": {"type": "integer"},
        "by_stars": {**_COUNTS, "example": {"3": 75, "4": 24, "5": 0}},
        "by_group": _COUNTS,
        "producers": {"type": "integer", "description": "Organisations with at least one product"},
    },
}
_FIGURES = {
    "participants": {
        "type": "object",
        "required": ["total", "by_role", "by_status"],
        "properties": {
            "total": {"type": "integer", "description": "Approved participants"},
            "by_role": {**_COUNTS, "description": "Approved participants by role"},
            "by_status": {**_COUNTS, "description": "Every registration by status"},
        },
    },
    "organisations": {
        "type": "object",
        "required": ["total", "by_kind"],
        "properties": {"total": {"type": "integer"}, "by_kind": _COUNTS},
    },
    "provinces": {
        "type": "object",
        "required": ["total", "by_province"],
        "properties": {
            "total": {"type": "integer"},
            "by_province": {**_COUNTS, "description": "Province code to the approved participants whose organisation is there"},
        },
    },
    "products": {
        **_PRODUCTS,
        "properties": {
            **_PRODUCTS["properties"],
            "host_province": {**_PRODUCTS, "description": "The same figures for the organisations of the event's province"},
        },
    },
    "attendance": {
        "type": "object",
        "required": ["checked_in", "by_day", "by_role"],
        "properties": {
            "checked_in": {"type": "integer"},
            "by_day": {**_COUNTS, "description": "Day (YYYY-MM-DD, the event's time zone) to the people who arrived that day"},
            "by_role": _COUNTS,
        },
    },
    "meetings": {
        "type": "object",
        "required": ["requested", "accepted", "scheduled", "held", "no_show", "follow_up", "deals"],
        "properties": {
            name: {"type": "integer"} for name in ("requested", "accepted", "scheduled", "held", "no_show", "follow_up", "deals")
        },
    },
    "mous": {"$ref": "#/components/schemas/MouSummary"},
}
_EVENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "starts_on": {"type": "string", "format": "date"},
        "ends_on": {"type": "string", "format": "date"},
    },
}
OPENAPI_SCHEMAS = {
    "EventReport": {
        "type": "object",
        "required": [*_FIGURES, "event", "previous"],
        "properties": {
            **_FIGURES,
            "event": _EVENT,
            "previous": {
                "type": "object",
                "nullable": True,
                "description": "The previous event of the same series, with the same figures; null outside a series",
                "properties": {"event": _EVENT, **_FIGURES},
            },
        },
    }
}
_LANG = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["vi", "en"]}, "description": "vi by default"}
_READ = "organisers and officials of the event"
OPENAPI_PATHS = {
    "/events/{event_id}/report": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": f"The post-event report's figures ({_READ})",
            "description": "Participants, organisations, provinces and products count approved registrations only.",
            "responses": {
                "200": {
                    "description": "The figures",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventReport"}}},
                },
                **openapi_errors(401, 403, 404),
            },
        },
    },
    "/events/{event_id}/report.pdf": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": f"The post-event report as an A4 PDF ({_READ})",
            "parameters": [_LANG],
            "responses": {
                "200": {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/report.xlsx": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": f"The post-event report as a workbook, a sheet per part ({_READ})",
            "parameters": [_LANG],
            "responses": {
                "200": {"description": "XLSX", "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}},
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
}
