"""MoUs of an event: record, list, change, delete; the scanned copy; the
officials' summary as JSON and as PDF."""

from typing import Any

from flask import Response, current_app, jsonify, request, send_file, url_for

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, json_answer, openapi_errors, page_of
from eventapp.blueprints.api.common import actor, json_body, page_arguments
from eventapp.blueprints.api.jobs import JOB_STARTED, job_json
from eventapp.domain import mous as mou_rules
from eventapp.domain.errors import MalformedInput, Text
from eventapp.domain.fields import LARGEST_INTEGER
from eventapp.domain.mous import MouInput, PartyInput
from eventapp.extensions import db
from eventapp.models.mou import Mou, MouCategory
from eventapp.services import mou_categories, mou_jobs, mou_reports, mou_search, mous


def mou_json(mou: Mou) -> dict:
    return {
        "id": mou.id,
        "event_id": mou.event_id,
        "title": mou.title,
        "category": mou.category.code,
        "parties": [
            {
                "organisation_id": party.organisation.id,
                "name": party.organisation.name,
                "kind": party.organisation.kind,
                "province": party.organisation.province,
            }
            for party in mou.parties
        ],
        "signed_on": mou.signed_on.isoformat(),
        "value_vnd": mou.value_vnd,
        "product_groups": mou.product_group_codes,
        "notes": mou.notes,
        "meeting_id": mou.meeting_id,
        "document": None
        if mou.document_file is None
        else {
            "filename": mou.document_name,
            "content_type": mou.document_type,
            "size": mou.document_size,
            "url": url_for("api.get_mou_document", event_id=mou.event_id, mou_id=mou.id),
        },
        "recorded_by": mou.recorded_by.email if mou.recorded_by else None,
        "recorded_at": mou.recorded_at.isoformat(),
        "updated_at": mou.updated_at.isoformat(),
    }


def category_json(category: MouCategory) -> dict:
    return {"code": category.code, "label_vi": category.label_vi, "label_en": category.label_en}


def _parties(value: Any) -> Any:
    """Objects become parties; anything else is left for the domain to refuse,
    after the caller's role is checked."""
    if not isinstance(value, list):
        return value
    return [
        PartyInput(name=item.get("name"), kind=item.get("kind"), province=item.get("province"))
        if isinstance(item, dict)
        else item
        for item in value
    ]


def mou_input(body: dict, base: MouInput | None = None) -> MouInput:
    """The body as an MoU; with ``base``, only the keys present change it."""

    def pick(key: str, default: Any = None) -> Any:
        if key in body:
            return body[key]
        return getattr(base, key) if base is not None else default

    return MouInput(
        title=pick("title"),
        category=pick("category"),
        signed_on=pick("signed_on"),
        parties=_parties(body["parties"]) if "parties" in body else pick("parties"),
        value_vnd=pick("value_vnd"),
        product_groups=pick("product_groups", ()),
        notes=pick("notes", "") or "",
        meeting_id=pick("meeting_id"),
    )


@bp.get("/events/<int:event_id>/mous")
def list_mous(event_id: int):
    user = actor()
    page, per_page = page_arguments()
    criteria = mou_search.parse_filter(db.session, event_id, request.args.to_dict())
    result = mou_search.search(db.session, user, event_id, criteria, page=page, per_page=per_page)
    return jsonify(
        {
            "items": [mou_json(mou) for mou in result.items],
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
        }
    )


@bp.post("/events/<int:event_id>/mous")
def create_mou(event_id: int):
    body = json_body()
    mou = mous.record_mou(db.session, actor(), event_id, mou_input(body))
    db.session.commit()
    return jsonify(mou_json(mou)), 201


@bp.get("/events/<int:event_id>/mous/<int:mou_id>")
def get_mou(event_id: int, mou_id: int):
    return jsonify(mou_json(mous.get_mou(db.session, actor(), event_id, mou_id)))


@bp.patch("/events/<int:event_id>/mous/<int:mou_id>")
def patch_mou(event_id: int, mou_id: int):
    body = json_body()
    mou = mous.update_mou(db.session, actor(), event_id, mou_id, lambda current: mou_input(body, base=current))
    db.session.commit()
    return jsonify(mou_json(mou))


@bp.delete("/events/<int:event_id>/mous/<int:mou_id>")
def delete_mou(event_id: int, mou_id: int):
    mous.delete_mou(db.session, actor(), event_id, mou_id)
    db.session.commit()
    return Response(status=204)


