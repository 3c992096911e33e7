"""The /api/1.0 error contract on every route: status equals code, requestId always, details only with fields."""

from __future__ import annotations

from typing import Any

import pytest
from content.conftest import API, ContentProjectTokens, post_content, post_model
from fastapi.testclient import TestClient
from httpx import Response

from lessonforge.services.content import reads

CODES = {400: "VALIDATION_ERROR", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT"}
CODES |= {429: "RATE_LIMITED", 500: "INTERNAL_ERROR"}

ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/project", None),
    ("GET", "/contents", None),
    ("GET", "/contents/size", None),
    ("GET", "/content?id=x", None),
    ("GET", "/project/export", None),
    ("POST", "/content", {"contentType": "post", "name": "x"}),
    ("PUT", "/content/some-id", {"fieldName": "title", "value": "x"}),
    ("POST", "/content/some-id/publish", None),
    ("POST", "/resource/upload", None),
    ("POST", "/model/entity", {"name": "x", "fieldList": []}),
    ("PUT", "/model/entity/some-id", {"name": "x", "fieldList": []}),
    ("DELETE", "/model/entity/some-id", None),
    ("POST", "/model/enum", {"name": "x", "values": []}),
    ("PUT", "/model/enum/some-id", {"name": "x", "values": []}),
    ("DELETE", "/model/enum/some-id", None),
]
WRITE_ROUTES = [r for r in ROUTES if r[0] != "GET"]


