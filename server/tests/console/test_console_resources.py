"""Generated resources in the console, in process: a module's UI export filed through the API's service (a
resent form replays it), and a video's and a test's title and body edited with their version (ETag), with
the API's rules shown inline and a version edited meanwhile through the API refused, never overwritten."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_console import console_sign_in, csrf_of
from lf_support import sample_payload
from lf_webhooks import Receiver

from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
_TEXTAREA = re.compile(r'<textarea id="f-body"[^>]*>([^<]*)</textarea>')


def _made(client: TestClient, bearer: dict[str, str], worker: Worker, output: str) -> str:
    """The id of the resource a completed job made for ``output``."""
    body = {"payload": sample_payload("Resource level"), "requestedOutputs": [output]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    worker.drain()
    done = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()
    assert done["status"] == "completed", done
    resource_id: str = done["outputs"][0]["resourceId"]
    return resource_id


def _console_session(client: TestClient, org: OrgAccount) -> None:
    """Drop the API login the ``bearer`` fixture made and sign in through the console's own form."""
    client.cookies.clear()
    console_sign_in(client, org)


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name}"
    return found.group(1)


def _key(page: str) -> dict[str, str]:
    return {"idempotencyKey": _hidden(page, "idempotencyKey")}


def _ui_exports(client: TestClient, bearer: dict[str, str]) -> list[str]:
    """The ids of the organization's ``ui_export`` jobs, as the API lists them."""
    items = client.get(EXPANSIONS, params={"limit": 100}, headers=bearer).json()["items"]
    return [job["id"] for job in items if job["sourceType"] == "ui_export"]


def _edit_form(page: str, **changes: str) -> dict[str, str]:
    """The edit form as the page shows it (CSRF, version, title, body), with ``changes`` applied."""
    title = re.search(r'id="f-title" name="title" type="text" value="([^"]*)"', page)
    body = _TEXTAREA.search(page)
    assert title and body
    shown = {"title": html.unescape(title.group(1)), "body": html.unescape(body.group(1))}
    return {"csrf": csrf_of(page), "version": _hidden(page, "version"), **shown, **changes}


def test_the_module_export_files_a_completed_ui_export_job_and_a_resent_form_replays_it(
    client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, receiver: Receiver
) -> None:
    module_id = _made(client, bearer, worker, "interactive_module")
    hook = client.post(
        f"/v1/content/organizations/{org.organization_id}/webhooks",
        json={"url": receiver.url, "events": ["content.completed"]},
    )
    assert hook.status_code == 201, hook.text
    _console_session(client, org)
    module = f"/admin/orgs/{org.organization_id}/modules/{module_id}"
    page = client.get(module).text
    form = {"csrf": csrf_of(page), **_key(page)}
    first = client.post(f"{module}/export", data=form)
    assert first.status_code == 200 and "already done" not in first.text
    job_id = re.search(rf"/admin/orgs/{org.organization_id}/jobs/([0-9a-f-]+)$", str(first.url))
    assert job_id, first.url
    assert "<dd>ui_export</dd>" in first.text and "data-job-status>completed<" in first.text
    assert f'href="/admin/orgs/{org.organization_id}/modules/{module_id}">Module details' in first.text
    assert re.search(r'href="/share/module/[\w-]+" data-module-link', first.text)
    # the job is the API's own: the integration reads it like any other completed job
    job = client.get(f"{EXPANSIONS}/{job_id.group(1)}", headers=bearer).json()
    assert (job["status"], job["sourceType"], job["classroomId"]) == ("completed", "ui_export", org.classroom_id)
    assert job["outputs"][0]["resourceId"] == module_id and job["idempotencyKey"] == form["idempotencyKey"]

    again = client.post(f"{module}/export", data=form)  # the same form sent twice (double click, resend)
    assert again.status_code == 200 and str(again.url).endswith(f"/jobs/{job_id.group(1)}?replayed=1")
    assert "no new job was filed" in again.text
    assert _ui_exports(client, bearer) == [job_id.group(1)]
    worker.drain()
    assert [r.headers["x-content-integration-event"] for r in receiver.requests] == ["content.completed"]

    tampered = client.post(f"{module}/export", data={**form, "idempotencyKey": "k" * 256})
    assert tampered.status_code == 400 and "Use 1 to 255 characters" in tampered.text  # the API's rule
    reopened = client.get(module).text  # a new visit to the page is a new export
    assert _hidden(reopened, "idempotencyKey") != form["idempotencyKey"]
    second = client.post(f"{module}/export", data={"csrf": csrf_of(reopened), **_key(reopened)})
    assert second.status_code == 200 and job_id.group(1) not in str(second.url)
    assert len(_ui_exports(client, bearer)) == 2


def _api_view(client: TestClient, path: str, bearer: dict[str, str]) -> httpx.Response:
    answer = client.get(path, headers=bearer)
    assert answer.status_code == 200, answer.text
    return answer


