"""The polling hot path: the lean ASGI route, its rendered-job cache and the job revision behind it."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_support import sample_payload

from lessonforge.api.app import create_app
from lessonforge.domain.jobs import JobStatus, OutputStatus
from lessonforge.services.bearer import poll_job
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"


def _create(client: TestClient, bearer: dict[str, str]) -> str:
    response = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=bearer)
    assert response.status_code == 200
    job_id: str = response.json()["id"]
    return job_id


def _revision(ctx: ServiceContext, job_id: str, organization_id: str) -> int | None:
    with ctx.store.read() as tx:
        job = tx.jobs.get(job_id, organization_id)
        return None if job is None else job.revision


def test_every_write_to_a_job_or_its_outputs_moves_its_revision(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, org: OrgAccount
) -> None:
    job_id = _create(client, bearer)
    seen = [_revision(ctx, job_id, org.organization_id)]
    writes = [
        lambda tx: tx.jobs.set_status(job_id, JobStatus.PROCESSING, ctx.clock.now()),
        lambda tx: tx.jobs.set_output_status(job_id, OutputStatus.PROCESSING),
        lambda tx: tx.jobs.set_status(job_id, JobStatus.FAILED, ctx.clock.now(), {"code": "x", "message": "y"}),
    ]
    for write in writes:
        with ctx.store.write() as tx:
            write(tx)
        seen.append(_revision(ctx, job_id, org.organization_id))
    assert seen == sorted(set(seen)) and len(seen) == 4, seen
    assert _revision(ctx, job_id, "another-organization") is None


def test_a_poll_after_a_change_shows_the_change_not_the_cached_body(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, worker: Worker
) -> None:
    job_id = _create(client, bearer)
    first = client.get(f"{EXPANSIONS}/{job_id}", headers=bearer)
    again = client.get(f"{EXPANSIONS}/{job_id}", headers=bearer)
    assert first.json()["status"] == again.json()["status"] == "queued"
    assert first.content == again.content  # the second answer came from the rendered cache
    assert worker.drain() >= 1
    done = client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).json()
    assert done["status"] == "completed"
    assert [o["status"] for o in done["outputs"]] == ["completed"] * 3
    assert all(o["resourceId"] for o in done["outputs"])


def test_a_process_sees_changes_made_by_another_process_sharing_the_database(
    settings: Settings, app: FastAPI, client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    job_id = _create(client, bearer)
    assert client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).json()["status"] == "queued"
    other = create_app(settings)  # another API process on the same database, with its own cache
    with TestClient(other) as other_client:
        assert other_client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).json()["status"] == "queued"
        Worker(other.state.ctx).drain()
        assert other_client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).json()["status"] == "completed"
    assert client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).json()["status"] == "completed"


def test_the_lean_route_keeps_the_request_contract(client: TestClient, bearer: dict[str, str]) -> None:
    job_id = _create(client, bearer)
    response = client.get(
        f"{EXPANSIONS}/{job_id}", headers={**bearer, "X-Request-Id": "0b0e6c1e-4b0a-4c1e-9a51-1c6c0c7a3c11"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["x-request-id"] == "0b0e6c1e-4b0a-4c1e-9a51-1c6c0c7a3c11"
    assert response.headers["ratelimit-policy"].startswith('"key";q=')
    assert int(response.headers["content-length"]) == len(response.content)
    missing = client.get(f"{EXPANSIONS}/00000000-0000-0000-0000-000000000000", headers=bearer)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "content_not_found"
    assert missing.json()["error"]["requestId"] == missing.headers["x-request-id"]
    unauthenticated = client.get(f"{EXPANSIONS}/{job_id}")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["error"]["code"] == "content_invalid_api_key"
    assert "ratelimit" not in unauthenticated.headers


def test_head_answers_the_headers_of_get_without_a_body(client: TestClient, bearer: dict[str, str]) -> None:
    job_id = _create(client, bearer)
    head = client.head(f"{EXPANSIONS}/{job_id}", headers=bearer)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == "application/json; charset=utf-8"
    assert int(head.headers["content-length"]) == len(client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).content)


def test_polls_are_counted_under_the_route_template(client: TestClient, bearer: dict[str, str]) -> None:
    job_id = _create(client, bearer)
    for _ in range(3):
        client.get(f"{EXPANSIONS}/{job_id}", headers=bearer)
    metrics = client.get("/metrics").text
    line = next(
        m
        for m in metrics.splitlines()
        if m.startswith("lessonforge_http_requests_total")
        and 'route="/v1/content/integrations/expansions/{job_id}"' in m
    )
    assert 'method="GET"' in line and 'status="200"' in line and float(line.rsplit(" ", 1)[1]) >= 3


def test_a_poll_reads_the_job_only_when_the_caller_lacks_that_revision(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, api_key: str
) -> None:
    job_id = _create(client, bearer)
    fresh = poll_job(ctx, api_key, job_id, lambda _job, _revision: False)
    assert fresh.admission.decision.allowed and fresh.job is not None and fresh.job.id == job_id
    assert fresh.revision == fresh.job.revision
    known = poll_job(ctx, api_key, job_id, lambda job, revision: (job, revision) == (job_id, fresh.revision))
    assert known.revision == fresh.revision and known.job is None
    missing = poll_job(ctx, api_key, "00000000-0000-0000-0000-000000000000", lambda _job, _revision: False)
    assert missing.revision is None and missing.job is None
