"""HEAD on every GET route of /api/1.0, and CORS for browser pages (preflight answered, origins configurable)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from conftest import make_org
from content.conftest import API, ContentProjectTokens, create_project, post_content, post_model
from fastapi.testclient import TestClient

from lessonforge.api.app import create_app
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

SITE = "http://127.0.0.1:5173"


def seeded(client: TestClient, project: ContentProjectTokens) -> dict[str, str]:
    post_model(client, project, {"name": "post", "fieldList": [{"name": "title", "type": "short-text"}]})
    content_id = post_content(client, project, "post", {"title": "Hello"})
    files = {"file": ("a.txt", b"hello", "text/plain")}
    media = client.post(f"{API}/resource/upload", files=files, headers=project.headers("write")).json()
    return {"content": content_id, "media": media["url"].split(API, 1)[1]}


def get_routes(ids: dict[str, str]) -> list[str]:
    return ["/project", "/contents", "/contents?take=1", "/contents/size", f"/content?id={ids['content']}",
            "/project/export", ids["media"], "/content?id=nothing", "/contents?bogus=1"]  # fmt: skip


def test_head_answers_every_get_route_with_its_status_and_headers_and_no_body(
    client: TestClient, project: ContentProjectTokens
) -> None:
    ids = seeded(client, project)
    for route in get_routes(ids):
        got = client.get(API + route, headers=project.headers())
        head = client.head(API + route, headers=project.headers())
        assert head.status_code == got.status_code, route
        assert head.content == b"", route
        for name in ("content-type", "content-encoding", "content-length"):
            if name == "content-length" and "content-length" not in got.headers:
                continue
            assert head.headers.get(name) == got.headers.get(name), (route, name)


def test_head_without_a_token_is_401_like_get(client: TestClient) -> None:
    response = client.head(f"{API}/contents")
    assert response.status_code == 401 and response.content == b""


def test_a_preflight_from_a_browser_origin_is_answered_by_default(client: TestClient) -> None:
    headers = {
        "Origin": SITE,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    response = client.options(f"{API}/contents", headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "GET" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_a_read_from_another_origin_carries_cors_headers_even_on_errors(
    client: TestClient, project: ContentProjectTokens
) -> None:
    ok = client.get(f"{API}/project", headers={**project.headers(), "Origin": SITE})
    assert ok.headers["access-control-allow-origin"] in {"*", SITE}  # Starlette echoes it when cookies came along
    assert "x-request-id" in ok.headers["access-control-expose-headers"].lower()
    refused = client.get(f"{API}/project", headers={"Origin": SITE})
    assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] in {"*", SITE}


def test_cors_stays_off_the_integration_and_admin_surfaces(client: TestClient) -> None:
    headers = {"Origin": SITE, "Access-Control-Request-Method": "POST"}
    response = client.options("/v1/content/integrations/expansions", headers=headers)
    assert "access-control-allow-origin" not in response.headers


@pytest.fixture
def strict_client(settings: Settings) -> Any:
    upgrade(settings.database_url)
    app = create_app(replace(settings, content_cors_origins=(SITE,)))
    account = make_org(app.state.ctx, "Strict School", "strict@school.test")
    with TestClient(app) as client:
        client.post("/auth/login", json={"email": account.email, "password": account.password})
        yield client, create_project(client, account.organization_id)


def test_configured_origins_are_the_only_ones_allowed(strict_client: Any) -> None:
    client, project = strict_client
    preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
    allowed = client.options(f"{API}/contents", headers={"Origin": SITE, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == SITE
    refused = client.options(f"{API}/contents", headers={"Origin": "http://evil.example", **preflight})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    read = client.get(f"{API}/project", headers={**project.headers(), "Origin": "http://evil.example"})
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


def test_the_setting_is_read_from_the_environment() -> None:
    assert Settings.from_env({}).content_cors_origins == ("*",)
    env = {"LESSONFORGE_CONTENT_CORS_ORIGINS": "https://a.example, https://b.example"}
    assert Settings.from_env(env).content_cors_origins == ("https://a.example", "https://b.example")


def test_openapi_lists_head_beside_every_content_api_get(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    content_gets = [p for p, ops in paths.items() if p.startswith("/api/1.0/") and "get" in ops]
    assert content_gets and all("head" in paths[p] for p in content_gets)
    assert all("content" not in answer for answer in paths["/api/1.0/contents"]["head"]["responses"].values())
