"""The questions an event adds to its registration form: organisers define,
edit, order and delete them; registrations answer them (``domain/questions``
checks both)."""

from collections.abc import Mapping

import sqlalchemy as sa
import sqlalchemy.orm as so

from eventapp.domain import participant_table
from eventapp.domain.errors import Conflict, NotFound, Text, ValidationError
from eventapp.domain.questions import (
    MAX_QUESTIONS,
    Choice,
    Condition,
    Question,
    QuestionDefinition,
    QuestionInput,
    clean_question,
    order_problem,
)
from eventapp.domain.vocabulary import EventRole
from eventapp.models import EventQuestion, Participant, ParticipantAnswer, User
from eventapp.services import audit
from eventapp.services.access import require_event_role


def as_question(row: EventQuestion) -> Question:
    show_if = None
    if row.show_if_question_id is not None:
        show_if = Condition(question_id=row.show_if_question_id, values=tuple(row.show_if_values or ()))
    return Question(
        id=row.id,
        label=row.label,
        label_en=row.label_en,
        kind=row.kind,
        choices=tuple(
            Choice(value=choice["value"], label=choice["label"], label_en=choice.get("label_en", "")) for choice in row.choices
        ),
        required=row.required,
        roles=tuple(row.roles),
        position=row.position,
        show_if=show_if,
    )


def _rows(session: so.Session, event_id: int) -> list[EventQuestion]:
    return list(
        session.scalars(
            sa.select(EventQuestion).where(EventQuestion.event_id == event_id).order_by(EventQuestion.position, EventQuestion.id)
        )
    )


def event_questions(session: so.Session, event_id: int) -> tuple[Question, ...]:
    """The event's questions in the form's order: what a registration answers
    (the public form shows them, so no role is needed to read them here)."""
    return tuple(as_question(row) for row in _rows(session, event_id))


def list_questions(session: so.Session, actor: User | None, event_id: int) -> tuple[Question, ...]:
    """The questions, for the staff who register people (organisers, check-in)."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER, EventRole.CHECKIN})
    return event_questions(session, event_id)


def _get_row(session: so.Session, event_id: int, question_id: int) -> EventQuestion:
    row = session.get(EventQuestion, question_id)
    if row is None or row.event_id != event_id:
        raise NotFound(Text("This question does not exist at this event."))
    return row


def _reserved_labels() -> frozenset[str]:
    return participant_table.fixed_header_keys()


def _answered_values(session: so.Session, question_id: int) -> list[object] | None:
    """The distinct answers stored for a question; None when there are none."""
    found = list(session.scalars(sa.select(ParticipantAnswer.value).where(ParticipantAnswer.question_id == question_id)))
    return found or None


def _fill(row: EventQuestion, definition: QuestionDefinition) -> None:
    row.label, row.label_en, row.kind = definition.label, definition.label_en, definition.kind
    row.choices = [{"value": c.value, "label": c.label, "label_en": c.label_en} for c in definition.choices]
    row.required = definition.required
    row.roles = list(definition.roles)
    condition = definition.show_if
    row.show_if_question_id = condition.question_id if condition else None
    row.show_if_values = list(condition.values) if condition else None


def audited(question: Question) -> dict[str, object]:
    """What the audit log keeps of a question."""
    return {
        "label": question.label,
        "label_en": question.label_en,
        "kind": question.kind,
        "choices": [choice.value for choice in question.choices],
        "required": question.required,
        "roles": list(question.roles),
        "position": question.position,
        "show_if": (
            {"question": question.show_if.question_id, "values": list(question.show_if.values)} if question.show_if else None
        ),
    }


def create_question(session: so.Session, actor: User | None, event_id: int, data: QuestionInput) -> EventQuestion:
    """A new question, last on the form."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    existing = event_questions(session, event_id)
    if len(existing) >= MAX_QUESTIONS:
        raise ValidationError(Text("An event asks at most %(limit)s questions.", {"limit": MAX_QUESTIONS}))
    definition = clean_question(data, earlier=existing, others=existing, reserved_labels=_reserved_labels())
    row = EventQuestion(event_id=event_id, position=max((q.position for q in existing), default=-1) + 1)
    _fill(row, definition)
    session.add(row)
    session.flush()
    audit.record(session, actor, "question.created", "question", row.id, event_id=event_id, changes=audited(as_question(row)))
    return row


