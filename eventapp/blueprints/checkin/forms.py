from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField

from eventapp.blueprints.formtools import options
from eventapp.domain import provinces
from eventapp.domain.badge_pdf import SheetLayout
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
