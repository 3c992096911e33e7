"""The organization's event stream (``GET /v1/content/events``, ``lessonforge listen``).

Every job event is logged in the transaction that ends the job, whether or not a webhook subscribed to it;
a stream reads the log in sequence order and resumes after the last event its client saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from lessonforge.domain.events import OrgEvent, StreamPosition, advance, parse_last_event_id, start_position
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.uow import Tx

BATCH = 200
# How long events stay readable by Last-Event-ID; each new event prunes a few older ones, so the log stays bounded.
RETENTION = timedelta(days=30)
PRUNE_BATCH = 100


@dataclass(frozen=True)
class StreamBatch:
    """The organization's events read in one go, where the reader now stands, and whether more are waiting."""

    events: list[OrgEvent]
    position: StreamPosition
    more: bool


def record_event(tx: Tx, organization_id: str, event: str, job_id: str, body: str, at: datetime) -> None:
    """Log one event (inside the transaction that caused it) and prune events past the retention."""
    tx.events.add(event_id=new_id(), organization_id=organization_id, event=event, job_id=job_id, body=body, at=at)
    tx.events.prune(at - RETENTION, PRUNE_BATCH)


def open_stream(ctx: ServiceContext, last_event_id: str | None) -> StreamPosition:
    """Where a stream starts: after ``Last-Event-ID`` when given (400 when it is not one), else after the newest."""
    after = parse_last_event_id(last_event_id)
    with ctx.store.read() as tx:
        return start_position(after, tx.events.newest())


def read_stream(ctx: ServiceContext, organization_id: str, position: StreamPosition) -> StreamBatch:
    """The organization's next events after ``position`` (other organizations' are passed over, never shown)."""
    with ctx.store.read() as tx:
        found = tx.events.after(position.scanned, BATCH)
    taken, moved = advance(position, [e.sequence for e in found], ctx.clock.time())
    own = [e for e in found[:taken] if e.organization_id == organization_id]
    return StreamBatch(own, moved, more=taken == BATCH)
