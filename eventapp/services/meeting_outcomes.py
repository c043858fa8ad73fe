"""What came of each meeting: held or no-show, and the interest (none,
follow-up, deal), recorded by either side from their private page or by an
organiser. Meetings that led to a deal are where MoUs come from: an MoU may
refer to ``Meeting.id``, which never changes once an outcome is recorded (such
meetings are never moved or removed).
"""

from dataclasses import dataclass

import sqlalchemy.orm as so

from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.meetings import NOTE_MAX, Attendance, Interest, textarea_text
from eventapp.domain.vocabulary import EventRole, values
from eventapp.models import Meeting, MeetingOutcome, Participant, User
from eventapp.models.base import utcnow
from eventapp.services import audit
from eventapp.services.access import require_event_role
from eventapp.services.agendas import own_published_meeting


@dataclass(frozen=True)
class OutcomeInput:
    attendance: object
    interest: object = None
    note: object = ""


def _clean(data: OutcomeInput) -> tuple[str, str | None, str]:
    fields: dict[str, Text] = {}
    attendance = data.attendance if isinstance(data.attendance, str) and data.attendance in values(Attendance) else None
    if attendance is None:
        fields["attendance"] = Text("Choose whether the meeting was held.")
    interest = data.interest if isinstance(data.interest, str) and data.interest else None
    if attendance == Attendance.HELD:
        if interest not in values(Interest):
            fields["interest"] = Text("Choose the interest shown at the meeting.")
    else:
        interest = None
    note = textarea_text(data.note) if isinstance(data.note, str) else ""
    if len(note) > NOTE_MAX:
        fields["note"] = Text("At most %(limit)s characters.", {"limit": NOTE_MAX})
    # A missing attendance has its message in ``fields`` already; naming it lets the checker see it is set below.
    if fields or attendance is None:
        raise ValidationError(Text("Please correct the highlighted fields."), fields)
    return attendance, interest, note


def _write(
    session: so.Session, meeting: Meeting, data: OutcomeInput, *, participant: Participant | None, user: User | None
) -> MeetingOutcome:
    attendance, interest, note = _clean(data)
    if meeting.slot.starts_at > utcnow():
        raise Conflict(Text("The outcome can be recorded once the meeting has started."))
    outcome = meeting.outcome or MeetingOutcome(meeting_id=meeting.id)
    outcome.attendance, outcome.interest, outcome.note = attendance, interest, note
    outcome.recorded_at = utcnow()
    outcome.recorded_by_participant_id = participant.id if participant is not None else None
    outcome.recorded_by_user_id = user.id if user is not None else None
    if meeting.outcome is None:
        session.add(outcome)
        meeting.outcome = outcome
    session.flush()
    return outcome


def record_own_outcome(session: so.Session, access_key: str, meeting_id: int, data: OutcomeInput) -> MeetingOutcome:
    """Either side of a meeting records what came of it, from their private page."""
    me, meeting = own_published_meeting(session, access_key, meeting_id)
    return _write(session, meeting, data, participant=me, user=None)


def record_outcome(session: so.Session, actor: User | None, event_id: int, meeting_id: int, data: OutcomeInput) -> MeetingOutcome:
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event_id:
        raise NotFound(Text("This meeting does not exist at this event."))
    before = (meeting.outcome.attendance, meeting.outcome.interest) if meeting.outcome is not None else (None, None)
    outcome = _write(session, meeting, data, participant=None, user=actor)
    changes = audit.changed_fields(
        {"attendance": before[0], "interest": before[1]}, {"attendance": outcome.attendance, "interest": outcome.interest}
    )
    audit.record(session, actor, "meeting_outcome.recorded", "meeting", meeting.id, event_id=event_id, changes=changes)
    return outcome
