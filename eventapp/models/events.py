from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import capacity, provinces
from eventapp.domain.vocabulary import ParticipantRole, values
from eventapp.models.base import Base, TimestampMixin, UTCDateTime, one_of, utcnow

if TYPE_CHECKING:  # people.py imports this module: a name for the type checker only
    from eventapp.models.people import Participant


class EventSeries(TimestampMixin, Base):
    """The editions of one conference over the years (e.g. "Hội nghị kết nối
    cung cầu tỉnh Sóc Trăng"): each report sets its figures beside the
    edition before it, and the series page charts them."""

    __tablename__ = "event_series"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(300), unique=True)
    # Empty means "say it in Vietnamese", as for an event.
    name_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="", server_default="")

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def __repr__(self) -> str:
        return f"<EventSeries {self.id} {self.name!r}>"


class Event(TimestampMixin, Base):
    __tablename__ = "event"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        one_of("province", provinces.ALL_CODES, "province_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(300))
    venue: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    province: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    starts_on: so.Mapped[date]
    ends_on: so.Mapped[date]
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="Asia/Ho_Chi_Minh")
    registration_open: so.Mapped[bool] = so.mapped_column(default=True)
    # After it the public form and the public's registrations are refused;
    # staff still add people (walk-ins at the door).
    registration_closes_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The event in English, for English pages, e-mails, badges and reports;
    # empty means "say it in Vietnamese", never a machine translation.
    name_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="", server_default="")
    venue_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="", server_default="")
    description_en: so.Mapped[str] = so.mapped_column(sa.Text, default="", server_default="")
    series_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("event_series.id", ondelete="SET NULL"), index=True)

    series: so.Mapped[EventSeries | None] = so.relationship()

    participants: so.WriteOnlyMapped["Participant"] = so.relationship(back_populates="event", passive_deletes=True)

    def takes_public_registrations(self) -> bool:
        """Whether the public form is open now: switched on and not past its closing time."""
        return not capacity.registration_closed(self.registration_open, self.registration_closes_at, utcnow())

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def venue_in(self, language: str) -> str:
        return self.venue_en if language == "en" and self.venue_en else self.venue

    def description_in(self, language: str) -> str:
        return self.description_en if language == "en" and self.description_en else self.description

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.name!r}>"


class EventCapacity(Base):
    """How many registrations of one role the event takes (``domain/capacity``);
    a role without a row has no cap. Registrations of the role lock this row
    while they count the places taken, so two never take the last one."""

    __tablename__ = "event_capacity"
    __table_args__ = (
        one_of("role", values(ParticipantRole), "role_known"),
        sa.CheckConstraint("places >= 0", name="places_not_negative"),
    )

    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(20), primary_key=True)
    places: so.Mapped[int]

    def __repr__(self) -> str:
        return f"<EventCapacity {self.event_id} {self.role}={self.places}>"
