"""The example levels of docs/examples: each produces all three outputs, has the documented kind and interface
language, and the module speaks only the interface language in the words it writes itself."""

from __future__ import annotations

import pytest
from lf_examples import example, example_names

from lessonforge.domain.course import course
from lessonforge.domain.payload import parse_payload
from lessonforge.generation import OUTPUT_TYPES, generate, generate_all
from lessonforge.i18n import translator

EXPECTED = {
    "french-b1-logement": ("language", "fr", "fr"),
    "gcse-biology-cells": ("subject", "en-GB", "en-GB"),
    "german-a2-for-spanish-speakers": ("language", "de", "es"),
    "histoire-revolution-francaise": ("subject", "fr", "fr"),
    "italian-a1-for-portuguese-speakers": ("language", "it", "pt-BR"),
    "level-a1": ("language", "es", "en"),
    "spanish-a1-cafe": ("language", "es", "en"),
    "spanish-a1-for-french-speakers": ("language", "es", "fr"),
}
GENERATED_TITLES = ("Flashcards", "Dialogue", "Quiz", "Review", "Reveal the translation", "Additional notes")


def test_the_examples_cover_four_taught_languages_and_two_subjects() -> None:
    assert sorted(EXPECTED) == example_names()
    taught = {language for kind, language, _ in EXPECTED.values() if kind == "language"}
    assert len(taught) >= 4 and sum(kind == "subject" for kind, _, _ in EXPECTED.values()) >= 2


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_yields_every_output_with_its_documented_languages(name: str) -> None:
    payload = parse_payload(example(name))
    about = course(payload)
    assert (about.kind, about.language, about.interface_language) == EXPECTED[name]
    results = generate_all(OUTPUT_TYPES, payload)
    assert all(not isinstance(result, Exception) for result in results), results


@pytest.mark.parametrize("name", [n for n, (_, _, ui) in EXPECTED.items() if not ui.startswith("en")])
def test_a_module_with_another_interface_has_no_english_word_of_its_own(name: str) -> None:
    body = generate("interactive_module", parse_payload(example(name))).body
    t = translator(body["interfaceLanguage"], "module")
    titles = [activity["title"] for section in body["sections"] for activity in section["activities"]]
    own = [title for title in GENERATED_TITLES if t.gettext(title) != title]
    assert not set(own) & set(titles)
    assert not body["title"].endswith("Interactive module")
    assert not any(title.startswith("Match each") for title in titles)
