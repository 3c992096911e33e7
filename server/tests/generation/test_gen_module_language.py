"""The module generator writes its own words in the interface language, with subject wording for subject
courses, and records the course's kind and interface language in the body."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lf_payloads import payloads
from markupsafe import escape

from lessonforge.domain.course import course
from lessonforge.domain.payload import parse_payload
from lessonforge.errors import SourceInvalidError
from lessonforge.generation import OUTPUT_TYPES, generate, generate_all
from lessonforge.generation.module_page import render_module_page
from lessonforge.i18n import translator

BIOLOGY: dict[str, Any] = {
    "category": "GCSE Biology",
    "language": "en",
    "level": {"id": "cells", "title": "Cell biology", "lessons": [
        {"id": "b1", "type": "term", "title": "Cell structures", "terms": [
            {"term": "nucleus", "meaning": "contains the genetic material that controls the cell"},
            {"term": "ribosome", "meaning": "the site where proteins are made"},
        ]},
        {"id": "b2", "type": "quiz", "questions": [
            {"question": "Where is DNA kept?", "choices": ["nucleus", "ribosome"], "answer": "nucleus"}]},
        {"id": "b3", "type": "review", "keyPoints": ["Cells have organelles"]},
    ]},
}  # fmt: skip
SPANISH: dict[str, Any] = {
    "language": "es",
    "level": {"title": "Primeros pasos", "lessons": [
        {"id": "s1", "type": "vocabulary", "items": [{"term": "hola", "meaning": "hello"},
                                                      {"term": "adiós", "meaning": "goodbye"}]},
        {"id": "s2", "type": "quiz", "questions": [{"question": "Hello?", "choices": ["hola", "adiós"],
                                                    "answer": "hola"}]},
    ]},
}  # fmt: skip


def _body(raw: dict[str, Any]) -> dict[str, Any]:
    return generate("interactive_module", parse_payload(raw)).body


def _titles(body: dict[str, Any]) -> list[str]:
    return [a["title"] for s in body["sections"] for a in s["activities"]]


def test_a_french_interface_gets_french_titles_explanations_and_prompts() -> None:
    body = _body({**SPANISH, "interfaceLanguage": "fr-CA"})
    assert body["title"] == "Primeros pasos — Module interactif"
    assert body["interfaceLanguage"] == "fr-CA" and body["courseKind"] == "language"
    assert _titles(body) == ["Cartes mémoire", "Associez chaque mot à sa signification", "Quiz"]
    assert body["sections"][1]["title"] == "Leçon 2"
    assert (
        body["sections"][1]["activities"][0]["questions"][0]["explanation"]
        == "La bonne réponse est «\u00a0hola\u00a0»."
    )


def test_a_subject_course_is_worded_as_a_subject_in_its_own_language() -> None:
    body = _body(BIOLOGY)
    assert body["courseKind"] == "subject" and body["interfaceLanguage"] == "en"
    assert "Match each term with its definition" in _titles(body)
    assert not any("meaning" in title or "translation" in title for title in _titles(body))
    german = _body({**BIOLOGY, "language": "de"})
    assert german["title"] == "Cell biology — Interaktives Modul" and german["interfaceLanguage"] == "de"
    assert german["sections"][2]["activities"][0]["selfCheck"][0]["prompt"].startswith("Ich kann das")


def test_a_language_course_without_an_interface_language_speaks_english() -> None:
    body = _body(SPANISH)
    assert body["interfaceLanguage"] == "en" and body["title"] == "Primeros pasos — Interactive module"
    assert _titles(body)[1] == "Match each word with its meaning"


@pytest.mark.parametrize("tag", ["ja", "tlh", "x-unknown"])
def test_an_interface_language_without_catalogues_reads_english_but_is_kept(tag: str) -> None:
    body = _body({**SPANISH, "interfaceLanguage": tag})
    assert body["interfaceLanguage"] == tag and body["title"].endswith("— Interactive module")


def test_an_invalid_course_kind_fails_every_output_alike() -> None:
    results = generate_all(OUTPUT_TYPES, parse_payload({**SPANISH, "courseKind": "grammar"}))
    assert all(isinstance(r, SourceInvalidError) and r.field == "courseKind" for r in results)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads())
def test_on_any_valid_payload_the_module_speaks_the_interface_language_and_marks_the_course_language(
    raw: dict[str, Any],
) -> None:
    payload = parse_payload(raw)
    about = course(payload)
    body = generate("interactive_module", payload).body
    assert (body["courseKind"], body["interfaceLanguage"]) == (about.kind, about.interface_language)
    t = translator(about.interface_language, "module")
    own = {a["kind"]: a["title"] for s in body["sections"] for a in s["activities"] if a["kind"] != "content"}
    expected = {"flashcards": "Flashcards", "dialogue": "Dialogue", "quiz": "Quiz", "review": "Review",
                "reveal_cards": "Reveal the translation"}  # fmt: skip
    assert all(own[kind] == t.gettext(msgid) for kind, msgid in expected.items() if kind in own)
    if "matching" in own:
        subject = about.kind == "subject"
        assert own["matching"] == t.gettext(
            "Match each term with its definition" if subject else "Match each word with its meaning"
        )
    page = render_module_page(body, "token")
    assert f'<html lang="{about.interface_language}">' in page
    fronts = [c["front"] for s in body["sections"] for a in s["activities"] for c in a.get("cards", [])
              if a["kind"] == "flashcards"]  # fmt: skip
    for front in fronts:
        assert f'<span lang="{raw["language"]}">{escape(front)}</span>' in page


@pytest.mark.parametrize(
    ("interface", "title"),
    [
        ("en", "Primeros pasos — Quiz"),
        ("pt-BR", "Primeros pasos — Questionário"),
        ("es", "Primeros pasos — Cuestionario"),
    ],
)
def test_the_quiz_title_is_in_the_interface_language(interface: str, title: str) -> None:
    assert generate("expanded_quiz", parse_payload({**SPANISH, "interfaceLanguage": interface})).title == title


TRUTH = {"en": ("True", "False"), "es": ("Verdadero", "Falso"), "fr": ("Vrai", "Faux"), "de": ("Wahr", "Falsch"),
         "pt": ("Verdadeiro", "Falso"), "it": ("Vero", "Falso")}  # fmt: skip
TRUE_FALSE_QUIZ: dict[str, Any] = {"id": "s2", "type": "quiz", "questions": [
    {"question": "¿«Hola» es un saludo?", "choices": ["Falso", "Verdadero"], "answer": "Verdadero"},
    {"question": "¿«Gracias» es un saludo?", "choices": ["Verdadero", "Falso"], "answer": "Falso"},
    {"question": "¿«Buenas noches» se dice al llegar?", "choices": ["Faux", "Vrai"], "answer": "Faux"},
    {"question": "Which word means goodbye?", "choices": ["hola", "adiós", "gracias"], "answer": "adiós"},
]}  # fmt: skip


@pytest.mark.parametrize("interface", sorted(TRUTH))
def test_a_true_false_source_question_is_asked_true_then_false_in_the_interface_words(interface: str) -> None:
    raw = {**SPANISH, "interfaceLanguage": interface}
    raw["level"] = {**SPANISH["level"], "lessons": [SPANISH["level"]["lessons"][0], TRUE_FALSE_QUIZ]}
    payload = parse_payload(raw)
    quiz = _body(raw)["sections"][1]["activities"][0]
    yes, no = TRUTH[interface]
    asked = [(q["choices"], q["answer"], q["answerIndex"]) for q in quiz["questions"][:3]]
    assert asked == [([yes, no], yes, 0), ([yes, no], no, 1), ([yes, no], no, 1)]  # whatever the source's words
    t = translator(interface, "module")
    assert quiz["questions"][0]["explanation"] == t.gettext("The correct answer is “{answer}”.", answer=yes)
    assert quiz["forms"] == [{"id": "form-1", "questionIds": [q["id"] for q in quiz["questions"]]}]  # no leak
    test = generate("expanded_quiz", payload).body
    assert [i["options"] for i in test["items"] if i["type"] == "true-false" and i["origin"] == "source"] == [
        [yes, no]
    ] * 3  # the test's own words
