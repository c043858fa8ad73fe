"""Asking for meetings: buyers browse exhibitors and their OCOP products,
exhibitors browse buyers; one side asks, the other accepts or declines; both
asking makes the pair mutual. Participants act through their private link;
organisers may ask on someone's behalf."""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.contact import normalise_email
from eventapp.domain.errors import Conflict, NotFound, PermissionDenied, Text, ValidationError
from eventapp.domain.fields import FieldErrors, optional_choice, whole_number
from eventapp.domain.meetings import (
    LIVE_REQUEST_STATUSES,
    MESSAGE_MAX,
    MeetingRequestStatus,
    RequestPriority,
    counterpart_role,
    textarea_text,
)
from eventapp.domain.paging import Page
from eventapp.domain.vocabulary import (
    EventRole,
    ParticipantRole,
    ParticipantStatus,
    values,
)
from eventapp.models import Event, MatchmakingProfile, MeetingRequest, Organisation, Participant, User
from eventapp.models.base import utcnow
from eventapp.services import audit, mail
from eventapp.services.access import require_event_role
from eventapp.services.agendas import ParticipantAgenda, participant_agenda
from eventapp.services.links import external_url
from eventapp.services.meeting_edits import drop_meeting_of_pair
from eventapp.services.meeting_setup import (
    MATCHMAKING_ROLES,
    acting_participant,
    current_setup,
    update_own_sourcing,
)
from eventapp.services.participants import search_text_matches


@dataclass(frozen=True)
class ParticipantMeetings:
    """Everything on a participant's meetings page: a page of each list of
    requests (a buyer wanted by a whole country receives thousands)."""

    participant: Participant
    sent: Page[MeetingRequest]
    received: Page[MeetingRequest]
    requests_open: bool
    agenda: ParticipantAgenda
    sourcing: str


REQUESTS_PER_PAGE = 50


def participant_meetings(
    session: so.Session, access_key: str, *, received_page: int = 1, sent_page: int = 1
) -> ParticipantMeetings:
    me = acting_participant(session, access_key)

    def listing(column, other, page: int) -> Page[MeetingRequest]:
        page = max(1, page)
        total = session.scalar(sa.select(sa.func.count(MeetingRequest.id)).where(column == me.id)) or 0
        # Those still waiting for an answer first: they are what the reader has to do.
        items = session.scalars(
            sa.select(MeetingRequest)
            .where(column == me.id)
            .options(so.joinedload(other).selectinload(Participant.products))
            .order_by(
                (MeetingRequest.status != MeetingRequestStatus.PENDING.value),
                MeetingRequest.created_at.desc(),
                MeetingRequest.id.desc(),
            )
            .limit(REQUESTS_PER_PAGE)
            .offset((page - 1) * REQUESTS_PER_PAGE)
        ).unique()
        return Page(items=list(items), total=total, page=page, per_page=REQUESTS_PER_PAGE)

    profile = session.get(MatchmakingProfile, me.id)
    return ParticipantMeetings(
        participant=me,
        sent=listing(MeetingRequest.from_participant_id, MeetingRequest.recipient, sent_page),
        received=listing(MeetingRequest.to_participant_id, MeetingRequest.sender, received_page),
        requests_open=current_setup(session, me.event).requests_open,
        agenda=participant_agenda(session, access_key),
        sourcing=profile.sourcing if profile is not None else "",
    )


def update_sourcing(session: so.Session, access_key: str, sourcing: str) -> MatchmakingProfile:
    """A buyer says what they source, from their private page."""
    return update_own_sourcing(session, acting_participant(session, access_key), sourcing)


# Asking -------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInput:
    from_id: object
    to_id: object
    priority: object = RequestPriority.WOULD_LIKE
    message: object = ""


def _person_reference(value: object) -> int | str | None:
    """A participant named by id, or (typed in the organisers' form at a large
    event) by their e-mail address."""
    if isinstance(value, str) and "@" in value:
        return normalise_email(value)
    return whole_number(value)


