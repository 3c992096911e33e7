"""A video a class can watch, checked in the rendered MP4 with ffmpeg/ffprobe: two voices in a dialogue, a
quiz that waits at least 3 s before its answer, streams tagged with the language most of the video is said in
(ISO 639-2)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lf_examples import example
from lf_support import require_tool

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.rendering import RenderedVideo, RenderOptions, render_video
from lessonforge.rendering.captions import iso639_2
from lessonforge.rendering.speech import find_engine, synthesize
from lessonforge.rendering.voices import voices

PAYLOAD: dict[str, Any] = {
    "language": "es",
    "interfaceLanguage": "en",
    "level": {
        "title": "Café",
        "lessons": [
            {"id": "d", "type": "dialogue", "title": "Ordering", "turns": [
                {"speaker": "Ana", "text": "Un café, por favor."},
                {"speaker": "Luis", "text": "Claro, ahora mismo."}]},
            {"id": "q", "type": "quiz", "title": "Check", "questions": [
                {"question": "How do you ask for the bill?", "choices": ["La cuenta, por favor.", "Hola."],
                 "answer": "La cuenta, por favor."}]},
        ],
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> RenderedVideo:
    ffmpeg = require_tool("ffmpeg")
    engine = find_engine() or require_tool("espeak-ng")
    body = generate("summary_video", parse_payload(PAYLOAD)).body
    workdir = tmp_path_factory.mktemp("teachable")
    return render_video(body, "es", workdir, RenderOptions(ffmpeg, engine, 300))


def _probe(path: Path) -> dict[str, Any]:
    command = [require_tool("ffprobe"), "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    return dict(json.loads(subprocess.run(command, capture_output=True, check=True).stdout))


def _mean_volume(path: Path, start: float, seconds: float) -> float:
    command = [require_tool("ffmpeg"), "-ss", f"{start:.3f}", "-t", f"{seconds:.3f}", "-i", str(path)]
    command += ["-map", "0:a", "-af", "volumedetect", "-f", "null", "-"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    return float(output.split("mean_volume:")[1].split("dB")[0]) if "mean_volume:" in output else -91.0


def _frame(path: Path, at: float) -> bytes:
    command = [require_tool("ffmpeg"), "-v", "error", "-ss", f"{at:.3f}", "-i", str(path), "-frames:v", "1"]
    command += ["-f", "image2pipe", "-vcodec", "png", "-"]
    return subprocess.run(command, capture_output=True, check=True).stdout


def test_the_two_dialogue_speakers_are_two_distinct_voices_and_their_names_are_not_said(
    rendered: RenderedVideo, tmp_path: Path
) -> None:
    turns = [clip for clip in rendered.clips if clip.role.startswith("speaker")]
    assert [(c.role, c.text) for c in turns] == [
        ("speaker1", "Un café, por favor."),
        ("speaker2", "Claro, ahora mismo."),
    ]
    assert turns[0].voice != turns[1].voice and all(c.voice.startswith("es") for c in turns)
    assert not any("Ana" in c.text or "Luis" in c.text for c in rendered.clips)
    for clip in turns:  # each voice is heard in the MP4 where the clip list says
        assert _mean_volume(rendered.path, clip.start, clip.seconds) > -45
    # The same words in the two voices are two different sounds (variant and pitch differ).
    engine = find_engine() or require_tool("espeak-ng")
    same = [
        synthesize(engine, "Un café, por favor.", "es", tmp_path, role, variant=voice.variant, pitch=voice.pitch)
        for role, voice in voices("es", "en").items()
        if role.startswith("speaker")
    ]
    assert all(same) and same[0][0].read_bytes() != same[1][0].read_bytes()  # type: ignore[index]


def test_scaffolding_is_said_in_the_interface_voice_and_course_texts_in_the_course_voice(
    rendered: RenderedVideo,
) -> None:
    voices = {clip.text: clip.voice for clip in rendered.clips}
    assert voices["The answer is:"].startswith("en") and voices["Listen to the conversation."].startswith("en")
    assert voices["La cuenta, por favor."].startswith("es")


def test_a_quiz_question_and_its_options_stay_silent_at_least_3_seconds_before_the_answer(
    rendered: RenderedVideo,
) -> None:
    quiz = [clip for clip in rendered.clips if clip.scene == 2]
    answer = next(clip for clip in quiz if clip.text == "The answer is:")
    options = [clip for clip in quiz if clip.start < answer.start and clip.text in ("La cuenta, por favor.", "Hola.")]
    assert [clip.text for clip in options] == ["La cuenta, por favor.", "Hola."]  # the options are read out
    last_option_end = options[-1].start + options[-1].seconds
    assert answer.start - last_option_end >= 3.0
    assert _mean_volume(rendered.path, last_option_end + 0.2, 2.8) < -80  # silence to think
    # The answer is not on screen while the learner thinks; it is once it is said.
    thinking, shown = _frame(rendered.path, last_option_end + 1.0), _frame(rendered.path, answer.start + 0.3)
    assert thinking != shown and thinking == _frame(rendered.path, last_option_end + 2.5)


def test_audio_and_subtitle_streams_carry_the_language_most_of_the_video_is_said_in(rendered: RenderedVideo) -> None:
    streams = {s["codec_type"]: s for s in _probe(rendered.path)["streams"]}
    assert streams["audio"]["tags"]["language"] == "eng"  # an English narration around a few Spanish lines
    assert streams["subtitle"]["tags"]["language"] == "eng"
    assert abs(float(_probe(rendered.path)["format"]["duration"]) - rendered.duration_seconds) < 0.3
    assert [iso639_2(tag) for tag in ("de-AT", "fr", "pt_BR", "it", "en", "xx", None)] == [
        "ger", "fre", "por", "ita", "eng", "und", "und",
    ]  # fmt: skip


MOSTLY_SPANISH: dict[str, Any] = {
    "language": "es",
    "interfaceLanguage": "en",
    "level": {"title": "Mercado", "lessons": [{"id": "d", "type": "dialogue", "title": "At the market", "turns": [
        {"speaker": "Ana" if i % 2 else "Luis", "text": f"Frase {i}: hoy vamos al mercado a comprar fruta fresca."}
        for i in range(12)]}]},
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("spanish-a1-for-french-speakers", example("spanish-a1-for-french-speakers"), "fre"),
        ("german-a2-for-spanish-speakers", example("german-a2-for-spanish-speakers"), "spa"),
        ("gcse-biology-cells", example("gcse-biology-cells"), "eng"),
        ("a dialogue of twelve Spanish lines", MOSTLY_SPANISH, "spa"),
    ],
)
def test_streams_are_tagged_with_the_interface_language_unless_the_course_language_is_most_of_what_is_said(
    name: str, payload: dict[str, Any], expected: str, tmp_path: Path
) -> None:
    ffmpeg = require_tool("ffmpeg")
    body = generate("summary_video", parse_payload(payload)).body
    silent = render_video(body, payload["language"], tmp_path, RenderOptions(ffmpeg, None, 300))  # the same tags
    streams = {s["codec_type"]: s for s in _probe(silent.path)["streams"]}
    assert streams["audio"]["tags"]["language"] == streams["subtitle"]["tags"]["language"] == expected, name


def test_captions_follow_the_spoken_clips_and_chapters_follow_the_scenes(rendered: RenderedVideo) -> None:
    assert rendered.captions_vtt.startswith("WEBVTT")
    assert "Un café, por favor." in rendered.captions_vtt and "Ana" not in rendered.captions_vtt
    assert [c["title"] for c in rendered.chapters] == ["Café", "Ordering", "Check", "Recap"]
    starts = [c["startSeconds"] for c in rendered.chapters]
    assert starts == sorted(starts) and starts[0] == 0
