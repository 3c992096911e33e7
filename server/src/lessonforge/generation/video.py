"""The summary_video generator: an editable scene plan (title, one per lesson, recap) with WebVTT."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lessonforge.domain.payload import SourcePayload
from lessonforge.generation._lessons import Content
from lessonforge.generation._present import flatten_text, resource_title

WORDS_PER_SECOND = 150 / 60
CHARS_PER_WORD = 6  # estimates speech for scripts written without spaces (Korean, Japanese, Chinese)
MIN_SCENE_SECONDS = 4.0
PAUSE_SECONDS = 1.0
MAX_LISTED = 8
MAX_CUE_CHARS = 84
_ENDS = ".!?\u2026\u3002\uff01\uff1f"  # also the ellipsis and the CJK full stop, ! and ?
_QUOTES = "\u201d\u2019\"')\u00bb\u300d\u300f"  # closing quotes and brackets


def build_video(payload: SourcePayload, contents: tuple[Content, ...]) -> tuple[str, dict[str, Any]]:
    """The resource title and the ``video`` body; raises ``SourceInvalidError``."""
    title = resource_title(payload, "Summary video")
    scenes = [_title_scene(payload, contents), *(_lesson_scene(c) for c in contents)]
    scenes.append(_recap_scene(contents))
    total_ms = sum(_ms(scene["durationSeconds"]) for scene in scenes)
    return title, {
        "title": title,
        "language": payload.language,
        "scenes": scenes,
        "totalDurationSeconds": total_ms / 1000,
        "subtitlesVtt": build_webvtt(scenes),
    }


def speech_seconds(narration: str) -> float:
    """Speaking time at ~150 words a minute plus a pause, never below the scene floor."""
    units = max(len(narration.split()), len("".join(narration.split())) / CHARS_PER_WORD)
    return round(max(MIN_SCENE_SECONDS, units / WORDS_PER_SECOND + PAUSE_SECONDS), 1)


def _scene(
    scene_id: str, kind: str, content: Content | None, title: str, narration: list[str], screen: list[str]
) -> dict[str, Any]:
    script = " ".join(_sentence(part) for part in narration if part.strip())
    return {
        "id": scene_id,
        "kind": kind,
        "lessonId": content.lesson.id if content else None,
        "title": title,
        "narration": script,
        "onScreenText": screen,
        "durationSeconds": speech_seconds(script),
        "extra": dict(content.extra) if content else {},
    }


def _sentence(part: str) -> str:
    """One line as a sentence: collapsed whitespace and a closing full stop when it has none."""
    clean = " ".join(part.split())
    return clean if clean.rstrip(_QUOTES)[-1:] in tuple(_ENDS) else f"{clean}."


def _listed(names: Sequence[str]) -> list[str]:
    """At most ``MAX_LISTED`` names, then how many more there are."""
    shown = list(names[:MAX_LISTED])
    return shown + ([f"… and {len(names) - MAX_LISTED} more"] if len(names) > MAX_LISTED else [])


def _series(names: Sequence[str]) -> str:
    """``A, B and C``; past ``MAX_LISTED`` names, ``A, B, ... and 5 more``."""
    if len(names) > MAX_LISTED:
        return ", ".join(names[:MAX_LISTED]) + f" and {len(names) - MAX_LISTED} more"
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def _title_scene(payload: SourcePayload, contents: Sequence[Content]) -> dict[str, Any]:
    base = payload.title or "Untitled lesson set"
    count = f"{len(contents)} lesson{'s' if len(contents) != 1 else ''}"
    narration = [f"Welcome to {base}", f"This summary covers {count}: {_series([c.title for c in contents])}"]
    screen = [base, *([payload.category_title] if payload.category_title else []), count]
    return _scene("scene-title", "title", None, base, narration, screen)


def _recap_scene(contents: Sequence[Content]) -> dict[str, Any]:
    terms = [e.term for c in contents for e in c.entries[:MAX_LISTED]][:5]
    points = [p for c in contents for p in c.key_points[:3]][:3]
    narration = [f"Let's recap. We covered {_series([c.title for c in contents])}"]
    if terms:
        narration.append(f"Key words: {', '.join(terms)}")
    narration += [*points, "Well done, and keep practising"]
    return _scene("scene-recap", "recap", None, "Recap", narration, _listed([c.title for c in contents]))


def _lesson_scene(content: Content) -> dict[str, Any]:
    speak, show = _SCRIPTS.get(content.lesson.type, _unknown)(content)
    extra_lines = flatten_text(content.extra) if content.known else []
    return _scene(
        f"scene-{content.lesson.id}",
        "lesson",
        content,
        content.title,
        [content.title, *speak],
        _listed(show) + extra_lines,
    )


Script = tuple[list[str], list[str]]


def _terms(content: Content) -> Script:
    speak = []
    for entry in content.entries:
        speak.append(f"{entry.term} means {entry.meaning}")
        if entry.example:
            speak.append(f"For example: {entry.example}")
    return speak, [f"{e.term} — {e.meaning}" for e in content.entries]


def _examples(content: Content) -> Script:
    speak = []
    for line in content.examples:
        speak.append(f"“{line.source}” means “{line.translation}”")
        if line.note:
            speak.append(line.note)
    return speak, [f"{x.source} — {x.translation}" for x in content.examples]


def _dialogue(content: Content) -> Script:
    speakers = list(dict.fromkeys(t.speaker for t in content.turns))
    opening = [f"A conversation between {_series(speakers)}"] if speakers else []
    lines = [f"{t.speaker}: {t.text}" for t in content.turns]
    return opening + lines, lines


def _quiz(content: Content) -> Script:
    speak = ["Let's check what you know"] if content.questions else []
    for q in content.questions:
        speak += [q.question, f"The answer is {q.answer}", *([q.explanation] if q.explanation else [])]
    return speak, [q.question for q in content.questions]


def _review(content: Content) -> Script:
    speak = [content.summary] if content.summary else []
    if content.key_points:
        speak += ["Key points", *content.key_points]
    return speak, [*([content.summary] if content.summary else []), *content.key_points]


def _unknown(content: Content) -> Script:
    lines = flatten_text(content.extra)
    return lines, lines


_SCRIPTS: Mapping[str, Callable[[Content], Script]] = {
    "vocabulary": _terms,
    "term": _terms,
    "example": _examples,
    "dialogue": _dialogue,
    "quiz": _quiz,
    "review": _review,
}


def build_webvtt(scenes: Sequence[Mapping[str, Any]]) -> str:
    """WebVTT whose cues split each scene's narration across that scene's time slot."""
    out, start, number = ["WEBVTT", ""], 0, 0
    for scene in scenes:
        length = _ms(scene.get("durationSeconds"))
        narration = scene.get("narration")
        chunks = _chunks(narration) if isinstance(narration, str) and length > 0 else []
        for begin, end, cue in _spread(start, length, chunks):
            number += 1
            out += [str(number), f"{_timestamp(begin)} --> {_timestamp(end)}", _escape(cue), ""]
        start += length
    return "\n".join(out)


def _ms(seconds: Any) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        return 0
    return round(seconds * 1000) if seconds < 360_000 else 360_000_000


def _chunks(narration: str) -> list[str]:
    """Sentences, each cut into evenly sized cues of at most ``MAX_CUE_CHARS`` characters."""
    cues: list[str] = []
    for sentence in re.split(rf"(?<=[{_ENDS}])\s+", " ".join(narration.split())):
        target = len(sentence) / -(-len(sentence) // MAX_CUE_CHARS) if sentence else 0
        current = ""
        for word in _pieces(sentence):
            joined = f"{current} {word}" if current else word
            if current and (len(joined) > MAX_CUE_CHARS or len(current) >= target):
                cues.append(current)
                joined = word
            current = joined
        cues += [current] if current else []
    return cues


def _pieces(sentence: str) -> list[str]:
    """Words, with any word longer than a cue cut to cue length."""
    return [w[i : i + MAX_CUE_CHARS] for w in sentence.split() for i in range(0, len(w), MAX_CUE_CHARS)]


def _spread(start: int, length: int, cues: list[str]) -> list[tuple[int, int, str]]:
    """Cue times proportional to text length; the last cue ends exactly where the scene ends."""
    if len(cues) > length // 100:
        cues = [" ".join(cues)] if cues else []
    weights = [len(cue) + 1 for cue in cues]
    total, done, times = sum(weights), 0, []
    for cue, weight in zip(cues, weights, strict=True):
        begin = start + length * done // total
        done += weight
        times.append((begin, start + length * done // total, cue))
    return times


def _timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _escape(cue: str) -> str:
    return cue.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
