"""Every participant's agenda in one PDF, as a job for a large event: the
printout the organisers hand out at the desk (``agendas.all_agendas_pdf``),
written to a file the job's result links to (see ``services/job_files``)."""

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.vocabulary import EventRole
from eventapp.models import Job, Meeting, MeetingSeat, User
from eventapp.services import agendas, badges, job_files, jobs
from eventapp.services.access import require_event_role

AGENDAS_JOB = "agendas.all"
LARGE_EVENT = 200
"""Agendas above which the board prepares the printout in the background:
one takes about 20 ms to lay out (200 in 4.5 s on the development machine,
2 cores), so 200 come in some 5 s, about as long as a person waits for a
download with no progress shown."""

job_files.DOWNLOAD_NAMES[AGENDAS_JOB] = lambda job: f"agendas-{job.event_id}.pdf"


def agenda_count(session: so.Session, event_id: int) -> int:
    """How many people have a meeting, so an agenda in the printout."""
    seated = sa.select(MeetingSeat.participant_id).join(Meeting).where(Meeting.event_id == event_id).distinct().subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(seated)) or 0


def large_printout(session: so.Session, actor: User | None, event_id: int) -> int | None:
    """How many agendas the printout holds when that is too many to wait for (organisers)."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    count = agenda_count(session, event_id)
    return count if count > LARGE_EVENT else None


def start_all_agendas(session: so.Session, actor: User | None, event_id: int, language: str | None) -> Job:
    """The printout of every agenda (organisers), as a job."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    language = badges.print_language(language)
    return jobs.start(session, actor, AGENDAS_JOB, event_id, lang=language, token=job_files.new_token())


@jobs.kind(AGENDAS_JOB)
def write_all_agendas(session: so.Session, job: Job) -> dict[str, Any]:
    """Lay out every agenda, as of now, into the job's file; the organiser's
    role is checked again, for the one who asked."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy types as Flask itself
    actor = jobs.starter(session, job)
    content = agendas.all_agendas_pdf(session, actor, job.event_id, job.arguments["lang"])
    return {
        "url": job_files.write(app, job, lambda output: output.write(content)),
        "agendas": agenda_count(session, job.event_id),
    }
