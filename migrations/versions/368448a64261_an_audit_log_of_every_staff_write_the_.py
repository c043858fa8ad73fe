"""An audit log of every staff write; the MoU audit trail moves into it

Revision ID: 368448a64261
Revises: 4d2d454c8024
Create Date: 2026-12-02 07:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "368448a64261"
down_revision = "4d2d454c8024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_audit_log_actor_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_audit_log_event_id_event"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_event_at", ["event_id", "at"], unique=False)
        batch_op.create_index("ix_audit_log_target", ["target_type", "target_id"], unique=False)

    # The MoU trail becomes the log's "mou" entries, in the order it was written.
    op.execute(
        "INSERT INTO audit_log (at, event_id, actor_id, actor_email, action, target_type, target_id, changes, ip) "
        "SELECT at, event_id, actor_id, actor_email, 'mou.' || action, 'mou', mou_id, changes, NULL "
        "FROM mou_audit ORDER BY id"
    )
    with op.batch_alter_table("mou_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_mou_audit_event_mou")
    op.drop_table("mou_audit")


def downgrade():
    op.create_table(
        "mou_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("mou_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.CheckConstraint("action IN ('created', 'updated', 'deleted')", name=op.f("ck_mou_audit_action_known")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_mou_audit_actor_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_mou_audit_event_id_event"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mou_audit")),
    )
    with op.batch_alter_table("mou_audit", schema=None) as batch_op:
        batch_op.create_index("ix_mou_audit_event_mou", ["event_id", "mou_id"], unique=False)
    # The MoU entries go back (document entries as changes, as they were before).
    op.execute(
        "INSERT INTO mou_audit (at, event_id, mou_id, action, actor_id, actor_email, changes) "
        "SELECT at, event_id, target_id, CASE WHEN action IN ('mou.created', 'mou.deleted') THEN substr(action, 5) "
        "ELSE 'updated' END, actor_id, actor_email, changes "
        "FROM audit_log WHERE target_type = 'mou' AND event_id IS NOT NULL AND target_id IS NOT NULL ORDER BY id"
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_target")
        batch_op.drop_index("ix_audit_log_event_at")
    op.drop_table("audit_log")
