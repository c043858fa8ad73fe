"""The video-room link of an online meeting (see ``domain.online_meetings``): a
meeting is online when its session is (a wholly online session), or when its
table is (a hybrid event: a distributor who joins from their office, the rest
in the hall). The base is ``ONLINE_MEETING_BASE_URL`` (a self-hosted Jitsi
Meet, for instance)."""

import sqlalchemy.orm as so
from flask import current_app

from eventapp.domain.online_meetings import parse_table_numbers, room_name, room_url
from eventapp.domain.vocabulary import EventRole
from eventapp.models import Meeting, User
from eventapp.services import audit
from eventapp.services.access import require_event_role
from eventapp.services.meeting_setup import event_tables


def online_url(meeting: Meeting) -> str | None:
    """The meeting's room, or None when it happens at a table or a booth in the hall."""
    if not (meeting.slot.session.online or (meeting.table is not None and meeting.table.online)):
        return None
    room = room_name(current_app.config["SECRET_KEY"], meeting.event_id, meeting.id)
    return room_url(current_app.config["ONLINE_MEETING_BASE_URL"], room)


def set_online_tables(session: so.Session, actor: User | None, event_id: int, numbers_text: str) -> frozenset[int]:
    """Make exactly the tables numbered in ``numbers_text`` online (organisers)."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    tables = event_tables(session, event_id)
    online = parse_table_numbers(numbers_text, {table.number for table in tables})
    before = sorted(table.number for table in tables if table.online)
    for table in tables:
        table.online = table.number in online
    session.flush()
    if before != sorted(online):
        audit.record(
            session,
            actor,
            "meeting_tables.online_changed",
            "event",
            event_id,
            event_id=event_id,
            changes={"online_tables": [before, sorted(online)]},
        )
    return online
