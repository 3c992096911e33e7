"""Signed deliveries to a real receiver: body and headers, both signatures, retries, redirects, redelivery, restarts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import standardwebhooks
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_support import sample_payload
from lf_webhooks import Receiver

from lessonforge.services.context import ServiceContext
from lessonforge.services.expansions import EXPANSION_TASK
from lessonforge.store.uow import Store
from lessonforge.worker.loop import DEFAULT_HANDLERS, Worker
from lessonforge_client import verify_webhook

EXPANSIONS = "/v1/content/integrations/expansions"


def _hooks(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/webhooks"


def _create(client: TestClient, org: OrgAccount, url: str, events: list[str] | None = None) -> dict[str, Any]:
    response = client.post(_hooks(org), json={"url": url, "events": events or ["content.completed", "content.failed"]})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _run_job(client: TestClient, bearer: dict[str, str], payload: dict[str, Any] | None = None) -> str:
    response = client.post(EXPANSIONS, json={"payload": payload or sample_payload(lessons=2)}, headers=bearer)
    assert response.status_code == 200, response.text
    job_id: str = response.json()["id"]
    return job_id


def _deliveries(client: TestClient, org: OrgAccount, hook_id: str) -> list[dict[str, Any]]:
    response = client.get(f"{_hooks(org)}/{hook_id}/deliveries")
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def test_a_completed_job_is_delivered_once_with_the_exact_body_and_both_signatures_verify(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, receiver: Receiver
) -> None:
    hook = _create(admin_client, org, receiver.url)
    job_id = _run_job(admin_client, bearer)
    worker.drain()
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    body = json.loads(sent.body)
    assert list(body) == ["event", "jobId", "status", "sourceType", "requestedOutputs", "completedAt"]
    assert body["event"] == "content.completed" and body["jobId"] == job_id and body["status"] == "completed"
    assert body["sourceType"] == "source_json" and body["completedAt"].endswith("Z")
    assert body["requestedOutputs"] == ["interactive_module", "summary_video", "expanded_quiz"]
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["x-content-integration-event"] == "content.completed"
    event = verify_webhook(sent.body, sent.headers, hook["secret"])
    assert event.job_id == job_id
    assert standardwebhooks.Webhook(hook["secret"]).verify(sent.body, sent.headers) == body
    [delivery] = _deliveries(admin_client, org, hook["id"])
    assert sent.headers["webhook-id"] == delivery["id"]
    assert delivery["status"] == "delivered" and delivery["attempts"] == 1 and delivery["lastStatusCode"] == 200
    assert delivery["deliveredAt"] and delivery["event"] == "content.completed" and delivery["jobId"] == job_id


def test_a_server_error_is_retried_with_the_same_id_and_body(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, receiver: Receiver
) -> None:
    hook = _create(admin_client, org, receiver.url)
    receiver.statuses = [500]
    _run_job(admin_client, bearer)
    worker.drain()
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] and first.body == second.body
    verify_webhook(second.body, second.headers, hook["secret"])
    [delivery] = _deliveries(admin_client, org, hook["id"])
    assert (delivery["status"], delivery["attempts"], delivery["lastStatusCode"]) == ("delivered", 2, 200)


def test_a_redirect_is_a_failure_and_is_not_followed_and_the_last_attempt_fails_the_delivery(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, receiver: Receiver
) -> None:
    hook = _create(admin_client, org, receiver.url)
    receiver.default_status = 302
    _run_job(admin_client, bearer)
    worker.drain()
    assert [r.path for r in receiver.requests] == ["/hooks"] * 3  # 1 + len(schedule), never /followed
    [delivery] = _deliveries(admin_client, org, hook["id"])
    assert delivery["status"] == "failed" and delivery["attempts"] == 3
    assert delivery["lastStatusCode"] == 302 and "302" in delivery["lastError"] and delivery["nextAttemptAt"] is None


def test_redeliver_sends_the_same_delivery_again(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, receiver: Receiver
) -> None:
    hook = _create(admin_client, org, receiver.url)
    receiver.default_status = 500
    _run_job(admin_client, bearer)
    worker.drain()
    [failed] = _deliveries(admin_client, org, hook["id"])
    assert failed["status"] == "failed"
    receiver.default_status = 200
    path = f"{_hooks(org)}/{hook['id']}/deliveries/{failed['id']}/redeliver"
    queued = admin_client.post(path)
    assert queued.status_code == 202 and queued.json()["status"] == "pending"
    assert admin_client.post(path).status_code == 409  # already queued
    worker.drain()
    assert len(receiver.requests) == 4 and receiver.requests[-1].body == receiver.requests[0].body
    assert receiver.requests[-1].headers["webhook-id"] == failed["id"]
    [delivered] = _deliveries(admin_client, org, hook["id"])
    assert delivered["status"] == "delivered" and delivered["attempts"] == 4


def test_a_failed_job_fires_content_failed_only_to_its_subscribers(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, receiver: Receiver
) -> None:
    hook = _create(admin_client, org, receiver.url, ["content.failed"])
    _run_job(admin_client, bearer)  # completes: not subscribed
    payload = sample_payload(lessons=2)
    payload["level"]["lessons"][1]["questions"][0]["answer"] = "bonjour"  # not among the choices
    failed_job = _run_job(admin_client, bearer, payload)
    worker.drain()
    [sent] = receiver.requests
    body = verify_webhook(sent.body, sent.headers, hook["secret"])
    assert (body.event, body.job_id, body.status) == ("content.failed", failed_job, "failed")
    assert sent.headers["x-content-integration-event"] == "content.failed"


def test_queued_deliveries_survive_a_restart(
    admin_client: TestClient,
    org: OrgAccount,
    bearer: dict[str, str],
    ctx: ServiceContext,
    settings: Any,
    receiver: Receiver,
) -> None:
    hook = _create(admin_client, org, receiver.url)
    _run_job(admin_client, bearer)
    Worker(ctx, handlers={EXPANSION_TASK: DEFAULT_HANDLERS[EXPANSION_TASK]}).drain()  # jobs only
    assert receiver.requests == [] and _deliveries(admin_client, org, hook["id"])[0]["status"] == "pending"
    store = Store.from_url(settings.database_url)  # a new process on the same database
    try:
        Worker(ServiceContext(store=store, settings=ctx.settings)).drain()
    finally:
        store.dispose()
    assert len(receiver.requests) == 1
    assert _deliveries(admin_client, org, hook["id"])[0]["status"] == "delivered"


def test_an_address_no_longer_allowed_is_refused_at_delivery_time(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], ctx: ServiceContext, receiver: Receiver
) -> None:
    import dataclasses

    hook = _create(admin_client, org, receiver.url)
    _run_job(admin_client, bearer)
    strict = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, webhook_allowed_hosts=()))
    Worker(strict).drain()
    assert receiver.requests == []
    [delivery] = _deliveries(admin_client, org, hook["id"])
    assert delivery["status"] == "failed" and "refused" in delivery["lastError"] and delivery["lastStatusCode"] is None


def test_the_secret_is_never_logged_nor_stored_in_plaintext(
    admin_client: TestClient,
    org: OrgAccount,
    bearer: dict[str, str],
    worker: Worker,
    receiver: Receiver,
    settings: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hook = _create(admin_client, org, receiver.url)
    _run_job(admin_client, bearer)
    worker.drain()
    assert len(receiver.requests) == 1
    captured = capsys.readouterr()
    secret: str = hook["secret"]
    raw_key = secret.removeprefix("whsec_")
    assert secret.startswith("whsec_") and raw_key not in captured.out + captured.err
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert raw_key.encode() not in stored
    assert admin_client.get(_hooks(org)).json()[0].get("secret") is None


def test_a_delivery_connects_to_the_address_it_checked_even_if_dns_changes_after(
    admin_client: TestClient,
    org: OrgAccount,
    bearer: dict[str, str],
    worker: Worker,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: the name answers an allowed address when checked, another one on any later lookup."""
    import socket

    real_getaddrinfo = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real_getaddrinfo(host, *args, **kwargs)
        lookups.append(host)
        # the webhook's creation and the delivery's check see the receiver; a third lookup would not
        answer = "127.0.0.1" if len(lookups) <= 2 else "127.0.0.2"
        return real_getaddrinfo(answer, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = receiver.url.split(":")[2].split("/")[0]
    hook = _create(admin_client, org, f"http://rebind.test:{port}/hooks")
    _run_job(admin_client, bearer)
    worker.drain()
    assert len(receiver.requests) == 1, _deliveries(admin_client, org, hook["id"])
    assert receiver.requests[0].headers["host"] == f"rebind.test:{port}"
    assert lookups == ["rebind.test", "rebind.test"]  # no second lookup at connect time
    assert _deliveries(admin_client, org, hook["id"])[0]["status"] == "delivered"


@pytest.mark.parametrize("host", ["[2002:7f00:1::]", "[2002:a9fe:a9fe::]", "[2001:0:4136:e378:8000:63bf:80ff:fefe]"])
def test_a_6to4_or_teredo_target_wrapping_a_private_address_is_refused_at_delivery_time(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], ctx: ServiceContext, host: str
) -> None:
    import dataclasses

    from lessonforge.services.webhooks import create_webhook

    lenient = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, webhook_allowed_hosts=("2000::/4",)))
    hook = create_webhook(lenient, org.organization_id, f"http://{host}:9/hooks", ["content.completed"])
    _run_job(admin_client, bearer)
    strict = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, webhook_allowed_hosts=()))
    Worker(strict).drain()
    [delivery] = _deliveries(admin_client, org, hook.webhook.id)
    assert delivery["status"] == "failed" and delivery["lastStatusCode"] is None
    assert "refused" in delivery["lastError"] and "private" in delivery["lastError"]
