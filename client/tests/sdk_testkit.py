"""Test helpers: a fake clock, scripted HTTP answers, and sync/async client harnesses."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx

from lessonforge_client import (
    AsyncContentClient,
    AsyncIntegrationClient,
    Clock,
    ContentClient,
    IntegrationClient,
)

BASE_URL = "http://lf.test"
API_KEY = "tf_content_" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"
Reply = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeClock:
    """Sleeps return at once and are recorded; monotonic time advances by what was slept."""

    t: float = 1000.0
    sleeps: list[float] = field(default_factory=list)
    rand: float = 0.5

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def monotonic(self) -> float:
        return self.t

    def clock(self) -> Clock:
        return Clock(
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            monotonic=self.monotonic,
            now=lambda: datetime(2026, 7, 4, 12, 0, tzinfo=UTC),
            random=lambda: self.rand,
        )


def envelope(code: str, status: int, message: str = "boom", **extra: Any) -> dict[str, Any]:
    """A §2 error body."""
    return {
        "error": {"code": code, "message": message, "status": status, "requestId": "rid-1", **extra}
    }


def respond(
    status: int = 200,
    body: Any = None,
    *,
    text: str | None = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A reply factory: JSON `body`, or raw `text`/`content`."""

    def reply(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return reply


def raise_(exc_type: type[httpx.TransportError]) -> Reply:
    """A reply that fails at the transport level."""

    def reply(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated failure", request=request)

    return reply


class Script:
    """A MockTransport handler answering with the given replies in order (the last one repeats)."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = min(len(self.requests), len(self.replies)) - 1
        return self.replies[index](request)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


class Driver:
    """Calls client methods the same way for sync and async clients."""

    def __init__(self, client: Any, mode: str) -> None:
        self.client = client
        self.mode = mode

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if self.mode == "sync" or not callable(method):
            return method
        return lambda *args, **kwargs: anyio.run(functools.partial(method, *args, **kwargs))


@dataclass
class Harness:
    """Builds sync or async clients over a `Script`."""

    mode: str
    fake_clock: FakeClock

    def _http(self, script: Script) -> httpx.Client | httpx.AsyncClient:
        transport = httpx.MockTransport(script)
        if self.mode == "sync":
            return httpx.Client(transport=transport)
        return httpx.AsyncClient(transport=transport)

    def integration(self, script: Script, api_key: str | None = API_KEY, **options: Any) -> Driver:
        cls = IntegrationClient if self.mode == "sync" else AsyncIntegrationClient
        options.setdefault("clock", self.fake_clock.clock())
        client = cls(BASE_URL, api_key, http_client=self._http(script), **options)  # type: ignore[arg-type]
        return Driver(client, self.mode)

    def content(self, script: Script, token: str = "read-token", **options: Any) -> Driver:
        cls = ContentClient if self.mode == "sync" else AsyncContentClient
        options.setdefault("clock", self.fake_clock.clock())
        client = cls(BASE_URL, token, http_client=self._http(script), **options)  # type: ignore[arg-type]
        return Driver(client, self.mode)


def job_body(job_id: str = "job-1", status: str = "queued", **extra: Any) -> dict[str, Any]:
    """A §4.2 job."""
    outputs = [
        {
            "outputType": t,
            "status": status,
            "resourceType": r,
            "resourceId": None,
            "manifest": None,
            "error": None,
        }
        for t, r in (
            ("interactive_module", "module"),
            ("summary_video", "video"),
            ("expanded_quiz", "test"),
        )
    ]
    return {
        "id": job_id,
        "organizationId": "org-1",
        "classroomId": "class-1",
        "sourceType": "source_json",
        "status": status,
        "requestedOutputs": [o["outputType"] for o in outputs],
        "idempotencyKey": "idem-1",
        "sourceTitle": "A1 Foundations",
        "error": None,
        "createdAt": "2026-07-04T10:00:00Z",
        "updatedAt": "2026-07-04T10:00:00Z",
        "completedAt": None,
        "outputs": outputs,
        **extra,
    }
