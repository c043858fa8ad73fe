from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.badge_token import BadgeProblem
from eventapp.domain.checkin import DEVICE_MAX, GATE_MAX, LOGGED_CODE_MAX, ScanMethod, ScanResult
from eventapp.domain.vocabulary import values
from eventapp.models.accounts import User
from eventapp.models.base import Base, UTCDateTime, one_of
from eventapp.models.events import Event
from eventapp.models.people import Participant

_FIRST_ENTRY = sa.text("result = 'checked_in'")
_REFUSED = sa.text("result = 'invalid'")
_ACCEPTED_AGAIN = sa.text("result = 'already_checked_in'")


class Scan(Base):
    """One badge shown at the door: every scan is a row, accepted or not.

    Whether someone is checked in is derived from these rows: they are, once
    a row says ``checked_in``. The partial unique index lets only one such row
    exist per participant, so twenty phones scanning one badge at the same
    instant record one entry and nineteen ``already_checked_in``, whatever the
    timing. ``scan_id`` (the phone's own id for the scan) is unique per event:
    a retried upload finds its first answer instead of writing again.
    """

    __tablename__ = "scan"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "scan_id"),
        one_of("result", values(ScanResult), "result_known"),
        one_of("method", values(ScanMethod), "method_known"),
        one_of("problem", values(BadgeProblem), "problem_known"),
        sa.CheckConstraint("(result = 'invalid') = (problem IS NOT NULL)", name="problem_iff_invalid"),
        sa.CheckConstraint("result = 'invalid' OR participant_id IS NOT NULL", name="entry_has_participant"),
        sa.Index("uq_scan_first_entry", "participant_id", unique=True, postgresql_where=_FIRST_ENTRY, sqlite_where=_FIRST_ENTRY),
        sa.Index("ix_scan_event_id_id", "event_id", "id"),
        # The figures count refused scans, and date an arrival by an earlier
        # accepted scan uploaded late, without reading every scan.
        sa.Index("ix_scan_refused", "event_id", postgresql_where=_REFUSED, sqlite_where=_REFUSED),
        sa.Index(
            "ix_scan_accepted_again",
            "participant_id",
            "scanned_at",
            postgresql_where=_ACCEPTED_AGAIN,
            sqlite_where=_ACCEPTED_AGAIN,
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
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
    participant: so.Mapped[Participant | None] = so.relationship()
    scanned_by: so.Mapped[User | None] = so.relationship()

    def __repr__(self) -> str:
        return f"<Scan {self.id} {self.result} participant={self.participant_id}>"