def _clean(data: RequestInput, allowed_priorities: tuple[int, ...]) -> tuple[int | str, int | str, int, str]:
    fields: dict[str, Text] = {}
    sender, recipient = _person_reference(data.from_id), _person_reference(data.to_id)
    if sender is None:
        fields["from"] = Text("A participant's id (a whole number) or e-mail address.")
    if recipient is None:
        fields["to"] = Text("A participant's id (a whole number) or e-mail address.")
    priority = whole_number(data.priority)
    if priority not in allowed_priorities:
        fields["priority"] = Text("Choose one of: %(choices)s.", {"choices": ", ".join(map(str, allowed_priorities))})
    message = data.message if isinstance(data.message, str) else None
    if data.message is not None and message is None:
        fields["message"] = Text("Must be text.")
    message = textarea_text(message or "")
    if len(message) > MESSAGE_MAX:
        fields["message"] = Text("At most %(limit)s characters.", {"limit": MESSAGE_MAX})
    if fields or sender is None or recipient is None or priority is None:
        raise ValidationError(Text("Please correct the highlighted fields."), fields)
    return sender, recipient, priority, message


def _pair_member(session: so.Session, event: Event, reference: int | str, field: str) -> Participant:
    if isinstance(reference, str):
        participant = session.scalar(
            sa.select(Participant).where(Participant.event_id == event.id, Participant.email == reference)
        )
    else:
        participant = session.get(Participant, reference)
    if participant is None or participant.event_id != event.id:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {field: Text("No participant of this event has this id.")}
        )
    if participant.status != ParticipantStatus.APPROVED or participant.role not in MATCHMAKING_ROLES:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {field: Text("Only approved buyers and exhibitors take part in the meetings.")},
        )
    return participant


def _create(
    session: so.Session,
    event: Event,
    sender: Participant,
    recipient: Participant,
    priority: int,
    message: str,
    *,
    by: User | None,
) -> MeetingRequest:
    if sender.id == recipient.id:
        raise ValidationError(Text("Please correct the highlighted fields."), {"to": Text("Nobody asks to meet themselves.")})
    if counterpart_role(sender.role) != recipient.role:
        raise ValidationError(
            Text("Please correct the highlighted fields."), {"to": Text("Meetings are between a buyer and an exhibitor.")}
        )
    existing = session.scalar(
        sa.select(MeetingRequest).where(
            MeetingRequest.from_participant_id == sender.id, MeetingRequest.to_participant_id == recipient.id
        )
    )
    if existing is not None and existing.status in LIVE_REQUEST_STATUSES:
        raise Conflict(Text("A meeting request to %(name)s already exists.", {"name": recipient.full_name}))
    if existing is not None and existing.status == MeetingRequestStatus.DECLINED and by is None:
        raise Conflict(Text("%(name)s declined this request.", {"name": recipient.full_name}))
    reverse = session.scalar(
        sa.select(MeetingRequest).where(
            MeetingRequest.from_participant_id == recipient.id,
            MeetingRequest.to_participant_id == sender.id,
            MeetingRequest.status.in_(LIVE_REQUEST_STATUSES),
        )
    )
    request = existing or MeetingRequest(event_id=event.id, from_participant_id=sender.id, to_participant_id=recipient.id)
    request.priority, request.message = priority, message
    request.created_by_user_id = by.id if by is not None else None
    # Asking someone who already asked you accepts their request: the pair is
    # mutual. Organisers arrange what both sides agreed, so theirs is accepted.
    mutual = reverse is not None
    request.status = (MeetingRequestStatus.ACCEPTED if mutual or by is not None else MeetingRequestStatus.PENDING).value
    request.answered_at = utcnow() if request.status == MeetingRequestStatus.ACCEPTED else None
    if existing is None:
        session.add(request)
    if reverse is not None and reverse.status != MeetingRequestStatus.ACCEPTED:
        reverse.status = MeetingRequestStatus.ACCEPTED.value
        reverse.answered_at = utcnow()
    session.flush()
    if by is None:
        if mutual:
            _notify(session, recipient, "meeting_request_accepted", meeting_request=reverse, other=sender, mutual=True)
        else:
            _notify(session, recipient, "meeting_request_received", meeting_request=request, other=sender)
    return request


