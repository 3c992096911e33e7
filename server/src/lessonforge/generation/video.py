"""The summary_video generator: an editable scene plan (title, one per lesson, recap) with WebVTT.

Each scene keeps ``narration`` (everything said, the captions' text) and ``onScreenText`` (every line shown)
for editing, and ``steps`` (``video_script``): the slides and the voiced parts the renderer plays. Every word
the generator writes itself comes from the ``video`` catalogue in the interface language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lessonforge.domain.payload import SourcePayload
from lessonforge.domain.video_limits import collapsed_spoken_seconds, spoken_seconds
from lessonforge.generation._lessons import Content
from lessonforge.generation.video_script import (
    COURSE,
    NARRATOR,
    PAGE_SIZE,
    STEPS,
    Voicing,
    Words,
    prose_voice,
    say,
    say_closed,
    step,
    text_key,
    unknown_steps,
)
from lessonforge.generation.video_words import interface_of, is_language_course, video_words

MIN_SCENE_SECONDS = 4.0
SEGMENT_GAP_SECONDS = 0.25  # the renderer's pause after each spoken part
STEP_PAUSE_SECONDS = 0.5  # and after each slide
MAX_LISTED = 8
MAX_CUE_CHARS = 84
_ENDS = ".!?\u2026\u3002\uff01\uff1f"  # also the ellipsis and the CJK full stop, ! and ?
_SIXTY = [f"{n:02d}" for n in range(60)]
_THOUSAND = [f"{n:03d}" for n in range(1000)]
_SENTENCE_END = re.compile(rf"(?<=[{_ENDS}])\s+")


def build_video(payload: SourcePayload, contents: tuple[Content, ...]) -> tuple[str, dict[str, Any]]:
    """The resource title and the ``video`` body; raises ``SourceInvalidError``."""
    interface = interface_of(payload)
    words = video_words(interface)
    language_course = is_language_course(payload)
    prose = prose_voice(language_course, payload.language, interface)
    voicing = Voicing(words, language_course, contents, payload.language, interface, prose)
    base = payload.title or words.gettext("Untitled lesson set")
    suffix = words.gettext("Summary video")
    title = f"{base} — {suffix}"
    scenes = [_title_scene(payload, contents, words), *(_lesson_scene(c, voicing) for c in contents)]
    scenes.append(_recap_scene(contents, voicing))
    total_ms = sum(_ms(scene["durationSeconds"]) for scene in scenes)
    return title, {
        "title": title,
        "language": payload.language,
        "interfaceLanguage": interface,
        "scenes": scenes,
        "totalDurationSeconds": total_ms / 1000,
        "subtitlesVtt": build_webvtt(scenes),
    }


def speech_seconds(narration: str) -> float:
    """Speaking time at ~150 words a minute plus a pause, never below the scene floor."""
    return round(max(MIN_SCENE_SECONDS, spoken_seconds(narration) + 1.0), 1)


def steps_seconds(steps: Sequence[Mapping[str, Any]], estimate: Callable[[str], float] = spoken_seconds) -> float:
    """How long the steps take to say (estimated) with the renderer's pauses and holds, never below the floor."""
    total = 0.0
    for item in steps:
        said = 0.0  # a loop, not sum() over a generator (cheaper), adding in the same order
        for segment in item.get("segments") or ():
            said += estimate(segment["text"]) + SEGMENT_GAP_SECONDS
        total += said
        total += float(item.get("holdSeconds") or 0) + STEP_PAUSE_SECONDS
    return round(max(MIN_SCENE_SECONDS, total), 1)


def scene_text(steps: Sequence[Mapping[str, Any]]) -> tuple[str, list[str]]:
    """What the steps say (one text) and show (each line once, in order)."""
    narration = " ".join([s["text"] for item in steps for s in item["segments"]])  # a list: join() makes one
    shown = list(dict.fromkeys([line for item in steps for line in item["lines"]]))
    return narration, shown


def _scene(
    scene_id: str, kind: str, content: Content | None, title: str, steps: list[dict[str, Any]]
) -> dict[str, Any]:
    narration, shown = scene_text(steps)
    return {
        "id": scene_id,
        "kind": kind,
        "lessonId": content.lesson.id if content else None,
        "title": title,
        "narration": narration,
        "onScreenText": shown,
        "durationSeconds": steps_seconds(steps, collapsed_spoken_seconds),  # say() collapsed every part
        "steps": steps,
        "extra": dict(content.extra) if content else {},
    }


