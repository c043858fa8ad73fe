"""Browsing the other side of the event before asking for a meeting: a buyer
sees the approved exhibitors with their OCOP products, an exhibitor the
approved buyers with what they source, each with the requests already sent
or received between the two."""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import PermissionDenied, Text
from eventapp.domain.meetings import counterpart_role
from eventapp.domain.paging import Page
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import ParticipantRole, ParticipantStatus
from eventapp.models import MatchmakingProfile, MeetingRequest, Organisation, Participant, Product
from eventapp.services import catalogue, consents
from eventapp.services.meeting_setup import acting_participant, current_setup, profiles_of
from eventapp.services.participants import ProducerFilter, with_product

BROWSE_PER_PAGE = 20


@dataclass(frozen=True)
class Candidate:
    participant: Participant
    sourcing: str
    sent: MeetingRequest | None
    received: MeetingRequest | None


@dataclass(frozen=True)
class ProducerPage:
    participant: Participant  # the buyer looking
    candidate: Candidate
    requests_open: bool


@dataclass(frozen=True)
class BrowsePage(Page[Candidate]):
    participant: Participant
    requests_open: bool


def browse(session: so.Session, access_key: str, criteria: ProducerFilter, page: int = 1) -> BrowsePage:
    """The other side of the event, filtered: exhibitors (with their products)
    for a buyer, buyers (with what they source) for an exhibitor. Only the
    page shown is loaded: a national event has thousands on each side."""
    me = acting_participant(session, access_key)
    query = (
        sa.select(Participant.id)
        .join(Participant.organisation)
        .where(
            Participant.event_id == me.event_id,
            Participant.status == ParticipantStatus.APPROVED,
            Participant.role == counterpart_role(me.role),
            # Either side: nobody is shown to the other without their consent.
            consents.profile_shared(),
        )
        .order_by(Organisation.name, Participant.full_name, Participant.id)
    )
    if criteria.province:
        query = query.where(Organisation.province == criteria.province)
    query = with_product(query, criteria.product_group, criteria.stars)
    page = max(1, page)
    words = fold(criteria.search).split()
    if words:
        ids = _matching(session, query, words)
        total, shown_ids = len(ids), ids[(page - 1) * BROWSE_PER_PAGE : page * BROWSE_PER_PAGE]
    else:
        total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        shown_ids = list(session.scalars(query.limit(BROWSE_PER_PAGE).offset((page - 1) * BROWSE_PER_PAGE)))
    loaded = {
        person.id: person
        for person in session.scalars(
            sa.select(Participant).where(Participant.id.in_(shown_ids)).options(so.selectinload(Participant.products))
        )
    }
    shown = [loaded[pid] for pid in shown_ids]
    sourcing = {pid: profile.sourcing for pid, profile in profiles_of(session, shown_ids).items()}
    sent, received = _requests_between(session, me, shown_ids)
    items = [Candidate(p, sourcing.get(p.id, ""), sent.get(p.id), received.get(p.id)) for p in shown]
    return BrowsePage(
        participant=me,
        requests_open=current_setup(session, me.event).requests_open,
        items=items,
        total=total,
        page=page,
        per_page=BROWSE_PER_PAGE,
    )


def _matching(session: so.Session, query: sa.Select, words: list[str]) -> list[int]:
    """The ids of ``query`` (in its order) whose name, organisation, product
    names or what they source hold every word, tone marks optional. Product
    names and sourcing are not folded in the database, so they are folded
    here, from three narrow queries rather than the people and their products."""
    ids = list(session.scalars(query))
    # The candidates again as a subquery: thousands of ids would be as many bound parameters.
    chosen = sa.select(query.order_by(None).subquery().c.id)
    texts = dict(session.execute(sa.select(Participant.id, Participant.search_text).where(Participant.id.in_(chosen))).all())
    extra: dict[int, list[str]] = {}
    for participant_id, name in session.execute(
        sa.select(Product.participant_id, Product.name).where(Product.participant_id.in_(chosen))
    ):
        extra.setdefault(participant_id, []).append(name)
    for participant_id, sourcing in session.execute(
        sa.select(MatchmakingProfile.participant_id, MatchmakingProfile.sourcing).where(
            MatchmakingProfile.participant_id.in_(chosen), MatchmakingProfile.sourcing != ""
        )
    ):
        extra.setdefault(participant_id, []).append(sourcing)

    def haystack(participant_id: int) -> str:
        return texts.get(participant_id, "") + " " + fold(" ".join(extra.get(participant_id, ())))

    return [pid for pid in ids if all(word in haystack(pid) for word in words)]


def producer(session: so.Session, access_key: str, exhibitor_id: int) -> ProducerPage:
    """A producer's catalogue page as a buyer sees it from their private
    link: the same products, with the button that asks for a meeting."""
    me = acting_participant(session, access_key)
    if me.role != ParticipantRole.BUYER:
        raise PermissionDenied(Text("Producers' pages with a meeting button are for buyers."))
    exhibitor = catalogue.exhibitor(session, me.event_id, exhibitor_id)
    sent, received = _requests_between(session, me, [exhibitor.id])
    return ProducerPage(
        participant=me,
        candidate=Candidate(exhibitor, "", sent.get(exhibitor.id), received.get(exhibitor.id)),
        requests_open=current_setup(session, me.event).requests_open,
    )


def _requests_between(
    session: so.Session, me: Participant, others: list[int]
) -> tuple[dict[int, MeetingRequest], dict[int, MeetingRequest]]:
    if not others:
        return {}, {}
    rows = session.scalars(
        sa.select(MeetingRequest).where(
            sa.or_(
                sa.and_(MeetingRequest.from_participant_id == me.id, MeetingRequest.to_participant_id.in_(others)),
                sa.and_(MeetingRequest.to_participant_id == me.id, MeetingRequest.from_participant_id.in_(others)),
            )
        )
    )
    sent, received = {}, {}
    for row in rows:
        if row.from_participant_id == me.id:
            sent[row.to_participant_id] = row
        else:
            received[row.from_participant_id] = row
    return sent, received
