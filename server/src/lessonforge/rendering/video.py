"""A video plan to an MP4: the scene plan as rendered, the spoken timeline (a voice per part), slides, then
one ffmpeg run.

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
from lessonforge.generation.video_words import spoken_language
from lessonforge.rendering.captions import chapters, cues, iso639_2, spoken_parts, webvtt
from lessonforge.rendering.encode import Shot, encode
from lessonforge.rendering.errors import RenderError
from lessonforge.rendering.slides import draw_slide
from lessonforge.rendering.timeline import Clip, PlannedStep, Timeline, build_timeline, speaker
from lessonforge.rendering.voices import voices

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
    """The MP4 in the work folder and what went into it: the clip list, captions and chapters as rendered."""

    path: Path
    duration_seconds: float
    scene_count: int
    narrated_scenes: int
    elapsed_seconds: float
    clips: tuple[Clip, ...] = ()
    captions_vtt: str = ""
    chapters: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class PlannedScene:
    """One scene as the render sees it (lenient about edited bodies)."""

    kind: str
    title: str
    narration: str
    lines: tuple[str, ...]
    seconds: float
    steps: tuple[PlannedStep, ...] = ()


def scene_plan(body: Mapping[str, Any]) -> list[PlannedScene]:
    """The body's scenes; anything malformed is read leniently, never trusted.

    A scene's ``steps`` are played when they still say and show what its ``narration`` and ``onScreenText``
    say (the plan as generated); a scene whose narration or lines were edited is played as one slide of its
    ``onScreenText`` with its ``narration`` in the narrator's voice.
    """
    raw = body.get("scenes")
    scenes = raw if isinstance(raw, list) else []
    plan = []
    for scene in scenes:
        if not isinstance(scene, Mapping):
            continue
        lines = scene.get("onScreenText")
        planned = PlannedScene(
            kind=_text(scene.get("kind")) or "lesson",
            title=_text(scene.get("title"))[:MAX_DRAWN_CHARS],
            narration=_text(scene.get("narration")),
            lines=tuple(_text(line)[:MAX_DRAWN_CHARS] for line in lines) if isinstance(lines, list) else (),
            seconds=_seconds(scene.get("durationSeconds")),
        )
        plan.append(replace(planned, steps=_steps(scene.get("steps"), planned)))
    return plan


def _steps(raw: Any, scene: PlannedScene) -> tuple[PlannedStep, ...]:
    steps = [_step(item) for item in raw] if isinstance(raw, list) else []
    said = " ".join(text for item in steps if item for text, _ in item.segments)
    shown = tuple(dict.fromkeys(line for item in steps if item for line in item.lines))
    if steps and all(steps) and said == " ".join(scene.narration.split()) and shown == scene.lines:
        return tuple(item for item in steps if item)
    segments = ((" ".join(scene.narration.split()), "narrator"),) if scene.narration.strip() else ()
    return (PlannedStep(scene.lines, None, segments, 0.0),)


def _step(item: Any) -> PlannedStep | None:
    if not isinstance(item, Mapping) or not isinstance(item.get("lines"), list):
        return None
    raw = item.get("segments")
    segments: list[Any] = raw if isinstance(raw, list) else []
    parts = tuple(
        (_text(s.get("text")), _text(s.get("voice")) or "narrator") for s in segments if isinstance(s, Mapping)
    )
    highlight = item.get("highlight")
    hold = min(30.0, _seconds(item.get("holdSeconds")))
    lines = tuple(_text(line)[:MAX_DRAWN_CHARS] for line in item["lines"])
    return PlannedStep(
        lines, highlight if isinstance(highlight, int) and not isinstance(highlight, bool) else None, parts, hold
    )


def render_video(body: Mapping[str, Any], language: str | None, workdir: Path, options: RenderOptions) -> RenderedVideo:
    """Render ``body`` (a ``video`` resource body) to ``<workdir>/video.mp4``.

    The audio and subtitle streams are tagged with the language most of the video is said in
    (``video_words.spoken_language``: normally the interface language, the course ``language`` when its
    parts take longer to say).

    The limits are checked on the plan before the first voice or slide; while speaking, the running length
    and the time limit are checked after every step, so a render over either stops at once.
    """
    started = time.monotonic()
    plan = [scene for scene in scene_plan(body) if scene.seconds > 0 or scene.narration.strip()]
    estimate = [{"durationSeconds": scene.seconds, "narration": scene.narration} for scene in plan]
    problem = plan_problem(estimate, options.limits)
    if problem is not None:
        raise RenderError(problem.message)
    if not plan:
        raise RenderError("The video has no scene with a duration to render")
    interface = _text(body.get("interfaceLanguage")) or language
    timeline = build_timeline(
        [(scene.seconds, scene.steps) for scene in plan],
        voices(language, interface),
        speaker(options.tts_engine, workdir),
        workdir / "narration.wav",
        fps=options.fps,
        limits=options.limits,
        deadline=started + options.timeout_seconds,
        timeout=options.timeout_seconds,
    )
    shots = _draw(plan, timeline, workdir)
    captions = webvtt(cues(spoken_parts(timeline)))
    subtitles = workdir / "captions.vtt"
    subtitles.write_text(captions, encoding="utf-8")
    output = workdir / "video.mp4"
    remaining = max(1.0, options.timeout_seconds - (time.monotonic() - started))
    encode(
        options.ffmpeg,
        shots,
        timeline.audio,
        subtitles,
        output,
        fps=options.fps,
        timeout=remaining,
        language=iso639_2(spoken_language(_parts(plan), language, interface)),
    )
    elapsed = time.monotonic() - started
    total = timeline.seconds
    log.info(
        "video rendered", extra={"scenes": len(plan), "seconds": round(total, 2), "renderSeconds": round(elapsed, 2)}
    )
    narrated = len({clip.scene for clip in timeline.clips})
    titles = [scene.title for scene in plan]
    return RenderedVideo(
        output, total, len(plan), narrated, elapsed, tuple(timeline.clips), captions, tuple(chapters(timeline, titles))
    )


def _parts(plan: Sequence[PlannedScene]) -> list[tuple[str, str]]:
    """Every part the render says, with its voice role."""
    return [part for scene in plan for item in scene.steps for part in item.segments]


def _draw(plan: Sequence[PlannedScene], timeline: Timeline, workdir: Path) -> list[Shot]:
    """One PNG per distinct slide (a step repeating the previous picture reuses its file)."""
    shots: list[Shot] = []
    drawn: dict[tuple[int, tuple[str, ...], int | None], Path] = {}
    for slot in timeline.slots:
        scene, item = plan[slot.scene], slot.step_value
        key = (slot.scene, item.lines, item.highlight)
        path = drawn.get(key)
        if path is None:
            path = drawn[key] = workdir / f"slide-{slot.scene + 1}-{slot.step + 1}.png"
            draw_slide(path, scene.kind, scene.title, item.lines, (slot.scene + 1, len(plan)), item.highlight)
        shots.append(Shot(path, slot.frames))
    return shots


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        return 0.0
    return float(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
