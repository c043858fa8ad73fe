"""Finding people at the door: every valid badge for a phone that goes
offline, a search for someone who forgot theirs, and a person's entries."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import EventRole, ParticipantStatus
from eventapp.models import CheckinList, Participant, Scan, User
from eventapp.services.access import require_event_role
from eventapp.services.badges import badge_code
from eventapp.services.checkin import is_first_entry
from eventapp.services.checkin_lists import list_and_today
from eventapp.services.participants import ParticipantFilter, filtered_query

SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 20
_SCAN = Scan.__table__


@dataclass(frozen=True)
class DoorEntry:
    """A participant as the door sees them: the code their badge holds
    (approved people only) and when they came in."""

    participant: Participant
    code: str | None
    checked_in_at: datetime | None


def _door_entries(session: so.Session, participants: list[Participant], at: CheckinList, day: date) -> list[DoorEntry]:
    """The participants with their entry on the list that day, if any."""
    ids = [participant.id for participant in participants]
    entered = (
        dict(
            session.execute(
                sa.select(Scan.participant_id, Scan.scanned_at).where(
                    Scan.participant_id.in_(ids), Scan.list_id == at.id, Scan.entry_day == day, is_first_entry(_SCAN)
                )
            ).all()
        )
        if ids
        else {}
    )
    return [
        DoorEntry(
            participant,
            badge_code(participant) if participant.status == ParticipantStatus.APPROVED else None,
            entered.get(participant.id),
        )
        for participant in participants
    ]


def roster(session: so.Session, actor: User | None, event_id: int, list_id: int | None = None) -> list[DoorEntry]:
    """Every valid badge of the event, for a scanning phone to keep while the
    network is down: it then recognises genuine badges on its own, and knows
    who came in at its list today."""
    event = require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    at, today = list_and_today(session, event, list_id)
    participants = session.scalars(
        sa.select(Participant)
        .where(Participant.event_id == event_id, Participant.status == ParticipantStatus.APPROVED)
        .order_by(Participant.id)
    ).all()
    return _door_entries(session, list(participants), at, today)


def find_people(session: so.Session, actor: User | None, event_id: int, text: str, list_id: int | None = None) -> list[DoorEntry]:
    """People whose name, phone, e-mail or organisation matches, tone marks
    optional: the desk's way in for a forgotten badge. Every status is shown,
    so staff can tell someone why they cannot enter; entries are the list's today."""
    event = require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    at, today = list_and_today(session, event, list_id)
    if len(fold(text or "").replace(" ", "")) < SEARCH_MIN_LENGTH:
        raise ValidationError(
            Text("Please correct the highlighted fields."),
            {"q": Text("Type at least %(num)s letters or digits.", {"num": SEARCH_MIN_LENGTH})},
        )
    participants = session.scalars(
        filtered_query(event_id, ParticipantFilter(search=text[:200]))
        .order_by(Participant.full_name, Participant.id)
        .limit(SEARCH_LIMIT)
    ).all()
    return _door_entries(session, list(participants), at, today)


def entry_of(session: so.Session, participant: Participant) -> Scan | None:
    """The participant's first entry at the event (any list, any day), if they came."""
    return session.scalar(
        sa.select(Scan)
        .where(Scan.participant_id == participant.id, is_first_entry(_SCAN))
        .order_by(Scan.scanned_at, Scan.id)
        .limit(1)
    )
