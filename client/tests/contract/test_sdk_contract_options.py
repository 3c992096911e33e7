"""Environment configuration, auto-pagination and raw responses against the real server (sync and
async twins)."""

from __future__ import annotations

import uuid

import pytest
from sdk_live_server import LiveServer

from lessonforge_client import (
    AsyncContentClient,
    AsyncIntegrationClient,
    ContentClient,
    IntegrationClient,
    Job,
    JobStatus,
)

pytestmark = pytest.mark.anyio
MODULE_ONLY = ["interactive_module"]


def _payload(tag: str) -> dict[str, object]:
    lesson = {
        "id": "l1",
        "type": "vocabulary",
        "title": "Greetings",
        "items": [{"term": "hola", "meaning": "hello"}, {"term": "adiós", "meaning": "bye"}],
    }
    return {"title": f"{tag} {uuid.uuid4()}", "language": "es",
            "level": {"id": "a1", "title": "A1", "lessons": [lesson]}}  # fmt: skip


def _jobs(client: IntegrationClient, count: int) -> set[str]:
    return {
        client.create_expansion(_payload("page"), requested_outputs=MODULE_ONLY).id
        for _ in range(count)
    }


def test_a_client_built_without_arguments_reads_the_environment(
    live_server: LiveServer, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONFORGE_BASE_URL", live_server.base_url)
    monkeypatch.setenv("LESSONFORGE_API_KEY", api_key)
    with IntegrationClient() as client:
        assert client.key_prefix == api_key[:23]
        assert [c.id for c in client.list_classrooms()] == [live_server.classroom_id]


async def test_the_async_client_built_without_arguments_reads_the_environment(
    live_server: LiveServer, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONFORGE_BASE_URL", live_server.base_url)
    monkeypatch.setenv("LESSONFORGE_API_KEY", api_key)
    async with AsyncIntegrationClient() as client:
        assert [c.id for c in await client.list_classrooms()] == [live_server.classroom_id]


def test_the_content_clients_read_their_token_from_the_environment(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with live_server.admin() as admin:
        project = admin.create_content_project(live_server.organization_id, "Env", ["en"])
    monkeypatch.setenv("LESSONFORGE_BASE_URL", live_server.base_url)
    monkeypatch.setenv("LESSONFORGE_CONTENT_TOKEN", str(project.read_token))
    with ContentClient() as client:
        assert client.get_project().name == "Env"

    async def read() -> str:
        async with AsyncContentClient() as client:
            return (await client.get_project()).name

    import anyio

    assert anyio.run(read) == "Env"


def test_iterating_a_list_walks_every_page(client: IntegrationClient) -> None:
    created = _jobs(client, 5)
    first = client.list_expansions(limit=2)
    assert len(first.items) == 2 and first.next_cursor is not None
    pages = list(first.iter_pages())
    assert len(pages) >= 3
    seen = [job.id for job in client.list_expansions(limit=2)]
    assert len(seen) == len(set(seen))
    assert created <= set(seen)
    assert [job.id for page in pages for job in page.items] == seen


async def test_async_iteration_walks_every_page(
    client: IntegrationClient, live_server: LiveServer, api_key: str
) -> None:
    created = _jobs(client, 5)
    async with AsyncIntegrationClient(live_server.base_url, api_key) as async_client:
        first = await async_client.list_expansions(limit=2)
        assert len(first.items) == 2 and first.has_next_page()
        pages = [page async for page in first.iter_pages()]
        seen: list[Job] = [job async for job in async_client.list_expansions(limit=2)]
    assert len(pages) >= 3
    ids = [job.id for job in seen]
    assert len(ids) == len(set(ids)) and created <= set(ids)


def test_raw_responses_show_replays_rate_limits_request_ids_and_etags(
    client: IntegrationClient,
) -> None:
    payload, key = _payload("raw"), f"raw-{uuid.uuid4()}"
    first = client.with_raw_response.create_expansion(
        payload, requested_outputs=MODULE_ONLY, idempotency_key=key
    )
    again = client.with_raw_response.create_expansion(
        payload, requested_outputs=MODULE_ONLY, idempotency_key=key
    )
    assert first.status_code == again.status_code == 200
    assert (first.idempotent_replayed, again.idempotent_replayed) == (False, True)
    assert again.parse().id == first.parse().id
    assert first.rate_limit is not None and first.rate_limit.startswith('"key";r=')
    assert first.rate_limit_policy is not None and "q=" in first.rate_limit_policy
    assert first.request_id is not None and first.request_id != again.request_id
    job = client.wait_for_job(first.parse().id, timeout=120, poll_interval=0.2)
    module_id = job.outputs[0].resource_id
    assert job.status is JobStatus.COMPLETED and module_id is not None
    raw_module = client.with_raw_response.get_resource("modules", module_id)
    assert raw_module.etag == f'"{raw_module.parse().version}"'


async def test_async_raw_responses_show_the_same_headers(
    live_server: LiveServer, api_key: str
) -> None:
    payload, key = _payload("raw-async"), f"raw-{uuid.uuid4()}"
    async with AsyncIntegrationClient(live_server.base_url, api_key) as client:
        first = await client.with_raw_response.create_expansion(payload, idempotency_key=key)
        again = await client.with_raw_response.create_expansion(payload, idempotency_key=key)
        page = await client.with_raw_response.list_expansions(limit=1)
    assert (first.idempotent_replayed, again.idempotent_replayed) == (False, True)
    assert first.rate_limit is not None and first.request_id is not None
    assert page.status_code == 200 and len(page.parse().items) == 1
