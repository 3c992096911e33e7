"""Webhook tables, on the shared ``metadata``: subscriptions (secret sealed), their deliveries, every attempt,
and the organization event log every delivery and ``lessonforge listen`` stream is made from."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text

from lessonforge.store.schema import _ts, metadata

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    Column("events", JSON, nullable=False),
    Column("status", String(10), nullable=False),
    # The whsec_ secret sealed with a key derived from the server secret (it must stay usable for signing).
    Column("secret_sealed", Text, nullable=False),
    _ts("created_at"),
    Index("ix_webhooks_org_created", "organization_id", "created_at"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("webhook_id", String(36), ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False),
    Column("job_id", String(36), nullable=False),
    Column("event", String(40), nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_status_code", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    _ts("next_attempt_at", nullable=True),
    # The exact bytes sent (UTF-8 JSON), fixed at enqueue time so retries are identical.
    Column("body", Text, nullable=False),
    _ts("created_at"),
    _ts("delivered_at", nullable=True),
    Index("ix_webhook_deliveries_hook_created", "webhook_id", "created_at"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("delivery_id", String(36), ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), nullable=False),
    _ts("attempted_at"),
    Column("status_code", Integer, nullable=True),
    Column("error", Text, nullable=True),
    Column("duration_ms", Integer, nullable=True),
    Index("ix_webhook_attempts_delivery", "delivery_id", "attempted_at"),
)

webhook_events = Table(
    "webhook_events",
    metadata,
    # Ascending in commit order on SQLite; on PostgreSQL a reader waits briefly at a gap (domain.events).
    Column("sequence", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("event", String(40), nullable=False),
    Column("job_id", String(36), nullable=False),
    # The exact delivery body (UTF-8 JSON), the same bytes every webhook of the event receives.
    Column("body", Text, nullable=False),
    _ts("created_at"),
)
