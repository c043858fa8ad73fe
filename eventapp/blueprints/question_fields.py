"""An event's questions as fields of the registration and edit forms.

The fields are built per request, one per question, under ``answers``: a
field is named ``answers-<question id>``, which is where the domain's error
``answers.<question id>`` lands. Every question is rendered; the page's script
hides those the chosen role and the answers so far do not show, and the
server drops what they were sent.
"""

from collections.abc import Sequence
from types import SimpleNamespace
from typing import TypeVar

from flask_babel import format_date, format_decimal, gettext
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, FormField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

from eventapp.blueprints.formtools import options
from eventapp.domain.fields import parse_day
from eventapp.domain.questions import TEXT_ANSWER_MAX, Question, form_value

YES_NO = (("yes", _l("Yes")), ("no", _l("No")))
F = TypeVar("F", bound=Form)


def _text_or_blank(value: object) -> str:
    """A radio group with nothing chosen reads as blank, not as "None"."""
    return "" if value is None else str(value)


def _field(question: Question, language: str) -> Field:
    label = question.label_in(language)
    if question.kind == "text":
        return TextAreaField(label, render_kw={"rows": 2, "maxlength": TEXT_ANSWER_MAX})
    if question.kind == "number":
        return StringField(label, render_kw={"inputmode": "decimal", "maxlength": 20})
    if question.kind == "date":
        return StringField(label, widget=DateInput())
    if question.kind == "yesno":
        return RadioField(label, choices=options(YES_NO), validate_choice=False, coerce=_text_or_blank)
    choices = options((choice.value, choice.label_in(language)) for choice in question.choices)
    if question.kind == "choice":
        return RadioField(label, choices=choices, validate_choice=False, coerce=_text_or_blank)
    return SelectMultipleField(
        label, choices=choices, validate_choice=False, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )


def with_questions(form_class: type[F], questions: Sequence[Question], language: str) -> type[F]:
    """``form_class`` with a field per question (itself when there are none);
    the questions ride along as ``asked_questions`` for the template."""
    if not questions:
        return form_class
    answers = type("AnswersForm", (Form,), {str(question.id): _field(question, language) for question in questions})
    by_id = {question.id: question for question in questions}
    # A condition's answers as the fields send them ("yes", a choice's value).
    condition_values = {
        question.id: [form_value(by_id[question.show_if.question_id], value) for value in question.show_if.values]
        for question in questions
        if question.show_if is not None and question.show_if.question_id in by_id
    }
    return type(
        form_class.__name__,
        (form_class,),
        {"answers": FormField(answers), "asked_questions": tuple(questions), "condition_values": condition_values},
    )


def answers_sent(form: Form) -> dict[str, object]:
    """What the form's answer fields hold, keyed by question id; the domain checks it."""
    answers = getattr(form, "answers", None)
    if answers is None:
        return {}
    return {field.short_name: field.data if field.data is not None else "" for field in answers.form}


def stored_as_form_data(questions: Sequence[Question], stored: dict[str, object]) -> SimpleNamespace:
    """Stored answers in the shape the answer fields read (``obj=``)."""
    return SimpleNamespace(**{str(q.id): form_value(q, stored.get(str(q.id))) for q in questions})


def answer_text(question: Question, answer: object, language: str) -> str:
    """An answer as a page shows it, in the reader's language."""
    if question.kind == "yesno":
        return gettext("Yes") if answer is True else gettext("No")
    if question.kind == "choice" and isinstance(answer, str):
        return question.choice_label(answer, language)
    if question.kind == "multi" and isinstance(answer, list):
        return ", ".join(question.choice_label(item, language) for item in answer)
    if question.kind == "date" and isinstance(answer, str):
        day = parse_day(answer)
        return format_date(day, "long") if day else answer
    if question.kind == "number" and isinstance(answer, (int, float)):
        return format_decimal(answer)
    return str(answer)


def answer_lines(answered: Sequence[tuple[Question, object]], language: str) -> list[tuple[str, str]]:
    """(question, answer) pairs as the lines of a participant's page."""
    return [(question.label_in(language), answer_text(question, answer, language)) for question, answer in answered]
