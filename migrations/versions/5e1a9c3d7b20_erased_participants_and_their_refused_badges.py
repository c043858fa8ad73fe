"""Erased participants: when their personal data was erased, and the door's reason for refusing their badge

Revision ID: 5e1a9c3d7b20
Revises: 3031dfe7351f
Create Date: 2026-12-03 09:30:00.000000

Existing participants are not erased (the column starts empty); no scan was
refused as erased before, so a downgrade reads such scans as not approved.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e1a9c3d7b20"
down_revision = "3031dfe7351f"
branch_labels = None
depends_on = None

PROBLEMS_BEFORE = (
    "'unreadable', 'forged', 'other_event', 'revoked', 'unknown_participant', 'not_approved', 'not_admitted', 'wrong_day'"
)
PROBLEMS_AFTER = PROBLEMS_BEFORE + ", 'erased'"


def _set_problems(problems: str) -> None:
    with op.batch_alter_table("scan", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_scan_problem_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_scan_problem_known"), f"problem IN ({problems})")


def upgrade():
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    _set_problems(PROBLEMS_AFTER)


def downgrade():
    op.execute("UPDATE scan SET problem = 'not_approved' WHERE problem = 'erased'")
    _set_problems(PROBLEMS_BEFORE)
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
