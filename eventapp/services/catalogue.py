"""The public catalogue of an event: its approved exhibitors, their OCOP
products, stars, groups, province and booth, for buyers and visitors before
the event. No account is needed, so nothing here names a person, an e-mail
or a phone number, and nothing pending, rejected or cancelled appears.
"""

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import NotFound, Text
from eventapp.domain.paging import Page
from eventapp.domain.provinces import province_name
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import ParticipantRole, ParticipantStatus
from eventapp.models import Event, Organisation, Participant, Product
from eventapp.services import consents
from eventapp.services.access import get_event
from eventapp.services.participants import ProducerFilter, with_product

PER_PAGE = 24


def shown_exhibitors(event_id: int) -> sa.Select:
    """Who the catalogue shows (and a booth sign is printed for): approved
    exhibitors who let their profile be shared (``consents.profile_shared``)."""
    return (
        sa.select(Participant)
        .join(Participant.organisation)
        .where(
            Participant.event_id == event_id,
            Participant.status == ParticipantStatus.APPROVED,
            Participant.role == ParticipantRole.EXHIBITOR,
            consents.profile_shared(),
        )
        .options(so.selectinload(Participant.products).selectinload(Product.photos))
    )


def _haystack(exhibitor: Participant, language: str) -> str:
    """What a visitor may type to find an exhibitor, without tone marks: the
    organisation, its products, its province and booth (never the person)."""
    parts = [
        exhibitor.organisation.name,
        province_name(exhibitor.organisation.province, language),
        exhibitor.booth or "",
        *(product.name for product in exhibitor.products),
        *(product.description for product in exhibitor.products),
    ]
    return fold(" ".join(parts))


def exhibitors(
    session: so.Session,
    event_id: int,
    criteria: ProducerFilter,
    page: int = 1,
    per_page: int = PER_PAGE,
    language: str = "vi",
) -> tuple[Event, Page[Participant]]:
    """One page of the catalogue, by organisation name."""
    event = get_event(session, event_id)
    query = shown_exhibitors(event_id).order_by(Organisation.name, Participant.id)
    if criteria.province:
        query = query.where(Organisation.province == criteria.province)
    query = with_product(query, criteria.product_group, criteria.stars)
    shown = list(session.scalars(query))
    words = fold(criteria.search).split()
    if words:
        # Product names and descriptions are not in any folded column; the
        # exhibitors of one event are few enough to fold them here.
        shown = [person for person in shown if all(word in _haystack(person, language) for word in words)]
    page = max(1, page)
    items = shown[(page - 1) * per_page : page * per_page]
    return event, Page(items=items, total=len(shown), page=page, per_page=per_page)


def exhibitor(session: so.Session, event_id: int, participant_id: int) -> Participant:
    """One exhibitor of the catalogue; anyone not in it is unknown."""
    found = session.scalar(shown_exhibitors(event_id).where(Participant.id == participant_id))
    if found is None:
        raise NotFound(Text("This exhibitor is not in the catalogue of this event."))
    return found
