"""Events may belong to a series: the editions of one conference over the years

Existing events belong to no series (their reports stand alone, as before).

Revision ID: 72ac2737a25a
Revises: b42f10a97511
Create Date: 2026-12-03 08:50:42

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "72ac2737a25a"
down_revision = "b42f10a97511"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_series")),
        sa.UniqueConstraint("name", name=op.f("uq_event_series_name")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_event_series_id"), ["series_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_event_series_id_event_series"), "event_series", ["series_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_event_series_id_event_series"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_event_series_id"))
        batch_op.drop_column("series_id")
    op.drop_table("event_series")
