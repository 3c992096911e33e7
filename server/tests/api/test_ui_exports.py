"""UI export (SPEC §6): an admin turns an existing module into a completed ``ui_export`` job, with its webhook."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, issue_key, make_org
from lf_support import sample_payload
from lf_webhooks import Receiver, running_receiver

from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, webhook_allowed_hosts=("127.0.0.1",))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as state:
        yield state


@pytest.fixture
def module_id(client: TestClient, bearer: dict[str, str], worker: Worker) -> str:
    body = {"payload": sample_payload(), "requestedOutputs": ["interactive_module"]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    worker.drain()
    done = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()
    assert done["status"] == "completed"
    resource_id: str = done["outputs"][0]["resourceId"]
    return resource_id


def _export(client: TestClient, classroom_id: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(f"/v1/content/classrooms/{classroom_id}/integrations/exports", json=body, headers=headers)


def test_an_existing_module_is_exported_as_a_completed_ui_export_job(
    admin_client: TestClient, org: OrgAccount, module_id: str, bearer: dict[str, str]
) -> None:
    response = _export(admin_client, org.classroom_id, {"lessonId": module_id})
    assert response.status_code == 200, response.text
    result = response.json()
    job = result["job"]
    assert (job["status"], job["sourceType"], job["requestedOutputs"]) == (
        "completed",
        "ui_export",
        ["interactive_module"],
    )
    assert job["classroomId"] == org.classroom_id and job["completedAt"] is not None and job["error"] is None
    module = admin_client.get(f"/v1/content/modules/{module_id}", headers=bearer).json()
    assert job["sourceTitle"] == module["title"]
    [output] = result["outputs"]
    assert (output["status"], output["resourceType"], output["resourceId"]) == ("completed", "module", module_id)
    assert output["manifest"]["urls"]["publicUrl"] == module["urls"]["publicUrl"]
    manifest = result["manifest"]
    assert (manifest["jobId"], manifest["sourceType"], manifest["status"]) == (job["id"], "ui_export", "completed")
    assert manifest["outputs"][0]["resourceId"] == module_id
    # the integration sees it like any other job
    assert admin_client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json() == job
    listed = admin_client.get(EXPANSIONS, params={"limit": 1}, headers=bearer).json()["items"]
    assert listed[0]["id"] == job["id"]


def test_the_export_emits_content_completed_to_subscribers(
    admin_client: TestClient, org: OrgAccount, module_id: str, worker: Worker, receiver: Receiver
) -> None:
    hook = admin_client.post(
        f"/v1/content/organizations/{org.organization_id}/webhooks",
        json={"url": receiver.url, "events": ["content.completed"]},
    )
    assert hook.status_code == 201, hook.text
    job = _export(admin_client, org.classroom_id, {"lessonId": module_id}).json()["job"]
    worker.drain()
    [sent] = receiver.requests
    assert sent.headers["x-content-integration-event"] == "content.completed"
    body = json.loads(sent.body)
    assert (body["jobId"], body["status"], body["sourceType"]) == (job["id"], "completed", "ui_export")
    assert body["requestedOutputs"] == ["interactive_module"]


def test_an_idempotency_key_replays_the_export_and_refuses_a_different_request(
    admin_client: TestClient, org: OrgAccount, module_id: str
) -> None:
    first = _export(admin_client, org.classroom_id, {"lessonId": module_id, "idempotencyKey": "ui-1"})
    again = _export(admin_client, org.classroom_id, {"lessonId": module_id}, **{"Idempotency-Key": "ui-1"})
    assert first.status_code == again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert again.json() == first.json()
    assert first.json()["job"]["idempotencyKey"] == "ui-1"
    other_lesson = _export(admin_client, org.classroom_id, {"lessonId": "another", "idempotencyKey": "ui-1"})
    assert other_lesson.status_code == 409
    assert other_lesson.json()["error"]["code"] == "content_conflict"
    # without a key, every export is a new job
    third = _export(admin_client, org.classroom_id, {"lessonId": module_id})
    assert third.json()["job"]["id"] != first.json()["job"]["id"]


def test_unknown_or_foreign_classrooms_and_modules_are_refused(
    admin_client: TestClient, org: OrgAccount, module_id: str, ctx: ServiceContext, app: Any
) -> None:
    stranger = make_org(ctx, "Elsewhere", "elsewhere@example.com")
    foreign = _export(admin_client, stranger.classroom_id, {"lessonId": module_id})
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "content_forbidden"
    unknown = _export(admin_client, "00000000-0000-0000-0000-000000000000", {"lessonId": module_id})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "content_not_found"
    missing = _export(admin_client, org.classroom_id, {"lessonId": "00000000-0000-0000-0000-000000000000"})
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "Module not found"
    with TestClient(app) as other_admin:
        login = other_admin.post("/auth/login", json={"email": stranger.email, "password": stranger.password})
        assert login.status_code == 200
        issue_key(other_admin, stranger.organization_id)
        theirs = _export(other_admin, stranger.classroom_id, {"lessonId": module_id})
        assert theirs.status_code == 404  # the module belongs to another organization


def test_the_route_needs_a_session_and_a_valid_body(app: Any, org: OrgAccount, module_id: str) -> None:
    with TestClient(app) as fresh:
        anonymous = _export(fresh, org.classroom_id, {"lessonId": module_id})
        assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "content_invalid_api_key"
        login = fresh.post("/auth/login", json={"email": org.email, "password": org.password})
        assert login.status_code == 200
        empty = _export(fresh, org.classroom_id, {})
        assert empty.status_code == 400
        assert [f["field"] for f in empty.json()["error"]["details"]["fields"]] == ["lessonId"]
