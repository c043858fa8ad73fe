"""Badges and door check-in: badge PDFs, scans and the scan log. The door's
figures are in ``checkin_figures``, finding people in ``checkin_people``."""

from flask import jsonify, request

from eventapp import i18n
from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import PAGING, openapi_errors
from eventapp.blueprints.api.common import (
    actor,
    caller,
    event_roles_required,
    json_body,
    page_arguments,
    read_json,
    statements_that_commit_themselves,
)
from eventapp.blueprints.api.jobs import JOB_STARTED, job_json
from eventapp.blueprints.checkin.responses import pdf_response
from eventapp.domain.badge_pdf import SheetLayout
from eventapp.domain.badge_token import MAX_CODE_LENGTH, BadgeProblem
from eventapp.domain.errors import DomainError, MalformedInput, ValidationError
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.vocabulary import EventRole, values
from eventapp.errors import status_of
from eventapp.extensions import db
from eventapp.models.base import utcnow
from eventapp.services import badge_jobs, badges, checkin
from eventapp.services.checkin import DoorPerson, RecordedScan
from eventapp.services.participants import parse_filter


def iso_or_none(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def door_participant_json(person: DoorPerson) -> dict:
    return {
        "id": person.id,
        "full_name": person.full_name,
        "organisation": person.organisation,
        "role": person.role,
        "position": person.position,
        "province": person.province,
        "status": person.status,
    }


def scan_json(scan: RecordedScan) -> dict:
    return {
        "id": scan.id,
        "scan_id": scan.scan_id,
        "result": scan.result,
        "problem": scan.problem,
        "list_id": scan.list_id,
        "entry_day": scan.entry_day.isoformat(),
        "code": scan.code,
        "method": scan.method,
        "gate": scan.gate,
        "device": scan.device,
        "scanned_at": iso_or_none(scan.scanned_at),
        "received_at": iso_or_none(scan.received_at),
        "scanned_by": scan.scanned_by,
        "participant": door_participant_json(scan.participant) if scan.participant else None,
    }


@bp.get("/events/<int:event_id>/participants/<int:participant_id>/badge.pdf")
@event_roles_required(EventRole.ORGANISER, EventRole.CHECKIN)
def participant_badge(event_id: int, participant_id: int):
    layout = badges.parse_layout(request.args.get("layout"), SheetLayout.A6)
    participant, content = badges.one_badge(
        db.session, actor(), event_id, participant_id, language=request.args.get("lang"), layout=layout
    )
    return pdf_response(content, f"badge-{participant.id}.pdf", attachment=False)


@bp.post("/events/<int:event_id>/participants/<int:participant_id>/badge/reissue")
@event_roles_required(EventRole.ORGANISER)
def reissue_badge(event_id: int, participant_id: int):
    participant = badges.reissue(db.session, actor(), event_id, participant_id)
    db.session.commit()
    return jsonify({"id": participant.id, "badge_version": participant.badge_version})


@bp.get("/events/<int:event_id>/badges.pdf")
@event_roles_required(EventRole.ORGANISER)
def event_badges(event_id: int):
    criteria = parse_filter(request.args.to_dict())
    layout = badges.parse_layout(request.args.get("layout"), SheetLayout.A4_4UP)
    _count, content = badges.batch(db.session, actor(), event_id, criteria, language=request.args.get("lang"), layout=layout)
    return pdf_response(content, f"badges-event-{event_id}.pdf", attachment=True)


@bp.post("/events/<int:event_id>/badges/jobs")
@event_roles_required(EventRole.ORGANISER)
def start_badge_batch(event_id: int):
    options = json_body() if request.get_data(cache=True) else {}
    job = badge_jobs.start_batch(db.session, actor(), event_id, options)
    db.session.commit()
    return jsonify({"job": job_json(job)}), 202


def _refused(error: DomainError, status: int, participant: DoorPerson | None = None, scan: RecordedScan | None = None):
    """A scan that lets nobody in: ``result`` says so, as every check-in answer does."""
    body: dict = {
        "result": "invalid",
        "error": {
            "code": error.code,
            "message": i18n.render(error.message),
            "fields": {path: i18n.render(text) for path, text in error.fields.items()},
        },
    }
    if participant is not None:
        body["participant"] = door_participant_json(participant)
    if scan is not None:
        body["scan"] = scan_json(scan)
    response = jsonify(body)
    response.status_code = status
    return response


@bp.post("/events/<int:event_id>/checkins")
def record_checkin(event_id: int):
    # The door's busiest path: the scan is recorded by one statement, which
    # needs no transaction around it (see services.checkin).
    try:
        with statements_that_commit_themselves() as door:
            outcome = checkin.check_in_request(db.session, caller(), event_id, read_json(), received_at=utcnow(), door=door)
    except (MalformedInput, ValidationError) as error:
        return _refused(error, status_of(error))
    if outcome.problem is not None:
        response = _refused(outcome.problem, 422, outcome.participant, outcome.scan)
    else:
        response = jsonify(
            {
                "result": outcome.scan.result,
                "participant": door_participant_json(outcome.participant),
                "first_checked_in_at": iso_or_none(outcome.first_checked_in_at),
                "scan": scan_json(outcome.scan),
            }
        )
        response.status_code = 201 if outcome.scan.result == "checked_in" else 200
    return response


@bp.get("/events/<int:event_id>/checkins")
@event_roles_required(EventRole.CHECKIN)
def list_checkins(event_id: int):
    page, per_page = page_arguments()
    log = checkin.scan_log(db.session, actor(), event_id, page=page, per_page=per_page, result=request.args.get("result", ""))
    return jsonify(
        {
            "items": [scan_json(RecordedScan.of(scan)) for scan in log.items],
            "total": log.total,
            "page": log.page,
            "per_page": log.per_page,
        }
    )


_EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_PARTICIPANT_ID = {"name": "participant_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_LANG = {
    "name": "lang",
    "in": "query",
    "schema": {"type": "string", "enum": ["vi", "en"], "default": "vi"},
    "description": "Language of the badge's labels",
}


def _layout(default: str) -> dict:
    return {
        "name": "layout",
        "in": "query",
        "description": "a6: one badge per A6 page; a4-4up: four per A4 sheet with cut marks",
        "schema": {"type": "string", "enum": ["a6", "a4-4up"], "default": default},
    }


_PDF = {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
_REFUSED = {
    "description": "Refused: tampered, revoked, garbage or another event's code, a registration not "
    "approved, a role or a day the list does not admit, or a malformed request (an unknown list_id). "
    "Recorded in the scan log unless malformed.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinRefused"}}},
}
_ANSWER = {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinAnswer"}}}
OPENAPI_SCHEMAS = {
    "DoorParticipant": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "full_name": {"type": "string"},
            "organisation": {"type": "string", "description": "The organisation's name"},
            "role": {"type": "string"},
            "position": {"type": "string"},
            "province": {"type": "string", "description": "Province code of the organisation"},
            "status": {"type": "string"},
        },
    },
    "Scan": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "scan_id": {"type": "string", "format": "uuid", "nullable": True},
            "result": {"type": "string", "enum": ["checked_in", "already_checked_in", "invalid"]},
            "problem": {
                "type": "string",
                "nullable": True,
                "enum": [*values(BadgeProblem), None],
            },
            "list_id": {"type": "integer", "description": "The check-in list scanned at"},
            "entry_day": {
                "type": "string",
                "format": "date",
                "description": "The day on the event's clock when the badge was shown: an entry counts once per list and day",
            },
            "code": {"type": "string"},
            "method": {"type": "string", "enum": ["qr", "search"]},
            "gate": {"type": "string"},
            "device": {"type": "string"},
            "scanned_at": {"type": "string", "format": "date-time"},
            "received_at": {"type": "string", "format": "date-time"},
            "scanned_by": {"type": "string", "nullable": True, "description": "E-mail of the staff account"},
            "participant": {"allOf": [{"$ref": "#/components/schemas/DoorParticipant"}], "nullable": True},
        },
    },
    "CheckinInput": {
        "type": "object",
        "required": ["code"],
        "properties": {
            "code": {
                "type": "string",
                "maxLength": MAX_CODE_LENGTH,
                "description": "The text read from the QR; a longer one is refused as invalid",
            },
            "scan_id": {
                "type": "string",
                "format": "uuid",
                "description": "The client's id for this scan: sending it again returns the first answer and writes nothing",
            },
            "scanned_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the badge was scanned (offline uploads); with a time zone. A time "
                "after the server's clock is taken as the server's time.",
            },
            "gate": {"type": "string", "maxLength": 60},
            "device": {"type": "string", "maxLength": 60},
            "method": {
                "type": "string",
                "enum": ["qr", "search"],
                "default": "qr",
                "description": "search: checked in at the desk after a search by name",
            },
            "list_id": {
                "type": "integer",
                "minimum": 1,
                "maximum": LARGEST_INTEGER,
                "description": "The check-in list scanned at (GET .../checkin-lists); without it, the event's default "
                "list. A list of no list of the event is refused (422, fields.list_id) and not recorded.",
            },
        },
    },
    "CheckinAnswer": {
        "type": "object",
        "required": ["result", "participant"],
        "properties": {
            "result": {"type": "string", "enum": ["checked_in", "already_checked_in"]},
            "first_checked_in_at": {"type": "string", "format": "date-time"},
            "participant": {"$ref": "#/components/schemas/DoorParticipant"},
            "scan": {"$ref": "#/components/schemas/Scan"},
        },
    },
    "CheckinRefused": {
        "type": "object",
        "required": ["result", "error"],
        "properties": {
            "result": {"type": "string", "enum": ["invalid"]},
            "error": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "unreadable, forged, other_event, revoked, "
                        "unknown_participant, not_approved, erased; not_admitted (a role the list does not admit), "
                        "wrong_day (a day the list does not apply to); or malformed / invalid "
                        "for a request that could not be read",
                    },
                    "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
            "participant": {"$ref": "#/components/schemas/DoorParticipant"},
            "scan": {"$ref": "#/components/schemas/Scan"},
        },
    },
}
OPENAPI_PATHS = {
    "/events/{event_id}/participants/{participant_id}/badge.pdf": {
        "parameters": [_EVENT_ID, _PARTICIPANT_ID],
        "get": {
            "summary": "One participant's badge (organisers, check-in staff); approved participants only",
            "parameters": [_LANG, _layout("a6")],
            "responses": {"200": _PDF, **openapi_errors(401, 403, 404, 409, 422)},
        },
    },
    "/events/{event_id}/participants/{participant_id}/badge/reissue": {
        "parameters": [_EVENT_ID, _PARTICIPANT_ID],
        "post": {
            "summary": "Reissue a badge (organisers): every badge printed before stops working",
            "responses": {
                "200": {
                    "description": "The new badge version",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"id": {"type": "integer"}, "badge_version": {"type": "integer"}},
                            }
                        }
                    },
                },
                **openapi_errors(401, 403, 404),
            },
        },
    },
    "/events/{event_id}/badges/jobs": {
        "parameters": [_EVENT_ID],
        "post": {
            "summary": (
                "Badges of the approved participants the options select, written in the background (organisers): "
                "for a large batch; once finished the job's result is {url, badges}, the url downloads the PDF"
            ),
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "role": {"type": "string", "enum": ["delegate", "exhibitor", "buyer", "press", "speaker"]},
                                "status": {"type": "string", "enum": ["approved"]},
                                "province": {"type": "string"},
                                "layout": {"type": "string", "enum": ["a6", "a4-4up"]},
                                "lang": {"type": "string", "enum": ["vi", "en"]},
                            },
                        }
                    }
                },
            },
            "responses": {
                "202": {
                    "description": "The batch's job, queued",
                    "content": {"application/json": {"schema": JOB_STARTED}},
                },
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/badges.pdf": {
        "parameters": [_EVENT_ID],
        "get": {
            "summary": "Badges of every approved participant the filters select (organisers)",
            "parameters": [
                {
                    "name": "role",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["delegate", "exhibitor", "buyer", "press", "speaker"]},
                },
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["approved"]},
                    "description": "Only approved participants get badges; other statuses are refused (422)",
                },
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "province", "in": "query", "schema": {"type": "string"}},
                {"name": "product_group", "in": "query", "schema": {"type": "string"}},
                {"name": "stars", "in": "query", "schema": {"type": "integer", "enum": [3, 4, 5]}},
                _LANG,
                _layout("a4-4up"),
            ],
            "responses": {"200": _PDF, **openapi_errors(401, 403, 404, 422)},
        },
    },
    "/events/{event_id}/checkins": {
        "parameters": [_EVENT_ID],
        "post": {
            "summary": "Record a scan at the door (check-in staff, organisers)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckinInput"}}},
            },
            "responses": {
                "201": {
                    "description": "Checked in: the first entry of the person at the list that day (each entry, "
                    "on a list that allows re-entry)",
                    "content": _ANSWER,
                },
                "200": {
                    "description": "Already checked in at the list that day (first_checked_in_at says when), or "
                    "a repeated scan_id answered as the first time",
                    "content": _ANSWER,
                },
                "400": _REFUSED,
                "422": _REFUSED,
                **openapi_errors(401, 403, 404),
            },
        },
        "get": {
            "summary": "The scan log, newest first (check-in staff, organisers)",
            "parameters": [
                {
                    "name": "result",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["checked_in", "already_checked_in", "invalid"]},
                },
                *PAGING,
            ],
            "responses": {
                "200": {
                    "description": "A page of scans",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Scan"}},
                                    "total": {"type": "integer"},
                                    "page": {"type": "integer"},
                                    "per_page": {"type": "integer"},
                                },
                            }
                        }
                    },
                },
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
}
