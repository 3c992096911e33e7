"""Wire schemas: request bodies (validated) and response shapes (documented in OpenAPI)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

from lessonforge.api.test_body_schema import RESOURCE_BODY_SCHEMA
from lessonforge.domain.keys import NAME_MAX_LENGTH, RATE_LIMIT_RANGE
from lessonforge.domain.resources import TITLE_MAX_LENGTH

OutputType = Literal["interactive_module", "summary_video", "expanded_quiz"]


class Wire(BaseModel):
    """Base for wire models: names are camelCase; unknown fields are ignored (responses, the Content API's
    lenient bodies)."""

    model_config = ConfigDict(extra="ignore")


class StrictWire(Wire):
    """Base for ``/v1`` request bodies: an unknown field is a 400 naming it (a typo such as
    ``requested_outputs`` must not silently fall back to a default)."""

    model_config = ConfigDict(extra="forbid")


class LoginRequest(Wire):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    timezone: str | None = Field(default=None, max_length=64)


class AdminOut(Wire):
    id: str
    email: str


class LoginResponse(Wire):
    admin: AdminOut


class OrganizationOut(Wire):
    id: str
    name: str
    createdAt: str


class CreateKeyRequest(StrictWire):
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    rateLimitPerMinute: int | None = Field(default=None, ge=RATE_LIMIT_RANGE[0], le=RATE_LIMIT_RANGE[1])
    expiresAt: AwareDatetime | None = Field(
        default=None,
        description="When the key stops working (ISO-8601 with a time zone, in the future); absent: never. "
        "An expired key is answered 401 content_invalid_api_key, like a revoked one.",
    )


class IssuedKeyOut(Wire):
    apiKey: str
    keyId: str
    keyPrefix: str
    name: str
    rateLimitPerMinute: int
    createdAt: str
    expiresAt: str | None = Field(description="When the key stops working; null: never.")


class KeyOut(Wire):
    keyId: str
    keyPrefix: str
    name: str
    rateLimitPerMinute: int
    status: Literal["active", "revoked", "expired"] = Field(
        description="`expired`: an active key past its `expiresAt` (it is refused like a revoked one)."
    )
    createdAt: str
    lastUsedAt: str | None
    revokedAt: str | None
    expiresAt: str | None = Field(description="When the key stops (or stopped) working; null: never.")


class ClassroomOut(Wire):
    id: str
    name: str


PAYLOAD_PROPERTIES: dict[str, Any] = {
    "language": {
        "type": "string",
        "description": "BCP-47 tag of the content: the language taught (language course) or presented in (subject).",
    },
    "interfaceLanguage": {
        "type": "string",
        "description": "BCP-47 tag of the learner's language: every word the generators write themselves. Default: "
        "the content's language for a subject course, English for a language course (docs/generators.md).",
    },
    "courseKind": {
        "type": "string",
        "enum": ["language", "subject"],
        "description": "language: teaches `language`; subject: teaches something else (science, history...) in it. "
        "Inferred when absent (docs/generators.md); any other value fails the outputs with source_invalid.",
    },
    "category": {"description": "A string or {id, title}."},
    "level": {"type": "object", "description": "{id, title, lessons: [...]} (SPEC §5)."},
}
"""Documentation of the payload fields the generators read (never validated here: the payload is kept as sent)."""


class CreateExpansionRequest(StrictWire):
    payload: dict[str, Any] = Field(
        description="The source lesson JSON, stored as sent (SPEC §5); the fields the generators read are listed.",
        json_schema_extra={"properties": PAYLOAD_PROPERTIES, "additionalProperties": True},
    )
    requestedOutputs: list[str] | None = Field(
        default=None, description="Subset of interactive_module, summary_video, expanded_quiz; default all three."
    )
    sourceType: str | None = Field(default=None, min_length=1, max_length=200)
    idempotencyKey: str | None = Field(default=None, min_length=1, max_length=255)
    classroomId: uuid.UUID | None = None


class UiExportRequest(StrictWire):
    lessonId: str = Field(min_length=1, max_length=36, description="The id of a module of the organization.")
    idempotencyKey: str | None = Field(default=None, min_length=1, max_length=255)


class ErrorInfoOut(Wire):
    code: str
    message: str


class OutputOut(Wire):
    outputType: OutputType
    status: Literal["queued", "processing", "completed", "failed"]
    resourceType: Literal["module", "video", "test"]
    resourceId: str | None
    manifest: dict[str, Any] | None
    error: ErrorInfoOut | None


class CreateRequestOut(Wire):
    endpoint: str = Field(description='Method and path, e.g. "POST /v1/content/integrations/expansions".')
    requestId: str = Field(description="The X-Request-Id of the create call (the id in the server's logs).")
    at: str = Field(description="When the job was created (ISO-8601 UTC with Z).")


class JobOut(Wire):
    id: str
    organizationId: str
    classroomId: str
    sourceType: str
    status: Literal["queued", "processing", "completed", "failed"]
    requestedOutputs: list[OutputType]
    idempotencyKey: str | None
    sourceTitle: str | None
    error: ErrorInfoOut | None
    createdAt: str
    updatedAt: str
    completedAt: str | None
    outputs: list[OutputOut]
    createRequest: CreateRequestOut | None = Field(
        description="The API call that created the job (for support): null for jobs created before it was kept."
    )


class JobPageOut(Wire):
    items: list[JobOut]
    nextCursor: str | None


class ResultOut(Wire):
    job: JobOut
    outputs: list[OutputOut]
    manifest: dict[str, Any] | None


class ResourceOut(Wire):
    id: str
    resourceType: Literal["module", "video", "test"]
    organizationId: str
    classroomId: str
    jobId: str | None
    title: str
    language: str | None
    version: int
    renderStatus: str | None
    renderError: dict[str, str] | None = None
    urls: dict[str, str | None] = Field(
        description=(
            "`apiUrl` (this resource); `publicUrl`: the public page of a module or a video (null for tests); "
            "videos also `captionsUrl` (WebVTT, public) and `mp4Url` (the public MP4, null until rendered)."
        )
    )
    body: Annotated[dict[str, Any], WithJsonSchema(RESOURCE_BODY_SCHEMA)]
    createdAt: str
    updatedAt: str


class ResourcePageOut(Wire):
    items: list[ResourceOut]
    nextCursor: str | None


class ResourceVersionOut(Wire):
    version: int
    title: str
    body: Annotated[dict[str, Any], WithJsonSchema(RESOURCE_BODY_SCHEMA)]
    createdAt: str = Field(description="When this version was made (generated or saved).")


class ResourceVersionsOut(Wire):
    items: list[ResourceVersionOut] = Field(description="Newest first; the first is the current version.")


class ResourcePatch(StrictWire):
    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX_LENGTH)
    body: dict[str, Any] | None = None


class FieldErrorOut(Wire):
    field: str
    message: str


class ErrorDetailsOut(Wire):
    fields: list[FieldErrorOut] | None = Field(default=None, description="Validation: each failed field.")
    existingJobId: str | None = Field(
        default=None, description="Duplicate source (409): the job for the same source still queued or processing."
    )


class ErrorBodyOut(Wire):
    code: str
    message: str
    status: int
    requestId: str
    details: ErrorDetailsOut | None = None


class ErrorEnvelope(Wire):
    error: ErrorBodyOut


_ERROR_TEXT = {
    400: "content_invalid_request",
    401: "content_invalid_api_key",
    403: "content_forbidden",
    404: "content_not_found",
    409: "content_conflict",
    429: "content_rate_limit_exceeded",
    500: "content_internal_error",
}


_CROSS_ORIGIN = (
    "`content_forbidden`: the admin cannot manage the organization, or the request carries the session cookie"
    " and an `Origin` (else `Referer`) naming another site than this server (cross-site request forgery rule)"
)


def error_responses(*statuses: int, session_write: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer (plus 500 everywhere).

    ``session_write``: a state change authenticated by the session cookie, which answers 403 to another
    site's page.
    """
    chosen = sorted({*statuses, 400, 404, 500, *([403] if session_write else [])})
    entries: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorEnvelope, "description": f"`{_ERROR_TEXT[s]}`"} for s in chosen
    }
    if session_write:
        entries[403]["description"] = _CROSS_ORIGIN
    return entries


class CreateWebhookRequest(StrictWire):
    url: str = Field(min_length=1, max_length=2000)
    events: list[str]


class WebhookOut(Wire):
    id: str
    organizationId: str
    url: str
    events: list[str]
    status: str
    createdAt: str


class IssuedWebhookOut(WebhookOut):
    secret: str


class DeliveryAttemptOut(Wire):
    attemptedAt: str
    statusCode: int | None
    error: str | None
    durationMs: int | None = Field(description="Milliseconds from sending to the answer's status line")


class DeliveryOut(Wire):
    id: str
    webhookId: str
    jobId: str
    event: str
    status: str
    attempts: int
    lastStatusCode: int | None
    lastError: str | None
    nextAttemptAt: str | None
    createdAt: str
    deliveredAt: str | None
    attemptLog: list[DeliveryAttemptOut] | None = Field(
        default=None, description="Every attempt, oldest first (in the deliveries list; not on redeliver)"
    )
