"""Meeting tables may be online: a hybrid event's distributor meets from their office, each meeting in its own video room

Revision ID: 3646502b11d7
Revises: 5c1d7e9a2b40
Create Date: 2026-12-03 10:15:49.200721

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3646502b11d7"
down_revision = "5c1d7e9a2b40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting_table", schema=None) as batch_op:
        batch_op.add_column(sa.Column("online", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("meeting_table", schema=None) as batch_op:
        batch_op.drop_column("online")
