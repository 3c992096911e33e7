"""The HTML 404 of an unknown share link speaks the browser's language: the catalogue language that best matches
``Accept-Language`` (q weights, regional variants), English otherwise; ``lang`` on ``<html>``,
``Content-Language``, and ``Vary: Accept-Language`` so no cache serves one language to another browser."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
PAGES = {"module": "/share/module/no-such-token", "video": "/share/video/no-such-token"}
HEADINGS = {
    ("fr", "module"): "Ce module n\u2019est pas disponible",
    ("fr", "video"): "Cette vidéo n\u2019est pas disponible",
    ("de", "module"): "Dieses Modul ist nicht verfügbar",
    ("de", "video"): "Dieses Video ist nicht verfügbar",
    ("en", "module"): "This module is not available",
    ("en", "video"): "This video is not available",
}


def _page(client: TestClient, kind: str, accept_language: str | None) -> tuple[str, dict[str, str]]:
    headers = {"Accept": BROWSER, **({"Accept-Language": accept_language} if accept_language else {})}
    response = client.get(PAGES[kind], headers=headers)
    assert response.status_code == 404 and response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text, dict(response.headers)


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"),
        ("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7", "de"),
        ("en;q=0.1, de", "de"),  # weights, not order
        ("es;q=0, fr;q=0.3", "fr"),  # q=0: not acceptable
    ],
)
def test_a_french_or_german_browser_gets_the_404_in_its_language(
    client: TestClient, kind: str, accept_language: str, language: str
) -> None:
    text, headers = _page(client, kind, accept_language)
    assert f'<html lang="{language}">' in text
    assert f"<h1>{HEADINGS[(language, kind)]}</h1>" in text
    assert headers["content-language"] == language
    assert "Accept-Language" in [v.strip() for v in headers["vary"].split(",")]
    assert headers["cache-control"] == "no-store"
    english = ("not available", "not found", "share link", "Ask the person")
    assert not [word for word in english if word in text]


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("accept_language", [None, "zh-CN, ja;q=0.8", "*"])
def test_a_browser_asking_for_no_catalogue_language_gets_english(
    client: TestClient, kind: str, accept_language: str | None
) -> None:
    text, headers = _page(client, kind, accept_language)
    assert '<html lang="en">' in text and HEADINGS[("en", kind)] in text
    assert headers["content-language"] == "en"


def test_the_advice_and_title_are_translated_too(client: TestClient) -> None:
    text, _ = _page(client, "module", "de")
    assert "<title>Modul nicht gefunden</title>" in text
    assert "Frag die Person, die ihn geteilt hat, nach einem neuen Link." in text
    text, _ = _page(client, "video", "fr-CA")
    assert "<title>Vidéo introuvable</title>" in text and "Demandez un nouveau lien" in text


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_api_clients_still_get_the_json_error_whatever_their_language(client: TestClient, kind: str) -> None:
    headers = {"Accept": "application/json", "Accept-Language": "fr"}
    response = client.get(PAGES[kind], headers=headers)
    assert response.status_code == 404 and response.json()["error"]["code"] == "content_not_found"


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_the_openapi_document_names_the_headers_the_404_is_chosen_by(client: TestClient, kind: str) -> None:
    path = f"/share/{kind}/{{share_token}}"
    operation = client.get("/openapi.json").json()["paths"][path]["get"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert {"Accept", "Accept-Language"} <= headers
