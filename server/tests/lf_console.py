"""Test-side console helpers: the CSRF token of a page, signing in through the form."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def console_sign_in(client: TestClient, org: OrgAccount) -> httpx.Response:
    """Sign in through the console's form; the answer is the page it lands on."""
    form = client.get("/admin/login")
    data = {"email": org.email, "password": org.password, "csrf": csrf_of(form.text), "next": "/admin"}
    response = client.post("/admin/login", data=data)
    assert response.status_code == 200, response.text
    return response


def post_form(
    client: TestClient, path: str, data: dict[str, str] | None = None, *, page: str | None = None
) -> httpx.Response:
    """POST a console form with the CSRF token of the page it sits on (``page``, default ``path``)."""
    token = csrf_of(client.get(page or path).text)
    return client.post(path, data={"csrf": token, **(data or {})})
