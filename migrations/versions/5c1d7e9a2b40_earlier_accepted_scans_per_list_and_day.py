"""An entry's earlier accepted scans are found per list and day: one probe, however many days a person came

Revision ID: 5c1d7e9a2b40
Revises: 5e1a9c3d7b20
Create Date: 2026-12-03 09:55:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5c1d7e9a2b40"
down_revision = "5e1a9c3d7b20"
branch_labels = None
depends_on = None

ACCEPTED_AGAIN = sa.text("result = 'already_checked_in'")


def upgrade():
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_accepted_again", postgresql_where=ACCEPTED_AGAIN, sqlite_where=ACCEPTED_AGAIN)
        batch_op.create_index(
            "ix_scan_accepted_again",
            ["participant_id", "list_id", "entry_day", "scanned_at"],
            unique=False,
            postgresql_where=ACCEPTED_AGAIN,
            sqlite_where=ACCEPTED_AGAIN,
        )


def downgrade():
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_accepted_again", postgresql_where=ACCEPTED_AGAIN, sqlite_where=ACCEPTED_AGAIN)
        batch_op.create_index(
            "ix_scan_accepted_again",
            ["participant_id", "scanned_at"],
            unique=False,
            postgresql_where=ACCEPTED_AGAIN,
            sqlite_where=ACCEPTED_AGAIN,
        )
