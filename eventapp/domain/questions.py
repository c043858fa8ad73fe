"""The questions an event adds to its registration form, and the answers to them.

A question is asked of some roles (none named: of everyone) and may be shown
only when an earlier question has one of some answers. Answers are checked
against the questions a person actually sees: a required question counts only
when it is shown, and answers to questions not shown are dropped, not refused
(a form without JavaScript shows, and may send, every question; a change of
role hides some). An answer to a question the event does not have is refused.

Answers are JSON values: text, a number, true/false (``yesno``), a choice's
value (``choice``), a list of values (``multi``) or a date as YYYY-MM-DD.
Errors are keyed ``answers.<question id>``; a question's own definition errors
use the API's names (``choices[1].value``, ``show_if.question``).
"""

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from eventapp.domain.errors import Text
from eventapp.domain.fields import FieldErrors, parse_day, typed_text
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import ParticipantRole, values

QUESTION_KINDS = ("text", "number", "yesno", "choice", "multi", "date")
CHOICE_KINDS = ("choice", "multi")
# Kinds whose answers another question's condition can name.
CONDITION_KINDS = ("yesno", "choice", "multi")
LABEL_MAX = 300
CHOICE_VALUE_MAX = 60
CHOICE_LABEL_MAX = 200
MAX_CHOICES = 50
MAX_QUESTIONS = 100
TEXT_ANSWER_MAX = 2000
# Beyond a trillion a number is a typo, and a float loses its digits.
NUMBER_LIMIT = Decimal(10) ** 12
NUMBER_FORMAT = re.compile(r"-?\d{1,13}([.,]\d{1,6})?")
YES_WORDS = frozenset({"yes", "true", "co", "1", "x"})
NO_WORDS = frozenset({"no", "false", "khong", "0"})

Answer = str | int | float | bool | list[str]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    label_en: str = ""

    def label_in(self, language: str) -> str:
        return self.label_en if language == "en" and self.label_en else self.label


@dataclass(frozen=True)
class Condition:
    """Shown only when question ``question_id`` was answered with one of
    ``values`` (for a ``multi`` question: when one of them was ticked)."""

    question_id: int
    values: tuple[str | bool, ...]

    def met_by(self, answer: object) -> bool:
        if isinstance(answer, list):
            return any(item in self.values for item in answer)
        return answer is not None and any(answer == value and type(answer) is type(value) for value in self.values)


@dataclass(frozen=True)
class Question:
    id: int
    label: str
    kind: str
    label_en: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = False
    roles: tuple[str, ...] = ()
    position: int = 0
    show_if: Condition | None = None

    def label_in(self, language: str) -> str:
        return self.label_en if language == "en" and self.label_en else self.label

    def asked_of(self, role: str) -> bool:
        return not self.roles or role in self.roles

    def choice_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def choice_label(self, value: str, language: str) -> str:
        return next((choice.label_in(language) for choice in self.choices if choice.value == value), value)


# Defining questions ---------------------------------------------------------


@dataclass(frozen=True)
class ChoiceInput:
    value: object
    label: object
    label_en: object = ""


@dataclass(frozen=True)
class ConditionInput:
    question: object
    values: object


@dataclass(frozen=True)
class QuestionInput:
    """A question as sent, each value unchecked (JSON may send anything)."""

    label: object
    kind: object
    label_en: object = ""
    choices: Sequence[ChoiceInput] = ()
    required: object = False
    roles: object = ()
    show_if: ConditionInput | None = None


@dataclass(frozen=True)
class QuestionDefinition:
    """A checked question, ready to store."""

    label: str
    kind: str
    label_en: str
    choices: tuple[Choice, ...]
    required: bool
    roles: tuple[str, ...]
    show_if: Condition | None


def label_key(label: str) -> str:
    """How two labels are recognised as one column of a file."""
    return " ".join(re.sub(r"[-_/.,()]", " ", fold(label)).split())


