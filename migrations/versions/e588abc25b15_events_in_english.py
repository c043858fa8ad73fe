"""Events in English: name, venue and description for English pages, e-mails, badges and reports

Existing events get empty English texts, which read as "say it in Vietnamese".

Revision ID: e588abc25b15
Revises: 368448a64261
Create Date: 2026-12-02 14:16:56

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e588abc25b15"
down_revision = "368448a64261"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=300), server_default="", nullable=False))
        batch_op.add_column(sa.Column("venue_en", sa.String(length=300), server_default="", nullable=False))
        batch_op.add_column(sa.Column("description_en", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("description_en")
        batch_op.drop_column("venue_en")
        batch_op.drop_column("name_en")
