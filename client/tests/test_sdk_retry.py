"""Retry rules of SPEC §8, for the sync and the async client (the `harness` fixture runs both)."""

from __future__ import annotations

import logging
from datetime import UTC

import httpx
import pytest

from lessonforge_client import (
    ApiConnectionError,
    ApiTimeoutError,
    ContentInternalError,
    ContentNetworkError,
    ContentRateLimitedError,
    IntegrationApiError,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
)
from lessonforge_client._retry import backoff_delay, retry_after_seconds
from sdk_testkit import FakeClock, Harness, Script, envelope, job_body, raise_, respond

OK_JOB = respond(200, job_body())


def rate_limited(retry_after: str | None) -> object:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return respond(429, envelope("content_rate_limit_exceeded", 429), headers=headers)


@pytest.mark.parametrize(
    ("retry_after", "expected"), [("5", 30.0), ("45", 45.0), (None, 30.0), ("junk", 30.0)]
)
def test_429_waits_the_larger_of_30_seconds_and_retry_after(
    harness: Harness, clock: FakeClock, retry_after: str | None, expected: float
) -> None:
    script = Script(rate_limited(retry_after), OK_JOB)  # type: ignore[arg-type]
    job = harness.integration(script).get_expansion("job-1")
    assert job.id == "job-1"
    assert clock.sleeps == [expected]
    assert len(script.requests) == 2


def test_429_with_an_http_date_retry_after_is_understood() -> None:
    response = httpx.Response(429, headers={"Retry-After": "Sat, 04 Jul 2026 12:01:30 GMT"})
    from datetime import datetime

    now = datetime(2026, 7, 4, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(response, now) == 90.0


def test_429_beyond_the_maximum_wait_is_raised_instead_of_blocking(
    harness: Harness, clock: FakeClock
) -> None:
    script = Script(rate_limited("3600"), OK_JOB)  # type: ignore[arg-type]
    with pytest.raises(RateLimitError) as info:
        harness.integration(script).get_expansion("job-1")
    assert clock.sleeps == []
    assert info.value.retry_after == 3600.0


def test_429_that_never_ends_gives_up_after_max_retries(harness: Harness, clock: FakeClock) -> None:
    script = Script(rate_limited("1"))  # type: ignore[arg-type]
    with pytest.raises(RateLimitError) as info:
        harness.integration(script).get_expansion("job-1")
    assert clock.sleeps == [30.0, 30.0, 30.0]
    assert info.value.code == "content_rate_limit_exceeded"
    assert info.value.status == 429


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_backs_off_doubling_from_half_a_second(
    harness: Harness, clock: FakeClock, status: int
) -> None:
    clock.rand = 0.0  # no jitter: the bare schedule
    script = Script(respond(status, envelope("content_internal_error", status)))
    with pytest.raises(InternalServerError):
        harness.integration(script, max_retries=6).get_expansion("job-1")
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(script.requests) == 7


def test_backoff_jitter_stays_within_a_quarter_below_the_schedule() -> None:
    policy = RetryPolicy()
    for retry in range(8):
        base = min(8.0, 0.5 * 2**retry)
        delays = [backoff_delay(policy, retry, lambda r=r: r) for r in (0.0, 0.25, 0.5, 0.999999)]
        assert all(0.75 * base <= d <= base for d in delays)
        assert delays[0] == base
        assert delays[-1] < base


def test_jitter_changes_the_actual_sleeps(harness: Harness, clock: FakeClock) -> None:
    clock.rand = 1.0
    script = Script(respond(503, text=""), OK_JOB)
    harness.integration(script).get_expansion("job-1")
    assert clock.sleeps == [0.375]


@pytest.mark.parametrize(
    "exc_type", [httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError]
)
def test_transport_failures_are_retried_with_backoff(
    harness: Harness, clock: FakeClock, exc_type: type[httpx.TransportError]
) -> None:
    clock.rand = 0.0
    script = Script(raise_(exc_type), raise_(exc_type), OK_JOB)
    assert harness.integration(script).get_expansion("job-1").id == "job-1"
    assert clock.sleeps == [0.5, 1.0]


def test_a_timeout_that_persists_raises_api_timeout_error_with_status_0(harness: Harness) -> None:
    script = Script(raise_(httpx.ReadTimeout))
    with pytest.raises(ApiTimeoutError) as info:
        harness.integration(script).get_expansion("job-1")
    assert info.value.status == 0
    assert info.value.code == "timeout"
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert len(script.requests) == 4


def test_a_refused_connection_raises_api_connection_error(harness: Harness) -> None:
    script = Script(raise_(httpx.ConnectError))
    with pytest.raises(ApiConnectionError) as info:
        harness.integration(script, max_retries=1).get_expansion("job-1")
    assert info.value.code == "network_error"
    assert not isinstance(info.value, ApiTimeoutError)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "content_invalid_request"),
        (401, "content_invalid_api_key"),
        (403, "content_forbidden"),
        (404, "content_not_found"),
        (409, "content_conflict"),
    ],
)
def test_client_errors_are_never_retried(
    harness: Harness, clock: FakeClock, status: int, code: str
) -> None:
    script = Script(respond(status, envelope(code, status)), OK_JOB)
    with pytest.raises(IntegrationApiError) as info:
        harness.integration(script).create_expansion({"title": "x"})
    assert (info.value.status, info.value.code) == (status, code)
    assert len(script.requests) == 1
    assert clock.sleeps == []


