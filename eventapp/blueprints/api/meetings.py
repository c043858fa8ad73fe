"""B2B matchmaking in API v1: meeting requests, running the scheduler, the meetings."""

from zoneinfo import ZoneInfo

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, json_answer, list_of, openapi_errors
from eventapp.blueprints.api.common import actor, json_body, page_arguments
from eventapp.blueprints.api.jobs import JOB_STARTED, job_json
from eventapp.domain.badge_token import MAX_CODE_LENGTH
from eventapp.domain.errors import MalformedInput, Text, ValidationError
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.meetings import MeetingStatus
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.models import Meeting, MeetingRequest, ScheduleRun
from eventapp.services import (
    access,
    agenda_jobs,
    meeting_attendance,
    meeting_edits,
    meeting_requests,
    online_meetings,
    publishing,
    scheduler_runs,
    standby,
)


def meeting_request_json(item: MeetingRequest) -> dict:
    return {
        "id": item.id,
        "event_id": item.event_id,
        "from": item.from_participant_id,
        "to": item.to_participant_id,
        "priority": item.priority,
        "message": item.message,
        "status": item.status,
        "created_at": item.created_at.isoformat(),
        "answered_at": item.answered_at.isoformat() if item.answered_at else None,
    }


def meeting_json(meeting: Meeting, *, with_room: bool = True) -> dict:
    """A meeting as the API gives it; ``with_room`` False leaves out its video
    room, which only its two sides and the organisers may have."""
    zone = ZoneInfo(meeting.event.timezone)
    outcome = meeting.outcome
    return {
        "id": meeting.id,
        "a": meeting.participant_a_id,
        "b": meeting.participant_b_id,
        "starts_at": meeting.slot.starts_at.astimezone(zone).isoformat(),
        "ends_at": meeting.slot.ends_at.astimezone(zone).isoformat(),
        "table": meeting.table.code if meeting.table is not None else None,
        "status": outcome.attendance if outcome is not None else MeetingStatus.SCHEDULED.value,
        "locked": meeting.locked,
        "slot_id": meeting.slot_id,
        "table_id": meeting.table_id,
        "interest": outcome.interest if outcome is not None else None,
        "mou_ids": [mou.id for mou in meeting.mous],
        "attendance": meeting.sides_seen.to_json(),
        "online_url": online_meetings.online_url(meeting) if with_room else None,
    }


def run_json(run: ScheduleRun | None) -> dict:
    if run is None:
        return {"id": None, "status": "none", "progress": 0.0, "stats": None}
    return {
        "id": run.id,
        "status": scheduler_runs.run_state(run),
        "progress": run.progress,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "time_limit": run.time_limit,
        "stats": run.stats,
        "unscheduled": len(run.unscheduled or []),
        "error": run.error or None,
    }


@bp.post("/events/<int:event_id>/meeting-requests")
def create_meeting_request(event_id: int):
    body = json_body()
    created = meeting_requests.request_meeting_for(
        db.session,
        actor(),
        event_id,
        meeting_requests.RequestInput(
            from_id=body.get("from"), to_id=body.get("to"), priority=body.get("priority", 1), message=body.get("message", "")
        ),
    )
    db.session.commit()
    return jsonify(meeting_request_json(created)), 201


@bp.get("/events/<int:event_id>/meeting-requests")
def list_meeting_requests(event_id: int):
    page, per_page = page_arguments()
    listing = meeting_requests.list_requests(
        db.session,
        actor(),
        event_id,
        status=request.args.get("status", ""),
        search=request.args.get("q", ""),
        page=page,
        per_page=per_page,
    )
    return jsonify(
        {
            "items": [meeting_request_json(item) for item in listing.items],
            "total": listing.total,
            "page": listing.page,
            "per_page": listing.per_page,
        }
    )


def _run_options() -> tuple[bool, object]:
    """``{"background": true}`` asks for a job; ``"time_limit"`` (seconds)
    replaces the event's for this run. Without a body the run answers when
    done, as it always has."""
    if not request.get_data(cache=True):
        return False, None
    body = json_body()
    background = body.get("background", False)
    if not isinstance(background, bool):
        raise ValidationError(Text("Please correct the highlighted fields."), {"background": Text("Must be true or false.")})
    return background, body.get("time_limit")


