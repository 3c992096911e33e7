"""The organization's event stream (`GET /v1/content/events`, Server-Sent Events) as an iterator
that reconnects by itself and resumes with `Last-Event-ID`, so a dropped connection or a server
restart loses no event.

Connecting follows the client's retry rules (`RetryPolicy`): a connection error, a timeout, a 5xx
or a 429 waits as any call would and is tried again; any other answer raises its typed error at
once (a 401 is `InvalidApiKeyError`, never retried). The first connection gives up after the
client's `max_retries` failed attempts, like any call; once the stream has been open, a drop is
reconnected for as long as it takes (or `max_reconnects` failed attempts in a row).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, Generator
from types import TracebackType
from typing import NoReturn, Self

import httpx
from httpx_sse import EventSource, ServerSentEvent
from pydantic import ValidationError

from ._base import AsyncTransport, Call, SyncTransport, _Attempts, _Core
from ._errors import UnexpectedResponseError
from ._models import StreamEvent
from ._retry import Outcome, backoff_delay, retry_delay

EVENTS_PATH = "/v1/content/events"
EVENT_STREAM = "text/event-stream"
# Backoff grows with the attempt number up to the policy's cap; past this it no longer changes.
_MAX_BACKOFF_STEP = 32
logger = logging.getLogger("lessonforge_client")


def _is_event_stream(response: httpx.Response) -> bool:
    media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return response.is_success and media_type == EVENT_STREAM


def _refuse(response: httpx.Response) -> None:
    """The decoder of a success that is not an event stream (a proxy's page): always refused."""
    media_type = response.headers.get("content-type", "") or "none"
    raise ValueError(f"not an event stream (Content-Type {media_type})")


class _Reconnection:
    """What the sync and async streams share: the position, the attempts, the rules, the log."""

    def __init__(
        self, core: _Core, last_event_id: str | int | None, max_reconnects: int | None
    ) -> None:
        self.core = core
        self.last_event_id = None if last_event_id is None else str(last_event_id)
        self.max_reconnects = max_reconnects
        self.connected_before = False
        self.failures = 0  # failed attempts since the stream was last open

    def call(self) -> Call[None]:
        """The request of the next attempt: it resumes after the last event received."""
        headers = {"Accept": EVENT_STREAM, "Cache-Control": "no-store"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = self.last_event_id
        return Call("GET", EVENTS_PATH, _refuse, headers=headers)

    def connected(self) -> None:
        self.connected_before = True
        self.failures = 0

    def after_failure(self, call: Call[None], outcome: Outcome, run: _Attempts) -> float:
        """Seconds to wait before trying again; raises the typed error when the rules say stop.

        A failed answer must have been read (its body goes into the error)."""
        limit = self.max_reconnects if self.connected_before else self.core.max_retries
        delay = None
        if limit is None or self.failures < limit:
            step = min(self.failures, _MAX_BACKOFF_STEP)
            delay = retry_delay(self.core.policy, "GET", outcome, step, self.core.clock.random)
        if delay is None:
            run.retries = self.failures
            self._raise(call, outcome, run)
        self.failures += 1
        logger.info(
            "reconnecting to GET %s after %s in %.2f s [attempt %d%s]",
            EVENTS_PATH,
            type(outcome).__name__
            if isinstance(outcome, httpx.TransportError)
            else f"HTTP {outcome.status_code}",
            delay,
            self.failures,
            "" if limit is None else f" of {limit}",
            extra={"retry": self.failures},
        )
        return delay

    def _raise(self, call: Call[None], outcome: Outcome, run: _Attempts) -> NoReturn:
        self.core.finish(call, outcome, run)  # an error answer or refused success: always raises
        raise AssertionError("unreachable: finish() returned for a failed stream connection")

    def after_drop(self, reason: str) -> float:
        """Seconds to wait before reconnecting a stream that was open (the server's restart)."""
        logger.info(
            "event stream lost (%s) after event %s; reconnecting with Last-Event-ID",
            reason,
            self.last_event_id or "-",
        )
        return backoff_delay(self.core.policy, 0, self.core.clock.random)

    def accept(self, message: ServerSentEvent) -> StreamEvent | None:
        """The event a message carries (None for a message without data); the position moves on."""
        if message.id:
            self.last_event_id = message.id
        if not message.data:
            return None
        try:
            return StreamEvent.model_validate(json.loads(message.data))
        except (ValueError, ValidationError) as exc:
            raise UnexpectedResponseError(
                f"unreadable event {message.id or '?'} on {EVENTS_PATH}: {exc}", status=200
            ) from exc


def _drop_reason(exc: httpx.TransportError | None) -> str:
    return type(exc).__name__ if exc is not None else "the server ended it"


class EventStream:
    """The organization's events, as they happen: iterate it; `close()` (or `with`) ends it.

    `last_event_id` is the id of the last event received: pass it to a later
    `stream_events(last_event_id=...)` to carry on from there.
    """

    def __init__(
        self, transport: SyncTransport, last_event_id: str | int | None, max_reconnects: int | None
    ) -> None:
        self._transport = transport
        self._state = _Reconnection(transport.core, last_event_id, max_reconnects)
        self._events = self._run()

    @property
    def last_event_id(self) -> str | None:
        return self._state.last_event_id

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> StreamEvent:
        return next(self._events)

    def close(self) -> None:
        """Close the connection; iterating stops."""
        self._events.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self) -> Generator[StreamEvent, None, None]:
        while True:
            response = self._connect()
            dropped: httpx.TransportError | None = None
            try:
                for message in EventSource(response).iter_sse():
                    event = self._state.accept(message)
                    if event is not None:
                        yield event
            except httpx.TransportError as exc:
                dropped = exc
            finally:
                response.close()
            self._transport.core.clock.sleep(self._state.after_drop(_drop_reason(dropped)))

    def _connect(self) -> httpx.Response:
        core, http = self._transport.core, self._transport.http
        call = self._state.call()
        run = core.begin(call)
        while True:
            outcome: Outcome
            try:
                outcome = http.send(core.build(http, call, run), stream=True)
            except httpx.TransportError as exc:
                outcome = exc
            if isinstance(outcome, httpx.Response):
                if _is_event_stream(outcome):
                    self._state.connected()
                    return outcome
                outcome.read()
                outcome.close()
            core.clock.sleep(self._state.after_failure(call, outcome, run))


class AsyncEventStream:
    """Asynchronous twin of `EventStream`: `async for event in client.stream_events(): ...`."""

    def __init__(
        self, transport: AsyncTransport, last_event_id: str | int | None, max_reconnects: int | None
    ) -> None:
        self._transport = transport
        self._state = _Reconnection(transport.core, last_event_id, max_reconnects)
        self._events = self._run()

    @property
    def last_event_id(self) -> str | None:
        return self._state.last_event_id

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> StreamEvent:
        return await anext(self._events)

    async def aclose(self) -> None:
        """Close the connection; iterating stops."""
        await self._events.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _run(self) -> AsyncGenerator[StreamEvent, None]:
        while True:
            response = await self._connect()
            dropped: httpx.TransportError | None = None
            try:
                async for message in EventSource(response).aiter_sse():
                    event = self._state.accept(message)
                    if event is not None:
                        yield event
            except httpx.TransportError as exc:
                dropped = exc
            finally:
                await response.aclose()
            await self._transport.core.clock.async_sleep(
                self._state.after_drop(_drop_reason(dropped))
            )

    async def _connect(self) -> httpx.Response:
        core, http = self._transport.core, self._transport.http
        call = self._state.call()
        run = core.begin(call)
        while True:
            outcome: Outcome
            try:
                outcome = await http.send(core.build(http, call, run), stream=True)
            except httpx.TransportError as exc:
                outcome = exc
            if isinstance(outcome, httpx.Response):
                if _is_event_stream(outcome):
                    self._state.connected()
                    return outcome
                await outcome.aread()
                await outcome.aclose()
            await core.clock.async_sleep(self._state.after_failure(call, outcome, run))
