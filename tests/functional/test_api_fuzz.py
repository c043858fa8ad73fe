"""Property-based fuzzing of the API against its own OpenAPI document: no
input Schemathesis can build makes the app answer 5xx, and every answer
(status, content type, body) is one the document describes. Bounded: a few
examples per operation, every operation in one test."""

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# A few per operation keep the suite quick; API_FUZZ_EXAMPLES=200 digs deeper.
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))


def fuzz(operation, headers, event_id) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        # Generated ids almost never name a row; aim every other case at a real
        # event so the handlers behind the 404 are fuzzed too.
        if "event_id" in (case.path_parameters or {}) and len(repr(case.body)) % 2:
            case.path_parameters["event_id"] = event_id
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_the_api_keeps_its_document(app, make_user, make_event, api_headers):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = api_headers(make_user("admin"))
    event = make_event()
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz(operation, headers, event.id)
        except (
            Exception,
            BaseExceptionGroup,
        ) as failure:  # collect them all: one run shows every operation that breaks its document
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)


# Fields whose values are looked up or parsed rather than bounded by a length:
# provinces (a code or a name of the list in force) and phone numbers.
LOOKED_UP_FIELDS = {"province", "phone"}


def unbounded_fields(document: dict) -> list[str]:
    """Every request field an outside client could not size from the document."""
    schemas = document["components"]["schemas"]
    found: list[str] = []

    def walk(where: str, schema: dict, name: str = "") -> None:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        if schema.get("readOnly") or name in LOOKED_UP_FIELDS:
            return
        kind = schema.get("type")
        if kind == "string" and not {"maxLength", "enum", "format", "pattern"} & set(schema):
            found.append(f"{where} {name}: no maxLength")
        if kind == "integer" and not {"maximum", "enum"} & set(schema):
            found.append(f"{where} {name}: no maximum")
        for key, child in schema.get("properties", {}).items():
            walk(where, child, key)
        if "items" in schema:
            walk(where, schema["items"], name)

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                for parameter in operation:
                    walk(path, parameter["schema"], parameter["name"])
                continue
            for parameter in operation.get("parameters", []):
                if parameter["schema"].get("type") != "string":  # free-text searches have no length limit
                    walk(f"{method} {path}", parameter["schema"], parameter["name"])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                walk(f"{method} {path}", body["schema"])
    return found


def test_the_document_names_every_maximum_and_every_status(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert unbounded_fields(document) == []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                assert {"400", "429", "503"} <= set(operation["responses"]), f"{method} {path}"
