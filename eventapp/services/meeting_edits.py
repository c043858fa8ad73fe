"""Editing the schedule by hand: where a pair may meet, placing, moving,
locking and removing meetings, clearing the schedule, and taking someone who
left the programme out of their meetings. Every edit tells the people whose
agenda changed once the schedule is published."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.meetings import (
    LIVE_REQUEST_STATUSES,
    Availability,
    Cell,
    MeetingPlaces,
    MeetingRequestStatus,
    SlotTimes,
    busy_slots,
    free_cells,
    open_slots,
    pair_of,
    reached_cap,
    tables_for_pair,
    taken_cells,
)
from eventapp.domain.vocabulary import EventRole, ParticipantRole
from eventapp.models import (
    AuditEntry,
    Event,
    Meeting,
    MeetingAttendance,
    MeetingRequest,
    MeetingSlot,
    MeetingTable,
    Participant,
    User,
)
from eventapp.models.base import utcnow
from eventapp.services import audit
from eventapp.services.access import require_event_role
from eventapp.services.event_problem import event_meetings
from eventapp.services.meeting_setup import (
    current_setup,
    ensure_host_tables,
    event_slots,
    event_tables,
    matchmaking_participants,
    profiles_of,
)
from eventapp.services.publishing import notify_agenda_changes
from eventapp.services.scheduler_runs import refuse_while_computing


def list_meetings(
    session: so.Session, actor: User | None, event_id: int, *, page: int = 1, per_page: int = 50
) -> tuple[list[Meeting], int]:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    query = sa.select(Meeting).where(Meeting.event_id == event_id)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    meetings = session.scalars(
        query.join(Meeting.slot)
        .outerjoin(Meeting.table)
        .options(
            so.contains_eager(Meeting.slot),
            so.contains_eager(Meeting.table),
            so.selectinload(Meeting.outcome),
            so.selectinload(Meeting.mous),
        )
        .order_by(MeetingSlot.starts_at, MeetingTable.number, Meeting.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(meetings), total


def _get_meeting(session: so.Session, event_id: int, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound(Text("This meeting does not exist at this event."))
    return meeting


def get_meeting(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> Meeting:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return _get_meeting(session, event_id, meeting_id)


def _refuse_if_held(meeting: Meeting) -> None:
    if meeting.outcome is not None:
        raise Conflict(Text("This meeting's outcome is recorded: it can no longer be moved or removed."))


@dataclass(frozen=True)
class Placement:
    """Where a pair may meet: the free cells, or why there is none."""

    a: Participant
    b: Participant
    cells: list[tuple[Cell, MeetingSlot, MeetingTable | None]]
    problem: Text | None
    meeting: Meeting | None = None


def _matchmaking_person(session: so.Session, event_id: int, participant_id: int) -> Participant:
    people = {p.id: p for p in matchmaking_participants(session, event_id)}
    if participant_id not in people:
        raise NotFound(Text("This participant is not an approved buyer or exhibitor of this event."))
    return people[participant_id]


def placement_for(session: so.Session, event: Event, a: Participant, b: Participant, meeting: Meeting | None = None) -> Placement:
    setup = current_setup(session, event)
    slots = event_slots(session, event.id)
    profiles = profiles_of(session, [a.id, b.id])
    others = [m for m in event_meetings(session, event.id) if meeting is None or m.id != meeting.id]
    busy = busy_slots((m.participant_ids, m.slot_id) for m in others)
    availability = {
        person_id: Availability(profile.available_from, profile.available_until, profile.max_meetings)
        for person_id, profile in profiles.items()
    }
    for person in (a, b):
        if reached_cap(availability.get(person.id), busy.get(person.id, set())):
            return Placement(
                a,
                b,
                [],
                Text(
                    "%(name)s already has as many meetings as allowed (%(cap)s).",
                    {"name": person.full_name, "cap": profiles[person.id].max_meetings},
                ),
                meeting,
            )
    both_free = open_slots(
        [SlotTimes(slot.id, slot.starts_at, slot.ends_at) for slot in slots],
        [(availability.get(person.id), busy.get(person.id, set())) for person in (a, b)],
    )
    tables = event_tables(session, event.id)
    hosts = {t.host_organisation_id: t.id for t in tables if t.host_organisation_id is not None}

    def host_table(person: Participant) -> int | None:
        if setup.places != MeetingPlaces.HOST or person.role != ParticipantRole.BUYER:
            return None
        return hosts.get(person.organisation_id)

    pool = [t.id for t in tables if t.host_organisation_id is None]
    allowed = tables_for_pair(setup.places, host_table(a), host_table(b), pool if setup.places == MeetingPlaces.POOL else [])
    if allowed is None:
        return Placement(
            a, b, [], Text("No table can hold this pair: each hosts a different table, or there is no table for them."), meeting
        )
    taken = taken_cells((m.table_id, m.slot_id) for m in others)
    slot_by_id = {slot.id: slot for slot in slots}
    table_by_id = {table.id: table for table in tables}
    cells = free_cells([slot.id for slot in slots], allowed, open_slots=both_free, taken_cells=taken)
    found = [
        (cell, slot_by_id[cell.slot_id], None if cell.table_id is None else table_by_id.get(cell.table_id)) for cell in cells
    ]
    problem = None if found else Text("No free cell: whenever both are there and free, the tables they could use are taken.")
    return Placement(a, b, found, problem, meeting)


def _has_live_request(session: so.Session, a: int, b: int) -> bool:
    return (
        session.scalar(
            sa.select(MeetingRequest.id)
            .where(
                MeetingRequest.status.in_(LIVE_REQUEST_STATUSES),
                sa.or_(
                    sa.and_(MeetingRequest.from_participant_id == a, MeetingRequest.to_participant_id == b),
                    sa.and_(MeetingRequest.from_participant_id == b, MeetingRequest.to_participant_id == a),
                ),
            )
            .limit(1)
        )
        is not None
    )


def _host_tables_ready(session: so.Session, event: Event) -> None:
    if current_setup(session, event).places == MeetingPlaces.HOST:
        ensure_host_tables(session, event.id)


def move_options(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> Placement:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meeting = _get_meeting(session, event_id, meeting_id)
    return placement_for(session, event, meeting.participant_a, meeting.participant_b, meeting)


def place_options(session: so.Session, actor: User | None, event_id: int, a_id: int, b_id: int) -> Placement:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    a, b = (_matchmaking_person(session, event_id, pid) for pid in pair_of(a_id, b_id))
    return placement_for(session, event, a, b)


def _check_cell(placement: Placement, slot_id: int, table_id: int | None) -> tuple[MeetingSlot, MeetingTable | None]:
    for cell, slot, table in placement.cells:
        if cell == Cell(slot_id, table_id):
            return slot, table
    raise ValidationError(placement.problem or Text("This cell is not free for both participants. Choose one of the free cells."))


def move_meeting(
    session: so.Session, actor: User | None, event_id: int, meeting_id: int, slot_id: int, table_id: int | None
) -> Meeting:
    """Move a meeting to a free cell; a meeting moved by hand is locked."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    refuse_while_computing(session, event_id)
    _host_tables_ready(session, event)
    meeting = _get_meeting(session, event_id, meeting_id)
    _refuse_if_held(meeting)
    slot, table = _check_cell(
        placement_for(session, event, meeting.participant_a, meeting.participant_b, meeting), slot_id, table_id
    )
    cell_before = [meeting.slot_id, meeting.table_id]
    if (meeting.slot_id, meeting.table_id) != (slot.id, table_id):
        meeting.move_to(slot, table)
        notify_agenda_changes(session, event, current_setup(session, event), set(meeting.participant_ids))
    meeting.locked = True
    session.flush()
    audit.record(
        session,
        actor,
        "meeting.moved",
        "meeting",
        meeting.id,
        event_id=event_id,
        changes={"cell": [cell_before, [slot.id, table_id]], "locked": True},
    )
    return meeting


