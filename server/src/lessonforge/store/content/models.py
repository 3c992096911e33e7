"""Repository for a project's models: entities with their fields, enums with their values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, RowMapping

from lessonforge.domain.content.model import ContentModel, EnumValue, FieldDef, Validation
from lessonforge.store.content_schema import content_fields, content_models


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
        """The project's models with these names (case-insensitive), with their fields, in one query."""
        keys = [name.casefold() for name in names]
        query = (
            select(content_models, content_fields.c.id.label("field_id"), *_FIELD_COLUMNS)
            .outerjoin(content_fields, content_fields.c.model_id == content_models.c.id)
            .where(content_models.c.project_id == project_id, content_models.c.name_key.in_(keys))
            .order_by(content_fields.c.position)
        )
        rows: dict[str, RowMapping] = {}
        fields: dict[str, list[FieldDef]] = defaultdict(list)
        for row in self.conn.execute(query).mappings():
            rows[row["id"]] = row
            if row["field_id"] is not None:
                fields[row["id"]].append(_field({**row, "id": row["field_id"]}))
        return {row["name_key"]: _model(row, fields.get(model_id, [])) for model_id, row in rows.items()}

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


_FIELD_COLUMNS = (
    content_fields.c.type,
    content_fields.c.is_array,
    content_fields.c.related_model_id,
    content_fields.c.validations,
    content_fields.c.position,
    content_fields.c.name.label("field_name"),
)


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
        name=row.get("field_name") or row["name"],
        type=row["type"],
        is_array=bool(row["is_array"]),
        related_model_id=row["related_model_id"],
        validations=tuple(Validation(v["name"], v.get("customArgs")) for v in row["validations"]),
        position=row["position"],
    )


def _model(row: RowMapping, fields: list[FieldDef]) -> ContentModel:
    values = tuple(EnumValue(v["id"], v["value"]) for v in row["enum_values"] or [])
    return ContentModel(row["id"], row["project_id"], row["name"], row["kind"], tuple(fields), values)
