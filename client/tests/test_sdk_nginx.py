"""A real nginx in front of a stopped and a hung upstream: genuine 502 and 504 pages."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from lessonforge_client import (
    ApiTimeoutError,
    AsyncContentClient,
    AsyncIntegrationClient,
    ContentClient,
    ContentInternalError,
    IntegrationClient,
    InternalServerError,
)
from sdk_external import nginx_gateway, silent_upstream
from sdk_testkit import API_KEY, FakeClock


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("nginx")
    with silent_upstream() as hung_port, nginx_gateway(root, hung_port) as (port_502, port_504):
        yield f"http://127.0.0.1:{port_502}", f"http://127.0.0.1:{port_504}"


def test_nginx_really_answers_with_html_gateway_pages(gateway: tuple[str, str]) -> None:
    bad_gateway = httpx.get(gateway[0] + "/v1/content/classrooms")
    timeout = httpx.get(gateway[1] + "/v1/content/classrooms")
    assert bad_gateway.status_code == 502
    assert timeout.status_code == 504
    assert "text/html" in bad_gateway.headers["content-type"]
    assert "<title>504 Gateway Time-out</title>" in timeout.text


def test_the_integration_client_turns_a_real_502_into_gateway_error(
    gateway: tuple[str, str],
) -> None:
    clock = FakeClock()
    client = IntegrationClient(gateway[0], API_KEY, clock=clock.clock())
    with client, pytest.raises(InternalServerError) as info:
        client.create_expansion({"title": "A1"})
    error = info.value
    assert (error.status, error.code) == (502, "gateway_error")
    assert error.message == "HTTP 502 Bad Gateway (non-JSON response): 502 Bad Gateway"
    assert error.raw_text is not None
    assert "<center>nginx" in error.raw_text
    assert len(clock.sleeps) == 3  # retried per the 5xx rule, all instantly
    assert error.exchange is not None
    assert error.exchange.attempts == 4


def test_the_integration_client_turns_a_real_504_into_gateway_error(
    gateway: tuple[str, str],
) -> None:
    clock = FakeClock()
    client = IntegrationClient(gateway[1], API_KEY, max_retries=1, clock=clock.clock())
    with client, pytest.raises(InternalServerError) as info:
        client.get_expansion("job-1")
    assert (info.value.status, info.value.code) == (504, "gateway_error")
    assert (
        info.value.message == "HTTP 504 Gateway Time-out (non-JSON response): 504 Gateway Time-out"
    )
    assert len(clock.sleeps) == 1


def test_the_content_client_turns_real_gateway_pages_into_internal_error(
    gateway: tuple[str, str],
) -> None:
    for base_url, status in ((gateway[0], 502), (gateway[1], 504)):
        client = ContentClient(base_url, "token", max_retries=0)
        with client, pytest.raises(ContentInternalError) as info:
            client.get_project()
        assert (info.value.status, info.value.code, info.value.request_id) == (
            status,
            "INTERNAL_ERROR",
            None,
        )
        assert info.value.message.startswith(f"HTTP {status} ")
        assert "(non-JSON response)" in info.value.message


@pytest.mark.anyio
async def test_the_async_clients_handle_real_gateway_pages(gateway: tuple[str, str]) -> None:
    async with AsyncIntegrationClient(gateway[0], API_KEY, max_retries=0) as client:
        with pytest.raises(InternalServerError) as info:
            await client.list_classrooms()
    assert info.value.code == "gateway_error"
    async with AsyncContentClient(gateway[1], "token", max_retries=0) as content:
        with pytest.raises(ContentInternalError):
            await content.get_raw_content_list(content_type="Lesson")


def test_the_sdk_times_out_by_itself_when_the_proxy_is_slower() -> None:
    with silent_upstream() as port:
        client = IntegrationClient(f"http://127.0.0.1:{port}", API_KEY, timeout=0.3, max_retries=0)
        with client, pytest.raises(ApiTimeoutError) as info:
            client.get_expansion("job-1")
    assert info.value.code == "timeout"
    assert info.value.status == 0


def test_a_missing_program_skips_locally_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from sdk_external import require_binary

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_binary("surely-not-installed-lf")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require_binary("surely-not-installed-lf")
