"""The module page's drills and listening in Debian's headless Chromium, served by uvicorn: self-graded cards
that come back, typed recall (case, spaces, accents, near misses), play buttons whose clips the server speaks,
matching at 360 px, reset with confirmation, and axe-core at 1280 and 360 px in light and dark mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import httpx
import pytest
from lf_accounts import LiveServer
from lf_browser import chromium, offline, serious_violations
from lf_share import EXPANSIONS, public_path
from lf_support import require_tool, sample_payload
from playwright.sync_api import expect

from lessonforge.worker.loop import Worker

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def module_url(server: LiveServer, worker: Worker) -> str:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    payload = {**sample_payload(lessons=5), "interfaceLanguage": "en"}
    body = {"payload": payload, "requestedOutputs": ["interactive_module", "expanded_quiz"]}
    job = httpx.post(f"{server.base_url}{EXPANSIONS}", json=body, headers=headers).json()
    worker.drain()
    outputs = httpx.get(f"{server.base_url}{EXPANSIONS}/{job['id']}", headers=headers).json()["outputs"]
    module = next(output for output in outputs if output["outputType"] == "interactive_module")
    return f"{server.base_url}{public_path(module['manifest'])}"


def opened(browser: Browser, url: str, width: int = 1280, height: int = 900) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    aborted = offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return page, aborted, errors


def current_drill(page: Page) -> str | None:
    found: str | None = page.locator("[data-drill-card]:not([hidden])").first.get_attribute("data-drill-card")
    return found


def test_a_card_graded_not_yet_comes_back_later_in_the_session_and_known_cards_stay_known(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    page, aborted, errors = opened(browser, module_url(live_server, worker))
    drill = page.locator("[data-drill]")
    count = drill.locator("[data-drill-count]")
    assert count.inner_text() == "8 cards to go · 0 known"  # 4 cards, both ways
    assert current_drill(page) == "1-tm" and "hola" in drill.locator("[data-drill-card='1-tm']").inner_text()
    answer = drill.locator("[data-drill-card='1-tm'] .drill-answer")
    assert answer.is_hidden()
    drill.get_by_role("button", name="Show the answer").click()
    assert answer.is_visible() and "hello" in answer.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Knew it"
    drill.get_by_role("button", name="Not yet").click()
    assert drill.locator("[data-drill-status]").inner_text() == "Not yet: this card comes back in a moment."
    seen = []
    for _ in range(3):
        seen.append(current_drill(page))
        drill.get_by_role("button", name="Show the answer").click()
        page.keyboard.press("Enter")  # focus is on "Knew it"
    assert seen == ["2-tm", "3-tm", "4-tm"]
    assert current_drill(page) == "1-tm"  # the card not known yet is back
    assert count.inner_text() == "5 cards to go · 3 known"
    page.reload()
    assert count.inner_text() == "5 cards to go · 3 known" and current_drill(page) == "1-tm"
    for _ in range(5):
        drill.get_by_role("button", name="Show the answer").click()
        drill.get_by_role("button", name="Knew it").click()
    reverse = page.locator("[data-drill-card='1-mt']")
    assert "hello" in reverse.locator(".drill-face").first.inner_text()  # meaning → term
    assert drill.locator("[data-drill-status]").inner_text() == "Every card known. Well done!"
    expect(drill.get_by_role("button", name="Start the cards again")).to_be_visible()
    assert aborted == [] and errors == []
    page.close()


def test_typed_recall_forgives_case_spaces_and_accents_with_a_hint_and_says_how_near_a_miss_is(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    page, aborted, errors = opened(browser, module_url(live_server, worker))
    recall = page.locator("[data-recall]")
    field = recall.get_by_label("Your answer")
    verdict = recall.locator("[data-recall-verdict]")
    assert field.get_attribute("lang") == "es"
    assert recall.locator("[data-recall-card]:not([hidden])").inner_text() == "hello"
    field.fill("  HOLA ")
    field.press("Enter")
    assert verdict.inner_text() == "Correct!"
    recall.get_by_role("button", name="Next term").click()
    assert recall.locator("[data-recall-card]:not([hidden])").inner_text() == "goodbye"
    field.fill("adios")
    recall.get_by_role("button", name="Check", exact=True).click()
    assert verdict.inner_text() == "Right — mind the accents: adiós"
    assert verdict.locator("[lang=es]").inner_text() == "adiós"
    field.fill("adiós")
    field.press("Enter")
    assert verdict.inner_text() == "Correct!"
    recall.get_by_role("button", name="Next term").click()
    field.fill("gracia")
    field.press("Enter")
    assert verdict.inner_text() == "So close: 1 letter off. The answer is: gracias."
    field.fill("gacia")
    field.press("Enter")
    assert verdict.inner_text() == "So close: 2 letters off. The answer is: gracias."
    field.fill("zzz")
    field.press("Enter")
    assert verdict.inner_text() == "Not quite. The answer is: gracias."
    assert recall.locator("[data-recall-count]").inner_text() == "Term 3 of 4 · 2 typed right"
    assert aborted == [] and errors == []
    page.close()


def test_every_course_language_term_example_and_turn_has_a_play_button_whose_clip_the_server_speaks(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    require_tool("espeak-ng")
    require_tool("ffmpeg")
    url = module_url(live_server, worker)
    page, aborted, errors = opened(browser, url)
    first_card = page.locator("[data-deck] .card-item").first
    buttons = first_card.locator("[data-say]")
    assert buttons.count() == 2  # "hola" and its example "hola, Ana"
    assert page.locator(".turn [data-say]").count() == page.locator(".turn").count() > 0
    assert page.locator(".reveal [data-say]").count() == page.locator(".reveal").count() > 0
    clip = urljoin(url, buttons.first.get_attribute("data-say") or "")
    with page.expect_response(clip) as answered:
        buttons.first.focus()
        page.keyboard.press("Enter")
    assert answered.value.status in (200, 206)  # the media element may ask for a byte range
    assert answered.value.headers["content-type"].startswith("audio/")
    fetched = httpx.get(clip)
    assert fetched.status_code == 200 and fetched.headers["content-type"] == "audio/ogg"
    assert fetched.content.startswith(b"OggS") and len(fetched.content) > 500
    assert fetched.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert httpx.get(clip).content == fetched.content  # the cached file, named by its content
    assert not buttons.first.is_disabled()
    unknown = clip.rsplit("/", 1)[0] + "/" + "0" * 32 + ".ogg"
    assert httpx.get(unknown).status_code == 404
    assert aborted == [] and errors == []
    page.close()


def test_a_clip_that_cannot_be_played_disables_its_button_and_the_page_keeps_working(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    url = module_url(live_server, worker)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/audio/**", lambda route: route.fulfill(status=404, body=""))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    button = page.locator("[data-say]").first
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-say]').disabled"
    )  # a function: an expression string is eval'd, which the page's CSP refuses
    assert button.inner_text().endswith("Audio not available")
    page.locator("[data-deck] [data-flip]").first.click()
    assert page.locator("[data-deck] .flashcard").first.get_attribute("aria-pressed") == "true"
    assert errors == []
    page.close()


def test_matching_at_360_px_names_both_columns_and_keeps_the_status_message_in_view(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    page, aborted, errors = opened(browser, module_url(live_server, worker), width=360, height=640)
    box = page.locator("[data-matching]").first
    heads = box.locator(".col-head")
    assert [head.casefold() for head in heads.all_inner_texts()] == ["terms", "meanings"]
    expect(heads.first).to_be_visible()
    expect(heads.last).to_be_visible()
    terms, meanings = box.get_by_role("group", name="Terms"), box.get_by_role("group", name="Meanings")
    assert terms.count() == 1 and meanings.count() == 1
    first = box.locator(".match-left").first
    first.scroll_into_view_if_needed()
    first.click()
    status = box.locator("[data-status]")
    assert status.inner_text() == "Now choose its meaning."
    shown = status.bounding_box()
    assert shown is not None and shown["y"] >= 0 and shown["y"] + shown["height"] <= 640, shown
    assert aborted == [] and errors == []
    page.close()


def test_reset_asks_for_confirmation_and_forgets_progress_only_when_confirmed(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    page, _, _ = opened(browser, module_url(live_server, worker))
    drill = page.locator("[data-drill]")
    drill.get_by_role("button", name="Show the answer").click()
    drill.get_by_role("button", name="Knew it").click()
    count = drill.locator("[data-drill-count]")
    assert count.inner_text() == "7 cards to go · 1 known"
    messages: list[str] = []

    def answer(dialog: Dialog, accept: bool) -> None:
        messages.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Reset my progress").click()
    assert messages == ["Reset my progress? Your answers, scores and cards on this page will be forgotten."]
    page.reload()
    assert count.inner_text() == "7 cards to go · 1 known"
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    with page.expect_navigation():
        page.get_by_role("button", name="Reset my progress").click()
    assert count.inner_text() == "8 cards to go · 0 known"
    page.close()


def _axe_everywhere(page: Page) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            found[f"{scheme}@{width}"] = serious_violations(page)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def _interact(page: Page) -> None:
    practice = page.locator("[data-practice]")
    practice.locator("[data-form]:not([hidden]) .choice").first.click()
    practice.get_by_role("button", name="Check my answers").first.click()
    drill = page.locator("[data-drill]")
    drill.get_by_role("button", name="Show the answer").click()
    recall = page.locator("[data-recall]")
    recall.get_by_label("Your answer").fill("adios")
    recall.get_by_role("button", name="Check", exact=True).click()
    page.locator("[data-matching] .match-left").first.click()
    page.locator("[data-quiz] .choice").first.click()
    page.locator("[data-deck] [data-flip]").first.click()
    page.locator("[data-reveal]").first.click()


def test_axe_core_finds_no_serious_violation_before_or_after_practice_at_both_widths_in_both_schemes(
    browser: Browser, live_server: LiveServer, worker: Worker
) -> None:
    page, aborted, errors = opened(browser, module_url(live_server, worker))
    before = _axe_everywhere(page)
    _interact(page)
    after = _axe_everywhere(page)
    assert before == {k: [] for k in before}, before
    assert after == {k: [] for k in after}, after
    assert aborted == [] and errors == []
    page.close()
