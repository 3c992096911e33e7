"""Content queries in SQL: filters as ``IN (subquery)`` on the per-field index, sorting by outer joins on it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, not_, or_, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from lessonforge.domain.content.resolve import Condition, FieldMatch, Ordering, ResolvedQuery
from lessonforge.store.content_schema import content_index, contents

c = contents.c


class QueryRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def ids(self, query: ResolvedQuery) -> list[str]:
        """The ids of one page of matching contents, in order."""
        return list(self.conn.execute(self._page(query)).scalars())

    def id_batches(self, query: ResolvedQuery, size: int) -> Iterator[list[str]]:
        """Every matching id in order, ``size`` at a time, from a server-side cursor (never all in memory).

        PostgreSQL runs a named cursor inside the read transaction; SQLite steps its cursor as rows are taken.
        The connection stays usable for other statements between batches.
        """
        result = self.conn.execution_options(stream_results=True, yield_per=size).execute(self._page(query))
        try:
            for partition in result.scalars().partitions(size):
                yield list(partition)
        finally:
            result.close()

    def _page(self, query: ResolvedQuery) -> Select[tuple[str]]:
        statement = ordered(query, self.conn.dialect.name)
        if query.take is not None:
            statement = statement.limit(query.take)
        return statement.offset(query.skip) if query.skip else statement

    def count(self, query: ResolvedQuery) -> int:
        statement = select(func.count()).select_from(filtered(query, self.conn.dialect.name).subquery())
        return int(self.conn.execute(statement).scalar_one())


def filtered(query: ResolvedQuery, dialect: str) -> Select[tuple[str]]:
    """Contents of the project visible with ``statuses`` that meet every condition."""
    project: ColumnElement[str] = c.project_id
    model: ColumnElement[str] = c.model_id
    if dialect == "sqlite" and any(cond.kind in {"id", "field"} and not cond.negate for cond in query.conditions):
        # Without ANALYZE statistics SQLite believes (project, model) is selective and walks that index in
        # sort order, testing each row; an eq/in on a field or id is far more selective, so make it drive.
        project, model = _no_index(project), _no_index(model)
    statement = select(c.id).where(project == query.project_id, c.status.in_(query.statuses))
    for condition in query.conditions:
        statement = statement.where(_condition(condition, query.languages, model))
    return statement


def _no_index(column: ColumnElement[str]) -> ColumnElement[str]:
    """``+column``: the same value, but SQLite will not use an index for the term."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def ordered(query: ResolvedQuery, dialect: str) -> Select[tuple[str]]:
    statement = filtered(query, dialect)
    terms: list[Any] = []
    for number, ordering in enumerate(query.order):
        expression, statement = _sort_expression(statement, ordering, query.sort_language, number)
        terms.append(_direction(expression, ordering.descending))
    if not query.order:
        return statement.order_by(c.last_update.desc(), c.id.desc())
    return statement.order_by(*terms, c.id.desc() if query.order[0].descending else c.id.asc())


def _direction(expression: Any, descending: bool) -> Any:
    return (expression.desc() if descending else expression.asc()).nulls_last()


def _sort_expression(
    statement: Select[tuple[str]], ordering: Ordering, language: str, number: int
) -> tuple[Any, Select[tuple[str]]]:
    if ordering.kind == "field":
        alias = content_index.alias(f"s{number}")
        on = and_(
            alias.c.content_id == c.id,
            alias.c.field_id.in_(ordering.field_ids),
            alias.c.language == language,
            alias.c.position == 0,
        )
        statement = statement.outerjoin(alias, on)
        return (alias.c.num_key if ordering.column == "num" else alias.c.text_key), statement
    if ordering.kind == "model":
        return case(dict(ordering.model_ranks), value=c.model_id, else_=len(ordering.model_ranks)), statement
    columns = {"id": c.id, "name": c.name, "last_update": c.last_update}
    return columns[ordering.kind], statement


def _condition(condition: Condition, languages: tuple[str, ...], model: ColumnElement[str]) -> ColumnElement[bool]:
    if condition.kind == "field":
        inner = or_(*(_index_match(match, languages) for match in condition.matches))
    else:
        column = {"id": c.id, "name": c.name, "model": model, "last_update": c.last_update}[condition.kind]
        inner = column.in_(list(condition.values)) if condition.values else false()
    return not_(inner) if condition.negate else inner


def _index_match(match: FieldMatch, languages: tuple[str, ...]) -> ColumnElement[bool]:
    ix = content_index.c
    where = [ix.field_id.in_(match.field_ids), _keys(match)]
    if languages:
        where.append(ix.language.in_(languages))
    return c.id.in_(select(ix.content_id).where(*where))


def _keys(match: FieldMatch) -> ColumnElement[bool]:
    ix = content_index.c
    if match.column == "num":
        return ix.num_key.in_([k.num for k in match.keys])
    short = [k.text for k in match.keys if k.full is None]
    options = [and_(ix.text_key.in_(short), ix.text_full.is_(None))] if short else []
    options += [and_(ix.text_key == k.text, ix.text_full == k.full) for k in match.keys if k.full is not None]
    return or_(*options) if options else true()
