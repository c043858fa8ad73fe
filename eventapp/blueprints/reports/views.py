"""The post-event report on screen, for organisers and officials: its
headlines in the press release's words and the files to hand over."""

from flask import Blueprint, render_template
from flask_babel import gettext
from flask_login import current_user, login_required

from eventapp.domain.event_report import headlines
from eventapp.extensions import db
from eventapp.services import event_report
from eventapp.services.access import event_roles, get_event
from eventapp.web import current_language

bp = Blueprint("reports", __name__, url_prefix="/manage")


@bp.get("/events/<int:event_id>/report")
@login_required
def report(event_id: int):
    found = event_report.event_report(db.session, current_user, event_id, current_language())
    return render_template(
        "reports/report.html",
        event=get_event(db.session, event_id),
        report=found,
        headlines=headlines(found, gettext),
        roles_held=event_roles(db.session, current_user, event_id),
    )
