"""Expansion job values: statuses, outputs, fingerprints for idempotency and duplicate detection."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lessonforge.domain.outputs import OUTPUT_TYPES, RESOURCE_TYPES
from lessonforge.domain.payload import canonical_json

DEFAULT_SOURCE_TYPE = "source_json"


class JobStatus(enum.StrEnum):
    """Where a job is: ``queued → processing → completed | failed`` (also ``queued → failed``)."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def is_terminal(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED)


class OutputStatus(enum.StrEnum):
    """Where one requested output is."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


@dataclass(frozen=True)
class ErrorInfo:
    """A stable error code with a message that carries no internals."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class JobOutput:
    """One requested output of a job."""

    output_type: str
    status: OutputStatus
    resource_type: str
    resource_id: str | None
    manifest: Mapping[str, Any] | None
    error: Mapping[str, Any] | None


@dataclass(frozen=True)
class CreateCall:
    """The API call that created a job (support handoffs describe it): ``"POST /v1/…"`` and its request id.
    Its time is the job's ``created_at``."""

    endpoint: str
    request_id: str


@dataclass(frozen=True)
class Job:
    """An expansion job as stored."""

    id: str
    organization_id: str
    classroom_id: str
    source_type: str
    status: JobStatus
    requested_outputs: tuple[str, ...]
    idempotency_key: str | None
    source_title: str | None
    error: Mapping[str, Any] | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    outputs: tuple[JobOutput, ...]
    payload: Mapping[str, Any] | None = None
    revision: int = 1  # bumped by every stored change to the job or its outputs
    create_call: CreateCall | None = None  # None for jobs created before it was kept


def normalise_outputs(requested: Sequence[str] | None) -> tuple[str, ...]:
    """Collapse duplicates and put outputs in the fixed order; ``None`` means all three."""
    if requested is None:
        return OUTPUT_TYPES
    chosen = set(requested)
    return tuple(output for output in OUTPUT_TYPES if output in chosen)


def resource_type_of(output_type: str) -> str:
    """``module``, ``video`` or ``test`` for an output type."""
    return RESOURCE_TYPES[output_type]


def source_hash(source_type: str, payload: Mapping[str, Any]) -> str:
    """Canonical hash of the source content: what counts as 'the same source' for duplicates."""
    return _sha256(canonical_json({"sourceType": source_type, "payload": payload}))


def request_fingerprint(
    payload: Mapping[str, Any], source_type: str, outputs: Sequence[str], classroom_id: str | None
) -> str:
    """Canonical hash of everything an Idempotency-Key promises to repeat."""
    body = {
        "payload": payload,
        "sourceType": source_type,
        "requestedOutputs": list(outputs),
        "classroomId": classroom_id,
    }
    return _sha256(canonical_json(body))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class JobFilter:
    """Which of an organization's jobs a listing shows (every condition given must hold)."""

    status: str | None = None
    created_from: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    idempotency_key: str | None = None  # exact
    title_contains: str | None = None  # case-insensitive substring of sourceTitle
