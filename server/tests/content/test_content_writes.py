"""Content writes: create as draft, validation against the model, update by name or value id, publish."""

from __future__ import annotations

from typing import Any

from content.conftest import API, BLOG_POST, ContentProjectTokens, post_content, post_model
from content.test_content_errors import assert_contract
from fastapi.testclient import TestClient

TYPED_MODEL = {
    "name": "typed",
    "fieldList": [
        {
            "name": "title",
            "type": "short-text",
            "validations": [{"name": "required"}, {"name": "min-length", "customArgs": 2}],
        },
        {"name": "body", "type": "long-text", "validations": [{"name": "max-length", "customArgs": 5}]},
        {"name": "count", "type": "number"},
        {"name": "day", "type": "date"},
        {"name": "at", "type": "date-time"},
        {"name": "picture", "type": "media", "validations": [{"name": "media-type", "customArgs": ["image/*"]}]},
        {"name": "flag", "type": "boolean"},
        {"name": "tint", "type": "color"},
        {
            "name": "tags",
            "type": "short-text",
            "isArray": True,
            "validations": [{"name": "max-length", "customArgs": 3}],
        },
    ],
}


def create(client: TestClient, project: ContentProjectTokens, body: dict[str, Any]) -> Any:
    return client.post(f"{API}/content", json=body, headers=project.headers("write"))


def block(values: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"fields": [{"name": k, "value": v} for k, v in values.items()]}
    if language:
        item["language"] = language
    return item


def test_every_failure_is_listed_at_once(client: TestClient, project: ContentProjectTokens) -> None:
    post_model(client, project, TYPED_MODEL)
    values = {
        "body": "too long",
        "count": "3",
        "day": "2024-13-01",
        "at": "yesterday",
        "picture": {"name": "a.pdf", "url": "/a.pdf"},
        "flag": "yes",
        "tint": "blue",
        "tags": ["abcd", 5],
        "ghost": 1,
    }
    error = assert_contract(
        create(client, project, {"contentType": "typed", "name": "x", "content": [block(values)]}), 400
    )
    fields = [f["field"] for f in error["details"]["fields"]]
    assert fields == ["body", "count", "day", "at", "picture", "flag", "tint", "tags", "ghost", "title"]


def test_values_are_normalised_and_read_back(client: TestClient, project: ContentProjectTokens) -> None:
    post_model(client, project, TYPED_MODEL)
    values = {
        "title": "ok",
        "body": "short",
        "count": 2.5,
        "day": "2024-02-29",
        "at": "2024-02-29T10:00:00+02:00",
        "picture": {"name": "a.png", "url": "/a.png", "extra": 1},
        "flag": False,
        "tint": "#ABC",
        "tags": ["a", "bb"],
    }
    content_id = post_content(client, project, "typed", values)
    content = client.get(f"{API}/content?id={content_id}&language=en", headers=project.headers()).json()
    read = {f["name"]: f["value"] for f in content["fields"]}
    assert read == values | {"at": "2024-02-29T08:00:00.000Z", "picture": {"name": "a.png", "url": "/a.png"}}
    assert content["status"] == "published" and content["contentType"]["name"] == "typed"


def test_required_is_checked_in_each_language_sent(client: TestClient, project: ContentProjectTokens) -> None:
    post_model(client, project, BLOG_POST)
    body = {
        "contentType": "post",
        "name": "x",
        "content": [block({"title": "Hi"}, "en"), block({"slug": "s"}, "es"), block({}, "fr")],
    }
    error = assert_contract(create(client, project, body), 400)
    assert error["details"]["fields"] == [
        {"field": "title", "message": "Required (es)"},
        {"field": "content.2.language", "message": "Not a language of this project"},
    ]
    assert assert_contract(create(client, project, {"contentType": "nope", "name": "x"}), 400)["details"]["fields"] == [
        {"field": "contentType", "message": "Unknown content type"}
    ]


def test_unique_values_conflict_per_language_and_are_409(client: TestClient, project: ContentProjectTokens) -> None:
    post_model(client, project, BLOG_POST)
    post_content(client, project, "post", {"title": "A", "slug": "same"})
    assert (
        create(
            client,
            project,
            {
                "contentType": "post",
                "name": "b",
                "content": [block({"title": "B"}), block({"title": "B", "slug": "same"}, "es")],
            },
        ).status_code
        == 201
    )
    clash = {"contentType": "post", "name": "c", "content": [block({"title": "C", "slug": "same"})]}
    assert assert_contract(create(client, project, clash), 409)["details"]["fields"] == [
        {"field": "slug", "message": "Must be unique"}
    ]
    both = {"contentType": "post", "name": "d", "content": [block({"slug": "same"})]}
    assert_contract(create(client, project, both), 400)


