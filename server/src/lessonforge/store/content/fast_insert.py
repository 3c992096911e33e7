"""Hot-path inserts: a table's ``INSERT`` compiled once per dialect, rows sent through the driver's ``executemany``.

The worker inserts a resource, a content, its values and index rows for every output it files; SQLAlchemy's
per-execution work (statement cache lookup, parameter objects) costs more than SQLite's insert itself. These
keep SQLAlchemy's SQL and bind processing (JSON serialisation, timestamps) and run inside the caller's
transaction; a constraint violation surfaces as SQLAlchemy's ``IntegrityError``, as through ``Connection``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import IntegrityError


@dataclass(frozen=True)
class _Plan:
    sql: str
    names: Sequence[str]
    processors: Sequence[tuple[int, Callable[[Any], Any]]]  # (position, processor) of the columns that have one
    positional: bool

    def parameters(self, row: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        values = [row[name] for name in self.names]
        for position, processor in self.processors:
            values[position] = processor(values[position])
        return values if self.positional else dict(zip(self.names, values, strict=True))


class FastInsert:
    """``INSERT INTO table`` of the columns the first row names (as SQLAlchemy's executemany does)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._plans: dict[tuple[str, tuple[str, ...]], _Plan] = {}

    def run(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        plan = self._plan(conn.dialect, tuple(rows[0]))
        parameters: list[Any] = [plan.parameters(row) for row in rows]
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if len(parameters) == 1:
                cursor.execute(plan.sql, parameters[0])
            else:
                cursor.executemany(plan.sql, parameters)
        except conn.dialect.loaded_dbapi.IntegrityError as exc:
            raise IntegrityError(plan.sql, None, exc) from exc
        finally:
            cursor.close()

    def _plan(self, dialect: Dialect, columns: tuple[str, ...]) -> _Plan:
        plan = self._plans.get((dialect.name, columns))
        if plan is None:
            compiled = self.table.insert().compile(dialect=dialect, column_keys=list(columns))
            names = list(compiled.positiontup) if compiled.positional and compiled.positiontup else list(compiled.binds)
            binds = compiled.binds
            processors = [binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
            converted = [(i, p) for i, p in enumerate(processors) if p is not None]
            plan = self._plans[(dialect.name, columns)] = _Plan(
                compiled.string, names, converted, bool(compiled.positional)
            )
        return plan
