"""Registering people for an event: on the public form, through the API, by
import; and changing a registration afterwards."""

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from eventapp.domain import capacity as capacity_rules
from eventapp.domain.consents import ConsentChoices, ConsentMethod, with_processing_consent
from eventapp.domain.errors import Conflict, NotFound, PermissionDenied, Text, ValidationError
from eventapp.domain.registration import (
    CertificateInput,
    OrganisationInput,
    ParticipantInput,
    ProductInput,
    clean_participant,
)
from eventapp.domain.text import fold, name_key
from eventapp.domain.vocabulary import (
    SELF_REGISTRATION_ROLES,
    EventRole,
    ParticipantRole,
    ParticipantStatus,
    values,
)
from eventapp.models import Organisation, Participant, Product, User
from eventapp.services import audit, capacity, consents
from eventapp.services import questions as question_service
from eventapp.services.access import event_roles, get_event, require_event_role
from eventapp.services.mail import queue_notice
from eventapp.services.meeting_edits import leave_meetings


def search_text_for(participant: Participant) -> str:
    parts = [
        participant.full_name,
        participant.email,
        participant.phone or "",
        participant.organisation.name if participant.organisation else "",
    ]
    return fold(" ".join(parts))[:800]


def organisation_for(session: so.Session, data: OrganisationInput) -> Organisation:
    """The organisation these details name, created when new.

    A tax code identifies an organisation; without one, the folded name and
    the province do. Shared rows are never edited from a registration, except
    to fill in a missing tax code.
    """
    key = name_key(data.name)
    if data.tax_code:
        by_tax_code = session.scalar(sa.select(Organisation).where(Organisation.tax_code == data.tax_code))
        if by_tax_code is not None:
            return by_tax_code
    existing = session.scalar(sa.select(Organisation).where(Organisation.name_key == key, Organisation.province == data.province))
    if existing is not None:
        if data.tax_code and existing.tax_code and existing.tax_code != data.tax_code:
            raise ValidationError(
                Text("Please correct the highlighted fields."),
                {
                    "organisation.tax_code": Text(
                        "%(name)s in this province is registered with another tax code.", {"name": existing.name}
                    )
                },
            )
        if data.tax_code and existing.tax_code is None:
            existing.tax_code = data.tax_code
        return existing
    organisation = Organisation(name=data.name, name_key=key, kind=data.kind, province=data.province, tax_code=data.tax_code)
    try:
        # A savepoint: another registration of the same company may win the race.
        with session.begin_nested():
            session.add(organisation)
    except IntegrityError:
        return session.scalars(
            sa.select(Organisation).where(Organisation.name_key == key, Organisation.province == data.province)
        ).one()
    return organisation


def fill_product(row: Product, data: ProductInput) -> Product:
    """Write a checked product, its certificate included, onto a row."""
    if not isinstance(data.stars, int):  # ``clean_product`` leaves a rating or refuses the product
        raise ValidationError(Text("An OCOP rating is 3, 4 or 5 stars."))
    row.name, row.group, row.stars, row.description = data.name, data.group, data.stars, data.description
    certificate = data.certificate
    issued_on = certificate.issued_on if certificate else None
    row.certificate_number = certificate.number if certificate else None
    row.certificate_issued_on = issued_on if isinstance(issued_on, date) else None
    row.certificate_issued_by = certificate.issued_by if certificate else None
    return row


def product_input(product: Product) -> ProductInput:
    certificate = None
    if product.certificate_number is not None:
        certificate = CertificateInput(
            number=product.certificate_number,
            issued_on=product.certificate_issued_on,
            issued_by=product.certificate_issued_by or "",
        )
    return ProductInput(
        name=product.name, group=product.group, stars=product.stars, description=product.description, certificate=certificate
    )


def email_taken(session: so.Session, event_id: int, email: str, except_id: int | None = None) -> bool:
    query = sa.select(Participant.id).where(Participant.event_id == event_id, Participant.email == email)
    if except_id is not None:
        query = query.where(Participant.id != except_id)
    return session.scalar(query) is not None


def duplicate_email() -> Conflict:
    message = Text("This e-mail address is already registered for this event.")
    return Conflict(message, {"email": message})


def new_participant(session: so.Session, event_id: int, clean: ParticipantInput, status: str) -> Participant:
    """A participant from a checked registration, not yet in the session.

    The event by id: setting the relationship would put the participant into
    the session before it is complete (autoflush while an import reads its
    next rows)."""
    participant = Participant(
        event_id=event_id,
        organisation=organisation_for(session, clean.organisation),
        full_name=clean.full_name,
        email=clean.email,
        phone=clean.phone,
        position=clean.position,
        role=clean.role,
        language=clean.language,
        booth=clean.booth,
        status=status,
        products=[fill_product(Product(), p) for p in clean.products],
    )
    question_service.replace_answers(participant, clean.answers)
    participant.search_text = search_text_for(participant)
    return participant


