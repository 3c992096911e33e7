"""GET /contents as Content Island documents it: no take means every content, streamed; empty parameters."""

from __future__ import annotations

import pytest
from content.conftest import API, Backend, post_model
from content.test_content_errors import assert_contract

from lessonforge.services.content import reads

ITEM = {"name": "item", "fieldList": [{"name": "n", "type": "number"}]}


def seed_items(backend: Backend, count: int) -> None:
    post_model(backend.client, backend.project, ITEM)
    write = backend.project.headers("write")
    for n in range(count):
        body = {"contentType": "item", "name": f"i{n}", "content": [{"fields": [{"name": "n", "value": n}]}]}
        created = backend.client.post(f"{API}/content", json=body, headers=write)
        assert backend.client.post(f"{API}/content/{created.json()['id']}/publish", headers=write).status_code == 204


def test_a_list_without_take_answers_every_content_across_several_batches(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reads, "BATCH", 7)  # several batches from a small project
    seed_items(backend, 111)
    headers = backend.project.headers()
    listed = backend.client.get(f"{API}/contents?sort=fields.n:asc", headers=headers)
    assert listed.status_code == 200, listed.text
    assert listed.headers["content-type"] == "application/json; charset=utf-8"
    numbers = [c["fields"][0]["value"] for c in listed.json()]
    assert numbers == list(range(111))
    assert backend.client.get(f"{API}/contents/size", headers=headers).json() == 111
    paged = backend.client.get(f"{API}/contents?sort=fields.n:asc&take=5&skip=100", headers=headers).json()
    assert [c["fields"][0]["value"] for c in paged] == [100, 101, 102, 103, 104]


def test_a_list_of_nothing_is_an_empty_array(backend: Backend) -> None:
    post_model(backend.client, backend.project, ITEM)
    response = backend.client.get(f"{API}/contents?contentType=item", headers=backend.project.headers())
    assert response.status_code == 200
    assert response.content == b"[]"


def test_the_valueless_undefined_parameter_of_client_0_16_is_ignored(backend: Backend) -> None:
    seed_items(backend, 3)
    headers = backend.project.headers()
    # getContentList({contentType: 'item', includeRelatedContent: 2}) in client 0.16.0
    response = backend.client.get(f"{API}/contents?contentType=item&undefined", headers=headers)
    assert response.status_code == 200, response.text
    assert len(response.json()) == 3
    assert backend.client.get(f"{API}/contents/size?undefined&contentType=item", headers=headers).json() == 3


@pytest.mark.parametrize("query", ["take=", "skip=", "sort=", "language=", "includeRelatedContent="])
def test_an_empty_control_parameter_counts_as_absent(backend: Backend, query: str) -> None:
    seed_items(backend, 2)
    response = backend.client.get(f"{API}/contents?{query}", headers=backend.project.headers())
    assert response.status_code == 200, response.text
    assert len(response.json()) == 2


@pytest.mark.parametrize("query", ["undefined=1", "colour=red", "takes=3"])
def test_an_unknown_parameter_with_a_value_is_still_named_in_a_validation_error(backend: Backend, query: str) -> None:
    response = backend.client.get(f"{API}/contents?{query}", headers=backend.project.headers())
    error = assert_contract(response, 400, details=True)
    assert error["details"]["fields"][0]["field"] == query.split("=")[0]
