"""Index keys: how a field value is written to the per-field index and how a filter value is compared."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Any

from lessonforge.domain.content.model import FieldDef
from lessonforge.domain.content.values import MAX_EXACT_INTEGER, BadValueError, parse_date, parse_date_time

KEY_CHARS = 191  # fits every dialect's index entry limit; longer texts keep a digest beside the key
_INTEGER = re.compile(r"^[+-]?\d+$")
NUMERIC_TYPES = frozenset({"number", "boolean"})


@dataclass(frozen=True)
class IndexKey:
    """One comparable element: text (prefix, plus a digest of the whole text when longer) or a number."""

    text: str | None = None
    full: str | None = None
    num: float | None = None


def text_key(value: str) -> IndexKey:
    """Short texts are their own key; longer ones are their prefix plus a SHA-256 of the whole text."""
    if len(value) <= KEY_CHARS:
        return IndexKey(text=value)
    return IndexKey(text=value[:KEY_CHARS], full=hashlib.sha256(value.encode()).hexdigest())


def column_of(field_type: str) -> str:
    """``num`` for numbers and booleans, ``text`` for everything else."""
    return "num" if field_type in NUMERIC_TYPES else "text"


def element_key(field_type: str, element: Any) -> IndexKey:
    """The key of one stored (already normalised) element."""
    if field_type == "boolean":
        return IndexKey(num=1.0 if element else 0.0)
    if field_type == "number":
        return IndexKey(num=float(element))
    if field_type == "media":
        return text_key(str(element.get("name", "")))
    if field_type == "color":
        return text_key(str(element).lower())
    return text_key(str(element))


def index_keys(field: FieldDef, value: Any) -> list[IndexKey]:
    """Keys for every element of a stored value, in order (empty for no value)."""
    if value is None:
        return []
    elements = value if field.is_array else [value]
    return [element_key(field.type, element) for element in elements if element is not None]


def filter_key(field_type: str, raw: str) -> IndexKey:
    """A query-string value converted like a stored element of ``field_type``; BadValueError when it cannot be."""
    if field_type == "number":
        return IndexKey(num=float(number_filter(raw)))
    if field_type == "boolean":
        if raw.lower() not in {"true", "false", "1", "0"}:
            raise BadValueError("Expected true or false")
        return IndexKey(num=1.0 if raw.lower() in {"true", "1"} else 0.0)
    if field_type == "date":
        return text_key(parse_date(raw))
    if field_type == "date-time":
        return text_key(parse_date_time(raw))
    if field_type == "color":
        return text_key(raw.lower())
    return text_key(raw)


def number_filter(raw: str) -> float | int:
    """A finite number, exact when it is an integer (the same range a stored value may have)."""
    text = raw.strip()
    try:
        number: float | int = int(text) if _INTEGER.match(text) else float(text)
    except ValueError as exc:
        raise BadValueError("Expected a number") from exc
    if isinstance(number, float) and not math.isfinite(number):
        raise BadValueError("Expected a finite number")
    if isinstance(number, int) and abs(number) > MAX_EXACT_INTEGER:
        raise BadValueError(f"Integer out of the exact range -{MAX_EXACT_INTEGER}..{MAX_EXACT_INTEGER}")
    return number
