"""Checking the values of a content write against its model (types, rules, required, languages). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lessonforge.domain.content.model import ContentModel, FieldDef, Schema
from lessonforge.domain.content.values import check_value, is_empty
from lessonforge.errors import FieldProblem


@dataclass(frozen=True)
class Block:
    """One language's field values as sent: ``[(name, value), ...]``; ``language`` None is the default."""

    language: str | None
    values: Sequence[tuple[str, Any]]


@dataclass(frozen=True)
class CheckedValue:
    field: FieldDef
    language: str
    value: Any


@dataclass
class Checked:
    """Well-formed values to store and every problem found."""

    values: list[CheckedValue] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


def check_blocks(schema: Schema, model: ContentModel, blocks: Sequence[Block]) -> Checked:
    """Check every block; ``required`` is checked in each language sent (the default one when none is)."""
    checked = Checked()
    blocks = list(blocks) or [Block(None, [])]
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        language = resolve_language(schema, block.language)
        if language is None:
            checked.problems.append(FieldProblem(f"content.{i}.language", "Not a language of this project"))
            continue
        if language in seen:
            checked.problems.append(FieldProblem(f"content.{i}.language", "Language given twice"))
            continue
        seen.add(language)
        suffix = f" ({language})" if len(blocks) > 1 else ""
        _check_block(schema, model, block, language, suffix, checked)
    return checked


def resolve_language(schema: Schema, language: str | None) -> str | None:
    if language is None:
        return schema.project.default_language
    return next((code for code in schema.project.languages if code.lower() == language.lower()), None)


def _check_block(
    schema: Schema, model: ContentModel, block: Block, language: str, suffix: str, checked: Checked
) -> None:
    given: set[str] = set()
    for name, raw in block.values:
        target = model.field_named(name)
        if target is None:
            checked.problems.append(FieldProblem(name, f"Unknown field{suffix}"))
            continue
        if target.id in given:
            checked.problems.append(FieldProblem(name, f"Field given twice{suffix}"))
            continue
        given.add(target.id)
        value, problems = check_one(schema, target, raw)
        checked.problems += [FieldProblem(target.name, message + suffix) for message in problems]
        if not problems:
            checked.values.append(CheckedValue(target, language, value))
    filled = {v.field.id for v in checked.values if v.language == language and not is_empty(v.value)}
    for target in model.fields:
        if target.required and target.id not in filled and target.id not in _failed(checked, target):
            checked.problems.append(FieldProblem(target.name, f"Required{suffix}"))


def _failed(checked: Checked, target: FieldDef) -> set[str]:
    return {target.id} if any(p.field == target.name for p in checked.problems) else set()


def check_one(schema: Schema, target: FieldDef, raw: Any) -> tuple[Any, list[str]]:
    """One value of ``target``: normalised, with its type and rule problems."""
    enum_values: list[str] = []
    if target.type == "enum" and target.related_model_id:
        enum = schema.model(target.related_model_id)
        enum_values = [v.value for v in enum.values] if enum else []
    return check_value(target, raw, enum_values)
