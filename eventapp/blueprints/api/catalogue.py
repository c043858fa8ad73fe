"""The public catalogue of an event's producers and their OCOP products: no
token, nothing about people, only approved exhibitors."""

from flask import jsonify, request

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, json_answer, list_of, openapi_errors
from eventapp.blueprints.api.common import page_arguments, public
from eventapp.extensions import db
from eventapp.models import Participant
from eventapp.services import catalogue
from eventapp.services.participants import parse_producer_filter


def exhibitor_json(exhibitor: Participant) -> dict:
    return {
        "id": exhibitor.id,
        "organisation": {"name": exhibitor.organisation.name, "province": exhibitor.organisation.province},
        "booth": exhibitor.booth,
        "products": [
            {"name": product.name, "group": product.group, "stars": product.stars, "description": product.description}
            for product in exhibitor.products
        ],
    }


@bp.get("/events/<int:event_id>/catalogue")
@public
def get_catalogue(event_id: int):
    page, per_page = page_arguments()
    criteria = parse_producer_filter(request.args.to_dict())
    _event, found = catalogue.exhibitors(db.session, event_id, criteria, page, per_page)
    return jsonify(
        {
            "items": [exhibitor_json(item) for item in found.items],
            "total": found.total,
            "page": found.page,
            "per_page": found.per_page,
        }
    )


OPENAPI_SCHEMAS = {
    "CatalogueExhibitor": {
        "type": "object",
        "required": ["id", "organisation", "booth", "products"],
        "properties": {
            "id": {"type": "integer"},
            "organisation": {
                "type": "object",
                "required": ["name", "province"],
                "properties": {"name": {"type": "string"}, "province": {"type": "string"}},
            },
            "booth": {"type": "string", "nullable": True},
            "products": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "group", "stars", "description"],
                    "properties": {
                        "name": {"type": "string"},
                        "group": {
                            "type": "string",
                            "enum": ["food", "beverage", "herbal", "textile", "handicraft", "tourism"],
                        },
                        "stars": {"type": "integer", "enum": [3, 4, 5]},
                        "description": {"type": "string"},
                    },
                },
            },
        },
    }
}
OPENAPI_PATHS = {
    "/events/{event_id}/catalogue": {
        "parameters": [EVENT_ID],
        "get": {
            "summary": "The public catalogue: approved exhibitors and their OCOP products (no token)",
            "security": [],
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Words, tone marks optional"},
                {"name": "province", "in": "query", "schema": {"type": "string"}, "description": "Code or name"},
                {
                    "name": "product_group",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["food", "beverage", "herbal", "textile", "handicraft", "tourism"]},
                },
                {"name": "stars", "in": "query", "schema": {"type": "integer", "enum": [3, 4, 5]}},
                *PAGING,
            ],
            "responses": {
                "200": json_answer(
                    "One page of exhibitors, by organisation name",
                    list_of({"$ref": "#/components/schemas/CatalogueExhibitor"}, paged=True),
                ),
                **openapi_errors(400, 404, 422),
            },
        },
    }
}
