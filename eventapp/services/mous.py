"""Signed MoUs: recording, changing and deleting them (audited), their
per-event categories, their scanned copies, finding them, and the figures
officials report.

Organisers write; officials (and organisers) read. Every figure is counted by
the database (GROUP BY, SUM), so the dashboard, the API and the PDF agree.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.domain import provinces
from eventapp.domain.errors import Conflict, MalformedInput, NotFound, Text, ValidationError
from eventapp.domain.mou_stats import CategoryFigure, MouCounts, province_figures
from eventapp.domain.mous import (
    DEFAULT_CATEGORIES,
    MEETING_ID_EXPECTED,
    CategoryInput,
    CleanMou,
    CleanParty,
    MouFilter,
    MouInput,
    MouRules,
    PartyInput,
    PartyNotIdentified,
    clean_category,
    clean_mou,
    parse_meeting_id,
    suggested_category,
)
from eventapp.domain.mous import (
    parse_filter as parse_mou_filter,
)
from eventapp.domain.paging import Page
from eventapp.domain.registration import OrganisationInput
from eventapp.domain.scanned_documents import CheckedDocument, check_document
from eventapp.domain.text import fold, name_key
from eventapp.domain.vocabulary import EventRole
from eventapp.models import AuditEntry, Event, Meeting, MeetingOutcome, MeetingSlot, Organisation, Participant, User
from eventapp.models.mou import Mou, MouCategory, MouParty, MouProductGroup
from eventapp.services import audit, mou_documents
from eventapp.services.access import require_event_role
from eventapp.services.registration import organisation_for

READ_ROLES = frozenset({EventRole.ORGANISER, EventRole.OFFICIAL})
WRITE_ROLES = frozenset({EventRole.ORGANISER})


# Categories -----------------------------------------------------------------


def _stored_categories(session: so.Session, event_id: int) -> list[MouCategory]:
    return list(
        session.scalars(
            sa.select(MouCategory).where(MouCategory.event_id == event_id).order_by(MouCategory.position, MouCategory.id)
        )
    )


def _default_categories(event_id: int) -> list[MouCategory]:
    return [
        MouCategory(event_id=event_id, code=default.code, label_vi=default.label_vi, label_en=default.label_en, position=position)
        for position, default in enumerate(DEFAULT_CATEGORIES)
    ]


def event_categories(session: so.Session, event_id: int) -> list[MouCategory]:
    """The event's categories. An event that has recorded nothing yet has the
    three defaults, shown without being saved: reading never writes."""
    return _stored_categories(session, event_id) or _default_categories(event_id)


def ensure_categories(session: so.Session, event_id: int) -> list[MouCategory]:
    """The event's stored categories, saving the defaults the first time an
    organiser records an MoU or edits a category. Every event gets them this
    way, however it was created (form, API, command line, demo)."""
    stored = _stored_categories(session, event_id)
    if stored:
        return stored
    defaults = _default_categories(event_id)
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


def _category(categories: list[MouCategory], code: str) -> MouCategory:
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
    category = _category(ensure_categories(session, event_id), code)
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
    category = _category(categories, code)
    if session.scalar(sa.select(sa.func.count(Mou.id)).where(Mou.category_id == category.id)):
        raise Conflict(Text("MoUs are recorded in this category; move them to another category first."))
    if len(categories) == 1:
        raise Conflict(Text("An event keeps at least one MoU category."))
    audit.record(
        session, actor, "mou_category.deleted", "mou_category", category.id, event_id=event_id, changes=_category_fields(category)
    )
    session.delete(category)
    session.flush()


# Parties ----------------------------------------------------------------------


def _event_organisation_ids(event_id: int) -> sa.CompoundSelect:
    """Organisations of the event: its participants' and its MoUs' parties."""
    return sa.union(
        sa.select(Participant.organisation_id).where(Participant.event_id == event_id),
        sa.select(MouParty.organisation_id).join(Mou, Mou.id == MouParty.mou_id).where(Mou.event_id == event_id),
    )


class _PartyResolver:
    """Says which organisation each party of an MoU is, without writing: a new
    organisation is only created once the whole MoU is valid."""

    def __init__(self, session: so.Session, event: Event) -> None:
        self.session = session
        self.event = event
        self.found: dict[CleanParty, Organisation | OrganisationInput] = {}

    def __call__(self, party: CleanParty) -> Hashable:
        key = name_key(party.name)
        if party.province:
            existing = self.session.scalar(
                sa.select(Organisation).where(Organisation.name_key == key, Organisation.province == party.province)
            )
            if existing is not None:
                self.found[party] = existing
                return ("organisation", existing.id)
            if party.kind is None:
                raise PartyNotIdentified("kind", Text("%(name)s is new: choose its kind of organisation.", {"name": party.name}))
            self.found[party] = OrganisationInput(name=party.name, kind=party.kind, province=party.province)
            return ("new", key, party.province)
        matches = self._by_name(key)
        if len(matches) == 1:
            self.found[party] = matches[0]
            return ("organisation", matches[0].id)
        if matches:
            raise PartyNotIdentified(
                "province", Text("Several organisations are called %(name)s: choose the province.", {"name": party.name})
            )
        raise PartyNotIdentified(
            "province", Text("%(name)s is not an organisation of this event: give its kind and province.", {"name": party.name})
        )

    def _by_name(self, key: str) -> list[Organisation]:
        """The event's own organisations first; else any organisation of that
        name in a province that exists on the event's date."""
        in_event = list(
            self.session.scalars(
                sa.select(Organisation).where(
                    Organisation.name_key == key, Organisation.id.in_(_event_organisation_ids(self.event.id))
                )
            )
        )
        if in_event:
            return in_event
        in_force = [province.code for province in provinces.provinces_on(self.event.starts_on)]
        return list(
            self.session.scalars(sa.select(Organisation).where(Organisation.name_key == key, Organisation.province.in_(in_force)))
        )

    def organisation(self, party: CleanParty) -> Organisation:
        found = self.found[party]
        if isinstance(found, Organisation):
            return found
        organisation = organisation_for(self.session, found)
        self.found[party] = organisation
        return organisation


