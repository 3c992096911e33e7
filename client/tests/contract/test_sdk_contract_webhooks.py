"""The SDK's webhook methods and `verify_webhook` against the real server and a real receiver."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sdk_live_server import LiveServer

from lessonforge_client import IntegrationClient, InvalidRequestError, verify_webhook


class Receiver:
    """A loopback HTTP server that records every POST (headers and raw body)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/lessonforge"

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.received) >= count, f"got {len(self.received)} deliveries, wanted {count}"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()


def test_a_webhook_is_created_signed_delivered_verified_redelivered_and_deleted(
    live_server: LiveServer, client: IntegrationClient, receiver: Receiver
) -> None:
    org = live_server.organization_id
    with live_server.admin() as admin:
        hook = admin.create_webhook(org, receiver.url, ["content.completed"])
        assert hook.secret is not None and hook.secret.startswith("whsec_")
        assert [h.secret for h in admin.list_webhooks(org) if h.id == hook.id] == [None]

        source = {
            "language": "en",
            "title": f"hook {uuid.uuid4()}",
            "level": {
                "id": "a",
                "lessons": [
                    {"id": "l1", "type": "review", "title": "R", "summary": "S", "keyPoints": ["k"]}
                ],
            },
        }
        job = client.create_expansion(source)
        client.wait_for_job(job.id, timeout=60, poll_interval=0.2, max_poll_interval=1.0)
        receiver.wait_for(1)
        headers, body = receiver.received[0]
        event = verify_webhook(body, headers, hook.secret)
        assert (event.event, event.job_id, event.status) == (
            "content.completed",
            job.id,
            "completed",
        )

        deliveries = admin.list_webhook_deliveries(org, hook.id)
        assert [(d.status, d.job_id) for d in deliveries] == [("delivered", job.id)]
        admin.redeliver_webhook_delivery(org, hook.id, deliveries[0].id or "")
        receiver.wait_for(2)
        assert receiver.received[1][0]["webhook-id"] == headers["webhook-id"]
        assert receiver.received[1][1] == body

        admin.delete_webhook(org, hook.id)
        assert all(h.id != hook.id for h in admin.list_webhooks(org))


def test_a_private_address_is_refused(live_server: LiveServer) -> None:
    with live_server.admin() as admin, pytest.raises(InvalidRequestError) as info:
        admin.create_webhook(
            live_server.organization_id, "http://10.1.2.3/hook", ["content.failed"]
        )
    assert info.value.status == 400
    assert info.value.request_id
