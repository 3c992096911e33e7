"""The teachable video plan: a voice per spoken part, quizzes that leave time to think, lists over several
slides with the narrated line highlighted, scaffolding in the interface language."""

from __future__ import annotations

from typing import Any

import pytest
from lf_examples import example, example_names

from lessonforge.domain.payload import SourcePayload, parse_payload
from lessonforge.generation import generate
from lessonforge.generation.video_script import PAGE_SIZE, THINK_SECONDS


def _scenes(payload: SourcePayload | dict[str, Any]) -> dict[str, dict[str, Any]]:
    parsed = payload if isinstance(payload, SourcePayload) else parse_payload(payload)
    return {s["lessonId"] or s["id"]: s for s in generate("summary_video", parsed).body["scenes"]}


def _segments(scene: dict[str, Any]) -> list[dict[str, str]]:
    return [segment for step in scene["steps"] for segment in step["segments"]]


def test_course_language_texts_get_the_course_voice_and_scaffolding_the_narrator(level: SourcePayload) -> None:
    segments = _segments(_scenes(level)["l1"])
    voices = {segment["text"]: segment["voice"] for segment in segments}
    assert voices["hola"] == "course" and voices["¡Hola, Ana!"] == "course"
    assert voices["means"] == "narrator" and voices["hello."] == "narrator" and voices["Greetings."] == "narrator"


def test_the_two_dialogue_speakers_get_two_voices_and_their_names_are_never_said(level: SourcePayload) -> None:
    scene = _scenes(level)["l3"]
    turns = [s for s in _segments(scene) if s["voice"].startswith("speaker")]
    assert [t["voice"] for t in turns] == ["speaker1", "speaker2", "speaker1"]  # Ana, Luis, Ana
    said = " ".join(s["text"] for s in _segments(scene))
    assert "Ana" not in said and "Luis" not in said


def test_a_quiz_shows_the_question_with_its_options_then_waits_before_the_answer(level: SourcePayload) -> None:
    steps = _scenes(level)["l4"]["steps"]
    asked, answered = steps[1], steps[2]
    assert asked["lines"] == ["What does 'agua' mean?", "A) water", "B) fire", "C) air"]
    assert asked["highlight"] is None and asked["holdSeconds"] >= 3 and THINK_SECONDS >= 3
    assert "water" not in " ".join(s["text"] for s in asked["segments"][:1])
    assert answered["lines"] == asked["lines"] and answered["highlight"] == 1
    assert [s["text"] for s in answered["segments"]][:2] == ["The answer is:", "water."]


def test_lists_longer_than_four_go_over_several_slides_with_the_narrated_item_highlighted(
    level: SourcePayload,
) -> None:
    steps = _scenes(level)["l1"]["steps"]  # six words
    items = [step for step in steps if step["highlight"] is not None]
    assert len(items) == 6
    assert all(len(step["lines"]) <= PAGE_SIZE for step in steps)
    assert [step["lines"][step["highlight"]].split(" — ")[0] for step in items] == [
        "hola", "gracias", "sí", "agua", "manzana", "adiós",
    ]  # fmt: skip
    assert items[4]["lines"] != items[0]["lines"]  # the fifth word is on a second slide


def test_scaffolding_is_in_the_interface_language_and_content_is_left_as_it_is() -> None:
    payload = {
        "language": "es",
        "interfaceLanguage": "fr",
        "level": {
            "title": "Espagnol A1",
            "lessons": [{"id": "v", "type": "vocabulary", "title": "Salutations", "items": [
                {"term": "hola", "meaning": "bonjour", "example": "¡Hola, Ana!"}]}],
        },
    }  # fmt: skip
    scenes = _scenes(payload)
    said = [s["text"] for s in _segments(scenes["v"])]
    assert said == ["Salutations.", "hola", "signifie", "bonjour.", "Par exemple :", "¡Hola, Ana!"]
    assert scenes["scene-title"]["narration"].startswith("Bienvenue dans Espagnol A1.")
    assert scenes["scene-recap"]["title"] == "Récapitulatif"
    body = generate("summary_video", parse_payload(payload)).body
    assert body["title"] == "Espagnol A1 — Vidéo récapitulative" and body["interfaceLanguage"] == "fr"


def test_a_subject_course_never_says_means() -> None:
    scenes = _scenes(example("gcse-biology-cells"))
    said = " ".join(s["text"] for scene in scenes.values() for s in _segments(scene))
    assert " means " not in f" {said} "


@pytest.mark.parametrize("name", example_names())
def test_every_example_plan_says_and_shows_what_its_steps_say_and_show(name: str) -> None:
    for scene in _scenes(example(name)).values():
        said = " ".join(s["text"] for s in _segments(scene))
        assert said == scene["narration"]
        shown = list(dict.fromkeys(line for step in scene["steps"] for line in step["lines"]))
        assert shown == scene["onScreenText"]
        assert all(len(step["lines"]) <= PAGE_SIZE + 6 for step in scene["steps"])  # a question and its options
