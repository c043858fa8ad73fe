from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields import FieldList, IntegerField

from eventapp.blueprints.formtools import options
from eventapp.blueprints.public.forms import ParticipantFields
from eventapp.domain.vocabulary import ParticipantRole, values


class ParticipantEditForm(ParticipantFields):
    booth = StringField(_l("Booth"), render_kw={"maxlength": 20})
    status = SelectField(_l("Status"), validate_choice=False)
    submit = SubmitField(_l("Save"))

    def setup(self, event_day, language: str, status_choices) -> None:
        self.setup_choices(event_day, language, values(ParticipantRole))
        self.status.choices = options(status_choices)


class DecisionForm(FlaskForm):
    """Approve or reject the ticked rows of the list (or one participant)."""

    participant_ids = FieldList(IntegerField(), min_entries=0)
    decision = SelectField(validate_choice=False,
                           choices=options([("approved", ""), ("rejected", ""), ("cancelled", "")]))