@pytest.mark.parametrize(("output", "kind"), [("summary_video", "videos"), ("expanded_quiz", "tests")])
def test_a_video_and_a_test_are_edited_with_their_version_and_the_api_sees_the_edit(
    client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, output: str, kind: str
) -> None:
    resource_id = _made(client, bearer, worker, output)
    _console_session(client, org)
    console, api = f"/admin/orgs/{org.organization_id}/{kind}/{resource_id}", f"/v1/content/{kind}/{resource_id}"
    page = client.get(console).text
    assert "<dt>Version (ETag)</dt><dd>1</dd>" in page and "Save (version 1)" in page
    body: dict[str, Any] = json.loads(_edit_form(page)["body"])
    body["note"] = "Edited in the console: ñ"
    saved = client.post(console, data=_edit_form(page, title="Edited in the console", body=json.dumps(body)))
    assert saved.status_code == 200 and str(saved.url).endswith("?saved=1")
    assert "Saved as version 2." in saved.text and "<dt>Version (ETag)</dt><dd>2</dd>" in saved.text
    assert "<h1>Edited in the console</h1>" in saved.text
    read = _api_view(client, api, bearer)
    assert read.headers["etag"] == '"2"'
    assert read.json()["title"] == "Edited in the console" and read.json()["body"] == body


@pytest.mark.parametrize(("output", "kind"), [("summary_video", "videos"), ("expanded_quiz", "tests")])
def test_invalid_video_and_test_edits_are_shown_inline_by_the_api_s_rules_and_not_saved(
    client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, output: str, kind: str
) -> None:
    resource_id = _made(client, bearer, worker, output)
    _console_session(client, org)
    console, api = f"/admin/orgs/{org.organization_id}/{kind}/{resource_id}", f"/v1/content/{kind}/{resource_id}"
    page = client.get(console).text
    before = _api_view(client, api, bearer).json()
    refused = client.post(console, data=_edit_form(page, title="x" * 501, body="[1, 2]"))
    assert refused.status_code == 400
    assert re.search(r'id="f-title"[^>]*aria-invalid="true" aria-describedby="e-title"', refused.text)
    assert '<p class="field-error" id="e-title">Give a title of 1 to 500 characters</p>' in refused.text
    assert '<p class="field-error" id="e-body">The body must be a JSON object</p>' in refused.text
    assert "[1, 2]</textarea>" in refused.text  # the draft is kept to fix, not lost
    assert refused.headers["x-request-id"] in refused.text
    broken = client.post(console, data=_edit_form(page, body="{not json"))
    assert broken.status_code == 400 and re.search(r'id="e-body">Not valid JSON: [^<]+<', broken.text)
    # the API refuses the same edits, and nothing was saved
    for wrong in ({"title": "x" * 501}, {"body": [1, 2]}, {"title": ""}):
        assert client.patch(api, json=wrong, headers=bearer).status_code == 400, wrong
    assert _api_view(client, api, bearer).json() == before


@pytest.mark.parametrize(("output", "kind"), [("summary_video", "videos"), ("expanded_quiz", "tests")])
def test_a_version_edited_meanwhile_through_the_api_is_refused_and_never_overwritten(
    client: TestClient, org: OrgAccount, bearer: dict[str, str], worker: Worker, output: str, kind: str
) -> None:
    resource_id = _made(client, bearer, worker, output)
    _console_session(client, org)
    console, api = f"/admin/orgs/{org.organization_id}/{kind}/{resource_id}", f"/v1/content/{kind}/{resource_id}"
    opened = client.get(console).text  # the admin opens the form at version 1 ...
    meanwhile = client.patch(api, json={"title": "Changed through the API"}, headers={**bearer, "If-Match": '"1"'})
    assert meanwhile.status_code == 200 and meanwhile.headers["etag"] == '"2"'  # ... someone edits it meanwhile
    draft = json.dumps({"stale": "draft"})
    stale = client.post(console, data=_edit_form(opened, title="Stale console title", body=draft))
    assert stale.status_code == 409
    assert "Version 1 is stale; the current version is 2" in stale.text and stale.headers["x-request-id"] in stale.text
    assert "Your changes were not saved" in stale.text
    assert "Stale console title" in stale.text and "stale" in stale.text  # the draft is still there to copy
    after = _api_view(client, api, bearer)
    assert after.headers["etag"] == '"2"' and after.json()["title"] == "Changed through the API"
    # the page now holds the current version: saving it again as shown cannot bring the stale draft back
    resent = client.post(console, data=_edit_form(stale.text))
    assert resent.status_code == 200 and "Saved as version 3." in resent.text
    final = _api_view(client, api, bearer).json()
    assert final["title"] == "Changed through the API" and final["body"] != {"stale": "draft"}
