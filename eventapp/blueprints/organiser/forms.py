from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField

from eventapp.blueprints.formtools import options
from eventapp.blueprints.public.forms import ParticipantFields
from eventapp.domain import provinces
from eventapp.domain.events import EventInput
from eventapp.domain.fields import ascii_number
from eventapp.domain.vocabulary import ParticipantRole, values
from eventapp.models import EventSeries


class ParticipantEditForm(ParticipantFields):
    booth = StringField(_l("Booth"), render_kw={"maxlength": 20})
    status = SelectField(_l("Status"), validate_choice=False)
    submit = SubmitField(_l("Save"))

    def setup(self, event_day, language: str, status_choices) -> None:
        self.setup_choices(event_day, language, values(ParticipantRole))
        self.status.choices = options(status_choices)


class DecisionForm(FlaskForm):
    """Approve or reject the ticked rows of the list (or one participant)."""

    decision = SelectField(validate_choice=False, choices=options([("approved", ""), ("rejected", ""), ("cancelled", "")]))


class EventForm(FlaskForm):
    name = StringField(_l("Event name"), render_kw={"maxlength": 300})
    venue = StringField(_l("Venue"), render_kw={"maxlength": 300})
    province = SelectField(_l("Province / city"), validate_choice=False)
    starts_on = DateField(_l("First day"))
    ends_on = DateField(_l("Last day"))
    timezone = StringField(_l("Time zone"), default="Asia/Ho_Chi_Minh")
    registration_open = BooleanField(_l("Registration is open"), default=True)
    description = TextAreaField(_l("Description"), render_kw={"rows": 5})
    name_en = StringField(_l("Event name in English"), render_kw={"maxlength": 300, "lang": "en"})
    venue_en = StringField(_l("Venue in English"), render_kw={"maxlength": 300, "lang": "en"})
    description_en = TextAreaField(_l("Description in English"), render_kw={"rows": 5, "lang": "en"})
    series_id = SelectField(_l("Series"), validate_choice=False)
    submit = SubmitField(_l("Save"))

    def setup(self, day: date | None, language: str, series: Sequence[EventSeries]) -> None:
        on = day or date.today()
        self.province.choices = options(
            [("", _l("— choose —"))] + [(p.code, p.name(language)) for p in provinces.provinces_on(on)]
        )
        self.series_id.choices = options([("", _l("— none —"))] + [(str(s.id), s.name_in(language)) for s in series])

    def to_input(self) -> EventInput:
        return EventInput(
            name=self.name.data or "",
            venue=self.venue.data or "",
            province=self.province.data or None,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            timezone=self.timezone.data or "",
            registration_open=bool(self.registration_open.data),
            description=self.description.data or "",
            name_en=self.name_en.data or "",
            venue_en=self.venue_en.data or "",
            description_en=self.description_en.data or "",
            # A number the list did not offer still reaches the service, which says what is wrong.
            series_id=ascii_number(str(self.series_id.data or "")) or None,
        )
