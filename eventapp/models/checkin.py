from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.ext.compiler import compiles

from eventapp.domain.badge_token import BadgeProblem
from eventapp.domain.checkin import DEVICE_MAX, GATE_MAX, LOGGED_CODE_MAX, ScanMethod, ScanResult
from eventapp.domain.checkin_lists import DEFAULT_LIST_NAME, DEFAULT_LIST_NAME_EN, LIST_NAME_MAX, ZONE_MAX, Zone
from eventapp.domain.vocabulary import ParticipantRole, values
from eventapp.models.accounts import User
from eventapp.models.base import Base, TimestampMixin, UTCDateTime, one_of
from eventapp.models.events import Event
from eventapp.models.people import Participant

# Booleans are 0/1 on SQLite: a partial index is used only for a query that
# says its condition the same way, which SQLAlchemy writes "= 1" there.
FIRST_ENTRY_WHERE = {"postgresql_where": sa.text("first_entry"), "sqlite_where": sa.text("first_entry = 1")}
DEFAULT_LIST_WHERE = {"postgresql_where": sa.text("is_default"), "sqlite_where": sa.text("is_default = 1")}
_REFUSED = sa.text("result = 'invalid'")
_ACCEPTED_AGAIN = sa.text("result = 'already_checked_in'")


class local_day(sa.sql.functions.GenericFunction[date]):
    """The date an instant (a UTC column or parameter) falls on in a time
    zone named by IANA (the event's). SQLite has no time zones: the
    application gives each connection a function of that name (``extensions``)."""

    type = sa.Date()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _local_day_on_postgresql(element: local_day, compiler, **kw) -> str:
    moment, zone = list(element.clauses)
    return f"CAST(timezone({compiler.process(zone, **kw)}, CAST({compiler.process(moment, **kw)} AS TIMESTAMPTZ)) AS DATE)"


class CheckinList(TimestampMixin, Base):
    """A place and a time where badges are scanned: the main entrance every
    day, the B2B hall, the opening ceremony. Which days it applies to and
    which roles it admits are rows of their own (none: every day, every
    role), so the door's one statement can ask the database."""

    __tablename__ = "checkin_list"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "name"),
        sa.CheckConstraint("name <> ''", name="name_given"),
        sa.CheckConstraint("zone <> ''", name="zone_given"),
        # Scans without a list go to the event's one default list.
        sa.Index("uq_checkin_list_default", "event_id", unique=True, **DEFAULT_LIST_WHERE),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(LIST_NAME_MAX))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(LIST_NAME_MAX), default="")
    zone: so.Mapped[str] = so.mapped_column(sa.String(ZONE_MAX), default=Zone.MAIN.value)
    allow_reentry: so.Mapped[bool] = so.mapped_column(default=False)
    is_default: so.Mapped[bool] = so.mapped_column(default=False)

    event: so.Mapped[Event] = so.relationship(
        backref=so.backref("checkin_lists", cascade="all, delete-orphan", passive_deletes=True, order_by="CheckinList.id")
    )
    day_rows: so.Mapped[list["CheckinListDay"]] = so.relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CheckinListDay.day"
    )
    role_rows: so.Mapped[list["CheckinListRole"]] = so.relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def days(self) -> list[date]:
        return [row.day for row in self.day_rows]

    @property
    def roles(self) -> list[str]:
        chosen = {row.role for row in self.role_rows}
        return [role for role in values(ParticipantRole) if role in chosen]

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def __repr__(self) -> str:
        return f"<CheckinList {self.id} {self.name!r} event={self.event_id}>"


class CheckinListDay(Base):
    __tablename__ = "checkin_list_day"

    list_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("checkin_list.id", ondelete="CASCADE"), primary_key=True)
    day: so.Mapped[date] = so.mapped_column(primary_key=True)


class CheckinListRole(Base):
    __tablename__ = "checkin_list_role"
    __table_args__ = (one_of("role", values(ParticipantRole), "role_known"),)

    list_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("checkin_list.id", ondelete="CASCADE"), primary_key=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)


@sa.event.listens_for(Event, "init")
def _every_event_has_a_main_entrance(event: Event, args, kwargs) -> None:
    CheckinList(event=event, name=DEFAULT_LIST_NAME, name_en=DEFAULT_LIST_NAME_EN, zone=Zone.MAIN.value, is_default=True)


