"""A scheduler run in the background may last up to 300 seconds: the event's time limit goes up to 300

Revision ID: b3e8d5a0c6f1
Revises: bede0d6652bd
Create Date: 2026-12-03 09:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3e8d5a0c6f1"
down_revision = "bede0d6652bd"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("matchmaking_setup", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_matchmaking_setup_time_limit_range"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_matchmaking_setup_time_limit_range"), "time_limit BETWEEN 1 AND 300")


def downgrade():
    # Limits the old schema cannot hold become its largest, which runs used anyway.
    op.execute(sa.text("UPDATE matchmaking_setup SET time_limit = 25 WHERE time_limit > 25"))
    with op.batch_alter_table("matchmaking_setup", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_matchmaking_setup_time_limit_range"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_matchmaking_setup_time_limit_range"), "time_limit BETWEEN 1 AND 25")
