"""`wait_for_job`: polls with backoff (2 s growing to 30 s) until terminal, or times out."""

from __future__ import annotations

import pytest

from lessonforge_client import Job, JobTimeoutError
from sdk_testkit import FakeClock, Harness, Script, job_body, respond

PROCESSING = respond(200, job_body(status="processing"))


def test_polls_with_backoff_growing_to_30_seconds(harness: Harness, clock: FakeClock) -> None:
    script = Script(*[PROCESSING] * 7, respond(200, job_body(status="completed")))
    job = harness.integration(script).wait_for_job("job-1", timeout=3600)
    assert job.status == "completed"
    assert clock.sleeps == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


def test_returns_a_failed_job_without_raising(harness: Harness, clock: FakeClock) -> None:
    failed = job_body(
        status="failed", error={"code": "source_invalid", "message": "lesson l2: answer"}
    )
    job = harness.integration(Script(respond(200, failed))).wait_for_job("job-1")
    assert job.status == "failed"
    assert job.error is not None
    assert job.error.code == "source_invalid"
    assert clock.sleeps == []


def test_times_out_with_the_last_job_seen(harness: Harness, clock: FakeClock) -> None:
    script = Script(PROCESSING)
    with pytest.raises(JobTimeoutError) as info:
        harness.integration(script).wait_for_job("job-1", timeout=10)
    assert clock.sleeps == [2.0, 4.0, 4.0]  # the last sleep is cut to the deadline
    assert info.value.last_job is not None
    assert info.value.last_job.status == "processing"
    assert "job job-1 still processing after 10 s" in str(info.value)
    assert isinstance(info.value, TimeoutError)


def test_reports_every_poll(harness: Harness) -> None:
    seen: list[str] = []
    script = Script(
        respond(200, job_body(status="queued")),
        PROCESSING,
        respond(200, job_body(status="completed")),
    )

    def record(job: Job) -> None:
        seen.append(job.status)

    harness.integration(script).wait_for_job("job-1", on_update=record)
    assert seen == ["queued", "processing", "completed"]


def test_poll_intervals_are_configurable(harness: Harness, clock: FakeClock) -> None:
    script = Script(PROCESSING, PROCESSING, PROCESSING, respond(200, job_body(status="completed")))
    harness.integration(script).wait_for_job("job-1", poll_interval=0.1, max_poll_interval=0.3)
    assert clock.sleeps == [0.1, 0.2, 0.3]