def clean_question(
    data: QuestionInput,
    *,
    earlier: Sequence[Question],
    others: Sequence[Question] = (),
    dependants: Sequence[Question] = (),
    answered_values: Collection[str] | None = None,
    stored_kind: str | None = None,
    reserved_labels: Collection[str] = (),
) -> QuestionDefinition:
    """The question, checked, or ``ValidationError`` naming every bad field.

    ``earlier`` are the questions before it on the form (a condition names
    one of them), ``others`` every other question of the event (labels are
    columns of exported files, so each is unique), ``dependants`` the
    questions whose condition names this one. For a stored question with
    answers, ``answered_values`` are the choices those answers use (kept) and
    ``stored_kind`` its kind (kept). ``reserved_labels`` are the label keys
    of the file's fixed columns."""
    errors = FieldErrors()
    label = typed_text(errors, "label", data.label, LABEL_MAX, required=True)
    label_en = typed_text(errors, "label_en", data.label_en, LABEL_MAX, required=False)
    for path, text in (("label", label), ("label_en", label_en)):
        if not text:
            continue
        key = label_key(text)
        if key in reserved_labels:
            errors.add(path, Text("This label names a fixed column of the participant list; choose another."))
        elif any(key in (label_key(other.label), label_key(other.label_en or other.label)) for other in others):
            errors.add(path, Text("Another question of this event has this label."))
    kind = data.kind.strip() if isinstance(data.kind, str) else ""
    if kind not in QUESTION_KINDS:
        errors.add("kind", Text("Choose one of: %(choices)s.", {"choices": ", ".join(QUESTION_KINDS)}))
    elif stored_kind is not None and answered_values is not None and kind != stored_kind:
        errors.add("kind", Text("People have answered this question: its kind cannot change."))
    choices = _clean_choices(errors, kind, data.choices, answered_values or ())
    if not isinstance(data.required, bool):
        errors.add("required", Text("Must be true or false."))
    roles = _clean_roles(errors, data.roles)
    show_if = _clean_condition(errors, data.show_if, earlier)
    if "kind" not in errors.fields and "choices" not in errors.fields:
        _check_dependants(errors, kind, choices, dependants)
    errors.raise_if_any()
    return QuestionDefinition(
        label=label,
        kind=kind,
        label_en=label_en,
        choices=choices,
        required=data.required is True,
        roles=roles,
        show_if=show_if,
    )


def _clean_choices(
    errors: FieldErrors, kind: str, given: Sequence[ChoiceInput], answered_values: Collection[str]
) -> tuple[Choice, ...]:
    if kind not in CHOICE_KINDS:
        if given:
            errors.add("choices", Text("Only questions of kind choice or multi have choices."))
        return ()
    if not given:
        errors.add("choices", Text("List the choices people pick from."))
        return ()
    if len(given) > MAX_CHOICES:
        errors.add("choices", Text("At most %(limit)s choices.", {"limit": MAX_CHOICES}))
        return ()
    choices = []
    for index, item in enumerate(given):
        prefix = f"choices[{index}]."
        value = typed_text(errors, f"{prefix}value", item.value, CHOICE_VALUE_MAX, required=True)
        label = typed_text(errors, f"{prefix}label", item.label, CHOICE_LABEL_MAX, required=True)
        label_en = typed_text(errors, f"{prefix}label_en", item.label_en, CHOICE_LABEL_MAX, required=False)
        choices.append(Choice(value=value, label=label, label_en=label_en))
    kept = [choice.value for choice in choices]
    if len(set(kept)) != len(kept):
        errors.add("choices", Text("Each choice has its own value."))
    missing = sorted(set(answered_values) - set(kept))
    if missing:
        errors.add(
            "choices",
            Text("People have answered %(values)s: keep these choices.", {"values": ", ".join(missing)}),
        )
    return tuple(choices)


def _clean_roles(errors: FieldErrors, given: object) -> tuple[str, ...]:
    known = values(ParticipantRole)
    if not isinstance(given, (list, tuple)) or not all(isinstance(role, str) for role in given):
        errors.add("roles", Text("Must be a list of roles."))
        return ()
    unknown = [role for role in given if role not in known]
    if unknown:
        errors.add("roles", Text("Choose among: %(choices)s.", {"choices": ", ".join(known)}))
        return ()
    return tuple(role for role in known if role in given)


