"""Converting stored values when a field changes type, list-ness or related model (``PUT /model/entity``). Pure.

A value is converted when nothing is lost (``"42"`` → 42, ``2024-05-01`` → ``2024-05-01T00:00:00.000Z``,
a single value → a one-item list); otherwise it is cleared and the caller reports the content.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from typing import Any

from lessonforge.domain.content.model import FieldDef
from lessonforge.domain.content.values import MAX_EXACT_INTEGER, BadValueError, parse_date, parse_date_time, scalar

TEXT = frozenset({"short-text", "long-text"})


class LostValueError(Exception):
    """The value cannot be carried into the new type without losing something."""


def changed(before: FieldDef, after: FieldDef) -> bool:
    """True when stored values of the field must be converted."""
    return (before.type, before.is_array, before.related_model_id) != (
        after.type,
        after.is_array,
        after.related_model_id,
    )


def convert(before: FieldDef, after: FieldDef, value: Any, enum_values: Collection[str] = ()) -> Any:
    """``value`` (stored under ``before``) as ``after`` stores it; raises :class:`LostValueError` when it cannot be.

    Relations keep their ids here; whether they point at a content of the new related model is the caller's
    check (it needs the database).
    """
    if value is None or value == []:
        return [] if after.is_array else None
    items = value if before.is_array else [value]
    if not after.is_array and len(items) > 1:
        raise LostValueError
    converted = [_element(before.type, after.type, item, enum_values) for item in items]
    return converted if after.is_array else converted[0]


def _element(source: str, target: str, item: Any, enum_values: Collection[str]) -> Any:
    if source == target and source not in {"enum", "relation"}:
        return item
    if source == "boolean" and target == "number":
        return 1 if item else 0
    if source == "number" and target == "boolean":
        if item not in (0, 1):
            raise LostValueError
        return bool(item)
    text = _as_text(source, item)
    if target in TEXT:
        return text
    if text is None:
        raise LostValueError
    try:
        return _from_text(target, text, enum_values)
    except BadValueError as exc:
        raise LostValueError from exc


def _as_text(source: str, item: Any) -> str | None:
    """The value written as text when that loses nothing; None for media (a name and a URL)."""
    if source == "media":
        return None
    if source == "boolean":
        return "true" if item else "false"
    if source == "number":
        return json.dumps(item)
    return str(item)


def _from_text(target: str, text: str, enum_values: Collection[str]) -> Any:
    if target == "number":
        return _number(text)
    if target == "boolean":
        if text not in {"true", "false"}:
            raise LostValueError
        return text == "true"
    if target == "date":
        if "T" in text and not parse_date_time(text).endswith("T00:00:00.000Z"):
            raise LostValueError  # a date-time becomes a date only at midnight UTC
        return parse_date(text)
    if target == "date-time":
        return parse_date_time(text + "T00:00:00Z" if len(text) == 10 else text)
    if target == "media":
        raise LostValueError
    return scalar(target, text, enum_values)


def _number(text: str) -> float | int:
    try:
        number = json.loads(text)
    except ValueError as exc:
        raise LostValueError from exc
    if isinstance(number, bool) or not isinstance(number, int | float) or json.dumps(number) != text:
        raise LostValueError
    if isinstance(number, float) and not math.isfinite(number):
        raise LostValueError
    if isinstance(number, int) and abs(number) > MAX_EXACT_INTEGER:
        raise LostValueError
    exact: float | int = number
    return exact
