"""A video plan to an MP4: the scene plan as rendered, slides, narration, then one ffmpeg run.

``render_video`` is blocking and slow (seconds); callers run it in the worker. Failures a client can act on
or an operator must fix raise :class:`RenderError` with a safe message; ffmpeg's own output is only logged.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lessonforge.generation import build_webvtt
from lessonforge.rendering.encode import Segment, encode
from lessonforge.rendering.errors import RenderError
from lessonforge.rendering.slides import draw_slide
from lessonforge.rendering.speech import synthesize

log = logging.getLogger("lessonforge.rendering")
MAX_SCENE_SECONDS = 600.0
MAX_TOTAL_SECONDS = 3600.0


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the ffmpeg binary, the TTS engine (None: silent), a time limit, the frame rate."""

    ffmpeg: str
    tts_engine: str | None
    timeout_seconds: float
    fps: int = 10  # slides are still: more frames only cost encoding time


@dataclass(frozen=True)
class RenderedVideo:
    """The MP4 in the work folder and what went into it."""

    path: Path
    duration_seconds: float
    scene_count: int
    narrated_scenes: int
    elapsed_seconds: float


@dataclass(frozen=True)
class PlannedScene:
    """One scene as the render sees it (lenient about edited bodies)."""

    kind: str
    title: str
    narration: str
    lines: tuple[str, ...]
    seconds: float


def scene_plan(body: Mapping[str, Any]) -> list[PlannedScene]:
    """The body's scenes with a positive duration; anything malformed is read leniently, never trusted."""
    raw = body.get("scenes")
    scenes = raw if isinstance(raw, list) else []
    plan = []
    for scene in scenes:
        if not isinstance(scene, Mapping):
            continue
        seconds = _seconds(scene.get("durationSeconds"))
        lines = scene.get("onScreenText")
        plan.append(
            PlannedScene(
                kind=_text(scene.get("kind")) or "lesson",
                title=_text(scene.get("title")),
                narration=_text(scene.get("narration")),
                lines=tuple(_text(line) for line in lines) if isinstance(lines, list) else (),
                seconds=seconds,
            )
        )
    return plan


def render_video(body: Mapping[str, Any], language: str | None, workdir: Path, options: RenderOptions) -> RenderedVideo:
    """Render ``body`` (a ``video`` resource body) to ``<workdir>/video.mp4``."""
    started = time.monotonic()
    plan = scene_plan(body)
    segments, narrated = _segments(plan, language, workdir, options)
    segments = on_frame_grid(segments, options.fps)
    if not segments:
        raise RenderError("The video has no scene with a duration to render")
    total = sum(segment.seconds for segment in segments)
    if total > MAX_TOTAL_SECONDS:
        raise RenderError(f"The video is longer than the render limit of {MAX_TOTAL_SECONDS / 60:.0f} minutes")
    subtitles = workdir / "subtitles.vtt"
    timed = [{"narration": s.narration, "durationSeconds": s.seconds} for s in segments]
    subtitles.write_text(build_webvtt(timed), encoding="utf-8")
    output = workdir / "video.mp4"
    encode(options.ffmpeg, segments, subtitles, output, fps=options.fps, timeout=options.timeout_seconds)
    elapsed = time.monotonic() - started
    log.info(
        "video rendered",
        extra={"scenes": len(segments), "seconds": round(total, 2), "renderSeconds": round(elapsed, 2)},
    )
    return RenderedVideo(output, total, len(segments), narrated, elapsed)


def _segments(
    plan: Sequence[PlannedScene], language: str | None, workdir: Path, options: RenderOptions
) -> tuple[list[Segment], int]:
    """Slides and narration per scene; a scene lasts as long as its plan or its speech, whichever is longer."""
    segments, narrated = [], 0
    for index, scene in enumerate(plan, start=1):
        speech = None
        if options.tts_engine and scene.narration.strip():
            speech = synthesize(options.tts_engine, scene.narration, language, workdir, f"scene-{index}")
        seconds = min(MAX_SCENE_SECONDS, max(scene.seconds, speech[1] if speech else 0.0))
        if seconds <= 0:
            continue
        narrated += speech is not None
        slide = workdir / f"scene-{index}.png"
        draw_slide(slide, scene.kind, scene.title, scene.lines, (index, len(plan)))
        segments.append(Segment(slide, speech[0] if speech else None, seconds, scene.narration))
    return segments, narrated


def on_frame_grid(segments: Sequence[Segment], fps: int) -> list[Segment]:
    """Scene cuts moved to the nearest frame of the whole timeline, so picture and sound never drift apart."""
    placed, start, elapsed = [], 0, 0.0
    for segment in segments:
        elapsed += segment.seconds
        end = round(elapsed * fps)
        if end > start:
            placed.append(replace(segment, seconds=(end - start) / fps))
        start = max(start, end)
    return placed


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        return 0.0
    return float(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
