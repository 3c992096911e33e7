"""The rendering parts without the app: lenient scene plans, the frame grid, wrapping, the fallback font."""

from __future__ import annotations

from pathlib import Path

import pytest
from lf_support import sample_payload
from PIL import Image

from lessonforge.domain.payload import parse_payload
from lessonforge.domain.video_limits import VideoLimits
from lessonforge.generation import generate
from lessonforge.rendering import RenderError, RenderOptions, render_video, scene_plan, slides
from lessonforge.rendering.speech import wav_seconds
from lessonforge.rendering.timeline import PlannedStep, build_timeline, speaker
from lessonforge.rendering.voices import voices


def test_an_edited_body_is_read_leniently_and_scenes_without_time_are_left_out() -> None:
    body = {
        "scenes": [
            "not a scene",
            {"title": 5, "narration": None, "onScreenText": ["a", 2], "durationSeconds": 1.5},
            {"title": "zero", "durationSeconds": 0},
            {"title": "bad", "durationSeconds": "3"},
        ]
    }
    plan = scene_plan(body)
    assert [(s.title, s.lines, s.seconds) for s in plan] == [
        ("5", ("a", "2"), 1.5),
        ("zero", (), 0.0),
        ("bad", (), 0.0),
    ]
    assert scene_plan({"scenes": "x"}) == []


def test_a_body_with_nothing_to_show_fails_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="no scene with a duration"):
        render_video({"scenes": [{"durationSeconds": 0}]}, "en", tmp_path, RenderOptions("ffmpeg", None, 10))


def test_steps_last_whole_frames_and_the_sound_track_lasts_exactly_as_long_as_the_picture(tmp_path: Path) -> None:
    steps = [PlannedStep(("a",), None, (("words here", "narrator"),), 0.0) for _ in range(3)]
    timeline = build_timeline(
        [(1.04, steps)] * 4,
        voices("es", "en"),
        speaker(None, tmp_path),
        tmp_path / "track.wav",
        fps=10,
        limits=VideoLimits(),
        deadline=float("inf"),
        timeout=60,
    )
    assert all(slot.frames >= 1 for slot in timeline.slots) and len(timeline.slots) == 12
    assert [round(slot.start * 10, 6) == round(slot.start * 10) for slot in timeline.slots] == [True] * 12
    assert wav_seconds(tmp_path / "track.wav") == pytest.approx(timeline.seconds, abs=1e-4)


def test_wrapping_is_balanced_and_never_leaves_one_word_alone_on_the_last_line() -> None:
    face = slides.font(34)
    text = "The mitochondrion releases energy from glucose during aerobic respiration in every cell"
    for width in range(300, 1100, 7):
        rows = slides.wrap(text, face, width)
        assert all(face.getlength(row) <= width for row in rows)
        if len(rows) > 1:
            assert " " in rows[-1], (width, rows)
    assert slides.wrap(text, face, 1100) == [
        "The mitochondrion releases energy from",
        "glucose during aerobic respiration in every cell",
    ]  # balanced: two even lines rather than a full one and a short one


def test_long_words_and_scripts_without_spaces_are_wrapped_to_the_width() -> None:
    face = slides.font(32)
    rows = slides.wrap("short " + "x" * 300 + " 안녕하세요" * 40, face, 600)
    assert len(rows) > 3 and all(face.getlength(row) <= 600 for row in rows)


def test_slides_are_drawn_with_the_built_in_font_when_no_font_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slides, "FONT_FILES", {False: ("/missing.ttf",), True: ("/missing-bold.ttf",)})
    slides.font.cache_clear()
    try:
        slides.draw_slide(tmp_path / "s.png", "lesson", "Title " * 30, ["line"] * 40, (2, 3))
    finally:
        slides.font.cache_clear()
    with Image.open(tmp_path / "s.png") as image:
        assert image.size == (1280, 720)


def test_a_scene_whose_narration_was_edited_is_one_slide_said_by_the_narrator() -> None:

    body = dict(generate("summary_video", parse_payload(sample_payload(lessons=1))).body)
    generated = scene_plan(body)[1]
    assert len(generated.steps) > 1 and generated.steps[1].segments[0] == ("hola", "course")
    scenes = [dict(scene) for scene in body["scenes"]]
    scenes[1]["narration"] = "A new script, written by the teacher."
    [edited] = scene_plan({"scenes": scenes[1:2]})
    assert [(s.lines, s.highlight, s.segments) for s in edited.steps] == [
        (tuple(scenes[1]["onScreenText"]), None, (("A new script, written by the teacher.", "narrator"),))
    ]


def _accent_rows(path: Path, accent: tuple[int, int, int]) -> list[int]:
    """Rows below the top bar where the accent colour fills the band left of the text (the highlight)."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        return [y for y in range(20, slides.HEIGHT) if rgb.getpixel((slides.MARGIN - 8, y)) == accent]


def test_the_line_being_narrated_is_highlighted_on_the_slide(tmp_path: Path) -> None:
    lines = ["el café — the coffee", "el té — the tea", "la cuenta — the bill", "el agua — the water"]
    bands: list[list[int]] = []
    for highlight in (None, 0, 2):
        path = tmp_path / f"slide-{highlight}.png"
        slides.draw_slide(path, "vocabulary", "Ordering", lines, (2, 5), highlight)
        bands.append(_accent_rows(path, slides.DEFAULT_ACCENT))
    unlit, first, third = bands
    assert unlit == []  # nothing highlighted while no line is narrated
    assert first and third and max(first) < min(third)  # the band moves down with the narrated line
    line_height = int(34 * 1.35)
    assert line_height - 12 <= len(first) <= line_height + 12 and len(third) == len(first)  # one line's band
