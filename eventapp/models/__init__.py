"""SQLAlchemy models. Importing this package registers every table with the
metadata, which Alembic and the tests rely on."""

from eventapp.models.accounts import ApiToken, LoginLockout, Membership, User
from eventapp.models.audit import AuditEntry
from eventapp.models.base import Base
from eventapp.models.board import BoardAnalysis, PairWithoutMeeting
from eventapp.models.checkin import CheckinList, CheckinListDay, CheckinListRole, CheckinTally, Scan
from eventapp.models.events import Event, EventCapacity, EventSeries
from eventapp.models.jobs import Job
from eventapp.models.mail import OutgoingEmail
from eventapp.models.meetings import (
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
from eventapp.models.mou import Mou, MouCategory, MouParty, MouProductGroup
from eventapp.models.people import Organisation, Participant, Product, ProductPhoto
from eventapp.models.privacy import Consent, PrivacyNotice
from eventapp.models.questions import EventQuestion, ParticipantAnswer
from eventapp.models.registration_changes import RegistrationChange

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "BoardAnalysis",
    "CheckinList",
    "CheckinListDay",
    "CheckinListRole",
    "CheckinTally",
    "Consent",
    "Event",
    "EventCapacity",
    "EventQuestion",
    "EventSeries",
    "Job",
    "LoginLockout",
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
    "MouCategory",
    "MouParty",
    "MouProductGroup",
    "Organisation",
    "OutgoingEmail",
    "PairWithoutMeeting",
    "Participant",
    "ParticipantAnswer",
    "PrivacyNotice",
    "Product",
    "ProductPhoto",
    "RegistrationChange",
    "Scan",
    "ScheduleRun",
    "User",
]
