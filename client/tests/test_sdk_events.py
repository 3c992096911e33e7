"""`stream_events` where no server answers: the client's retry rules apply to connecting (bounded
by `max_retries`, backoff through the clock seam), then the typed connection error."""

from __future__ import annotations

import pytest

from lessonforge_client import (
    ApiConnectionError,
    AsyncIntegrationClient,
    Clock,
    IntegrationClient,
    RetryPolicy,
)
from sdk_external import free_port

KEY = "tf_content_" + "k" * 32
POLICY = RetryPolicy(backoff_initial=0.5, backoff_max=8.0, jitter=0.0)


def test_connecting_is_retried_max_retries_times_with_backoff_then_raises() -> None:
    slept: list[float] = []
    clock = Clock(sleep=slept.append)
    base = f"http://127.0.0.1:{free_port()}"
    with IntegrationClient(base, KEY, max_retries=3, retry_policy=POLICY, clock=clock) as client:
        with pytest.raises(ApiConnectionError) as raised:
            next(client.stream_events())
    assert slept == [0.5, 1.0, 2.0]
    assert raised.value.exchange is not None
    assert raised.value.exchange.attempts == 4
    assert raised.value.exchange.path == "/v1/content/events"


@pytest.mark.anyio
async def test_the_async_twin_follows_the_same_rules() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    clock = Clock(async_sleep=sleep)
    base = f"http://127.0.0.1:{free_port()}"
    async with AsyncIntegrationClient(
        base, KEY, max_retries=2, retry_policy=POLICY, clock=clock
    ) as client:
        with pytest.raises(ApiConnectionError):
            await anext(client.stream_events())
    assert slept == [0.5, 1.0]
