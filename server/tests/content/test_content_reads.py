"""Reads: /project, /contents (the whole query grammar), /contents/size, /content, includeRelatedContent, export."""

from __future__ import annotations

from typing import Any

import pytest
from content.conftest import API, ContentProjectTokens, post_content, post_model
from content.test_content_errors import assert_contract
from fastapi.testclient import TestClient


def names(client: TestClient, project: ContentProjectTokens, query: str, **headers: Any) -> list[str]:
    response = client.get(f"{API}/contents?{query}", headers=project.headers(**headers))
    assert response.status_code == 200, response.text
    return [next(f["value"] for f in c["fields"] if f["name"] == "title") for c in response.json()]


QUERIES = [
    ("", ["Again", "World", "Hello"]),
    ("contentType=post&sort=fields.order:asc", ["Hello", "World", "Again"]),
    ("contentType[in]=post,other&sort=fields.order:desc", ["Again", "World", "Hello"]),
    ("contentType[ne]=post", []),
    ("contentType[nin]=other", ["Again", "World", "Hello"]),
    ("contentType=nothing", []),
    ("fields.slug=hello", ["Hello"]),
    ("fields.slug[in]=hello,again&sort=fields.order:asc", ["Hello", "Again"]),
    ("fields.slug[ne]=hello&sort=fields.order:asc", ["World", "Again"]),
    ("fields.slug[nin]=hello,world", ["Again"]),
    ("fields.order=2", ["World"]),
    ("fields.order[in]=1,3.0&sort=fields.order:desc", ["Again", "Hello"]),
    ("fields.featured=true", ["Hello"]),
    ("fields.featured=false", ["World"]),
    ("fields.featured[ne]=true&sort=fields.order:asc", ["World", "Again"]),
    ("fields.tags=b&sort=fields.order:asc", ["Hello", "World"]),
    ("fields.tags[nin]=a&sort=fields.order:asc", ["World", "Again"]),
    ("fields.title=Hola", ["Hello"]),
    ("fields.title=Hola&language=en", []),
    ("sort=fields.featured:desc,fields.order:desc", ["Hello", "World", "Again"]),
    ("sort=fields.title:asc", ["Again", "Hello", "World"]),
    ("sort=fields.order:asc&take=2", ["Hello", "World"]),
    ("sort=fields.order:asc&take=2&skip=2", ["Again"]),
    ("sort=fields.order:asc&skip=5", []),
    ("sort=fields.order:asc&take=0", []),
    ("sort=lastUpdate:asc", ["Hello", "World", "Again"]),
    ("sort=contentType:asc,fields.order:asc", ["Hello", "World", "Again"]),
    ("fields.title[in]=Hola,World&sort=fields.order:asc", ["Hello", "World"]),
]


def test_the_query_grammar(client: TestClient, project: ContentProjectTokens, blog: dict[str, str]) -> None:
    for query, expected in QUERIES:
        assert names(client, project, query) == expected, query


def test_ids_and_last_update_filter(client: TestClient, project: ContentProjectTokens, blog: dict[str, str]) -> None:
    assert names(client, project, f"id={blog['first']}") == ["Hello"]
    assert names(client, project, f"id[in]={blog['first']},{blog['third']}&sort=fields.order:asc") == ["Hello", "Again"]
    assert names(client, project, f"id[nin]={blog['first']},{blog['third']}") == ["World"]
    stamp = client.get(f"{API}/content?id={blog['second']}", headers=project.headers()).json()["lastUpdate"]
    assert names(client, project, f"lastUpdate={stamp}") == ["World"]
    assert names(client, project, "fields.slug=draft", preview=True) == ["Draft"]


BAD_QUERIES = [
    ("bogus=1", ["bogus"]),
    ("fields.nope=1", ["fields.nope"]),
    ("fields.order=abc", ["fields.order"]),
    ("fields.featured=maybe", ["fields.featured"]),
    ("fields.slug[gt]=a", ["fields.slug[gt]"]),
    ("fields.slug[in]=", ["fields.slug[in]"]),
    ("lastUpdate=never", ["lastUpdate"]),
    ("sort=order", ["sort"]),
    ("sort=fields.order:sideways", ["sort"]),
    ("sort=fields.nope:asc", ["sort"]),
    ("take=1001", ["take"]),
    ("take=-1", ["take"]),
    ("skip=x", ["skip"]),
    ("language=fr", ["language"]),
    ("includeRelatedContent=16", ["includeRelatedContent"]),
    ("take=1&take=2", ["take"]),
    ("undefined&bogus=1&fields.nope=2&take=x", ["bogus", "take", "fields.nope"]),
]


@pytest.mark.parametrize("path", ["/contents", "/contents/size", "/content"])
def test_unknown_parameters_and_bad_values_are_400_naming_them(
    client: TestClient, project: ContentProjectTokens, blog: dict[str, str], path: str
) -> None:
    for query, fields in BAD_QUERIES:
        error = assert_contract(client.get(f"{API}{path}?{query}", headers=project.headers()), 400)
        assert [f["field"] for f in error["details"]["fields"]] == fields, query
        assert all(field in error["message"] for field in fields)


