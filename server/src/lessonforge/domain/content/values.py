"""Checking one field value against its field: the type, then the validation rules. Pure."""

from __future__ import annotations

import math
import mimetypes
import re
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from typing import Any

from lessonforge.domain.content.model import TEXT_TYPES, FieldDef

MAX_EXACT_INTEGER = 2**53 - 1  # what a JavaScript client (a double) reads back digit for digit
MIN_YEAR, MAX_YEAR = 1000, 9999  # four-digit years once in UTC: what ISO-8601 text and the index sort as text
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_TZ_SPACE = re.compile(r" (\d{2}:?\d{2})$")


class BadValueError(Exception):
    """A value of the wrong type for its field; the message says what was expected."""


def is_empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def check_value(field: FieldDef, value: Any, enum_values: Collection[str] = ()) -> tuple[Any, list[str]]:
    """The normalised value and the problems found (type first; rules only for well-typed values)."""
    if value is None:
        return ([] if field.is_array else None), []
    try:
        normalised = _typed(field, value, enum_values)
    except BadValueError as exc:
        return value, [str(exc)]
    return normalised, rule_problems(field, normalised)


def _typed(field: FieldDef, value: Any, enum_values: Collection[str]) -> Any:
    if not field.is_array:
        return scalar(field.type, value, enum_values)
    if not isinstance(value, list):
        raise BadValueError("Expected a list of values")
    return [scalar(field.type, item, enum_values) for item in value]


def scalar(field_type: str, value: Any, enum_values: Collection[str] = ()) -> Any:
    """One element converted to its stored form, or BadValueError."""
    if field_type == "enum":
        return _enum(value, enum_values)
    return _CHECKS[field_type](value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValueError("Expected a string")
    return value


def _number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadValueError("Expected a number")
    if isinstance(value, int) and abs(value) > MAX_EXACT_INTEGER:
        raise BadValueError(
            f"Integer out of the exact range -{MAX_EXACT_INTEGER}..{MAX_EXACT_INTEGER} (a client would round it); "
            "store it in a text field"
        )
    number: float | int = value
    return number


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValueError("Expected true or false")
    return value


def parse_date(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValueError("Expected a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value[:10] if len(value) > 10 and value[10] == "T" else value).isoformat()
    except ValueError as exc:
        raise BadValueError("Expected a date (YYYY-MM-DD)") from exc


def parse_date_time(value: Any) -> str:
    """ISO-8601 normalised to UTC with milliseconds and ``Z`` (a zone-less value is taken as UTC)."""
    if not isinstance(value, str):
        raise BadValueError("Expected an ISO-8601 date-time")
    text = _TZ_SPACE.sub(r"+\1", value.strip())  # an unencoded '+' arrives as a space in a query string
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise BadValueError("Expected an ISO-8601 date-time") from exc
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise BadValueError(f"Expected a date-time between the years {MIN_YEAR} and {MAX_YEAR} (in UTC)")
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.") + f"{parsed.microsecond // 1000:03d}Z"


def _color(value: Any) -> str:
    if not isinstance(value, str) or not COLOR.match(value):
        raise BadValueError("Expected a hex color such as #1e90ff")
    return value


def _media(value: Any) -> dict[str, str]:
    if isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("url"), str):
        return {"name": value["name"], "url": value["url"]}
    raise BadValueError("Expected a media object {name, url}")


def _relation(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise BadValueError("Expected the id of a content")
    return value


def _enum(value: Any, allowed: Collection[str]) -> str:
    if isinstance(value, str):
        for candidate in allowed:
            if candidate.casefold() == value.casefold():
                return candidate
    raise BadValueError(f"Expected one of: {', '.join(sorted(allowed)) or '(no values)'}")


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "short-text": _text,
    "long-text": _text,
    "number": _number,
    "date": parse_date,
    "date-time": parse_date_time,
    "media": _media,
    "boolean": _boolean,
    "color": _color,
    "relation": _relation,
}


def rule_problems(field: FieldDef, value: Any) -> list[str]:
    """Length and media-type rules on a well-typed value (``required`` and ``unique`` are checked by callers)."""
    items = value if field.is_array else [value]
    items = [item for item in items if item is not None]
    problems: list[str] = []
    low, high = field.rule("min-length"), field.rule("max-length")
    sizes = [len(item) for item in items] if field.type in TEXT_TYPES else ([len(value)] if field.is_array else [])
    least, most = (low.length if low else None), (high.length if high else None)
    if least is not None and any(size < least for size in sizes):
        problems.append(f"Must be at least {least} characters" if field.type in TEXT_TYPES else "Too few items")
    if most is not None and any(size > most for size in sizes):
        problems.append(f"Must be at most {most} characters" if field.type in TEXT_TYPES else "Too many items")
    media_rule = field.rule("media-type")
    if media_rule is not None and field.type == "media":
        allowed = media_types(media_rule.args)
        problems += [f"Media type not allowed: {item['name']}" for item in items if not media_allowed(item, allowed)]
    return problems


def media_types(args: Any) -> list[str]:
    """The ``media-type`` argument as a list: ``["image/*", "pdf"]`` or ``"jpg,png"``."""
    raw = args.split(",") if isinstance(args, str) else list(args or [])
    return [str(item).strip().lower().lstrip(".") for item in raw if str(item).strip()]


def media_allowed(media: dict[str, str], allowed: list[str]) -> bool:
    """True when the file's extension or guessed MIME type matches an allowed entry."""
    name = media.get("name") or media.get("url") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    mime = (mimetypes.guess_type(name)[0] or "").lower()
    for entry in allowed:
        if "/" not in entry and entry == extension:
            return True
        if "/" in entry and (entry == mime or (entry.endswith("/*") and mime.startswith(entry[:-1]))):
            return True
    return False
