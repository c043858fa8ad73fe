"""Product photos: each a re-encoded JPEG and its thumbnail on disk, under a random key

Existing products have no photos.

Revision ID: b7e41c09d2a5
Revises: b3e8d5a0c6f1
Create Date: 2026-12-03 09:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e41c09d2a5"
down_revision = "b3e8d5a0c6f1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=43), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("width > 0 AND height > 0", name=op.f("ck_product_photo_size_positive")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_product_photo_product_id_product"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_photo")),
        sa.UniqueConstraint("key", name=op.f("uq_product_photo_key")),
    )
    with op.batch_alter_table("product_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_photo_product_id"), ["product_id"], unique=False)


def downgrade():
    with op.batch_alter_table("product_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_photo_product_id"))
    op.drop_table("product_photo")
