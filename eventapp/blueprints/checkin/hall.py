"""Check-in staff in the B2B hall: the meetings of the slot running now, each
with a button to scan a side's badge at its table (through the meetings API)."""

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventapp.blueprints.checkin.texts import page_texts
from eventapp.blueprints.checkin.views import bp
from eventapp.domain.fields import ascii_number
from eventapp.extensions import db
from eventapp.services import meeting_attendance
from eventapp.services.access import event_roles

HALL_TEXTS = {
    "ready": _l("Ready to scan"),
    "choose": _l("Choose a meeting first: press “Scan” on its row."),
    "scanning_for": _l("Scanning for: %(meeting)s"),
    "recorded": _l("Recorded at the table: %(names)s"),
    "held": _l("Both sides are there: the meeting is held."),
    "refused": _l("Not recorded"),
    "server_trouble": _l("The server did not answer properly. Try again."),
    "offline": _l("No network: nothing was recorded. Try again when the phone is online."),
    "camera_unavailable": _l(
        "The camera cannot be opened here: allow it, and use the secure (https) address. "
        "Meanwhile type the code printed under the QR."
    ),
}


@bp.get("/manage/events/<int:event_id>/checkin/hall")
def hall(event_id: int):
    slot_text = request.args.get("slot", "")
    view = meeting_attendance.hall_slot(db.session, current_user, event_id, (ascii_number(slot_text) or 0) if slot_text else None)
    return render_template(
        "checkin/hall.html",
        event=view.event,
        view=view,
        page_data=page_texts(HALL_TEXTS),
        attendance_url=url_for("api.record_meeting_attendance", event_id=event_id, meeting_id=0),
        roles_held=event_roles(db.session, current_user, event_id),
    )
