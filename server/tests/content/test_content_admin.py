"""Admin routes: content projects per organization, tokens shown once and stored hashed, rotation, classrooms."""

from __future__ import annotations

from conftest import OrgAccount, make_org
from content.conftest import API
from fastapi.testclient import TestClient
from lf_support import ADMIN_PASSWORD

from lessonforge.services.context import ServiceContext
from lessonforge.store.content_schema import content_tokens


def projects_path(organization_id: str) -> str:
    return f"/v1/content/organizations/{organization_id}/content-projects"


def test_a_project_is_created_with_tokens_shown_once_and_stored_hashed(
    admin_client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    response = admin_client.post(projects_path(org.organization_id), json={"name": "Site", "languages": ["es", "en"]})
    assert response.status_code == 201
    created = response.json()
    assert created["languages"] == ["es", "en"] and created["rateLimitPerMinute"] == 1200
    assert created["readToken"].startswith("lfc_") and created["readToken"] != created["writeToken"]
    listed = admin_client.get(projects_path(org.organization_id)).json()
    assert [p["id"] for p in listed] == [created["id"]]
    assert "readToken" not in listed[0] and created["readToken"].startswith(listed[0]["readTokenPrefix"])
    with ctx.store.engine.connect() as conn:
        digests = [row.digest for row in conn.execute(content_tokens.select())]
    assert created["readToken"] not in digests and all(len(d) == 64 for d in digests)
    project = admin_client.get(f"{API}/project", headers={"Authorization": f"Bearer {created['readToken']}"}).json()
    assert project == {"id": created["id"], "name": "Site", "languages": ["es", "en"], "contentTypes": []}


def test_invalid_projects_are_400_in_the_integration_contract(admin_client: TestClient, org: OrgAccount) -> None:
    for body, field in [
        ({"name": "x", "languages": []}, "languages"),
        ({"name": "x", "languages": ["english"]}, "languages.0"),
        ({"name": "x", "languages": ["en", "EN"]}, "languages"),
        ({"name": "", "languages": ["en"]}, "name"),
        ({"name": "x", "languages": ["en"], "rateLimitPerMinute": 0}, "rateLimitPerMinute"),
    ]:
        response = admin_client.post(projects_path(org.organization_id), json=body)
        error = response.json()["error"]
        assert (response.status_code, error["code"], error["status"]) == (400, "content_invalid_request", 400), body
        assert field in [f["field"] for f in error["details"]["fields"]], body


def test_rotation_replaces_both_tokens(admin_client: TestClient, org: OrgAccount) -> None:
    created = admin_client.post(projects_path(org.organization_id), json={"name": "Site", "languages": ["en"]}).json()
    rotated = admin_client.post(f"{projects_path(org.organization_id)}/{created['id']}/tokens/rotate")
    assert rotated.status_code == 200
    fresh = rotated.json()
    assert fresh["id"] == created["id"] and {fresh["readToken"], fresh["writeToken"]}.isdisjoint(
        {created["readToken"], created["writeToken"]}
    )
    for token, status in [(created["writeToken"], 401), (fresh["writeToken"], 200)]:
        assert admin_client.get(f"{API}/project", headers={"Authorization": f"Bearer {token}"}).status_code == status
    missing = admin_client.post(
        f"{projects_path(org.organization_id)}/00000000-0000-0000-0000-000000000000/tokens/rotate"
    )
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "content_not_found")


def test_admins_of_other_organizations_get_403_and_anonymous_callers_401(
    client: TestClient, admin_client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    created = admin_client.post(projects_path(org.organization_id), json={"name": "Site", "languages": ["en"]}).json()
    other = make_org(ctx, "South School", "bo@school.test")
    client.post("/auth/login", json={"email": other.email, "password": ADMIN_PASSWORD})
    for method, path in [
        ("GET", projects_path(org.organization_id)),
        ("POST", f"{projects_path(org.organization_id)}/{created['id']}/tokens/rotate"),
        ("PUT", f"{projects_path(org.organization_id)}/{created['id']}/classrooms/{org.classroom_id}"),
    ]:
        response = client.request(method, path)
        assert (response.status_code, response.json()["error"]["code"]) == (403, "content_forbidden"), path
    foreign = client.post(f"{projects_path(other.organization_id)}/{created['id']}/tokens/rotate")
    assert foreign.status_code == 404
    client.post("/auth/logout")
    client.cookies.clear()
    anonymous = client.get(projects_path(org.organization_id))
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "content_invalid_api_key")
