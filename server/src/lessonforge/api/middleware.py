"""Per-request context as a pure ASGI middleware: request id, body limit, last-resort 500, access log."""

from __future__ import annotations

import logging
import random
import time
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lessonforge.api.errors import INTERNAL_MESSAGE, KINDS, Problem, render
from lessonforge.console.app import is_console_path
from lessonforge.console.web import error_page
from lessonforge.errors import FieldProblem
from lessonforge.observability import Metrics, key_prefix_var, request_id_var

log = logging.getLogger("lessonforge.api")


_V4_CLEAR = ~(0xF000 << 64) & ~(0xC000 << 48)
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


class BodyTooLargeError(Exception):
    """The request body passed the configured limit while being read."""


class RequestContextMiddleware:
    """Wraps every HTTP request; nothing internal ever reaches the client from here."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        metrics: Metrics | None = None,
        upload_limits: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        # Paths whose body is a streamed file: their own limit instead of the request body limit.
        self.upload_limits = upload_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        tokens = (request_id_var.set(request_id), key_prefix_var.set(None))
        started, status = time.perf_counter(), [500]
        try:
            await self._handle(scope, receive, send, state, status)
        finally:
            self._record(scope, state, status[0], time.perf_counter() - started)
            request_id_var.reset(tokens[0])
            key_prefix_var.reset(tokens[1])

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, state: dict[str, Any], status: list[int]
    ) -> None:
        path = scope["path"]
        started = [False]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
                status[0] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", state["request_id"].encode()))
                headers.extend((k.encode(), v.encode()) for k, v in state.get("extra_headers", {}).items())
                message = {**message, "headers": headers}
            await send(message)

        limit = self.upload_limits.get(path, self.max_body_bytes)
        problem = _file_too_large(limit) if path in self.upload_limits else _too_large(limit)
        if _declared_length(scope) > limit:
            await self._send_problem(send_with_headers, scope, state, problem, status)
            return
        try:
            await self.app(scope, self._limited(receive, limit), send_with_headers)
        except BodyTooLargeError:
            if not started[0]:
                await self._send_problem(send_with_headers, scope, state, problem, status)
        except Exception:
            log.exception("unhandled error", extra={"path": path})
            if not started[0]:
                await self._send_problem(send_with_headers, scope, state, Problem("internal", INTERNAL_MESSAGE), status)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        received = [0]

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > limit:
                    raise BodyTooLargeError
            return message

        return limited_receive

    async def _send_problem(
        self, send: Send, scope: Scope, state: dict[str, Any], problem: Problem, status: list[int]
    ) -> None:
        path = scope["path"]
        response: Response = render(problem, path, state["request_id"])
        if is_console_path(path) and "app" in scope:  # a person reads it: the console's page, with the request id
            try:
                response = error_page(Request(scope), KINDS[problem.kind][0], problem.message)
            except Exception:  # the page itself failed (e.g. the database is down): the JSON body still says it
                log.exception("console error page failed", extra={"path": path})
        status[0] = response.status_code

        async def no_receive() -> Message:
            return {"type": "http.disconnect"}

        await response({"type": "http", "path": path, "method": "GET", "headers": []}, no_receive, send)

    def _record(self, scope: Scope, state: dict[str, Any], status: int, seconds: float) -> None:
        route = str(
            getattr(scope.get("route"), "path", None) or getattr(scope.get("endpoint"), "__name__", "unmatched")
        )
        if self.metrics is not None:
            self.metrics.observe_request(scope["method"], route, status, seconds)
        log.info(
            "request",
            extra={
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "ms": round(seconds * 1000, 2),
                "keyPrefix": state.get("key_prefix"),
            },
        )


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            try:
                return str(uuid.UUID(value.decode("latin-1")))
            except ValueError:
                break
    # Random, not secret: a version-4 UUID from the fast PRNG avoids a getrandom() call per request.
    digits = f"{random.getrandbits(128) & _V4_CLEAR | _V4_SET:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _file_too_large(limit: int) -> Problem:
    message = f"File is larger than the limit of {limit} bytes (with the multipart framing)"
    return Problem("invalid", message, [FieldProblem("file", "Too large")])


def _too_large(limit: int) -> Problem:
    message = f"Request body is larger than the limit of {limit} bytes"
    return Problem("invalid", message, [FieldProblem("body", "Too large")])
