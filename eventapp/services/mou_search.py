"""Finding an event's MoUs: the list's filter, the names offered while
typing a party, a page of results, and every match in report order."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.mous import MouFilter
from eventapp.domain.mous import parse_filter as parse_mou_filter
from eventapp.domain.paging import Page
from eventapp.domain.text import fold
from eventapp.models import Meeting, Organisation, User
from eventapp.models.mou import Mou, MouCategory, MouParty
from eventapp.services.access import require_event_role
from eventapp.services.mou_categories import READ_ROLES, event_categories
from eventapp.services.mous import event_organisation_ids


def parse_filter(session: so.Session, event_id: int, arguments: dict[str, str]) -> MouFilter:
    codes = tuple(category.code for category in event_categories(session, event_id))
    return parse_mou_filter(arguments, codes)


def organisation_names(session: so.Session, event_id: int) -> list[str]:
    """Names of the event's organisations, offered while typing a party."""
    return list(
        session.scalars(
            sa.select(Organisation.name).where(Organisation.id.in_(event_organisation_ids(event_id))).order_by(Organisation.name)
        )
    )


def party_names(session: so.Session, event_id: int) -> list[str]:
    """Names of the organisations that signed the event's MoUs, for the filter."""
    return list(
        session.scalars(
            sa.select(Organisation.name)
            .where(
                Organisation.id.in_(
                    sa.select(MouParty.organisation_id).join(Mou, Mou.id == MouParty.mou_id).where(Mou.event_id == event_id)
                )
            )
            .order_by(Organisation.name)
        )
    )


def _party_ids(session: so.Session, event_id: int, text: str) -> list[int]:
    """Organisations of the event's MoUs whose name contains every word
    typed, tone marks optional ("sai gon co.op", "bach hoa xanh")."""
    words = fold(text).split()
    rows = session.execute(
        sa.select(Organisation.id, Organisation.name).where(
            Organisation.id.in_(
                sa.select(MouParty.organisation_id).join(Mou, Mou.id == MouParty.mou_id).where(Mou.event_id == event_id)
            )
        )
    )
    return [organisation_id for organisation_id, name in rows if all(word in fold(name) for word in words)]


def filtered_query(session: so.Session, event_id: int, criteria: MouFilter) -> sa.Select:
    query = sa.select(Mou).where(Mou.event_id == event_id)
    if criteria.category:
        query = query.where(
            Mou.category_id.in_(
                sa.select(MouCategory.id).where(MouCategory.event_id == event_id, MouCategory.code == criteria.category)
            )
        )
    if criteria.province:
        query = query.where(
            sa.select(MouParty.id)
            .join(Organisation, Organisation.id == MouParty.organisation_id)
            .where(MouParty.mou_id == Mou.id, Organisation.province == criteria.province)
            .exists()
        )
    if criteria.party:
        query = query.where(
            sa.select(MouParty.id)
            .where(MouParty.mou_id == Mou.id, MouParty.organisation_id.in_(_party_ids(session, event_id, criteria.party)))
            .exists()
        )
    if criteria.signed_from:
        query = query.where(Mou.signed_on >= criteria.signed_from)
    if criteria.signed_to:
        query = query.where(Mou.signed_on <= criteria.signed_to)
    return query


def _with_details(query: sa.Select) -> sa.Select:
    return query.options(
        so.selectinload(Mou.parties), so.selectinload(Mou.product_groups), so.selectinload(Mou.meeting).joinedload(Meeting.slot)
    )


def search(
    session: so.Session, actor: User | None, event_id: int, criteria: MouFilter, *, page: int = 1, per_page: int = 25
) -> Page[Mou]:
    require_event_role(session, actor, event_id, READ_ROLES)
    query = filtered_query(session, event_id, criteria)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    page = max(1, page)
    items = session.scalars(
        _with_details(query).order_by(Mou.signed_on.desc(), Mou.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)


def all_matching(session: so.Session, actor: User | None, event_id: int, criteria: MouFilter) -> list[Mou]:
    """Every MoU the filter selects, in report order: by category, then date."""
    require_event_role(session, actor, event_id, READ_ROLES)
    query = (
        _with_details(filtered_query(session, event_id, criteria))
        .join(MouCategory, MouCategory.id == Mou.category_id)
        .order_by(MouCategory.position, MouCategory.id, Mou.signed_on, Mou.id)
    )
    return list(session.scalars(query))
