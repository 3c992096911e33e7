"""Sentences the quiz writes around course text: a blank that opens a sentence, Spanish inverted marks, the
source's true/false answers explained in the interface's words, key points as sentences."""

from __future__ import annotations

from typing import Any

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import check_items, generate
from lessonforge.generation.exports import EXPORT_FORMATS


def _quiz(lessons: list[dict[str, Any]], language: str = "fr", interface: str = "en") -> list[dict[str, Any]]:
    """The items of the level's quiz, and the ones it dropped (type, question and lesson only)."""
    raw = {"language": language, "interfaceLanguage": interface, "courseKind": "language",
           "level": {"id": "lv", "title": "Unit", "lessons": lessons}}  # fmt: skip
    body = generate("expanded_quiz", parse_payload(raw)).body
    assert check_items(body["items"]) == []
    left_out = [{**it, "sourceLessonId": it["lessonId"]} for it in body["quality"]["dropped"]["items"]]
    return [*body["items"], *left_out]  # a tiny level leaves blanks out of every form: their question is kept


WORDS = {
    "id": "w",
    "type": "vocabulary",
    "items": [
        {"term": "le loyer", "meaning": "the rent"},
        {"term": "la cuisine", "meaning": "the kitchen"},
        {"term": "le balcon", "meaning": "the balcony"},
    ],
}


def test_a_blank_that_opens_a_sentence_leaves_the_next_word_as_written() -> None:
    review = {"id": "r", "type": "review", "title": "Rent",
              "keyPoints": ["Le loyer est de 750 euros charges comprises."]}  # fmt: skip
    blanks = [it for it in _quiz([WORDS, review]) if it["type"] == "blank" and it["sourceLessonId"] == "r"]
    assert blanks and all("_____ est de 750 euros" in it["question"] for it in blanks), blanks


def test_a_key_point_that_asks_a_question_gives_no_true_false_statement_but_keeps_its_blank() -> None:
    review = {"id": "r", "type": "review", "title": "Asking",
              "keyPoints": ["Combien coûte le loyer par mois ?", "Le balcon donne sur la cour."]}  # fmt: skip
    items = [it for it in _quiz([WORDS, review]) if it["sourceLessonId"] == "r"]
    statements = [it["question"] for it in items if it["type"] == "true-false"]
    assert statements and not [s for s in statements if "Combien" in s], statements
    assert [it for it in items if it["type"] == "blank" and "Combien coûte _____ par mois" in it["question"]]
    explanations = [it["explanation"] for it in items if "explanation" in it]
    assert explanations and all(e.endswith((".", "?", "!")) for e in explanations), explanations


def test_spanish_keeps_the_question_mark_that_closes_its_opening_mark() -> None:
    examples = {"id": "x", "type": "example", "examples": [
        {"source": "How much does it cost?", "translation": "¿Cuánto cuesta?"},
        {"source": "Where is the station?", "translation": "¿Dónde está la estación?"},
        {"source": "I would like bread.", "translation": "Quisiera pan."},
    ]}  # fmt: skip
    questions = [it["question"] for it in _quiz([examples], language="en", interface="es")]
    say = [q for q in questions if q.startswith("¿Cómo se dice")]
    assert "¿Cómo se dice «¿Cuánto cuesta?»?" in say, say
    assert "¿Cómo se dice «Quisiera pan»?" in say, say
    for question in questions:
        assert question.count("¿") <= question.count("?"), question
    meaning = [q for q in questions if q.startswith("¿Qué significa")]
    assert "¿Qué significa «How much does it cost?»?" in meaning, meaning  # the quoted ? is the quote's own


def test_the_sources_true_false_answer_is_explained_with_the_interface_words() -> None:
    quiz = {"id": "q", "type": "quiz", "questions": [
        {"question": "Der Balkon ist groß.", "choices": ["Richtig", "Falsch"], "answer": "Richtig"},
        {"question": "Die Küche ist klein.", "choices": ["Richtig", "Falsch"], "answer": "Falsch"},
    ]}  # fmt: skip
    statements = [it for it in _quiz([quiz], language="de", interface="fr") if it["type"] == "true-false"]
    assert [it["options"] for it in statements] == [["Vrai", "Faux"], ["Vrai", "Faux"]]
    assert [it["explanation"] for it in statements] == [
        "La bonne réponse est «\u202fVrai\u202f».",
        "La bonne réponse est «\u202fFaux\u202f».",
    ]


def test_matching_items_hold_three_pairs_or_more_and_split_evenly() -> None:
    entries = [{"term": f"mot{n}", "meaning": f"word {n}"} for n in range(8)]
    matching = [it for it in _quiz([{"id": "w", "type": "vocabulary", "items": entries}]) if it["type"] == "matching"]
    assert [len(it["correctAnswers"]) for it in matching] == [4, 4]
    two = [{"term": f"mot{n}", "meaning": f"word {n}"} for n in range(2)]
    assert not [it for it in _quiz([{"id": "w", "type": "vocabulary", "items": two}]) if it["type"] == "matching"]


def test_a_key_point_that_exclaims_gives_no_statement_and_one_holding_a_blank_gives_no_blank() -> None:
    review = {"id": "r", "type": "review", "title": "Asking",
              "keyPoints": ["¡Le loyer, s'il vous plaît !", "Le balcon _____ donne sur la cour."]}  # fmt: skip
    items = [it for it in _quiz([WORDS, review]) if it["sourceLessonId"] == "r"]
    assert not [it for it in items if it["type"] == "true-false" and "plaît" in it["question"]], items
    assert not [it for it in items if it["question"].count("_____") > 1], items


def test_exports_tag_the_language_the_items_are_worded_in() -> None:
    raw = {"language": "es", "interfaceLanguage": "nl", "courseKind": "language",
           "level": {"id": "lv", "title": "Unit", "lessons": [WORDS]}}  # fmt: skip
    body = generate("expanded_quiz", parse_payload(raw)).body
    assert body["interfaceLanguage"] == "nl"  # as declared; no Dutch catalogue: the items are worded in English
    assert body["items"][0]["question"].startswith("What does")
    gift = EXPORT_FORMATS["gift"].write(body, None).decode()
    assert "interfaceLanguage=en;" in gift
    rows = EXPORT_FORMATS["csv"].write(body, None).decode()
    assert ",en," in rows and ",nl," not in rows
