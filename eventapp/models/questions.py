"""The questions an event asks on its registration form, and the answers."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain.questions import QUESTION_KINDS
from eventapp.models.base import Base, TimestampMixin, one_of


class EventQuestion(TimestampMixin, Base):
    """One question of an event's form. ``choices`` is a list of
    ``{"value", "label", "label_en"}``; ``roles`` empty means every role;
    ``show_if_question_id`` with ``show_if_values`` shows it only when an
    earlier question's answer is one of those values."""

    __tablename__ = "event_question"
    __table_args__ = (
        one_of("kind", QUESTION_KINDS, "kind_known"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.CheckConstraint(
            "(show_if_question_id IS NULL AND show_if_values IS NULL)"
            " OR (show_if_question_id IS NOT NULL AND show_if_values IS NOT NULL)",
            name="show_if_complete",
        ),
        sa.CheckConstraint("show_if_question_id IS NULL OR show_if_question_id <> id", name="show_if_not_itself"),
        sa.Index("ix_event_question_event_position", "event_id", "position"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    event_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    label: so.Mapped[str] = so.mapped_column(sa.String(300))
    label_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    choices: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    required: so.Mapped[bool] = so.mapped_column(default=False)
    roles: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    position: so.Mapped[int] = so.mapped_column(default=0)
    # No cascade: a question others depend on is not deleted (the service says so).
    show_if_question_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("event_question.id"), index=True)
    show_if_values: so.Mapped[list | None] = so.mapped_column(sa.JSON(none_as_null=True))

    def __repr__(self) -> str:
        return f"<EventQuestion {self.id} {self.kind} {self.label!r}>"


class ParticipantAnswer(Base):
    """A participant's answer to one question, as JSON: text, a number,
    true/false, a choice's value, a list of values, or a date as YYYY-MM-DD."""

    __tablename__ = "participant_answer"
    __table_args__ = (sa.UniqueConstraint("participant_id", "question_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id", ondelete="CASCADE"))
    # No cascade: a question with answers is not deleted.
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("event_question.id"), index=True)
    value: so.Mapped[object] = so.mapped_column(sa.JSON)

    def __repr__(self) -> str:
        return f"<ParticipantAnswer {self.participant_id}/{self.question_id}>"