def _clean_condition(errors: FieldErrors, given: ConditionInput | None, earlier: Sequence[Question]) -> Condition | None:
    if given is None:
        return None
    target = next((question for question in earlier if question.id == given.question and type(given.question) is int), None)
    if target is None:
        errors.add("show_if.question", Text("Choose an earlier question of this event."))
        return None
    if target.kind not in CONDITION_KINDS:
        errors.add("show_if.question", Text("A condition names a yes/no or choice question."))
        return None
    raw = given.values
    if not isinstance(raw, (list, tuple)) or not raw:
        errors.add("show_if.values", Text("List the answers that show this question."))
        return None
    wanted: list[str | bool] = []
    for item in raw:
        value = condition_value(target, item)
        if value is None:
            allowed = "yes, no" if target.kind == "yesno" else ", ".join(target.choice_values())
            errors.add("show_if.values", Text("Choose among: %(choices)s.", {"choices": allowed}))
            return None
        if value not in wanted:
            wanted.append(value)
    return Condition(question_id=target.id, values=tuple(wanted))


def condition_value(target: Question, item: object) -> str | bool | None:
    """``item`` as an answer of ``target`` a condition can name, or None."""
    if target.kind == "yesno":
        return _yes_or_no(item)
    return item if isinstance(item, str) and item in target.choice_values() else None


def _check_dependants(errors: FieldErrors, kind: str, choices: tuple[Choice, ...], dependants: Sequence[Question]) -> None:
    """A question that shows others keeps the answers their conditions name."""
    for dependant in dependants:
        condition = dependant.show_if
        if condition is None:
            continue
        allowed: tuple[str | bool, ...] = (
            (True, False) if kind == "yesno" else tuple(c.value for c in choices) if kind in CHOICE_KINDS else ()
        )
        if not all(value in allowed and type(value) in (str, bool) for value in condition.values):
            errors.add(
                "choices" if kind in CHOICE_KINDS else "kind",
                Text("“%(label)s” is shown on an answer of this question: keep that answer.", {"label": dependant.label}),
            )
            return


def order_problem(questions: Sequence[Question]) -> Text | None:
    """Why the questions cannot be in this order: a condition names a question
    that comes after it. None when the order is fine."""
    seen: set[int] = set()
    for question in questions:
        if question.show_if is not None and question.show_if.question_id not in seen:
            target = next((q for q in questions if q.id == question.show_if.question_id), None)
            return Text(
                "“%(label)s” depends on “%(other)s”, so it comes after it.",
                {"label": question.label, "other": target.label if target else "?"},
            )
        seen.add(question.id)
    return None


# Answering ------------------------------------------------------------------


def _yes_or_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = fold(value)
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list) and not value)


def _number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        number = Decimal(repr(value))
    elif isinstance(value, str) and NUMBER_FORMAT.fullmatch(value.strip()):
        try:
            number = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            return None
    else:
        return None
    if abs(number) >= NUMBER_LIMIT:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def clean_answer(errors: FieldErrors, question: Question, value: object) -> Answer | None:
    """One answer in its stored form; None when unanswered or wrong (then
    ``errors`` says why)."""
    path = f"answers.{question.id}"
    if _is_blank(value):
        return None
    kind = question.kind
    if kind == "text":
        return typed_text(errors, path, value, TEXT_ANSWER_MAX, required=False) or None
    if kind == "number":
        number = _number(value)
        if number is None:
            errors.add(path, Text("Enter a number, e.g. 12 or 2.5."))
        return number
    if kind == "yesno":
        answer = _yes_or_no(value)
        if answer is None:
            errors.add(path, Text("Answer yes or no."))
        return answer
    if kind == "date":
        day = parse_day(value)
        if day is None:
            errors.add(path, Text("Enter the date as YYYY-MM-DD."))
            return None
        return day.isoformat()
    allowed = question.choice_values()
    wrong_choice = Text("Choose one of: %(choices)s.", {"choices": ", ".join(allowed)})
    if kind == "choice":
        if not (isinstance(value, str) and value.strip() in allowed):
            errors.add(path, wrong_choice)
            return None
        return value.strip()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.add(path, Text("Must be a list of choices."))
        return None
    ticked = {item.strip() for item in value}
    if not ticked <= set(allowed):
        errors.add(path, wrong_choice)
        return None
    return [choice for choice in allowed if choice in ticked]


