"""Webhook admin routes: create (secret once), list, delete, validation, the address rule, membership."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org

from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No allow-list here: the private-address rule applies in full."""
    return dataclasses.replace(settings, webhook_allowed_hosts=())


def _hooks(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/webhooks"


def _error(response: Any) -> str:
    code: str = response.json()["error"]["code"]
    return code


def test_a_webhook_is_created_with_its_secret_shown_once_then_listed_and_deleted(
    admin_client: TestClient, org: OrgAccount
) -> None:
    body = {"url": "http://93.184.215.14/hooks", "events": ["content.failed", "content.completed", "content.failed"]}
    created = admin_client.post(_hooks(org), json=body)
    assert created.status_code == 201, created.text
    hook = created.json()
    assert hook["status"] == "active" and hook["organizationId"] == org.organization_id
    assert hook["events"] == ["content.completed", "content.failed"] and hook["createdAt"].endswith("Z")
    assert hook["secret"].startswith("whsec_")
    [listed] = admin_client.get(_hooks(org)).json()
    assert "secret" not in listed and listed["id"] == hook["id"]
    deleted = admin_client.delete(f"{_hooks(org)}/{hook['id']}")
    assert deleted.status_code == 200 and deleted.content == b""
    assert admin_client.get(_hooks(org)).json() == []


@pytest.mark.parametrize(
    "body",
    [
        {"url": "http://93.184.215.14/", "events": []},
        {"url": "http://93.184.215.14/", "events": ["content.created"]},
        {"url": "ftp://93.184.215.14/", "events": ["content.failed"]},
        {"url": "http:///nohost", "events": ["content.failed"]},
        {"events": ["content.failed"]},
    ],
)
def test_invalid_events_or_urls_are_refused(admin_client: TestClient, org: OrgAccount, body: dict[str, Any]) -> None:
    response = admin_client.post(_hooks(org), json=body)
    assert response.status_code == 400 and _error(response) == "content_invalid_request"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hooks",
        "http://localhost/hooks",
        "http://10.1.2.3/hooks",
        "http://192.168.0.10/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hooks",
        "http://0.0.0.0/hooks",
        "http://224.0.0.1/hooks",
        "http://[2002:a9fe:a9fe::]/latest/meta-data",
        "http://[2002:7f00:1::]:8080/hooks",
        "http://[2002:a00:1::]/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://[::ffff:7f00:1]/hooks",
        "http://[::127.0.0.1]/hooks",
        "http://[64:ff9b::a9fe:a9fe]/hooks",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fefe]/hooks",
    ],
)
def test_private_loopback_and_link_local_urls_are_refused_without_the_allow_list(
    admin_client: TestClient, org: OrgAccount, url: str
) -> None:
    response = admin_client.post(_hooks(org), json={"url": url, "events": ["content.completed"]})
    assert response.status_code == 400 and _error(response) == "content_invalid_request"
    assert "private" in response.json()["error"]["message"]


def test_an_admin_of_another_organization_is_forbidden(
    admin_client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    other = make_org(ctx, "South School", "bo@school.test")
    admin_client.post("/auth/logout")
    assert admin_client.post("/auth/login", json={"email": other.email, "password": other.password}).status_code == 200
    for response in (
        admin_client.post(_hooks(org), json={"url": "http://93.184.215.14/", "events": ["content.failed"]}),
        admin_client.get(_hooks(org)),
        admin_client.get(f"{_hooks(org)}/any/deliveries"),
    ):
        assert response.status_code == 403 and _error(response) == "content_forbidden"


def test_unknown_webhooks_and_deliveries_are_not_found(admin_client: TestClient, org: OrgAccount) -> None:
    missing = f"{_hooks(org)}/00000000-0000-0000-0000-000000000000"
    for response in (
        admin_client.delete(missing),
        admin_client.get(f"{missing}/deliveries"),
        admin_client.post(f"{missing}/deliveries/x/redeliver"),
    ):
        assert response.status_code == 404 and _error(response) == "content_not_found"
    hook = admin_client.post(_hooks(org), json={"url": "http://93.184.215.14/", "events": ["content.failed"]}).json()
    response = admin_client.post(f"{_hooks(org)}/{hook['id']}/deliveries/nope/redeliver")
    assert response.status_code == 404


def test_signed_out_callers_are_unauthenticated(client: TestClient, org: OrgAccount) -> None:
    response = client.get(_hooks(org))
    assert response.status_code == 401 and _error(response) == "content_invalid_api_key"
