"""Cost of refusing values no database can keep (``api/screening.py``), against parsing the same body.

Prints, for a create body of about 1.2 MB (3 000 vocabulary lessons, some emoji as surrogate-pair escapes),
the time of ``screen_json`` next to ``json.loads`` and pydantic's ``from_json`` of the same bytes (the parse the
route does anyway), and the time a bodiless GET spends in ``ScreeningMiddleware`` against a bare ASGI call.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic_core

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server" / "tests"))

from lf_support import large_payload

from lessonforge.api.screening import ScreeningMiddleware, screen_json


def _per_call(function: Callable[[], Any], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat


async def _asgi_overhead(repeat: int) -> tuple[float, float]:
    async def bare(_scope: Any, _receive: Any, _send: Any) -> None:
        return None

    screened = ScreeningMiddleware(bare)
    headers = [(b"host", b"x"), (b"authorization", b"Bearer tf_content_" + b"a" * 32), (b"accept", b"*/*")]
    scope = {"type": "http", "method": "GET", "path": "/v1/content/integrations/expansions/x", "query_string": b""}
    scope["headers"] = headers

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    timings = []
    for app in (bare, screened):
        started = time.perf_counter()
        for _ in range(repeat):
            await app(scope, receive, None)
        timings.append((time.perf_counter() - started) / repeat)
    return timings[0], timings[1]


def main() -> None:
    body = json.dumps({"payload": large_payload(3000), "note": "\U0001f600" * 50}).encode()
    screen = _per_call(lambda: screen_json(body), 20)
    loads = _per_call(lambda: json.loads(body), 10)
    jiter = _per_call(lambda: pydantic_core.from_json(body), 10)
    print(f"body {len(body) / 1e6:.2f} MB: screen_json {screen * 1e3:.1f} ms, json.loads {loads * 1e3:.1f} ms, ")
    print(f"  pydantic from_json {jiter * 1e3:.1f} ms; screen / from_json = {screen / jiter:.2f}")
    bare, screened = asyncio.run(_asgi_overhead(100_000))
    print(f"bodiless GET: bare ASGI call {bare * 1e6:.2f} µs, through the screen {screened * 1e6:.2f} µs")
    print(f"  (+{(screened - bare) * 1e6:.2f} µs per request)")


if __name__ == "__main__":
    main()
