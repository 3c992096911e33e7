"""The served /openapi.json says what the server does (regressions for what schemathesis found)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.fixture
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def responses_of(openapi: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = openapi["paths"][path][method]["responses"]
    return found


def json_schema(response: dict[str, Any]) -> Any:
    (media_type,) = response["content"]
    assert media_type.startswith("application/json")
    return response["content"][media_type]["schema"]


def test_every_schema_reference_in_the_document_resolves(openapi: dict[str, Any]) -> None:
    referenced = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(openapi)))
    assert referenced
    assert referenced <= set(openapi["components"]["schemas"])
    assert "$defs" not in json.dumps(openapi["paths"])


def test_content_api_write_bodies_document_their_nested_fields(openapi: dict[str, Any]) -> None:
    body = openapi["paths"]["/api/1.0/model/entity"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["fieldList"]["items"] == {"$ref": "#/components/schemas/FieldIn"}
    assert "type" in openapi["components"]["schemas"]["FieldIn"]["properties"]


def test_no_operation_documents_the_framework_422_that_the_server_never_sends(openapi: dict[str, Any]) -> None:
    statuses = {
        status for operations in openapi["paths"].values() for op in operations.values() for status in op["responses"]
    }
    assert "422" not in statuses
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_content_api_operations_document_their_upper_case_errors(openapi: dict[str, Any]) -> None:
    envelope = {"$ref": "#/components/schemas/ContentErrorEnvelope"}
    for method, path in [
        ("get", "/api/1.0/contents"),
        ("post", "/api/1.0/content"),
        ("delete", "/api/1.0/model/enum/{model_id}"),
    ]:
        documented = responses_of(openapi, method, path)
        for status in ("400", "401", "404", "429", "500"):
            assert json_schema(documented[status]) == envelope, (path, status)
    assert {"403", "409"} <= set(responses_of(openapi, "post", "/api/1.0/content"))
    error_body = openapi["components"]["schemas"]["ContentErrorBodyOut"]
    assert "status" not in error_body["properties"]


def test_a_content_api_error_matches_its_documented_envelope(client: TestClient, openapi: dict[str, Any]) -> None:
    response = client.get("/api/1.0/contents")
    assert response.status_code == 401
    documented = openapi["components"]["schemas"]["ContentErrorBodyOut"]
    assert set(response.json()["error"]) <= set(documented["properties"])
    assert set(documented["required"]) <= set(response.json()["error"])


def test_content_api_writes_document_their_created_ids(openapi: dict[str, Any]) -> None:
    created = json_schema(responses_of(openapi, "post", "/api/1.0/model/entity")["201"])
    assert created == {"$ref": "#/components/schemas/CreatedIdOut"}
    assert "content" not in responses_of(openapi, "delete", "/api/1.0/model/entity/{model_id}")["204"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/auth/logout"),
        ("post", "/v1/content/organizations/{organization_id}/api-keys/{key_id}/revoke"),
        ("delete", "/v1/content/organizations/{organization_id}/webhooks/{webhook_id}"),
        ("delete", "/v1/content/modules/{resource_id}"),
    ],
)
def test_answers_with_no_body_document_no_json_content(openapi: dict[str, Any], method: str, path: str) -> None:
    assert "content" not in responses_of(openapi, method, path)["200"]


def test_sign_out_answers_200_with_no_body_as_documented(client: TestClient) -> None:
    response = client.post("/auth/logout")
    assert response.status_code == 200
    assert response.content == b""
    assert "content-type" not in response.headers


def test_metrics_and_export_document_the_media_types_they_send(client: TestClient, openapi: dict[str, Any]) -> None:
    (metrics_type,) = responses_of(openapi, "get", "/metrics")["200"]["content"]
    assert client.get("/metrics").headers["content-type"] == metrics_type
    export = responses_of(openapi, "get", "/api/1.0/project/export")["200"]
    assert list(export["content"]) == ["application/json"] and "Content-Encoding" in export["headers"]
    assert list(responses_of(openapi, "get", "/api/1.0/media/{media_id}/{filename}")["200"]["content"]) == ["*/*"]


def test_the_document_is_finished_once_and_stays_the_same(client: TestClient) -> None:
    first = client.get("/openapi.json").json()
    assert client.get("/openapi.json").json() == first


def test_the_document_declares_the_three_security_schemes_and_which_operation_uses_each(
    openapi: dict[str, Any],
) -> None:
    schemes = openapi["components"]["securitySchemes"]
    assert schemes["bearerKey"] == {**schemes["bearerKey"], "type": "http", "scheme": "bearer"}
    assert schemes["sessionCookie"] == {**schemes["sessionCookie"], "type": "apiKey", "in": "cookie", "name": "jwt"}
    assert schemes["contentToken"]["scheme"] == "bearer"
    paths = openapi["paths"]
    assert paths["/v1/content/integrations/expansions"]["post"]["security"] == [{"bearerKey": []}]
    assert paths["/v1/content/integrations/expansions/{job_id}"]["get"]["security"] == [{"bearerKey": []}]
    assert paths["/v1/content/organizations/{organization_id}/api-keys"]["get"]["security"] == [{"sessionCookie": []}]
    assert paths["/api/1.0/contents"]["get"]["security"] == [{"contentToken": []}]
    assert "security" not in paths["/healthz"]["get"]


def test_every_response_declares_the_headers_the_server_sends(openapi: dict[str, Any]) -> None:
    assert set(openapi["components"]["headers"]) >= {
        "X-Request-Id",
        "RateLimit",
        "RateLimit-Policy",
        "Retry-After",
        "Idempotent-Replayed",
        "ETag",
    }
    for operations in openapi["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                assert "X-Request-Id" in response["headers"], status
                if status == "429":
                    assert "Retry-After" in response["headers"]
    create = responses_of(openapi, "post", "/v1/content/integrations/expansions")
    assert {"RateLimit", "RateLimit-Policy", "Idempotent-Replayed"} <= set(create["200"]["headers"])
    assert "ETag" in responses_of(openapi, "get", "/v1/content/modules/{resource_id}")["200"]["headers"]
    assert "ETag" in responses_of(openapi, "patch", "/v1/content/tests/{resource_id}")["200"]["headers"]
