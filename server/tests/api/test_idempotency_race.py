"""One job per Idempotency-Key under concurrency (SPEC §4.3), on SQLite and PostgreSQL, across app instances.

Each round fires 20 simultaneous creates sharing one fresh key at two uvicorn processes on the same
database: ten different bodies, each sent twice. Exactly one body wins; its twin is answered with the same
job; every other body is a 409 ``content_conflict``; afterwards the winner's replay still gets its job.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from lf_backends import live_servers
from lf_support import ADMIN_PASSWORD, sample_payload

from lessonforge.services import accounts, keys
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.uow import Store

pytestmark = pytest.mark.slow
EXPANSIONS = "/v1/content/integrations/expansions"
ROUNDS, CONCURRENT, BODIES = 20, 20, 10


def _bearer_key(settings: Settings) -> str:
    store = Store.from_url(settings.database_url)
    try:
        ctx = ServiceContext(store=store, settings=settings)
        created = accounts.create_admin(ctx, "race@school.test", ADMIN_PASSWORD, "Race School")
        return keys.create_key(ctx, created.organization_id, "race", 10000).secret
    finally:
        store.dispose()


def _round(clients: list[httpx.Client], key: str, bodies: list[dict[str, Any]]) -> list[tuple[int, httpx.Response]]:
    """Send every body twice at once (alternating servers); (body index, response) pairs."""
    barrier = threading.Barrier(CONCURRENT)

    def create(slot: int) -> tuple[int, httpx.Response]:
        barrier.wait()
        body_index = slot % len(bodies)
        response = clients[slot % len(clients)].post(
            EXPANSIONS, json=bodies[body_index], headers={"Idempotency-Key": key}
        )
        return body_index, response

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        return list(pool.map(create, range(CONCURRENT)))


def _check_round(results: list[tuple[int, httpx.Response]]) -> tuple[int, str]:
    """The winning body's index and its job id, after asserting the round kept the contract."""
    unexpected = [r.text for _, r in results if r.status_code not in (200, 409)]
    assert not unexpected, unexpected
    winners = {index for index, r in results if r.status_code == 200}
    job_ids = {r.json()["id"] for _, r in results if r.status_code == 200}
    assert len(winners) == 1 and len(job_ids) == 1, (winners, job_ids)
    winner = winners.pop()
    assert all(r.status_code == 200 for index, r in results if index == winner)
    losers = [r.json()["error"] for index, r in results if index != winner]
    assert {e["code"] for e in losers} == {"content_conflict"}
    return winner, job_ids.pop()


@pytest.mark.parametrize("instances", [1, 2], ids=["one-process", "two-processes"])
def test_concurrent_creates_sharing_a_key_make_exactly_one_job_every_round(
    any_backend: Settings, tmp_path: Path, instances: int
) -> None:
    secret = _bearer_key(any_backend)
    headers = {"Authorization": f"Bearer {secret}"}
    with live_servers(any_backend, instances, tmp_path) as bases:
        clients = [httpx.Client(base_url=base, headers=headers, timeout=60) for base in bases]
        try:
            for round_number in range(ROUNDS):
                key = f"race-{round_number}"
                bodies = [{"payload": sample_payload(f"Round {round_number} body {b}")} for b in range(BODIES)]
                winner, job_id = _check_round(_round(clients, key, bodies))
                replay = clients[0].post(EXPANSIONS, json=bodies[winner], headers={"Idempotency-Key": key})
                assert replay.status_code == 200 and replay.json()["id"] == job_id
                assert replay.headers["Idempotent-Replayed"] == "true"
                other = clients[-1].post(EXPANSIONS, json=bodies[winner - 1], headers={"Idempotency-Key": key})
                assert other.status_code == 409 and other.json()["error"]["code"] == "content_conflict"
            listed = clients[0].get(EXPANSIONS, params={"limit": 100}).json()
            jobs_per_key: dict[str, int] = {}
            while True:
                for job in listed["items"]:
                    jobs_per_key[job["idempotencyKey"]] = jobs_per_key.get(job["idempotencyKey"], 0) + 1
                if not listed["nextCursor"]:
                    break
                listed = clients[0].get(EXPANSIONS, params={"limit": 100, "cursor": listed["nextCursor"]}).json()
            assert jobs_per_key == {f"race-{n}": 1 for n in range(ROUNDS)}
        finally:
            for client in clients:
                client.close()
