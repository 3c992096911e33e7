"""The limits a video must fit before any speech or slide is made: scenes, text sizes, estimated duration.

Checked three times, always before the expensive work: when an expansion is about to build the video plan
(on the payload), when a render is asked for (on the plan), and by the renderer before its first voice.
Every check reads text lengths and word counts only, so it answers in milliseconds whatever the input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WORDS_PER_MINUTE = 150
CHARS_PER_WORD = 6  # scripts written without spaces (Korean, Japanese, Chinese)


@dataclass(frozen=True)
class VideoLimits:
    """What one video may hold (settings ``LESSONFORGE_VIDEO_MAX_*``)."""

    max_seconds: float = 3600.0
    max_scene_seconds: float = 600.0
    max_scenes: int = 300
    max_text_chars: int = 5000


@dataclass(frozen=True)
class LimitProblem:
    """A limit the video breaks: a message for people, and where (lesson id and field) when known."""

    message: str
    lesson_id: str | None = None
    field: str | None = None


def spoken_seconds(text: str) -> float:
    """An estimate of how long ``text`` takes to say at :data:`WORDS_PER_MINUTE`."""
    split = text.split()  # once, and max() without the call: asked for every spoken part of every scene
    words, chars = len(split), len("".join(split)) / CHARS_PER_WORD
    return (chars if chars > words else words) * 60 / WORDS_PER_MINUTE


def collapsed_spoken_seconds(text: str) -> float:
    """:func:`spoken_seconds` of a non-empty text already collapsed (words joined by single spaces, as every
    part the generator speaks is), counted without splitting it: faster, and the same figure."""
    words = text.count(" ") + 1
    chars = (len(text) - words + 1) / CHARS_PER_WORD
    return (chars if chars > words else words) * 60 / WORDS_PER_MINUTE  # max(words, chars) without the call


def lessons_problem(lessons: Sequence[tuple[str, Mapping[str, Any]]], limits: VideoLimits) -> LimitProblem | None:
    """Whether a level (``(lesson id, lesson object)`` pairs) can make a video: lesson count and text sizes."""
    scenes = len(lessons) + 2  # a title scene, one per lesson, a recap
    if scenes > limits.max_scenes:
        message = (
            f'field "level.lessons": {len(lessons)} lessons make {scenes} video scenes, '
            f"above the limit of {limits.max_scenes}"
        )
        return LimitProblem(message, field="level.lessons")
    for lesson_id, data in lessons:
        for path, text in _strings(data, ""):
            if len(text) > limits.max_text_chars:
                message = (
                    f'lesson "{lesson_id}", field "{path}": {len(text)} characters, above the video limit of '
                    f"{limits.max_text_chars} characters per text"
                )
                return LimitProblem(message, lesson_id=lesson_id, field=path)
    return None


def plan_problem(scenes: Sequence[Mapping[str, Any]], limits: VideoLimits) -> LimitProblem | None:
    """Whether a scene plan (a video body's ``scenes``) fits: scene count, each scene's and the total length.

    A scene lasts as long as its plan says or as its narration takes to say, whichever is longer.
    """
    if len(scenes) > limits.max_scenes:
        return LimitProblem(f"The video has {len(scenes)} scenes, above the limit of {limits.max_scenes}")
    total = 0.0
    for number, scene in enumerate(scenes, start=1):
        seconds = scene_seconds(scene)
        if seconds > limits.max_scene_seconds:
            return LimitProblem(
                f"Scene {number} would last about {seconds / 60:.0f} minutes, above the limit of "
                f"{limits.max_scene_seconds / 60:.0f} minutes per scene",
                lesson_id=_text(scene.get("lessonId")) or None,
            )
        total += seconds
    if total > limits.max_seconds:
        return LimitProblem(
            f"The video would last about {total / 60:.0f} minutes, above the render limit of "
            f"{limits.max_seconds / 60:.0f} minutes"
        )
    return None


def scene_seconds(scene: Mapping[str, Any]) -> float:
    """The longer of a scene's planned duration and its narration's estimated speaking time."""
    planned = scene.get("durationSeconds")
    seconds = float(planned) if isinstance(planned, int | float) and not isinstance(planned, bool) else 0.0
    seconds = seconds if seconds == seconds and seconds > 0 else 0.0  # NaN and negatives count as nothing
    return max(seconds, spoken_seconds(_text(scene.get("narration"))))


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in ``value`` with its dotted path (``items[0].term``)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
