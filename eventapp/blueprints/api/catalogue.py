"""The public catalogue of an event's producers and their OCOP products: no
token, nothing about people, only approved exhibitors."""

from datetime import date

from flask import jsonify, request, url_for

from eventapp.blueprints.api import bp
from eventapp.blueprints.api.apidoc import EVENT_ID, PAGING, json_answer, list_of, openapi_errors
from eventapp.blueprints.api.common import page_arguments, public
from eventapp.blueprints.api.participants import certificate_json
from eventapp.extensions import db
from eventapp.models import Participant, ProductPhoto
from eventapp.services import catalogue
from eventapp.services.participants import parse_producer_filter


def photo_json(photo: ProductPhoto) -> dict:
    return {
        "url": url_for("catalogue.product_photo", key=photo.key, _external=True),
        "thumbnail_url": url_for("catalogue.product_photo_thumbnail", key=photo.key, _external=True),
        "width": photo.width,
        "height": photo.height,
    }


def exhibitor_json(exhibitor: Participant, event_day: date) -> dict:
    return {
        "id": exhibitor.id,
        "organisation": {"name": exhibitor.organisation.name, "province": exhibitor.organisation.province},
        "booth": exhibitor.booth,
        "products": [
            {
                "name": product.name,
                "group": product.group,
                "stars": product.stars,
                "description": product.description,
                "certificate": certificate_json(product, event_day),
                "photos": [photo_json(photo) for photo in product.photos],
            }
            for product in exhibitor.products
        ],
    }


@bp.get("/events/<int:event_id>/catalogue")
@public
def get_catalogue(event_id: int):
    page, per_page = page_arguments()
    criteria = parse_producer_filter(request.args.to_dict())
    event, found = catalogue.exhibitors(db.session, event_id, criteria, page, per_page)
    return jsonify(
        {
            "items": [exhibitor_json(item, event.starts_on) for item in found.items],
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
                        "certificate": {"$ref": "#/components/schemas/OcopCertificate"},
                        "photos": {
                            "type": "array",
                            "description": "JPEG, at most 1200 pixels on the long side; the thumbnail 360",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "url": {"type": "string", "format": "uri"},
                                    "thumbnail_url": {"type": "string", "format": "uri"},
                                    "width": {"type": "integer"},
                                    "height": {"type": "integer"},
                                },
                            },
                        },
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
