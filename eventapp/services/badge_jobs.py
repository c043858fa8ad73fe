"""A large batch of badges as a job: the PDF is written to a file, page by
page (``domain.badge_pdf.write_badges``), while the organiser watches the
progress; the job's result links to it (see ``services/job_files``), for the
event's organisers, as the badges are.
"""

from typing import Any

import sqlalchemy.orm as so
from flask import current_app
from flask_babel import force_locale, gettext

from eventapp.domain.badge_pdf import SheetLayout, write_badges
from eventapp.domain.errors import MalformedInput, NotFound, Text
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, Job, User
from eventapp.services import badges, job_files, jobs
from eventapp.services.access import require_event_role
from eventapp.services.participants import ParticipantFilter, parse_filter

BADGES_JOB = "badges.batch"
LARGE_BATCH = 1000
"""Badges above which the badges page prepares the PDF in the background. A
badge takes about 3 ms to lay out with its QR code (300 in 0.95 s on the
development machine, 2 cores), a little more with reading the participants:
1,000 come in some 4 s, about as long as a person waits for a download with
no progress shown, and far within gunicorn's 30 s. The API's immediate PDF
stays for any size, as before."""
OPTIONS = ("role", "status", "province", "layout", "lang")


job_files.DOWNLOAD_NAMES[BADGES_JOB] = lambda job: f"badges-event-{job.event_id}.pdf"


def start_batch(session: so.Session, actor: User | None, event_id: int, options: dict[str, Any]) -> Job:
    """Badges of the approved participants the options select (organisers),
    as a job; the options are checked now, as the immediate PDF checks them."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    if any(value is not None and not isinstance(value, str) for value in options.values()):
        raise MalformedInput(Text("Each option is a text: %(options)s.", {"options": ", ".join(OPTIONS)}))
    texts = {name: options.get(name) or "" for name in OPTIONS}
    criteria = parse_filter({name: texts[name] for name in ("role", "status", "province")})
    layout = badges.parse_layout(texts["layout"], SheetLayout.A4_4UP)
    language = badges.print_language(texts["lang"])
    if not badges.batch_size(session, event_id, criteria):
        raise NotFound(badges.NOBODY_MATCHES)
    return jobs.start(
        session,
        actor,
        BADGES_JOB,
        event_id,
        role=criteria.role,
        province=criteria.province,
        layout=layout.value,
        lang=language,
        token=job_files.new_token(),
    )


@jobs.kind(BADGES_JOB)
def write_batch(session: so.Session, job: Job) -> dict[str, Any]:
    """Write the batch's PDF (again from the start if a worker died midway:
    the file only takes its name once complete)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy types as Flask itself
    options = job.arguments
    event = session.get_one(Event, job.event_id)
    criteria = ParticipantFilter(role=options["role"], province=options["province"])
    participants = list(session.scalars(badges.batch_query(job.event_id, criteria)))
    report = jobs.progress_writer(session.get_bind().engine, job.id, 0.5)
    language = options["lang"]

    def laid_out():
        for number, participant in enumerate(participants):
            yield badges.badge_of(participant, event, language)
            report(number / len(participants))

    def write(output) -> None:
        with force_locale(language):
            title = gettext("Badges: %(event)s", event=event.name_in(language))
            write_badges(laid_out(), badges.font_files(), output, SheetLayout(options["layout"]), title=title)

    return {"url": job_files.write(app, job, write), "badges": len(participants)}
