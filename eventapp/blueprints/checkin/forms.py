from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp.blueprints.formtools import options
from eventapp.domain import provinces
from eventapp.domain.badge_pdf import SheetLayout
from eventapp.domain.checkin_lists import LIST_NAME_MAX, ZONE_MAX, days_of
from eventapp.domain.mou_stats import format_day
from eventapp.i18n import LANGUAGES, PARTICIPANT_ROLES
from eventapp.models import Event


class BadgeBatchForm(FlaskForm):
    """Which badges to print and how; sent with GET (it changes nothing), so
    the address of a batch can be bookmarked or shared."""

    class Meta:
        csrf = False

    role = SelectField(_l("Participation"), validate_choice=False)
    province = SelectField(_l("Province"), validate_choice=False)
    layout = RadioField(
        _l("Paper"),
        default=SheetLayout.A4_4UP.value,
        choices=options(
            [
                (SheetLayout.A4_4UP.value, _l("A4 sheets: four badges each, with cut marks")),
                (SheetLayout.A6.value, _l("A6 cards: one badge per page")),
            ]
        ),
    )
    lang = RadioField(_l("Language of the labels"), default="vi", choices=options(LANGUAGES.items()))

    def setup(self, event: Event, language: str) -> None:
        self.role.choices = options([("", _l("All")), *PARTICIPANT_ROLES.items()])
        self.province.choices = options(
            [("", _l("All"))] + [(province.code, province.name(language)) for province in provinces.provinces_on(event.starts_on)]
        )


class CheckinListForm(FlaskForm):
    """A check-in list, as organisers create or change it; the service checks it."""

    name = StringField(_l("Name (Vietnamese)"), render_kw={"maxlength": LIST_NAME_MAX})
    name_en = StringField(_l("Name in English"), render_kw={"maxlength": LIST_NAME_MAX})
    zone = StringField(_l("Zone"), render_kw={"maxlength": ZONE_MAX, "list": "zones"})
    days = SelectMultipleField(
        _l("Days"), validate_choice=False, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
    roles = SelectMultipleField(
        _l("Participations admitted"),
        validate_choice=False,
        choices=options(PARTICIPANT_ROLES.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    allow_reentry = BooleanField(_l("A second entry the same day counts again"))

    def setup(self, event: Event) -> None:
        self.days.choices = options((day.isoformat(), format_day(day)) for day in days_of(event.starts_on, event.ends_on))

    def body(self) -> dict[str, object]:
        """What the service reads, as the API would send it."""
        return {
            "name": self.name.data,
            "name_en": self.name_en.data,
            "zone": self.zone.data,
            "days": list(self.days.data or []),
            "roles": list(self.roles.data or []),
            "allow_reentry": bool(self.allow_reentry.data),
        }

    @staticmethod
    def field_path(path: str) -> str:
        """``days[1]`` is a box of the days field."""
        return path.split("[", 1)[0]
