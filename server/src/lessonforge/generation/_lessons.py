"""Reads each lesson into checked content values; every structural failure names lesson and field."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lessonforge.domain.course import course
from lessonforge.domain.payload import (
    Lesson,
    SourcePayload,
    require_lessons,
    text_value,
)
from lessonforge.errors import SourceInvalidError
from lessonforge.i18n import Translator, translator

KNOWN_TYPES = ("vocabulary", "term", "example", "dialogue", "quiz", "review")
_COMMON = frozenset({"id", "type", "title"})
_LESSON_FIELDS: Mapping[str, frozenset[str]] = {
    "vocabulary": frozenset({"items"}),
    "term": frozenset({"terms"}),
    "example": frozenset({"examples"}),
    "dialogue": frozenset({"turns"}),
    "quiz": frozenset({"questions"}),
    "review": frozenset({"summary", "keyPoints"}),
}
_OBJECTS = (dict, Mapping)  # dict first: a JSON object passes without the (slower) ABC check
_USABLE = (str, int, float, type(None))  # a common field's value that is used, or simply not given
_LIST_ITEM_FIELDS: Mapping[str, frozenset[str]] = {
    "items": frozenset({"term", "meaning", "example"}),
    "terms": frozenset({"term", "meaning", "example"}),
    "examples": frozenset({"source", "translation", "note"}),
    "turns": frozenset({"speaker", "text"}),
    "questions": frozenset({"question", "choices", "answer", "explanation"}),
}
_ITEM_LISTS: Mapping[str, tuple[str, ...]] = {
    kind: tuple(sorted(name for name in names if name in _LIST_ITEM_FIELDS)) for kind, names in _LESSON_FIELDS.items()
}
"""The list fields of each lesson type whose objects may carry unknown fields."""
_Fields = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    """A vocabulary item or term."""

    term: str
    meaning: str
    example: str | None
    extra: dict[str, Any]


@dataclass(frozen=True)
class ExampleLine:
    """An example sentence with its translation."""

    source: str
    translation: str
    note: str | None
    extra: dict[str, Any]


@dataclass(frozen=True)
class Turn:
    """One line of a dialogue."""

    speaker: str
    text: str
    extra: dict[str, Any]


@dataclass(frozen=True)
class Question:
    """A source quiz question; ``answer`` is one of ``choices`` (as spelled there)."""

    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str | None
    extra: dict[str, Any]


@dataclass(frozen=True)
class Content:
    """A lesson with its checked content; ``extra`` holds every field no generator understands."""

    lesson: Lesson
    title: str
    entries: tuple[Entry, ...] = ()
    examples: tuple[ExampleLine, ...] = ()
    turns: tuple[Turn, ...] = ()
    questions: tuple[Question, ...] = ()
    summary: str | None = None
    key_points: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        """Whether the lesson type is one of SPEC §5's six."""
        return self.lesson.type in KNOWN_TYPES


