"""Who reads and writes an event's MoUs, and the event's MoU categories
(the three defaults until an organiser changes them): the ground the other
MoU services (recording, finding, the figures and reports) stand on."""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.domain.errors import Conflict, NotFound, Text
from eventapp.domain.mous import DEFAULT_CATEGORIES, CategoryInput, clean_category
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, User
from eventapp.models.mou import Mou, MouCategory
from eventapp.services import audit
from eventapp.services.access import require_event_role

READ_ROLES = frozenset({EventRole.ORGANISER, EventRole.OFFICIAL})
WRITE_ROLES = frozenset({EventRole.ORGANISER})


def require_readable(session: so.Session, actor: User | None, event_id: int) -> Event:
    return require_event_role(session, actor, event_id, READ_ROLES)


def require_writable(session: so.Session, actor: User | None, event_id: int) -> Event:
    return require_event_role(session, actor, event_id, WRITE_ROLES)


# Categories -----------------------------------------------------------------


def _stored_categories(session: so.Session, event_id: int) -> list[MouCategory]:
    return list(
        session.scalars(
            sa.select(MouCategory).where(MouCategory.event_id == event_id).order_by(MouCategory.position, MouCategory.id)
        )
    )


def default_categories(event_id: int) -> list[MouCategory]:
    return [
        MouCategory(event_id=event_id, code=default.code, label_vi=default.label_vi, label_en=default.label_en, position=position)
        for position, default in enumerate(DEFAULT_CATEGORIES)
    ]


def event_categories(session: so.Session, event_id: int) -> list[MouCategory]:
    """The event's categories. An event that has recorded nothing yet has the
    three defaults, shown without being saved: reading never writes."""
    return _stored_categories(session, event_id) or default_categories(event_id)


def ensure_categories(session: so.Session, event_id: int) -> list[MouCategory]:
    """The event's stored categories, saving the defaults the first time an
    organiser records an MoU or edits a category. Every event gets them this
    way, however it was created (form, API, command line, demo)."""
    stored = _stored_categories(session, event_id)
    if stored:
        return stored
    defaults = default_categories(event_id)
    try:
        # A savepoint: another organiser's first MoU may save them at the same moment.
        with session.begin_nested():
            session.add_all(defaults)
    except IntegrityError:
        return _stored_categories(session, event_id)
    return defaults


@dataclass(frozen=True)
class CategoryUsage:
    category: MouCategory
    mous: int


def category_usage(session: so.Session, actor: User | None, event_id: int) -> list[CategoryUsage]:
    """The categories with how many MoUs each holds (only empty ones may go)."""
    require_event_role(session, actor, event_id, WRITE_ROLES)
    used = dict(
        session.execute(
            sa.select(Mou.category_id, sa.func.count(Mou.id)).where(Mou.event_id == event_id).group_by(Mou.category_id)
        ).all()
    )
    return [CategoryUsage(category, used.get(category.id, 0)) for category in event_categories(session, event_id)]


def list_categories(session: so.Session, actor: User | None, event_id: int) -> list[MouCategory]:
    require_event_role(session, actor, event_id, READ_ROLES)
    return event_categories(session, event_id)


def category_by_code(categories: list[MouCategory], code: str) -> MouCategory:
    for category in categories:
        if category.code == code:
            return category
    raise NotFound(Text("This MoU category does not exist at this event."))


def add_category(session: so.Session, actor: User | None, event_id: int, data: CategoryInput) -> MouCategory:
    require_event_role(session, actor, event_id, WRITE_ROLES)
    clean = clean_category(data, new=True)
    categories = ensure_categories(session, event_id)
    if any(category.code == clean.code for category in categories):
        message = Text("A category with the code %(code)s already exists.", {"code": clean.code})
        raise Conflict(message, {"code": message})
    category = MouCategory(
        event_id=event_id,
        code=clean.code,
        label_vi=clean.label_vi,
        label_en=clean.label_en,
        position=max(c.position for c in categories) + 1,
    )
    session.add(category)
    session.flush()
    audit.record(
        session, actor, "mou_category.created", "mou_category", category.id, event_id=event_id, changes=_category_fields(category)
    )
    return category


def _category_fields(category: MouCategory) -> dict:
    return {"code": category.code, "label_vi": category.label_vi, "label_en": category.label_en}


def rename_category(session: so.Session, actor: User | None, event_id: int, code: str, data: CategoryInput) -> MouCategory:
    require_event_role(session, actor, event_id, WRITE_ROLES)
    clean = clean_category(data, new=False)
    category = category_by_code(ensure_categories(session, event_id), code)
    before = _category_fields(category)
    category.label_vi, category.label_en = clean.label_vi, clean.label_en
    session.flush()
    changes = audit.changed_fields(before, _category_fields(category))
    if changes:
        audit.record(session, actor, "mou_category.renamed", "mou_category", category.id, event_id=event_id, changes=changes)
    return category


def delete_category(session: so.Session, actor: User | None, event_id: int, code: str) -> None:
    """Only a category no MoU uses, and never the last one."""
    require_event_role(session, actor, event_id, WRITE_ROLES)
    categories = ensure_categories(session, event_id)
    category = category_by_code(categories, code)
    if session.scalar(sa.select(sa.func.count(Mou.id)).where(Mou.category_id == category.id)):
        raise Conflict(Text("MoUs are recorded in this category; move them to another category first."))
    if len(categories) == 1:
        raise Conflict(Text("An event keeps at least one MoU category."))
    audit.record(
        session, actor, "mou_category.deleted", "mou_category", category.id, event_id=event_id, changes=_category_fields(category)
    )
    session.delete(category)
    session.flush()
