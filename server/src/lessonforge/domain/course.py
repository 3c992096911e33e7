"""What kind of course a payload is and which language its learner reads: pure rules every generator asks.

``language`` is the language of the content (taught or presented); ``interfaceLanguage`` is the learner's, in
which every word the generators write themselves is given. A **language course** teaches ``language`` (Spanish
A1 for English speakers); a **subject course** teaches something else in it (GCSE biology, history).
The payload may declare ``courseKind``; otherwise it is inferred (docs/generators.md, "Course kinds").
"""

from __future__ import annotations

import re
import statistics
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from lessonforge.domain.payload import SourcePayload, text_value
from lessonforge.errors import SourceInvalidError

CourseKind = Literal["language", "subject"]
COURSE_KINDS: tuple[CourseKind, ...] = get_args(CourseKind)
LANGUAGE_LESSON_TYPES = frozenset({"example", "dialogue"})
"""Lessons that only a language course has: sentences with their translation, dialogues to follow."""
GLOSS_WORDS = 4
"""A vocabulary meaning of at most this many words (the median over the level) is a gloss, not a definition."""
DEFAULT_INTERFACE = "en"
_SUBTAG = re.compile(r"[-_]")
_OBJECTS = (dict, Mapping)  # dict first: a JSON object passes without the (slower) ABC check


@dataclass(frozen=True)
class Course:
    """The languages and kind of one payload: ``language`` may be unknown, ``interface_language`` never is."""

    kind: CourseKind
    language: str | None
    interface_language: str


_KNOWN: dict[int, tuple[weakref.ref[SourcePayload], Course]] = {}
_KNOWN_BOUND = 64


def course(payload: SourcePayload) -> Course:
    """The course of a payload; raises ``SourceInvalidError`` for a ``courseKind`` that is neither kind.

    Memoised per payload object (a parsed payload is never changed; the weak reference tells a reused ``id``):
    every output of a level asks, and inference walks the whole level.
    """
    known = _KNOWN.get(id(payload))
    if known is not None and known[0]() is payload:
        return known[1]
    kind = course_kind(payload)
    found = Course(kind, payload.language, interface_language(payload, kind))
    if len(_KNOWN) >= _KNOWN_BOUND:
        _KNOWN.clear()
    _KNOWN[id(payload)] = (weakref.ref(payload), found)
    return found


def course_kind(payload: SourcePayload) -> CourseKind:
    """The declared ``courseKind`` (``payload.courseKind`` or ``level.courseKind``), else the inferred one."""
    declared = declared_course_kind(payload.raw)
    return declared or infer_course_kind(payload)


def declared_course_kind(raw: Mapping[str, Any]) -> CourseKind | None:
    """``language``/``subject`` (any case) as declared, ``None`` when absent; anything else is an error."""
    level = raw.get("level") if isinstance(raw, Mapping) else None
    value = raw.get("courseKind") if isinstance(raw, Mapping) else None
    where = "courseKind"
    if value is None and isinstance(level, Mapping):
        value, where = level.get("courseKind"), "level.courseKind"
    if value is None:
        return None
    text = value.strip().casefold() if isinstance(value, str) else ""
    for kind in COURSE_KINDS:
        if text == kind:
            return kind
    raise SourceInvalidError(f'field "{where}": must be "language" or "subject"', field=where)


def infer_course_kind(payload: SourcePayload) -> CourseKind:
    """A language course when the learner reads another language than the content's, when a lesson is an
    example or dialogue lesson, or when the vocabulary's meanings are glosses; otherwise a subject course."""
    interface, content = payload.interface_language, payload.language
    if interface and content and primary_subtag(interface) != primary_subtag(content):
        return "language"
    lessons = payload.lessons
    if any(lesson.type in LANGUAGE_LESSON_TYPES for lesson in lessons):
        return "language"
    lengths = [
        len(meaning.split())
        for lesson in lessons
        if lesson.type == "vocabulary"
        for meaning in _meanings(lesson.data.get("items"))
    ]
    return "language" if lengths and statistics.median(lengths) <= GLOSS_WORDS else "subject"


def interface_language(payload: SourcePayload, kind: CourseKind) -> str:
    """The declared ``interfaceLanguage``; else a subject course's own ``language`` (its learner reads it);
    else English (a language course's learner is not named, and the generators' default is English)."""
    if payload.interface_language:
        return payload.interface_language
    if kind == "subject" and payload.language:
        return payload.language
    return DEFAULT_INTERFACE


def primary_subtag(tag: str) -> str:
    """``es-MX`` → ``es``; ``ES_mx`` → ``es``."""
    return _SUBTAG.split(tag.strip(), maxsplit=1)[0].casefold()


def _meanings(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    found = (text_value(item.get("meaning")) for item in items if isinstance(item, _OBJECTS))
    return [meaning for meaning in found if meaning]
