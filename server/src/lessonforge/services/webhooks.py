"""Webhook use cases: subscribe (URL rule checked), list, delete, deliveries, redeliver, and emitting job events.

Events are enqueued in the transaction that makes the job terminal: one delivery row per subscribed webhook
and one ``webhook_delivery`` queue task each, so a delivery exists exactly when the job's final state does.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from lessonforge.domain.jobs import Job, JobStatus
from lessonforge.domain.sealing import seal
from lessonforge.domain.webhooks import (
    TEST_EVENT,
    TEST_JOB_ID,
    AllowList,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    IssuedWebhook,
    Webhook,
    WebhookStatus,
    delivery_body,
    event_for,
    generate_secret,
    refused_address,
    url_refused,
    validate_events,
    webhook_host,
)
from lessonforge.errors import ConflictError, NotFoundError
from lessonforge.services.context import ServiceContext
from lessonforge.services.events import record_event
from lessonforge.services.ids import new_id
from lessonforge.store.uow import Tx

WEBHOOK_TASK = "webhook_delivery"
SEAL_PURPOSE = "webhook-secret"


class UnresolvableHostError(OSError):
    """The webhook's host name does not resolve."""


def create_webhook(ctx: ServiceContext, organization_id: str, url: str, events: Sequence[str]) -> IssuedWebhook:
    """Subscribe ``url`` to ``events``; the secret is returned once and only stored sealed."""
    chosen = validate_events(events)
    refused = check_destination(ctx, url, creating=True).refusal
    if refused:
        raise url_refused(refused)
    secret = generate_secret()
    hook = Webhook(new_id(), organization_id, url, chosen, WebhookStatus.ACTIVE, ctx.clock.now())
    with ctx.store.write() as tx:
        tx.webhooks.add(hook, seal(secret, ctx.settings.secret_key, SEAL_PURPOSE))
    return IssuedWebhook(hook, secret)


def list_webhooks(ctx: ServiceContext, organization_id: str) -> list[Webhook]:
    with ctx.store.read() as tx:
        return tx.webhooks.list(organization_id)


def delete_webhook(ctx: ServiceContext, organization_id: str, webhook_id: str) -> None:
    """Remove the webhook and its deliveries; queued attempts find nothing to send and end."""
    with ctx.store.write() as tx:
        _existing(tx, organization_id, webhook_id)
        tx.webhooks.delete(webhook_id)


def list_deliveries(ctx: ServiceContext, organization_id: str, webhook_id: str) -> list[Delivery]:
    with ctx.store.read() as tx:
        _existing(tx, organization_id, webhook_id)
        return tx.webhooks.deliveries(webhook_id)


@dataclass(frozen=True)
class LoggedDelivery:
    """A delivery with every attempt made at it, oldest first."""

    delivery: Delivery
    attempts: list[DeliveryAttempt]


def delivery_log(ctx: ServiceContext, organization_id: str, webhook_id: str) -> list[LoggedDelivery]:
    """The webhook's deliveries, newest first, each with its attempts (time, status code, error, duration)."""
    with ctx.store.read() as tx:
        _existing(tx, organization_id, webhook_id)
        deliveries = tx.webhooks.deliveries(webhook_id)
        attempts = tx.webhooks.attempts([d.id for d in deliveries])
    return [LoggedDelivery(d, attempts[d.id]) for d in deliveries]


def send_test_event(ctx: ServiceContext, organization_id: str, webhook_id: str) -> Delivery:
    """Queue a ``webhook.test`` delivery to the webhook, signed and retried like any other."""
    now = ctx.clock.now()
    body = delivery_body(TEST_EVENT, TEST_JOB_ID, "test", "test", (), now)
    with ctx.store.write() as tx:
        hook = _existing(tx, organization_id, webhook_id)
        delivery = Delivery(
            new_id(), hook.id, TEST_JOB_ID, TEST_EVENT, DeliveryStatus.PENDING, 0, None, None, now, now, None, body
        )
        tx.webhooks.add_delivery(delivery)
        _enqueue(ctx, tx, delivery.id)
    ctx.wake_workers()
    return delivery


def redeliver(ctx: ServiceContext, organization_id: str, webhook_id: str, delivery_id: str) -> Delivery:
    """Queue a delivered or failed delivery again: same id and body, a fresh round of attempts."""
    with ctx.store.write() as tx:
        _existing(tx, organization_id, webhook_id)
        delivery = tx.webhooks.get_delivery(webhook_id, delivery_id)
        if delivery is None:
            raise NotFoundError("Webhook delivery not found")
        if delivery.status is DeliveryStatus.PENDING:
            raise ConflictError("The delivery is already queued")
        now = ctx.clock.now()
        tx.webhooks.set_status(delivery.id, DeliveryStatus.PENDING, now)
        _enqueue(ctx, tx, delivery.id)
        queued = tx.webhooks.get_delivery(webhook_id, delivery_id)
    ctx.wake_workers()
    assert queued is not None
    return queued


def emit_job_event(ctx: ServiceContext, tx: Tx, job: Job, status: JobStatus, completed_at: datetime) -> None:
    """Inside the transaction that ends ``job``: the event logged for the stream, and one delivery per active
    webhook subscribed to it."""
    event = event_for(status.value)
    body = delivery_body(event, job.id, status.value, job.source_type, job.requested_outputs, completed_at)
    now = ctx.clock.now()
    record_event(tx, job.organization_id, event, job.id, body, now)
    hooks = tx.webhooks.subscribed(job.organization_id, event)
    for hook in hooks:
        delivery = Delivery(
            new_id(), hook.id, job.id, event, DeliveryStatus.PENDING, 0, None, None, now, now, None, body
        )
        tx.webhooks.add_delivery(delivery)
        _enqueue(ctx, tx, delivery.id)


@dataclass(frozen=True)
class CheckedDestination:
    """A webhook URL's host checked against the address rule: why it is refused, or the address to call."""

    refusal: str | None
    address: str | None


def check_destination(ctx: ServiceContext, url: str, *, creating: bool = False) -> CheckedDestination:
    """Resolve ``url``'s host once and check every address; a caller connects to the checked ``address``
    (never resolving the name again), so a DNS answer that changes in between cannot redirect the call."""
    host = webhook_host(url)
    try:
        addresses = _resolve(host, urlsplit(url).port)
    except UnresolvableHostError:
        return CheckedDestination(f"host {host!r} does not resolve", None)
    refused = refused_address(host, addresses, AllowList.parse(ctx.settings.webhook_allowed_hosts))
    if refused is None:
        return CheckedDestination(None, addresses[0])
    where = "" if creating else " at delivery time"
    reason = f"host {host!r} resolves to a private, loopback or link-local address ({refused}){where}"
    return CheckedDestination(reason, None)


def _resolve(host: str, port: int | None) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnresolvableHostError(str(exc)) from exc
    return [str(info[4][0]) for info in infos]


def _enqueue(ctx: ServiceContext, tx: Tx, delivery_id: str) -> None:
    attempts = len(ctx.settings.webhook_retry_schedule) + 1
    now = ctx.clock.now()
    tx.queue.enqueue(new_id(), WEBHOOK_TASK, delivery_id, run_after=ctx.clock.time(), max_attempts=attempts, at=now)


def _existing(tx: Tx, organization_id: str, webhook_id: str) -> Webhook:
    hook = tx.webhooks.get(organization_id, webhook_id)
    if hook is None:
        raise NotFoundError("Webhook not found")
    return hook
