"""The audit log: one append-only row per staff write."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    """Who changed what, when, from where, and what it said before and after.

    No foreign key to the target: the entry must outlive a deleted MoU or
    participant. The actor's address is copied for the same reason. Rows are
    never updated or deleted by the app (see ``_append_only``).
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_event_at", "event_id", "at"),
        sa.Index("ix_audit_log_target", "target_type", "target_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # None for what belongs to no event (accounts, administrators' roles).
    event_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    # The acting account's address; "" for the command line's operator and for a participant.
    actor_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    # A participant changing their own registration through their private link
    # (no account). No foreign key, like the target: the entry outlives them;
    # no copy of their address: erasing them must leave nothing personal here.
    actor_participant_id: so.Mapped[int | None]
    action: so.Mapped[str] = so.mapped_column(sa.String(60))
    target_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    target_id: so.Mapped[int | None]
    # {"field": [before, after]} for a change; what the target said for a creation or deletion.
    changes: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    ip: so.Mapped[str | None] = so.mapped_column(sa.String(45))


@sa.event.listens_for(AuditEntry, "before_update")
@sa.event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper, connection, entry: AuditEntry) -> None:
    raise RuntimeError("audit log entries are never changed or deleted")
