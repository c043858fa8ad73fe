"""The OpenAPI 3 description of API v1, served without a token.

Each API module describes its own paths and schemas (``OPENAPI_PATHS``,
``OPENAPI_SCHEMAS``) beside its routes; this module gathers them.
"""

from flask import jsonify

from eventapp.blueprints.api import accounts, audit, bp, catalogue, checkin, events, matchmaking, mous, participants, reports
from eventapp.blueprints.api.apidoc import ERROR_SCHEMA
from eventapp.blueprints.api.common import public

DESCRIBED_MODULES = (events, participants, mous, checkin, matchmaking, accounts, audit, reports, catalogue)


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
        "paths": paths,
    }


@bp.get("/openapi.json")
@public
def openapi_document():
    return jsonify(build_document())