class Scan(Base):
    """One badge shown at a check-in list: every scan is a row, accepted or not.

    Whether someone came in on a day is derived from these rows: they did,
    once a row of that list and day is their ``first_entry``. The partial
    unique index lets only one such row exist per participant, list and day,
    so twenty phones scanning one badge at the same instant record one entry
    and nineteen ``already_checked_in``, whatever the timing. On a list that
    lets people in again, later entries are ``checked_in`` too, but not
    first entries. ``scan_id`` (the phone's own id for the scan) is unique
    per event: a retried upload finds its first answer instead of writing again.
    """

    __tablename__ = "scan"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "scan_id"),
        one_of("result", values(ScanResult), "result_known"),
        one_of("method", values(ScanMethod), "method_known"),
        one_of("problem", values(BadgeProblem), "problem_known"),
        sa.CheckConstraint("(result = 'invalid') = (problem IS NOT NULL)", name="problem_iff_invalid"),
        sa.CheckConstraint("result = 'invalid' OR participant_id IS NOT NULL", name="entry_has_participant"),
        sa.CheckConstraint("result = 'checked_in' OR NOT first_entry", name="first_entry_is_an_entry"),
        sa.Index("uq_scan_first_entry", "participant_id", "list_id", "entry_day", unique=True, **FIRST_ENTRY_WHERE),
        # A day's and a list's figures count their entries from this index alone.
        sa.Index("ix_scan_list_day_entries", "list_id", "entry_day", "participant_id", **FIRST_ENTRY_WHERE),
        sa.Index("ix_scan_event_id_id", "event_id", "id"),
        # The figures count refused scans (of a list and day), and date (per list and day) an arrival by an earlier
        # accepted scan uploaded late, without reading every scan.
        sa.Index("ix_scan_refused", "event_id", "list_id", "entry_day", postgresql_where=_REFUSED, sqlite_where=_REFUSED),
        sa.Index(
            "ix_scan_accepted_again",
            "participant_id",
            "list_id",
            "entry_day",
            "scanned_at",
            postgresql_where=_ACCEPTED_AGAIN,
            sqlite_where=_ACCEPTED_AGAIN,
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    # A list is never deleted under its scans (they go with the event).
    list_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("checkin_list.id"))
    # The date on the event's clock when the badge was shown.
    entry_day: so.Mapped[date]
    first_entry: so.Mapped[bool] = so.mapped_column(default=False)
    # Known for entries, and for refused badges whose signature was genuine
    # (an old version, a pending registration); never for forgeries.
    participant_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    scan_id: so.Mapped[str | None] = so.mapped_column(sa.String(36))
    code: so.Mapped[str] = so.mapped_column(sa.String(LOGGED_CODE_MAX), default="")
    result: so.Mapped[str] = so.mapped_column(sa.String(20))
    problem: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    method: so.Mapped[str] = so.mapped_column(sa.String(10), default=ScanMethod.QR.value)
    gate: so.Mapped[str] = so.mapped_column(sa.String(GATE_MAX), default="")
    device: so.Mapped[str] = so.mapped_column(sa.String(DEVICE_MAX), default="")
    scanned_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # When the badge was shown (the phone's clock, for offline scans) and when
    # the server heard of it.
    scanned_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())

    event: so.Mapped[Event] = so.relationship()
    checkin_list: so.Mapped[CheckinList] = so.relationship()
    participant: so.Mapped[Participant | None] = so.relationship()
    scanned_by: so.Mapped[User | None] = so.relationship()

    def __repr__(self) -> str:
        return f"<Scan {self.id} {self.result} participant={self.participant_id}>"


class CheckinTally(Base):
    """A list's figures on one day, kept by the database as scans are
    recorded: the people in (first entries of approved participants) and the
    refused scans. Every scanning phone polls its list's figures for today;
    read from this one row they cost the same after 50 scans as after
    50,000. Triggers keep it (the revision that made this table): a scan
    added, changed or removed, a participant approved or no longer approved,
    or removed with their scans. Counts carry no ``>= 0`` check: a count off
    by a bug must never refuse the door's scans."""

    __tablename__ = "checkin_tally"

    list_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("checkin_list.id", ondelete="CASCADE"), primary_key=True)
    entry_day: so.Mapped[date] = so.mapped_column(primary_key=True)
    entries: so.Mapped[int] = so.mapped_column(default=0)
    refused: so.Mapped[int] = so.mapped_column(default=0)
