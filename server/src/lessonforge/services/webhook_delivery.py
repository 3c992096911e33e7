"""Sending one webhook delivery attempt: re-check the address rule, sign, POST, record the outcome (fenced).

Failures (non-2xx, redirects, timeouts, refused addresses) are handled here so the retry schedule is exact;
only unexpected exceptions reach the worker's generic backoff, and ``give_up_delivery`` ends those.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import timedelta

import httpx
from standardwebhooks import Webhook as StandardWebhook

from lessonforge.domain.queue import ClaimedTask, TaskStatus
from lessonforge.domain.sealing import unseal
from lessonforge.domain.webhooks import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    hex_signature,
    pin_to_address,
    retry_delay,
)
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.services.webhooks import SEAL_PURPOSE, check_destination

log = logging.getLogger("lessonforge.webhooks")
TIMEOUT_SECONDS = 15.0
USER_AGENT = "lessonforge-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    """What one attempt gave: the receiver's status code (if any answer came) and an error (None on 2xx)."""

    status_code: int | None
    error: str | None
    duration_ms: int | None = None  # None: no request was sent


def run_delivery(ctx: ServiceContext, task: ClaimedTask) -> None:
    """Make one attempt of the delivery ``task.ref_id`` and schedule the next one per the retry schedule."""
    with ctx.store.read() as tx:
        target = tx.webhooks.target(task.ref_id)
    if target is None or target[0].status is not DeliveryStatus.PENDING:
        with ctx.store.write() as tx:  # webhook deleted, or a stale task: nothing to send
            tx.queue.finish(task, TaskStatus.DONE)
        return
    delivery, url, sealed = target
    if task.attempt > task.max_attempts:  # its workers kept dying: attempts are used up
        _record(ctx, task, delivery, Outcome(None, "gave up after the last attempt"), final=True)
        return
    outcome = _attempt(ctx, delivery, url, unseal(sealed, ctx.settings.secret_key, SEAL_PURPOSE))
    _record(ctx, task, delivery, outcome, final=False)


def give_up_delivery(ctx: ServiceContext, task: ClaimedTask) -> None:
    """After unexpected errors on the last attempt: the delivery is failed."""
    with ctx.store.write() as tx:
        target = tx.webhooks.target(task.ref_id)
        if target is not None and target[0].status is DeliveryStatus.PENDING:
            tx.webhooks.record_attempt(
                task.ref_id,
                status=DeliveryStatus.FAILED,
                status_code=None,
                error="internal error while delivering",
                next_attempt_at=None,
                delivered_at=None,
            )


def _attempt(ctx: ServiceContext, delivery: Delivery, url: str, secret: str) -> Outcome:
    destination = check_destination(ctx, url)  # DNS may have changed since the webhook was created
    if destination.refusal or destination.address is None:
        return Outcome(None, f"refused: {destination.refusal}")
    pinned = pin_to_address(url, destination.address)  # connect to the address just checked, not a new lookup
    body = delivery.body.encode("utf-8")
    headers = {**_headers(ctx, delivery, body, secret), "Host": pinned.host_header}
    extensions = {"sni_hostname": pinned.tls_server_name} if pinned.tls_server_name else None
    started = time.perf_counter()
    outcome = _post(pinned.url, body, headers, extensions)
    return replace(outcome, duration_ms=round((time.perf_counter() - started) * 1000))


def _post(url: str, body: bytes, headers: dict[str, str], extensions: dict[str, str] | None) -> Outcome:
    try:
        # Only the status line matters: the answer's body is never read (a slow body cannot hold the worker).
        with (
            httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client,
            client.stream("POST", url, content=body, headers=headers, extensions=extensions) as response,
        ):
            code = response.status_code
    except httpx.TimeoutException:
        return Outcome(None, f"timed out after {TIMEOUT_SECONDS:.0f} s")
    except httpx.HTTPError as exc:
        return Outcome(None, f"request failed: {type(exc).__name__}")
    return Outcome(code, None) if 200 <= code < 300 else Outcome(code, f"receiver answered HTTP {code}")


def _headers(ctx: ServiceContext, delivery: Delivery, body: bytes, secret: str) -> dict[str, str]:
    sent_at = ctx.clock.now()
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Content-Integration-Event": delivery.event,
        "X-Content-Integration-Signature": hex_signature(body, secret),
        "webhook-id": delivery.id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": StandardWebhook(secret).sign(delivery.id, sent_at, delivery.body),
    }


def _record(ctx: ServiceContext, task: ClaimedTask, delivery: Delivery, outcome: Outcome, *, final: bool) -> None:
    """File the attempt; every write is fenced by the task attempt (a rescued worker files nothing)."""
    now = ctx.clock.now()
    delay = None if final or outcome.error is None else retry_delay(task.attempt, ctx.settings.webhook_retry_schedule)
    with ctx.store.write() as tx:
        if outcome.error is None:
            owned = tx.queue.finish(task, TaskStatus.DONE)
            status, next_at, delivered = DeliveryStatus.DELIVERED, None, now
        elif delay is None:
            owned = tx.queue.finish(task, TaskStatus.FAILED, outcome.error)
            status, next_at, delivered = DeliveryStatus.FAILED, None, None
        else:
            owned = tx.queue.retry_later(task, ctx.clock.time() + delay, outcome.error)
            status, next_at, delivered = DeliveryStatus.PENDING, now + timedelta(seconds=delay), None
        if owned:
            attempt = DeliveryAttempt(delivery.id, now, outcome.status_code, outcome.error, outcome.duration_ms)
            tx.webhooks.add_attempt(new_id(), attempt)
            tx.webhooks.record_attempt(
                delivery.id,
                status=status,
                status_code=outcome.status_code,
                error=outcome.error,
                next_attempt_at=next_at,
                delivered_at=delivered,
            )
    log.info(
        "webhook delivery attempt",
        extra={
            "deliveryId": delivery.id,
            "attempt": task.attempt,
            "statusCode": outcome.status_code,
            "outcome": status.value,
        },
    )
