"""Booth signs: an A5 sign per exhibitor shown in the public catalogue, with a
QR that opens its catalogue page, printed one at a time or all at once (in
booth order, so they can be laid out along the aisles)."""

import sqlalchemy.orm as so
from flask_babel import force_locale, gettext, ngettext

from eventapp.domain import product_groups, provinces
from eventapp.domain.booth_sign_pdf import PRODUCT_LINES, BoothSign, render_booth_signs
from eventapp.domain.errors import NotFound, Text
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, Organisation, Participant, User
from eventapp.services.access import require_event_role
from eventapp.services.badges import font_files, print_language
from eventapp.services.catalogue import shown_exhibitors
from eventapp.services.links import external_url

# Booths without a number come last, then by organisation.
SIGN_ORDER = (Participant.booth.is_(None), Participant.booth, Organisation.name, Participant.id)


def _sign(exhibitor: Participant, event: Event, language: str) -> BoothSign:
    products = tuple(
        f"{product.name} · {product_groups.group_name(product.group, event.starts_on, language)} · "
        + gettext("%(stars)s stars", stars=product.stars)
        for product in exhibitor.products
    )
    hidden = len(products) - PRODUCT_LINES
    return BoothSign(
        event_name=event.name_in(language),
        booth=gettext("Booth %(booth)s", booth=exhibitor.booth) if exhibitor.booth else "",
        organisation=exhibitor.organisation.name,
        province=provinces.province_name(exhibitor.organisation.province, language),
        products=products,
        more_products=ngettext("and %(num)d more product", "and %(num)d more products", hidden) if hidden > 0 else "",
        url=external_url("catalogue.exhibitor", event_id=event.id, participant_id=exhibitor.id, lang=language),
        scan_hint=gettext("Scan to see this producer's OCOP products"),
    )


def booth_signs(
    session: so.Session, actor: User | None, event_id: int, *, participant_id: int | None = None, language: str | None = None
) -> bytes:
    """The signs of every exhibitor the catalogue shows, or of one of them."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    query = shown_exhibitors(event_id).order_by(*SIGN_ORDER)
    if participant_id is not None:
        query = query.where(Participant.id == participant_id)
    exhibitors = list(session.scalars(query))
    if not exhibitors:
        raise NotFound(
            Text("Only approved exhibitors get a booth sign.")
            if participant_id is not None
            else Text("No approved exhibitor yet: booth signs are printed for them.")
        )
    language = print_language(language)
    with force_locale(language):
        signs = [_sign(exhibitor, event, language) for exhibitor in exhibitors]
        title = gettext("Booth signs: %(event)s", event=event.name_in(language))
    return render_booth_signs(signs, font_files(), title=title)
