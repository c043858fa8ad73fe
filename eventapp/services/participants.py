"""Finding participants: the organiser's list, the API and exports share one
query so that a filter means the same thing everywhere; a participant's own
pages find them by their private link."""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import product_groups, provinces
from eventapp.domain.errors import NotFound, Text
from eventapp.domain.fields import FieldErrors, ascii_number, optional_choice
from eventapp.domain.paging import Page
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import OCOP_STARS, EventRole, ParticipantRole, ParticipantStatus, ProductGroup, values
from eventapp.models import Event, Organisation, Participant, Product, User
from eventapp.services import capacity
from eventapp.services.access import event_roles, require_event_role

SORTS = {
    "name": (Participant.full_name, Participant.id),
    "-name": (Participant.full_name.desc(), Participant.id.desc()),
    "organisation": (Organisation.name, Participant.full_name),
    "-organisation": (Organisation.name.desc(), Participant.full_name.desc()),
    "province": (Organisation.province, Organisation.name),
    "-province": (Organisation.province.desc(), Organisation.name.desc()),
    "status": (Participant.status, Participant.full_name),
    "-status": (Participant.status.desc(), Participant.full_name.desc()),
    "registered": (Participant.created_at, Participant.id),
    "-registered": (Participant.created_at.desc(), Participant.id.desc()),
}
DEFAULT_SORT = "-registered"


@dataclass(frozen=True)
class ParticipantFilter:
    search: str = ""
    role: str = ""
    status: str = ""
    province: str = ""
    product_group: str = ""
    stars: int | None = None
    sort: str = DEFAULT_SORT


def parse_filter(arguments: dict[str, str]) -> ParticipantFilter:
    """Filters from a query string; an unknown value is an error, not ignored,
    so that a typo never silently shows everyone."""
    errors = FieldErrors()
    stars = stars_filter(errors, arguments.get("stars"))
    result = ParticipantFilter(
        search=(arguments.get("q") or "").strip()[:200],
        role=optional_choice(errors, "role", arguments.get("role"), values(ParticipantRole)),
        status=optional_choice(errors, "status", arguments.get("status"), values(ParticipantStatus)),
        province=province_filter(errors, arguments.get("province")),
        product_group=optional_choice(errors, "product_group", arguments.get("product_group"), values(ProductGroup)),
        stars=stars,
        sort=optional_choice(errors, "sort", arguments.get("sort"), tuple(SORTS)) or DEFAULT_SORT,
    )
    errors.raise_if_any()
    return result


def province_filter(errors: FieldErrors, value: str | None) -> str:
    """The province (code or name) a list is filtered by, as its code, or none."""
    text = (value or "").strip()
    if not text:
        return ""
    found = provinces.find_province(text)
    if found is None:
        errors.add("province", Text("Unknown province; use its code (soc-trang) or its name (Sóc Trăng)."))
        return ""
    return found.code


def stars_filter(errors: FieldErrors, value: str | None) -> int | None:
    """The OCOP rating a list is filtered by, or none."""
    text = (value or "").strip()
    if not text:
        return None
    if ascii_number(text) in OCOP_STARS:
        return ascii_number(text)
    errors.add("stars", Text("An OCOP rating is 3, 4 or 5 stars."))
    return None


def search_text_matches(text: str, *columns: so.QueryableAttribute[str]) -> list[sa.ColumnElement[bool]]:
    """One condition per word of ``text``, tone marks optional: the word
    stands in one of ``columns`` (folded search texts). A % or _ typed is
    looked for as such, not as a wildcard."""
    conditions = []
    for word in fold(text).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(sa.or_(*(column.like(f"%{escaped}%", escape="\\") for column in columns)))
    return conditions


def group_matches(group: str) -> sa.ColumnElement[bool]:
    """A product of ``group`` as its event reads it: at a fair after the 2023
    decision a product stored as textile is a handicraft."""
    event_day = sa.select(Event.starts_on).where(Event.id == Participant.event_id).scalar_subquery()
    conditions: list[sa.ColumnElement[bool]] = [Product.group == group]
    decision = product_groups.DECISION_2023
    for old, new in decision.merged.items():
        if new == group:
            conditions.append(sa.and_(Product.group == old, event_day >= decision.signed_on))
    return sa.or_(*conditions)


