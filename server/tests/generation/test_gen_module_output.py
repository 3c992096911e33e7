"""The interactive module: one section per lesson, with activities built from the lesson's content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lessonforge.domain.payload import SourcePayload
from lessonforge.generation import generate
from lessonforge.generation.module_page import render_module_page


def _module(payload: SourcePayload) -> dict[str, Any]:
    resource = generate("interactive_module", payload)
    assert resource.resource_type == "module"
    return resource.body


def _activity(section: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(a for a in section["activities"] if a["kind"] == kind)


def test_the_module_has_one_section_per_lesson_in_source_order(level: SourcePayload) -> None:
    body = _module(level)
    assert body["title"] == "A1 Foundations — Interactive module"
    assert body["language"] == "es"
    assert [s["lessonId"] for s in body["sections"]] == ["l1", "l2", "l3", "l4", "l5", "l6", "l7"]
    assert [s["id"] for s in body["sections"]] == [f"sec-l{n}" for n in range(1, 8)]


def test_vocabulary_becomes_flashcards_and_matching(level: SourcePayload) -> None:
    section = _module(level)["sections"][0]
    cards = _activity(section, "flashcards")["cards"]
    assert [(c["front"], c["back"]) for c in cards][:2] == [("hola", "hello"), ("gracias", "thank you")]
    assert cards[0]["example"] == "¡Hola, Ana!"
    assert cards[0]["extra"] == {"audio": "hola.mp3"}
    matching = _activity(section, "matching")
    assert {(p["left"], p["right"]) for p in matching["pairs"]} >= {("hola", "hello"), ("agua", "water")}
    assert sorted(matching["rightOrder"]) == sorted(p["id"] for p in matching["pairs"])


def test_examples_dialogue_quiz_and_review_get_their_activities(level: SourcePayload) -> None:
    sections = _module(level)["sections"]
    reveal = _activity(sections[1], "reveal_cards")["cards"][0]
    assert (reveal["front"], reveal["back"], reveal["note"]) == ("Quiero agua", "I want water", "informal")
    dialogue = _activity(sections[2], "dialogue")
    assert dialogue["speakers"] == ["Ana", "Luis"]
    assert [t["speaker"] for t in dialogue["turns"]] == ["Ana", "Luis", "Ana"]
    quiz = _activity(sections[3], "quiz")
    first = quiz["questions"][0]
    assert quiz["graded"] is True
    assert (first["answer"], first["explanation"]) == ("water", "Agua is water.")
    assert first["choices"][first["answerIndex"]] == "water" and sorted(first["choices"]) == ["air", "fire", "water"]
    assert quiz["forms"] == [{"id": "form-1", "questionIds": ["q-l4-1", "q-l4-2"]}]
    assert quiz["questions"][1]["explanation"]  # a default explanation when the source has none
    review = _activity(sections[5], "review")
    assert review["summary"] == "You can greet people."
    assert review["keyPoints"] == ["Say hola to greet a friend", "Say gracias to thank someone"]
    assert len(review["selfCheck"]) == 2
    assert "Say hola to greet a friend" in review["selfCheck"][0]["prompt"]


def test_an_unknown_lesson_type_becomes_readable_content(level: SourcePayload) -> None:
    section = _module(level)["sections"][6]
    assert section["lessonType"] == "grammar"
    content = _activity(section, "content")
    blocks = {b["label"]: b["lines"] for b in content["blocks"]}
    assert blocks["Body"] == ["El is masculine, la is feminine."]
    assert blocks["Table"] == ["Article: el", "Gender: masculine"]
    assert section["extra"]["table"] == [{"article": "el", "gender": "masculine"}]


def test_unknown_fields_of_known_lessons_are_kept_and_shown(level: SourcePayload) -> None:
    section = _module(level)["sections"][0]
    assert section["extra"] == {"difficulty": "easy", "items[0].audio": "hola.mp3"}
    notes = _activity(section, "content")
    assert {"label": "Difficulty", "lines": ["easy"]} in notes["blocks"]


def test_a_one_entry_vocabulary_has_flashcards_but_no_matching(with_lessons: Callable[..., SourcePayload]) -> None:
    payload = with_lessons({"id": "v", "type": "vocabulary", "items": [{"term": "a", "meaning": "b"}]})
    section = _module(payload)["sections"][0]
    assert [a["kind"] for a in section["activities"]] == ["flashcards"]
    assert section["title"] == "Lesson 1"


def test_large_vocabularies_are_matched_in_groups(with_lessons: Callable[..., SourcePayload]) -> None:
    items = [{"term": f"t{n}", "meaning": f"m{n}"} for n in range(17)]
    section = _module(with_lessons({"id": "v", "type": "vocabulary", "items": items}))["sections"][0]
    groups = [a for a in section["activities"] if a["kind"] == "matching"]
    assert [len(g["pairs"]) for g in groups] == [8, 9]
    assert len({a["id"] for a in section["activities"]}) == len(section["activities"])


def test_a_module_quiz_shows_its_first_leak_free_form(with_lessons: Callable[..., SourcePayload]) -> None:
    questions = [
        {"question": "Which word means water?", "choices": ["agua", "fuego", "aire"], "answer": "agua"},
        {"question": "What does agua mean?", "choices": ["water", "fire", "air"], "answer": "water"},
        {"question": "Which colour is rojo?", "choices": ["red", "blue", "green"], "answer": "red"},
    ]
    payload = with_lessons({"id": "q", "type": "quiz", "title": "Check", "questions": questions})
    quiz = _activity(generate("interactive_module", payload).body["sections"][0], "quiz")
    assert quiz["forms"] == [
        {"id": "form-1", "questionIds": ["q-q-1", "q-q-3"]},
        {"id": "form-2", "questionIds": ["q-q-2"]},
    ]
    page = render_module_page(generate("interactive_module", payload).body, "token")
    assert "Which word means water?" in page and "Which colour is rojo?" in page
    assert "What does agua mean?" not in page
