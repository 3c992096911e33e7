"""Values no database can keep (NUL, lone surrogates, NaN/Infinity/1e999, runaway nesting) are refused in the
contract on every surface, identically on SQLite and PostgreSQL (issue 8.2): 404 for a path, 400 otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lf_backends import BACKENDS, BackendWorld, backend_world
from lf_support import sample_payload

EXPANSIONS = "/v1/content/integrations/expansions"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackendWorld]:
    """One app per database for the whole module: these tests only read, or write distinct jobs."""
    with backend_world(request, tmp_path_factory.mktemp("hostile")) as opened:
        yield opened


def _integration_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["requestId"] == response.headers["x-request-id"]
    return error


@pytest.mark.parametrize(
    "path",
    [
        "/share/module/%00",
        f"{EXPANSIONS}/%00",
        f"{EXPANSIONS}/%00/result",
        "/v1/content/modules/%00",
        "/v1/content/videos/ab%00cd",
        "/v1/content/organizations/%00/api-keys",
    ],
)
def test_a_path_with_a_nul_character_is_not_found(world: BackendWorld, path: str) -> None:
    error = _integration_error(world.client.get(path, headers=world.bearer), 404)
    assert error["code"] == "content_not_found"


def test_a_content_api_path_with_a_nul_character_is_not_found_in_its_own_shape(world: BackendWorld) -> None:
    response = world.client.get("/api/1.0/media/%00/file.png")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND" and "status" not in response.json()["error"]


def test_a_query_value_with_a_nul_character_is_refused_naming_the_parameter(world: BackendWorld) -> None:
    response = world.client.get(f"{EXPANSIONS}?status=queued%00&limit=5", headers=world.bearer)
    error = _integration_error(response, 400)
    assert error["code"] == "content_invalid_request"
    assert [f["field"] for f in error["details"]["fields"]] == ["status"]


def test_a_content_api_query_with_a_nul_character_is_a_validation_error(world: BackendWorld) -> None:
    response = world.client.get("/api/1.0/contents?contentType=post%00x", headers=world.write_token)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and "status" not in error
    assert error["details"]["fields"][0]["field"] == "contentType"


HOSTILE_BODIES = {
    "nul in a value": '{"payload": {"title": "a\\u0000b"}}',
    "nul in a key": '{"payload": {"ti\\u0000tle": "ab"}}',
    "nul after an escaped backslash": '{"payload": {"title": "a\\\\\\u0000b"}}',
    "lone high surrogate": '{"payload": {"title": "a\\ud83db"}}',
    "lone low surrogate": '{"payload": {"title": "a\\ude00b"}}',
    "NaN": '{"payload": {"score": NaN}}',
    "Infinity": '{"payload": {"score": Infinity}}',
    "-Infinity": '{"payload": {"score": -Infinity}}',
    "1e999": '{"payload": {"score": 1e999}}',
    "-1E+400": '{"payload": {"score": -1E+400}}',
    "an integer beyond any double": '{"payload": {"score": 1' + "0" * 400 + "}}",
    "a long mantissa times e99": '{"payload": {"score": 1' + "0" * 250 + "e99}}",
    "a high surrogate before an escaped backslash": '{"payload": {"title": "\\ud83d\\\\ude00"}}',
    "nested 250 levels": '{"payload": {"deep": ' + "[" * 250 + "]" * 250 + "}}",
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_a_json_body_no_database_can_store_is_refused(world: BackendWorld, body: str) -> None:
    response = world.client.post(EXPANSIONS, content=body, headers={**world.bearer, **JSON})
    error = _integration_error(response, 400)
    assert error["code"] == "content_invalid_request"
    assert error["details"]["fields"][0]["field"] == "body"


def test_deep_nesting_is_named_as_the_problem(world: BackendWorld) -> None:
    body = '{"payload": {"deep": ' + "[" * 250 + "]" * 250 + "}}"
    response = world.client.post(EXPANSIONS, content=body, headers={**world.bearer, **JSON})
    assert "nesting is deeper than 100 levels" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "harmless",
    [
        '{"payload": {"title": "a\\\\u0000b", "note": "NaN Infinity 1e999 [[[["}}',
        '{"payload": {"score": 1e308, "tiny": 1e-999, "emoji": "\\ud83d\\ude00"}}',
        '{"payload": {"deep": ' + "[" * 90 + "]" * 90 + "}}",
    ],
    ids=["lookalikes in strings", "finite extremes and a surrogate pair", "nested 90 levels"],
)
def test_lookalikes_of_refused_values_are_accepted(world: BackendWorld, harmless: str) -> None:
    response = world.client.post(EXPANSIONS, content=harmless, headers={**world.bearer, **JSON})
    assert response.status_code == 200, response.text


def test_sign_in_with_a_nul_in_the_email_is_refused(world: BackendWorld) -> None:
    body = '{"email": "ada\\u0000@school.test", "password": "x"}'
    error = _integration_error(world.client.post("/auth/login", content=body, headers=JSON), 400)
    assert error["code"] == "content_invalid_request"


def test_a_form_body_with_a_nul_character_is_refused(world: BackendWorld) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    response = world.client.post("/auth/login", content="email=a%00b&password=x", headers=form)
    error = _integration_error(response, 400)
    assert [f["field"] for f in error["details"]["fields"]] == ["email"]


def test_a_content_api_field_value_with_a_nul_character_is_a_validation_error(world: BackendWorld) -> None:
    model = {"name": "note", "fieldList": [{"name": "text", "type": "short-text"}]}
    assert world.client.post("/api/1.0/model/entity", json=model, headers=world.write_token).status_code == 201
    body = '{"contentType": "note", "name": "n", "content": [{"fields": [{"name": "text", "value": "a\\u0000"}]}]}'
    response = world.client.post("/api/1.0/content", content=body, headers={**world.write_token, **JSON})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and "status" not in error
    assert error["requestId"] == response.headers["x-request-id"]


def test_an_ordinary_payload_still_round_trips(world: BackendWorld) -> None:
    created = world.client.post(EXPANSIONS, json={"payload": sample_payload("Ünïcödé ✓")}, headers=world.bearer)
    assert created.status_code == 200
    assert created.json()["sourceTitle"] == "Ünïcödé ✓"


def _deep_behind_string_brackets(levels: int) -> str:
    """JSON ``levels`` deep whose strings hold brackets that make a bracket count look shallow."""
    text = ""
    for level in range(levels):
        text += "["
        if level % 90 == 89:
            text += '"' + "]" * 90 + '",'
    for level in range(levels):
        text += "]"
        if level % 90 == 69 and level < levels - 20:
            text += ',"' + "[" * 90 + '"'
    return text


def test_nesting_hidden_behind_brackets_in_strings_is_still_named(world: BackendWorld) -> None:
    body = '{"payload": {"deep": ' + _deep_behind_string_brackets(250) + "}}"
    response = world.client.post(EXPANSIONS, content=body, headers={**world.bearer, **JSON})
    error = _integration_error(response, 400)
    assert "nesting is" in error["message"] and "deep" in error["message"]
