"""B2B matchmaking: the meeting grid of an event, the requests people send each
other, the meetings the scheduler or the organisers place, and what came of them.

The database is the last line of defence against double booking: every meeting
has one ``meeting_seat`` per participant, unique per participant and slot, and a
meeting is unique per table and slot. A seat names its slot through a composite
foreign key to ``(meeting.id, meeting.slot_id)``, so a seat can never sit in
another slot than its meeting.

Relationships delete their children through the ORM rather than relying on
``ON DELETE CASCADE``, which SQLite only honours with a pragma the app does not set.
"""

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.meeting_attendance import SidesSeen
from eventapp.domain.meetings import (
    MESSAGE_MAX,
    NOTE_MAX,
    SOURCING_MAX,
    Attendance,
    Interest,
    MeetingPlaces,
    MeetingRequestStatus,
    ScheduleRunStatus,
    table_code,
)
from eventapp.domain.scheduling import Objective
from eventapp.domain.vocabulary import values
from eventapp.models.base import Base, TimestampMixin, UTCDateTime, one_of, utcnow
from eventapp.models.events import Event
from eventapp.models.people import Organisation, Participant

if TYPE_CHECKING:
    from eventapp.models.mou import Mou

MAX_TIME_LIMIT = 300
"""Seconds: what an event's time limit may be, for a run in the background
(a job; a national-size event needs minutes)."""
REQUEST_TIME_LIMIT = 25
"""Seconds. A run inside a web request (see services.scheduler_runs) stops at
this whatever the event's limit, well within gunicorn's 30-second timeout."""


class MatchmakingSetup(TimestampMixin, Base):
    """How an event runs its one-to-one meetings; one row per event, created
    the first time an organiser opens the matchmaking setup."""

    __tablename__ = "matchmaking_setup"
    __table_args__ = (
        one_of("objective", values(Objective), "objective_known"),
        one_of("places", values(MeetingPlaces), "places_known"),
        sa.CheckConstraint(f"time_limit BETWEEN 1 AND {MAX_TIME_LIMIT}", name="time_limit_range"),
    )

    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    objective: so.Mapped[str] = so.mapped_column(sa.String(10), default=Objective.FAIR.value)
    places: so.Mapped[str] = so.mapped_column(sa.String(10), default=MeetingPlaces.HOST.value)
    # Whether requests the other side has not answered yet are scheduled: at an
    # OCOP conference distributors rarely answer 150 requests before the day.
    include_pending: so.Mapped[bool] = so.mapped_column(default=True)
    requests_open: so.Mapped[bool] = so.mapped_column(default=True)
    time_limit: so.Mapped[int] = so.mapped_column(sa.SmallInteger, default=10)
    published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    @property
    def runs_in_background(self) -> bool:
        """The board runs the scheduler as a job when a request could not wait for it."""
        return self.time_limit > REQUEST_TIME_LIMIT

    event: so.Mapped[Event] = so.relationship()


class MeetingSession(Base):
    """A block of meeting time on one day, cut into slots (local times of the
    event's time zone)."""

    __tablename__ = "meeting_session"
    __table_args__ = (
        sa.CheckConstraint("ends > starts", name="times_in_order"),
        sa.CheckConstraint("slot_minutes BETWEEN 5 AND 240", name="slot_length_range"),
        sa.CheckConstraint("changeover_minutes BETWEEN 0 AND 60", name="changeover_range"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    day: so.Mapped[date]
    starts: so.Mapped[time]
    ends: so.Mapped[time]
    slot_minutes: so.Mapped[int] = so.mapped_column(sa.SmallInteger)
    # Minutes between two slots for people to change tables.
    changeover_minutes: so.Mapped[int] = so.mapped_column(sa.SmallInteger, default=0)
    # Its meetings happen in video rooms (services.online_meetings), not at tables.
    online: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())

    breaks: so.Mapped[list["MeetingBreak"]] = so.relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="MeetingBreak.starts"
    )
    slots: so.Mapped[list["MeetingSlot"]] = so.relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="MeetingSlot.starts_at"
    )


class MeetingBreak(Base):
    """A pause inside a session (coffee, a plenary talk): no slot overlaps it."""

    __tablename__ = "meeting_break"
    __table_args__ = (sa.CheckConstraint("ends > starts", name="times_in_order"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("meeting_session.id", ondelete="CASCADE"), index=True)
    starts: so.Mapped[time]
    ends: so.Mapped[time]

    session: so.Mapped[MeetingSession] = so.relationship(back_populates="breaks")


class MeetingSlot(Base):
    """One time slot of the grid, generated from its session."""

    __tablename__ = "meeting_slot"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "starts_at"),
        sa.CheckConstraint("ends_at > starts_at", name="times_in_order"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    session_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("meeting_session.id", ondelete="CASCADE"), index=True)
    starts_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    ends_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    session: so.Mapped[MeetingSession] = so.relationship(back_populates="slots")


