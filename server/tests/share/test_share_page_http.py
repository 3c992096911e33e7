"""The share page over HTTP: status, headers, every lesson in order, nothing external, inert lesson text."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_share import XSS_TITLE, completed_module, lesson_titles, public_path, share_payload

from lessonforge.worker.loop import Worker

EXTERNAL_ATTR = re.compile(r"""\b(?:src|href|action|srcset|poster)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!data:)", re.I)


@pytest.fixture
def module_manifest(client: TestClient, bearer: dict[str, str], worker: Worker) -> dict[str, Any]:
    return completed_module(client, bearer, worker, share_payload())


def test_the_public_url_serves_a_self_contained_page_without_auth(
    client: TestClient, module_manifest: dict[str, Any]
) -> None:
    response = client.get(public_path(module_manifest))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "private, max-age=60"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    csp = [part.strip() for part in response.headers["content-security-policy"].split(";")]
    for directive in ("default-src 'none'", "style-src 'unsafe-inline'", "script-src 'unsafe-inline'", "img-src data:"):
        assert directive in csp
    page = response.text
    assert page.startswith("<!doctype html>") and '<html lang="es">' in page
    assert not EXTERNAL_ATTR.search(page) and not CSS_URL.search(page)
    assert "@import" not in page and "@font-face" not in page


def test_every_lesson_title_appears_in_order(client: TestClient, module_manifest: dict[str, Any]) -> None:
    page = client.get(public_path(module_manifest)).text
    headings = [html.unescape(h) for h in re.findall(r"<h2 id=\"s\d+-h\">(.*?)</h2>", page)]
    assert headings == lesson_titles(share_payload())


def test_a_hostile_lesson_title_is_rendered_inert(client: TestClient, module_manifest: dict[str, Any]) -> None:
    page = client.get(public_path(module_manifest)).text
    assert XSS_TITLE not in page and "<script>alert" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 2  # the JSON data block and the page's own script
    data = re.search(r'<script type="application/json" id="lf-data">(.*?)</script>', page, re.S)
    assert data and "<" not in data.group(1)


def test_every_activity_kind_is_rendered(client: TestClient, module_manifest: dict[str, Any]) -> None:
    page = client.get(public_path(module_manifest)).text
    for kind in ("flashcards", "matching", "reveal_cards", "dialogue", "quiz", "review", "content"):
        assert f"activity-{kind}" in page
    for text in ("hola", "thank you", "Spaniards greet with two kisses.", 'type="checkbox"'):
        assert text in page
    assert '<span lang="es">hola</span> = hello' in page  # the course-language part of a sentence is marked


def test_the_page_reflects_edits_to_the_module_body(
    client: TestClient, bearer: dict[str, str], module_manifest: dict[str, Any]
) -> None:
    api = module_manifest["urls"]["apiUrl"].removeprefix("http://testserver")
    body = client.get(api, headers=bearer).json()["body"]
    body["sections"][1]["title"] = "Edited check & balance"
    assert client.patch(api, json={"body": body}, headers=bearer).status_code == 200
    assert '<h2 id="s2-h">Edited check &amp; balance</h2>' in client.get(public_path(module_manifest)).text


def test_an_unknown_token_is_a_json_404_for_api_clients_and_an_html_404_for_browsers(client: TestClient) -> None:
    api = client.get("/share/module/no-such-token", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "content_not_found"
    browser = client.get("/share/module/no-such-token", headers={"Accept": "text/html,application/xhtml+xml,*/*"})
    assert browser.status_code == 404 and browser.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in browser.headers["content-security-policy"]
    assert "not available" in browser.text and "<script" not in browser.text
