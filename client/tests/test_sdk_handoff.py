"""Support handoff: the fields support needs, never the full key, the source only with consent."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from lessonforge_client import (
    ConflictError,
    Exchange,
    ExpansionResult,
    InternalServerError,
    Job,
    load_last_error,
    support_handoff,
)
from lessonforge_client._exchange import redact
from sdk_testkit import API_KEY, Harness, Script, envelope, job_body, respond

EXISTING = "0c3b1c64-3d4f-4f1f-9f4e-3f2c8b9a1e2d"
FIELDS = {
    "jobId", "keyPrefix", "endpoint", "method", "timestamp", "idempotencyKey",
    "requestId", "httpStatus", "jobStatus", "responseBody",
}  # fmt: skip


def conflict(harness: Harness, *, persist_errors: bool = False) -> ConflictError:
    body = envelope(
        "content_conflict", 409, f"an earlier job {EXISTING} for this source is still processing"
    )
    script = Script(respond(409, body))
    client = harness.integration(script, persist_errors=persist_errors)
    with pytest.raises(ConflictError) as info:
        client.create_expansion({"title": "x"}, idempotency_key="level-a1")
    return info.value


def test_a_failed_post_gives_every_field_support_needs(harness: Harness) -> None:
    bundle = support_handoff(conflict(harness)).to_dict()
    assert set(bundle) == FIELDS
    assert bundle["jobId"] == EXISTING
    assert bundle["keyPrefix"] == API_KEY[:23]
    assert bundle["endpoint"] == "/v1/content/integrations/expansions"
    assert bundle["method"] == "POST"
    assert bundle["timestamp"] == "2026-07-04T12:00:00.000+00:00"
    assert bundle["idempotencyKey"] == "level-a1"
    assert bundle["requestId"] == "rid-1"
    assert bundle["httpStatus"] == 409
    assert bundle["responseBody"]["error"]["code"] == "content_conflict"


def test_a_duplicate_source_conflict_names_the_job_from_its_details(harness: Harness) -> None:
    details = {"existingJobId": EXISTING}
    body = envelope(
        "content_conflict", 409, "A job for the same source is in progress", details=details
    )
    client = harness.integration(Script(respond(409, body)))
    with pytest.raises(ConflictError) as info:
        client.create_expansion({"title": "x"})
    assert support_handoff(info.value).to_dict()["jobId"] == EXISTING


def test_the_full_key_never_appears(harness: Harness) -> None:
    error = conflict(harness)
    bundle = support_handoff(error, key_prefix=API_KEY)
    assert API_KEY not in bundle.to_json()
    assert API_KEY not in bundle.to_text()
    assert bundle.key_prefix == API_KEY[:23]


def test_secrets_in_a_response_body_are_redacted() -> None:
    body = {"apiKey": API_KEY, "note": f"use {API_KEY} now", "nested": [{"secret": "whsec_x"}]}
    assert redact(body) == {
        "apiKey": "[redacted]",
        "note": f"use {API_KEY[:23]}… now",
        "nested": [{"secret": "[redacted]"}],
    }


def test_the_source_is_only_included_with_consent(harness: Harness) -> None:
    error = conflict(harness)
    source = {"level": {"title": "A1"}}
    assert "sourceJson" not in support_handoff(error, source=source).to_dict()
    assert "(not shared)" in support_handoff(error, source=source).to_text()
    shared = support_handoff(error, source=source, share_source=True)
    assert shared.to_dict()["sourceJson"] == source
    assert '"title": "A1"' in shared.to_text()


def test_a_failed_job_gives_its_result_and_status() -> None:
    failed = job_body(
        status="failed", error={"code": "source_invalid", "message": "lesson l2: answer"}
    )
    result = ExpansionResult.model_validate(
        {"job": failed, "outputs": failed["outputs"], "manifest": None}
    )
    paris = timezone(timedelta(hours=2))
    bundle = support_handoff(
        result, key_prefix=API_KEY[:23], now=lambda: datetime(2026, 7, 4, 14, tzinfo=paris)
    ).to_dict()
    assert bundle["jobId"] == "job-1"
    assert bundle["jobStatus"] == "failed"
    assert bundle["httpStatus"] == 200
    assert bundle["idempotencyKey"] == "idem-1"
    assert bundle["endpoint"] == "/v1/content/integrations/expansions/job-1/result"
    assert bundle["responseBody"]["job"]["error"]["code"] == "source_invalid"
    assert bundle["timestamp"] == "2026-07-04T14:00:00.000+02:00"


def test_a_job_works_too() -> None:
    bundle = support_handoff(Job.model_validate(job_body(status="failed"))).to_dict()
    assert bundle["endpoint"] == "/v1/content/integrations/expansions/job-1"
    assert bundle["jobStatus"] == "failed"


def test_text_is_readable(harness: Harness) -> None:
    text = support_handoff(conflict(harness)).to_text()
    assert text.splitlines()[0] == "lessonforge support handoff"
    for label in (
        "Job ID:",
        "Key prefix:",
        "Endpoint:",
        "Timestamp:",
        "Idempotency key:",
        "Final status:",
    ):
        assert label in text
    assert "POST /v1/content/integrations/expansions" in text
    assert "HTTP 409" in text


def test_the_last_failed_exchange_is_saved_privately(harness: Harness, state_dir: Path) -> None:
    conflict(harness, persist_errors=True)
    saved = load_last_error()
    assert saved is not None
    assert saved.error_code == "content_conflict"
    assert saved.key_prefix == API_KEY[:23]
    raw = (state_dir / "last-error.json").read_text()
    assert API_KEY not in raw
    assert oct(os.stat(state_dir / "last-error.json").st_mode & 0o777) == "0o600"
    assert support_handoff(saved).to_dict()["idempotencyKey"] == "level-a1"


def test_successes_are_not_saved_but_are_remembered(harness: Harness, state_dir: Path) -> None:
    client = harness.integration(Script(respond(200, job_body())))
    client.get_expansion("job-1")
    assert load_last_error() is None
    assert client.last_exchange is not None
    assert client.last_exchange.status == 200


def test_the_library_writes_nothing_unless_asked(harness: Harness, state_dir: Path) -> None:
    script = Script(respond(500, text=""))
    with pytest.raises(InternalServerError):
        harness.integration(script, max_retries=0).get_expansion("job-1")
    with pytest.raises(InternalServerError):
        harness.integration(script, persist_errors=False, max_retries=0).get_expansion("job-1")
    assert not state_dir.exists()


def test_a_network_failure_is_saved_with_status_0(harness: Harness) -> None:
    import httpx

    from sdk_testkit import raise_

    with pytest.raises(Exception):  # noqa: B017
        harness.integration(
            Script(raise_(httpx.ConnectError)), max_retries=0, persist_errors=True
        ).get_expansion("job-1")
    saved = load_last_error()
    assert saved is not None
    assert (saved.status, saved.error_code, saved.job_id) == (0, "network_error", "job-1")


def test_an_unreadable_state_file_is_ignored(state_dir: Path) -> None:
    state_dir.mkdir(parents=True)
    (state_dir / "last-error.json").write_text("{not json")
    assert load_last_error() is None


def test_exchange_round_trips_through_json() -> None:
    exchange = Exchange(
        surface="integration", method="GET", path="/x", timestamp="t", idempotency_key=None,
        key_prefix="tf_content_abc", status=404, request_id="r", response_text="{}", attempts=1,
    )  # fmt: skip
    assert Exchange.from_dict(json.loads(json.dumps(exchange.to_dict()))) == exchange


def test_an_error_built_outside_a_client_still_gives_a_bundle() -> None:
    import httpx

    from lessonforge_client import to_integration_error

    request = httpx.Request(
        "POST",
        "http://lf.test/v1/content/integrations/expansions",
        headers={"Idempotency-Key": "k-1"},
    )
    error = to_integration_error(
        httpx.Response(409, json=envelope("content_conflict", 409), request=request)
    )
    bundle = support_handoff(error, key_prefix=API_KEY).to_dict()
    assert bundle["endpoint"] == "/v1/content/integrations/expansions"
    assert (bundle["method"], bundle["idempotencyKey"], bundle["httpStatus"]) == (
        "POST",
        "k-1",
        409,
    )
    assert bundle["keyPrefix"] == API_KEY[:23]
