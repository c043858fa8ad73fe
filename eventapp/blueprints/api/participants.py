from datetime import date
from typing import Any

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, openapi_errors, page_of
from eventapp.blueprints.api.common import actor, event_roles_required, json_body, page_arguments
from eventapp.domain import product_groups
from eventapp.domain import registration as registration_rules
from eventapp.domain.consents import PURPOSES, ConsentMethod, consents_from_json
from eventapp.domain.errors import Text, ValidationError
from eventapp.domain.registration import (
    CertificateInput,
    OrganisationInput,
    ParticipantInput,
    ProductInput,
    certificate_expired,
    certificate_expires_on,
)
from eventapp.domain.vocabulary import EventRole, ParticipantStatus, values
from eventapp.extensions import db
from eventapp.models import Participant, Product
from eventapp.services import consents, registration
from eventapp.services import participants as participant_service
from eventapp.services import questions as question_service


def certificate_json(product: Product, event_day: date) -> dict | None:
    issued_on = product.certificate_issued_on
    if issued_on is None:
        return None
    return {
        "number": product.certificate_number,
        "issued_on": issued_on.isoformat(),
        "issued_by": product.certificate_issued_by,
        "expires_on": certificate_expires_on(issued_on).isoformat(),
        "expired": certificate_expired(issued_on, event_day),
    }


def product_json(product: Product, event_day: date) -> dict:
    return {
        "id": product.id,
        "name": product.name,
        "group": product_groups.group_in_force(product.group, event_day) or product.group,
        "stars": product.stars,
        "description": product.description,
        "certificate": certificate_json(product, event_day),
    }


def participant_json(participant: Participant, choices: dict[str, bool] | None = None) -> dict:
    """A participant; ``choices`` (their consents in force) when loaded for a page of them."""
    organisation = participant.organisation
    if choices is None:
        choices = consents.choices_in_force(db.session, [participant.id]).get(participant.id, {})
    return {
        "id": participant.id,
        "event_id": participant.event_id,
        "full_name": participant.full_name,
        "email": participant.email,
        "phone": participant.phone,
        "position": participant.position,
        "role": participant.role,
        "status": participant.status,
        "language": participant.language,
        "booth": participant.booth,
        "organisation": {
            "id": organisation.id,
            "name": organisation.name,
            "kind": organisation.kind,
            "province": organisation.province,
            "tax_code": organisation.tax_code,
        },
        "products": [product_json(p, participant.event.starts_on) for p in participant.products],
        "answers": question_service.stored_answers(participant),
        "consents": choices,
        "erased_at": participant.erased_at.isoformat() if participant.erased_at else None,
        "created_at": participant.created_at.isoformat(),
        "updated_at": participant.updated_at.isoformat(),
    }


def _object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise ValidationError(Text("Please correct the highlighted fields."), {path: Text("Must be an object.")})
    return value


