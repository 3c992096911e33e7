"""Jobs in the console, in process: submit a level from a JSON file, filter and page the list, a job's detail
with its outputs, errors in plain words and the support bundle; resources edited with their version."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_console import console_sign_in, csrf_of
from lf_support import sample_payload

from lessonforge.worker.loop import Worker


def _submit(client: TestClient, org: OrgAccount, body: object, **fields: str) -> str:
    jobs = f"/admin/orgs/{org.organization_id}/jobs"
    data = {"csrf": csrf_of(client.get(jobs).text), **fields}
    files = {"file": ("level.json", json.dumps(body).encode(), "application/json")}
    answer = client.post(jobs, data=data, files=files)
    assert answer.status_code == 200, answer.text
    found = re.search(rf"{jobs}/([0-9a-f-]+)", str(answer.url))
    assert found, answer.url
    return found.group(1)


def test_a_level_uploaded_as_a_json_file_becomes_a_job_whose_outputs_are_linked(
    client: TestClient, org: OrgAccount, worker: Worker
) -> None:
    console_sign_in(client, org)
    job_id = _submit(
        client, org, sample_payload("Level Uno"), **{"output-interactive_module": "1", "output-expanded_quiz": "1"}
    )
    detail = f"/admin/orgs/{org.organization_id}/jobs/{job_id}"
    assert "data-poll" in client.get(detail).text  # still queued: the status region refreshes itself
    worker.drain()
    done = client.get(detail).text
    assert "data-poll" not in done and "data-job-status>completed<" in done
    assert re.search(r'href="/share/module/[\w-]+" data-module-link', done)
    test_link = re.search(rf'href="(/admin/orgs/{org.organization_id}/tests/[0-9a-f-]+)" data-quiz-link', done)
    assert test_link
    qti = client.get(f"{test_link.group(1)}/export?format=qti")
    assert qti.status_code == 200 and qti.content[:2] == b"PK"
    bundle = json.loads(
        re.search(r'<textarea id="handoff"[^>]*>([^<]+)</textarea>', done).group(1).replace("&#34;", '"')
    )  # type: ignore[union-attr]
    assert bundle["jobId"] == job_id and bundle["jobStatus"] == "completed" and "sourceJson" not in bundle


def test_a_failed_output_is_explained_in_plain_words(client: TestClient, org: OrgAccount, worker: Worker) -> None:
    console_sign_in(client, org)
    payload = sample_payload("Broken quiz")
    payload["level"]["lessons"][1]["questions"][0]["answer"] = "not a choice"
    job_id = _submit(client, org, {"payload": payload, "requestedOutputs": ["interactive_module"]})
    worker.drain()
    page = client.get(f"/admin/orgs/{org.organization_id}/jobs/{job_id}").text
    assert "data-job-status>failed<" in page and "source_invalid" in page
    assert "Fix what the message names in your JSON" in page and "l2" in page


def test_a_file_that_is_not_json_is_refused_next_to_the_file_input(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    jobs = f"/admin/orgs/{org.organization_id}/jobs"
    files = {"file": ("level.json", b"{not json", "application/json")}
    answer = client.post(jobs, data={"csrf": csrf_of(client.get(jobs).text)}, files=files)
    assert answer.status_code == 400
    assert 'id="e-file"' in answer.text and "Not valid JSON" in answer.text
    assert answer.headers["x-request-id"] in answer.text


def test_the_job_list_filters_by_title_status_key_and_date_and_pages(
    client: TestClient, org: OrgAccount, worker: Worker
) -> None:
    console_sign_in(client, org)
    for n in range(22):
        _submit(client, org, sample_payload(f"Level {n:02d}"), idempotencyKey=f"key-{n}")
    jobs = f"/admin/orgs/{org.organization_id}/jobs"
    first = client.get(jobs).text
    assert first.count("data-poll") == 0 and first.count("<tr>") == 21  # header + 20 rows
    next_page = re.search(r'href="(\?[^"]*cursor=[^"]+)" rel="next"', first)
    assert next_page
    second = client.get(jobs + next_page.group(1).replace("&amp;", "&")).text
    assert second.count("<tr>") == 3 and "Level 00" in second
    assert client.get(jobs, params={"title": "level 07"}).text.count("<tr>") == 2
    assert client.get(jobs, params={"idempotencyKey": "key-3"}).text.count("<tr>") == 2
    assert client.get(jobs, params={"status": "completed"}).text.count("<tr>") == 2  # the "No job" row
    assert client.get(jobs, params={"from": "2999-01-01"}).text.count("No job matches") == 1
    bad = client.get(jobs, params={"from": "yesterday"})
    assert bad.status_code == 400 and "Use a date" in bad.text


def test_a_module_is_edited_with_its_version_and_a_stale_version_is_refused_inline(
    client: TestClient, org: OrgAccount, worker: Worker
) -> None:
    console_sign_in(client, org)
    job_id = _submit(client, org, sample_payload("Editable"), **{"output-interactive_module": "1"})
    worker.drain()
    module = re.search(
        r'href="(/admin/orgs/[^"]+/modules/[0-9a-f-]+)"',
        client.get(f"/admin/orgs/{org.organization_id}/jobs/{job_id}").text,
    )
    assert module
    page = client.get(module.group(1)).text
    body = re.search(r'<textarea id="f-body"[^>]*>([^<]*)</textarea>', page)
    assert body
    form = {"csrf": csrf_of(page), "version": "1", "title": "Edited title", "body": body.group(1).replace("&#34;", '"')}
    saved = client.post(module.group(1), data=form)
    assert saved.status_code == 200 and "Saved as version 2" in saved.text and "<h1>Edited title</h1>" in saved.text
    stale = client.post(module.group(1), data={**form, "title": "Again"})
    assert stale.status_code == 409 and "Version 1 is stale" in stale.text
    empty = client.post(module.group(1), data={**form, "version": "2", "title": "", "body": "[]"})
    assert empty.status_code == 400
    assert "Give a title of 1 to 500 characters" in empty.text and "The body must be a JSON object" in empty.text


def test_a_file_over_the_body_limit_gets_a_readable_page_not_json(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    jobs = f"/admin/orgs/{org.organization_id}/jobs"
    files = {"file": ("level.json", b"{" + b" " * (6 * 1024 * 1024) + b"}", "application/json")}
    answer = client.post(jobs, data={"csrf": csrf_of(client.get(jobs).text)}, files=files)
    assert answer.status_code == 400 and answer.headers["content-type"].startswith("text/html")
    assert "larger than" in answer.text or "too large" in answer.text.lower()
    assert answer.headers["x-request-id"] in answer.text


def test_an_idempotency_key_is_held_to_the_api_s_rule_inline_and_the_page_ids_are_unique(
    client: TestClient, org: OrgAccount, bearer: dict[str, str]
) -> None:
    too_long = "k" * 256
    api = client.post(
        "/v1/content/integrations/expansions",
        json={"payload": sample_payload("Keyed"), "idempotencyKey": too_long},
        headers=bearer,
    )
    assert api.status_code == 400
    client.cookies.clear()
    console_sign_in(client, org)
    jobs = f"/admin/orgs/{org.organization_id}/jobs"
    page = client.get(jobs).text
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), ids  # the submit form's key and the filter's key are two inputs
    assert '<label for="q-idempotencyKey">Idempotency key</label>' in page
    level = json.dumps(sample_payload("Keyed")).encode()
    typed = client.post(
        jobs,
        data={"csrf": csrf_of(page), "idempotencyKey": too_long},
        files={"file": ("l.json", level, "application/json")},
    )
    assert typed.status_code == 400
    assert '<p class="field-error" id="e-idempotencyKey">Use 1 to 255 characters</p>' in typed.text
    in_file = json.dumps({"payload": sample_payload("Keyed"), "idempotencyKey": 7}).encode()
    numeric = client.post(jobs, data={"csrf": csrf_of(page)}, files={"file": ("l.json", in_file, "application/json")})
    assert numeric.status_code == 400 and 'id="e-idempotencyKey"' in numeric.text
    assert "No job" in client.get(jobs).text  # nothing was filed
