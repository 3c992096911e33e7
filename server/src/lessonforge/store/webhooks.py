"""Repository for webhooks (secrets only sealed), their deliveries and every delivery attempt."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.webhooks import Delivery, DeliveryAttempt, DeliveryStatus, Webhook, WebhookStatus
from lessonforge.store.webhooks_schema import webhook_attempts
from lessonforge.store.webhooks_schema import webhook_deliveries as wd
from lessonforge.store.webhooks_schema import webhooks as wh

_HOOK_COLUMNS = [c for c in wh.c if c.name != "secret_sealed"]


class WebhookRepository:
    """Subscriptions and deliveries of one organization at a time."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, hook: Webhook, secret_sealed: str) -> None:
        self.conn.execute(
            wh.insert(),
            {
                "id": hook.id,
                "organization_id": hook.organization_id,
                "url": hook.url,
                "events": list(hook.events),
                "status": hook.status.value,
                "secret_sealed": secret_sealed,
                "created_at": hook.created_at,
            },
        )

    def get(self, organization_id: str, webhook_id: str) -> Webhook | None:
        query = select(*_HOOK_COLUMNS).where(wh.c.organization_id == organization_id, wh.c.id == webhook_id)
        row = self.conn.execute(query).mappings().first()
        return _hook(row) if row else None

    def list(self, organization_id: str) -> builtins.list[Webhook]:
        query = select(*_HOOK_COLUMNS).where(wh.c.organization_id == organization_id).order_by(wh.c.created_at, wh.c.id)
        return [_hook(r) for r in self.conn.execute(query).mappings()]

    def subscribed(self, organization_id: str, event: str) -> builtins.list[Webhook]:
        """Active webhooks of the organization that asked for ``event``."""
        hooks = self.list(organization_id)
        return [h for h in hooks if h.status is WebhookStatus.ACTIVE and event in h.events]

    def delete(self, webhook_id: str) -> None:
        self.conn.execute(delete(wd).where(wd.c.webhook_id == webhook_id))
        self.conn.execute(delete(wh).where(wh.c.id == webhook_id))

    def target(self, delivery_id: str) -> tuple[Delivery, str, str] | None:
        """A delivery with its webhook's URL and sealed secret (for the worker)."""
        query = (
            select(wd, wh.c.url, wh.c.secret_sealed).join(wh, wh.c.id == wd.c.webhook_id).where(wd.c.id == delivery_id)
        )
        row = self.conn.execute(query).mappings().first()
        return (_delivery(row), row["url"], row["secret_sealed"]) if row else None

    def add_delivery(self, delivery: Delivery) -> None:
        self.conn.execute(
            wd.insert(),
            {
                "id": delivery.id,
                "webhook_id": delivery.webhook_id,
                "job_id": delivery.job_id,
                "event": delivery.event,
                "status": delivery.status.value,
                "attempts": delivery.attempts,
                "next_attempt_at": delivery.next_attempt_at,
                "body": delivery.body,
                "created_at": delivery.created_at,
            },
        )

    def get_delivery(self, webhook_id: str, delivery_id: str) -> Delivery | None:
        query = select(wd).where(wd.c.webhook_id == webhook_id, wd.c.id == delivery_id)
        row = self.conn.execute(query).mappings().first()
        return _delivery(row) if row else None

    def deliveries(self, webhook_id: str, limit: int = 100) -> builtins.list[Delivery]:
        """Newest first."""
        query = select(wd).where(wd.c.webhook_id == webhook_id).order_by(wd.c.created_at.desc(), wd.c.id).limit(limit)
        return [_delivery(r) for r in self.conn.execute(query).mappings()]

    def record_attempt(
        self,
        delivery_id: str,
        *,
        status: DeliveryStatus,
        status_code: int | None,
        error: str | None,
        next_attempt_at: datetime | None,
        delivered_at: datetime | None,
    ) -> None:
        self.conn.execute(
            update(wd)
            .where(wd.c.id == delivery_id)
            .values(
                status=status.value,
                attempts=wd.c.attempts + 1,
                last_status_code=status_code,
                last_error=error,
                next_attempt_at=next_attempt_at,
                delivered_at=delivered_at,
            )
        )

    def add_attempt(self, attempt_id: str, attempt: DeliveryAttempt) -> None:
        self.conn.execute(
            insert(webhook_attempts).values(
                id=attempt_id,
                delivery_id=attempt.delivery_id,
                attempted_at=attempt.attempted_at,
                status_code=attempt.status_code,
                error=attempt.error,
                duration_ms=attempt.duration_ms,
            )
        )

    def attempts(self, delivery_ids: Sequence[str]) -> dict[str, builtins.list[DeliveryAttempt]]:
        """Each delivery's attempts, oldest first."""
        found: dict[str, builtins.list[DeliveryAttempt]] = {d: [] for d in delivery_ids}
        if not delivery_ids:
            return found
        wa = webhook_attempts
        query = select(wa).where(wa.c.delivery_id.in_(list(delivery_ids))).order_by(wa.c.attempted_at, wa.c.id)
        for row in self.conn.execute(query).mappings():
            found[row["delivery_id"]].append(
                DeliveryAttempt(
                    row["delivery_id"], row["attempted_at"], row["status_code"], row["error"], row["duration_ms"]
                )
            )
        return found

    def set_status(self, delivery_id: str, status: DeliveryStatus, next_attempt_at: datetime | None) -> None:
        statement = update(wd).where(wd.c.id == delivery_id)
        self.conn.execute(statement.values(status=status.value, next_attempt_at=next_attempt_at))


def _hook(row: Mapping[Any, Any]) -> Webhook:
    return Webhook(
        id=row["id"],
        organization_id=row["organization_id"],
        url=row["url"],
        events=tuple(row["events"]),
        status=WebhookStatus(row["status"]),
        created_at=row["created_at"],
    )


def _delivery(row: Mapping[Any, Any]) -> Delivery:
    return Delivery(
        id=row["id"],
        webhook_id=row["webhook_id"],
        job_id=row["job_id"],
        event=row["event"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        last_status_code=row["last_status_code"],
        last_error=row["last_error"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        delivered_at=row["delivered_at"],
        body=row["body"],
    )
