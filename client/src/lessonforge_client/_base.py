"""The transport core both clients share: building requests, the retry loop, exchange records.

`SyncTransport` and `AsyncTransport` are the only places that send; `_Core` holds everything they
have in common so the two loops stay a few lines each. Time comes from a `Clock` (the test seam).
"""

from __future__ import annotations

import copy
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

import anyio
import httpx
from pydantic import ValidationError

from ._errors import ApiError
from ._exchange import Exchange, find_job_id, key_prefix
from ._responses import raw_text, read_body, request_id_header
from ._retry import Outcome, RetryPolicy, retry_delay
from ._state import save_last_error

__version__ = "0.1.0"
T = TypeVar("T")
logger = logging.getLogger("lessonforge_client")
ErrorMapper = Callable[..., ApiError]
Primitive = str | int | float | bool | None
QueryParams = Mapping[str, Primitive] | list[tuple[str, Primitive]]
NO_BODY: Any = object()


def _local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Clock:
    """Time as the SDK sees it. Replace parts in tests so retries and polling run instantly."""

    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    monotonic: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = _local_now
    random: Callable[[], float] = random.random


@dataclass(frozen=True)
class Call(Generic[T]):
    """One logical API call: what to send and how to read a successful answer."""

    method: str
    path: str
    decode: Callable[[httpx.Response], T]
    params: QueryParams | None = None
    json: Any = NO_BODY
    files: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    bearer: bool = True
    idempotency_key: str | None = None
    # False when sending the request twice could do the work twice (a POST whose Idempotency-Key
    # the server does not honour): such a call is never retried.
    replay_safe: bool = True


@dataclass
class _Attempts:
    """Bookkeeping of one `Call` across its attempts."""

    idempotency_key: str | None
    started: datetime
    retries: int = 0


class _Core:
    """Configuration and bookkeeping shared by the sync and async transports."""

    def __init__(
        self,
        *,
        surface: str,
        base_url: str,
        token: str | None,
        max_retries: int,
        timeout: float,
        policy: RetryPolicy,
        clock: Clock,
        error_mapper: ErrorMapper,
        idempotent_posts: bool,
        persist_errors: bool,
        state_dir: str | None,
    ) -> None:
        self.surface = surface
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.max_retries = max(0, max_retries)
        self.timeout = timeout
        self.policy = policy
        self.clock = clock
        self.error_mapper = error_mapper
        self.idempotent_posts = idempotent_posts
        self.persist_errors = persist_errors
        self.state_dir = state_dir
        self.last_exchange: Exchange | None = None
        self.last_response: httpx.Response | None = None
        # Content API tokens have no public prefix: only integration keys are recorded, as prefixes.
        self.key_prefix = key_prefix(token) if surface == "integration" else None

    def derive(self, *, timeout: float | None, max_retries: int | None) -> _Core:
        """A copy with some options changed and no call recorded yet (for `with_options`)."""
        core = copy.copy(self)
        core.timeout = self.timeout if timeout is None else timeout
        core.max_retries = self.max_retries if max_retries is None else max(0, max_retries)
        core.last_exchange = core.last_response = None
        return core

    def begin(self, call: Call[Any]) -> _Attempts:
        """Fix what stays the same across retries: above all the POST's Idempotency-Key."""
        key = call.idempotency_key
        if key is None and self.idempotent_posts and call.method == "POST":
            key = str(uuid.uuid4())
        return _Attempts(idempotency_key=key, started=self.clock.now())

    def build(
        self, client: httpx.Client | httpx.AsyncClient, call: Call[Any], run: _Attempts
    ) -> httpx.Request:
        """The request for one attempt (a fresh X-Request-Id each time)."""
        headers = {
            "Accept": "application/json",
            "User-Agent": f"lessonforge-client/{__version__}",
            "X-Request-Id": str(uuid.uuid4()),
            **call.headers,
        }
        if call.bearer and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if run.idempotency_key is not None and call.method == "POST":
            headers["Idempotency-Key"] = run.idempotency_key
        body = {} if call.json is NO_BODY else {"json": call.json}
        return client.build_request(
            call.method,
            self.base_url + call.path,
            params=call.params,
            files=call.files,
            headers=headers,
            timeout=self.timeout,
            **body,
        )

    def next_delay(self, call: Call[Any], outcome: Outcome, run: _Attempts) -> float | None:
        """Seconds to wait before the next attempt, or None to stop here (logged at INFO)."""
        if run.retries >= self.max_retries or not _may_repeat(call, run):
            return None
        delay = retry_delay(self.policy, call.method, outcome, run.retries, self.clock.random)
        if delay is not None:
            run.retries += 1
            logger.info(
                "retrying %s %s after %s (request id %s) in %.2f s [retry %d of %d]",
                call.method,
                call.path,
                _describe(outcome),
                _request_id(outcome),
                delay,
                run.retries,
                self.max_retries,
                extra={"request_id": _request_id(outcome), "retry": run.retries},
            )
        return delay

    def finish(self, call: Call[T], outcome: Outcome, run: _Attempts) -> T:
        """Decode a success, or raise the mapped error (recorded and saved for support)."""
        self.last_response = outcome if isinstance(outcome, httpx.Response) else None
        if isinstance(outcome, httpx.Response) and outcome.is_success:
            try:
                value = call.decode(outcome)
            except ValueError as exc:
                error = self.error_mapper(outcome, problem=_problem(outcome, exc))
                raise self._failed(call, outcome, run, error) from exc
            self.last_exchange = self._record(call, outcome, run, None)
            return value
        error = self.error_mapper(outcome)
        raise self._failed(call, outcome, run, error) from error.__cause__

    def _failed(
        self, call: Call[Any], outcome: Outcome, run: _Attempts, error: ApiError
    ) -> ApiError:
        error.exchange = self.last_exchange = self._record(call, outcome, run, error)
        if self.persist_errors:
            save_last_error(error.exchange, self.state_dir)
        return error

    def _record(
        self, call: Call[Any], outcome: Outcome, run: _Attempts, error: ApiError | None
    ) -> Exchange:
        response = outcome if isinstance(outcome, httpx.Response) else None
        text = raw_text(response) if response is not None else ""
        # Only a POST's answer names a job that its path does not (create, conflicts).
        body = read_body(response).data if response is not None and call.method == "POST" else None
        return Exchange(
            surface=self.surface,
            method=call.method,
            path=call.path,
            timestamp=run.started.isoformat(timespec="milliseconds"),
            idempotency_key=run.idempotency_key,
            key_prefix=self.key_prefix,
            status=response.status_code if response is not None else 0,
            request_id=(error.request_id if error else None) or _request_id(outcome),
            response_text=text,
            attempts=run.retries + 1,
            job_id=find_job_id(call.path, body, error.message if error else None),
            error_code=error.code if error else None,
            error_message=error.message if error else None,
        )


