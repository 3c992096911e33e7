"""Webhooks in the console, in process against a real loopback receiver: the secret shown once, a test event,
every attempt in the delivery log (time, status code, error, duration), redelivery and deletion."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_console import console_sign_in, csrf_of, post_form
from lf_webhooks import Receiver

from lessonforge.worker.loop import Worker


def test_a_webhook_gets_a_test_event_whose_every_attempt_is_logged_then_redelivered(
    client: TestClient, org: OrgAccount, worker: Worker, receiver: Receiver
) -> None:
    console_sign_in(client, org)
    hooks = f"/admin/orgs/{org.organization_id}/webhooks"
    created = post_form(client, hooks, {"url": receiver.url, "event-content.completed": "1"})
    secret = re.search(r'id="new-secret" class="secret-value">(whsec_[^<]+)<', created.text)
    assert secret and "you will not see this again" in created.text
    assert secret.group(1) not in client.get(hooks).text
    detail = re.search(rf'href="({hooks}/[0-9a-f-]+)"', client.get(hooks).text)
    assert detail
    receiver.statuses = [500]  # the first attempt fails, the retry succeeds
    sent = post_form(client, f"{detail.group(1)}/test", page=detail.group(1))
    assert "data-poll" in sent.text and "No attempt yet" in sent.text
    worker.drain()
    log = client.get(detail.group(1)).text
    assert "data-poll" not in log and "data-delivery-status>delivered<" in log
    assert log.count("<tr data-attempt>") == 2
    assert "receiver answered HTTP 500" in log and re.search(r"<td>\d+ ms</td>", log)
    assert [r.headers["x-content-integration-event"] for r in receiver.requests] == ["webhook.test"] * 2
    redeliver = re.search(r'action="([^"]+/redeliver)"', log)
    assert redeliver
    client.post(redeliver.group(1), data={"csrf": csrf_of(log)})
    worker.drain()
    assert client.get(detail.group(1)).text.count("<tr data-attempt>") == 3
    assert len(receiver.requests) == 3


def test_a_private_address_is_refused_inline_by_the_api_s_own_rule(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    hooks = f"/admin/orgs/{org.organization_id}/webhooks"
    refused = post_form(client, hooks, {"url": "http://10.1.2.3/hook", "event-content.failed": "1"})
    assert refused.status_code == 400 and 'id="e-url"' in refused.text and "private" in refused.text


def test_deleting_a_webhook_asks_first_then_removes_it(client: TestClient, org: OrgAccount, receiver: Receiver) -> None:
    console_sign_in(client, org)
    hooks = f"/admin/orgs/{org.organization_id}/webhooks"
    post_form(client, hooks, {"url": receiver.url, "event-content.failed": "1"})
    delete = re.search(rf'href="({hooks}/[0-9a-f-]+/delete)"', client.get(hooks).text)
    assert delete
    confirm = client.get(delete.group(1))
    assert "cannot be undone" in confirm.text
    done = client.post(delete.group(1), data={"csrf": csrf_of(confirm.text)})
    assert "The webhook was deleted" in done.text and receiver.url not in done.text
