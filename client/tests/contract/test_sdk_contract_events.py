"""`stream_events` (sync and async) against the real server: a real job's event arrives typed, a
refused key raises at once, and a server restart in the middle loses no event."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from sdk_cli_kit import source
from sdk_live_server import LiveServer
from sdk_processes import MODULE_ONLY, RestartableServer, newest_event_id

from lessonforge_client import (
    AsyncIntegrationClient,
    EventType,
    IntegrationClient,
    InvalidApiKeyError,
    JobStatus,
    StreamEvent,
)

BAD_KEY = "tf_content_" + "x" * 32


class Collector:
    """Iterates a stream on a thread until `count` events arrived, so a test can act (and wait)
    meanwhile; the stream is then left suspended, to be closed by the test's thread."""

    def __init__(self, events: Iterator[StreamEvent], count: int) -> None:
        self.count = count
        self.received: list[StreamEvent] = []
        self.error: BaseException | None = None
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._run, args=(events,), daemon=True)
        self.thread.start()

    def _run(self, events: Iterator[StreamEvent]) -> None:
        try:
            for event in events:
                with self.changed:
                    self.received.append(event)
                    self.changed.notify_all()
                if len(self.received) == self.count:
                    return
        except BaseException as exc:  # reported by wait_for
            with self.changed:
                self.error = exc
                self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 120.0) -> list[StreamEvent]:
        with self.changed:
            self.changed.wait_for(lambda: len(self.received) >= count or self.error, timeout)
        assert self.error is None, repr(self.error)
        assert len(self.received) >= count, "timed out waiting for events"
        return list(self.received)


def test_a_real_jobs_event_arrives_typed(
    live_server: LiveServer, client: IntegrationClient
) -> None:
    stream = client.stream_events(last_event_id=newest_event_id(live_server))
    collector = Collector(stream, 1)
    job = client.create_expansion(source("stream"), requested_outputs=MODULE_ONLY)
    (event,) = collector.wait_for(1)
    stream.close()
    assert (event.type, event.job_id) == (EventType.CONTENT_COMPLETED, job.id)
    assert event.payload["jobId"] == job.id
    assert (event.event.event, event.event.status) == (EventType.CONTENT_COMPLETED, "completed")
    assert event.event.status is JobStatus.COMPLETED
    assert stream.last_event_id == str(event.sequence)


async def test_the_async_twin_receives_a_real_jobs_event(
    live_server: LiveServer, api_key: str
) -> None:
    async with AsyncIntegrationClient(live_server.base_url, api_key) as client:
        after = newest_event_id(live_server)
        async with client.stream_events(after) as stream:
            job = await client.create_expansion(source("async"), requested_outputs=MODULE_ONLY)
            with anyio.fail_after(120):
                event = await anext(stream)
        assert (event.type, event.job_id) == (EventType.CONTENT_COMPLETED, job.id)
        assert int(event.sequence) > int(after)
        assert stream.last_event_id == str(event.sequence)


def test_a_refused_key_raises_invalid_api_key_without_a_retry(live_server: LiveServer) -> None:
    with IntegrationClient(live_server.base_url, BAD_KEY) as client:
        stream = client.stream_events()
        with pytest.raises(InvalidApiKeyError) as raised:
            next(stream)
    assert raised.value.status == 401
    assert raised.value.exchange is not None
    assert raised.value.exchange.attempts == 1


async def test_the_async_twin_raises_invalid_api_key_too(live_server: LiveServer) -> None:
    async with AsyncIntegrationClient(live_server.base_url, BAD_KEY) as client:
        with pytest.raises(InvalidApiKeyError) as raised:
            await anext(client.stream_events())
    assert raised.value.exchange is not None
    assert raised.value.exchange.attempts == 1


@pytest.mark.slow
def test_a_server_restart_loses_no_event(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "lessonforge_client")
    with RestartableServer(tmp_path) as server:
        with IntegrationClient(server.base_url, server.new_key()) as client:
            stream = client.stream_events(last_event_id=0)
            collector = Collector(stream, 2)
            first, second = server.second_job_ends_while_down(client, lambda: collector.wait_for(1))
            events = collector.wait_for(2)
            stream.close()
    assert [e.job_id for e in events] == [first, second]
    assert [e.sequence for e in events] == [1, 2]
    assert stream.last_event_id == "2"
    assert "event stream lost" in caplog.text  # the stream did drop, and came back
    assert "reconnecting to GET /v1/content/events after ConnectError" in caplog.text


@pytest.mark.slow
@pytest.mark.anyio
async def test_the_async_twin_loses_no_event_across_a_restart(tmp_path: Path) -> None:
    with RestartableServer(tmp_path) as server:
        key = server.new_key()
        received: list[StreamEvent] = []
        async with AsyncIntegrationClient(server.base_url, key) as client:
            stream = client.stream_events(last_event_id=0)

            async def collect() -> None:
                async for event in stream:
                    received.append(event)
                    if len(received) == 2:
                        return

            async def first_arrived() -> None:
                while not received:
                    await anyio.sleep(0.1)

            with anyio.fail_after(240):
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(collect)
                    with IntegrationClient(server.base_url, key) as sync_client:
                        await anyio.to_thread.run_sync(
                            server.second_job_ends_while_down,
                            sync_client,
                            lambda: anyio.from_thread.run(first_arrived),
                        )
            await stream.aclose()
    assert [e.sequence for e in received] == [1, 2]
    assert len({e.job_id for e in received}) == 2
