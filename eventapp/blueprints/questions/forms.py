import re
import unicodedata
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from eventapp import i18n
from eventapp.blueprints.formtools import options
from eventapp.domain.questions import (
    CHOICE_VALUE_MAX,
    CONDITION_KINDS,
    LABEL_MAX,
    ChoiceInput,
    ConditionInput,
    Question,
    QuestionInput,
    answer_from_cell,
    form_value,
)
from eventapp.domain.text import fold
from eventapp.domain.vocabulary import ParticipantRole

KIND_LABELS = {
    "text": _l("Text"),
    "number": _l("Number"),
    "yesno": _l("Yes or no"),
    "choice": _l("One choice"),
    "multi": _l("Several choices"),
    "date": _l("Date"),
}
CHOICE_PATH = re.compile(r"choices(\[\d+\].*)?")


def choice_value_for(label: str) -> str:
    """A choice's stored value made from its Vietnamese label (“Có, 2 người” -> co-2-nguoi)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(unicodedata.normalize("NFKC", label))).strip("-")[:CHOICE_VALUE_MAX]


def choice_lines(question: Question) -> str:
    return "\n".join(" | ".join(part for part in (c.value, c.label, c.label_en)) for c in question.choices)


class QuestionForm(FlaskForm):
    label = StringField(_l("Question"), render_kw={"maxlength": LABEL_MAX})
    label_en = StringField(_l("Question in English (optional)"), render_kw={"maxlength": LABEL_MAX, "lang": "en"})
    kind = SelectField(_l("Kind of answer"), validate_choice=False, choices=options(KIND_LABELS.items()))
    choices = TextAreaField(_l("Choices, one per line"), render_kw={"rows": 4})
    required = BooleanField(_l("An answer is required"))
    roles = SelectMultipleField(
        _l("Asked of"),
        validate_choice=False,
        choices=options(i18n.PARTICIPANT_ROLES.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    show_if_question = SelectField(_l("Shown only when this question…"), validate_choice=False)
    show_if_values = StringField(_l("…has one of these answers"), render_kw={"maxlength": 500})
    submit = SubmitField(_l("Save"))

    earlier: Sequence[Question] = ()

    def setup(self, earlier: Sequence[Question], language: str) -> None:
        """``earlier``: the questions a condition may name."""
        self.earlier = [question for question in earlier if question.kind in CONDITION_KINDS]
        self.show_if_question.choices = options(
            [("", _l("— always shown —"))] + [(str(q.id), q.label_in(language)) for q in self.earlier]
        )

    def fill_from(self, question: Question) -> None:
        self.label.data, self.label_en.data, self.kind.data = question.label, question.label_en, question.kind
        self.choices.data = choice_lines(question)
        self.required.data = question.required
        self.roles.data = list(question.roles)
        if question.show_if is not None:
            target = next((q for q in self.earlier if q.id == question.show_if.question_id), None)
            self.show_if_question.data = str(question.show_if.question_id)
            self.show_if_values.data = ", ".join(
                str(form_value(target, value)) if target else str(value) for value in question.show_if.values
            )

    def field_path(self, path: str) -> str:
        """The domain's paths (``choices[2].value``, ``show_if.values``) as this form's fields."""
        if CHOICE_PATH.fullmatch(path):
            return "choices"
        return {"show_if": "show_if_question", "show_if.question": "show_if_question", "show_if.values": "show_if_values"}.get(
            path, path
        )

    def _choices(self) -> tuple[ChoiceInput, ...]:
        """Each line is “label | English label”, or “value | label | English
        label” (how a saved question shows them, so values stay as answered)."""
        choices = []
        for line in (self.choices.data or "").splitlines():
            parts = [part.strip() for part in line.split("|")]
            if not any(parts):
                continue
            if len(parts) >= 3:
                choices.append(ChoiceInput(value=parts[0], label=parts[1], label_en=" | ".join(parts[2:])))
            else:
                choices.append(
                    ChoiceInput(value=choice_value_for(parts[0]), label=parts[0], label_en=parts[1] if len(parts) == 2 else "")
                )
        return tuple(choices)

    def _condition(self) -> ConditionInput | None:
        chosen = self.show_if_question.data or ""
        if not chosen:
            return None
        target = next((q for q in self.earlier if str(q.id) == chosen), None)
        written = [item.strip() for item in (self.show_if_values.data or "").split(",") if item.strip()]
        # Choices may be written as their labels, as in a file's cells.
        wanted = [answer_from_cell(target, item) if target and target.kind != "yesno" else item for item in written]
        return ConditionInput(question=target.id if target else chosen, values=wanted)

    def to_input(self) -> QuestionInput:
        kind = self.kind.data or ""
        return QuestionInput(
            label=self.label.data or "",
            label_en=self.label_en.data or "",
            kind=kind,
            choices=self._choices() if kind in ("choice", "multi") else (),
            required=bool(self.required.data),
            roles=[role for role in (self.roles.data or []) if role in {r.value for r in ParticipantRole}],
            show_if=self._condition(),
        )
