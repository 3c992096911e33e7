"""Per-request options (`with_options`), environment defaults, and which calls may be retried —
sync and async twins through the shared harness."""

from __future__ import annotations

import anyio
import httpx
import pytest

from lessonforge_client import ContentClient, IntegrationClient, InternalServerError
from sdk_testkit import Driver, Harness, Script, job_body, respond

KEY = {"apiKey": "tf_content_" + "a" * 32, "keyId": "k1", "keyPrefix": "tf_content_aaaaaaaaaaaa",
       "name": "LMS", "rateLimitPerMinute": 60, "createdAt": "2026-07-04T10:00:00Z"}  # fmt: skip


def _derived(driver: Driver, **options: float | int) -> Driver:
    return Driver(driver.client.with_options(**options), driver.mode)


def test_with_options_sets_the_timeout_of_each_request_without_changing_the_client(
    harness: Harness,
) -> None:
    script = Script(respond(200, job_body()))
    client = harness.integration(script)
    _derived(client, timeout=1.5).get_expansion("job-1")
    client.get_expansion("job-1")
    timeouts = [r.extensions["timeout"]["read"] for r in script.requests]
    assert timeouts == [1.5, 30.0]


def test_with_options_sets_the_retries_of_one_call(harness: Harness) -> None:
    script = Script(respond(503, text="busy"))
    client = harness.integration(script)
    with pytest.raises(InternalServerError):
        _derived(client, max_retries=0).get_expansion("job-1")
    assert len(script.requests) == 1
    with pytest.raises(InternalServerError):
        client.get_expansion("job-1")
    assert len(script.requests) == 1 + 4


def test_a_derived_client_shares_the_connection_pool_and_the_session(harness: Harness) -> None:
    client = harness.integration(Script(respond(200, job_body())))
    derived = client.client.with_options(timeout=2)
    assert derived._transport.http is client.client._transport.http
    assert derived.key_prefix == client.client.key_prefix


def test_an_admin_write_is_retried_under_one_idempotency_key(harness: Harness) -> None:
    script = Script(respond(502, text="<html>Bad Gateway</html>"), respond(201, KEY))
    created = harness.integration(script, api_key=None).create_api_key("o1", "LMS")
    keys = [r.headers["Idempotency-Key"] for r in script.requests]
    assert created.key_id == "k1" and len(keys) == 2 and keys[0] == keys[1] != ""


def test_a_call_marked_unsafe_to_repeat_is_sent_once(harness: Harness) -> None:
    from lessonforge_client._base import Call
    from lessonforge_client._decoding import no_body

    script = Script(respond(502, text="bad gateway"))
    client = harness.integration(script)
    call = Call("POST", "/v1/x", no_body, replay_safe=False)
    with pytest.raises(InternalServerError):
        client.client._transport.call(call) if harness.mode == "sync" else anyio.run(
            client.client._transport.call, call
        )
    assert len(script.requests) == 1


def test_an_expansion_is_retried_under_one_idempotency_key(harness: Harness) -> None:
    script = Script(respond(502, text="bad gateway"), respond(200, job_body()))
    harness.integration(script).create_expansion({"title": "T"})
    keys = {r.headers["Idempotency-Key"] for r in script.requests}
    assert len(script.requests) == 2 and len(keys) == 1


def test_the_base_url_and_key_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONFORGE_BASE_URL", "http://env.test:9")
    monkeypatch.setenv("LESSONFORGE_API_KEY", "tf_content_" + "e" * 32)
    seen: list[httpx.Request] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: seen.append(r) or respond(200, [])(r))
    )
    with IntegrationClient(http_client=http) as client:
        client.list_classrooms()
    assert str(seen[0].url) == "http://env.test:9/v1/content/classrooms"
    assert seen[0].headers["Authorization"] == "Bearer tf_content_" + "e" * 32


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONFORGE_BASE_URL", "http://env.test:9")
    monkeypatch.setenv("LESSONFORGE_API_KEY", "tf_content_" + "e" * 32)
    client = IntegrationClient("http://arg.test", "tf_content_" + "a" * 32)
    assert client.key_prefix == "tf_content_aaaaaaaaaaaa"
    assert client._transport.core.base_url == "http://arg.test"


def test_the_default_base_url_is_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LESSONFORGE_BASE_URL", raising=False)
    assert IntegrationClient()._transport.core.base_url == "http://127.0.0.1:8000"


def test_a_content_client_without_a_token_says_which_variable_to_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LESSONFORGE_CONTENT_TOKEN", raising=False)
    with pytest.raises(ValueError, match="LESSONFORGE_CONTENT_TOKEN"):
        ContentClient("http://lf.test")


def test_a_raw_response_of_a_content_call_gives_status_and_headers(harness: Harness) -> None:
    script = Script(respond(200, 7, headers={"X-Request-Id": "rid-7", "ETag": '"3"'}))
    client = harness.content(script)
    raw = client.client.with_raw_response.get_content_list_size()
    if harness.mode == "async":
        import anyio

        async def wait() -> object:
            return await raw

        raw = anyio.run(wait)
    assert (raw.status_code, raw.parse(), raw.request_id, raw.etag) == (200, 7, "rid-7", '"3"')


def test_statuses_are_enums_and_a_newer_servers_value_still_parses() -> None:
    from lessonforge_client import Job, JobStatus, OutputType

    job = Job.model_validate(job_body(status="completed"))
    assert job.status is JobStatus.COMPLETED and job.status == "completed"
    assert job.outputs[0].output_type is OutputType.INTERACTIVE_MODULE
    newer = Job.model_validate(job_body(status="paused"))
    assert isinstance(newer.status, JobStatus) and newer.status == "paused"
    assert newer.to_wire()["status"] == "paused"
