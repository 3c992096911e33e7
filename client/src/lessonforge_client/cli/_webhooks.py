"""`webhooks ...` (admin): subscribe, list, delete, deliveries, redeliver, send a test event."""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer

from lessonforge_client._statuses import EventType

from ._admin import Admin, Email, Org, Password
from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    ExitCode,
    api_errors,
    exit_with,
    integration_client,
    last_json,
    notice,
    print_json,
    report,
    sub_app,
)
from ._render import print_rows
from ._trigger import trigger_job

WEBHOOKS_HELP = """\
Webhooks of an organization (admin; signs in with --email/--password or LESSONFORGE_ADMIN_*).

Examples:

  lessonforge webhooks create https://example.com/hooks --event content.completed

  lessonforge webhooks list

  lessonforge webhooks deliveries WEBHOOK_ID --json

  lessonforge webhooks test WEBHOOK_ID      # a real job, then its delivery's outcome
"""
WebhookId = Annotated[str, typer.Argument(metavar="WEBHOOK", help="The webhook id.")]
EVENTS = [e.value for e in EventType]


def create(
    url: Annotated[str, typer.Argument(help="The receiver's http(s) URL.")],
    email: Email,
    password: Password,
    event: Annotated[
        list[EventType] | None,
        typer.Option("--event", help="Event to send (repeatable). Default: every event."),
    ] = None,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Subscribe URL; prints the signing secret (shown only now)."""
    events = [e.value for e in event] if event else EVENTS
    admin = Admin(base_url, email, password, org, as_json)
    created = admin.call(lambda c, o: c.create_webhook(o, url, events))
    report(
        created,
        as_json,
        f"webhook {created['id']} -> {created['url']} ({', '.join(created['events'])})",
        f"signing secret (shown only now): {created['secret']}",
    )


def list_webhooks(
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """List the organization's webhooks (never their secrets)."""
    rows = Admin(base_url, email, password, org, as_json).call(lambda c, o: c.list_webhooks(o))
    print_rows(rows, as_json, "Webhooks", ("id", "url", "events", "status"), joined=("events",))


def delete(
    webhook_id: WebhookId,
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Delete a webhook and its deliveries."""
    admin = Admin(base_url, email, password, org, as_json)
    admin.call(lambda c, o: c.delete_webhook(o, webhook_id))
    report({"id": webhook_id, "deleted": True}, as_json, f"deleted webhook {webhook_id}")


def deliveries(
    webhook_id: WebhookId,
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """A webhook's deliveries, newest first (status, attempts, last answer)."""
    admin = Admin(base_url, email, password, org, as_json)
    rows = admin.call(lambda c, o: c.list_webhook_deliveries(o, webhook_id))
    columns = ("id", "event", "status", "attempts", "lastStatusCode", "createdAt")
    print_rows(rows, as_json, "Deliveries", columns)


def redeliver(
    webhook_id: WebhookId,
    delivery_id: Annotated[str, typer.Argument(metavar="DELIVERY", help="The delivery id.")],
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Queue a delivered or failed delivery again (same webhook-id and body)."""
    admin = Admin(base_url, email, password, org, as_json)
    queued = admin.call(lambda c, o: c.redeliver_webhook_delivery(o, webhook_id, delivery_id))
    queued = queued or {"id": delivery_id}
    status = queued.get("status", "pending")
    report(queued, as_json, f"delivery {delivery_id} queued again ({status})")


def send_test(
    webhook_id: WebhookId,
    email: Email,
    password: Password,
    event: Annotated[
        EventType, typer.Option("--event", help="Which event the test job ends with.")
    ] = EventType.CONTENT_COMPLETED,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for the outcome.")] = 120,
    org: Org = None,
    api_key: ApiKey = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Send a test event: runs a small real job (API key) and reports this webhook's delivery of it.

    Exit 0 when the receiver answered 2xx, 1 when the delivery failed (or is still being retried).
    """
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as bearer:
        job = trigger_job(bearer, event, wait=True, timeout=timeout, as_json=as_json)
    with Admin(base_url, email, password, org, as_json).session() as (client, org_id):
        delivery = _delivery_of(client, org_id, webhook_id, job["id"], timeout)
    if as_json:
        print_json(delivery)
    else:
        code = delivery.get("lastStatusCode") or delivery.get("lastError") or "no answer yet"
        typer.echo(
            f"{delivery.get('event')} for job {job['id']}: {delivery.get('status')} ({code})"
        )
    if delivery.get("status") != "delivered":
        exit_with(ExitCode.JOB_FAILED)


def _delivery_of(
    client: Any, org_id: str, webhook_id: str, job_id: str, timeout: float
) -> dict[str, Any]:
    """The webhook's delivery for `job_id` once its first attempt is done (or when time is up)."""
    deadline, found = time.monotonic() + timeout, dict[str, Any]()
    while time.monotonic() < deadline:
        client.list_webhook_deliveries(org_id, webhook_id)
        found = next((d for d in last_json(client) if d.get("jobId") == job_id), {})
        if found.get("status") == "delivered" or (found.get("attempts") or 0) > 0:
            return dict(found)
        time.sleep(0.5)
    if not found:
        notice(f"no delivery of job {job_id} to webhook {webhook_id} (is it subscribed?)")
    return dict(found) or {"jobId": job_id, "status": "missing"}


def build_webhooks_app() -> typer.Typer:
    """The `webhooks` sub-app (a fresh one per mount)."""
    return sub_app(
        WEBHOOKS_HELP,
        [
            ("create", create, "lessonforge webhooks create https://example.com/hooks"),
            ("list", list_webhooks, "lessonforge webhooks list --json"),
            ("delete", delete, "lessonforge webhooks delete WEBHOOK_ID"),
            ("deliveries", deliveries, "lessonforge webhooks deliveries WEBHOOK_ID"),
            ("redeliver", redeliver, "lessonforge webhooks redeliver WEBHOOK_ID DELIVERY_ID"),
            ("test", send_test, "lessonforge webhooks test WEBHOOK_ID --event content.failed"),
        ],
    )