class SyncTransport:
    """Sends `Call`s with an `httpx.Client`, retrying per the core's policy."""

    def __init__(self, core: _Core, http_client: httpx.Client | None) -> None:
        self.core = core
        self._owns_client = http_client is None
        self.http = http_client or httpx.Client(timeout=core.timeout)

    def derive(self, *, timeout: float | None, max_retries: int | None) -> SyncTransport:
        """A transport sharing this one's connection pool (and cookies) with other options."""
        return SyncTransport(self.core.derive(timeout=timeout, max_retries=max_retries), self.http)

    def call(self, call: Call[T]) -> T:
        run = self.core.begin(call)
        while True:
            outcome = self._send(call, run)
            delay = self.core.next_delay(call, outcome, run)
            if delay is None:
                return self.core.finish(call, outcome, run)
            self.core.clock.sleep(delay)

    def _send(self, call: Call[Any], run: _Attempts) -> Outcome:
        try:
            return self.http.send(self.core.build(self.http, call, run))
        except httpx.TransportError as exc:
            return exc

    def close(self) -> None:
        if self._owns_client:
            self.http.close()


class AsyncTransport:
    """Sends `Call`s with an `httpx.AsyncClient`, retrying per the core's policy."""

    def __init__(self, core: _Core, http_client: httpx.AsyncClient | None) -> None:
        self.core = core
        self._owns_client = http_client is None
        self.http = http_client or httpx.AsyncClient(timeout=core.timeout)

    def derive(self, *, timeout: float | None, max_retries: int | None) -> AsyncTransport:
        """A transport sharing this one's connection pool (and cookies) with other options."""
        return AsyncTransport(self.core.derive(timeout=timeout, max_retries=max_retries), self.http)

    async def call(self, call: Call[T]) -> T:
        run = self.core.begin(call)
        while True:
            outcome = await self._send(call, run)
            delay = self.core.next_delay(call, outcome, run)
            if delay is None:
                return self.core.finish(call, outcome, run)
            await self.core.clock.async_sleep(delay)

    async def _send(self, call: Call[Any], run: _Attempts) -> Outcome:
        try:
            return await self.http.send(self.core.build(self.http, call, run))
        except httpx.TransportError as exc:
            return exc

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http.aclose()


def _may_repeat(call: Call[Any], run: _Attempts) -> bool:
    """A POST is sent again only under an Idempotency-Key that the server honours."""
    if not call.replay_safe:
        return False
    return call.method != "POST" or run.idempotency_key is not None


def _request_id(outcome: Outcome) -> str | None:
    """The server's request id, else the one this attempt sent."""
    if isinstance(outcome, httpx.Response):
        return request_id_header(outcome) or _sent_request_id(outcome.request)
    try:
        return _sent_request_id(outcome.request)
    except RuntimeError:  # a transport error raised before any request was attached
        return None


def _sent_request_id(request: httpx.Request) -> str | None:
    value = request.headers.get("x-request-id")
    return str(value) if value else None


def _describe(outcome: Outcome) -> str:
    if isinstance(outcome, httpx.Response):
        return f"HTTP {outcome.status_code}"
    return type(outcome).__name__


def _problem(response: httpx.Response, exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": str(exc)}
        where = ".".join(str(part) for part in first["loc"]) or "body"
        return f"unexpected response shape: {where}: {first['msg']}"
    return read_body(response).problem or "unreadable body"
