"""The questions of an event's registration form."""

from typing import Any

from flask import jsonify

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, openapi_errors
from eventapp.blueprints.api.common import actor, event_roles_required, json_body
from eventapp.domain import questions as question_rules
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.questions import ChoiceInput, ConditionInput, Question, QuestionInput
from eventapp.domain.vocabulary import EventRole, ParticipantRole, values
from eventapp.extensions import db
from eventapp.models import EventQuestion
from eventapp.services import questions as question_service


def question_json(question: Question, event_id: int) -> dict:
    return {
        "id": question.id,
        "event_id": event_id,
        "label": question.label,
        "label_en": question.label_en,
        "kind": question.kind,
        "choices": [{"value": c.value, "label": c.label, "label_en": c.label_en} for c in question.choices],
        "required": question.required,
        "roles": list(question.roles),
        "position": question.position,
        "show_if": (
            {"question": question.show_if.question_id, "values": list(question.show_if.values)} if question.show_if else None
        ),
    }


def _row_json(row: EventQuestion) -> dict:
    return question_json(question_service.as_question(row), row.event_id)


def _refused(path: str, message: str) -> ValidationError:
    return ValidationError(Text("Please correct the highlighted fields."), {path: Text(message)})


def _choices(value: Any) -> tuple[ChoiceInput, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _refused("choices", "Must be a list.")
    choices = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise _refused(f"choices[{index}]", "Must be an object.")
        choices.append(ChoiceInput(value=item.get("value"), label=item.get("label"), label_en=item.get("label_en") or ""))
    return tuple(choices)


def _condition(value: Any) -> ConditionInput | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _refused("show_if", "Must be an object.")
    return ConditionInput(question=value.get("question"), values=value.get("values"))


def question_input(body: dict, base: Question | None = None) -> QuestionInput:
    """The body as a question; with ``base``, only the keys present change it."""
    if base is None:
        return QuestionInput(
            label=body.get("label"),
            label_en=body.get("label_en") or "",
            kind=body.get("kind"),
            choices=_choices(body.get("choices")),
            required=body.get("required", False),
            roles=body.get("roles") or [],
            show_if=_condition(body.get("show_if")),
        )
    stored_condition = (
        ConditionInput(question=base.show_if.question_id, values=list(base.show_if.values)) if base.show_if else None
    )
    return QuestionInput(
        label=body.get("label", base.label),
        label_en=body.get("label_en", base.label_en) or "",
        kind=body.get("kind", base.kind),
        choices=_choices(body["choices"])
        if "choices" in body
        else tuple(ChoiceInput(c.value, c.label, c.label_en) for c in base.choices),
        required=body.get("required", base.required),
        roles=(body["roles"] or []) if "roles" in body else list(base.roles),
        show_if=_condition(body["show_if"]) if "show_if" in body else stored_condition,
    )


@bp.get("/events/<int:event_id>/questions")
def list_questions(event_id: int):
    questions = question_service.list_questions(db.session, actor(), event_id)
    return jsonify({"items": [question_json(q, event_id) for q in questions], "total": len(questions)})


@bp.post("/events/<int:event_id>/questions")
@event_roles_required(EventRole.ORGANISER)
def create_question(event_id: int):
    row = question_service.create_question(db.session, actor(), event_id, question_input(json_body()))
    db.session.commit()
    return jsonify(_row_json(row)), 201


@bp.patch("/events/<int:event_id>/questions/<int:question_id>")
@event_roles_required(EventRole.ORGANISER)
def patch_question(event_id: int, question_id: int):
    body = json_body()
    stored = next((q for q in question_service.list_questions(db.session, actor(), event_id) if q.id == question_id), None)
    data = question_input(body, base=stored) if stored is not None else question_input(body)
    row = question_service.update_question(db.session, actor(), event_id, question_id, data)
    db.session.commit()
    return jsonify(_row_json(row))


@bp.delete("/events/<int:event_id>/questions/<int:question_id>")
@event_roles_required(EventRole.ORGANISER)
def delete_question(event_id: int, question_id: int):
    question_service.delete_question(db.session, actor(), event_id, question_id)
    db.session.commit()
    return "", 204


_CHOICE = {
    "type": "object",
    "required": ["value", "label"],
    "properties": {
        "value": {"type": "string", "maxLength": question_rules.CHOICE_VALUE_MAX, "description": "Stored in answers"},
        "label": {"type": "string", "maxLength": question_rules.CHOICE_LABEL_MAX},
        "label_en": {"type": "string", "maxLength": question_rules.CHOICE_LABEL_MAX},
    },
}
_QUESTION_FIELDS = {
    "label": {"type": "string", "maxLength": question_rules.LABEL_MAX, "description": "Unique in the event: a file column"},
    "label_en": {"type": "string", "maxLength": question_rules.LABEL_MAX},
    "kind": {"type": "string", "enum": list(question_rules.QUESTION_KINDS)},
    "choices": {
        "type": "array",
        "items": {"$ref": "#/components/schemas/QuestionChoice"},
        "maxItems": question_rules.MAX_CHOICES,
        "description": "For choice and multi only",
    },
    "required": {"type": "boolean", "default": False, "description": "Required of the people the question is shown to"},
    "roles": {
        "type": "array",
        "items": {"type": "string", "enum": list(values(ParticipantRole))},
        "description": "The roles asked; empty: every role",
    },
    "show_if": {
        "type": "object",
        "nullable": True,
        "required": ["question", "values"],
        "description": "Shown only when an earlier yes/no or choice question has one of these answers",
        "properties": {
            "question": {"type": "integer", "maximum": LARGEST_INTEGER, "description": "An earlier question's id"},
            "values": {
                "type": "array",
                "minItems": 1,
                "items": {"oneOf": [{"type": "string", "maxLength": question_rules.CHOICE_VALUE_MAX}, {"type": "boolean"}]},
            },
        },
    },
}
_QUESTION = {"$ref": "#/components/schemas/Question"}
OPENAPI_SCHEMAS = {
    "QuestionChoice": _CHOICE,
    "Question": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "event_id": {"type": "integer"},
            **_QUESTION_FIELDS,
            "position": {"type": "integer", "description": "Order on the form, from 0"},
        },
    },
    "QuestionInput": {"type": "object", "required": ["label", "kind"], "properties": _QUESTION_FIELDS},
    "QuestionPatch": {
        "type": "object",
        "properties": _QUESTION_FIELDS,
        "description": "Only the keys sent change. Once answered, the kind and the choices in use stay.",
    },
}
_QUESTION_ID = {"name": "question_id", "in": "path", "required": True, "schema": {"type": "integer"}}
OPENAPI_PATHS = {
    "/events/{event_id}/questions": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "The registration form's questions, in order (organisers, check-in staff)",
            "responses": {
                "200": {
                    "description": "The questions",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"items": {"type": "array", "items": _QUESTION}, "total": {"type": "integer"}},
                            }
                        }
                    },
                },
                **openapi_errors(401, 403, 404),
            },
        },
        "post": {
            "summary": "Add a question at the end of the form (organisers)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuestionInput"}}},
            },
            "responses": {
                "201": {"description": "Added", "content": {"application/json": {"schema": _QUESTION}}},
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/questions/{question_id}": {
        "parameters": [EVENT_ID, _QUESTION_ID],
        "patch": {
            "summary": "Change a question (organisers)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuestionPatch"}}},
            },
            "responses": {
                "200": {"description": "Changed", "content": {"application/json": {"schema": _QUESTION}}},
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
        "delete": {
            "summary": "Delete a question nobody answered and no other question depends on (organisers)",
            "responses": {"204": {"description": "Deleted"}, **openapi_errors(401, 403, 404, 409)},
        },
    },
}