@bp.post("/events/<int:event_id>/schedule")
def run_schedule(event_id: int):
    background, time_limit = _run_options()
    if background:
        job = scheduler_runs.start_background_run(db.session, actor(), event_id, time_limit)
        db.session.commit()
        return jsonify({"job": job_json(job)}), 202
    result = scheduler_runs.run_schedule(db.session, actor(), event_id, time_limit=time_limit)
    db.session.commit()
    return jsonify(run_json(result))


@bp.post("/events/<int:event_id>/schedule/publish")
def publish_schedule(event_id: int):
    job = publishing.start_publishing(db.session, actor(), event_id)
    db.session.commit()
    return jsonify({"job": job_json(job)}), 202


@bp.post("/events/<int:event_id>/agendas/jobs")
def start_agenda_printout(event_id: int):
    language = json_body().get("lang") if request.get_data(cache=True) else None
    if language is not None and not isinstance(language, str):
        raise MalformedInput(Text("lang must be a text: vi or en."))
    job = agenda_jobs.start_all_agendas(db.session, actor(), event_id, language)
    db.session.commit()
    return jsonify({"job": job_json(job)}), 202


@bp.get("/events/<int:event_id>/schedule")
def schedule_progress(event_id: int):
    return jsonify(run_json(scheduler_runs.latest_run(db.session, actor(), event_id)))


@bp.get("/events/<int:event_id>/meetings")
def list_meetings(event_id: int):
    page, per_page = page_arguments()
    meetings, total = meeting_edits.list_meetings(db.session, actor(), event_id, page=page, per_page=per_page)
    return jsonify({"items": [meeting_json(m) for m in meetings], "total": total, "page": page, "per_page": per_page})


@bp.patch("/events/<int:event_id>/meetings/<int:meeting_id>")
def patch_meeting(event_id: int, meeting_id: int):
    body = json_body()
    caller = actor()
    if "slot_id" in body:
        slot_id, table_id = body.get("slot_id"), body.get("table_id")
        if (
            not isinstance(slot_id, int)
            or isinstance(slot_id, bool)
            or not (table_id is None or (isinstance(table_id, int) and not isinstance(table_id, bool)))
        ):
            raise MalformedInput(Text("slot_id and table_id must be whole numbers (table_id may be null)."))
        meeting = meeting_edits.move_meeting(db.session, caller, event_id, meeting_id, slot_id, table_id)
    else:
        meeting = meeting_edits.get_meeting(db.session, caller, event_id, meeting_id)
    if "locked" in body:
        if not isinstance(body["locked"], bool):
            raise MalformedInput(Text("locked must be true or false."))
        meeting = meeting_edits.set_locked(db.session, caller, event_id, meeting_id, body["locked"])
    db.session.commit()
    return jsonify(meeting_json(meeting))


@bp.post("/events/<int:event_id>/meetings/<int:meeting_id>/attendance")
def record_meeting_attendance(event_id: int, meeting_id: int):
    caller = actor()
    body = json_body()
    meeting = meeting_attendance.record_attendance(db.session, caller, event_id, meeting_id, body.get("code"))
    db.session.commit()
    # Check-in staff at a pool table confirm the meeting; its room is not theirs.
    organiser = EventRole.ORGANISER in access.event_roles(db.session, caller, event_id)
    return jsonify(meeting_json(meeting, with_room=organiser))


@bp.get("/events/<int:event_id>/standby")
def standby_pairs(event_id: int):
    pairs = standby.standby_pairs(db.session, actor(), event_id, request.args.get("slot"))
    return jsonify({"items": [pair.to_json() for pair in pairs]})


@bp.delete("/events/<int:event_id>/meetings/<int:meeting_id>")
def delete_meeting(event_id: int, meeting_id: int):
    meeting_edits.remove_meeting(db.session, actor(), event_id, meeting_id)
    db.session.commit()
    return "", 204


