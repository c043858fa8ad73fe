"""An organiser's page for one background job: a progress bar that
``static/js/job-progress.js`` keeps up to date from GET /api/v1/jobs/{id}
(the browser's session signs the API in), then what the job gave. The page
can be left and opened again at any time."""

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user, login_required

from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.services import jobs
from eventapp.services.access import require_event_role
from eventapp.services.agenda_jobs import AGENDAS_JOB
from eventapp.services.badge_jobs import BADGES_JOB
from eventapp.services.mou_jobs import SUMMARY_JOB
from eventapp.services.publishing import PUBLISH_JOB
from eventapp.services.scheduler_runs import RUN_JOB

bp = Blueprint("job_pages", __name__, url_prefix="/manage")

# Where the organiser goes back to from a job of each kind.
RETURN_VIEWS = {
    PUBLISH_JOB: "meetings.board",
    RUN_JOB: "meetings.board",
    BADGES_JOB: "checkin.badge_printing",
    AGENDAS_JOB: "meetings.board",
    SUMMARY_JOB: "mous.summary",
}


@bp.get("/events/<int:event_id>/jobs/<int:job_id>")
@login_required
def job_page(event_id: int, job_id: int):
    # The event's role first: an outsider learns nothing of which jobs exist.
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    job = jobs.get(db.session, current_user, job_id)
    if job.event_id != event_id:
        abort(404)
    back = url_for(RETURN_VIEWS.get(job.kind, "organiser.event_overview"), event_id=event_id)
    return render_template("jobs/job.html", job=job, event=event, back=back)