def request_meeting(session: so.Session, access_key: str, to_id: object, priority: object, message: object) -> MeetingRequest:
    """A participant asks, from their private page."""
    me = acting_participant(session, access_key)
    event = me.event
    if not current_setup(session, event).requests_open:
        raise PermissionDenied(Text("The organisers have closed meeting requests for this event."))
    _, recipient_id, priority, message = _clean(
        RequestInput(me.id, to_id, priority, message), RequestPriority.PARTICIPANT_CHOICES
    )
    recipient = _pair_member(session, event, recipient_id, "to")
    return _create(session, event, me, recipient, priority, message, by=None)


def request_meeting_for(session: so.Session, actor: User | None, event_id: int, data: RequestInput) -> MeetingRequest:
    """An organiser asks on someone's behalf (the form, the API), even when
    requests are closed to participants; priority 3 weighs like a mutual pair."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    sender_id, recipient_id, priority, message = _clean(data, RequestPriority.ALL)
    sender = _pair_member(session, event, sender_id, "from")
    recipient = _pair_member(session, event, recipient_id, "to")
    request = _create(session, event, sender, recipient, priority, message, by=actor)
    audit.record(
        session,
        actor,
        "meeting_request.created",
        "meeting_request",
        request.id,
        event_id=event_id,
        changes={"from": sender.id, "to": recipient.id, "priority": priority},
    )
    return request


# Answering -----------------------------------------------------------------------


def _own_request(session: so.Session, me: Participant, request_id: int, *, as_recipient: bool) -> MeetingRequest:
    request = session.get(MeetingRequest, request_id)
    owner = (
        request.to_participant_id
        if request is not None and as_recipient
        else (request.from_participant_id if request is not None else None)
    )
    if request is None or owner != me.id:
        raise NotFound(Text("This meeting request does not exist."))
    return request


def answer_request(session: so.Session, access_key: str, request_id: int, accept: bool) -> MeetingRequest:
    """The recipient accepts or declines (and may change their mind). Declining
    also withdraws the decliner's own request to the same person, and removes a
    meeting the pair no longer wants."""
    me = acting_participant(session, access_key)
    request = _own_request(session, me, request_id, as_recipient=True)
    if request.status == MeetingRequestStatus.WITHDRAWN:
        raise Conflict(Text("%(name)s withdrew this request.", {"name": request.sender.full_name}))
    wanted = (MeetingRequestStatus.ACCEPTED if accept else MeetingRequestStatus.DECLINED).value
    if request.status == wanted:
        return request
    request.status = wanted
    request.answered_at = utcnow()
    if not accept:
        mine = session.scalar(
            sa.select(MeetingRequest).where(
                MeetingRequest.from_participant_id == me.id,
                MeetingRequest.to_participant_id == request.from_participant_id,
                MeetingRequest.status.in_(LIVE_REQUEST_STATUSES),
            )
        )
        if mine is not None:
            mine.status = MeetingRequestStatus.WITHDRAWN.value
    session.flush()
    _notify(
        session,
        request.sender,
        "meeting_request_accepted" if accept else "meeting_request_declined",
        meeting_request=request,
        other=me,
        mutual=False,
    )
    if not accept:
        drop_meeting_of_pair(session, me.event, me.id, request.from_participant_id)
    return request


def withdraw_request(session: so.Session, access_key: str, request_id: int) -> MeetingRequest:
    """The sender takes a request back; the pair's meeting goes unless the
    other side still asks for it."""
    me = acting_participant(session, access_key)
    request = _own_request(session, me, request_id, as_recipient=False)
    if request.status not in LIVE_REQUEST_STATUSES:
        return request
    request.status = MeetingRequestStatus.WITHDRAWN.value
    session.flush()
    drop_meeting_of_pair(session, me.event, me.id, request.to_participant_id)
    return request


def cancel_request(session: so.Session, actor: User | None, event_id: int, request_id: int) -> MeetingRequest:
    """An organiser withdraws a request for someone (a mistake, a phone call)."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    request = session.get(MeetingRequest, request_id)
    if request is None or request.event_id != event_id:
        raise NotFound(Text("This meeting request does not exist."))
    if request.status in LIVE_REQUEST_STATUSES:
        audit.record(
            session,
            actor,
            "meeting_request.cancelled",
            "meeting_request",
            request.id,
            event_id=event_id,
            changes={"status": [request.status, MeetingRequestStatus.WITHDRAWN.value]},
        )
        request.status = MeetingRequestStatus.WITHDRAWN.value
        session.flush()
        drop_meeting_of_pair(session, event, request.from_participant_id, request.to_participant_id)
    return request


