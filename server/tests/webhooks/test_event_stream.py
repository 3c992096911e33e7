"""``GET /v1/content/events``: the organization's events as Server-Sent Events, resumable with Last-Event-ID.

Against a real uvicorn on a real SQLite file; the worker runs in the test process on the same file.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx_sse import ServerSentEvent, connect_sse
from lf_accounts import LiveServer, issue_key, make_org

from lessonforge.domain.events import GAP_WAIT_SECONDS, StreamPosition, advance, parse_last_event_id
from lessonforge.errors import ValidationError
from lessonforge.services import accounts, events
from lessonforge.services.context import ServiceContext
from lessonforge.worker.loop import Worker

LESSON = {"id": "l1", "type": "review", "title": "Recap", "summary": "All of it", "keyPoints": ["one"]}


def _source(title: str) -> dict[str, Any]:
    return {"title": title, "level": {"id": "a1", "title": title, "lessons": [LESSON]}}


def _create(base_url: str, key: str, title: str) -> str:
    body = {"payload": _source(title), "requestedOutputs": ["interactive_module"]}
    answer = httpx.post(f"{base_url}/v1/content/integrations/expansions", json=body, headers=_auth(key), timeout=30)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@dataclass
class Listener:
    """Reads a stream in a thread, recording each event."""

    events: list[ServerSentEvent] = field(default_factory=list)
    connected: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    socket: Any = None

    def hang_up(self) -> None:
        """Close the connection under the reading thread (a server only notices a closed socket)."""
        if self.socket is not None:
            self.socket.shutdown(socket.SHUT_RDWR)

    def wait_for(self, count: int, timeout: float = 60.0) -> list[ServerSentEvent]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.events) >= count, timeout), self.events
        return self.events


@contextmanager
def listening(base_url: str, key: str, last_event_id: str | None = None) -> Iterator[Listener]:
    listener = Listener()
    headers = _auth(key) | ({"Last-Event-ID": last_event_id} if last_event_id else {})
    client = httpx.Client(timeout=httpx.Timeout(30, read=60))

    def read() -> None:
        try:
            with connect_sse(client, "GET", f"{base_url}/v1/content/events", headers=headers) as source:
                listener.socket = source.response.extensions["network_stream"].get_extra_info("socket")
                listener.connected.set()
                for sse in source.iter_sse():
                    if sse.event != "message" or sse.data:
                        with listener.arrived:
                            listener.events.append(sse)
                            listener.arrived.notify_all()
        except (httpx.HTTPError, OSError):
            return

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    assert listener.connected.wait(30)
    try:
        yield listener
    finally:
        listener.hang_up()
        thread.join(10)
        client.close()


def test_a_completed_job_arrives_on_the_stream_with_its_delivery_body(live_server: LiveServer, worker: Worker) -> None:
    with listening(live_server.base_url, live_server.api_key) as listener:
        job_id = _create(live_server.base_url, live_server.api_key, "stream one")
        worker.drain()
        (event,) = listener.wait_for(1)
    data = json.loads(event.data)
    assert event.event == data["type"] == "content.completed"
    assert event.id == str(data["sequence"])
    assert data["jobId"] == data["payload"]["jobId"] == job_id
    assert data["payload"]["event"] == "content.completed" and data["payload"]["status"] == "completed"
    assert data["createdAt"].endswith("Z")


def test_a_stream_resumed_with_last_event_id_gets_what_happened_while_it_was_away(
    live_server: LiveServer, worker: Worker
) -> None:
    with listening(live_server.base_url, live_server.api_key) as listener:
        first = _create(live_server.base_url, live_server.api_key, "before the gap")
        worker.drain()
        (seen,) = listener.wait_for(1)
    missed = [_create(live_server.base_url, live_server.api_key, f"while away {n}") for n in range(2)]
    worker.drain()
    with listening(live_server.base_url, live_server.api_key, last_event_id=seen.id) as resumed:
        events = resumed.wait_for(2)
    assert json.loads(seen.data)["jobId"] == first
    assert sorted(json.loads(e.data)["jobId"] for e in events) == sorted(missed)
    assert [int(e.id) for e in events] == sorted(int(e.id) for e in events)


def test_a_new_stream_starts_from_now_and_never_shows_another_organizations_events(
    live_server: LiveServer, worker: Worker, ctx: ServiceContext, client: TestClient
) -> None:
    _create(live_server.base_url, live_server.api_key, "old news")
    worker.drain()
    other = make_org(ctx, "South School", "south@school.test")
    client.post("/auth/login", json={"email": other.email, "password": other.password})
    other_key = issue_key(client, other.organization_id)
    with listening(live_server.base_url, live_server.api_key) as listener:
        _create(live_server.base_url, other_key, "theirs")
        worker.drain()
        mine = _create(live_server.base_url, live_server.api_key, "mine")
        worker.drain()
        events = listener.wait_for(1)
    assert [json.loads(e.data)["jobId"] for e in events] == [mine]


def test_the_stream_needs_a_valid_key(client: TestClient) -> None:
    answer = client.get("/v1/content/events", headers=_auth("tf_content_nope"))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "content_invalid_api_key"


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999999999999"])
def test_a_malformed_last_event_id_is_a_400_before_streaming(
    client: TestClient, bearer: dict[str, str], value: str
) -> None:
    answer = client.get("/v1/content/events", headers=bearer | {"Last-Event-ID": value})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "content_invalid_request"
    assert answer.json()["error"]["details"]["fields"][0]["field"] == "Last-Event-ID"


def test_the_stream_is_in_the_openapi_document(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/content/events"]["get"]
    assert "text/event-stream" in operation["responses"]["200"]["content"]
    for status in ("400", "401", "429"):
        assert list(operation["responses"][status]["content"]) == ["application/json"]
    assert any(p["name"] == "Last-Event-ID" and p["in"] == "header" for p in operation["parameters"])
    assert operation.get("security")


def test_a_reader_waits_at_a_gap_then_skips_it() -> None:
    start = StreamPosition(4)
    assert advance(start, [5, 6], now=0.0) == (2, StreamPosition(6))
    taken, waiting = advance(start, [5, 7, 8], now=100.0)
    assert (taken, waiting) == (1, StreamPosition(5, 100.0))
    assert advance(waiting, [7, 8], now=100.0 + GAP_WAIT_SECONDS / 2) == (0, waiting)
    assert advance(waiting, [6, 7, 8], now=101.0) == (3, StreamPosition(8))
    assert advance(waiting, [7, 8], now=100.0 + GAP_WAIT_SECONDS) == (2, StreamPosition(8))


def test_last_event_id_is_a_whole_number_or_absent() -> None:
    assert parse_last_event_id(None) is None and parse_last_event_id(" ") is None
    assert parse_last_event_id("42") == 42
    for bad in ("x", "-3", "٣", "1e3"):
        with pytest.raises(ValidationError):
            parse_last_event_id(bad)


def test_the_event_log_resumes_in_order_and_keeps_organizations_apart(backend_app: FastAPI) -> None:
    backend_ctx: ServiceContext = backend_app.state.ctx
    mine = accounts.create_admin(backend_ctx, "a@school.test", "a-long-enough-password", "A").organization_id
    theirs = accounts.create_admin(backend_ctx, "b@school.test", "a-long-enough-password", "B").organization_id
    start = events.open_stream(backend_ctx, None)
    now = backend_ctx.clock.now()
    with backend_ctx.store.write() as tx:
        for n, org_id in enumerate([mine, theirs, mine, mine]):
            events.record_event(tx, org_id, "content.completed", f"job-{n}", json.dumps({"n": n}), now)
    batch = events.read_stream(backend_ctx, mine, start)
    assert [e.job_id for e in batch.events] == ["job-0", "job-2", "job-3"]
    resumed = events.open_stream(backend_ctx, str(batch.events[0].sequence))
    assert [e.job_id for e in events.read_stream(backend_ctx, mine, resumed).events] == ["job-2", "job-3"]
    assert events.read_stream(backend_ctx, theirs, start).events[0].job_id == "job-1"
    assert events.read_stream(backend_ctx, mine, batch.position).events == []


def test_events_older_than_the_retention_are_pruned_as_new_ones_arrive(backend_app: FastAPI) -> None:
    ctx: ServiceContext = backend_app.state.ctx
    org_id = accounts.create_admin(ctx, "a@school.test", "a-long-enough-password", "A").organization_id
    now = ctx.clock.now()
    old = now - events.RETENTION - timedelta(minutes=1)
    with ctx.store.write() as tx:
        for n in range(3):
            tx.events.add(event_id=f"old-{n}", organization_id=org_id, event="content.completed",
                          job_id=f"old-{n}", body="{}", at=old)  # fmt: skip
        events.record_event(tx, org_id, "content.completed", "recent", "{}", now - timedelta(days=1))
        events.record_event(tx, org_id, "content.completed", "new", "{}", now)
    with ctx.store.read() as tx:
        kept = [e.job_id for e in tx.events.after(0, 100)]
    assert kept == ["recent", "new"]