def place_meeting(
    session: so.Session, actor: User | None, event_id: int, a_id: int, b_id: int, slot_id: int, table_id: int | None
) -> Meeting:
    """Seat a requested pair by hand in a free cell; the meeting is locked."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    return _seat_pair(session, actor, event, pair_of(a_id, b_id), Cell(slot_id, table_id), locked=True, action="meeting.placed")


def place_standby_meeting(session: so.Session, actor: User | None, event: Event, pair: tuple[int, int], cell: Cell) -> Meeting:
    """Seat a standby pair on the day, locked; the caller tells the two people
    (a meeting now, not a new agenda)."""
    return _seat_pair(session, actor, event, pair_of(*pair), cell, locked=True, action="meeting.standby_placed", notify=False)


def _seat_pair(
    session: so.Session,
    actor: User | None,
    event: Event,
    pair: tuple[int, int],
    cell: Cell,
    *,
    locked: bool,
    action: str,
    notify: bool = True,
) -> Meeting:
    refuse_while_computing(session, event.id)
    _host_tables_ready(session, event)
    a, b = (_matchmaking_person(session, event.id, pid) for pid in pair)
    if not _has_live_request(session, a.id, b.id):
        raise ValidationError(
            Text("Only a requested pair can meet: neither has a meeting request to the other that is pending or accepted.")
        )
    if (
        session.scalar(sa.select(Meeting.id).where(Meeting.participant_a_id == a.id, Meeting.participant_b_id == b.id))
        is not None
    ):
        raise Conflict(Text("These two already have a meeting."))
    slot, table = _check_cell(placement_for(session, event, a, b), cell.slot_id, cell.table_id)
    meeting = Meeting(event_id=event.id, participant_a_id=a.id, participant_b_id=b.id, locked=locked)
    session.add(meeting)
    meeting.seat_at(slot, table)
    session.flush()
    if notify:
        notify_agenda_changes(session, event, current_setup(session, event), {a.id, b.id})
    audit.record(
        session,
        actor,
        action,
        "meeting",
        meeting.id,
        event_id=event.id,
        changes={"participants": [a.id, b.id], "cell": [slot.id, cell.table_id]},
    )
    return meeting


def set_locked(session: so.Session, actor: User | None, event_id: int, meeting_id: int, locked: bool) -> Meeting:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    refuse_while_computing(session, event_id)
    meeting = _get_meeting(session, event_id, meeting_id)
    if meeting.locked != bool(locked):
        audit.record(
            session,
            actor,
            "meeting.locked" if locked else "meeting.unlocked",
            "meeting",
            meeting.id,
            event_id=event_id,
            changes={"locked": [meeting.locked, bool(locked)]},
        )
    meeting.locked = bool(locked)
    session.flush()
    return meeting


def remove_meeting(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> None:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    refuse_while_computing(session, event_id)
    meeting = _get_meeting(session, event_id, meeting_id)
    _refuse_if_held(meeting)
    people = set(meeting.participant_ids)
    removed = {
        "participants": sorted(people),
        "cell": [meeting.slot_id, meeting.table_id],
        "locked": meeting.locked,
        # Who was already seen at the table goes into the log, and comes back with an undo.
        "seen": [
            {
                "participant": seen.participant_id,
                "recorded_at": seen.recorded_at.isoformat(),
                "by_user": seen.recorded_by_user_id,
                "by_participant": seen.recorded_by_participant_id,
            }
            for seen in meeting.attendances
        ],
    }
    session.delete(meeting)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), people)
    audit.record(session, actor, "meeting.removed", "meeting", meeting_id, event_id=event_id, changes=removed)


# How long after removing a meeting its remover may still take it back.
UNDO_WINDOW = timedelta(minutes=15)


def restore_meeting(session: so.Session, actor: User | None, event_id: int, meeting_id: int) -> Meeting:
    """Undo a removal: the same pair back in the same cell, as locked as it
    was. Read from the audit log, so only what was really removed comes back,
    by the organiser who removed it, shortly after; the cell must still be free."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    removal = session.scalar(
        sa.select(AuditEntry)
        .where(
            AuditEntry.event_id == event_id,
            AuditEntry.action == "meeting.removed",
            AuditEntry.target_type == "meeting",
            AuditEntry.target_id == meeting_id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if removal is None or actor is None or removal.actor_id != actor.id or utcnow() - removal.at > UNDO_WINDOW:
        raise NotFound(Text("There is no removal of this meeting to undo any more."))
    a_id, b_id = removal.changes["participants"]
    slot_id, table_id = removal.changes["cell"]
    meeting = _seat_pair(
        session,
        actor,
        event,
        pair_of(a_id, b_id),
        Cell(slot_id, table_id),
        locked=bool(removal.changes.get("locked")),
        action="meeting.restored",
    )
    for seen in removal.changes.get("seen", []):
        meeting.attendances.append(
            MeetingAttendance(
                participant_id=seen["participant"],
                recorded_at=datetime.fromisoformat(seen["recorded_at"]),
                recorded_by_user_id=seen["by_user"],
                recorded_by_participant_id=seen["by_participant"],
            )
        )
    session.flush()
    return meeting


def drop_meeting_of_pair(session: so.Session, event: Event, a: int, b: int) -> bool:
    """Remove the pair's meeting when nobody wants it any more (a request
    declined or withdrawn); a meeting that already happened stays."""
    pair = pair_of(a, b)
    meeting = session.scalar(sa.select(Meeting).where(Meeting.participant_a_id == pair[0], Meeting.participant_b_id == pair[1]))
    if meeting is None or meeting.outcome is not None or _has_live_request(session, *pair):
        return False
    session.delete(meeting)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), set(pair))
    return True


