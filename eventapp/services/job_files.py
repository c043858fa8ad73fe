"""The files jobs write (PDFs too large to build while a browser waits).

Each lives under ``instance/jobs/``, named by a random token kept in the
job's arguments, never in the database itself; it downloads through GET
/api/v1/jobs/{id}/file, for the event's organisers. A file takes its name
only once complete, so a worker dying midway leaves no half of one.
"""

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from flask import Flask

from eventapp.domain.errors import NotFound, Text
from eventapp.models import Job
from eventapp.services.links import external_url

# What a job of each kind that writes a file names it when it downloads.
DOWNLOAD_NAMES: dict[str, Callable[[Job], str]] = {}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def folder(app: Flask) -> Path:
    return Path(app.instance_path) / "jobs"


def write(app: Flask, job: Job, writer: Callable[[BinaryIO], object]) -> str:
    """Have ``writer`` write the job's file; the address it downloads from."""
    token = job.arguments["token"]
    folder(app).mkdir(parents=True, exist_ok=True)
    partial = folder(app) / f"{token}.part"
    with partial.open("wb") as output:
        writer(output)
    partial.replace(folder(app) / f"{token}.pdf")
    return external_url("api.job_file", job_id=job.id)


def stored(app: Flask, job: Job) -> tuple[Path, str]:
    """A finished job's file and its download name; NotFound for a job
    without one, or once it is gone."""
    token = (job.arguments or {}).get("token")
    path = folder(app) / f"{token}.pdf"
    if job.kind not in DOWNLOAD_NAMES or job.status != "finished" or not token or not path.is_file():
        raise NotFound(Text("This job has no file to download."))
    return path, DOWNLOAD_NAMES[job.kind](job)
