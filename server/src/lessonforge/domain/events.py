"""The organization's event stream with no I/O: event values, the Last-Event-ID cursor, the gap rule.

Every job event the webhook pipeline emits is logged once per organization with an ascending
``sequence``; a stream reader resumes after the sequence a client last saw (``Last-Event-ID``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lessonforge.errors import FieldProblem, ValidationError

# How long a reader waits at a missing sequence number before skipping it (seconds). On PostgreSQL
# a later transaction can commit before an earlier one; a rolled-back one leaves a hole for good.
GAP_WAIT_SECONDS = 10.0
_MAX_SEQUENCE = 2**63 - 1


@dataclass(frozen=True)
class OrgEvent:
    """One logged event; ``body`` is the exact delivery body its webhooks receive."""

    sequence: int
    id: str
    organization_id: str
    event: str
    job_id: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class StreamPosition:
    """How far a reader has scanned (every organization's events) and since when it waits at a gap."""

    scanned: int
    gap_since: float | None = None


def parse_last_event_id(value: str | None) -> int | None:
    """The ``Last-Event-ID`` header as a sequence number; None when absent or empty."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or int(text) > _MAX_SEQUENCE:
        message = "must be the id of an event this stream sent (a whole number)"
        raise ValidationError(f"Last-Event-ID: {message}", fields=[FieldProblem("Last-Event-ID", message)])
    return int(text)


def start_position(last_event_id: int | None, newest: int) -> StreamPosition:
    """Resume after ``last_event_id``; a new stream (or an id from the future) starts after the newest event."""
    if last_event_id is None or last_event_id > newest:
        return StreamPosition(newest)
    return StreamPosition(last_event_id)


def advance(position: StreamPosition, sequences: Sequence[int], now: float) -> tuple[int, StreamPosition]:
    """How many of ``sequences`` (ascending, all after ``position.scanned``) may be read now, and the new position.

    A missing number holds the reader back for ``GAP_WAIT_SECONDS`` (an earlier transaction may still commit);
    after that the gap is skipped.
    """
    taken, scanned, gap_since = 0, position.scanned, position.gap_since
    for sequence in sequences:
        if sequence != scanned + 1:
            gap_since = now if gap_since is None else gap_since
            if now - gap_since < GAP_WAIT_SECONDS:
                return taken, StreamPosition(scanned, gap_since)
        taken, scanned, gap_since = taken + 1, sequence, None
    return taken, StreamPosition(scanned, gap_since)
