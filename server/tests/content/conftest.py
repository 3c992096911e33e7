"""Content API fixtures: a two-language project with its tokens, and helpers to call /api/1.0 with them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from conftest import OrgAccount
from fastapi.testclient import TestClient

API = "/api/1.0"


@dataclass(frozen=True)
class ContentProjectTokens:
    id: str
    read: str
    write: str

    def headers(self, kind: str = "read", *, preview: bool = False) -> dict[str, str]:
        token = self.read if kind == "read" else self.write
        return {"Authorization": f"Bearer {'PREVIEW_' if preview else ''}{token}"}


def create_project(
    client: TestClient, organization_id: str, languages: list[str] | None = None
) -> ContentProjectTokens:
    body = {"name": "Blog", "languages": languages or ["en", "es"]}
    response = client.post(f"/v1/content/organizations/{organization_id}/content-projects", json=body)
    assert response.status_code == 201, response.text
    data = response.json()
    return ContentProjectTokens(data["id"], data["readToken"], data["writeToken"])


@pytest.fixture
def project(admin_client: TestClient, org: OrgAccount) -> ContentProjectTokens:
    return create_project(admin_client, org.organization_id)


def post_model(client: TestClient, project: ContentProjectTokens, body: dict[str, Any], kind: str = "entity") -> str:
    response = client.post(f"{API}/model/{kind}", json=body, headers=project.headers("write"))
    assert response.status_code == 201, response.text
    model_id: str = response.json()["id"]
    return model_id


def post_content(
    client: TestClient, project: ContentProjectTokens, content_type: str, values: dict[str, Any], **options: Any
) -> str:
    """Create (and by default publish) a content with ``values`` in English and, when given, ``es`` values."""
    blocks = [{"language": "en", "fields": [{"name": k, "value": v} for k, v in values.items()]}]
    if options.get("es"):
        blocks.append({"language": "es", "fields": [{"name": k, "value": v} for k, v in options["es"].items()]})
    body = {"contentType": content_type, "name": options.get("name", "item"), "content": blocks}
    response = client.post(f"{API}/content", json=body, headers=project.headers("write"))
    assert response.status_code == 201, response.text
    content_id: str = response.json()["id"]
    if options.get("publish", True):
        published = client.post(f"{API}/content/{content_id}/publish", headers=project.headers("write"))
        assert published.status_code == 204, published.text
    return content_id


BLOG_POST = {
    "name": "post",
    "fieldList": [
        {
            "name": "title",
            "type": "short-text",
            "validations": [{"name": "required"}, {"name": "max-length", "customArgs": 80}],
        },
        {"name": "slug", "type": "short-text", "validations": [{"name": "unique"}]},
        {"name": "order", "type": "number"},
        {"name": "featured", "type": "boolean"},
        {"name": "tags", "type": "short-text", "isArray": True},
    ],
}


@pytest.fixture
def blog(client: TestClient, project: ContentProjectTokens) -> dict[str, str]:
    """A ``post`` model with three published posts and one draft."""
    model_id = post_model(client, project, BLOG_POST)
    ids = {
        "first": post_content(
            client,
            project,
            "post",
            {"title": "Hello", "slug": "hello", "order": 1, "featured": True, "tags": ["a", "b"]},
            es={"title": "Hola"},
        ),
        "second": post_content(
            client, project, "post", {"title": "World", "slug": "world", "order": 2, "featured": False, "tags": ["b"]}
        ),
        "third": post_content(client, project, "post", {"title": "Again", "slug": "again", "order": 3}),
        "draft": post_content(client, project, "post", {"title": "Draft", "slug": "draft", "order": 4}, publish=False),
    }
    return {"model": model_id, **ids}


@dataclass(frozen=True)
class Backend:
    """A signed-in test client and a two-language project, on SQLite or PostgreSQL."""

    dialect: str
    client: TestClient
    project: ContentProjectTokens


_MIGRATED: set[str] = set()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Any, settings: Any) -> Any:
    """The real app on a real SQLite file, then on a real PostgreSQL server (shared, one organization per test)."""
    import uuid
    from dataclasses import replace

    from conftest import make_org

    from lessonforge.api.app import create_app
    from lessonforge.store.migrate import upgrade

    chosen = settings
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        chosen = replace(settings, database_url=url)
    if chosen.database_url not in _MIGRATED:
        upgrade(chosen.database_url)
        _MIGRATED.add(chosen.database_url)
    app = create_app(chosen)
    tag = uuid.uuid4().hex[:10]
    account = make_org(app.state.ctx, f"School {tag}", f"admin-{tag}@school.test")
    with TestClient(app, raise_server_exceptions=False) as client:
        assert (
            client.post("/auth/login", json={"email": account.email, "password": account.password}).status_code == 200
        )
        yield Backend(request.param, client, create_project(client, account.organization_id))
