"""Entity models and enums: every field type and rule, names, PUT as the desired final state, deletes."""

from __future__ import annotations

from typing import Any

from content.conftest import API, ContentProjectTokens, post_content, post_model
from content.test_content_errors import assert_contract
from fastapi.testclient import TestClient

from lessonforge.domain.content.model import FIELD_TYPES


def project_types(client: TestClient, project: ContentProjectTokens) -> dict[str, dict[str, Any]]:
    body = client.get(f"{API}/project", headers=project.headers()).json()
    return {t["name"]: t for t in body["contentTypes"]}


def test_an_entity_with_every_field_type_is_listed_by_the_project(
    client: TestClient, project: ContentProjectTokens
) -> None:
    enum_id = post_model(client, project, {"name": "color", "values": [{"value": "red"}, {"value": "blue"}]}, "enum")
    target = post_model(client, project, {"name": "author", "fieldList": [{"name": "name", "type": "short-text"}]})
    related = {"relation": target, "enum": enum_id}
    fields = [
        {"name": f"f{i}", "type": t, "isArray": i % 2 == 0, "relatedModelId": related.get(t)}
        for i, t in enumerate(FIELD_TYPES)
    ]
    fields.append(
        {"name": "cover", "type": "media", "validations": [{"name": "media-type", "customArgs": ["image/*"]}]}
    )
    model_id = post_model(client, project, {"name": "everything", "fieldList": fields})
    listed = project_types(client, project)
    assert listed["everything"]["id"] == model_id and listed["everything"]["type"] == "entity"
    assert [f["type"] for f in listed["everything"]["fields"]] == [*FIELD_TYPES, "media"]
    assert listed["everything"]["fields"][8]["relatedModelId"] == target
    assert listed["color"] == {"id": enum_id, "name": "color", "type": "enum", "values": listed["color"]["values"]}
    assert [v["value"] for v in listed["color"]["values"]] == ["red", "blue"]


INVALID_ENTITIES: list[tuple[dict[str, Any], list[str]]] = [
    ({"name": "1bad", "fieldList": [{"name": "a", "type": "number"}]}, ["name"]),
    ({"name": "ok", "fieldList": []}, ["fieldList"]),
    ({"name": "ok", "fieldList": [{"name": "a", "type": "rich"}]}, ["fieldList.0.type"]),
    (
        {"name": "ok", "fieldList": [{"name": "a b", "type": "number"}, {"name": "id", "type": "number"}]},
        ["fieldList.0.name", "fieldList.1.name"],
    ),
    (
        {"name": "ok", "fieldList": [{"name": "a", "type": "number"}, {"name": "A", "type": "number"}]},
        ["fieldList.1.name"],
    ),
    ({"name": "ok", "fieldList": [{"name": "a", "type": "relation"}]}, ["fieldList.0.relatedModelId"]),
    (
        {"name": "ok", "fieldList": [{"name": "a", "type": "enum", "relatedModelId": "nope"}]},
        ["fieldList.0.relatedModelId"],
    ),
    (
        {"name": "ok", "fieldList": [{"name": "a", "type": "number", "relatedModelId": "x"}]},
        ["fieldList.0.relatedModelId"],
    ),
    (
        {
            "name": "ok",
            "fieldList": [{"name": "a", "type": "number", "validations": [{"name": "min-length", "customArgs": 1}]}],
        },
        ["fieldList.0.validations.0"],
    ),
    (
        {
            "name": "ok",
            "fieldList": [
                {"name": "a", "type": "short-text", "validations": [{"name": "max-length", "customArgs": -1}]}
            ],
        },
        ["fieldList.0.validations.0"],
    ),
    (
        {
            "name": "ok",
            "fieldList": [
                {"name": "a", "type": "short-text", "validations": [{"name": "media-type", "customArgs": ["png"]}]}
            ],
        },
        ["fieldList.0.validations.0"],
    ),
    (
        {"name": "ok", "fieldList": [{"name": "a", "type": "short-text", "validations": [{"name": "sparkly"}]}]},
        ["fieldList.0.validations.0.name"],
    ),
    (
        {
            "name": "ok",
            "fieldList": [{"name": "a", "type": "short-text", "isArray": True, "validations": [{"name": "unique"}]}],
        },
        ["fieldList.0.validations.0"],
    ),
    (
        {
            "name": "ok",
            "fieldList": [
                {"name": "a", "type": "short-text", "validations": [{"name": "required"}, {"name": "required"}]}
            ],
        },
        ["fieldList.0.validations"],
    ),
]