@dataclass(frozen=True)
class ClearPreview:
    meetings: int  # removed: every meeting whose outcome is not recorded
    people: int  # e-mailed their new agenda, when the schedule is published
    published: bool


def clear_preview(session: so.Session, actor: User | None, event_id: int) -> ClearPreview:
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meetings = [m for m in event_meetings(session, event_id) if m.outcome is None]
    people = {pid for meeting in meetings for pid in meeting.participant_ids}
    return ClearPreview(
        meetings=len(meetings), people=len(people), published=current_setup(session, event).published_at is not None
    )


def clear_schedule(session: so.Session, actor: User | None, event_id: int) -> int:
    """Remove every meeting whose outcome is not recorded, locked ones included."""
    event = require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    refuse_while_computing(session, event_id)
    meetings = [m for m in event_meetings(session, event_id) if m.outcome is None]
    people = {person for m in meetings for person in m.participant_ids}
    for meeting in meetings:
        session.delete(meeting)
    session.flush()
    notify_agenda_changes(session, event, current_setup(session, event), people)
    audit.record(session, actor, "schedule.cleared", "event", event_id, event_id=event_id, changes={"meetings": len(meetings)})
    return len(meetings)


def leave_meetings(session: so.Session, participant: Participant) -> None:
    """Take someone whose registration is no longer approved out of the
    meetings, in the caller's transaction: their meetings go (except those with
    an outcome, which are history), their pending requests are withdrawn
    (nobody can answer them now), and once the schedule is published the
    people who were to meet them get their new agenda. Accepted requests stay
    on record: if the registration is approved again, the pair is scheduled
    again. ``registration`` calls this whenever a status leaves ``approved``."""
    meetings = session.scalars(
        sa.select(Meeting)
        .where(sa.or_(Meeting.participant_a_id == participant.id, Meeting.participant_b_id == participant.id))
        .options(so.selectinload(Meeting.outcome), so.selectinload(Meeting.seats))
    ).all()
    counterparts: set[int] = set()
    for meeting in meetings:
        if meeting.outcome is None:
            counterparts.add(meeting.counterpart_of(participant.id).id)
            session.delete(meeting)
    pending = session.scalars(
        sa.select(MeetingRequest).where(
            MeetingRequest.status == MeetingRequestStatus.PENDING,
            sa.or_(MeetingRequest.from_participant_id == participant.id, MeetingRequest.to_participant_id == participant.id),
        )
    )
    for request in pending:
        request.status = MeetingRequestStatus.WITHDRAWN.value
    session.flush()
    notify_agenda_changes(session, participant.event, current_setup(session, participant.event), counterparts)
