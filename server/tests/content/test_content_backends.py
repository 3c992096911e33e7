"""The store on both dialects: writes with their database checks, schema changes and reads, SQLite and PostgreSQL."""

from __future__ import annotations

from content.conftest import API, BLOG_POST, Backend, post_content, post_model
from content.test_content_errors import assert_contract


def test_writes_reads_and_schema_changes_behave_the_same_on_both_databases(backend: Backend) -> None:
    client, project = backend.client, backend.project
    author = post_model(client, project, {"name": "author", "fieldList": [{"name": "name", "type": "short-text"}]})
    body = {
        **BLOG_POST,
        "fieldList": [*BLOG_POST["fieldList"], {"name": "by", "type": "relation", "relatedModelId": author}],
    }
    post_id = post_model(client, project, body)
    ada = post_content(client, project, "author", {"name": "Ada"})
    long_title = "x" * 70 + "é" * 10
    first = post_content(client, project, "post", {"title": long_title, "slug": "a" * 300, "order": 1.5, "by": ada})
    post_content(client, project, "post", {"title": "Second", "slug": "b" * 300, "order": 2})
    clash = {
        "contentType": "post",
        "name": "c",
        "content": [{"fields": [{"name": "title", "value": "C"}, {"name": "slug", "value": "a" * 300}]}],
    }
    assert_contract(client.post(f"{API}/content", json=clash, headers=project.headers("write")), 409)
    titles = lambda q: [c["name"] for c in client.get(f"{API}/contents?{q}", headers=project.headers()).json()]  # noqa: E731
    assert len(titles(f"fields.slug={'a' * 300}")) == 1
    assert titles(f"fields.slug[ne]={'a' * 300}&contentType=post") == ["item"]
    assert client.get(f"{API}/contents/size?fields.order[in]=1.5,2", headers=project.headers()).json() == 2
    expanded = client.get(
        f"{API}/content?id={first}&includeRelatedContent=true&language=en", headers=project.headers()
    ).json()
    assert next(f for f in expanded["fields"] if f["name"] == "by")["value"]["id"] == ada
    fields = client.get(f"{API}/project", headers=project.headers()).json()["contentTypes"][1]["fields"]
    kept = {"name": "post", "fieldList": [{"id": fields[0]["id"], "name": "title", "type": "short-text"}]}
    assert client.put(f"{API}/model/entity/{post_id}", json=kept, headers=project.headers("write")).status_code == 200
    assert client.get(f"{API}/contents/size?fields.title={long_title}", headers=project.headers()).json() == 1
    assert client.delete(f"{API}/model/entity/{author}", headers=project.headers("write")).status_code == 204
    assert client.get(f"{API}/contents/size", headers=project.headers()).json() == 2
