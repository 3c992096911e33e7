"""An untitled lesson is called "Lesson <n>" in the interface language (the ``lessons`` catalogue), wherever the
quiz and the video name it: item wording, scene titles, narration, subtitles. No English is left behind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from lf_examples import example
from lf_support import sample_payload

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate

DEFAULT = {"en": "Lesson", "es": "Lección", "fr": "Leçon", "de": "Lektion", "pt": "Lição", "it": "Lezione"}


def _untitled(raw: dict[str, Any]) -> dict[str, Any]:
    for lesson in raw["level"]["lessons"]:
        lesson.pop("title", None)
    return raw


def _texts(value: object) -> Iterator[str]:
    """Every string value of a JSON body (keys such as ``sourceLessonId`` are not words a learner reads)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)


def test_a_french_interface_level_calls_its_untitled_lessons_lecon_n_in_quiz_and_video() -> None:
    raw = _untitled(example("french-b1-logement"))
    assert raw["interfaceLanguage"] == "fr"
    count = len(raw["level"]["lessons"])
    video = generate("summary_video", parse_payload(raw)).body
    quiz = generate("expanded_quiz", parse_payload(raw)).body
    scenes = [scene["title"] for scene in video["scenes"] if scene["kind"] == "lesson"]
    assert scenes == [f"Leçon {n}" for n in range(1, count + 1)]
    narration = json.dumps(video["scenes"][0], ensure_ascii=False)
    assert "Leçon 1" in narration and "Leçon 5" in narration and "Leçon 1" in video["subtitlesVtt"]
    questions = [it["question"] for it in quiz["items"]] + [it.get("explanation") or "" for it in quiz["items"]]
    assert any("«\u202fLeçon 1\u202f»" in text for text in questions)
    for body in (video, quiz):
        assert not [text for text in _texts(body) if "Lesson" in text]


@pytest.mark.parametrize("language", sorted(DEFAULT))
def test_every_interface_language_has_its_own_default_lesson_title(language: str) -> None:
    raw = _untitled({**sample_payload(lessons=5), "interfaceLanguage": language})
    video = generate("summary_video", parse_payload(raw)).body
    quiz = generate("expanded_quiz", parse_payload(raw)).body
    assert [s["title"] for s in video["scenes"] if s["kind"] == "lesson"] == [f"{DEFAULT[language]} {n}" for n in
                                                                              range(1, 6)]  # fmt: skip
    named = {text for text in _texts(quiz) for n in range(1, 6) if f"{DEFAULT[language]} {n}" in text}
    assert named
    others = {word for lang, word in DEFAULT.items() if lang != language and not DEFAULT[language].startswith(word)}
    assert not [text for body in (video, quiz) for text in _texts(body) for word in others if f"{word} " in text]
