"""E-mail outbox: one row per message, written with the change that causes it

Revision ID: 9de3283bdf3a
Revises: c9b2b687ba6a
Create Date: 2026-12-02 17:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9de3283bdf3a"
down_revision = "c9b2b687ba6a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "email_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("claimed_by", sa.String(length=32), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f("ck_email_message_status_known")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_email_message_attempts_not_negative")),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name=op.f("ck_email_message_sent_has_time")),
        sa.CheckConstraint("to_address <> '' AND template <> ''", name=op.f("ck_email_message_addressed")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_email_message_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_email_message_participant_id_participant"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_message")),
    )
    with op.batch_alter_table("email_message", schema=None) as batch_op:
        batch_op.create_index("ix_email_message_event_participant", ["event_id", "participant_id"], unique=False)
        batch_op.create_index("ix_email_message_status", ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("email_message", schema=None) as batch_op:
        batch_op.drop_index("ix_email_message_status")
        batch_op.drop_index("ix_email_message_event_participant")

    op.drop_table("email_message")