@bp.put("/events/<int:event_id>/mous/<int:mou_id>/document")
def put_mou_document(event_id: int, mou_id: int):
    file = request.files.get("file")
    upload = (
        None
        if file is None
        else mous.Upload(
            filename=file.filename or "", content=file.read(), max_bytes=current_app.config["MOU_DOCUMENT_MAX_BYTES"]
        )
    )
    mou = mous.attach_document(db.session, actor(), event_id, mou_id, upload)
    db.session.commit()
    return jsonify(mou_json(mou))


@bp.get("/events/<int:event_id>/mous/<int:mou_id>/document")
def get_mou_document(event_id: int, mou_id: int):
    stored = mous.document(db.session, actor(), event_id, mou_id)
    return send_file(stored.path, mimetype=stored.content_type, as_attachment=True, download_name=stored.filename)


@bp.delete("/events/<int:event_id>/mous/<int:mou_id>/document")
def delete_mou_document(event_id: int, mou_id: int):
    mous.remove_document(db.session, actor(), event_id, mou_id)
    db.session.commit()
    return Response(status=204)


@bp.get("/events/<int:event_id>/mous/categories")
def list_mou_categories(event_id: int):
    return jsonify({"items": [category_json(c) for c in mou_categories.list_categories(db.session, actor(), event_id)]})


@bp.get("/events/<int:event_id>/mous/summary")
def mou_summary(event_id: int):
    figures = mou_reports.counts(db.session, actor(), event_id)
    return jsonify(
        {
            "total": figures.total,
            "by_category": figures.by_category,
            "by_province": figures.by_province,
            "value_vnd_total": figures.value_vnd_total,
        }
    )


