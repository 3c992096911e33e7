"""API key expiry (issue 8.13) and the create call kept with each job for support (issue 8.14), on SQLite and
PostgreSQL; the bearer checks run on the lean admission path (``store/hot.py``) too."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_support import sample_payload
from sqlalchemy import text

from lessonforge_client import Job, support_handoff

EXPANSIONS = "/v1/content/integrations/expansions"


@pytest.fixture
def signed_in(backend_client: TestClient, backend_org: OrgAccount) -> TestClient:
    login = {"email": backend_org.email, "password": backend_org.password}
    assert backend_client.post("/auth/login", json=login).status_code == 200
    return backend_client


def _keys(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/api-keys"


def _expire(app: FastAPI, key_id: str) -> None:
    """Move the key's expiry into the past, as time passing would."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    with app.state.ctx.store.engine.begin() as conn:
        conn.execute(text("UPDATE api_keys SET expires_at = :at WHERE id = :id"), {"at": past, "id": key_id})


def test_an_expired_key_is_refused_like_a_revoked_one_and_listed_as_expired(
    signed_in: TestClient, backend_app: FastAPI, backend_org: OrgAccount
) -> None:
    expires = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    created = signed_in.post(_keys(backend_org), json={"name": "temp", "expiresAt": expires.isoformat()})
    assert created.status_code == 201, created.text
    assert created.json()["expiresAt"] == expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    bearer = {"Authorization": f"Bearer {created.json()['apiKey']}"}
    job = signed_in.post(EXPANSIONS, json={"payload": sample_payload()}, headers=bearer)
    assert job.status_code == 200
    _expire(backend_app, created.json()["keyId"])
    for path in (EXPANSIONS, f"{EXPANSIONS}/{job.json()['id']}", "/v1/content/classrooms"):  # job: the lean path
        refused = signed_in.get(path, headers=bearer)
        assert refused.status_code == 401, path
        assert refused.json()["error"]["code"] == "content_invalid_api_key"
    listed = {k["keyId"]: k for k in signed_in.get(_keys(backend_org)).json()}[created.json()["keyId"]]
    assert listed["status"] == "expired" and listed["expiresAt"] is not None and listed["revokedAt"] is None
    rotated = signed_in.post(f"{_keys(backend_org)}/{created.json()['keyId']}/rotate")
    assert rotated.status_code == 409


def test_a_key_without_expiry_never_expires_and_says_so(signed_in: TestClient, backend_org: OrgAccount) -> None:
    created = signed_in.post(_keys(backend_org), json={"name": "forever"})
    assert created.json()["expiresAt"] is None
    listed = signed_in.get(_keys(backend_org)).json()
    assert [(k["status"], k["expiresAt"]) for k in listed] == [("active", None)]


@pytest.mark.parametrize(
    ("expires_at", "message"),
    [
        ("2001-01-01T00:00:00Z", "future"),
        ("2999-01-01T00:00:00", "timezone"),
        ("tomorrow", "datetime"),
    ],
)
def test_an_expiry_in_the_past_without_a_time_zone_or_unreadable_is_refused(
    signed_in: TestClient, backend_org: OrgAccount, expires_at: str, message: str
) -> None:
    response = signed_in.post(_keys(backend_org), json={"name": "k", "expiresAt": expires_at})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"]["fields"][0]["field"] == "expiresAt"
    assert message in error["details"]["fields"][0]["message"].lower().replace(" ", "")


def test_a_job_keeps_the_create_call_and_the_handoff_describes_it(
    backend_client: TestClient, backend_bearer: dict[str, str]
) -> None:
    request_id = str(uuid.uuid4())
    created = backend_client.post(
        EXPANSIONS, json={"payload": sample_payload()}, headers={**backend_bearer, "X-Request-Id": request_id}
    ).json()
    read = backend_client.get(f"{EXPANSIONS}/{created['id']}", headers=backend_bearer)
    assert read.headers["x-request-id"] != request_id
    origin = read.json()["createRequest"]
    assert origin == {"endpoint": f"POST {EXPANSIONS}", "requestId": request_id, "at": created["createdAt"]}
    handoff = support_handoff(Job.model_validate(read.json())).to_dict()
    assert (handoff["method"], handoff["endpoint"], handoff["requestId"]) == ("POST", EXPANSIONS, request_id)
    stamp = datetime.fromisoformat(handoff["timestamp"])
    assert stamp.utcoffset() is not None
    assert stamp == datetime.fromisoformat(created["createdAt"].replace("Z", "+00:00"))
