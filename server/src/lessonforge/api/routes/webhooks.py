"""``/v1/content/organizations/{organizationId}/webhooks``: subscriptions, their deliveries, redelivery (admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from lessonforge.api.deps import Ctx, OrgAdmin
from lessonforge.api.idempotent import IdempotentWrite
from lessonforge.api.presenters import iso
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import require_json
from lessonforge.api.schemas import CreateWebhookRequest, DeliveryOut, IssuedWebhookOut, WebhookOut, error_responses
from lessonforge.domain.webhooks import Delivery, DeliveryAttempt, IssuedWebhook, Webhook
from lessonforge.services import webhooks

router = APIRouter(prefix="/v1/content/organizations/{organization_id}/webhooks", tags=["admin"])
ONE = "/{webhook_id}"


@router.post(
    "",
    status_code=201,
    response_model=IssuedWebhookOut,
    responses=error_responses(400, 401, 403, session_write=True),
    dependencies=[Depends(require_json)],
)
def create_webhook(
    organization_id: str, body: CreateWebhookRequest, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """Subscribe a URL to events; the ``secret`` is shown only in this answer (and its Idempotency-Key replays)."""

    def change() -> Response:
        issued = webhooks.create_webhook(ctx, organization_id, body.url, body.events)
        return Json(_issued_json(issued), status_code=201)

    return write.run(organization_id, body, change)


@router.get("", response_model=list[WebhookOut], responses=error_responses(401, 403))
def list_webhooks(organization_id: str, _admin: OrgAdmin, ctx: Ctx) -> Response:
    """The organization's webhooks, without secrets."""
    return Json([_webhook_json(hook) for hook in webhooks.list_webhooks(ctx, organization_id)])


@router.delete(
    ONE, status_code=200, response_class=Response, responses=error_responses(401, 403, 404, session_write=True)
)
def delete_webhook(
    organization_id: str, webhook_id: str, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """Remove the webhook and its deliveries; answers 200 with no body."""

    def change() -> Response:
        webhooks.delete_webhook(ctx, organization_id, webhook_id)
        return Response(status_code=200)

    return write.run(organization_id, None, change)


@router.get(ONE + "/deliveries", response_model=list[DeliveryOut], responses=error_responses(401, 403, 404))
def list_deliveries(organization_id: str, webhook_id: str, _admin: OrgAdmin, ctx: Ctx) -> Response:
    """The webhook's deliveries, newest first (at most 100), each with ``attemptLog``: every attempt made."""
    log = webhooks.delivery_log(ctx, organization_id, webhook_id)
    return Json([{**_delivery_json(e.delivery), "attemptLog": [_attempt_json(a) for a in e.attempts]} for e in log])


@router.post(
    ONE + "/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=DeliveryOut,
    responses=error_responses(401, 403, 404, 409, session_write=True),
)
def redeliver(
    organization_id: str, webhook_id: str, delivery_id: str, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """Queue the delivery again (same ``webhook-id`` and body); 202 with the delivery, now ``pending``."""

    def change() -> Response:
        delivery = webhooks.redeliver(ctx, organization_id, webhook_id, delivery_id)
        return Json(_delivery_json(delivery), status_code=202)

    return write.run(organization_id, None, change)


def _webhook_json(hook: Webhook) -> dict[str, Any]:
    return {
        "id": hook.id,
        "organizationId": hook.organization_id,
        "url": hook.url,
        "events": list(hook.events),
        "status": hook.status.value,
        "createdAt": iso(hook.created_at),
    }


def _issued_json(issued: IssuedWebhook) -> dict[str, Any]:
    return {**_webhook_json(issued.webhook), "secret": issued.secret}


def _attempt_json(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "attemptedAt": iso(attempt.attempted_at),
        "statusCode": attempt.status_code,
        "error": attempt.error,
        "durationMs": attempt.duration_ms,
    }


def _delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "webhookId": delivery.webhook_id,
        "jobId": delivery.job_id,
        "event": delivery.event,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "lastStatusCode": delivery.last_status_code,
        "lastError": delivery.last_error,
        "nextAttemptAt": iso(delivery.next_attempt_at),
        "createdAt": iso(delivery.created_at),
        "deliveredAt": iso(delivery.delivered_at),
    }
