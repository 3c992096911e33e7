"""The console end to end in Debian's Chromium against a real uvicorn with its worker: sign in, create a key,
follow a job submitted through the API with it, submit a level from a JSON file and watch it complete, open
the module and its console page, render and play the video, a webhook to a local receiver with its attempts,
a redelivery and its deletion after confirmation, a CMS project with an enum (a duplicate value refused, then
saved) and a model, a content in two languages published and read back with a read token, rotate and revoke the
key, sign out (the saved cookie then refused). Every page passes axe-core (no serious or critical violation)
at 1280 and 360 px, and nothing is fetched from another host."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from lf_accounts import OrgAccount, make_org
from lf_browser import chromium, offline
from lf_console_browser import PageChecker, console_server
from lf_support import sample_payload
from lf_webhooks import Receiver
from playwright.sync_api import expect

from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow
EXPANSIONS = "/v1/content/integrations/expansions"
DOCS = {"login", "keys-created", "job", "video", "webhook-deliveries", "jobs", "content-model", "content-edit"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def base_url(settings: Settings, ctx: ServiceContext, tmp_path: Path) -> Iterator[str]:
    with console_server(settings, tmp_path / "uvicorn.log") as base:
        yield base


def _sign_in(page: Page, base: str, org: OrgAccount, checker: PageChecker) -> None:
    page.goto(f"{base}/admin")
    page.get_by_role("heading", name="Sign in").wait_for()
    checker.check(page, "login")
    page.get_by_label("Email").fill(org.email)
    page.get_by_label("Password").fill(org.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your organizations").wait_for()
    checker.check(page, "organizations")
    page.get_by_role("link", name="North School").first.click()
    page.get_by_role("heading", name="North School").wait_for()
    checker.check(page, "organization")


def _create_key(page: Page, checker: PageChecker) -> str:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("integration")
    page.get_by_label("Requests per minute").fill("600")
    page.get_by_role("button", name="Create key").click()
    secret = page.locator("#new-key").inner_text()
    expect(page.get_by_text("you will not see this again")).to_be_visible()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    checker.check(page, "keys-created")
    return secret


def _follow_job(page: Page, base: str, api_key: str, checker: PageChecker) -> str:
    body = {"payload": sample_payload("Console level", lessons=3), "requestedOutputs": None}
    body.pop("requestedOutputs")
    job = httpx.post(f"{base}{EXPANSIONS}", json=body, headers={"Authorization": f"Bearer {api_key}"}).json()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    page.get_by_role("link", name="Console level").click()
    page.locator("[data-job-status]", has_text="completed").wait_for(timeout=90_000)  # refreshed by the page
    assert page.locator("[data-job-status]").inner_text() == "completed"
    checker.check(page, "job")
    page.get_by_role("link", name="Open the module page").first.click()
    page.locator("html[lang]").wait_for()
    assert "/share/module/" in page.url and "Console level" in page.title()
    page.go_back()
    page.get_by_role("link", name="Module details").first.click()
    expect(page.get_by_role("heading", name="Edit")).to_be_visible()
    expect(page.get_by_role("button", name="Export this module")).to_be_visible()
    checker.check(page, "module")
    module_id = page.url.rsplit("/", 1)[-1]
    bearer = {"Authorization": f"Bearer {api_key}"}
    edited = httpx.patch(f"{base}/v1/content/modules/{module_id}", json={"title": "Console level"}, headers=bearer)
    assert edited.headers["etag"] == '"2"'  # edited through the API while the form shows version 1
    page.get_by_role("button", name="Save (version 1)").click()
    expect(page.get_by_text("Your changes were not saved")).to_be_visible()
    expect(page.get_by_role("button", name="Save (version 2)")).to_be_visible()
    checker.check(page, "module-stale")
    page.get_by_role("link", name="The job that made it").click()
    page.get_by_role("link", name="All jobs").click()
    page.get_by_label("Source title contains").fill("console")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Console level")).to_be_visible()
    checker.check(page, "jobs")
    return str(job["id"])


def _upload_level(page: Page, tmp_path: Path) -> None:
    """Submit a level from a JSON file on the jobs page and watch it complete there."""
    level = tmp_path / "level.json"
    level.write_text(json.dumps(sample_payload("Uploaded level", lessons=2)), encoding="utf-8")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    page.get_by_label("Lesson JSON file").set_input_files(str(level))
    page.get_by_label("summary video").uncheck()
    page.get_by_label("expanded quiz").uncheck()
    page.get_by_label("Idempotency key (optional)").fill("uploaded-level-1")
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("heading", name="Uploaded level").wait_for()
    page.locator("[data-job-status]", has_text="completed").wait_for(timeout=90_000)
    assert page.locator("[data-job-status]").inner_text() == "completed"
    expect(page.get_by_role("link", name="Open the module page")).to_be_visible()


def _render_and_play(page: Page, base: str, org: OrgAccount, job_id: str, checker: PageChecker) -> None:
    page.goto(f"{base}/admin/orgs/{org.organization_id}/jobs/{job_id}")
    page.get_by_role("link", name="Video: render and play").click()
    page.get_by_role("button", name="Render the video").click()
    page.locator("[data-render-status]", has_text="rendered").wait_for(timeout=180_000)
    video = page.locator("video")
    video.wait_for()
    played = page.evaluate(
        "async () => { const v = document.querySelector('video'); v.muted = true; await v.play();"
        " await new Promise(r => setTimeout(r, 1200)); v.pause(); return v.currentTime; }"
    )
    assert played > 0.3
    checker.check(page, "video")
    page.get_by_role("link", name="The job that made it").click()
    page.get_by_role("link", name="Quiz and its exports").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as QTI").click()
    assert download.value.suggested_filename.endswith(".zip")
    checker.check(page, "quiz")


def _webhook(page: Page, receiver: Receiver, checker: PageChecker) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Webhooks").click()
    page.get_by_label("Receiver URL").fill(receiver.url)
    page.get_by_role("button", name="Add webhook").click()
    assert page.locator("#new-secret").inner_text().startswith("whsec_")
    checker.check(page, "webhooks")
    page.get_by_role("link", name="Deliveries").first.click()
    receiver.statuses = [503]
    page.get_by_role("button", name="Send a test event").click()
    page.locator("[data-delivery-status]", has_text="delivered").wait_for(timeout=60_000)
    assert page.locator("tr[data-attempt]").count() == 2
    expect(page.get_by_text("receiver answered HTTP 503")).to_be_visible()
    page.get_by_role("button", name="Redeliver").first.click()
    page.locator("tr[data-attempt]").nth(2).wait_for(timeout=60_000)
    page.locator("[data-delivery-status]", has_text="delivered").wait_for(timeout=60_000)
    assert len(receiver.requests) == 3
    checker.check(page, "webhook-deliveries")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Webhooks").click()
    page.get_by_role("link", name=f"Delete the webhook to {receiver.url}").click()
    expect(page.get_by_role("heading", name="Delete this webhook?")).to_be_visible()
    checker.check(page, "webhook-delete")
    page.get_by_role("button", name="Delete the webhook").click()
    expect(page.get_by_text("The webhook was deleted")).to_be_visible()


def _rotate_and_revoke(page: Page, base: str, first_key: str, checker: PageChecker) -> None:
    classrooms = f"{base}/v1/content/classrooms"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="API keys").click()
    page.get_by_role("button", name="Rotate integration").click()
    second_key = page.locator("#new-key").inner_text()
    assert httpx.get(classrooms, headers={"Authorization": f"Bearer {first_key}"}).status_code == 401
    assert httpx.get(classrooms, headers={"Authorization": f"Bearer {second_key}"}).status_code == 200
    page.get_by_role("link", name="Revoke integration").click()
    expect(page.get_by_role("button", name="Revoke the key")).to_be_visible()  # the page, not the one before
    checker.check(page, "key-revoke")
    page.get_by_role("button", name="Revoke the key").click()
    page.get_by_text("The key was revoked").wait_for()
    assert httpx.get(classrooms, headers={"Authorization": f"Bearer {second_key}"}).status_code == 401
    checker.check(page, "keys")


def _admins_and_errors(page: Page, base: str, other_org: str, checker: PageChecker) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admins").click()
    page.get_by_label("Email of the new admin").fill("colleague@example.com")
    page.get_by_role("button", name="Invite").click()
    assert page.locator("#invite-password").inner_text()
    checker.check(page, "admins")
    page.goto(f"{base}/admin/orgs/{other_org}/keys")
    expect(page.get_by_text("Request id:")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    checker.check(page, "error")


def _content(page: Page, base: str, checker: PageChecker) -> None:
    """A project, a model with several field types, a content in two languages, published, read back."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Content").click()
    page.get_by_label("Name").fill("Site")
    page.get_by_label("Languages").fill("en, es")
    page.get_by_role("button", name="Create project").click()
    read_token = page.locator("#read-token").inner_text()
    checker.check(page, "content-projects")
    page.get_by_role("link", name="Site").click()
    _enum(page, checker)
    page.get_by_role("link", name="Back to Site").click()
    expect(page.get_by_role("link", name="tone")).to_be_visible()
    checker.check(page, "content-project")
    model_form = page.locator("form", has=page.get_by_role("button", name="Create model"))
    model_form.get_by_label("Model name").fill("page")
    model_form.get_by_label("Name of field 2").fill("author")
    model_form.get_by_label("Type of field 2").select_option("relation")
    model_form.get_by_role("button", name="Create model").click()  # a relation to no model: refused
    expect(page.locator("#row-e1")).to_contain_text("Required for relation and enum fields")
    expect(model_form.get_by_label("Name of field 2")).to_have_value("author")  # the rows kept as typed
    checker.check(page, "content-project-refused")
    model_form.get_by_label("Model name").fill("page")
    model_form.get_by_label("Name of field 1").fill("title")
    model_form.get_by_label("required (field 1)").check()
    model_form.get_by_label("Name of field 2").fill("published")
    model_form.get_by_label("Type of field 2").select_option("date")
    model_form.get_by_label("Name of field 3").fill("views")
    model_form.get_by_label("Type of field 3").select_option("number")
    model_form.get_by_role("button", name="Create model").click()
    page.get_by_role("heading", name="Model page").wait_for()
    checker.check(page, "content-model")
    page.get_by_role("link", name="Contents of page").click()
    page.get_by_role("link", name="New page").click()
    page.get_by_label("Content name").fill("Home")
    page.get_by_role("button", name="Create draft").click()
    assert page.locator("#e-v-title").inner_text() == "Required"  # the Content API's rule, at its field
    page.get_by_label("title").fill("Welcome")
    page.get_by_label("published").fill("2026-12-01")
    page.get_by_label("views").fill("12")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_text("Saved.").wait_for()
    page.get_by_role("link", name="es", exact=True).click()
    page.get_by_label("title").fill("Bienvenida")
    page.get_by_role("button", name="Save es").click()
    page.wait_for_url("**language=es&saved=1")  # the page before said "Saved." too
    checker.check(page, "content-edit")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-content-status]")).to_have_text("published")  # the page before said "draft"
    api = {"Authorization": f"Bearer {read_token}"}
    (spanish,) = httpx.get(f"{base}/api/1.0/contents?contentType=page&language=es", headers=api).json()
    assert {f["name"]: f["value"] for f in spanish["fields"]}["title"] == "Bienvenida"
    (english,) = httpx.get(f"{base}/api/1.0/contents?contentType=page&language=en", headers=api).json()
    assert {f["name"]: f["value"] for f in english["fields"]} == {
        "title": "Welcome",
        "published": "2026-12-01",
        "views": 12,
    }
    page.get_by_role("link", name="Contents of page").click()
    page.wait_for_url("**/models/*/contents")
    checker.check(page, "content-list")
    page.get_by_role("link", name="Site").last.click()
    page.get_by_role("link", name="Preview what a read token returns").click()
    assert "Bienvenida" in page.locator("#preview-json").input_value()
    checker.check(page, "content-preview")


