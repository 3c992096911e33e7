"""PUT /model/entity/{id} may change a field's type: stored values convert where nothing is lost, else are
cleared and the contents named (response and log). On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from content.conftest import API, Backend, post_content, post_model

SOURCE = {
    "name": "item",
    "fieldList": [
        {"name": "price", "type": "short-text"},
        {"name": "day", "type": "date"},
        {"name": "flag", "type": "short-text"},
        {"name": "tags", "type": "short-text", "isArray": True},
        {"name": "count", "type": "number"},
    ],
}


def field_ids(backend: Backend, model: str) -> dict[str, str]:
    types = backend.client.get(f"{API}/project", headers=backend.project.headers()).json()["contentTypes"]
    entity = next(t for t in types if t["name"] == model)
    return {f["name"]: f["id"] for f in entity["fields"]}


def retype(backend: Backend, model_id: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    body = {"name": "item", "fieldList": fields}
    response = backend.client.put(f"{API}/model/entity/{model_id}", json=body, headers=backend.project.headers("write"))
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def values(backend: Backend, content_id: str) -> dict[str, Any]:
    one = backend.client.get(f"{API}/content?id={content_id}&language=en", headers=backend.project.headers()).json()
    return {f["name"]: f["value"] for f in one["fields"]}


def test_retyping_fields_converts_lossless_values_and_clears_and_names_the_rest(
    backend: Backend, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = post_model(backend.client, backend.project, SOURCE)
    good = post_content(
        backend.client, backend.project, "item",
        {"price": "42", "day": "2024-05-01", "flag": "true", "tags": ["solo"], "count": 7},
    )  # fmt: skip
    bad = post_content(
        backend.client, backend.project, "item",
        {"price": "cheap", "day": "2024-05-02", "flag": "maybe", "tags": ["a", "b"], "count": 8},
    )  # fmt: skip
    ids = field_ids(backend, "item")
    capsys.readouterr()
    answer = retype(
        backend,
        model_id,
        [
            {"id": ids["price"], "name": "price", "type": "number"},
            {"id": ids["day"], "name": "day", "type": "date-time"},
            {"id": ids["flag"], "name": "flag", "type": "boolean"},
            {"id": ids["tags"], "name": "tags", "type": "short-text"},
            {"id": ids["count"], "name": "count", "type": "short-text", "isArray": True},
        ],
    )
    assert values(backend, good) == {
        "price": 42, "day": "2024-05-01T00:00:00.000Z", "flag": True, "tags": "solo", "count": ["7"],
    }  # fmt: skip
    assert values(backend, bad) == {
        "price": None, "day": "2024-05-02T00:00:00.000Z", "flag": None, "tags": None, "count": ["8"],
    }  # fmt: skip
    assert answer["id"] == model_id
    assert sorted(answer["cleared"], key=lambda c: c["field"]) == [
        {"field": "flag", "count": 1, "contentIds": [bad]},
        {"field": "price", "count": 1, "contentIds": [bad]},
        {"field": "tags", "count": 1, "contentIds": [bad]},
    ]
    logged = [line for line in capsys.readouterr().err.splitlines() if "values cleared" in line]
    assert len(logged) == 3 and all(bad in line for line in logged)


def test_a_retyped_field_is_filtered_and_sorted_by_its_new_type(backend: Backend) -> None:
    model_id = post_model(backend.client, backend.project, SOURCE)
    for price in ("10", "9", "100"):
        post_content(backend.client, backend.project, "item", {"price": price})
    ids = field_ids(backend, "item")
    fields = [{"id": ids[name], "name": name, "type": "short-text"} for name in ("day", "flag")]
    answer = retype(backend, model_id, [{"id": ids["price"], "name": "price", "type": "number"}, *fields])
    assert "cleared" not in answer
    headers = backend.project.headers()
    listed = backend.client.get(f"{API}/contents?sort=fields.price:asc&language=en", headers=headers).json()
    assert [c["fields"][0]["value"] for c in listed] == [9, 10, 100]  # numeric order, not "10" < "100" < "9"
    assert backend.client.get(f"{API}/contents/size?fields.price=9.0", headers=headers).json() == 1


def test_a_relation_moved_to_another_model_keeps_only_ids_of_that_model(backend: Backend) -> None:
    person = post_model(
        backend.client, backend.project, {"name": "person", "fieldList": [{"name": "n", "type": "short-text"}]}
    )
    place = post_model(
        backend.client, backend.project, {"name": "place", "fieldList": [{"name": "n", "type": "short-text"}]}
    )
    spec = {"name": "item", "fieldList": [{"name": "ref", "type": "short-text"}]}
    model_id = post_model(backend.client, backend.project, spec)
    ada = post_content(backend.client, backend.project, "person", {"n": "Ada"})
    rome = post_content(backend.client, backend.project, "place", {"n": "Rome"})
    to_ada = post_content(backend.client, backend.project, "item", {"ref": ada})
    to_rome = post_content(backend.client, backend.project, "item", {"ref": rome})
    ref = field_ids(backend, "item")["ref"]
    answer = retype(backend, model_id, [{"id": ref, "name": "ref", "type": "relation", "relatedModelId": person}])
    assert values(backend, to_ada)["ref"] == ada
    assert values(backend, to_rome)["ref"] is None
    assert answer["cleared"] == [{"field": "ref", "count": 1, "contentIds": [to_rome]}]
    assert place