def _series(names: Sequence[str], words: Words) -> str:
    """``A, B and C``; past ``MAX_LISTED`` names, ``A, B, ... and 5 more``."""
    if len(names) > MAX_LISTED:
        rest = len(names) - MAX_LISTED
        more = words.ngettext("{count} more", "{count} more", rest)
        return words.gettext("{first} and {last}", first=", ".join(names[:MAX_LISTED]), last=more)
    if len(names) < 2:
        return "".join(names)
    return words.gettext("{first} and {last}", first=", ".join(names[:-1]), last=names[-1])


def _title_scene(payload: SourcePayload, contents: Sequence[Content], words: Words) -> dict[str, Any]:
    base = payload.title or words.gettext("Untitled lesson set")
    n = len(contents)
    count = words.ngettext("{count} lesson", "{count} lessons", n)
    covers = words.ngettext(
        "This summary covers {count} lesson: {titles}.",
        "This summary covers {count} lessons: {titles}.",
        n,
        titles=_series([c.title for c in contents], words),
    )
    spoken = [say(words.gettext("Welcome to {title}.", title=base), NARRATOR), say(covers, NARRATOR)]
    lines = [base, *([payload.category_title] if payload.category_title else []), count]
    return _scene("scene-title", "title", None, base, [step(lines, spoken)])


def _recap_scene(contents: Sequence[Content], voicing: Voicing) -> dict[str, Any]:
    words = voicing.words
    titles = [c.title for c in contents]
    covered = words.gettext("We covered {titles}.", titles=_series(titles, words))
    steps = [step(titles[:PAGE_SIZE], [say(words.gettext("Let's recap."), NARRATOR), say(covered, NARRATOR)])]
    terms = _distinct([e.term for c in contents for e in c.entries])[:PAGE_SIZE]
    if terms:
        spoken = [say(words.gettext("Key words:"), NARRATOR), *(say_closed(t, COURSE) for t in terms)]
        steps.append(step(terms, spoken))
    points = _distinct([p for c in contents for p in c.key_points], {text_key(t) for t in terms})[:3]
    closing = [
        *(say_closed(p, voicing.free_voice(p)) for p in points),
        say(words.gettext("Well done, and keep practising."), NARRATOR),
    ]
    steps.append(step(points or titles[:PAGE_SIZE], closing))
    return _scene("scene-recap", "recap", None, words.gettext("Recap"), steps)


def _distinct(texts: Sequence[str], said: set[str] | None = None) -> list[str]:
    """``texts`` without repeats and without those ``said`` already (as ``text_key``: case, spacing and
    closing punctuation ignored), each kept as first written."""
    seen = set(said) if said else set()
    kept = []
    for text in texts:
        key = text_key(text)
        if key not in seen:
            seen.add(key)
            kept.append(text)
    return kept


def _lesson_scene(content: Content, voicing: Voicing) -> dict[str, Any]:
    """A lesson's scene; unknown fields travel in ``extra`` but are metadata: never shown or spoken."""
    steps = STEPS.get(content.lesson.type, unknown_steps)(content, voicing)
    return _scene(f"scene-{content.lesson.id}", "lesson", content, content.title, steps)


def build_webvtt(scenes: Sequence[Mapping[str, Any]]) -> str:
    """WebVTT whose cues split each scene's narration across that scene's time slot."""
    out, start, number = ["WEBVTT\n"], 0, 0  # each cue one block: "\n<number>\n<start> --> <end>\n<text>\n"
    boundary, stamp = -1, ""  # a cue ends where the next begins: its stamp is reused
    for scene in scenes:
        length = _ms(scene.get("durationSeconds"))
        narration = scene.get("narration")
        text = narration if isinstance(narration, str) and length > 0 else ""
        chunks = _chunks(text)
        escaped = "&" in text or "<" in text or ">" in text  # cues are cut from its words: escape only then
        for begin, end, cue in _spread(start, length, chunks):
            number += 1
            first = stamp if begin == boundary else _timestamp(begin)
            boundary, stamp = end, _timestamp(end)
            out.append(f"\n{number}\n{first} --> {stamp}\n{_escape(cue) if escaped else cue}\n")
        start += length
    return "".join(out)


def _ms(seconds: Any) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
        return 0
    return round(seconds * 1000) if seconds < 360_000 else 360_000_000


def _chunks(narration: str) -> list[str]:
    """Sentences, each cut into evenly sized cues of at most ``MAX_CUE_CHARS`` characters."""
    cues: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(narration.split())):
        if len(sentence) <= MAX_CUE_CHARS:  # one cue: what the loop below makes of a short sentence, faster
            cues += [sentence] if sentence else []
            continue
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
    seconds = ms // 1000
    minutes = seconds // 60  # operators and lookup tables: cheaper than divmod() and int formatting, every cue
    return f"{minutes // 60:02d}:{_SIXTY[minutes % 60]}:{_SIXTY[seconds % 60]}.{_THOUSAND[ms % 1000]}"


def _escape(cue: str) -> str:
    return cue.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
