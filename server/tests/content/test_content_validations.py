"""Validations in Content Island's documented shapes, and fields of GET /project as its exports show them."""

from __future__ import annotations

from typing import Any

import pytest
from content.conftest import API, Backend, post_model
from content.test_content_errors import assert_contract


def title_model(length_args: Any) -> dict[str, Any]:
    rules = [{"name": "required"}, {"name": "max-length", "customArgs": length_args}]
    return {"name": "article", "fieldList": [{"name": "title", "type": "short-text", "validations": rules}]}


def create_article(backend: Backend, title: str) -> int:
    body = {"contentType": "article", "name": "a", "content": [{"fields": [{"name": "title", "value": title}]}]}
    return backend.client.post(f"{API}/content", json=body, headers=backend.project.headers("write")).status_code


@pytest.mark.parametrize("args", [{"length": 12}, 12, "12"])
def test_max_length_accepts_the_documented_length_object_and_enforces_it(backend: Backend, args: Any) -> None:
    post_model(backend.client, backend.project, title_model(args))
    assert create_article(backend, "x" * 12) == 201
    assert create_article(backend, "x" * 13) == 400
    fields = backend.client.get(f"{API}/project", headers=backend.project.headers()).json()["contentTypes"][0]
    assert fields["fields"][0]["validations"] == [{"name": "required"}, {"name": "max-length", "customArgs": args}]


def test_min_length_with_a_length_object_counts_the_items_of_a_number_list(backend: Backend) -> None:
    rules = [{"name": "min-length", "customArgs": {"length": 2}}]
    model = {
        "name": "tagged",
        "fieldList": [{"name": "tags", "type": "number", "isArray": True, "validations": rules}],
    }
    post_model(backend.client, backend.project, model)
    write = backend.project.headers("write")
    for tags, status in (([1], 400), ([1, 2], 201)):
        body = {"contentType": "tagged", "name": "t", "content": [{"fields": [{"name": "tags", "value": tags}]}]}
        assert backend.client.post(f"{API}/content", json=body, headers=write).status_code == status


@pytest.mark.parametrize("args", [{"length": -1}, {"length": "x"}, {"size": 3}, {"length": 3, "x": 1}, True, None, 1.5])
def test_a_length_rule_without_a_usable_length_names_the_validation(backend: Backend, args: Any) -> None:
    response = backend.client.post(
        f"{API}/model/entity", json=title_model(args), headers=backend.project.headers("write")
    )
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"][0]["field"] == "fieldList.0.validations.1"


def test_rules_without_arguments_are_written_without_custom_args(backend: Backend) -> None:
    rules = [{"name": "required", "customArgs": None}, {"name": "unique"}]
    post_model(
        backend.client,
        backend.project,
        {"name": "tag", "fieldList": [{"name": "slug", "type": "short-text", "validations": rules}]},
    )
    project = backend.client.get(f"{API}/project", headers=backend.project.headers())
    assert '"customArgs":null' not in project.text
    assert project.json()["contentTypes"][0]["fields"][0]["validations"] == [{"name": "required"}, {"name": "unique"}]


def test_fields_of_the_project_carry_ts_type_in_content_islands_key_order(backend: Backend) -> None:
    author = post_model(
        backend.client, backend.project, {"name": "blog-author", "fieldList": [{"name": "n", "type": "short-text"}]}
    )
    size = post_model(backend.client, backend.project, {"name": "size", "values": [{"value": "S"}]}, kind="enum")
    fields = [
        {"name": "title", "type": "short-text", "validations": [{"name": "required"}]},
        {"name": "body", "type": "long-text"},
        {"name": "price", "type": "number"},
        {"name": "onSale", "type": "boolean"},
        {"name": "day", "type": "date"},
        {"name": "at", "type": "date-time"},
        {"name": "tint", "type": "color"},
        {"name": "gallery", "type": "media", "isArray": True},
        {"name": "author", "type": "relation", "relatedModelId": author},
        {"name": "size", "type": "enum", "relatedModelId": size},
    ]
    post_model(backend.client, backend.project, {"name": "product", "fieldList": fields})
    types = backend.client.get(f"{API}/project", headers=backend.project.headers()).json()["contentTypes"]
    product = next(t for t in types if t["name"] == "product")
    assert list(product["fields"][0])[:7] == ["id", "name", "type", "tsType", "isArray", "isRequired", "validations"]
    assert [f["tsType"] for f in product["fields"]] == [
        "string",
        "string",
        "number",
        "boolean",
        "string",
        "string",
        "string",
        "Media",
        "BlogAuthor",
        "Size",
    ]
