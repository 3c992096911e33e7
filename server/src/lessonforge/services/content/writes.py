"""Content writes: create (draft), update one field value (by name + language, or by field value id), publish."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lessonforge.domain.content.keys import index_keys
from lessonforge.domain.content.model import DRAFT, ContentModel, ContentRow, FieldDef, Schema
from lessonforge.domain.content.tokens import value_id
from lessonforge.domain.content.values import is_empty
from lessonforge.domain.content.writes import Block, CheckedValue, check_blocks, check_one, resolve_language
from lessonforge.errors import ConflictError, FieldProblem, NotFoundError, ValidationError
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.content.schema import load_schema
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.content.items import ValueWrite
from lessonforge.store.uow import Tx

UNIQUE_MESSAGE = "Must be unique"


def create_content(
    ctx: ServiceContext, principal: ContentPrincipal, content_type: str, name: str, blocks: Sequence[Block]
) -> str:
    """Create a draft content of ``content_type`` (model name or id); every problem is reported at once."""
    principal.require_write()
    with ctx.store.write() as tx:
        schema = load_schema(tx, principal.project)
        model = schema.entity(content_type)
        if model is None:
            raise ValidationError(
                f"Unknown content type '{content_type}'", fields=[FieldProblem("contentType", "Unknown content type")]
            )
        now = ctx.clock.now()
        row = ContentRow(new_id(), schema.project.id, model.id, name, DRAFT, now, now)
        checked = check_blocks(schema, model, blocks)
        insert_checked(tx, schema, row, checked.values, checked.problems)
    return row.id


def insert_checked(
    tx: Tx, schema: Schema, row: ContentRow, values: list[CheckedValue], problems: list[FieldProblem]
) -> None:
    """Finish the checks that need the database (relations, ``unique``), then store the content."""
    problems = problems + _database_problems(tx, schema, row.id, values)
    _raise(problems)
    writes = [_write(row.id, v.field, v.language, v.value) for v in values]
    tx.content.items.add(row, writes)


def update_field_value(
    ctx: ServiceContext,
    principal: ContentPrincipal,
    content_id: str,
    target: tuple[str, str | None] | str,
    value: Any,
) -> str:
    """Set one value; ``target`` is ``(fieldName, language)`` or a field value id (``fields[].id``)."""
    principal.require_write()
    with ctx.store.write() as tx:
        schema = load_schema(tx, principal.project)
        row = tx.content.items.get(schema.project.id, content_id)
        model = schema.model(row.model_id) if row else None
        if row is None or model is None:
            raise NotFoundError(f'Content "{content_id}" not found')
        field, language = _target(schema, model, row, target)
        checked, problems = check_one(schema, field, value)
        if field.required and not problems and is_empty(checked):
            problems = ["Required"]
        found = [FieldProblem(field.name, message) for message in problems]
        if not found:
            found = _database_problems(tx, schema, row.id, [CheckedValue(field, language, checked)])
        _raise(found)
        tx.content.items.put_value(row.id, _write(row.id, field, language, checked), ctx.clock.now())
    return row.id


def publish_content(ctx: ServiceContext, principal: ContentPrincipal, content_id: str) -> None:
    principal.require_write()
    with ctx.store.write() as tx:
        if tx.content.items.get(principal.project.id, content_id) is None:
            raise NotFoundError(f'Content "{content_id}" not found')
        tx.content.items.publish(content_id, ctx.clock.now())


def _target(
    schema: Schema, model: ContentModel, row: ContentRow, target: tuple[str, str | None] | str
) -> tuple[FieldDef, str]:
    if isinstance(target, tuple):
        name, requested = target
        field = model.field_named(name)
        language = resolve_language(schema, requested)
        problems = [] if field else [FieldProblem("fieldName", f"Unknown field '{name}'")]
        problems += [] if language else [FieldProblem("language", "Not a language of this project")]
        _raise(problems)
        assert field is not None
        assert language is not None
        return field, language
    for field in model.fields:
        for language in schema.project.languages:
            if value_id(row.id, field.id, language) == target:
                return field, language
        if field.id == target:
            return field, schema.project.default_language
    raise NotFoundError(f'Field value "{target}" not found in content "{row.id}"')


def _database_problems(tx: Tx, schema: Schema, content_id: str, values: list[CheckedValue]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for item in values:
        field = item.field
        if field.type == "relation" and not is_empty(item.value):
            ids = item.value if field.is_array else [item.value]
            found = tx.content.items.existing(schema.project.id, ids, [field.related_model_id or ""])
            problems += [FieldProblem(field.name, f"Related content not found: {i}") for i in ids if i not in found]
        if field.unique and not is_empty(item.value):
            keys = index_keys(field, item.value)
            if any(tx.content.items.key_taken(field.id, item.language, key, content_id) for key in keys):
                problems.append(FieldProblem(field.name, UNIQUE_MESSAGE))
    return problems


def _write(content_id: str, field: FieldDef, language: str, value: Any) -> ValueWrite:
    return ValueWrite(value_id(content_id, field.id, language), field.id, language, value, index_keys(field, value))


def _raise(problems: list[FieldProblem]) -> None:
    if not problems:
        return
    if all(p.message.startswith(UNIQUE_MESSAGE) for p in problems):
        raise ConflictError(f"{problems[0].field}: value already used by another content", fields=problems)
    raise ValidationError("Validation failed. Please check the input values.", fields=problems)
