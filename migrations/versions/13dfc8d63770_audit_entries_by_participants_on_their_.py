"""Audit entries written by participants on their private pages name the participant

Revision ID: 13dfc8d63770
Revises: 9de3283bdf3a
Create Date: 2026-12-03 08:50:36.872055

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "13dfc8d63770"
down_revision = "9de3283bdf3a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_participant_id", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("actor_participant_id")