def with_product(query: sa.Select, product_group: str, stars: int | None) -> sa.Select:
    """Only the participants with a product of ``product_group`` rated
    ``stars`` (either may be left out)."""
    if not (product_group or stars):
        return query
    products = sa.select(Product.id).where(Product.participant_id == Participant.id)
    if product_group:
        products = products.where(group_matches(product_group))
    if stars:
        products = products.where(Product.stars == stars)
    return query.where(products.exists())


def filtered_query(event_id: int, criteria: ParticipantFilter) -> sa.Select:
    query = (
        sa.select(Participant)
        .join(Participant.organisation)
        .where(Participant.event_id == event_id, *search_text_matches(criteria.search, Participant.search_text))
    )
    if criteria.role:
        query = query.where(Participant.role == criteria.role)
    if criteria.status:
        query = query.where(Participant.status == criteria.status)
    if criteria.province:
        query = query.where(Organisation.province == criteria.province)
    return with_product(query, criteria.product_group, criteria.stars)


# What a listed participant shows: products and answers, each in one query for the page.
WITH_ROWS = (so.selectinload(Participant.products), so.selectinload(Participant.answers))


def search(
    session: so.Session, actor: User | None, event_id: int, criteria: ParticipantFilter, page: int = 1, per_page: int = 25
) -> Page[Participant]:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    query = filtered_query(event_id, criteria)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    page = max(1, page)
    items = session.scalars(
        query.options(*WITH_ROWS).order_by(*SORTS[criteria.sort]).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), total=total or 0, page=page, per_page=per_page)


def all_matching(session: so.Session, actor: User | None, event_id: int, criteria: ParticipantFilter) -> list[Participant]:
    """Every participant the filter selects, for exports and batch work."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return list(session.scalars(filtered_query(event_id, criteria).options(*WITH_ROWS).order_by(*SORTS[criteria.sort])))


@dataclass(frozen=True)
class Overview:
    event: Event
    roles_held: frozenset[str]
    total: int
    by_status: dict[str, int]
    by_role: dict[str, int]
    places: list[capacity.RolePlaces]


def overview(session: so.Session, actor: User | None, event_id: int) -> Overview:
    """Registration counts for any staff member of the event."""
    event = require_event_role(session, actor, event_id, set(EventRole))
    by_status: dict[str, int] = dict.fromkeys(values(ParticipantStatus), 0)
    by_role: dict[str, int] = dict.fromkeys(values(ParticipantRole), 0)
    rows = session.execute(
        sa.select(Participant.status, Participant.role, sa.func.count())
        .where(Participant.event_id == event_id)
        .group_by(Participant.status, Participant.role)
    )
    for status, role, count in rows:
        by_status[status] += count
        if status == ParticipantStatus.APPROVED:
            by_role[role] += count
    return Overview(
        event=event,
        roles_held=event_roles(session, actor, event_id),
        total=sum(by_status.values()),
        by_status=by_status,
        by_role=by_role,
        places=capacity.places_summary(session, event_id),
    )


def participant_by_key(session: so.Session, access_key: str) -> Participant:
    """The participant whose private link this is; an erased participant's link is dead."""
    participant = session.scalar(
        sa.select(Participant).where(Participant.access_key == access_key, Participant.erased_at.is_(None)).options(*WITH_ROWS)
    )
    if participant is None:
        raise NotFound(Text("This link is not valid. Use the link in your confirmation e-mail."))
    return participant


@dataclass(frozen=True)
class ProducerFilter:
    """What a visitor of the catalogue or a participant browsing the other
    side filters by: words (tone marks optional), province, product group, stars."""

    search: str = ""
    province: str = ""
    product_group: str = ""
    stars: int | None = None


def parse_producer_filter(arguments: dict[str, str]) -> ProducerFilter:
    errors = FieldErrors()
    group = optional_choice(errors, "product_group", arguments.get("product_group"), values(ProductGroup))
    stars = stars_filter(errors, arguments.get("stars"))
    province = province_filter(errors, arguments.get("province"))
    errors.raise_if_any()
    return ProducerFilter(search=(arguments.get("q") or "").strip()[:200], province=province, product_group=group, stars=stars)
