"""The expanded quiz: the source's questions kept, new items generated from every lesson type."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge.domain.payload import SourcePayload, parse_payload
from lessonforge.generation import check_items, generate
from lessonforge.generation._quiz_items import BLANK, cloze

TERMS = {"hola", "gracias", "sí", "agua", "manzana", "adiós", "pan", "queso"}
MEANINGS = {"hello", "thank you", "yes", "water", "apple", "goodbye", "bread", "cheese"}


def _quiz(payload: SourcePayload) -> dict[str, Any]:
    resource = generate("expanded_quiz", payload)
    assert resource.resource_type == "test"
    assert check_items(resource.body["items"]) == []
    return resource.body


def _find(items: list[dict[str, Any]], question: str) -> dict[str, Any]:
    return next(it for it in items if it["question"] == question)


def test_each_vocabulary_term_gets_term_to_meaning_and_meaning_to_term_items(level: SourcePayload) -> None:
    items = _quiz(level)["items"]
    for term, meaning in [("hola", "hello"), ("gracias", "thank you"), ("adiós", "goodbye")]:
        forward = _find(items, f"What does “{term}” mean?")
        assert forward["type"] == "select"
        assert forward["correctAnswers"] == [meaning]
        assert len(forward["options"]) == 4
        assert set(forward["options"]) - {meaning} <= MEANINGS - {meaning}
        backward = _find(items, f"Which term means “{meaning}”?")
        assert backward["correctAnswers"] == [term]
        assert len(backward["options"]) == 4
        assert set(backward["options"]) - {term} <= TERMS - {term}
        assert forward["sourceLessonId"] == backward["sourceLessonId"] == "l1"
        assert forward["origin"] == "generated"


def test_examples_of_vocabulary_become_cloze_items(level: SourcePayload) -> None:
    items = _quiz(level)["items"]
    cloze = _find(items, "Fill in the blank with the term that means “water”: Quiero _____, por favor.")
    assert (cloze["type"], cloze["options"], cloze["correctAnswers"]) == ("blank", [], ["agua"])
    assert _find(items, "Fill in the blank with the term that means “hello”: ¡_____, Ana!")["correctAnswers"] == [
        "Hola"
    ]


def test_example_lessons_give_translation_items_and_clozes_with_level_terms(level: SourcePayload) -> None:
    items = _quiz(level)["items"]
    assert _find(items, "What does “Quiero agua” mean?")["correctAnswers"] == ["I want water"]
    assert _find(items, "How do you say “Good morning”?")["correctAnswers"] == ["Buenos días"]
    assert _find(items, "Fill in the blank: Quiero _____ (“I want water”)")["correctAnswers"] == ["agua"]


def test_source_quiz_questions_are_kept_first_in_their_lesson(level: SourcePayload) -> None:
    quiz_items = [it for it in _quiz(level)["items"] if it["sourceLessonId"] == "l4"]
    first, second = quiz_items[0], quiz_items[1]
    assert first == {
        "id": "q-l4-1",
        "type": "select",
        "question": "What does 'agua' mean?",
        "options": ["water", "fire", "air"],
        "correctAnswers": ["water"],
        "explanation": "Agua is water.",
        "score": 1,
        "sourceLessonId": "l4",
        "origin": "source",
    }
    assert (second["type"], second["options"], second["correctAnswers"]) == ("true-false", ["True", "False"], ["True"])
    assert second["origin"] == "source"


def test_dialogue_turns_become_who_says_items(level: SourcePayload) -> None:
    item = _find(_quiz(level)["items"], "Who says “Muy bien, gracias.”?")
    assert item["correctAnswers"] == ["Luis"]
    assert sorted(item["options"]) == ["Ana", "Luis"]


def test_review_key_points_become_clozes_and_statements(level: SourcePayload) -> None:
    items = _quiz(level)["items"]
    assert _find(items, "Fill in the blank: Say _____ to greet a friend")["correctAnswers"] == ["hola"]
    statement = _find(items, "True or false: “Review” teaches: Say gracias to thank someone")
    assert statement["correctAnswers"] == ["True"]


def test_vocabulary_gets_true_false_and_matching_items(level: SourcePayload) -> None:
    items = [it for it in _quiz(level)["items"] if it["sourceLessonId"] == "l1"]
    statements = [it for it in items if it["type"] == "true-false"]
    assert len(statements) == 6
    meaning_of = {
        "hola": "hello",
        "gracias": "thank you",
        "sí": "yes",
        "agua": "water",
        "manzana": "apple",
        "adiós": "goodbye",
    }
    for it in statements:
        term, shown = it["question"].split("“")[1].split("”")[0], it["question"].split("“")[2].split("”")[0]
        assert it["correctAnswers"] == (["True"] if meaning_of[term] == shown else ["False"])
        assert shown in MEANINGS
    assert {it["correctAnswers"][0] for it in statements} == {"True", "False"}
    matching = next(it for it in items if it["type"] == "matching")
    assert {(p["left"], p["right"]) for p in matching["correctAnswers"]} == {
        ("hola", "hello"),
        ("gracias", "thank you"),
        ("sí", "yes"),
        ("agua", "water"),
        ("manzana", "apple"),
        ("adiós", "goodbye"),
    }
    assert sorted(matching["options"]) == sorted(p["right"] for p in matching["correctAnswers"])
    assert matching["score"] == 6


def test_unknown_types_and_unknown_fields_are_kept_as_extras(level: SourcePayload) -> None:
    extras = {e["lessonId"]: e for e in _quiz(level)["extras"]}
    assert extras["l7"]["lessonType"] == "grammar"
    assert extras["l7"]["fields"]["body"] == "El is masculine, la is feminine."
    assert "Body: El is masculine, la is feminine." in extras["l7"]["lines"]
    assert extras["l1"]["fields"] == {"difficulty": "easy", "items[0].audio": "hola.mp3"}
    assert extras["l4"]["fields"] == {"questions[0].points": 2}


def test_item_ids_are_numbered_per_lesson_in_order(level: SourcePayload) -> None:
    items = _quiz(level)["items"]
    lessons = [it["sourceLessonId"] for it in items]
    assert lessons == sorted(lessons, key=["l1", "l2", "l3", "l4", "l5", "l6"].index)
    for lesson in set(lessons):
        ids = [it["id"] for it in items if it["sourceLessonId"] == lesson]
        assert ids == [f"q-{lesson}-{n}" for n in range(1, len(ids) + 1)]


def test_a_small_pool_gives_fewer_distractors_and_a_single_term_none(
    with_lessons: Callable[..., SourcePayload],
) -> None:
    two = _quiz(
        with_lessons(
            {
                "id": "v",
                "type": "vocabulary",
                "items": [{"term": "uno", "meaning": "one"}, {"term": "dos", "meaning": "two"}],
            }
        )
    )["items"]
    assert sorted(_find(two, "What does “uno” mean?")["options"]) == ["one", "two"]
    one = _quiz(with_lessons({"id": "v", "type": "vocabulary", "items": [{"term": "uno", "meaning": "one"}]}))
    assert [it["type"] for it in one["items"]] == ["true-false"]
    assert one["items"][0]["correctAnswers"] == ["True"]


def test_synonyms_never_become_distractors(with_lessons: Callable[..., SourcePayload]) -> None:
    items = [
        {"term": "hi", "meaning": "hello"},
        {"term": "hey", "meaning": "Hello "},
        {"term": "bye", "meaning": "goodbye"},
    ]
    quiz = _quiz(with_lessons({"id": "v", "type": "vocabulary", "items": items}))["items"]
    assert sorted(_find(quiz, "Which term means “hello”?")["options"]) == ["bye", "hi"]
    assert [it for it in quiz if it["question"] == "Which term means “Hello”?"] == []  # a duplicate is dropped


def test_the_same_payload_gives_the_same_quiz(raw_level: dict[str, Any], level: SourcePayload) -> None:
    assert _quiz(parse_payload(raw_level)) == _quiz(level)


def test_a_different_payload_shuffles_differently(raw_level: dict[str, Any], level: SourcePayload) -> None:
    raw_level["level"]["id"] = "a1-bis"
    orders = {
        tuple(it["options"])
        for body in (_quiz(level), _quiz(parse_payload(raw_level)))
        for it in body["items"]
        if it["question"] == "What does “hola” mean?"
    }
    assert len(orders) == 2


@settings(max_examples=400, deadline=None)
@given(
    sentence=st.text(alphabet="aAbB_1 .,'-é", max_size=24),
    term=st.text(alphabet="aAbB_1.'- ", min_size=1, max_size=5),
)
def test_a_cloze_blanks_what_the_documented_pattern_finds(sentence: str, term: str) -> None:
    """The term's words as whole words (case ignored), else anywhere; one-word ASCII terms skip the regex."""
    words = r"\W+".join(re.escape(w) for w in term.split())
    found = re.search(rf"(?<!\w){words}(?!\w)", sentence, re.IGNORECASE) or re.search(words, sentence, re.IGNORECASE)
    if found is None or not found.group().strip():
        assert cloze(sentence, term) is None
    else:
        expected = (sentence[: found.start()] + BLANK + sentence[found.end() :], found.group())
        assert cloze(sentence, term) == expected
