"""The public page of a ``video``: the player with its captions track, the scenes as chapters, the transcript.

Pure: a video body, its URLs and (once rendered) its timeline in, one self-contained HTML string out. The
page's own words come from the ``video`` catalogue in the interface language; course-language parts of the
transcript carry their ``lang``. Only the MP4 and the WebVTT, both from this server, are loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from lessonforge.generation.video_words import spoken_language
from lessonforge.i18n import translator, written_language

VIDEO_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""The page's Content Security Policy without its ``media-src`` (the MP4 and captions: this server)."""
_COURSE_VOICES = frozenset({"course", "speaker1", "speaker2"})


@dataclass(frozen=True)
class VideoLinks:
    """Where the page's media are: the MP4 (None until rendered) and the WebVTT captions."""

    mp4: str | None
    captions: str


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("lessonforge.generation", "video_templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_video_page(
    body: Mapping[str, Any],
    links: VideoLinks,
    timeline: Mapping[str, Any] | None,
    *,
    title: str,
    language: str | None,
    policy: str,
) -> str:
    """The page for ``body``; ``timeline`` (``chapters`` as rendered) gives the chapters their start times."""
    interface = _text(body.get("interfaceLanguage")) or language or "en"
    words = translator(interface, "video")
    scenes = _scenes(body, language)
    starts = _starts(timeline, scenes) if links.mp4 else [None] * len(scenes)
    spoken = [part for scene in scenes for part in scene["spoken"]]
    return (
        _environment()
        .get_template("video_page.html.j2")
        .render(
            title=title,
            interface=written_language(interface),  # the language of the page's own words
            captions=spoken_language(spoken, language, interface) or interface,
            links=links,
            scenes=[{**scene, "start": start} for scene, start in zip(scenes, starts, strict=True)],
            csp=policy,
            clock=clock,
            _=lambda message, **values: words.gettext(message, **values),
        )
    )


def _scenes(body: Mapping[str, Any], language: str | None) -> list[dict[str, Any]]:
    raw = body.get("scenes")
    out = []
    for number, scene in enumerate(raw if isinstance(raw, list) else [], start=1):
        if isinstance(scene, Mapping):
            narration = " ".join(_text(scene.get("narration")).split())
            parts = _parts(scene, narration)
            said = _said(parts, language) if parts is not None else escape(narration)
            spoken = parts if parts is not None else [(narration, "narrator")]
            out.append({"id": f"scene-{number}", "title": _text(scene.get("title")), "text": said, "spoken": spoken})
    return out


def _parts(scene: Mapping[str, Any], narration: str) -> list[tuple[str, str]] | None:
    """The scene's spoken parts ``(text, voice)``; None when its ``narration`` was edited (the parts no longer
    say it: its language is not known part by part)."""
    steps = scene.get("steps")
    parts: list[tuple[str, str]] = []
    for step in steps if isinstance(steps, list) else []:
        segments = step.get("segments") if isinstance(step, Mapping) else None
        for s in segments if isinstance(segments, list) else []:
            if isinstance(s, Mapping):
                parts.append((_text(s.get("text")), _text(s.get("voice")) or "narrator"))
    return parts if " ".join(text for text, _ in parts) == narration else None


def _said(parts: Sequence[tuple[str, str]], language: str | None) -> Markup:
    """The scene's transcript: its spoken parts, course-language ones in a ``<span lang>``."""
    if not language:
        return escape(" ".join(text for text, _ in parts))
    return Markup(" ").join(_part(text, voice, language) for text, voice in parts)


def _part(text: str, voice: str, language: str) -> Markup:
    if voice in _COURSE_VOICES:
        return Markup('<span lang="{}">{}</span>').format(language, text)
    return escape(text)


def _starts(timeline: Mapping[str, Any] | None, scenes: Sequence[Mapping[str, Any]]) -> list[float | None]:
    """Each scene's start in the rendered video, matched to the chapters in order by title (a scene the
    render left out, having neither time nor words, has none)."""
    chapters = timeline.get("chapters") if timeline else None
    starts: list[float | None] = [None] * len(scenes)
    at = 0
    for chapter in chapters if isinstance(chapters, list) else []:
        if not isinstance(chapter, Mapping) or not isinstance(chapter.get("startSeconds"), int | float):
            continue
        while (
            at < len(scenes) and scenes[at]["title"] != _text(chapter.get("title"))[: len(scenes[at]["title"]) or None]
        ):
            at += 1
        if at < len(scenes):
            starts[at] = float(chapter["startSeconds"])
            at += 1
    return starts


def clock(seconds: float) -> str:
    """``75.2`` → ``1:15`` (``1:02:03`` past an hour)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))