# The meeting that led to an MoU ------------------------------------------------


def _meeting_problem(session: so.Session, event_id: int, meeting_id: int) -> Text | None:
    """Why this meeting cannot be linked to an MoU of the event, or None.

    Only a meeting with a recorded outcome: the scheduler and the board never
    move or remove those, so the link stays true."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        return Text("No B2B meeting of this event has this id.")
    if meeting.outcome is None:
        return Text("Record the outcome of this meeting (held or no-show) before linking an MoU to it.")
    return None


def linkable_meetings(session: so.Session, event_id: int) -> list[Meeting]:
    """The event's meetings with a recorded outcome, in time order: those an
    MoU may name as the meeting that led to it."""
    return list(
        session.scalars(
            sa.select(Meeting)
            .join(Meeting.slot)
            .join(MeetingOutcome, MeetingOutcome.meeting_id == Meeting.id)
            .where(Meeting.event_id == event_id)
            .options(
                so.contains_eager(Meeting.slot),
                so.contains_eager(Meeting.outcome),
                so.joinedload(Meeting.participant_a),
                so.joinedload(Meeting.participant_b),
            )
            .order_by(MeetingSlot.starts_at, Meeting.id)
        ).unique()
    )


@dataclass(frozen=True)
class MouDraft:
    """How the form for a new MoU starts when it comes from a meeting."""

    meeting_id: int
    category: str
    parties: tuple[PartyInput, ...]


def draft_from_meeting(session: so.Session, actor: User | None, event_id: int, meeting_id: object) -> MouDraft:
    """A new MoU as the organiser starts it from a meeting: linked to it, with
    the organisations of both sides as parties, and business-business when
    both are enterprises, cooperatives or distributors. Nothing is written."""
    require_event_role(session, actor, event_id, WRITE_ROLES)
    try:
        wanted = parse_meeting_id(meeting_id)
    except ValueError:
        wanted = None
    problem = MEETING_ID_EXPECTED if wanted is None else _meeting_problem(session, event_id, wanted)
    if problem is not None:
        raise ValidationError(Text("Please correct the highlighted fields."), {"meeting_id": problem})
    meeting = session.get(Meeting, wanted)
    organisations: list[Organisation] = []
    for person in (meeting.participant_a, meeting.participant_b):
        if person.organisation not in organisations:
            organisations.append(person.organisation)
    codes = tuple(category.code for category in event_categories(session, event_id))
    return MouDraft(
        meeting_id=meeting.id,
        category=suggested_category(tuple(o.kind for o in organisations), codes) or "",
        parties=tuple(PartyInput(name=o.name, kind=o.kind, province=o.province) for o in organisations),
    )


# Recording, changing, deleting ----------------------------------------------


def _today(event: Event) -> date:
    return datetime.now(ZoneInfo(event.timezone)).date()


def _rules(session: so.Session, event: Event) -> MouRules:
    codes = tuple(category.code for category in event_categories(session, event.id))
    return MouRules(categories=codes, event_starts_on=event.starts_on, today=_today(event))


def snapshot(mou: Mou) -> dict:
    """What the MoU says, for the audit trail."""
    return {
        "title": mou.title,
        "category": mou.category.code,
        "parties": [party.organisation.name for party in mou.parties],
        "signed_on": mou.signed_on.isoformat(),
        "value_vnd": mou.value_vnd,
        "product_groups": mou.product_group_codes,
        "notes": mou.notes,
        "document": mou.document_name,
        "meeting": mou.meeting_id,
    }


def _audit(session: so.Session, mou: Mou, action: str, actor: User, changes: dict) -> None:
    audit.record(session, actor, f"mou.{action}", "mou", mou.id, event_id=mou.event_id, changes=changes)


def _apply(session: so.Session, mou: Mou, clean: CleanMou, resolver: _PartyResolver) -> None:
    mou.category = _category(ensure_categories(session, mou.event_id), clean.category)
    mou.title, mou.signed_on, mou.value_vnd, mou.notes = clean.title, clean.signed_on, clean.value_vnd, clean.notes
    # Rows are kept for organisations that stay: deleting and re-adding one in
    # the same flush would trip the unique (mou, organisation) constraint.
    current = {party.organisation_id: party for party in mou.parties}
    parties = []
    for position, party in enumerate(clean.parties):
        organisation = resolver.organisation(party)
        row = current.get(organisation.id) or MouParty(organisation=organisation)
        row.position = position
        parties.append(row)
    mou.parties = parties
    groups = {row.group: row for row in mou.product_groups}
    mou.product_groups = [groups.get(group) or MouProductGroup(group=group) for group in clean.product_groups]
    mou.meeting = session.get(Meeting, clean.meeting_id) if clean.meeting_id is not None else None


@dataclass(frozen=True)
class Upload:
    """A file as received, before its content is checked."""

    filename: str
    content: bytes
    max_bytes: int


def _checked_mou(
    session: so.Session, event: Event, data: MouInput, resolver: _PartyResolver, upload: Upload | None
) -> tuple[CleanMou, CheckedDocument | None]:
    """The MoU and its scan checked together, so that one answer names every
    field to correct."""
    document_problems: dict = {}
    checked = None
    if upload is not None:
        try:
            checked = check_document(upload.filename, upload.content, upload.max_bytes)
        except ValidationError as error:
            document_problems = error.fields
    try:
        clean = clean_mou(data, _rules(session, event), resolver, partial(_meeting_problem, session, event.id))
    except ValidationError as error:
        error.fields.update(document_problems)
        raise
    if document_problems:
        raise ValidationError(Text("Please correct the highlighted fields."), document_problems)
    return clean, checked


def _keep_document(session: so.Session, mou: Mou, checked: CheckedDocument, content: bytes) -> None:
    mou_documents.discard_after_commit(session, mou.document_file)
    mou.document_file = mou_documents.store(session, checked, content)
    mou.document_name, mou.document_type, mou.document_size = checked.filename, checked.type.value, checked.size


def _drop_document(session: so.Session, mou: Mou) -> None:
    mou_documents.discard_after_commit(session, mou.document_file)
    mou.document_file = mou.document_name = mou.document_type = mou.document_size = None


def record_mou(session: so.Session, actor: User | None, event_id: int, data: MouInput, upload: Upload | None = None) -> Mou:
    event = require_event_role(session, actor, event_id, WRITE_ROLES)
    resolver = _PartyResolver(session, event)
    clean, checked = _checked_mou(session, event, data, resolver, upload)
    mou = Mou(event_id=event_id, recorded_by=actor)
    _apply(session, mou, clean, resolver)
    if checked is not None and upload is not None:
        _keep_document(session, mou, checked, upload.content)
    session.add(mou)
    session.flush()
    _audit(session, mou, "created", actor, snapshot(mou))
    session.flush()
    return mou


def get_mou(session: so.Session, actor: User | None, event_id: int, mou_id: int) -> Mou:
    require_event_role(session, actor, event_id, READ_ROLES)
    return _load(session, event_id, mou_id)


def _load(session: so.Session, event_id: int, mou_id: int) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None or mou.event_id != event_id:
        raise NotFound(Text("This MoU does not exist at this event."))
    return mou


def as_input(mou: Mou) -> MouInput:
    """The stored MoU in the shape of an input, for edits that change a part."""
    return MouInput(
        title=mou.title,
        category=mou.category.code,
        parties=tuple(
            PartyInput(name=party.organisation.name, kind=party.organisation.kind, province=party.organisation.province)
            for party in mou.parties
        ),
        signed_on=mou.signed_on,
        value_vnd=mou.value_vnd,
        product_groups=tuple(mou.product_group_codes),
        notes=mou.notes,
        meeting_id=mou.meeting_id,
    )


def update_mou(
    session: so.Session,
    actor: User | None,
    event_id: int,
    mou_id: int,
    changes: Callable[[MouInput], MouInput],
    *,
    upload: Upload | None = None,
    remove_document: bool = False,
) -> Mou:
    """Change an MoU: ``changes`` turns the stored MoU into the wanted one (the
    edit form replaces it, an API PATCH merges a few keys); the result is
    checked as a whole, like a new MoU. A new scan replaces the old one."""
    event = require_event_role(session, actor, event_id, WRITE_ROLES)
    mou = _load(session, event_id, mou_id)
    before = snapshot(mou)
    resolver = _PartyResolver(session, event)
    clean, checked = _checked_mou(session, event, changes(as_input(mou)), resolver, upload)
    _apply(session, mou, clean, resolver)
    if checked is not None and upload is not None:
        _keep_document(session, mou, checked, upload.content)
    elif remove_document and mou.document_file is not None:
        _drop_document(session, mou)
    session.flush()
    _audit_changes(session, mou, actor, before)
    return mou


def _audit_changes(session: so.Session, mou: Mou, actor: User, before: dict, action: str = "updated") -> None:
    changed = audit.changed_fields(before, snapshot(mou))
    if changed:
        _audit(session, mou, action, actor, changed)
        session.flush()


def delete_mou(session: so.Session, actor: User | None, event_id: int, mou_id: int) -> None:
    require_event_role(session, actor, event_id, WRITE_ROLES)
    mou = _load(session, event_id, mou_id)
    _audit(session, mou, "deleted", actor, snapshot(mou))
    mou_documents.discard_after_commit(session, mou.document_file)
    session.delete(mou)
    session.flush()


def history(session: so.Session, actor: User | None, event_id: int, mou_id: int) -> list[AuditEntry]:
    """The MoU's entries in the audit log, newest first."""
    require_event_role(session, actor, event_id, READ_ROLES)
    return audit.target_history(session, event_id, "mou", mou_id)


