"""Repository for admin answers stored under an Idempotency-Key (one row per organization, route and key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, select, update
from sqlalchemy.engine import Connection

from lessonforge.store.schema import stored_responses as table


@dataclass(frozen=True)
class StoredRow:
    """A key's record: the request it guards and, once the first request finished, its sealed answer."""

    fingerprint: str
    status_code: int | None
    media_type: str | None
    body_sealed: str | None
    created_at: datetime


class ReplayRepository:
    """Claim, complete and release the record of one (organization, route, key)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def _where(self, organization_id: str, route: str, key: str) -> ColumnElement[bool]:
        return and_(table.c.organization_id == organization_id, table.c.route == route, table.c.idempotency_key == key)

    def get(self, organization_id: str, route: str, key: str) -> StoredRow | None:
        row = self.conn.execute(
            select(table.c.request_fingerprint, table.c.status_code, table.c.media_type, table.c.body_sealed)
            .add_columns(table.c.created_at)
            .where(self._where(organization_id, route, key))
        ).first()
        return StoredRow(*row) if row else None

    def add_pending(
        self, organization_id: str, route: str, key: str, fingerprint: str, now: datetime, expires_at: datetime
    ) -> None:
        """Insert the running request's record; the primary key refuses a concurrent twin."""
        self.conn.execute(
            table.insert().values(
                organization_id=organization_id,
                route=route,
                idempotency_key=key,
                request_fingerprint=fingerprint,
                created_at=now,
                expires_at=expires_at,
            )
        )

    def restart_pending(self, organization_id: str, route: str, key: str, now: datetime) -> None:
        """Take over a record whose first request never finished (its process died)."""
        self.conn.execute(update(table).where(self._where(organization_id, route, key)).values(created_at=now))

    def complete(
        self, organization_id: str, route: str, key: str, status_code: int, media_type: str | None, body_sealed: str
    ) -> None:
        self.conn.execute(
            update(table)
            .where(self._where(organization_id, route, key))
            .values(status_code=status_code, media_type=media_type, body_sealed=body_sealed)
        )

    def remove(self, organization_id: str, route: str, key: str) -> None:
        self.conn.execute(delete(table).where(self._where(organization_id, route, key)))

    def purge_expired(self, now: datetime) -> None:
        self.conn.execute(delete(table).where(table.c.expires_at <= now))
