from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Form, FormField, SelectField, StringField, SubmitField, TextAreaField

from eventapp.blueprints.formtools import options
from eventapp.blueprints.public.forms import ParticipantFields
from eventapp.domain import provinces
from eventapp.domain.events import EventInput
from eventapp.domain.fields import ascii_number
from eventapp.domain.vocabulary import ParticipantRole, values
from eventapp.models import EventSeries

PLACES_INPUT = {"inputmode": "numeric", "maxlength": 6, "autocomplete": "off"}


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


class CapacityForm(Form):
    """Places per role, each empty for no cap; named like the API's ``capacity.<role>``."""

    delegate = StringField(_l("Delegates"), render_kw=PLACES_INPUT)
    exhibitor = StringField(_l("Exhibitors"), render_kw=PLACES_INPUT)
    buyer = StringField(_l("Buyers"), render_kw=PLACES_INPUT)
    press = StringField(_l("Press"), render_kw=PLACES_INPUT)
    speaker = StringField(_l("Speakers"), render_kw=PLACES_INPUT)

    def places(self) -> dict[str, object]:
        return {field.short_name: field.data.strip() for field in self if field.data and field.data.strip()}


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
    registration_closes_at = StringField(_l("Registration closes at"), render_kw={"type": "datetime-local"})
    capacity = FormField(CapacityForm)
    submit = SubmitField(_l("Save"))

    def show_admission(self, places: dict[str, int], closes_at: datetime | None, timezone: str) -> None:
        """The stored caps and closing time, the latter on the event's clock as the browser's field wants it."""
        for field in self.capacity:
            field.data = str(places[field.short_name]) if field.short_name in places else ""
        self.registration_closes_at.data = (
            closes_at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%dT%H:%M") if closes_at is not None else ""
        )

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
            capacity=self.capacity.form.places(),
            registration_closes_at=(self.registration_closes_at.data or "").strip() or None,
        )