def invalid(lesson: Lesson, path: str, problem: str) -> SourceInvalidError:
    """The error for one bad field, e.g. ``lesson "l3" field "questions[1].answer": ...``."""
    return SourceInvalidError(f'lesson "{lesson.id}" field "{path}": {problem}', lesson_id=lesson.id, field=path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _required(lesson: Lesson, obj: Mapping[str, Any], key: str, path: str) -> str:
    value = text_value(obj.get(key))
    if value is None:
        problem = "is required" if obj.get(key) is None else "must be a non-empty text"
        raise invalid(lesson, _join(path, key), problem)
    return value


def _optional(lesson: Lesson, obj: Mapping[str, Any], key: str, path: str) -> str | None:
    """An optional text: absent, null or blank is None; an object or list is an error."""
    raw = obj.get(key)
    value = text_value(raw)
    if value is None and raw is not None and not isinstance(raw, str):
        raise invalid(lesson, _join(path, key), "must be a text")
    return value


def _objects(lesson: Lesson, key: str) -> list[tuple[str, Mapping[str, Any]]]:
    value = lesson.data.get(key)
    if value is None:
        raise invalid(lesson, key, f"is required for a {lesson.type} lesson")
    if not isinstance(value, list):
        raise invalid(lesson, key, "must be a list")
    pairs = []
    for i, item in enumerate(value):
        if not isinstance(item, _OBJECTS):
            raise invalid(lesson, f"{key}[{i}]", "must be an object")
        pairs.append((f"{key}[{i}]", item))
    return pairs


def _extra(obj: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """Fields outside ``known``, copied so a body never shares objects with the payload."""
    if known.issuperset(obj):  # the usual case, checked without a Python loop
        return {}
    return {str(k): copy.deepcopy(v) for k, v in obj.items() if k not in known}


# Each list field is read item by item, in field order (required texts, optional ones, unknown fields): the first
# bad field named in an error is the same whatever the reader.


def _entries(lesson: Lesson, key: str) -> tuple[Entry, ...]:
    known = _LIST_ITEM_FIELDS[key]
    return tuple(
        Entry(
            _required(lesson, obj, "term", path),
            _required(lesson, obj, "meaning", path),
            _optional(lesson, obj, "example", path),
            _extra(obj, known),
        )
        for path, obj in _objects(lesson, key)
    )


def _examples(lesson: Lesson) -> tuple[ExampleLine, ...]:
    known = _LIST_ITEM_FIELDS["examples"]
    return tuple(
        ExampleLine(
            _required(lesson, obj, "source", path),
            _required(lesson, obj, "translation", path),
            _optional(lesson, obj, "note", path),
            _extra(obj, known),
        )
        for path, obj in _objects(lesson, "examples")
    )


def _turns(lesson: Lesson) -> tuple[Turn, ...]:
    known = _LIST_ITEM_FIELDS["turns"]
    return tuple(
        Turn(_required(lesson, obj, "speaker", path), _required(lesson, obj, "text", path), _extra(obj, known))
        for path, obj in _objects(lesson, "turns")
    )


def _choices(lesson: Lesson, obj: Mapping[str, Any], path: str) -> tuple[str, ...]:
    raw = obj.get("choices")
    if not isinstance(raw, list):
        raise invalid(lesson, f"{path}.choices", "must be a list")
    choices: list[str] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        choice = text_value(item)
        if choice is None:
            raise invalid(lesson, f"{path}.choices[{i}]", "must be a non-empty text")
        if choice.casefold() in seen:
            raise invalid(lesson, f"{path}.choices[{i}]", f'choice "{choice}" is repeated')
        seen.add(choice.casefold())
        choices.append(choice)
    if len(choices) < 2:
        raise invalid(lesson, f"{path}.choices", "needs at least 2 choices")
    return tuple(choices)


def _question(lesson: Lesson, path: str, obj: Mapping[str, Any]) -> Question:
    prompt = _required(lesson, obj, "question", path)
    choices = _choices(lesson, obj, path)
    answer = _required(lesson, obj, "answer", path)
    matches = [c for c in choices if c.casefold() == answer.casefold()]
    if not matches:
        raise invalid(lesson, f"{path}.answer", f'answer "{answer}" is not among the choices')
    explanation = _optional(lesson, obj, "explanation", path)
    return Question(prompt, choices, matches[0], explanation, _extra(obj, _LIST_ITEM_FIELDS["questions"]))


def _key_points(lesson: Lesson) -> tuple[str, ...]:
    raw = lesson.data.get("keyPoints")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise invalid(lesson, "keyPoints", "must be a list")
    points = []
    for i, item in enumerate(raw):
        point = text_value(item)
        if point is None:
            raise invalid(lesson, f"keyPoints[{i}]", "must be a non-empty text")
        points.append(point)
    return tuple(points)


def _review(lesson: Lesson) -> _Fields:
    summary = _optional(lesson, lesson.data, "summary", "")
    points = _key_points(lesson)
    if summary is None and not points:
        raise invalid(lesson, "summary", "a review lesson needs a summary or keyPoints")
    return {"summary": summary, "key_points": points}


def _item_extras(lesson: Lesson) -> dict[str, Any]:
    """Unknown fields inside known lists, keyed by path (``items[2].audio``), so none is dropped."""
    found: dict[str, Any] = {}
    for key in _ITEM_LISTS.get(lesson.type, ()):
        for i, item in enumerate(lesson.data.get(key) or []):
            for name, value in _extra(item, _LIST_ITEM_FIELDS[key]).items():
                found[f"{key}[{i}].{name}"] = value
    return found


def _questions(lesson: Lesson) -> _Fields:
    return {"questions": tuple(_question(lesson, p, o) for p, o in _objects(lesson, "questions"))}


# Each reader gives the Content fields of its lesson type: the Content is made once (dataclasses.replace is slow).
_READERS: Mapping[str, Callable[[Lesson], _Fields]] = {
    "vocabulary": lambda lesson: {"entries": _entries(lesson, "items")},
    "term": lambda lesson: {"entries": _entries(lesson, "terms")},
    "example": lambda lesson: {"examples": _examples(lesson)},
    "dialogue": lambda lesson: {"turns": _turns(lesson)},
    "quiz": _questions,
    "review": _review,
}


def _unused_common(lesson: Lesson) -> frozenset[str]:
    """``id``/``type``/``title`` values that could not be used as such stay visible as extras (an object or a
    list: ``text_value`` reads a text, a number or a boolean; absent or null is simply not given)."""
    data = lesson.data
    return frozenset(key for key in _COMMON if not isinstance(data.get(key), _USABLE))


def read_lesson(lesson: Lesson, words: Translator) -> Content:
    """Check one lesson and return its content; raises ``SourceInvalidError``. An untitled lesson is called
    "Lesson <n>" (its position in the level) in the interface language of ``words`` (``lessons`` domain)."""
    known = (_COMMON - _unused_common(lesson)) | _LESSON_FIELDS.get(lesson.type, frozenset())
    # Translators: the title of a lesson the author left untitled; {number} is its position in the level (1, 2, …).
    title = lesson.title or words.gettext("Lesson {number}", number=lesson.index + 1)
    extra = _extra(lesson.data, known)
    reader = _READERS.get(lesson.type)
    if reader is None:
        return Content(lesson, title, extra=extra)
    read = reader(lesson)
    return Content(lesson, title, extra={**extra, **_item_extras(lesson)}, **read)


def read_level(payload: SourcePayload) -> tuple[Content, ...]:
    """Every lesson of the level, checked, in source order (default titles in the interface language)."""
    lessons = require_lessons(payload)
    words = translator(course(payload).interface_language, "lessons")
    return tuple(read_lesson(lesson, words) for lesson in lessons)
