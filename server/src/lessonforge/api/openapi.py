"""The served OpenAPI document, finished: FastAPI's default 422 entries dropped, request-body ``$defs`` hoisted."""

from __future__ import annotations

from typing import Any

# FastAPI's own validation models; nothing refers to them once the 422 entries are gone.
_FRAMEWORK_SCHEMAS = ("HTTPValidationError", "ValidationError")


def finish_openapi(openapi: dict[str, Any]) -> dict[str, Any]:
    """Make the document true to the server (idempotent; edits ``openapi`` in place and returns it).

    Validation is answered 400 in the surface's error shape, never FastAPI's 422 ``{"detail": ...}``; bodies
    read by ``json_body`` carry Pydantic ``$defs`` whose refs point at ``#/components/schemas``, so the
    definitions move there for those refs to resolve.
    """
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
            for media in operation.get("requestBody", {}).get("content", {}).values():
                for name, definition in media.get("schema", {}).pop("$defs", {}).items():
                    components.setdefault(name, definition)
    for name in _FRAMEWORK_SCHEMAS:
        components.pop(name, None)
    _document_head(openapi)
    return openapi


def _document_head(openapi: dict[str, Any]) -> None:
    """Every GET of ``/api/1.0`` also answers HEAD (``api.content.http``): the same operation without bodies."""
    for path, operations in openapi.get("paths", {}).items():
        get = operations.get("get")
        if not path.startswith("/api/1.0/") or get is None or "head" in operations:
            continue
        responses = {
            status: {key: value for key, value in answer.items() if key != "content"}
            for status, answer in get.get("responses", {}).items()
        }
        operations["head"] = {
            **{key: value for key, value in get.items() if key not in {"responses", "operationId"}},
            "operationId": f"{get.get('operationId', path)}_head",
            "summary": f"{get.get('summary', path)} (headers only)",
            "responses": responses,
        }