def clean_answers(
    errors: FieldErrors,
    questions: Sequence[Question],
    role: str,
    given: Mapping[str, object],
    *,
    require: bool = True,
) -> dict[str, Answer]:
    """The answers to the questions ``role`` sees, keyed by the question's id
    as text, in the form's order; errors go into ``errors``. With ``require``
    False a required question may stay unanswered (a change that leaves the
    answers alone)."""
    by_key = {str(question.id): question for question in questions}
    for key in given:
        if key not in by_key:
            errors.add(f"answers.{key}", Text("This event has no such question."))
    answers: dict[str, Answer] = {}
    shown: set[int] = set()
    for question in sorted(questions, key=lambda q: (q.position, q.id)):
        if not is_shown(question, role, answers, shown):
            continue
        shown.add(question.id)
        answer = clean_answer(errors, question, given.get(str(question.id)))
        if answer is not None:
            answers[str(question.id)] = answer
        elif require and question.required and f"answers.{question.id}" not in errors.fields:
            message = "Choose one of the options." if question.kind in CONDITION_KINDS else "This field is required."
            errors.add(f"answers.{question.id}", Text(message))
    return answers


def is_shown(question: Question, role: str, answers: Mapping[str, object], shown: Collection[int]) -> bool:
    """Whether ``role`` sees ``question`` given the answers so far (to the
    questions before it, of which ``shown`` were shown)."""
    if not question.asked_of(role):
        return False
    condition = question.show_if
    if condition is None:
        return True
    return condition.question_id in shown and condition.met_by(answers.get(str(condition.question_id)))


# Files ----------------------------------------------------------------------


def answer_cell(question: Question, answer: object, language: str) -> str:
    """An answer in a file: Vietnamese names of the choices and Có/Không with
    Vietnamese headers, the values themselves with English ones. Like the
    fixed columns' values, these are the file format, not the UI."""
    if answer is None:
        return ""
    if question.kind == "yesno":
        if language == "vi":
            return "Có" if answer is True else "Không"
        return "yes" if answer is True else "no"
    if question.kind == "choice" and isinstance(answer, str):
        return question.choice_label(answer, "vi") if language == "vi" else answer
    if question.kind == "multi" and isinstance(answer, list):
        return "; ".join(question.choice_label(item, "vi") if language == "vi" else item for item in answer)
    if isinstance(answer, float):
        return format(Decimal(repr(answer)), "f")
    return str(answer)


def answer_from_cell(question: Question, text: str) -> object:
    """A file's cell as an answer to check: a choice may be written as its
    value or either label, with or without tone marks; several choices are
    separated by semicolons or line breaks."""
    if question.kind not in CHOICE_KINDS:
        return text

    def value_of(written: str) -> str:
        key = label_key(written)
        for choice in question.choices:
            if key in (label_key(choice.value), label_key(choice.label), label_key(choice.label_en or choice.label)):
                return choice.value
        return written.strip()

    if question.kind == "choice":
        return value_of(text) if text.strip() else ""
    return [value_of(part) for part in re.split(r"[;\n]", text) if part.strip()]


def form_value(question: Question, answer: object) -> object:
    """A stored answer as a web form shows it (text, or a list for ``multi``)."""
    if answer is None:
        return [] if question.kind == "multi" else ""
    if question.kind == "yesno":
        return "yes" if answer is True else "no"
    if isinstance(answer, float):
        return format(Decimal(repr(answer)), "f")
    return answer if isinstance(answer, list) else str(answer)
