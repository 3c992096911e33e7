"""Queue task values and the retry backoff rule."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TaskStatus(enum.StrEnum):
    READY = "ready"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ClaimedTask:
    """A task a worker holds a lease on; every write it makes is fenced by ``attempt``."""

    id: str
    kind: str
    ref_id: str
    attempt: int
    max_attempts: int


def retry_delay(attempt: int, base_seconds: float, cap_seconds: float = 300.0) -> float:
    """Exponential backoff after a failed ``attempt`` (1-based)."""
    return float(min(cap_seconds, base_seconds * 2 ** (attempt - 1)))
