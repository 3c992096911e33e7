"""Typed values of the Content Integration API (SPEC §3-§6).

Attributes are snake_case, the wire is camelCase; unknown fields are kept (`extra="allow"`) so a
newer server never breaks an older SDK. Statuses are open enums (`_statuses`) for the same reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from ._statuses import DeliveryStatus, EventType, JobStatus, KeyStatus, OutputType, WebhookStatus

OUTPUT_TYPES = ("interactive_module", "summary_video", "expanded_quiz")
TERMINAL_STATUSES = frozenset({"completed", "failed"})


class WireModel(BaseModel):
    """Base of every wire value: camelCase aliases, unknown fields kept, immutable."""

    model_config = ConfigDict(
        extra="allow", alias_generator=to_camel, populate_by_name=True, frozen=True
    )

    def to_wire(self) -> dict[str, Any]:
        """The value as the server spells it (camelCase, JSON-compatible)."""
        return self.model_dump(mode="json", by_alias=True)


class Admin(WireModel):
    id: str
    email: str


class LoginResult(WireModel):
    admin: Admin


class Organization(WireModel):
    id: str
    name: str | None = None


class CreatedApiKey(WireModel):
    """Answer of create and rotate: the only time the full `api_key` is visible."""

    api_key: str = Field(repr=False)
    key_id: str
    key_prefix: str
    name: str
    rate_limit_per_minute: int
    created_at: datetime | None = None
    expires_at: datetime | None = None


class ApiKey(WireModel):
    """A key as listed: never the secret."""

    key_id: str
    key_prefix: str
    name: str
    rate_limit_per_minute: int
    status: KeyStatus
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    expires_at: datetime | None = None


class Classroom(WireModel):
    id: str
    name: str | None = None


class CreateRequest(WireModel):
    """The API call that created a job, as the server kept it (what a support handoff describes)."""

    endpoint: str
    request_id: str
    at: datetime


class ErrorInfo(WireModel):
    """`{code, message}` of a failed job or output."""

    code: str
    message: str = ""


class JobOutput(WireModel):
    output_type: OutputType
    status: JobStatus
    resource_type: str | None = None
    resource_id: str | None = None
    manifest: dict[str, Any] | None = None
    error: ErrorInfo | None = None


class Job(WireModel):
    """An expansion job (SPEC §4.2)."""

    id: str
    status: JobStatus
    organization_id: str | None = None
    classroom_id: str | None = None
    source_type: str | None = None
    requested_outputs: list[OutputType] = []
    idempotency_key: str | None = None
    source_title: str | None = None
    error: ErrorInfo | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    outputs: list[JobOutput] = []
    create_request: CreateRequest | None = None

    @property
    def is_terminal(self) -> bool:
        """True once the job is `completed` or `failed`."""
        return self.status in TERMINAL_STATUSES

    @property
    def outputs_done(self) -> int:
        """How many outputs reached a terminal status."""
        return sum(1 for output in self.outputs if output.status in TERMINAL_STATUSES)


class ManifestOutput(WireModel):
    output_type: OutputType
    resource_type: str | None = None
    resource_id: str | None = None
    title: str | None = None
    urls: dict[str, Any] = {}


class ResultManifest(WireModel):
    job_id: str
    status: JobStatus
    source_type: str | None = None
    title: str | None = None
    outputs: list[ManifestOutput] = []


class ExpansionResult(WireModel):
    """`{job, outputs, manifest}`; `manifest` is None until the job is terminal."""

    job: Job
    outputs: list[JobOutput] = []
    manifest: ResultManifest | None = None


class JobPage(WireModel):
    items: list[Job]
    next_cursor: str | None = None


class Resource(WireModel):
    """A generated module, video or test; its many fields stay available as extras."""

    id: str
    version: int | None = None


class RenderAccepted(WireModel):
    """The 202 answer of a render request; whatever the server says about the queued render."""

    id: str | None = None
    render_status: str | None = None


class ResourcePage(WireModel):
    items: list[Resource]
    next_cursor: str | None = None


class Webhook(WireModel):
    """A webhook subscription; `secret` is only present in the create answer."""

    id: str
    url: str
    events: list[EventType] = []
    status: WebhookStatus | None = None
    organization_id: str | None = None
    secret: str | None = Field(default=None, repr=False)
    created_at: datetime | None = None


class WebhookDelivery(WireModel):
    """One webhook delivery (status `pending`, `delivered` or `failed`) and its attempts so far."""

    id: str | None = None
    status: DeliveryStatus | None = None
    event: EventType | None = None
    webhook_id: str | None = None
    job_id: str | None = None
    attempts: int | None = None
    last_status_code: int | None = None
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    created_at: datetime | None = None
    delivered_at: datetime | None = None


class WebhookEvent(WireModel):
    """The body of a webhook delivery (`content.completed` / `content.failed`)."""

    event: EventType
    job_id: str | None = None
    status: JobStatus | None = None
    source_type: str | None = None
    requested_outputs: list[OutputType] = []
    completed_at: datetime | None = None


class StreamEvent(WireModel):
    """One event of the organization's event stream (`stream_events`, `lessonforge listen`).

    `id` is the event's id (a delivery's `webhook-id`), `sequence` its position in the stream (the
    SSE id to resume after), `payload` the webhook delivery body exactly as sent."""

    id: str
    sequence: int
    type: EventType
    job_id: str
    created_at: datetime
    payload: dict[str, Any]

    @property
    def event(self) -> WebhookEvent:
        """The payload as a typed `WebhookEvent`."""
        return WebhookEvent.model_validate(self.payload)


class ContentProject(WireModel):
    """A Content API project; the tokens are present only on create and rotate."""

    id: str
    name: str
    languages: list[str] = []
    read_token: str | None = Field(default=None, repr=False)
    write_token: str | None = Field(default=None, repr=False)