# What a new registration is told, by the status it got (a StrEnum member
# hashes as its value).
NOTICE_ON_ARRIVAL: dict[str, str] = {
    ParticipantStatus.APPROVED: "registration_approved",
    ParticipantStatus.PENDING: "registration_received",
    ParticipantStatus.WAITLISTED: "registration_waitlisted",
}


def register(
    session: so.Session,
    actor: User | None,
    event_id: int,
    data: ParticipantInput,
    choices: ConsentChoices | None = None,
    consent_method: ConsentMethod = ConsentMethod.PAPER,
) -> Participant:
    """A new participant. The public (``actor`` None: the web form) may
    register while registration is open, in the self-service roles, and waits
    for approval. Staff register through their accounts: an organiser adds
    anyone at any time, approved at once; check-in staff add walk-ins at the
    door, for an organiser to approve. Beyond the role's capacity anyone's
    registration is waitlisted; after the closing time only staff add people.

    The public's own registration needs their consent to processing; staff
    record what the person gave them (``consent_method``), or nothing."""
    event = get_event(session, event_id)
    roles = event_roles(session, actor, event_id)
    if actor is not None and not roles & {EventRole.ORGANISER, EventRole.CHECKIN}:
        raise PermissionDenied(Text("You do not have permission to do this at this event."))
    by_organiser = EventRole.ORGANISER in roles
    if not by_organiser and not event.registration_open:
        raise PermissionDenied(Text("Registration for this event is closed."))
    if actor is None and not event.takes_public_registrations():
        raise PermissionDenied(Text("Registration for this event is closed."))
    allowed = values(ParticipantRole) if by_organiser else tuple(SELF_REGISTRATION_ROLES)
    asked = question_service.event_questions(session, event_id)

    def checked() -> ParticipantInput:
        return clean_participant(data, event_day=event.starts_on, allowed_roles=allowed, event_questions=asked)

    clean = with_processing_consent(choices, checked) if actor is None else checked()
    if email_taken(session, event_id, clean.email):
        raise duplicate_email()
    wanted = ParticipantStatus.APPROVED if by_organiser else ParticipantStatus.PENDING
    [status] = capacity.statuses_on_arrival(session, event.id, [(clean.role, wanted)])
    participant = new_participant(session, event.id, clean, status)
    session.add(participant)
    session.flush()
    if choices is not None:
        consents.record(
            session, participant, choices, ConsentMethod.ONLINE if actor is None else consent_method, recorded_by=actor
        )
    if actor is not None:  # the public's own registrations are not staff writes
        audit.record(
            session,
            actor,
            "participant.created",
            "participant",
            participant.id,
            event_id=event_id,
            changes=audited_fields(participant),
        )
    queue_notice(session, participant, NOTICE_ON_ARRIVAL[participant.status])
    return participant


def audited_fields(participant: Participant) -> dict:
    """What the audit log keeps of a registration."""
    return {
        "full_name": participant.full_name,
        "email": participant.email,
        "phone": participant.phone,
        "position": participant.position,
        "role": participant.role,
        "language": participant.language,
        "booth": participant.booth,
        "status": participant.status,
        "organisation": participant.organisation.name,
        "products": [f"{product.name} ({product.group}, {product.stars}*)" for product in participant.products],
        "answers": question_service.stored_answers(participant),
    }


def get_participant(session: so.Session, actor: User | None, event_id: int, participant_id: int) -> Participant:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    participant = session.get(Participant, participant_id)
    if participant is None or participant.event_id != event_id:
        raise NotFound(Text("This participant does not exist at this event."))
    return participant


def as_input(participant: Participant) -> ParticipantInput:
    organisation = participant.organisation
    return ParticipantInput(
        full_name=participant.full_name,
        email=participant.email,
        phone=participant.phone,
        position=participant.position,
        role=participant.role,
        language=participant.language,
        booth=participant.booth,
        organisation=OrganisationInput(
            name=organisation.name, kind=organisation.kind, province=organisation.province, tax_code=organisation.tax_code
        ),
        products=tuple(product_input(p) for p in participant.products),
        answers=question_service.stored_answers(participant),
    )


