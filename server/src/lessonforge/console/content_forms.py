"""Form fields ↔ Content API values: what an admin types becomes the JSON value the Content API would receive,
so the Content API's own checks judge it (a number field given "abc" stays "abc" and is refused as such)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lessonforge.console.web import Form
from lessonforge.domain.content.model import Validation
from lessonforge.domain.content.schema_rules import FieldSpec

TEXT_TYPES = {"short-text", "long-text", "color", "relation", "enum"}
ROWS_EXTRA = 3
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def scalar_from_text(field_type: str, text: str) -> Any:
    """One element typed in a box: numbers and dates/times converted, anything else left for the rules."""
    if field_type == "number":
        if _NUMBER.match(text):
            number = float(text)
            return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
        return text
    if field_type == "date-time" and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", text):
        return text + ":00Z"  # datetime-local has no zone: the form says UTC
    return text


def field_value(field: Mapping[str, Any], form: Form) -> tuple[bool, Any]:
    """``(given, value)`` for one field of the content form; media is handled by the caller (uploads)."""
    key, kind = f"v-{field['name']}", field["type"]
    if kind == "boolean":
        return True, bool(form.get(key))
    if field["isArray"]:
        if kind in {"relation", "enum"}:
            items = [str(v) for v in form.getlist(key) if str(v)]
        else:
            items = [line.strip() for line in str(form.get(key, "")).splitlines() if line.strip()]
        return True, [scalar_from_text(kind, item) for item in items]
    text = form.text(key)
    return True, (scalar_from_text(kind, text) if text else None)


def shown_value(field: Mapping[str, Any], value: Any) -> Any:
    """A stored value as the form shows it (lists one per line, date-times for datetime-local)."""
    if field["isArray"] and field["type"] not in {"relation", "enum", "media"}:
        return "\n".join(str(v) for v in value or [])
    if field["type"] == "date-time" and isinstance(value, str):
        return value[:16]
    return value


def filled_rows(form: Form, rows: int, box: str) -> list[int]:
    """The numbers of the rows whose ``box`` (``f{}-name``, ``e{}-value``) is filled: the rows sent on, in order
    (so the rules' ``fieldList.N`` / ``values.N`` is the N-th of these, not row N)."""
    return [i for i in range(rows) if form.text(box.format(i))]


def field_specs(form: Form, rows: int) -> list[FieldSpec]:
    """The field rows of the model form (a row with no name is left out: its field is removed)."""
    specs = []
    for i in filled_rows(form, rows, "f{}-name"):
        specs.append(
            FieldSpec(
                name=form.text(f"f{i}-name"),
                type=form.text(f"f{i}-type"),
                id=form.text(f"f{i}-id") or None,
                related_model_id=form.text(f"f{i}-related") or None,
                is_array=bool(form.get(f"f{i}-array")),
                validations=_validations(form, i),
            )
        )
    return specs


def _validations(form: Form, i: int) -> tuple[Validation, ...]:
    found = [Validation(name, None) for name in ("required", "unique") if form.get(f"f{i}-{name}")]
    for rule, key in (("min-length", "min"), ("max-length", "max")):
        length = form.number(f"f{i}-{key}")
        if length is not None:
            found.append(Validation(rule, {"length": length}))
    media = form.text(f"f{i}-media")
    if media:
        found.append(Validation("media-type", media))
    return tuple(found)


def enum_values(form: Form, rows: int) -> list[tuple[str | None, Any]]:
    return [(form.text(f"e{i}-id") or None, form.text(f"e{i}-value")) for i in filled_rows(form, rows, "e{}-value")]


def entered_fields(form: Form, rows: int) -> list[dict[str, Any]]:
    """Every field row as typed, in the shape of the Content API's fields: shown again after a refusal."""
    return [
        {
            "id": form.text(f"f{i}-id") or None,
            "name": form.text(f"f{i}-name"),
            "type": form.text(f"f{i}-type"),
            "relatedModelId": form.text(f"f{i}-related") or None,
            "isArray": bool(form.get(f"f{i}-array")),
            "validations": [
                {"name": v.name} if v.args is None else {"name": v.name, "customArgs": v.args}
                for v in _validations(form, i)
            ],
        }
        for i in range(rows)
    ]


def entered_values(form: Form, rows: int) -> list[dict[str, Any]]:
    """Every value row of an enum as typed: shown again after a refusal."""
    return [{"id": form.text(f"e{i}-id") or None, "value": form.text(f"e{i}-value")} for i in range(rows)]


def row_errors(problems: Mapping[str, str], prefix: str, rows: list[int]) -> dict[int, list[str]]:
    """``fieldList.2.type`` → the row of the third filled row (``rows``, from ``filled_rows``): the messages the
    rules gave about each row, by the row's number on the form."""
    found: dict[int, list[str]] = {}
    for path, message in problems.items():
        match = re.match(rf"^{prefix}\.(\d+)", path)
        if match:
            index = int(match.group(1))
            found.setdefault(rows[index] if index < len(rows) else index, []).append(message)
    return found
