"""Webhooks: create (the secret shown once), list, delete, send a test event, the delivery log with every
attempt, redeliver."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lessonforge.console.web import PREFIX, InOrg, Posted, page, paged, see_other, status_of
from lessonforge.domain.webhooks import EVENTS
from lessonforge.errors import LessonforgeError, NotFoundError
from lessonforge.services import webhooks

router = APIRouter(prefix=PREFIX + "/orgs/{org_id}/webhooks", include_in_schema=False)


def _list_page(session: InOrg, *, status: int = 200, **values: object) -> Response:
    hooks = webhooks.list_webhooks(session.ctx, session.org_id)
    shown = paged(session.request, hooks)
    view = session.view(title="Webhooks", hooks=shown.rows, paging=shown, events=EVENTS, **values)
    return page(session.request, "webhooks.html", status=status, **view)


@router.get("")
def list_webhooks(session: InOrg) -> Response:
    return _list_page(session)


@router.post("")
def create_webhook(session: InOrg, form: Posted) -> Response:
    """The API's create: the same event list and address rule; the secret is shown in this answer only."""
    url = form.text("url")
    chosen = [event for event in EVENTS if form.get(f"event-{event}")]
    try:
        issued = webhooks.create_webhook(session.ctx, session.org_id, url, chosen)
    except LessonforgeError as exc:
        errors = {p.field: p.message for p in exc.fields} or {"url": exc.message}
        return _list_page(session, status=status_of(exc), errors=errors, url=url)
    return _list_page(session, issued=issued)


@router.get("/{webhook_id}")
def webhook_detail(session: InOrg, webhook_id: str, request: Request) -> Response:
    hook = next((h for h in webhooks.list_webhooks(session.ctx, session.org_id) if h.id == webhook_id), None)
    if hook is None:
        raise NotFoundError("Webhook not found")
    log = webhooks.delivery_log(session.ctx, session.org_id, webhook_id)
    busy = any(entry.delivery.status.value == "pending" for entry in log)
    view = session.view(title="Webhook deliveries", hook=hook, log=log, busy=busy)
    template = "_deliveries_live.html" if request.headers.get("x-console-fragment") else "webhook.html"
    return page(request, template, **view)


@router.post("/{webhook_id}/test")
def send_test(session: InOrg, webhook_id: str, _form: Posted) -> Response:
    webhooks.send_test_event(session.ctx, session.org_id, webhook_id)
    return see_other(session.url(f"/webhooks/{webhook_id}"))


@router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver")
def redeliver(session: InOrg, webhook_id: str, delivery_id: str, _form: Posted) -> Response:
    webhooks.redeliver(session.ctx, session.org_id, webhook_id, delivery_id)
    return see_other(session.url(f"/webhooks/{webhook_id}"))


@router.get("/{webhook_id}/delete")
def confirm_delete(session: InOrg, webhook_id: str) -> Response:
    hook = next((h for h in webhooks.list_webhooks(session.ctx, session.org_id) if h.id == webhook_id), None)
    if hook is None:
        raise NotFoundError("Webhook not found")
    return page(session.request, "webhook_delete.html", **session.view(title="Delete this webhook?", hook=hook))


@router.post("/{webhook_id}/delete")
def delete_webhook(session: InOrg, webhook_id: str, _form: Posted) -> Response:
    webhooks.delete_webhook(session.ctx, session.org_id, webhook_id)
    return see_other(session.url("/webhooks?deleted=1"))
