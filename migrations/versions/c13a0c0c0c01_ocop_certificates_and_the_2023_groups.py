"""OCOP certificates on products, and the product groups of Decision 148/QĐ-TTg (2023)

Stored products keep their group codes: the six of 2018 are still valid codes,
and a textile product of an event after 24 February 2023 is read as a
handicraft (``domain/product_groups``) without rewriting the row.

Revision ID: c13a0c0c0c01
Revises: c4a1e7d2f9b3
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c13a0c0c0c01"
down_revision = "c4a1e7d2f9b3"
branch_labels = None
depends_on = None

GROUPS_2018 = "'food', 'beverage', 'herbal', 'textile', 'handicraft', 'tourism'"
GROUPS_BOTH = "'food', 'beverage', 'herbal', 'textile', 'handicraft', 'ornamental', 'tourism'"
CERTIFICATE_COMPLETE = (
    "(certificate_number IS NULL AND certificate_issued_on IS NULL AND certificate_issued_by IS NULL)"
    " OR (certificate_number IS NOT NULL AND certificate_issued_on IS NOT NULL AND certificate_issued_by IS NOT NULL)"
)


def _set_groups(table: str, groups: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_group_known"), type_="check")
        batch_op.create_check_constraint(op.f(f"ck_{table}_group_known"), f'"group" IN ({groups})')


def upgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("certificate_number", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("certificate_issued_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("certificate_issued_by", sa.String(length=200), nullable=True))
        batch_op.create_check_constraint(op.f("ck_product_certificate_complete"), CERTIFICATE_COMPLETE)
    _set_groups("product", GROUPS_BOTH)
    _set_groups("mou_product_group", GROUPS_BOTH)


def downgrade():
    # The 2018 list has no ornamental group; its products were souvenirs and
    # decorations there, so they go back to that group rather than away.
    op.execute("UPDATE product SET \"group\" = 'handicraft' WHERE \"group\" = 'ornamental'")
    op.execute(
        "DELETE FROM mou_product_group WHERE \"group\" = 'ornamental' AND mou_id IN "
        "(SELECT mou_id FROM mou_product_group WHERE \"group\" = 'handicraft')"
    )
    op.execute("UPDATE mou_product_group SET \"group\" = 'handicraft' WHERE \"group\" = 'ornamental'")
    _set_groups("mou_product_group", GROUPS_2018)
    _set_groups("product", GROUPS_2018)
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_product_certificate_complete"), type_="check")
        batch_op.drop_column("certificate_issued_by")
        batch_op.drop_column("certificate_issued_on")
        batch_op.drop_column("certificate_number")
