"""Repository for API keys and the per-key rate-limit state (one GCRA number per bucket)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.accounts import ApiKey, KeyStatus
from lessonforge.store._rows import insert_ignore
from lessonforge.store.fast import FastStatement
from lessonforge.store.schema import api_keys, rate_limit_state

# Built once: the bearer hot path runs these on every request.
_BY_DIGEST = FastStatement(select(api_keys).where(api_keys.c.key_digest == bindparam("digest")))
_TOUCH = update(api_keys).where(api_keys.c.id == bindparam("b_key_id")).values(last_used_at=bindparam("b_at"))
_LOAD_TAT = FastStatement(
    select(rate_limit_state.c.tat).where(rate_limit_state.c.bucket == bindparam("bucket")).with_for_update()
)
_SAVE_TAT = FastStatement(
    update(rate_limit_state).where(rate_limit_state.c.bucket == bindparam("b_bucket")).values(tat=bindparam("b_tat"))
)


class KeyRepository:
    """API keys (only their digests) and rate-limit buckets."""

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
            )
        )

    def get(self, organization_id: str, key_id: str) -> ApiKey | None:
        query = select(api_keys).where(api_keys.c.organization_id == organization_id, api_keys.c.id == key_id)
        row = self.conn.execute(query).mappings().first()
        return _key(row) if row else None

    def by_digest(self, digest: str) -> ApiKey | None:
        rows = _BY_DIGEST.mappings(self.conn, digest=digest)
        return _key(rows[0]) if rows else None

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

    def touch(self, key_id: str, at: datetime) -> None:
        self.conn.execute(_TOUCH, {"b_key_id": key_id, "b_at": at})

    def load_tat(self, bucket: str) -> float | None:
        """The bucket's theoretical arrival time, locked for this transaction where the dialect can."""
        rows = _LOAD_TAT.rows(self.conn, bucket=bucket)
        if not rows:  # first use: create the row (a concurrent twin may win; then lock theirs)
            insert_ignore(self.conn, rate_limit_state, {"bucket": bucket, "tat": 0.0})
            rows = _LOAD_TAT.rows(self.conn, bucket=bucket)
        tat = rows[0][0]
        return float(tat) if tat else None

    def save_tat(self, bucket: str, tat: float) -> None:
        _SAVE_TAT.run(self.conn, b_bucket=bucket, b_tat=tat)


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
    )
