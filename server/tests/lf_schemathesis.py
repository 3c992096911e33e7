"""Schemathesis against the app's own /openapi.json, in process: one app, its credentials, contract checks."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from lf_accounts import OrgAccount, issue_key, make_org
from lf_support import ADMIN_EMAIL
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lessonforge.api.app import create_app
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

# Small and derandomized: the same examples on every run and every machine, a few seconds per operation.
PROPERTY_SETTINGS = settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
# Left out, on purpose: positive_data_acceptance (the wire schemas are looser than some domain rules, e.g.
# model names and language codes, which answer 400 by design), ignored_auth (the document declares no
# securitySchemes; auth is tested route by route), and the stateful checks (use_after_free and friends).
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CONTENT_API = "/api/1.0"
# Routes signed in with the admin session cookie (plus the UI export, under /v1/content/classrooms).
ADMIN_PATHS = ("/auth/", "/v1/content/organizations")
_INTEGRATION_CODES = {
    400: "content_invalid_request",
    401: "content_invalid_api_key",
    403: "content_forbidden",
    404: "content_not_found",
    409: "content_conflict",
    429: "content_rate_limit_exceeded",
    500: "content_internal_error",
}
_CONTENT_CODES = {
    400: "VALIDATION_ERROR",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
}


@dataclass(frozen=True)
class Credentials:
    """What each surface needs: the admin's session cookie, a bearer key, a Content API write token."""

    org: OrgAccount
    session: str
    bearer: str
    content_token: str
    project_id: str


@dataclass(frozen=True)
class Target:
    """The app under test, its credentials and the schema loaded from its own /openapi.json."""

    app: FastAPI
    credentials: Credentials
    schema: schemathesis.BaseSchema


def build_target(tmp_path: Path) -> Iterator[Target]:
    """A migrated app on a real SQLite file with one organization, its admin, a key and a content project."""
    settings_ = Settings(
        database_url=f"sqlite:///{tmp_path / 'lessonforge.db'}",
        data_dir=tmp_path / "var",
        secret_key="test-secret-key-0123456789abcdef0123456789",
        public_base_url="http://testserver",
        password_time_cost=1,
        password_memory_kib=1024,
    )
    upgrade(settings_.database_url)
    app = create_app(settings_)
    org = make_org(app.state.ctx, "North School", ADMIN_EMAIL)
    with TestClient(app) as client:
        signed_in = client.post("/auth/login", json={"email": org.email, "password": org.password})
        assert signed_in.status_code == 200, signed_in.text
        # Limits high enough that generated traffic never meets a 429 (the limits have tests of their own).
        key = issue_key(client, org.organization_id, rate_limit=10000)
        project = client.post(
            f"/v1/content/organizations/{org.organization_id}/content-projects",
            json={"name": "Properties", "languages": ["en", "es"], "rateLimitPerMinute": 100000},
        )
        assert project.status_code == 201, project.text
        credentials = Credentials(org, client.cookies["jwt"], key, project.json()["writeToken"], project.json()["id"])
    schema = schemathesis.openapi.from_dict(app.openapi())
    schema.app = app
    try:
        yield Target(app, credentials, schema)
    finally:
        asgi.shutdown_lifespans()


def call_and_validate(target: Target, case: schemathesis.Case) -> None:
    """Send ``case`` with the credentials its route needs (own organization) and run every contract check."""
    creds = target.credentials
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    if case.path.startswith(CONTENT_API):
        headers["Authorization"] = f"Bearer {creds.content_token}"
    elif case.path.startswith(ADMIN_PATHS) or case.path.endswith("/integrations/exports"):
        cookies["jwt"] = creds.session
    else:
        headers["Authorization"] = f"Bearer {creds.bearer}"
    known = {
        "organization_id": creds.org.organization_id,
        "classroom_id": creds.org.classroom_id,
        "project_id": creds.project_id,
    }
    for name, value in known.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    case.call_and_validate(headers=headers, cookies=cookies, checks=[*CHECKS, error_contract])


def error_contract(ctx: object, response: schemathesis.Response, case: schemathesis.Case) -> bool | None:
    """Every non-2xx body has the contract shape of its surface (SPEC §2 and §7), whatever the OpenAPI says."""
    if response.status_code < 400 or case.method.upper() == "HEAD":  # HEAD: the GET's headers, never a body
        return None
    assert response.headers.get("content-type", [""])[0].startswith("application/json"), response.headers
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    request_id = response.headers.get("x-request-id", [""])[0]
    assert error.get("requestId") == request_id and uuid.UUID(request_id), error
    assert isinstance(error.get("message"), str) and error["message"], error
    assert set(error) <= {"code", "message", "status", "requestId", "details"}, error
    if case.path.startswith(CONTENT_API):
        assert error.get("code") == _CONTENT_CODES.get(response.status_code), error
        assert re.fullmatch(r"[A-Z_]+", error["code"]), error
        assert "status" not in error, error
    else:
        assert error.get("code") == _INTEGRATION_CODES.get(response.status_code), error
        assert error.get("status") == response.status_code, error
    if "details" in error:
        details = error["details"]
        assert details and set(details) <= {"fields", "existingJobId"}, error
        fields = details.get("fields", [])
        assert all(set(f) == {"field", "message"} for f in fields), error
        assert "fields" not in details or fields, error
    return None


slow = pytest.mark.slow
