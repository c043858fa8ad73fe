"""Questions per event (event_question) and participants' answers (participant_answer)

New tables only: no stored row changes.

Revision ID: 7d35dec9a0b1
Revises: 13dfc8d63770
Create Date: 2026-12-03 08:52:58.685828

"""

import sqlalchemy as sa
from alembic import op

revision = "7d35dec9a0b1"
down_revision = "13dfc8d63770"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("show_if_question_id", sa.Integer(), nullable=True),
        sa.Column("show_if_values", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('text', 'number', 'yesno', 'choice', 'multi', 'date')", name=op.f("ck_event_question_kind_known")
        ),
        sa.CheckConstraint(
            "(show_if_question_id IS NULL AND show_if_values IS NULL) OR (show_if_question_id IS NOT NULL AND show_if_values IS NOT NULL)",
            name=op.f("ck_event_question_show_if_complete"),
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_event_question_position_not_negative")),
        sa.CheckConstraint(
            "show_if_question_id IS NULL OR show_if_question_id <> id", name=op.f("ck_event_question_show_if_not_itself")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_question_event_id_event"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["show_if_question_id"], ["event_question.id"], name=op.f("fk_event_question_show_if_question_id_event_question")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_question")),
    )
    with op.batch_alter_table("event_question", schema=None) as batch_op:
        batch_op.create_index("ix_event_question_event_position", ["event_id", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_question_show_if_question_id"), ["show_if_question_id"], unique=False)

    op.create_table(
        "participant_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_answer_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["event_question.id"], name=op.f("fk_participant_answer_question_id_event_question")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_answer")),
        sa.UniqueConstraint("participant_id", "question_id", name=op.f("uq_participant_answer_participant_id_question_id")),
    )
    with op.batch_alter_table("participant_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_answer_question_id"), ["question_id"], unique=False)


def downgrade():
    with op.batch_alter_table("participant_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_answer_question_id"))

    op.drop_table("participant_answer")
    with op.batch_alter_table("event_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_question_show_if_question_id"))
        batch_op.drop_index("ix_event_question_event_position")

    op.drop_table("event_question")
