"""Admin writes retried after a lost answer: a proxy in front of the real server forwards the first
POST, lets the server act, then answers 502; the SDK retries under the same Idempotency-Key and the
server replays its first answer — one key made, and the one the caller holds works (issue 8.11)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from sdk_live_server import ADMIN_EMAIL, ADMIN_PASSWORD, LiveServer

from lessonforge_client import IntegrationClient


@contextmanager
def losing_first_answer(upstream: str) -> Iterator[tuple[str, list[str]]]:
    """A proxy that forwards everything and drops the answer of the first POST (a 502 instead)."""
    keys_seen: list[str] = []

    class Proxy(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            answer = httpx.request(
                self.command, upstream + self.path, content=body, headers=headers, timeout=30
            )
            if self.command == "POST" and "/auth/" not in self.path:
                keys_seen.append(self.headers.get("Idempotency-Key", ""))
                if len(keys_seen) == 1:
                    answer = httpx.Response(502, text="<html>502 Bad Gateway</html>")
            self.send_response(answer.status_code)
            for name, value in answer.headers.multi_items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = _forward  # noqa: N815 - http.server's naming

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", keys_seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_key_created_behind_a_lost_answer_is_made_once_and_works(live_server: LiveServer) -> None:
    with losing_first_answer(live_server.base_url) as (proxy, keys_seen):
        with IntegrationClient(proxy, max_retries=2) as admin:
            admin.login(ADMIN_EMAIL, ADMIN_PASSWORD)
            created = admin.create_api_key(live_server.organization_id, "lost answer")
            listed = admin.list_api_keys(live_server.organization_id)
    assert len(keys_seen) == 2 and keys_seen[0] == keys_seen[1] != ""
    assert [k.key_id for k in listed if k.name == "lost answer"] == [created.key_id]
    with IntegrationClient(live_server.base_url, created.api_key) as bearer:
        assert bearer.list_classrooms()


def test_a_rotation_behind_a_lost_answer_leaves_the_new_key_working(
    live_server: LiveServer, api_key: str
) -> None:
    with live_server.admin() as admin:
        old = next(
            k
            for k in admin.list_api_keys(live_server.organization_id)
            if api_key.startswith(k.key_prefix)
        )
    with losing_first_answer(live_server.base_url) as (proxy, _keys_seen):
        with IntegrationClient(proxy, max_retries=2) as admin:
            admin.login(ADMIN_EMAIL, ADMIN_PASSWORD)
            rotated = admin.rotate_api_key(live_server.organization_id, old.key_id)
    with IntegrationClient(live_server.base_url, rotated.api_key) as bearer:
        assert bearer.list_classrooms()
