"""The summary video plan: title, lesson and recap scenes, durations from narration, and WebVTT."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest

from lessonforge.domain.payload import SourcePayload, parse_payload
from lessonforge.generation import build_webvtt, generate
from lessonforge.generation.video import MIN_SCENE_SECONDS, speech_seconds, steps_seconds

CUE_TIMES = re.compile(r"^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$")


def _video(payload: SourcePayload) -> dict[str, Any]:
    resource = generate("summary_video", payload)
    assert resource.resource_type == "video"
    return resource.body


def _ms(h: str, m: str, s: str, ms: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def parse_vtt(vtt: str) -> list[tuple[int, int, str]]:
    """Strictly parse the WebVTT we write: header, then blocks of id, timing line and one text line."""
    header, *blocks = vtt.rstrip("\n").split("\n\n")
    assert header == "WEBVTT"
    cues = []
    for number, block in enumerate(blocks, 1):
        cue_id, timing, *text = block.split("\n")
        assert cue_id == str(number)
        found = CUE_TIMES.match(timing)
        assert found, timing
        start, end = _ms(*found.groups()[:4]), _ms(*found.groups()[4:])
        assert 0 <= start < end
        assert text
        assert all(line.strip() and "-->" not in line for line in text)
        cues.append((start, end, " ".join(text)))
    return cues


def test_scenes_are_title_then_one_per_lesson_in_order_then_recap(level: SourcePayload) -> None:
    scenes = _video(level)["scenes"]
    assert [s["kind"] for s in scenes] == ["title"] + ["lesson"] * 7 + ["recap"]
    assert [s["lessonId"] for s in scenes[1:-1]] == ["l1", "l2", "l3", "l4", "l5", "l6", "l7"]
    assert [s["id"] for s in scenes] == ["scene-title", *(f"scene-l{n}" for n in range(1, 8)), "scene-recap"]
    assert scenes[0]["title"] == "A1 Foundations"
    assert "Greetings" in scenes[0]["narration"]


def test_lesson_scenes_narrate_the_lesson_content(level: SourcePayload) -> None:
    scenes = {s["lessonId"]: s for s in _video(level)["scenes"]}
    assert "hola means hello." in scenes["l1"]["narration"]
    assert "hola — hello" in scenes["l1"]["onScreenText"]
    assert "Muy bien, gracias." in scenes["l3"]["narration"] and "Luis" not in scenes["l3"]["narration"]
    assert "Luis: Muy bien, gracias." in scenes["l3"]["onScreenText"]  # names shown, never read out
    assert "The answer is: water." in scenes["l4"]["narration"]
    assert "Say hola to greet a friend." in scenes["l6"]["narration"]


def test_an_unknown_lesson_scene_narrates_its_title_and_prose_but_no_labels_or_single_word_values(
    level: SourcePayload,
) -> None:
    scene = next(s for s in _video(level)["scenes"] if s["lessonId"] == "l7")
    assert scene["narration"].startswith("Articles.")
    assert "El is masculine, la is feminine." in scene["narration"]
    assert scene["onScreenText"] == ["El is masculine, la is feminine."]
    assert "masculine." not in scene["narration"].replace("El is masculine, la is feminine.", "")
    assert scene["extra"]["body"] == "El is masculine, la is feminine."


def test_metadata_of_known_lessons_travels_with_the_scene_but_is_never_shown_or_spoken(
    level: SourcePayload,
) -> None:
    scene = next(s for s in _video(level)["scenes"] if s["lessonId"] == "l1")
    assert scene["extra"] == {"difficulty": "easy", "items[0].audio": "hola.mp3"}
    shown_and_said = " ".join([scene["narration"], *scene["onScreenText"]]).casefold()
    assert "difficulty" not in shown_and_said and "easy" not in shown_and_said and "hola.mp3" not in shown_and_said


def test_durations_follow_the_steps_spoken_length_with_a_floor(level: SourcePayload) -> None:
    body = _video(level)
    for scene in body["scenes"]:
        assert scene["durationSeconds"] == steps_seconds(scene["steps"])
        assert scene["durationSeconds"] >= MIN_SCENE_SECONDS
        assert scene["durationSeconds"] >= speech_seconds(scene["narration"]) - 1.0
    assert body["totalDurationSeconds"] == pytest.approx(sum(s["durationSeconds"] for s in body["scenes"]))
    assert speech_seconds("word " * 150) == pytest.approx(61.0)
    assert speech_seconds("Hi.") == MIN_SCENE_SECONDS


def test_subtitles_are_valid_webvtt_whose_cues_follow_scene_durations(level: SourcePayload) -> None:
    body = _video(level)
    cues = parse_vtt(body["subtitlesVtt"])
    boundaries, start = set(), 0
    for scene in body["scenes"]:
        start += round(scene["durationSeconds"] * 1000)
        boundaries.add(start)
    ends = {end for _, end, _ in cues}
    assert boundaries <= ends
    assert cues[-1][1] == round(body["totalDurationSeconds"] * 1000)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cues))
    spoken = " ".join(text for _, _, text in cues)
    assert spoken == " ".join(s["narration"] for s in body["scenes"])


def test_long_narration_is_split_into_several_cues(with_lessons: Callable[..., SourcePayload]) -> None:
    summary = " ".join(["This sentence is about learning Spanish greetings carefully and slowly"] * 6) + "."
    payload = with_lessons({"id": "r", "type": "review", "title": "Long", "summary": summary})
    body = _video(payload)
    scene = body["scenes"][1]
    cues = parse_vtt(build_webvtt([scene]))
    assert len(cues) > 4
    assert all(len(text) <= 84 for _, _, text in cues)
    assert cues[-1][1] == round(scene["durationSeconds"] * 1000)


def test_an_edited_plan_can_be_re_subtitled() -> None:
    scenes = [
        {"narration": "First <b> & scene.", "durationSeconds": 2.5},
        {"narration": "Skipped: no time.", "durationSeconds": 0},
        {"narration": "Third --> scene.", "durationSeconds": 3601},
    ]
    vtt = build_webvtt(scenes)
    assert "First &lt;b&gt; &amp; scene." in vtt
    cues = parse_vtt(vtt)
    assert [(s, e) for s, e, _ in cues] == [(0, 2500), (2500, 3_603_500)]
    assert "01:00:03.500" in vtt


def test_the_same_payload_gives_the_same_plan(raw_level: dict[str, Any], level: SourcePayload) -> None:
    assert _video(parse_payload(raw_level)) == _video(level)
