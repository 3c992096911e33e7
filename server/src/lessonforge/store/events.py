"""Repository of the organization event log (``webhook_events``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection

from lessonforge.domain.events import OrgEvent
from lessonforge.store.webhooks_schema import webhook_events as ev


class EventRepository:
    """Appends events and reads them in sequence order."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, event_id: str, organization_id: str, event: str, job_id: str, body: str, at: datetime) -> None:
        values = {"id": event_id, "organization_id": organization_id, "event": event, "job_id": job_id}
        self.conn.execute(ev.insert(), {**values, "body": body, "created_at": at})

    def prune(self, older_than: datetime, batch: int) -> None:
        """Delete up to ``batch`` of the oldest events created before ``older_than`` (walks the primary key only)."""
        oldest = select(ev.c.sequence).order_by(ev.c.sequence).limit(batch).scalar_subquery()
        self.conn.execute(delete(ev).where(ev.c.sequence.in_(oldest), ev.c.created_at < older_than))

    def newest(self) -> int:
        """The highest sequence logged (0 when none)."""
        return int(self.conn.execute(select(func.coalesce(func.max(ev.c.sequence), 0))).scalar_one())

    def after(self, sequence: int, limit: int) -> list[OrgEvent]:
        """Every organization's events after ``sequence``, ascending (the reader filters its own)."""
        query = select(ev).where(ev.c.sequence > sequence).order_by(ev.c.sequence).limit(limit)
        return [_event(row) for row in self.conn.execute(query).mappings()]


def _event(row: Mapping[Any, Any]) -> OrgEvent:
    return OrgEvent(
        sequence=row["sequence"],
        id=row["id"],
        organization_id=row["organization_id"],
        event=row["event"],
        job_id=row["job_id"],
        body=row["body"],
        created_at=row["created_at"],
    )
