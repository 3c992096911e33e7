"""Every Content Integration error code and status, table-driven, against the real app."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, issue_key, make_org
from lf_support import sample_payload

from lessonforge.services.context import ServiceContext

EXPANSIONS = "/v1/content/integrations/expansions"


@dataclass
class World:
    client: TestClient
    bearer: dict[str, str]
    org: OrgAccount
    other_job_id: str
    other_org_id: str


@pytest.fixture
def world(admin_client: TestClient, ctx: ServiceContext, org: OrgAccount, bearer: dict[str, str]) -> World:
    other = make_org(ctx, "South School", "bob@south.test")
    admin_client.post("/auth/login", json={"email": other.email, "password": other.password})
    other_key = issue_key(admin_client, other.organization_id)
    other_job = admin_client.post(
        EXPANSIONS, json={"payload": sample_payload("Other")}, headers={"Authorization": f"Bearer {other_key}"}
    ).json()
    admin_client.post("/auth/login", json={"email": org.email, "password": org.password})
    return World(admin_client, bearer, org, other_job["id"], other.organization_id)


Call = Callable[[World], httpx.Response]


def _create(w: World, body: Any = None, headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
    return w.client.post(EXPANSIONS, json=body, headers={**w.bearer, **(headers or {})}, **kw)


CASES: list[tuple[str, Call, int, str]] = [
    ("missing payload", lambda w: _create(w, {}), 400, "content_invalid_request"),
    ("payload is not an object", lambda w: _create(w, {"payload": [1, 2]}), 400, "content_invalid_request"),
    (
        "empty requestedOutputs",
        lambda w: _create(w, {"payload": {}, "requestedOutputs": []}),
        400,
        "content_invalid_request",
    ),
    (
        "unknown requested output",
        lambda w: _create(w, {"payload": {}, "requestedOutputs": ["poster"]}),
        400,
        "content_invalid_request",
    ),
    (
        "malformed JSON",
        lambda w: w.client.post(
            EXPANSIONS, content=b'{"payload": ', headers={**w.bearer, "Content-Type": "application/json"}
        ),
        400,
        "content_invalid_request",
    ),
    (
        "wrong content type",
        lambda w: w.client.post(
            EXPANSIONS, content=b"payload=1", headers={**w.bearer, "Content-Type": "application/x-www-form-urlencoded"}
        ),
        400,
        "content_invalid_request",
    ),
    (
        "body too large",
        lambda w: w.client.post(
            EXPANSIONS,
            content=b"{" + b" " * (5 * 1024 * 1024 + 10) + b"}",
            headers={**w.bearer, "Content-Type": "application/json"},
        ),
        400,
        "content_invalid_request",
    ),
    (
        "idempotency key too long",
        lambda w: _create(w, {"payload": {}}, {"Idempotency-Key": "k" * 256}),
        400,
        "content_invalid_request",
    ),
    ("bad classroom id", lambda w: _create(w, {"payload": {}, "classroomId": "nope"}), 400, "content_invalid_request"),
    (
        "bad list limit",
        lambda w: w.client.get(f"{EXPANSIONS}?limit=0", headers=w.bearer),
        400,
        "content_invalid_request",
    ),
    (
        "bad cursor",
        lambda w: w.client.get(f"{EXPANSIONS}?cursor=%%%", headers=w.bearer),
        400,
        "content_invalid_request",
    ),
    (
        "unknown status filter",
        lambda w: w.client.get(f"{EXPANSIONS}?status=done", headers=w.bearer),
        400,
        "content_invalid_request",
    ),
    ("no bearer key", lambda w: w.client.post(EXPANSIONS, json={"payload": {}}), 401, "content_invalid_api_key"),
    (
        "malformed bearer key",
        lambda w: w.client.get(EXPANSIONS, headers={"Authorization": "Bearer abc"}),
        401,
        "content_invalid_api_key",
    ),
    (
        "unknown bearer key",
        lambda w: w.client.get(EXPANSIONS, headers={"Authorization": "Bearer tf_content_" + "A" * 32}),
        401,
        "content_invalid_api_key",
    ),
    (
        "auth comes before body validation",
        lambda w: w.client.post(EXPANSIONS, content=b"{", headers={"Content-Type": "application/json"}),
        401,
        "content_invalid_api_key",
    ),
    (
        "no admin session",
        lambda w: TestClient(w.client.app).get("/v1/content/organizations"),
        401,
        "content_invalid_api_key",
    ),
    (
        "admin of another organization",
        lambda w: w.client.get(f"/v1/content/organizations/{w.other_org_id}/api-keys"),
        403,
        "content_forbidden",
    ),
    ("unknown job", lambda w: w.client.get(f"{EXPANSIONS}/{uuid.uuid4()}", headers=w.bearer), 404, "content_not_found"),
    (
        "another organization's job",
        lambda w: w.client.get(f"{EXPANSIONS}/{w.other_job_id}", headers=w.bearer),
        404,
        "content_not_found",
    ),
    (
        "another organization's result",
        lambda w: w.client.get(f"{EXPANSIONS}/{w.other_job_id}/result", headers=w.bearer),
        404,
        "content_not_found",
    ),
    (
        "unknown classroom",
        lambda w: _create(w, {"payload": {}, "classroomId": str(uuid.uuid4())}),
        404,
        "content_not_found",
    ),
    (
        "unknown key id",
        lambda w: w.client.post(f"/v1/content/organizations/{w.org.organization_id}/api-keys/{uuid.uuid4()}/rotate"),
        404,
        "content_not_found",
    ),
    ("unknown route", lambda w: w.client.get("/v1/content/nothing-here"), 404, "content_not_found"),
    ("method not allowed", lambda w: w.client.delete(EXPANSIONS, headers=w.bearer), 404, "content_not_found"),
    (
        "unknown resource",
        lambda w: w.client.get(f"/v1/content/modules/{uuid.uuid4()}", headers=w.bearer),
        404,
        "content_not_found",
    ),
    (
        "idempotency key reused with another body",
        lambda w: (
            _create(w, {"payload": sample_payload("One")}, {"Idempotency-Key": "same"}),
            _create(w, {"payload": sample_payload("Two")}, {"Idempotency-Key": "same"}),
        )[1],
        409,
        "content_conflict",
    ),
    (
        "same source while in progress",
        lambda w: (_create(w, {"payload": sample_payload("Dup")}), _create(w, {"payload": sample_payload("Dup")}))[1],
        409,
        "content_conflict",
    ),
]


@pytest.mark.parametrize(("name", "call", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_each_error_has_the_contract_shape(world: World, name: str, call: Call, status: int, code: str) -> None:
    response = call(world)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    error = response.json()["error"]
    assert error["code"] == code
    assert error["status"] == status
    assert error["message"]
    assert error["requestId"] == response.headers["x-request-id"]
    assert "detail" not in response.json()
    if "details" in error:
        assert all(set(f) == {"field", "message"} for f in error["details"].get("fields", []))


def test_validation_errors_name_each_failed_field(world: World) -> None:
    response = _create(world, {"payload": "text", "sourceType": "", "requestedOutputs": "x"})
    fields = {f["field"] for f in response.json()["error"]["details"]["fields"]}
    assert {"payload", "sourceType", "requestedOutputs"} <= fields


def test_a_rotated_revoked_key_is_a_conflict(admin_client: TestClient, org: OrgAccount) -> None:
    keys = f"/v1/content/organizations/{org.organization_id}/api-keys"
    key_id = admin_client.post(keys, json={"name": "old"}).json()["keyId"]
    assert admin_client.post(f"{keys}/{key_id}/revoke").status_code == 200
    response = admin_client.post(f"{keys}/{key_id}/rotate")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "content_conflict"


def test_an_unexpected_failure_is_a_500_that_reveals_nothing(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    job = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=bearer).json()
    with ctx.store.engine.begin() as conn:  # inject a real failure: the outputs table disappears
        conn.exec_driver_sql("DROP TABLE job_outputs")
    response = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer)
    assert response.status_code == 500
    error = response.json()["error"]
    assert error == {
        "code": "content_internal_error",
        "message": error["message"],
        "status": 500,
        "requestId": response.headers["x-request-id"],
    }
    lowered = response.text.lower()
    for leak in ("job_outputs", "sqlite", "traceback", "operationalerror", "select", "/work", ".py"):
        assert leak not in lowered


def test_an_incoming_request_id_is_kept_and_a_bad_one_replaced(client: TestClient) -> None:
    mine = str(uuid.uuid4())
    assert client.get("/healthz", headers={"X-Request-Id": mine}).headers["x-request-id"] == mine
    replaced = client.get("/healthz", headers={"X-Request-Id": "not-a-uuid"}).headers["x-request-id"]
    assert replaced != "not-a-uuid"
    assert uuid.UUID(replaced)
