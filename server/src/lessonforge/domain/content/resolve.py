"""Turning a parsed query into one the store can run: names to ids, raw strings to typed index keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lessonforge.domain.content.keys import IndexKey, column_of, filter_key
from lessonforge.domain.content.model import FieldDef, Schema
from lessonforge.domain.content.query import ContentQuery, Filter, SortKey, read_query
from lessonforge.domain.content.values import BadValueError, parse_date_time
from lessonforge.errors import FieldProblem, ValidationError


@dataclass(frozen=True)
class FieldMatch:
    """Index rows of ``field_ids`` whose ``column`` equals one of ``keys``."""

    field_ids: tuple[str, ...]
    column: str
    keys: tuple[IndexKey, ...]


@dataclass(frozen=True)
class Condition:
    """``kind`` is id, name, model, last_update or field; ``negate`` turns in/eq into nin/ne."""

    kind: str
    negate: bool
    values: tuple[Any, ...] = ()
    matches: tuple[FieldMatch, ...] = ()


@dataclass(frozen=True)
class Ordering:
    kind: str
    descending: bool
    field_ids: tuple[str, ...] = ()
    column: str = "text"
    model_ranks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class ResolvedQuery:
    project_id: str
    statuses: tuple[str, ...]
    conditions: tuple[Condition, ...]
    languages: tuple[str, ...]
    sort_language: str
    order: tuple[Ordering, ...]
    take: int | None  # None: every matching content
    skip: int


def resolve_params(
    schema: Schema, params: Iterable[tuple[str, str]], statuses: tuple[str, ...]
) -> tuple[ContentQuery, ResolvedQuery]:
    """Parse and resolve query-string pairs; grammar and schema problems are reported together."""
    query, problems = read_query(params)
    return query, resolve(schema, query, statuses, problems)


def resolve(
    schema: Schema, query: ContentQuery, statuses: tuple[str, ...], problems: list[FieldProblem] | None = None
) -> ResolvedQuery:
    """Check every name against the schema; all problems are reported together."""
    problems = list(problems or [])
    languages = _languages(schema, query.languages, problems)
    conditions = tuple(c for f in query.filters if (c := _condition(schema, f, problems)) is not None)
    order = tuple(o for s in query.sort if (o := _ordering(schema, s, problems)) is not None)
    if problems:
        names = ", ".join(dict.fromkeys(p.field for p in problems))
        raise ValidationError(f"Invalid query parameters: {names}", fields=problems)
    return ResolvedQuery(
        project_id=schema.project.id,
        statuses=statuses,
        conditions=conditions,
        languages=languages,
        sort_language=languages[0] if languages else schema.project.default_language,
        order=order,
        take=query.take,
        skip=query.skip,
    )


def _languages(schema: Schema, codes: tuple[str, ...], problems: list[FieldProblem]) -> tuple[str, ...]:
    known = {code.lower(): code for code in schema.project.languages}
    unknown = [code for code in codes if code.lower() not in known]
    if unknown:
        problems.append(FieldProblem("language", f"Not a language of this project: {', '.join(unknown)}"))
    return tuple(known[code.lower()] for code in codes if code.lower() in known)


def _condition(schema: Schema, flt: Filter, problems: list[FieldProblem]) -> Condition | None:
    negate = flt.op in {"ne", "nin"}
    if flt.key == "id" or flt.key == "name":
        return Condition(flt.key, negate, flt.values)
    if flt.key == "contentType":
        ids = tuple(m.id for v in flt.values if (m := schema.model_named(v) or schema.model(v)) is not None)
        return Condition("model", negate, ids)
    if flt.key == "lastUpdate":
        try:
            stamps = tuple(datetime.fromisoformat(parse_date_time(v).replace("Z", "+00:00")) for v in flt.values)
        except BadValueError as exc:
            problems.append(FieldProblem(flt.param, str(exc)))
            return None
        return Condition("last_update", negate, stamps)
    return _field_condition(schema, flt, negate, problems)


def _field_condition(schema: Schema, flt: Filter, negate: bool, problems: list[FieldProblem]) -> Condition | None:
    fields = _fields(schema, flt.field_name or "", flt.param, problems)
    if fields is None:
        return None
    matches, errors = [], []
    for field_type, ids in _by_type(fields).items():
        try:
            keys = tuple(filter_key(field_type, value) for value in flt.values)
        except BadValueError as exc:
            errors.append(str(exc))
            continue
        matches.append(FieldMatch(ids, column_of(field_type), keys))
    if not matches:
        problems.append(FieldProblem(flt.param, errors[0]))
        return None
    return Condition("field", negate, matches=tuple(matches))


def _fields(schema: Schema, name: str, param: str, problems: list[FieldProblem]) -> list[FieldDef] | None:
    found = [field for _model, field in schema.fields_named(name)]
    if not found:
        problems.append(FieldProblem(param, f"Unknown field '{name}'"))
        return None
    return found


def _by_type(fields: list[FieldDef]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for field in fields:
        grouped[field.type].append(field.id)
    return {field_type: tuple(ids) for field_type, ids in grouped.items()}


def _ordering(schema: Schema, key: SortKey, problems: list[FieldProblem]) -> Ordering | None:
    if key.key == "contentType":
        ranked = sorted(schema.models, key=lambda m: (m.name.casefold(), m.id))
        return Ordering("model", key.descending, model_ranks=tuple((m.id, i) for i, m in enumerate(ranked)))
    if key.field_name is None:
        return Ordering({"lastUpdate": "last_update"}.get(key.key, key.key), key.descending)
    fields = _fields(schema, key.field_name, "sort", problems)
    if fields is None:
        return None
    column = "num" if all(column_of(f.type) == "num" for f in fields) else "text"
    return Ordering("field", key.descending, tuple(f.id for f in fields), column)
