"""Repository for a project's models: entities with their fields, enums with their values."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Text, bindparam, cast, delete, select, update
from sqlalchemy.engine import Connection, RowMapping

from lessonforge.domain.content.model import ContentModel, EnumValue, FieldDef, Validation
from lessonforge.store.content_schema import content_fields, content_models
from lessonforge.store.fast import FastStatement


class ModelRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def for_project(self, project_id: str) -> tuple[ContentModel, ...]:
        """Every model of the project in creation order, fields in position order."""
        fields: dict[str, list[FieldDef]] = defaultdict(list)
        query = select(content_fields).where(content_fields.c.project_id == project_id)
        for row in self.conn.execute(query.order_by(content_fields.c.position)).mappings():
            fields[row["model_id"]].append(_field(dict(row)))
        models = select(content_models).where(content_models.c.project_id == project_id)
        rows = self.conn.execute(models.order_by(content_models.c.created_at, content_models.c.id)).mappings()
        return tuple(_model(row, fields.get(row["id"], [])) for row in rows)

    def named(self, project_id: str, names: list[str]) -> dict[str, ContentModel]:
        """The project's models with these names (case-insensitive), with their fields, in one query.

        Every call reads the rows (so changes made by any process are seen); the model objects are rebuilt
        only when those rows differ from the previous read for the same project and names.
        """
        keys = tuple(name.casefold() for name in names)
        if not keys:
            return {}
        binds = {f"b_name{i}": key for i, key in enumerate(keys)}
        rows = _named_statement(len(keys)).rows(self.conn, b_project=project_id, **binds)
        built = _BUILT.get((project_id, *keys))
        if built is None or built[0] != rows:
            built = (rows, _models_from_rows(rows))
            if len(_BUILT) >= _BUILT_MAX:
                _BUILT.clear()
            _BUILT[(project_id, *keys)] = built
        return dict(built[1])

    def add(self, model: ContentModel, at: datetime) -> None:
        self.conn.execute(content_models.insert().values(**_model_values(model), created_at=at, updated_at=at))
        self._insert_fields(model, model.fields)

    def replace(self, model: ContentModel, at: datetime) -> None:
        """Store ``model`` as its final state: fields missing from it are deleted with their values."""
        statement = update(content_models).where(content_models.c.id == model.id)
        self.conn.execute(statement.values(**_model_values(model), updated_at=at))
        keep = {f.id for f in model.fields}
        existing = set(
            self.conn.execute(select(content_fields.c.id).where(content_fields.c.model_id == model.id)).scalars()
        )
        gone = existing - keep
        if gone:
            self.conn.execute(delete(content_fields).where(content_fields.c.id.in_(gone)))
        for field in model.fields:
            if field.id in existing:
                self.conn.execute(
                    update(content_fields).where(content_fields.c.id == field.id).values(**_field_values(field))
                )
        self._insert_fields(model, [f for f in model.fields if f.id not in existing])

    def delete(self, model_id: str) -> None:
        self.conn.execute(delete(content_models).where(content_models.c.id == model_id))

    def _insert_fields(self, model: ContentModel, fields: Any) -> None:
        rows = [{"id": f.id, "model_id": model.id, "project_id": model.project_id, **_field_values(f)} for f in fields]
        if rows:
            self.conn.execute(content_fields.insert(), rows)


_BUILT_MAX = 1024
# (project id, *name keys) -> (the rows last read, the models built from them); see ``ModelRepository.named``.
_BUILT: dict[tuple[str, ...], tuple[list[tuple[Any, ...]], dict[str, ContentModel]]] = {}
_NAMED: dict[int, FastStatement] = {}


def _named_statement(count: int) -> FastStatement:
    """The lean ``named`` query for ``count`` names: JSON columns come back as text (decoded on a rebuild)."""
    statement = _NAMED.get(count)
    if statement is None:
        m, f = content_models.c, content_fields.c
        query = (
            select(m.id, m.project_id, m.name, m.name_key, m.kind, cast(m.enum_values, Text).label("enum_values"))
            .add_columns(
                f.id,
                f.name,
                f.type,
                f.is_array,
                f.related_model_id,
                cast(f.validations, Text).label("validations"),
                f.position,
            )
            .outerjoin(content_fields, f.model_id == m.id)
            .where(
                m.project_id == bindparam("b_project"), m.name_key.in_([bindparam(f"b_name{i}") for i in range(count)])
            )
            .order_by(f.position, f.id)
        )
        statement = _NAMED[count] = FastStatement(query)
    return statement


def _models_from_rows(rows: list[tuple[Any, ...]]) -> dict[str, ContentModel]:
    heads: dict[str, tuple[Any, ...]] = {}
    fields: dict[str, list[FieldDef]] = defaultdict(list)
    for row in rows:
        heads[row[0]] = row[:6]
        field_id, name, field_type, is_array, related, validations, position = row[6:]
        if field_id is not None:
            rules = tuple(Validation(v["name"], v.get("customArgs")) for v in _json(validations) or [])
            fields[row[0]].append(FieldDef(field_id, name, field_type, bool(is_array), related, rules, position))
    result = {}
    for model_id, project_id, name, name_key, kind, enum_values in heads.values():
        values = tuple(EnumValue(v["id"], v["value"]) for v in _json(enum_values) or [])
        result[name_key] = ContentModel(model_id, project_id, name, kind, tuple(fields[model_id]), values)
    return result


def _json(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def _model_values(model: ContentModel) -> dict[str, Any]:
    values = [{"id": v.id, "value": v.value} for v in model.values] if model.kind == "enum" else None
    return {
        "id": model.id,
        "project_id": model.project_id,
        "name": model.name,
        "name_key": model.name.casefold(),
        "kind": model.kind,
        "enum_values": values,
    }


def _field_values(field: FieldDef) -> dict[str, Any]:
    return {
        "name": field.name,
        "name_key": field.name.casefold(),
        "type": field.type,
        "is_array": field.is_array,
        "related_model_id": field.related_model_id,
        "validations": [{"name": v.name, "customArgs": v.args} for v in field.validations],
        "position": field.position,
    }


def _field(row: Mapping[str, Any]) -> FieldDef:
    return FieldDef(
        id=row["id"],
        name=row["name"],
        type=row["type"],
        is_array=bool(row["is_array"]),
        related_model_id=row["related_model_id"],
        validations=tuple(Validation(v["name"], v.get("customArgs")) for v in row["validations"]),
        position=row["position"],
    )


def _model(row: RowMapping, fields: list[FieldDef]) -> ContentModel:
    values = tuple(EnumValue(v["id"], v["value"]) for v in row["enum_values"] or [])
    return ContentModel(row["id"], row["project_id"], row["name"], row["kind"], tuple(fields), values)
