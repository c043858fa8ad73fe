"""A participant's own registration, through their private link: change it
(a change to what the organisers approved waits for them), cancel it; the
organisers' answer to a held change; and the private link sent again to
whoever asks for it by address.

The participant is the actor of their own writes: the audit log names them
(``audit.record_by_participant``), no account is involved.
"""

from dataclasses import asdict, dataclass, replace
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.contact import normalise_email
from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.registration import (
    CertificateInput,
    OrganisationInput,
    ParticipantInput,
    ProductInput,
    clean_participant,
)
from eventapp.domain.self_service import ChangeStatus, HeldChange, plan_edit
from eventapp.domain.vocabulary import SELF_REGISTRATION_ROLES, EventRole, ParticipantStatus
from eventapp.models import Participant, RegistrationChange, User
from eventapp.models.base import utcnow
from eventapp.services import audit, capacity, mail, registration
from eventapp.services import questions as question_service
from eventapp.services.access import get_event, require_event_role
from eventapp.services.links import external_url
from eventapp.services.participants import participant_by_key

# A registration in one of these is over: nothing on it changes any more.
CLOSED_STATUSES = (ParticipantStatus.CANCELLED, ParticipantStatus.REJECTED)


def _refuse_if_closed(participant: Participant) -> None:
    if participant.status == ParticipantStatus.CANCELLED:
        raise Conflict(Text("This registration is cancelled: it can no longer be changed."))
    if participant.status == ParticipantStatus.REJECTED:
        raise Conflict(Text("This registration was not accepted: it can no longer be changed."))


def self_service_roles(participant: Participant) -> tuple[str, ...]:
    """The roles a participant may pick on their own page: those of the public
    form, and the one the organisers gave them (a speaker stays a speaker)."""
    roles = tuple(SELF_REGISTRATION_ROLES)
    return roles if participant.role in roles else (*roles, participant.role)


def open_change(session: so.Session, participant: Participant) -> RegistrationChange | None:
    return session.scalar(
        sa.select(RegistrationChange).where(
            RegistrationChange.participant_id == participant.id, RegistrationChange.status == ChangeStatus.PENDING
        )
    )


@dataclass(frozen=True)
class EditOutcome:
    participant: Participant
    applied: bool
    held: RegistrationChange | None


def _checked(session: so.Session, participant: Participant, wanted: ParticipantInput) -> ParticipantInput:
    """The edit checked like the public form. As for an organiser's edit, a
    question added after they registered is required only of an edit that
    touches the answers."""
    asked = question_service.event_questions(session, participant.event_id)

    def check(require_answers: bool) -> ParticipantInput:
        return clean_participant(
            wanted,
            event_day=participant.event.starts_on,
            allowed_roles=self_service_roles(participant),
            event_questions=asked,
            require_answers=require_answers,
        )

    clean = check(require_answers=False)
    return check(require_answers=True) if clean.answers != question_service.stored_answers(participant) else clean


def _write(session: so.Session, participant: Participant, clean: ParticipantInput) -> None:
    participant.organisation = registration.organisation_for(session, clean.organisation)
    for name in ("full_name", "email", "phone", "position", "role", "language"):
        setattr(participant, name, getattr(clean, name))
    registration.replace_products(participant, clean.products)
    question_service.replace_answers(participant, clean.answers)
    participant.search_text = registration.search_text_for(participant)
    session.flush()


def edit_registration(session: so.Session, access_key: str, data: ParticipantInput) -> EditOutcome:
    """The participant's edit, checked like a registration of the public form.
    Before approval it applies at once; after it, see ``domain/self_service``."""
    participant = participant_by_key(session, access_key)
    _refuse_if_closed(participant)
    stored = registration.as_input(participant)
    clean = _checked(session, participant, replace(data, booth=participant.booth, answers=data.answers or stored.answers))
    if registration.email_taken(session, participant.event_id, clean.email, except_id=participant.id):
        raise registration.duplicate_email()
    plan = plan_edit(stored, clean, is_approved=participant.status == ParticipantStatus.APPROVED)
    before = registration.audited_fields(participant)
    old_role = participant.role
    if plan.apply_now.role != old_role:
        capacity.require_place(session, participant, plan.apply_now.role, participant.status, field="role")
    _write(session, participant, plan.apply_now)
    changed = audit.changed_fields(before, registration.audited_fields(participant))
    if changed:
        audit.record_by_participant(session, participant, "participant.self_updated", changes=changed)
    if participant.role != old_role:
        capacity.fill_free_places(session, None, participant.event_id, [old_role, participant.role])
    held = _hold(session, participant, plan.held)
    return EditOutcome(participant=participant, applied=bool(changed), held=held)


def _wanted_json(held: HeldChange) -> dict:
    return {
        "full_name": held.full_name,
        "role": held.role,
        "organisation": asdict(held.organisation),
        "products": None if held.products is None else [_product_json(product) for product in held.products],
    }


def _product_json(product: ProductInput) -> dict:
    certificate = product.certificate
    issued_on = certificate.issued_on if certificate else None
    return {
        "id": product.id,
        "name": product.name,
        "group": product.group,
        "stars": product.stars,
        "description": product.description,
        "certificate": None
        if certificate is None
        else {
            "number": certificate.number,
            "issued_on": issued_on.isoformat() if isinstance(issued_on, date) else issued_on,
            "issued_by": certificate.issued_by,
        },
    }


