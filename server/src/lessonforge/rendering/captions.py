"""Captions and chapters of a rendered video, timed by what was really spoken (the clip list)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import pycountry

from lessonforge.domain.video_limits import spoken_seconds
from lessonforge.rendering.timeline import Timeline

MAX_CUE_CHARS = 84


def iso639_2(tag: str | None) -> str:
    """The ISO 639-2 (bibliographic) code of a BCP-47 tag, as MP4 stores it: ``de-AT`` → ``ger``; else ``und``."""
    primary = (tag or "").strip().replace("_", "-").split("-")[0].lower()
    found = None
    if len(primary) == 2:
        found = pycountry.languages.get(alpha_2=primary)
    elif len(primary) == 3:
        found = pycountry.languages.get(alpha_3=primary)
    if found is None:
        return "und"
    return str(getattr(found, "bibliographic", None) or found.alpha_3)


def spoken_parts(timeline: Timeline) -> list[tuple[float, float, str]]:
    """(start, end, text) of every part: the clip when it was spoken, else its share of its silent step."""
    parts: list[tuple[float, float, str]] = []
    clips = {(c.scene, c.step, c.text): c for c in timeline.clips}
    for slot in timeline.slots:
        end = slot.start + slot.frames / timeline.fps
        segments = slot.step_value.segments
        heard = [clips.get((slot.scene, slot.step, text)) for text, _ in segments]
        if any(heard):
            parts += [(c.start, c.start + c.seconds, c.text) for c in heard if c is not None]
            continue
        weights = [max(0.1, spoken_seconds(text)) for text, _ in segments]
        at = slot.start
        for (text, _), weight in zip(segments, weights, strict=True):
            length = (end - slot.start) * weight / sum(weights)
            parts.append((at, at + length, text))
            at += length
    return parts


def cues(parts: Sequence[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Parts joined into cues of at most :data:`MAX_CUE_CHARS` characters; a longer part is cut by words."""
    out: list[tuple[float, float, str]] = []
    for start, end, text in parts:
        pieces = textwrap.wrap(text, MAX_CUE_CHARS, break_long_words=True) or [text]
        if out and len(pieces) == 1 and len(f"{out[-1][2]} {text}") <= MAX_CUE_CHARS and start - out[-1][1] < 0.6:
            out[-1] = (out[-1][0], end, f"{out[-1][2]} {text}")
            continue
        step = (end - start) / len(pieces)
        out += [(start + i * step, start + (i + 1) * step, piece) for i, piece in enumerate(pieces)]
    return out


def webvtt(items: Sequence[tuple[float, float, str]]) -> str:
    """A WebVTT document of ``items``; each cue lasts until the next one starts (at least its own end)."""
    lines = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(items, start=1):
        following = items[number][0] if number < len(items) else end
        stop = max(end, min(following, end + 1.5))
        lines += [str(number), f"{_stamp(start)} --> {_stamp(stop)}", _escape(text), ""]
    return "\n".join(lines)


def chapters(timeline: Timeline, titles: Sequence[str]) -> list[dict[str, Any]]:
    """Each scene's title and when it starts."""
    starts: dict[int, float] = {}
    for slot in timeline.slots:
        starts.setdefault(slot.scene, slot.start)
    return [{"title": titles[scene], "startSeconds": round(start, 3)} for scene, start in starts.items()]


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}.{millis:03d}"


def _escape(cue: str) -> str:
    return cue.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
