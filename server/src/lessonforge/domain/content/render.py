"""The wire shapes of the Content API: the project with its content types, and one content. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from lessonforge.domain.content.model import ENUM, ContentModel, ContentRow, FieldDef, Schema, StoredValue
from lessonforge.domain.content.tokens import value_id

Expand = Callable[[FieldDef, Any], Any]


def iso(moment: datetime) -> str:
    """ISO-8601 UTC with milliseconds and ``Z``."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def project_view(schema: Schema) -> dict[str, Any]:
    project = schema.project
    return {
        "id": project.id,
        "name": project.name,
        "languages": list(project.languages),
        "contentTypes": [model_view(schema, model) for model in schema.models],
    }


def model_view(schema: Schema, model: ContentModel) -> dict[str, Any]:
    if model.kind == ENUM:
        return {"id": model.id, "name": model.name, "type": "enum", "values": [_enum_value(v) for v in model.values]}
    return {
        "id": model.id,
        "name": model.name,
        "type": "entity",
        "fields": [_field_view(schema, f) for f in model.fields],
    }


def _enum_value(value: Any) -> dict[str, str]:
    return {"id": value.id, "value": value.value}


_TS_TYPES = {"number": "number", "boolean": "boolean", "media": "Media"}


def _field_view(schema: Schema, field: FieldDef) -> dict[str, Any]:
    """Key order and shapes as in Content Island's own exports (a rule without arguments has no customArgs)."""
    view: dict[str, Any] = {
        "id": field.id,
        "name": field.name,
        "type": field.type,
        "tsType": ts_type(schema, field),
        "isArray": field.is_array,
        "isRequired": field.required,
        "validations": [
            {"name": v.name} | ({} if v.args is None else {"customArgs": v.args}) for v in field.validations
        ],
    }
    if field.related_model_id:
        related = schema.model(field.related_model_id)
        view["relatedModelId"] = field.related_model_id
        view["relatedModelName"] = related.name if related else None
    return view


def ts_type(schema: Schema, field: FieldDef) -> str:
    """The TypeScript type of one value, as Content Island's model generator writes it (``isArray`` says ``[]``).

    Texts, colors, dates and date-times are ``string``; ``number``, ``boolean``; media ``Media`` (the client's
    type); a relation or enum the PascalCase name of its model (``navigationItem`` → ``NavigationItem``).
    """
    if field.type in {"relation", "enum"}:
        related = schema.model(field.related_model_id) if field.related_model_id else None
        return pascal_case(related.name) if related else "string"
    return _TS_TYPES.get(field.type, "string")


def pascal_case(name: str) -> str:
    parts = [part for part in re.split(r"[^A-Za-z0-9]+", name) if part]
    return "".join(part[0].upper() + part[1:] for part in parts) or name


def content_view(
    schema: Schema,
    row: ContentRow,
    values: Mapping[tuple[str, str], StoredValue],
    languages: Sequence[str],
    expand: Expand | None = None,
) -> dict[str, Any]:
    """One content: an entry per field and language (``value`` null, or [] for lists, when unset)."""
    model = schema.model(row.model_id)
    fields = model.fields if model else ()
    entries = []
    for field in fields:
        for language in languages:
            stored = values.get((field.id, language))
            value = stored.value if stored is not None else ([] if field.is_array else None)
            entries.append(_entry(schema, field, language, row.id, value, expand))
    return {
        "id": row.id,
        "name": row.name,
        "contentType": {"id": row.model_id, "name": model.name if model else None},
        "lastUpdate": iso(row.last_update),
        "status": row.status,
        "fields": entries,
    }


def _entry(
    schema: Schema, field: FieldDef, language: str, content_id: str, value: Any, expand: Expand | None
) -> dict[str, Any]:
    if field.type == "relation" and expand is not None and value not in (None, []):
        value = expand(field, value)
    return {
        "id": value_id(content_id, field.id, language),
        "name": field.name,
        "value": value,
        "type": wire_type(schema, field, value),
        "isArray": field.is_array,
        "language": language,
    }


def wire_type(schema: Schema, field: FieldDef, value: Any) -> str:
    """``relation|<model>`` / ``enum|<enum>``: the form the published client's mapper recognises.

    A null value keeps the bare type, because that mapper cannot handle null under a ``|`` type.
    """
    if field.type not in {"relation", "enum"} or value is None or not field.related_model_id:
        return field.type
    related = schema.model(field.related_model_id)
    return f"{field.type}|{related.name}" if related else field.type
