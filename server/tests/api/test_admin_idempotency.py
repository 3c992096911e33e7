"""Idempotency-Key on every state-changing admin route: one action per key, the stored answer replayed
(secrets included, sealed at rest), 409 for another request under the key; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org
from lf_postgres import empty_postgres

from lessonforge.api.app import create_app
from lessonforge.errors import ConflictError
from lessonforge.services import replays
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade


@dataclasses.dataclass
class Admin:
    client: TestClient
    org: OrgAccount
    ctx: ServiceContext

    @property
    def base(self) -> str:
        return f"/v1/content/organizations/{self.org.organization_id}"

    def post(self, path: str, key: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Idempotency-Key": key} if key is not None else {}
        return self.client.post(self.base + path, headers=headers, **kwargs)

    def api_keys(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.client.get(self.base + "/api-keys").json()
        return found


def _signed_in(settings: Settings) -> Iterator[Admin]:
    upgrade(settings.database_url)
    app = create_app(settings)
    org = make_org(app.state.ctx, "Retry School", "retry@example.com")
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/auth/login", json={"email": org.email, "password": org.password}).status_code == 200
        yield Admin(client, org, app.state.ctx)


@pytest.fixture(params=["sqlite", "postgresql"])
def admin(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Admin]:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        empty_postgres(url)
        settings = dataclasses.replace(settings, database_url=url)
    yield from _signed_in(settings)


def _key(admin: Admin, name: str = "integration") -> dict[str, Any]:
    created = admin.post("/api-keys", json={"name": name})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def test_rotating_twice_with_one_key_rotates_once_and_replays_the_same_new_key(admin: Admin) -> None:
    old = _key(admin)
    first = admin.post(f"/api-keys/{old['keyId']}/rotate", key="rotate-1")
    again = admin.post(f"/api-keys/{old['keyId']}/rotate", key="rotate-1")
    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json() and again.json()["apiKey"].startswith("tf_content_")
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    listed = {k["keyId"]: k["status"] for k in admin.api_keys()}
    assert listed == {old["keyId"]: "revoked", first.json()["keyId"]: "active"}
    bearer = {"Authorization": f"Bearer {again.json()['apiKey']}"}
    assert admin.client.get("/v1/content/classrooms", headers=bearer).status_code == 200


def test_the_same_key_with_another_body_is_409_and_creates_nothing(admin: Admin) -> None:
    first = admin.post("/api-keys", key="create-1", json={"name": "first"})
    assert first.status_code == 201
    other = admin.post("/api-keys", key="create-1", json={"name": "second"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "content_conflict"
    assert "different request" in other.json()["error"]["message"]
    same = admin.post("/api-keys", key="create-1", json={"name": "first"})
    assert same.status_code == 201 and same.json()["apiKey"] == first.json()["apiKey"]
    assert [k["name"] for k in admin.api_keys()] == ["first"]


def test_the_same_key_on_another_target_of_the_route_is_409(admin: Admin) -> None:
    one, two = _key(admin, "one"), _key(admin, "two")
    assert admin.post(f"/api-keys/{one['keyId']}/rotate", key="k").status_code == 200
    assert admin.post(f"/api-keys/{two['keyId']}/rotate", key="k").status_code == 409
    assert {k["name"]: k["status"] for k in admin.api_keys() if k["keyId"] == two["keyId"]} == {"two": "active"}


def test_keys_are_scoped_per_route_and_per_organization(admin: Admin) -> None:
    assert admin.post("/api-keys", key="shared", json={"name": "a"}).status_code == 201
    project = admin.post("/content-projects", key="shared", json={"name": "Site", "languages": ["en"]})
    assert project.status_code == 201 and "Idempotent-Replayed" not in project.headers
    other = make_org(admin.ctx, "Other School", "other@example.com")
    admin.client.cookies.clear()
    admin.client.post("/auth/login", json={"email": other.email, "password": other.password})
    elsewhere = admin.client.post(
        f"/v1/content/organizations/{other.organization_id}/api-keys",
        json={"name": "a"},
        headers={"Idempotency-Key": "shared"},
    )
    assert elsewhere.status_code == 201 and "Idempotent-Replayed" not in elsewhere.headers


def test_every_admin_write_replays_its_first_answer(admin: Admin) -> None:
    project_body = {"name": "Site", "languages": ["en"]}
    key = _key(admin)
    project = admin.post("/content-projects", json=project_body).json()
    for path, body, status in [
        ("/api-keys", {"name": "replayed"}, 201),
        ("/content-projects", project_body, 201),
        (f"/content-projects/{project['id']}/tokens/rotate", None, 200),
        (f"/api-keys/{key['keyId']}/revoke", None, 200),
    ]:
        first = admin.post(path, key=f"every-{path}", json=body)
        again = admin.post(path, key=f"every-{path}", json=body)
        assert (first.status_code, again.status_code) == (status, status), (path, again.text)
        assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    classroom = f"{admin.base}/content-projects/{project['id']}/classrooms/{admin.org.classroom_id}"
    puts = [admin.client.put(classroom, headers={"Idempotency-Key": "assign"}) for _ in range(2)]
    assert [p.status_code for p in puts] == [200, 200] and puts[1].headers["Idempotent-Replayed"] == "true"
    assert len([p for p in admin.client.get(admin.base + "/content-projects").json() if p["name"] == "Site"]) == 2


def test_a_webhook_created_twice_with_one_key_exists_once_with_the_secret_replayed(admin: Admin) -> None:
    body = {"url": "https://93.184.215.14/in", "events": ["content.completed"]}
    first = admin.post("/webhooks", key="hook-1", json=body)
    again = admin.post("/webhooks", key="hook-1", json=body)
    assert first.status_code == again.status_code == 201, first.text
    assert again.json()["secret"] == first.json()["secret"] and again.headers["Idempotent-Replayed"] == "true"
    assert len(admin.client.get(admin.base + "/webhooks").json()) == 1
    delete = f"{admin.base}/webhooks/{first.json()['id']}"
    answers = [admin.client.delete(delete, headers={"Idempotency-Key": "del-1"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]  # without the key the second would be 404
    assert answers[1].headers["Idempotent-Replayed"] == "true"
    assert admin.client.delete(delete).status_code == 404


def test_refusals_are_not_stored_so_a_corrected_retry_runs(admin: Admin) -> None:
    too_long = admin.post("/api-keys", key="fix-me", json={"name": "x" * 500})
    assert too_long.status_code == 400
    assert admin.post("/api-keys", key="fix-me", json={"name": "x" * 500}).status_code == 400
    revoked = _key(admin)
    admin.post(f"/api-keys/{revoked['keyId']}/revoke")
    assert admin.post(f"/api-keys/{revoked['keyId']}/rotate", key="r").status_code == 409
    assert admin.post(f"/api-keys/{revoked['keyId']}/rotate", key="r").json()["error"]["message"] != (
        "Idempotency-Key reused with a different request"
    )


def test_an_invalid_idempotency_key_is_400(admin: Admin) -> None:
    response = admin.post("/api-keys", key="x" * 256, json={"name": "n"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "content_invalid_request"
    assert admin.api_keys() == []


def test_concurrent_claims_of_one_key_let_exactly_one_request_act(admin: Admin) -> None:
    fingerprint = replays.request_fingerprint("POST", "/x", None)

    def attempt(_: int) -> str:
        try:
            held = replays.claim(admin.ctx, admin.org.organization_id, "POST /x", "race", fingerprint)
        except ConflictError:
            return "conflict"
        return "claimed" if held.replay is None else "replayed"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(16)))
    assert outcomes.count("claimed") == 1 and outcomes.count("conflict") == 15


class _MovableClock:
    def __init__(self, ctx: ServiceContext) -> None:
        self.offset = timedelta()
        self.real = ctx.clock

    def now(self) -> Any:
        return self.real.now() + self.offset

    def time(self) -> float:
        return self.real.time() + self.offset.total_seconds()


def test_a_claim_left_by_a_dead_process_is_taken_over_after_its_lease(admin: Admin) -> None:
    clock = _MovableClock(admin.ctx)
    ctx = dataclasses.replace(admin.ctx, clock=clock)
    fingerprint = replays.request_fingerprint("POST", "/x", {"a": 1})
    replays.claim(ctx, admin.org.organization_id, "POST /x", "orphan", fingerprint)
    with pytest.raises(ConflictError, match="in progress"):
        replays.claim(ctx, admin.org.organization_id, "POST /x", "orphan", fingerprint)
    clock.offset = replays.PENDING_LEASE + timedelta(seconds=1)
    assert replays.claim(ctx, admin.org.organization_id, "POST /x", "orphan", fingerprint).replay is None


def test_a_stored_answer_is_sealed_at_rest_and_forgotten_after_its_time(settings: Settings, tmp_path: Path) -> None:
    for admin in _signed_in(dataclasses.replace(settings, admin_idempotency_ttl_seconds=3600)):
        secret = admin.post("/api-keys", key="sealed", json={"name": "n"}).json()["apiKey"]
        database = Path(settings.database_url.removeprefix("sqlite:///"))
        stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert secret.encode() not in stored
    other_database = f"sqlite:///{tmp_path / 'other.db'}"
    for admin in _signed_in(
        dataclasses.replace(settings, database_url=other_database, admin_idempotency_ttl_seconds=0)
    ):
        first = admin.post("/api-keys", key="short", json={"name": "m"})
        again = admin.post("/api-keys", key="short", json={"name": "m"})
        assert again.json()["apiKey"] != first.json()["apiKey"] and "Idempotent-Replayed" not in again.headers


def test_openapi_declares_the_idempotency_key_on_every_admin_write(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    writes = [
        (path, method, operation)
        for path, operations in document["paths"].items()
        if path.startswith("/v1/content/organizations/")
        for method, operation in operations.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) >= 9
    for path, method, operation in writes:
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in names, (method, path)
        success = next(s for s in operation["responses"] if s.startswith("2"))
        if success in ("200", "201"):
            assert "Idempotent-Replayed" in operation["responses"][success]["headers"], (method, path)
