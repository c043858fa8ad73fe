"""Demo step: the B2B hall of Sóc Trăng 2020 on its first morning, after the
door (``demo.checkin``) let people in. A few meetings of the first two slots were
confirmed by a scan at the table (both sides seen, so held), one side of a
meeting of the second slot was seen and the other not, and a meeting of a later
slot was called off, freeing a table that a pair on standby can take.

Rows are written as they are (no e-mail leaves a demo), timed in the morning of
the meetings so the data is the same on every run. An event whose meetings have
attendance already is left as it is.
"""

from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.demo.checkin import CHECKIN
from eventapp.demo.result import DemoResult
from eventapp.domain.meetings import Attendance, MeetingRequestStatus, RequestPriority
from eventapp.domain.vocabulary import ParticipantRole
from eventapp.models import Event, Meeting, MeetingAttendance, MeetingOutcome, MeetingRequest, MeetingSlot, User
from eventapp.services import standby
from eventapp.services.meeting_setup import event_slots, matchmaking_participants

EVENT_KEY = "soctrang"
# Meetings of the first two slots confirmed by a scan at the table.
CONFIRMED = 4
# Meetings tried for a cancellation whose freed cell someone on standby can take.
MAX_TRIES = 20


def seed(session: so.Session, result: DemoResult) -> None:
    event = result.events.get(EVENT_KEY)
    if event is None or _has_attendance(session, event):
        return
    slots = event_slots(session, event.id)
    meetings = list(session.scalars(sa.select(Meeting).where(Meeting.event_id == event.id).order_by(Meeting.id)))
    if len(slots) < 2 or not meetings:
        return
    present = standby.scanned_on_the_day(session, event, slots[0])
    staff = session.scalar(sa.select(User).where(User.email == CHECKIN[0]))
    slot_of = {slot.id: slot for slot in slots[:2]}
    early = sorted((m for m in meetings if m.slot_id in slot_of), key=lambda m: (slot_of[m.slot_id].starts_at, m.id))
    # Of a meeting of the second slot, the side who came was seen; the other did not come.
    half_seen = [
        (meeting, side)
        for meeting in early
        if meeting.slot_id == slots[1].id
        for side in meeting.participant_ids
        if side in present
    ][:1]
    not_all_there = {meeting.id for meeting, _side in half_seen}
    confirmed = [m for m in early if set(m.participant_ids) <= present and m.id not in not_all_there][:CONFIRMED]
    for meeting in confirmed:
        slot = slot_of[meeting.slot_id]
        _seen(session, meeting, meeting.participant_ids, slot, staff)
        session.add(
            MeetingOutcome(
                meeting_id=meeting.id,
                attendance=Attendance.HELD.value,
                recorded_at=slot.starts_at + timedelta(minutes=4),
                recorded_by_user_id=staff.id if staff else None,
            )
        )
    for meeting, side in half_seen:
        _seen(session, meeting, (side,), slots[1], staff)
    session.flush()
    freed = _cancelled_on_the_day(session, event, slots, present)
    result.loaded.append(
        f"event {event.id}: {len(confirmed)} meetings confirmed by a scan at the table, "
        f"{len(half_seen)} with one side seen, "
        + (f"a freed cell at slot {freed.id} with a pair on standby" if freed else "no pair on standby")
    )


def _has_attendance(session: so.Session, event: Event) -> bool:
    return (
        session.scalar(
            sa.select(MeetingAttendance.meeting_id)
            .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
            .where(Meeting.event_id == event.id)
            .limit(1)
        )
        is not None
    )


def _seen(session: so.Session, meeting: Meeting, sides: tuple[int, ...], slot: MeetingSlot, staff: User | None) -> None:
    for minute, participant_id in enumerate(sides, start=1):
        session.add(
            MeetingAttendance(
                meeting_id=meeting.id,
                participant_id=participant_id,
                recorded_at=slot.starts_at + timedelta(minutes=minute),
                recorded_by_user_id=staff.id if staff else None,
            )
        )


def _cancelled_on_the_day(session: so.Session, event: Event, slots: list[MeetingSlot], present: set[int]) -> MeetingSlot | None:
    """A producer called off a meeting of a later slot (their request withdrawn,
    the meeting gone), which frees a table: the slot, once the standby service
    offers someone for it. The tables are full, so the pairs the scheduler left
    out may fill it; if none of them is free then, a producer who came asked
    that buyer on the day and was accepted."""
    producers = [p for p in matchmaking_participants(session, event.id) if p.id in present and p.role != ParticipantRole.BUYER]
    tries = 0
    for slot in slots[2:]:
        at_slot = list(session.scalars(sa.select(Meeting).where(Meeting.slot_id == slot.id).order_by(Meeting.id)))
        busy = {person for meeting in at_slot for person in meeting.participant_ids}
        for meeting in at_slot:
            buyer = next((p for p in (meeting.participant_a, meeting.participant_b) if p.role == ParticipantRole.BUYER), None)
            if meeting.table_id is None or buyer is None or buyer.id not in present:
                continue
            tries += 1
            if tries > MAX_TRIES:
                return None
            attempt = session.begin_nested()
            for request in session.scalars(
                sa.select(MeetingRequest).where(
                    sa.or_(
                        sa.and_(
                            MeetingRequest.from_participant_id == meeting.participant_a_id,
                            MeetingRequest.to_participant_id == meeting.participant_b_id,
                        ),
                        sa.and_(
                            MeetingRequest.from_participant_id == meeting.participant_b_id,
                            MeetingRequest.to_participant_id == meeting.participant_a_id,
                        ),
                    )
                )
            ):
                request.status = MeetingRequestStatus.WITHDRAWN.value
            session.delete(meeting)
            session.flush()
            if not standby.pairs_at(session, event, slot):
                asker = next((p for p in producers if p.id not in busy and not _asked(session, p.id, buyer.id)), None)
                if asker is not None:
                    session.add(
                        MeetingRequest(
                            event_id=event.id,
                            from_participant_id=asker.id,
                            to_participant_id=buyer.id,
                            priority=RequestPriority.MUST,
                            message="Chúng tôi có mặt tại hội trường: xin được gặp nếu có bàn trống.",
                            status=MeetingRequestStatus.ACCEPTED.value,
                            answered_at=slot.starts_at - timedelta(minutes=30),
                        )
                    )
                    session.flush()
            if standby.pairs_at(session, event, slot):
                attempt.commit()
                return slot
            attempt.rollback()
    return None


def _asked(session: so.Session, a: int, b: int) -> bool:
    return (
        session.scalar(
            sa.select(MeetingRequest.id).where(
                sa.or_(
                    sa.and_(MeetingRequest.from_participant_id == a, MeetingRequest.to_participant_id == b),
                    sa.and_(MeetingRequest.from_participant_id == b, MeetingRequest.to_participant_id == a),
                )
            )
        )
        is not None
    )
