"""The module page's practice section in Debian's headless Chromium, served by uvicorn: the level's quiz by form
(answer, results screen with what was missed, retry the missed ones), kept in the browser across a reload.

Set LESSONFORGE_UPDATE_SCREENSHOTS=1 to refresh docs/images/module-practice.png from this test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from lf_accounts import LiveServer
from lf_browser import chromium, offline
from lf_share import EXPANSIONS, public_path
from lf_support import sample_payload
from playwright.sync_api import expect

from lessonforge.worker.loop import Worker

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator

pytestmark = pytest.mark.slow
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "images" / "module-practice.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def level(server: LiveServer, worker: Worker, interface: str = "en") -> tuple[str, dict[str, Any]]:
    """The share URL of a level's module and the body of the quiz the same job filed."""
    headers = {"Authorization": f"Bearer {server.api_key}"}
    payload = {**sample_payload(lessons=5), "interfaceLanguage": interface}
    body = {"payload": payload, "requestedOutputs": ["interactive_module", "expanded_quiz"]}
    job = httpx.post(f"{server.base_url}{EXPANSIONS}", json=body, headers=headers).json()
    worker.drain()
    outputs = httpx.get(f"{server.base_url}{EXPANSIONS}/{job['id']}", headers=headers).json()["outputs"]
    by_type = {output["outputType"]: output for output in outputs}
    quiz_id = by_type["expanded_quiz"]["resourceId"]
    quiz: dict[str, Any] = httpx.get(f"{server.base_url}/v1/content/tests/{quiz_id}", headers=headers).json()["body"]
    return f"{server.base_url}{public_path(by_type['interactive_module']['manifest'])}", quiz


def answer(item: Locator, quiz_item: dict[str, Any], *, right: bool) -> None:
    """Answer one practice item of the page as a learner would, rightly or wrongly."""
    kind, correct = quiz_item["type"], quiz_item["correctAnswers"]
    if kind == "blank":
        item.locator("input").fill(correct[0] if right else "qqqqqqqqqq")
    elif kind == "matching":
        if right:
            for n, pair in enumerate(correct):
                item.locator("select").nth(n).select_option(label=pair["right"])
    else:
        wrong = [o for o in quiz_item["options"] if o not in correct]
        item.locator(".choice", has_text=correct[0] if right else wrong[0]).first.click()


def test_practice_answers_a_form_shows_results_with_what_was_missed_and_retries_the_missed_ones(
    browser: Browser, live_server: LiveServer, worker: Worker, tmp_path: Path
) -> None:
    url, quiz = level(live_server, worker)
    items = {item["id"]: item for item in quiz["items"]}
    form = [items[i] for i in quiz["forms"][0]["itemIds"]]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    aborted = offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    practice = page.locator("#practice")
    expect(practice).to_be_visible()
    options = practice.locator("[data-form-picker] option")
    assert (
        options.count() == len(quiz["forms"]) > 1 and practice.locator("[data-form-picker]").input_value() == "form-1"
    )
    shown = practice.locator("[data-form]:not([hidden]) [data-item]")
    assert shown.count() == len(form)
    for n, quiz_item in enumerate(form):
        answer(shown.nth(n), quiz_item, right=n == 0)
    practice.get_by_role("button", name="Check my answers").first.click()
    results = practice.locator("[data-results]")
    expect(results).to_be_visible()
    expect(results).to_be_focused()
    assert results.locator("[data-result-score]").inner_text() == f"Score: 1 / {len(form)}"
    missed = results.locator("[data-missed] > li")
    assert missed.count() == len(form) - 1
    second = form[1]
    entry = missed.nth(0).inner_text()
    assert "Right answer:" in entry and second["explanation"] in entry
    shot = SCREENSHOT if os.environ.get("LESSONFORGE_UPDATE_SCREENSHOTS") else tmp_path / SCREENSHOT.name
    practice.locator("[data-practice]").screenshot(path=str(shot))

    results.get_by_role("button", name="Retry the missed ones").click()
    assert results.is_hidden()
    visible = practice.locator("[data-form]:not([hidden]) [data-item]:not([hidden])")
    assert visible.count() == len(form) - 1
    assert page.evaluate("document.activeElement.closest('[data-item]').getAttribute('data-item')") == second["id"]
    for n, quiz_item in enumerate(form[1:]):
        answer(visible.nth(n), quiz_item, right=True)
    practice.get_by_role("button", name="Check my answers").first.click()
    assert results.locator("[data-result-score]").inner_text() == f"Score: {len(form) - 1} / {len(form) - 1}"
    assert results.locator("[data-missed] > li").count() == 0
    assert results.get_by_role("button", name="Retry the missed ones").is_hidden()

    page.reload()
    assert practice.locator("[data-best]").inner_text() == f"Best score on this version: 1 / {len(form)}"
    practice.locator("[data-form-picker]").select_option("form-2")
    assert practice.locator("[data-form]:not([hidden])").get_attribute("data-form") == "form-2"
    assert practice.locator("[data-best]").inner_text() == ""
    assert aborted == [] and errors == []
    page.close()


def test_practice_is_operable_by_keyboard_alone(browser: Browser, live_server: LiveServer, worker: Worker) -> None:
    url, quiz = level(live_server, worker)
    first = next(item for item in quiz["items"] if item["id"] == quiz["forms"][0]["itemIds"][0])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.locator("[data-form-picker]").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-item]')"):
            break
    item = page.locator("#practice [data-item]").first
    assert page.evaluate("document.activeElement.closest('[data-item]').getAttribute('data-item')") == first["id"]
    if first["type"] in ("select", "true-false"):
        page.keyboard.press("Enter")
        assert item.locator('.choice[aria-pressed="true"]').count() == 1
    elif first["type"] == "blank":
        page.keyboard.type(first["correctAnswers"][0])
    page.locator("#practice [data-check-answers]").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#practice [data-results]")).to_be_visible()
    page.close()
