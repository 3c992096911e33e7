"""Error rendering for both contracts: ``content_*`` codes (integration) and UPPER_CASE codes (/api/1.0).

Domain errors, framework errors and unexpected exceptions all become one of these bodies, chosen by path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from lessonforge import errors
from lessonforge.api.responses import Json
from lessonforge.console.app import is_console_path
from lessonforge.console.web import error_page

log = logging.getLogger("lessonforge.api")
CONTENT_API_PREFIX = "/api/1.0"

# kind -> (status, integration code, Content API code)
KINDS: dict[str, tuple[int, str, str]] = {
    "invalid": (400, "content_invalid_request", "VALIDATION_ERROR"),
    "unauthenticated": (401, "content_invalid_api_key", "UNAUTHORIZED"),
    "forbidden": (403, "content_forbidden", "FORBIDDEN"),
    "not_found": (404, "content_not_found", "NOT_FOUND"),
    "conflict": (409, "content_conflict", "CONFLICT"),
    "rate_limited": (429, "content_rate_limit_exceeded", "RATE_LIMITED"),
    "internal": (500, "content_internal_error", "INTERNAL_ERROR"),
}
_DOMAIN_KINDS: list[tuple[type[errors.LessonforgeError], str]] = [
    (errors.ValidationError, "invalid"),
    (errors.SourceInvalidError, "invalid"),
    (errors.AuthenticationError, "unauthenticated"),
    (errors.PermissionDeniedError, "forbidden"),
    (errors.NotFoundError, "not_found"),
    (errors.ConflictError, "conflict"),
    (errors.UniqueViolationError, "conflict"),
    (errors.RateLimitedError, "rate_limited"),
]
INTERNAL_MESSAGE = "An unexpected error occurred; quote the requestId to support"


@dataclass(frozen=True)
class Problem:
    """An error about to be rendered."""

    kind: str
    message: str
    fields: list[errors.FieldProblem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


def respond(request: Request, problem: Problem) -> Response:
    """The console's readable page for its own URLs, else the contract body of the path's surface."""
    if is_console_path(request.url.path):
        fields = {f.field: f.message for f in problem.fields}
        return error_page(request, KINDS[problem.kind][0], problem.message, fields)
    return render(problem, request.url.path, request_id_of(request))


def render(problem: Problem, path: str, request_id: str | None) -> Json:
    """The contract body for ``problem`` on the surface that ``path`` belongs to."""
    status, body = contract_body(problem, path, request_id)
    return Json(body, status_code=status, headers=problem.headers)


def contract_body(problem: Problem, path: str, request_id: str | None) -> tuple[int, dict[str, Any]]:
    """(status, error body) of ``problem`` in the contract of the surface that ``path`` belongs to."""
    status, integration_code, content_code = KINDS[problem.kind]
    content_surface = path.startswith(CONTENT_API_PREFIX)
    body: dict[str, Any] = {"code": content_code if content_surface else integration_code, "message": problem.message}
    if not content_surface:
        body["status"] = status
    body["requestId"] = request_id
    details = dict(problem.details)
    if problem.fields:
        details["fields"] = [{"field": f.field, "message": f.message} for f in problem.fields]
    if details:
        body["details"] = details
    return status, {"error": body}


def problem_from_domain(exc: errors.LessonforgeError) -> Problem:
    kind = next((k for cls, k in _DOMAIN_KINDS if isinstance(exc, cls)), "internal")
    headers = {}
    if isinstance(exc, errors.RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    if kind == "internal":
        return Problem(kind, INTERNAL_MESSAGE)
    return Problem(kind, exc.message, list(exc.fields), headers, dict(exc.details))


def problem_from_validation(exc: RequestValidationError) -> Problem:
    fields = [_field_problem(error) for error in exc.errors()]
    invalid = [str(e.get("ctx", {}).get("error", "")) for e in exc.errors() if e.get("type") == "json_invalid"]
    if any("recursion limit" in reason for reason in invalid):  # the parser's own bound (200 levels)
        return Problem("invalid", "JSON nesting is too deep", [errors.FieldProblem("body", "Nested too deep")])
    if invalid:
        return Problem("invalid", "Malformed JSON body", [errors.FieldProblem("body", "Malformed JSON")])
    unknown = [f.field for f, e in zip(fields, exc.errors(), strict=True) if e.get("type") == "extra_forbidden"]
    if unknown:  # strict bodies: name every unknown field, however many other problems there are
        return Problem("invalid", f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}", fields)
    first = fields[0] if fields else errors.FieldProblem("body", "Invalid")
    return Problem("invalid", f"{first.field}: {first.message}", fields)


_MESSAGES = {"missing": "Required", "extra_forbidden": "Unknown field"}


def _field_problem(error: Any) -> errors.FieldProblem:
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in {"body", "query", "header", "path", "cookie"}:
        location = location[1:]
    message = _MESSAGES.get(error.get("type", ""), str(error.get("msg", "Invalid")))
    return errors.FieldProblem(".".join(location) or "body", message)


def problem_from_http(exc: StarletteHTTPException) -> Problem:
    if exc.status_code == 404:
        return Problem("not_found", "Route not found")
    if exc.status_code == 405:
        # The tables have no 405 code and status must match code: an unsupported method is "no such route".
        return Problem("not_found", "Method not allowed on this route", headers=dict(exc.headers or {}))
    kind = next((k for k, (s, _, _) in KINDS.items() if s == exc.status_code), "invalid")
    return Problem(kind, str(exc.detail))


def request_id_of(request: Request) -> str | None:
    value = request.scope.get("state", {}).get("request_id")
    return str(value) if value else None


def install_error_handlers(app: FastAPI, *, allowed_methods: Callable[[str], str | None] | None = None) -> None:
    """Route every error FastAPI can raise through :func:`render`; ``allowed_methods(path)`` gives a 405's
    ``Allow`` (None: keep the framework's)."""

    async def on_domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.LessonforgeError)
        problem = problem_from_domain(exc)
        if problem.kind == "internal":
            log.error("unexpected domain error", exc_info=exc)
        return respond(request, problem)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return respond(request, problem_from_validation(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        problem = problem_from_http(exc)
        allow = allowed_methods(request.url.path) if exc.status_code == 405 and allowed_methods else None
        if allow:
            problem.headers["Allow"] = allow
        return respond(request, problem)

    app.add_exception_handler(errors.LessonforgeError, on_domain)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