def test_invalid_entities_are_400_listing_every_problem(client: TestClient, project: ContentProjectTokens) -> None:
    for body, fields in INVALID_ENTITIES:
        response = client.post(f"{API}/model/entity", json=body, headers=project.headers("write"))
        error = assert_contract(response, 400, details=True)
        assert [f["field"] for f in error["details"]["fields"]] == fields, body


def test_names_are_unique_across_models_and_enums_case_insensitively(
    client: TestClient, project: ContentProjectTokens
) -> None:
    post_model(client, project, {"name": "Post", "fieldList": [{"name": "a", "type": "number"}]})
    for kind, body in [
        ("entity", {"name": "post", "fieldList": [{"name": "a", "type": "number"}]}),
        ("enum", {"name": "POST", "values": [{"value": "x"}]}),
    ]:
        error = assert_contract(client.post(f"{API}/model/{kind}", json=body, headers=project.headers("write")), 400)
        assert error["details"]["fields"][0]["field"] == "name"


def test_enum_values_must_be_unique_case_insensitively(client: TestClient, project: ContentProjectTokens) -> None:
    body = {"name": "size", "values": [{"value": "S"}, {"value": "s"}, {"value": ""}]}
    error = assert_contract(client.post(f"{API}/model/enum", json=body, headers=project.headers("write")), 400)
    assert [f["field"] for f in error["details"]["fields"]] == ["values.2.value", "values.1.value"]


def test_put_is_the_desired_final_state_and_removed_fields_lose_their_values(
    client: TestClient, project: ContentProjectTokens
) -> None:
    model_id = post_model(
        client,
        project,
        {"name": "note", "fieldList": [{"name": "title", "type": "short-text"}, {"name": "body", "type": "long-text"}]},
    )
    content_id = post_content(client, project, "note", {"title": "T", "body": "B"})
    fields = project_types(client, project)["note"]["fields"]
    final = {
        "name": "memo",
        "fieldList": [
            {"id": fields[0]["id"], "name": "heading", "type": "short-text"},
            {"name": "extra", "type": "number"},
        ],
    }
    response = client.put(f"{API}/model/entity/{model_id}", json=final, headers=project.headers("write"))
    assert response.status_code == 200 and response.json() == {"id": model_id}
    listed = project_types(client, project)["memo"]["fields"]
    assert [f["name"] for f in listed] == ["heading", "extra"] and listed[0]["id"] == fields[0]["id"]
    content = client.get(f"{API}/content?id={content_id}&language=en", headers=project.headers()).json()
    assert [(f["name"], f["value"]) for f in content["fields"]] == [("heading", "T"), ("extra", None)]
    restored = {"name": "memo", "fieldList": [*final["fieldList"][:1], {"name": "body", "type": "long-text"}]}
    client.put(f"{API}/model/entity/{model_id}", json=restored, headers=project.headers("write"))
    content = client.get(f"{API}/content?id={content_id}&language=en", headers=project.headers()).json()
    assert content["fields"][1]["value"] is None
    assert client.get(f"{API}/contents/size?fields.body=B", headers=project.headers()).json() == 0


