"""Every completed expansion output is published as content of the organization's project (module, video, test)."""

from __future__ import annotations

import json

from conftest import OrgAccount
from content.conftest import API
from fastapi.testclient import TestClient
from lf_support import sample_payload

from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"


def projects_path(org: OrgAccount) -> str:
    return f"/v1/content/organizations/{org.organization_id}/content-projects"


def test_generated_resources_are_published_in_the_organizations_project(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker
) -> None:
    job = admin_client.post(EXPANSIONS, json={"payload": sample_payload(lessons=5)}, headers=bearer).json()
    assert worker.drain() == 1
    result = admin_client.get(f"{EXPANSIONS}/{job['id']}/result", headers=bearer).json()
    listed = admin_client.get(projects_path(org)).json()
    assert [(p["name"], p["generated"], p["languages"]) for p in listed] == [("Generated resources", True, ["es"])]
    tokens = admin_client.post(f"{projects_path(org)}/{listed[0]['id']}/tokens/rotate").json()
    headers = {"Authorization": f"Bearer {tokens['readToken']}"}
    project = admin_client.get(f"{API}/project", headers=headers).json()
    assert {t["name"] for t in project["contentTypes"]} == {"module", "video", "test"}
    modules = admin_client.get(f"{API}/contents?contentType=module&language=es", headers=headers).json()
    assert len(modules) == 1 and modules[0]["status"] == "published"
    fields = {f["name"]: f["value"] for f in modules[0]["fields"]}
    module_output = next(o for o in result["outputs"] if o["outputType"] == "interactive_module")
    assert fields["resourceId"] == module_output["resourceId"] and fields["jobId"] == job["id"]
    assert fields["title"] == module_output["manifest"]["title"] and "language" not in fields
    assert {f["language"] for f in modules[0]["fields"]} == {"es"}  # the resource's language is the content's
    assert fields["publicUrl"] == module_output["manifest"]["urls"]["publicUrl"]
    assert fields["sectionCount"] == 5 and len(json.loads(fields["sections"])) == 5
    by_resource = f"{API}/contents/size?fields.resourceId={module_output['resourceId']}"
    assert admin_client.get(by_resource, headers=headers).json() == 1
    video = admin_client.get(f"{API}/content?contentType=video", headers=headers).json()
    assert {f["name"]: f["value"] for f in video["fields"]}["sceneCount"] == 7
    quiz = admin_client.get(f"{API}/content?contentType=test", headers=headers).json()
    assert {f["name"]: f["value"] for f in quiz["fields"]}["itemCount"] > 0


def test_a_classroom_can_choose_its_project(
    admin_client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker
) -> None:
    chosen = admin_client.post(projects_path(org), json={"name": "Academy", "languages": ["en"]}).json()
    assign = admin_client.put(f"{projects_path(org)}/{chosen['id']}/classrooms/{org.classroom_id}")
    assert assign.status_code == 200 and assign.json() == {"projectId": chosen["id"], "classroomId": org.classroom_id}
    admin_client.post(
        EXPANSIONS, json={"payload": sample_payload(), "requestedOutputs": ["interactive_module"]}, headers=bearer
    )
    assert worker.drain() == 1
    headers = {"Authorization": f"Bearer {chosen['readToken']}"}
    assert admin_client.get(f"{API}/project", headers=headers).json()["languages"] == ["en", "es"]
    assert admin_client.get(f"{API}/contents/size?contentType=module", headers=headers).json() == 1
    assert [p["name"] for p in admin_client.get(projects_path(org)).json()] == ["Academy"]
    missing = admin_client.put(f"{projects_path(org)}/{chosen['id']}/classrooms/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
