"""Job and result shapes, source_invalid outputs, listing, isolation, and the resource routes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org
from lf_support import sample_payload

from lessonforge.services import keys
from lessonforge.services.context import ServiceContext
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def test_a_queued_job_has_the_exact_contract_shape(client: TestClient, bearer: dict[str, str], org: OrgAccount) -> None:
    body = {
        "payload": sample_payload(),
        "requestedOutputs": ["expanded_quiz", "interactive_module"],
        "sourceType": "cms_export",
    }
    job = client.post(EXPANSIONS, json=body, headers={**bearer, "Idempotency-Key": "level-a1"}).json()
    assert set(job) == {
        "id",
        "organizationId",
        "classroomId",
        "sourceType",
        "status",
        "requestedOutputs",
        "idempotencyKey",
        "sourceTitle",
        "error",
        "createdAt",
        "updatedAt",
        "completedAt",
        "outputs",
        "createRequest",
    }
    assert job["organizationId"] == org.organization_id and job["classroomId"] == org.classroom_id
    assert (job["sourceType"], job["status"], job["sourceTitle"]) == ("cms_export", "queued", "A1 Foundations")
    assert job["requestedOutputs"] == ["interactive_module", "expanded_quiz"]
    assert ISO_Z.fullmatch(job["createdAt"]) and job["completedAt"] is None and job["error"] is None
    assert job["outputs"] == [
        {
            "outputType": "interactive_module",
            "status": "queued",
            "resourceType": "module",
            "resourceId": None,
            "manifest": None,
            "error": None,
        },
        {
            "outputType": "expanded_quiz",
            "status": "queued",
            "resourceType": "test",
            "resourceId": None,
            "manifest": None,
            "error": None,
        },
    ]
    result = client.get(f"{EXPANSIONS}/{job['id']}/result", headers=bearer).json()
    assert result["manifest"] is None and result["outputs"] == job["outputs"]


def test_source_title_falls_back_to_the_payload_title_then_the_category(
    client: TestClient, bearer: dict[str, str]
) -> None:
    titled = client.post(EXPANSIONS, json={"payload": {"title": "Plain"}}, headers=bearer).json()
    category = client.post(
        EXPANSIONS, json={"payload": {"category": {"id": "c", "title": "Korean"}}}, headers=bearer
    ).json()
    untitled = client.post(EXPANSIONS, json={"payload": {"x": 1}}, headers=bearer).json()
    assert (titled["sourceTitle"], category["sourceTitle"], untitled["sourceTitle"]) == ("Plain", "Korean", None)


def test_an_output_the_source_cannot_produce_fails_alone_naming_lesson_and_field(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    payload = sample_payload(lessons=2)
    payload["level"]["lessons"][1]["questions"][0]["answer"] = "bonjour"  # not among the choices
    job = client.post(EXPANSIONS, json={"payload": payload}, headers=bearer)
    assert job.status_code == 200
    worker.drain()
    result = client.get(f"{EXPANSIONS}/{job.json()['id']}/result", headers=bearer).json()
    assert result["job"]["status"] == "failed"
    assert result["job"]["error"]["code"] == "source_invalid"
    by_type = {o["outputType"]: o for o in result["outputs"]}
    quiz_error = by_type["expanded_quiz"]["error"]
    assert quiz_error["code"] == "source_invalid"
    assert "l2" in quiz_error["message"] and "answer" in quiz_error["message"]
    succeeded = [o for o in result["outputs"] if o["status"] == "completed"]
    assert all(o["resourceId"] and o["error"] is None for o in succeeded)
    assert result["manifest"]["status"] == "failed"


def test_a_completed_job_has_manifests_and_readable_resources(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    job = client.post(EXPANSIONS, json={"payload": sample_payload(lessons=5)}, headers=bearer).json()
    worker.drain()
    done = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()
    assert done["status"] == "completed" and ISO_Z.fullmatch(done["completedAt"])
    for output, path in zip(done["outputs"], ("modules", "videos", "tests"), strict=True):
        manifest = output["manifest"]
        assert manifest["title"].startswith("A1 Foundations")
        assert "publicUrl" in manifest["urls"]
        resource = client.get(f"/v1/content/{path}/{output['resourceId']}", headers=bearer)
        assert resource.status_code == 200
        assert resource.json()["version"] == 1 and resource.headers["ETag"] == '"1"'
        assert resource.json()["body"]
    module = client.get(f"/v1/content/modules/{done['outputs'][0]['resourceId']}", headers=bearer).json()
    assert [s["lessonId"] for s in module["body"]["sections"]] == ["l1", "l2", "l3", "l4", "l5"]


def test_resources_are_edited_with_versions_and_deleted(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    job = client.post(
        EXPANSIONS, json={"payload": sample_payload(), "requestedOutputs": ["summary_video"]}, headers=bearer
    ).json()
    worker.drain()
    video_id = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()["outputs"][0]["resourceId"]
    path = f"/v1/content/videos/{video_id}"
    edited = client.patch(path, json={"title": "Renamed"}, headers={**bearer, "If-Match": '"1"'})
    assert edited.status_code == 200
    assert (edited.json()["title"], edited.json()["version"]) == ("Renamed", 2)
    stale = client.patch(path, json={"title": "Again"}, headers={**bearer, "If-Match": "1"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "content_conflict"
    assert client.patch(path, json={}, headers=bearer).status_code == 400
    listed = client.get("/v1/content/videos", headers=bearer).json()
    assert [v["id"] for v in listed["items"]] == [video_id] and listed["nextCursor"] is None
    assert client.delete(path, headers=bearer).status_code == 200
    assert client.get(path, headers=bearer).status_code == 404


def test_a_key_never_sees_another_organizations_jobs_or_resources(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, worker: Worker
) -> None:
    other = make_org(ctx, "Rival", "rival@school.test")
    other_bearer = {"Authorization": f"Bearer {keys.create_key(ctx, other.organization_id, 'k', None).secret}"}
    theirs = client.post(EXPANSIONS, json={"payload": sample_payload("Theirs")}, headers=other_bearer).json()
    worker.drain()
    module_id = client.get(f"{EXPANSIONS}/{theirs['id']}", headers=other_bearer).json()["outputs"][0]["resourceId"]
    assert client.get(f"{EXPANSIONS}/{theirs['id']}", headers=bearer).status_code == 404
    assert client.get(f"{EXPANSIONS}/{theirs['id']}/result", headers=bearer).status_code == 404
    assert client.get(f"/v1/content/modules/{module_id}", headers=bearer).status_code == 404
    assert client.delete(f"/v1/content/modules/{module_id}", headers=bearer).status_code == 404
    assert client.get(EXPANSIONS, headers=bearer).json()["items"] == []
    assert client.get("/v1/content/modules", headers=bearer).json()["items"] == []
    assert client.get(f"/v1/content/modules/{module_id}", headers=other_bearer).status_code == 200


def test_jobs_are_listed_newest_first_with_a_cursor_and_a_status_filter(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    ids = [
        client.post(EXPANSIONS, json={"payload": sample_payload(f"L{i}")}, headers=bearer).json()["id"]
        for i in range(5)
    ]
    first = client.get(EXPANSIONS, params={"limit": 2}, headers=bearer).json()
    second = client.get(EXPANSIONS, params={"limit": 2, "cursor": first["nextCursor"]}, headers=bearer).json()
    third = client.get(EXPANSIONS, params={"limit": 2, "cursor": second["nextCursor"]}, headers=bearer).json()
    listed = [j["id"] for page in (first, second, third) for j in page["items"]]
    assert listed == list(reversed(ids))
    assert third["nextCursor"] is None
    worker.drain()
    assert len(client.get(EXPANSIONS, params={"status": "completed"}, headers=bearer).json()["items"]) == 5
    assert client.get(EXPANSIONS, params={"status": "queued"}, headers=bearer).json()["items"] == []


def test_the_key_lists_its_classrooms(client: TestClient, bearer: dict[str, str], org: OrgAccount) -> None:
    assert client.get("/v1/content/classrooms", headers=bearer).json() == [
        {"id": org.classroom_id, "name": "Default classroom"}
    ]


def test_health_readiness_metrics_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["checks"] == {"database": "ok"}
    client.get("/healthz")
    assert "lessonforge_http_requests_total" in client.get("/metrics").text
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/auth/login",
        "/v1/content/organizations/{organization_id}/api-keys",
        "/v1/content/integrations/expansions",
        "/v1/content/integrations/expansions/{job_id}/result",
        "/v1/content/classrooms",
        "/v1/content/modules/{resource_id}",
    ):
        assert path in paths
    create = paths["/v1/content/integrations/expansions"]["post"]
    assert {"400", "401", "409", "429", "500"} <= set(create["responses"])
    assert "payload" in create["requestBody"]["content"]["application/json"]["schema"]["properties"]