def update_question(
    session: so.Session, actor: User | None, event_id: int, question_id: int, data: QuestionInput
) -> EventQuestion:
    """Change a question in place. Once answered its kind stays, and the
    choices answers use stay; the questions it shows keep their answers."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    row = _get_row(session, event_id, question_id)
    before = as_question(row)
    questions = event_questions(session, event_id)
    answered = _answered_values(session, question_id)
    used_choices: set[str] = set()
    for value in answered or ():
        used_choices.update(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    definition = clean_question(
        data,
        earlier=[q for q in questions if (q.position, q.id) < (before.position, before.id)],
        others=[q for q in questions if q.id != question_id],
        dependants=[q for q in questions if q.show_if is not None and q.show_if.question_id == question_id],
        answered_values=(used_choices if before.kind in ("choice", "multi") else set()) if answered else None,
        stored_kind=before.kind,
        reserved_labels=_reserved_labels(),
    )
    _fill(row, definition)
    session.flush()
    changed = audit.changed_fields(audited(before), audited(as_question(row)))
    if changed:
        audit.record(session, actor, "question.updated", "question", row.id, event_id=event_id, changes=changed)
    return row


def delete_question(session: so.Session, actor: User | None, event_id: int, question_id: int) -> Question:
    """Delete a question nobody has answered and no other question depends on."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    row = _get_row(session, event_id, question_id)
    question = as_question(row)
    answers = session.scalar(sa.select(sa.func.count(ParticipantAnswer.id)).where(ParticipantAnswer.question_id == question_id))
    if answers:
        raise Conflict(Text("Answers to this question are stored (%(count)s): it can no longer be deleted.", {"count": answers}))
    dependant = session.scalar(sa.select(EventQuestion.label).where(EventQuestion.show_if_question_id == question_id).limit(1))
    if dependant is not None:
        raise Conflict(Text("“%(label)s” is shown on an answer of this question: change it first.", {"label": dependant}))
    session.delete(row)
    session.flush()
    audit.record(session, actor, "question.deleted", "question", question_id, event_id=event_id, changes=audited(question))
    return question


def move_question(session: so.Session, actor: User | None, event_id: int, question_id: int, offset: int) -> EventQuestion:
    """Move a question up (``offset`` -1) or down (+1) the form. A question
    stays after the one its condition names."""
    require_event_role(session, actor, event_id, {EventRole.ORGANISER})
    rows = _rows(session, event_id)
    row = _get_row(session, event_id, question_id)
    index = rows.index(row)
    target = index + (1 if offset > 0 else -1)
    if not 0 <= target < len(rows):
        return row
    rows[index], rows[target] = rows[target], rows[index]
    problem = order_problem([as_question(r) for r in rows])
    if problem is not None:
        raise Conflict(problem)
    for position, each in enumerate(rows):
        each.position = position
    session.flush()
    audit.record(session, actor, "question.moved", "question", row.id, event_id=event_id, changes={"position": [index, target]})
    return row


# Answers --------------------------------------------------------------------


def stored_answers(participant: Participant) -> dict[str, object]:
    """A participant's answers keyed by the question's id as text (the API's keys)."""
    return {str(answer.question_id): answer.value for answer in participant.answers}


def replace_answers(participant: Participant, answers: Mapping[str, object]) -> None:
    """Store checked answers; rows of questions still answered are kept (one
    row per participant and question, and a flush inserts before it deletes)."""
    by_question = {answer.question_id: answer for answer in participant.answers}
    kept = []
    for key, value in answers.items():
        row = by_question.pop(int(key), None)
        if row is None:
            row = ParticipantAnswer(question_id=int(key), value=value)
        elif row.value != value:
            row.value = value
        kept.append(row)
    participant.answers = kept


def shown_answers(session: so.Session, participant: Participant) -> list[tuple[Question, object]]:
    """The questions a participant answered with their answers, in the form's order."""
    answers = stored_answers(participant)
    if not answers:
        return []
    return [(q, answers[str(q.id)]) for q in event_questions(session, participant.event_id) if str(q.id) in answers]