def _notify(session: so.Session, to: Participant, template: str, **context: object) -> None:
    mail.queue(
        session,
        mail.compose(
            template,
            to=to.email,
            language=to.language,
            participant=to,
            event=to.event,
            portal_url=external_url("my_meetings.index", access_key=to.access_key),
            **context,
        ),
        event_id=to.event.id,
        participant=to,
    )


# The organisers' list -----------------------------------------------------------


@dataclass(frozen=True)
class RequestFilter:
    status: str = ""
    search: str = ""


def parse_request_filter(arguments: dict[str, str]) -> RequestFilter:
    """The organisers' list of requests, read like every other list: an unknown
    status is an error under its filter, never silently the whole list."""
    errors = FieldErrors()
    status = optional_choice(errors, "status", arguments.get("status"), values(MeetingRequestStatus))
    errors.raise_if_any()
    return RequestFilter(status=status, search=(arguments.get("q") or "").strip()[:200])


@dataclass(frozen=True)
class RequestPage(Page[MeetingRequest]):
    counts: dict[str, int]


def list_requests(
    session: so.Session,
    actor: User | None,
    event_id: int,
    *,
    status: str = "",
    search: str = "",
    page: int = 1,
    per_page: int = 50,
) -> RequestPage:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    status = parse_request_filter({"status": status}).status
    sender, recipient = so.aliased(Participant), so.aliased(Participant)
    query = (
        sa.select(MeetingRequest)
        .join(sender, MeetingRequest.sender)
        .join(recipient, MeetingRequest.recipient)
        .where(MeetingRequest.event_id == event_id)
    )
    if status:
        query = query.where(MeetingRequest.status == status)
    query = query.where(*search_text_matches(search, sender.search_text, recipient.search_text))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    items = list(
        session.scalars(
            query.options(
                so.contains_eager(MeetingRequest.sender, alias=sender),
                so.contains_eager(MeetingRequest.recipient, alias=recipient),
            )
            .order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    counts = dict.fromkeys(values(MeetingRequestStatus), 0)
    counts.update(
        dict(
            session.execute(
                sa.select(MeetingRequest.status, sa.func.count())
                .where(MeetingRequest.event_id == event_id)
                .group_by(MeetingRequest.status)
            ).all()
        )
    )
    return RequestPage(items=items, total=total, page=page, per_page=per_page, counts=counts)


# Beyond this many buyers and exhibitors a list to choose from is too long to
# send or to scroll: the organisers' form then asks for e-mail addresses.
MAX_CHOICES = 300


def request_choices(session: so.Session, actor: User | None, event_id: int) -> tuple[list[Participant], list[Participant]] | None:
    """Buyers and exhibitors, for the organisers' "ask for someone" form; None
    when there are too many to list."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    eligible = (
        Participant.event_id == event_id,
        Participant.status == ParticipantStatus.APPROVED,
        Participant.role.in_(MATCHMAKING_ROLES),
    )
    if (session.scalar(sa.select(sa.func.count(Participant.id)).where(*eligible)) or 0) > MAX_CHOICES:
        return None
    people = session.scalars(
        sa.select(Participant).join(Participant.organisation).where(*eligible).order_by(Organisation.name, Participant.full_name)
    )
    buyers: list[Participant] = []
    exhibitors: list[Participant] = []
    for person in people:
        (buyers if person.role == ParticipantRole.BUYER else exhibitors).append(person)
    return buyers, exhibitors
