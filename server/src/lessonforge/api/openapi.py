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
    return openapi
