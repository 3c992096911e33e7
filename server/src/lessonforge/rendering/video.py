"""A video plan to an MP4: the scene plan as rendered, slides, narration, then one ffmpeg run.

``render_video`` is blocking and slow (seconds); callers run it in the worker. Failures a client can act on
or an operator must fix raise :class:`RenderError` with a safe message; ffmpeg's own output is only logged.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lessonforge.domain.video_limits import VideoLimits, plan_problem
from lessonforge.generation import build_webvtt
from lessonforge.rendering.encode import Segment, encode
from lessonforge.rendering.errors import RenderError
from lessonforge.rendering.slides import draw_slide
from lessonforge.rendering.speech import synthesize

log = logging.getLogger("lessonforge.rendering")
MAX_DRAWN_CHARS = 1000  # more of one line than a slide can ever show is not even measured


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the ffmpeg binary, the TTS engine (None: silent), a time limit for the whole render
    (speech, slides and encoding), the frame rate, and what one video may hold."""

    ffmpeg: str
    tts_engine: str | None
    timeout_seconds: float
    fps: int = 10  # slides are still: more frames only cost encoding time
    limits: VideoLimits = field(default_factory=VideoLimits)


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
                title=_text(scene.get("title"))[:MAX_DRAWN_CHARS],
                narration=_text(scene.get("narration")),
                lines=tuple(_text(line)[:MAX_DRAWN_CHARS] for line in lines) if isinstance(lines, list) else (),
                seconds=seconds,
            )
        )
    return plan


def render_video(body: Mapping[str, Any], language: str | None, workdir: Path, options: RenderOptions) -> RenderedVideo:
    """Render ``body`` (a ``video`` resource body) to ``<workdir>/video.mp4``.

    The limits are checked on the plan before the first voice or slide; while speaking, the running length
    and the time limit are checked after every scene, so a render over either stops at once.
    """
    started = time.monotonic()
    plan = scene_plan(body)
    estimate = [{"durationSeconds": scene.seconds, "narration": scene.narration} for scene in plan]
    problem = plan_problem(estimate, options.limits)
    if problem is not None:
        raise RenderError(problem.message)
    segments, narrated = _segments(plan, language, workdir, options, started + options.timeout_seconds)
    segments = on_frame_grid(segments, options.fps)
    if not segments:
        raise RenderError("The video has no scene with a duration to render")
    total = sum(segment.seconds for segment in segments)
    subtitles = workdir / "subtitles.vtt"
    timed = [{"narration": s.narration, "durationSeconds": s.seconds} for s in segments]
    subtitles.write_text(build_webvtt(timed), encoding="utf-8")
    output = workdir / "video.mp4"
    remaining = max(1.0, options.timeout_seconds - (time.monotonic() - started))
    encode(options.ffmpeg, segments, subtitles, output, fps=options.fps, timeout=remaining)
    elapsed = time.monotonic() - started
    log.info(
        "video rendered",
        extra={"scenes": len(segments), "seconds": round(total, 2), "renderSeconds": round(elapsed, 2)},
    )
    return RenderedVideo(output, total, len(segments), narrated, elapsed)


def _segments(
    plan: Sequence[PlannedScene], language: str | None, workdir: Path, options: RenderOptions, deadline: float
) -> tuple[list[Segment], int]:
    """Slides and narration per scene; a scene lasts as long as its plan or its speech, whichever is longer."""
    segments, narrated, total = [], 0, 0.0
    limits = options.limits
    for index, scene in enumerate(plan, start=1):
        _check_time(deadline, options.timeout_seconds)
        speech = None
        if options.tts_engine and scene.narration.strip():
            speech = synthesize(options.tts_engine, scene.narration, language, workdir, f"scene-{index}")
        seconds = min(limits.max_scene_seconds, max(scene.seconds, speech[1] if speech else 0.0))
        if seconds <= 0:
            continue
        total += seconds
        if total > limits.max_seconds:
            raise RenderError(f"The video is longer than the render limit of {limits.max_seconds / 60:.0f} minutes")
        narrated += speech is not None
        slide = workdir / f"scene-{index}.png"
        draw_slide(slide, scene.kind, scene.title, scene.lines, (index, len(plan)))
        segments.append(Segment(slide, speech[0] if speech else None, seconds, scene.narration))
    return segments, narrated


def _check_time(deadline: float, limit: float) -> None:
    if time.monotonic() > deadline:
        raise RenderError(f"Rendering took longer than the limit of {limit:.0f} s", detail="time limit while speaking")


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