def _products(value: Any) -> tuple[ProductInput, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValidationError(Text("Please correct the highlighted fields."), {"products": Text("Must be a list.")})
    products = []
    for index, item in enumerate(value):
        item = _object(item, f"products[{index}]")
        certificate = None
        if item.get("certificate") is not None:
            given = _object(item["certificate"], f"products[{index}].certificate")
            certificate = CertificateInput(
                number=given.get("number"), issued_on=given.get("issued_on"), issued_by=given.get("issued_by")
            )
        products.append(
            ProductInput(
                name=item.get("name"),
                group=item.get("group"),
                stars=item.get("stars"),
                description=item.get("description") or "",
                certificate=certificate,
            )
        )
    return tuple(products)


def _answers(value: Any, base: ParticipantInput | None) -> dict[str, object]:
    """The answers sent, over the stored ones on a change: a key sent
    changes that answer, null clears it."""
    if not isinstance(value, dict):
        raise ValidationError(Text("Please correct the highlighted fields."), {"answers": Text("Must be an object.")})
    merged = dict(base.answers) if base is not None else {}
    for key, answer in value.items():
        if answer is None:
            merged.pop(key, None)
        else:
            merged[key] = answer
    return merged


def participant_input(body: dict, base: ParticipantInput | None = None) -> ParticipantInput:
    """The body as a registration; with ``base``, only the keys present change it."""

    def pick(key: str, default: Any = None) -> Any:
        if key in body:
            return body[key]
        return getattr(base, key) if base is not None else default

    organisation_body = _object(body["organisation"], "organisation") if "organisation" in body else {}
    base_organisation = base.organisation if base else None

    def organisation_field(key: str) -> Any:
        if key in organisation_body:
            return organisation_body[key]
        return getattr(base_organisation, key) if base_organisation else None

    if base is None and "organisation" not in body:
        raise ValidationError(Text("Please correct the highlighted fields."), {"organisation": Text("This field is required.")})
    return ParticipantInput(
        full_name=pick("full_name"),
        email=pick("email"),
        phone=pick("phone"),
        position=pick("position", "") or "",
        role=pick("role"),
        language=pick("language", "vi") or "vi",
        booth=pick("booth"),
        organisation=OrganisationInput(
            name=organisation_field("name"),
            kind=organisation_field("kind"),
            province=organisation_field("province"),
            tax_code=organisation_field("tax_code"),
        ),
        products=_products(body["products"]) if "products" in body else (base.products if base else ()),
        answers=_answers(body["answers"], base) if "answers" in body else (base.answers if base else {}),
    )


@bp.get("/events/<int:event_id>/participants")
def list_participants(event_id: int):
    page, per_page = page_arguments()
    criteria = participant_service.parse_filter(request.args.to_dict())
    result = participant_service.search(db.session, actor(), event_id, criteria, page=page, per_page=per_page)
    in_force = consents.choices_in_force(db.session, [p.id for p in result.items])
    return jsonify(
        {
            "items": [participant_json(p, in_force.get(p.id, {})) for p in result.items],
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
        }
    )


@bp.post("/events/<int:event_id>/participants")
@event_roles_required(EventRole.ORGANISER, EventRole.CHECKIN)
def create_participant(event_id: int):
    body = json_body()
    given = consents_from_json(body.get("consents"), processing_required=body.get("consents") is not None)
    participant = registration.register(
        db.session, actor(), event_id, participant_input(body), given, consent_method=ConsentMethod.API
    )
    db.session.commit()
    return jsonify(participant_json(participant)), 201


@bp.get("/events/<int:event_id>/participants/<int:participant_id>")
def get_participant(event_id: int, participant_id: int):
    return jsonify(participant_json(registration.get_participant(db.session, actor(), event_id, participant_id)))


@bp.patch("/events/<int:event_id>/participants/<int:participant_id>")
@event_roles_required(EventRole.ORGANISER)
def patch_participant(event_id: int, participant_id: int):
    body = json_body()
    given = consents_from_json(body.get("consents"), processing_required=False)
    participant = registration.update_participant(
        db.session,
        actor(),
        event_id,
        participant_id,
        lambda current: participant_input(body, base=current),
        status=body.get("status"),
    )
    if given is not None:
        consents.record_by_staff(db.session, actor(), participant, given, ConsentMethod.API)
    db.session.commit()
    return jsonify(participant_json(participant))


_ORGANISATION_KINDS = ["government", "enterprise", "cooperative", "household", "distributor", "association", "other"]
_CERTIFICATE = {
    "type": "object",
    "nullable": True,
    "required": ["number", "issued_on", "issued_by"],
    "description": "The OCOP certificate: valid 36 months from its date; an expired one is marked, not hidden",
    "properties": {
        "number": {"type": "string", "example": "1234/QĐ-UBND", "maxLength": registration_rules.CERTIFICATE_NUMBER_MAX},
        "issued_on": {"type": "string", "format": "date"},
        "issued_by": {"type": "string", "example": "UBND tỉnh Sóc Trăng", "maxLength": registration_rules.CERTIFICATE_ISSUER_MAX},
        "expires_on": {"type": "string", "format": "date", "readOnly": True},
        "expired": {"type": "boolean", "readOnly": True, "description": "Expired by the event's first day"},
    },
}
_PRODUCT = {
    "type": "object",
    "required": ["name", "group", "stars"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "maxLength": registration_rules.NAME_MAX},
        "group": {
            "type": "string",
            "enum": ["food", "beverage", "herbal", "textile", "handicraft", "ornamental", "tourism"],
            "description": "A group of the OCOP decision in force on the event's date: before 24 February 2023 "
            "490/QĐ-TTg (textile, no ornamental), after it 148/QĐ-TTg (ornamental; textile is read as handicraft)",
        },
        "stars": {"type": "integer", "enum": [3, 4, 5]},
        "description": {"type": "string", "maxLength": registration_rules.DESCRIPTION_MAX},
        "certificate": {"$ref": "#/components/schemas/OcopCertificate"},
    },
}
_ORGANISATION = {
    "type": "object",
    "required": ["name", "kind", "province"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "maxLength": registration_rules.NAME_MAX},
        "kind": {"type": "string", "enum": _ORGANISATION_KINDS},
        "province": {"type": "string", "description": "Province code (soc-trang) or name (Sóc Trăng)"},
        "tax_code": {"type": "string", "nullable": True, "pattern": "^(\\d{10}(-\\d{3})?|\\d{12})$"},
    },
}
_PARTICIPANT_STATUS = {"type": "string", "enum": list(values(ParticipantStatus))}
_PARTICIPANT_FIELDS = {
    "full_name": {"type": "string", "maxLength": registration_rules.NAME_MAX},
    "email": {"type": "string", "format": "email"},
    "phone": {"type": "string", "nullable": True, "description": "Vietnamese number, stored as 0912345678"},
    "position": {"type": "string", "maxLength": registration_rules.POSITION_MAX},
    "role": {"type": "string", "enum": ["delegate", "exhibitor", "buyer", "press", "speaker"]},
    "language": {"type": "string", "enum": ["vi", "en"], "default": "vi"},
    "booth": {"type": "string", "nullable": True, "maxLength": registration_rules.BOOTH_MAX},
    "organisation": {"$ref": "#/components/schemas/Organisation"},
    "products": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}},
    "answers": {
        "type": "object",
        "description": "Answers to the event's questions (GET /events/{id}/questions), keyed by the question's id:"
        " text, a number, true/false (yesno), a choice's value, a list of values (multi) or YYYY-MM-DD (date)."
        " Answers to questions the participant's role or conditions do not show are dropped; on PATCH a key"
        " sent changes that answer and null clears it.",
        "additionalProperties": {
            "nullable": True,
            "oneOf": [
                {"type": "string"},
                {"type": "number"},
                {"type": "boolean"},
                {"type": "array", "items": {"type": "string"}},
            ],
        },
    },
    "consents": {"$ref": "#/components/schemas/Consents"},
}
_CONSENTS = {
    "type": "object",
    "description": "Consent per purpose (privacy notice of the event): processing for the event, sharing the profile "
    "with buyers and in the public catalogue, photos and press, news of future events. Sent by staff, it records what "
    "the person gave (processing must then be true); read back, the choices in force (a purpose never asked is absent).",
    "properties": {purpose: {"type": "boolean"} for purpose in PURPOSES},
    "additionalProperties": False,
}
OPENAPI_SCHEMAS = {
    "Consents": _CONSENTS,
    "OcopCertificate": _CERTIFICATE,
    "Product": _PRODUCT,
    "Organisation": _ORGANISATION,
    "Participant": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "event_id": {"type": "integer"},
            **_PARTICIPANT_FIELDS,
            "status": _PARTICIPANT_STATUS,
            "erased_at": {
                "type": "string",
                "format": "date-time",
                "nullable": True,
                "description": "When the person's data was erased (then anonymised)",
            },
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
    "ParticipantInput": {
        "type": "object",
        "required": ["full_name", "email", "role", "organisation"],
        "properties": _PARTICIPANT_FIELDS,
    },
    "ParticipantPatch": {
        "type": "object",
        "properties": {
            **_PARTICIPANT_FIELDS,
            "status": _PARTICIPANT_STATUS,
        },
        "description": "Only the keys sent change; products, when sent, replace the list.",
    },
}
_PARTICIPANT = {"$ref": "#/components/schemas/Participant"}
OPENAPI_PATHS = {
    "/events/{event_id}/participants": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "Participants of an event (organisers)",
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "Name, e-mail, phone or organisation; tone marks optional",
                },
                {"name": "role", "in": "query", "schema": _PARTICIPANT_FIELDS["role"]},
                {"name": "status", "in": "query", "schema": _PARTICIPANT_STATUS},
                {"name": "province", "in": "query", "schema": {"type": "string"}},
                {"name": "product_group", "in": "query", "schema": {"type": "string"}},
                {"name": "stars", "in": "query", "schema": {"type": "integer", "enum": [3, 4, 5]}},
                {
                    "name": "sort",
                    "in": "query",
                    "schema": {
                        "type": "string",
                        "enum": [
                            "name",
                            "-name",
                            "organisation",
                            "-organisation",
                            "province",
                            "-province",
                            "status",
                            "-status",
                            "registered",
                            "-registered",
                        ],
                    },
                },
                *PAGING,
            ],
            "responses": {
                "200": {
                    "description": "A page of participants",
                    "content": {"application/json": {"schema": page_of(_PARTICIPANT)}},
                },
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
        "post": {
            "summary": "Register a participant (approved at once with an organiser's token; waitlisted beyond the role's"
            " capacity, whoever registers)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ParticipantInput"}}},
            },
            "responses": {
                "201": {"description": "Registered", "content": {"application/json": {"schema": _PARTICIPANT}}},
                **openapi_errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/events/{event_id}/participants/{participant_id}": {
        "parameters": [EVENT_ID, {"name": "participant_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "get": {
            "summary": "One participant (organisers)",
            "responses": {
                "200": {"description": "The participant", "content": {"application/json": {"schema": _PARTICIPANT}}},
                **openapi_errors(401, 403, 404),
            },
        },
        "patch": {
            "summary": "Change a participant (organisers); a status change e-mails the person; 409 when the status or"
            " role needs a place the capacity no longer has, and a place given back goes to the first one waiting",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ParticipantPatch"}}},
            },
            "responses": {
                "200": {"description": "Changed", "content": {"application/json": {"schema": _PARTICIPANT}}},
                **openapi_errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
}
