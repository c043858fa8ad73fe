"""Background jobs: how far one got, and what it gave."""

from flask import current_app, jsonify, send_file

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import openapi_errors
from eventapp.blueprints.api.common import actor
from eventapp.blueprints.checkin.responses import PDF_CACHE
from eventapp.extensions import db
from eventapp.models import Job
from eventapp.models.jobs import JOB_STATUSES
from eventapp.services import job_files, jobs


def job_json(job: Job) -> dict:
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@bp.get("/jobs/<int:job_id>")
def get_job(job_id: int):
    return jsonify(job_json(jobs.get(db.session, actor(), job_id)))


# What an endpoint that starts a job answers (202).
JOB_STARTED = {
    "type": "object",
    "required": ["job"],
    "properties": {"job": {"$ref": "#/components/schemas/Job"}},
}


@bp.get("/jobs/<int:job_id>/file")
def job_file(job_id: int):
    """The PDF a finished job wrote, for its event's organisers."""
    job = jobs.get(db.session, actor(), job_id)
    path, name = job_files.stored(current_app, job)
    response = send_file(path, mimetype="application/pdf", as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = PDF_CACHE
    return response


OPENAPI_SCHEMAS = {
    "Job": {
        "type": "object",
        "required": ["id", "kind", "status", "progress", "result", "error", "created_at", "finished_at"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string"},
            "status": {"type": "string", "enum": list(JOB_STATUSES)},
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "result": {"type": "object", "nullable": True, "description": "What the job gave, once finished."},
            "error": {"type": "string", "description": "Why it failed; empty otherwise."},
            "created_at": {"type": "string", "format": "date-time"},
            "finished_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    }
}
OPENAPI_PATHS = {
    "/jobs/{job_id}": {
        "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "get": {
            "summary": "A background job's status, progress and result (the event's organisers)",
            "responses": {
                "200": {
                    "description": "The job",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}},
                },
                **openapi_errors(401, 403, 404),
            },
        },
    },
    "/jobs/{job_id}/file": {
        "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "get": {
            "summary": "The PDF a finished job wrote (a batch of badges), for the event's organisers",
            "responses": {
                "200": {"description": "The PDF", "content": {"application/pdf": {}}},
                **openapi_errors(401, 403, 404),
            },
        },
    },
}
