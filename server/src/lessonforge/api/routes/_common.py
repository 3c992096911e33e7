"""Small request checks shared by routers: JSON content type and the Idempotency-Key header."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from lessonforge.domain.jobs import CreateCall
from lessonforge.errors import FieldProblem, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)


def require_json(request: Request) -> None:
    """Refuse a body that is not declared as JSON (before it is validated)."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    if has_body and not (media == "application/json" or media.endswith("+json")):
        raise ValidationError(
            "Content-Type must be application/json",
            fields=[FieldProblem("Content-Type", f"Unsupported media type {media or '(none)'}")],
        )


def create_call(request: Request) -> CreateCall:
    """The call creating a job, as support handoffs describe it: method, path and the request's id."""
    request_id = str(request.scope.get("state", {}).get("request_id", ""))
    return CreateCall(f"{request.method} {request.url.path}", request_id)


def checked_idempotency_key(value: str | None) -> str | None:
    """The Idempotency-Key header: at most 255 printable ASCII characters."""
    if value is None:
        return None
    if not value or len(value) > 255 or not all(" " <= ch <= "~" for ch in value):
        raise ValidationError(
            "Idempotency-Key must be 1 to 255 printable characters",
            fields=[FieldProblem("Idempotency-Key", "Invalid header value")],
        )
    return value


async def json_body(request: Request, model: type[ModelT]) -> ModelT:
    """Read and validate a JSON body after the route's auth dependencies ran (auth errors come first)."""
    require_json(request)
    raw = await request.body()
    try:
        return model.model_validate_json(raw or b"")
    except PydanticValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from exc


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI ``requestBody`` for a route that reads its body with :func:`json_body`."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
