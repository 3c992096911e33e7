"""Language of parts in a real Chromium: a Spanish course for French speakers, with its practice quiz and play
buttons, shows no English interface word (even after the script has spoken), the page's lang is French, and every
Spanish text sits in a lang="es" span — also as the quiz writes it (quoted without its final period, with a blank)
— while no French word of the quiz does.

Set LESSONFORGE_UPDATE_SCREENSHOTS=1 to refresh docs/images/module-page-fr.png from this test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from babel.messages.pofile import read_po
from lf_browser import chromium
from lf_examples import EXAMPLES, example

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation._quiz_items import BLANK
from lessonforge.generation.module_page import render_module_page
from lessonforge.i18n import translator

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow
SCREENSHOT = EXAMPLES.parent / "images" / "module-page-fr.png"
COLLECT = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (element.closest("script, style, noscript") || !node.textContent.trim()) { continue; }
    found.push([node.textContent.trim(), element.closest("[lang]").getAttribute("lang")]);
  }
  for (const element of document.querySelectorAll("[aria-label]")) {
    found.push([element.getAttribute("aria-label"), element.closest("[lang]").getAttribute("lang")]);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _course_texts(payload: dict[str, Any]) -> set[str]:
    texts: set[str] = set()
    for lesson in payload["level"]["lessons"]:
        texts |= {i["term"] for i in lesson.get("items", [])} | {i["example"] for i in lesson.get("items", [])}
        texts |= {x["source"] for x in lesson.get("examples", [])} | {t["text"] for t in lesson.get("turns", [])}
    return texts


def _english_interface_words() -> set[str]:
    """Words of the English interface texts that the French catalogue does not share (e.g. "Flip", "seen")."""
    template = resources.files("lessonforge.i18n").joinpath("locales", "module.pot")
    with template.open("rb") as pot:
        catalog = read_po(pot)
    french = translator("fr", "module")
    words: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple | list) else message.id
        translated = " ".join(french.plural_forms(*message.id)) if isinstance(message.id, tuple | list) else (
            french.gettext(english))  # fmt: skip
        words |= {w for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}", " ", english))
                  if w.casefold() not in translated.casefold()}  # fmt: skip
    return words


def _french_quiz_words(course: set[str]) -> set[str]:
    """Words the quiz writes itself in French (``Vrai``, ``signifie``, ``Complétez``) that no Spanish text has."""
    template = resources.files("lessonforge.i18n").joinpath("locales", "quiz.pot")
    with template.open("rb") as pot:
        catalog = read_po(pot)
    french = translator("fr", "quiz")
    spanish = {w.casefold() for text in course for w in re.findall(r"\w+", text)}
    texts = [french.gettext(str(m.id)) for m in catalog if m.id and isinstance(m.id, str)]
    return {w for text in texts for w in re.findall(r"\w{4,}", re.sub(r"\{\w+\}", " ", text))
            if w.casefold() not in spanish}  # fmt: skip


def _quoted(course: set[str]) -> list[re.Pattern[str]]:
    """Each Spanish text long enough to be quoted in a French sentence, its final period optional (as quoted)."""
    return [re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, text.removesuffix(".").split())) + r"(?!\w)", re.I)
            for text in course if len(text.removesuffix(".")) >= 4 or " " in text]  # fmt: skip


def _use_everything(page: Page) -> None:
    page.get_by_role("button", name="Retourner").first.click()
    left = page.locator(".match-left").first
    pair = left.get_attribute("data-pair")
    left.click()
    page.locator(f'.match-right:not([data-pair="{pair}"])').first.click()  # not a pair
    left.click()
    page.locator(f'.match-right[data-pair="{pair}"]').click()
    page.locator("[data-reveal]").first.click()
    page.locator("[data-step=next]").first.click()
    second = page.locator(".question").nth(1)
    second.locator(".choice").nth(1).click()  # a wrong answer: the verdict names the right one
    page.locator("[data-check]").first.check()
    page.locator("[data-check-answers]").first.click()  # nothing answered: every item is listed as missed


def test_a_french_interface_module_speaks_french_and_marks_every_spanish_text(browser: Browser, tmp_path: Path) -> None:
    payload = example("spanish-a1-for-french-speakers")
    parsed = parse_payload(payload)
    body, quiz = generate("interactive_module", parsed).body, generate("expanded_quiz", parsed).body
    saved = tmp_path / "module.html"
    page_html = render_module_page(body, "fr-languages", quiz=quiz, audio="fr-languages/audio/")
    saved.write_text(page_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(saved.as_uri())
    assert page.evaluate("document.documentElement.lang") == "fr"
    _use_everything(page)

    found: list[tuple[str, str]] = [tuple(pair) for pair in page.evaluate(COLLECT)]
    course = _course_texts(payload)
    assert {text for text, lang in found if text in course and lang != "es"} == set()
    assert course <= {text for text, lang in found if lang == "es"}  # every Spanish text is on the page, marked
    # the practice quiz quotes them in French sentences, asks true/false statements and blanks: still marked
    prompts = page.locator(".pitem .prompt")
    assert prompts.filter(has_text="Vrai ou faux").count() > 5 and prompts.filter(has_text=BLANK).count() > 2
    assert page.locator("[data-missed] .prompt").count() == len(quiz["forms"][0]["itemIds"])  # results copy them
    quoted = _quoted(course)
    assert [
        text for text, lang in found if lang != "es" and (BLANK in text or any(q.search(text) for q in quoted))
    ] == []
    assert "Póngame medio kilo, por favor" in {text for text, lang in found if lang == "es"}  # its period dropped
    french = _french_quiz_words(course)
    assert {"Vrai", "Faux", "signifie", "Complétez"} <= french
    spanish = " ".join(text for text, lang in found if lang == "es")
    assert {w for w in french if re.search(rf"\b{w}\b", spanish)} == set()
    assert set(page.locator(".say-label").all_inner_texts()) == {"Écouter"}
    english = _english_interface_words()
    assert len(english) > 30
    interface = " ".join(text for text, lang in found if lang == "fr")
    assert {w for w in english if re.search(rf"\b{w}\b", interface)} == set()
    assert "Pas tout à fait" in interface and "Bonne paire" in interface and "Votre progression" in interface
    verdict = page.locator(".question").nth(1).locator(".verdict [lang]")
    assert verdict.get_attribute("lang") == "es" and verdict.inner_text() == "la cebolla"
    assert page.locator("[data-status] [lang=es]").count() >= 1 and errors == []
    point = page.locator(".selfcheck [lang=es]").last  # a course text inside an interface sentence is marked too
    assert point.inner_text() == "¿A cuánto están las fresas?"
    shot = SCREENSHOT if os.environ.get("LESSONFORGE_UPDATE_SCREENSHOTS") else tmp_path / "module-page-fr.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 1500})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot))
    page.close()
