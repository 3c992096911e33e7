"""Cross-site request forgery: cookie-authenticated state changes from another site's page are refused (403);
same-origin pages, bearer keys and Content API tokens are not affected."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_support import sample_payload

from lessonforge.api.app import create_app
from lessonforge.settings import Settings

EVIL = "http://evil.example"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _keys(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/api-keys"


def _projects(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/content-projects"


def _key_id(client: TestClient, org: OrgAccount) -> str:
    key_id: str = client.get(_keys(org)).json()[0]["keyId"]
    return key_id


def _project(client: TestClient, org: OrgAccount) -> dict[str, Any]:
    response = client.post(_projects(org), json={"name": "Site", "languages": ["en"]})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _refused(response: Any) -> None:
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "content_forbidden" and "Cross-origin" in error["message"]


def test_revoking_a_key_from_a_foreign_origin_with_a_form_is_refused_and_the_key_keeps_working(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str]
) -> None:
    revoke = f"{_keys(org)}/{_key_id(admin_client, org)}/revoke"
    _refused(admin_client.post(revoke, content="x=1", headers={**FORM, "Origin": EVIL}))
    assert admin_client.get("/v1/content/classrooms", headers=bearer).status_code == 200
    assert admin_client.get(_keys(org)).json()[0]["status"] == "active"


def test_rotating_content_tokens_from_a_foreign_origin_is_refused_and_the_tokens_keep_working(
    admin_client: TestClient, org: OrgAccount
) -> None:
    project = _project(admin_client, org)
    rotate = f"{_projects(org)}/{project['id']}/tokens/rotate"
    _refused(admin_client.post(rotate, content="x=1", headers={**FORM, "Origin": EVIL}))
    reader = {"Authorization": f"Bearer {project['readToken']}"}
    assert admin_client.get("/api/1.0/project", headers=reader).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Referer": "http://evil.example/page.html"},  # no Origin: the Referer decides
        {"Origin": "null"},  # an opaque origin (sandboxed frame) is nobody's
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Origin": "http://testserver:8080"},
        {"Origin": "http://evil.example", "Referer": "http://testserver/"},  # Origin wins over Referer
    ],
)
def test_other_foreign_origin_forms_are_refused_for_every_state_changing_method(
    admin_client: TestClient, org: OrgAccount, headers: dict[str, str]
) -> None:
    project = _project(admin_client, org)
    _refused(admin_client.post(_keys(org), json={"name": "x"}, headers=headers))
    assign = f"{_projects(org)}/{project['id']}/classrooms/{org.classroom_id}"
    _refused(admin_client.put(assign, headers=headers))
    _refused(admin_client.delete(f"/v1/content/organizations/{org.organization_id}/webhooks/any", headers=headers))


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://testserver"},
        {"Origin": "HTTP://TestServer:80"},
        {"Referer": "http://testserver/admin/keys"},
        {},  # curl, the SDK: no browser, no origin
    ],
)
def test_same_origin_and_originless_requests_pass(
    admin_client: TestClient, org: OrgAccount, api_key: str, headers: dict[str, str]
) -> None:
    revoke = f"{_keys(org)}/{_key_id(admin_client, org)}/revoke"
    assert admin_client.post(revoke, headers=headers).status_code == 200
    assert admin_client.post(_keys(org), json={"name": "again"}, headers=headers).status_code == 201


def test_reads_are_not_checked(admin_client: TestClient, org: OrgAccount) -> None:
    assert admin_client.get(_keys(org), headers={"Origin": EVIL}).status_code == 200


def test_bearer_keys_and_content_api_tokens_are_not_affected(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str]
) -> None:
    project = _project(admin_client, org)
    admin_client.cookies.clear()  # no session cookie: nothing for a foreign page to ride on
    created = admin_client.post(
        "/v1/content/integrations/expansions", json={"payload": sample_payload()}, headers={**bearer, "Origin": EVIL}
    )
    assert created.status_code == 200, created.text
    writer = {"Authorization": f"Bearer {project['writeToken']}", "Origin": EVIL}
    model = admin_client.post(
        "/api/1.0/model/entity",
        json={"name": "Post", "fieldList": [{"name": "title", "type": "short-text"}]},
        headers=writer,
    )
    assert model.status_code == 201, model.text


def test_signing_in_or_out_from_a_foreign_origin_is_refused(client: TestClient, org: OrgAccount) -> None:
    body = {"email": org.email, "password": org.password}
    _refused(client.post("/auth/login", json=body, headers={"Origin": EVIL}))
    assert client.post("/auth/login", json=body, headers={"Origin": "http://testserver"}).status_code == 200
    _refused(client.post("/auth/logout", headers={"Origin": EVIL}))
    assert client.get("/v1/content/organizations").status_code == 200


@pytest.fixture
def public_client(settings: Settings, org: OrgAccount, api_key: str) -> Iterator[TestClient]:
    configured = dataclasses.replace(settings, public_base_url="https://lessons.example.org")
    with TestClient(create_app(configured), raise_server_exceptions=False) as client:
        assert client.post("/auth/login", json={"email": org.email, "password": org.password}).status_code == 200
        yield client


def test_the_public_base_url_is_same_origin_even_when_the_request_came_to_another_host(
    public_client: TestClient, org: OrgAccount
) -> None:
    revoke = f"{_keys(org)}/{_key_id(public_client, org)}/revoke"
    _refused(public_client.post(revoke, headers={"Origin": "https://lessons.example.org.evil.example"}))
    assert public_client.post(revoke, headers={"Origin": "https://lessons.example.org"}).status_code == 200
    assert public_client.post(revoke, headers={"Origin": "http://testserver"}).status_code == 200


def test_openapi_documents_the_cross_origin_403_on_cookie_writes_only(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    revoke = paths["/v1/content/organizations/{organization_id}/api-keys/{key_id}/revoke"]["post"]
    login = paths["/auth/login"]["post"]
    for operation in (revoke, login):
        assert "cross-site request forgery" in operation["responses"]["403"]["description"]
    listing = paths["/v1/content/organizations/{organization_id}/api-keys"]["get"]
    assert "cross-site" not in listing["responses"]["403"]["description"]
