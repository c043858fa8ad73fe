"""Pieces shared by the API modules' OpenAPI descriptions."""

from eventapp.domain.fields import LARGEST_INTEGER

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "Field path (e.g. organisation.province, products[0].stars) to message.",
                },
            },
        }
    },
}


def openapi_errors(*statuses: int) -> dict:
    meaning = {
        400: "Malformed request",
        401: "No or bad token",
        403: "Not allowed for this role or event",
        404: "Unknown resource",
        409: "Conflict (e.g. e-mail already registered for the event)",
        422: "Invalid field(s); nothing was written",
        429: "Too many requests from this address or for this account; see Retry-After",
        503: "The database is briefly unreachable; nothing was written; see Retry-After",
    }
    return {
        str(status): {
            "description": meaning[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for status in statuses
    }


EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_INTEGER}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
]


def page_of(items: dict) -> dict:
    """The schema of a list endpoint's answer: one page of ``items``."""
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": items},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    }


def json_answer(description: str, schema: dict) -> dict:
    """A response with a JSON body."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def list_of(items: dict, *, total: bool = True, paged: bool = False) -> dict:
    """The schema of ``{"items": [...], "total"}``; ``paged`` adds page and per_page."""
    properties: dict = {"items": {"type": "array", "items": items}}
    if total:
        properties["total"] = {"type": "integer"}
    if paged:
        properties |= {"page": {"type": "integer"}, "per_page": {"type": "integer"}}
    return {"type": "object", "required": list(properties)[:2], "properties": properties}