def test_put_refuses_an_unknown_field_id(client: TestClient, project: ContentProjectTokens) -> None:
    model_id = post_model(client, project, {"name": "note", "fieldList": [{"name": "title", "type": "short-text"}]})
    field_id = project_types(client, project)["note"]["fields"][0]["id"]
    body = {
        "name": "note",
        "fieldList": [
            {"id": field_id, "name": "title", "type": "number"},
            {"id": "nope", "name": "x", "type": "number"},
        ],
    }
    error = assert_contract(
        client.put(f"{API}/model/entity/{model_id}", json=body, headers=project.headers("write")), 400
    )
    assert [f["field"] for f in error["details"]["fields"]] == ["fieldList.1.id"]  # retyping is allowed


def test_enum_renames_propagate_into_content_and_removed_values_are_cleared(
    client: TestClient, project: ContentProjectTokens
) -> None:
    enum_id = post_model(client, project, {"name": "color", "values": [{"value": "red"}, {"value": "blue"}]}, "enum")
    post_model(
        client,
        project,
        {
            "name": "car",
            "fieldList": [
                {"name": "paint", "type": "enum", "relatedModelId": enum_id},
                {"name": "trims", "type": "enum", "relatedModelId": enum_id, "isArray": True},
            ],
        },
    )
    content_id = post_content(client, project, "car", {"paint": "RED", "trims": ["red", "blue"]})
    values = project_types(client, project)["color"]["values"]
    body = {"name": "colour", "values": [{"id": values[0]["id"], "value": "crimson"}, {"value": "green"}]}
    assert client.put(f"{API}/model/enum/{enum_id}", json=body, headers=project.headers("write")).status_code == 200
    content = client.get(f"{API}/content?id={content_id}&language=en", headers=project.headers()).json()
    assert [f["value"] for f in content["fields"]] == ["crimson", ["crimson"]]
    assert content["fields"][0]["type"] == "enum|colour"
    assert client.get(f"{API}/contents/size?fields.paint=crimson", headers=project.headers()).json() == 1
    assert client.get(f"{API}/contents/size?fields.paint=red", headers=project.headers()).json() == 0


def test_deleting_a_referenced_model_or_enum_is_409_and_deletes_nothing(
    client: TestClient, project: ContentProjectTokens
) -> None:
    enum_id = post_model(client, project, {"name": "color", "values": [{"value": "red"}]}, "enum")
    author = post_model(client, project, {"name": "author", "fieldList": [{"name": "name", "type": "short-text"}]})
    post_model(
        client,
        project,
        {
            "name": "post",
            "fieldList": [
                {"name": "by", "type": "relation", "relatedModelId": author},
                {"name": "color", "type": "enum", "relatedModelId": enum_id},
            ],
        },
    )
    post_content(client, project, "author", {"name": "Ada"})
    for kind, model_id in [("entity", author), ("enum", enum_id)]:
        error = assert_contract(client.delete(f"{API}/model/{kind}/{model_id}", headers=project.headers("write")), 409)
        assert "post." in error["message"]
    assert set(project_types(client, project)) == {"color", "author", "post"}
    assert client.get(f"{API}/contents/size?contentType=author", headers=project.headers()).json() == 1


def test_deleting_an_unreferenced_model_removes_it_with_its_contents(
    client: TestClient, project: ContentProjectTokens
) -> None:
    model_id = post_model(client, project, {"name": "self", "fieldList": [{"name": "name", "type": "short-text"}]})
    body = {"name": "self", "fieldList": [{"name": "parent", "type": "relation", "relatedModelId": model_id}]}
    assert client.put(f"{API}/model/entity/{model_id}", json=body, headers=project.headers("write")).status_code == 200
    post_content(client, project, "self", {})
    assert client.delete(f"{API}/model/entity/{model_id}", headers=project.headers("write")).status_code == 204
    assert project_types(client, project) == {}
    assert client.get(f"{API}/contents/size", headers=project.headers(preview=True)).json() == 0
    assert client.delete(f"{API}/model/enum/{model_id}", headers=project.headers("write")).status_code == 404
