"""Payloads that are objects but cannot produce an output: ``SourceInvalidError`` naming lesson and field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lessonforge.domain.payload import SourcePayload, parse_payload
from lessonforge.errors import SourceInvalidError
from lessonforge.generation import OUTPUT_TYPES, generate

CASES: list[tuple[dict[str, Any], str, str]] = [
    ({"id": "v1", "type": "vocabulary", "items": [{"term": "a"}]}, "items[0].meaning", "is required"),
    ({"id": "v1", "type": "vocabulary", "items": [{"term": "a", "meaning": "  "}]}, "items[0].meaning", "non-empty"),
    ({"id": "v1", "type": "vocabulary", "items": {"term": "a"}}, "items", "must be a list"),
    ({"id": "v1", "type": "vocabulary"}, "items", "is required"),
    ({"id": "v1", "type": "vocabulary", "items": ["a"]}, "items[0]", "must be an object"),
    (
        {"id": "v1", "type": "vocabulary", "items": [{"term": "a", "meaning": "b", "example": {"x": 1}}]},
        "items[0].example",
        "must be a text",
    ),
    ({"id": "t1", "type": "term", "terms": [{"term": {"t": 1}, "meaning": "b"}]}, "terms[0].term", "non-empty"),
    ({"id": "e1", "type": "example", "examples": [{"source": "a"}]}, "examples[0].translation", "is required"),
    (
        {"id": "d1", "type": "dialogue", "turns": [{"speaker": "A", "text": "hi"}, {"text": "yo"}]},
        "turns[1].speaker",
        "is required",
    ),
    (
        {
            "id": "l3",
            "type": "quiz",
            "questions": [
                {"question": "ok?", "choices": ["a", "b"], "answer": "a"},
                {"question": "q?", "choices": ["a", "b"], "answer": "x"},
            ],
        },
        "questions[1].answer",
        'answer "x" is not among the choices',
    ),
    (
        {"id": "q1", "type": "quiz", "questions": [{"question": "q?", "choices": "a,b", "answer": "a"}]},
        "questions[0].choices",
        "must be a list",
    ),
    (
        {"id": "q1", "type": "quiz", "questions": [{"question": "q?", "choices": ["a", " A "], "answer": "a"}]},
        "questions[0].choices[1]",
        "repeated",
    ),
    (
        {"id": "q1", "type": "quiz", "questions": [{"question": "q?", "choices": ["a"], "answer": "a"}]},
        "questions[0].choices",
        "at least 2",
    ),
    (
        {"id": "q1", "type": "quiz", "questions": [{"choices": ["a", "b"], "answer": "a"}]},
        "questions[0].question",
        "is required",
    ),
    ({"id": "r1", "type": "review", "title": "R"}, "summary", "summary or keyPoints"),
    ({"id": "r1", "type": "review", "keyPoints": "one"}, "keyPoints", "must be a list"),
    ({"id": "r1", "type": "review", "keyPoints": ["ok", None]}, "keyPoints[1]", "non-empty"),
]


@pytest.mark.parametrize("output", OUTPUT_TYPES)
@pytest.mark.parametrize(("lesson", "field", "words"), CASES)
def test_a_broken_lesson_fails_every_output_naming_lesson_and_field(
    with_lessons: Callable[..., SourcePayload], output: str, lesson: dict[str, Any], field: str, words: str
) -> None:
    fine = {"id": "ok", "type": "review", "summary": "fine"}
    with pytest.raises(SourceInvalidError) as caught:
        generate(output, with_lessons(fine, lesson))
    error = caught.value
    assert (error.lesson_id, error.field, error.code) == (lesson["id"], field, "source_invalid")
    assert error.message.startswith(f'lesson "{lesson["id"]}" field "{field}": ')
    assert words in error.message


def test_the_quiz_answer_message_reads_as_documented(with_lessons: Callable[..., SourcePayload]) -> None:
    lesson = CASES[9][0]
    with pytest.raises(SourceInvalidError) as caught:
        generate("expanded_quiz", with_lessons(lesson))
    assert str(caught.value) == 'lesson "l3" field "questions[1].answer": answer "x" is not among the choices'


@pytest.mark.parametrize("output", OUTPUT_TYPES)
@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"level": {"id": "a", "lessons": []}}, "level.lessons"),
        ({"level": {"id": "a", "lessons": "l1,l2"}}, "level.lessons"),
        ({"category": "x"}, "level.lessons"),
        ({"level": 3}, "level"),
    ],
)
def test_a_level_without_lessons_fails_every_output(output: str, raw: dict[str, Any], field: str) -> None:
    with pytest.raises(SourceInvalidError) as caught:
        generate(output, parse_payload(raw))
    assert caught.value.field == field
    assert caught.value.lesson_id is None


def test_a_source_question_repeated_with_another_answer_fails_the_quiz(
    with_lessons: Callable[..., SourcePayload],
) -> None:
    first = {"id": "q1", "type": "quiz", "questions": [{"question": "Pick", "choices": ["a", "b"], "answer": "a"}]}
    second = {"id": "q2", "type": "quiz", "questions": [{"question": "pick ", "choices": ["a", "b"], "answer": "b"}]}
    with pytest.raises(SourceInvalidError) as caught:
        generate("expanded_quiz", with_lessons(first, second))
    assert (caught.value.lesson_id, caught.value.field) == ("q2", "questions[0].question")
    assert 'lesson "q1"' in caught.value.message


def test_a_source_question_repeated_with_the_same_answer_is_kept_once(
    with_lessons: Callable[..., SourcePayload],
) -> None:
    lesson = {"type": "quiz", "questions": [{"question": "Pick", "choices": ["a", "b", "c"], "answer": "a"}]}
    body = generate("expanded_quiz", with_lessons({"id": "q1", **lesson}, {"id": "q2", **lesson})).body
    assert [(it["id"], it["origin"]) for it in body["items"]] == [("q-q1-1", "source")]


def test_odd_but_usable_input_is_not_an_error(with_lessons: Callable[..., SourcePayload]) -> None:
    payload = with_lessons(
        "a loose note",
        {"type": "vocabulary", "items": []},
        {"id": "n", "type": "quiz", "questions": [{"question": 7, "choices": [True, False], "answer": True}]},
        {"id": "r", "type": "review", "summary": "s", "keyPoints": [3, "x"]},
    )
    for output in OUTPUT_TYPES:
        assert generate(output, payload).body
    item = generate("expanded_quiz", payload).body["items"][0]
    assert (item["type"], item["question"], item["correctAnswers"]) == ("true-false", "7", ["True"])
