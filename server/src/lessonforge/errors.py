"""The domain error tree: every failure a service can report, each with a stable code. No HTTP here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldProblem:
    """One failed field: a dotted path (or field name) and a human-readable message."""

    field: str
    message: str


class LessonforgeError(Exception):
    """Base of every error a service raises on purpose."""

    code = "internal_error"

    def __init__(
        self, message: str, *, fields: list[FieldProblem] | None = None, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields: list[FieldProblem] = fields or []
        # More to say beside ``fields`` (e.g. ``existingJobId``): rendered into the contract's ``details``.
        self.details: Mapping[str, Any] = details or {}


class AuthenticationError(LessonforgeError):
    """Missing, malformed, revoked or expired credentials."""

    code = "unauthenticated"


class PermissionDeniedError(LessonforgeError):
    """Valid credentials, operation not allowed."""

    code = "forbidden"


class NotFoundError(LessonforgeError):
    """The thing does not exist or belongs to someone else."""

    code = "not_found"


class ConflictError(LessonforgeError):
    """The request conflicts with current state."""

    code = "conflict"


class ValidationError(LessonforgeError):
    """Input failed validation; ``fields`` lists each failure."""

    code = "invalid"


@dataclass
class RateLimitedError(LessonforgeError):
    """The caller's budget is spent; retry after ``retry_after`` seconds."""

    retry_after: int = 30
    limit: int = 0
    message: str = "Rate limit exceeded"
    fields: list[FieldProblem] = field(default_factory=list)
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)


class SourceInvalidError(LessonforgeError):
    """The payload cannot produce an output; the message names the lesson and field."""

    code = "source_invalid"

    def __init__(self, message: str, *, lesson_id: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.lesson_id = lesson_id
        self.field = field


class StaleLeaseError(LessonforgeError):
    """A worker wrote with an attempt number that no longer owns the job (fenced write refused)."""

    code = "stale_lease"


class UniqueViolationError(LessonforgeError):
    """The store refused a write that would break one of its known uniqueness rules (a concurrent twin won);
    ``rule`` names it (e.g. ``idempotency_key``, ``active_source``)."""

    code = "conflict"

    def __init__(self, message: str, *, rule: str) -> None:
        super().__init__(message)
        self.rule = rule