class MeetingTable(Base):
    """A numbered table: hosted by one buyer organisation (a distributor's
    team sits there and every meeting of its buyers happens there, one per
    slot), or shared from the pool."""

    __tablename__ = "meeting_table"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "number"),
        sa.UniqueConstraint("event_id", "host_organisation_id"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    number: so.Mapped[int]
    host_organisation_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organisation.id"))
    # Its meetings happen in a video room of their own (services.online_meetings).
    online: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())

    host: so.Mapped[Organisation | None] = so.relationship()

    @property
    def code(self) -> str:
        return table_code(self.number)


class MatchmakingProfile(TimestampMixin, Base):
    """A participant's matchmaking details: when they are there, how many
    meetings they want at most, and (buyers) what they source."""

    __tablename__ = "matchmaking_profile"
    __table_args__ = (
        sa.CheckConstraint("max_meetings IS NULL OR max_meetings >= 0", name="max_meetings_not_negative"),
        sa.CheckConstraint(
            "available_from IS NULL OR available_until IS NULL OR available_until > available_from", name="availability_in_order"
        ),
    )

    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    available_from: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    available_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    max_meetings: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    sourcing: so.Mapped[str] = so.mapped_column(sa.String(SOURCING_MAX), default="")

    participant: so.Mapped[Participant] = so.relationship()


