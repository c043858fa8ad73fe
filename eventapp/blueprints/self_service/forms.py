from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SubmitField
from wtforms.validators import InputRequired

from eventapp.blueprints.public.forms import ParticipantFields


class OwnRegistrationForm(ParticipantFields):
    """The public form's fields, on the participant's own page."""

    submit = SubmitField(_l("Save my changes"))

    def setup(self, event_day: date, language: str, roles: tuple[str, ...]) -> None:
        self.setup_choices(event_day, language, roles)


class CancelForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, cancel my registration. I understand that my badge and my meetings will no longer be valid."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Cancel my registration"))


class LinkRequestForm(FlaskForm):
    # Checked by the service, which answers the same for every valid address.
    email = EmailField(_l("Your e-mail address"), render_kw={"maxlength": 254, "autocomplete": "email"})
    submit = SubmitField(_l("Send me my link"))
