"""Privacy notices per event in versions, and consents per purpose with their history

Nothing to migrate: no consent was recorded before. A participant who never
made a share_profile choice is shown in the catalogue as before: the rule of
services.consents.profile_shared.

Revision ID: 3031dfe7351f
Revises: 25558a2098a7
Create Date: 2026-12-03 08:55:02.949082

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3031dfe7351f"
down_revision = "25558a2098a7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "privacy_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text_vi", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("text_vi <> ''", name=op.f("ck_privacy_notice_text_vi_not_empty")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_privacy_notice_version_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name=op.f("fk_privacy_notice_created_by_id_user_account"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_privacy_notice_event_id_event"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_notice")),
        sa.UniqueConstraint("event_id", "version", name=op.f("uq_privacy_notice_event_id_version")),
    )
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("method IN ('online', 'paper', 'api')", name=op.f("ck_consent_method_known")),
        sa.CheckConstraint("purpose IN ('processing', 'share_profile', 'photos', 'news')", name=op.f("ck_consent_purpose_known")),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["privacy_notice.id"], name=op.f("fk_consent_notice_id_privacy_notice"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_consent_participant_id_participant"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user_account.id"], name=op.f("fk_consent_recorded_by_id_user_account"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_notice_id"), ["notice_id"], unique=False)
        batch_op.create_index("ix_consent_participant_purpose_id", ["participant_id", "purpose", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_participant_purpose_id")
        batch_op.drop_index(batch_op.f("ix_consent_notice_id"))

    op.drop_table("consent")
    op.drop_table("privacy_notice")
