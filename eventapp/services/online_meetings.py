"""The video-room link of an online meeting (see ``domain.online_meetings``): a
meeting is online when its session is. The base is ``ONLINE_MEETING_BASE_URL``
(a self-hosted Jitsi Meet, for instance)."""

from flask import current_app

from eventapp.domain.online_meetings import room_name, room_url
from eventapp.models import Meeting


def online_url(meeting: Meeting) -> str | None:
    """The meeting's room, or None when it happens at a table or a booth."""
    if not meeting.slot.session.online:
        return None
    room = room_name(current_app.config["SECRET_KEY"], meeting.event_id, meeting.id)
    return room_url(current_app.config["ONLINE_MEETING_BASE_URL"], room)
