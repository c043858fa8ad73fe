"""Background jobs: one row per piece of long work, so what was asked, how
far it got and how it ended survive Redis losing the queue."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.models.base import Base, UTCDateTime, one_of, utcnow

JOB_STATUSES = ("queued", "running", "finished", "failed")


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (
        one_of("status", JOB_STATUSES, "status_known"),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name="progress_within_0_1"),
        sa.CheckConstraint("status NOT IN ('finished', 'failed') OR finished_at IS NOT NULL", name="ended_has_time"),
        sa.Index("ix_job_event_created", "event_id", "created_at"),
        sa.Index("ix_job_status", "status"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # What runs: a name in ``services.jobs.KINDS``.
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    started_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # What the job function is given besides the job itself.
    arguments: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="queued")
    progress: so.Mapped[float] = so.mapped_column(default=0.0)
    result: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    error: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    started_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    finished_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
