"""Schema use cases: entity models and enums, created, replaced as a desired final state, deleted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lessonforge.domain.content.keys import index_keys
from lessonforge.domain.content.model import ENTITY, ENUM, ContentModel, ContentProject, FieldDef, Schema
from lessonforge.domain.content.schema_rules import FieldSpec, check_entity, check_enum
from lessonforge.errors import ConflictError, NotFoundError
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.content.retyping import Cleared, carry_values
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.content.items import ValueWrite
from lessonforge.store.uow import Tx


def load_schema(tx: Tx, project: ContentProject) -> Schema:
    return Schema(project, tx.content.models.for_project(project.id))


def create_entity(ctx: ServiceContext, principal: ContentPrincipal, name: str, specs: Sequence[FieldSpec]) -> str:
    principal.require_write()
    with ctx.store.write() as tx:
        model = check_entity(load_schema(tx, principal.project), name, specs, None, new_id)
        tx.content.models.add(model, ctx.clock.now())
    return model.id


def update_entity(
    ctx: ServiceContext, principal: ContentPrincipal, model_id: str, name: str, specs: Sequence[FieldSpec]
) -> tuple[str, list[Cleared]]:
    """Replace the entity: fields are matched by id; fields left out are removed with their values; a field
    whose type changed keeps its values where they convert losslessly (the others are cleared and reported)."""
    principal.require_write()
    with ctx.store.write() as tx:
        schema = load_schema(tx, principal.project)
        current = _existing(schema, model_id, ENTITY)
        model = check_entity(schema, name, specs, current, new_id)
        tx.content.models.replace(model, ctx.clock.now())
        cleared = carry_values(tx, schema, current, model, ctx.clock.now())
    return model.id, cleared


def create_enum(
    ctx: ServiceContext, principal: ContentPrincipal, name: str, values: Sequence[tuple[str | None, Any]]
) -> str:
    principal.require_write()
    with ctx.store.write() as tx:
        model = check_enum(load_schema(tx, principal.project), name, values, None, new_id)
        tx.content.models.add(model, ctx.clock.now())
    return model.id


def update_enum(
    ctx: ServiceContext, principal: ContentPrincipal, model_id: str, name: str, values: Sequence[tuple[str | None, Any]]
) -> str:
    """Replace the enum's values; renamed values are renamed in every content, removed ones are cleared."""
    principal.require_write()
    with ctx.store.write() as tx:
        schema = load_schema(tx, principal.project)
        current = _existing(schema, model_id, ENUM)
        model = check_enum(schema, name, values, current, new_id)
        tx.content.models.replace(model, ctx.clock.now())
        _propagate_enum(tx, schema, current, model)
    return model.id


def delete_model(ctx: ServiceContext, principal: ContentPrincipal, model_id: str, kind: str) -> None:
    """Delete a model (with its contents) or an enum; refused with 409 while another model refers to it."""
    principal.require_write()
    with ctx.store.write() as tx:
        schema = load_schema(tx, principal.project)
        _existing(schema, model_id, kind)
        users = [
            f"{m.name}.{f.name}"
            for m in schema.models
            for f in m.fields
            if f.related_model_id == model_id and m.id != model_id
        ]
        if users:
            raise ConflictError(f"Referenced by {', '.join(users)}; change those fields first")
        tx.content.models.delete(model_id)


def _existing(schema: Schema, model_id: str, kind: str) -> ContentModel:
    model = schema.model(model_id)
    if model is None or model.kind != kind:
        raise NotFoundError(f"{'Model' if kind == ENTITY else 'Enum'} not found")
    return model


def _propagate_enum(tx: Tx, schema: Schema, before: ContentModel, after: ContentModel) -> None:
    """Rewrite stored values of every field using this enum (renames follow the value id)."""
    renamed = {old.value: new.value for old in before.values for new in after.values if old.id == new.id}
    if all(old == new for old, new in renamed.items()) and len(renamed) == len(before.values):
        return
    fields = {f.id: f for m in schema.models for f in m.fields if f.type == "enum" and f.related_model_id == after.id}
    for stored in tx.content.items.values_of_fields(list(fields)):
        field = fields[stored.field_id]
        value = _renamed(field, stored.value, renamed)
        if value != stored.value:
            write = ValueWrite(stored.id, field.id, stored.language, value, index_keys(field, value))
            tx.content.items.put_value(stored.content_id, write, None)


def _renamed(field: FieldDef, value: Any, renamed: dict[str, str]) -> Any:
    if field.is_array:
        return [renamed[v] for v in value or [] if v in renamed]
    return renamed.get(value) if value is not None else None
