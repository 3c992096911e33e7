"""Course kinds and the two languages: declared wins, inference follows the documented signals, and the
interface language defaults by kind. Examples first, then properties over random valid payloads."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lf_payloads import payloads

from lessonforge.domain.course import COURSE_KINDS, course, course_kind, interface_language, primary_subtag
from lessonforge.domain.payload import parse_payload
from lessonforge.errors import SourceInvalidError

GLOSSES = [{"term": "la cuenta", "meaning": "the bill"}, {"term": "el café", "meaning": "coffee"}]
DEFINITIONS = [
    {"term": "nucleus", "meaning": "the part of a cell that contains its genetic material"},
    {"term": "ribosome", "meaning": "the small structure in a cell where proteins are made"},
]


def _payload(*lessons: dict[str, Any], **fields: Any) -> dict[str, Any]:
    numbered = [{"id": f"l{n}", **lesson} for n, lesson in enumerate(lessons, 1)]
    return {**fields, "level": {"id": "u1", "title": "Unit 1", "lessons": numbered}}


def _kind(raw: dict[str, Any]) -> str:
    return course_kind(parse_payload(raw))


@pytest.mark.parametrize("where", ["top", "level"])
@pytest.mark.parametrize("declared", ["language", "subject", "Subject", " LANGUAGE "])
def test_a_declared_course_kind_wins_over_every_signal(where: str, declared: str) -> None:
    raw = _payload({"type": "dialogue", "turns": [{"speaker": "A", "text": "hola"}]}, language="es",
                   interfaceLanguage="en")  # fmt: skip
    if where == "top":
        raw["courseKind"] = declared
    else:
        raw["level"]["courseKind"] = declared
    assert _kind(raw) == declared.strip().lower()


@pytest.mark.parametrize("declared", ["science", "", 3, ["language"], {"kind": "subject"}, True])
def test_a_course_kind_that_is_neither_kind_names_the_field(declared: Any) -> None:
    with pytest.raises(SourceInvalidError, match=r'field "courseKind": must be "language" or "subject"') as caught:
        _kind({**_payload({"type": "review", "summary": "s"}), "courseKind": declared})
    assert caught.value.field == "courseKind"


def test_a_learner_reading_another_language_than_the_content_takes_a_language_course() -> None:
    terms = {"type": "term", "terms": DEFINITIONS}
    assert _kind(_payload(terms, language="es", interfaceLanguage="en-GB")) == "language"
    assert _kind(_payload(terms, language="en", interfaceLanguage="en-GB")) == "subject"  # same primary subtag


@pytest.mark.parametrize("lesson_type", ["example", "dialogue"])
def test_examples_with_translations_and_dialogues_make_a_language_course(lesson_type: str) -> None:
    lesson = {"type": lesson_type, "examples": [{"source": "a", "translation": "b"}],
              "turns": [{"speaker": "A", "text": "b"}]}  # fmt: skip
    assert _kind(_payload({"type": "term", "terms": DEFINITIONS}, lesson, language="fr")) == "language"


def test_vocabulary_of_glosses_is_a_language_course_and_of_definitions_a_subject_course() -> None:
    assert _kind(_payload({"type": "vocabulary", "items": GLOSSES}, language="es")) == "language"
    assert _kind(_payload({"type": "vocabulary", "items": DEFINITIONS}, language="en")) == "subject"
    assert _kind(_payload({"type": "term", "terms": GLOSSES}, language="en")) == "subject"  # a glossary
    assert _kind(_payload({"type": "quiz", "questions": []}, {"type": "review", "summary": "s"})) == "subject"


def test_the_interface_language_is_declared_else_the_subjects_own_else_english() -> None:
    subject = parse_payload(_payload({"type": "term", "terms": DEFINITIONS}, language="fr"))
    assert course(subject).interface_language == "fr"
    taught = parse_payload(_payload({"type": "vocabulary", "items": GLOSSES}, language="es"))
    assert course(taught).interface_language == "en"
    declared = parse_payload(_payload({"type": "vocabulary", "items": GLOSSES}, language="fr", interfaceLanguage="fr"))
    assert course(declared).interface_language == "fr" and course(declared).kind == "language"  # immersion
    assert course(parse_payload(_payload({"type": "review", "summary": "s"}))).interface_language == "en"


@settings(max_examples=50, deadline=None)
@given(payloads())
def test_on_any_valid_payload_the_kind_is_one_of_two_and_a_declared_one_is_kept(raw: dict[str, Any]) -> None:
    about = course(parse_payload(raw))
    assert about.kind in COURSE_KINDS
    if "courseKind" in raw:
        assert about.kind == raw["courseKind"]
    assert about.interface_language == interface_language(parse_payload(raw), about.kind)
    assert course(parse_payload(raw)) == about  # deterministic


@settings(max_examples=50, deadline=None)
@given(payloads(declare=False))
def test_on_any_payload_a_learner_of_another_language_is_in_a_language_course(raw: dict[str, Any]) -> None:
    interface = raw.get("interfaceLanguage")
    if interface and primary_subtag(interface) != primary_subtag(raw["language"]):
        assert _kind(raw) == "language"


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["language", "subject"]).flatmap(lambda kind: st.tuples(st.just(kind), payloads(kind, False))))
def test_undeclared_payloads_are_inferred_as_the_kind_their_lessons_are_typical_of(case: tuple[str, Any]) -> None:
    kind, raw = case
    about = course(parse_payload(raw))
    if kind == "subject":
        assert about.kind == "subject"
        assert about.interface_language == raw.get("interfaceLanguage", raw["language"])
    else:
        assert about.kind == "language"
        assert about.interface_language == raw.get("interfaceLanguage", "en")


def test_the_course_is_worked_out_once_per_payload_and_never_confused_between_payloads() -> None:
    glossed = parse_payload(_payload({"type": "vocabulary", "items": GLOSSES}, language="en"))
    assert course(glossed) is course(glossed)  # memoised: every output of a level asks
    for _ in range(200):  # short-lived payloads: an id may be reused, each still gets its own course
        assert course(parse_payload(_payload({"type": "vocabulary", "items": DEFINITIONS}, language="en"))).kind == (
            "subject"
        )
        assert course(parse_payload(_payload({"type": "vocabulary", "items": GLOSSES}, language="en"))).kind == (
            "language"
        )
    assert course(glossed).kind == "language"