# Scanned documents ------------------------------------------------------------


def attach_document(session: so.Session, actor: User | None, event_id: int, mou_id: int, upload: Upload | None) -> Mou:
    """Keep the scanned signed MoU, replacing any earlier scan."""
    require_event_role(session, actor, event_id, WRITE_ROLES)
    mou = _load(session, event_id, mou_id)
    if upload is None:
        raise MalformedInput(Text('Send the scanned MoU as multipart/form-data in the field "file".'))
    checked = check_document(upload.filename, upload.content, upload.max_bytes)
    before = snapshot(mou)
    _keep_document(session, mou, checked, upload.content)
    session.flush()
    _audit_changes(session, mou, actor, before, "document_attached")
    return mou


def remove_document(session: so.Session, actor: User | None, event_id: int, mou_id: int) -> Mou:
    require_event_role(session, actor, event_id, WRITE_ROLES)
    mou = _load(session, event_id, mou_id)
    if mou.document_file is None:
        raise NotFound(Text("No scanned copy is kept for this MoU."))
    before = snapshot(mou)
    _drop_document(session, mou)
    session.flush()
    _audit_changes(session, mou, actor, before, "document_removed")
    return mou


@dataclass(frozen=True)
class StoredDocument:
    path: str
    filename: str
    content_type: str


