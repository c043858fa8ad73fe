from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import provinces
from eventapp.models.base import Base, TimestampMixin, one_of

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
    description: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The event in English, for English pages, e-mails, badges and reports;
    # empty means "say it in Vietnamese", never a machine translation.
    name_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="", server_default="")
    venue_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="", server_default="")
    description_en: so.Mapped[str] = so.mapped_column(sa.Text, default="", server_default="")
    series_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("event_series.id", ondelete="SET NULL"), index=True)

    series: so.Mapped[EventSeries | None] = so.relationship()

    participants: so.WriteOnlyMapped["Participant"] = so.relationship(back_populates="event", passive_deletes=True)

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def venue_in(self, language: str) -> str:
        return self.venue_en if language == "en" and self.venue_en else self.venue

    def description_in(self, language: str) -> str:
        return self.description_en if language == "en" and self.description_en else self.description

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.name!r}>"