def held_change_of(change: RegistrationChange) -> HeldChange:
    wanted = change.wanted
    products = wanted.get("products")
    return HeldChange(
        changes=change.changes,
        full_name=wanted["full_name"],
        role=wanted["role"],
        organisation=OrganisationInput(**wanted["organisation"]),
        products=None
        if products is None
        else tuple(
            ProductInput(
                name=p["name"],
                group=p["group"],
                stars=p["stars"],
                description=p["description"],
                certificate=CertificateInput(**p["certificate"]) if p["certificate"] else None,
                id=p.get("id"),
            )
            for p in products
        ),
    )


def _hold(session: so.Session, participant: Participant, held: HeldChange | None) -> RegistrationChange | None:
    """Keep the held part of an edit as the participant's one open change: a
    newer edit replaces it, an edit back to the approved details withdraws it."""
    current = open_change(session, participant)
    if held is None:
        if current is not None:
            _close(session, current, ChangeStatus.WITHDRAWN, None)
        return None
    if current is None:
        current = RegistrationChange(event_id=participant.event_id, participant=participant)
        session.add(current)
    current.changes, current.wanted, current.requested_at = held.changes, _wanted_json(held), utcnow()
    session.flush()
    audit.record_by_participant(session, participant, "participant.change_requested", changes=held.changes)
    return current


def _close(session: so.Session, change: RegistrationChange, status: ChangeStatus, actor: User | None) -> None:
    change.status = status.value
    change.decided_at = utcnow()
    change.decided_by_id = actor.id if actor is not None else None
    session.flush()


def cancel_registration(session: so.Session, access_key: str) -> Participant:
    """The participant withdraws: their badge stops opening the door, their
    meetings and pending requests go as when an organiser cancels, and an
    e-mail confirms it."""
    participant = participant_by_key(session, access_key)
    _refuse_if_closed(participant)
    before = participant.status
    registration.set_status(session, participant, ParticipantStatus.CANCELLED)
    current = open_change(session, participant)
    if current is not None:
        _close(session, current, ChangeStatus.WITHDRAWN, None)
    audit.record_by_participant(session, participant, "participant.cancelled", changes={"status": [before, participant.status]})
    registration.queue_notice(session, participant, "registration_cancelled")
    session.flush()
    return participant


def open_changes(session: so.Session, actor: User | None, event_id: int) -> list[RegistrationChange]:
    """The event's changes waiting for an organiser, oldest first: those of
    registrations still approved (an organiser who cancelled someone since
    has no change of theirs to answer)."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return list(
        session.scalars(
            sa.select(RegistrationChange)
            .join(RegistrationChange.participant)
            .where(
                RegistrationChange.event_id == event_id,
                RegistrationChange.status == ChangeStatus.PENDING,
                Participant.status == ParticipantStatus.APPROVED,
            )
            .options(so.contains_eager(RegistrationChange.participant))
            .order_by(RegistrationChange.requested_at, RegistrationChange.id)
        )
    )


def open_change_of(session: so.Session, actor: User | None, event_id: int, participant: Participant) -> RegistrationChange | None:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return open_change(session, participant)


def decide_change(session: so.Session, actor: User | None, event_id: int, change_id: int, accept: bool) -> RegistrationChange:
    """An organiser accepts a held change (written to the registration as
    their own edit, checked again as a whole) or declines it; either way the
    participant is told by e-mail."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    change = session.get(RegistrationChange, change_id)
    if change is None or change.event_id != event_id:
        raise NotFound(Text("This change request does not exist at this event."))
    if change.status != ChangeStatus.PENDING:
        raise Conflict(Text("This change request was already answered or withdrawn."))
    participant = change.participant
    if accept:
        registration.update_participant(session, actor, event_id, participant.id, held_change_of(change).applied_to)
    _close(session, change, ChangeStatus.ACCEPTED if accept else ChangeStatus.DECLINED, actor)
    audit.record(
        session,
        actor,
        "registration_change.accepted" if accept else "registration_change.declined",
        "participant",
        participant.id,
        event_id=event_id,
        changes=change.changes,
    )
    registration.queue_notice(session, participant, "registration_change_accepted" if accept else "registration_change_declined")
    return change


def send_link_again(session: so.Session, event_id: int, address: str, language: str) -> None:
    """E-mail the private link to ``address`` if it is registered for the
    event, or, if not, a note saying so: either way one message is composed
    and queued the same way, so that neither the answer nor its time tells
    anyone who is registered. ``language`` is the asker's, for the note."""
    event = get_event(session, event_id)
    try:
        email = normalise_email(address) if address.strip() else ""
    except ValueError as error:
        raise ValidationError(Text("Please correct the highlighted fields."), {"email": error.args[0]}) from None
    if not email:
        raise ValidationError(Text("Please correct the highlighted fields."), {"email": Text("This field is required.")})
    participant = session.scalar(sa.select(Participant).where(Participant.event_id == event.id, Participant.email == email))
    if participant is not None:
        mail.queue_notice(session, participant, "private_link")
        return
    message = mail.compose(
        "private_link_unknown",
        to=email,
        language=language,
        participant=None,
        event=event,
        portal_url=external_url("public.event_page", event_id=event.id),
    )
    mail.queue(session, message, event_id=event.id, participant=None)
