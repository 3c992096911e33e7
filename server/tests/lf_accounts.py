"""Test-side account helpers shared by fixtures and tests (organizations, admins, keys, live servers)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from lf_support import ADMIN_PASSWORD

from lessonforge.services import accounts
from lessonforge.services.context import ServiceContext


@dataclass(frozen=True)
class OrgAccount:
    """An organization with its admin's credentials and default classroom."""

    organization_id: str
    classroom_id: str
    admin_id: str
    email: str
    password: str


@dataclass(frozen=True)
class LiveServer:
    """A real uvicorn process serving the app on 127.0.0.1, sharing the test's database."""

    base_url: str
    api_key: str
    org: OrgAccount
    log: Path


def make_org(ctx: ServiceContext, name: str, email: str, password: str = ADMIN_PASSWORD) -> OrgAccount:
    created = accounts.create_admin(ctx, email, password, name)
    return OrgAccount(created.organization_id, created.classroom_id, created.admin_id, email, password)


def issue_key(client: TestClient, organization_id: str, rate_limit: int | None = None) -> str:
    body: dict[str, object] = {"name": "integration"}
    if rate_limit is not None:
        body["rateLimitPerMinute"] = rate_limit
    response = client.post(f"/v1/content/organizations/{organization_id}/api-keys", json=body)
    assert response.status_code == 201, response.text
    secret: str = response.json()["apiKey"]
    return secret
