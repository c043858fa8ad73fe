"""Privacy notices and the consents given on them.

A notice is never edited in place: an edit is a new version, since every
consent names the version it was given on. Consents are a history too: a
change of mind is a new row, and the latest row per purpose is the one in
force.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.consents import PURPOSES, ConsentMethod
from eventapp.domain.vocabulary import values
from eventapp.models.accounts import User
from eventapp.models.base import Base, UTCDateTime, one_of, utcnow
from eventapp.models.people import Participant


class PrivacyNotice(Base):
    __tablename__ = "privacy_notice"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "version"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        sa.CheckConstraint("text_vi <> ''", name="text_vi_not_empty"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    version: so.Mapped[int]
    text_vi: so.Mapped[str] = so.mapped_column(sa.Text)
    text_en: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    def text_in(self, language: str) -> str:
        return self.text_en if language == "en" and self.text_en else self.text_vi


class Consent(Base):
    __tablename__ = "consent"
    __table_args__ = (
        one_of("purpose", PURPOSES, "purpose_known"),
        one_of("method", values(ConsentMethod), "method_known"),
        # The latest choice per purpose, and the event's "any consent yet".
        sa.Index("ix_consent_participant_purpose_id", "participant_id", "purpose", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    purpose: so.Mapped[str] = so.mapped_column(sa.String(20))
    granted: so.Mapped[bool]
    # Deleted with their notice only when the whole event is deleted.
    notice_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("privacy_notice.id", ondelete="CASCADE"), index=True)
    method: so.Mapped[str] = so.mapped_column(sa.String(10))
    given_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # The staff member who typed in a paper form or called the API; None when
    # the person chose themselves.
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    participant: so.Mapped[Participant] = so.relationship()
    notice: so.Mapped[PrivacyNotice] = so.relationship(lazy="joined", innerjoin=True)
    recorded_by: so.Mapped[User | None] = so.relationship()
