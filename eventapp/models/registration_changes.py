"""Changes participants asked for on their private pages, waiting for the organisers."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.self_service import ChangeStatus
from eventapp.domain.vocabulary import values
from eventapp.models.accounts import User
from eventapp.models.base import Base, UTCDateTime, one_of, utcnow
from eventapp.models.people import Participant

_OPEN = sa.text("status = 'pending'")


class RegistrationChange(Base):
    """A change to the approved name, organisation or role, held until an
    organiser accepts it (it is then written to the registration) or declines
    it. One open change per participant: a newer edit replaces it."""

    __tablename__ = "registration_change"
    __table_args__ = (
        one_of("status", values(ChangeStatus), "status_known"),
        sa.Index("uq_registration_change_open", "participant_id", unique=True, sqlite_where=_OPEN, postgresql_where=_OPEN),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    requested_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # {"full_name": [approved, wanted], "organisation.province": [...], ...}, as shown to the organisers.
    changes: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    # The wanted details to write on acceptance: full_name, role, organisation
    # {name, kind, province, tax_code} and, with a new role, its products.
    wanted: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default=ChangeStatus.PENDING.value)
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    participant: so.Mapped[Participant] = so.relationship()
    decided_by: so.Mapped[User | None] = so.relationship()
