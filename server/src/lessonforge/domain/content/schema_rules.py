"""Checking model and enum definitions against a project's schema; every problem is reported at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lessonforge.domain.content.model import (
    ENTITY,
    ENUM,
    FIELD_TYPES,
    TEXT_TYPES,
    VALIDATION_NAMES,
    ContentModel,
    EnumValue,
    FieldDef,
    Schema,
    Validation,
)
from lessonforge.domain.content.names import field_name_problem, name_problem
from lessonforge.errors import FieldProblem, ValidationError

_NO_ARGS = frozenset({"required", "unique"})  # rules without an argument: stored (and shown) without customArgs
MAX_FIELDS, MAX_ENUM_VALUES, MAX_ENUM_VALUE_CHARS = 200, 500, 200


@dataclass(frozen=True)
class FieldSpec:
    """A field as a client describes it (``id`` given to keep an existing field)."""

    name: str
    type: str
    id: str | None = None
    related_model_id: str | None = None
    is_array: bool = False
    validations: tuple[Validation, ...] = ()


def check_entity(
    schema: Schema, name: str, specs: Sequence[FieldSpec], current: ContentModel | None, make_id: Callable[[], str]
) -> ContentModel:
    """The entity as it will be stored; ``current`` is the model being replaced (None when creating)."""
    model_id = current.id if current else make_id()
    problems = _model_name_problems(schema, name, model_id)
    if not specs:
        problems.append(FieldProblem("fieldList", "At least one field is required"))
    if len(specs) > MAX_FIELDS:
        problems.append(FieldProblem("fieldList", f"At most {MAX_FIELDS} fields"))
    fields = [_field(schema, spec, i, current, model_id, make_id, problems) for i, spec in enumerate(specs)]
    _duplicates([s.name for s in specs], "fieldList.{}.name", "Duplicate field name", problems)
    _raise(problems)
    return ContentModel(model_id, schema.project.id, name, ENTITY, tuple(fields))


def check_enum(
    schema: Schema,
    name: str,
    values: Sequence[tuple[str | None, Any]],
    current: ContentModel | None,
    make_id: Callable[[], str],
) -> ContentModel:
    """The enum as it will be stored: values unique case-insensitively, ids kept for existing values."""
    model_id = current.id if current else make_id()
    problems = _model_name_problems(schema, name, model_id)
    known = {v.id for v in current.values} if current else set()
    if not values or len(values) > MAX_ENUM_VALUES:
        problems.append(FieldProblem("values", f"Between 1 and {MAX_ENUM_VALUES} values are required"))
    stored = []
    for i, (value_id, value) in enumerate(values):
        if not isinstance(value, str) or not value.strip() or len(value) > MAX_ENUM_VALUE_CHARS:
            problems.append(FieldProblem(f"values.{i}.value", f"Expected 1-{MAX_ENUM_VALUE_CHARS} characters"))
        if value_id is not None and current is not None and value_id not in known:
            problems.append(FieldProblem(f"values.{i}.id", "Unknown value id"))
        keep = value_id if value_id is not None and value_id in known else make_id()
        stored.append(EnumValue(keep, str(value).strip()))
    _duplicates([v.value for v in stored], "values.{}.value", "Values must be unique (case-insensitive)", problems)
    _raise(problems)
    return ContentModel(model_id, schema.project.id, name, ENUM, values=tuple(stored))


def _model_name_problems(schema: Schema, name: str, model_id: str) -> list[FieldProblem]:
    problem = name_problem("name", name)
    if problem is not None:
        return [problem]
    clash = schema.model_named(name)
    if clash is not None and clash.id != model_id:
        return [FieldProblem("name", f"A model or enum named '{clash.name}' already exists")]
    return []


def _field(
    schema: Schema,
    spec: FieldSpec,
    position: int,
    current: ContentModel | None,
    model_id: str,
    make_id: Callable[[], str],
    problems: list[FieldProblem],
) -> FieldDef:
    path = f"fieldList.{position}"
    problem = field_name_problem(f"{path}.name", spec.name)
    problems.extend([problem] if problem else [])
    if spec.type not in FIELD_TYPES:
        problems.append(FieldProblem(f"{path}.type", f"Unknown type; use one of {', '.join(FIELD_TYPES)}"))
    problems.extend(_relation_problems(schema, spec, model_id, path))
    problems.extend(_validation_problems(spec, path))
    rules = tuple(replace(v, args=None) if v.name in _NO_ARGS else v for v in spec.validations)
    field = FieldDef(spec.id or "", spec.name, spec.type, spec.is_array, spec.related_model_id, rules, position)
    if spec.id is None or current is None:
        return replace(field, id=make_id())
    if not any(f.id == spec.id for f in current.fields):
        problems.append(FieldProblem(f"{path}.id", "Unknown field id"))
    return field  # a changed type is allowed: services.content.retyping carries the stored values


def _relation_problems(schema: Schema, spec: FieldSpec, model_id: str, path: str) -> list[FieldProblem]:
    if spec.type not in {"relation", "enum"}:
        if spec.related_model_id is not None:
            return [FieldProblem(f"{path}.relatedModelId", "Only relation and enum fields take a related model")]
        return []
    if not spec.related_model_id:
        return [FieldProblem(f"{path}.relatedModelId", "Required for relation and enum fields")]
    target = schema.model(spec.related_model_id)
    wanted = ENTITY if spec.type == "relation" else ENUM
    if spec.type == "relation" and spec.related_model_id == model_id:
        return []
    if target is None or target.kind != wanted:
        return [FieldProblem(f"{path}.relatedModelId", f"Not an {wanted} of this project")]
    return []


def _validation_problems(spec: FieldSpec, path: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    names = [v.name for v in spec.validations]
    for i, rule in enumerate(spec.validations):
        where = f"{path}.validations.{i}"
        if rule.name not in VALIDATION_NAMES:
            problems.append(
                FieldProblem(f"{where}.name", f"Unknown validation; use one of {', '.join(VALIDATION_NAMES)}")
            )
        elif message := _rule_problem(spec, rule):
            problems.append(FieldProblem(where, message))
    if len(set(names)) != len(names):
        problems.append(FieldProblem(f"{path}.validations", "Each validation may appear once"))
    return problems


def _rule_problem(spec: FieldSpec, rule: Validation) -> str | None:
    if rule.name in {"min-length", "max-length"}:
        if spec.type not in TEXT_TYPES and not spec.is_array:
            return "Length rules apply to text fields and lists"
        if rule.length is None:
            return 'customArgs must be {"length": n} (or n) with n an integer 0..1000000000'
    if rule.name == "media-type":
        if spec.type != "media":
            return "media-type applies to media fields"
        if not rule.args or not isinstance(rule.args, str | list):
            return 'customArgs must list the allowed types (e.g. ["image/*", "pdf"])'
    if rule.name == "unique" and (spec.is_array or spec.type in {"media", "boolean"}):
        return "unique applies to single text, number, date, color, relation and enum fields"
    return None


def _duplicates(names: list[str], path: str, message: str, problems: list[FieldProblem]) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        key = str(name).casefold()
        if key in seen:
            problems.append(FieldProblem(path.format(i), message))
        seen.add(key)


def _raise(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationError(f"{problems[0].field}: {problems[0].message}", fields=problems)
