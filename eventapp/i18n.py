"""Language choice and translated labels for the fixed vocabularies.

Vietnamese is the default everywhere; the English switch is remembered in the
session. API clients may ask for English with ``Accept-Language``.
"""

import logging
from pathlib import Path

from flask import current_app, has_request_context, request, session
from flask_babel import LazyString, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eventapp.domain.errors import Message, Text
from eventapp.domain.vocabulary import EventRole, Language, OrganisationKind, ParticipantRole, ParticipantStatus, ProductGroup
from eventapp.extensions import db
from eventapp.models import Event

LANGUAGE_SESSION_KEY = "language"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        return chosen
    if request.blueprint == "api":
        return request.accept_languages.best_match(languages) or languages[0]
    if session.get(LANGUAGE_SESSION_KEY) in languages:
        return session[LANGUAGE_SESSION_KEY]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return languages[0]


def select_timezone() -> str:
    """Times are shown in the event's own time zone on its pages."""
    event_id = (request.view_args or {}).get("event_id") if has_request_context() else None
    if isinstance(event_id, int):
        event = db.session.get(Event, event_id)
        if event is not None:
            return event.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def render(message: Message) -> str:
    """A domain message in the reader's language."""
    if isinstance(message, Text):
        return message.render(gettext)
    return gettext(message) if message else ""


ORGANISATION_KINDS = {
    OrganisationKind.GOVERNMENT: _l("State agency"),
    OrganisationKind.ENTERPRISE: _l("Enterprise"),
    OrganisationKind.COOPERATIVE: _l("Cooperative"),
    OrganisationKind.HOUSEHOLD: _l("Household business"),
    OrganisationKind.DISTRIBUTOR: _l("Distributor / retail chain"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.OTHER: _l("Other"),
}

# Looked up by the stored role string too (a StrEnum member hashes as its value).
PARTICIPANT_ROLES: dict[str, LazyString] = {
    ParticipantRole.DELEGATE: _l("Delegate"),
    ParticipantRole.EXHIBITOR: _l("Exhibitor"),
    ParticipantRole.BUYER: _l("Buyer"),
    ParticipantRole.PRESS: _l("Press"),
    ParticipantRole.SPEAKER: _l("Speaker"),
}

PARTICIPANT_STATUSES = {
    ParticipantStatus.PENDING: _l("Pending"),
    ParticipantStatus.APPROVED: _l("Approved"),
    ParticipantStatus.REJECTED: _l("Rejected"),
    ParticipantStatus.CANCELLED: _l("Cancelled"),
    ParticipantStatus.WAITLISTED: _l("Waiting list"),
}

# Looked up by the stored group code too (a StrEnum member hashes as its value).
PRODUCT_GROUPS: dict[str, LazyString] = {
    ProductGroup.FOOD: _l("Food"),
    ProductGroup.BEVERAGE: _l("Beverages"),
    ProductGroup.HERBAL: _l("Herbal products"),
    ProductGroup.TEXTILE: _l("Textiles and garments"),
    ProductGroup.HANDICRAFT: _l("Handicrafts and souvenirs"),
    ProductGroup.ORNAMENTAL: _l("Ornamental plants and animals"),
    ProductGroup.TOURISM: _l("Rural tourism services"),
}

LANGUAGES = {Language.VI: "Tiếng Việt", Language.EN: "English"}

EVENT_ROLES = {
    EventRole.ORGANISER: _l("Organiser"),
    EventRole.CHECKIN: _l("Check-in staff"),
    EventRole.OFFICIAL: _l("Official"),
}


TRANSLATIONS_ROOT = Path(__file__).resolve().parent / "translations"
COMPILED_CATALOGUE = TRANSLATIONS_ROOT / "vi" / "LC_MESSAGES" / "messages.mo"


def check_compiled_catalogue(logger: logging.Logger) -> None:
    """The catalogue is compiled by ``make install`` (never by a starting worker,
    which would race the others); without it every page would silently speak English."""
    if not COMPILED_CATALOGUE.exists():
        logger.warning("%s is missing: run make install", COMPILED_CATALOGUE)
