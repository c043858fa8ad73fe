"""Signed MoUs: recording, changing and deleting them (audited), the
parties and the meeting they come from, and their scanned copies.

Organisers write; officials (and organisers) read. Those roles and the
event's categories live in ``mou_categories``, finding MoUs in ``mou_search``,
the figures and reports officials read in ``mou_reports``.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import provinces
from eventapp.domain.errors import MalformedInput, NotFound, Text, ValidationError
from eventapp.domain.mous import (
    MEETING_ID_EXPECTED,
    CleanMou,
    CleanParty,
    MouInput,
    MouRules,
    PartyInput,
    PartyNotIdentified,
    clean_mou,
    parse_meeting_id,
    suggested_category,
)
from eventapp.domain.registration import OrganisationInput
from eventapp.domain.scanned_documents import CheckedDocument, check_document
from eventapp.domain.text import name_key
from eventapp.models import AuditEntry, Event, Meeting, MeetingOutcome, MeetingSlot, Organisation, Participant, User
from eventapp.models.mou import Mou, MouParty, MouProductGroup
from eventapp.services import audit, mou_documents
from eventapp.services.access import require_event_role
from eventapp.services.mou_categories import (
    READ_ROLES,
    WRITE_ROLES,
    category_by_code,
    ensure_categories,
    event_categories,
)
from eventapp.services.registration import organisation_for

# Parties ----------------------------------------------------------------------


def event_organisation_ids(event_id: int) -> sa.CompoundSelect:
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
                    Organisation.name_key == key, Organisation.id.in_(event_organisation_ids(self.event.id))
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
    if meeting is None:  # _meeting_problem found it just now
        raise NotFound(Text("This meeting does not exist at this event."))
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


def _audit(session: so.Session, mou: Mou, action: str, actor: User | None, changes: dict) -> None:
    audit.record(session, actor, f"mou.{action}", "mou", mou.id, event_id=mou.event_id, changes=changes)


def _apply(session: so.Session, mou: Mou, clean: CleanMou, resolver: _PartyResolver) -> None:
    mou.category = category_by_code(ensure_categories(session, mou.event_id), clean.category)
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


def _audit_changes(session: so.Session, mou: Mou, actor: User | None, before: dict, action: str = "updated") -> None:
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