def test_every_retry_of_a_post_carries_the_same_idempotency_key(harness: Harness) -> None:
    script = Script(respond(502, text="bad"), raise_(httpx.ConnectError), rate_limited("1"), OK_JOB)  # type: ignore[arg-type]
    harness.integration(script).create_expansion({"title": "x"})
    keys = {request.headers["Idempotency-Key"] for request in script.requests}
    assert len(script.requests) == 4
    assert len(keys) == 1
    assert len(next(iter(keys))) >= 32


def test_the_callers_idempotency_key_is_reused_on_every_retry(harness: Harness) -> None:
    script = Script(respond(500, text=""), OK_JOB)
    harness.integration(script).create_expansion(
        {"title": "x"}, idempotency_key="level-a1-2026-07-04"
    )
    assert [r.headers["Idempotency-Key"] for r in script.requests] == ["level-a1-2026-07-04"] * 2


def test_two_logical_posts_get_two_idempotency_keys(harness: Harness) -> None:
    script = Script(OK_JOB)
    client = harness.integration(script)
    client.create_expansion({"title": "x"})
    client.create_expansion({"title": "x"})
    assert (
        script.requests[0].headers["Idempotency-Key"]
        != script.requests[1].headers["Idempotency-Key"]
    )


def test_each_attempt_sends_its_own_request_id(harness: Harness) -> None:
    script = Script(respond(500, text=""), OK_JOB)
    harness.integration(script).get_expansion("job-1")
    ids = [r.headers["X-Request-Id"] for r in script.requests]
    assert len(set(ids)) == 2


def test_max_retries_zero_disables_retries(harness: Harness, clock: FakeClock) -> None:
    for failure in (respond(503, text=""), rate_limited("1"), raise_(httpx.ConnectError)):
        script = Script(failure, OK_JOB)  # type: ignore[arg-type]
        with pytest.raises(Exception):  # noqa: B017 - each failure has its own class
            harness.integration(script, max_retries=0).get_expansion("job-1")
        assert len(script.requests) == 1
    assert clock.sleeps == []


def test_the_retry_policy_is_configurable(harness: Harness, clock: FakeClock) -> None:
    policy = RetryPolicy(backoff_initial=0.1, backoff_max=0.2, jitter=0.0, rate_limit_min_wait=2.0)
    script = Script(respond(500, text=""), respond(500, text=""), rate_limited(None), OK_JOB)  # type: ignore[arg-type]
    harness.integration(script, retry_policy=policy).get_expansion("job-1")
    assert clock.sleeps == [0.1, 0.2, 2.0]


def test_each_retry_is_logged_at_info_with_the_request_id(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(respond(502, text="", headers={"X-Request-Id": "srv-42"}), OK_JOB)
    with caplog.at_level(logging.INFO, logger="lessonforge_client"):
        harness.integration(script).get_expansion("job-1")
    retries = [r for r in caplog.records if r.name == "lessonforge_client"]
    assert len(retries) == 1
    assert retries[0].levelno == logging.INFO
    assert "srv-42" in retries[0].getMessage()
    assert "HTTP 502" in retries[0].getMessage()
    assert retries[0].request_id == "srv-42"  # type: ignore[attr-defined]


# --- ContentClient: only reads are retried, on network errors and 5xx -----------------------------

PROJECT = respond(200, {"id": "p1", "name": "Demo", "languages": ["en"], "contentTypes": []})


def test_content_client_retries_a_get_on_5xx_and_network_errors(
    harness: Harness, clock: FakeClock
) -> None:
    clock.rand = 0.0
    script = Script(respond(503, text=""), raise_(httpx.ConnectError), PROJECT)
    assert harness.content(script).get_project().name == "Demo"
    assert clock.sleeps == [0.5, 1.0]


def test_content_client_defaults_to_two_retries(harness: Harness) -> None:
    script = Script(
        respond(500, {"error": {"code": "INTERNAL_ERROR", "message": "x", "requestId": "r"}})
    )
    with pytest.raises(ContentInternalError):
        harness.content(script).get_project()
    assert len(script.requests) == 3


def test_content_client_never_retries_writes(harness: Harness, clock: FakeClock) -> None:
    script = Script(respond(503, text=""), respond(201, {"id": "c1"}))
    with pytest.raises(ContentInternalError):
        harness.content(script).create_content("Lesson", "One", {"title": "One"})
    script = Script(raise_(httpx.ConnectError), respond(204, content=b""))
    with pytest.raises(ContentNetworkError) as info:
        harness.content(script).publish_content("c1")
    assert info.value.status == 0
    assert info.value.code == "NETWORK_ERROR"
    assert len(script.requests) == 1
    assert clock.sleeps == []


def test_content_client_does_not_retry_429(harness: Harness, clock: FakeClock) -> None:
    body = {"error": {"code": "RATE_LIMITED", "message": "slow down", "requestId": "r"}}
    script = Script(respond(429, body, headers={"Retry-After": "30"}), PROJECT)
    with pytest.raises(ContentRateLimitedError):
        harness.content(script).get_project()
    assert clock.sleeps == []


def test_content_client_sends_no_idempotency_key(harness: Harness) -> None:
    script = Script(respond(201, {"id": "c1"}))
    harness.content(script).create_content("Lesson", "One", {"title": "One"})
    assert "Idempotency-Key" not in script.requests[0].headers
