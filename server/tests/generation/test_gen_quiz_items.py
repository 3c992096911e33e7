"""The expanded quiz: the source's questions kept, new items generated from every lesson type."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
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


def _dropped(body: dict[str, Any], reason: str) -> list[str]:
    return [d["question"] for d in body["quality"]["dropped"]["items"] if d["reason"] == reason]


def test_each_vocabulary_term_is_asked_for_its_meaning_and_for_itself(level: SourcePayload) -> None:
    items = _quiz(level)["items"]
    for term, meaning in [("hola", "hello"), ("gracias", "thank you"), ("adiós", "goodbye")]:
        forward = _find(items, f"What does “{term}” mean?")
        assert forward["type"] == "select"
        assert forward["correctAnswers"] == [meaning]
        assert 3 <= len(forward["options"]) <= 4
        assert set(forward["options"]) - {meaning} <= MEANINGS - {meaning}
        backward = _find(items, f"Which word or phrase means “{meaning}”?")
        assert backward["correctAnswers"] == [term]
        assert 3 <= len(backward["options"]) <= 4
        assert set(backward["options"]) - {term} <= TERMS - {term}
        assert forward["sourceLessonId"] == backward["sourceLessonId"] == "l1"
        assert forward["origin"] == "generated"


def test_examples_of_vocabulary_become_clozes_that_keep_their_sentence(level: SourcePayload) -> None:
    body = _quiz(level)
    cloze = _find(body["items"], "Fill in the blank with the word that means “apple”: La _____ es roja.")
    assert (cloze["type"], cloze["options"], cloze["correctAnswers"]) == ("blank", [], ["manzana"])
    # the source's own question on "agua" is in every form, so items showing "water" have no leak-free form
    water = "Fill in the blank with the word that means “water”: Quiero _____, por favor."
    assert water in _dropped(body, "no-leak-free-form")
    assert "Fill in the blank with the word that means “hello”: ¡_____, Ana!" in _dropped(body, "no-context")
    assert not [it for it in body["items"] if it["type"] == "blank" and "Ana" in it["question"]]


def test_source_quiz_questions_are_kept_first_in_their_lesson_with_shuffled_options(level: SourcePayload) -> None:
    quiz_items = [it for it in _quiz(level)["items"] if it["sourceLessonId"] == "l4"]
    first, second = quiz_items[0], quiz_items[1]
    assert {k: v for k, v in first.items() if k != "options"} == {
        "id": "q-l4-1",
        "type": "select",
        "question": "What does 'agua' mean?",
        "correctAnswers": ["water"],
        "explanation": "Agua is water.",
        "score": 1,
        "sourceLessonId": "l4",
        "origin": "source",
    }
    assert sorted(first["options"]) == ["air", "fire", "water"]
    assert (second["type"], second["options"], second["correctAnswers"]) == ("true-false", ["True", "False"], ["True"])
    assert second["origin"] == "source"


@pytest.mark.parametrize(
    ("choices", "answer", "truth"),
    [
        (["Vrai", "Faux"], "Faux", "False"),
        (["Verdadero", "Falso"], "Verdadero", "True"),
        (["Falsch", "Wahr"], "Wahr", "True"),
        (["Verdadeiro", "Falso"], "Falso", "False"),
        (["Vero", "Falso"], "Vero", "True"),
        (["richtig", "falsch"], "falsch", "False"),
    ],
)
def test_localised_true_false_choices_become_true_false_items(
    with_lessons: Callable[..., SourcePayload], choices: list[str], answer: str, truth: str
) -> None:
    question = {"question": "Paris est en France.", "choices": choices, "answer": answer}
    body = _quiz(with_lessons({"id": "q", "type": "quiz", "questions": [question]}))
    assert [(it["type"], it["options"], it["correctAnswers"]) for it in body["items"]] == [
        ("true-false", ["True", "False"], [truth])
    ]


def test_a_dialogue_yields_reply_items_with_three_options_or_more(with_lessons: Callable[..., SourcePayload]) -> None:
    lines = ["Hola, ¿qué tal?", "Muy bien, gracias.", "¿Quieres un café?", "Sí, por favor.", "¿Con leche?", "No, solo."]
    turns = [{"speaker": "Ana" if n % 2 == 0 else "Luis", "text": line} for n, line in enumerate(lines)]
    body = _quiz(with_lessons({"id": "d", "type": "dialogue", "title": "En el café", "turns": turns}))
    replies = [it for it in body["items"] if it["sourceLessonId"] == "d"]
    assert replies
    for it in replies:
        assert it["type"] == "select"
        assert len(it["options"]) >= 3
        assert set(it["options"]) <= set(lines)
        assert it["question"].startswith("In “En el café”, what does ")
    reply = _find(replies, "In “En el café”, what does Luis answer when Ana says “¿Quieres un café?”")
    assert reply["correctAnswers"] == ["Sí, por favor."]
    assert len(replies) == 5
    assert not [it for it in body["items"] if it["question"].startswith("Who says")]  # two speakers: a coin flip


def test_three_speakers_make_who_says_items_with_three_options(with_lessons: Callable[..., SourcePayload]) -> None:
    turns = [{"speaker": s, "text": f"Line number {n}"} for n, s in enumerate(["Ana", "Ben", "Cy", "Ana", "Ben"])]
    items = _quiz(with_lessons({"id": "d", "type": "dialogue", "title": "Talk", "turns": turns}))["items"]
    who = [it for it in items if it["question"].startswith("Who says")]
    assert who
    assert all(sorted(it["options"]) == ["Ana", "Ben", "Cy"] for it in who)


def test_review_key_points_become_clozes_statements_and_which_statement_is_true(level: SourcePayload) -> None:
    body = _quiz(level)
    items = [it for it in body["items"] if it["sourceLessonId"] == "l6"]
    questions = {it["question"] for it in items} | set(_dropped(body, "no-leak-free-form"))
    assert "Complete this key point of “Review”: Say _____ to greet a friend" in questions
    statements = [it for it in items if it["type"] == "true-false"]
    assert statements
    for it in statements:
        shown = it["question"].removeprefix("True or false: ")
        truth = shown in ("Say hola to greet a friend.", "Say gracias to thank someone.")
        assert it["correctAnswers"] == (["True"] if truth else ["False"])
        assert not it["question"].startswith("True or false: “Review” teaches")


def test_a_key_point_that_is_not_a_statement_yields_no_item(with_lessons: Callable[..., SourcePayload]) -> None:
    vocabulary = {"id": "v", "type": "vocabulary", "items": [{"term": "hola", "meaning": "hello"}]}
    review = {"id": "r", "type": "review", "summary": "Greetings", "keyPoints": ["hola", "adiós"]}
    items = _quiz(with_lessons(vocabulary, review))["items"]
    assert [it for it in items if it["sourceLessonId"] == "r"] == []


def test_vocabulary_gets_true_false_and_matching_items(level: SourcePayload) -> None:
    body = _quiz(level)
    items = [it for it in body["items"] if it["sourceLessonId"] == "l1"]
    statements = [it for it in items if it["type"] == "true-false"]
    meaning_of = {
        "hola": "hello",
        "gracias": "thank you",
        "sí": "yes",
        "agua": "water",
        "manzana": "apple",
        "adiós": "goodbye",
    }
    assert statements
    for it in statements:
        term, shown = it["question"].split("“")[1].split("”")[0], it["question"].split("“")[2].split("”")[0]
        assert it["correctAnswers"] == (["True"] if meaning_of[term] == shown else ["False"])
        assert shown in MEANINGS
    answers = [it["correctAnswers"][0] for it in body["items"] if it["type"] == "true-false"]
    assert 0.4 <= answers.count("True") / len(answers) <= 0.6
    matching = [it for it in body["items"] if it["type"] == "matching"]
    assert matching
    for it in matching:
        assert sorted(it["options"]) == sorted(p["right"] for p in it["correctAnswers"])
        assert it["score"] == len(it["correctAnswers"])


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


def test_an_item_with_fewer_than_two_plausible_distractors_is_dropped_and_reported(
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
    )
    assert [it for it in two["items"] if it["type"] == "select"] == []
    assert "What does “uno” mean?" in _dropped(two, "no-distractors")
    one = _quiz(with_lessons({"id": "v", "type": "vocabulary", "items": [{"term": "uno", "meaning": "one"}]}))
    assert [it["type"] for it in one["items"]] == ["true-false"]
    assert one["items"][0]["correctAnswers"] == ["True"]


def test_synonyms_never_become_distractors(with_lessons: Callable[..., SourcePayload]) -> None:
    items = [
        {"term": "hi", "meaning": "hello"},
        {"term": "hey", "meaning": "Hello "},
        {"term": "bye", "meaning": "goodbye"},
        {"term": "yo", "meaning": "me"},
    ]
    quiz = _quiz(with_lessons({"id": "v", "type": "vocabulary", "items": items}))["items"]
    for it in quiz:
        if it["type"] == "select" and it["correctAnswers"][0] in ("hi", "hey"):
            assert not {"hi", "hey"} <= set(it["options"]), it
        if it["type"] == "select" and it["correctAnswers"][0].strip().casefold() == "hello":
            assert "Hello " not in it["options"] or "hello" not in it["options"]
    assert [it for it in quiz if it["question"] == "Which word or phrase means “Hello”?"] == []  # a duplicate


def test_distractors_have_the_keys_article_shape(with_lessons: Callable[..., SourcePayload]) -> None:
    food = [("la cuenta", "the bill"), ("el menú", "the menu"), ("el camarero", "the waiter"), ("la mesa", "the table")]
    food += [("zumo", "orange juice"), ("café", "coffee"), ("tostada", "toast"), ("agua", "water")]
    items = [{"term": t, "meaning": m} for t, m in food]
    body = _quiz(
        parse_payload(
            {"language": "es", "level": {"id": "x", "lessons": [{"id": "v", "type": "vocabulary", "items": items}]}}
        )
    )
    asked = [it for it in body["items"] if it["question"].startswith("What does")]
    assert asked
    for it in asked:
        with_article = {o.startswith("the ") for o in it["options"]}
        assert len(with_article) == 1, it["options"]


def test_distractors_come_from_the_keys_category_when_the_payload_gives_one(
    with_lessons: Callable[..., SourcePayload],
) -> None:
    words = [
        ("rojo", "red", "colour"),
        ("azul", "blue", "colour"),
        ("verde", "green", "colour"),
        ("negro", "black", "colour"),
    ]
    words += [
        ("perro", "dog", "animal"),
        ("gato", "cat", "animal"),
        ("pez", "fish", "animal"),
        ("vaca", "cow", "animal"),
    ]
    items = [{"term": t, "meaning": m, "category": c} for t, m, c in words]
    body = _quiz(with_lessons({"id": "v", "type": "vocabulary", "items": items}))
    colours, animals = {m for _, m, c in words if c == "colour"}, {m for _, m, c in words if c == "animal"}
    for it in body["items"]:
        if it["question"].startswith("What does"):
            assert set(it["options"]) <= colours or set(it["options"]) <= animals, it["options"]


def test_a_two_choice_source_question_gets_a_third_choice_from_the_level(
    with_lessons: Callable[..., SourcePayload],
) -> None:
    vocabulary = {"id": "v", "type": "vocabulary", "items": [{"term": t, "meaning": m} for t, m in
                  [("hola", "hello"), ("adiós", "goodbye"), ("gracias", "thanks"), ("sí", "yes")]]}  # fmt: skip
    quiz = {
        "id": "q",
        "type": "quiz",
        "questions": [{"question": "Hello?", "choices": ["hola", "adiós"], "answer": "hola"}],
    }
    body = _quiz(with_lessons(vocabulary, quiz))
    asked = _find(body["items"], "Hello?")
    assert len(asked["options"]) == 3
    assert {"hola", "adiós"} < set(asked["options"]) <= {"hola", "adiós", "gracias", "sí"}
    lone = _quiz(
        with_lessons(
            {"id": "q", "type": "quiz", "questions": [{"question": "Pick", "choices": ["a", "b"], "answer": "a"}]}
        )
    )
    assert lone["items"] == []
    assert _dropped(lone, "two-options") == ["Pick"]


def test_subject_courses_ask_what_a_term_is_never_what_it_means(with_lessons: Callable[..., SourcePayload]) -> None:
    terms = [
        ("nucleus", "the part of the cell that holds its DNA"),
        ("mitochondrion", "the part of the cell that releases energy"),
        ("ribosome", "the part of the cell where proteins are made"),
        ("cell membrane", "the layer that controls what enters the cell"),
    ]
    lesson = {"id": "t", "type": "term", "title": "Cells", "terms": [{"term": t, "meaning": m} for t, m in terms]}
    raw = {"language": "en", "courseKind": "subject", "level": {"id": "b", "title": "Biology", "lessons": [lesson]}}
    items = _quiz(parse_payload(raw))["items"]
    questions = [it["question"] for it in items]
    assert not [q for q in questions if "mean" in q or q.startswith("How do you say")]
    assert _find(items, "What is “nucleus”?")["correctAnswers"] == ["the part of the cell that holds its DNA"]
    named = _find(items, "Which term does this definition describe: “the part of the cell that releases energy”?")
    assert named["correctAnswers"] == ["mitochondrion"]


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
    """The term's words as whole words (case ignored), else anywhere; one-word ASCII terms skip the regex; a
    sentence that holds a blank already takes no other."""
    if BLANK in sentence:
        assert cloze(sentence, term) is None
        return
    words = r"\W+".join(re.escape(w) for w in term.split())
    found = re.search(rf"(?<!\w){words}(?!\w)", sentence, re.IGNORECASE) or re.search(words, sentence, re.IGNORECASE)
    if found is None or not found.group().strip():
        assert cloze(sentence, term) is None
    else:
        expected = (sentence[: found.start()] + BLANK + sentence[found.end() :], found.group())
        assert cloze(sentence, term) == expected
