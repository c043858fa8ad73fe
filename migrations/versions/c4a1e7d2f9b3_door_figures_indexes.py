"""The door's figures read indexes, not every scan: refused scans, and accepted scans after the entry

Revision ID: c4a1e7d2f9b3
Revises: c05e82159b5f
Create Date: 2026-12-02 07:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4a1e7d2f9b3"
down_revision = "c05e82159b5f"
branch_labels = None
depends_on = None

REFUSED = sa.text("result = 'invalid'")
ACCEPTED_AGAIN = sa.text("result = 'already_checked_in'")


def upgrade():
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.create_index("ix_scan_refused", ["event_id"], unique=False, postgresql_where=REFUSED, sqlite_where=REFUSED)
        batch_op.create_index(
            "ix_scan_accepted_again",
            ["participant_id", "scanned_at"],
            unique=False,
            postgresql_where=ACCEPTED_AGAIN,
            sqlite_where=ACCEPTED_AGAIN,
        )


def downgrade():
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_accepted_again")
        batch_op.drop_index("ix_scan_refused")
