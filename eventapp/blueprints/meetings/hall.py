"""The board on the day of the meetings: a standby pair placed in a freed cell
with one click, taken back as easily."""

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.blueprints.formtools import commit_or_explain, offer_undo
from eventapp.blueprints.meetings.views import bp
from eventapp.domain.fields import ascii_number
from eventapp.extensions import db
from eventapp.models import Meeting
from eventapp.services import standby


@bp.post("/manage/events/<int:event_id>/matchmaking/board/standby")
def place_standby(event_id: int):
    request_id = ascii_number(request.form.get("request_id", "")) or 0
    slot_id = ascii_number(request.form.get("slot_id", "")) or 0
    # Empty at the booths; a table that is no number is no table of this event.
    table_text = request.form.get("table_id", "")
    table_id = (ascii_number(table_text) or 0) if table_text else None

    def placed(meeting: Meeting) -> str:
        offer_undo(url_for("meetings.remove", event_id=event_id, meeting_id=meeting.id), _("Undo: take this meeting off again"))
        return _(
            "Meeting placed: %(first)s and %(second)s are e-mailed where and when to go.",
            first=meeting.participant_a.full_name,
            second=meeting.participant_b.full_name,
        )

    commit_or_explain(
        lambda: standby.place_standby(db.session, current_user, event_id, request_id, slot_id, table_id),
        placed,
    )
    return redirect(url_for("meetings.board", event_id=event_id, standby=slot_id or None) + "#standby")