def assert_contract(response: Response, status: int, *, details: bool | None = None) -> dict[str, Any]:
    """The body is exactly the Content Island error shape for ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == CODES[status]
    assert "status" not in error
    assert error["requestId"] == response.headers["x-request-id"]
    assert isinstance(error["message"], str) and error["message"]
    assert set(error) <= {"code", "message", "requestId", "details"}
    if details is not None:
        assert ("details" in error) is details
    if "details" in error:
        assert all(set(item) == {"field", "message"} for item in error["details"]["fields"])
    return dict(error)


def call(client: TestClient, method: str, path: str, body: dict[str, Any] | None, headers: dict[str, str]) -> Response:
    return client.request(method, API + path, json=body, headers=headers)


BAD_AUTHORIZATIONS = [None, "", "Bearer", "Basic abc", "Bearer lfc_short", "Bearer lfc_" + "a" * 40, "Bearer PREVIEW_x"]


def test_every_route_answers_401_without_a_valid_token(client: TestClient) -> None:
    for method, path, body in ROUTES:
        for authorization in BAD_AUTHORIZATIONS:
            headers = {"Authorization": authorization} if authorization is not None else {}
            assert_contract(call(client, method, path, body, headers), 401, details=False)


def test_every_write_route_answers_403_to_a_read_token(client: TestClient, project: ContentProjectTokens) -> None:
    for method, path, body in WRITE_ROUTES:
        for preview in (False, True):
            response = call(client, method, path, body, project.headers("read", preview=preview))
            assert_contract(response, 403, details=False)


def test_a_rotated_token_stops_working_at_once(
    admin_client: TestClient, project: ContentProjectTokens, org: Any
) -> None:
    rotated = admin_client.post(
        f"/v1/content/organizations/{org.organization_id}/content-projects/{project.id}/tokens/rotate"
    )
    assert rotated.status_code == 200
    assert_contract(admin_client.get(f"{API}/project", headers=project.headers()), 401)
    fresh = {"Authorization": f"Bearer {rotated.json()['readToken']}"}
    assert admin_client.get(f"{API}/project", headers=fresh).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/nope"),
        ("GET", "/content/extra/segments/here"),
        ("PATCH", "/content/x"),
        ("GET", "/model/entity"),
    ],
)
def test_unknown_routes_and_methods_are_404_in_the_contract_shape(
    client: TestClient, project: ContentProjectTokens, method: str, path: str
) -> None:
    assert_contract(call(client, method, path, None, project.headers()), 404, details=False)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/content/{missing}"),
        ("POST", "/content/{missing}/publish"),
        ("PUT", "/model/entity/{missing}"),
        ("DELETE", "/model/entity/{missing}"),
        ("PUT", "/model/enum/{missing}"),
        ("DELETE", "/model/enum/{missing}"),
        ("GET", "/content?id={missing}"),
    ],
)
def test_missing_things_are_404(client: TestClient, project: ContentProjectTokens, method: str, path: str) -> None:
    bodies = {"/content/{missing}": {"fieldName": "title", "value": "x"}}
    bodies |= {"/model/entity/{missing}": {"name": "x", "fieldList": [{"name": "a", "type": "number"}]}}
    bodies |= {"/model/enum/{missing}": {"name": "x", "values": [{"value": "a"}]}}
    body = bodies.get(path) if method == "PUT" else None
    response = call(
        client, method, path.format(missing="00000000-0000-0000-0000-000000000000"), body, project.headers("write")
    )
    assert_contract(response, 404, details=False)


@pytest.mark.parametrize(
    ("path", "raw", "content_type", "field"),
    [
        ("/content", b"{not json", "application/json", "body"),
        ("/content", b'{"contentType": "post"}', "text/plain", "Content-Type"),
        ("/content", b"[1, 2]", "application/json", "body"),
        ("/content", b'{"name": "x"}', "application/json", "contentType"),
        ("/model/entity", b'{"name": 5, "fieldList": "no"}', "application/json", "name"),
        ("/model/enum", b"", "application/json", "body"),
    ],
)
def test_malformed_bodies_are_400_with_the_failing_field(
    client: TestClient, project: ContentProjectTokens, path: str, raw: bytes, content_type: str, field: str
) -> None:
    headers = {**project.headers("write"), "Content-Type": content_type}
    response = client.post(API + path, content=raw, headers=headers)
    error = assert_contract(response, 400, details=True)
    assert field in [f["field"] for f in error["details"]["fields"]]


def test_a_body_over_the_limit_is_400_before_it_is_read(client: TestClient, project: ContentProjectTokens) -> None:
    big = b'{"name": "' + b"x" * (6 * 1024 * 1024) + b'"}'
    headers = {**project.headers("write"), "Content-Type": "application/json"}
    error = assert_contract(client.post(f"{API}/content", content=big, headers=headers), 400, details=True)
    assert "limit" in error["message"]


def test_unexpected_failures_are_500_without_internals(
    client: TestClient, project: ContentProjectTokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: Any) -> None:
        raise RuntimeError("secret detail /etc/passwd SELECT * FROM contents")

    monkeypatch.setattr(reads, "get_project", explode)
    response = client.get(f"{API}/project", headers=project.headers())
    error = assert_contract(response, 500, details=False)
    assert "secret" not in response.text and "RuntimeError" not in response.text and "SELECT" not in response.text
    assert error["message"]


def test_conflicts_are_409_with_the_fields_that_clash(client: TestClient, project: ContentProjectTokens) -> None:
    post_model(
        client,
        project,
        {"name": "tag", "fieldList": [{"name": "slug", "type": "short-text", "validations": [{"name": "unique"}]}]},
    )
    post_content(client, project, "tag", {"slug": "same"})
    body = {"contentType": "tag", "name": "again", "content": [{"fields": [{"name": "slug", "value": "same"}]}]}
    error = assert_contract(
        client.post(f"{API}/content", json=body, headers=project.headers("write")), 409, details=True
    )
    assert error["details"]["fields"] == [{"field": "slug", "message": "Must be unique"}]


def test_a_spent_rate_limit_is_429_rate_limited_with_retry_after(admin_client: TestClient, org: Any) -> None:
    body = {"name": "Tiny", "languages": ["en"], "rateLimitPerMinute": 2}
    created = admin_client.post(f"/v1/content/organizations/{org.organization_id}/content-projects", json=body).json()
    headers = {"Authorization": f"Bearer {created['readToken']}"}
    assert [admin_client.get(f"{API}/project", headers=headers).status_code for _ in range(2)] == [200, 200]
    response = admin_client.get(f"{API}/project", headers=headers)
    assert_contract(response, 429, details=False)
    assert int(response.headers["retry-after"]) >= 30
    other = {"Authorization": f"Bearer {created['writeToken']}"}
    assert admin_client.get(f"{API}/project", headers=other).status_code == 200


def test_an_incoming_request_id_is_kept_in_the_error(client: TestClient) -> None:
    request_id = "0c3b1c64-3d4f-4f1f-9f4e-3f2c8b9a1e2d"
    response = client.get(f"{API}/project", headers={"X-Request-Id": request_id})
    assert assert_contract(response, 401)["requestId"] == request_id
