"""Version history of generated resources (issue 11), on SQLite and PostgreSQL: the generated version and every
accepted edit (through the API and through the console) are kept with their title and body, listed newest first,
readable one by one in the console, never by another organization, and dropped with the resource."""

from __future__ import annotations

import html
import json
import re

import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org
from lf_console import console_sign_in, csrf_of
from lf_support import sample_payload
from sqlalchemy import text

from lessonforge.errors import NotFoundError
from lessonforge.services import keys, resources
from lessonforge.settings import Settings
from lessonforge.store.migrate import alembic_config, upgrade
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
_ROW = re.compile(r'<tr data-version="(\d+)">\s*<td>\d+( <span class="badge active">current</span>)?</td>')


def _generated_test(client: TestClient, app: FastAPI, bearer: dict[str, str]) -> str:
    body = {"payload": sample_payload("History level"), "requestedOutputs": ["expanded_quiz"]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    Worker(app.state.ctx).drain()
    done = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()
    assert done["status"] == "completed", done
    resource_id: str = done["outputs"][0]["resourceId"]
    return resource_id


def _console_edit(client: TestClient, page: str, title: str, body: dict[str, object]) -> str:
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version
    form = {"csrf": csrf_of(page), "version": version.group(1), "title": title, "body": json.dumps(body)}
    saved = client.post(re.sub(r"\?.*", "", _path_of(page)), data=form)
    assert saved.status_code == 200 and "Saved as version" in saved.text, saved.text
    return saved.text


def _path_of(page: str) -> str:
    found = re.search(r'href="(/admin/orgs/[^"]+/tests/[^"/]+)/versions/\d+"', page)
    assert found
    return found.group(1)


def test_generation_and_every_edit_through_the_api_and_the_console_are_kept_newest_first(
    backend_client: TestClient, backend_app: FastAPI, backend_org: OrgAccount, backend_bearer: dict[str, str]
) -> None:
    client, ctx, org = backend_client, backend_app.state.ctx, backend_org
    test_id = _generated_test(client, backend_app, backend_bearer)
    api = f"/v1/content/tests/{test_id}"
    generated = client.get(api, headers=backend_bearer).json()
    api_body = {**generated["body"], "note": "edited through the API"}
    edited = client.patch(
        api, json={"title": "API title", "body": api_body}, headers={**backend_bearer, "If-Match": '"1"'}
    )
    assert edited.status_code == 200 and edited.headers["etag"] == '"2"'

    console_sign_in(client, org)
    console = f"/admin/orgs/{org.organization_id}/tests/{test_id}"
    console_body = {"console": "ñ <b>"}
    saved = _console_edit(client, client.get(console).text, "Console title", console_body)
    refused = client.post(console, data={"csrf": csrf_of(saved), "version": "3", "title": "", "body": "{}"})
    assert refused.status_code == 400  # a refused edit keeps no version

    kept = resources.list_versions(ctx, org.organization_id, "test", test_id)
    assert [(v.version, v.title) for v in kept] == [
        (3, "Console title"),
        (2, "API title"),
        (1, generated["title"]),
    ]
    assert [v.body for v in kept] == [console_body, api_body, generated["body"]]
    assert kept[0].created_at >= kept[1].created_at >= kept[2].created_at
    assert resources.get_version(ctx, org.organization_id, "test", test_id, 1).body == generated["body"]
    with pytest.raises(NotFoundError):
        resources.get_version(ctx, org.organization_id, "test", test_id, 4)

    # the API's history: the same versions, newest first, the newest ``limit``
    listed = client.get(f"{api}/versions", headers=backend_bearer)
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert [(i["version"], i["title"], i["body"]) for i in items] == [(v.version, v.title, v.body) for v in kept]
    assert items[0]["createdAt"].endswith("Z")
    newest = client.get(f"{api}/versions", params={"limit": 1}, headers=backend_bearer).json()["items"]
    assert [i["version"] for i in newest] == [3]
    assert client.get(f"/v1/content/videos/{test_id}/versions", headers=backend_bearer).status_code == 404

    # the console's history section: every version, newest first, the current one marked, each readable
    assert [(n, bool(mark)) for n, mark in _ROW.findall(saved)] == [("3", True), ("2", False), ("1", False)]
    assert '<h2 id="history-h">Version history</h2>' in saved
    first = client.get(f"{console}/versions/1")
    assert first.status_code == 200 and "<dd data-kept-version>1</dd>" in first.text
    assert f'id="kept-title" type="text" readonly value="{html.escape(generated["title"])}"' in first.text
    shown = re.search(r'<textarea id="kept-body"[^>]*>([^<]*)</textarea>', first.text)
    assert shown and json.loads(html.unescape(shown.group(1))) == generated["body"]
    assert "A past version, shown read-only" in first.text
    third = client.get(f"{console}/versions/3").text
    assert "This is the current version." in third and "&lt;b&gt;" in third and "<b>" not in third
    for missing in ("4", "x"):
        assert client.get(f"{console}/versions/{missing}").status_code == 404

    # another organization can read neither the list nor a version, through the service or its console
    other = make_org(ctx, "South School", "south@example.com")
    for read in (
        lambda: resources.list_versions(ctx, other.organization_id, "test", test_id),
        lambda: resources.get_version(ctx, other.organization_id, "test", test_id, 1),
    ):
        with pytest.raises(NotFoundError):
            read()
    other_key = keys.create_key(ctx, other.organization_id, "other", 100).secret
    refused = client.get(f"{api}/versions", headers={"Authorization": f"Bearer {other_key}"})
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "content_not_found"
    client.cookies.clear()
    console_sign_in(client, other)
    assert client.get(f"/admin/orgs/{other.organization_id}/tests/{test_id}/versions/1").status_code == 404
    assert client.get(f"{console}/versions/1").status_code == 403  # not a member of the first organization

    # the history goes with the resource
    assert client.delete(api, headers=backend_bearer).status_code == 200
    with ctx.store.engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM resource_versions WHERE resource_id = :id"), {"id": test_id})
        assert count.scalar_one() == 0


def test_the_migration_keeps_each_existing_resource_s_current_version_as_its_first(
    backend_client: TestClient,
    backend_app: FastAPI,
    backend_org: OrgAccount,
    backend_bearer: dict[str, str],
    any_backend: Settings,
) -> None:
    test_id = _generated_test(backend_client, backend_app, backend_bearer)
    api = f"/v1/content/tests/{test_id}"
    renamed = backend_client.patch(api, json={"title": "Before history"}, headers=backend_bearer).json()
    command.downgrade(alembic_config(any_backend.database_url), "0015")  # as a database from before the table
    upgrade(any_backend.database_url)
    kept = resources.list_versions(backend_app.state.ctx, backend_org.organization_id, "test", test_id)
    assert [(v.version, v.title, v.body) for v in kept] == [(2, "Before history", renamed["body"])]
