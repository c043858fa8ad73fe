"""Organisers set up their event's own registration questions."""

from collections.abc import Sequence

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventapp.blueprints.formtools import commit_or_explain, submit_form
from eventapp.blueprints.question_fields import answer_text
from eventapp.blueprints.questions.forms import KIND_LABELS, QuestionForm
from eventapp.domain.errors import NotFound, Text
from eventapp.domain.questions import Question
from eventapp.domain.vocabulary import EventRole
from eventapp.extensions import db
from eventapp.services import questions as question_service
from eventapp.services.access import require_event_role
from eventapp.web import current_language

bp = Blueprint("questions", __name__, url_prefix="/manage/events/<int:event_id>/questions")


@bp.before_request
@login_required
def require_login() -> None:
    """Organisers only; each view checks the role at the event."""


def condition_texts(questions: Sequence[Question], language: str) -> dict[int, tuple[str, str]]:
    """Each conditional question's condition in words: the question it
    names and the answers that show it."""
    by_id = {question.id: question for question in questions}
    texts = {}
    for question in questions:
        condition = question.show_if
        if condition is None or condition.question_id not in by_id:
            continue
        target = by_id[condition.question_id]
        answers = [answer_text(target, value, language) for value in condition.values]
        texts[question.id] = (target.label_in(language), ", ".join(answers))
    return texts


@bp.route("/", methods=["GET", "POST"])
def index(event_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    questions = question_service.event_questions(db.session, event_id)
    form = QuestionForm()
    form.setup(questions, current_language())

    def page(errors: list[str]) -> str:
        return render_template(
            "questions/index.html",
            event=event,
            questions=questions,
            form=form,
            errors=errors,
            kinds=KIND_LABELS,
            conditions=condition_texts(questions, current_language()),
        )

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: question_service.create_question(db.session, current_user, event_id, form.to_input()),
            render=page,
            success=_("Question added."),
            next_url=url_for("questions.index", event_id=event_id),
        )
    return page([])


@bp.route("/<int:question_id>/edit", methods=["GET", "POST"])
def edit(event_id: int, question_id: int):
    event = require_event_role(db.session, current_user, event_id, {EventRole.ORGANISER})
    questions = question_service.event_questions(db.session, event_id)
    question = next((q for q in questions if q.id == question_id), None)
    if question is None:
        raise NotFound(Text("This question does not exist at this event."))
    form = QuestionForm()
    form.setup([q for q in questions if (q.position, q.id) < (question.position, question.id)], current_language())
    if request.method == "GET":
        form.fill_from(question)

    def page(errors: list[str]) -> str:
        return render_template("questions/edit.html", event=event, question=question, form=form, errors=errors)

    if form.validate_on_submit():
        return submit_form(
            form,
            lambda: question_service.update_question(db.session, current_user, event_id, question_id, form.to_input()),
            render=page,
            success=_("Saved."),
            next_url=url_for("questions.index", event_id=event_id),
        )
    return page([])


@bp.post("/<int:question_id>/move")
def move(event_id: int, question_id: int):
    offset = -1 if request.form.get("direction") == "up" else 1
    commit_or_explain(
        lambda: question_service.move_question(db.session, current_user, event_id, question_id, offset),
        lambda _row: _("Order saved."),
    )
    return redirect(url_for("questions.index", event_id=event_id))


@bp.post("/<int:question_id>/delete")
def delete(event_id: int, question_id: int):
    commit_or_explain(
        lambda: question_service.delete_question(db.session, current_user, event_id, question_id),
        lambda question: _("Question “%(label)s” deleted.", label=question.label),
    )
    return redirect(url_for("questions.index", event_id=event_id))
