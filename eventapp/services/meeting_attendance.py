"""Meetings confirmed by a scan at the table (see ``domain.meeting_attendance``).

The host of a table (a buyer on their private page) or check-in staff at a pool
table scan the badge of whoever sits down. Each side is recorded once (the
database's key); the host scanning counts as seen too. Once both sides are seen
the meeting is held, unless somebody already recorded its outcome.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite

from eventapp.domain.badge_token import BadgeHolder, InvalidBadge, check_claim, read_badge
from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.meeting_attendance import scans_open, slot_in_progress
from eventapp.domain.meetings import Attendance
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Event, Meeting, MeetingAttendance, MeetingOutcome, MeetingSlot, MeetingTable, Participant, User
from eventapp.models.base import utcnow
from eventapp.services import audit
from eventapp.services.access import require_event_role
from eventapp.services.agendas import own_published_meeting
from eventapp.services.badges import secret_key
from eventapp.services.meeting_setup import event_slots


def record_attendance(session: so.Session, actor: User | None, event_id: int, meeting_id: int, code: object) -> Meeting:
    """Check-in staff (or an organiser) at the table record the side whose badge this is."""
    require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound(Text("This meeting does not exist at this event."))
    holder = _side_of(session, meeting, code)
    _seen(session, meeting, [holder.id], user=actor, participant=None)
    audit.record(
        session,
        actor,
        "meeting.attendance_recorded",
        "meeting",
        meeting.id,
        event_id=event_id,
        changes={"participant": holder.id},
    )
    return meeting


def record_attendance_as_host(session: so.Session, access_key: str, meeting_id: int, code: object) -> Meeting:
    """A side of the meeting, at their own table, scans the counterpart: both are seen."""
    me, meeting = own_published_meeting(session, access_key, meeting_id)
    holder = _side_of(session, meeting, code)
    if holder.id == me.id:
        raise ValidationError(Text("Scan the badge of the person you are meeting."), {"code": Text("This is your own badge.")})
    _seen(session, meeting, [me.id, holder.id], user=None, participant=me)
    return meeting


def _side_of(session: so.Session, meeting: Meeting, code: object) -> Participant:
    """The holder of a valid badge of this event who is one of the meeting's sides."""
    if not isinstance(code, str) or not code.strip():
        raise ValidationError(Text("Scan a badge."), {"code": Text("This field is required.")})
    try:
        claim = read_badge(secret_key(), code)  # forgeries stop here, before any lookup
        holder = session.get(Participant, claim.participant_id) if claim.event_id == meeting.event_id else None
        if holder is not None and holder.event_id != meeting.event_id:
            holder = None
        check_claim(
            claim,
            event_id=meeting.event_id,
            holder=BadgeHolder(holder.badge_version, holder.status, erased=holder.erased_at is not None)
            if holder is not None
            else None,
        )
    except InvalidBadge as refused:
        refused.fields["code"] = refused.message
        raise
    assert holder is not None  # check_claim refuses a badge of nobody we know
    if holder.id not in meeting.participant_ids:
        raise ValidationError(
            Text("This badge belongs to someone else than the two people of this meeting."),
            {"code": Text("Not a side of this meeting.")},
        )
    if not scans_open(meeting.slot.starts_at, utcnow()):
        raise Conflict(Text("This meeting has not started yet: scan badges when people sit down at the table."))
    return holder


def _seen(
    session: so.Session, meeting: Meeting, participant_ids: list[int], *, user: User | None, participant: Participant | None
) -> None:
    """Record each side once, whoever scans twice or at the same moment, then the
    outcome ``held`` when both are seen and nobody recorded another."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    recorder = {
        "recorded_at": now,
        "recorded_by_user_id": user.id if user is not None else None,
        "recorded_by_participant_id": participant.id if participant is not None else None,
    }
    for participant_id in participant_ids:
        session.execute(
            insert(MeetingAttendance)
            .values(meeting_id=meeting.id, participant_id=participant_id, **recorder)
            .on_conflict_do_nothing()
        )
    session.expire(meeting, ["attendances", "outcome"])
    if meeting.sides_seen.both and meeting.outcome is None:
        session.execute(
            insert(MeetingOutcome)
            .values(meeting_id=meeting.id, attendance=Attendance.HELD.value, interest=None, note="", **recorder)
            .on_conflict_do_nothing()
        )
        session.expire(meeting, ["outcome"])
    session.flush()


@dataclass(frozen=True)
class HallSlot:
    """The meetings of one slot in the B2B hall, for check-in staff at the tables:
    the slot running now (or the next one today), or the one they chose."""

    event: Event
    slots: list[MeetingSlot]
    slot: MeetingSlot | None
    meetings: list[Meeting]


def hall_slot(session: so.Session, actor: User | None, event_id: int, slot_id: int | None) -> HallSlot:
    event = require_event_role(session, actor, event_id, {EventRole.CHECKIN})
    slots = event_slots(session, event_id)
    if slot_id is not None:
        slot = next((s for s in slots if s.id == slot_id), None)
        if slot is None:
            raise NotFound(Text("No meeting slot of this event starts then."))
    else:
        index = slot_in_progress([(s.starts_at, s.ends_at) for s in slots], utcnow(), ZoneInfo(event.timezone))
        slot = slots[index] if index is not None else None
    if slot is None:
        return HallSlot(event, slots, None, [])
    meetings = session.scalars(
        sa.select(Meeting)
        .where(Meeting.slot_id == slot.id)
        .outerjoin(Meeting.table)
        .options(
            so.contains_eager(Meeting.table).joinedload(MeetingTable.host),
            so.joinedload(Meeting.participant_a).joinedload(Participant.organisation),
            so.joinedload(Meeting.participant_b).joinedload(Participant.organisation),
            so.selectinload(Meeting.outcome),
        )
        .order_by(MeetingTable.number, Meeting.id)
    )
    return HallSlot(event, slots, slot, list(meetings))
