"""The forms of a participant's own meeting pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField

from eventapp.blueprints.formtools import options
from eventapp.blueprints.meeting_labels import PRIORITIES
from eventapp.domain.meetings import MESSAGE_MAX, SOURCING_MAX, RequestPriority


class SourcingForm(FlaskForm):
    sourcing = TextAreaField(_l("What we source"), render_kw={"rows": 3, "maxlength": SOURCING_MAX})
    submit = SubmitField(_l("Save"))


class MeetingRequestForm(FlaskForm):
    """One click from a participant's browse list."""

    to = StringField()
    priority = RadioField(
        _l("Priority"),
        validate_choice=False,
        default=str(RequestPriority.WOULD_LIKE),
        choices=options((str(p), PRIORITIES[p]) for p in RequestPriority.PARTICIPANT_CHOICES),
    )
    message = TextAreaField(_l("Short message (optional)"), render_kw={"rows": 2, "maxlength": MESSAGE_MAX})
    submit = SubmitField(_l("Ask for a meeting"))


class TableScanForm(FlaskForm):
    """The counterpart's badge code, read by the camera or typed at the table."""

    code = StringField(_l("Badge code"))
