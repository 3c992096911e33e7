"""The source payload model (SPEC §5): a lenient parse of the customer's lesson JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lessonforge.errors import SourceInvalidError

UNKNOWN_TYPE = "unknown"


@dataclass(frozen=True)
class Lesson:
    """One lesson in source order; ``data`` is the whole lesson object as sent."""

    id: str
    index: int
    type: str
    title: str | None
    data: Mapping[str, Any]


@dataclass(frozen=True)
class SourcePayload:
    """The parsed payload; ``fingerprint`` is the sha256 hex of the canonical JSON of ``raw``."""

    raw: Mapping[str, Any]
    category_title: str | None
    language: str | None
    interface_language: str | None  # the learner-facing interface (share page labels); None: English
    level_id: str | None
    level_title: str | None
    lessons: tuple[Lesson, ...]
    fingerprint: str

    @property
    def title(self) -> str | None:
        """The source title (SPEC §4.2)."""
        return source_title(self.raw)


def canonical_json(value: Any) -> str:
    """Serialise with sorted keys, no whitespace and raw UTF-8: equal data gives equal text."""
    try:
        return _dumps(value)
    except (TypeError, ValueError):
        return _dumps(_jsonable(value))


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _jsonable(value: Any) -> Any:
    """Make keys strings so mixed-key mappings still sort; last resort for non-JSON input."""
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def text_value(value: Any) -> str | None:
    """A trimmed non-empty string; a number or boolean as its text; anything else None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int | float):
        return str(value)
    return None


def _category_title(category: Any) -> str | None:
    if isinstance(category, Mapping):
        return text_value(category.get("title")) or text_value(category.get("name"))
    return text_value(category)


def _level(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    level = raw.get("level")
    return level if isinstance(level, Mapping) else {}


def source_title(raw: Mapping[str, Any]) -> str | None:
    """``level.title``, else ``title``, else the category's title, else None."""
    if not isinstance(raw, Mapping):
        return None
    return text_value(_level(raw).get("title")) or text_value(raw.get("title")) or _category_title(raw.get("category"))


def raw_lessons(raw: Mapping[str, Any]) -> tuple[str, Any]:
    """Where the lessons are (``level.lessons``, or a top-level ``lessons`` without a level) and the value."""
    if "level" not in raw and "lessons" in raw:
        return "lessons", raw.get("lessons")
    return "level.lessons", _level(raw).get("lessons")


def _lesson(value: Any, index: int, taken: set[str]) -> Lesson:
    data: Mapping[str, Any] = value if isinstance(value, Mapping) else {"value": value}
    base = text_value(data.get("id")) if isinstance(value, Mapping) else None
    lesson_id = _unique(base or f"lesson-{index + 1}", taken)
    kind = text_value(data.get("type")) or UNKNOWN_TYPE
    return Lesson(lesson_id, index, kind, text_value(data.get("title")), data)


def _unique(candidate: str, taken: set[str]) -> str:
    """Disambiguate a repeated lesson id with ``-2``, ``-3``... so body ids stay unique."""
    result, n = candidate, 1
    while result in taken:
        n += 1
        result = f"{candidate}-{n}"
    taken.add(result)
    return result


def parse_payload(raw: Mapping[str, Any]) -> SourcePayload:
    """Parse leniently: never raises; odd lessons get index-based ids such as ``lesson-3``."""
    mapping: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    level = _level(mapping)
    _, lessons_value = raw_lessons(mapping)
    items = lessons_value if isinstance(lessons_value, list) else []
    taken: set[str] = set()
    lessons = tuple(_lesson(item, i, taken) for i, item in enumerate(items))
    return SourcePayload(
        raw=raw,
        category_title=_category_title(mapping.get("category")),
        language=text_value(mapping.get("language")) or text_value(level.get("language")),
        interface_language=text_value(mapping.get("interfaceLanguage")) or text_value(level.get("interfaceLanguage")),
        level_id=text_value(level.get("id")),
        level_title=text_value(level.get("title")),
        lessons=lessons,
        fingerprint=hashlib.sha256(canonical_json(raw).encode("utf-8")).hexdigest(),
    )


def require_lessons(payload: SourcePayload) -> tuple[Lesson, ...]:
    """The lessons, or ``SourceInvalidError`` when the level cannot yield any."""
    raw = payload.raw if isinstance(payload.raw, Mapping) else {}
    if "level" in raw and not isinstance(raw["level"], Mapping):
        raise SourceInvalidError('field "level": must be an object', field="level")
    where, value = raw_lessons(raw)
    if value is None:
        raise SourceInvalidError(f'field "{where}": is required', field=where)
    if not isinstance(value, list):
        raise SourceInvalidError(f'field "{where}": must be a list', field=where)
    if not payload.lessons:
        raise SourceInvalidError(f'field "{where}": the level has no lessons', field=where)
    return payload.lessons
