"""The share page in a real headless Chromium: keyboard flashcards, quiz, self-check, progress kept across reloads,
and not a single request leaving the page, served by uvicorn or opened from disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import LiveServer
from lf_share import CHROMIUM_ARGS, EXPANSIONS, override_messages, public_path, require_chromium, share_payload
from playwright.sync_api import expect

from lessonforge.generation.module_page import render_module_page
from lessonforge.worker.loop import Worker

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow
SCREENSHOT = Path("/tmp/share-page.png")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


class Watched:
    """A page with every request and console error it produced."""

    def __init__(self, browser: Browser) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1000, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))


def _completed_module(base: str, api_key: str, worker: Worker) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_key}"}
    body = {"payload": share_payload(), "requestedOutputs": ["interactive_module"]}
    job = httpx.post(f"{base}{EXPANSIONS}", json=body, headers=headers).json()
    worker.drain()
    done = httpx.get(f"{base}{EXPANSIONS}/{job['id']}", headers=headers).json()
    manifest: dict[str, Any] = done["outputs"][0]["manifest"]
    return manifest


def _focus_first_flashcard(page: Page) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('flashcard')"):
            return
    raise AssertionError("no flashcard is reachable with Tab")


def _focused(page: Page, attribute: str) -> str | None:
    value: str | None = page.evaluate(f"document.activeElement.getAttribute({attribute!r})")
    return value


def _use_the_page(page: Page) -> None:
    _focus_first_flashcard(page)
    assert _focused(page, "data-card") == "card-l1-1"
    page.keyboard.press("Enter")
    assert _focused(page, "aria-pressed") == "true"
    assert page.locator("#s1 .deck-count").inner_text() == "Tarjeta 1 de 4 · 1 vista"  # the module is Spanish
    page.keyboard.press("ArrowRight")
    assert _focused(page, "data-card") == "card-l1-2"
    page.keyboard.press(" ")
    assert _focused(page, "aria-pressed") == "true"
    assert page.locator("#s1 [data-seen]").inner_text() == "2"
    assert page.locator("#s1 .deck-count").inner_text() == "Tarjeta 2 de 4 · 2 vistas"  # plural
    question = page.locator('[data-question="q-l2-1"]')
    expect(question.locator(".explanation")).to_be_hidden()
    question.get_by_role("button", name="hola").click()
    expect(question.locator(".explanation")).to_be_visible()
    expect(question.locator(".verdict")).to_have_text("¡Correcto!")
    assert page.locator("#s2 [data-score]").inner_text() == "1"
    assert page.locator("#s2 .score").inner_text() == "Puntuación: 1 / 1"
    assert "Cuestionario: 1 de 1 (1 respondida)" in page.locator("#lf-progress").inner_text()  # singular
    page.locator('[data-check="check-l3-1"]').check()
    turns = page.locator("#s5 .turn")
    expect(turns.nth(0)).to_be_visible()
    expect(turns.nth(1)).to_be_hidden()
    assert page.locator("#s5 [data-dialogue-pos]").inner_text() == "Línea 1 de 2."
    page.locator("#s5").get_by_role("button", name="Siguiente línea").click()
    expect(turns.nth(1)).to_be_visible()
    expect(page.locator("#s5 [data-step=next]")).to_be_disabled()
    assert page.locator("#s5 [data-dialogue-pos]").inner_text() == "Línea 2 de 2: fin del diálogo."


def _assert_restored(page: Page) -> None:
    assert page.locator("#s1 [data-seen]").inner_text() == "2"
    assert page.locator("#s2 [data-score]").inner_text() == "1"
    expect(page.locator('[data-question="q-l2-1"] .explanation')).to_be_visible()
    assert page.locator('[data-check="check-l3-1"]').is_checked()
    assert not page.locator('[data-check="check-l3-2"]').is_checked()
    assert page.locator("#lf-progress").inner_text() == (
        "Tu progreso — Tarjetas vistas: 2 de 4 · Cuestionario: 1 de 1 (1 respondida) · Autoevaluación: 1 de 2"
    )


def test_the_served_page_works_by_keyboard_and_restores_progress_after_a_reload(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    manifest = _completed_module(live_server.base_url, live_server.api_key, worker)
    url = f"{live_server.base_url}{public_path(manifest)}"  # the manifest names the worker's public base URL
    watched = Watched(browser)
    response = watched.page.goto(url)
    assert response is not None and response.status == 200, response and response.status
    watched.page.wait_for_selector("html[lang=es] #s1 .flashcard")
    _use_the_page(watched.page)
    watched.page.screenshot(path=str(SCREENSHOT), full_page=True)
    watched.page.reload()
    _assert_restored(watched.page)
    assert watched.requests == [url, url]  # the page itself, twice: nothing else ever leaves it
    assert watched.errors == []
    watched.page.close()


def test_a_saved_copy_works_offline_from_disk(
    browser: Browser, client: TestClient, bearer: dict[str, str], worker: Worker, tmp_path: Path
) -> None:
    job = client.post(EXPANSIONS, json={"payload": share_payload()}, headers=bearer).json()
    worker.drain()
    manifest = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()["outputs"][0]["manifest"]
    saved = tmp_path / "module.html"
    saved.write_bytes(client.get(public_path(manifest)).content)
    watched = Watched(browser)
    watched.page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
    )
    watched.page.goto(saved.as_uri())
    _use_the_page(watched.page)
    watched.page.reload()
    _assert_restored(watched.page)
    assert watched.requests == [saved.as_uri(), saved.as_uri()]
    assert watched.errors == []
    watched.page.close()


FRENCH_BODY: dict[str, Any] = {
    "title": "Premiers pas",
    "language": "fr-CA",
    "interfaceLanguage": "fr-CA",
    "sections": [
        {
            "title": "Les animaux",
            "activities": [
                {"kind": "flashcards", "cards": [{"id": "c1", "front": "chat", "back": "cat"},
                                                 {"id": "c2", "front": "chien", "back": "dog"}]},
                {"kind": "quiz", "questions": [{"id": "q1", "prompt": "cat?", "choices": ["chat", "chien"],
                                                "answerIndex": 0}]},
            ],
        }
    ],
}  # fmt: skip
NBSP = "\u00a0"


def _open_from_disk(browser: Browser, tmp_path: Path, page_html: str) -> Watched:
    saved = tmp_path / "module.html"
    saved.write_text(page_html, encoding="utf-8")
    watched = Watched(browser)
    watched.page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
    )
    watched.page.goto(saved.as_uri())
    return watched


def test_the_script_speaks_the_module_language_with_its_plural_rule(browser: Browser, tmp_path: Path) -> None:
    """French: the dynamic texts (deck count, verdict, progress) come from the page's labels; 0 and 1 are singular."""
    watched = _open_from_disk(browser, tmp_path, render_module_page(FRENCH_BODY, "fr-token"))
    page = watched.page
    deck = page.locator(".deck-count")
    assert deck.inner_text() == "Carte 1 sur 2 · 0 vue"
    page.get_by_role("button", name="Retourner").click()
    assert deck.inner_text() == "Carte 1 sur 2 · 1 vue"
    page.get_by_role("button", name="Carte suivante →").click()
    page.get_by_role("button", name="Retourner").click()
    assert deck.inner_text() == "Carte 2 sur 2 · 2 vues"
    page.get_by_role("button", name="chien").click()
    verdict = page.locator('[data-question="q1"] .verdict').inner_text()
    assert verdict == f"Pas tout à fait. La bonne réponse est{NBSP}: chat."
    assert page.locator("#lf-progress").inner_text() == (
        f"Votre progression — Cartes vues{NBSP}: 2 sur 2 · Score au quiz{NBSP}: 0 sur 1 (1 réponse)"
    )
    assert watched.requests == [(tmp_path / "module.html").as_uri()] and watched.errors == []
    watched.page.close()


def test_a_label_with_markup_is_shown_as_text_by_the_script(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = '<img src="data:," data-injected>¡Bien!'
    override_messages(monkeypatch, "fr", {"Correct!": hostile})
    watched = _open_from_disk(browser, tmp_path, render_module_page(FRENCH_BODY, "fr-token"))
    watched.page.get_by_role("button", name="chat", exact=True).click()
    assert watched.page.locator('[data-question="q1"] .verdict').inner_text() == hostile
    assert watched.page.locator("[data-injected]").count() == 0 and watched.errors == []
    watched.page.close()