class MeetingRequest(TimestampMixin, Base):
    """One side asks the other for a meeting. Two requests in opposite
    directions make the pair mutual."""

    __tablename__ = "meeting_request"
    __table_args__ = (
        sa.UniqueConstraint("from_participant_id", "to_participant_id"),
        sa.CheckConstraint("from_participant_id <> to_participant_id", name="not_to_oneself"),
        sa.CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
        one_of("status", values(MeetingRequestStatus), "status_known"),
        sa.Index("ix_meeting_request_event_status", "event_id", "status"),
        # The organisers' list, newest first, reads one page of it, not every request of a national event.
        sa.Index("ix_meeting_request_event_created", "event_id", "created_at", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    from_participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    to_participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    priority: so.Mapped[int] = so.mapped_column(sa.SmallInteger, default=1)
    message: so.Mapped[str] = so.mapped_column(sa.String(MESSAGE_MAX), default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default=MeetingRequestStatus.PENDING.value)
    created_by_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    sender: so.Mapped[Participant] = so.relationship(foreign_keys=[from_participant_id])
    recipient: so.Mapped[Participant] = so.relationship(foreign_keys=[to_participant_id])


class Meeting(TimestampMixin, Base):
    """A meeting of two participants in one slot, at a table or (booths) none.

    ``participant_a_id < participant_b_id`` makes the pair canonical, so a pair
    meets at most once. The id stays when the meeting moves (calendars and MoUs
    refer to it).
    """

    __tablename__ = "meeting"
    __table_args__ = (
        sa.UniqueConstraint("participant_a_id", "participant_b_id"),
        sa.UniqueConstraint("table_id", "slot_id"),
        sa.UniqueConstraint("id", "slot_id"),
        # Lets an MoU's foreign key require a meeting of its own event.
        sa.UniqueConstraint("event_id", "id"),
        sa.CheckConstraint("participant_a_id < participant_b_id", name="pair_ordered"),
        sa.Index("ix_meeting_event_slot", "event_id", "slot_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    participant_a_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    participant_b_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    slot_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("meeting_slot.id"))
    table_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("meeting_table.id"))
    # Kept as it is when the scheduler runs again.
    locked: so.Mapped[bool] = so.mapped_column(default=False)

    event: so.Mapped[Event] = so.relationship()
    participant_a: so.Mapped[Participant] = so.relationship(foreign_keys=[participant_a_id])
    participant_b: so.Mapped[Participant] = so.relationship(foreign_keys=[participant_b_id])
    slot: so.Mapped[MeetingSlot] = so.relationship()
    table: so.Mapped[MeetingTable | None] = so.relationship()
    seats: so.Mapped[list["MeetingSeat"]] = so.relationship(back_populates="meeting", cascade="all, delete-orphan")
    # Loaded with every meeting: the API's meetings and the board show them.
    attendances: so.Mapped[list["MeetingAttendance"]] = so.relationship(
        back_populates="meeting", cascade="all, delete-orphan", lazy="selectin"
    )
    outcome: so.Mapped["MeetingOutcome | None"] = so.relationship(back_populates="meeting")
    # The MoUs signed after this meeting. passive_deletes="all": removing a
    # meeting that led to an MoU is refused by the database's foreign key,
    # never done by quietly unlinking the MoU.
    mous: so.Mapped[list["Mou"]] = so.relationship(
        back_populates="meeting",
        primaryjoin="Meeting.id == foreign(Mou.meeting_id)",
        order_by="[Mou.signed_on, Mou.id]",
        passive_deletes="all",
    )

    def counterpart_of(self, participant_id: int) -> Participant:
        return self.participant_b if participant_id == self.participant_a_id else self.participant_a

    @property
    def participant_ids(self) -> tuple[int, int]:
        return self.participant_a_id, self.participant_b_id

    def seat_at(self, slot: MeetingSlot, table: MeetingTable | None) -> None:
        """Put the meeting in a cell with one seat per participant: the seats'
        unique (participant, slot) keeps anyone from being in two meetings at once."""
        self.slot_id = slot.id
        self.table_id = table.id if table is not None else None
        self.seats = [MeetingSeat(participant_id=person, slot_id=slot.id) for person in self.participant_ids]

    def move_to(self, slot: MeetingSlot, table: MeetingTable | None) -> None:
        """The same pair in another cell: the seats stay and follow the slot, so
        the sides already seen at the table (which refer to the seats) stay too."""
        self.slot_id = slot.id
        self.table_id = table.id if table is not None else None
        for seat in self.seats:
            seat.slot_id = slot.id

    @property
    def sides_seen(self) -> SidesSeen:
        seen = {attendance.participant_id for attendance in self.attendances}
        return SidesSeen(self.participant_a_id in seen, self.participant_b_id in seen)


class MeetingSeat(Base):
    """A participant's place in a meeting: unique per participant and slot."""

    __tablename__ = "meeting_seat"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "slot_id"),
        sa.ForeignKeyConstraint(
            ["meeting_id", "slot_id"],
            ["meeting.id", "meeting.slot_id"],
            name="fk_meeting_seat_meeting_slot",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
    )

    meeting_id: so.Mapped[int] = so.mapped_column(primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
    slot_id: so.Mapped[int]

    meeting: so.Mapped[Meeting] = so.relationship(back_populates="seats")


class MeetingAttendance(Base):
    """One side of a meeting seen at its table: their badge scanned there by the
    host or by staff, or the host scanning the counterpart. The foreign key to
    the meeting's seats makes it one of the meeting's two sides; the key, once."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["meeting_id", "participant_id"],
            ["meeting_seat.meeting_id", "meeting_seat.participant_id"],
            name="fk_meeting_attendance_seat",
            ondelete="CASCADE",
        ),
    )

    meeting_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(primary_key=True)
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_participant_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="SET NULL"))
    recorded_by_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    meeting: so.Mapped[Meeting] = so.relationship(back_populates="attendances")


class MeetingOutcome(Base):
    """What came of a meeting, recorded by either side or an organiser.

    A meeting with an outcome is history: it is never moved or removed, so an
    MoU (or anything else) may refer to ``meeting_id``.
    """

    __tablename__ = "meeting_outcome"
    __table_args__ = (
        one_of("attendance", values(Attendance), "attendance_known"),
        one_of("interest", values(Interest), "interest_known"),
        sa.CheckConstraint("attendance = 'held' OR interest IS NULL", name="interest_only_when_held"),
    )

    meeting_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("meeting.id"), primary_key=True)
    attendance: so.Mapped[str] = so.mapped_column(sa.String(10))
    interest: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    note: so.Mapped[str] = so.mapped_column(sa.String(NOTE_MAX), default="")
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_participant_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="SET NULL"))
    recorded_by_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    meeting: so.Mapped[Meeting] = so.relationship(back_populates="outcome")


class ScheduleRun(Base):
    """One run of the scheduler: its progress while it runs (other web workers
    read it), then its figures and the reason for each request left out."""

    __tablename__ = "schedule_run"
    __table_args__ = (
        one_of("status", values(ScheduleRunStatus), "status_known"),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name="progress_fraction"),
        # At most one run at a time per event, whichever worker started it.
        sa.Index(
            "uq_schedule_run_one_running",
            "event_id",
            unique=True,
            sqlite_where=sa.text("status = 'running'"),
            postgresql_where=sa.text("status = 'running'"),
        ),
        sa.Index("ix_schedule_run_event_started", "event_id", "started_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default=ScheduleRunStatus.RUNNING.value)
    progress: so.Mapped[float] = so.mapped_column(default=0.0)
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    heartbeat_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    time_limit: so.Mapped[int] = so.mapped_column(sa.SmallInteger)
    requested_by_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    stats: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    # [{"a": participant id, "b": participant id, "reason": code, "detail": text}]
    # Deferred: thousands of entries at a national event, which the board does not read.
    unscheduled: so.Mapped[list | None] = so.mapped_column(sa.JSON, deferred=True)
    error: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
