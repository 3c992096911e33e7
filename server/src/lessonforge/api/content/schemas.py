# ruff: noqa: N815
"""Wire schemas of the Content API bodies and of the content-projects admin routes."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from lessonforge.api.schemas import ErrorDetailsOut, StrictWire, Wire


class FieldValueIn(Wire):
    name: str = Field(min_length=1, max_length=64)
    value: Any = None


class ContentBlockIn(Wire):
    language: str | None = Field(default=None, max_length=35)
    fields: list[FieldValueIn] = Field(default_factory=list, max_length=500)


class CreateContentIn(Wire):
    contentType: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=500)
    content: list[ContentBlockIn] = Field(default_factory=list, max_length=100)


class UpdateFieldIn(Wire):
    """``{fieldName, language, value}`` (recommended) or ``{id, value}`` with a field value id."""

    fieldName: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=35)
    id: str | None = Field(default=None, max_length=64)
    value: Any = None


class ValidationIn(Wire):
    name: str = Field(max_length=32)
    customArgs: Any = None


class FieldIn(Wire):
    id: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=200)
    type: str = Field(max_length=32)
    relatedModelId: str | None = Field(default=None, max_length=64)
    isArray: bool = False
    validations: list[ValidationIn] = Field(default_factory=list, max_length=10)


class EntityIn(Wire):
    name: str = Field(max_length=200)
    fieldList: list[FieldIn] = Field(max_length=500)


class EnumValueIn(Wire):
    id: str | None = Field(default=None, max_length=64)
    value: Any = None


class EnumIn(Wire):
    name: str = Field(max_length=200)
    values: list[EnumValueIn] = Field(max_length=1000)


class CreatedIdOut(Wire):
    id: str


class ClearedValuesOut(Wire):
    field: str
    count: int
    contentIds: list[str]  # the first 1000 contents that lost their value of ``field``


class EntityUpdatedOut(Wire):
    id: str
    cleared: list[ClearedValuesOut] | None = None  # present only when a retyped field's values were cleared


class UploadedMediaOut(Wire):
    name: str
    url: str


class ContentErrorBodyOut(Wire):
    code: str
    message: str
    requestId: str
    details: ErrorDetailsOut | None = None


class ContentErrorEnvelope(Wire):
    """The Content API error body (SPEC §7): UPPER_CASE ``code``, no ``status``."""

    error: ContentErrorBodyOut


_CONTENT_ERROR_TEXT = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
}
READ_ERRORS = (400, 401, 404, 429)
WRITE_ERRORS = (*READ_ERRORS, 403, 409)


def content_error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the Content API error statuses a route can answer (plus 500 everywhere)."""
    chosen = sorted({*statuses, 400, 404, 500})
    return {s: {"model": ContentErrorEnvelope, "description": f"`{_CONTENT_ERROR_TEXT[s]}`"} for s in chosen}


class CreateContentProjectIn(StrictWire):  # an admin route of /v1: strict
    name: str = Field(min_length=1, max_length=200)
    languages: list[str] = Field(min_length=1, max_length=50)
    rateLimitPerMinute: int | None = Field(default=None, ge=1, le=100000)


class IssuedContentProjectOut(Wire):
    id: str
    name: str
    languages: list[str]
    readToken: str
    writeToken: str
    rateLimitPerMinute: int
    generated: bool
    createdAt: str


class ContentProjectOut(Wire):
    id: str
    name: str
    languages: list[str]
    rateLimitPerMinute: int
    generated: bool
    createdAt: str
    readTokenPrefix: str | None
    writeTokenPrefix: str | None