def test_size_is_a_bare_number_and_content_is_one_object(
    client: TestClient, project: ContentProjectTokens, blog: dict[str, str]
) -> None:
    assert client.get(f"{API}/contents/size?contentType=post&fields.tags=b", headers=project.headers()).json() == 2
    one = client.get(f"{API}/content?fields.slug=world", headers=project.headers()).json()
    assert set(one) == {"id", "name", "contentType", "lastUpdate", "status", "fields"}
    assert one["id"] == blog["second"] and one["lastUpdate"].endswith("Z")
    assert {(f["name"], f["language"]) for f in one["fields"]} == {
        (n, lang) for n in ("title", "slug", "order", "featured", "tags") for lang in ("en", "es")
    }
    assert set(one["fields"][0]) == {"id", "name", "value", "type", "isArray", "language"}
    assert_contract(client.get(f"{API}/content?fields.slug=nothing", headers=project.headers()), 404)


def test_language_keeps_only_that_languages_fields(
    client: TestClient, project: ContentProjectTokens, blog: dict[str, str]
) -> None:
    content = client.get(f"{API}/content?id={blog['first']}&language=es", headers=project.headers()).json()
    assert {f["language"] for f in content["fields"]} == {"es"}
    assert next(f["value"] for f in content["fields"] if f["name"] == "title") == "Hola"
    assert names(client, project, "language=es&sort=fields.title:asc")[0] == "Hola"


def test_unencoded_values_from_the_published_client_are_accepted(
    client: TestClient, project: ContentProjectTokens
) -> None:
    post_model(
        client,
        project,
        {"name": "page", "fieldList": [{"name": "title", "type": "short-text"}, {"name": "at", "type": "date-time"}]},
    )
    post_content(client, project, "page", {"title": "Hello World", "at": "2024-01-01T10:00:00+02:00"})
    assert names(client, project, "fields.title=Hello World") == ["Hello World"]
    assert names(client, project, "fields.title[in]=Hello%20World,Other") == ["Hello World"]
    assert names(client, project, "fields.at=2024-01-01T10:00:00+02:00") == ["Hello World"]
    assert names(client, project, "&contentType=page") == ["Hello World"]


def test_related_content_is_expanded_to_the_requested_depth_and_cycles_stop(
    client: TestClient, project: ContentProjectTokens
) -> None:
    node = post_model(client, project, {"name": "node", "fieldList": [{"name": "title", "type": "short-text"}]})
    body = {
        "name": "node",
        "fieldList": [
            {"id": _field_id(client, project, "node", "title"), "name": "title", "type": "short-text"},
            {"name": "next", "type": "relation", "relatedModelId": node},
        ],
    }
    client.put(f"{API}/model/entity/{node}", json=body, headers=project.headers("write"))
    ids = [post_content(client, project, "node", {"title": f"n{i}"}) for i in range(3)]
    for i, content_id in enumerate(ids):
        client.put(
            f"{API}/content/{content_id}",
            json={"fieldName": "next", "value": ids[(i + 1) % 3]},
            headers=project.headers("write"),
        )

    def chain(depth: str) -> list[Any]:
        query = f"id={ids[0]}&language=en&includeRelatedContent={depth}"
        return _chain(client.get(f"{API}/content?{query}", headers=project.headers()).json())

    assert chain("false") == ["n0", ids[1]]
    assert chain("true") == ["n0", "n1", ids[2]]
    assert chain("2") == ["n0", "n1", "n2", ids[0]]
    assert chain("all") == ["n0", "n1", "n2", ids[0]]
    assert chain("15") == chain("all")


def _field_id(client: TestClient, project: ContentProjectTokens, model: str, field: str) -> str:
    types = client.get(f"{API}/project", headers=project.headers()).json()["contentTypes"]
    return next(f["id"] for t in types if t["name"] == model for f in t["fields"] if f["name"] == field)


def _chain(content: Any) -> list[Any]:
    found: list[Any] = []
    while isinstance(content, dict):
        values = {f["name"]: f for f in content["fields"]}
        found.append(values["title"]["value"])
        if isinstance(values["next"]["value"], dict):
            assert values["next"]["type"] == "relation|node"
        content = values["next"]["value"]
    return [*found, content]


def test_export_is_gzip_encoded_json_of_the_visible_view(
    client: TestClient, project: ContentProjectTokens, blog: dict[str, str]
) -> None:
    for preview, view, count in [(False, "published", 3), (True, "preview", 4)]:
        response = client.get(f"{API}/project/export", headers=project.headers(preview=preview))
        assert response.status_code == 200 and response.headers["content-type"] == "application/json; charset=utf-8"
        assert response.headers["content-encoding"] == "gzip"  # httpx decoded it: .content is the JSON
        document = response.json()
        listed = client.get(f"{API}/contents", headers=project.headers(preview=preview)).json()
        assert document["contents"] == listed  # what GET /contents answers with no query, as documented
        assert document["meta"]["schemaVersion"] == 1 and document["meta"]["view"] == view
        assert document["meta"]["projectId"] == project.id and document["meta"]["exportedAt"].endswith("Z")
        assert document["project"]["name"] == "Blog" and len(document["contents"]) == count
