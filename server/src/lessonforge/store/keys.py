"""Repository for API keys (their digests only); authentication itself reads through ``store.hot``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.accounts import ApiKey, KeyStatus
from lessonforge.store.schema import api_keys


class KeyRepository:
    """API keys (only their digests)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, key: ApiKey, digest: str) -> None:
        self.conn.execute(
            api_keys.insert().values(
                id=key.id,
                organization_id=key.organization_id,
                name=key.name,
                key_prefix=key.key_prefix,
                key_digest=digest,
                rate_limit_per_minute=key.rate_limit_per_minute,
                status=key.status.value,
                created_at=key.created_at,
                expires_at=key.expires_at,
            )
        )

    def get(self, organization_id: str, key_id: str) -> ApiKey | None:
        query = select(api_keys).where(api_keys.c.organization_id == organization_id, api_keys.c.id == key_id)
        row = self.conn.execute(query).mappings().first()
        return _key(row) if row else None

    def list(self, organization_id: str) -> list[ApiKey]:
        query = (
            select(api_keys)
            .where(api_keys.c.organization_id == organization_id)
            .order_by(api_keys.c.created_at, api_keys.c.id)
        )
        return [_key(r) for r in self.conn.execute(query).mappings()]

    def revoke(self, key_id: str, at: datetime) -> None:
        self.conn.execute(
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.status == KeyStatus.ACTIVE.value)
            .values(status=KeyStatus.REVOKED.value, revoked_at=at)
        )


def _key(row: Mapping[Any, Any]) -> ApiKey:
    return ApiKey(
        id=row["id"],
        organization_id=row["organization_id"],
        name=row["name"],
        key_prefix=row["key_prefix"],
        rate_limit_per_minute=row["rate_limit_per_minute"],
        status=KeyStatus(row["status"]),
        created_at=row["created_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
        expires_at=row["expires_at"],
    )
