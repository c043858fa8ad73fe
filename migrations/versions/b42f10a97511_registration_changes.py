"""Changes to the approved name, organisation or role that participants ask for on their private pages, held for the organisers

Revision ID: b42f10a97511
Revises: 7d35dec9a0b1
Create Date: 2026-12-03 08:53:03.003563

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b42f10a97511"
down_revision = "7d35dec9a0b1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "registration_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("wanted", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'declined', 'withdrawn')", name=op.f("ck_registration_change_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_registration_change_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_registration_change_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_registration_change_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_change")),
    )
    with op.batch_alter_table("registration_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registration_change_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_change_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(
            "uq_registration_change_open",
            ["participant_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )


def downgrade():
    with op.batch_alter_table("registration_change", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_registration_change_open",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index(batch_op.f("ix_registration_change_participant_id"))
        batch_op.drop_index(batch_op.f("ix_registration_change_event_id"))

    op.drop_table("registration_change")
