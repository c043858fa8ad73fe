"""E-mail messages keyed by the job that wrote them: one agenda per person and publication

Revision ID: a7f3c2d91e04
Revises: 72ac2737a25a
Create Date: 2026-12-03 09:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7f3c2d91e04"
down_revision = "72ac2737a25a"
branch_labels = None
depends_on = None


def upgrade():
    # Existing messages were written by no job: the column stays empty for them.
    with op.batch_alter_table("email_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_email_message_job_id_job"), "job", ["job_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index("uq_email_message_job_participant", ["job_id", "participant_id"], unique=True)


def downgrade():
    with op.batch_alter_table("email_message", schema=None) as batch_op:
        batch_op.drop_index("uq_email_message_job_participant")
        batch_op.drop_constraint(batch_op.f("fk_email_message_job_id_job"), type_="foreignkey")
        batch_op.drop_column("job_id")