def _enum(page: Page, checker: PageChecker) -> None:
    """An enum created on the project page, then edited: a duplicate value refused at its row, then saved."""
    enum_form = page.locator("form", has=page.get_by_role("button", name="Create enum"))
    enum_form.get_by_label("Enum name").fill("tone")
    enum_form.get_by_label("Values, one per line").fill("calm\nbold")
    enum_form.get_by_role("button", name="Create enum").click()
    expect(page.get_by_role("heading", name="Model tone")).to_be_visible()
    page.get_by_label("Value 3").fill("Calm")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#e2-error")).to_have_text("Values must be unique (case-insensitive)")
    expect(page.get_by_label("Value 3")).to_have_value("Calm")  # shown as typed, at its row
    checker.check(page, "content-enum-refused")
    page.get_by_label("Value 3").fill("lively")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_label("Value 3")).to_have_value("lively")
    checker.check(page, "content-enum")


def _sign_out(page: Page, base: str) -> None:
    saved = next(c["value"] for c in page.context.cookies() if c["name"] == "jwt")
    page.goto(f"{base}/admin")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert not [c for c in page.context.cookies() if c["name"] == "jwt"]
    refused = httpx.get(f"{base}/v1/content/organizations", cookies={"jwt": saved})
    assert refused.status_code == 401  # the session ended on the server, not just in the browser
    page.context.add_cookies([{"name": "jwt", "value": saved, "url": base}])
    page.goto(f"{base}/admin")
    page.get_by_role("heading", name="Sign in").wait_for()  # the console refuses the saved cookie too


def test_an_admin_sets_up_an_integration_and_follows_it_from_the_console_alone(
    browser: Browser, base_url: str, org: OrgAccount, ctx: ServiceContext, receiver: Receiver, tmp_path: Path
) -> None:
    other = make_org(ctx, "South School", "south@example.com")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    aborted = offline(page)
    checker = PageChecker(for_docs=DOCS)
    _sign_in(page, base_url, org, checker)
    key = _create_key(page, checker)
    job_id = _follow_job(page, base_url, key, checker)
    _upload_level(page, tmp_path)
    _render_and_play(page, base_url, org, job_id, checker)
    _webhook(page, receiver, checker)
    _content(page, base_url, checker)
    _rotate_and_revoke(page, base_url, key, checker)
    _admins_and_errors(page, base_url, other.organization_id, checker)
    _sign_out(page, base_url)
    assert aborted == [] and errors == []
    context.close()
