"""Free texts of a language course in the summary video: a key point, summary or source question whose words
say it is in the course language is voiced ``course``, one in the interface language (or another) by the
narrator, in the lesson and in the recap (docs/generators.md, "Free texts")."""

from __future__ import annotations

from lf_free_texts import (
    ENGLISH_POINT,
    FRENCH_POINT,
    MIXED_POINT,
    SPANISH_POINT,
    SPANISH_QUESTION,
    SPANISH_SUMMARY,
    mixed_course,
)

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate


def _voices() -> dict[str, set[str]]:
    """Each text said in the video, and the voices it is said with."""
    body = generate("summary_video", parse_payload(mixed_course())).body
    said: dict[str, set[str]] = {}
    for scene in body["scenes"]:
        for step in scene["steps"]:
            for segment in step["segments"]:
                said.setdefault(segment["text"], set()).add(segment["voice"])
    return said


def test_spanish_free_texts_are_voiced_in_the_course_language() -> None:
    said = _voices()
    assert said[SPANISH_POINT] == {"course"}  # in the review and in the recap
    assert said[SPANISH_SUMMARY] == {"course"}
    assert said[SPANISH_QUESTION] == {"course"}


def test_french_english_and_mixed_free_texts_are_voiced_by_the_narrator() -> None:
    said = _voices()
    for text in (FRENCH_POINT, ENGLISH_POINT, MIXED_POINT, "Que demande Julien ?"):
        assert said[text] == {"narrator"}, text
    assert said["On emploie « estar » pour un prix qui change."] == {"narrator"}


def test_the_recap_says_the_spanish_key_point_with_the_course_voice() -> None:
    body = generate("summary_video", parse_payload(mixed_course())).body
    recap = next(scene for scene in body["scenes"] if scene["id"] == "scene-recap")
    spoken = [(s["text"], s["voice"]) for step in recap["steps"] for s in step["segments"]]
    assert (SPANISH_POINT, "course") in spoken
