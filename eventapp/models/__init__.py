"""SQLAlchemy models. Importing this package registers every table with the
metadata, which Alembic and the tests rely on."""

from eventapp.models.accounts import ApiToken, Membership, User
from eventapp.models.base import Base
from eventapp.models.checkin import Scan
from eventapp.models.events import Event
from eventapp.models.matchmaking import (
    MatchmakingProfile,
    MatchmakingSetup,
    Meeting,
    MeetingAttendance,
    MeetingBreak,
    MeetingOutcome,
    MeetingRequest,
    MeetingSeat,
    MeetingSession,
    MeetingSlot,
    MeetingTable,
    ScheduleRun,
)
from eventapp.models.mou import Mou, MouAudit, MouCategory, MouParty, MouProductGroup
from eventapp.models.people import Organisation, Participant, Product

__all__ = [
    "ApiToken",
    "Base",
    "Event",
    "MatchmakingProfile",
    "MatchmakingSetup",
    "Meeting",
    "MeetingAttendance",
    "MeetingBreak",
    "MeetingOutcome",
    "MeetingRequest",
    "MeetingSeat",
    "MeetingSession",
    "MeetingSlot",
    "MeetingTable",
    "Membership",
    "Mou",
    "MouAudit",
    "MouCategory",
    "MouParty",
    "MouProductGroup",
    "Organisation",
    "Participant",
    "Product",
    "Scan",
    "ScheduleRun",
    "User",
]
