"""The outbox: every e-mail is a row, written in the transaction of the change
that causes it, so a rolled-back change sends nothing and a message a worker,
Redis or the SMTP server lost is still there to deliver."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.models.base import Base, UTCDateTime, one_of, utcnow

EMAIL_STATUSES = ("queued", "sent", "failed")


class OutgoingEmail(Base):
    __tablename__ = "email_message"
    __table_args__ = (
        one_of("status", EMAIL_STATUSES, "status_known"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_has_time"),
        sa.CheckConstraint("to_address <> '' AND template <> ''", name="addressed"),
        sa.Index("ix_email_message_event_participant", "event_id", "participant_id"),
        sa.Index("ix_email_message_status", "status"),
        # A publication's job writes one agenda per person: run again after
        # its worker died, it can never queue a second one.
        sa.Index("uq_email_message_job_participant", "job_id", "participant_id", unique=True),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    # Kept when the participant is deleted: what was sent to whom stays on record.
    participant_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="SET NULL"))
    # The job whose work wrote it (a publication), if any.
    job_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("job.id", ondelete="SET NULL"))
    to_address: so.Mapped[str] = so.mapped_column(sa.String(254))
    subject: so.Mapped[str] = so.mapped_column(sa.Text)
    # Which templates/emails/<template>.* wrote it.
    template: so.Mapped[str] = so.mapped_column(sa.String(60))
    body_text: so.Mapped[str] = so.mapped_column(sa.Text)
    body_html: so.Mapped[str | None] = so.mapped_column(sa.Text)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="queued")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    last_error: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # A delivery that took the message holds it until then: two workers never
    # send the same message, and one that died lets it go when this passes.
    claimed_by: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    claimed_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
