"""Capacity per role, a closing time for registration, and the waiting list status

Revision ID: bede0d6652bd
Revises: a7f3c2d91e04
Create Date: 2026-12-03 08:51:25.226423

"""

import sqlalchemy as sa
from alembic import op

revision = "bede0d6652bd"
down_revision = "a7f3c2d91e04"
branch_labels = None
depends_on = None

STATUSES_BEFORE = "'pending', 'approved', 'rejected', 'cancelled'"
STATUSES_WITH_WAITING_LIST = "'pending', 'approved', 'rejected', 'cancelled', 'waitlisted'"


def _set_statuses(statuses: str) -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_participant_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_participant_status_known"), f"status IN ({statuses})")


def upgrade():
    op.create_table(
        "event_capacity",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "role IN ('delegate', 'exhibitor', 'buyer', 'press', 'speaker')", name=op.f("ck_event_capacity_role_known")
        ),
        sa.CheckConstraint("places >= 0", name=op.f("ck_event_capacity_places_not_negative")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_capacity_event_id_event"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "role", name=op.f("pk_event_capacity")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registration_closes_at", sa.DateTime(timezone=True), nullable=True))
    _set_statuses(STATUSES_WITH_WAITING_LIST)


def downgrade():
    # Without caps nobody waits for a place: the waiting list goes back to the
    # organisers as registrations to decide on, rather than away.
    op.execute("UPDATE participant SET status = 'pending' WHERE status = 'waitlisted'")
    _set_statuses(STATUSES_BEFORE)
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("registration_closes_at")
    op.drop_table("event_capacity")
