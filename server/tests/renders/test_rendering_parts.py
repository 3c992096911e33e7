"""The rendering parts without the app: lenient scene plans, the frame grid, wrapping, the fallback font."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from lessonforge.rendering import RenderError, RenderOptions, render_video, scene_plan, slides
from lessonforge.rendering.encode import Segment
from lessonforge.rendering.video import on_frame_grid


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


def test_scene_cuts_land_on_whole_frames_without_drift() -> None:
    segments = [Segment(Path("s.png"), None, 1.04, "") for _ in range(10)]
    placed = on_frame_grid(segments, 10)
    assert [round(s.seconds * 10) for s in placed] == [10, 11, 10, 11, 10, 10, 11, 10, 11, 10]
    assert abs(sum(s.seconds for s in placed) - 10.4) < 1e-9


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
