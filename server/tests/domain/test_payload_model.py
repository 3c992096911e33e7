"""The payload model: lenient parsing, the source title, canonical JSON and the lesson-list check."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge.domain.payload import (
    Lesson,
    SourcePayload,
    canonical_json,
    parse_payload,
    require_lessons,
    source_title,
)
from lessonforge.errors import SourceInvalidError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def test_a_recognised_payload_is_parsed_into_lessons_in_order() -> None:
    raw: dict[str, Any] = {
        "category": {"id": "c", "title": "Korean"},
        "language": "ko",
        "level": {
            "id": "a1",
            "title": "A1",
            "lessons": [
                {"id": "l1", "type": "vocabulary", "title": "Words", "items": []},
                {"id": "l2", "type": "review", "summary": "s"},
            ],
        },
    }
    payload = parse_payload(raw)
    assert (payload.category_title, payload.language, payload.level_id, payload.level_title) == (
        "Korean",
        "ko",
        "a1",
        "A1",
    )
    assert payload.lessons == (
        Lesson("l1", 0, "vocabulary", "Words", raw["level"]["lessons"][0]),
        Lesson("l2", 1, "review", None, raw["level"]["lessons"][1]),
    )
    assert payload.raw is raw


def test_lessons_that_are_not_objects_or_lack_ids_get_index_based_ids() -> None:
    payload = parse_payload({"level": {"lessons": [{"type": "review"}, "just text", {"id": "", "title": "T"}, None]}})
    assert [lesson.id for lesson in payload.lessons] == ["lesson-1", "lesson-2", "lesson-3", "lesson-4"]
    assert payload.lessons[1].type == "unknown"
    assert payload.lessons[1].data == {"value": "just text"}


def test_repeated_lesson_ids_are_made_unique() -> None:
    payload = parse_payload({"level": {"lessons": [{"id": "a"}, {"id": "a"}, {"id": "a-2"}, {"id": 7}]}})
    assert [lesson.id for lesson in payload.lessons] == ["a", "a-2", "a-2-2", "7"]


def test_top_level_lessons_are_read_when_there_is_no_level() -> None:
    payload = parse_payload({"title": "Loose", "lessons": [{"id": "x", "type": "review", "summary": "s"}]})
    assert [lesson.id for lesson in payload.lessons] == ["x"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"level": {"title": "Level"}, "title": "Top", "category": "Cat"}, "Level"),
        ({"level": {"title": "  "}, "title": "Top", "category": "Cat"}, "Top"),
        ({"title": "", "category": "Cat"}, "Cat"),
        ({"category": {"id": "c1", "title": "Cat title"}}, "Cat title"),
        ({"category": {"id": "c1"}}, None),
        ({"level": "not an object"}, None),
        ({}, None),
    ],
)
def test_source_title_follows_level_then_title_then_category(raw: dict[str, Any], expected: str | None) -> None:
    assert source_title(raw) == expected
    assert parse_payload(raw).title == expected


def test_canonical_json_sorts_keys_has_no_whitespace_and_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": [1, {"d": "한", "c": None}]}) == '{"a":[1,{"c":null,"d":"한"}],"b":1}'


def test_canonical_json_survives_keys_of_mixed_types() -> None:
    assert canonical_json({1: "x", "a": "y"}) == '{"1":"x","a":"y"}'


def test_the_fingerprint_is_the_sha256_of_the_canonical_json() -> None:
    raw = {"z": 1, "level": {"lessons": []}}
    expected = hashlib.sha256(canonical_json(raw).encode()).hexdigest()
    assert parse_payload(raw).fingerprint == expected
    assert parse_payload({"level": {"lessons": []}, "z": 1}).fingerprint == expected


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"level": {"lessons": []}}, "level.lessons", "no lessons"),
        ({"level": {"lessons": {"id": "l1"}}}, "level.lessons", "must be a list"),
        ({"level": {"title": "t"}}, "level.lessons", "is required"),
        ({"title": "t"}, "level.lessons", "is required"),
        ({"level": ["l1"]}, "level", "must be an object"),
        ({"lessons": "nope"}, "lessons", "must be a list"),
    ],
)
def test_a_level_without_usable_lessons_is_source_invalid(raw: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(SourceInvalidError) as caught:
        require_lessons(parse_payload(raw))
    assert caught.value.field == field
    assert field in caught.value.message
    assert words in caught.value.message


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["level", "lessons", "title", "category", "language", "x"]), json_values))
def test_parsing_never_raises_for_any_object(raw: dict[str, Any]) -> None:
    payload = parse_payload(raw)
    assert isinstance(payload, SourcePayload)
    assert len({lesson.id for lesson in payload.lessons}) == len(payload.lessons)
    assert [lesson.index for lesson in payload.lessons] == list(range(len(payload.lessons)))
    assert json.loads(canonical_json(raw)) == json.loads(json.dumps(raw))


@settings(max_examples=60, deadline=None)
@given(st.lists(json_values, max_size=6))
def test_any_lesson_list_parses_with_unique_ids(lessons: list[Any]) -> None:
    payload = parse_payload({"level": {"lessons": lessons}})
    assert len(payload.lessons) == len(lessons)
    assert len({lesson.id for lesson in payload.lessons}) == len(lessons)