@bp.get("/events/<int:event_id>/mous/summary.pdf")
def mou_summary_pdf(event_id: int):
    report = mou_reports.summary_pdf(db.session, actor(), event_id, request.args.get("lang"))
    response = Response(report.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{report.filename}"'
    return response


@bp.post("/events/<int:event_id>/mous/summary/jobs")
def start_mou_summary(event_id: int):
    language = json_body().get("lang") if request.get_data(cache=True) else None
    if language is not None and not isinstance(language, str):
        raise MalformedInput(Text("lang must be a text: vi or en."))
    job = mou_jobs.start_summary(db.session, actor(), event_id, language)
    db.session.commit()
    return jsonify({"job": job_json(job)}), 202


_MOU_ID = {"name": "mou_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_MOU = {"$ref": "#/components/schemas/Mou"}
_PARTY_INPUT = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {
            "type": "string",
            "maxLength": mou_rules.PARTY_NAME_MAX,
            "description": "An organisation of the event is found by its name",
        },
        "kind": {
            "type": "string",
            "enum": ["government", "enterprise", "cooperative", "household", "distributor", "association", "other"],
            "description": "Needed for a new organisation",
        },
        "province": {
            "type": "string",
            "description": "Code or name, in force on the event's date; needed for a new organisation or when two share the name",
        },
    },
}
_MOU_FIELDS = {
    "title": {"type": "string", "maxLength": mou_rules.TITLE_MAX},
    "category": {
        "type": "string",
        "maxLength": mou_rules.CATEGORY_CODE_MAX,
        "description": "A category code of the event, e.g. gov-gov, gov-business, business-business",
    },
    "parties": {"type": "array", "minItems": 2, "items": _PARTY_INPUT},
    "signed_on": {"type": "string", "format": "date"},
    "value_vnd": {"type": "integer", "minimum": 0, "maximum": mou_rules.VALUE_MAX, "nullable": True},
    "product_groups": {
        "type": "array",
        "items": {"type": "string", "enum": ["food", "beverage", "herbal", "textile", "handicraft", "tourism"]},
    },
    "notes": {"type": "string", "maxLength": mou_rules.NOTES_MAX},
    "meeting_id": {
        "type": "integer",
        "minimum": 1,
        "maximum": LARGEST_INTEGER,
        "nullable": True,
        "description": "The B2B meeting of the event that led to the MoU (GET /events/{event_id}/meetings); "
        "only a meeting whose outcome is recorded; null for none",
    },
}
OPENAPI_SCHEMAS = {
    "MouInput": {"type": "object", "required": ["title", "category", "parties", "signed_on"], "properties": _MOU_FIELDS},
    "MouPatch": {
        "type": "object",
        "properties": _MOU_FIELDS,
        "description": "Only the keys sent change; parties, when sent, replace the list.",
    },
    "Mou": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "event_id": {"type": "integer"},
            **_MOU_FIELDS,
            "parties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "organisation_id": {"type": "integer"},
                        "name": {"type": "string"},
                        "kind": {"type": "string"},
                        "province": {"type": "string"},
                    },
                },
            },
            "document": {
                "type": "object",
                "nullable": True,
                "properties": {
                    "filename": {"type": "string"},
                    "content_type": {"type": "string"},
                    "size": {"type": "integer"},
                    "url": {"type": "string"},
                },
            },
            "recorded_by": {"type": "string", "nullable": True},
            "recorded_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
    "MouSummary": {
        "type": "object",
        "required": ["total", "by_category", "by_province", "value_vnd_total"],
        "properties": {
            "total": {"type": "integer"},
            "by_category": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "example": {"gov-gov": 14, "gov-business": 8, "business-business": 34},
            },
            "by_province": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "description": "Province code to the number of MoUs with a party from "
                "it; an MoU counts once in each of its parties' provinces",
            },
            "value_vnd_total": {"type": "integer"},
        },
    },
}
_READ = "organisers and officials of the event"
OPENAPI_PATHS = {
    "/events/{event_id}/mous": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": f"MoUs of an event ({_READ})",
            "parameters": [
                {"name": "category", "in": "query", "schema": {"type": "string"}},
                {"name": "province", "in": "query", "schema": {"type": "string"}, "description": "Province code of a party"},
                {
                    "name": "party",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "Words of a party's name; tone marks optional",
                },
                {"name": "signed_from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "signed_to", "in": "query", "schema": {"type": "string", "format": "date"}},
                *PAGING,
            ],
            "responses": {
                "200": {
                    "description": "A page of MoUs, newest first",
                    "content": {"application/json": {"schema": page_of(_MOU)}},
                },
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
        "post": {
            "summary": "Record a signed MoU (organisers)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MouInput"}}},
            },
            "responses": {
                "201": {"description": "Recorded", "content": {"application/json": {"schema": _MOU}}},
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/mous/{mou_id}": {
        "parameters": [EVENT_ID, _MOU_ID],
        "get": {
            "summary": f"One MoU ({_READ})",
            "responses": {
                "200": {"description": "The MoU", "content": {"application/json": {"schema": _MOU}}},
                **openapi_errors(401, 403, 404),
            },
        },
        "patch": {
            "summary": "Change an MoU (organisers; audited)",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MouPatch"}}},
            },
            "responses": {
                "200": {"description": "Changed", "content": {"application/json": {"schema": _MOU}}},
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
        "delete": {
            "summary": "Delete an MoU (organisers; audited)",
            "responses": {"204": {"description": "Deleted"}, **openapi_errors(401, 403, 404)},
        },
    },
    "/events/{event_id}/mous/{mou_id}/document": {
        "parameters": [EVENT_ID, _MOU_ID],
        "get": {
            "summary": f"Download the scanned signed MoU ({_READ})",
            "responses": {
                "200": {"description": "PDF, JPEG or PNG", "content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}},
                **openapi_errors(401, 403, 404),
            },
        },
        "put": {
            "summary": "Upload the scanned signed MoU (organisers); checked by content, replaces any earlier scan",
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "Kept", "content": {"application/json": {"schema": _MOU}}},
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
        "delete": {
            "summary": "Remove the scanned copy (organisers)",
            "responses": {"204": {"description": "Removed"}, **openapi_errors(401, 403, 404)},
        },
    },
    "/events/{event_id}/mous/categories": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": f"MoU categories of the event ({_READ})",
            "responses": {
                "200": {
                    "description": "Categories in report order",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "items": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "code": {"type": "string"},
                                                "label_vi": {"type": "string"},
                                                "label_en": {"type": "string"},
                                            },
                                        },
                                    }
                                },
                            }
                        }
                    },
                },
                **openapi_errors(401, 403, 404),
            },
        },
    },
    "/events/{event_id}/mous/summary": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": f"Counts per category and province, total value ({_READ})",
            "responses": {
                "200": {
                    "description": "The figures",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MouSummary"}}},
                },
                **openapi_errors(401, 403, 404),
            },
        },
    },
    "/events/{event_id}/mous/summary/jobs": {
        "parameters": [EVENT_ID],
        "post": {
            "summary": (
                "The MoU summary PDF written in the background (organisers), for a large event; once finished the "
                "job's result is {url, mous}, the url downloads the PDF"
            ),
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"lang": {"type": "string", "enum": ["vi", "en"]}}}
                    }
                },
            },
            "responses": {
                "202": json_answer("The summary's job, queued", JOB_STARTED),
                **openapi_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/events/{event_id}/mous/summary.pdf": {
        "parameters": [
            EVENT_ID,
            {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["vi", "en"], "default": "vi"}},
        ],
        "get": {
            "summary": f"The officials' summary report, A4 PDF ({_READ})",
            "responses": {
                "200": {"description": "PDF", "content": {"application/pdf": {}}},
                **openapi_errors(401, 403, 404, 422),
            },
        },
    },
}
