from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from eventapp.blueprints.formtools import options
from eventapp.blueprints.meeting_labels import ATTENDANCE, INTEREST, OBJECTIVES, PLACES, PRIORITIES
from eventapp.domain.meetings import MESSAGE_MAX, NOTE_MAX, SOURCING_MAX, RequestPriority
from eventapp.models import MeetingOutcome
from eventapp.models.meetings import MAX_TIME_LIMIT


class SettingsForm(FlaskForm):
    objective = RadioField(_l("What matters most"), validate_choice=False, choices=options(OBJECTIVES.items()))
    places = RadioField(_l("Where meetings happen"), validate_choice=False, choices=options(PLACES.items()))
    pool_tables = IntegerField(
        _l("Number of tables in the pool"), validators=[Optional()], render_kw={"min": 1, "max": 500, "inputmode": "numeric"}
    )
    include_pending = BooleanField(_l("Schedule requests the other side has not answered yet"))
    requests_open = BooleanField(_l("Participants may send meeting requests"))
    time_limit = IntegerField(
        _l("Time limit of a run (seconds)"),
        validators=[Optional()],
        render_kw={"min": 1, "max": MAX_TIME_LIMIT, "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Save settings"))


class SessionForm(FlaskForm):
    day = StringField(_l("Day"), render_kw={"type": "date"})
    starts = StringField(_l("Starts at"), render_kw={"type": "time"})
    ends = StringField(_l("Ends at"), render_kw={"type": "time"})
    slot_minutes = StringField(_l("Minutes per meeting"), default="20", render_kw={"inputmode": "numeric", "maxlength": 3})
    changeover_minutes = StringField(
        _l("Minutes between meetings"), default="0", render_kw={"inputmode": "numeric", "maxlength": 2}
    )
    breaks = StringField(_l("Breaks"), render_kw={"placeholder": "10:00-10:30", "maxlength": 200})
    online = BooleanField(_l("Online: each meeting gets its own video room"))
    submit = SubmitField(_l("Save session"))


class OnlineTablesForm(FlaskForm):
    numbers = StringField(
        _l("Online tables (numbers)"), render_kw={"placeholder": "3, 7", "maxlength": 2000, "inputmode": "numeric"}
    )
    submit = SubmitField(_l("Save online tables"))


class ProfileForm(FlaskForm):
    available_from = StringField(_l("Arrives at"), render_kw={"type": "datetime-local"})
    available_until = StringField(_l("Leaves at"), render_kw={"type": "datetime-local"})
    max_meetings = StringField(_l("At most this many meetings"), render_kw={"inputmode": "numeric", "maxlength": 3})
    sourcing = TextAreaField(_l("What they source (buyers)"), render_kw={"rows": 3, "maxlength": SOURCING_MAX})
    submit = SubmitField(_l("Save"))


class OrganiserRequestForm(FlaskForm):
    sender = SelectField(_l("Who asks"), validate_choice=False)
    recipient = SelectField(_l("Whom they ask to meet"), validate_choice=False)
    priority = SelectField(
        _l("Priority"),
        validate_choice=False,
        default=str(RequestPriority.WOULD_LIKE),
        choices=options((str(p), PRIORITIES[p]) for p in RequestPriority.ALL),
    )
    message = TextAreaField(_l("Short message (optional)"), render_kw={"rows": 2, "maxlength": MESSAGE_MAX})
    submit = SubmitField(_l("Add the request"))

    # The service names the two people as the API does.
    API_FIELDS = {"from": "sender", "to": "recipient"}

    def field_path(self, path: str) -> str:
        return self.API_FIELDS.get(path, path)


class OrganiserRequestByEmailForm(OrganiserRequestForm):
    """The same, at an event with too many people to list: named by e-mail."""

    sender = StringField(
        _l("Who asks (their e-mail address)"), render_kw={"type": "email", "autocomplete": "off", "maxlength": 254}
    )
    recipient = StringField(
        _l("Whom they ask to meet (their e-mail address)"), render_kw={"type": "email", "autocomplete": "off", "maxlength": 254}
    )


class OutcomeForm(FlaskForm):
    """Records a fact, so nothing is chosen in advance: one stray tap must not
    record a held meeting with follow-up interest."""

    attendance = RadioField(_l("The meeting"), validate_choice=False, choices=options(ATTENDANCE.items()))
    interest = RadioField(_l("Interest"), validate_choice=False, choices=options(INTEREST.items()))
    note = TextAreaField(_l("Note (optional)"), render_kw={"rows": 2, "maxlength": NOTE_MAX})
    submit = SubmitField(_l("Record the outcome"))

    @classmethod
    def for_outcome(cls, outcome: MeetingOutcome | None, prefix: str = "") -> "OutcomeForm":
        """Empty for a meeting without an outcome; what was recorded otherwise."""
        if outcome is None:
            return cls(prefix=prefix, data={"attendance": None, "interest": None, "note": ""})
        return cls(prefix=prefix, data={"attendance": outcome.attendance, "interest": outcome.interest, "note": outcome.note})