def document(session: so.Session, actor: User | None, event_id: int, mou_id: int) -> StoredDocument:
    mou = get_mou(session, actor, event_id, mou_id)
    if mou.document_file is None or mou.document_type is None:
        raise NotFound(Text("No scanned copy is kept for this MoU."))
    path = mou_documents.path_of(mou.document_file)
    if not path.is_file():
        raise NotFound(Text("The scanned copy of this MoU is missing from the server."))
    return StoredDocument(path=str(path), filename=mou.document_name or path.name, content_type=mou.document_type)


# Finding ----------------------------------------------------------------------


def parse_filter(session: so.Session, event_id: int, arguments: dict[str, str]) -> MouFilter:
    codes = tuple(category.code for category in event_categories(session, event_id))
    return parse_mou_filter(arguments, codes)


def organisation_names(session: so.Session, event_id: int) -> list[str]:
    """Names of the event's organisations, offered while typing a party."""
    return list(
        session.scalars(
            sa.select(Organisation.name).where(Organisation.id.in_(_event_organisation_ids(event_id))).order_by(Organisation.name)
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


# Figures ----------------------------------------------------------------------


def counts(session: so.Session, actor: User | None, event_id: int, language: str = "vi") -> MouCounts:
    """The officials' figures, each one SQL aggregate."""
    require_event_role(session, actor, event_id, READ_ROLES)
    return count_figures(session, event_id, language)


def count_figures(session: so.Session, event_id: int, language: str) -> MouCounts:
    """Count and value per category, and MoUs with a party from each province,
    in one statement (the totals are the categories' sums: every MoU has one)."""
    per_category = (
        sa.select(
            sa.literal("category").label("kind"),
            MouCategory.code.label("key"),
            MouCategory.label_vi,
            MouCategory.label_en,
            MouCategory.position,
            MouCategory.id.label("category_id"),
            sa.func.count(Mou.id).label("count"),
            # NULL when none of the category's MoUs records a value: "—", not 0 đ.
            sa.func.sum(Mou.value_vnd).label("value"),
        )
        .outerjoin(Mou, sa.and_(Mou.category_id == MouCategory.id, Mou.event_id == MouCategory.event_id))
        .where(MouCategory.event_id == event_id)
        .group_by(MouCategory.id, MouCategory.code, MouCategory.label_vi, MouCategory.label_en, MouCategory.position)
    )
    per_province = (
        sa.select(
            sa.literal("province"),
            Organisation.province,
            sa.null(),
            sa.null(),
            sa.null(),
            sa.null(),
            sa.func.count(sa.distinct(MouParty.mou_id)),
            sa.null(),
        )
        .join(MouParty, MouParty.organisation_id == Organisation.id)
        .join(Mou, Mou.id == MouParty.mou_id)
        .where(Mou.event_id == event_id)
        .group_by(Organisation.province)
    )
    rows = session.execute(sa.union_all(per_category, per_province)).all()
    stored = sorted((row for row in rows if row.kind == "category"), key=lambda row: (row.position, row.category_id))
    if stored:
        categories = tuple(
            CategoryFigure(
                row.key,
                row.label_en if language == "en" else row.label_vi,
                int(row.count),
                None if row.value is None else int(row.value),
            )
            for row in stored
        )
    else:
        categories = tuple(
            CategoryFigure(category.code, category.label(language), 0, None) for category in _default_categories(event_id)
        )
    return MouCounts(
        total=sum(figure.count for figure in categories),
        value_vnd_total=sum(figure.value_vnd or 0 for figure in categories),
        categories=categories,
        provinces=province_figures(((row.key, row.count) for row in rows if row.kind == "province"), language),
    )


def require_readable(session: so.Session, actor: User | None, event_id: int) -> Event:
    return require_event_role(session, actor, event_id, READ_ROLES)


def require_writable(session: so.Session, actor: User | None, event_id: int) -> Event:
    return require_event_role(session, actor, event_id, WRITE_ROLES)


def report_language(requested: str | None) -> str:
    """Reports are in Vietnamese unless English is asked for by name."""
    language = requested or "vi"
    if language not in ("vi", "en"):
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"lang": Text("Choose one of: %(choices)s.", {"choices": "vi, en"})}
        )
    return language
