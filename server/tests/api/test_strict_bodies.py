"""Strict /v1 request bodies (issue 8.13): an unknown field is a 400 naming it; the Content API stays lenient."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_support import sample_payload

EXPANSIONS = "/v1/content/integrations/expansions"


def _writes(org: OrgAccount) -> list[tuple[str, str, dict[str, Any], str]]:
    """(method, path, body with one typo, the unknown field) for every /v1 write route with a body."""
    orgs = f"/v1/content/organizations/{org.organization_id}"
    return [
        (
            "POST",
            EXPANSIONS,
            {"payload": sample_payload(), "requested_outputs": ["expanded_quiz"]},
            "requested_outputs",
        ),
        ("POST", f"{orgs}/api-keys", {"name": "k", "expiresIn": 3600}, "expiresIn"),
        (
            "POST",
            f"{orgs}/webhooks",
            {"url": "https://example.com/h", "events": ["content.completed"], "secret": "x"},
            "secret",
        ),
        ("POST", f"{orgs}/content-projects", {"name": "Blog", "languages": ["en"], "language": "en"}, "language"),
        ("PATCH", "/v1/content/modules/00000000-0000-0000-0000-000000000000", {"titel": "x"}, "titel"),
        (
            "POST",
            f"/v1/content/classrooms/{org.classroom_id}/integrations/exports",
            {"lessonId": "m", "lesson_id": "m"},
            "lesson_id",
        ),
    ]


def test_an_unknown_field_on_any_v1_write_is_refused_naming_it(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str]
) -> None:
    for method, path, body, unknown in _writes(org):
        response = admin_client.request(method, path, json=body, headers=bearer)
        assert response.status_code == 400, (path, response.text)
        error = response.json()["error"]
        assert error["code"] == "content_invalid_request"
        assert error["message"] == f"Unknown field: {unknown}"
        assert {"field": unknown, "message": "Unknown field"} in error["details"]["fields"], path


def test_a_typo_in_requested_outputs_creates_nothing(client: TestClient, bearer: dict[str, str]) -> None:
    body = {"payload": sample_payload(), "requested_outputs": ["expanded_quiz"], "sourcetype": "cms"}
    response = client.post(EXPANSIONS, json=body, headers=bearer)
    assert response.status_code == 400
    assert {f["field"] for f in response.json()["error"]["details"]["fields"]} == {"requested_outputs", "sourcetype"}
    assert client.get(EXPANSIONS, headers=bearer).json()["items"] == []


def test_unknown_fields_inside_the_payload_are_kept(client: TestClient, bearer: dict[str, str]) -> None:
    payload = {**sample_payload(), "extra": {"anything": [1, 2]}}
    assert client.post(EXPANSIONS, json={"payload": payload}, headers=bearer).status_code == 200


@pytest.mark.parametrize("path", ["/api/1.0/model/entity"])
def test_the_content_api_keeps_content_islands_lenient_bodies(
    admin_client: TestClient, org: OrgAccount, path: str
) -> None:
    created = admin_client.post(
        f"/v1/content/organizations/{org.organization_id}/content-projects", json={"name": "B", "languages": ["en"]}
    ).json()
    model = {"name": "note", "fieldList": [{"name": "text", "type": "short-text", "hint": "x"}], "color": "red"}
    response = admin_client.post(path, json=model, headers={"Authorization": f"Bearer {created['writeToken']}"})
    assert response.status_code == 201, response.text
