"""Hot-path statements: compiled once per dialect, run on the DBAPI cursor of the current connection.

SQLAlchemy's per-execution work (cache-key lookup, result objects) costs several times the SQLite query
itself on the per-request path (key admission, job polling). These statements keep SQLAlchemy's SQL and
type processing (bind/result processors of each column type) but skip that per-call machinery. They run
inside the caller's SQLAlchemy transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.expression import Executable

Processor = Callable[[Any], Any] | None


@dataclass
class _Plan:
    sql: str
    positional: Sequence[str] | None
    binds: Mapping[str, Processor]
    results: Sequence[Processor] | None = None  # built from the first cursor description (driver type codes)

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        processed = {name: _apply(self.binds.get(name), value) for name, value in values.items()}
        return [processed[name] for name in self.positional] if self.positional is not None else processed

    def decode(self, row: Sequence[Any]) -> tuple[Any, ...]:
        assert self.results is not None
        return tuple(_apply(processor, value) for processor, value in zip(self.results, row, strict=True))


def _apply(processor: Processor, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value


class FastStatement:
    """A Core ``select``/``update`` executed straight through the DBAPI; rows come back as tuples."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        columns = list(getattr(statement, "selected_columns", ()))
        self.names = [column.name for column in columns]
        self.result_types = [column.type for column in columns]
        self._plans: dict[str, _Plan] = {}

    def mappings(self, conn: Connection, **values: Any) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.names, row, strict=True)) for row in self.rows(conn, **values)]

    def rows(self, conn: Connection, **values: Any) -> list[tuple[Any, ...]]:
        dialect = conn.dialect
        plan = self._plan(dialect)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(plan.sql, plan.parameters(values))
            if plan.results is None:
                plan.results = [
                    t.dialect_impl(dialect).result_processor(dialect, column[1])
                    for t, column in zip(self.result_types, cursor.description, strict=True)
                ]
            return [plan.decode(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def run(self, conn: Connection, **values: Any) -> int:
        """Execute a write; the number of rows it touched."""
        plan = self._plan(conn.dialect)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(plan.sql, plan.parameters(values))
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect.name)
        if plan is None:
            plan = self._plans[dialect.name] = self._compile(dialect)
        return plan

    def _compile(self, dialect: Dialect) -> _Plan:
        compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        binds = {name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in compiled.binds.items()}
        positional = list(compiled.positiontup) if compiled.positional else None
        return _Plan(compiled.string, positional, binds)
