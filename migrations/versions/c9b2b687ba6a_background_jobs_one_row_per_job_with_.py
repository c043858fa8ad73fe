"""Background jobs: one row per job with its status, progress and result

Revision ID: c9b2b687ba6a
Revises: e588abc25b15
Create Date: 2026-12-02 14:48:06.066994

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c9b2b687ba6a"
down_revision = "e588abc25b15"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("arguments", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name=op.f("ck_job_status_known")),
        sa.CheckConstraint("status NOT IN ('finished', 'failed') OR finished_at IS NOT NULL", name=op.f("ck_job_ended_has_time")),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name=op.f("ck_job_progress_within_0_1")),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_job_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["user_account.id"], name=op.f("fk_job_started_by_id_user_account"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index("ix_job_event_created", ["event_id", "created_at"], unique=False)
        batch_op.create_index("ix_job_status", ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_status")
        batch_op.drop_index("ix_job_event_created")

    op.drop_table("job")