def update_participant(
    session: so.Session,
    actor: User | None,
    event_id: int,
    participant_id: int,
    changes: Callable[[ParticipantInput], ParticipantInput],
    status: object = None,
) -> Participant:
    """Change a registration: ``changes`` turns the stored details into the
    wanted ones (the edit form replaces them, an API PATCH merges a few keys);
    the result is checked as a whole, like a new registration."""
    participant = get_participant(session, actor, event_id, participant_id)
    if participant.erased_at is not None:
        raise Conflict(Text("This participant's personal data is erased: there is nothing left to change."))
    before = audited_fields(participant)
    clean = _checked_change(session, participant, changes(as_input(participant)))
    if status is not None and status not in values(ParticipantStatus):
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"status": Text("Choose one of: %(choices)s.", {"choices": ", ".join(values(ParticipantStatus))})},
        )
    if email_taken(session, event_id, clean.email, except_id=participant.id):
        raise duplicate_email()
    if status == ParticipantStatus.WAITLISTED and participant.status != status:
        raise _waiting_list_by_hand()
    old_role = participant.role
    if clean.role != old_role:
        capacity.require_place(session, participant, clean.role, participant.status, field="role")
    # A buyer who becomes an exhibitor or a delegate can no longer sit in
    # the buyer-exhibitor meetings arranged for them.
    changes_side = participant.role != clean.role and participant.status == ParticipantStatus.APPROVED
    participant.organisation = organisation_for(session, clean.organisation)
    for name in ("full_name", "email", "phone", "position", "role", "language", "booth"):
        setattr(participant, name, getattr(clean, name))
    replace_products(participant, clean.products)
    question_service.replace_answers(participant, clean.answers)
    participant.search_text = search_text_for(participant)
    session.flush()
    if changes_side:
        leave_meetings(session, participant)
    if status is not None:
        set_status(session, participant, status, actor=actor)
    if participant.role != old_role:
        capacity.fill_free_places(session, actor, event_id, [old_role, participant.role])
    changed = audit.changed_fields(before, audited_fields(participant))
    if changed:
        audit.record(session, actor, "participant.updated", "participant", participant.id, event_id=event_id, changes=changed)
    return participant


def _checked_change(session: so.Session, participant: Participant, wanted: ParticipantInput) -> ParticipantInput:
    """The changed registration, checked. Required answers are required
    only of a change that touches the answers (a question added after people
    registered does not block changing their phone number)."""
    asked = question_service.event_questions(session, participant.event_id)
    event_day = participant.event.starts_on
    clean = clean_participant(wanted, event_day=event_day, event_questions=asked, require_answers=False)
    if clean.answers != question_service.stored_answers(participant):
        clean = clean_participant(wanted, event_day=event_day, event_questions=asked)
    return clean


def replace_products(participant: Participant, products: tuple[ProductInput, ...]) -> None:
    """Keep the rows that stay (photos and later features refer to products):
    the row a form names by its id, even renamed, else the row of the same
    name; an id that is not one of this participant's products is ignored."""
    by_id = {product.id: product for product in participant.products}
    taken = {wanted.id for wanted in products if wanted.id in by_id}
    by_name = {product.name.casefold(): product for product in participant.products if product.id not in taken}
    kept: list[Product] = []
    for wanted in products:
        row = by_id.pop(wanted.id, None) if wanted.id is not None else None
        if row is None:
            row = by_name.pop(wanted.name.casefold(), None)
        kept.append(fill_product(Product() if row is None else row, wanted))
    participant.products = kept


def _waiting_list_by_hand() -> ValidationError:
    return ValidationError(
        Text("Please correct the highlighted fields."),
        {"status": Text("The waiting list follows the event's capacity: a registration joins it only when its role is full.")},
    )


def set_status(session: so.Session, participant: Participant, status: str, *, actor: User | None = None) -> bool:
    """The one place a registration's status changes (besides the waiting
    list's own moves, ``services/capacity``): a place is needed to hold one,
    and a place given back goes to the first one waiting."""
    if participant.status == status:
        return False
    capacity.require_place(session, participant, participant.role, status)
    gives_place_back = capacity_rules.holds_place(participant.status) and not capacity_rules.holds_place(status)
    leaves_programme = participant.status == ParticipantStatus.APPROVED
    participant.status = status
    if leaves_programme:
        leave_meetings(session, participant)
    if status == ParticipantStatus.APPROVED:
        queue_notice(session, participant, "registration_approved")
    elif status == ParticipantStatus.REJECTED:
        queue_notice(session, participant, "registration_rejected")
    if gives_place_back:
        capacity.fill_free_places(session, actor, participant.event_id, [participant.role])
    return True


def decide(session: so.Session, actor: User | None, event_id: int, participant_ids: list[int], status: str) -> int:
    """Approve, reject or cancel several registrations at once; returns how
    many changed. Each changed person is told by e-mail."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    if status not in values(ParticipantStatus) or status in (ParticipantStatus.PENDING, ParticipantStatus.WAITLISTED):
        raise ValidationError(Text("Unknown decision."))
    if not participant_ids:
        raise ValidationError(Text("Select at least one participant."))
    participants = session.scalars(
        sa.select(Participant).where(Participant.event_id == event_id, Participant.id.in_(participant_ids))
    ).all()
    if len(participants) != len(set(participant_ids)):
        raise NotFound(Text("Some selected participants do not belong to this event."))
    changed = 0
    for participant in participants:
        before = participant.status
        if set_status(session, participant, status, actor=actor):
            changed += 1
            audit.record(
                session,
                actor,
                f"participant.{status}",
                "participant",
                participant.id,
                event_id=event_id,
                changes={"status": [before, status]},
            )
    session.flush()
    return changed
