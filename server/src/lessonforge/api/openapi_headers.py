"""The response headers the OpenAPI document declares: request id, rate limit, replay, version.

Security schemes come from the auth dependencies themselves (``api.deps``); the headers that follow from
them (RateLimit on bearer-key answers) are read from each operation's ``security``.
"""

from __future__ import annotations

from typing import Any

from lessonforge.api.deps import BEARER_KEY

_INTEGER = {"type": "integer", "minimum": 0}
HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "description": "The request's id (kept from a valid incoming `X-Request-Id`), also in every error body.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "RateLimit": {
        "description": "The key's remaining requests and seconds `t`: until the window is full again when allowed, "
        'until the next request is allowed when refused (429): `"key";r=<remaining>;t=<s>`.',
        "schema": {"type": "string"},
    },
    "RateLimit-Policy": {
        "description": 'The key\'s limit per window: `"key";q=<limit>;w=60`.',
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait before trying again (never less than 30).", "schema": _INTEGER},
    "Idempotent-Replayed": {
        "description": "`true` when this answer replays the one stored under the Idempotency-Key (the same job, or "
        "an admin write's first answer).",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "ETag": {
        "description": 'The resource\'s version, quoted (`"3"`); send it back in `If-Match` to edit safely.',
        "schema": {"type": "string"},
    },
}


def header_ref(name: str) -> dict[str, str]:
    """A ``$ref`` to one of :data:`HEADERS` (for routes that declare a header in their ``responses``)."""
    return {"$ref": f"#/components/headers/{name}"}


def etag_response() -> dict[int | str, dict[str, Any]]:
    """The 200 entry of a route that answers with the resource's ``ETag``."""
    return {200: {"headers": {"ETag": header_ref("ETag")}}}


def declare_headers(openapi: dict[str, Any]) -> dict[str, Any]:
    """Add the response headers each operation sends (idempotent; edits ``openapi`` in place and returns it)."""
    openapi.setdefault("components", {})["headers"] = HEADERS
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            used = {name for requirement in operation.get("security", []) for name in requirement}
            _add_headers(operation, used)
    return openapi


def _add_headers(operation: dict[str, Any], used: set[str]) -> None:
    replays = any(
        param.get("in") == "header" and param.get("name", "").lower() == "idempotency-key"
        for param in operation.get("parameters", [])
    )
    for status, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        headers["X-Request-Id"] = header_ref("X-Request-Id")
        if BEARER_KEY in used and status != "401":
            headers["RateLimit"] = header_ref("RateLimit")
            headers["RateLimit-Policy"] = header_ref("RateLimit-Policy")
        if replays and status in ("200", "201"):
            headers["Idempotent-Replayed"] = header_ref("Idempotent-Replayed")
        if status == "429":
            headers["Retry-After"] = header_ref("Retry-After")
