"""Sign-in lockouts per e-mail, session tokens that end sessions, disabled accounts, API tokens' last use

Revision ID: 4d2d454c8024
Revises: ce5a140be3fb
Create Date: 2026-12-02 06:53:25.863906

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4d2d454c8024"
down_revision = "ce5a140be3fb"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_lockout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_login_lockout_failures_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_lockout")),
        sa.UniqueConstraint("email", name=op.f("uq_login_lockout_email")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))

    # Every existing account gets a token of its own; sessions signed in
    # before the upgrade end, as their cookies carry no token.
    connection = op.get_bind()
    accounts = sa.table("user_account", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    for (account_id,) in connection.execute(sa.select(accounts.c.id)).all():
        connection.execute(accounts.update().where(accounts.c.id == account_id).values(session_token=secrets.token_urlsafe(32)))

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_token")
        batch_op.drop_column("disabled")

    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")

    op.drop_table("login_lockout")