_MEETING_ID = {"name": "meeting_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_MEETING = {"$ref": "#/components/schemas/Meeting"}
_RUN = {"$ref": "#/components/schemas/ScheduleRun"}
_REQUEST = {"$ref": "#/components/schemas/MeetingRequest"}

OPENAPI_SCHEMAS = {
    "MeetingRequestInput": {
        "type": "object",
        "required": ["from", "to"],
        "properties": {
            "from": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER, "description": "The participant who asks"},
            "to": {
                "type": "integer",
                "minimum": 1,
                "maximum": LARGEST_INTEGER,
                "description": "The participant asked; a buyer and an exhibitor",
            },
            "priority": {
                "type": "integer",
                "enum": [1, 2, 3],
                "default": 1,
                "description": "1 would like, 2 must meet, 3 weighs like a mutual request",
            },
            "message": {"type": "string", "maxLength": 500},
        },
    },
    "MeetingRequest": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "event_id": {"type": "integer"},
            "from": {"type": "integer"},
            "to": {"type": "integer"},
            "priority": {"type": "integer"},
            "message": {"type": "string"},
            "status": {"type": "string", "enum": ["pending", "accepted", "declined", "withdrawn"]},
            "created_at": {"type": "string", "format": "date-time"},
            "answered_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
    "Meeting": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "a": {"type": "integer", "description": "Participant id"},
            "b": {"type": "integer", "description": "Participant id"},
            "starts_at": {"type": "string", "format": "date-time", "description": "In the event's time zone"},
            "ends_at": {"type": "string", "format": "date-time"},
            "table": {
                "type": "string",
                "nullable": True,
                "example": "T03",
                "description": "The table's code; null when meetings happen at the booths",
            },
            "status": {"type": "string", "enum": ["scheduled", "held", "no_show"]},
            "locked": {"type": "boolean", "description": "Kept as it is when the scheduler runs again"},
            "slot_id": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER},
            "table_id": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER, "nullable": True},
            "interest": {"type": "string", "enum": ["none", "follow_up", "deal"], "nullable": True},
            "mou_ids": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "The MoUs recorded as coming out of this meeting (GET /events/{event_id}/mous/"
                "{mou_id}), oldest signature first",
            },
            "online_url": {
                "type": "string",
                "nullable": True,
                "description": "The meeting's own video room when its session is online (organisers and the two sides only)",
            },
            "attendance": {
                "type": "object",
                "description": "Whether each side was recorded present at the table by a scan of their badge",
                "properties": {"a": {"type": "boolean"}, "b": {"type": "boolean"}},
            },
        },
    },
    "ScheduleRun": {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "nullable": True},
            "status": {"type": "string", "enum": ["none", "running", "done", "failed"]},
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "started_at": {"type": "string", "format": "date-time"},
            "finished_at": {"type": "string", "format": "date-time", "nullable": True},
            "time_limit": {"type": "integer"},
            "stats": {
                "type": "object",
                "nullable": True,
                "description": "meetings, requests, weight, starved, askers, idle_gaps, objective, elapsed, seed, ...",
            },
            "unscheduled": {"type": "integer", "description": "Requests left without a meeting"},
            "error": {"type": "string", "nullable": True},
        },
    },
}
OPENAPI_PATHS = {
    "/events/{event_id}/meeting-requests": {
        "parameters": [EVENT_ID],
        "post": {
            "summary": "Ask for a meeting on a participant's behalf (organisers); accepted at once",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MeetingRequestInput"}}},
            },
            "responses": {
                "201": {"description": "Created", "content": {"application/json": {"schema": _REQUEST}}},
                **openapi_errors(400, 401, 403, 404, 409, 422),
            },
        },
        "get": {
            "summary": "Meeting requests of the event (organisers)",
            "parameters": [
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["pending", "accepted", "declined", "withdrawn"]},
                },
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                *PAGING,
            ],
            "responses": {
                "200": json_answer("A page of requests", list_of(_REQUEST)),
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/schedule": {
        "parameters": [EVENT_ID],
        "post": {
            "summary": (
                "Run the scheduler (organisers); keeps locked meetings; returns when done, within the event's time limit "
                '(at most 25 s); with {"background": true} a job does it with the whole limit (up to 300 s)'
            ),
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "background": {"type": "boolean", "description": "Run as a job; answers 202"},
                                "time_limit": {
                                    "type": "integer",
                                    "minimum": 1,
                                    "maximum": 300,
                                    "description": "Seconds for this run instead of the event's (at most 25 without background)",
                                },
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "The finished run and its figures", "content": {"application/json": {"schema": _RUN}}},
                "202": json_answer("The run's job, queued (background); its result has the run's id and figures", JOB_STARTED),
                **openapi_errors(400, 401, 403, 404, 409, 422),
            },
        },
        "get": {
            "summary": "The latest run, with its progress while it runs",
            "responses": {
                "200": {"description": "The latest run", "content": {"application/json": {"schema": _RUN}}},
                **openapi_errors(401, 403, 404),
            },
        },
    },
    "/events/{event_id}/schedule/publish": {
        "parameters": [EVENT_ID],
        "post": {
            "summary": (
                "Publish the schedule in the background (organisers): one agenda e-mail per person with a meeting or "
                "a request; follow the job at /jobs/{job_id}, its result counts the agendas sent, queued and failed"
            ),
            "responses": {
                "202": json_answer("The publication's job, queued", JOB_STARTED),
                **openapi_errors(401, 403, 404, 409, 422),
            },
        },
    },
    "/events/{event_id}/agendas/jobs": {
        "parameters": [EVENT_ID],
        "post": {
            "summary": (
                "Every participant's agenda in one PDF, written in the background (organisers), for a large event; "
                "once finished the job's result is {url, agendas}, the url downloads the PDF"
            ),
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"lang": {"type": "string", "enum": ["vi", "en"]}}}
                    }
                },
            },
            "responses": {
                "202": json_answer("The printout's job, queued", JOB_STARTED),
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/meetings": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "The event's meetings in time order (organisers)",
            "parameters": PAGING,
            "responses": {
                "200": json_answer("A page of meetings", list_of(_MEETING)),
                **openapi_errors(400, 401, 403, 404),
            },
        },
    },
    "/events/{event_id}/meetings/{meeting_id}": {
        "parameters": [EVENT_ID, _MEETING_ID],
        "patch": {
            "summary": "Lock or unlock a meeting, or move it to a free cell (then it is locked)",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "locked": {"type": "boolean"},
                                "slot_id": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER},
                                "table_id": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER, "nullable": True},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "The meeting", "content": {"application/json": {"schema": _MEETING}}},
                **openapi_errors(400, 401, 403, 404, 409, 422),
            },
        },
        "delete": {
            "summary": "Remove a meeting (not one whose outcome is recorded)",
            "responses": {"204": {"description": "Removed"}, **openapi_errors(401, 403, 404, 409)},
        },
    },
    "/events/{event_id}/meetings/{meeting_id}/attendance": {
        "parameters": [EVENT_ID, _MEETING_ID],
        "post": {
            "summary": "Record a side present at the table by their badge (check-in staff, organisers); both seen: held",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["code"],
                            "properties": {
                                "code": {"type": "string", "maxLength": MAX_CODE_LENGTH, "description": "The scanned badge code"}
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "The meeting, with who was seen", "content": {"application/json": {"schema": _MEETING}}},
                **openapi_errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/events/{event_id}/standby": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "Pairs to offer a freed cell (organisers): accepted requests without a meeting whose two sides were"
            " let in that day and are free at the slot, with a table free; a starved participant's pair first, then the"
            " heaviest",
            "parameters": [
                {
                    "name": "slot",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "format": "date-time"},
                    "description": "The slot's start, with its offset",
                }
            ],
            "responses": {
                "200": json_answer(
                    "The standby pairs",
                    list_of(
                        {
                            "type": "object",
                            "properties": {
                                "request_id": {"type": "integer"},
                                "a": {"type": "integer"},
                                "b": {"type": "integer"},
                                "weight": {"type": "integer"},
                                "table": {"type": "string", "nullable": True},
                            },
                        },
                        total=False,
                    ),
                ),
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
}
