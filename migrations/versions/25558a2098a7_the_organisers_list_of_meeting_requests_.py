"""The organisers' list of meeting requests reads its page through an index on the event's requests by time

Revision ID: 25558a2098a7
Revises: 7b3d1d490579
Create Date: 2026-12-03 09:53:31.222905

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "25558a2098a7"
down_revision = "7b3d1d490579"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting_request", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_request_event_created", ["event_id", "created_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("meeting_request", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_request_event_created")
