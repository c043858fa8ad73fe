"""The OpenAPI 3 description of API v1, served without a token.

Each API module describes its own paths and schemas (``OPENAPI_PATHS``,
``OPENAPI_SCHEMAS``) beside its routes; this module gathers them.
"""

from flask import jsonify

from eventapp.blueprints.api import (
    accounts,
    audit,
    bp,
    catalogue,
    checkin,
    checkin_figures,
    checkin_lists,
    checkin_people,
    emails,
    events,
    jobs,
    meetings,
    mous,
    operations,
    participants,
    privacy,
    questions,
    reports,
    series,
)
from eventapp.blueprints.api.apidoc import ERROR_SCHEMA, openapi_errors
from eventapp.blueprints.api.common import public
from eventapp.domain.fields import LARGEST_INTEGER

DESCRIBED_MODULES = (
    events,
    participants,
    privacy,
    questions,
    mous,
    checkin,
    checkin_figures,
    checkin_lists,
    checkin_people,
    meetings,
    accounts,
    audit,
    reports,
    series,
    catalogue,
    operations,
    jobs,
    emails,
)

# What any operation may answer, whatever it does: a request it cannot read
# (control characters in the query, JSON that is not JSON), too many requests,
# the database briefly unreachable; behind a token, a missing or bad token and
# a role or event the caller does not hold.
EVERY_OPERATION_STATUSES = (400, 429, 503)
TOKEN_STATUSES = (401, 403)
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def with_the_statuses_every_operation_answers(paths: dict) -> dict:
    for path_item in paths.values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            public = operation.get("security") == []
            statuses = EVERY_OPERATION_STATUSES + (() if public else TOKEN_STATUSES)
            missing = [status for status in statuses if str(status) not in operation["responses"]]
            operation["responses"] = operation["responses"] | openapi_errors(*missing)
        for parameter in _parameters_of(path_item):
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                # What the URL converter admits: a larger id is not found.
                parameter["schema"] = parameter["schema"] | {"minimum": 1, "maximum": LARGEST_INTEGER}
    return paths


def _parameters_of(path_item: dict) -> list[dict]:
    shared = path_item.get("parameters", [])
    own = [p for method, op in path_item.items() if method in HTTP_METHODS for p in op.get("parameters", [])]
    return [*shared, *own]


def build_document() -> dict:
    paths: dict = {}
    schemas: dict = {"Error": ERROR_SCHEMA}
    for module in DESCRIBED_MODULES:
        paths.update(module.OPENAPI_PATHS)
        schemas.update(module.OPENAPI_SCHEMAS)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "eventapp API",
            "version": "1",
            "description": "Trade fairs and B2B supply-demand conferences for OCOP products. "
            'Errors are JSON {"error": {"code", "message", "fields"}}; messages follow '
            "Accept-Language (vi by default, en).",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `flask --app eventapp users token EMAIL`.",
                }
            },
            "schemas": schemas,
        },
        "paths": with_the_statuses_every_operation_answers(paths),
    }


@bp.get("/openapi.json")
@public
def openapi_document():
    return jsonify(build_document())
