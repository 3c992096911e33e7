"""Idempotency keys and duplicate sources (SPEC §4.3)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import LiveServer
from lf_support import sample_payload

from lessonforge.services.context import ServiceContext
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"


def test_a_replay_returns_the_same_job_and_says_so(client: TestClient, bearer: dict[str, str]) -> None:
    headers = {**bearer, "Idempotency-Key": "level-a1"}
    first = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=headers)
    again = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(client.get(EXPANSIONS, headers=bearer).json()["items"]) == 1


def test_a_replay_after_completion_returns_the_completed_job(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    headers = {**bearer, "Idempotency-Key": "done-once"}
    first = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=headers).json()
    worker.drain()
    again = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=headers)
    assert again.json()["id"] == first["id"]
    assert again.json()["status"] == "completed"


def test_the_header_wins_over_the_body_key(client: TestClient, bearer: dict[str, str]) -> None:
    body = {"payload": sample_payload(), "idempotencyKey": "from-body"}
    job = client.post(EXPANSIONS, json=body, headers={**bearer, "Idempotency-Key": "from-header"}).json()
    assert job["idempotencyKey"] == "from-header"
    body_only = client.post(EXPANSIONS, json=body, headers=bearer)
    assert body_only.status_code == 409  # same source still queued, under another key


def test_the_body_key_is_used_when_no_header_is_sent(client: TestClient, bearer: dict[str, str]) -> None:
    body = {"payload": sample_payload(), "idempotencyKey": "from-body"}
    first = client.post(EXPANSIONS, json=body, headers=bearer).json()
    again = client.post(EXPANSIONS, json=body, headers=bearer)
    assert again.json()["id"] == first["id"]
    assert again.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("change", ["payload", "requestedOutputs", "sourceType"])
def test_a_key_reused_with_a_different_request_is_a_conflict(
    client: TestClient, bearer: dict[str, str], change: str
) -> None:
    headers = {**bearer, "Idempotency-Key": "reused"}
    body = {"payload": sample_payload(), "requestedOutputs": ["expanded_quiz"], "sourceType": "cms"}
    assert client.post(EXPANSIONS, json=body, headers=headers).status_code == 200
    changed = {
        **body,
        change: {"payload": sample_payload("Other"), "requestedOutputs": ["summary_video"], "sourceType": "lms"}[
            change
        ],
    }
    response = client.post(EXPANSIONS, json=changed, headers=headers)
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "Idempotency-Key reused with a different request"


def test_duplicate_outputs_collapse_and_count_as_the_same_request(client: TestClient, bearer: dict[str, str]) -> None:
    headers = {**bearer, "Idempotency-Key": "dupes"}
    first = client.post(
        EXPANSIONS,
        json={"payload": {}, "requestedOutputs": ["expanded_quiz", "interactive_module", "expanded_quiz"]},
        headers=headers,
    )
    assert first.json()["requestedOutputs"] == ["interactive_module", "expanded_quiz"]
    again = client.post(
        EXPANSIONS, json={"payload": {}, "requestedOutputs": ["interactive_module", "expanded_quiz"]}, headers=headers
    )
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]


def test_the_same_source_in_progress_is_refused_naming_the_job(client: TestClient, bearer: dict[str, str]) -> None:
    first = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers={**bearer, "Idempotency-Key": "a"})
    second = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers={**bearer, "Idempotency-Key": "b"})
    assert second.status_code == 409
    assert first.json()["id"] in second.json()["error"]["message"]


def test_the_same_source_after_the_job_ended_makes_a_new_job(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    first = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=bearer).json()
    worker.drain()
    second = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=bearer)
    assert second.status_code == 200
    assert second.json()["id"] != first["id"]


def test_a_refused_request_is_not_stored_under_its_key(client: TestClient, bearer: dict[str, str]) -> None:
    unauthenticated = client.post(
        EXPANSIONS,
        json={"payload": sample_payload()},
        headers={"Idempotency-Key": "k", "Authorization": "Bearer tf_content_" + "x" * 32},
    )
    assert unauthenticated.status_code == 401
    accepted = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers={**bearer, "Idempotency-Key": "k"})
    assert accepted.status_code == 200
    assert "Idempotent-Replayed" not in accepted.headers


def test_keys_are_scoped_to_the_organization(client: TestClient, bearer: dict[str, str], ctx: ServiceContext) -> None:
    from lf_accounts import make_org

    from lessonforge.services import keys

    other = make_org(ctx, "Elsewhere", "eve@else.test")
    other_key = keys.create_key(ctx, other.organization_id, "k", None).secret
    mine = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers={**bearer, "Idempotency-Key": "k"})
    theirs = client.post(
        EXPANSIONS,
        json={"payload": sample_payload("B")},
        headers={"Authorization": f"Bearer {other_key}", "Idempotency-Key": "k"},
    )
    assert mine.status_code == theirs.status_code == 200
    assert mine.json()["id"] != theirs.json()["id"]


@pytest.mark.slow
@pytest.mark.parametrize("with_key", [True, False], ids=["same-key", "no-key"])
def test_fifty_identical_concurrent_creates_make_exactly_one_job(live_server: LiveServer, with_key: bool) -> None:
    headers = {"Authorization": f"Bearer {live_server.api_key}"}
    if with_key:
        headers["Idempotency-Key"] = "burst"
    body = {"payload": sample_payload("Burst")}

    def create(_: int) -> httpx.Response:
        with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
            return http.post(EXPANSIONS, json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(create, range(50)))
    statuses = {r.status_code for r in responses}
    assert statuses <= {200, 409}, [r.text for r in responses if r.status_code not in (200, 409)]
    job_ids = {r.json()["id"] for r in responses if r.status_code == 200}
    assert len(job_ids) == 1, sorted(statuses)
    with httpx.Client(base_url=live_server.base_url, headers=headers) as http:
        listed = http.get(EXPANSIONS, params={"limit": 100}).json()["items"]
    assert [j["id"] for j in listed] == list(job_ids)
    if with_key:
        assert statuses == {200}
