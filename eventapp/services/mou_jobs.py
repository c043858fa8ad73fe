"""The MoU summary PDF of a large event as a job (``mou_reports.summary_pdf``),
written to a file the job's result links to (see ``services/job_files``).
Jobs are followed by the event's organisers, so officials keep the
immediate PDF whatever the size."""

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.vocabulary import EventRole
from eventapp.models import Job, Mou, User
from eventapp.services import job_files, jobs, mou_reports
from eventapp.services.access import event_roles, require_event_role

SUMMARY_JOB = "mous.summary"
LARGE_EVENT = 2000
"""MoUs above which the organisers' summary is prepared in the background:
the summary lists every MoU with its parties, about a line and a half each,
so 2,000 make a report of some 60 pages, several seconds to lay out; the
largest provincial conferences sign a few hundred."""

job_files.DOWNLOAD_NAMES[SUMMARY_JOB] = lambda job: f"mou-summary-event-{job.event_id}-{job.arguments['lang']}.pdf"


def mou_count(session: so.Session, event_id: int) -> int:
    return session.scalar(sa.select(sa.func.count(Mou.id)).where(Mou.event_id == event_id)) or 0


def large_summary(session: so.Session, actor: User | None, event_id: int) -> int | None:
    """How many MoUs the summary holds when an organiser should have it
    prepared in the background; None for a small event or an official."""
    if EventRole.ORGANISER not in event_roles(session, actor, event_id):
        return None
    count = mou_count(session, event_id)
    return count if count > LARGE_EVENT else None


def start_summary(session: so.Session, actor: User | None, event_id: int, language: str | None) -> Job:
    """The MoU summary (organisers), as a job."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    language = mou_reports.report_language(language)
    return jobs.start(session, actor, SUMMARY_JOB, event_id, lang=language, token=job_files.new_token())


@jobs.kind(SUMMARY_JOB)
def write_summary(session: so.Session, job: Job) -> dict[str, Any]:
    """The summary as of now into the job's file; the role is checked again,
    for the one who asked."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy types as Flask itself
    actor = jobs.starter(session, job)
    report = mou_reports.summary_pdf(session, actor, job.event_id, job.arguments["lang"])
    return {
        "url": job_files.write(app, job, lambda output: output.write(report.content)),
        "mous": mou_count(session, job.event_id),
    }