def test_relations_must_point_at_existing_content_of_the_right_model(
    client: TestClient, project: ContentProjectTokens
) -> None:
    author = post_model(client, project, {"name": "author", "fieldList": [{"name": "name", "type": "short-text"}]})
    post_model(client, project, {"name": "tag", "fieldList": [{"name": "name", "type": "short-text"}]})
    post_model(
        client,
        project,
        {"name": "book", "fieldList": [{"name": "by", "type": "relation", "relatedModelId": author, "isArray": True}]},
    )
    ada = post_content(client, project, "author", {"name": "Ada"})
    tag = post_content(client, project, "tag", {"name": "t"})
    error = assert_contract(
        create(client, project, {"contentType": "book", "name": "b", "content": [block({"by": [ada, tag, "nope"]})]}),
        400,
    )
    assert [f["message"] for f in error["details"]["fields"]] == [
        f"Related content not found: {tag}",
        "Related content not found: nope",
    ]
    assert (
        create(client, project, {"contentType": "book", "name": "b", "content": [block({"by": [ada]})]}).status_code
        == 201
    )


def test_a_field_value_is_updated_by_name_and_language_or_by_value_id(
    client: TestClient, project: ContentProjectTokens
) -> None:
    post_model(client, project, BLOG_POST)
    content_id = post_content(client, project, "post", {"title": "Hi", "slug": "hi"})
    other = post_content(client, project, "post", {"title": "Other", "slug": "other"})
    put = lambda body: client.put(f"{API}/content/{content_id}", json=body, headers=project.headers("write"))  # noqa: E731
    assert put({"fieldName": "title", "language": "es", "value": "Hola"}).json() == {"id": content_id}
    content = client.get(f"{API}/content?id={content_id}", headers=project.headers()).json()
    spanish_title = next(f for f in content["fields"] if f["name"] == "title" and f["language"] == "es")
    assert spanish_title["value"] == "Hola"
    assert put({"id": spanish_title["id"], "value": "Buenas"}).status_code == 200
    assert put({"fieldName": "order", "value": 7}).status_code == 200
    content = client.get(f"{API}/content?id={content_id}", headers=project.headers()).json()
    assert {(f["name"], f["language"]): f["value"] for f in content["fields"]}[("title", "es")] == "Buenas"
    assert {(f["name"], f["language"]): f["value"] for f in content["fields"]}[("order", "en")] == 7
    problems = [
        ({"fieldName": "title", "value": ""}, 400),
        ({"fieldName": "order", "value": "x"}, 400),
        ({"fieldName": "nope", "value": 1}, 400),
        ({"fieldName": "title", "language": "fr", "value": "x"}, 400),
        ({"fieldName": "slug", "value": "other"}, 409),
        ({"value": 1}, 400),
        ({"fieldName": "title"}, 400),
        ({"id": "unknown", "value": 1}, 404),
    ]
    for body, status in problems:
        assert_contract(put(body), status)
    assert other


def test_drafts_are_seen_only_with_preview_tokens_and_publish_is_204(
    client: TestClient, project: ContentProjectTokens
) -> None:
    post_model(client, project, BLOG_POST)
    draft = post_content(client, project, "post", {"title": "Draft"}, publish=False)
    size = lambda **kw: client.get(f"{API}/contents/size", headers=project.headers(**kw)).json()  # noqa: E731
    assert (size(), size(preview=True), size(kind="write"), size(kind="write", preview=True)) == (0, 1, 0, 1)
    assert_contract(client.get(f"{API}/content?id={draft}", headers=project.headers()), 404)
    assert client.get(f"{API}/content?id={draft}", headers=project.headers(preview=True)).json()["status"] == "draft"
    response = client.post(f"{API}/content/{draft}/publish", headers=project.headers("write"))
    assert response.status_code == 204 and response.content == b""
    assert size() == 1
    assert client.post(f"{API}/content/{draft}/publish", headers=project.headers("write")).status_code == 204
