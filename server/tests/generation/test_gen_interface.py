"""``generate``: resource types, titles, language, JSON bodies, determinism, and what every output keeps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lessonforge.domain.payload import SourcePayload, parse_payload
from lessonforge.errors import SourceInvalidError
from lessonforge.generation import OUTPUT_TYPES, RESOURCE_TYPES, GeneratedResource, generate, generate_all


def test_the_output_types_and_their_resource_types_are_fixed() -> None:
    assert OUTPUT_TYPES == ("interactive_module", "summary_video", "expanded_quiz")
    assert dict(RESOURCE_TYPES) == {"interactive_module": "module", "summary_video": "video", "expanded_quiz": "test"}


@pytest.mark.parametrize(
    ("output", "title"),
    [
        ("interactive_module", "A1 Foundations — Interactive module"),
        ("summary_video", "A1 Foundations — Summary video"),
        ("expanded_quiz", "A1 Foundations — Quiz"),
    ],
)
def test_each_output_is_a_titled_resource_with_a_json_body(level: SourcePayload, output: str, title: str) -> None:
    resource = generate(output, level)
    assert isinstance(resource, GeneratedResource)
    assert (resource.resource_type, resource.title, resource.language) == (RESOURCE_TYPES[output], title, "es")
    assert resource.body["title"] == title
    assert json.loads(json.dumps(resource.body)) == resource.body


def test_a_payload_without_any_title_gets_a_fallback_title() -> None:
    payload = parse_payload({"level": {"lessons": [{"id": "r", "type": "review", "summary": "s"}]}})
    assert generate("expanded_quiz", payload).title == "Untitled lesson set — Quiz"
    assert generate("summary_video", payload).language is None


def test_an_unknown_output_type_is_a_programming_error(level: SourcePayload) -> None:
    with pytest.raises(ValueError, match="podcast"):
        generate("podcast", level)


@pytest.mark.parametrize("output", OUTPUT_TYPES)
def test_the_same_payload_always_gives_the_same_body(raw_level: dict[str, Any], output: str) -> None:
    bodies = [json.dumps(generate(output, parse_payload(raw_level)).body, sort_keys=True) for _ in range(3)]
    assert len(set(bodies)) == 1


@pytest.mark.parametrize("output", OUTPUT_TYPES)
def test_unknown_types_and_fields_reach_every_output(level: SourcePayload, output: str) -> None:
    text = json.dumps(generate(output, level).body, ensure_ascii=False)
    for kept in ("El is masculine, la is feminine.", "masculine", "hola.mp3", "difficulty", "points"):
        assert kept in text, f"{kept!r} missing from {output}"


def test_generation_does_not_change_the_payload(raw_level: dict[str, Any]) -> None:
    before = json.dumps(raw_level, sort_keys=True)
    payload = parse_payload(raw_level)
    for output in OUTPUT_TYPES:
        generate(output, payload)
    assert json.dumps(raw_level, sort_keys=True) == before


def test_generate_all_reads_the_level_once_and_equals_one_output_at_a_time(level: SourcePayload) -> None:
    assert generate_all(OUTPUT_TYPES, level) == [generate(output, level) for output in OUTPUT_TYPES]


def test_generate_all_gives_each_output_its_own_error_when_the_level_is_broken() -> None:
    payload = parse_payload({"level": {"lessons": [{"id": "r1", "type": "review", "title": "R"}]}})
    results = generate_all(["expanded_quiz", "interactive_module"], payload)
    assert [type(r) for r in results] == [SourceInvalidError, SourceInvalidError]
    assert {r.field for r in results if isinstance(r, SourceInvalidError)} == {"summary"}
