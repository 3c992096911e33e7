"""Statuses and other closed vocabularies of the wire, as enums that type checkers see.

They are `StrEnum`s (`job.status == "completed"` still holds) and open: a value a newer server
adds parses as an extra member instead of failing, so an older SDK keeps working.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class _OpenStrEnum(StrEnum):
    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper().replace(".", "_")
        member._value_ = value
        return member


class JobStatus(_OpenStrEnum):
    """A job's or an output's status (SPEC §4.2)."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class OutputType(_OpenStrEnum):
    INTERACTIVE_MODULE = "interactive_module"
    SUMMARY_VIDEO = "summary_video"
    EXPANDED_QUIZ = "expanded_quiz"


class KeyStatus(_OpenStrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class WebhookStatus(_OpenStrEnum):
    ACTIVE = "active"


class DeliveryStatus(_OpenStrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class EventType(_OpenStrEnum):
    """The events webhooks and `lessonforge listen` receive."""

    CONTENT_COMPLETED = "content.completed"
    CONTENT_FAILED = "content.failed"
