"""What the organisers' board shows that takes the whole event to compute: the
schedule's figures, the cells nobody can use, and why each requested pair has
no meeting. Computed from the event (``services.board_analysis``) and kept
with the fingerprint of what it was computed from, so that the board of a
national event reads one page of it instead of recomputing it per request."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.scheduling.explain import Why
from eventapp.domain.vocabulary import values
from eventapp.models.base import Base, UTCDateTime, one_of, utcnow


class BoardAnalysis(Base):
    """The event-wide part of the board, one row per event."""

    __tablename__ = "board_analysis"

    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    # Of the rows the analysis was computed from (services.board_analysis.fingerprint).
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(64))
    computed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # The schedule's figures (domain.scheduling.Figures as a dict), or the
    # reason the problem cannot be built (a Text as {"msgid", "params"}).
    figures: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    figures_problem: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    capacity: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    # [[slot id, column id], ...]: the grid's cells nobody can use.
    unavailable: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    # Whether the problem's slots span several days (reasons then name the day).
    several_days: so.Mapped[bool] = so.mapped_column(default=False)


class PairWithoutMeeting(Base):
    """A requested pair without a meeting, listed under its buyer, and why
    (``domain.scheduling.explain.Explanation``; no ``why`` when the problem
    could not be built)."""

    __tablename__ = "pair_without_meeting"
    __table_args__ = (
        one_of("why", values(Why), "why_known"),
        sa.UniqueConstraint("event_id", "a_id", "b_id"),
        sa.Index("ix_pair_without_meeting_event_buyer", "event_id", "buyer_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("board_analysis.event_id", ondelete="CASCADE"))
    a_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    b_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    buyer_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    counterpart_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    weight: so.Mapped[int]
    why: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    person_id: so.Mapped[int | None]
    moment: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime())  # the event's local time, as explained
    cap: so.Mapped[int | None]
    table_code: so.Mapped[str | None] = so.mapped_column(sa.String(20))
