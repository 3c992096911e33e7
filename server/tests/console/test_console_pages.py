"""The console's pages in process: sign-in on the API's session, CSRF-checked forms, keys shown once,
validation inline from the service's rules, readable errors with their request id."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org
from lf_console import console_sign_in, csrf_of, post_form

from lessonforge.services.context import ServiceContext


def test_an_anonymous_visit_is_sent_to_the_sign_in_page_and_back_after_signing_in(
    client: TestClient, org: OrgAccount
) -> None:
    first = client.get(f"/admin/orgs/{org.organization_id}/keys", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == f"/admin/login?next=/admin/orgs/{org.organization_id}/keys"
    form = client.get(first.headers["location"])
    data = {"email": org.email, "password": org.password, "csrf": csrf_of(form.text), "next": "/admin/x"}
    landed = client.post("/admin/login", data={**data, "next": f"/admin/orgs/{org.organization_id}/keys"})
    assert landed.status_code == 200 and "<h1>API keys</h1>" in landed.text
    assert client.get("/v1/content/organizations").status_code == 200  # the same session cookie as the API


def test_a_wrong_password_is_shown_on_the_form_with_the_request_id(client: TestClient, org: OrgAccount) -> None:
    form = client.get("/admin/login")
    data = {"email": org.email, "password": "wrong-password", "csrf": csrf_of(form.text), "next": "/admin"}
    answer = client.post("/admin/login", data=data)
    assert answer.status_code == 401
    assert "Invalid email or password" in answer.text
    assert answer.headers["x-request-id"] in answer.text


def test_a_form_without_its_csrf_token_is_refused(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    refused = client.post(f"/admin/orgs/{org.organization_id}/keys", data={"name": "x", "csrf": "forged"})
    assert refused.status_code == 403 and "security token" in refused.text
    login = client.post("/admin/login", data={"email": org.email, "password": org.password})
    assert login.status_code == 403


def test_a_new_key_is_shown_once_then_listed_by_prefix_only(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    keys = f"/admin/orgs/{org.organization_id}/keys"
    created = post_form(client, keys, {"name": "LMS importer", "rateLimitPerMinute": "120"})
    assert created.status_code == 200
    secret = re.search(r"tf_content_[0-9A-Za-z]{32}", created.text)
    assert secret and "you will not see this again" in created.text
    assert created.headers["cache-control"] == "no-store"
    listed = client.get(keys).text
    assert secret.group(0) not in listed and secret.group(0)[:23] in listed and ">120<" in listed
    assert client.get("/v1/content/classrooms", headers={"Authorization": f"Bearer {secret.group(0)}"}).is_success


def test_key_fields_are_checked_by_the_same_rules_as_the_api_and_shown_inline(
    client: TestClient, org: OrgAccount
) -> None:
    console_sign_in(client, org)
    answer = post_form(client, f"/admin/orgs/{org.organization_id}/keys", {"name": "", "rateLimitPerMinute": "0"})
    assert answer.status_code == 400
    assert 'aria-invalid="true"' in answer.text
    assert "Give the key a name of 1 to 200 characters" in answer.text
    assert "Choose a limit from 1 to 10000 requests per minute" in answer.text
    api = client.post(
        f"/v1/content/organizations/{org.organization_id}/api-keys", json={"name": "x", "rateLimitPerMinute": 0}
    )
    assert api.status_code == 400


def test_rotating_and_revoking_after_confirmation_stop_the_old_key(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    keys = f"/admin/orgs/{org.organization_id}/keys"
    first = re.search(r"tf_content_\w{32}", post_form(client, keys, {"name": "k"}).text)
    assert first
    key_id = re.search(rf"{keys}/([0-9a-f-]+)/rotate", client.get(keys).text)
    assert key_id
    rotated = post_form(client, f"{keys}/{key_id.group(1)}/rotate", page=keys)
    second = re.search(r"tf_content_\w{32}", rotated.text)
    assert second and second.group(0) != first.group(0) and "was rotated" in rotated.text
    bearer = {"Authorization": f"Bearer {first.group(0)}"}
    assert client.get("/v1/content/classrooms", headers=bearer).status_code == 401
    new_id = re.search(rf"{keys}/([0-9a-f-]+)/revoke", client.get(keys).text)
    assert new_id
    confirm = client.get(f"{keys}/{new_id.group(1)}/revoke")
    assert "cannot be undone" in confirm.text
    done = client.post(f"{keys}/{new_id.group(1)}/revoke", data={"csrf": csrf_of(confirm.text)})
    assert done.status_code == 200 and "was revoked" in done.text
    assert (
        client.get("/v1/content/classrooms", headers={"Authorization": f"Bearer {second.group(0)}"}).status_code == 401
    )


def test_an_admin_invites_a_new_admin_who_signs_in_with_the_one_time_password(
    client: TestClient, org: OrgAccount
) -> None:
    console_sign_in(client, org)
    admins = f"/admin/orgs/{org.organization_id}/admins"
    invited = post_form(client, admins, {"email": "Second@Example.com"})
    password = re.search(r'id="invite-password" class="secret-value">([^<]+)<', invited.text)
    assert password and "you will not see this again" in invited.text
    again = post_form(client, admins, {"email": "second@example.com"})
    assert again.status_code == 409 and "already an admin" in again.text
    client.cookies.clear()
    second = OrgAccount(org.organization_id, org.classroom_id, "", "second@example.com", password.group(1))
    assert org.organization_id in console_sign_in(client, second).text


def test_another_organization_is_forbidden_with_a_readable_page(
    client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    other = make_org(ctx, "South School", "south@example.com")
    console_sign_in(client, org)
    answer = client.get(f"/admin/orgs/{other.organization_id}/keys")
    assert answer.status_code == 403 and answer.headers["content-type"].startswith("text/html")
    assert "cannot manage the organization" in answer.text and answer.headers["x-request-id"] in answer.text
    missing = client.get("/admin/no-such-page")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_a_long_key_list_is_shown_a_page_at_a_time_with_links_between_pages(
    client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    from lessonforge.console.web import LIST_PAGE_SIZE
    from lessonforge.services import keys

    for number in range(LIST_PAGE_SIZE + 3):
        keys.create_key(ctx, org.organization_id, f"importer-{number:02d}", 60)
    console_sign_in(client, org)
    listed = f"/admin/orgs/{org.organization_id}/keys"
    first, second = client.get(listed).text, client.get(f"{listed}?page=2").text
    rows = re.compile(r"<td>importer-\d\d</td>")
    assert len(rows.findall(first)) == LIST_PAGE_SIZE and 'href="?page=2" rel="next"' in first
    assert len(rows.findall(first)) + len(rows.findall(second)) == LIST_PAGE_SIZE + 3
    assert 'href="?page=1" rel="prev"' in second
    assert 'rel="next"' not in second
    assert len(rows.findall(client.get(f"{listed}?page=x").text)) == LIST_PAGE_SIZE  # not a number: the first page
